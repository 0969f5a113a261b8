"""The live screen: a Textual app over a `LiveRun`, and its keys.

Textual rather than rich Live + prompt_toolkit: its key bindings work the same on Windows, macOS and
Linux, it repaints only the widgets whose content changed, and `App.run_test()` lets the tests press
keys headless.

The screen never decides anything itself: a key calls `LiveRun`, which stores the engine's event, and
only then is the view recomputed. It is woken once a second (at the moment the shown second changes)
or by a key, never more. The groups' answers are typed in an `AnswerPanel` below the clock, which
keeps running in view; the dialogue behind the panel runs in a thread and stores every answer at once.

Layout, top to bottom: the top line, the item (title, meta), the dialogue area (`DialogueArea`: the
questions; more about the groups' answers can be added there), the clock with its words and bar, what
comes next, the day, the answer panel and the keys.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from aktorskab_cli.agenda.model import Item
from aktorskab_cli.live.answer_panel import AnswerPanel
from aktorskab_cli.live.panel_prompter import PanelClosed, PanelPrompter
from aktorskab_cli.live.collect import Prompter
from aktorskab_cli.live.followup_panel import ACTIONS as FOLLOWUP_ACTIONS, BINDINGS as FOLLOWUP_BINDINGS
from aktorskab_cli.live.followup_panel import FollowupArea, FollowupKeys
from aktorskab_cli.live.runner import LiveRun, back_text
from aktorskab_cli.live.view import big_text, big_width, make_view
from aktorskab_cli.rules.numbers import counted


class BigClock(Widget):
    """The countdown in block digits, as large as the widget allows."""

    DEFAULT_CSS = "BigClock { height: 5; content-align: center middle; }"
    TONES = {"calm": "bold white", "warn": "bold yellow", "alert": "bold dark_orange",
             "over": "bold red", "paused": "bold grey62", "done": "bold green"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.text, self.tone = "", "calm"

    def show(self, text: str, tone: str) -> None:
        if (text, tone) != (self.text, self.tone):
            self.text, self.tone = text, tone
            self.refresh()

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        style = self.TONES.get(self.tone, "bold")
        if not self.text.replace("+", "").replace(":", "").isdigit():
            return Text(self.text, style=style, justify="center")
        need = big_width(self.text)
        scale = max(1, min(width // max(1, need), height // 5))
        if need > width or height < 5:  # too small for the block digits: the digits as they are
            return Text(self.text, style=style, justify="center")
        rows = big_text(self.text, scale)
        pad_top = max(0, (height - len(rows)) // 2)
        return Text("\n" * pad_top + "\n".join(rows), style=style, justify="center", no_wrap=True)


class Bar(Widget):
    """How much of the item's time is used."""

    DEFAULT_CSS = "Bar { height: 1; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.fraction, self.tone = 0.0, "calm"

    def show(self, fraction: float, tone: str) -> None:
        width = max(1, self.size.width)
        if (round(fraction * width), tone) != (round(self.fraction * width), self.tone):
            self.refresh()
        self.fraction, self.tone = fraction, tone

    def render(self) -> Text:
        width = self.size.width
        filled = min(width, round(self.fraction * width))
        style = BigClock.TONES.get(self.tone, "white").replace("bold ", "")
        return Text("█" * filled, style=style) + Text("░" * (width - filled), style="grey30")


class DialogueArea(Vertical):
    """What the room needs during a dialogue: its questions (also on the projector); during a followup item,
    the programme's entries with their statuses."""

    DEFAULT_CSS = "DialogueArea { height: auto; margin-top: 1; } DialogueArea #questions { height: auto; max-height: 8; }"

    def compose(self) -> ComposeResult:
        yield Static(id="questions", markup=False)
        yield FollowupArea(id="followup")


Collector = Callable[[Item, Prompter], None]  # the answer dialogue for one item, asking through a Prompter


class LiveScreen(FollowupKeys, App[str]):
    """The running workshop. Exits with 'finished', 'quit' or 'interrupted' (the run already saved)."""

    TITLE = "aktorskab"
    CSS = """
    Screen { padding: 0 1; }
    #top { color: $text-muted; height: 1; }
    #title { text-style: bold; color: $accent; }
    #meta { color: $text-muted; }
    #room { height: auto; color: $text-muted; }
    LiveScreen.projector #room { text-align: center; color: $text; }
    BigClock { height: 1fr; min-height: 5; }
    #overrun { text-style: bold; color: red; text-align: center; }
    #replan { color: yellow; }
    #message { color: $warning; }
    #keys { color: $text-muted; }
    LiveScreen.projector #top, LiveScreen.projector #meta,
    LiveScreen.projector #keys, LiveScreen.projector #replan { display: none; }
    LiveScreen.projector #title { text-align: center; margin-top: 0; }
    LiveScreen.projector #next, LiveScreen.projector #day, LiveScreen.projector #message { text-align: center; }
    LiveScreen.followup DialogueArea, LiveScreen.followup FollowupArea, LiveScreen.followup EntryList { height: 1fr; }
    LiveScreen.followup BigClock { height: 5; min-height: 1; }
    LiveScreen.followup.compact BigClock { height: 1; }
    """
    BINDINGS = [
        Binding("space", "space", "pause/fortsæt", show=False),
        Binding("n", "next", "næste", show=False),
        Binding("b", "back", "tilbage", show=False),
        Binding("plus,equals_sign", "extend(1)", "+1 min.", show=False),
        Binding("minus", "extend(-1)", "-1 min.", show=False),
        Binding("s", "skip", "spring over", show=False),
        Binding("a", "answers", "svar", show=False),
        Binding("w", "addresses", "adresser", show=False),
        Binding("j", "confirm_day", "hold mødet i dag", show=False),
        Binding("q", "quit_saving", "gem og afslut", show=False),
        Binding("escape", "close_panel", "luk svarpanelet", show=False, priority=True),
        Binding("ctrl+c", "interrupt", "afbryd", show=False, priority=True),
        *FOLLOWUP_BINDINGS,
    ]

    HIDDEN_ON_PROJECTOR = ("top", "meta", "keys", "replan")
    TEXTS = ("top", "title", "meta", "questions", "overrun", "next", "day", "replan", "keys")

    def __init__(self, live: LiveRun, *, projector: bool = False, collector: Collector | None = None,
                 room: Callable[[bool], str] | None = None, addresses: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.room = room  # with --web: the join URL, phone answers per group (and the QR on the projector)
        self.addresses = addresses  # with --web: what w shows (all of them; on the projector only the join URL)
        self.live = live
        self.projector = projector
        self.collector = collector
        self.offer: Item | None = None  # a dialogue item that just ended: `a` takes its answers
        self.message = ""
        self.shown_addresses = ""  # what w shows, until the next key
        self.belled: set[str] = set()
        self._timer = None
        self._dialogue: threading.Thread | None = None
        self._shown: dict[str, str] = {}  # each line's text as last drawn (`_set`): drawn again only when it changes
        self._followup_init()

    def compose(self) -> ComposeResult:
        for name in ("top", "title", "meta"):
            yield Static(id=name, markup=False)
        yield DialogueArea(id="dialogue")
        yield Static(id="room", markup=False)
        yield BigClock(id="clock")
        yield Static(id="overrun", markup=False)
        yield Bar(id="bar")
        for name in ("next", "day", "replan", "message"):
            yield Static(id=name, markup=False)
        yield AnswerPanel(id="answers")
        yield Static(id="keys", markup=False)

    def on_mount(self) -> None:
        if self.projector:
            self.add_class("projector")
        self.live.listeners.append(self._noticed)
        self._tick()

    @property
    def panel(self) -> AnswerPanel:
        return self.query_one(AnswerPanel)

    @property
    def typing(self) -> bool:
        """The answer panel is open: keys belong to it, not to the run."""
        return self._dialogue is not None

    # -- time ------------------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.live.auto:
            self.live.catch_up()
            if self.live.run.phase == "finished" and not self.typing:
                self.live.finish()
                self.exit("finished")
                return
        self.live.heartbeat()
        self._ring_if_over()
        self.redraw()
        self._schedule()

    def _schedule(self) -> None:
        """Wake when the shown second changes (at most once a second), or when --auto must move on."""
        if self._timer is not None:
            self._timer.stop()
        live = self.live
        delay = 1.0
        if live.run.phase == "running":
            left = live.run.current.remaining(live.now())
            delay = live.clock.real_seconds(left % 1.0 or 1.0) if live.speed == 1 else 1.0
            due = live.seconds_to_due()
            if live.auto and due is not None:
                delay = min(delay, max(0.0, due))
        self._timer = self.set_timer(max(0.02, min(1.0, delay + 0.005)), self._tick)

    def _ring_if_over(self) -> None:
        """Once per item when its time is up, also a budget taken down to 0; not on arriving at a moment."""
        run = self.live.run
        item = run.current
        if run.phase == "running" and not item.moment and item.remaining(self.live.now()) < 0 \
                and item.id not in self.belled:
            self.belled.add(item.id)
            self.bell()

    def _noticed(self, event: object) -> None:
        """After every stored event: offer the answers of a dialogue item that just ended."""
        if self.live.agenda.items[self.live.run.index].is_dialogue and self.live.run.phase != "finished":
            self.offer, self.message = None, ""  # `a` now takes the current item's answers
            return
        plan = self.live.agenda.item(getattr(event, "item_id", None) or "")
        if getattr(event, "kind", "") == "next" and plan is not None and plan.is_dialogue:
            self.offer = plan
            self.message = f"»{plan.title}« er slut – tryk a for at skrive gruppernes svar."

    def redraw(self) -> None:
        view = make_view(self.live, self.live.now(), projector=self.projector)
        keys = view.keys + (" · w adresser" if self.addresses is not None and view.keys else "")
        for name in self.TEXTS:
            text = keys if name == "keys" else getattr(view, name)
            self._set(name, "" if name == "keys" and self.typing else text)
        self._set("message", self.shown_addresses or (view.hint if self.projector else (self.message or view.hint)))
        if self.room is not None:
            self._set("room", self.room(self.projector))
        self.query_one(BigClock).show(view.clock, view.tone)
        self.query_one(Bar).show(view.fraction, view.tone)
        self.draw_followup()

    def _set(self, name: str, text: str) -> None:
        if self._shown.get(name) != text:
            self._shown[name] = text
            widget = self.query_one(f"#{name}", Static)
            widget.update(text)
            widget.display = bool(text) and not (self.projector and name in self.HIDDEN_ON_PROJECTOR)

    def _after_key(self) -> None:
        if self.offer is None:
            self.message = ""
        self.shown_addresses = ""
        self._ring_if_over()
        self.redraw()
        self._schedule()

    # -- keys ------------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the answer panel or a followup note is open only Esc and Ctrl-C (both close it) reach the app;
        a followup key only while a followup item runs."""
        if self.typing or self.noting is not None:
            return action in ("close_panel", "interrupt")
        return self.check_followup(action) if action in FOLLOWUP_ACTIONS else True

    def action_space(self) -> None:
        self.live.space()
        self._after_key()

    def action_confirm_day(self) -> None:
        """j: a meeting whose agenda names another day is held today after all (see `LiveRun.wrong_day`)."""
        self.live.confirm_day()
        self._after_key()

    def action_next(self) -> None:
        self.live.do("next")
        if self.live.run.phase == "finished" and self.live.auto:
            self.live.finish()
            self.exit("finished")
            return
        self._after_key()

    def action_back(self) -> None:
        left, now = self.live.run.current, self.live.now()
        spent = left.elapsed(now)
        went = self.live.do("back")
        self._after_key()
        if went is not None:  # until the next key: where the minutes of the item left go
            self.message = back_text(left.title, self.live.run.current.title, spent)
            self.redraw()

    def action_skip(self) -> None:
        self.live.do("skip")
        self._after_key()

    def action_extend(self, minutes: int) -> None:
        self.live.do("extend", minutes)
        self._after_key()

    def action_addresses(self) -> None:
        """w: where phones, the projector and the facilitator's page are (until the next key)."""
        self._after_key()
        if self.addresses is None:
            self.shown_addresses = "Telefonerne er ikke med: start mødet med --web for at få adresserne."
        else:  # the projector's screen never shows the facilitator's (secret) address
            self.shown_addresses = self.addresses[1 if self.projector else 0]
        self.redraw()

    def action_quit_saving(self) -> None:
        self.live.save_and_stop()
        self.exit("finished" if self.live.run.phase == "finished" else "quit")

    def action_interrupt(self) -> None:
        if self.typing or self.noting is not None:  # Ctrl-C in a panel closes the panel, not the whole run
            self.action_close_panel()
            return
        self.live.save_and_stop()
        self.exit("finished" if self.live.run.phase == "finished" else "interrupted")

    def action_close_panel(self) -> None:
        if self.noting is not None:
            self.close_note()
        elif self.typing:
            self.panel.close()  # the dialogue's thread ends with PanelClosed and calls _answers_done

    # -- the groups' answers -----------------------------------------------------------------------------
    def action_answers(self) -> None:
        item = self._answer_target()
        if item is None:
            self.message = "Dette punkt har ingen gruppedialog; svarene skrives ved dialogpunkterne."
            self.redraw()
            return
        if self.collector is None:
            return
        self.live.ensure_session()  # answers typed before the day starts keep the meeting
        self.panel.open(f"Gruppernes svar · {item.title}")
        prompter = PanelPrompter(self, self.panel)
        self._dialogue = threading.Thread(target=self._take_answers, args=(item, prompter), daemon=True,
                                          name="answer-dialogue")
        self._dialogue.start()
        self.redraw()

    def _take_answers(self, item: Item, prompter: PanelPrompter) -> None:
        """The dialogue, in its own thread: every answer is stored by it before the next question."""
        problem = ""
        try:
            self.collector(item, prompter)  # type: ignore[misc]
        except PanelClosed:
            pass
        except Exception as exc:  # noqa: BLE001 - shown on the screen; the run must go on
            problem = getattr(exc, "message", None) or str(exc)
        try:
            self.call_from_thread(self._answers_done, item, problem)
        except RuntimeError:  # the app has already ended
            pass

    def _answers_done(self, item: Item, problem: str = "") -> None:
        self._dialogue = None
        self.panel.close()
        stored = len(self.live.store.answers(self.live.session_id, item.id))
        if self.offer is not None and self.offer.id == item.id:
            self.offer = None
        saved = (f"{counted(stored, 'svar', 'svar')} til »{item.title}« er gemt." if stored
                 else f"Ingen svar til »{item.title}« endnu.")
        self.message = problem or saved
        self.set_focus(None)
        self.redraw()
        self._schedule()

    def _answer_target(self) -> Item | None:
        plan = self.live.agenda.items[self.live.run.index]
        if plan.is_dialogue and self.live.run.phase != "finished":
            return plan
        return self.offer

