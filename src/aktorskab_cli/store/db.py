"""Sessions, timing events and answers in one SQLite file; every write is its own transaction. The answers' SQL
is `store/answers.py`, which `Store` inherits."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.agenda.snapshot import agenda_to_json
from aktorskab_cli.errors import AktorskabError, BadInput, os_reason
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.numbers import parse_number
from aktorskab_cli.store.answers import AnswerTable
from aktorskab_cli.store.lock import SessionLock, lock_path
from aktorskab_cli.store.migrations import MIGRATIONS, current_version, migrate
from aktorskab_cli.store.paths import db_path
from aktorskab_cli.store.records import Answer, Event, Session, new_uuid, now_iso


def chunked(values: list[str], size: int = 500) -> Iterator[list[str]]:
    """`values` in pieces that fit in one statement (SQLite's limit on parameters)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def first_row(conn: sqlite3.Connection, sql: str, values: list[str], *args: object) -> tuple | None:
    """The first row `sql` finds for any of `values`, asked in chunks: `sql` writes its IN list as {marks},
    and its other parameters (`args`) come after it."""
    for chunk in chunked(values):
        row = conn.execute(sql.format(marks=", ".join("?" * len(chunk))), (*chunk, *args)).fetchone()
        if row is not None:
            return row
    return None


_SESSION_COLUMNS = ("s.id, s.agenda_name, s.title, s.status, s.started, s.ended, s.groups, s.speed, s.note, "
                    "(SELECT COUNT(*) FROM answers a WHERE a.session_id = s.id AND NOT a.hidden), "
                    "s.agenda_json, s.agenda_toml, s.uuid")


class Store(AnswerTable):
    """One open database. Methods that write commit before they return."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._depth = 0  # writes nested in a `transaction()` join it

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (and on disk, synchronous=FULL) when the block ends. Inside
        another one it joins it: the outer block commits or rolls back everything."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.conn:  # commits on success, rolls back on error
                self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
        finally:
            self._depth = 0

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """Several writes (the store's methods, the synthesis, the votes) as one: all or nothing."""
        return self._write()

    def in_one_transaction(self, jobs: list[tuple[Callable[..., object], tuple]]) -> list[tuple[bool, object]]:
        """Group commit: each `fn(store, *args)` in a savepoint of its own, all in one transaction (one sync
        to disk). A job that raises is undone alone. Returns, in order, (True, result) or (False, exception);
        if the commit itself fails, it raises and none of them is stored (a lone job: its outcome says so)."""
        outcomes: list[tuple[bool, object]] = []
        if len(jobs) == 1:  # alone, a job that raises undoes the whole transaction: no savepoint needed
            fn, args = jobs[0]
            try:
                with self._write():
                    return [(True, fn(self, *args))]
            except Exception as exc:  # noqa: BLE001 - its own failure or the commit's: either way, none stored
                return [(False, exc)]
        with self._write() as conn:
            for fn, args in jobs:
                conn.execute("SAVEPOINT one_job")
                try:
                    outcomes.append((True, fn(self, *args)))
                except Exception as exc:  # noqa: BLE001 - handed back to the one caller it belongs to
                    conn.execute("ROLLBACK TO one_job")
                    outcomes.append((False, exc))
                conn.execute("RELEASE one_job")
        return outcomes

    # sessions -----------------------------------------------------------------------------------
    def create_session(self, agenda: Agenda, toml_text: str, *, status: str = "running",
                       groups: int | None = None, speed: float = 1.0, answers: list[Answer] = ()) -> int:
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO sessions (agenda_name, agenda_toml, agenda_json, title, status, started, groups, speed, "
                "uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (agenda.name, toml_text, agenda_to_json(agenda), agenda.title, status, now_iso(), groups, speed,
                 new_uuid()))
            session_id = cur.lastrowid
            self._insert_answers(session_id, answers)
        return session_id

    def sessions(self) -> list[Session]:
        rows = self.conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions s ORDER BY s.id DESC").fetchall()
        return [Session(*row) for row in rows]

    def session(self, ref: str | int) -> Session:
        """A session by id, or `latest` for the newest one."""
        text = str(ref).strip().lower()
        if text in ("latest", "seneste", "sidste"):
            row = self.conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions s ORDER BY s.id DESC LIMIT 1").fetchone()
            if row is None:
                raise BadInput(f"Der er ingen møder endnu. Start et med: {command('run temadag')}")
            return Session(*row)
        number = parse_number(text)
        if number is None:
            raise BadInput(f"»{ref}« er ikke et mødenummer; brug et tal fra {command('sessions')} eller latest")
        row = self.conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE s.id = ?", (number,)).fetchone()
        if row is None:
            raise BadInput(f"Møde {text} findes ikke; se møderne med: {command('sessions')}")
        return Session(*row)

    def session_by_uuid(self, session_uuid: str) -> Session | None:
        row = self.conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE s.uuid = ?",
                                (session_uuid,)).fetchone()
        return Session(*row) if row else None

    def put_session(self, session: Session, answers: list[Answer], events: list[Event]) -> int:
        """Store a whole session as it is elsewhere (pulled from the archive), keeping its uuid, times and
        status: a new local session, or the local one with the same uuid replaced. One transaction."""
        with self._write():
            row = self.conn.execute("SELECT id FROM sessions WHERE uuid = ?", (session.uuid,)).fetchone()
            values = (session.agenda_name, session.agenda_toml, session.agenda_json, session.title, session.status,
                      session.started, session.ended, session.groups, session.speed, session.note)
            if row is None:
                session_id = self.conn.execute(
                    "INSERT INTO sessions (agenda_name, agenda_toml, agenda_json, title, status, started, ended, "
                    "groups, speed, note, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, session.uuid)).lastrowid
            else:
                session_id = row[0]
                self.conn.execute(
                    "UPDATE sessions SET agenda_name = ?, agenda_toml = ?, agenda_json = ?, title = ?, status = ?, "
                    "started = ?, ended = ?, groups = ?, speed = ?, note = ? WHERE id = ?", (*values, session_id))
                # hidden answers never leave this machine, so they are kept here (and stay hidden, should
                # the other copy have one of them still shown: it was pushed before it was hidden)
                self.conn.execute("DELETE FROM answers WHERE session_id = ? AND NOT hidden", (session_id,))
                self.conn.execute("DELETE FROM events WHERE session_id = ?", (session_id,))
                kept = {u for (u,) in self.conn.execute("SELECT uuid FROM answers WHERE session_id = ?", (session_id,))}
                answers = [a for a in answers if a.uuid not in kept]
            self._insert_answers(session_id, answers)
            self.conn.executemany(
                "INSERT INTO events (session_id, at, kind, item_id, value) VALUES (?, ?, ?, ?, ?)",
                [(session_id, e.at, e.kind, e.item_id, e.value) for e in events])
        return session_id

    def newest_with_answers(self) -> Session | None:
        row = self.conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE EXISTS "
                                "(SELECT 1 FROM answers a WHERE a.session_id = s.id) ORDER BY s.id DESC LIMIT 1").fetchone()
        return Session(*row) if row else None

    def set_status(self, session_id: int, status: str) -> None:
        ended = now_iso() if status in ("finished", "stopped") else None
        with self._write():
            self.conn.execute("UPDATE sessions SET status = ?, ended = ? WHERE id = ?", (status, ended, session_id))

    def note(self, session_id: int) -> str | None:
        """The session's note (the opsamling's closing text, »Opsamlende«)."""
        row = self.conn.execute("SELECT note FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return row[0] if row else None

    def set_note(self, session_id: int, note: str | None) -> None:
        with self._write():
            self.conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, session_id))

    def delete_session(self, session_id: int, *, forget_number: bool = False) -> None:
        """Delete a session, its events and answers; secure_delete and a checkpoint leave no copy behind.
        `forget_number`: a meeting that never began (quit before the day started) gives its number back when
        it was the newest, so the first real meeting is still number 1.

        Refused (exit 2) while the meeting runs live in another window: its run holds the session lock."""
        lock = SessionLock(self.path, session_id, busy=(
            f"Møde {session_id} kører lige nu i et andet vindue eller på en anden skærm og kan ikke slettes. "
            "Afslut mødet dér først (q), og slet det så. Intet er slettet."))
        try:
            with self._write():
                self.conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
                if forget_number:
                    self.conn.execute("UPDATE sqlite_sequence SET seq = (SELECT COALESCE(MAX(id), 0) FROM sessions) "
                                      "WHERE name = 'sessions'")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            lock.release()  # before the unlink: Windows cannot remove a file that is open
        lock_path(self.path, session_id).unlink(missing_ok=True)

    # events -------------------------------------------------------------------------------------
    def add_event(self, session_id: int, event: Event) -> None:
        with self._write():
            self.conn.execute("INSERT INTO events (session_id, at, kind, item_id, value) VALUES (?, ?, ?, ?, ?)",
                              (session_id, event.at, event.kind, event.item_id, event.value))

    def save_run_clock(self, session_id: int, at: float) -> None:
        """Where a running rehearsal's clock is now (one row per session, replaced)."""
        with self._write():
            self.conn.execute("INSERT OR REPLACE INTO run_clock (session_id, at) VALUES (?, ?)", (session_id, at))

    def run_clock(self, session_id: int) -> float | None:
        """The rehearsal clock last saved for a session (None: never saved)."""
        row = self.conn.execute("SELECT at FROM run_clock WHERE session_id = ?", (session_id,)).fetchone()
        return None if row is None else row[0]

    def event_count(self, session_id: int) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM events WHERE session_id = ?", (session_id,)).fetchone()[0]

    def data_version(self) -> int:
        """Changes whenever another connection (another process, `run`'s own) committed since the last call:
        what a long-lived reader compares before trusting what it read before."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def events(self, session_id: int) -> list[Event]:
        rows = self.conn.execute("SELECT kind, at, item_id, value FROM events WHERE session_id = ? ORDER BY id",
                                 (session_id,)).fetchall()
        return [Event(*row) for row in rows]

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A consistent read of everything, while a run may be writing (WAL lets both go on)."""
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:  # SQLite ends it itself on an I/O error: the error is what to tell
                self.conn.execute("COMMIT")


class NoDatabase(BadInput):
    """Nothing recorded yet: a reading command found no database file."""


def open_store(path: Path | None = None, *, create: bool = True, write: bool = True) -> Store:
    """Open (and create or upgrade) the database; a file we cannot use is refused clearly.

    Commands that only read pass `create=False`, so looking never leaves an empty database behind, and
    `write=False`, so a database on a read-only medium or a full disk can still be read (opened read-only
    when its schema is current; an older one is upgraded first, which needs writing).
    """
    target = db_path(path)
    if not create and not target.exists():
        raise NoDatabase(f"Der er ingen møder endnu (ingen database i {target}). Start et med: {command('run temadag')}")
    if not write and target.is_file():
        store = _open_read_only(target)
        if store is not None:
            return store
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"Mappen til databasen kan ikke oprettes: {target.parent} ({os_reason(exc)})") from None
    if target.is_dir():
        raise BadInput(f"{target} er en mappe; --db skal pege på en fil")
    try:
        conn = sqlite3.connect(target, timeout=10, isolation_level=None, check_same_thread=False)
        conn.isolation_level = None
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        _refuse_newer(conn, target, current_version(conn))
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise database_error(exc, target) from None
    return Store(conn, target)


def _refuse_newer(conn: sqlite3.Connection, target: Path, version: int) -> None:
    """A database at a schema `version` this aktorskab does not know (a newer one wrote it) is closed untouched
    and refused (exit 2), opened for writing or for reading only."""
    if version > len(MIGRATIONS):
        conn.close()
        raise BadInput(
            f"Databasen {target} er fra en nyere version af aktorskab (skema {version}); denne version kender "
            f"op til skema {len(MIGRATIONS)}. Opdater aktorskab – databasen er ikke rørt.")


def open_reader(path: Path) -> Store:
    """Another connection to the database file `path` (open already) that only reads (query_only) and never
    waits for a lock (timeout 0: SQLite says busy at once); it may be used on another thread than its opener's."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    return Store(conn, path)


def _open_read_only(target: Path) -> Store | None:
    """The database opened for reading only, or None when it is not at the current schema (or not readable
    so: the ordinary open then tells why). On a read-only medium SQLite cannot make the WAL's shared-memory
    file; opened as immutable it reads the file as it is, which is right there, as no one can change it."""
    wal = target.with_name(target.name + "-wal")
    unsaved = wal.exists() and wal.stat().st_size > 0  # immutable would not see what the WAL holds
    for options in ("mode=ro",) if unsaved else ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?{options}", uri=True, timeout=10,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.DatabaseError:
            continue
        try:
            conn.execute("PRAGMA query_only = ON")
            version = conn.execute("SELECT COALESCE(MAX(version), 0) FROM _migrations").fetchone()[0]
        except sqlite3.DatabaseError:
            conn.close()
            continue
        _refuse_newer(conn, target, version)
        if version < len(MIGRATIONS):
            conn.close()
            return None
        conn.execute("PRAGMA foreign_keys = ON")
        return Store(conn, target)
    return None


def database_error(exc: sqlite3.DatabaseError, target: Path) -> AktorskabError:
    """What to tell the user when SQLite refuses, at open or later in a command."""
    message = str(exc)
    if "not a database" in message or "malformed" in message:
        return BadInput(f"{target} er ikke en aktorskab-database (eller den er beskadiget); "
                        "angiv en anden fil med --db")
    if "readonly" in message or "unable to open" in message:
        return BadInput(f"Databasen {target} kan ikke åbnes til skrivning (skrivebeskyttet eller utilgængelig); "
                        "vælg en anden placering med --db")
    if "locked" in message or "busy" in message:
        return AktorskabError(f"Databasen {target} er optaget af et andet program lige nu; prøv igen om lidt")
    if "disk is full" in message or "disk I/O" in message:
        return AktorskabError(f"Databasen {target} kan ikke skrives: disken er fuld eller utilgængelig. "
                              "Intet, der allerede er gemt, er tabt")
    return AktorskabError(f"Databasen {target} kan ikke bruges: {message}")
