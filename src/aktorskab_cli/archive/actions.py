"""What the `archive` commands do, apart from Typer: each reads the laptop's store and talks to the archive.

Offline first: push reads every meeting from the local store and closes it before it connects, so nothing
that happens on the network can touch the laptop's data; pull writes locally only after the archive has
answered in full.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg

from aktorskab_cli.archive import schema
from aktorskab_cli.archive.connect import ArchiveError, connect, describe, translate
from aktorskab_cli.archive.store import Filters, fetch, fetch_many, listing, matching, push, resolve, snapshot
from aktorskab_cli.errors import BadInput
from aktorskab_cli.exchange.bundle import Bundle, changes
from aktorskab_cli.exchange.local import read_bundle, write_bundle
from aktorskab_cli.opsamling.model import SessionData
from aktorskab_cli.opsamling.read import bundle_date, bundle_title, session_data
from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.document import from_document

Echo = Callable[[str], None]


def init(info: str, echo: Echo) -> None:
    with connect(info) as conn:
        before, after = schema.migrate(conn)
    where = describe(info)
    if before == after:
        echo(f"Arkivet {where} er allerede sat op (skema {after}); intet ændret.")
    else:
        echo(f"Arkivet {where} er sat op: skema {before} → {after}.")


def read_local(db: Path | None, refs: list[str], everything: bool) -> list[tuple[Bundle, dt.date | None]]:
    """The meetings to push, read in one snapshot; the store is closed again before anything else."""
    if not refs and not everything:
        raise BadInput("Angiv hvilke møder der skal sendes (numre fra aktorskab sessions), eller --all")
    store = open_store(db, create=False)
    try:
        with store.snapshot():
            sessions = store.sessions()[::-1] if everything else [store.session(r) for r in dict.fromkeys(refs)]
            bundles = [read_bundle(store, s) for s in sessions]
    finally:
        store.close()
    for b in bundles:
        if _has_nul(b.canonical()):
            fix = "summary board" if _has_nul([b.synthesis, b.votes]) else "collect"
            raise BadInput(f"Møde {b.session.id} indeholder et nul-tegn (\\0), som arkivet ikke kan gemme; ret "
                           f"det med: aktorskab {fix} {b.session.id}")
    return [(b, bundle_date(b)) for b in bundles]


def _has_nul(value: Any) -> bool:
    """A NUL character anywhere: PostgreSQL's text cannot hold one."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    return isinstance(value, list) and any(_has_nul(v) for v in value)


def push_local(db: Path | None, refs: list[str], everything: bool, info: str, echo: Echo) -> None:
    chosen = read_local(db, refs, everything)
    if not chosen:
        echo("Der er ingen møder at sende.")
        return
    done: list[str] = []
    with connect(info) as conn:
        schema.require_current(conn)
        for bundle, date in chosen:
            try:
                result = push(conn, bundle, date)
            except ArchiveError as exc:
                raise _partly(exc, done) from None
            except psycopg.Error as exc:
                raise _partly(translate(exc, describe(info), info), done) from None
            done.append(str(bundle.session.id))
            what = {"new": "sendt til arkivet",
                    "unchanged": f"uændret i arkivet (version {result.revision})",
                    "updated": f"opdateret i arkivet (version {result.revision}: {result.changes})"}[result.outcome]
            echo(f"Møde {bundle.session.id} {bundle_title(bundle, date)}: {what} – id {bundle.uuid[:8]}.")


def _partly(exc: ArchiveError, done: list[str]) -> ArchiveError:
    if not done:
        return exc
    return ArchiveError(f"{exc.message}\nMøde {', '.join(done)} nåede at blive sendt; det er sikkert at sende igen.")


def list_archive(info: str, filters: Filters) -> list[dict[str, Any]]:
    with connect(info) as conn:
        schema.require_current(conn)
        return listing(conn, filters)


def pull(db: Path | None, info: str, ref: str, force: bool, echo: Echo) -> None:
    """Fetch one meeting into the local store: new there, or (with --force) replacing a changed copy whole,
    its synthesis and votes too. Without --force a changed copy is never replaced, and the refusal says
    what differs, so nothing that exists only on this machine is lost unawares."""
    with connect(info) as conn:
        schema.require_current(conn)
        with snapshot(conn):
            bundle = fetch(conn, resolve(conn, ref))
    store = open_store(db)
    replaced = ""
    try:
        local = store.session_by_uuid(bundle.uuid)
        title = bundle_title(bundle)
        if local is not None:
            mine = read_bundle(store, local)
            if mine.digest() == bundle.digest():
                echo(f"{title} findes allerede som møde {local.id} og er som i arkivet; intet ændret.")
                return
            replaced = changes(bundle, mine)
            if not force:
                raise BadInput(f"{title} findes allerede som møde {local.id} og er ændret i forhold til arkivet. "
                               f"Her på maskinen: {replaced}. Send dine ændringer med: aktorskab archive push "
                               f"{local.id} – eller erstat møde {local.id} med arkivets udgave, så det, der kun er "
                               f"her, går tabt: aktorskab archive pull {ref} --force")
        session_id = write_bundle(store, bundle)
    finally:
        store.close()
    verb = "Erstattede" if local is not None else "Hentede"
    synthesis = ", med sammenfatning" if bundle.synthesis is not None else ""
    echo(f"{verb} {title} fra arkivet som møde {session_id} ({len(bundle.answers)} svar{synthesis}). "
         + (f"Erstattet her: {replaced}. " if replaced else "") + f"Se det med: aktorskab show {session_id}")


def read_archive(info: str, filters: Filters, *, records: bool = False) -> list[SessionData]:
    """The archived meetings matching `filters`, oldest first, as the opsamling reads sessions (with
    `records`, each also as recorded, for the JSON export)."""
    with connect(info) as conn:
        schema.require_current(conn)
        with snapshot(conn):
            bundles = fetch_many(conn, matching(conn, filters))
    if not bundles:
        raise BadInput("Arkivet har ingen møder, der passer til dit valg; se dem med: aktorskab archive list")
    numbers = itertools.count(1)  # answers need ids the synthesis can point at; unique across meetings
    out: list[SessionData] = []
    for b in bundles:
        answers = [replace(a, id=next(numbers)) for a in b.answers]
        stored = None if b.synthesis is None else from_document(b.synthesis, {a.uuid: a.id for a in answers},
                                                                b.session.note or "")
        data = session_data(b.session, answers, b.events, name=b.uuid[:8], stored=stored)
        out.append(replace(data, record=b.canonical()) if records else data)
    return out
