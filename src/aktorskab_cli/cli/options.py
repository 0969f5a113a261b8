"""Arguments and options that several commands declare alike, and how their values are read: declared once,
so their metavar, help and message are the same wherever they stand (like `--logo` in `logo.py` and
`--archive` in `archive_cmd.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from aktorskab_cli.errors import BadInput


def session_argument() -> Any:  # noqa: ANN401 - a Typer ArgumentInfo
    """`MØDE`, required: the meeting a command works on (`summary draft`, `summary board`, `export`, …)."""
    return typer.Argument(..., metavar="MØDE", help="Mødets nummer, eller latest for det nyeste.")


def plan_option(help: str) -> Any:  # noqa: ANN401 - a Typer OptionInfo
    """`--plan PROGRAM:POST`, the programme entry a meeting is held for (`run`, `import`); `help` says when."""
    return typer.Option(None, "--plan", metavar="PROGRAM:POST", show_default=False, help=help)


def option_date(text: str | None, option: str, example: str) -> dt.date | None:
    """The date an option was given as ÅÅÅÅ-MM-DD (None when it was left out); anything else is refused
    naming the option and an `example`."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"{option} »{text}« er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, fx {example}") from None
