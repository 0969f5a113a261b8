"""Typer's own words in Danish: usage errors, and the help screen's headings.

Typer (and the Click it vendors) writes English; a user of this tool reads Danish. Usage errors are
caught in `main()` and translated here; the help screen's fixed words are replaced only when help is
asked for, so a normal start does not import Typer's rich help module.
"""

from __future__ import annotations

import re
from typing import Any

_PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), d) for p, d in [
    (r"^Missing argument '(.+)'\.?$", r"Mangler argumentet \1."),
    (r"^Missing option '(.+)'\.?$", r"Mangler tilvalget \1."),
    (r"^Missing command\.?$", "Angiv en kommando."),
    (r"^No such option: (\S+?)\.?(?: Did you mean (.+)\?)?$", r"Ukendt tilvalg: \1."),
    (r"^No such option: (\S+?) \(Possible options: (.+)\)$", r"Ukendt tilvalg: \1. Mente du \2?"),
    (r"^No such command '(.+?)'\.?(?: Did you mean (.+)\?)?$", r"Ukendt kommando: \1."),
    (r"^Got unexpected extra argument(?:\(s\)|s)? \((.+)\)$", r"For mange argumenter: \1."),
    (r"^Option '(.+)' requires an argument\.?$", r"Tilvalget \1 skal have en værdi."),
    (r"^Option '(.+)' does not take a value\.?$", r"Tilvalget \1 tager ingen værdi."),
]]
_VALUE = re.compile(r"^Invalid value for '(.+?)': (.+)$")
_VALUE_REASONS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), d) for p, d in [
    (r"^'(.*)' is not a valid float\.?$", r"»\1« er ikke et tal"),
    (r"^'(.*)' is not a valid integer\.?$", r"»\1« er ikke et helt tal"),
    (r"^'(.*)' is not one of (.+?)\.?$", r"»\1« er ikke en af \2"),
    (r"^'(.*)' is not a valid boolean\.?$", r"»\1« er hverken ja eller nej"),
    (r"^(.*) is not in the range (.+)\.?$", r"\1 ligger uden for \2"),
    (r"^Path '(.*)' does not exist\.?$", r"»\1« findes ikke"),
    (r"^Input should be a valid number.*$", "skal være et tal, fx 60"),
    (r"^Input should be a valid integer.*$", "skal være et helt tal, fx 4"),
    (r"^Input should be a valid boolean.*$", "skal være ja eller nej"),
]]


def usage_message(message: str) -> str:
    """Click's English usage error as a Danish sentence (unknown ones are kept as they are)."""
    match = _VALUE.match(message)
    if match:
        reason = match[2]
        for pattern, danish in _VALUE_REASONS:
            if pattern.match(reason):
                reason = re.sub(r"'([^']*)'", r"»\1«", pattern.sub(danish, reason))  # Danish quotes
                break
        return f"Ugyldig værdi for {match[1]}: {reason}."
    for pattern, danish in _PATTERNS:
        if pattern.match(message):
            suggestion = pattern.match(message).groups()[-1] if "Did you mean" in message else None
            text = pattern.sub(danish, message)
            return text + (f" Mente du »{suggestion.strip(chr(39))}«?" if suggestion else "")
    return message


def translate_help() -> None:
    """Danish headings, usage prefix and --help text on the help screen (English if Typer moved them)."""
    try:
        from typer import rich_utils
        from typer._click import core, formatting
    except ImportError:
        return

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenter"
    rich_utils.OPTIONS_PANEL_TITLE = "Tilvalg"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandoer"
    rich_utils.ERRORS_PANEL_TITLE = "Fejl"
    rich_utils.DEFAULT_STRING = "[standard: {}]"
    rich_utils.ENVVAR_STRING = "[miljøvariabel: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[skal angives]"
    rich_utils.ABORTED_TEXT = "Afbrudt."

    write_usage = formatting.HelpFormatter.write_usage

    def danish_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[TILVALG]").replace("COMMAND [ARGS]...", "KOMMANDO [ARGUMENTER]...")
        write_usage(self, prog, args, "Brug: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = danish_usage  # type: ignore[method-assign]
    get_help_option = core.Command.get_help_option

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
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:
        return
    TyperOption.display_type_rich = lambda self, ctx: danish_value(self)  # type: ignore[method-assign]
    # an argument's name column already shows its metavar (MØDE, NAVN|FIL): no type beside it
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
