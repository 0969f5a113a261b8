"""One meeting record of an exported JSON (`records`, exchange/bundle.py's form), checked before anything is
stored: its form, what refers to what, and every answer against the meeting's own agenda snapshot by the
same rule as an answers file (`rules.answers.answer_problems`).

Every problem is told at once, placed as a facilitator reads it – counted from 1, the JSON's own key names
where they name a field: »møde 1 (»Temadag …«), svar 3, item_id: …«, »…, sammenfatning, punkt 2, answers: …«.
A part whose own form is wrong is told about and left out of the later checks, so the rest is still checked.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aktorskab_cli.exchange.bundle import new_ids
from aktorskab_cli.rules.answers import answer_problems
from aktorskab_cli.rules.ids import is_uuid
from aktorskab_cli.rules.text import MAX_TEXT, control_problem
from aktorskab_cli.store.records import Answer

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda

EXPORT_HINT = "aktorskab export MØDE --format json"
Check = Callable[[Any, str, str], list[str]]  # (value, where its parent is, its key) -> problems


def _at(at: str, key: str) -> str:
    return f"{at}, {key}" if key else at


def _is(test: Callable[[Any], bool], label: str) -> Check:
    return lambda value, at, key: [] if test(value) else [f"{_at(at, key)}: skal være {label}"]


DOCUMENT = _is(lambda v: isinstance(v, str), "tekst")  # a whole agenda: as long as it is


def TEXT(value: Any, at: str, key: str) -> list[str]:  # noqa: N802 - a check like the constants around it
    """Text a person wrote: no longer than any text of a file may be (rules.text.MAX_TEXT)."""
    if not isinstance(value, str):
        return [f"{_at(at, key)}: skal være tekst"]
    if len(value) > MAX_TEXT:
        return [f"{_at(at, key)}: er for lang ({len(value)} tegn); højst {MAX_TEXT} tegn"]
    return []


def WRITTEN(value: Any, at: str, key: str) -> list[str]:  # noqa: N802
    """Text a facilitator wrote in the synthesis (a headline, a theme, the closing note): held to the rule answers
    are held to – no control characters (rules.text), which `summary apply` refuses too."""
    problem = isinstance(value, str) and control_problem(value)
    return TEXT(value, at, key) or ([f"{_at(at, key)}: {problem}"] if problem else [])


WHOLE = _is(lambda v: type(v) is int, "et helt tal")  # not true/false, which JSON keeps apart
NUMBER = _is(lambda v: type(v) in (int, float) and math.isfinite(v), "et tal")
TRUTH = _is(lambda v: type(v) is bool, "true eller false")


def _optional(check: Check) -> Check:
    return lambda value, at, key: [] if value is None else check(value, at, key)


def _one_of(*values: str) -> Check:
    return lambda value, at, key: [] if value in values else [f"{_at(at, key)}: skal være en af: {', '.join(values)}"]


def _above_zero(check: Check) -> Check:
    return lambda value, at, key: check(value, at, key) or (
        [] if value > 0 else [f"{_at(at, key)}: skal være større end 0"])


def _uuid(value: Any, at: str, key: str) -> list[str]:
    return [] if is_uuid(value) else [f"{_at(at, key)}: skal være et uuid som 3f2a9c1d-…"]


def _stamp(value: Any, at: str, key: str) -> list[str]:
    try:
        dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return [f"{_at(at, key)}: skal være et tidspunkt som 2026-03-12T13:00:00+01:00"]
    return []


def _list(check: Check, each: str | None = None) -> Check:
    """A list; its elements named `each` counted from 1 (»svar 3«), or else by the key (»requires nr. 2«)."""
    def run(value: Any, at: str, key: str) -> list[str]:
        if not isinstance(value, list):
            return [f"{_at(at, key)}: skal være en liste"]
        if each:
            return [p for n, v in enumerate(value, 1) for p in check(v, f"{at}, {each} {n}", "")]
        return [p for n, v in enumerate(value, 1) for p in check(v, at, f"{key} nr. {n}")]
    return run


def _table(fields: dict[str, Check], optional: tuple[str, ...] = (), name: str | None = None) -> Check:
    """An object with these fields; `name` is what a reader calls it (»sammenfatning«) instead of its key."""
    def run(value: Any, at: str, key: str) -> list[str]:
        here = _at(at, name or key)
        if not isinstance(value, dict):
            return [f"{here}: skal være et objekt {{…}}"]
        out = [f"{here}, {k}: mangler" for k in fields if k not in value and k not in optional]
        out += [f"{here}, {k}: er ikke et felt, aktorskab kender" for k in value if k not in fields]
        return out + [p for k, c in fields.items() if k in value for p in c(value[k], here, k)]
    return run


_WRITTEN = _list(WRITTEN)
ANSWER = _table({"uuid": _uuid, "item_id": TEXT, "group": TEXT, "text": TEXT, "question": _optional(WHOLE),
                 "category": _optional(TEXT), "created": _stamp, "edited": _optional(_stamp)})
POINT = _table({"uuid": _uuid, "text": WRITTEN, "answers": _list(_uuid), "item": _optional(TEXT),
                "category": _optional(TEXT), "theme": _optional(TEXT), "kind": _one_of("point", "barrier", "next"),
                "detail": WRITTEN, "hidden": TRUTH, "votes": _optional(WHOLE)})
SYNTHESIS = _table({
    "title": WRITTEN, "intro": WRITTEN, "order": _one_of("groups", "votes"), "plan_title": WRITTEN,
    "points": _list(POINT, "punkt"),
    "themes": _list(_table({"id": TEXT, "title": WRITTEN, "text": WRITTEN, "requires": _WRITTEN,
                            "points_title": WRITTEN}, optional=("points_title",)), "tema"),
    "sections": _list(_table({"title": WRITTEN, "lead": WRITTEN, "bullets": _WRITTEN, "text": WRITTEN}), "afsnit"),
    "actions": _list(_table({"what": WRITTEN, "who": WRITTEN, "when": WRITTEN, "points": _list(_uuid)},
                            optional=("points",)), "handling")}, name="sammenfatning")
DOTS = _table({"group": TEXT, "kind": _one_of("answer", "point"), "target": _uuid, "dots": _above_zero(WHOLE)})
BALLOT = _table({"item": TEXT, "state": _one_of("open", "closed", "revealed"),
                 "target_kind": _one_of("answer", "point"), "per_group": WHOLE, "per_target": WHOLE,
                 "dots": _list(DOTS, "stemme")})
SESSION: dict[str, Check] = {
    "uuid": _uuid, "agenda_name": TEXT, "title": TEXT, "status": _one_of("running", "stopped", "finished", "imported"),
    "started": _stamp, "ended": _optional(_stamp), "groups": _optional(WHOLE), "speed": _above_zero(NUMBER),
    "note": _optional(WRITTEN), "agenda_toml": DOCUMENT, "agenda_json": DOCUMENT}
def _when(value: Any, at: str, key: str) -> list[str]:
    from aktorskab_cli.programme.when import parse_when

    if isinstance(value, str) and parse_when(value) is not None:
        return []
    return [f"{_at(at, key)}: skal være et kvartal som »4. kvartal 2025«, en dato som 2026-04-07 eller »løbende«"]


_STATUSES = ("ikke-startet", "i-gang", "gennemfoert", "aendret", "droppet")  # programme.model.STATUSES
CHANGE = _table({"uuid": _uuid, "programme": TEXT, "entry": TEXT, "status": _one_of(*_STATUSES), "note": TEXT,
                 "set_at": _stamp, "session": _optional(_uuid), "origin": _one_of("live", "answers", "set", "phone"),
                 "due": _optional(_when)}, optional=("due",))
ENTRY = _table({"id": TEXT, "what": TEXT, "who": TEXT, "when": _when, "agenda": _optional(TEXT),
                "source": _optional(_table({"meeting": _uuid, "points": _list(_uuid)}, optional=("points",)))},
               optional=("who", "agenda", "source"))
PROGRAMME = _table({"key": TEXT, "title": TEXT, "organisation": _optional(TEXT), "entries": _list(ENTRY, "post")},
                   optional=("organisation",))
LINK = _table({"programme": TEXT, "entry": TEXT})
PLAN = _table({"link": _optional(LINK),
               "changes": _list(CHANGE, "statusændring"), "programmes": _list(PROGRAMME, "program")},
              name="årets program")
RECORD = _table({**SESSION,
                 "answers": _list(ANSWER, "svar"),
                 "events": _list(_table({"kind": TEXT, "at": NUMBER, "item_id": _optional(TEXT),
                                         "value": _optional(NUMBER)}), "hændelse"),
                 "synthesis": _optional(SYNTHESIS), "votes": _list(BALLOT, "afstemning"), "plan": PLAN},
                optional=("synthesis", "votes", "plan"))
_JSON_KEYS = {"item": "item_id"}  # the answers file's field names (answer_problems') as the JSON names them


def record_problems(record: Any, at: str, *, against_agenda: bool = True) -> list[str]:
    """What is wrong with one record: its form, then what refers to what among the parts whose form holds
    (uuids once each, points and votes naming the meeting's own answers and points) and, `against_agenda`,
    every answer against the agenda snapshot the record carries."""
    if isinstance(record, dict) and isinstance(record.get("title"), str):
        at = f"{at} (»{record['title']}«)"
    problems = RECORD(record, at, "")
    if not isinstance(record, dict):
        return problems
    agenda = _agenda(record.get("agenda_json"), at, problems)
    answers = _sound(record, "answers", ANSWER)
    seen: set[str] = set()
    for n, a in answers:
        if a["uuid"] in seen:
            problems.append(f"{at}, svar {n}: samme uuid som et svar før")
        seen.add(a["uuid"])
        if agenda is not None and against_agenda:
            answer = Answer(a["item_id"], a["group"], a["text"], a["question"], a["category"])
            problems += answer_problems(answer, agenda, lambda f, n=n: f"{at}, svar {n}, {_JSON_KEYS.get(f, f)}")
    return problems + _synthesis_problems(record, at) + _vote_problems(record, at) + _plan_problems(record, at)


_ELEMENTS = {"answers": "svar", "events": "hændelse", "points": "punkt", "themes": "tema", "sections": "afsnit",
             "actions": "handling", "votes": "afstemning", "dots": "stemme", "changes": "statusændring",
             "programmes": "program", "entries": "post"}  # as record_problems places them


def surrogate_problems(value: Any, at: str, each: str | None = None) -> list[str]:
    """Every text in `value` (keys too) holding half of a UTF-16 pair (JSON's \\ud800 alone): such a text is
    no Unicode text, so it can neither be stored nor printed. Placed as record_problems places its problems."""
    if isinstance(value, str):
        halves = [c for c in value if "\ud800" <= c <= "\udfff"]
        return [f"{at}: indeholder et ugyldigt tegn (U+{ord(halves[0]):04X}, et halvt tegnpar), som ikke kan "
                f"gemmes; ret det i filen eller eksportér mødet igen"] if halves else []
    if isinstance(value, list):
        return [p for n, v in enumerate(value, 1)
                for p in surrogate_problems(v, f"{at}, {each} {n}" if each else f"{at} nr. {n}")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in (
            surrogate_problems(k, f"{at}, et feltnavn")
            or (surrogate_problems(v, at, _ELEMENTS[k]) if k in _ELEMENTS and isinstance(v, list)
                else surrogate_problems(v, f"{at}, {_NAMES.get(k, k)}")))]
    return []


_NAMES = {"synthesis": "sammenfatning", "plan": "årets program"}  # parts a reader knows by name


def _sound(parent: Any, key: str, check: Check) -> list[tuple[int, dict[str, Any]]]:
    """The elements of parent[key] whose own form holds, with their numbers counted from 1."""
    values = parent.get(key) if isinstance(parent, dict) else None
    return [(n, v) for n, v in enumerate(values, 1) if not check(v, "", "")] if isinstance(values, list) else []


def _known(record: dict[str, Any], key: str) -> set[str]:
    values = record.get(key)
    return {v.get("uuid") for v in values if isinstance(v, dict)} if isinstance(values, list) else set()


def _synthesis_problems(record: dict[str, Any], at: str) -> list[str]:
    synthesis = record.get("synthesis")
    here = f"{at}, sammenfatning"
    answers, problems = _known(record, "answers"), []
    seen: set[str] = set()
    placed: set[str] = set()
    if _old_ids(synthesis):
        problems.append(f"{here}: punkternes id'er skal være uuid'er; et andet id er gemt af en ældre version af "
                        "aktorskab. På maskinen, der skrev filen, giver "
                        f"{new_ids('MØDE', 'aktorskab {}'.format)} punkterne nye id'er; eksportér så mødet igen med: "
                        f"{EXPORT_HINT}")
    for n, p in _sound(synthesis, "points", POINT):
        if p["uuid"] in seen:
            problems.append(f"{here}, punkt {n}: samme uuid som et punkt før")
        seen.add(p["uuid"])
        for a in p["answers"]:
            if a not in answers:
                problems.append(f"{here}, punkt {n}, answers: {a} er ikke et af mødets svar")
            elif a in placed:
                problems.append(f"{here}, punkt {n}, answers: svaret {a} står allerede i et andet punkt")
            placed.add(a)
    return problems


def _old_ids(synthesis: Any) -> bool:  # noqa: ANN401
    """A point or an action naming a point by something that is no uuid (what an older version let through)."""
    if not isinstance(synthesis, dict):
        return False
    points = [p.get("uuid") for p in synthesis.get("points") or () if isinstance(p, dict)]
    refs = [r for a in synthesis.get("actions") or () if isinstance(a, dict) and isinstance(a.get("points"), list)
            for r in a["points"]]
    return any(isinstance(i, str) and not is_uuid(i) for i in points + refs)


def _vote_problems(record: dict[str, Any], at: str) -> list[str]:
    synthesis = record.get("synthesis")
    points = _known(synthesis, "points") if isinstance(synthesis, dict) else set()
    targets = {"answer": _known(record, "answers"), "point": points}
    problems: list[str] = []
    seen: set[tuple[str, ...]] = set()
    items: list[str] = []
    for n, b in _sound(record, "votes", BALLOT):
        if b["item"] in items:
            problems.append(f"{at}, afstemning {n}, item: to afstemninger om samme punkt")
        items.append(b["item"])
        for m, d in enumerate(b["dots"], 1):
            key = (b["item"], d["group"], d["kind"], d["target"])
            if d["target"] not in targets[d["kind"]]:
                problems.append(f"{at}, afstemning {n}, stemme {m}, target: {d['target']} er ikke et af mødets "
                                f"{'svar' if d['kind'] == 'answer' else 'punkter'}")
            elif key in seen:
                problems.append(f"{at}, afstemning {n}, stemme {m}: gruppen har allerede stemt på det samme")
            seen.add(key)
    return problems


def _plan_problems(record: dict[str, Any], at: str) -> list[str]:
    """The meeting's place in the programme: each status change set in this meeting, once; the entries the
    link and the changes name exist in the programme the record carries (one it does not carry is not
    checked: the receiving laptop may know it by name)."""
    plan = record.get("plan")
    if not isinstance(plan, dict):
        return []
    here, problems = f"{at}, årets program", []
    programmes: dict[str, set[str]] = {}
    listed = plan.get("programmes")
    for n, p in enumerate(listed if isinstance(listed, list) else [], 1):  # an entry's own form aside
        if not isinstance(p, dict) or not isinstance(p.get("key"), str) or not isinstance(p.get("entries"), list):
            continue
        if p["key"] in programmes:
            problems.append(f"{here}, program {n}, key: programmet »{p['key']}« står to gange")
        programmes[p["key"]] = {e.get("id") for e in p["entries"] if isinstance(e, dict)}

    def unknown(programme: str, entry: str) -> bool:
        return programme in programmes and entry not in programmes[programme]

    link = plan.get("link")
    if link is not None and not LINK(link, "", "") and unknown(link["programme"], link["entry"]):
        problems.append(f"{here}, link, entry: »{link['entry']}« er ikke en post i programmet »{link['programme']}«")
    seen: set[str] = set()
    for n, c in _sound(plan, "changes", CHANGE):
        place = f"{here}, statusændring {n}"
        if c["uuid"] in seen:
            problems.append(f"{place}: samme uuid som en statusændring før")
        seen.add(c["uuid"])
        if c["session"] != record.get("uuid"):
            problems.append(f"{place}, session: skal være mødets eget uuid ({record.get('uuid')}): kun de "
                            "statusændringer, der blev sat på mødet, følger med det")
        if unknown(c["programme"], c["entry"]):
            problems.append(f"{place}, entry: »{c['entry']}« er ikke en post i programmet »{c['programme']}«")
    return problems


def _agenda(text: Any, at: str, problems: list[str]) -> Agenda | None:
    """The record's agenda snapshot, when it is one this version reads; else a problem (timing events
    replay over any agenda, but the answers are checked against it)."""
    if not isinstance(text, str):
        return None
    from pydantic import TypeAdapter, ValidationError

    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.agenda.snapshot import agenda_from_json

    try:  # pydantic checks the plain dataclasses' field types as it checked the models they were
        TypeAdapter(Agenda).validate_json(text)
    except ValidationError:
        problems.append(f"{at}, agenda_json: dagsordenen kan ikke læses; eksportér mødet igen med: {EXPORT_HINT}")
        return None
    return agenda_from_json(text)
