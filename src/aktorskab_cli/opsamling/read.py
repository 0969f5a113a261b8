"""The bridge from the store to the opsamling: the sessions asked for, read in one consistent snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from aktorskab_cli.exchange.local import exported_record
from aktorskab_cli.live.engine import ItemTiming, replay
from aktorskab_cli.opsamling.model import SessionData, StatusSet
from aktorskab_cli.rules.commands import command
from aktorskab_cli.synthesis.storage import load_synthesis
from aktorskab_cli.synthesis.workflow import effective

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.exchange.bundle import Bundle
    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Answer, Event, Session
    from aktorskab_cli.synthesis.model import Synthesis


def read_sessions(store: Store, refs: Sequence[str], *, records: bool = False) -> list[SessionData]:
    """Read the sessions named by `refs` (ids or `latest`) in one consistent snapshot of the store; with
    `records`, each also as recorded (for the JSON export, which `aktorskab import` reads back)."""
    result: list[SessionData] = []
    with store.snapshot():
        for ref in refs:
            session = store.session(ref)
            stored = load_synthesis(store, session.id)
            data = session_data(session, store.answers(session.id), store.events(session.id), stored=stored)
            data = replace(data, statuses=statuses_set(store, session))
            result.append(replace(data, record=exported_record(store, session)) if records else data)
    return result


def statuses_set(store: Store, session: Session) -> tuple[StatusSet, ...]:
    """The programme statuses set in the meeting, each with its entry as the programme kept here has it."""
    from aktorskab_cli.opsamling.followup import status_sets
    from aktorskab_cli.programme.storage import session_changes, stored_programme

    changes = session_changes(store, session.uuid) if session.uuid else []
    return status_sets(changes, {key: found[0] if (found := stored_programme(store, key)) else None
                                 for key in dict.fromkeys(c.programme for c in changes)})


def session_data(session: Session, answers: Sequence[Answer], events: list[Event],
                 name: str | None = None, stored: Synthesis | None = None) -> SessionData:
    """One stored session as the opsamling reads it, wherever it was stored (this machine or the archive);
    `name` is how the opsamling refers to it (the local number by default); `stored` its synthesis, if
    one was made (else the automatic draft is used)."""
    agenda = session.agenda
    synthesis, waiting = effective(agenda, list(answers), stored, session.note)
    return SessionData(id=name or str(session.id), session=session, agenda=agenda, answers=answers,
                       timings=timing_records(agenda, events, speed=session.speed),
                       synthesis=synthesis, waiting=waiting)


def bundle_date(bundle: Bundle) -> dt.date | None:
    """The day a meeting that travels was held, as the opsamling dates it (no replay of its events needed)."""
    from aktorskab_cli.opsamling.build import meeting_date

    s = bundle.session
    return meeting_date(SessionData(id="", session=s, agenda=s.agenda, timings=() if bundle.events else None))


def bundle_title(bundle: Bundle, date: dt.date | None = None) -> str:
    """'»Hvad er aktørskab for os?«, 12. marts 2026': how messages name a meeting that travels."""
    from aktorskab_cli.rules.dates import danish_date

    date = date or bundle_date(bundle)
    return f"»{bundle.session.title}«" + (f", {danish_date(date)}" if date else "")


def timing_records(agenda: Agenda, events: list[Event], *, speed: float | None) -> list[ItemTiming] | None:
    """What the stored events of a session run at `speed` say happened to each item (a rehearsal's day clock
    stood still during its pauses, as on its screen); None when the session was never run live."""
    if not events:
        return None
    return replay(agenda, events, speed=speed).timings()


def no_answers_message(store: Store, session: SessionData, *, latest: bool) -> str:
    """Why an opsamling of a meeting without answers is not written, and which meeting to use instead."""
    said = f"Det nyeste møde (møde {session.id}, {session.title or session.agenda.title})" if latest else \
        f"Møde {session.id} ({session.title or session.agenda.title})"
    message = f"{said} har ingen svar endnu, så der er ingen opsamling at skrive."
    if latest:
        found = store.newest_with_answers()
        if found:
            return f"{message} Det nyeste møde med svar er møde {found.id} ({found.title}): {command(f'export {found.id}')}"
    return f"{message} Tilføj svar med: {command(f'collect {session.id}')}"
