"""Typer fenced: every use of Typer's private parts, and of the English words of the Click it vendors, is here.

Written and tested against typer 0.29 (pyproject pins `typer>=0.29,<0.30`; Typer 0.29 carries its own Click
as `typer._click`, so no separate click is matched). Each patch says in `APPLIED` whether it found what it
needs; tests/test_typer_fence.py fails loudly when an upgrade moves any of them, and checks that every
English message below is still the one Typer writes. At run time a part that moved is left alone: the help
stays English, or a command imports pydantic; nothing else changes.

- `OrderedGroup`: the command list in the order a facilitator meets the commands (typer.core.TyperGroup).
- `skip_adapters()`: plain option values skip the pydantic TypeAdapter Typer builds per parameter
  (typer.core._TyperParameter.process_value, typer._param_types.coerce_cli_path): a third of a start.
- `usage_error()`, `is_no_args_help()`, `usage_message()`: Click's usage errors, caught and said in Danish.
- `translate_help()`: the help screen's fixed words (typer.rich_utils, Click's HelpFormatter and help
  option) and its value column (TyperOption / TyperArgument.display_type_rich), patched only when help is
  asked for, so a normal start does not import Typer's rich help module.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

APPLIED: dict[str, bool] = {}


class OrderedGroup(TyperGroup):
    """The commands in the order a facilitator meets them, not in the order they were registered."""

    ORDER = ("run", "export", "agenda", "serve", "collect", "show", "sessions", "note", "import", "combine", "archive",
             "plan")

    def list_commands(self, ctx: object) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: n for n, name in enumerate(self.ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


# ---------------------------------------------------------------- usage errors


def usage_error() -> type[Exception]:
    """Click's UsageError (Typer does not export it): found among typer.BadParameter's bases."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def is_no_args_help(exc: Exception) -> bool:
    """`aktorskab` alone: Click raises a usage error whose message is the help itself."""
    return type(exc).__name__ == "NoArgsIsHelpError"


def usage_errors():  # noqa: ANN201 - Typer's vendored click exceptions module
    from typer._click import exceptions

    return exceptions


# Compiled on first use (re caches them): a start that meets no usage error compiles none.
_PATTERNS: list[tuple[str, str]] = [
    (r"^Missing argument '(.+…)'\.?$", r"Mangler argumentet \1"),  # »FIL…«, not »FIL….«
    (r"^Missing argument '(.+)'\.?$", r"Mangler argumentet \1."),
    (r"^Missing option '(.+?)' / '(.+)'\.?$", r"Mangler tilvalget \1/\2."),  # »-o/--output«
    (r"^Missing option '(.+)'\.?$", r"Mangler tilvalget \1."),
    (r"^Missing command\.?$", "Angiv en kommando."),
    (r"^No such option: (\S+?)\.?$", r"Ukendt tilvalg: \1."),
    (r"^No such option: (\S+?) \(Possible options: (.+)\)$", r"Ukendt tilvalg: \1. Mente du \2?"),
    (r"^No such command '(.+?)'\.?(?: Did you mean (.+)\?)?$", r"Ukendt kommando: \1."),
    (r"^Got unexpected extra argument(?:\(s\)|s)? \((.+)\)$", r"For mange argumenter: \1."),
    (r"^Option '(.+)' requires an argument\.?$", r"Tilvalget \1 skal have en værdi."),
    (r"^Option '(.+)' does not take a value\.?$", r"Tilvalget \1 tager ingen værdi."),
]
_VALUE = r"^Invalid value for '(.+?)': (.+)$"
_VALUE_REASONS: list[tuple[str, str]] = [  # after »Invalid value for '…': «, as Typer 0.29 writes them
    (r"^(?:Value error, )?'(.*)' is not one of (.+?)\.?$", r"»\1« er ikke en af \2"),
    (r"^[Pp]ath '(.*)' does not exist\.?$", r"»\1« findes ikke"),
    (r"^(?:[Ff]ile|[Dd]ir(?:ectory)?|[Pp]ath) '(.*)' is a file\.?$", r"»\1« er en fil, ikke en mappe"),
    (r"^(?:[Ff]ile|[Dd]ir(?:ectory)?|[Pp]ath) '(.*)' is a directory\.?$", r"»\1« er en mappe, ikke en fil"),
    (r"^Input should be a valid number.*$", "skal være et tal, fx 60"),
    (r"^Input should be a valid integer.*$", "skal være et helt tal, fx 4"),
    (r"^Input should be a valid boolean.*$", "skal være ja eller nej"),
    (r"^Input should be greater than or equal to (\S+)$", r"skal være mindst \1"),
    (r"^Input should be less than or equal to (\S+)$", r"må højst være \1"),
]

_EXAMPLES = {"--port": "8000"}  # the example an option's whole number gets instead of »fx 4«


def usage_message(message: str) -> str:
    """Click's English usage error as a Danish sentence (unknown ones are kept as they are)."""
    match = re.match(_VALUE, message)
    if match:
        reason = match[2]
        for pattern, danish in _VALUE_REASONS:
            if re.match(pattern, reason):
                reason = re.sub(r"'([^']*)'", r"»\1«", re.sub(pattern, danish, reason))  # Danish quotes
                break
        if match[1] in _EXAMPLES:  # an option whose usual value is not the generic example's
            reason = reason.replace(", fx 4", f", fx {_EXAMPLES[match[1]]}")
        return f"Ugyldig værdi for {match[1]}: {reason}."
    for pattern, danish in _PATTERNS:
        found = re.match(pattern, message)
        if found:
            suggestion = found.groups()[-1] if "Did you mean" in message else None
            text = re.sub(pattern, danish, message)
            return text + (f" Mente du »{suggestion.strip(chr(39))}«?" if suggestion else "")
    return message


# ---------------------------------------------------------------- plain values without pydantic


def skip_adapters() -> None:
    """Typer converts every parameter through a pydantic TypeAdapter it builds on first use: importing pydantic
    costs a command a third of its start-up (~0.1 s). Values whose conversion is plain take `plain_value`
    instead; anything else, an invalid number included, still goes through Typer and its messages."""
    from typer.core import _TyperParameter

    original = getattr(_TyperParameter, "process_value", None)
    APPLIED["skip_adapters"] = False
    if original is None or not hasattr(_TyperParameter, "value_is_missing"):
        return
    try:
        from typer._param_types import coerce_cli_path  # noqa: F401 - plain_value's path checks
        missing = usage_errors().MissingParameter
    except (ImportError, AttributeError):
        return

    def process_value(self, ctx, value):  # noqa: ANN001, ANN202 - Typer's signature
        done, converted = plain_value(self, ctx, value)
        if not done:
            return original(self, ctx, value)
        if self.required and self.value_is_missing(converted):
            raise missing(ctx=ctx, param=self)
        return self.callback(ctx, self, converted) if self.callback is not None else converted

    _TyperParameter.process_value = process_value
    APPLIED["skip_adapters"] = True


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


# ---------------------------------------------------------------- the help screen in Danish

HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenter",
    "OPTIONS_PANEL_TITLE": "Tilvalg",
    "COMMANDS_PANEL_TITLE": "Kommandoer",
    "ERRORS_PANEL_TITLE": "Fejl",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljøvariabel: {}]",
    "REQUIRED_LONG_STRING": "[skal angives]",
    "ABORTED_TEXT": "Afbrudt.",
}


def translate_help() -> None:
    """Danish headings, usage prefix and --help text on the help screen (English if Typer moved them)."""
    try:
        from typer import rich_utils
        from typer._click import core, formatting
    except ImportError:
        APPLIED["help_words"] = APPLIED["usage_prefix"] = APPLIED["help_option"] = False
        return

    APPLIED["help_words"] = all(hasattr(rich_utils, name) for name in HELP_WORDS)
    for name, danish in HELP_WORDS.items():
        if hasattr(rich_utils, name):  # a name Typer no longer has would be set and never read
            setattr(rich_utils, name, danish)

    write_usage = getattr(formatting.HelpFormatter, "write_usage", None)
    APPLIED["usage_prefix"] = write_usage is not None
    if write_usage is not None:
        def danish_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            args = args.replace("[OPTIONS]", "[TILVALG]").replace("COMMAND [ARGS]...", "KOMMANDO [ARGUMENTER]…")
            args = re.sub(r"(…[\]}])\.\.\.", r"\1", args)  # »{FIL…}«, not »{FIL…}...«
            write_usage(self, prog, args, "Brug: " if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = danish_usage  # type: ignore[method-assign]

    get_help_option = getattr(core.Command, "get_help_option", None)
    APPLIED["help_option"] = get_help_option is not None
    if get_help_option is not None:
        def danish_help_option(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None:
                option.help = "Vis denne hjælp og afslut."
            return option

        core.Command.get_help_option = danish_help_option  # type: ignore[method-assign]
    _danish_value_column()


_VALUE_WORDS = {"str": "TEKST", "int": "TAL", "float": "TAL", "Path": "FIL", "path": "FIL"}


def danish_value(option: Any) -> str | None:
    """What an option's value column says: its own metavar, nothing for a flag, else a Danish word for
    the type ('TEKST', 'TAL', 'FIL') instead of Typer's '<str>', '<bool>', '<path>'."""
    if option.metavar is not None:
        return option.metavar
    if option.is_flag:
        return None
    try:
        label = option.bare_type()
    except (AttributeError, AssertionError):
        return None
    return _VALUE_WORDS.get(label, label.upper())


def _danish_value_column() -> None:
    from typer.core import TyperArgument, TyperOption

    APPLIED["value_column"] = all(hasattr(c, "display_type_rich") for c in (TyperOption, TyperArgument))
    if not APPLIED["value_column"]:
        return
    TyperOption.display_type_rich = lambda self, ctx: danish_value(self)  # type: ignore[method-assign]
    # an argument's name column already shows its metavar (MØDE, NAVN|FIL): no type beside it
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
