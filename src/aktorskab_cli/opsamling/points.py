"""From syntheses to what the document shows: points in columns and themes, barriers, vejen videre, the plan.

Pure. Several meetings' points that say the same (same item, same words after `normalise`) become one
`PointView` that counts every group and meeting behind it. Hidden points are left out; their answers
still stand in the bilag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from aktorskab_cli.opsamling.model import POINTS_TITLE, Barrier, PlanGroup, PointView, ThemeView
from aktorskab_cli.store.records import Answer
from aktorskab_cli.rules.dates import quarter, quarter_label
from aktorskab_cli.rules.groups import normalise_group
from aktorskab_cli.synthesis.model import Action, Point, Synthesis, Theme, normalise


_BLANK_LINE = re.compile(r"\n\s*\n")


@dataclass
class Placed:
    """A point view and where it stands: its item, column and theme (the first meeting's)."""

    view: PointView
    item: str | None
    category: str | None
    theme: str | None
    first: int  # order of appearance, the tie-breaker


@dataclass
class Collected:
    points: list[Placed] = field(default_factory=list)
    waiting: dict[str | None, list[Answer]] = field(default_factory=dict)  # item -> answers not yet placed
    themes: dict[str, Theme] = field(default_factory=dict)
    barriers: dict[str, Barrier] = field(default_factory=dict)
    next: list[PointView] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    by_votes: bool = False


def collect(entries: Sequence[tuple[str, Synthesis, Sequence[Answer], frozenset[str], str | None]]) -> Collected:
    """`entries`: (session id, synthesis, its answers, uuids of waiting points, the meeting's mark or None)."""
    out = Collected()
    keyed: dict[tuple[str, str | None, str], Placed] = {}
    for session_id, synthesis, answers, waiting, mark in entries:
        by_id = {a.id: a for a in answers}
        out.by_votes = out.by_votes or synthesis.order == "votes"
        for theme in synthesis.themes:
            out.themes[theme.id] = merged_theme(out.themes[theme.id], theme) if theme.id in out.themes else theme
        for action in synthesis.actions:  # the same action from two meetings is one line of the plan
            if all((action.what, action.who, action.when) != (a.what, a.who, a.when) for a in out.actions):
                out.actions.append(action)
        for p in synthesis.points:
            if p.hidden:
                continue
            held = [by_id[a] for a in p.answers if a in by_id]
            if p.uuid in waiting:
                out.waiting.setdefault(p.item, []).extend(held)
                continue
            if p.kind == "barrier":
                out.barriers.setdefault(normalise(p.text), Barrier(p.text, p.detail))
                continue
            key = (p.kind, p.item if p.kind == "point" else None, normalise(p.text))
            placed = keyed.get(key)
            if placed is None:
                placed = keyed[key] = Placed(PointView(p.text, [], []), p.item, p.category, p.theme, len(keyed))
                if p.kind == "point":
                    out.points.append(placed)
                else:
                    out.next.append(placed.view)
            _add(placed.view, p, session_id, held, mark)
    return out


def merged_theme(first: Theme, other: Theme) -> Theme:
    """One theme of several meetings' syntheses (the same id): the first title, each meeting's text as its
    own paragraph and every requirement, in meeting order – what two meetings said alike, once. A meeting
    whose theme has no text (the draft's empty default) takes nothing away from one that has."""
    def once(values: list[str]) -> list[str]:
        kept: dict[str, str] = {}
        for value in (v.strip() for v in values):
            if value:
                kept.setdefault(normalise(value) or value, value)
        return list(kept.values())

    paragraphs = [p for text in (first.text, other.text) for p in _BLANK_LINE.split(text)]
    return Theme(first.id, first.title or other.title, "\n\n".join(once(paragraphs)),
                 tuple(once([*first.requires, *other.requires])), first.points_title or other.points_title)


def _add(view: PointView, point: Point, session_id: str, answers: list[Answer], mark: str | None) -> None:
    if session_id not in view.meetings:
        view.meetings.append(session_id)
    for a in answers:
        group = normalise_group(a.group) + (f" · {mark}" if mark else "")
        if group not in view.groups:
            view.groups.append(group)
    view.answers.extend(answers)
    if point.votes is not None:
        view.votes = (view.votes or 0) + point.votes


def ranked(placed: Sequence[Placed], by_votes: bool) -> list[PointView]:
    """Most groups first (or most votes, then groups); equal ones in the order they were made."""
    def key(p: Placed) -> tuple[int, int, int]:
        votes = -(p.view.votes or 0) if by_votes else 0
        return votes, -max(len(p.view.groups), len(p.view.meetings)), p.first

    return [p.view for p in sorted(placed, key=key)]


def themes(collected: Collected) -> list[ThemeView]:
    """Themes with something to say, numbered as the document shows them (1. Organisation – …)."""
    out: list[ThemeView] = []
    for theme in collected.themes.values():
        points = ranked([p for p in collected.points if p.theme == theme.id], collected.by_votes)
        if points or theme.text or theme.requires:
            out.append(ThemeView(len(out) + 1, theme.id, theme.title, theme.text, list(theme.requires), points,
                                 theme.points_title or POINTS_TITLE))
    return out


def plan(actions: Sequence[Action]) -> tuple[str, list[PlanGroup]]:
    """Actions by quarter in time order, then free 'when' texts in the order given; and a default title
    ('Handleplan 2025–2026')."""
    dated: dict[tuple[int, int], list[Action]] = {}
    free: dict[str, list[Action]] = {}
    for action in actions:
        when = quarter(action.when)
        if when:
            dated.setdefault(when, []).append(action)
        else:
            free.setdefault(action.when.strip(), []).append(action)
    groups = [PlanGroup(quarter_label(*q), dated[q]) for q in sorted(dated)]
    groups += [PlanGroup(label or "Uden tidspunkt", acts) for label, acts in free.items()]
    years = sorted({y for y, _ in dated})
    span = "" if not years else f" {years[0]}" if len(years) == 1 else f" {years[0]}–{years[-1]}"
    return f"Handleplan{span}", groups
