"""The opsamling: one or more recorded sessions and their syntheses, built into the model the writers render.

Pure: no database, no files, no clock. `build()` takes plain `SessionData` (an agenda, its answers and
timings, its synthesis) and returns an `Opsamling` in seed 002's order: the items' points in their
columns, free sections, the themes, barriers, vejen videre, the plan, *Opsamlende*, and the bilag with
every raw answer. A session without a stored synthesis gets the automatic draft (equal answers merged).
The bridge from the store is `opsamling.read`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from aktorskab_cli.agenda.model import Agenda, Item
from aktorskab_cli.agenda.schedule import footer_text, format_clock, format_span
from aktorskab_cli.opsamling import followup
from aktorskab_cli.opsamling.model import (NO_QUESTION, AppendixItem, Column, FollowupGroup, ItemSummary, Meeting, Note,
                                           Opsamling, Part, PointView, SessionData, Timing)
from aktorskab_cli.opsamling.points import Collected, Placed, collect, plan, ranked, themes
from aktorskab_cli.opsamling.timing import timing_rows
from aktorskab_cli.store.records import Answer, is_rehearsal, meeting_day
from aktorskab_cli.synthesis.draft import draft, summarised
from aktorskab_cli.rules.dates import danish_date
from aktorskab_cli.rules.groups import group_key, normalise_group
from aktorskab_cli.rules.numbers import counted, danish_number
from aktorskab_cli.synthesis.model import Section, Synthesis

if TYPE_CHECKING:
    from aktorskab_cli.live.engine import ItemTiming

def build(sessions: Sequence[SessionData], *, title: str | None = None, created: dt.datetime | None = None,
          with_timing: bool = False, counts: bool = True, appendix: bool = True) -> Opsamling:
    """Aggregate one session, or combine several (items matched by id within one part: `part_key`)."""
    if not sessions:
        raise ValueError("build() needs at least one session")
    combined = len(sessions) > 1
    meetings = [_meeting(s) for s in sessions]
    labels = [m.label for m in meetings]
    meetings = [replace(m, distinct=labels.count(m.label) > 1) for m in meetings]
    syntheses = [s.synthesis or draft(summarised(s.agenda, s.answers), None, closing=s.note or "") for s in sessions]
    by_agenda: dict[str, list[int]] = {}
    for index, session in enumerate(sessions):
        by_agenda.setdefault(part_key(session.agenda), []).append(index)
    marks = _marks(meetings, by_agenda) if combined else {}
    answers = [[a.named(s.id, marks.get(s.id), normalise_group(a.group)) for a in s.answers] for s in sessions]
    collected = collect([(s.id, syn, ans, s.waiting, marks.get(s.id))
                         for s, syn, ans in zip(sessions, syntheses, answers)])
    hidden = {(s.id, a) for s, syn in zip(sessions, syntheses) for p in syn.points if p.hidden for a in p.answers}
    parts = [_part([sessions[i] for i in indices], [meetings[i] for i in indices], [answers[i] for i in indices],
                   collected, with_timing, hidden) for indices in by_agenda.values()]
    plan_title, plan_groups = plan(collected.actions)
    single = syntheses[0] if not combined else Synthesis()
    first = sessions[0].agenda
    return Opsamling(
        title=title or single.title or (f"Opsamling: {first.title}" if not combined else "Samlet opsamling"),
        subtitle=_subtitle(sessions, meetings, combined), organisation=_one({m.organisation for m in meetings}),
        footer=_footer(sessions, meetings, combined, len(parts)), logo=first.logo, combined=combined,
        meetings=meetings, parts=parts, created=created, rehearsal=_rehearsal(sessions),
        intro="\n\n".join(dict.fromkeys(s.intro.strip() for s in syntheses if s.intro.strip())),
        sections=_sections(syntheses, sessions, has_next=bool(collected.next)), themes=themes(collected), barriers=list(collected.barriers.values()),
        next=collected.next, plan_title=next((s.plan_title for s in syntheses if s.plan_title), plan_title),
        plan=plan_groups, closing=[Note(m, s.closing.strip()) for s, m in zip(syntheses, meetings) if s.closing.strip()],
        with_timing=with_timing, recurring=_recurring(collected) if combined else [],
        records=[s.record for s in sessions if s.record is not None], counts=counts, appendix=appendix,
    )


def part_key(agenda: Agenda) -> str:
    """Which part of a combined opsamling a meeting belongs to: its agenda's title, not the agenda's file
    name – every OMU's own copy of dialogmoede (omu-bf.toml, omu-sundhed.toml, …) is the same kind of
    meeting, so their answers stand together and each is marked with who held it and when (`_marks`)."""
    return agenda.kind


def _recurring(collected: Collected) -> list[PointView]:
    """Points raised in two or more meetings: most meetings first, then most groups, then first made."""
    found = [p for p in collected.points if len(p.view.meetings) > 1]
    found.sort(key=lambda p: (-len(p.view.meetings), -len(p.view.groups), p.first))
    return [p.view for p in found]


# ---------------------------------------------------------------- meetings


def meeting_date(session: SessionData) -> dt.date | None:
    """The day the meeting was held, by the one rule (`store.records.meeting_day`, `Session.at_clock_pace`)."""
    return meeting_day(session.started.date() if session.started else None, session.agenda.date,
                       at_clock_pace=session.session.at_clock_pace)


def _meeting(session: SessionData) -> Meeting:
    agenda = session.agenda
    return Meeting(session_id=session.id, title=session.title or agenda.title, organisation=agenda.organisation,
                   date=meeting_date(session), place=agenda.place, agenda_name=agenda.name, uuid=session.uuid)


def _marks(meetings: list[Meeting], parts: dict[str, list[int]]) -> dict[str, str]:
    """How each answer and group names its meeting. Within a part whose meetings share a title (the part's
    heading carries it) the date is enough, with the place or the meeting's number where two share a date;
    otherwise the full label."""
    marks: dict[str, str] = {}
    for indices in parts.values():
        group = [meetings[i] for i in indices]
        if len({m.title for m in group}) > 1:
            marks.update({m.session_id: m.label for m in group})
            continue
        if len({m.organisation for m in group}) > 1:  # the same agenda held by several organisations
            named = [m.place_and_date for m in group]
            marks.update({m.session_id: n + (f", møde {m.session_id}" if named.count(n) > 1 else "")
                          for m, n in zip(group, named)})
            continue
        dates = [m.date for m in group]
        for m in group:
            if m.date is None:
                marks[m.session_id] = f"møde {m.session_id}"
            elif dates.count(m.date) > 1:
                marks[m.session_id] = f"{m.date_text}, {m.place}" if m.place and [
                    (x.date, x.place) for x in group].count((m.date, m.place)) == 1 else f"{m.date_text}, møde {m.session_id}"
            else:
                marks[m.session_id] = m.date_text
    return marks


def _subtitle(sessions: Sequence[SessionData], meetings: list[Meeting], combined: bool) -> str:
    """'2. april 2025 · kl. 8.00–15.00 · Byrådssalen', or '4 møder, 12. januar 2026 – 7. april 2026'."""
    if combined:
        dates = sorted(m.date for m in meetings if m.date)
        span = ""
        if dates:
            span = danish_date(dates[0]) if dates[0] == dates[-1] else f"{danish_date(dates[0])} – {danish_date(dates[-1])}"
        return counted(len(meetings), "møde", "møder") + (f", {span}" if span else "")
    agenda = sessions[0].agenda
    hours = f"kl. {format_span(agenda.start, agenda.end)}"
    return " · ".join(x for x in (meetings[0].date_text, hours, agenda.place) if x)


def _footer(sessions: Sequence[SessionData], meetings: list[Meeting], combined: bool, parts: int) -> str:
    first = sessions[0].agenda
    latest = max((m.date for m in meetings if m.date), default=None)
    if combined:
        base = first.footer if parts == 1 and first.footer else "SAMLET OPSAMLING"
    else:
        base = first.footer or f"OPSAMLING: {first.title.upper()}"
    return footer_text(base, latest)


def _rehearsal(sessions: Sequence[SessionData]) -> str | None:
    speeds = sorted({s.speed for s in sessions if s.timings is not None and is_rehearsal(s.speed)})
    if not speeds:
        return None
    shown = ", ".join(danish_number(s) + "×" for s in speeds)
    return f"Generalprøve ({shown} hastighed) – ikke et afholdt møde"


def _one(values: set[str | None]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def _sections(syntheses: Sequence[Synthesis], sessions: Sequence[SessionData], has_next: bool) -> list[Section]:
    """The facilitator's free sections, then the agendas' closing texts (`outro`, e.g. Vejen videre) –
    unless the synthesis has its own vejen videre, which then stands in its place."""
    out: dict[str, Section] = {"Vejen videre": Section("")} if has_next else {}
    for synthesis in syntheses:
        for section in synthesis.sections:
            out.setdefault(section.title, section)
    for session in sessions:
        agenda = session.agenda
        for name in agenda.outro:
            texts = agenda.prompts.get(name)
            if texts is None or texts.title in out:
                continue
            bullets = [p.text if not p.title else f"**{p.title}** – {p.text}" for p in texts.points]
            bullets += [c.title + (f" – {c.description}" if c.description else "") for c in texts.categories]
            out[texts.title] = Section(texts.title, texts.intro or "", tuple(bullets), texts.outro or "")
    return [s for s in out.values() if s.title and (s.lead or s.bullets or s.text.strip())]  # never a bare heading


# ---------------------------------------------------------------- items and the bilag


def _part(sessions: list[SessionData], meetings: list[Meeting], answers: list[list[Answer]],
          collected: Collected, with_timing: bool, hidden: set[tuple[str, int | None]]) -> Part:
    agenda = sessions[0].agenda
    order: list[Item] = []
    known: dict[str, Agenda] = {}  # each item's agenda: the first of the part's that has it
    for session in sessions:  # items only some sessions' agendas have (an OMU's own copy), in their order
        for item in session.agenda.items:
            if item.id not in known:
                order.append(item)
                known[item.id] = session.agenda
    held = [a for session_answers in answers for a in session_answers]
    for item_id in dict.fromkeys(a.item_id for a in held):  # answers to items no agenda has: kept
        if item_id not in known:
            order.append(Item(id=item_id, title=item_id, start=0, minutes=0, kind="other"))
            known[item_id] = agenda
    places = [followup.placed(s) for s in sessions]
    if any(followup.NO_ITEM in p for p in places) and followup.NO_ITEM not in known:
        order.append(followup.no_item())
        known[followup.NO_ITEM] = agenda
    statuses = {item.id: followup.groups(item, sessions, meetings, places) for item in order if item.is_followup}
    mine = {a.item_id for a in held}
    items = [_item(known[item.id], item, [p for p in collected.points if p.item == item.id],
                   collected.waiting.get(item.id, []), collected.by_votes, statuses.get(item.id, []))
             for item in order if item.id in mine or statuses.get(item.id)]
    appendix = [_appendix(item, [a for a in held if a.item_id == item.id], hidden) for item in order if item.id in mine]
    timings = [_timing(s.agenda, m, s.timings or ()) for s, m in zip(sessions, meetings)] if with_timing else []
    if len(timings) > 1:  # several meetings: the ones that were timed, else the plan once
        timings = [t for t in timings if t.recorded] or timings[:1]
    return Part(agenda_name=agenda.name, title=agenda.title, meetings=meetings,
                items=[i for i in items if i.points or i.waiting or i.followup], appendix=appendix, timings=timings)


def _item(agenda: Agenda, item: Item, placed: list[Placed], waiting: list[Answer], by_votes: bool,
          statuses: list[FollowupGroup]) -> ItemSummary:
    frame = agenda.frame_for(item) if agenda.item(item.id) and not item.is_followup else None  # no points there
    categories = frame.categories if frame is not None else []
    ids = {c.id for c in categories}
    columns = [Column(c.id, c.title, c.description, ranked([p for p in placed if p.category == c.id], by_votes))
               for c in categories]
    planned = format_span(item.start, item.end) if agenda.item(item.id) else ""
    return ItemSummary(
        id=item.id, title=item.title, planned=planned, lead=item.lead, purpose=item.purpose,
        questions=list(item.questions), layout=frame.layout if frame is not None and categories else None,
        columns=columns, loose=ranked([p for p in placed if p.category not in ids], by_votes), waiting=waiting,
        followup=statuses)


def _appendix(item: Item, answers: list[Answer], hidden: set[tuple[str, int | None]]) -> AppendixItem:
    """Every answer once: by question (in the item's order, then those without one), then by group; the
    answers of points the facilitator hid (`hidden`: session id, answer id) left out and counted."""
    left_out = [a for a in answers if (a.session_id, a.id) in hidden] if hidden else []
    if left_out:
        answers = [a for a in answers if (a.session_id, a.id) not in hidden]
    by_group = sorted(answers, key=lambda a: group_key(normalise_group(a.group)))  # stable: typing order
    count = len(item.questions)
    questions = [(f"{n}. {q}", [a for a in by_group if a.question == n]) for n, q in enumerate(item.questions, 1)]
    rest = [a for a in by_group if a.question is None or not 1 <= a.question <= count]
    questions.append((NO_QUESTION, rest))
    return AppendixItem(item.title, [(label, group) for label, group in questions if group], left_out)


def _timing(agenda: Agenda, meeting: Meeting, records: Sequence[ItemTiming]) -> Timing:
    rows = timing_rows(agenda, records)
    ends = [r.end for r in records if r.start is not None and r.end is not None]
    return Timing(meeting=meeting, rows=rows, planned_end=format_clock(agenda.end),
                  actual_end=format_clock(max(ends) / 60) if ends else None)
