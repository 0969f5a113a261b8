"""A session's synthesis in SQLite, beside its answers (which it never changes).

`save_synthesis` writes the whole synthesis in one transaction, so what is on disk is always one whole
value the facilitator saw: the board saves after every key, `summary apply` once. The closing text is
the session's note, the same "Opsamlende" that `aktorskab note` writes.
"""

from __future__ import annotations

import json
from dataclasses import replace
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


def update_synthesis(store: Store, session_id: int, before: Synthesis, after: Synthesis) -> None:
    """Store `after` where `before` is stored, writing only the points that differ (the board saves after
    every key; rewriting 1,000 points each time would cost more than the key may). Anything else that
    differs, or a store that does not hold `before`, is saved whole by `save_synthesis`."""
    same_rest = replace(before, points=()) == replace(after, points=())
    old = {p.uuid: (n, p) for n, p in enumerate(before.points)}
    keep = {p.uuid for p in after.points}
    changed = [(n, p) for n, p in enumerate(after.points) if p.uuid in old and old[p.uuid][1] != p]
    moved = [(n, p.uuid) for n, p in enumerate(after.points) if p.uuid in old and old[p.uuid][0] != n]
    added = [(n, p) for n, p in enumerate(after.points) if p.uuid not in old]
    relinked = [p for _, p in changed if p.answers != old[p.uuid][1].answers] + [p for _, p in added]
    with store._write() as conn:
        stored = {u for (u,) in conn.execute("SELECT uuid FROM points WHERE session_id = ?", (session_id,))}
        whole = not same_rest or stored != set(old)
        if not whole:
            _write_difference(conn, session_id, old, keep, changed, moved, added, relinked)
    if whole:
        save_synthesis(store, session_id, after)


def _write_difference(conn, session_id, old, keep, changed, moved, added, relinked) -> None:  # noqa: ANN001
    linked = {a for p in relinked for a in p.answers}
    known = {row[0] for row in conn.execute("SELECT id FROM answers WHERE session_id = ?", (session_id,))} if linked else set()
    stray = sorted(linked - known)
    if stray:
        raise BadInput(f"Svar {', '.join(map(str, stray))} hører ikke til møde {session_id}; intet er gemt")
    conn.executemany("DELETE FROM points WHERE uuid = ?", [(u,) for u in old if u not in keep])
    conn.executemany("DELETE FROM point_answers WHERE point_id = (SELECT id FROM points WHERE uuid = ?)",
                     [(p.uuid,) for p in relinked])
    conn.executemany("UPDATE points SET position = ? WHERE uuid = ?", moved)
    conn.executemany(
        "UPDATE points SET kind = ?, item_id = ?, category = ?, theme = ?, text = ?, detail = ?, hidden = ?, "
        "votes = ? WHERE uuid = ?",
        [(p.kind, p.item, p.category, p.theme, p.text, p.detail, int(p.hidden), p.votes, p.uuid) for _, p in changed])
    conn.executemany(
        "INSERT INTO points (uuid, session_id, position, kind, item_id, category, theme, text, detail, hidden, "
        "votes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(p.uuid, session_id, n, p.kind, p.item, p.category, p.theme, p.text, p.detail, int(p.hidden), p.votes)
         for n, p in added])
    conn.executemany(
        "INSERT INTO point_answers (answer_id, point_id, position) VALUES (?, (SELECT id FROM points WHERE uuid = ?), ?)",
        [(a, p.uuid, n) for p in relinked for n, a in enumerate(p.answers)])
    conn.execute("UPDATE syntheses SET updated = ? WHERE session_id = ?", (now_iso(), session_id))
