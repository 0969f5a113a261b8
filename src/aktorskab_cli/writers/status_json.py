"""The status report as JSON, for scripts::

    {"schema_version": 1, "title", "organisation", "subtitle", "footer", "created", "source",
     "quarters": [{"label": "4. kvartal 2025", "lines": [{"text", "entry": id | null, "bullets": [{"text", "entry"}]}]}],
     "entries": [{"id", "what", "name", "who", "when", "kind": "meeting" | "task", "status", "late": bool,
                  "held": [{"uuid", "date": "YYYY-MM-DD" | null, "title", "organisation", "place"}],
                  "origin": {"meeting", "points": [str]} | null, "disagreement": str,
                  "trail": [{"status", "note", "set_at": ISO 8601, "date": "YYYY-MM-DD", "meeting", "current"}]}],
     "held_summary": str, "late": [id]}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aktorskab_cli.programme.report import ReportEntry, StatusReport
from aktorskab_cli.writers.json import write_json

SCHEMA_VERSION = 1


def write(report: StatusReport, path: Path) -> None:
    write_json(to_dict(report), path)


def to_dict(report: StatusReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION, "title": report.title, "organisation": report.organisation,
        "subtitle": report.subtitle, "footer": report.footer,
        "created": report.created.isoformat() if report.created else None, "source": report.source,
        "quarters": [{"label": q.label, "lines": [
            {"text": line.text, "entry": line.entry.id if line.entry else None,
             "bullets": [{"text": text, "entry": entry.id} for text, entry in line.bullets]} for line in q.lines]}
            for q in report.quarters],
        "entries": [_entry(e) for e in report.entries],
        "held_summary": report.held_summary,
        "late": [e.id for e in report.late],
    }


def _entry(e: ReportEntry) -> dict[str, Any]:
    return {
        "id": e.id, "what": e.what, "name": e.name, "who": e.who, "when": e.when, "kind": "meeting" if e.meeting else "task",
        "status": e.status, "late": e.late,
        "held": [{"uuid": m.uuid, "date": m.date.isoformat() if m.date else None, "title": m.title,
                  "organisation": m.organisation, "place": m.place} for m in e.held],
        "origin": {"meeting": e.origin.meeting, "points": list(e.origin.points)} if e.origin else None,
        "disagreement": e.disagreement,
        "trail": [{"status": s.status, "note": s.note, "set_at": s.set_at.isoformat(),
                   "date": s.set_at.date().isoformat(), "meeting": s.meeting, "current": s.current}
                  for s in e.trail],
    }
