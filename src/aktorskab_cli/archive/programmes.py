"""The year's programme in the archive's tables (a003): its versions, its status changes and the entries
meetings were held for – pushed beside the meetings, fetched for `plan status --from-archive`, `plan show
--from-archive` and `archive pull`.

Nothing here is ever updated or deleted: a programme version is kept by its digest, a status change by its
uuid, a link by what it links. Two laptops that change one entry both keep their change; which one holds
is decided when reading (`programme.model`: the latest by `set_at`). So pushing again, in any order, from
any number of laptops, loses nothing and duplicates nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import psycopg
from psycopg.types.json import Jsonb

from aktorskab_cli.programme.document import CHANGE_FIELDS, change_dict, change_of, programme_dict, programme_of
from aktorskab_cli.programme.model import Programme, StatusChange
from aktorskab_cli.store.records import Session


@dataclass(frozen=True)
class Carried:
    """What a push carries of one programme: the version this laptop has, the changes made (or fetched)
    here with the organisation each belongs to, and the entries the pushed meetings were held for."""

    programme: Programme
    taken: str  # when this laptop last used that version (ISO 8601)
    changes: list[tuple[StatusChange, str]] = field(default_factory=list)  # (change, organisation)
    links: list[tuple[str, str]] = field(default_factory=list)  # (session uuid, entry)

    @property
    def organisation(self) -> str:
        return self.programme.organisation or ""


@dataclass(frozen=True)
class Sent:
    version: bool  # a version of the programme the archive did not have
    changes: int  # status changes the archive did not have
    refused: int = 0  # changes of organisations this role may not write (row-level security)


def digest(programme: Programme) -> str:
    text = json.dumps(programme_dict(programme), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def push_programme(conn: psycopg.Connection, carried: Carried, allowed: set[str] | None = None) -> Sent:
    """Add what the archive lacks, in one transaction. `allowed`: the organisations this role may write
    (None: all); a change of another organisation is left out and counted, never a failed push."""
    p = carried.programme
    may = (lambda org: True) if allowed is None else (lambda org: org in allowed)  # noqa: E731
    with conn.transaction():
        version = False
        if may(carried.organisation):
            version = conn.execute(
                "INSERT INTO aktorskab.programmes (organisation, key, digest, document, taken) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT DO NOTHING RETURNING key",
                (carried.organisation, p.key, digest(p), Jsonb(programme_dict(p)), carried.taken)).fetchone() is not None
        rows = [(c, org) for c, org in carried.changes if may(org)]
        new = 0
        with conn.cursor() as cur:
            for c, org in rows:
                d = change_dict(c)
                cur.execute(
                    "INSERT INTO aktorskab.status_changes (uuid, organisation, programme, entry_id, status, note, "
                    "set_at, session_uuid, origin, due) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (d["uuid"], org, d["programme"], d["entry"], d["status"], d["note"], d["set_at"], d["session"],
                     d["origin"], d.get("due")))
                new += cur.rowcount
            cur.executemany("INSERT INTO aktorskab.plan_links (session_uuid, programme, entry_id) VALUES (%s, %s, %s) "
                            "ON CONFLICT DO NOTHING", [(s, p.key, e) for s, e in carried.links])
    return Sent(version, new, len(carried.changes) - len(rows))


def writable(conn: psycopg.Connection, organisations: set[str]) -> set[str]:
    """Of `organisations`, the ones this role may write (row-level security's own rule, asked once)."""
    if not organisations:
        return set()
    rows = conn.execute(
        "SELECT o FROM unnest(%s::text[]) o WHERE aktorskab.may_access(o) OR EXISTS (SELECT 1 FROM pg_class c, "
        "pg_roles r WHERE c.oid = 'aktorskab.sessions'::regclass AND r.rolname = current_user AND "
        "(pg_has_role(c.relowner, 'MEMBER') OR r.rolsuper OR r.rolbypassrls))", (sorted(organisations),))
    return {r[0] for r in rows}


def fetch_programme(conn: psycopg.Connection, key: str) -> Programme | None:
    """The version of the programme last used on any laptop that pushed it (by when it was taken)."""
    found = fetch_version(conn, key)
    return None if found is None else found[0]


def fetch_version(conn: psycopg.Connection, key: str) -> tuple[Programme, str] | None:
    """The newest version of the programme (as `fetch_programme`) and when it was taken (ISO 8601, UTC)."""
    row = conn.execute("SELECT document, taken FROM aktorskab.programmes WHERE key = %s ORDER BY taken DESC, "
                       "pushed DESC LIMIT 1", (key,)).fetchone()
    return None if row is None else (programme_of(row[0]), row[1])


def fetch_changes(conn: psycopg.Connection, key: str, entries: Sequence[str] | None = None) -> list[StatusChange]:
    """Every status change of the programme this role may see, oldest first."""
    sql = ("SELECT uuid::text, programme, entry_id, status, note, set_at, session_uuid::text, origin, due "
           "FROM aktorskab.status_changes WHERE programme = %s")
    args: list[object] = [key]
    if entries is not None:
        sql += " AND entry_id = ANY(%s)"
        args.append(list(entries))
    return [_change(r) for r in conn.execute(sql + " ORDER BY set_at, uuid", args)]


def fetch_meeting_changes(conn: psycopg.Connection, uuids: Sequence[str]) -> list[StatusChange]:
    """The status changes set in these meetings (of any programme) that this role may see, oldest first."""
    return [_change(r) for r in conn.execute(
        "SELECT uuid::text, programme, entry_id, status, note, set_at, session_uuid::text, origin, due "
        "FROM aktorskab.status_changes WHERE session_uuid = ANY(%s::uuid[]) ORDER BY set_at, uuid", (list(uuids),))]


def _change(row: Sequence[object]) -> StatusChange:
    return change_of(dict(zip(CHANGE_FIELDS, row)))


def fetch_links(conn: psycopg.Connection, key: str) -> list[tuple[str, str]]:
    """(session uuid, entry) of every meeting held for the programme's entries that this role may see."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT session_uuid::text, entry_id FROM aktorskab.plan_links WHERE programme = %s "
        "ORDER BY session_uuid, entry_id", (key,))]


def session_links(conn: psycopg.Connection, session_uuid: str) -> list[tuple[str, str]]:
    """(programme, entry) a meeting in the archive was held for."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT programme, entry_id FROM aktorskab.plan_links WHERE session_uuid = %s ORDER BY programme, entry_id",
        (session_uuid,))]


def fetch_sessions(conn: psycopg.Connection, uuids: Sequence[str]) -> dict[str, tuple[Session, str]]:
    """The meetings by uuid as sessions without their answers (enough to say when and where they were held),
    each with its organisation."""
    rows = conn.execute(
        "SELECT uuid::text, agenda_name, title, status, started, ended, groups, speed, note, agenda_json, "
        "organisation FROM aktorskab.sessions WHERE uuid = ANY(%s::uuid[])", (list(uuids),))
    return {r[0]: (Session(0, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], 0, r[9], "", uuid=r[0]), r[10])
            for r in rows}


def fetch_points(conn: psycopg.Connection, uuids: Sequence[str]) -> dict[str, dict[str, str]]:
    """The headlines of the pushed syntheses' points, by meeting uuid, then point uuid."""
    out: dict[str, dict[str, str]] = {}
    for session_uuid, synthesis in conn.execute(
            "SELECT session_uuid::text, synthesis FROM aktorskab.syntheses WHERE session_uuid = ANY(%s::uuid[]) "
            "AND synthesis IS NOT NULL", (list(uuids),)):
        out[session_uuid] = {p["uuid"]: p["text"] for p in synthesis.get("points", [])}
    return out
