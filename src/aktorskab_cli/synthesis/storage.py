"""A session's synthesis in SQLite, beside its answers (which it never changes).

`save_synthesis` writes the whole synthesis in one transaction, so what is on disk is always one whole
value the facilitator saw: the board saves after every key, `summary apply` once. The closing text is
the session's note, the same "Opsamlende" that `aktorskab note` writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from aktorskab_cli.errors import BadInput
from aktorskab_cli.synthesis.document import action_dict, action_of, section_dict, section_of, theme_dict, theme_of
from aktorskab_cli.synthesis.model import Point, Synthesis
from aktorskab_cli.store.db import chunked, first_row, now_iso

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store


def load_synthesis(store: Store, session_id: int) -> Synthesis | None:
    """The stored synthesis, or None when the session's answers have not been worked on yet."""
    conn = store.conn
    head = conn.execute("SELECT title, intro, sort_order, plan_title FROM syntheses WHERE session_id = ?",
                        (session_id,)).fetchone()
    if head is None:
        return None
    note = store.note(session_id)
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
        themes=tuple(theme_of(d) for d in parts["theme"]),
        sections=tuple(section_of(d) for d in parts["section"]),
        actions=tuple(action_of(d) for d in parts["action"]),
    )


def point_uuids(store: Store, session_id: int) -> dict[int, str]:
    """The session's synthesis points: local id → uuid."""
    return dict(store.conn.execute("SELECT id, uuid FROM points WHERE session_id = ?", (session_id,)))


def delete_synthesis(store: Store, session_id: int) -> None:
    """Forget the session's synthesis (its points go with it); the answers stay."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM syntheses WHERE session_id = ?", (session_id,))


def save_synthesis(store: Store, session_id: int, synthesis: Synthesis) -> None:
    """Replace the session's synthesis with `synthesis`, all or nothing. A point that was stored before
    (the same uuid) keeps its row, so what names the row (a dot-vote from the phones) stays with it."""
    with store._write() as conn:
        _refuse_strays(store, session_id, synthesis.points)
        elsewhere = _uuids_of_other_sessions(conn, session_id, [p.uuid for p in synthesis.points])
        if elsewhere:
            raise BadInput(f"Punktet »{elsewhere[0]}« har et id, der hører til et andet møde (udkastet er vel kopieret "
                           "fra det); slet punktets id (»# id …« efter [[point]]), så får det et nyt. Intet er gemt")
        conn.execute("INSERT INTO syntheses (session_id, title, intro, sort_order, plan_title, updated) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET title = excluded.title, "
                     "intro = excluded.intro, sort_order = excluded.sort_order, plan_title = excluded.plan_title, "
                     "updated = excluded.updated",
                     (session_id, synthesis.title, synthesis.intro, synthesis.order, synthesis.plan_title, now_iso()))
        store.set_note(session_id, synthesis.closing.strip() or None)
        # A point keeps its row (and so its votes, which name the row) for as long as its uuid lives on.
        rows_of = dict(conn.execute("SELECT uuid, id FROM points WHERE session_id = ?", (session_id,)))
        kept = {p.uuid for p in synthesis.points}
        conn.executemany("DELETE FROM points WHERE id = ?", [(i,) for u, i in rows_of.items() if u not in kept])
        conn.execute("DELETE FROM point_answers WHERE point_id IN (SELECT id FROM points WHERE session_id = ?)",
                     (session_id,))
        for position, p in enumerate(synthesis.points):
            values = (position, p.kind, p.item, p.category, p.theme, p.text, p.detail, int(p.hidden), p.votes)
            if p.uuid in rows_of:
                point_id = rows_of[p.uuid]
                conn.execute("UPDATE points SET position = ?, kind = ?, item_id = ?, category = ?, theme = ?, text = ?, "
                             "detail = ?, hidden = ?, votes = ? WHERE id = ?", (*values, point_id))
            else:
                point_id = conn.execute(
                    "INSERT INTO points (position, kind, item_id, category, theme, text, detail, hidden, votes, uuid, "
                    "session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, p.uuid, session_id)).lastrowid
            conn.executemany("INSERT INTO point_answers (answer_id, point_id, position) VALUES (?, ?, ?)",
                             [(a, point_id, n) for n, a in enumerate(p.answers)])
        conn.execute("DELETE FROM synthesis_parts WHERE session_id = ?", (session_id,))
        rows = [("theme", n, theme_dict(t)) for n, t in enumerate(synthesis.themes)]
        rows += [("section", n, section_dict(s)) for n, s in enumerate(synthesis.sections)]
        rows += [("action", n, action_dict(a)) for n, a in enumerate(synthesis.actions)]
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
            _refuse_strays(store, session_id, relinked)
            _write_difference(conn, session_id, old, keep, changed, moved, added, relinked)
    if whole:
        save_synthesis(store, session_id, after)


def _refuse_strays(store: Store, session_id: int, points: Iterable[Point]) -> None:
    """Refused (exit 2) when a point sums up an answer the session does not have."""
    linked = {a for p in points for a in p.answers}
    stray = sorted(linked - set(store.answer_ids(session_id).values())) if linked else []
    if stray:
        raise BadInput(f"Svar {', '.join(map(str, stray))} hører ikke til møde {session_id}; intet er gemt")


def _write_difference(conn, session_id, old, keep, changed, moved, added, relinked) -> None:  # noqa: ANN001
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


def _uuids_of_other_sessions(conn, session_id: int, uuids: list[str]) -> list[str]:  # noqa: ANN001
    """Texts of points whose uuid another session's synthesis already holds."""
    clash = []
    for chunk in chunked(uuids):
        marks = ", ".join("?" * len(chunk))
        clash += [row[0] for row in conn.execute(
            f"SELECT text FROM points WHERE uuid IN ({marks}) AND session_id != ?", (*chunk, session_id))]
    return clash


def points_held_elsewhere(store: Store, uuids: list[str], session_uuid: str) -> int | None:
    """The local meeting, other than the one with `session_uuid`, whose synthesis holds a point with one of
    `uuids`; None when none does."""
    row = first_row(store.conn, "SELECT p.session_id FROM points p JOIN sessions s ON s.id = p.session_id "
                                "WHERE p.uuid IN ({marks}) AND s.uuid != ? LIMIT 1", uuids, session_uuid)
    return None if row is None else row[0]
