"""What the web app knows about its one session: the store (on its own connection and thread, answers
committed together), the item phones answer now, the groups, the rate limits (`web/limits.py`), the one-time
forms, the live streams' places, and the signal that wakes the live streams.

No global state: one `RoomState` per app, kept in `app.state.room`.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from aktorskab_cli.agenda.model import Agenda, Item
from aktorskab_cli.live.engine import replay
from aktorskab_cli.live.followup import Followup
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import Store, open_reader
from aktorskab_cli.rules.groups import group_number, normalise_group
from aktorskab_cli.web.limits import RateLimits

T = TypeVar("T")

MAX_STREAMS = 20  # participants' live pages (the projector page opened elsewhere than the laptop) at once …
STREAMS_PER_ADDRESS = 2  # … and from one address
ONCE_KEPT = 20_000  # forms remembered for `once` (a form is sent again within seconds, not hours)
KEPT = 20_000  # pieces kept (`keep`): a meeting's answers as listed, each as its own phone and the others see it,
# the items' headings, the phones' cookies as read
_FAILED = object()
_MISSING = object()


def pick_item(agenda: Agenda, chosen: str | None, index: int | None) -> Item | None:
    """The item phones answer: the facilitator's choice; else, in a live run standing at `index`, its current
    item when it is a dialogue or a followup, or the last dialogue before it (groups finish writing into the
    break), and nothing before the day's first dialogue (no questions during breakfast); else (`index` None: a
    meeting without a live run, such as an imported one) the first dialogue item of the agenda."""
    if chosen and (item := agenda.item(chosen)) is not None:
        return item
    if index is None:
        return next((i for i in agenda.items if i.is_dialogue), None)
    if agenda.items[index].is_followup:  # while it runs, phones may suggest statuses
        return agenda.items[index]
    return next((agenda.items[i] for i in range(index, -1, -1) if agenda.items[i].is_dialogue), None)


@dataclass
class RoomState:
    store: Store  # its own connection, used only from `executor`'s one thread
    session_id: int
    agenda: Agenda
    room: rooms.Room
    base_url: str  # http://192.168.1.20:8000, as phones reach it
    laptop: set[str]  # client addresses that are the laptop itself (the facilitator's page)
    group_count: int | None = None
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, "aktorskab-db"))
    closing: bool = False
    streams: int = 0  # participants' live streams open now (the laptop's are not counted)
    _stream_addresses: Counter[str] = field(default_factory=Counter)
    limits: RateLimits = field(default_factory=RateLimits)  # the rate limits, and what they refused
    _replayed: tuple[int, int | None] = (-1, None)  # (events seen, item index) of the last replay
    _followups: dict[str, Followup] = field(default_factory=dict)  # per followup item, opened once
    _followups_seen: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # as `_item`: when last read
    _groups: tuple[tuple[int, int], list[str]] | None = None  # ((connection, data_version), groups)
    _item: dict[int, tuple[tuple[int, int], Item | None]] = field(default_factory=dict)  # connection → ((data_version, version), item)
    version: int = 0  # counts this server's own changes (`bump`): with the store's data_version, what the streams watch
    _changed: asyncio.Event | None = None
    kept: dict[tuple, object] = field(default_factory=dict)  # `keep`, oldest first
    _once: dict[tuple[str, str], asyncio.Future] = field(default_factory=dict)  # oldest first
    _writes: list[tuple[Callable[..., object], tuple, asyncio.Future]] = field(default_factory=list)  # to commit
    _committing: bool = False
    _committer: asyncio.Task | None = None
    reader: Store | None = None  # a second connection to the same file, only for reading on the loop's thread (`read`)

    def __post_init__(self) -> None:
        if self.reader is None:
            self.reader = open_reader(self.store.path)

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/{self.room.join_code}"

    @property
    def facilitator_path(self) -> str:
        return f"/styr/{self.room.secret}"

    # the store, on its own thread -----------------------------------------------------------------
    async def db(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(store, *args)` on the store's thread: one connection, one writer at a time, and the
        event loop free while SQLite syncs to disk."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, self.store, *args)

    def read(self, fn: Callable[..., T | None], *args: object) -> T | None:
        """`fn(reader, *args)` here, on the event loop's thread, with the room's reading connection: for a phone's
        page, whose few indexed SELECTs cost less than the hop to the store's thread and back (and never wait
        there behind a commit's sync). A reader in WAL mode neither waits for a writer nor syncs; should SQLite
        still say busy (a moment of WAL recovery) it says so at once (timeout 0: the loop never waits on a lock)
        and this returns None, as `fn` does for what it leaves to `db`: the caller then goes by `db`."""
        try:
            return fn(self.reader, *args)
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return None
            raise

    async def write(self, fn: Callable[..., T], *args: object) -> T:
        """`fn(store, *args)` in one transaction with the other writes that arrived meanwhile (group commit:
        one sync to disk for all of them, while the next ones gather); returns only once that transaction
        is committed. A write that raises is undone alone (a savepoint) and raises here; the others go on."""
        done = asyncio.get_running_loop().create_future()
        self._writes.append((fn, args, done))
        if not self._committing:
            self._committing = True
            self._committer = asyncio.get_running_loop().create_task(self._commit_writes())  # held: not collected
        return await done

    async def _commit_writes(self) -> None:
        try:
            while self._writes:
                batch, self._writes = self._writes, []
                try:
                    outcomes = await self.db(Store.in_one_transaction, [(fn, args) for fn, args, _ in batch])
                except Exception as exc:  # the commit itself failed: none of them is stored
                    outcomes = [(False, exc)] * len(batch)
                for (_, _, done), (ok, value) in zip(batch, outcomes):
                    if not done.done():  # its request may have gone (the phone left)
                        done.set_result(value) if ok else done.set_exception(value)
        finally:
            self._committing = False

    async def committed(self) -> int:
        """A number that changes whenever any connection committed (this server's store, `run`, an import):
        the reading connection's data_version, read here on the loop, so the live streams that look after each
        change add no hop to the store's thread, which the answers' commits need; read there only when SQLite
        says busy (the two connections count apart: a switch is at most one needless event)."""
        seen = self.read(Store.data_version)
        return seen if seen is not None else await self.db(Store.data_version)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.reader.close()
        try:
            rooms.forget_old_withdrawals(self.store)  # no withdrawn text left behind longer than needed
        finally:
            self.store.close()

    # the live streams --------------------------------------------------------------------------------
    def bump(self) -> None:
        """Something changed here: wake every live stream now (they also look every second)."""
        self.version += 1
        if self._changed is not None:
            self._changed.set()
        self._changed = asyncio.Event()

    async def wait_change(self, timeout: float) -> None:
        if self._changed is None:
            self._changed = asyncio.Event()
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            pass

    def take_stream(self, address: str, reserved: bool) -> bool:
        """A place for one live stream: always for a `reserved` one (the facilitator's, the laptop's
        projector); else while fewer than MAX_STREAMS are open, and STREAMS_PER_ADDRESS from `address`.
        Checked and counted in one step, with nothing awaited between: no two can take the last place."""
        if reserved:
            return True
        if self.streams >= MAX_STREAMS or self._stream_addresses[address] >= STREAMS_PER_ADDRESS:
            self.limits.refused["stream"] += 1
            return False
        self.streams += 1
        self._stream_addresses[address] += 1
        return True

    def give_stream_back(self, address: str, reserved: bool) -> None:
        if reserved:
            return
        self.streams -= 1
        self._stream_addresses[address] -= 1
        if not self._stream_addresses[address]:
            del self._stream_addresses[address]

    # the item phones answer -----------------------------------------------------------------------
    def answer_item(self, store: Store) -> Item | None:
        """`pick_item`, with the live run's position read from the stored events (replayed only when they
        changed): `serve` in its own process follows a `run` in another."""
        seen = (store.data_version(), self.version)  # no commit by another connection, no change here
        known = self._item.get(id(store.conn))  # per connection: the store's and the reader's each see their own
        if known is not None and known[0] == seen:
            return known[1]
        item = self._answer_item(store)
        self._item[id(store.conn)] = (seen, item)
        return item

    def _answer_item(self, store: Store) -> Item | None:
        chosen = rooms.current_item(store, self.session_id)
        if chosen and (item := self.agenda.item(chosen)) is not None:
            return item
        return self.agenda_item(store)

    def agenda_item(self, store: Store) -> Item | None:
        """The item the agenda (the live run's clock) opens when the facilitator has chosen none."""
        count = store.event_count(self.session_id)
        if count != self._replayed[0]:
            if count:
                index = replay(self.agenda, store.events(self.session_id)).index
            else:  # a run whose day has not started stands at its first item; an imported meeting has no run
                index = None if store.session(self.session_id).status == "imported" else 0
            self._replayed = (count, index)
        return pick_item(self.agenda, None, self._replayed[1])

    def followup(self, store: Store, item: Item) -> Followup:
        """A followup item's programme and entries (fixed when first opened, as on the live screen), with
        their statuses and suggestions read again only when something was committed since (elsewhere, or
        here): the phones' poll asks on every call, and most calls then read nothing."""
        seen = (id(store.conn), store.data_version(), self.version)
        found = self._followups.get(item.id)
        if found is None:
            found = self._followups[item.id] = Followup.open(store, self.agenda, item, self.session_id)
        elif self._followups_seen.get(item.id) != seen:
            found.refresh()
        self._followups_seen[item.id] = seen
        return found

    def is_open(self, store: Store, item: Item) -> bool:
        return item.id not in rooms.closed_items(store, self.session_id)

    def groups(self, store: Store) -> list[str]:
        """Gruppe 1 … N (the session's --groups, else 6 or as many as have answered), then named groups.

        Read again only when another connection committed (typed answers in `run`, an import): a phone
        answers as one of these groups, so nothing this server stores adds one."""
        seen = (id(store.conn), store.data_version())
        if self._groups is not None and self._groups[0] == seen:
            return self._groups[1]
        named = list(dict.fromkeys(map(normalise_group, rooms.answer_groups(store, self.session_id))))  # »gruppe 2«
        highest = max((n for n in map(group_number, named) if n), default=0)
        count = self.group_count or max(6, highest)
        names = [f"Gruppe {n}" for n in range(1, max(count, highest) + 1)]
        names += [g for g in named if g not in names]
        self._groups = (seen, names)
        return names

    def surely_listed(self, group: str) -> bool:
        """`group` is on `groups()`'s list whatever the answers hold: »Gruppe 1« up to the meeting's number of
        groups (else 6), with which that list always begins. Known without reading the store."""
        number = group_number(group)
        return number is not None and 1 <= number <= (self.group_count or 6) and group == f"Gruppe {number}"

    def keep(self, key: tuple, make: Callable[[], T]) -> T:
        """`make()`, made once for `key` (a kind, then everything the result depends on) and then kept, the oldest
        going first past KEPT: what every page of a phone shows again (an answer as a group's list shows it, an
        item's heading and questions, a phone's cookie as read) costs a look-up instead of a rendering."""
        found = self.kept.get(key, _MISSING)
        if found is _MISSING:
            found = self.kept[key] = make()
            if len(self.kept) > KEPT:
                self.kept.pop(next(iter(self.kept)))
        return found  # type: ignore[return-value]

    # one-time form tokens ------------------------------------------------------------------------------
    async def once(self, phone: str, token: str, work: Callable[[], Awaitable[T]]) -> T:
        """`work()` once per form: the same POST again (a double tap, a Wi-Fi retry), even while the first
        is still being stored, gets the first one's result instead of doing it twice. A form without a
        token (`""`) is not deduplicated; one whose work failed may be sent again."""
        if not token:
            return await work()
        key = (phone, token)
        while True:
            earlier = self._once.get(key)
            if earlier is None:
                break
            result = await asyncio.shield(earlier)
            if result is not _FAILED:
                return result
        done = self._once[key] = asyncio.get_running_loop().create_future()
        while len(self._once) > ONCE_KEPT:
            self._once.pop(next(iter(self._once)))
        try:
            result = await work()
        except BaseException:
            del self._once[key]
            done.set_result(_FAILED)
            raise
        done.set_result(result)
        return result
