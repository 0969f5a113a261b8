"""Terminal renderings of core objects.

The programme and the agenda list are plain aligned text, not rich tables: `agenda show` should start
as fast as a bare Typer app, and rich's console and table cost more than the whole rest of the command.
Rich stays available (`console()`) for commands that need live output or colour.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from functools import lru_cache
from typing import TYPE_CHECKING

from aktorskab_cli.agenda.schedule import format_clock
from aktorskab_cli.rules.dates import danish_date

if TYPE_CHECKING:
    from rich.console import Console

    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.agenda.catalogue import ListedAgenda



@lru_cache(maxsize=1)
def console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _date(agenda: Agenda) -> str:
    return danish_date(agenda.date) if agenda.date else ""


def _rule_char() -> str:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return "─" if encoding.startswith("utf") else "-"


def text_table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset(),
               wrap: set[int] = frozenset(), width: int | None = None) -> str:
    """Aligned columns; the columns in `wrap` share what is left of the width and wrap onto more lines."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    gap = 2
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    fixed = sum(w for i, w in enumerate(widths) if i not in wrap) + gap * (len(headers) - 1)
    room = width - 1 - fixed
    floor = {i: max(len(headers[i]), 12) for i in wrap}
    while wrap and sum(widths[i] for i in wrap) > room:  # narrow the widest wrapping column first
        widest = max(wrap, key=lambda i: widths[i])
        if widths[widest] <= floor[widest]:
            break
        widths[widest] -= 1

    def line(cells: list[str]) -> list[str]:
        columns = [textwrap.wrap(c, widths[i]) or [""] if i in wrap else [c] for i, c in enumerate(cells)]
        out = []
        for n in range(max(len(c) for c in columns)):
            parts = []
            for i, col in enumerate(columns):
                cell = col[n] if n < len(col) else ""
                parts.append(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
            out.append((" " * gap).join(parts).rstrip())
        return out

    rule = (" " * gap).join(_rule_char() * w for w in widths)
    return "\n".join([*line(headers), rule, *(x for r in rows for x in line(r))])


def programme_text(agenda: Agenda, width: int | None = None) -> str:
    """The programme: heading, the items as a table (start, end, minutes, title, kind, lead, id), the day's end.
    The id is what an answer file's `item` and `collect --item` name; in a narrow terminal the ids are
    listed under the table instead, never broken over two lines."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    facts = " · ".join(x for x in (agenda.organisation, _date(agenda), agenda.place) if x)
    wide = width >= 100
    rows = [[format_clock(i.start), format_clock(i.end), str(i.minutes), i.title, i.kind_label, i.lead or ""]
            + ([i.id] if wide else []) for i in agenda.items]
    headers = ["Start", "Slut", "Min.", "Titel", "Type", "Ansvarlig"] + (["Id"] if wide else [])
    table = text_table(headers, rows, right={0, 1, 2}, wrap={3, 5}, width=width)
    head = [agenda.title] + ([facts] if facts else [])
    suggested = " (forslag til tidsplan)" if agenda.suggested_times else ""
    ids = "Id er punktets navn i en svarfil (item = …) og i aktorskab collect --item"
    if wide:
        ids += "."
    else:
        listed = " · ".join(f"{format_clock(i.start)}\u00a0{i.id}" for i in agenda.items)  # never apart
        ids = "\n".join(textwrap.wrap(f"{ids}: {listed}", width - 1, break_on_hyphens=False, break_long_words=False))
    from aktorskab_cli.agenda.followup import show_lines

    followups = show_lines(agenda)
    return "\n".join([*head, "", table, "", ids, *([""] + followups if followups else []), "",
                      f"Dagen slutter kl. {format_clock(agenda.end)}{suggested}."])


def _where(entry: ListedAgenda) -> str:
    if entry.shadowed_by is not None:
        return f"indbygget – {entry.shadowed_by.name} i mappen bruges i stedet"
    return "indbygget" if entry.bundled else str(entry.path)


def agenda_list_text(entries: list[ListedAgenda], width: int | None = None) -> str:
    rows = [[e.name, e.title, str(e.items or ""), e.span, _where(e)] for e in entries]
    if not rows:
        return "Ingen dagsordener fundet."
    return text_table(["Navn", "Titel", "Punkter", "Tid", "Hvor"], rows, right={2}, wrap={1}, width=width)
