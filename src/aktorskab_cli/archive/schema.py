"""The archive's schema in PostgreSQL: numbered migrations like the local store's, recorded in
`aktorskab.migrations` and applied by `archive init` (by the schema's owner; nothing needs a superuser).

Rows belong to an organisation (the agenda's `organisation`). Row-level security lets a role read and
write only the organisations that `aktorskab.access` grants it (a LIKE pattern per role or group role);
the owner sees everything. `init` also grants the group role `aktorskab_facilitator` what a facilitator
needs, when IT has created it.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from aktorskab_cli.archive.connect import ArchiveError

SCHEMA = "aktorskab"
FACILITATOR = "aktorskab_facilitator"
Migration = Callable[[psycopg.Connection], None]


def a001_initial(conn: psycopg.Connection) -> None:
    conn.execute("""
        CREATE TABLE aktorskab.access (          -- who may read and push which organisation's meetings
            role regrole NOT NULL,               -- a login role or a group role
            organisation text NOT NULL,          -- a LIKE pattern: 'LMU Skolen på Toppen', 'LMU %', '%'
            PRIMARY KEY (role, organisation)
        );
        CREATE FUNCTION aktorskab.may_access(org text) RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT EXISTS (SELECT 1 FROM aktorskab.access a
                           WHERE pg_has_role(a.role::oid, 'MEMBER') AND org LIKE a.organisation)
        $$;
        CREATE TABLE aktorskab.sessions (
            uuid uuid PRIMARY KEY,
            organisation text NOT NULL,          -- the agenda's organisation ('' when it names none)
            meeting_date date,                   -- the day the meeting was held, as the opsamling dates it
            agenda_name text NOT NULL,
            agenda_toml text NOT NULL,
            agenda_json text NOT NULL,
            title text NOT NULL,
            status text NOT NULL,
            started text NOT NULL,               -- ISO 8601 with offset, exactly as on the laptop
            ended text,
            groups integer,
            speed double precision NOT NULL,
            note text,
            digest text NOT NULL,                -- sha256 of the pushed content: an unchanged push is a no-op
            revision integer NOT NULL DEFAULT 1,
            first_pushed timestamptz NOT NULL DEFAULT now(),
            first_pushed_by text NOT NULL DEFAULT current_user,
            pushed timestamptz NOT NULL DEFAULT now(),
            pushed_by text NOT NULL DEFAULT current_user
        );
        CREATE INDEX sessions_date ON aktorskab.sessions (meeting_date);
        CREATE TABLE aktorskab.answers (
            uuid uuid PRIMARY KEY,
            session_uuid uuid NOT NULL REFERENCES aktorskab.sessions ON DELETE CASCADE,
            position integer NOT NULL,           -- the order they were typed in
            item_id text NOT NULL,
            grp text NOT NULL,
            question integer,
            category text,
            text text NOT NULL,
            created text NOT NULL,
            edited text
        );
        CREATE INDEX answers_session ON aktorskab.answers (session_uuid, position);
        CREATE TABLE aktorskab.events (
            session_uuid uuid NOT NULL REFERENCES aktorskab.sessions ON DELETE CASCADE,
            position integer NOT NULL,
            kind text NOT NULL,
            at double precision NOT NULL,
            item_id text,
            value double precision,
            PRIMARY KEY (session_uuid, position)
        );
        CREATE TABLE aktorskab.revisions (       -- history: what each later push changed, and what was there
            id bigserial PRIMARY KEY,
            session_uuid uuid NOT NULL REFERENCES aktorskab.sessions ON DELETE CASCADE,
            revision integer NOT NULL,           -- the revision this push made
            pushed timestamptz NOT NULL DEFAULT now(),
            pushed_by text NOT NULL DEFAULT current_user,
            changes text NOT NULL,               -- 'titel ændret; 3 svar tilføjet'
            previous jsonb NOT NULL              -- the whole session as it was before
        );
        CREATE INDEX revisions_session ON aktorskab.revisions (session_uuid, revision);
        ALTER TABLE aktorskab.sessions ENABLE ROW LEVEL SECURITY;
        CREATE POLICY organisation ON aktorskab.sessions
            USING (aktorskab.may_access(organisation)) WITH CHECK (aktorskab.may_access(organisation));
    """)
    for table in ("answers", "events", "revisions"):
        _via_session(conn, table)


def a002_syntheses(conn: psycopg.Connection) -> None:
    """The synthesis and the dot-votes of a meeting, one JSON document each (exchange/bundle.py describes
    them): always written and read whole with their session, answers named by uuid. An archive of a001
    keeps every row; its meetings simply have no synthesis until they are pushed again."""
    conn.execute("""
        CREATE TABLE aktorskab.syntheses (
            session_uuid uuid PRIMARY KEY REFERENCES aktorskab.sessions ON DELETE CASCADE,
            synthesis jsonb,                     -- points, themes, sections, actions; NULL: none made
            votes jsonb NOT NULL DEFAULT '[]'    -- ballots, each with its groups' dots
        )
    """)
    _via_session(conn, "syntheses")


def _via_session(conn: psycopg.Connection, table: str) -> None:
    """Row-level security for a table of a session's content: a row is visible when its session is."""
    conn.execute(f"""
        ALTER TABLE aktorskab.{table} ENABLE ROW LEVEL SECURITY;
        CREATE POLICY via_session ON aktorskab.{table}
            USING (EXISTS (SELECT 1 FROM aktorskab.sessions s WHERE s.uuid = session_uuid))
            WITH CHECK (EXISTS (SELECT 1 FROM aktorskab.sessions s WHERE s.uuid = session_uuid))
    """)


def a003_programmes(conn: psycopg.Connection) -> None:
    """The year's programme (»Årshjulet«) as laptops push it: every version of a programme file, every
    status change (events: inserted once by uuid, never updated or deleted, so two laptops that change one
    entry both keep theirs), and which entry each meeting was held for (a set that only grows). Programmes
    and status changes belong to an organisation like meetings do; a link is visible with its meeting.
    An archive of a002 keeps every row."""
    conn.execute("""
        CREATE TABLE aktorskab.programmes (      -- each version of a programme, as a laptop had it
            organisation text NOT NULL,          -- the programme's organisation ('' when it names none)
            key text NOT NULL,                   -- the name meetings use for it: plan = "KEY:ENTRY"
            digest text NOT NULL,                -- sha256 of the document
            document jsonb NOT NULL,             -- programme/document.py: title, entries with when and source
            taken text NOT NULL,                 -- when the laptop took this version (ISO 8601, UTC)
            pushed timestamptz NOT NULL DEFAULT now(),
            pushed_by text NOT NULL DEFAULT current_user,
            PRIMARY KEY (organisation, key, digest)
        );
        CREATE TABLE aktorskab.status_changes (  -- events: never updated, never deleted
            uuid uuid PRIMARY KEY,
            organisation text NOT NULL,          -- the meeting's it was set in, else the programme's
            programme text NOT NULL,
            entry_id text NOT NULL,
            status text NOT NULL,
            note text NOT NULL DEFAULT '',
            set_at text NOT NULL,                -- ISO 8601 in UTC with microseconds: text order is time order
            session_uuid uuid,                   -- the meeting it was set in (it may not be in the archive)
            origin text NOT NULL,                -- live, answers, set, phone
            pushed timestamptz NOT NULL DEFAULT now(),
            pushed_by text NOT NULL DEFAULT current_user
        );
        CREATE INDEX status_changes_entry ON aktorskab.status_changes (programme, entry_id);
        CREATE TABLE aktorskab.plan_links (      -- the entry a meeting was held for
            session_uuid uuid NOT NULL REFERENCES aktorskab.sessions ON DELETE CASCADE,
            programme text NOT NULL,
            entry_id text NOT NULL,
            PRIMARY KEY (session_uuid, programme, entry_id)
        );
        CREATE INDEX plan_links_programme ON aktorskab.plan_links (programme);
    """)
    for table in ("programmes", "status_changes"):
        conn.execute(f"""
            ALTER TABLE aktorskab.{table} ENABLE ROW LEVEL SECURITY;
            CREATE POLICY organisation ON aktorskab.{table}
                USING (aktorskab.may_access(organisation)) WITH CHECK (aktorskab.may_access(organisation))
        """)
    _via_session(conn, "plan_links")


def a004_own_access_only(conn: psycopg.Connection) -> None:
    """A facilitator no longer reads `aktorskab.access` (every role and organisation pattern): the policies'
    check reads it as the owner (SECURITY DEFINER, for the login role), and `aktorskab.my_access` shows a
    role its own rows and its groups' – what `archive list` needs to say »you have no access«."""
    conn.execute("""
        CREATE OR REPLACE FUNCTION aktorskab.may_access(org text) RETURNS boolean LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM aktorskab.access a
                           WHERE pg_has_role(session_user, a.role::oid, 'MEMBER') AND org LIKE a.organisation)
        $$;
        CREATE VIEW aktorskab.my_access AS
            SELECT role, organisation FROM aktorskab.access WHERE pg_has_role(current_user, role::oid, 'MEMBER');
    """)


def a005_status_due(conn: psycopg.Connection) -> None:
    """A status change may move its entry to a new quarter or date (`plan set … --ny-frist`): `due`, its `when`
    as a programme file writes it; NULL for a change that moved nothing (every change of a004 and before)."""
    conn.execute("ALTER TABLE aktorskab.status_changes ADD COLUMN due text")


MIGRATIONS: list[Migration] = [a001_initial, a002_syntheses, a003_programmes, a004_own_access_only, a005_status_due]

_GRANTS = f"""
    DO $$ BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{FACILITATOR}')  -- the owner's to give (and take)
                AND pg_has_role((SELECT nspowner FROM pg_namespace WHERE nspname = 'aktorskab'), 'MEMBER') THEN
            GRANT USAGE ON SCHEMA aktorskab TO {FACILITATOR};
            GRANT SELECT ON aktorskab.migrations TO {FACILITATOR};
            IF to_regclass('aktorskab.my_access') IS NOT NULL THEN  -- a004: their own access rows only
                GRANT SELECT ON aktorskab.my_access TO {FACILITATOR};
                REVOKE ALL ON aktorskab.access FROM {FACILITATOR};
            ELSE
                GRANT SELECT ON aktorskab.access TO {FACILITATOR};
            END IF;
            GRANT SELECT, INSERT, UPDATE ON aktorskab.sessions TO {FACILITATOR};
            GRANT SELECT, INSERT, DELETE ON aktorskab.answers, aktorskab.events TO {FACILITATOR};
            IF to_regclass('aktorskab.syntheses') IS NOT NULL THEN  -- a002
                GRANT SELECT, INSERT, DELETE ON aktorskab.syntheses TO {FACILITATOR};
            END IF;
            IF to_regclass('aktorskab.programmes') IS NOT NULL THEN  -- a003: events and versions, only added
                GRANT SELECT, INSERT ON aktorskab.programmes, aktorskab.status_changes, aktorskab.plan_links
                    TO {FACILITATOR};
            END IF;
            GRANT SELECT, INSERT ON aktorskab.revisions TO {FACILITATOR};
            GRANT USAGE ON SEQUENCE aktorskab.revisions_id_seq TO {FACILITATOR};
        END IF;
    END $$;
"""


def version(conn: psycopg.Connection) -> int:
    """The archive's schema version; 0 when `archive init` has not been run."""
    found = conn.execute("SELECT to_regclass('aktorskab.migrations')").fetchone()[0]
    if found is None:
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM aktorskab.migrations").fetchone()[0]


def migrate(conn: psycopg.Connection, migrations: list[Migration] = MIGRATIONS) -> tuple[int, int]:
    """Create or upgrade the schema, each migration in its own transaction; returns (before, after).
    Two `init`s at once are safe: an advisory lock lets one go first, the other then finds nothing to do."""
    before = version(conn)
    if before > len(migrations):
        raise too_new(before)
    if before < len(migrations):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('aktorskab archive migrate'))")
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            conn.execute("CREATE TABLE IF NOT EXISTS aktorskab.migrations (version integer PRIMARY KEY, "
                         "name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())")
        for number, migration in enumerate(migrations, start=1):
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('aktorskab archive migrate'))")
                if version(conn) >= number:
                    continue
                migration(conn)
                conn.execute("INSERT INTO aktorskab.migrations (version, name) VALUES (%s, %s)",
                             (number, migration.__name__))
    with conn.transaction():
        conn.execute(_GRANTS)
    return before, version(conn)


def require_current(conn: psycopg.Connection) -> None:
    """Push, pull and list need the schema this version knows; say what to do otherwise."""
    found = version(conn)
    if found == len(MIGRATIONS):
        return
    if found > len(MIGRATIONS):
        raise too_new(found)
    if found == 0:
        raise ArchiveError("Arkivet er ikke sat op endnu: kør aktorskab archive init (som arkivets ejer, se README)")
    raise ArchiveError(f"Arkivet har skema {found}, denne version af aktorskab bruger skema {len(MIGRATIONS)}: "
                       "kør aktorskab archive init (som arkivets ejer)")


def too_new(found: int) -> ArchiveError:
    return ArchiveError(f"Arkivet er fra en nyere version af aktorskab (skema {found}); denne version kender op til "
                        f"skema {len(MIGRATIONS)}. Opdater aktorskab – arkivet er ikke rørt.")
