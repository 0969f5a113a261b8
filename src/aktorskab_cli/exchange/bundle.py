"""One meeting as it travels between machines (the archive, an exported JSON): the session with its agenda
snapshot, its answers, its timing events, its synthesis and its votes. Pure values.

Its canonical form names everything by uuid, never by one machine's numbers; it is what is compared
(equal digests mean nothing changed), what the archive keeps as history, and what an exported JSON
carries so that `aktorskab import` can make the meeting again:

    {SESSION fields, "answers": [ANSWER], "events": [EVENT],
     "synthesis": SYNTHESIS (synthesis/document.py; only when one was made),
     "votes": [{"item", "state": "open" | "closed" | "revealed", "target_kind": "answer" | "point",
                "per_group", "per_target",
                "dots": [{"group", "kind": "answer" | "point", "target": uuid, "dots": int}]}]  (only when any)}
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aktorskab_cli.store.records import Answer, Event, Session
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.ids import is_uuid
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.rules.text import visible

SESSION_FIELDS = ("uuid", "agenda_name", "title", "status", "started", "ended", "groups", "speed", "note",
                  "agenda_toml", "agenda_json")
ANSWER_FIELDS = ("uuid", "item_id", "group", "text", "question", "category", "created", "edited")
EVENT_FIELDS = ("kind", "at", "item_id", "value")


@dataclass(frozen=True)
class Bundle:
    session: Session
    answers: list[Answer]
    events: list[Event]
    synthesis: dict[str, Any] | None = None  # the document form (synthesis/document.py); None: none made
    votes: list[dict[str, Any]] = field(default_factory=list)  # ballots with their dots, as above

    @property
    def uuid(self) -> str:
        return str(self.session.uuid)

    @property
    def organisation(self) -> str:
        return self.session.agenda.organisation or ""

    def canonical(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: getattr(self.session, f) for f in SESSION_FIELDS}
        data["answers"] = [_answer_dict(a) for a in self.answers]
        data["events"] = [{f: getattr(e, f) for f in EVENT_FIELDS} for e in self.events]
        if self.synthesis is not None:  # absent, not null: a meeting without one digests as it always did
            data["synthesis"] = self.synthesis
        if self.votes:
            data["votes"] = self.votes
        return data

    def digest(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_ids(meeting: int | str, say: Callable[[str], str] | None = None) -> str:
    """The commands that give a meeting's points new ids (the draft does); `say` writes a command (default:
    `rules.commands.command`, with this run's --db; the other machine's commands are written without)."""
    say = say or command
    return f"{say(f'summary draft {meeting} -o udkast.toml')} og {say('summary apply udkast.toml')}"


def old_ids_problem(bundle: Bundle, nothing: str) -> str | None:
    """Why the meeting may not travel, when its synthesis names a point by something that is no uuid (a
    synthesis stored before ids were checked): no machine could read it back (`import`, the archive's pull).
    Refused rather than mended on the way, so the copy that travels and this one name the same points; the
    message names them and how to give them new ids (the draft does). `nothing`: »Intet er sendt«."""
    document = bundle.synthesis
    if document is None:
        return None
    points = [p for p in document["points"] if not is_uuid(p["uuid"])]
    named = [f"punktet »{visible(p['text'])}« (»{visible(p['uuid'])}«)" for p in points]
    named += [f"handlingen »{visible(a['what'])}« (»{visible(ref)}«)" for a in document["actions"]
              for ref in a.get("points", ()) if not is_uuid(ref) and ref not in {p["uuid"] for p in points}]
    if not named:
        return None
    meeting = bundle.session.id
    return (f"Møde {meeting} har id'er, der ikke er uuid'er (gemt af en ældre version af aktorskab): {', '.join(named)}. "
            f"Sådan et møde kan ikke læses ind på en anden maskine; giv punkterne nye id'er med: "
            f"{new_ids(meeting)}. {nothing}")


def from_canonical(data: dict[str, Any]) -> Bundle:
    """The bundle a canonical dict describes (the archive's history, an exported JSON once checked)."""
    values = {f: data[f] for f in SESSION_FIELDS}
    session = Session(id=0, answers=len(data["answers"]), **values)
    answers = [Answer(**{f: a[f] for f in ANSWER_FIELDS}) for a in data["answers"]]
    events = [Event(**{f: e[f] for f in EVENT_FIELDS}) for e in data["events"]]
    return Bundle(session, answers, events, data.get("synthesis"), data.get("votes") or [])


def changes(old: Bundle, new: Bundle) -> str:
    """What a later push changed, in Danish: 'titel ændret; 3 svar tilføjet; sammenfatning ændret (…)'."""
    said: list[str] = []
    for name, label in (("title", "titel"), ("status", "status"), ("note", "opsamlende tekst"),
                        ("agenda_json", "dagsorden"), ("ended", "sluttidspunkt"), ("groups", "antal grupper")):
        if getattr(old.session, name) != getattr(new.session, name):
            said.append(f"{label} ændret")
    before = {a.uuid: _answer_dict(a) for a in old.answers}
    after = {a.uuid: _answer_dict(a) for a in new.answers}
    said += [f"{counted(n, 'svar', 'svar')} {what}" for what, n in _counted(before, after).items() if n]
    if len(new.events) != len(old.events) or new.events[:len(old.events)] != old.events:
        said.append(f"tidsforløb ændret ({len(new.events)} hændelser)")
    said += _synthesis_changes(old.synthesis, new.synthesis)
    said += _vote_changes(old.votes, new.votes)
    return "; ".join(said) or "ændret"


def _counted(before: dict[Any, Any], after: dict[Any, Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    counts["tilføjet"] = len(after.keys() - before.keys())
    counts["fjernet"] = len(before.keys() - after.keys())
    counts["rettet"] = sum(1 for k in before.keys() & after.keys() if before[k] != after[k])
    return counts


def _synthesis_changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    if old == new:
        return []
    if old is None:
        return ["sammenfatning tilføjet"]
    if new is None:
        return ["sammenfatning fjernet"]
    counts = _counted({p["uuid"]: p for p in old["points"]}, {p["uuid"]: p for p in new["points"]})
    detail = ", ".join(f"{counted(n, 'punkt', 'punkter')} {what}" for what, n in counts.items() if n)
    return [f"sammenfatning ændret ({detail})" if detail else "sammenfatning ændret"]


def _vote_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    if old == new:
        return []

    def dots(ballots: list[dict[str, Any]]) -> dict[tuple[str, ...], int]:
        return {(b["item"], d["group"], d["kind"], d["target"]): d["dots"] for b in ballots for d in b["dots"]}

    def settings(ballots: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {b["item"]: {k: v for k, v in b.items() if k != "dots"} for b in ballots}

    said = [f"{counted(n, 'afstemning', 'afstemninger')} {'ændret' if what == 'rettet' else what}"
            for what, n in _counted(settings(old), settings(new)).items() if n]
    said += [f"{counted(n, 'stemme', 'stemmer')} {'ændret' if what == 'rettet' else what}"
             for what, n in _counted(dots(old), dots(new)).items() if n]
    return said


def _answer_dict(answer: Answer) -> dict[str, Any]:
    return {f: getattr(answer, f) for f in ANSWER_FIELDS}
