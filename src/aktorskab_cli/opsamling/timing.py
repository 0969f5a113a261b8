"""Planned and actual times: what happened to each item (the run's own `live.engine.ItemTiming`, replayed from
the stored events), as `show` and the opsamling's timing bilag show it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aktorskab_cli.agenda.schedule import format_clock

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.live.engine import ItemTiming


@dataclass(frozen=True)
class TimingRow:
    """One item of the programme, planned and actual, as every reader shows it (`show`, docx, md, json)."""

    item_id: str
    title: str
    kind: str  # Danish label: pause, oplæg, dialog …
    planned_start: str
    planned_end: str
    planned_minutes: int
    actual_start: str | None = None
    actual_end: str | None = None
    actual_minutes: int | None = None  # actual_end − actual_start, as the clock times read
    skipped: bool = False

    @property
    def recorded(self) -> bool:
        """The run recorded something for this item: it started, or it was skipped. One rule for `show`'s table
        and the opsamling's timing bilag (`Timing.recorded`)."""
        return self.actual_start is not None or self.skipped

    @property
    def running(self) -> bool:
        """Started and not ended: the item is going on (or the run stopped in the middle of it)."""
        return self.actual_start is not None and self.actual_end is None and not self.skipped

    @property
    def deviation(self) -> int | None:
        """Minutes over (+) or under (−) the plan: the actual duration (end − start, pauses included)
        minus the planned minutes, so it adds up with the planned and actual columns beside it.
        None when the item was skipped, is still going on, or was never reached."""
        if self.skipped or self.actual_minutes is None:
            return None
        return self.actual_minutes - self.planned_minutes

    @property
    def planned_text(self) -> str:
        """'9.25–10.15'; a point in time (0 minutes, "Tak for i dag") is its start: '15.00'."""
        return self.planned_start if self.planned_start == self.planned_end else f"{self.planned_start}–{self.planned_end}"

    @property
    def actual_text(self) -> str:
        """'9.22–10.32', '9.22–' (going on), 'sprunget over' or '–'."""
        if self.skipped:
            return "sprunget over"
        return f"{self.actual_start}–{self.actual_end or ''}" if self.actual_start else "–"

    @property
    def deviation_text(self) -> str:
        """'+45 min.', '−3 min.', 'i gang', or '' (on time, skipped or not reached)."""
        if self.running:
            return "i gang"
        return "" if not self.deviation else f"{self.deviation:+d} min.".replace("-", "−")


def timing_rows(agenda: Agenda, records: Iterable[ItemTiming]) -> list[TimingRow]:
    """The programme with what actually happened to each item. The actual minutes are computed from the
    clock times as printed (`format_clock`, which the live screen uses too), so the columns add up."""
    by_id = {r.item_id: r for r in records}
    rows: list[TimingRow] = []
    for item in agenda.items:
        rec = by_id.get(item.id)
        start = end = minutes = None
        if rec is not None and rec.start is not None:
            start = format_clock(rec.start / 60)
            if rec.end is not None:
                end = format_clock(rec.end / 60)
                minutes = (minutes_of(end) - minutes_of(start)) % (24 * 60)
        rows.append(TimingRow(
            item_id=item.id, title=item.title, kind=item.kind_label,
            planned_start=format_clock(item.start), planned_end=format_clock(item.end), planned_minutes=item.minutes,
            actual_start=start, actual_end=end, actual_minutes=minutes, skipped=bool(rec and rec.skipped),
        ))
    return rows


def minutes_of(clock: str) -> int:
    """'9.25' -> 565."""
    hours, minutes = clock.split(".")
    return int(hours) * 60 + int(minutes)
