"""Pure time arithmetic: clock times as minutes after midnight, and the day's plan."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import NamedTuple

from aktorskab_cli.rules.dates import month_year

DAY = 24 * 60
MAX_MINUTES = 12 * 60  # an item longer than a working day is a typo
_CLOCK = re.compile(r"^\s*([0-9]{1,2})\s*[.:]\s*([0-9]{2})(?:\s*[.:]\s*([0-9]{2}))?\s*$")  # ASCII digits: rules/numbers


def parse_clock(value: object) -> int:
    """'8.00', '08:00', '8:00' and TOML local times all become 480."""
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError('skal være et klokkeslæt i anførselstegn, fx start = "8.00"')
    if not isinstance(value, str):
        raise ValueError('skal være et klokkeslæt i anførselstegn, fx start = "8.00"')
    match = _CLOCK.match(value)
    if not match:
        raise ValueError(f"»{value}« er ikke et klokkeslæt; skriv fx »8.00« eller »13.30«")
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise ValueError(f"»{value}« findes ikke på et ur; timer går fra 0 til 23 og minutter fra 0 til 59")
    return hours * 60 + minutes


def format_clock(minutes: float) -> str:
    """480 -> '8.00', 870 -> '14.30' (the Danish way, as in the seeds); wraps past midnight.

    Truncates like a watch (14:22:44 is 14.22, never 14.23 ahead of everyone's watch); the 1e-6 takes
    float noise on a whole minute (479.9999999) to that minute.
    """
    whole = math.floor(minutes + 1e-6) % DAY
    return f"{whole // 60}.{whole % 60:02d}"


def format_span(start: float, end: float) -> str:
    """480, 900 -> '8.00–15.00' (an en dash, no spaces); a span of no length is its start: '15.00'."""
    first, last = format_clock(start), format_clock(end)
    return first if first == last else f"{first}–{last}"


def format_duration(seconds: float) -> str:
    """Seconds as m:ss or h:mm:ss, for countdowns and overruns."""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


def lateness(minutes: int) -> str:
    """How a day stands against its plan, one phrasing everywhere: '12 min. efter planen',
    '3 min. før planen', 'til tiden'."""
    if minutes > 0:
        return f"{minutes} min. efter planen"
    return f"{-minutes} min. før planen" if minutes < 0 else "til tiden"


class Slot(NamedTuple):  # NamedTuple, not dataclass: half a millisecond less at start-up
    start: int
    minutes: int

    @property
    def end(self) -> int:
        return self.start + self.minutes


class Problem(NamedTuple):
    index: int  # 0-based item index
    field: str
    message: str


def plan(day_start: int | None, entries: list[tuple[int | None, int | None]]) -> tuple[list[Slot], list[Problem]]:
    """Give every item a start and a length from what the agenda says.

    An item's start is given or follows the previous item; its length is given or runs to the
    next item's start. An item may not start before the previous one ends; a later start leaves a
    gap, which is legal (`agenda check` mentions it). Returns the slots that could be
    determined (one per entry when there are no problems) and every problem found.
    """
    problems: list[Problem] = []
    slots: list[Slot] = []
    previous_end = day_start
    for index, (start, minutes) in enumerate(entries):
        if start is not None and previous_end is not None and index == 0 and start != previous_end:
            problems.append(Problem(index, "start", (
                f"starter kl. {format_clock(start)}, men dagen starter kl. {format_clock(previous_end)} "
                "(start øverst i filen); ret den ene, så de er ens")))
        elif start is not None and previous_end is not None:
            prev = slots[-1] if slots else None
            if prev is not None and start < prev.start:
                problems.append(Problem(index, "start", (
                    f"starter kl. {format_clock(start)}, før det forrige punkt (kl. {format_clock(prev.start)}); "
                    "punkterne skal stå i tidsorden")))
            elif start < previous_end:  # a start later than the previous end is a gap, and that is legal
                problems.append(Problem(index, "start", (
                    f"starter kl. {format_clock(start)}, men det forrige punkt slutter først kl. "
                    f"{format_clock(previous_end)}; ret starttiden eller det forrige punkts minutes")))
        begin = start if start is not None else previous_end
        if begin is None:
            problems.append(Problem(index, "start", 'har ingen starttid; angiv start her eller for hele dagen øverst i filen (start = "8.00")'))
            break
        length = minutes
        if length is None:
            following = entries[index + 1][0] if index + 1 < len(entries) else None
            if following is None:
                problems.append(Problem(index, "minutes", (
                    "varigheden kan ikke bestemmes; angiv minutes her eller start på næste punkt")))
                break
            if following < begin:
                length = 0  # reported on the next item as going backwards
            else:
                length = following - begin
        slots.append(Slot(begin, length))
        previous_end = begin + length
        if previous_end > DAY:
            problems.append(Problem(index, "minutes", (
                f"slutter først kl. {format_clock(previous_end % DAY)} næste dag; et møde skal slutte senest "
                "kl. 24.00 – kort punkterne ned, eller del mødet i to dagsordener")))
            break
    return slots, problems


def footer_text(base: str, when: dt.date | None) -> str:
    """'FRA HU-TEMADAGEN' + October 2025 -> 'FRA HU-TEMADAGEN, oktober 2025'; a footer with a year stays."""
    if when is None or re.search(r"\b(19|20)\d\d\b", base):
        return base
    return f"{base}, {month_year(when)}"
