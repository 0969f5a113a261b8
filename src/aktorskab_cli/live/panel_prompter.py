"""The dialogue's side of the answer panel: a `collect.Prompter` in a worker thread.

`collect.Dialogue` (the same flow as `aktorskab collect`) runs in a thread of its own and asks through
`PanelPrompter`: each question is handed to the app's thread with a future, and the thread waits for the
answer. A question answered `CLOSED` (Esc, Ctrl-C, the app ending) stops the dialogue with `PanelClosed`;
every answer given before is stored. No Textual here: the panel it asks through is `answer_panel.AnswerPanel`.
"""

from __future__ import annotations

import concurrent.futures
from typing import Any, Protocol

from aktorskab_cli.live.collect import Option

CLOSED = object()  # what a question answers when the panel was closed instead


class PanelClosed(Exception):
    """Esc or Ctrl-C in the answer panel: the dialogue stops here; every answer given is stored."""


class Panel(Protocol):
    """What the prompter needs of the panel, each called on the app's thread with the future to answer."""

    def ask_select(self, message: str, options: list[Option], default: Any,
                   answer: concurrent.futures.Future[Any]) -> None: ...

    def ask_text(self, message: str, default: str, answer: concurrent.futures.Future[Any]) -> None: ...


class PanelPrompter:
    """`collect.Prompter` over an answer panel, for a dialogue running in a worker thread."""

    wraps = True  # the panel's list wraps a long option: the dialogue shows answers whole

    def __init__(self, app: Any, panel: Panel) -> None:
        self.app, self.panel = app, panel

    def _wait(self, ask: Any, *args: Any) -> Any:
        answer: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            self.app.call_from_thread(ask, *args, answer)
        except RuntimeError:  # the app has ended
            raise PanelClosed from None
        value = answer.result()
        if value is CLOSED:
            raise PanelClosed
        return value

    def select(self, message: str, options: list[Option], default: Any = None) -> Any:
        return self._wait(self.panel.ask_select, message, options, default)

    def text(self, message: str, default: str = "") -> str:
        return str(self._wait(self.panel.ask_text, message, default)).strip()

    def confirm(self, message: str, default: bool = True) -> bool:
        return bool(self.select(message, [Option("Ja", True), Option("Nej", False)], default))

    def say(self, text: str) -> None:
        """The item's heading and questions: the live screen shows them above the panel already."""
