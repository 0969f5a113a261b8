"""`aktorskab import FILE.json`: the meetings an exported JSON carries (`records`, exchange/bundle.py's form)
made again in the local store, with their uuids, so a meeting imported twice is recognised, not doubled.

The file is checked whole before anything is stored; every problem is told at once, in Danish, with
where it is (`møde 1, answers[3].text: skal være tekst`). Then every new meeting is stored in one
transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aktorskab_cli.errors import BadInput, ProblemsError
from aktorskab_cli.exchange.bundle import Bundle, changes, from_canonical
from aktorskab_cli.exchange.local import read_bundle, write_bundle

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store

SCHEMA_VERSION = 2  # writers/json.py: the export this reads back
EXPORT_HINT = "aktorskab export MØDE --format json"
Check = Callable[[Any, str], list[str]]


@dataclass(frozen=True)
class Imported:
    bundle: Bundle
    session_id: int
    new: bool  # False: the meeting was already here; nothing stored
    differs: str = ""  # for one already here: how this machine's copy differs from the file's


def read_records(path: Path) -> list[Bundle]:
    """The meetings of an exported JSON, checked; a file that is not one is refused (exit 2)."""
    from aktorskab_cli.agenda.loading import read_bytes

    name = path.name
    try:
        data = json.loads(read_bytes(path).decode("utf-8-sig"))
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
    problems = [p for n, r in enumerate(records, start=1) for p in record_problems(r, f"møde {n}")]
    uuids = [r.get("uuid") for r in records if isinstance(r, dict)]
    problems += [f"møde {n}: samme møde (uuid) står to gange i filen" for n, u in enumerate(uuids, start=1)
                 if u in uuids[:n - 1]]
    if problems:
        raise ProblemsError(f"{name} kan ikke importeres; intet er gemt:", problems)
    return [from_canonical(r) for r in records]


def import_records(store: Store, bundles: list[Bundle]) -> list[Imported]:
    """Store the meetings not already here (by uuid), all in one transaction; the others are left as they are."""
    out: list[Imported] = []
    with store.transaction():
        for bundle in bundles:
            local = store.session_by_uuid(bundle.uuid)
            if local is None:
                out.append(Imported(bundle, write_bundle(store, bundle), True))
                continue
            mine = read_bundle(store, local)
            differs = "" if mine.digest() == bundle.digest() else changes(bundle, mine)
            out.append(Imported(bundle, local.id, False, differs))
    return out


# ---------------------------------------------------------------- checking a record


def _is(test: Callable[[Any], bool], label: str) -> Check:
    return lambda value, at: [] if test(value) else [f"{at}: skal være {label}"]


TEXT = _is(lambda v: isinstance(v, str), "tekst")
WHOLE = _is(lambda v: type(v) is int, "et helt tal")  # not true/false, which JSON keeps apart
NUMBER = _is(lambda v: type(v) in (int, float) and math.isfinite(v), "et tal")
TRUTH = _is(lambda v: type(v) is bool, "true eller false")


def _optional(check: Check) -> Check:
    return lambda value, at: [] if value is None else check(value, at)


def _one_of(*values: str) -> Check:
    return lambda value, at: [] if value in values else [f"{at}: skal være en af: {', '.join(values)}"]


def _above_zero(check: Check) -> Check:
    return lambda value, at: check(value, at) or ([] if value > 0 else [f"{at}: skal være større end 0"])


def _uuid(value: Any, at: str) -> list[str]:
    try:
        ok = str(uuidlib.UUID(value)) == value  # the form every machine writes: lower case, with hyphens
    except (TypeError, ValueError, AttributeError):
        ok = False
    return [] if ok else [f"{at}: skal være et uuid som 3f2a9c1d-…"]


def _stamp(value: Any, at: str) -> list[str]:
    try:
        dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return [f"{at}: skal være et tidspunkt som 2026-03-12T13:00:00+01:00"]
    return []


def _list(check: Check) -> Check:
    def each(value: Any, at: str) -> list[str]:
        if not isinstance(value, list):
            return [f"{at}: skal være en liste"]
        return [p for n, v in enumerate(value) for p in check(v, f"{at}[{n}]")]
    return each


def _table(fields: dict[str, Check], optional: tuple[str, ...] = ()) -> Check:
    def check(value: Any, at: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{at}: skal være et objekt {{…}}"]
        out = [f"{at}.{k}: mangler" for k in fields if k not in value and k not in optional]
        out += [f"{at}.{k}: er ikke et felt, aktorskab kender" for k in value if k not in fields]
        return out + [p for k, c in fields.items() if k in value for p in c(value[k], f"{at}.{k}")]
    return check


_TEXTS = _list(TEXT)
POINT = _table({"uuid": _uuid, "text": TEXT, "answers": _list(_uuid), "item": _optional(TEXT),
                "category": _optional(TEXT), "theme": _optional(TEXT), "kind": _one_of("point", "barrier", "next"),
                "detail": TEXT, "hidden": TRUTH, "votes": _optional(WHOLE)})
SYNTHESIS = _table({
    "title": TEXT, "intro": TEXT, "order": _one_of("groups", "votes"), "plan_title": TEXT, "points": _list(POINT),
    "themes": _list(_table({"id": TEXT, "title": TEXT, "text": TEXT, "requires": _TEXTS})),
    "sections": _list(_table({"title": TEXT, "lead": TEXT, "bullets": _TEXTS, "text": TEXT})),
    "actions": _list(_table({"what": TEXT, "who": TEXT, "when": TEXT}))})
BALLOT = _table({"item": TEXT, "state": _one_of("open", "closed", "revealed"),
                 "target_kind": _one_of("answer", "point"), "per_group": WHOLE, "per_target": WHOLE,
                 "dots": _list(_table({"group": TEXT, "kind": _one_of("answer", "point"), "target": _uuid,
                                       "dots": _above_zero(WHOLE)}))})
SESSION: dict[str, Check] = {
    "uuid": _uuid, "agenda_name": TEXT, "title": TEXT, "status": _one_of("running", "stopped", "finished", "imported"),
    "started": _stamp, "ended": _optional(_stamp), "groups": _optional(WHOLE), "speed": _above_zero(NUMBER),
    "note": _optional(TEXT), "agenda_toml": TEXT, "agenda_json": TEXT}
RECORD = _table({**SESSION,
                 "answers": _list(_table({"uuid": _uuid, "item_id": TEXT, "group": TEXT, "text": TEXT,
                                          "question": _optional(WHOLE), "category": _optional(TEXT), "created": _stamp,
                                          "edited": _optional(_stamp)})),
                 "events": _list(_table({"kind": TEXT, "at": NUMBER, "item_id": _optional(TEXT),
                                         "value": _optional(NUMBER)})),
                 "synthesis": _optional(SYNTHESIS), "votes": _list(BALLOT)}, optional=("synthesis", "votes"))


def record_problems(record: Any, at: str) -> list[str]:
    """What is wrong with one record: its shape first; then, when the shape holds, what refers to what."""
    if isinstance(record, dict) and isinstance(record.get("title"), str):
        at = f"{at} (»{record['title']}«)"
    shape = RECORD(record, at)
    if shape:
        return shape
    problems = _agenda_problems(record, at)
    answers = [a["uuid"] for a in record["answers"]]
    problems += [f"{at}, answers[{n}]: samme uuid som et svar før" for n, u in enumerate(answers) if u in answers[:n]]
    points = [p["uuid"] for p in (record.get("synthesis") or {"points": []})["points"]]
    problems += [f"{at}, synthesis.points[{n}]: samme uuid som et punkt før" for n, u in enumerate(points)
                 if u in points[:n]]
    placed: set[str] = set()
    for n, p in enumerate((record.get("synthesis") or {"points": []})["points"]):
        for a in p["answers"]:
            if a not in answers:
                problems.append(f"{at}, synthesis.points[{n}].answers: {a} er ikke et af mødets svar")
            elif a in placed:
                problems.append(f"{at}, synthesis.points[{n}].answers: svaret {a} står allerede i et andet punkt")
            placed.add(a)
    targets = {"answer": set(answers), "point": set(points)}
    seen: set[tuple[str, ...]] = set()
    for n, b in enumerate(record.get("votes", [])):
        for m, d in enumerate(b["dots"]):
            key = (b["item"], d["group"], d["kind"], d["target"])
            if d["target"] not in targets[d["kind"]]:
                problems.append(f"{at}, votes[{n}].dots[{m}].target: {d['target']} er ikke et af mødets "
                                f"{'svar' if d['kind'] == 'answer' else 'punkter'}")
            elif key in seen:
                problems.append(f"{at}, votes[{n}].dots[{m}]: gruppen har allerede stemt på det samme")
            seen.add(key)
    items = [b["item"] for b in record.get("votes", [])]
    problems += [f"{at}, votes[{n}].item: to afstemninger om samme punkt" for n, i in enumerate(items)
                 if i in items[:n]]
    return problems


def _agenda_problems(record: dict[str, Any], at: str) -> list[str]:
    """The agenda snapshot must be one this version reads (timing events replay over any agenda)."""
    from pydantic import TypeAdapter, ValidationError

    from aktorskab_cli.agenda.model import Agenda

    try:  # pydantic checks the plain dataclasses' field types as it checked the models they were
        TypeAdapter(Agenda).validate_json(record["agenda_json"])
    except ValidationError:
        return [f"{at}, agenda_json: dagsordenen kan ikke læses; eksportér mødet igen med: {EXPORT_HINT}"]
    return []
