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
from aktorskab_cli.archive.plan_sync import carried, fetch_for_pull, meeting_plans, push_carried, store_pulled
from aktorskab_cli.archive.programmes import Carried
from aktorskab_cli.archive.store import (Conflict, Filters, current, fetch, fetch_many, history, listing, matching,
                                         push, resolve, sees_any, snapshot)
from aktorskab_cli.archive.sync_text import pull_diverged, push_refused, version
from aktorskab_cli.errors import BadInput
from aktorskab_cli.rules.commands import command
from aktorskab_cli.exchange.bundle import Bundle, changes, old_ids_problem
from aktorskab_cli.exchange.local import read_base, read_bundle, record_base, write_bundle
from aktorskab_cli.exchange.sync import Base, compare, infer_base
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.opsamling.followup import status_sets
from aktorskab_cli.opsamling.model import SessionData
from aktorskab_cli.opsamling.read import bundle_date, bundle_title, session_data
from aktorskab_cli.store.db import NoDatabase, open_store
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


Chosen = tuple[Bundle, dt.date | None, Base | None]


def read_local(db: Path | None, refs: list[str], everything: bool) -> tuple[list[Chosen], int, list[Carried]]:
    """The meetings to push, each with its base (exchange/sync.py), and what goes of their programmes
    (archive/plan_sync.py), read in one snapshot; the store is closed again before anything else.
    Rehearsals never go: one named is refused, --all skips them (how many is the second value)."""
    if not refs and not everything:
        raise BadInput(f"Angiv hvilke møder der skal sendes (numre fra {command('sessions')}), eller --all")
    try:
        store = open_store(db, create=False)
    except NoDatabase:
        if not everything:
            raise
        return [], 0, []  # nothing here at all: push --all says so
    try:
        with store.snapshot():
            sessions = store.sessions()[::-1] if everything else [store.session(r) for r in dict.fromkeys(refs)]
            for s in sessions:
                if s.rehearsal and not everything:
                    raise BadInput(f"Møde {s.id} er en generalprøve (kørt med --speed {s.speed_label}), ikke et "
                                   "afholdt møde; den sendes ikke til arkivet")
            held = [s for s in sessions if not s.rehearsal]
            chosen = [(read_bundle(store, s), read_base(store, s.id)) for s in held]
            parts = carried(store, held, everything)
    finally:
        store.close()
    for b, _ in chosen:
        problem = old_ids_problem(b, "Intet er sendt")
        if problem:
            raise BadInput(problem)
        if _has_nul(b.canonical()):
            fix = "summary board" if _has_nul([b.synthesis, b.votes]) else "collect"
            raise BadInput(f"Møde {b.session.id} indeholder et nul-tegn (\\0), som arkivet ikke kan gemme; ret "
                           f"det med: {command(f'{fix} {b.session.id}')}")
    return [(b, bundle_date(b), base) for b, base in chosen], len(sessions) - len(held), parts


def _has_nul(value: Any) -> bool:
    """A NUL character anywhere: PostgreSQL's text cannot hold one."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    return isinstance(value, list) and any(_has_nul(v) for v in value)


def push_local(db: Path | None, refs: list[str], everything: bool, info: str, echo: Echo) -> None:
    """Send the meetings; one whose archive version moved on since its base is refused (the others still
    go), and exit 2 says which and how to go on. The bases of those sent are recorded at the end."""
    chosen, rehearsals, parts = read_local(db, refs, everything)
    skipped = (f"{counted(rehearsals, 'generalprøve', 'generalprøver')} (kørt med --speed) er sprunget over: en "
               "generalprøve er ikke et afholdt møde og sendes ikke til arkivet.")
    if not chosen and not parts:
        nothing = ("Der er intet at sende: ingen møder, og intet program er brugt på denne computer endnu. Et program "
                   f"sendes med, når det er brugt her: en status sat med {command('plan set')}, eller et møde holdt for "
                   "en af dets poster.")
        echo((f"Der er ingen møder at sende. {skipped}" if rehearsals else nothing))
        return
    done: list[str] = []
    synced: list[tuple[str, Base]] = []
    refused: list[str] = []
    with connect(info, "push") as conn:
        schema.require_current(conn)
        for bundle, date, base in chosen:
            try:
                result = push(conn, bundle, date, base)
            except Conflict as exc:
                refused.append(push_refused(bundle.session.id, bundle_title(bundle, date), bundle.uuid[:8], exc.case,
                                            exc.base, exc.remote))
                continue
            except ArchiveError as exc:
                raise _partly(exc, done) from None
            except psycopg.Error as exc:
                raise _partly(translate(exc, describe(info), info, "push"), done) from None
            done.append(str(bundle.session.id))
            synced.append((bundle.uuid, Base(result.revision, bundle.digest())))
            what = {"new": "sendt til arkivet",
                    "unchanged": f"uændret i arkivet (version {result.revision})",
                    "updated": f"opdateret i arkivet (version {result.revision}: {result.changes})"}[result.outcome]
            echo(f"Møde {bundle.session.id} {bundle_title(bundle, date)}: {what} – id {bundle.uuid[:8]}.")
        if parts:
            try:
                push_carried(conn, parts, {uuid for uuid, _ in synced}, echo)
            except psycopg.Error as exc:
                raise _partly(translate(exc, describe(info), info, "push"), done) from None
    if synced:
        _record_bases(db, synced)
    if rehearsals:
        echo(skipped)
    if refused:
        raise BadInput("\n".join(refused))


def _record_bases(db: Path | None, synced: list[tuple[str, Base]]) -> None:
    """After a push: each meeting sent now matches that version of the archive."""
    store = open_store(db, create=False)
    try:
        with store.transaction():
            for uuid, base in synced:
                record_base(store, uuid, base)
    finally:
        store.close()


def _partly(exc: ArchiveError, done: list[str]) -> ArchiveError:
    if not done:
        return exc
    return ArchiveError(f"{exc.message}\nMøde {', '.join(done)} nåede at blive sendt; det er sikkert at sende igen.")


def list_archive(info: str, filters: Filters) -> tuple[list[dict[str, Any]], str]:
    """The matching meetings, and what to say when there are none."""
    with connect(info) as conn:
        schema.require_current(conn)
        rows = listing(conn, filters)
        return rows, ("" if rows else _nothing(conn, filters))


def _nothing(conn: psycopg.Connection, filters: Filters) -> str:
    if filters != Filters():
        return "Arkivet har ingen møder, der passer til dit valg."
    if not sees_any(conn):
        return NO_ACCESS
    return f"Arkivet har ingen møder endnu. Send et med: {command('archive push MØDE')}"


NO_ACCESS = ("Du kan ikke se nogen møder i arkivet: din rolle har ikke fået adgang til nogen organisations møder. "
             "Spørg IT om adgang (se README, »Fælles arkiv«: tabellen aktorskab.access).")


def pull(db: Path | None, info: str, ref: str, force: bool, echo: Echo) -> None:
    """Fetch one meeting into the local store, comparing this copy, its base and the archive's version
    (exchange/sync.py): new here; the same; only the archive moved (a fast-forward); only this copy
    changed (nothing fetched; push it); both changed (refused). --force replaces a changed copy whole,
    its synthesis and votes too. Nothing here is written before the archive has answered in full."""
    with connect(info, "pull") as conn:
        schema.require_current(conn)
        with snapshot(conn):
            uuid = resolve(conn, ref)
            theirs, remote, earlier = fetch(conn, uuid), current(conn, uuid), history(conn, uuid)
            plan = fetch_for_pull(conn, uuid)
    store = open_store(db)
    try:
        title = bundle_title(theirs)
        local = store.session_by_uuid(uuid)
        if local is None:
            session_id = write_bundle(store, theirs, remote.base)
            echo(f"Hentede {title} fra arkivet som møde {session_id} ({_contents(theirs)}). "
                 f"Se det med: {command(f'show {session_id}')}")
            for said in store_pulled(store, session_id, plan):
                echo(said)
            return
        mine, recorded = read_bundle(store, local), read_base(store, local.id)
        versions = {**{n: b.digest() for n, b in earlier.items()}, remote.revision: remote.digest}
        base = recorded or infer_base(mine.digest(), versions)
        case = compare(mine.digest(), base, remote)
        if case == "same":
            if recorded != remote.base:
                record_base(store, uuid, remote.base)
            echo(f"{title} findes allerede som møde {local.id} og er som i arkivet; intet ændret.")
        elif case == "behind":
            write_bundle(store, theirs, remote.base)
            echo(f"Opdaterede {title} (møde {local.id}) til arkivets {version(remote)}: {changes(mine, theirs)}. "
                 f"Se det med: {command(f'show {local.id}')}")
        elif force:
            write_bundle(store, theirs, remote.base)
            echo(f"Erstattede {title} fra arkivet som møde {local.id} ({_contents(theirs)}). Erstattet her: "
                 f"{changes(mine, theirs)}. Se det med: {command(f'show {local.id}')}")
        elif case == "ahead":
            echo(f"{title} findes allerede som møde {local.id} og er ændret her siden arkivets version "
                 f"{remote.revision}: {changes(theirs, mine)}. Arkivet har intet nyt; send dine ændringer med: "
                 f"{command(f'archive push {local.id}')}")
        else:
            start = theirs if base is not None and base.revision == remote.revision else \
                earlier.get(base.revision) if base is not None else None
            raise BadInput(pull_diverged(title, local.id, ref, remote, mine, theirs, start, base))
        for said in store_pulled(store, local.id, plan):  # status changes are events: they always come
            echo(said)
    finally:
        store.close()


def _contents(bundle: Bundle) -> str:
    return counted(len(bundle.answers), "svar", "svar") + (", med sammenfatning" if bundle.synthesis is not None else "")


def read_archive(info: str, filters: Filters, *, records: bool = False) -> tuple[list[SessionData], list[str]]:
    """The archived meetings matching `filters`, oldest first, as the opsamling reads sessions (with
    `records`, each also as recorded, for the JSON export), and the ids of the rehearsals left out (ones
    pushed before push refused them: they were never held)."""
    with connect(info) as conn:
        schema.require_current(conn)
        with snapshot(conn):
            found = fetch_many(conn, matching(conn, filters))
            plans = meeting_plans(conn, [b.uuid for b in found], links=records)
        if not found:
            nothing = _nothing(conn, filters)
            raise BadInput(nothing if nothing == NO_ACCESS else
                           "Arkivet har ingen møder, der passer til dit valg; se dem med: aktorskab archive list")
    bundles = [b for b in found if not b.session.rehearsal]
    rehearsals = [b.uuid[:8] for b in found if b.session.rehearsal]
    if not bundles:
        raise BadInput(f"Arkivet har kun {counted(len(rehearsals), 'generalprøve', 'generalprøver')}, der passer til "
                       f"dit valg ({', '.join(rehearsals)}), og en generalprøve er ikke et afholdt møde; se møderne "
                       "med: aktorskab archive list")
    numbers = itertools.count(1)  # answers need ids the synthesis can point at; unique across meetings
    out: list[SessionData] = []
    for b in bundles:
        answers = [replace(a, id=next(numbers)) for a in b.answers]
        stored = None if b.synthesis is None else from_document(b.synthesis, {a.uuid: a.id for a in answers},
                                                                b.session.note or "")
        data = session_data(b.session, answers, b.events, name=b.uuid[:8], stored=stored)
        data = replace(data, statuses=status_sets(plans.changes.get(b.uuid, []), plans.programmes))
        plan = plans.plan(b.uuid) if records else None
        out.append(replace(data, record=b.canonical() | ({"plan": plan} if plan else {})) if records else data)
    return out, rehearsals
