"""The synthesis: what the facilitator makes of the raw answers (seed 002's shape), as pure values.

A `Point` is a headline that stands for several answers ("Tydelige hjørneflag, tillid og psykologisk
tryghed", nævnt af 3 grupper). It belongs to an agenda item and a column of the item's frame, may also
stand under a theme, and sums up answers by their ids; each answer is in at most one point. A point can
instead be a *barrier* (its text the heading, `detail` the paragraph) or a line of *vejen videre*.
Beside the points: themes, free sections, the action plan and the closing text.

Every operation returns a new `Synthesis`; nothing here touches the store, so the board can keep the
previous values as its undo history and the store saves whichever value is current.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

Kind = Literal["point", "barrier", "next"]
EMPTY_BARRIER_HINT = "den har ingen tekst endnu: skriv afsnittet i text under dens [[barrier]] i udkastet"
KINDS: tuple[Kind, ...] = ("point", "barrier", "next")
Order = Literal["groups", "votes"]


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Point:
    text: str
    answers: tuple[int, ...] = ()
    item: str | None = None
    category: str | None = None
    theme: str | None = None
    kind: Kind = "point"
    detail: str = ""  # a barrier's paragraph
    hidden: bool = False
    votes: int | None = None
    uuid: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    text: str = ""
    requires: tuple[str, ...] = ()  # "For at lykkes kræver det:"
    points_title: str = ""  # the lead-in over its points; "" is »Pointer fra dialogen«


@dataclass(frozen=True)
class Section:
    title: str
    lead: str = ""
    bullets: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Action:
    what: str
    who: str = ""
    when: str = ""  # "4. kvartal 2025", "2026 K1", or free text ("løbende")
    points: tuple[str, ...] = ()  # uuids of the synthesis' points it follows from (a programme entry's source)


@dataclass(frozen=True)
class Synthesis:
    title: str = ""
    intro: str = ""
    closing: str = ""  # "Opsamlende"; the session's note
    order: Order = "groups"
    plan_title: str = ""
    points: tuple[Point, ...] = ()
    themes: tuple[Theme, ...] = ()
    sections: tuple[Section, ...] = ()
    actions: tuple[Action, ...] = ()

    # ------------------------------------------------------------ reading

    def point(self, point_id: str) -> Point:
        return next(p for p in self.points if p.uuid == point_id)

    def placed(self) -> dict[int, str]:
        """answer id -> the uuid of the point that holds it."""
        return {a: p.uuid for p in self.points for a in p.answers}

    def unplaced(self, answer_ids: Iterable[int]) -> list[int]:
        """Answers no point holds: new since the synthesis was made ("nye svar, endnu ikke samlet")."""
        placed = self.placed()
        return [a for a in answer_ids if a not in placed]

    def of_kind(self, kind: Kind) -> list[Point]:
        return [p for p in self.points if p.kind == kind]

    def empty_barriers(self) -> list[Point]:
        """Barriers shown in the opsamling without a paragraph under their heading."""
        return [p for p in self.points if p.kind == "barrier" and not p.hidden and not p.detail.strip()]

    # ------------------------------------------------------------ changing (each returns a new value)

    def _with(self, points: Iterable[Point]) -> Synthesis:
        return replace(self, points=tuple(points))

    def _update(self, point_id: str, **changes: object) -> Synthesis:
        return self._with(replace(p, **changes) if p.uuid == point_id else p for p in self.points)

    def merge(self, point_ids: Sequence[str], text: str | None = None) -> Synthesis:
        """One point for several: the answers of all, the place of the first, its text unless given."""
        if len(point_ids) < 2:
            return self
        chosen = [self.point(i) for i in point_ids]
        first = chosen[0]
        merged = replace(first, text=text or first.text,
                         answers=tuple(a for p in chosen for a in p.answers),
                         votes=_sum_votes(p.votes for p in chosen))
        drop = set(point_ids[1:])
        return self._with(merged if p.uuid == first.uuid else p for p in self.points if p.uuid not in drop)

    def split(self, point_id: str, texts: dict[int, str]) -> Synthesis:
        """Each answer of the point its own point again (in the same place), text from `texts`."""
        point = self.point(point_id)
        if len(point.answers) < 2:
            return self
        parts = [replace(point, text=texts.get(a, point.text), answers=(a,), votes=None, uuid=new_id() if n else point.uuid)
                 for n, a in enumerate(point.answers)]
        out: list[Point] = []
        for p in self.points:
            out.extend(parts if p.uuid == point_id else [p])
        return self._with(out)

    def rename(self, point_id: str, text: str) -> Synthesis:
        text = text.strip()
        return self._update(point_id, text=text) if text else self

    def move(self, point_id: str, **place: str | None) -> Synthesis:
        """Change where a point stands: its `item`, column (`category`) and/or `theme`."""
        if set(place) - {"item", "category", "theme"}:
            raise TypeError(f"move() takes item, category and theme, not {sorted(place)}")
        return self._update(point_id, **place)

    def set_kind(self, point_id: str, kind: Kind) -> Synthesis:
        """Mark as a barrier or a line of vejen videre (or back to a point); moved to the end of its list."""
        point = replace(self.point(point_id), kind=kind)
        return self._with([p for p in self.points if p.uuid != point_id] + [point])

    def toggle_hidden(self, point_id: str) -> Synthesis:
        return self._update(point_id, hidden=not self.point(point_id).hidden)

    def vote(self, point_id: str, delta: int) -> Synthesis:
        votes = max(0, (self.point(point_id).votes or 0) + delta)
        return self._update(point_id, votes=votes)

    def take(self, answer_ids: Sequence[int], *, text: str, item: str | None, category: str | None) -> Synthesis:
        """A new point from answers wherever they are now (an answer leaves its old point; an emptied
        point disappears). The new point stands where the first of its answers stood."""
        answer_ids = list(dict.fromkeys(answer_ids))  # an answer marked twice is taken once
        taking = set(answer_ids)
        placed = self.placed()
        anchor = next((placed[a] for a in answer_ids if a in placed), None)
        new = Point(text=text, answers=tuple(answer_ids), item=item, category=category)
        out: list[Point] = []
        for p in self.points:
            kept = tuple(a for a in p.answers if a not in taking)
            if p.uuid == anchor:
                out.append(new)
            if kept or not p.answers:
                out.append(replace(p, answers=kept) if kept != p.answers else p)
        if anchor is None:
            out.append(new)
        return self._with(out)

    def drop_answers(self, answer_ids: Iterable[int]) -> Synthesis:
        """Answers deleted from the store (e.g. withdrawn on a phone) leave their points; a point left
        without answers disappears."""
        gone = set(answer_ids)
        out: list[Point] = []
        for p in self.points:
            kept = tuple(a for a in p.answers if a not in gone)
            if kept == p.answers:
                out.append(p)
            elif kept:
                out.append(replace(p, answers=kept))
        return self._with(out)

    def adopt(self, points: Iterable[Point]) -> Synthesis:
        """Add points for answers that arrived after the synthesis was made."""
        return self._with(self.points + tuple(points))


def _sum_votes(values: Iterable[int | None]) -> int | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


# ------------------------------------------------------------------ plain text helpers


_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalise(text: str) -> str:
    """The form in which two answers count as the same: case, whitespace and punctuation ignored."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", text.casefold())).strip()
