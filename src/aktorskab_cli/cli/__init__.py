"""The `aktorskab` command: Typer commands only; the work is done in the core modules."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import typer

from aktorskab_cli.cli.context import State
from aktorskab_cli.cli.typer_fence import OrderedGroup, skip_adapters
from aktorskab_cli.errors import AktorskabError

app = typer.Typer(
    name="aktorskab",
    cls=OrderedGroup,
    help="Styr en workshop om styrket aktørskab: dagsorden, tid, gruppernes svar og opsamlingen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _typed_command(args: list[str]) -> str:
    """»aktorskab plan ics« from the words typed, for a usage error Click raises without its command (an option
    left without its value): the commands named before the first word that is none."""
    from typer.main import get_command

    group, path = get_command(app), ["aktorskab"]
    for arg in args:
        sub = getattr(group, "commands", {}).get(arg)
        if sub is None:
            if arg.startswith("-") or len(path) == 1:
                continue  # an option (or, before any command, the value of --db)
            break
        group, path = sub, [*path, arg]
    return " ".join(path)


def _version(shown: bool | None) -> None:
    if shown:
        from aktorskab_cli import __version__

        typer.echo(f"aktorskab {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    db: Path = typer.Option(
        None, "--db", envvar="AKTORSKAB_DB", help="SQLite-filen med møderne (standard: i din lokale programdata-mappe, se README).",
        show_default=False,
    ),
    version: bool = typer.Option(None, "--version", callback=_version, is_eager=True,  # None: no adapter, no pydantic
                                 help="Vis versionen (den, du skal nævne ved fejl) og afslut.", show_default=False),
) -> None:
    import os

    from aktorskab_cli.rules.commands import name_database

    State.db = db
    carried = db is None or str(db) == os.environ.get("AKTORSKAB_DB")  # the environment names it to the next command
    name_database(None if carried else db)  # else the hints' commands carry --db FIL


def _register() -> None:
    from aktorskab_cli.cli import (
        agenda_cmd, archive_cmd, export_cmd, plan_cmd, run_cmd, serve_cmd, session_cmd, summary_cmd,
    )

    app.add_typer(agenda_cmd.app, name="agenda")
    app.add_typer(summary_cmd.app, name="summary")
    app.add_typer(archive_cmd.app, name="archive")
    app.add_typer(plan_cmd.app, name="plan")
    session_cmd.register(app)
    export_cmd.register(app)
    run_cmd.register(app)
    serve_cmd.register(app)


_register()
skip_adapters()  # Typer's private parts: cli/typer_fence.py


def _tolerant_output() -> None:
    """A console that cannot show a character (an emoji on a cp1252 Windows console, `> fil.txt`) gets a
    '?' instead of a UnicodeEncodeError in the middle of a command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


@cache
def click_command() -> OrderedGroup:
    """The app as Typer's Click command, built once a process: building it reads every command's signature
    (~30 ms). A user's process runs one command; the tests' in-process `run_cli` runs thousands."""
    from typer.main import get_command

    return get_command(app)


def main() -> None:
    """Run the command; our errors and Typer's usage errors end as one Danish message and an exit code."""
    _tolerant_output()
    from aktorskab_cli.cli.typer_fence import is_no_args_help, usage_error

    args = sys.argv[1:]
    if not args or "--help" in args or "-h" in args:
        from aktorskab_cli.cli.typer_fence import translate_help

        translate_help()
    try:
        code = click_command()(prog_name="aktorskab", standalone_mode=False)  # as app() does, less the rebuilding
    except AktorskabError as exc:
        from aktorskab_cli.rules.text import visible

        print(visible(exc.message), file=sys.stderr)  # a message may quote a file's or a database's text
        sys.exit(exc.exit_code)
    except usage_error() as exc:
        from aktorskab_cli.cli.typer_fence import usage_message

        if is_no_args_help(exc):  # asked for nothing: the help is the answer
            sys.exit(0)
        command = exc.ctx.command_path if exc.ctx else _typed_command(sys.argv[1:])
        message = usage_message(exc.format_message())
        if getattr(exc, "option_name", None) == "--db" and command != "aktorskab":  # typed after the command
            where = command.removeprefix("aktorskab ")
            message = f"--db står lige efter aktorskab, foran kommandoen: aktorskab --db FIL {where} …"
        print(f"Fejl: {message}\nSe: {command} --help", file=sys.stderr)
        sys.exit(2)
    except typer.Abort:
        print("Afbrudt.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # SQLite refusing mid-command (a damaged or busy file) is not a bug of ours
        import sqlite3

        if not isinstance(exc, sqlite3.DatabaseError):
            raise
        from aktorskab_cli.store.db import database_error
        from aktorskab_cli.store.paths import db_path

        error = database_error(exc, db_path(State.db))
        print(error.message, file=sys.stderr)
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
