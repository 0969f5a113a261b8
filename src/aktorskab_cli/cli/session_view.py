"""Rich renderings of stored sessions: the list, and one session's timing and answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from aktorskab_cli.schedule import format_clock, format_duration

if TYPE_CHECKING:
    from aktorskab_cli.agenda import Agenda
    from aktorskab_cli.run import ItemTiming
    from aktorskab_cli.store import Answer, Session


def sessions_table(rows: list[Session]) -> Table:
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name, justify in (("Nr.", "right"), ("Titel", "left"), ("Startet", "left"), ("Status", "left"),
                          ("Svar", "right")):
        table.add_column(name, justify=justify)
    for s in rows:
        table.add_row(str(s.id), s.title, s.started[:16].replace("T", " "), s.status_label, str(s.answers))
    return table


def _clock(seconds: float | None) -> str:
    return format_clock(seconds / 60) if seconds is not None else "–"


def session_view(session: Session, agenda: Agenda, timings: list[ItemTiming], answers: list[Answer]) -> Group:
    """The timing table and every answer by item and group, user text never read as markup."""
    head = Text(f"Møde {session.id}: {session.title}", style="bold")
    facts = Text(f"{session.status_label} · startet {session.started[:16].replace('T', ' ')} · {session.answers} svar")
    table = Table(show_edge=False, header_style="bold", pad_edge=False, title="Tidsforløb", title_justify="left")
    timed = any(t.start is not None for t in timings)
    for name in ("Punkt", "Planlagt", "Faktisk", "Afvigelse") if timed else ("Punkt", "Planlagt"):
        table.add_column(name)
    for item, timing in zip(agenda.items, timings):
        planned = f"{format_clock(item.start)}–{format_clock(item.end)}"
        if not timed:
            table.add_row(item.title, planned)
            continue
        if timing.skipped:
            actual, delta = "sprunget over", ""
        elif timing.start is None:
            actual, delta = "–", ""
        else:
            actual = f"{_clock(timing.start)}–{_clock(timing.end)}"
            over = timing.elapsed - item.minutes * 60
            delta = ("+" if over > 0 else "−") + format_duration(over) if abs(over) >= 60 else ""
        table.add_row(item.title, planned, actual, Text(delta, style="red" if delta.startswith("+") else ""))
    parts: list = [head, facts, Text(""), table]
    for item in agenda.items:
        mine = [a for a in answers if a.item_id == item.id]
        if not mine:
            continue
        frame = agenda.frame_for(item)
        parts += [Text(""), Text(item.title, style="bold underline")]
        for group in dict.fromkeys(a.group for a in mine):
            parts.append(Text(f"  {group}", style="bold"))
            for answer in (a for a in mine if a.group == group):
                line = Text(f"    • {answer.text}")
                category = frame.category(answer.category) if frame and answer.category else None
                tags = [category.title if category else answer.category or "",
                        f"spm. {answer.question}" if answer.question else ""]
                tag = " · ".join(t for t in tags if t)
                if tag:
                    line.append(f"  [{tag}]", style="dim")
                parts.append(line)
    if session.note:
        parts += [Text(""), Text("Opsamlende", style="bold underline"), Text(session.note)]
    return Group(*parts)
