"""Rich renderings of stored sessions: the list, and one session's timing and answers.

Every stored text goes through `visible`: a control character a database holds (a pasted NUL, an escape
sequence from an older version's import) is shown as \x1b, never sent to the terminal as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from aktorskab_cli.rules.dates import danish_date, danish_datetime
from aktorskab_cli.rules.numbers import counted, danish_number
from aktorskab_cli.rules.text import visible

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.opsamling.timing import TimingRow
    from aktorskab_cli.store.records import Answer, Session


def sessions_table(rows: list[Session]) -> Table:
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name, justify in (("Nr.", "right"), ("Titel", "left"), ("Dagsorden", "left"), ("Dato", "left"),
                          ("Status", "left"), ("Svar", "right")):
        table.add_column(name, justify=justify)
    for s in rows:
        table.add_row(str(s.id), visible(s.title), visible(s.agenda_name), when(s), s.status_label,
                      danish_number(s.answers))
    return table


def when(session: Session) -> str:
    """'2. april 2025 kl. 8.03' for a meeting run live; an imported one has a day, not a start."""
    if session.status == "imported":
        return danish_date(session.meeting_date)
    return danish_datetime(session.started_at)


def facts(session: Session) -> str:
    """'afsluttet · startet 2. april 2025 kl. 8.03 · 12 svar'; 'importeret 3. april 2025 · mødets dato …'."""
    if session.status == "imported":
        head = (f"{session.status_label} {danish_date(session.started_at.date())} · "
                f"mødets dato {danish_date(session.meeting_date)}")
    else:
        head = f"{session.status_label} · startet {danish_datetime(session.started_at)}"
    return f"{head} · {counted(session.answers, 'svar', 'svar')}"


def session_view(session: Session, agenda: Agenda, timings: list[TimingRow], answers: list[Answer]) -> Group:
    """The timing table (the opsamling's own rows, so both say the same) and every answer by item and
    group, user text never read as markup."""
    head = Text(f"Møde {session.id}: {visible(session.title)}", style="bold")
    line = Text(facts(session))
    table = Table(show_edge=False, header_style="bold", pad_edge=False, title="Tidsforløb", title_justify="left")
    timed = any(r.recorded for r in timings)
    for name in ("Punkt", "Planlagt", "Faktisk", "Afvigelse") if timed else ("Punkt", "Planlagt"):
        table.add_column(name)
    for row in timings:
        if not timed:
            table.add_row(visible(row.title), row.planned_text)
            continue
        late = (row.deviation or 0) > 0
        table.add_row(visible(row.title), row.planned_text, row.actual_text,
                      Text(row.deviation_text, style="red" if late else ""))
    parts: list = [head, line, Text(""), table]
    for item in agenda.items:
        mine = [a for a in answers if a.item_id == item.id]
        if not mine:
            continue
        frame = agenda.frame_for(item)
        parts += [Text(""), Text(visible(item.title), style="bold underline")]
        for group in dict.fromkeys(a.group for a in mine):
            parts.append(Text(f"  {visible(group)}", style="bold"))
            for answer in (a for a in mine if a.group == group):
                line = Text(f"    • {visible(answer.text)}")
                category = frame.category(answer.category) if frame and answer.category else None
                tags = [category.title if category else answer.category or "",
                        f"spm. {answer.question}" if answer.question else ""]
                tag = visible(" · ".join(t for t in tags if t))
                if tag:
                    line.append(f"  [{tag}]", style="dim")
                parts.append(line)
    if session.note:
        parts += [Text(""), Text("Opsamlende", style="bold underline"), Text(visible(session.note))]
    return Group(*parts)
