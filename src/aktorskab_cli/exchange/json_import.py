"""`aktorskab import FILE.json`: the meetings an exported JSON carries (`records`, exchange/bundle.py's form)
made again in the local store, with their uuids, so a meeting imported twice is recognised, not doubled.

The file is checked whole before anything is stored (exchange/record_check.py); every problem is told at
once, in Danish, with where it is (»møde 1 (»Temadag …«), svar 3, text: skal være tekst«). Then every new
meeting is stored in one transaction: all or nothing – and nothing when one of them is here already and
changed on this machine (the caller says which, and exits 2). A record's `plan` (the entry the meeting
was held for, the status changes set in it and the programmes they refer to: exchange/local.exported_record)
is stored in the same transaction, for a meeting already here too; changes by uuid, so a second import adds
nothing. Files without `plan` (written before it existed) are read as they always were.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aktorskab_cli.errors import BadInput, ProblemsError
from aktorskab_cli.exchange.bundle import Bundle, changes, from_canonical
from aktorskab_cli.exchange.local import read_bundle, write_bundle, write_plan
from aktorskab_cli.exchange.record_check import EXPORT_HINT, record_problems, surrogate_problems
from aktorskab_cli.rules.text import MAX_JSON_BYTES

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store

SCHEMA_VERSION = 2  # writers/json.py: the export this reads back


@dataclass(frozen=True)
class Record:
    """One meeting of the file: as it travels, and its place in the year's programme (None: none)."""

    bundle: Bundle
    plan: dict[str, Any] | None = None


@dataclass(frozen=True)
class Imported:
    bundle: Bundle
    session_id: int | None  # this machine's number for it; None: new, but not stored (another one differs)
    new: bool  # False: the meeting was already here; nothing stored
    differs: str = ""  # for one already here: how this machine's copy differs from the file's
    statuses: int = 0  # status changes of the programme stored with it (new here)
    programmes: tuple[str, ...] = ()  # the names of the programmes they belong to (what plan show takes)


def read_records(path: Path) -> list[Record]:
    """The meetings of an exported JSON, checked; a file that is not one is refused (exit 2)."""
    from aktorskab_cli.agenda.loading import read_bytes

    name = path.name
    try:
        data = json.loads(read_bytes(path, MAX_JSON_BYTES).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadInput(f"{name} er ikke UTF-8-tekst; brug den JSON-fil, {EXPORT_HINT} skrev") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"{name} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}); brug den fil, "
                       f"{EXPORT_HINT} skrev, uden rettelser") from None
    except RecursionError:
        raise BadInput(f"{name} er indlejret for dybt til at være en opsamling fra aktorskab") from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise BadInput(f"{name} er ikke en opsamling fra aktorskab (der står ingen schema_version); brug en fil "
                       f"fra {EXPORT_HINT}")
    if data["schema_version"] != SCHEMA_VERSION:
        raise BadInput(f"{name} har schema_version {data['schema_version']!r}; denne version af aktorskab læser "
                       f"schema_version {SCHEMA_VERSION}. Eksportér mødet igen med: {EXPORT_HINT}")
    records = data.get("records")
    if not isinstance(records, list) or not records:
        raise BadInput(f"{name} er en opsamling uden selve møderne (records) – den er skrevet af en ældre version "
                       f"af aktorskab eller rettet i hånden. Eksportér mødet igen med: {EXPORT_HINT}")
    halves = [p for n, r in enumerate(records, start=1) for p in surrogate_problems(r, f"møde {n}")]
    if halves:  # before the other checks: their messages quote the record's texts, which cannot be printed
        raise ProblemsError(f"{name} kan ikke importeres; intet er gemt:", halves)
    problems = [p for n, r in enumerate(records, start=1) for p in record_problems(r, f"møde {n}")]
    uuids = [r.get("uuid") for r in records if isinstance(r, dict)]
    problems += [f"møde {n}: samme møde (uuid) står to gange i filen" for n, u in enumerate(uuids, start=1)
                 if u in uuids[:n - 1]]
    if problems:
        raise ProblemsError(f"{name} kan ikke importeres; intet er gemt:", problems)
    return [Record(from_canonical(r), r.get("plan")) for r in records]


def import_records(store: Store, records: list[Record]) -> list[Imported]:
    """Store the meetings not already here (by uuid), all in one transaction; the others are left as they are,
    and each one's `plan` joins it. When one of them is here and changed on this machine, nothing is stored
    (its `differs` says how)."""
    with store.transaction():
        found = []
        for record in records:
            bundle = record.bundle
            local = store.session_by_uuid(bundle.uuid)
            mine = read_bundle(store, local) if local is not None else None
            differs = "" if mine is None or mine.digest() == bundle.digest() else changes(bundle, mine)
            found.append(Imported(bundle, local.id if local is not None else None, local is None, differs))
        if any(f.differs for f in found):
            return found
        done = []
        for f, record in zip(found, records):
            session_id = write_bundle(store, f.bundle) if f.new else f.session_id
            assert session_id is not None
            statuses = write_plan(store, session_id, record.plan) if record.plan is not None else 0
            keys = tuple(p["key"] for p in record.plan["programmes"]) if record.plan is not None else ()
            done.append(replace(f, session_id=session_id, statuses=statuses, programmes=keys))
        return done
