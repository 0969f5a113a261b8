"""The facts a status report is built from, read from this laptop's store in one snapshot: the programme's
status changes, the meetings held for its entries, and what the report says of each meeting it names
(the archive's side is `archive/plan_sync.archive_facts`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aktorskab_cli.programme.model import Held, Programme, StatusChange
from aktorskab_cli.programme.report import ReportMeeting
from aktorskab_cli.programme.storage import held_meetings, status_changes

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Session


@dataclass
class Facts:
    changes: list[StatusChange] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    meetings: dict[str, ReportMeeting] = field(default_factory=dict)  # by uuid


def named_meetings(programme: Programme, changes: Iterable[StatusChange], held: Iterable[Held]) -> set[str]:
    """The uuids of every meeting the report names: held ones, ones a change was set in, sources."""
    return ({h.session for h in held} | {c.session for c in changes if c.session}
            | {e.source.meeting for e in programme.entries if e.source})


def sources(programme: Programme) -> set[str]:
    return {e.source.meeting for e in programme.entries if e.source}


def meeting_of(session: Session, organisation: str | None, points: dict[str, str] | None = None) -> ReportMeeting:
    return ReportMeeting(session.uuid or "", session.title, organisation or None, session.meeting_date,
                         session.place, points)


def local_facts(store: Store, programme: Programme) -> Facts:
    from aktorskab_cli.synthesis.storage import load_synthesis

    with store.snapshot():
        changes = status_changes(store, programme.key)
        held = held_meetings(store, programme.key)
        meetings: dict[str, ReportMeeting] = {}
        wanted_points = sources(programme)
        for uuid in named_meetings(programme, changes, held):
            session = store.session_by_uuid(uuid)
            if session is None:
                continue
            points = None
            if uuid in wanted_points:
                stored = load_synthesis(store, session.id)
                points = {p.uuid: p.text for p in stored.points} if stored else {}
            meetings[uuid] = meeting_of(session, session.agenda.organisation, points)
    return Facts(changes, held, meetings)
