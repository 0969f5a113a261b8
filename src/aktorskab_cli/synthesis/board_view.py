"""What the board shows, as plain text and style names: no terminal library here (`board.py` draws it).

The rows of each column of the current page, each wrapped to its column's width; only the rows that can
be on screen are wrapped (and each text only once per width), so a key costs the same with 50 or 1,000
answers. The window of rows follows the cursor.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.synthesis.board_layout import KIND_TAGS, NO_TEXT, BoardRow

if TYPE_CHECKING:
    from aktorskab_cli.synthesis.board_state import Board

KEYS = ("↑↓←→ gå · tab næste side · enter vis svar · mellemrum marker · f flet · d del · r omdøb · "
        "shift+←/→ flyt til kolonne · t tema · b barriere · v vejen videre · +/- prik · h skjul · "
        "a anbring nyt svar · u fortryd · q afslut")

NEW_HEADING = "Nye svar, endnu ikke samlet"


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


def row_lines(board: Board, row: BoardRow, width: int) -> list[tuple[str, str]]:
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
            tags[0] = tags[0][:-1] + f", {counted(len(p.answers), 'svar', 'svar')})"
        if p.kind != "point":
            tags.append(f"[{KIND_TAGS[p.kind]}]")
        if p.kind == "barrier" and not p.detail.strip():
            tags.append(f"[{NO_TEXT}]")
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


def _first_placed(rows: tuple[BoardRow, ...], new: int) -> int:
    """The index of the first point row after the `new` ones (it gets the heading »Samlet«)."""
    points = 0
    for n, row in enumerate(rows):
        if row.answer is None:
            if points == new:
                return n
            points += 1
    return -1
