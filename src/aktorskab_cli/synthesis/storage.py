"""A session's synthesis in SQLite, beside its answers (which it never changes).

`save_synthesis` writes the whole synthesis in one transaction, so what is on disk is always one whole
value the facilitator saw: the board saves after every key, `summary apply` once. The closing text is
the session's note, the same "Opsamlende" that `aktorskab note` writes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from aktorskab_cli.errors import BadInput
from aktorskab_cli.synthesis.model import Action, Point, Section, Synthesis, Theme
from aktorskab_cli.store.db import now_iso

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store


def load_synthesis(store: Store, session_id: int) -> Synthesis | None:
    """The stored synthesis, or None when the session's answers have not been worked on yet."""
    conn = store.conn
    head = conn.execute("SELECT title, intro, sort_order, plan_title FROM syntheses WHERE session_id = ?",
                        (session_id,)).fetchone()
    if head is None:
        return None
    note = conn.execute("SELECT note FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
    links: dict[int, list[int]] = {}
    for point_id, answer_id in conn.execute(
            "SELECT pa.point_id, pa.answer_id FROM point_answers pa JOIN points p ON p.id = pa.point_id "
            "WHERE p.session_id = ? ORDER BY pa.point_id, pa.position", (session_id,)):
        links.setdefault(point_id, []).append(answer_id)
    points = tuple(
        Point(text=text, answers=tuple(links.get(pid, ())), item=item, category=category, theme=theme,
              kind=kind, detail=detail, hidden=bool(hidden), votes=votes, uuid=uuid)
        for pid, uuid, kind, item, category, theme, text, detail, hidden, votes in conn.execute(
            "SELECT id, uuid, kind, item_id, category, theme, text, detail, hidden, votes FROM points "
            "WHERE session_id = ? ORDER BY position", (session_id,)))
    parts: dict[str, list[dict]] = {"theme": [], "section": [], "action": []}
    for part, body in conn.execute("SELECT part, body FROM synthesis_parts WHERE session_id = ? "
                                   "ORDER BY part, position", (session_id,)):
        parts[part].append(json.loads(body))
    return Synthesis(
        title=head[0], intro=head[1], order=head[2], plan_title=head[3], closing=note or "", points=points,
        themes=tuple(Theme(d["id"], d["title"], d.get("text", ""), tuple(d.get("requires", ())))
                     for d in parts["theme"]),
        sections=tuple(Section(d["title"], d.get("lead", ""), tuple(d.get("bullets", ())), d.get("text", ""))
                       for d in parts["section"]),
        actions=tuple(Action(d["what"], d.get("who", ""), d.get("when", "")) for d in parts["action"]),
    )


def save_synthesis(store: Store, session_id: int, synthesis: Synthesis) -> None:
    """Replace the session's synthesis with `synthesis`, all or nothing."""
    with store._write() as conn:
        known = {row[0] for row in conn.execute("SELECT id FROM answers WHERE session_id = ?", (session_id,))}
        stray = sorted({a for p in synthesis.points for a in p.answers} - known)
        if stray:
            raise BadInput(f"Svar {', '.join(map(str, stray))} hører ikke til møde {session_id}; intet er gemt")
        conn.execute("DELETE FROM syntheses WHERE session_id = ?", (session_id,))  # cascades to the rest
        conn.execute("INSERT INTO syntheses (session_id, title, intro, sort_order, plan_title, updated) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (session_id, synthesis.title, synthesis.intro, synthesis.order, synthesis.plan_title, now_iso()))
        conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (synthesis.closing.strip() or None, session_id))
        for position, p in enumerate(synthesis.points):
            cur = conn.execute(
                "INSERT INTO points (uuid, session_id, position, kind, item_id, category, theme, text, detail, "
                "hidden, votes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (p.uuid, session_id, position, p.kind, p.item, p.category, p.theme, p.text, p.detail,
                 int(p.hidden), p.votes))
            conn.executemany("INSERT INTO point_answers (answer_id, point_id, position) VALUES (?, ?, ?)",
                             [(a, cur.lastrowid, n) for n, a in enumerate(p.answers)])
        rows = [("theme", n, {"id": t.id, "title": t.title, "text": t.text, "requires": list(t.requires)})
                for n, t in enumerate(synthesis.themes)]
        rows += [("section", n, {"title": s.title, "lead": s.lead, "bullets": list(s.bullets), "text": s.text})
                 for n, s in enumerate(synthesis.sections)]
        rows += [("action", n, {"what": a.what, "who": a.who, "when": a.when}) for n, a in enumerate(synthesis.actions)]
        conn.executemany("INSERT INTO synthesis_parts (session_id, part, position, body) VALUES (?, ?, ?, ?)",
                         [(session_id, part, n, json.dumps(body, ensure_ascii=False)) for part, n, body in rows])
