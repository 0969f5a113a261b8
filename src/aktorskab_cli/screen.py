"""The live screen: a Textual app over a `LiveRun`, and its keys.

Textual rather than rich Live + prompt_toolkit: its key bindings work the same on Windows, macOS and
Linux, it repaints only the widgets whose content changed, `App.suspend()` hands the terminal cleanly
to the questionary dialogue, and `App.run_test()` lets the tests press keys headless.

The screen never decides anything itself: a key calls `LiveRun`, which stores the engine's event, and
only then is the view recomputed. It is woken once a second (at the moment the shown second changes)
or by a key, never more.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from aktorskab_cli.agenda import Item
from aktorskab_cli.errors import Interrupted
from aktorskab_cli.live import LiveRun, day_line, replan_line
from aktorskab_cli.schedule import format_clock, format_duration

KEYS = ("mellemrum pause/fortsæt · n næste · b tilbage · +/- ét minut · s spring over · "
        "a gruppernes svar · q gem og afslut")
KEYS_READY = "mellemrum start dagen · a gruppernes svar · q gem og afslut"
KEYS_FINISHED = "a gruppernes svar · q afslut"

# A 3×5 block font; each font pixel is drawn two cells wide so the digits keep their shape.
_FONT = {
    "0": ("111", "101", "101", "101", "111"), "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"), "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"), "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"), "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"), "9": ("111", "101", "111", "001", "111"),
    ":": ("0", "1", "0", "1", "0"), "+": ("000", "010", "111", "010", "000"),
    "-": ("000", "000", "111", "000", "000"), " ": ("0", "0", "0", "0", "0"),
}


def big_text(text: str, scale: int = 1) -> list[str]:
    """`text` in the block font, `scale` times as large (2·scale cells per pixel across, scale rows down)."""
    rows = []
    for row in range(5):
        pixels = "0".join(_FONT.get(ch, _FONT[" "])[row] for ch in text)
        line = "".join(("█" if p == "1" else " ") * 2 * scale for p in pixels)
        rows.extend([line] * scale)
    return rows


def big_width(text: str) -> int:
    return 2 * (sum(len(_FONT.get(ch, _FONT[" "])[0]) for ch in text) + max(0, len(text) - 1))


@dataclass(frozen=True)
class View:
    """Everything the screen shows, as text; recomputed on every wake-up, drawn only where it changed."""

    top: str
    title: str
    meta: str
    questions: str
    clock: str
    tone: str  # calm, warn, alert, over, paused, done
    fraction: float  # of the item's time used, 0..1
    next: str
    day: str
    replan: str
    keys: str
    hint: str  # what space does now, while the day is not running


def make_view(live: LiveRun, now: float) -> View:
    run = live.run
    item, plan = run.current, live.agenda.items[run.index]
    position = f"Punkt {run.index + 1} af {len(run.items)}"
    clock_now = format_clock(run.agenda_clock(now) / 60)
    state = {"ready": "KLAR", "running": "I GANG", "paused": "PAUSE", "finished": "SLUT"}[run.phase]
    top = f"kl. {clock_now} · {position} · {state}" + (f" · {live.speed:g}×" if live.speed != 1 else "")
    top += f" · {live.agenda.title}"
    meta = [plan.kind_label.capitalize()]
    if plan.lead:
        meta.append(plan.lead)
    extra = f", {item.extra:+d} min." if item.extra else ""
    meta.append(f"planlagt {format_clock(plan.start)}–{format_clock(plan.end)} ({plan.minutes} min.{extra})")
    lines = plan.questions or plan.points
    questions = "\n".join(f"{n}. {q}" for n, q in enumerate(lines, 1))
    remaining, budget = item.remaining(now), item.budget
    if run.phase == "finished":
        clock, tone, fraction = "SLUT", "done", 1.0
    elif budget == 0:
        clock, tone, fraction = format_duration(item.elapsed(now)), "calm", 1.0
    elif remaining < 0:
        clock, tone, fraction = "+" + format_duration(-remaining), "over", 1.0
    else:
        left = remaining / budget
        clock = format_duration(remaining + 0.999)  # 0:01 until the very last moment, then +0:00
        tone = "alert" if left <= 0.05 else "warn" if left <= 0.20 else "calm"
        fraction = 1 - left
    if run.phase == "paused" and tone not in ("over",):
        tone = "paused"
    coming = run.next_item
    if run.phase == "finished":
        nxt = "Dagen er slut. Tryk a for gruppernes svar, q for at afslutte."
    elif coming is None:
        nxt = "Næste: intet – det er sidste punkt"
    else:
        starts = run.agenda_clock(now) + max(0.0, remaining)
        nxt = f"Næste kl. {format_clock(starts / 60)}: {coming.title} ({max(0, coming.planned + coming.extra)} min.)"
    keys = {"ready": KEYS_READY, "finished": KEYS_FINISHED}.get(run.phase, KEYS)
    hint = {"ready": "Klar – tryk mellemrum for at starte dagen.",
            "paused": "Pause – tryk mellemrum for at fortsætte."}.get(run.phase, "")
    return View(top, item.title, " · ".join(meta), questions, clock, tone, fraction, nxt,
                day_line(run, now), replan_line(run, now), keys, hint)


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
        if need > width:
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


Collector = Callable[[Item], None]


class LiveScreen(App[str]):
    """The running workshop. Exits with 'finished', 'quit' or 'interrupted' (the run already saved)."""

    TITLE = "aktorskab"
    CSS = """
    Screen { padding: 0 1; }
    #top { color: $text-muted; height: 1; }
    #title { text-style: bold; color: $accent; }
    #meta { color: $text-muted; }
    #questions { height: auto; max-height: 8; margin-top: 1; }
    BigClock { height: 1fr; min-height: 5; }
    #replan { color: yellow; }
    #message { color: $warning; }
    #keys { color: $text-muted; }
    LiveScreen.projector #top, LiveScreen.projector #meta, LiveScreen.projector #questions,
    LiveScreen.projector #keys, LiveScreen.projector #replan { display: none; }
    LiveScreen.projector #title { text-align: center; margin-top: 0; }
    LiveScreen.projector #next, LiveScreen.projector #day, LiveScreen.projector #message { text-align: center; }
    """
    BINDINGS = [
        Binding("space", "space", "pause/fortsæt", show=False),
        Binding("n", "next", "næste", show=False),
        Binding("b", "back", "tilbage", show=False),
        Binding("plus,equals_sign", "extend(1)", "+1 min.", show=False),
        Binding("minus", "extend(-1)", "-1 min.", show=False),
        Binding("s", "skip", "spring over", show=False),
        Binding("a", "answers", "svar", show=False),
        Binding("q", "quit_saving", "gem og afslut", show=False),
        Binding("ctrl+c", "interrupt", "afbryd", show=False, priority=True),
    ]

    HIDDEN_ON_PROJECTOR = ("top", "meta", "questions", "keys", "replan")

    def __init__(self, live: LiveRun, *, projector: bool = False, collector: Collector | None = None) -> None:
        super().__init__()
        self.live = live
        self.projector = projector
        self.collector = collector
        self.offer: Item | None = None  # a dialogue item that just ended: `a` takes its answers
        self.message = ""
        self.belled: set[str] = set()
        self.in_dialogue = False
        self._timer = None

    def compose(self) -> ComposeResult:
        for name in ("top", "title", "meta", "questions"):
            yield Static(id=name, markup=False)
        yield BigClock(id="clock")
        yield Bar(id="bar")
        for name in ("next", "day", "replan", "message", "keys"):
            yield Static(id=name, markup=False)

    def on_mount(self) -> None:
        if self.projector:
            self.add_class("projector")
        self.live.listeners.append(self._noticed)
        self._tick()

    # -- time ------------------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.live.auto:
            self.live.catch_up()
            if self.live.run.phase == "finished":
                self.live.finish()
                self.exit("finished")
                return
        if not self.in_dialogue:
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
        run = self.live.run
        item = run.current
        if run.phase == "running" and item.budget > 0 and item.remaining(self.live.now()) < 0 \
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
            self.message = f"«{plan.title}» er slut – tryk a for at skrive gruppernes svar."

    def redraw(self) -> None:
        view = make_view(self.live, self.live.now())
        for name in ("top", "title", "meta", "questions", "next", "day", "replan", "keys"):
            self._set(name, getattr(view, name))
        self._set("message", self.message or view.hint)
        self.query_one(BigClock).show(view.clock, view.tone)
        self.query_one(Bar).show(view.fraction, view.tone)

    def _set(self, name: str, text: str) -> None:
        widget = self.query_one(f"#{name}", Static)
        if getattr(widget, "_shown", None) != text:
            widget._shown = text  # type: ignore[attr-defined]
            widget.update(text)
            widget.display = bool(text) and not (self.projector and name in self.HIDDEN_ON_PROJECTOR)

    def _after_key(self) -> None:
        if self.offer is None:
            self.message = ""
        self._ring_if_over()
        self.redraw()
        self._schedule()

    # -- keys ------------------------------------------------------------------------------------------
    def action_space(self) -> None:
        self.live.space()
        self._after_key()

    def action_next(self) -> None:
        self.live.do("next")
        if self.live.run.phase == "finished" and self.live.auto:
            self.live.finish()
            self.exit("finished")
            return
        self._after_key()

    def action_back(self) -> None:
        self.live.do("back")
        self._after_key()

    def action_skip(self) -> None:
        self.live.do("skip")
        self._after_key()

    def action_extend(self, minutes: int) -> None:
        self.live.do("extend", minutes)
        self._after_key()

    def action_quit_saving(self) -> None:
        self.live.save_and_stop()
        self.exit("finished" if self.live.run.phase == "finished" else "quit")

    def action_interrupt(self) -> None:
        self.live.save_and_stop()
        self.exit("finished" if self.live.run.phase == "finished" else "interrupted")

    async def action_answers(self) -> None:
        item = self._answer_target()
        if item is None:
            self.message = "Dette punkt har ingen gruppedialog; svarene skrives ved dialogpunkterne."
            self.redraw()
            return
        if self.collector is None:
            return
        from textual.app import SuspendNotSupported

        self.in_dialogue = True
        try:
            try:
                with self.suspend():
                    await asyncio.to_thread(self.collector, item)
            except SuspendNotSupported:  # headless (the tests): there is no terminal to hand over
                await asyncio.to_thread(self.collector, item)
        except Interrupted:
            self.in_dialogue = False
            self.action_interrupt()
            return
        finally:
            self.in_dialogue = False
        if self.offer is not None and self.offer.id == item.id:
            self.offer, self.message = None, ""
        self.refresh(layout=True)
        self._after_key()

    def _answer_target(self) -> Item | None:
        plan = self.live.agenda.items[self.live.run.index]
        if plan.is_dialogue and self.live.run.phase != "finished":
            return plan
        return self.offer
