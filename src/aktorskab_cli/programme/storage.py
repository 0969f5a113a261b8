"""The programme in SQLite: the only module that reads or writes `plan_programmes`, `plan_links` and
`plan_changes` (store/migrations.py m006).

Every function that writes commits before it returns (synchronous=FULL: on disk), so a screen may draw a
status only after it is stored – the same promise as for answers: kill -9 loses nothing committed. Inside
`store.transaction()` they join the caller's transaction instead (all or nothing with the session).
Status changes are only ever added; the table's triggers refuse anything else.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from aktorskab_cli.programme.document import CHANGE_FIELDS, change_of, programme_json, programme_of, stamp, when_text
from aktorskab_cli.programme.model import (
    EntryState, Held, Origin, Programme, StatusChange, new_change, states,
)

if TYPE_CHECKING:
    from aktorskab_cli.programme.when import When
    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Session

_CHANGE_COLUMNS = "uuid, programme, entry, status, note, set_at, session, origin, due"  # due: m012


# ------------------------------------------------------------------ programmes used on this laptop


def remember_programme(store: Store, programme: Programme, toml_text: str) -> None:
    """Keep the programme as it is now, so every command (and the archive) can show it without the file."""
    from aktorskab_cli.store.db import now_iso

    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO plan_programmes (key, title, body, toml, used) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET title = excluded.title, body = excluded.body, toml = excluded.toml, "
            "used = excluded.used",
            (programme.key, programme.title, programme_json(programme), toml_text, now_iso()))


def stored_programme(store: Store, key: str) -> tuple[Programme, str] | None:
    """The programme of that key as last used here, and its file's text; None when none is kept."""
    row = store.conn.execute("SELECT body, toml FROM plan_programmes WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    try:
        return programme_of(json.loads(row[0])), row[1]
    except ValueError:
        return None


def programme_used(store: Store, key: str) -> str | None:
    """When the programme of that key was last used here (ISO 8601): which of several laptops' versions of
    it is the newest (the archive keeps them all)."""
    row = store.conn.execute("SELECT used FROM plan_programmes WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def last_used_programme(store: Store) -> str | None:
    """The key of the programme used here most recently, or None when none has been."""
    row = store.conn.execute("SELECT key FROM plan_programmes ORDER BY used DESC, key LIMIT 1").fetchone()
    return None if row is None else row[0]


def stored_programme_keys(store: Store) -> list[str]:
    return [k for (k,) in store.conn.execute("SELECT key FROM plan_programmes ORDER BY key")]


# ------------------------------------------------------------------ meetings held for an entry


def link_session(store: Store, session_id: int, programme: str, entry: str) -> None:
    """Meeting `session_id` is held for `entry` of `programme` (a meeting belongs to one entry at most)."""
    with store.transaction() as conn:
        conn.execute("INSERT INTO plan_links (session_id, programme, entry) VALUES (?, ?, ?) "
                     "ON CONFLICT (session_id) DO UPDATE SET programme = excluded.programme, entry = excluded.entry",
                     (session_id, programme, entry))


def session_link(store: Store, session_id: int) -> tuple[str, str] | None:
    """(programme, entry) the meeting was held for, or None."""
    row = store.conn.execute("SELECT programme, entry FROM plan_links WHERE session_id = ?", (session_id,)).fetchone()
    return (row[0], row[1]) if row else None


def held_meetings(store: Store, programme: str) -> list[Held]:
    """The meetings held here for the programme's entries, and those `plan pull` fetched that were held
    elsewhere (a meeting also here counts as here). A rehearsal (`run --speed`) is never a meeting held."""
    links = dict(store.conn.execute("SELECT session_id, entry FROM plan_links WHERE programme = ?", (programme,)))
    here = [held_of(s, links[s.id]) for s in store.sessions() if s.id in links and not s.rehearsal] if links else []
    rows = store.conn.execute("SELECT session_uuid, entry, day, title, place, held_at FROM plan_held_elsewhere "
                              "WHERE programme = ? AND session_uuid NOT IN (SELECT uuid FROM sessions "
                              "WHERE uuid IS NOT NULL) ORDER BY held_at, session_uuid", (programme,))
    return here + [Held(r[0], None, r[1], dt.date.fromisoformat(r[2]), r[3], r[4], dt.datetime.fromisoformat(r[5]))
                   for r in rows]


def numbered_here(store: Store, held: Iterable[Held]) -> list[Held]:
    """Meetings held (from the archive), each that is also on this laptop with its number here."""
    import dataclasses

    numbers = dict(store.conn.execute("SELECT uuid, id FROM sessions WHERE uuid IS NOT NULL"))
    return [dataclasses.replace(h, number=numbers[h.session]) if h.session in numbers else h for h in held]


def put_held_elsewhere(store: Store, programme: str, held: Iterable[Held]) -> int:
    """Keep meetings held for the programme on other laptops (fetched from the archive); the ones already
    kept are left as they are, and a meeting that is on this laptop (pushed from here, or pulled) was not
    held elsewhere. One transaction; returns how many were new."""
    with store.transaction() as conn:
        here = {u for (u,) in conn.execute("SELECT uuid FROM sessions WHERE uuid IS NOT NULL")}
        before = conn.total_changes
        conn.executemany("INSERT OR IGNORE INTO plan_held_elsewhere (session_uuid, programme, entry, day, title, "
                         "place, held_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(h.session, programme, h.entry, h.date.isoformat(), h.title, h.place, stamp(h.at))
                          for h in held if h.session not in here])
        return conn.total_changes - before


def held_of(session: Session, entry: str) -> Held:
    """A stored meeting as a meeting held for `entry`: its day, title and place, and the time that orders it
    among the status changes (`held_at`)."""
    return Held(session.uuid or "", session.id, entry, session.meeting_date, session.title, session.place,
                held_at(session))


def held_at(session: Session) -> dt.datetime:
    """When a meeting counts as held, in UTC: when it started; an import dated to an earlier day, that day's start."""
    started = session.started_at
    day = session.meeting_date
    at = started if started.date() == day else dt.datetime.combine(day, dt.time(0), started.tzinfo)
    return at.astimezone(dt.timezone.utc)


# ------------------------------------------------------------------ status changes (insert only)


def record_change(store: Store, change: StatusChange) -> None:
    """Store one status change; committed (on disk) when this returns."""
    record_changes(store, [change])


def record_changes(store: Store, changes: Sequence[StatusChange]) -> None:
    """Store status changes in one transaction: all or none."""
    with store.transaction() as conn:
        conn.executemany(f"INSERT INTO plan_changes ({_CHANGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [_row(c) for c in changes])


def record_status(store: Store, programme: str, entry: str, status: str, *, note: str = "",
                  session: str | None = None, origin: Origin = "live", due: When | None = None) -> StatusChange:
    """Set `status` (an id of model.STATUSES) for an entry now (`due`: moved there); returns the change, already
    on disk. The caller has checked that the entry exists (`Programme.entry`) and read the status (`parse_status`)."""
    change = new_change(programme, entry, status, note=note, session=session, origin=origin, due=due)
    record_change(store, change)
    return change


def put_changes(store: Store, changes: Iterable[StatusChange]) -> int:
    """Store changes made elsewhere (pulled, imported): the ones already here (by uuid) are left as they are.
    One transaction; returns how many were new."""
    with store.transaction() as conn:
        before = conn.total_changes
        conn.executemany(f"INSERT OR IGNORE INTO plan_changes ({_CHANGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [_row(c) for c in changes])
        return conn.total_changes - before


def status_changes(store: Store, programme: str, entry: str | None = None, *,
                   own: str | None = None) -> list[StatusChange]:
    """The programme's changes (or one entry's), oldest first. A change set in a rehearsal (`run --speed`) is
    practice, never the programme's: left out, but for the session `own` (its own screen shows its changes).
    The rehearsals are found by `store.records.is_rehearsal` said in SQL: change the two together."""
    sql = (f"SELECT {_CHANGE_COLUMNS} FROM plan_changes WHERE programme = ? AND (session IS NULL OR session = ? "
           "OR session NOT IN (SELECT uuid FROM sessions WHERE COALESCE(speed, 1) != 1))")
    args: list[object] = [programme, own]
    if entry is not None:
        sql += " AND entry = ?"
        args.append(entry)
    rows = store.conn.execute(sql + " ORDER BY set_at, uuid", args).fetchall()
    return [_change(r) for r in rows]


def session_changes(store: Store, session_uuid: str) -> list[StatusChange]:
    """The status changes set in one meeting (its uuid), of any programme, oldest first: what the meeting
    said about the programme (its opsamling, its JSON export)."""
    rows = store.conn.execute(f"SELECT {_CHANGE_COLUMNS} FROM plan_changes WHERE session = ? ORDER BY set_at, uuid",
                              (session_uuid,)).fetchall()
    return [_change(r) for r in rows]


def _change(row: Sequence[object]) -> StatusChange:
    return change_of(dict(zip(CHANGE_FIELDS, row)))


def _row(c: StatusChange) -> tuple[object, ...]:
    return (c.uuid, c.programme, c.entry, c.status, c.note, stamp(c.set_at), c.session, c.origin,
            None if c.due is None else when_text(c.due))


# ------------------------------------------------------------------ what follows


def entry_states(store: Store, programme: Programme, *, own: str | None = None) -> list[EntryState]:
    """Each entry with its status, trail and meetings held here, read in one consistent snapshot (`own`: a
    rehearsal whose own changes count here, see `status_changes`)."""
    with store.snapshot():
        changes = status_changes(store, programme.key, own=own)
        held = held_meetings(store, programme.key)
    return states(programme, changes, held)
