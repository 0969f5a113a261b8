"""When a plan entry is due: a quarter or a span of quarters, a date, or »løbende«.

The quarter parsing here is the programme's part of the Danish date rules; `quarter`/`quarter_label` come
from `synthesis.model` until the rules package (`rules/dates.py`) takes them all, spans included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from aktorskab_cli.agenda.schedule import MONTHS, danish_date
from aktorskab_cli.synthesis.model import quarter, quarter_label

Quarter = tuple[int, int]  # (year, quarter 1–4)
ONGOING = "løbende"

_BARE = re.compile(r"^\s*(?:([0-9])\.?(?:\s*kvartal)?|[Kk]\s*([0-9]))\s*$")  # the start of '3.-4. kvartal 2026'
_DASH = re.compile(r"\s*[-–—]\s*")
_DANISH_DATE = re.compile(r"^\s*([0-9]{1,2})\.\s*([a-zæøå]+)\s+([0-9]{4})\s*$")
_ONGOING = {"løbende", "loebende", "lobende", "løbende.", "ongoing"}


def quarters(text: str) -> tuple[Quarter, Quarter] | None:
    """A quarter or a span of quarters as (first, last): '4. kvartal 2025' -> ((2025, 4), (2025, 4));
    '3.-4. kvartal 2026' -> ((2026, 3), (2026, 4)); '2025 K4 – 2026 K1' -> ((2025, 4), (2026, 1)).
    Free text, or a span that ends before it starts -> None."""
    one = quarter(text)
    if one is not None:
        return one, one
    for dash in _DASH.finditer(text):
        last = quarter(text[dash.end():])
        if last is None:
            continue
        head = text[:dash.start()]
        first = quarter(head)
        if first is None and (bare := _BARE.match(head)):
            first = (last[0], int(bare[1] or bare[2]))
        if first is not None and 1 <= first[1] <= 4 and first <= last:
            return first, last
    return None


def quarter_start(q: Quarter) -> dt.date:
    return dt.date(q[0], 3 * q[1] - 2, 1)


def quarter_end(q: Quarter) -> dt.date:
    """The last day of a quarter: (2025, 4) -> 2025-12-31."""
    year, n = q
    return dt.date(year + 1, 1, 1) - dt.timedelta(days=1) if n == 4 else dt.date(year, 3 * n + 1, 1) - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class When:
    """`kind` says which: a span of quarters (`first`..`last`, one quarter when equal), a `date`, or ongoing."""

    kind: Literal["quarter", "date", "ongoing"]
    first: Quarter | None = None
    last: Quarter | None = None
    date: dt.date | None = None

    @property
    def label(self) -> str:
        """'4. kvartal 2025', '3.-4. kvartal 2026', '4. kvartal 2025 – 1. kvartal 2026', '7. april 2026', 'løbende'."""
        if self.kind == "date":
            return danish_date(self.date)
        if self.kind == "ongoing":
            return ONGOING
        (y1, q1), (y2, q2) = self.first, self.last
        if (y1, q1) == (y2, q2):
            return quarter_label(y1, q1)
        if y1 == y2:
            return f"{q1}.-{q2}. kvartal {y1}"
        return f"{quarter_label(y1, q1)} – {quarter_label(y2, q2)}"

    @property
    def start(self) -> dt.date | None:
        """The first day it covers (None: ongoing)."""
        if self.kind == "date":
            return self.date
        return quarter_start(self.first) if self.kind == "quarter" else None

    @property
    def due(self) -> dt.date | None:
        """The day it is due: the date, or the last day of the last quarter; ongoing is never due."""
        if self.kind == "date":
            return self.date
        return quarter_end(self.last) if self.kind == "quarter" else None

    @property
    def order(self) -> tuple[int, dt.date, dt.date]:
        """Sort key: in time order, ongoing last."""
        if self.kind == "ongoing":
            return (1, dt.date.max, dt.date.max)
        return (0, self.start, self.due)

    def toml_value(self) -> str | dt.date:
        """What a programme file says: the label, or a TOML date."""
        return self.date if self.kind == "date" else self.label


def parse_when(value: object) -> When | None:
    """A programme file's `when`: '4. kvartal 2025', '2025 K4', '3.-4. kvartal 2026', a TOML date or
    '2026-04-07' or '7. april 2026', or 'løbende'. None when it cannot be read."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return When("date", date=value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.casefold() in _ONGOING:
        return When("ongoing")
    span = quarters(text)
    if span is not None:
        return When("quarter", first=span[0], last=span[1])
    try:
        return When("date", date=dt.date.fromisoformat(text))
    except ValueError:
        pass
    m = _DANISH_DATE.match(text.lower())
    if m and m[2] in MONTHS:
        try:
            return When("date", date=dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1])))
        except ValueError:
            return None
    return None
