"""`aktorskab plan pull NAVN`: a programme's statuses from the archive without pulling a meeting – its newest
version (kept here when it is newer than this laptop's), every status change of it this role may see and the
meetings held for it on other laptops, so that `plan show` and the follow-up item show them offline.

Offline first, as the other archive commands: everything is read from the archive before the store is
opened, and written in one transaction (a failed connection: exit 1, nothing here touched)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from aktorskab_cli.archive import schema
from aktorskab_cli.archive.connect import connect
from aktorskab_cli.archive.plan_sync import changed_at, held_elsewhere
from aktorskab_cli.archive.programmes import digest, fetch_changes, fetch_links, fetch_sessions, fetch_version
from aktorskab_cli.archive.store import snapshot
from aktorskab_cli.programme.storage import (programme_used, put_changes, put_held_elsewhere, remember_programme,
                                             stored_programme)
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.dates import danish_date
from aktorskab_cli.rules.numbers import counted

if TYPE_CHECKING:
    from aktorskab_cli.programme.model import Held, Programme, StatusChange
    from aktorskab_cli.store.db import Store

Echo = Callable[[str], None]


@dataclass(frozen=True)
class PlanPulled:
    key: str
    version: tuple[Programme, dt.datetime] | None  # the archive's newest version and when it was taken
    changes: list[StatusChange]
    held: list[Held]


def fetch_plan(conn: psycopg.Connection, key: str) -> PlanPulled:
    """What the archive has of the programme that this role may see."""
    found = fetch_version(conn, key)
    links = fetch_links(conn, key)
    sessions = fetch_sessions(conn, sorted({uuid for uuid, _ in links}))
    version = None if found is None else (found[0], dt.datetime.fromisoformat(found[1]))
    return PlanPulled(key, version, fetch_changes(conn, key), held_elsewhere(sessions, links))


def pull_plan(db: Path | None, info: str, ref: str, echo: Echo) -> None:
    """Fetch the programme NAVN|FIL names (a file is read and checked first, never written) and keep here
    what this laptop lacks; say what came in one Danish sentence (and a second when a file is older)."""
    from aktorskab_cli.programme.catalogue import bundled_programmes, key_of, programme_path
    from aktorskab_cli.programme.loading import load_programme
    from aktorskab_cli.store.db import open_store

    path = programme_path(ref)
    own = load_programme(path)[0] if path is not None else None  # a broken file: exit 2 before connecting
    with connect(info, "pull") as conn:
        schema.require_current(conn)
        with snapshot(conn):
            pulled = fetch_plan(conn, key_of(ref, path))
    store = open_store(db)
    try:
        if pulled.version is None and not pulled.changes and not pulled.held and own is None \
                and stored_programme(store, pulled.key) is None:
            from aktorskab_cli.programme.catalogue import unknown

            raise unknown(ref)
        bundled = path is not None and bundled_programmes().get(pulled.key) == path
        for line in store_plan(store, pulled, None if bundled else path, own):
            echo(line)
    finally:
        store.close()


def store_plan(store: Store, pulled: PlanPulled, file: Path | None, own: Programme | None) -> list[str]:
    """Keep the changes and meetings this laptop lacks (by uuid: twice adds nothing) and the archive's version
    when it is newer than this laptop's, in one transaction; what to say. `own`: the programme as read from
    NAVN – the user's `file` (never written; as old as its last change) or, without `file`, the bundled one
    (older than any version pushed) – else this laptop's is the one it kept (as old as its last use)."""
    from aktorskab_cli.programme.catalogue import bundled_programmes

    with store.transaction():
        kept = stored_programme(store, pulled.key)
        used = programme_used(store, pulled.key)
        new = put_changes(store, pulled.changes)
        held = put_held_elsewhere(store, pulled.key, pulled.held)
        fetched = counted(new, "statusændring", "statusændringer") + " hentet"
        if held:
            fetched += f" og {counted(held, 'møde', 'møder')} holdt på andre computere"
        if pulled.version is None:
            return [f"{fetched}; arkivet har ikke selve programmet »{pulled.key}« (eller din rolle må ikke se det)."]
        theirs, taken = pulled.version
        day = danish_date(taken.astimezone().date())
        if own is not None:
            mine, since = own, changed_at(file) if file is not None else None
        else:
            mine, since = (kept[0], dt.datetime.fromisoformat(used) if used else None) if kept else (None, None)
        if mine is not None and digest(mine) == digest(theirs):
            return [f"{fetched}; programmet »{theirs.title}« er som arkivets version fra {day}."]
        if mine is not None and since is not None and since >= taken:
            return [f"{fetched}; denne computers version af programmet »{mine.title}« er nyere end arkivets (fra "
                    f"{day}): send den med {command('archive push --all')}."]
        remember_programme(store, theirs, "")
    said = [f"{fetched}; programmet »{theirs.title}« i arkivets version fra {day}."]
    if own is not None:
        newer = f"Arkivet har en nyere version af programmet (fra {day}, {counted(len(theirs.entries), 'post', 'poster')})"
        if file is not None and pulled.key in bundled_programmes():  # moved away, the bundled one would be used
            said.append(f"{newer} end filen {file}, som ikke er ændret og stadig bruges her. Vil du bruge arkivets "
                        f"version, så få den nye programfil {pulled.key}.toml af den, der ejer programmet, og læg den i "
                        f"stedet for {file} (flytter du bare filen væk, bruges det indbyggede »{pulled.key}«, ikke "
                        "arkivets version).")
        elif file is not None:
            said.append(f"{newer} end filen {file}, som ikke er ændret og stadig bruges her. Vil du bruge arkivets "
                        f"version, så flyt {file} væk (fx til {file.stem}-gammel.toml): så bruger aktorskab den hentede.")
        else:
            said.append(f"{newer} end det indbyggede »{pulled.key}«, som stadig bruges her. Vil du bruge arkivets "
                        f"version, så få programfilen {pulled.key}.toml af den, der ejer programmet, og læg den i "
                        "mappen, du arbejder i (den bruges før det indbyggede).")
    return said
