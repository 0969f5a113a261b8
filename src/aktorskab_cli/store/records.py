"""The records that travel the data path: a timing event, an answer, a session as stored.

Plain frozen dataclasses, no I/O: the run engine emits `Event`s, the store keeps them, and the same
`Answer` goes from the dialogue, an answers file or a phone into SQLite and from there into the opsamling.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aktorskab_cli.rules.numbers import danish_number

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda

def new_uuid() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    """Now, with this machine's UTC offset, to the second: how every stored time is written."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def is_rehearsal(speed: float | None) -> bool:
    """A run at another speed than the room's (`run --speed`): a rehearsal, never a meeting held; its day clock
    stands still while it is paused. The one rule for the live screen, `show`, the opsamling, the programme
    and the archive (`Session.rehearsal`)."""
    return (speed or 1.0) != 1


def meeting_day(started: dt.date | None, agenda_date: dt.date | None, *, at_clock_pace: bool) -> dt.date | None:
    """The day a meeting was held, the one rule for `sessions`, `show`, the programme, the opsamling and the
    archive: the day it ran live at the clock's pace. An import (flip-chart answers typed in after the meeting)
    and a rehearsal (a run at another speed, standing for the meeting it rehearses) take the agenda's date
    (`import --date`, or the agenda's own), else the day they were run or imported."""
    if at_clock_pace and started:
        return started
    return agenda_date or started


STATUS_LABELS = {"running": "i gang", "stopped": "stoppet", "finished": "afsluttet", "imported": "importeret"}


@dataclass(frozen=True)
class Event:
    """One timing event of a live run, as stored: what happened, when on the run clock, to which item."""

    kind: str  # start, pause, resume, stop, extend, next, skip, back, finish
    at: float
    item_id: str | None = None
    value: float | None = None  # start: the agenda clock; extend: minutes


@dataclass(frozen=True)
class Answer:
    """One group's answer to an item. `question` is 1-based, like the answers file; `category` is a
    category id of the item's frame. `id`, `created` and `edited` are the store's; `source` names the
    meeting where several are combined."""

    item_id: str
    group: str
    text: str
    question: int | None = None
    category: str | None = None
    id: int | None = None
    created: str | None = None  # ISO 8601 with offset
    edited: str | None = None
    session_id: str | None = None  # the meeting, as the opsamling names it (set there, never stored)
    source: str | None = None
    uuid: str | None = None  # stable identity on every machine and in the archive; the store's
    hidden: bool = False  # hidden by the facilitator: kept in the store, never shown or exported
    phone: str | None = None  # the phone that sent it (its cookie id); None when typed

    def named(self, session_id: str, source: str | None, group: str | None = None) -> Answer:
        """This answer naming its meeting (and its group as the documents write it); `dataclasses.replace`
        does the same ~20 times slower (it re-runs __init__ through the fields), which was the slowest step
        of exporting 5,000 answers."""
        copy = object.__new__(Answer)
        copy.__dict__.update(self.__dict__, session_id=session_id, source=source, group=group or self.group)
        return copy

    @property
    def mark(self) -> str:
        """'Gruppe 2', or in a combined opsamling 'Gruppe 2 · 7. april 2026'."""
        return f"{self.group} · {self.source}" if self.source else self.group


@dataclass(frozen=True)
class Session:
    id: int
    agenda_name: str
    title: str
    status: str
    started: str
    ended: str | None
    groups: int | None
    speed: float
    note: str | None
    answers: int
    agenda_json: str = field(repr=False)
    agenda_toml: str = field(repr=False)
    uuid: str | None = None  # stable identity on every machine and in the archive

    @property
    def agenda(self) -> Agenda:
        from aktorskab_cli.agenda.snapshot import agenda_from_json

        return agenda_from_json(self.agenda_json)

    @property
    def started_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.started)

    @property
    def at_clock_pace(self) -> bool:
        """Run live at the room's pace: not an import (answers typed in afterwards) and not a rehearsal. The one
        rule for which day a meeting was held (`meeting_day`), here and in the opsamling."""
        return self.status != "imported" and not self.rehearsal

    @property
    def meeting_date(self) -> dt.date:
        """The day the meeting was held (`meeting_day`), the agenda's date read from its snapshot."""
        import json

        started = self.started_at.date()
        at_clock_pace = self.at_clock_pace
        given = None if at_clock_pace else json.loads(self.agenda_json or "{}").get("date")  # parsed only if needed
        return meeting_day(started, dt.date.fromisoformat(given) if given else None, at_clock_pace=at_clock_pace) or started

    @property
    def place(self) -> str | None:
        """Where the meeting was held, as its agenda snapshot says (read without resolving the whole agenda)."""
        import json

        return json.loads(self.agenda_json or "{}").get("place")

    @property
    def rehearsal(self) -> bool:
        """Run at another speed than the clock's (`run --speed`): a rehearsal, never a meeting held."""
        return is_rehearsal(self.speed)

    @property
    def speed_label(self) -> str:
        """'60', '0,5': the speed the Danish way."""
        return danish_number(self.speed)

    @property
    def status_label(self) -> str:
        """'afsluttet', or 'afsluttet · prøve 60×' for a run at another speed than the clock's (a rehearsal)."""
        label = STATUS_LABELS.get(self.status, self.status)
        return f"{label} · prøve {self.speed_label}×" if self.rehearsal else label
