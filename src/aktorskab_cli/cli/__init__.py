"""The `aktorskab` command: Typer commands only; the work is done in the core modules."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer

from aktorskab_cli.cli.context import State
from aktorskab_cli.errors import AktorskabError

from typer.core import TyperGroup


class _Ordered(TyperGroup):
    """The commands in the order a facilitator meets them, not in the order they were registered."""

    ORDER = ("run", "export", "agenda", "serve", "collect", "show", "sessions", "note", "import", "combine", "archive", "plan")

    def list_commands(self, ctx: object) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: n for n, name in enumerate(self.ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="aktorskab",
    cls=_Ordered,
    help="Styr en workshop om styrket aktørskab: dagsorden, tid, gruppernes svar og opsamlingen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    db: Path = typer.Option(
        None, "--db", envvar="AKTORSKAB_DB", help="SQLite-filen med møderne (standard: i din lokale programdata-mappe, se README).",
        show_default=False,
    ),
) -> None:
    State.db = db


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


def _no_adapter_for_what_needs_none() -> None:
    """Typer converts every parameter through a pydantic TypeAdapter it builds on first use: importing pydantic
    costs a command a third of its start-up (~0.1 s). Values whose conversion is plain take `plain_value`
    instead; anything else, an invalid number included, still goes through Typer and its messages.
    Typer's private classes are only touched when they look as this was written against (typer 0.29);
    otherwise Typer is left as it is."""
    from typer.core import _TyperParameter

    original = getattr(_TyperParameter, "process_value", None)
    if original is None or not hasattr(_TyperParameter, "value_is_missing"):
        return
    try:
        from typer._param_types import coerce_cli_path  # noqa: F401 - plain_value's path checks
    except ImportError:
        return

    def process_value(self, ctx, value):  # noqa: ANN001, ANN202 - Typer's signature
        done, converted = plain_value(self, ctx, value)
        if not done:
            return original(self, ctx, value)
        if self.required and self.value_is_missing(converted):
            raise usage_errors().MissingParameter(ctx=ctx, param=self)
        return self.callback(ctx, self, converted) if self.callback is not None else converted

    _TyperParameter.process_value = process_value


_NUMBER = {int: re.compile(r"-?[0-9]+"), float: re.compile(r"-?[0-9]+(\.[0-9]+)?")}


def plain_value(param, ctx, value):  # noqa: ANN001, ANN201 - Typer's objects
    """(True, what Typer would make of `value`) when that needs no adapter: an option left out (None), a text, a
    whole or decimal number without limits, a path (with Typer's own checks of it); (False, None) otherwise."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or param.multiple or param.nargs == -1:
        return False, None
    if value is None:
        return True, None
    info, kind = descriptor.parameter_info, descriptor.annotation
    if type(value) is not str or info.parser is not None or descriptor.file_annotation is not None:
        return False, None
    if kind is str:
        return True, value
    if kind in _NUMBER and info.min is None and info.max is None and _NUMBER[kind].fullmatch(value):
        return True, kind(value)
    if kind is Path and value and "\x00" not in value and info.path_type is None:  # a NUL: Typer says so
        from typer._param_types import coerce_cli_path

        return True, coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    return False, None


def usage_errors():  # noqa: ANN201 - Typer's vendored click exceptions module
    from typer._click import exceptions

    return exceptions


_no_adapter_for_what_needs_none()


def _tolerant_output() -> None:
    """A console that cannot show a character (an emoji on a cp1252 Windows console, `> fil.txt`) gets a
    '?' instead of a UnicodeEncodeError in the middle of a command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    """Run the command; our errors and Typer's usage errors end as one Danish message and an exit code."""
    _tolerant_output()
    usage_error = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
    args = sys.argv[1:]
    if not args or "--help" in args or "-h" in args:
        from aktorskab_cli.cli.danish import translate_help

        translate_help()
    try:
        code = app(prog_name="aktorskab", standalone_mode=False)
    except AktorskabError as exc:
        from aktorskab_cli.rules.text import visible

        print(visible(exc.message), file=sys.stderr)  # a message may quote a file's or a database's text
        sys.exit(exc.exit_code)
    except usage_error as exc:
        from aktorskab_cli.cli.danish import usage_message

        if type(exc).__name__ == "NoArgsIsHelpError":  # asked for nothing: the help is the answer
            sys.exit(0)
        command = exc.ctx.command_path if exc.ctx else "aktorskab"
        print(f"Fejl: {usage_message(exc.format_message())}\nSe: {command} --help", file=sys.stderr)
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
