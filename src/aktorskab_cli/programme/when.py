"""When a plan entry is due: a quarter or a span of quarters, a date, or »løbende«. The Danish dates and
quarters themselves are the rules package's (`rules/dates.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from aktorskab_cli.rules.dates import Quarter, danish_date, parse_date, quarter_end, quarter_label, quarter_start, quarters

ONGOING = "løbende"
_ONGOING = {"løbende", "loebende", "lobende", "ongoing"}


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
    day = parse_date(text)
    return When("date", date=day) if day else None
