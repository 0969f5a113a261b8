"""`--logo FIL` for every command that writes a document in the house style (`export`, `combine`,
`plan status`): the option, and the logo a document gets – the one given, else the agenda's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from aktorskab_cli.errors import BadInput

ADVICE = "brug en PNG- eller JPEG-fil"
HELP = ("Kommunens logo (PNG eller JPEG) på forsiden og hver side eller dias; standard: logo i dagsordenen.")


def logo_option(help: str = HELP) -> Any:  # noqa: ANN401 - a Typer OptionInfo
    """The `--logo FIL` option, the same wherever a document is written (`help`: where no agenda gives one)."""
    return typer.Option(None, "--logo", metavar="FIL", help=help, show_default=False)


def chosen_logo(given: Path | None, default: str | None) -> str | None:
    """The logo to put in the document: `given` (--logo) must be a usable PNG or JPEG (exit 2 otherwise);
    the agenda's `default` too, except that a file missing on this machine is left out with a notice (the
    agenda may come from another machine or the archive)."""
    from aktorskab_cli.writers.images import logo_problem

    if given is not None:
        problem = logo_problem(given)
        if problem:
            raise BadInput(f"--logo {given}: {problem}; {ADVICE}")
        return str(given)
    if not default:
        return None
    problem = logo_problem(Path(default))
    if problem == "findes ikke":
        typer.echo(f"Bemærk: logoet {default} findes ikke og er udeladt.", err=True)
        return None
    if problem:
        raise BadInput(f"Logoet i dagsordenen ({default}) {problem}; giv et andet med --logo FIL ({ADVICE})")
    return default


def agenda_logo_problem(path: Path, logo: str | None, text: str) -> str | None:
    """`agenda check`'s line for a logo that cannot go into a document (a missing file is no error: the
    agenda may be written for another machine; export says so when it leaves the logo out)."""
    from aktorskab_cli.agenda.loading import key_line
    from aktorskab_cli.writers.images import logo_problem

    problem = logo_problem(Path(logo)) if logo else None
    if not problem or problem == "findes ikke":
        return None
    line = key_line(text, "logo")
    return f"{path}" + (f", linje {line}" if line else "") + f", logo: »{logo}« {problem}; {ADVICE}"
