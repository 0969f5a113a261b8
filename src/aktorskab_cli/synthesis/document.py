"""A synthesis as a plain document, the form it travels in (the archive, an exported JSON): answers are
named by their uuids, never by one machine's numbers; points keep their uuids. The closing text is the
session's note and travels with the session, not here. Pure: dicts in, dicts out.

    {"title", "intro", "order": "groups" | "votes", "plan_title",
     "points": [{"uuid", "text", "answers": [answer uuid], "item", "category", "theme",
                 "kind": "point" | "barrier" | "next", "detail", "hidden": bool, "votes": int | null}],
     "themes": [THEME], "sections": [SECTION], "actions": [ACTION]}

THEME, SECTION and ACTION are the shapes the local store keeps them in, too (`synthesis_parts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aktorskab_cli.synthesis.model import Action, Point, Section, Synthesis, Theme


def theme_dict(t: Theme) -> dict[str, Any]:
    out = {"id": t.id, "title": t.title, "text": t.text, "requires": list(t.requires)}
    if t.points_title:  # only when set: a meeting's digest stays what it was
        out["points_title"] = t.points_title
    return out


def section_dict(s: Section) -> dict[str, Any]:
    return {"title": s.title, "lead": s.lead, "bullets": list(s.bullets), "text": s.text}


def action_dict(a: Action) -> dict[str, Any]:
    """`points` only when it has some: a synthesis without them travels as the same text (and digest) as before."""
    out: dict[str, Any] = {"what": a.what, "who": a.who, "when": a.when}
    if a.points:
        out["points"] = list(a.points)
    return out


def theme_of(d: Mapping[str, Any]) -> Theme:
    return Theme(d["id"], d["title"], d.get("text", ""), tuple(d.get("requires", ())), d.get("points_title", ""))


def section_of(d: Mapping[str, Any]) -> Section:
    return Section(d["title"], d.get("lead", ""), tuple(d.get("bullets", ())), d.get("text", ""))


def action_of(d: Mapping[str, Any]) -> Action:
    return Action(d["what"], d.get("who", ""), d.get("when", ""), tuple(d.get("points", ())))


def to_document(synthesis: Synthesis, answer_uuids: Mapping[int, str]) -> dict[str, Any]:
    """The document of `synthesis`; an answer this machine does not let travel (hidden) is left out."""
    return {
        "title": synthesis.title, "intro": synthesis.intro, "order": synthesis.order,
        "plan_title": synthesis.plan_title,
        "points": [{"uuid": p.uuid, "text": p.text,
                    "answers": [answer_uuids[a] for a in p.answers if a in answer_uuids],
                    "item": p.item, "category": p.category, "theme": p.theme, "kind": p.kind, "detail": p.detail,
                    "hidden": p.hidden, "votes": p.votes} for p in synthesis.points],
        "themes": [theme_dict(t) for t in synthesis.themes],
        "sections": [section_dict(s) for s in synthesis.sections],
        "actions": [action_dict(a) for a in synthesis.actions],
    }


def from_document(document: Mapping[str, Any], answer_ids: Mapping[str, int], closing: str = "") -> Synthesis:
    """The synthesis a document describes, its answers numbered as `answer_ids` says (uuid -> local id)."""
    return Synthesis(
        title=document["title"], intro=document["intro"], order=document["order"],
        plan_title=document["plan_title"], closing=closing,
        points=tuple(Point(text=p["text"], answers=tuple(answer_ids[a] for a in p["answers"] if a in answer_ids),
                           item=p["item"], category=p["category"], theme=p["theme"], kind=p["kind"],
                           detail=p["detail"], hidden=p["hidden"], votes=p["votes"], uuid=p["uuid"])
                     for p in document["points"]),
        themes=tuple(theme_of(t) for t in document["themes"]),
        sections=tuple(section_of(s) for s in document["sections"]),
        actions=tuple(action_of(a) for a in document["actions"]),
    )
