"""`aktorskab summary board`: the synthesis on a board, keyboard only, for one person at a projector.

Like Parabol's grouping phase: per agenda item the frame's columns with their points; mark answers or
points with space and merge them with f, rename, move, split, mark as barrier or vejen videre, vote,
undo. The widgets only draw a `Board` (board_state.py) and pass it the keys; every change is saved by
the board before it is drawn, so kill -9 loses nothing that was on the screen.
"""

from __future__ import annotations

import sqlite3
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from aktorskab_cli.errors import AktorskabError, BadInput
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.synthesis.board_state import Board
from aktorskab_cli.synthesis.board_view import KEYS, column_lines

if TYPE_CHECKING:
    from collections.abc import Callable

    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Answer
    from aktorskab_cli.synthesis.model import Synthesis

GAP = 2
ARRIVALS_SECONDS = 2.0  # how often the open board looks for answers stored meanwhile
# Hex colours, not ANSI names: Textual maps the ANSI names through its theme (white becomes light grey on
# dark grey); a projector needs the full contrast.
STYLES = {"title": "bold #ffffff", "rule": "#ffffff", "point": "#ffffff", "answer": "#dadada",
          "cursor": "bold #000000 on #ffffff", "marked": "bold #000000 on #ffd700", "new": "bold #000000 on #00ffff",
          "placed": "bold #ffffff", "hidden": "italic #a8a8a8", "more": "bold #00ffff"}
RICH_STYLES = {name: Style.parse(style if " on " in style else f"{style} on #000000") for name, style in STYLES.items()}


class BoardView(Widget, can_focus=True):
    """The columns of the current agenda item, drawn from the board's state."""

    BINDINGS = [
        Binding("up", "move(-1)", show=False), Binding("down", "move(1)", show=False),
        Binding("left", "side(-1)", show=False), Binding("right", "side(1)", show=False),
        Binding("pageup", "move(-10)", show=False), Binding("pagedown", "move(10)", show=False),
        Binding("tab", "page(1)", show=False), Binding("shift+tab", "page(-1)", show=False),
        Binding("enter", "open", show=False), Binding("space", "mark", show=False),
        Binding("f", "change('merge')", show=False), Binding("d", "change('split')", show=False),
        Binding("r", "rename", show=False),
        Binding("shift+left,less_than_sign", "change('shift', -1)", show=False),
        Binding("shift+right,greater_than_sign", "change('shift', 1)", show=False),
        Binding("t", "change('cycle_theme')", show=False),
        Binding("b", "change('toggle_kind', 'barrier')", show=False),
        Binding("v", "change('toggle_kind', 'next')", show=False),
        Binding("plus,equals_sign", "change('vote', 1)", show=False),
        Binding("minus", "change('vote', -1)", show=False),
        Binding("h", "change('toggle_hidden')", show=False), Binding("a", "change('place')", show=False),
        Binding("u,ctrl+z", "change('undo')", show=False), Binding("q", "app.quit", show=False),
    ]

    def __init__(self, board: Board, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.board = board
        self._lines: tuple[object, list[list[tuple[str, str]]]] | None = None

    def lines(self) -> list[list[tuple[str, str]]]:
        """Each screen line as its cells (text fitted to the column, style name), columns side by side."""
        board, width, height = self.board, self.size.width, self.size.height
        columns = board.columns()
        if not columns:
            return [[("Mødet har ingen svar endnu.", "title")]]
        count = len(columns)
        col_width = max(10, (width - GAP * (count - 1)) // count)
        titles = [textwrap.wrap(c.title, col_width) or [""] for c in columns]
        title_height = max(len(t) for t in titles)
        body = max(3, height - title_height - 1)
        cells = []
        for n, column in enumerate(columns):
            style = "cursor" if n == board.column_index and not column.rows else "title"
            head = [(line, style) for line in titles[n]] + [("", "title")] * (title_height - len(titles[n]))
            cells.append(head + [("━" * col_width, "rule")] + column_lines(board, n, col_width, body))
        out = []
        for line_no in range(min(height, title_height + 1 + body)):
            line = []
            for n, column_cells in enumerate(cells):
                text, style = column_cells[line_no] if line_no < len(column_cells) else ("", "point")
                line.append((set_cell_size(text, col_width) if cell_len(text) != col_width else text, style))
                if n < count - 1:
                    line.append((" " * GAP, "point"))
            out.append(line)
        return out

    def text(self) -> str:
        """What the board shows, as plain text (for the tests)."""
        return "\n".join("".join(text for text, _ in line) for line in self._shown())

    def _shown(self) -> list[list[tuple[str, str]]]:
        if self._lines is None or self._lines[0] != self.size:
            self._lines = (self.size, self.lines())
        return self._lines[1]

    def render_line(self, y: int) -> Strip:
        """Textual's line API: strips of ready segments, no markup or wrapping on the way to the screen."""
        shown = self._shown()
        if y >= len(shown):
            return Strip.blank(self.size.width, RICH_STYLES["point"])
        return Strip([Segment(text, RICH_STYLES[style]) for text, style in shown[y]]).adjust_cell_length(
            self.size.width, RICH_STYLES["point"])

    # -- keys ------------------------------------------------------------------------------------------
    def _done(self) -> None:
        """Draw again only the lines that changed: moving the cursor or voting touches a few of them."""
        before = self._lines
        self._lines = None
        after = self._shown()
        if before is None or before[0] != self.size:
            self.refresh()
        else:
            width = self.size.width
            old = before[1]
            for y, line in enumerate(after):
                if y >= len(old) or old[y] != line:
                    self.refresh(Region(0, y, width, 1))
            if len(old) > len(after):
                self.refresh(Region(0, len(after), width, len(old) - len(after)))
        self.app.show_chrome()  # type: ignore[attr-defined]

    def action_move(self, delta: int) -> None:
        self.board.up_down(delta)
        self._done()

    def action_side(self, delta: int) -> None:
        self.board.left_right(delta)
        self._done()

    def action_page(self, delta: int) -> None:
        self.board.turn_page(delta)
        self._done()

    def action_open(self) -> None:
        self.board.toggle_open()
        self._done()

    def action_mark(self) -> None:
        self.board.toggle_mark()
        self._done()

    def action_change(self, name: str, *args: object) -> None:
        """A change: saved by the board first; if saving fails, the screen keeps showing what is saved."""
        try:
            getattr(self.board, name)(*args)
        except (sqlite3.Error, AktorskabError) as exc:
            self.board.message = f"Ændringen kunne ikke gemmes ({exc}); intet er ændret"
        self._done()

    def action_rename(self) -> None:
        if self.board.row is not None:
            self.app.ask_name(self.board.row.point.text)  # type: ignore[attr-defined]


class NameInput(Input):
    """The new headline of the point under the cursor; Enter keeps it, Esc leaves it as it was."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def action_cancel(self) -> None:
        self.app.end_name(None)  # type: ignore[attr-defined]


class BoardApp(App[None]):
    TITLE = "aktorskab"
    CSS = """
    Screen { background: #000000; color: #ffffff; padding: 0 1; }
    #title { text-style: bold; height: auto; }
    #status { color: #ffffff; height: 1; }
    BoardView { height: 1fr; }
    #message { color: #ffd700; text-style: bold; height: 1; }
    #keys { color: #ffffff; height: auto; }
    NameInput { display: none; border: tall #ffd700; background: #000000; color: #ffffff; }
    NameInput.asking { display: block; }
    """
    BINDINGS = [Binding("ctrl+c", "quit", show=False, priority=True)]

    def __init__(self, board: Board, title: str = "", *, arrivals: Callable[[], list[Answer] | None] | None = None) -> None:
        super().__init__()
        self.board = board
        self.meeting = title
        self.arrivals = arrivals  # the answers stored since the last look (phones, collect)
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="status", markup=False)
        yield BoardView(self.board, id="board")
        yield NameInput(id="name", placeholder="Punktets nye overskrift")
        yield Static(id="message", markup=False)
        yield Static(KEYS, id="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(BoardView).focus()
        self.show_chrome()
        if self.arrivals is not None:
            self.set_interval(ARRIVALS_SECONDS, self.look_for_answers)

    def look_for_answers(self) -> None:
        answers = self.arrivals() if self.arrivals is not None else None
        if answers is not None and self.board.arrive(answers):
            self.query_one(BoardView)._done()

    def show_chrome(self) -> None:
        """Title, counts and message, each redrawn only when its text changed (and laid out again only
        when the title changed: the lines below it are one line high)."""
        board = self.board
        pages = board.pages()
        page = board.page
        where = f"  ({board.page_index + 1} af {len(pages)} · tab skifter)" if len(pages) > 1 else ""
        self._set("title", f"{page.title if page else self.meeting}{where}", layout=True)
        answers, points, new = board.counts()
        status = f"{counted(answers, 'svar', 'svar')} · {counted(points, 'punkt', 'punkter')}"
        if new:
            status += f" · {counted(new, 'nyt svar', 'nye svar')}, endnu ikke samlet"
        self._set("status", status)
        self._set("message", board.message or " ")

    def _set(self, name: str, text: str, *, layout: bool = False) -> None:
        widget = self.query_one(f"#{name}", Static)
        if self._shown.get(name) != text:
            self._shown[name] = text
            widget.update(text, layout=layout)

    def ask_name(self, text: str) -> None:
        name = self.query_one(NameInput)
        name.value = text
        name.add_class("asking")
        name.focus()
        name.cursor_position = len(text)
        self.board.message = "Skriv punktets nye overskrift · enter gem · esc fortryd"
        self.show_chrome()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.end_name(event.value)

    def end_name(self, text: str | None) -> None:
        name = self.query_one(NameInput)
        name.remove_class("asking")
        view = self.query_one(BoardView)
        view.focus()
        if text is None:
            self.board.message = "Omdøbning fortrudt"
            view._done()
        else:
            view.action_change("rename", text)


class Saver:
    """Saves each value the board shows: the first whole, after that only what changed since the last."""

    def __init__(self, store: Store, session_id: int, stored: bool) -> None:
        from aktorskab_cli.synthesis.storage import load_synthesis

        self.store, self.session_id = store, session_id
        self.last = load_synthesis(store, session_id) if stored else None

    def __call__(self, synthesis: Synthesis) -> None:
        from aktorskab_cli.synthesis.storage import save_synthesis, update_synthesis

        if self.last is None:
            save_synthesis(self.store, self.session_id, synthesis)
        else:
            update_synthesis(self.store, self.session_id, self.last, synthesis)
        self.last = synthesis


class Arrivals:
    """The session's answers stored since the last call: one cheap query while nothing has changed."""

    def __init__(self, store: Store, session_id: int, answers: list[Answer]) -> None:
        self.store, self.session_id = store, session_id
        undone = store.answers_mark(session_id)[2]
        self.seen = (len(answers), max((a.id for a in answers if a.id is not None), default=0), undone)

    def __call__(self) -> list[Answer] | None:
        """None while nothing has changed; else all the session's answers as stored now."""
        mark = tuple(self.store.answers_mark(self.session_id))
        if mark == self.seen:
            return None
        self.seen = mark
        return self.store.answers(self.session_id)


def run_board(store: Store, session_ref: str, programme_of: Callable[[int], str | None] | None = None) -> None:
    """Open the board on a session's synthesis (stored, or the automatic draft) until q. `programme_of` names
    the programme a meeting is linked to (the CLI asks programme/storage: that floor is above this one)."""
    from aktorskab_cli.synthesis.workflow import current, only_suggestions_problem

    work = current(store, session_ref)
    session_id = work.session.id
    if not work.answers:
        raise BadInput(f"Møde {session_id} har ingen svar endnu, så der er intet at samle. "
                       f"Læg svar ind med: {command(f'collect {session_id}')}")
    if problem := only_suggestions_problem(work, programme_of(session_id) if programme_of else None):
        raise BadInput("\n".join(problem))
    board = Board(work.agenda, work.answers, work.synthesis, work.new, save=Saver(store, session_id, work.stored))
    BoardApp(board, work.session.title, arrivals=Arrivals(store, session_id, work.answers)).run()
    changes = len(board.history)
    if changes:
        print(f"Sammenfatningen af møde {session_id} er gemt ("
              f"{counted(changes, 'ændring', 'ændringer')} på tavlen). "
              f"Skriv opsamlingen med: {command(f'export {session_id}')}", file=sys.stderr)
