"""The programme as pure values, and its rules in one place.

A `Programme` (seed 002's »Aktørskab 2025-2026«) is a list of `Entry`s: what, who, when, and – for a
meeting to be held – the agenda it is held with. Its follow-up is a stream of `StatusChange` events, never
changed or deleted, and the meetings `Held` for its entries. What an entry's status *is* follows from both:

- The status is the latest event by time: every `StatusChange` by `set_at`, and every meeting held for the
  entry, which counts as a »gennemført« at the time it started (derived, never stored: its trail line says
  »møde holdt«). Equal times are settled by the event's uuid, so every laptop reaches the same answer.
  So a meeting entry with no change and a held meeting is »gennemført«; a change set after the meeting (»ændret«,
  say) wins over it, and a change set before it (»i gang«) gives way to it. An ongoing (»løbende«) entry's
  meetings are a series (a dialogue in every LMU): a meeting held counts as »i gang«, never closing it.
- With no event at all, the status is »ikke startet«.
- A change may move the entry (`due`: a new quarter or date, as a programme file writes `when`): from then on the
  entry is due by the newest one – the due of the latest change that carries one (a later change without one
  keeps it) – and its trail says »flyttet fra 2. kvartal 2026 til 3. kvartal 2026«.
- An entry is late when its due day (the last day of its last quarter, or its date; moved: the newest due's) has
  passed and its status is neither »gennemført« nor »droppet«. Ongoing entries are never late.
- A disagreement is two changes of one entry set on the same day (UTC) with different statuses: the latest
  holds, and `plan show` says that the other was set too.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from aktorskab_cli.programme.when import When

# The five statuses: the id stored and written by --json, and the Danish label everyone reads.
STATUS_LABELS = {
    "ikke-startet": "ikke startet",
    "i-gang": "i gang",
    "gennemfoert": "gennemført",
    "aendret": "ændret",
    "droppet": "droppet",
}
STATUSES = tuple(STATUS_LABELS)
NOT_STARTED, STARTED, DONE, DROPPED = "ikke-startet", "i-gang", "gennemfoert", "droppet"
CLOSED = frozenset({DONE, DROPPED})  # neither late nor up for follow-up
_STATUS_WORDS = {**{s: s for s in STATUSES}, **{label: s for s, label in STATUS_LABELS.items()},
                 "gennemfort": DONE, "aendret": "aendret", "ændret": "aendret", "andret": "aendret",
                 "ikke startet": NOT_STARTED, "i gang": "i-gang", "igang": "i-gang", "ikkestartet": NOT_STARTED}

FOLLOWUP_TITLE = "Opfølgning på handleplanen"  # the follow-up on screen, and its section in an opsamling

Origin = Literal["live", "answers", "set", "phone"]
ORIGIN_LABELS = {"live": "opfølgning på mødet", "answers": "svarfil", "set": "plan set", "phone": "forslag fra telefon"}
Kind = Literal["meeting", "task"]


def parse_status(text: str) -> str | None:
    """'gennemført', 'Gennemført', 'gennemfoert', 'i gang', 'i-gang' -> the status id; anything else -> None."""
    key = " ".join(text.split()).casefold()
    return _STATUS_WORDS.get(key) or _STATUS_WORDS.get(key.replace(" ", "-"))


def status_label(status: str) -> str:
    return STATUS_LABELS[status]


@dataclass(frozen=True)
class Source:
    """Where an entry came from: a meeting (its uuid) and the points of its synthesis (their uuids)."""

    meeting: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    id: str
    what: str
    who: str
    when: When
    agenda: str | None = None  # given: a meeting to be held with this agenda; absent: a task
    source: Source | None = None

    @property
    def kind(self) -> Kind:
        return "meeting" if self.agenda else "task"

    @property
    def name(self) -> str:
        """The entry named alone: its `what`, and its `who` when the `what` does not say it already – seed 002
        has four »Dialogmøder i OMU«, so one of them alone is »Dialogmøder i OMU: Sundhed og omsorg«. The one
        rule for `plan show`, `plan ics`, the status report, the followup item and the phones."""
        return f"{self.what}: {self.who}" if self.who and self.who not in self.what else self.what


@dataclass(frozen=True)
class Programme:
    key: str  # the name it goes by: the bundled name or the file's stem (»aktorskab-2025-2026«)
    title: str
    organisation: str | None
    entries: tuple[Entry, ...]

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


@dataclass(frozen=True)
class StatusChange:
    """One status set for one entry: an event, never changed or deleted."""

    uuid: str
    programme: str
    entry: str
    status: str  # an id of STATUSES
    note: str
    set_at: dt.datetime  # UTC
    session: str | None  # the uuid of the meeting it was set in
    origin: Origin
    due: When | None = None  # the entry moved to this quarter or date with this change; None: not moved

    @property
    def day(self) -> dt.date:
        return self.set_at.astimezone(dt.timezone.utc).date()


def new_change(programme: str, entry: str, status: str, *, note: str = "", session: str | None = None,
               origin: Origin = "set", at: dt.datetime | None = None, due: When | None = None) -> StatusChange:
    """A change set now (or at `at`), with a fresh uuid; `due` moves the entry."""
    if status not in STATUS_LABELS:
        raise ValueError(f"unknown status {status!r}")
    stamp = (at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    return StatusChange(str(uuidlib.uuid4()), programme, entry, status, note.strip(), stamp, session, origin, due)


@dataclass(frozen=True)
class Held:
    """A meeting held for an entry."""

    session: str  # uuid
    number: int | None  # the meeting's number on this laptop (None: known only from elsewhere)
    entry: str
    date: dt.date
    title: str
    place: str | None
    at: dt.datetime  # when it was held, to order it among the status changes (UTC)


@dataclass(frozen=True)
class TrailLine:
    """One line of an entry's trail: a change, or a meeting held (`held` set, status »gennemført«)."""

    status: str
    note: str
    at: dt.datetime
    session: str | None
    origin: Origin | Literal["held"]
    uuid: str
    due: When | None = None  # the change moved the entry here
    moved_from: When | None = None  # … from this (the planned `when`, or the due of the move before)

    @property
    def date(self) -> dt.date:
        return self.at.astimezone(dt.timezone.utc).date()

    @property
    def moved(self) -> str:
        """'flyttet fra 2. kvartal 2026 til 3. kvartal 2026', or '' for a line that moved nothing."""
        if self.due is None or self.moved_from is None:
            return ""
        return f"flyttet fra {self.moved_from.label} til {self.due.label}"


@dataclass(frozen=True)
class EntryState:
    """An entry with what follows from its events: status, trail (oldest first), meetings held."""

    entry: Entry
    status: str
    trail: tuple[TrailLine, ...]
    held: tuple[Held, ...]
    disagreements: tuple[tuple[StatusChange, StatusChange], ...] = field(default=())

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def when(self) -> When:
        """When the entry is due now: the newest due a change moved it to, else its planned `when`."""
        return next((line.due for line in reversed(self.trail) if line.due is not None), self.entry.when)

    @property
    def moved(self) -> bool:
        return self.when is not self.entry.when

    def late(self, today: dt.date) -> bool:
        return is_late(self.entry, self.status, today, self.when)


def trail(changes: Iterable[StatusChange], held: Iterable[Held], planned: When | None = None) -> list[TrailLine]:
    """Every change and every meeting held, in the order that decides (time, then uuid); a move says where from
    (`planned`, the entry's `when`, for the first). A meeting held is »gennemført«, for an ongoing entry »i gang«."""
    done = STARTED if planned is not None and planned.kind == "ongoing" else DONE  # one of a series: started
    lines = [TrailLine(c.status, c.note, c.set_at, c.session, c.origin, c.uuid, c.due) for c in changes]
    lines += [TrailLine(done, "møde holdt", h.at, h.session, "held", h.session) for h in held]
    lines.sort(key=lambda line: (line.at, line.uuid))
    out, before = [], planned
    for line in lines:
        if line.due is not None:
            line, before = replace(line, moved_from=before), line.due
        out.append(line)
    return out


def current_status(changes: Iterable[StatusChange], held: Iterable[Held] = ()) -> str:
    lines = trail(changes, held)
    return lines[-1].status if lines else NOT_STARTED


def is_late(entry: Entry, status: str, today: dt.date, when: When | None = None) -> bool:
    """`when`: the entry's due as moved (`EntryState.when`); else its planned `when`."""
    due = (when or entry.when).due
    return due is not None and due < today and status not in CLOSED


def disagreements(changes: Iterable[StatusChange]) -> list[tuple[StatusChange, StatusChange]]:
    """Pairs of changes of one entry set on the same day with different statuses: (earlier, later)."""
    ordered = sorted(changes, key=lambda c: (c.entry, c.set_at, c.uuid))
    out = []
    for a, b in zip(ordered, ordered[1:]):
        if a.entry == b.entry and a.day == b.day and a.status != b.status:
            out.append((a, b))
    return out


def states(programme: Programme, changes: Sequence[StatusChange], held: Sequence[Held]) -> list[EntryState]:
    """Each entry of the programme, in the file's order, with its status, trail and meetings held. Changes and
    meetings of entries the programme no longer has are left out."""
    by_entry: dict[str, list[StatusChange]] = {}
    for c in changes:
        if c.programme == programme.key:
            by_entry.setdefault(c.entry, []).append(c)
    held_by: dict[str, list[Held]] = {}
    for h in held:
        held_by.setdefault(h.entry, []).append(h)
    out = []
    for entry in programme.entries:
        mine = by_entry.get(entry.id, [])
        meetings = sorted(held_by.get(entry.id, []), key=lambda h: (h.date, h.at, h.session))
        lines = trail(mine, meetings, entry.when)
        out.append(EntryState(entry, lines[-1].status if lines else NOT_STARTED, tuple(lines), tuple(meetings),
                              tuple(disagreements(mine))))
    return out


def in_time_order(entry_states: Sequence[EntryState]) -> list[tuple[str, list[EntryState]]]:
    """The entries under their `when` (»4. kvartal 2025«, …) in time order, ongoing last; within one `when`,
    the file's order."""
    groups: dict[str, list[EntryState]] = {}
    order: dict[str, tuple] = {}
    for s in entry_states:
        label = s.entry.when.label
        groups.setdefault(label, []).append(s)
        order.setdefault(label, s.entry.when.order)
    return [(label, groups[label]) for label in sorted(groups, key=lambda lab: order[lab])]


def for_followup(entry_states: Sequence[EntryState], forum: str | None, today: dt.date) -> list[EntryState]:
    """What a follow-up item shows: the entries still open (neither »gennemført« nor »droppet«) that this
    forum owns (its name in the entry's `who`, or the other way round), or whose time has come (their first
    day is today or before). Ongoing entries count as due."""
    name = " ".join((forum or "").split()).casefold()
    out = []
    for s in entry_states:
        if s.status in CLOSED:
            continue
        who = " ".join(s.entry.who.split()).casefold()
        owned = bool(name and who) and (who in name or name in who)
        start = s.when.start
        if owned or start is None or start <= today:
            out.append(s)
    return out


@dataclass(frozen=True)
class PageLine:
    """One line of the programme as seed 002 prints it: an entry's `what`; or, for several entries in a row
    under one `when` with the same `what`, that `what` as a heading and each entry's `who` as a bullet."""

    what: str
    entries: tuple[EntryState, ...]

    @property
    def bullets(self) -> tuple[str, ...]:
        return tuple(s.entry.who for s in self.entries) if len(self.entries) > 1 else ()


def page(entry_states: Sequence[EntryState]) -> list[tuple[str, list[PageLine]]]:
    """The programme's page: each `when` (in time order) with its lines (seed 002's last page)."""
    out = []
    for label, group in in_time_order(entry_states):
        lines: list[PageLine] = []
        for s in group:
            if lines and lines[-1].what == s.entry.what:
                lines[-1] = PageLine(s.entry.what, lines[-1].entries + (s,))
            else:
                lines.append(PageLine(s.entry.what, (s,)))
        out.append((label[:1].upper() + label[1:], lines))  # a heading: »Løbende«, as »4. kvartal 2025«
    return out
