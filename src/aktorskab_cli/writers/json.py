"""The opsamling as JSON: the stable machine format.

Schema version 2 (`schema_version` changes only when a field changes meaning or disappears; new fields
may be added at any time)::

    {
      "schema_version": 2,
      "title", "subtitle", "organisation", "footer", "rehearsal": str | null, "combined": bool,
      "created": "2025-10-01T12:00:00+00:00" | null,
      "intro": str,                           # the small Markdown subset (see opsamling/markup.py)
      "meetings": [{"session_id", "uuid", "title", "organisation", "date": "YYYY-MM-DD" | null, "place",
                    "agenda", "label"}],               # uuid: the meeting's identity on every machine
      "parts": [{                             # one per kind of meeting: agendas of one title (dialogmoede
                                              # and every OMU's own copy of it, omu-bf, …)
        "agendas": [str],                     # the names of the agendas its meetings followed, in their order
        "agenda",                             # the first of them (kept from before "agendas"; each meeting
                                              # names its own in "meetings")
        "title", "sessions": [session_id, ...],
        "items": [{                           # dialogue items that have answers
          "id", "title", "planned": "9.25–10.15", "lead", "purpose", "questions": [str],
          "layout": "table" | "sections" | null,
          "columns": [{"id", "title", "description", "points": [POINT]}],
          "other_points": [POINT],            # points in no column of the frame
          "waiting": [ANSWER],                # answers not yet placed in a point
          "followup": [{"session_id",         # a follow-up item: the statuses set in each meeting
                        "statuses": [{"uuid", "programme", "entry", "what", "who", "status": "gennemfoert",
                                      "label": "gennemført", "note", "suggested": bool,   # from a phone
                                      "set_at"}]}]
        }],
        "answers": [ANSWER],                  # the bilag: every raw answer exactly once
        "timings": [{"session_id", "planned_end": "15.00", "actual_end": "15.12" | null,   # with --with-timing
                     "end_deviation": int | null,     # minutes, + late / − early
                     "items": [{"item_id", "title", "kind", "planned_start", "planned_end",
                                "planned_minutes", "actual_start", "actual_end", "actual_minutes",
                                "deviation", "skipped"}]}]
      }],
      "sections": [{"title", "lead", "bullets": [str], "text"}],
      "themes": [{"number", "id", "title", "text", "requires": [str], "points": [POINT]}],
      "barriers": [{"title", "text"}], "next": [POINT],
      "recurring": [POINT],                   # combined: points two or more meetings raised, most meetings first
      "plan_title": str, "plan": [{"when": "4. kvartal 2025", "actions": [{"what", "who", "when"}]}],
      "closing": [{"session_id", "text"}],    # "Opsamlende"
      "records": [RECORD]                     # each meeting as recorded: what `aktorskab import FILE.json`
    }                                         # makes again (uuids kept, so a second import adds nothing)
    POINT = {"text", "groups": [str], "meetings": [session_id], "votes": int | null, "answers": [answer id]}
    ANSWER = {"id", "item", "text", "group", "category", "question": int | null (1-based),
              "session_id", "meeting": str | null (the meeting's label when combined), "uuid": str | null}

    RECORD = the meeting's session fields (uuid, title, status, started, note, agenda_toml, agenda_json,
             …), its "answers" (with uuids) and "events", and its "synthesis" and "votes" when it has them,
             answers named by uuid: exchange/bundle.py describes it; and its "plan" when it belongs to the
             year's programme or statuses were set in it: the entry it was held for, the status changes set
             in it and the programmes they refer to (exchange/local.exported_record).

An answer's `id` is the one `aktorskab summary draft` shows and `[[point]] answers` lists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aktorskab_cli.opsamling.model import ItemSummary, Meeting, Opsamling, Part, PointView
from aktorskab_cli.opsamling.model import Timing
from aktorskab_cli.store.records import Answer

SCHEMA_VERSION = 2


def write(ops: Opsamling, path: Path) -> None:
    write_json(to_dict(ops), path)


def write_json(data: dict[str, Any], path: Path) -> None:
    """A JSON document as every writer here writes one: UTF-8, letters as they are, one space of indent."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")


def to_dict(ops: Opsamling) -> dict[str, Any]:
    labels = {m.session_id: m.label for m in ops.meetings} if ops.combined else {}
    return {
        "schema_version": SCHEMA_VERSION,
        "title": ops.title, "subtitle": ops.subtitle, "organisation": ops.organisation, "footer": ops.footer,
        "rehearsal": ops.rehearsal, "combined": ops.combined,
        "created": ops.created.isoformat() if ops.created else None, "intro": ops.intro,
        "meetings": [_meeting(m) for m in ops.meetings],
        "recurring": [_point(p) for p in ops.recurring],  # combined: points two or more meetings raised
        "parts": [_part(p, labels) for p in ops.parts],
        "sections": [{"title": s.title, "lead": s.lead, "bullets": list(s.bullets), "text": s.text}
                     for s in ops.sections],
        "themes": [{"number": t.number, "id": t.id, "title": t.title, "text": t.text, "requires": t.requires,
                    "points": [_point(p) for p in t.points]} for t in ops.themes],
        "barriers": [{"title": b.title, "text": b.text} for b in ops.barriers],
        "next": [_point(p) for p in ops.next],
        "plan_title": ops.plan_title,
        "plan": [{"when": g.label, "actions": [{"what": a.what, "who": a.who, "when": a.when} for a in g.actions]}
                 for g in ops.plan],
        "closing": [{"session_id": n.meeting.session_id, "text": n.text} for n in ops.closing],
        "records": ops.records,
    }


def _meeting(m: Meeting) -> dict[str, Any]:
    return {"session_id": m.session_id, "uuid": m.uuid, "title": m.title, "organisation": m.organisation,
            "date": m.date.isoformat() if m.date else None, "place": m.place, "agenda": m.agenda_name,
            "label": m.label}


def _answer(a: Answer, labels: dict[str, str]) -> dict[str, Any]:
    return {"id": a.id, "item": a.item_id, "text": a.text, "group": a.group, "category": a.category,
            "question": a.question, "session_id": a.session_id, "meeting": labels.get(a.session_id or ""),
            "uuid": a.uuid}


def _point(p: PointView) -> dict[str, Any]:
    return {"text": p.text, "groups": p.groups, "meetings": p.meetings, "votes": p.votes,
            "answers": [a.id for a in p.answers]}


def _item(item: ItemSummary, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "id": item.id, "title": item.title, "planned": item.planned, "lead": item.lead, "purpose": item.purpose,
        "questions": item.questions, "layout": item.layout,
        "columns": [{"id": c.id, "title": c.title, "description": c.description,
                     "points": [_point(p) for p in c.points]} for c in item.columns],
        "other_points": [_point(p) for p in item.loose],
        "waiting": [_answer(a, labels) for a in item.waiting],
        "followup": [{"session_id": g.meeting.session_id,
                      "statuses": [{"uuid": s.change.uuid, "programme": s.change.programme, "entry": s.change.entry,
                                    "what": s.what, "who": s.who, "status": s.change.status, "label": s.status,
                                    "note": s.note, "suggested": s.suggested,
                                    "set_at": s.change.set_at.isoformat()} for s in g.statuses]}
                     for g in item.followup],
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


def _part(p: Part, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "agenda": p.agenda_name, "agendas": list(dict.fromkeys(m.agenda_name for m in p.meetings)),
        "title": p.title, "sessions": [m.session_id for m in p.meetings],
        "items": [_item(i, labels) for i in p.items],
        "answers": [_answer(a, labels) for item in p.appendix for a in item.answers],
        "timings": [_timing(t) for t in p.timings],
    }
