"""Meetings in and out of the archive's tables: push one bundle (one transaction), fetch bundles back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from aktorskab_cli.agenda.model import kind_of
from aktorskab_cli.archive.connect import ArchiveError
from aktorskab_cli.exchange.bundle import Bundle, changes, from_canonical
from aktorskab_cli.exchange.sync import Base, Remote, compare, infer_base
from aktorskab_cli.store.records import Answer, Event, Session

_SESSION_COLUMNS = ("uuid::text, agenda_name, title, status, started, ended, groups, speed, note, agenda_json, "
                    "agenda_toml")


@dataclass(frozen=True)
class Pushed:
    outcome: str  # new, unchanged, updated
    revision: int
    changes: str = ""


class Conflict(Exception):
    """The archive moved on since the copy's base (or the base is unknown): the push is rolled back."""

    def __init__(self, case: str, base: Base | None, remote: Remote) -> None:
        super().__init__(case)
        self.case, self.base, self.remote = case, base, remote


def push(conn: psycopg.Connection, bundle: Bundle, meeting_date: dt.date | None, base: Base | None = None) -> Pushed:
    """Upload one meeting in one transaction: new, unchanged (same digest: nothing written) or updated
    (answers and events replaced, the previous version kept in `revisions`) — updated only when the
    archive's version is still the copy's `base` (exchange/sync.py), else `Conflict` and nothing written.
    The check holds the meeting's row (FOR UPDATE) to the end, so of two pushes from one base only the
    first wins: the second waits for the row, then finds the newer version."""
    try:
        return _push(conn, bundle, meeting_date, base)
    except psycopg.errors.InsufficientPrivilege as exc:
        if "row-level security" not in str(exc):
            raise
        raise ArchiveError(f"Din rolle må ikke sende møder fra »{bundle.organisation}« til arkivet; spørg IT om "
                           "adgang (se README, »Fælles arkiv«). Intet er ændret i din lokale database.") from None


def _push(conn: psycopg.Connection, bundle: Bundle, meeting_date: dt.date | None, base: Base | None) -> Pushed:
    digest = bundle.digest()
    s = bundle.session
    with conn.transaction():
        inserted = conn.execute(
            "INSERT INTO aktorskab.sessions (uuid, organisation, meeting_date, agenda_name, agenda_toml, agenda_json, "
            "title, status, started, ended, groups, speed, note, digest) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (uuid) DO NOTHING "
            "RETURNING revision",
            (bundle.uuid, bundle.organisation, meeting_date, s.agenda_name, s.agenda_toml, s.agenda_json, s.title,
             s.status, s.started, s.ended, s.groups, s.speed, s.note, digest)).fetchone()
        if inserted is not None:
            _insert_content(conn, bundle)
            return Pushed("new", 1)
        remote = current(conn, bundle.uuid, lock=True)
        if remote is None:  # the uuid exists, but row-level security hides it: another organisation's meeting
            raise ArchiveError(f"Mødet {bundle.uuid[:8]} findes i arkivet under en organisation, du ikke har adgang "
                               "til; intet er sendt")
        if remote.digest == digest:
            return Pushed("unchanged", remote.revision)
        base = base or infer_base(digest, digests(conn, remote, bundle.uuid))
        case = compare(digest, base, remote)
        if case != "ahead":
            raise Conflict(case, base, remote)
        previous = fetch(conn, bundle.uuid)
        revision = remote.revision + 1
        said = changes(previous, bundle)
        conn.execute(
            "INSERT INTO aktorskab.revisions (session_uuid, revision, changes, previous) VALUES (%s, %s, %s, %s)",
            (bundle.uuid, revision, said, Jsonb(previous.canonical())))
        conn.execute(
            "UPDATE aktorskab.sessions SET organisation = %s, meeting_date = %s, agenda_name = %s, agenda_toml = %s, "
            "agenda_json = %s, title = %s, status = %s, started = %s, ended = %s, groups = %s, speed = %s, "
            "note = %s, digest = %s, revision = %s, pushed = now(), pushed_by = current_user WHERE uuid = %s",
            (bundle.organisation, meeting_date, s.agenda_name, s.agenda_toml, s.agenda_json, s.title, s.status,
             s.started, s.ended, s.groups, s.speed, s.note, digest, revision, bundle.uuid))
        conn.execute("DELETE FROM aktorskab.answers WHERE session_uuid = %s", (bundle.uuid,))
        conn.execute("DELETE FROM aktorskab.events WHERE session_uuid = %s", (bundle.uuid,))
        conn.execute("DELETE FROM aktorskab.syntheses WHERE session_uuid = %s", (bundle.uuid,))
        _insert_content(conn, bundle)
        return Pushed("updated", revision, said)


def _insert_content(conn: psycopg.Connection, bundle: Bundle) -> None:
    """Answers, events, then the synthesis and votes: plain INSERTs (COPY is not allowed under row-level
    security), pipelined."""
    if bundle.synthesis is not None or bundle.votes:
        conn.execute("INSERT INTO aktorskab.syntheses (session_uuid, synthesis, votes) VALUES (%s, %s, %s)",
                     (bundle.uuid, None if bundle.synthesis is None else Jsonb(bundle.synthesis), Jsonb(bundle.votes)))
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO aktorskab.answers (uuid, session_uuid, position, item_id, grp, question, category, text, "
            "created, edited) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(a.uuid, bundle.uuid, n, a.item_id, a.group, a.question, a.category, a.text, a.created, a.edited)
             for n, a in enumerate(bundle.answers)])
        cur.executemany(
            "INSERT INTO aktorskab.events (session_uuid, position, kind, at, item_id, value) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [(bundle.uuid, n, e.kind, e.at, e.item_id, e.value) for n, e in enumerate(bundle.events)])


def current(conn: psycopg.Connection, session_uuid: str, *, lock: bool = False) -> Remote | None:
    """The archive's current version of a meeting (with `lock`, held until the transaction ends)."""
    row = conn.execute("SELECT revision, digest, pushed_by, pushed FROM aktorskab.sessions WHERE uuid = %s"
                       + (" FOR UPDATE" if lock else ""), (session_uuid,)).fetchone()
    return None if row is None else Remote(*row)


def history(conn: psycopg.Connection, session_uuid: str) -> dict[int, Bundle]:
    """Every earlier version of a meeting the archive keeps, by its version number."""
    return {revision - 1: from_canonical(previous) for revision, previous in conn.execute(
        "SELECT revision, previous FROM aktorskab.revisions WHERE session_uuid = %s", (session_uuid,))}


def digests(conn: psycopg.Connection, remote: Remote, session_uuid: str) -> dict[int, str]:
    """The digest of every version of a meeting the archive has had (to find a copy's unrecorded base)."""
    return {**{n: b.digest() for n, b in history(conn, session_uuid).items()}, remote.revision: remote.digest}


def fetch(conn: psycopg.Connection, session_uuid: str) -> Bundle:
    """One meeting as the archive holds it (the caller knows it exists)."""
    return fetch_many(conn, [session_uuid])[0]


def fetch_many(conn: psycopg.Connection, uuids: list[str]) -> list[Bundle]:
    """Meetings by uuid, in the order asked for (inside `snapshot()` or a push's transaction)."""
    if not uuids:
        return []
    rows = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM aktorskab.sessions WHERE uuid = ANY(%s::uuid[])",
                        (uuids,)).fetchall()
    answers: dict[str, list[Answer]] = {u: [] for u in uuids}
    for row in conn.execute(
            "SELECT session_uuid::text, item_id, grp, text, question, category, uuid::text, created, edited "
            "FROM aktorskab.answers WHERE session_uuid = ANY(%s::uuid[]) ORDER BY session_uuid, position", (uuids,)):
        answers[row[0]].append(Answer(row[1], row[2], row[3], row[4], row[5], uuid=row[6], created=row[7],
                                      edited=row[8]))
    events: dict[str, list[Event]] = {u: [] for u in uuids}
    for row in conn.execute("SELECT session_uuid::text, kind, at, item_id, value FROM aktorskab.events "
                            "WHERE session_uuid = ANY(%s::uuid[]) ORDER BY session_uuid, position", (uuids,)):
        events[row[0]].append(Event(*row[1:]))
    work = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT session_uuid::text, synthesis, votes FROM aktorskab.syntheses WHERE session_uuid = ANY(%s::uuid[])",
        (uuids,))}
    sessions = {r[0]: Session(0, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], len(answers[r[0]]), r[9], r[10],
                              uuid=r[0]) for r in rows}
    return [Bundle(sessions[u], answers[u], events[u], *work.get(u, (None, []))) for u in uuids if u in sessions]


@contextmanager
def snapshot(conn: psycopg.Connection) -> Iterator[None]:
    """A consistent read of several queries while others push."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@dataclass(frozen=True)
class Filters:
    agenda: str | None = None  # a kind of meeting: this agenda's and every agenda's of the same title (`_kinds`)
    since: dt.date | None = None
    organisation: str | None = None  # part of the name, any case
    titles: tuple[str, ...] = ()  # the title of the agenda of that name here (a bundled one, a file), if any


def listing(conn: psycopg.Connection, filters: Filters) -> list[dict[str, Any]]:
    """The archived meetings matching `filters`, newest meeting first."""
    where, args = _where(filters)
    kinds = _kinds(conn, filters)
    rows = conn.execute(
        "SELECT s.uuid::text, s.title, s.organisation, s.agenda_name, s.meeting_date, s.status, "
        "(SELECT COUNT(*) FROM aktorskab.answers a WHERE a.session_uuid = s.uuid), s.revision, s.pushed, s.pushed_by, "
        f"{_AGENDA_TITLE} FROM aktorskab.sessions s {where} ORDER BY s.meeting_date DESC NULLS LAST, s.title, s.uuid",
        args).fetchall()
    keys = ("id", "title", "organisation", "agenda", "date", "status", "answers", "revision", "pushed", "pushed_by")
    return [dict(zip(keys, r)) for r in rows if _chosen(kinds, r[-1])]


def sees_any(conn: psycopg.Connection) -> bool:
    """Whether this role may see any organisation's meetings at all: a row of `aktorskab.access` for it
    or a group it is in (`my_access`), or it owns the tables (or is a superuser), which row-level security
    lets see all."""
    return conn.execute(
        "SELECT EXISTS (SELECT 1 FROM aktorskab.my_access) "
        "OR pg_has_role(c.relowner, 'MEMBER') OR r.rolsuper OR r.rolbypassrls "
        "FROM pg_class c, pg_roles r WHERE c.oid = 'aktorskab.sessions'::regclass AND r.rolname = current_user"
    ).fetchone()[0]


def matching(conn: psycopg.Connection, filters: Filters) -> list[str]:
    """The uuids of the meetings matching `filters`, oldest meeting first."""
    where, args = _where(filters)
    kinds = _kinds(conn, filters)
    return [r[0] for r in conn.execute(f"SELECT s.uuid::text, {_AGENDA_TITLE} FROM aktorskab.sessions s "
                                       f"{where} ORDER BY s.meeting_date NULLS LAST, s.started, s.uuid", args)
            if _chosen(kinds, r[1])]


def resolve(conn: psycopg.Connection, ref: str) -> str:
    """A meeting's uuid from the id `archive list` shows: the whole uuid or its first characters."""
    from aktorskab_cli.errors import BadInput

    text = ref.strip().lower()
    if any(c not in "0123456789abcdef-" for c in text):
        raise BadInput(f"»{ref}« er ikke et id fra arkivet; brug id'et fra: aktorskab archive list")
    if len(text) < 4:
        raise BadInput(f"»{ref}« er for kort: skriv mindst 4 tegn af id'et fra: aktorskab archive list")
    rows = conn.execute("SELECT uuid::text FROM aktorskab.sessions WHERE uuid::text LIKE %s LIMIT 2",
                        (text + "%",)).fetchall()
    if not rows:
        raise BadInput(f"Arkivet har intet møde med id {ref}; se møderne med: aktorskab archive list")
    if len(rows) > 1:
        raise BadInput(f"Flere møder i arkivet har et id, der begynder med {ref}; skriv flere tegn af id'et")
    return rows[0][0]


_AGENDA_TITLE = "s.agenda_json::json ->> 'title'"  # the title combine groups by (the agenda's, as the meeting had it)


def _kinds(conn: psycopg.Connection, filters: Filters) -> set[str] | None:
    """The kinds of meeting (`kind_of`) --agenda NAME chooses, None for all: the kind of every archived
    meeting of the agenda NAME and of the agenda NAME here. --agenda dialogmoede takes every OMU's own copy
    (omu-bf, …), as combine puts them in one part; --agenda omu-bf takes dialogmoede's meetings likewise."""
    if not filters.agenda:
        return None
    rows = conn.execute(f"SELECT DISTINCT {_AGENDA_TITLE} FROM aktorskab.sessions s WHERE s.agenda_name = %s",
                        (filters.agenda,)).fetchall()
    return {kind_of(title) for (title,) in rows if title} | {kind_of(t) for t in filters.titles}


def _chosen(kinds: set[str] | None, title: str | None) -> bool:
    return kinds is None or (title is not None and kind_of(title) in kinds)


def _where(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if filters.since:
        clauses.append("s.meeting_date >= %s")
        args.append(filters.since)
    if filters.organisation:
        clauses.append("s.organisation ILIKE %s")
        args.append("%" + filters.organisation.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
