"""`aktorskab summary draft | apply | board`: from raw answers to points, themes, barriers and a plan."""

from __future__ import annotations

from pathlib import Path

import typer

from aktorskab_cli.cli.options import session_argument
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.numbers import counted

app = typer.Typer(
    help="Sammenfatningen: svarene samlet i punkter, kolonner og temaer, med barrierer, vejen videre og "
         "handleplan – som en TOML-fil, du retter i, eller på tavlen.",
    no_args_is_help=True,
)


@app.command("draft")
def draft(
    session: str = session_argument(),
    output: Path = typer.Option(None, "-o", "--output", help="TOML-filen (standard: udkast-DAGSORDEN-MØDE.toml).",
                                show_default=False),
    force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil."),
) -> None:
    """Skriv sammenfatningen som en TOML-fil, du kan rette i: den gemte, ellers et udkast, hvor ens svar
    er flettet, og lignende svar er foreslået som kommentarer."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.synthesis.workflow import current, draft_text, only_suggestions_problem
    from aktorskab_cli.writers.files import pasteable, place, save, shown

    store = open_db(create=False, write=False)
    work = current(store, session)
    target = place(output, f"udkast-{work.session.agenda_name}-{work.session.id}.toml")
    apply = command(f"summary apply {pasteable(target)}")
    text = draft_text(work, apply)
    save(target, "toml", lambda temp: temp.write_text(text, encoding="utf-8", newline="\n"), force=force)
    points = len(work.synthesis.of_kind("point"))
    state = "den gemte sammenfatning" if work.stored else "et nyt udkast"
    typer.echo(f"{shown(target)}: {state} med {counted(points, 'punkt', 'punkter')} "
               f"af {counted(len(work.answers), 'svar', 'svar')}. Gem rettelserne med: {apply}")
    if work.new:
        typer.echo(f"Bemærk: {counted(len(work.new), 'punkt', 'punkter')} med nye svar, "
                   "endnu ikke samlet (mærket i filen).", err=True)
    if only := only_suggestions_problem(work, _linked_programme(store, work.session.id)):
        said, how = only
        typer.echo(f"Bemærk: {said[0].lower()}{said[1:]} {how}", err=True)


@app.command("apply")
def apply(
    file: Path = typer.Argument(..., metavar="FIL", help="Udkastet fra aktorskab summary draft."),
) -> None:
    """Læs et rettet udkast ind og gem det som mødets sammenfatning (alt eller intet)."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.synthesis.model import EMPTY_BARRIER_HINT
    from aktorskab_cli.synthesis.workflow import apply_draft

    session_id, synthesis = apply_draft(open_db(create=False), file)
    points = synthesis.of_kind("point")
    typer.echo(f"Sammenfatningen af møde {session_id} er gemt: "
               f"{counted(len(points), 'punkt', 'punkter')}, "
               f"{counted(len(synthesis.of_kind('barrier')), 'barriere', 'barrierer')}, "
               f"{counted(len(synthesis.of_kind('next')), 'linje', 'linjer')} i vejen videre, "
               f"{counted(len(synthesis.actions), 'handling', 'handlinger')}. "
               f"Skriv opsamlingen med: {command(f'export {session_id}')}")
    for barrier in synthesis.empty_barriers():
        typer.echo(f"Bemærk: barrieren »{barrier.text}« – {EMPTY_BARRIER_HINT} (ellers står den i opsamlingen "
                   "som en linje uden afsnit).", err=True)


@app.command("board")
def board(
    session: str = session_argument(),
) -> None:
    """Sammenfat på tavlen med tastaturet: marker svar, flet dem til punkter, omdøb, flyt og fortryd.
    Hver ændring gemmes med det samme."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.synthesis.board import run_board

    store = open_db(create=False)
    run_board(store, session, lambda sid: _linked_programme(store, sid))


def _linked_programme(store, session_id: int) -> str | None:  # noqa: ANN001 - a Store
    """The programme the meeting is held for (its `--plan`), or None."""
    from aktorskab_cli.programme.storage import session_link

    link = session_link(store, session_id)
    return link[0] if link else None
