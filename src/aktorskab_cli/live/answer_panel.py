"""The groups' answers typed in a panel of a running Textual app, with the clock still in view: the widgets.

The dialogue itself is `collect.Dialogue`, the same flow as `aktorskab collect` (pick the group, the
question when there are several, type an answer, sort it into the frame); it runs in a worker thread and
asks through `panel_prompter.PanelPrompter`, which shows each question in the `AnswerPanel` and waits for
Enter. Every answer is stored by the dialogue the moment Enter is pressed, before the next question
appears; keys typed meanwhile are kept by `type_ahead.TypeAhead`. Esc (or Ctrl-C) closes the panel: the
dialogue stops with `PanelClosed`, what is stored stays, and the run goes on. Nothing here knows about the
live run: any Textual app can host the panel.
"""

from __future__ import annotations

import concurrent.futures
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from aktorskab_cli.live.collect import Option
from aktorskab_cli.live.panel_prompter import CLOSED
from aktorskab_cli.live.type_ahead import Asking, TypeAhead

PANEL_KEYS = "piletaster flytter markøren, Enter vælger · Esc lukker panelet (alt skrevet er gemt)"
DIGIT_KEYS = "tal eller " + PANEL_KEYS
TEXT_KEYS = "Enter gemmer svaret · tom linje: gruppen er færdig · Esc lukker panelet (alt skrevet er gemt)"


def _keep_ahead(panel: AnswerPanel, event: events.Key) -> None:
    """A key that reached a widget whose question is not the one asked (its answer is being stored, or
    the focus has not yet moved to the next question): given to the question asked, or kept for the next
    one, in the order typed, never lost. A closed panel keeps nothing: its keys are the app's."""
    if not panel.is_open or not panel.ahead.keep(event.key, event.character):
        return
    event.stop()
    event.prevent_default()
    panel.replay()


class Choices(OptionList):
    """An option list where a digit moves the pointer to its option and Enter chooses, as in `collect`:
    a digit never chooses by itself, so the Enter a hand adds out of habit cannot end a group."""

    def __init__(self, panel: "AnswerPanel", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.panel = panel
        self.shortcuts: dict[str, int] = {}

    def on_key(self, event: events.Key) -> None:
        if self.panel.asking != "select":
            _keep_ahead(self.panel, event)
        elif event.key == "enter":  # chosen now, not when the message arrives: later keys are the next question's
            event.stop()
            event.prevent_default()
            self.panel._answer(self.panel.values[self.highlighted or 0])
        elif event.character and event.character in self.shortcuts:
            event.stop()
            self.highlighted = self.shortcuts[event.character]


class AnswerLine(Input):
    """The line an answer is typed in; Enter gives it to the dialogue at once."""

    def __init__(self, panel: "AnswerPanel", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.panel = panel

    def on_key(self, event: events.Key) -> None:
        if self.panel.asking != "text":
            _keep_ahead(self.panel, event)
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            self.panel._answer(self.value)


class AnswerPanel(Vertical):
    """One question at a time: a list to choose from or a line to type. Hidden until the first question."""

    DEFAULT_CSS = """
    AnswerPanel { height: auto; max-height: 18; border: round $accent; padding: 0 1; display: none; }
    AnswerPanel #panel-prompt { text-style: bold; }
    AnswerPanel #panel-keys { color: $text-muted; }
    AnswerPanel Choices, AnswerPanel Choices:focus { height: auto; max-height: 11; border: none; padding: 0; }
    AnswerPanel AnswerLine { border: tall $accent; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pending: concurrent.futures.Future[Any] | None = None
        self.asking: Asking | None = None  # "select" or "text" while a question waits for its answer
        self.values: list[Any] = []
        self.ahead = TypeAhead()  # typed while the dialogue stored the last answer

    def compose(self) -> ComposeResult:
        yield Static(id="panel-prompt", markup=False)
        yield Choices(self, id="panel-choices")
        yield AnswerLine(self, id="panel-input")
        yield Static(id="panel-keys", markup=False)

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def open(self, heading: str) -> None:
        self.border_title = heading
        self.ahead.clear()
        self.display = True

    def close(self) -> None:
        """Hide the panel; a question still waiting is answered CLOSED, so its thread ends."""
        self.display = False
        self.ahead.clear()
        self._answer(CLOSED)

    def _answer(self, value: Any) -> None:
        pending, self.pending, self.asking = self.pending, None, None
        if pending is not None and not pending.done():
            pending.set_result(value)

    # -- called on the app's thread, by PanelPrompter ---------------------------------------------------
    def ask_select(self, message: str, options: list[Option], default: Any, answer: concurrent.futures.Future) -> None:
        self._answer(CLOSED)
        self.query_one("#panel-prompt", Static).update(message)
        choices = self.query_one(Choices)
        choices.clear_options()
        # plain text, never markup: an answer's own »[b]« or »[ingen kategori]« must show as typed
        choices.add_options([ListOption(Text(f"{o.shortcut}) {o.title}" if o.shortcut else o.title)) for o in options])
        choices.shortcuts = {o.shortcut: n for n, o in enumerate(options) if o.shortcut}
        self.values = [o.value for o in options]
        choices.highlighted = next((n for n, o in enumerate(options) if o.value == default), 0)
        self._show(choices, DIGIT_KEYS if choices.shortcuts else PANEL_KEYS)
        self.pending, self.asking = answer, "select"
        self.replay()

    def ask_text(self, message: str, default: str, answer: concurrent.futures.Future) -> None:
        self._answer(CLOSED)
        self.query_one("#panel-prompt", Static).update(message)
        line = self.query_one(AnswerLine)
        line.value = default
        line.cursor_position = len(default)
        self._show(line, TEXT_KEYS)
        self.pending, self.asking = answer, "text"
        self.replay()

    def replay(self) -> None:
        """Give the keys typed ahead to the question asked; what is left waits for the next one."""
        self.ahead.replay(self)

    # -- the question asked, as the type-ahead drives it (`type_ahead.Asked`) ---------------------------
    def press_enter(self) -> None:
        choices, line = self.query_one(Choices), self.query_one(AnswerLine)
        self._answer(self.values[choices.highlighted or 0] if self.asking == "select" else line.value)

    def move_pointer(self, delta: int) -> None:
        if self.values:
            choices = self.query_one(Choices)
            choices.highlighted = min(max((choices.highlighted or 0) + delta, 0), len(self.values) - 1)

    def type_character(self, character: str) -> None:
        self.query_one(AnswerLine).insert_text_at_cursor(character)

    def press_shortcut(self, character: str) -> None:
        choices = self.query_one(Choices)
        if character in choices.shortcuts:
            choices.highlighted = choices.shortcuts[character]

    def _show(self, widget: Choices | AnswerLine, keys: str) -> None:
        choices, line = self.query_one(Choices), self.query_one(AnswerLine)
        choices.display, line.display = widget is choices, widget is line
        self.query_one("#panel-keys", Static).update(keys)
        self.display = True
        widget.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on an option (Enter is taken in `Choices.on_key`)."""
        event.stop()
        if self.asking == "select":
            self._answer(self.values[event.option_index])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter is taken in `AnswerLine.on_key`
