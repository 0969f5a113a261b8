"""Rich renderings of core objects for the terminal. Imported only by commands that print."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from aktorskab_cli.schedule import format_clock

if TYPE_CHECKING:
    from aktorskab_cli.agenda import Agenda
    from aktorskab_cli.catalogue import Entry


@lru_cache(maxsize=1)
def console() -> Console:
    return Console(highlight=False)


@lru_cache(maxsize=1)
def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def _date(agenda: Agenda) -> str:
    return agenda.date.strftime("%d.%m.%Y").lstrip("0") if agenda.date else ""


def programme_table(agenda: Agenda) -> Group:
    facts = " · ".join(x for x in (agenda.organisation, _date(agenda), agenda.place) if x)
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name, justify in (("Start", "right"), ("Slut", "right"), ("Min.", "right"),
                          ("Titel", "left"), ("Type", "left"), ("Ansvarlig", "left")):
        table.add_column(name, justify=justify, no_wrap=name != "Titel" and name != "Ansvarlig")
    for item in agenda.items:
        table.add_row(format_clock(item.start), format_clock(item.end), str(item.minutes),
                      item.title, item.kind_label, item.lead or "")
    heading = Text(agenda.title, style="bold")
    parts = [heading] + ([Text(facts)] if facts else []) + [Text(""), table, Text("")]
    parts.append(Text(f"Dagen slutter kl. {format_clock(agenda.end)}."))
    return Group(*parts)


def agenda_list_table(entries: list[Entry]) -> Table:
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name in ("Navn", "Titel", "Punkter", "Tid", "Hvor"):
        table.add_column(name)
    for entry in entries:
        where = "indbygget" if entry.bundled else str(entry.path)
        table.add_row(entry.name, entry.title, str(entry.items or ""), entry.span, where)
    return table
