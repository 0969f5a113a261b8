"""The opsamling: one or more recorded sessions aggregated into a model the writers only render.

Pure: no database, no files, no clock. `build()` takes plain `SessionData` (an Agenda, its answers,
its timings, its note) and returns an `Opsamling`. The bridge from the store is
`export.read_sessions()`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from aktorskab_cli.agenda.model import Agenda, Item
from aktorskab_cli.agenda.schedule import MONTHS, danish_date, format_clock

OTHER_ANSWERS = "Øvrige svar"


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class AnswerRecord:
    """One stored answer as the aggregation needs it. `question` is 1-based, like the answers file."""

    item_id: str
    group: str
    text: str
    category: str | None = None
    question: int | None = None
    created: dt.datetime | None = None
    edited: dt.datetime | None = None


@dataclass(frozen=True)
class TimingRecord:
    """What actually happened to one item (the run's `ItemTiming`): agenda-clock seconds after midnight."""

    item_id: str
    start: float | None = None
    end: float | None = None
    paused_seconds: float = 0.0
    extra_minutes: int = 0
    skipped: bool = False


@dataclass(frozen=True)
class SessionData:
    id: str
    agenda: Agenda
    answers: Sequence[AnswerRecord] = ()
    timings: Sequence[TimingRecord] | None = None
    note: str | None = None
    started: dt.datetime | None = None
    title: str | None = None  # the session's own title; the agenda's when absent


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Meeting:
    session_id: str
    title: str
    organisation: str | None
    date: dt.date | None
    place: str | None
    agenda_name: str
    distinct: bool = False  # another meeting has the same title and date: the label names the session

    @property
    def date_text(self) -> str:
        return danish_date(self.date) if self.date else ""

    @property
    def label(self) -> str:
        """'Dialogmøde med Områdeudvalg, 7. april 2026' — how an answer is marked in a combined opsamling."""
        label = f"{self.title}, {self.date_text}" if self.date else self.title
        return f"{label} (møde {self.session_id})" if self.distinct else label


@dataclass(frozen=True)
class Answer:
    text: str
    group: str
    category: str | None = None
    question: int | None = None
    meeting: str | None = None  # the meeting's full label; set only when several meetings are combined
    session_id: str = ""
    source: str | None = None  # the meeting as the documents mark it: short where the part says the rest

    @property
    def mark(self) -> str:
        """'Gruppe 2', or combined 'Gruppe 2 · 7. april 2026' (see `_sources`)."""
        return f"{self.group} · {self.source}" if self.source else self.group


@dataclass
class CategoryAnswers:
    id: str
    title: str
    description: str | None
    answers: list[Answer] = field(default_factory=list)


@dataclass
class GroupAnswers:
    group: str
    answers: list[Answer] = field(default_factory=list)


@dataclass
class FrameAnswers:
    name: str
    title: str
    layout: Literal["table", "sections"]
    categories: list[CategoryAnswers]

    @property
    def answer_count(self) -> int:
        return sum(len(c.answers) for c in self.categories)

    def rows(self) -> list[list[Answer | None]]:
        """The table layout: row i holds the i-th answer of each column (None where a column is shorter)."""
        depth = max((len(c.answers) for c in self.categories), default=0)
        return [[c.answers[i] if i < len(c.answers) else None for c in self.categories] for i in range(depth)]


@dataclass
class DialogueItem:
    id: str
    title: str
    planned: str  # '09:25–10:15'
    lead: str | None
    purpose: str | None
    questions: list[str]
    frame: FrameAnswers | None
    other: list[GroupAnswers]  # answers without a (known) category, by group

    @property
    def facts(self) -> str:
        """'Kl. 09:25–10:15 · Jonas og Tinne'."""
        return " · ".join(x for x in (f"Kl. {self.planned}" if self.planned else "", self.lead or "") if x)

    @property
    def answers(self) -> list[Answer]:
        framed = [a for c in self.frame.categories for a in c.answers] if self.frame else []
        return framed + [a for g in self.other for a in g.answers]


@dataclass(frozen=True)
class TimingRow:
    """One item of the programme, planned and actual, as every reader shows it (`show`, docx, md, json)."""

    item_id: str
    title: str
    kind: str  # Danish label: pause, oplæg, dialog …
    planned_start: str
    planned_end: str
    planned_minutes: int
    actual_start: str | None = None
    actual_end: str | None = None
    actual_minutes: int | None = None  # actual_end − actual_start, as the clock times read
    skipped: bool = False

    @property
    def running(self) -> bool:
        """Started and not ended: the item is going on (or the run stopped in the middle of it)."""
        return self.actual_start is not None and self.actual_end is None and not self.skipped

    @property
    def deviation(self) -> int | None:
        """Minutes over (+) or under (−) the plan: the actual duration (end − start, pauses included)
        minus the planned minutes, so it adds up with the planned and actual columns beside it.
        None when the item was skipped, is still going on, or was never reached."""
        if self.skipped or self.actual_minutes is None:
            return None
        return self.actual_minutes - self.planned_minutes

    @property
    def planned_text(self) -> str:
        return f"{self.planned_start}–{self.planned_end}"

    @property
    def actual_text(self) -> str:
        """'09:22–10:32', '09:22–' (going on), 'sprunget over' or '–'."""
        if self.skipped:
            return "sprunget over"
        return f"{self.actual_start}–{self.actual_end or ''}" if self.actual_start else "–"

    @property
    def deviation_text(self) -> str:
        """'+45 min.', '−3 min.', 'i gang', or '' (on time, skipped or not reached)."""
        if self.running:
            return "i gang"
        return "" if not self.deviation else f"{self.deviation:+d} min.".replace("-", "−")


@dataclass(frozen=True)
class Timing:
    meeting: Meeting
    rows: list[TimingRow]
    planned_end: str
    actual_end: str | None

    @property
    def recorded(self) -> bool:
        return any(r.actual_start is not None or r.skipped for r in self.rows)

    @property
    def overruns(self) -> list[TimingRow]:
        return [r for r in self.rows if (r.deviation or 0) > 0]

    @property
    def end_deviation(self) -> int | None:
        """Minutes the day ended after (+) or before (−) the plan."""
        if self.actual_end is None:
            return None
        planned = _minutes(self.planned_end)
        return (_minutes(self.actual_end) - planned + 12 * 60) % (24 * 60) - 12 * 60

    @property
    def summary(self) -> str:
        """'Planlagt afslutning kl. 15:00. Faktisk afslutning kl. 15:12, 12 min. senere end planlagt. …'"""
        text = f"Planlagt afslutning kl. {self.planned_end}."
        if self.actual_end:
            late = self.end_deviation or 0
            text += f" Faktisk afslutning kl. {self.actual_end}" + (
                f", {late} min. senere end planlagt." if late > 0 else
                f", {-late} min. før planen." if late < 0 else ", som planlagt.")
        if self.overruns:
            count = len(self.overruns)
            text += f" {count} {'punkt' if count == 1 else 'punkter'} tog længere tid end planlagt."
        return text


@dataclass(frozen=True)
class Note:
    meeting: Meeting
    text: str

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.text) if p.strip()]


@dataclass
class Part:
    """The sessions of one agenda; a combined opsamling of different agendas has one part each."""

    agenda_name: str
    title: str
    meetings: list[Meeting]
    items: list[DialogueItem]
    notes: list[Note]
    timings: list[Timing]


@dataclass
class Opsamling:
    title: str
    subtitle: str
    organisation: str | None
    footer: str
    logo: str | None
    combined: bool
    meetings: list[Meeting]
    parts: list[Part]
    created: dt.datetime | None = None

    @property
    def answers(self) -> list[Answer]:
        return [a for p in self.parts for i in p.items for a in i.answers]


# ---------------------------------------------------------------- building


def build(sessions: Sequence[SessionData], *, title: str | None = None,
          created: dt.datetime | None = None) -> Opsamling:
    """Aggregate one session, or combine several (items matched by id within the same agenda)."""
    if not sessions:
        raise ValueError("build() needs at least one session")
    combined = len(sessions) > 1
    meetings = [_meeting(s) for s in sessions]
    labels = [m.label for m in meetings]
    meetings = [replace(m, distinct=labels.count(m.label) > 1) for m in meetings]
    by_agenda: dict[str, list[tuple[SessionData, Meeting]]] = {}
    for session, meeting in zip(sessions, meetings):
        by_agenda.setdefault(session.agenda.name, []).append((session, meeting))
    parts = [_part(group, combined) for group in by_agenda.values()]

    first = sessions[0].agenda
    organisations = {m.organisation for m in meetings}
    organisation = organisations.pop() if len(organisations) == 1 else None
    latest = max((_session_date(s) for s in sessions if _session_date(s)), default=None)
    if combined:
        heading = title or "Samlet opsamling"
        dates = sorted(m.date for m in meetings if m.date)
        span = ""
        if dates:
            span = danish_date(dates[0]) if dates[0] == dates[-1] else f"{danish_date(dates[0])} – {danish_date(dates[-1])}"
        subtitle = f"{len(meetings)} møder" + (f", {span}" if span else "")
        footer_base = first.footer if len(parts) == 1 and first.footer else "SAMLET OPSAMLING"
    else:
        heading = title or f"Opsamling: {first.title}"
        subtitle = ", ".join(x for x in (meetings[0].date_text, first.place) if x)
        footer_base = first.footer or f"OPSAMLING: {first.title.upper()}"
    return Opsamling(
        title=heading, subtitle=subtitle, organisation=organisation,
        footer=footer_text(footer_base, latest), logo=first.logo, combined=combined,
        meetings=meetings, parts=parts, created=created,
    )


def footer_text(base: str, when: dt.date | None) -> str:
    """'FRA HU-TEMADAGEN' + October 2025 -> 'FRA HU-TEMADAGEN, oktober 2025'; a footer with a year stays."""
    if when is None or re.search(r"\b(19|20)\d\d\b", base):
        return base
    return f"{base}, {MONTHS[when.month - 1]} {when.year}"




def group_key(group: str) -> tuple[Any, ...]:
    """'Gruppe 2' before 'Gruppe 10'; names compare without case."""
    return tuple((0, int(p)) if p.isdigit() else (1, p.casefold()) for p in re.split(r"(\d+)", group) if p)


def _session_date(session: SessionData) -> dt.date | None:
    """The day the meeting was held: the day it was run live, else the agenda's own date (an import
    of flip-chart answers happens after the meeting), else the day it was recorded."""
    started = session.started.date() if session.started else None
    if session.timings is not None and started:
        return started
    return session.agenda.date or started


def _meeting(session: SessionData) -> Meeting:
    agenda = session.agenda
    return Meeting(
        session_id=session.id, title=session.title or agenda.title, organisation=agenda.organisation,
        date=_session_date(session), place=agenda.place, agenda_name=agenda.name,
    )


def _part(sessions: list[tuple[SessionData, Meeting]], combined: bool) -> Part:
    agenda = sessions[0][0].agenda
    order: list[Item] = list(agenda.items)
    known = {i.id for i in order}
    answers: dict[str, list[Answer]] = {}
    sources = _sources([m for _, m in sessions]) if combined else {}
    for session, meeting in sessions:
        for item in session.agenda.items:  # items only some sessions' agendas have, in their order
            if item.id not in known:
                order.append(item)
                known.add(item.id)
        for record in session.answers:
            answers.setdefault(record.item_id, []).append(Answer(
                text=record.text, group=record.group, category=record.category, question=record.question,
                meeting=meeting.label if combined else None, session_id=session.id,
                source=sources.get(meeting.session_id),
            ))
    items = [_dialogue_item(agenda, item, answers.pop(item.id, []))
             for item in order if item.is_dialogue or item.id in answers]
    for item_id, orphans in answers.items():  # answers to items no agenda has: kept, never dropped
        stray = Item(id=item_id, title=item_id, start=0, minutes=0, kind="other")
        items.append(_dialogue_item(agenda, stray, orphans, planned=""))
    notes = [Note(meeting, s.note.strip()) for s, meeting in sessions if s.note and s.note.strip()]
    timings = [_timing(s.agenda, meeting, s.timings or ()) for s, meeting in sessions]
    if len(timings) > 1:  # several meetings: the ones that were timed, else the plan once
        timings = [t for t in timings if t.recorded] or timings[:1]
    return Part(agenda_name=agenda.name, title=agenda.title, meetings=[m for _, m in sessions],
                items=items, notes=notes, timings=timings)


def _sources(meetings: list[Meeting]) -> dict[str, str]:
    """How each answer names its meeting within one part. When the part's meetings share a title (its
    heading and the list of meetings carry it), the date is enough: '24. november 2026', with ', møde 3'
    only where two meetings share a date. Otherwise the full label."""
    if len({m.title for m in meetings}) > 1:
        return {m.session_id: m.label for m in meetings}
    dates = [m.date for m in meetings]
    sources = {}
    for m in meetings:
        if m.date is None:
            sources[m.session_id] = f"møde {m.session_id}"
        else:
            sources[m.session_id] = m.date_text + (f", møde {m.session_id}" if dates.count(m.date) > 1 else "")
    return sources


def _dialogue_item(agenda: Agenda, item: Item, answers: list[Answer], planned: str | None = None) -> DialogueItem:
    frame_set = agenda.frame_for(item)
    frame: FrameAnswers | None = None
    columns: dict[str, CategoryAnswers] = {}
    if frame_set is not None and frame_set.categories:
        columns = {c.id: CategoryAnswers(c.id, c.title, c.description) for c in frame_set.categories}
        frame = FrameAnswers(frame_set.name, frame_set.title, frame_set.layout, list(columns.values()))
    other: dict[str, GroupAnswers] = {}
    for answer in sorted(answers, key=lambda a: group_key(a.group)):  # stable: typing order within a group
        column = columns.get(answer.category) if answer.category else None
        if column is not None:
            column.answers.append(answer)
        else:
            other.setdefault(answer.group, GroupAnswers(answer.group)).answers.append(answer)
    return DialogueItem(
        id=item.id, title=item.title,
        planned=f"{format_clock(item.start)}–{format_clock(item.end)}" if planned is None else planned,
        lead=item.lead, purpose=item.purpose, questions=list(item.questions), frame=frame,
        other=list(other.values()),
    )


def _timing(agenda: Agenda, meeting: Meeting, records: Sequence[TimingRecord]) -> Timing:
    rows = timing_rows(agenda, records)
    ends = [r.end for r in records if r.start is not None and r.end is not None]
    return Timing(meeting=meeting, rows=rows, planned_end=format_clock(agenda.end),
                  actual_end=format_clock(max(ends) / 60) if ends else None)


def timing_rows(agenda: Agenda, records: Iterable[TimingRecord]) -> list[TimingRow]:
    """The programme with what actually happened to each item. The actual minutes are computed from the
    clock times as printed (`format_clock`, which the live screen uses too), so the columns add up."""
    by_id = {r.item_id: r for r in records}
    rows: list[TimingRow] = []
    for item in agenda.items:
        rec = by_id.get(item.id)
        start = end = minutes = None
        if rec is not None and rec.start is not None:
            start = format_clock(rec.start / 60)
            if rec.end is not None:
                end = format_clock(rec.end / 60)
                minutes = (_minutes(end) - _minutes(start)) % (24 * 60)
        rows.append(TimingRow(
            item_id=item.id, title=item.title, kind=item.kind_label,
            planned_start=format_clock(item.start), planned_end=format_clock(item.end), planned_minutes=item.minutes,
            actual_start=start, actual_end=end, actual_minutes=minutes, skipped=bool(rec and rec.skipped),
        ))
    return rows


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
