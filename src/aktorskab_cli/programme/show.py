"""What `plan show` prints: the programme as text (its `when`s in time order, each entry with its status and
the meetings held for it) and as JSON. Pure: entry states in, text or dicts out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from aktorskab_cli.programme.model import ORIGIN_LABELS, STATUS_LABELS, EntryState, Programme, page
from aktorskab_cli.rules.dates import danish_date, danish_time


def show_text(programme: Programme, entry_states: Sequence[EntryState], today: dt.date,
              forums: Mapping[str, str] | None = None) -> str:
    """`forums`: who held a meeting known from elsewhere (its organisation, by uuid), said after its day."""
    head = programme.title + (f" · {programme.organisation}" if programme.organisation else "")
    rows: list[tuple[str, str, str, list[str]]] = []  # (indented text, status, id, lines under it) or a heading
    for label, lines in page(entry_states):
        rows.append((label, "", "", []))
        for line in lines:
            if line.bullets:
                rows.append((f"  {line.what}", "", "", []))
            for s in line.entries:
                text = f"    • {s.entry.who}" if line.bullets else f"  {s.entry.what}"
                rows.append((text, _status(s, today), s.entry.id, _below(s, forums or {})))
    width = max(len(r[0]) for r in rows) + 2
    status_width = max(len(r[1]) for r in rows) + 2
    out = [head, ""]
    for text, status, entry_id, below in rows:
        out.append(f"{text:<{width}}{status:<{status_width}}{entry_id}".rstrip() if status else text)
        out += below
    late = [s for s in entry_states if s.late(today)]
    if late:
        out += ["", f"Forsinket ({len(late)}): " + "; ".join(f"»{s.entry.name}« ({s.when.label})" for s in late)]
    for s in entry_states:
        for a, b in s.disagreements:
            out += ["", f"Bemærk: »{s.entry.name}« fik to forskellige statusser {danish_date(a.day)}: "
                        f"»{STATUS_LABELS[a.status]}« ({danish_time(a.set_at.astimezone())}, {ORIGIN_LABELS[a.origin]}) og "
                        f"»{STATUS_LABELS[b.status]}« ({danish_time(b.set_at.astimezone())}, {ORIGIN_LABELS[b.origin]}); "
                        "den sidste gælder."]
    return "\n".join(out)


def _status(s: EntryState, today: dt.date) -> str:
    return s.label + (" · forsinket" if s.late(today) else "")


def _below(s: EntryState, forums: Mapping[str, str]) -> list[str]:
    """Under an entry: each meeting held for it, the latest move (»flyttet fra … til …«), the latest change's note."""
    lines = []
    for h in s.held:
        elsewhere = f"møde på en anden computer (id {h.session[:8]})"  # the id archive pull takes
        where = [f"møde {h.number}" if h.number is not None else elsewhere, danish_date(h.date)]
        if h.place:
            where.append(h.place)
        if h.number is None and forums.get(h.session):
            where.append(forums[h.session])
        lines.append("        " + " · ".join(where))
    moves = [t for t in s.trail if t.moved]
    if moves:
        lines.append(f"        {moves[-1].moved} ({danish_date(moves[-1].date)})")
    notes = [t for t in s.trail if t.origin != "held"]
    if notes and notes[-1].note:
        lines.append(f"        »{notes[-1].note}« ({danish_date(notes[-1].date)})")
    return lines


def show_json(programme: Programme, entry_states: Sequence[EntryState]) -> dict[str, Any]:
    """{"title", "entries": [{"id", "what", "who", "when", "due", "kind", "status", "held": [{"uuid", "date",
    "title"}], "trail": [{"status", "note", "date", "meeting", "due"}]}]}: when as planned, due as it is now (the
    newest a change moved it to, else when); status an id (ikke-startet, i-gang, gennemfoert, aendret, droppet); a
    trail line's date its time (ISO 8601, UTC), its meeting the uuid of the meeting it was set in (or the meeting
    held, for a »møde holdt« line), else null; its due where the change moved the entry, else null."""
    return {"title": programme.title, "entries": [{
        "id": s.entry.id, "what": s.entry.what, "who": s.entry.who, "when": s.entry.when.label,
        "due": s.when.label, "kind": s.entry.kind, "status": s.status,
        "held": [{"uuid": h.session, "date": h.date.isoformat(), "title": h.title} for h in s.held],
        "trail": [{"status": t.status, "note": t.note, "date": t.at.isoformat(timespec="seconds"),
                   "meeting": t.session, "due": t.due.label if t.due else None} for t in s.trail],
    } for s in entry_states]}
