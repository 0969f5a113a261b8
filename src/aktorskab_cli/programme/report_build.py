"""The status report built from the programme, its status changes, the meetings held for its entries and
the meetings its entries came from (`model.states` decides each entry's status, trail and lateness):
pure, the same whether the facts come from this laptop or from the archive (`report_read.py`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from aktorskab_cli.rules.dates import danish_date, month_year
from aktorskab_cli.programme.model import (STATUS_LABELS, EntryState, Held, PageLine, Programme, StatusChange, page,
                                           states)
from aktorskab_cli.programme.report import (PlanLine, Quarter, ReportEntry, ReportMeeting, ReportSource, StatusReport,
                                            Step)


def build_report(programme: Programme, changes: Sequence[StatusChange], held: Sequence[Held],
                 meetings: Mapping[str, ReportMeeting], *, today: dt.date, created: dt.datetime | None = None,
                 logo: str | None = None, source: str = "denne maskine") -> StatusReport:
    """The report of `programme` as of `today`; `meetings` names the meetings by uuid (held ones, the ones
    changes were set in, and the ones entries came from), as far as they are known."""
    found = states(programme, changes, held)
    entries = {s.entry.id: _entry(s, meetings, today) for s in found}
    quarters = [Quarter(label, [_line(line, entries) for line in lines]) for label, lines in page(found)]
    return StatusReport(
        title=programme.title, organisation=programme.organisation,
        subtitle=f"Status pr. {danish_date(today)}", footer=f"STATUS TIL HU, {month_year(today)}", logo=logo,
        created=created, quarters=quarters, entries=[entries[s.entry.id] for s in found], source=source)


def _line(line: PageLine, entries: Mapping[str, ReportEntry]) -> PlanLine:
    """A line of the plan page (`model.page`: entries with one `what` in a row are a heading over their `who`)."""
    if not line.bullets:
        return PlanLine(line.what, entries[line.entries[0].entry.id])
    return PlanLine(line.what, None, [(who, entries[s.entry.id]) for who, s in zip(line.bullets, line.entries)])


def _entry(state: EntryState, meetings: Mapping[str, ReportMeeting], today: dt.date) -> ReportEntry:
    entry = state.entry
    last = state.trail[-1] if state.trail else None
    trail = [Step(STATUS_LABELS[line.status], " – ".join(x for x in (line.moved, line.note) if x), line.at,
                  _label(meetings, line.session), current=line is last) for line in state.trail]
    held = [_held(h, meetings.get(h.session)) for h in state.held]
    origin = None
    if entry.source is not None:
        known = meetings.get(entry.source.meeting)
        names = dict(known.points or {}) if known else {}
        origin = ReportSource(known.label if known else f"møde {entry.source.meeting[:8]} (ikke på denne maskine)",
                        tuple(names.get(p, f"punkt {p[:8]}") for p in entry.source.points))
    return ReportEntry(entry, STATUS_LABELS[state.status], state.late(today), held, trail, origin, _disagreement(state),
                       state.when if state.moved else None)


def _held(h: Held, known: ReportMeeting | None) -> ReportMeeting:
    return ReportMeeting(h.session, h.title, known.organisation if known else None, h.date, h.place)


def _label(meetings: Mapping[str, ReportMeeting], session: str | None) -> str | None:
    if session is None:
        return None
    known = meetings.get(session)
    return known.label if known else f"møde {session[:8]}"


def _disagreement(state: EntryState) -> str:
    """'»i gang« og »gennemført« blev sat samme dag, 12. marts 2026; »gennemført« gælder (sat senest).'"""
    said = []
    for earlier, later in state.disagreements:
        said.append(f"»{STATUS_LABELS[earlier.status]}« og »{STATUS_LABELS[later.status]}« blev sat samme dag, "
                    f"{danish_date(later.day)}; »{STATUS_LABELS[later.status]}« gælder (sat senest)")
    return ". ".join(said) + ("." if said else "")
