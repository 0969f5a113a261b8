"""Danish dates and quarters: '2. april 2025', 'oktober 2025', '4. kvartal 2025' and the ways people write a
quarter or a span of quarters in a plan ('2025 K4', 'K4 2025', '3.-4. kvartal 2026')."""

from __future__ import annotations

import datetime as dt
import re

Quarter = tuple[int, int]  # (year, quarter 1–4)

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")


def danish_date(day: dt.date) -> str:
    """2025-04-02 -> '2. april 2025'."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def held_by(who: str, day: dt.date | None) -> str:
    """'LMU Skolen på Toppen, 12. marts 2026': who held a meeting and on which day, as every report names it
    (`who` is the organisation, or the title when there is none; no day, no date)."""
    return ", ".join(x for x in (who, danish_date(day) if day else "") if x)


def danish_time(stamp: dt.datetime) -> str:
    """14:05 -> 'kl. 14.05'."""
    return f"kl. {stamp.hour}.{stamp.minute:02d}"


def danish_datetime(stamp: dt.datetime) -> str:
    """2026-03-12 14:05 -> '12. marts 2026 kl. 14.05'."""
    return f"{danish_date(stamp.date())} {danish_time(stamp)}"


def month_year(day: dt.date) -> str:
    """2025-10-01 -> 'oktober 2025'."""
    return f"{MONTHS[day.month - 1]} {day.year}"


_QUARTER = re.compile(r"^\s*(?:([0-9])\.?\s*kvartal\s*([0-9]{4})|([0-9]{4})\s*[-/ ]?\s*[Kk]\s*([0-9])"
                      r"|[Kk]\s*([0-9])\s*([0-9]{4}))\s*$")
_BARE = re.compile(r"^\s*(?:([0-9])\.?(?:\s*kvartal)?|[Kk]\s*([0-9]))\s*$")  # the start of '3.-4. kvartal 2026'
_DASH = re.compile(r"\s*[-–—]\s*")


def quarter(when: str) -> Quarter | None:
    """'4. kvartal 2025', '2025 K4', 'K4 2025' -> (2025, 4); free text -> None."""
    m = _QUARTER.match(when)
    if not m:
        return None
    q, year = (m[1], m[2]) if m[1] else (m[4], m[3]) if m[3] else (m[5], m[6])
    return (int(year), int(q)) if 1 <= int(q) <= 4 else None


def quarter_label(year: int, q: int) -> str:
    """2025, 4 -> '4. kvartal 2025'."""
    return f"{q}. kvartal {year}"


def quarters(when: str) -> tuple[Quarter, Quarter] | None:
    """A quarter or a span of quarters as (first, last): '4. kvartal 2025' -> ((2025, 4), (2025, 4));
    '3.-4. kvartal 2026' -> ((2026, 3), (2026, 4)); '2025 K4 – 2026 K1' -> ((2025, 4), (2026, 1)).
    Free text, or a span that ends before it starts -> None."""
    one = quarter(when)
    if one is not None:
        return one, one
    for dash in _DASH.finditer(when):
        last = quarter(when[dash.end():])
        if last is None:
            continue
        head = when[:dash.start()]
        first = quarter(head)
        if first is None and (bare := _BARE.match(head)):
            first = (last[0], int(bare[1] or bare[2]))
        if first is not None and 1 <= first[1] <= 4 and first <= last:
            return first, last
    return None


def quarter_start(q: Quarter) -> dt.date:
    """The first day of a quarter: (2026, 2) -> 2026-04-01."""
    return dt.date(q[0], 3 * q[1] - 2, 1)


def quarter_end(q: Quarter) -> dt.date:
    """The last day of a quarter: (2025, 4) -> 2025-12-31 (the day a quarter in a plan is due)."""
    year, n = q
    return dt.date(year, 12, 31) if n == 4 else dt.date(year, 3 * n + 1, 1) - dt.timedelta(days=1)


_DANISH_DATE = re.compile(r"^\s*([0-9]{1,2})\.\s*([a-zæøå]+)\s+([0-9]{4})\s*$")


def parse_date(text: str) -> dt.date | None:
    """'2026-04-07' or '7. april 2026' -> the date; anything else (also 31. februar) -> None."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    m = _DANISH_DATE.match(text.lower())
    if not m or m[2] not in MONTHS:
        return None
    try:
        return dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1]))
    except ValueError:
        return None
