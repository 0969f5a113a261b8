"""The bridge from the store to the opsamling: the sessions asked for, read in one consistent snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aktorskab_cli.live.engine import replay
from aktorskab_cli.opsamling.model import SessionData
from aktorskab_cli.opsamling.timing import TimingRecord

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Answer, Event, Session


def read_sessions(store: Store, refs: Sequence[str]) -> list[SessionData]:
    """Read the sessions named by `refs` (ids or `latest`) in one consistent snapshot of the store."""
    result: list[SessionData] = []
    with store.snapshot():
        for ref in refs:
            session = store.session(ref)
            result.append(session_data(session, store.answers(session.id), store.events(session.id)))
    return result


def session_data(session: Session, answers: Sequence[Answer], events: list[Event],
                 name: str | None = None) -> SessionData:
    """One stored session as the opsamling reads it, wherever it was stored (this machine or the archive);
    `name` is how the opsamling refers to it (the local number by default)."""
    agenda = session.agenda
    return SessionData(id=name or str(session.id), agenda=agenda, answers=answers,
                       timings=timing_records(agenda, events, frozen=(session.speed or 1.0) != 1), note=session.note,
                       started=_datetime(session.started), title=session.title, uuid=session.uuid)


def timing_records(agenda: Agenda, events: list[Event], *, frozen: bool = False) -> list[TimingRecord] | None:
    """What the stored events say happened to each item; None when the session was never run live.
    `frozen`: a rehearsal, whose day clock stood still during its pauses."""
    if not events:
        return None
    return [TimingRecord(t.item_id, t.start, t.end, t.paused, t.extra_minutes, t.skipped)
            for t in replay(agenda, events, frozen=frozen).timings()]


def _datetime(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
