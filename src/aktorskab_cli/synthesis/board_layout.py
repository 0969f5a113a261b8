"""The board's layout, without a terminal library: its pages (one per agenda item), the columns of a page (one
per category of the item's frame) and the rows in them (a point, or an answer under an opened point).
`board_state.Board` keeps the cursor on these; `board_view` turns them into lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.model import Point

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.synthesis.model import Synthesis

NO_CATEGORY = "Ingen kategori"
KIND_TAGS = {"barrier": "barriere", "next": "vejen videre"}
BARRIERS_AND_NEXT = "Barrierer og vejen videre"  # the page of points in no agenda item (from the draft file)
NO_TEXT = "mangler tekst"  # a barrier's tag when it has no paragraph under its heading

Key = tuple[str, object]  # ("p", point uuid) or ("a", answer id)


@dataclass(frozen=True)
class BoardRow:
    point: Point
    answer: Answer | None = None  # an answer row under an opened point

    @property
    def key(self) -> Key:
        return ("a", self.answer.id) if self.answer is not None else ("p", self.point.uuid)


@dataclass(frozen=True)
class BoardColumn:
    category: str | None
    title: str
    rows: tuple[BoardRow, ...]
    new: int  # the first `new` point rows (with their answers) are new answers not placed yet


@dataclass(frozen=True)
class Page:
    item: str | None
    title: str


def make_columns(agenda: Agenda, synthesis: Synthesis, page: Page, new: frozenset[str], opened: Iterable[str],
                 answers: dict[int, Answer]) -> list[BoardColumn]:
    """One column per category of the item's frame (and »Ingen kategori« first when a point has none),
    the new points first in each, an opened point's answers under it."""
    item = agenda.item(page.item) if page.item else None
    frame = agenda.frame_for(item) if item else None
    categories = [(c.id, c.title) for c in frame.categories] if frame else []
    ids = {c for c, _ in categories}
    points = [p for p in synthesis.points if p.item == page.item]
    if any(p.category not in ids for p in points):
        categories.insert(0, (None, NO_CATEGORY if categories else "Svar"))
    columns = []
    for category, title in categories:
        here = [p for p in points if (p.category if p.category in ids else None) == category]
        fresh = [p for p in here if p.uuid in new]
        ordered = fresh + [p for p in here if p.uuid not in new]
        rows: list[BoardRow] = []
        for p in ordered:
            rows.append(BoardRow(p))
            if p.uuid in opened:
                rows += [BoardRow(p, answers[a]) for a in p.answers if a in answers]
        columns.append(BoardColumn(category, title, tuple(rows), len(fresh)))
    return columns
