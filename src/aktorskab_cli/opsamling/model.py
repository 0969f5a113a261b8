"""The opsamling model: what the writers render (docx, md, json) and nothing more; built by `build.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.rules.dates import danish_date, held_by
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.agenda.schedule import lateness
from aktorskab_cli.opsamling.timing import TimingRow, minutes_of
from aktorskab_cli.programme.model import Entry, StatusChange, status_label
from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.model import Action, Section, Synthesis

if TYPE_CHECKING:
    from aktorskab_cli.live.engine import ItemTiming
    from aktorskab_cli.store.records import Session

OTHER_POINTS = "Øvrige pointer"
RECURRING = "Går igen på tværs af møderne"
RECURRING_LEAD = "Pointer, som mindst to møder er kommet frem til – flest møder først."
WAITING = "Nye svar, endnu ikke samlet"
POINTS_TITLE = "Pointer fra dialogen"
BARRIERS = "Potentielle barrierer"
NO_QUESTION = "Til alle spørgsmål"
SUGGESTED = "forslag fra telefonerne"  # after a status taken from a phone's suggestion
FOLLOWUP_HEADER = ("Hvad", "Hvem", "Status", "Bemærkning")


def left_out_text(count: int) -> str:
    """The bilag's line for the answers of points the facilitator hid."""
    return f"{counted(count, 'svar', 'svar')} er udeladt af facilitatoren."


# ---------------------------------------------------------------- input: one recorded session


@dataclass(frozen=True)
class SessionData:
    """One meeting as the opsamling reads it: a view built from the stored `Session` (`opsamling/read.py`
    `session_data`), with its agenda snapshot parsed once, its answers, what its run did and its synthesis.
    The session's own fields (title, note, start, uuid, speed) are read from it, never copied."""

    id: str  # how the opsamling names it: the local number, or the archive's short uuid
    session: Session
    agenda: Agenda
    answers: Sequence[Answer] = ()
    timings: Sequence[ItemTiming] | None = None  # what the run's events say happened; None: never run live
    synthesis: Synthesis | None = None  # None: the automatic draft of `answers`
    waiting: frozenset[str] = frozenset()  # points of answers that came after the synthesis was stored
    record: dict[str, Any] | None = None  # the meeting as it travels (exchange/bundle.py): JSON export
    statuses: Sequence[StatusSet] = ()  # the programme statuses set in this meeting, oldest first

    @property
    def title(self) -> str | None:
        """The session's own title; None (the agenda's title is used) when it has none."""
        return self.session.title or None

    @property
    def note(self) -> str | None:
        return self.session.note

    @property
    def started(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.session.started) if self.session.started else None
        except ValueError:
            return None

    @property
    def uuid(self) -> str | None:
        return self.session.uuid

    @property
    def speed(self) -> float:
        """≠ 1: a rehearsal."""
        return self.session.speed



@dataclass(frozen=True)
class StatusSet:
    """A status of the year's programme set in a meeting (its follow-up item, an answers file, `plan set
    --session`): the stored change, the entry it names (None: the programme kept here has no such entry
    any more) and the programme's title."""

    change: StatusChange
    entry: Entry | None
    programme: str

    @property
    def what(self) -> str:
        return self.entry.what if self.entry is not None else self.change.entry

    @property
    def who(self) -> str:
        return self.entry.who if self.entry is not None else ""

    @property
    def status(self) -> str:
        """'gennemført'."""
        return status_label(self.change.status)

    @property
    def note(self) -> str:
        return self.change.note

    @property
    def suggested(self) -> bool:
        """Taken from a phone's suggestion."""
        return self.change.origin == "phone"


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
    uuid: str | None = None

    @property
    def date_text(self) -> str:
        return danish_date(self.date) if self.date else ""

    @property
    def place_and_date(self) -> str:
        """'LMU Skolen på Toppen, 12. marts 2026': who held it and when (the title when no organisation)."""
        return held_by(self.organisation or self.title, self.date)

    @property
    def label(self) -> str:
        """'Dialogmøde med Områdeudvalg, 7. april 2026' — how an answer is marked in a combined opsamling."""
        label = f"{self.title}, {self.date_text}" if self.date else self.title
        return f"{label} (møde {self.session_id})" if self.distinct else label


@dataclass(frozen=True)
class Timing:
    meeting: Meeting
    rows: list[TimingRow]
    planned_end: str
    actual_end: str | None

    @property
    def recorded(self) -> bool:
        return any(r.recorded for r in self.rows)

    @property
    def overruns(self) -> list[TimingRow]:
        return [r for r in self.rows if (r.deviation or 0) > 0]

    @property
    def end_deviation(self) -> int | None:
        """Minutes the day ended after (+) or before (−) the plan."""
        if self.actual_end is None:
            return None
        planned = minutes_of(self.planned_end)
        return (minutes_of(self.actual_end) - planned + 12 * 60) % (24 * 60) - 12 * 60

    @property
    def summary(self) -> str:
        """'Planlagt afslutning kl. 15.00. Faktisk afslutning kl. 15.12 (12 min. efter planen). …'"""
        text = f"Planlagt afslutning kl. {self.planned_end}."
        if self.actual_end:
            text += f" Faktisk afslutning kl. {self.actual_end} ({lateness(self.end_deviation or 0)})."
        if self.overruns:
            count = len(self.overruns)
            text += f" {counted(count, 'punkt', 'punkter')} tog længere tid end planlagt."
        return text



@dataclass
class PointView:
    """A point as the documents show it: its headline and who stands behind it."""

    text: str
    groups: list[str]  # normalised group names, one each ("gruppe 3" and "Gruppe 3" are one)
    meetings: list[str]  # session ids of the meetings that raised it
    votes: int | None = None
    answers: list[Answer] = field(default_factory=list)

    @property
    def count_text(self) -> str:
        """'3 grupper', '4 prikker', or across meetings '2 møder · 5 grupper': who stands behind the point,
        said only where it tells something – groups from two on, dots only where a vote gave it any (one
        group and no vote after every point was noise)."""
        parts = [counted(len(self.meetings), "møde", "møder")] if len(self.meetings) > 1 else []
        if len(self.groups) > 1:
            parts.append(counted(len(self.groups), "gruppe", "grupper"))
        if self.votes:
            parts.append(counted(self.votes, "prik", "prikker"))
        return " · ".join(parts)

    def note(self, counts: bool = True) -> str:
        """The count as the documents add it after the headline ('' with `export --no-counts`)."""
        return self.count_text if counts else ""


@dataclass
class Column:
    id: str
    title: str
    description: str | None
    points: list[PointView] = field(default_factory=list)


@dataclass
class FollowupGroup:
    """What one meeting said about the programme under a follow-up item: each entry whose status was set in
    it, with the status it was given last (in the order the entries were first set)."""

    meeting: Meeting
    statuses: list[StatusSet]

    @property
    def lead(self) -> str:
        """'Status sat på mødet for 2 poster i »Aktørskab 2025-2026«.'"""
        titles = " og ".join(f"»{t}«" for t in dict.fromkeys(s.programme for s in self.statuses))
        return f"Status sat på mødet for {counted(len(self.statuses), 'post', 'poster')} i {titles}."


@dataclass
class ItemSummary:
    """A dialogue item in the opsamling: its questions and the points in its frame's columns."""

    id: str
    title: str
    planned: str  # '9.25–10.15'
    lead: str | None
    purpose: str | None
    questions: list[str]
    layout: Literal["table", "sections"] | None
    columns: list[Column]
    loose: list[PointView]  # points in no column of the frame
    waiting: list[Answer]  # answers not yet placed in a point
    followup: list[FollowupGroup] = field(default_factory=list)  # a follow-up item: each meeting's statuses

    @property
    def facts(self) -> str:
        """'Kl. 9.25–10.15 · Jonas og Tinne'."""
        return " · ".join(x for x in (f"Kl. {self.planned}" if self.planned else "", self.lead or "") if x)

    @property
    def points(self) -> list[PointView]:
        return [p for c in self.columns for p in c.points] + self.loose

    def rows(self) -> list[list[PointView | None]]:
        """The table: row i holds the i-th point of each column (None where a column is shorter)."""
        depth = max((len(c.points) for c in self.columns), default=0)
        return [[c.points[i] if i < len(c.points) else None for c in self.columns] for i in range(depth)]


@dataclass
class ThemeView:
    number: int
    id: str
    title: str
    text: str
    requires: list[str]
    points: list[PointView]
    points_title: str = POINTS_TITLE  # the lead-in over the points; seed 002: »Pointer fra dialogen i HU«


@dataclass(frozen=True)
class Barrier:
    title: str
    text: str


@dataclass
class PlanGroup:
    """The actions of one quarter ('4. kvartal 2025'), or of a free 'when' ('løbende'), in time order."""

    label: str
    actions: list[Action]


@dataclass
class AppendixItem:
    """The raw answers of one item, by question ('1. Hvordan …', or 'Til alle spørgsmål') and group; the
    answers of points the facilitator hid are `left_out` (counted in the bilag, never printed)."""

    title: str
    questions: list[tuple[str, list[Answer]]]
    left_out: list[Answer] = field(default_factory=list)

    @property
    def answers(self) -> list[Answer]:
        """Every raw answer of the item, printed or left out."""
        return [a for _, answers in self.questions for a in answers] + self.left_out


@dataclass(frozen=True)
class Note:
    meeting: Meeting
    text: str


@dataclass
class Part:
    """The meetings of one kind (agendas with the same title, `build.part_key`: every OMU's copy of
    dialogmoede is one part); a combined opsamling of different agendas has one part each."""

    agenda_name: str
    title: str
    meetings: list[Meeting]
    items: list[ItemSummary]
    appendix: list[AppendixItem]
    timings: list[Timing]


@dataclass
class Opsamling:
    title: str
    subtitle: str  # 'Hovedudvalget, Norddjurs Kommune · 2. april 2025 · kl. 8.00–15.00 · Byrådssalen'
    organisation: str | None
    footer: str
    logo: str | None
    combined: bool
    meetings: list[Meeting]
    parts: list[Part]
    created: dt.datetime | None = None
    rehearsal: str | None = None  # 'Generalprøve (60× hastighed)'
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    themes: list[ThemeView] = field(default_factory=list)
    barriers: list[Barrier] = field(default_factory=list)
    next: list[PointView] = field(default_factory=list)
    plan_title: str = ""
    plan: list[PlanGroup] = field(default_factory=list)
    closing: list[Note] = field(default_factory=list)
    with_timing: bool = False
    recurring: list[PointView] = field(default_factory=list)  # combined: points several meetings raised
    records: list[dict[str, Any]] = field(default_factory=list)  # the meetings as recorded, for `import`
    counts: bool = True  # »(3 grupper)« after a point (`export --no-counts`: none)
    appendix: bool = True  # the bilag of raw answers (`export --no-appendix`: left out)

    def meeting_table(self) -> tuple[list[str], list[list[str]]]:
        """The table of meetings in a combined opsamling; an Organisation column when they differ."""
        several = len({m.organisation for m in self.meetings}) > 1
        header = ["Møde", *(["Organisation"] if several else []), "Dato", "Sted"]
        rows = [[m.title, *([m.organisation or ""] if several else []), m.date_text, m.place or ""]
                for m in self.meetings]
        return header, rows

    def recurring_table(self) -> list[list[str]]:
        """Punkt, Møder, Hvor: the meetings that raised it, by their marks (the first six, then how many)."""
        names = {m.session_id: m.place_and_date for m in self.meetings}
        rows = []
        for p in self.recurring:
            where = [names.get(s, s) for s in p.meetings]
            text = "; ".join(where[:6]) + (f" og {len(where) - 6} flere" if len(where) > 6 else "")
            rows.append([p.text, str(len(p.meetings)), text])
        return rows

    @property
    def answers(self) -> list[Answer]:
        """Every raw answer, exactly once (the bilag holds them all, or counts those the facilitator hid)."""
        return [a for p in self.parts for item in p.appendix for a in item.answers]
