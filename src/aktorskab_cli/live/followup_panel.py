"""The follow-up item on the live screen: the entries with their statuses, and the facilitator's keys.

`FollowupArea` draws a `FollowupView` (`followup_view.py`); `FollowupKeys` is the part of the live screen's
app that handles the keys while a followup item runs: ↑/↓ choose an entry, 1–5 set its status, k opens a
one-line note (Enter stores it with the entry's status, Esc cancels), f takes the newest suggestion from the
phones. Enter alone never changes a status. Every change is stored (`Followup.set_status`, committed) before
the screen is drawn again.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from aktorskab_cli.rules.answers import clean_answer_text
from aktorskab_cli.rules.text import cut
from aktorskab_cli.live.followup import DIGITS, MAX_NOTE, Followup
from aktorskab_cli.live.followup_view import (ENTER_HINT, NO_SUGGESTION, NOTE_CANCELLED, NOTE_EMPTY, NOTE_PROMPT,
                                              NOTHING_CHOSEN, SUGGESTION_TAKEN, FollowupView, make_followup_view, window)
from aktorskab_cli.programme.model import STATUS_LABELS

if TYPE_CHECKING:
    from aktorskab_cli.live.runner import LiveRun

STYLES = {"ikke-startet": "", "i-gang": "yellow", "gennemfoert": "green", "aendret": "cyan", "droppet": "grey50"}
COMPACT_BELOW = 34  # rows: a smaller screen shows the countdown on one line during a followup item
REFRESH = 3.0  # seconds between re-reads of the statuses and suggestions while nothing is pressed

# priority: before a focused list or line takes the key; `LiveScreen.check_action` lets them through only
# while a followup item runs and nothing is being typed, else the key goes on to the widget as before
BINDINGS = [
    Binding("up", "entry(-1)", "forrige post", show=False, priority=True),
    Binding("down", "entry(1)", "næste post", show=False, priority=True),
    *(Binding(digit, f"status('{status}')", STATUS_LABELS[status], show=False, priority=True)
      for digit, status in DIGITS.items()),
    Binding("k", "note", "bemærkning", show=False, priority=True),
    Binding("f", "take_suggestion", "brug forslaget", show=False, priority=True),
    Binding("enter", "enter", "enter", show=False, priority=True),
]
ACTIONS = ("entry", "status", "note", "take_suggestion", "enter")


class EntryList(Widget):
    """The entries, one a line (a blank line between them on the projector when there is room)."""

    DEFAULT_CSS = "EntryList { height: auto; max-height: 100%; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.view: FollowupView | None = None
        self.projector = False

    def show(self, view: FollowupView, projector: bool) -> None:
        if (view, projector) != (self.view, self.projector):
            self.view, self.projector = view, projector
            self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        count = len(self.view.lines) if self.view else 0
        return count * (2 if self.projector else 1)

    def render(self) -> Text:
        if self.view is None:
            return Text("")
        lines = self.view.lines
        spaced = self.projector and self.size.height >= 2 * len(lines)
        texts = window(lines, self.size.height, self.size.width)
        by_text = {cut(x.text, self.size.width): x for x in lines}
        out = Text(no_wrap=True, overflow="ellipsis")
        for n, text in enumerate(texts):
            line = by_text.get(text)
            style = STYLES.get(line.status, "") if line else "dim"
            if line is not None and (line.chosen or self.projector):
                style = f"bold {style}".strip() + (" reverse" if line.chosen and not self.projector else "")
            out.append(text, style=style)
            if n < len(texts) - 1:
                out.append("\n\n" if spaced else "\n")
        return out


class FollowupArea(Vertical):
    DEFAULT_CSS = """
    FollowupArea { height: auto; display: none; }
    FollowupArea #fu-heading { text-style: bold; }
    FollowupArea #fu-problem { color: $warning; }
    FollowupArea #fu-detail { color: $text-muted; }
    FollowupArea #fu-keys { color: $text-muted; }
    FollowupArea #fu-note { border: none; height: 1; padding: 0 1; margin: 0; background: $boost; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._shown: dict[str, str] = {}  # each line's text as last drawn: drawn again only when it changes

    def compose(self) -> ComposeResult:
        yield Static(id="fu-heading", markup=False)
        yield Static(id="fu-problem", markup=False)
        yield EntryList(id="fu-list")
        yield Static(id="fu-detail", markup=False)
        yield Input(id="fu-note", max_length=MAX_NOTE, disabled=True)  # never focused while closed
        yield Static(id="fu-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#fu-note", Input).display = False

    def show(self, view: FollowupView, projector: bool) -> None:
        for name, text in (("heading", view.heading), ("problem", view.problem), ("detail", view.detail),
                           ("keys", view.keys)):
            if self._shown.get(name) != text:
                self._shown[name] = text
                widget = self.query_one(f"#fu-{name}", Static)
                widget.update(text)
                widget.display = bool(text)
        self.query_one(EntryList).show(view, projector)


class FollowupKeys:
    """The live screen's part for followup items (mixed into `LiveScreen`, which has `live`, `message`,
    `projector`, `redraw` and `_schedule`)."""

    live: LiveRun
    message: str
    projector: bool

    def _followup_init(self) -> None:
        self.followups: dict[str, Followup] = {}
        self.noting: str | None = None  # the entry a note is being typed for
        self._read_at = 0.0
        self.today = dt.date.today()

    def followup(self) -> Followup | None:
        """The current item's follow-up (opened once per item), or None when the item is no followup."""
        run = self.live.run
        item = self.live.agenda.items[run.index]
        if not item.is_followup or run.phase == "finished":
            return None
        found = self.followups.get(item.id)
        if found is None:
            found = Followup.open(self.live.store, self.live.agenda, item, self.live.session_id,
                                  link=self.live.plan, today=self.today)
            self.followups[item.id] = found
            self._read_at = time.monotonic()
        elif time.monotonic() - self._read_at > REFRESH:  # a phone's suggestion, a change by another command
            found.refresh()
            self._read_at = time.monotonic()
        return found

    def draw_followup(self) -> None:
        area = self.query_one(FollowupArea)  # type: ignore[attr-defined]
        found = self.followup()
        self.set_class(found is not None, "followup")  # type: ignore[attr-defined]
        # a small terminal gives the list the rows of the block digits: the countdown becomes one line
        self.set_class(found is not None and self.size.height < COMPACT_BELOW, "compact")  # type: ignore[attr-defined]
        area.display = found is not None
        if found is None:
            return
        title = found.programme.title if found.programme else None
        view = make_followup_view(title, found.states, found.cursor, self.today, problem=found.problem,
                                  suggestions=None if self.projector else found.suggestions(),
                                  projector=self.projector)
        area.show(view, self.projector)

    def check_followup(self, action: str) -> bool:
        """Whether a followup key does something now (else it falls through, as an unbound key)."""
        return self.noting is None and self.followup() is not None

    def _followup_done(self, message: str) -> None:
        self.message = message
        self.redraw()  # type: ignore[attr-defined]
        self._schedule()  # type: ignore[attr-defined]

    # -- keys ------------------------------------------------------------------------------------------
    def action_entry(self, step: int) -> None:
        found = self.followup()
        if found is not None:
            found.move(step)
            self._followup_done("")

    def action_status(self, status: str) -> None:
        found = self.followup()
        if found is None:
            return
        if found.chosen is None:
            self._followup_done(found.problem.split("\n")[0] if found.problem else NOTHING_CHOSEN)
            return
        self._followup_done(found.set_status(status, session_id=self.live.ensure_session()))

    def action_enter(self) -> None:
        found = self.followup()
        if found is not None and found.chosen is not None:
            self._followup_done(ENTER_HINT)

    def action_take_suggestion(self) -> None:
        found = self.followup()
        if found is None or found.chosen is None:
            return
        found.refresh()  # the suggestion taken is the newest there is, not the one last drawn
        chosen = found.chosen
        offered = found.suggestions().get(chosen.entry.id, [])
        if not offered:
            self._followup_done(NO_SUGGESTION.format(name=chosen.entry.name))
            return
        newest = offered[-1]
        if newest.status == chosen.status:  # taken already (f twice), or set so by a key
            self._followup_done(SUGGESTION_TAKEN.format(name=chosen.entry.name, status=chosen.label))
            return
        self._followup_done(found.set_status(newest.status, note=f"forslag fra {newest.group}", origin="phone",
                                             session_id=self.live.ensure_session()))

    def action_note(self) -> None:
        found = self.followup()
        chosen = found.chosen if found is not None else None
        if chosen is None:
            return
        self.noting = chosen.entry.id
        line = self.query_one("#fu-note", Input)  # type: ignore[attr-defined]
        line.value = ""
        line.placeholder = NOTE_PROMPT.format(name=chosen.entry.name, status=chosen.label)
        line.display, line.disabled = True, False
        line.focus()
        self._followup_done(line.placeholder)

    def close_note(self, message: str = NOTE_CANCELLED) -> None:
        line = self.query_one("#fu-note", Input)  # type: ignore[attr-defined]
        line.display, line.disabled = False, True
        self.noting = None
        self.set_focus(None)  # type: ignore[attr-defined]
        self._followup_done(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "fu-note" or self.noting is None:
            return
        event.stop()
        found = self.followup()
        note = " ".join(clean_answer_text(event.value).split())  # cleaned as a typed answer is; one line
        entry, self.noting = self.noting, None
        chosen = found.chosen if found is not None else None
        if not note or chosen is None or chosen.entry.id != entry:
            self.close_note(NOTE_EMPTY)
            return
        told = found.set_status(chosen.status, note=note, session_id=self.live.ensure_session())
        self.close_note(told)
