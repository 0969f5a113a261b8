"""The opsamling as JSON: the stable machine format.

Schema version 1 (`schema_version` changes only when a field changes meaning or disappears; new fields
may be added at any time)::

    {
      "schema_version": 1,
      "title": str, "subtitle": str, "organisation": str | null, "footer": str,
      "combined": bool,                       # several meetings in one opsamling
      "created": "2025-10-01T12:00:00+00:00" | null,
      "meetings": [{"session_id", "uuid", "title", "organisation", "date": "YYYY-MM-DD" | null, "place",
                    "agenda", "label"}],               # uuid: the meeting's identity on every machine
      "parts": [{                             # one per agenda
        "agenda": str, "title": str, "sessions": [session_id, ...],
        "notes": [{"session_id", "text"}],    # "Opsamlende"
        "items": [{                           # dialogue items, and any item that has answers
          "id", "title", "planned": "9.25–10.15", "lead", "purpose", "questions": [str],
          "frame": null | {"name", "title", "layout": "table" | "sections",
                           "categories": [{"id", "title", "description", "answers": [ANSWER]}]},
          "other": [{"group", "answers": [ANSWER]}]   # "Øvrige svar": no or unknown category
        }],
        "timings": [{"session_id", "planned_end": "15.00", "actual_end": "15.12" | null,
                     "end_deviation": int | null,     # minutes, + late / − early
                     "items": [{"item_id", "title", "kind", "planned_start", "planned_end",
                                "planned_minutes", "actual_start", "actual_end", "actual_minutes",
                                "deviation", "skipped"}]}]
                     # actual_minutes = actual_end − actual_start (pauses included), as the clock times read;
                     # deviation = actual_minutes − planned_minutes; null when skipped or not ended
      }]
    }
    ANSWER = {"text", "group", "category": str | null, "question": int | null (1-based),
              "session_id", "meeting": str | null (the meeting's label when combined), "uuid": str | null}

Every answer appears exactly once, under its frame category or under "other".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aktorskab_cli.opsamling.model import DialogueItem, Meeting, Opsamling, Part
from aktorskab_cli.opsamling.timing import Timing
from aktorskab_cli.store.records import Answer

SCHEMA_VERSION = 1


def write(ops: Opsamling, path: Path) -> None:
    path.write_text(render(ops), encoding="utf-8", newline="\n")


def render(ops: Opsamling) -> str:
    return json.dumps(to_dict(ops), ensure_ascii=False, indent=1) + "\n"


def to_dict(ops: Opsamling) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "title": ops.title, "subtitle": ops.subtitle, "organisation": ops.organisation, "footer": ops.footer,
        "combined": ops.combined, "created": ops.created.isoformat() if ops.created else None,
        "meetings": [_meeting(m) for m in ops.meetings],
        "parts": [_part(p, ops.combined) for p in ops.parts],
    }


def _meeting(m: Meeting) -> dict[str, Any]:
    return {"session_id": m.session_id, "uuid": m.uuid, "title": m.title, "organisation": m.organisation,
            "date": m.date.isoformat() if m.date else None, "place": m.place, "agenda": m.agenda_name,
            "label": m.label}


def _answer(a: Answer, labels: dict[str, str]) -> dict[str, Any]:
    return {"text": a.text, "group": a.group, "category": a.category, "question": a.question,
            "session_id": a.session_id, "meeting": labels.get(a.session_id or ""), "uuid": a.uuid}


def _item(item: DialogueItem, labels: dict[str, str]) -> dict[str, Any]:
    frame = item.frame
    return {
        "id": item.id, "title": item.title, "planned": item.planned, "lead": item.lead, "purpose": item.purpose,
        "questions": item.questions,
        "frame": None if frame is None else {
            "name": frame.name, "title": frame.title, "layout": frame.layout,
            "categories": [{"id": c.id, "title": c.title, "description": c.description,
                            "answers": [_answer(a, labels) for a in c.answers]} for c in frame.categories],
        },
        "other": [{"group": g.group, "answers": [_answer(a, labels) for a in g.answers]} for g in item.other],
    }


def _timing(t: Timing) -> dict[str, Any]:
    return {
        "session_id": t.meeting.session_id, "planned_end": t.planned_end, "actual_end": t.actual_end,
        "end_deviation": t.end_deviation,
        "items": [{"item_id": r.item_id, "title": r.title, "kind": r.kind, "planned_start": r.planned_start,
                   "planned_end": r.planned_end, "planned_minutes": r.planned_minutes,
                   "actual_start": r.actual_start, "actual_end": r.actual_end,
                   "actual_minutes": r.actual_minutes, "deviation": r.deviation, "skipped": r.skipped}
                  for r in t.rows],
    }


def _part(p: Part, combined: bool) -> dict[str, Any]:
    labels = {m.session_id: m.label for m in p.meetings} if combined else {}  # each answer names its meeting
    return {
        "agenda": p.agenda_name, "title": p.title, "sessions": [m.session_id for m in p.meetings],
        "notes": [{"session_id": n.meeting.session_id, "text": n.text} for n in p.notes],
        "items": [_item(i, labels) for i in p.items],
        "timings": [_timing(t) for t in p.timings],
    }
