"""What the board shows, as plain text and style names: no terminal library here (`board.py` draws it).

The rows of each column of the current page, each wrapped to its column's width; only the rows that can
be on screen are wrapped (and each text only once per width), so a key costs the same with 50 or 1,000
answers. The window of rows follows the cursor.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aktorskab_cli.store.records import Answer
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.synthesis.model import Point

if TYPE_CHECKING:
    from aktorskab_cli.synthesis.board_state import Board

KEYS = ("↑↓←→ gå · tab næste punkt · enter vis svar · mellemrum marker · f flet · d del · r omdøb · "
        "shift+←/→ flyt til kolonne · t tema · b barriere · v vejen videre · +/- prik · h skjul · "
        "a anbring nyt svar · u fortryd · q afslut")

NO_CATEGORY = "Ingen kategori"
NEW_HEADING = "Nye svar, endnu ikke samlet"
KIND_TAGS = {"barrier": "barriere", "next": "vejen videre"}

Key = tuple[str, object]  # ("p", point uuid) or ("a", answer id)


@dataclass(frozen=True)
class Row:
    point: Point
    answer: Answer | None = None  # an answer row under an opened point

    @property
    def key(self) -> Key:
        return ("a", self.answer.id) if self.answer is not None else ("p", self.point.uuid)


@dataclass(frozen=True)
class Column:
    category: str | None
    title: str
    rows: tuple[Row, ...]
    new: int  # the first `new` point rows (with their answers) are new answers not placed yet


@dataclass(frozen=True)
class Page:
    item: str | None
    title: str


def make_columns(board: Board, page: Page) -> list[Column]:
    """One column per category of the item's frame (and »Ingen kategori« first when a point has none),
    the new points first in each."""
    item = board.agenda.item(page.item) if page.item else None
    frame = board.agenda.frame_for(item) if item else None
    categories = [(c.id, c.title) for c in frame.categories] if frame else []
    ids = {c for c, _ in categories}
    points = [p for p in board.synthesis.points if p.item == page.item]
    if any(p.category not in ids for p in points):
        categories.insert(0, (None, NO_CATEGORY if categories else "Svar"))
    columns = []
    for category, title in categories:
        here = [p for p in points if (p.category if p.category in ids else None) == category]
        fresh = [p for p in here if p.uuid in board.new]
        ordered = fresh + [p for p in here if p.uuid not in board.new]
        rows: list[Row] = []
        for p in ordered:
            rows.append(Row(p))
            if p.uuid in board.opened:
                rows += [Row(p, board.answers[a]) for a in p.answers if a in board.answers]
        columns.append(Column(category, title, tuple(rows), len(fresh)))
    return columns


def window(height_of: Callable[[int], int], cursor: int, top: int, height: int) -> int:
    """The first row to show so that the cursor's row is inside `height` lines; `height_of(n)` is row
    n's height. Rows are measured back from the cursor only, so a long column costs no more."""
    if cursor < 0:
        return max(0, top)
    if cursor <= top:
        return cursor
    used, first = 0, cursor
    while first >= top:
        used += height_of(first)
        if used > height:
            return min(first + 1, cursor)
        first -= 1
    return top


def row_lines(board: Board, row: Row, width: int) -> list[tuple[str, str]]:
    """A row as wrapped lines, each with its style name."""
    marked = "● " if row.key in board.marks else "  "
    if row.answer is not None:
        text = f"– {row.answer.text.strip()} · {row.answer.group.strip()}"
        indent, style = "      ", "answer"
        first = f"  {marked}"
    else:
        p = row.point
        groups = board.groups(p)
        tags = [f"({counted(groups, 'gruppe', 'grupper')})"] if p.answers else []
        if len(p.answers) > groups:
            tags[0] = tags[0][:-1] + f", {len(p.answers)} svar)"
        if p.kind != "point":
            tags.append(f"[{KIND_TAGS[p.kind]}]")
        if p.theme:
            tags.append(f"[tema: {board.theme_name(p.theme)}]")
        if p.votes:
            tags.append(f"[{counted(p.votes, 'prik', 'prikker')}]")
        if p.hidden:
            tags.append("[skjult]")
        text = " ".join([p.text, *tags])
        indent, style, first = "  ", "hidden" if p.hidden else "point", marked
    if row.key == board.cursor:
        style = "cursor"
    elif row.key in board.marks:
        style = "marked"
    wrapped = _wrap(text, max(8, width - len(indent)))
    return [((first if n == 0 else indent) + line, style) for n, line in enumerate(wrapped)]


@functools.lru_cache(maxsize=4096)
def _wrap(text: str, width: int) -> tuple[str, ...]:
    """Wrapped once per text and width: most rows look the same from one key to the next."""
    return tuple(textwrap.wrap(text, width, break_long_words=True)) or ("",)


def column_lines(board: Board, column_index: int, width: int, height: int) -> list[tuple[str, str]]:
    """What one column shows below its title: `height` lines, the cursor's row always among them.
    Only the rows that can be on screen are wrapped: a key costs the same with 50 or 1,000 answers."""
    rows = board.columns()[column_index].rows
    if not rows:
        return [("  (ingen punkter)", "hidden")] + [("", "point")] * (height - 1)
    new = board.columns()[column_index].new
    first_placed = _first_placed(rows, new) if new else -1
    blocks: dict[int, list[tuple[str, str]]] = {}

    def block(n: int) -> list[tuple[str, str]]:
        if n not in blocks:
            lines = row_lines(board, rows[n], width)
            if n == 0 and new:
                lines.insert(0, (NEW_HEADING, "new"))
            elif n == first_placed:
                lines.insert(0, ("Samlet", "placed"))
            if n and rows[n].answer is None:
                lines.insert(0, ("", "point"))  # a blank line between points, readable from the back
            blocks[n] = lines
        return blocks[n]

    cursor = board.row_index if column_index == board.column_index else -1
    key = (board.page_index, column_index)
    body = max(1, height - 2)  # a line above and below for "↑ 3 flere" / "↓ 5 flere"
    top = window(lambda n: len(block(n)), cursor, min(board.tops.get(key, 0), len(rows) - 1), body)
    board.tops[key] = top
    shown: list[tuple[str, str]] = []
    last = top
    while last < len(rows) and (not shown or len(shown) + len(block(last)) <= body):
        shown += block(last)
        last += 1
    above = sum(1 for r in rows[:top] if r.answer is None)
    below = sum(1 for r in rows[last:] if r.answer is None)
    head = (f"↑ {above} flere", "more") if above else ("", "point")
    tail = (f"↓ {below} flere", "more") if below else ("", "point")
    lines = [head, *shown[:body], tail]
    return lines + [("", "point")] * (height - len(lines))


def _first_placed(rows: tuple[Row, ...], new: int) -> int:
    """The index of the first point row after the `new` ones (it gets the heading »Samlet«)."""
    points = 0
    for n, row in enumerate(rows):
        if row.answer is None:
            if points == new:
                return n
            points += 1
    return -1
