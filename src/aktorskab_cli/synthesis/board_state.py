"""The board's state and what each key does to it, with no terminal library: `board.py` only draws it.

The board shows one agenda item at a time, one column per category of the item's frame, each column a
list of points (and, opened with Enter, their answers). The cursor and the marks name a row by identity
(a point's uuid or an answer's id), so they survive every change. A change computes a new `Synthesis`
(the pure operations of `model.py`), hands it to `save` and only then makes it the one shown: what the
facilitator sees is always on disk. Undo keeps the earlier values (they are immutable) and saves the one
it goes back to.

Answers that arrived after the synthesis was stored stand in their column under »Nye svar, endnu ikke
samlet« until the facilitator places them (any change to their point, or `a`). They are not saved as
points before that, so they come back as new when the board is opened again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.model import EMPTY_BARRIER_HINT
from aktorskab_cli.synthesis.board_layout import BARRIERS_AND_NEXT, KIND_TAGS, BoardColumn, BoardRow, Key, Page, make_columns
from aktorskab_cli.rules.answers import clean_answer_text
from aktorskab_cli.rules.groups import normalise_group
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.synthesis.model import Kind, Point, Synthesis


class Board:
    """What the facilitator works on: a synthesis, where the cursor is, what is marked and opened."""

    def __init__(self, agenda: Agenda, answers: Iterable[Answer], synthesis: Synthesis,
                 new: Iterable[str] = (), *, save: Callable[[Synthesis], None]) -> None:
        self.agenda = agenda
        self.answers = {a.id: a for a in answers if a.id is not None}
        self.synthesis = synthesis
        self.new = frozenset(new)
        self.save = save
        self.history: list[tuple[Synthesis, frozenset[str]]] = []
        self.page_index = 0
        self.column_index = 0
        self.cursor: Key | None = None
        self.marks: dict[Key, None] = {}  # in the order marked
        self.opened: set[str] = set()
        self.tops: dict[tuple[int, int], int] = {}  # first row shown, per page and column
        self.message = ""
        self._pages: tuple[Synthesis | None, list[Page]] = (None, [])
        self._columns: tuple[tuple | None, list[BoardColumn]] = (None, [])
        self._snap()

    # ------------------------------------------------------------------ what is shown

    def stored(self, synthesis: Synthesis | None = None, new: frozenset[str] | None = None) -> Synthesis:
        """The value saved: the synthesis without the new points not placed yet."""
        synthesis = self.synthesis if synthesis is None else synthesis
        new = self.new if new is None else new
        return synthesis if not new else replace(
            synthesis, points=tuple(p for p in synthesis.points if p.uuid not in new))

    def pages(self) -> list[Page]:
        """The agenda items that have points, in the agenda's order; points of unknown items last."""
        if self._pages[0] is self.synthesis:
            return self._pages[1]
        used = {p.item for p in self.synthesis.points}
        pages = [Page(i.id, i.title) for i in self.agenda.items if i.id in used]
        known = {i.id for i in self.agenda.items}
        loose = {p.kind for p in self.synthesis.points if p.item is None}
        none_title = BARRIERS_AND_NEXT if loose and "point" not in loose else "Uden punkt i dagsordenen"
        pages += [Page(item, item or none_title) for item in sorted(used - known, key=str)]
        self._pages = (self.synthesis, pages)
        return pages

    @property
    def page(self) -> Page | None:
        pages = self.pages()
        return pages[min(self.page_index, len(pages) - 1)] if pages else None

    def columns(self) -> list[BoardColumn]:
        """The current page's columns; computed again only when the synthesis, the page or what is new
        or opened changed (every key asks several times)."""
        page = self.page
        if page is None:
            return []
        key = (self.synthesis, page.item, self.new, frozenset(self.opened))
        cached, columns = self._columns
        if cached is not None and cached[0] is key[0] and cached[1:] == key[1:]:
            return columns
        columns = make_columns(self.agenda, self.synthesis, page, self.new, self.opened, self.answers)
        self._columns = (key, columns)
        return columns

    @property
    def column(self) -> BoardColumn | None:
        columns = self.columns()
        return columns[min(self.column_index, len(columns) - 1)] if columns else None

    @property
    def row_index(self) -> int:
        column = self.column
        if column is None or not column.rows:
            return -1
        return next((n for n, r in enumerate(column.rows) if r.key == self.cursor), 0)

    @property
    def row(self) -> BoardRow | None:
        column = self.column
        return column.rows[self.row_index] if column is not None and column.rows else None

    def groups(self, point: Point) -> int:
        return len({normalise_group(self.answers[a].group) for a in point.answers if a in self.answers})

    def theme_name(self, theme_id: str | None) -> str | None:
        if theme_id is None:
            return None
        theme = next((t for t in self.synthesis.themes if t.id == theme_id), None)
        return theme.title.split(" – ")[0] if theme else theme_id

    def counts(self) -> tuple[int, int, int]:
        """(answers, points, new points not placed yet): points only, not barriers or vejen videre."""
        placed = sum(1 for p in self.synthesis.points if p.kind == "point" and p.uuid not in self.new)
        return len(self.answers), placed, len(self.new)

    # ------------------------------------------------------------------ moving around (nothing saved)

    def _snap(self) -> None:
        """Keep page, column and cursor inside what exists; the cursor stays on its row if it can."""
        pages = self.pages()
        self.page_index = max(0, min(self.page_index, len(pages) - 1))
        columns = self.columns()
        self.column_index = max(0, min(self.column_index, len(columns) - 1))
        column = self.column
        if column is None or not column.rows:
            self.cursor = None
        elif self.cursor not in {r.key for r in column.rows}:
            self.cursor = column.rows[0].key

    def _go(self, key: Key) -> None:
        """Put the cursor on a row wherever it is (another column or page)."""
        uuid = key[1] if key[0] == "p" else self.synthesis.placed().get(key[1])
        point = next((p for p in self.synthesis.points if p.uuid == uuid), None)
        if point is not None:
            self.page_index = next((n for n, page in enumerate(self.pages()) if page.item == point.item), 0)
            for column_index, column in enumerate(self.columns()):
                if any(r.key == key for r in column.rows):
                    self.column_index, self.cursor = column_index, key
                    return
        self._snap()

    def up_down(self, delta: int) -> None:
        column = self.column
        if column is not None and column.rows:
            index = max(0, min(len(column.rows) - 1, self.row_index + delta))
            self.cursor = column.rows[index].key
        self._idle()

    def left_right(self, delta: int) -> None:
        index = self.row_index
        self.column_index = max(0, min(len(self.columns()) - 1, self.column_index + delta))
        column = self.column
        self.cursor = column.rows[min(index, len(column.rows) - 1)].key if column and column.rows else None
        self._idle()

    def turn_page(self, delta: int) -> None:
        count = len(self.pages())
        if count:
            self.page_index = (self.page_index + delta) % count
        self.column_index, self.cursor = 0, None
        self._snap()
        self._idle()

    def toggle_open(self) -> None:
        row = self.row
        if row is None:
            return
        uuid = row.point.uuid
        self.opened ^= {uuid}
        self.cursor = ("p", uuid)
        self._idle()

    def toggle_mark(self) -> None:
        row = self.row
        if row is None:
            return
        if row.key in self.marks:
            del self.marks[row.key]
        else:
            self.marks[row.key] = None
        self._idle()

    def _idle(self) -> None:
        """The message after a move: what is marked, if anything."""
        self.message = f"{len(self.marks)} markeret – tryk f for at flette" if self.marks else ""

    # ------------------------------------------------------------------ changes (saved before shown)

    def _commit(self, synthesis: Synthesis, placed: Iterable[str], message: str, cursor: Key | None = None) -> None:
        new = self.new - set(placed)
        new &= {p.uuid for p in synthesis.points}
        if synthesis == self.synthesis and new == self.new:
            self.message = message
            return
        self.save(self.stored(synthesis, new))  # raises: nothing changes on screen
        self.history.append((self.synthesis, self.new))
        self.synthesis, self.new = synthesis, new
        self._prune_marks()
        self.message = message
        if cursor is not None:
            self._go(cursor)
        self._snap()

    def merge(self) -> None:
        """The marked rows (and the row under the cursor, last, if it is not marked) become one point,
        standing where the first marked one stood, with its headline; marked answers leave their old points."""
        chosen = list(self.marks)
        row = self.row
        if row is not None and row.key not in self.marks:
            chosen.append(row.key)
        whole = {k[1] for k in chosen if k[0] == "p"}
        synthesis, ids = self.synthesis, []
        for kind, ref in chosen:
            if kind == "a":
                owner = synthesis.placed().get(ref)
                if owner in whole or owner is None:
                    continue
                owner_point = synthesis.point(owner)
                if len(owner_point.answers) > 1:
                    answer = self.answers[ref]
                    synthesis = synthesis.take([ref], text=answer.text.strip(), item=owner_point.item,
                                               category=owner_point.category)
                ref = synthesis.placed()[ref]
            if ref not in ids:
                ids.append(ref)
        if len(ids) < 2:
            self.message = "Marker mindst to svar eller punkter med mellemrum, og tryk f"
            return
        involved = set(ids) | {self.synthesis.placed().get(k[1]) for k in chosen if k[0] == "a"}
        merged = synthesis.merge(ids)
        count = len(merged.point(ids[0]).answers)
        self.marks = {}
        self._commit(merged, involved, f"Flettet: {counted(count, 'svar', 'svar')} i ét punkt", ("p", ids[0]))

    def split(self) -> None:
        """A point: each of its answers its own point again. An answer: lifted out as its own point."""
        row = self.row
        if row is None:
            return
        point = row.point
        if row.answer is not None:
            if len(point.answers) < 2:
                self.message = "Svaret er allerede et punkt for sig"
                return
            answer = row.answer
            synthesis = self.synthesis.take([answer.id], text=answer.text.strip(), item=point.item,
                                            category=point.category)
            uuid = synthesis.placed()[answer.id]
            synthesis = synthesis.move(uuid, theme=point.theme)
            self._commit(synthesis, {point.uuid, uuid}, "Svaret er nu et punkt for sig", ("p", uuid))
            return
        if len(point.answers) < 2:
            self.message = "Punktet har kun ét svar – der er intet at dele"
            return
        texts = {a: self.answers[a].text.strip() for a in point.answers if a in self.answers}
        synthesis = self.synthesis.split(point.uuid, texts)
        parts = {p.uuid for p in synthesis.points} - {p.uuid for p in self.synthesis.points}
        self.opened.discard(point.uuid)
        said = f"Delt i {counted(len(point.answers), 'punkt', 'punkter')}"
        self._commit(synthesis, parts | {point.uuid}, said, ("p", point.uuid))

    def rename(self, text: str) -> None:
        row = self.row
        text = clean_answer_text(text)  # typed or pasted: made storable as a typed answer is (no control characters)
        if row is None or not text:
            self.message = "Uændret"
            return
        self._commit(self.synthesis.rename(row.point.uuid, text), {row.point.uuid}, "Omdøbt", ("p", row.point.uuid))

    def shift(self, delta: int) -> None:
        """The point under the cursor to the next column left or right."""
        row, columns = self.row, self.columns()
        target = self.column_index + delta
        if row is None or not 0 <= target < len(columns):
            return
        column = columns[target]
        synthesis = self.synthesis.move(row.point.uuid, category=column.category)
        self._commit(synthesis, {row.point.uuid}, f"Flyttet til »{column.title}«", ("p", row.point.uuid))

    def cycle_theme(self) -> None:
        """No theme → the first → … → the last → no theme."""
        row = self.row
        if row is None:
            return
        order: list[str | None] = [None, *(t.id for t in self.synthesis.themes)]
        now = row.point.theme if row.point.theme in order else None
        theme = order[(order.index(now) + 1) % len(order)]
        name = self.theme_name(theme)
        self._commit(self.synthesis.move(row.point.uuid, theme=theme), {row.point.uuid},
                     f"Tema: {name}" if name else "Intet tema", ("p", row.point.uuid))

    def toggle_kind(self, kind: Kind) -> None:
        row = self.row
        if row is None:
            return
        target: Kind = "point" if row.point.kind == kind else kind
        message = f"Markeret som {KIND_TAGS[target]}" if target != "point" else "Et almindeligt punkt igen"
        if target == "barrier" and not row.point.detail.strip():
            message += f" – {EMPTY_BARRIER_HINT}"
        self._commit(self.synthesis.set_kind(row.point.uuid, target), {row.point.uuid}, message,
                     ("p", row.point.uuid))

    def vote(self, delta: int) -> None:
        row = self.row
        if row is None:
            return
        synthesis = self.synthesis.vote(row.point.uuid, delta)
        votes = synthesis.point(row.point.uuid).votes or 0
        self._commit(synthesis, {row.point.uuid}, counted(votes, 'prik', 'prikker'),
                     ("p", row.point.uuid))

    def toggle_hidden(self) -> None:
        row = self.row
        if row is None:
            return
        hidden = not row.point.hidden
        self._commit(self.synthesis.toggle_hidden(row.point.uuid), {row.point.uuid},
                     "Skjult i opsamlingen" if hidden else "Vises igen i opsamlingen", ("p", row.point.uuid))

    def place(self) -> None:
        """A new answer's point placed as it is."""
        row = self.row
        if row is None or row.point.uuid not in self.new:
            self.message = "Kun nye svar skal anbringes"
            return
        self._commit(self.synthesis, {row.point.uuid}, "Anbragt", ("p", row.point.uuid))

    def undo(self) -> None:
        if not self.history:
            self.message = "Der er intet at fortryde"
            return
        synthesis, new = self.history[-1]
        self.save(self.stored(synthesis, new))
        self.history.pop()
        cursor = self.cursor
        self.synthesis, self.new = synthesis, new & {p.uuid for p in synthesis.points}
        self._adopt_unplaced()  # answers that came in after that step wait as new again
        self.marks = {}
        self.message = f"Fortrudt ({len(self.history)} trin tilbage)"
        if cursor is not None:
            self._go(cursor)
        self._snap()

    # ------------------------------------------------------------------ answers arriving while it is open

    def arrive(self, answers: Iterable[Answer]) -> int:
        """The session's answers as stored now, while the board is open: new ones (phones, collect) wait
        as new, nothing saved; deleted ones (withdrawn on a phone) leave their points, in the undo steps
        too (the store has already let go of them). Returns how many came and went."""
        from aktorskab_cli.synthesis.draft import summarised

        answers = [a for a in answers if a.id is not None]
        new = [a for a in answers if a.id not in self.answers]
        fresh = summarised(self.agenda, new)  # a phone's status suggestion is no answer to place
        gone = set(self.answers) - {a.id for a in answers}
        if gone:
            for answer_id in gone:
                del self.answers[answer_id]
            self.synthesis = self.synthesis.drop_answers(gone)
            self.history = [(s.drop_answers(gone), new) for s, new in self.history]
            self.new &= {p.uuid for p in self.synthesis.points}
            self._prune_marks()
        self.answers.update((a.id, a) for a in new)
        if fresh:
            self._adopt_unplaced()
        if fresh or gone:
            news = [f"{counted(len(fresh), 'nyt svar', 'nye svar')} kom ind"] if fresh else []
            news += [f"{counted(len(gone), 'svar', 'svar')} blev slettet"] if gone else []
            self.message = " · ".join(news)
            self._snap()
        return len(fresh) + len(gone)

    def _prune_marks(self) -> None:
        points = self.synthesis.points
        alive = {("p", p.uuid) for p in points} | {("a", a) for p in points for a in p.answers}
        self.marks = {k: None for k in self.marks if k in alive}

    def _adopt_unplaced(self) -> None:
        from aktorskab_cli.synthesis.draft import auto_points, summarised

        waiting = self.synthesis.unplaced(a.id for a in summarised(self.agenda, self.answers.values()))
        if waiting:
            points = auto_points([self.answers[a] for a in waiting], self.synthesis.themes)
            self.synthesis = self.synthesis.adopt(points)
            self.new = self.new | {p.uuid for p in points}


