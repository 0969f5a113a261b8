"""The opsamling: one or more recorded sessions aggregated into the model the writers only render.

Pure: no database, no files, no clock. `build()` takes plain `SessionData` (an Agenda, its answers,
its timings, its note) and returns an `Opsamling`. The bridge from the store is `opsamling.read`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aktorskab_cli.agenda.model import Agenda, Item
from aktorskab_cli.agenda.schedule import danish_date, footer_text, format_clock, format_span
from aktorskab_cli.opsamling.model import (CategoryAnswers, DialogueItem, FrameAnswers, GroupAnswers, Meeting, Note,
                                           Opsamling, Part, SessionData)
from aktorskab_cli.opsamling.timing import Timing, TimingRecord, timing_rows
from aktorskab_cli.store.records import Answer


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
    latest = max((meeting_date(s) for s in sessions if meeting_date(s)), default=None)
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


@functools.lru_cache(maxsize=1024)  # a few groups, thousands of answers
def group_key(group: str) -> tuple[Any, ...]:
    """'Gruppe 2' before 'Gruppe 10'; names compare without case."""
    return tuple((0, int(p)) if p.isdigit() else (1, p.casefold()) for p in re.split(r"(\d+)", group) if p)


def meeting_date(session: SessionData) -> dt.date | None:
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
        date=meeting_date(session), place=agenda.place, agenda_name=agenda.name, uuid=session.uuid,
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
            answers.setdefault(record.item_id, []).append(
                record.named(session.id, sources.get(meeting.session_id)))
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
        planned=format_span(item.start, item.end) if planned is None else planned,
        lead=item.lead, purpose=item.purpose, questions=list(item.questions), frame=frame,
        other=list(other.values()),
    )


def _timing(agenda: Agenda, meeting: Meeting, records: Sequence[TimingRecord]) -> Timing:
    rows = timing_rows(agenda, records)
    ends = [r.end for r in records if r.start is not None and r.end is not None]
    return Timing(meeting=meeting, rows=rows, planned_end=format_clock(agenda.end),
                  actual_end=format_clock(max(ends) / 60) if ends else None)

