"""What the live screen shows, computed from a `LiveRun` as plain text: no terminal library here.

`make_view` is recomputed on every wake-up of the screen; the Textual widgets in `screen.py` only draw
it. The block font for the big countdown lives here too, so the tests can read what would be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from aktorskab_cli.live.runner import LiveRun, day_line, replan_line
from aktorskab_cli.agenda.schedule import format_clock, format_duration, format_span
from aktorskab_cli.rules.numbers import danish_number

KEYS = ("mellemrum stands/start uret · n næste · b tilbage · +/- ét minut · s spring over · "
        "a gruppernes svar · q gem og afslut")
KEYS_READY = "mellemrum start dagen · a gruppernes svar · q afslut"  # nothing to save yet
KEYS_CONFIRM = "j hold mødet i dag · a gruppernes svar · q afslut"  # the day waits for j (`LiveRun.confirmed`)
KEYS_FINISHED = "a gruppernes svar · q afslut"
MOMENT_HINT = "Et tidspunkt, ikke et punkt med egen tid – tryk n, når det er sket."

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
    hint: str  # what space does now while the day is not running; what a moment (0 minutes) is
    overrun: str = ""  # the overrun in words, beside the red digits: "Tiden er gået – 3 min. over"


STOPPED_HINT = "Uret er standset – tryk mellemrum for at fortsætte."
PROJECTOR_HINTS = {"ready": "Klar", "paused": "Uret er standset"}  # the room's words, without keys


def overrun_words(seconds: float) -> str:
    """'Tiden er gået' in the first minute, then 'Tiden er gået – 3 min. over' (whole minutes, as the clock)."""
    minutes = int(seconds // 60)
    return "Tiden er gået" + (f" – {minutes} min. over" if minutes >= 1 else "")


def make_view(live: LiveRun, now: float, *, projector: bool = False) -> View:
    run = live.run
    item, plan = run.current, live.agenda.items[run.index]
    position = f"Punkt {run.index + 1} af {len(run.items)}"
    clock_now = format_clock(run.agenda_clock(now) / 60)
    state = {"ready": "KLAR", "running": "I GANG", "paused": "URET STANDSET", "finished": "SLUT"}[run.phase]
    top = f"kl. {clock_now} · {position} · {state}" + (f" · {danish_number(live.speed)}×" if live.speed != 1 else "")
    top += f" · {live.agenda.title}"
    meta = [plan.kind_label.capitalize()]
    if plan.lead:
        meta.append(plan.lead)
    extra = f", {item.extra:+d} min." if item.extra else ""
    if item.moment:
        meta.append(f"tidspunkt kl. {format_clock(plan.start)}")
    else:
        meta.append(f"planlagt {format_span(plan.start, plan.end)} ({plan.minutes} min.{extra})")
    lines = plan.questions if projector else (plan.questions or plan.points)  # the room needs the questions
    questions = "\n".join(f"{n}. {q}" for n, q in enumerate(lines, 1))
    remaining, budget = item.remaining(now), item.budget
    overrun = ""
    if run.phase == "finished":
        clock, tone, fraction = "SLUT", "done", 1.0
    elif run.phase == "ready" and budget == 0:
        clock, tone, fraction = "0:00", "calm", 0.0
    elif budget == 0 or remaining < 0:  # past the budget, also a budget of 0: always the red overrun
        clock, tone, fraction = "+" + format_duration(-remaining), "over", 1.0
        overrun = "" if item.moment else overrun_words(-remaining)
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
        starts = run.agenda_clock(now) + max(0.0, remaining) + coming.gap
        nxt = f"Næste kl. {format_clock(starts / 60)}: {coming.title} ({max(0, coming.planned + coming.extra)} min.)"
    keys = {"ready": KEYS_READY, "finished": KEYS_FINISHED}.get(run.phase, KEYS)
    hint = {"ready": "Klar – tryk mellemrum for at starte dagen.", "paused": STOPPED_HINT}.get(run.phase, "")
    if run.phase == "running" and item.moment:
        hint = MOMENT_HINT
    if projector:  # the facilitator's keys are not the room's business
        hint = PROJECTOR_HINTS.get(run.phase, "")
    if run.phase == "ready" and live.wrong_day:  # also on the projector: space alone does not start this day
        hint = live.wrong_day + (" Tryk mellemrum for at starte dagen alligevel." if live.confirmed
                                 else " Tryk j for at holde mødet i dag alligevel.")
        keys = keys if live.confirmed else KEYS_CONFIRM
    return View(top, item.title, " · ".join(meta), questions, clock, tone, fraction, nxt,
                day_line(run, now), replan_line(run, now), keys, hint, overrun)
