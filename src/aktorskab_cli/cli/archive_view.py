"""How `archive list` shows the archived meetings: a table, or JSON."""

from __future__ import annotations

import json
from typing import Any

import typer

from aktorskab_cli.rules.commands import command


def print_listing(rows: list[dict[str, Any]], as_json: bool, nothing: str) -> None:
    """The table (or JSON) of `rows`; `nothing` is said when there are none."""
    if as_json:
        typer.echo(json.dumps([{**r, "date": r["date"].isoformat() if r["date"] else None,
                                "pushed": r["pushed"].isoformat()} for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo(nothing)
        return
    from rich.table import Table

    from aktorskab_cli.rules.dates import danish_date
    from aktorskab_cli.cli.render import console
    from aktorskab_cli.rules.text import visible
    from aktorskab_cli.rules.numbers import counted, danish_number

    table = Table(box=None, header_style="bold")
    for heading in ("Id", "Dato", "Titel", "Organisation", "Dagsorden", "Svar", "Version", "Sendt af"):
        table.add_column(heading, justify="right" if heading in ("Svar", "Version") else "left")
    for r in rows:
        table.add_row(r["id"][:8], danish_date(r["date"]) if r["date"] else "", visible(r["title"]),
                      visible(r["organisation"] or ""), visible(r["agenda"]), danish_number(r["answers"]),
                      str(r["revision"]), visible(r["pushed_by"] or ""))
    console().print(table)
    typer.echo(f"{counted(len(rows), 'møde', 'møder')}. Hent et med: {command('archive pull ID')}")
