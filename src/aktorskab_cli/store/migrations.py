"""Numbered schema migrations, recorded in `_migrations` and applied on every open."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def m001_initial(conn: sqlite3.Connection) -> None:
    conn.executescript("""
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- a deleted meeting's number is never reused
            agenda_name TEXT NOT NULL,
            agenda_toml TEXT NOT NULL,          -- the agenda's text as it was run
            agenda_json TEXT NOT NULL,          -- resolved agenda: frames and questions frozen
            title TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'stopped', 'finished', 'imported')),
            started TEXT NOT NULL,              -- ISO 8601 with offset
            ended TEXT,
            groups INTEGER,
            speed REAL NOT NULL DEFAULT 1,
            note TEXT
        );
        CREATE TABLE events (                   -- timing events of a live run, in order
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            at REAL NOT NULL,                   -- run clock, seconds
            kind TEXT NOT NULL,
            item_id TEXT,
            value REAL
        );
        CREATE INDEX events_session ON events(session_id, id);
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            grp TEXT NOT NULL,
            question INTEGER,                   -- 1-based index into the item's questions
            category TEXT,                      -- a category id of the item's frame
            text TEXT NOT NULL,
            created TEXT NOT NULL,
            edited TEXT
        );
        CREATE INDEX answers_session ON answers(session_id, item_id, id);
    """)


def m002_uuids(conn: sqlite3.Connection) -> None:
    """A stable identity for every session and answer, the same on every machine and in the archive.
    Existing rows get a fresh random UUID here; new rows get theirs from the store when created."""
    conn.create_function("new_uuid", 0, lambda: str(uuid.uuid4()))
    for statement in (  # one by one: executescript would commit the migration's transaction half-way
        "ALTER TABLE sessions ADD COLUMN uuid TEXT",
        "ALTER TABLE answers ADD COLUMN uuid TEXT",
        "UPDATE sessions SET uuid = new_uuid()",
        "UPDATE answers SET uuid = new_uuid()",
        "CREATE UNIQUE INDEX sessions_uuid ON sessions(uuid)",
        "CREATE UNIQUE INDEX answers_uuid ON answers(uuid)",
    ):
        conn.execute(statement)


def m003_room(conn: sqlite3.Connection) -> None:
    """Phones in the room: a join code per session, hidden answers, items closed for answers, dot-votes.
    A vote names its target by kind and id, so it can be on an answer or on a synthesis point."""
    for statement in (  # one by one: executescript would commit the migration's transaction half-way
        # hidden = 1: kept, but never shown or exported; phone: the cookie id that sent it (NULL when typed)
        "ALTER TABLE answers ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE answers ADD COLUMN phone TEXT",
        """CREATE TABLE rooms (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            join_code TEXT NOT NULL UNIQUE,          -- in the URL participants open
            secret TEXT NOT NULL,                    -- the facilitator's page, and the key for CSRF tokens
            port INTEGER,                            -- last port served on: a restart tries it again
            current_item TEXT                        -- the item phones answer (NULL: follow the live run)
        )""",
        """CREATE TABLE item_states (                -- items the facilitator closed for answers
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            closed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, item_id)
        )""",
        """CREATE TABLE ballots (                    -- one dot-vote per item
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'revealed')),
            target_kind TEXT NOT NULL CHECK (target_kind IN ('answer', 'point')),
            per_group INTEGER NOT NULL,              -- dots each group has
            per_target INTEGER NOT NULL,             -- at most this many on one target
            PRIMARY KEY (session_id, item_id)
        )""",
        """CREATE TABLE votes (                      -- a group's dots on one answer or point
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            grp TEXT NOT NULL,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('answer', 'point')),
            target_id INTEGER NOT NULL,
            dots INTEGER NOT NULL CHECK (dots > 0),
            PRIMARY KEY (session_id, item_id, grp, target_kind, target_id)
        )""",
    ):
        conn.execute(statement)


def m004_synthesis(conn: sqlite3.Connection) -> None:
    """The synthesis beside the raw answers (never instead of them): points that sum up answers, themes,
    free sections, the action plan. The closing text ("Opsamlende") is the session's `note`."""
    for statement in _SYNTHESIS_TABLES:  # one by one: executescript would commit half-way
        conn.execute(statement)


_SYNTHESIS_TABLES = (
    """CREATE TABLE syntheses (                -- one per session that has been worked on
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        title TEXT NOT NULL DEFAULT '',
        intro TEXT NOT NULL DEFAULT '',
        sort_order TEXT NOT NULL DEFAULT 'groups' CHECK (sort_order IN ('groups', 'votes')),
        plan_title TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    )""",
    """CREATE TABLE points (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        session_id INTEGER NOT NULL REFERENCES syntheses(session_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('point', 'barrier', 'next')),
        item_id TEXT,
        category TEXT,
        theme TEXT,
        text TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',    -- a barrier's paragraph
        hidden INTEGER NOT NULL DEFAULT 0,
        votes INTEGER
    )""",
    """CREATE INDEX points_session ON points(session_id, position)""",
    """CREATE TABLE point_answers (            -- an answer is in at most one point: its id is the key
        answer_id INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
        point_id INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
        position INTEGER NOT NULL
    )""",
    """CREATE INDEX point_answers_point ON point_answers(point_id, position)""",
    """CREATE TABLE synthesis_parts (          -- themes, free sections and actions, in order, as JSON
        session_id INTEGER NOT NULL REFERENCES syntheses(session_id) ON DELETE CASCADE,
        part TEXT NOT NULL CHECK (part IN ('theme', 'section', 'action')),
        position INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (session_id, part, position)
    )""",
)


def m005_archive_base(conn: sqlite3.Connection) -> None:
    """Per meeting, the archive's version this copy last matched (by `archive push` or `pull`) and the
    digest of the content it matched: what tells a change made here from one made in the archive since.
    Meetings from before have none; the archive's history then tells (archive/actions.py)."""
    conn.execute("""CREATE TABLE archive_base (
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,          -- the archive's version number
        digest TEXT NOT NULL,               -- sha256 of the meeting as it was then (exchange/bundle.py)
        synced TEXT NOT NULL                -- when, ISO 8601 with offset
    )""")


def m006_programme(conn: sqlite3.Connection) -> None:
    """The year's programme (programme/storage.py owns these tables): the programmes this laptop has used, as
    they were last used; which meeting was held for which entry; and the status changes, events that are
    only ever added (the triggers refuse an UPDATE or a DELETE)."""
    for statement in _PROGRAMME_TABLES:  # one by one: executescript would commit half-way
        conn.execute(statement)


_PROGRAMME_TABLES = (
    """CREATE TABLE plan_programmes (        -- one per programme key, as last used here
        key TEXT PRIMARY KEY,               -- the bundled name or the file's stem
        title TEXT NOT NULL,
        body TEXT NOT NULL,                 -- the programme as JSON (programme/document.py)
        toml TEXT NOT NULL,                 -- the file's text
        used TEXT NOT NULL                  -- when, ISO 8601 with offset
    )""",
    """CREATE TABLE plan_links (             -- the entry a meeting was held for
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        programme TEXT NOT NULL,
        entry TEXT NOT NULL
    )""",
    """CREATE INDEX plan_links_entry ON plan_links(programme, entry)""",
    """CREATE TABLE plan_changes (           -- status changes: events, never changed or deleted
        uuid TEXT PRIMARY KEY,
        programme TEXT NOT NULL,
        entry TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ikke-startet', 'i-gang', 'gennemfoert', 'aendret', 'droppet')),
        note TEXT NOT NULL DEFAULT '',
        set_at TEXT NOT NULL,               -- UTC, ISO 8601 with microseconds: text order is time order
        session TEXT,                       -- the uuid of the meeting it was set in (not a key: it may be elsewhere)
        origin TEXT NOT NULL CHECK (origin IN ('live', 'answers', 'set', 'phone'))
    )""",
    """CREATE INDEX plan_changes_entry ON plan_changes(programme, entry, set_at)""",
    """CREATE TRIGGER plan_changes_never_updated BEFORE UPDATE ON plan_changes
        BEGIN SELECT RAISE(ABORT, 'a status change is never changed'); END""",
    """CREATE TRIGGER plan_changes_never_deleted BEFORE DELETE ON plan_changes
        BEGIN SELECT RAISE(ABORT, 'a status change is never deleted'); END""",
)


def m007_withdrawals(conn: sqlite3.Connection) -> None:
    """Answers a phone withdrew (store/room.py): counted for the facilitator; the answer itself is kept only
    while the phone may still undo (»Fortryd«), then its text is wiped (secure_delete)."""
    conn.execute("""CREATE TABLE withdrawals (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        grp TEXT NOT NULL,
        phone TEXT NOT NULL,                -- the phone that sent and withdrew it: the only one that may undo
        at REAL NOT NULL,                   -- when, seconds since 1970 (UTC)
        answer TEXT                         -- the answer as JSON while it may come back; NULL after
    )""")
    conn.execute("CREATE INDEX withdrawals_item ON withdrawals(session_id, item_id)")



def m008_run_clock(conn: sqlite3.Connection) -> None:
    """Where a rehearsal's clock had got to, written about once a second while it runs: a resume after kill -9
    goes on from there, not from the last key pressed (at 60× that was many minutes back)."""
    conn.execute("CREATE TABLE run_clock (session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE, "
                 "at REAL NOT NULL)  -- run-clock seconds, as events.at")



def m009_answers_by_group(conn: sqlite3.Connection) -> None:
    """A phone's page lists its group's answers to the item: found by index, not by reading the item's
    answers of every group (a thousand of them by the afternoon)."""
    conn.execute("CREATE INDEX answers_group ON answers(session_id, item_id, grp, id)")


def m010_held_elsewhere(conn: sqlite3.Connection) -> None:
    """Meetings held for a programme's entries on other laptops, fetched by `plan pull` (programme/storage.py):
    enough to show them in `plan show` without the meetings themselves."""
    conn.execute("""CREATE TABLE plan_held_elsewhere (
        session_uuid TEXT NOT NULL,         -- the meeting's uuid in the archive (not here: a key of nothing)
        programme TEXT NOT NULL,
        entry TEXT NOT NULL,
        day TEXT NOT NULL,                  -- the meeting's date, ISO 8601
        title TEXT NOT NULL,
        place TEXT,
        held_at TEXT NOT NULL,              -- when it counts as held, UTC ISO 8601 (storage.held_at)
        PRIMARY KEY (session_uuid, programme, entry)
    )""")


def m011_withdrawn_ids(conn: sqlite3.Connection) -> None:
    """The local id of each withdrawn answer: »Fortryd« brings the answer back under it (the facilitator's list,
    the order and the phone's links are keyed on it), and no new answer is given it meanwhile – SQLite would hand
    the next row the highest id + 1, which is the withdrawn one's when it was the last (store/answers.py).
    Withdrawals from before have none (NULL): theirs were given new ids, as then. An undone withdrawal is kept,
    marked `undone` (no longer counted): the open board's mark of the answers sees the undo (store/answers.py)."""
    for statement in ("ALTER TABLE withdrawals ADD COLUMN answer_id INTEGER",
                      "ALTER TABLE withdrawals ADD COLUMN undone REAL",  # when it was brought back (seconds, UTC)
                      "CREATE INDEX withdrawals_answer ON withdrawals(answer_id)"):
        conn.execute(statement)


def m012_status_due(conn: sqlite3.Connection) -> None:
    """A status change may move its entry to a new quarter or date (`plan set … --ny-frist`): the entry is then
    due by the newest (programme/model.py). The `when` as a programme file writes it (a label, or an ISO date);
    NULL: the change moved nothing, as every change before."""
    conn.execute("ALTER TABLE plan_changes ADD COLUMN due TEXT")


MIGRATIONS: list[Migration] = [m001_initial, m002_uuids, m003_room, m004_synthesis, m005_archive_base, m006_programme,
                               m007_withdrawals, m008_run_clock, m009_answers_by_group, m010_held_elsewhere,
                               m011_withdrawn_ids, m012_status_due]


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                 "applied TEXT NOT NULL DEFAULT (datetime('now')))")
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM _migrations").fetchone()[0]


def migrate(conn: sqlite3.Connection, migrations: list[Migration] = MIGRATIONS) -> int:
    """Apply every migration not yet recorded, each in its own transaction. Returns the version."""
    version = current_version(conn)
    for number, migration in enumerate(migrations[version:], start=version + 1):
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            if current_version(conn) >= number:  # another process got there first
                continue
            migration(conn)
            conn.execute("INSERT INTO _migrations (version, name) VALUES (?, ?)", (number, migration.__name__))
    return current_version(conn)
