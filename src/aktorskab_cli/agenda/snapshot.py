"""An agenda as JSON: the snapshot a session keeps (and the archive carries), and the agenda cache's value.

The shape is the one the pydantic models wrote with `Agenda.model_dump_json()` – the fields of `model` in
their order, compact, non-ASCII as it is – so every snapshot already in a database or the archive reads as
before, and one written now is the same text, byte for byte. Reading builds the dataclasses without
checking their values again: the agenda was validated when it was resolved. A field this version does not
know is left out (a newer snapshot); a missing one takes its default (an older one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

from aktorskab_cli.agenda.model import Agenda, Category, Item, Passage, PromptSet
from aktorskab_cli.errors import AktorskabError

T = TypeVar("T")
_UNREADABLE = ("Mødets gemte dagsorden kan ikke læses: den er beskadiget eller skrevet af en anden version "
               "af aktorskab.")


class SnapshotError(AktorskabError):
    """A stored agenda that cannot be read: damaged, or written by a version of another shape."""


def agenda_to_json(agenda: Agenda) -> str:
    return json.dumps(agenda_to_dict(agenda), ensure_ascii=False, separators=(",", ":"))


# Fields added after snapshots were first stored, written only when set: a snapshot of an agenda that does not
# use them stays the same text, byte for byte, as the one an older version wrote.
_ITEM_ONLY_WHEN_SET = ("plan",)
_AGENDA_ONLY_WHEN_SET = ("plan",)


def agenda_to_dict(agenda: Agenda) -> dict[str, Any]:
    data = dataclasses.asdict(agenda)
    data["date"] = agenda.date.isoformat() if agenda.date else None
    for name in _AGENDA_ONLY_WHEN_SET:
        if data.get(name) is None:
            data.pop(name, None)
    for item in data["items"]:
        for name in _ITEM_ONLY_WHEN_SET:
            if item.get(name) is None:
                item.pop(name, None)
    return data


def agenda_from_json(text: str) -> Agenda:
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        raise SnapshotError(_UNREADABLE) from None
    return agenda_from_dict(data)


def agenda_from_dict(data: Any) -> Agenda:
    try:
        return _build(Agenda, data, date=lambda d: None if d is None else dt.date.fromisoformat(d),
                      items=lambda items: [_build(Item, i) for i in items],
                      prompts=lambda prompts: {k: prompt_set_from_dict(p) for k, p in prompts.items()})
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SnapshotError(_UNREADABLE) from None


def prompt_set_from_dict(data: Any) -> PromptSet:
    return _build(PromptSet, data, categories=lambda cs: [_build(Category, c) for c in cs],
                  points=lambda ps: [_build(Passage, p) for p in ps])


_FIELDS: dict[type, frozenset[str]] = {}


def _build(cls: type[T], data: Any, **convert: Callable[[Any], Any]) -> T:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: not an object")
    names = _FIELDS.get(cls) or _FIELDS.setdefault(cls, frozenset(f.name for f in dataclasses.fields(cls)))
    return cls(**{k: convert[k](v) if k in convert else v for k, v in data.items() if k in names})
