"""One meeting as it travels between a laptop and the archive: the session, its answers and its timing
events (the agenda snapshot is inside the session). Its canonical form, without local numbers, is
what is compared: equal digests mean nothing changed."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from aktorskab_cli.errors import BadInput
from aktorskab_cli.store.records import Answer, Event, Session

_SESSION_FIELDS = ("uuid", "agenda_name", "title", "status", "started", "ended", "groups", "speed", "note",
                   "agenda_toml", "agenda_json")
_ANSWER_FIELDS = ("uuid", "item_id", "group", "text", "question", "category", "created", "edited")
_EVENT_FIELDS = ("kind", "at", "item_id", "value")


@dataclass(frozen=True)
class Bundle:
    session: Session
    answers: list[Answer]
    events: list[Event]

    @property
    def uuid(self) -> str:
        return str(self.session.uuid)

    @property
    def organisation(self) -> str:
        return self.session.agenda.organisation or ""

    def canonical(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: getattr(self.session, f) for f in _SESSION_FIELDS}
        data["answers"] = [_answer_dict(a) for a in self.answers]
        data["events"] = [{f: getattr(e, f) for f in _EVENT_FIELDS} for e in self.events]
        return data

    def digest(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def from_canonical(data: dict[str, Any]) -> Bundle:
    """The bundle a canonical dict describes (the archive's history keeps them)."""
    values = {f: data[f] for f in _SESSION_FIELDS}
    session = Session(id=0, answers=len(data["answers"]), **values)
    answers = [Answer(**a) for a in data["answers"]]
    return Bundle(session, answers, [Event(**e) for e in data["events"]])


def read_bundle(store: Any, session: Session) -> Bundle:
    """A session of the local store as a bundle; text PostgreSQL cannot hold is refused by name."""
    bundle = Bundle(session, store.answers(session.id), store.events(session.id))
    texts = [session.title, session.note or "", session.agenda_toml, session.agenda_json]
    texts += [a.text for a in bundle.answers] + [a.group for a in bundle.answers]
    if any("\x00" in t for t in texts):
        raise BadInput(f"Møde {session.id} indeholder et nul-tegn (\\0), som arkivet ikke kan gemme; ret svaret "
                       f"med: aktorskab collect {session.id}")
    return bundle


def with_local_id(bundle: Bundle, session_id: int) -> Bundle:
    return replace(bundle, session=replace(bundle.session, id=session_id))


def changes(old: Bundle, new: Bundle) -> str:
    """What a later push changed, in Danish: 'titel ændret; 3 svar tilføjet; 1 svar rettet'."""
    said: list[str] = []
    for name, label in (("title", "titel"), ("status", "status"), ("note", "opsamlende tekst"),
                        ("agenda_json", "dagsorden"), ("ended", "sluttidspunkt"), ("groups", "antal grupper")):
        if getattr(old.session, name) != getattr(new.session, name):
            said.append(f"{label} ændret")
    before = {a.uuid: _answer_dict(a) for a in old.answers}
    after = {a.uuid: _answer_dict(a) for a in new.answers}
    counts = Counter()
    counts["tilføjet"] = len(after.keys() - before.keys())
    counts["fjernet"] = len(before.keys() - after.keys())
    counts["rettet"] = sum(1 for k in before.keys() & after.keys() if before[k] != after[k])
    said += [f"{n} svar {what}" for what, n in counts.items() if n]
    if len(new.events) != len(old.events) or new.events[:len(old.events)] != old.events:
        said.append(f"tidsforløb ændret ({len(new.events)} hændelser)")
    return "; ".join(said) or "ændret"


def _answer_dict(answer: Answer) -> dict[str, Any]:
    return {f: getattr(answer, f) for f in _ANSWER_FIELDS}
