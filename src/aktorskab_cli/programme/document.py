"""The programme and its status changes as plain documents: the snapshot a laptop keeps of a programme it
used (`storage`), and the form both travel in (the archive, an export). Pure: values in, dicts out.

    programme: {"key", "title", "organisation", "entries": [{"id", "what", "who", "when", "agenda",
                 "source": {"meeting", "points": [uuid]} | null}]}        (when: as a file writes it)
    change:    {"uuid", "programme", "entry", "status", "note", "set_at" (ISO 8601, UTC), "session", "origin",
                "due" (only when the change moved the entry: its new `when`, as a file writes it)}
    a meeting's place in it (an exported JSON's record, `meeting_plan`):
               {"link": {"programme", "entry"} | null, "changes": [change], "programmes": [programme]}
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from aktorskab_cli.programme.model import Entry, Programme, Source, StatusChange
from aktorskab_cli.programme.when import When, parse_when


def when_text(when: When) -> str:
    """`when` as text: the label, or an ISO date (what `parse_when` reads back)."""
    return when.date.isoformat() if when.kind == "date" else when.label


def programme_dict(programme: Programme) -> dict[str, Any]:
    return {
        "key": programme.key, "title": programme.title, "organisation": programme.organisation,
        "entries": [{"id": e.id, "what": e.what, "who": e.who, "when": when_text(e.when), "agenda": e.agenda,
                     "source": None if e.source is None else {"meeting": e.source.meeting,
                                                              "points": list(e.source.points)}}
                    for e in programme.entries],
    }


def programme_of(data: Mapping[str, Any]) -> Programme:
    """The programme a document describes; `ValueError` when it is not one."""
    try:
        entries = []
        for e in data["entries"]:
            when = parse_when(e["when"])
            if when is None:
                raise ValueError(f"unreadable when: {e['when']!r}")
            source = e.get("source")
            entries.append(Entry(e["id"], e["what"], e.get("who") or "", when, e.get("agenda"),
                                 None if not source else Source(source["meeting"], tuple(source.get("points", ())))))
        return Programme(data["key"], data["title"], data.get("organisation"), tuple(entries))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a programme: {exc}") from None


def programme_json(programme: Programme) -> str:
    return json.dumps(programme_dict(programme), ensure_ascii=False, separators=(",", ":"))


def stamp(at: dt.datetime) -> str:
    """A UTC time as stored: ISO 8601 with microseconds, so that text order is time order."""
    return at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


CHANGE_FIELDS = ("uuid", "programme", "entry", "status", "note", "set_at", "session", "origin", "due")


def change_dict(c: StatusChange) -> dict[str, Any]:
    """The change as it travels; "due" only on a move, so a change that moved nothing reads as it always did
    (an older aktorskab refuses a field it does not know)."""
    d = {"uuid": c.uuid, "programme": c.programme, "entry": c.entry, "status": c.status, "note": c.note,
         "set_at": stamp(c.set_at), "session": c.session, "origin": c.origin}
    return d if c.due is None else {**d, "due": when_text(c.due)}


def meeting_plan(link: tuple[str, str] | None, changes: Sequence[StatusChange],
                 programmes: Mapping[str, Programme | None]) -> dict[str, Any] | None:
    """A meeting's place in the programme as its exported record carries it: the entry it was held for, the
    changes set in it and the versions of the programmes both refer to (`programmes` by key; those not
    known are left out); None when the meeting has neither link nor change."""
    if link is None and not changes:
        return None
    keys = dict.fromkeys([*([link[0]] if link else []), *(c.programme for c in changes)])
    return {"link": {"programme": link[0], "entry": link[1]} if link else None,
            "changes": [change_dict(c) for c in changes],
            "programmes": [programme_dict(p) for key in keys if (p := programmes.get(key)) is not None]}


def change_of(d: Mapping[str, Any]) -> StatusChange:
    at = dt.datetime.fromisoformat(d["set_at"])
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    due = parse_when(d["due"]) if d.get("due") else None
    if d.get("due") and due is None:
        raise ValueError(f"unreadable due: {d['due']!r}")
    return StatusChange(d["uuid"], d["programme"], d["entry"], d["status"], d.get("note") or "",
                        at.astimezone(dt.timezone.utc), d.get("session"), d["origin"], due)
