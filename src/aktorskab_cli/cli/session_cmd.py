"""`aktorskab import | sessions | show`: what is recorded, and sessions made from answer files."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("import")(import_answers)
    app.command("sessions")(sessions)
    app.command("show")(show)


def import_answers(
    agenda: str = typer.Argument(..., help="Dagsordenens navn eller sti."),
    answers_file: Path = typer.Argument(..., metavar="SVAR.toml", help="En TOML-fil med [[answer]]-tabeller."),
) -> None:
    """Opret et møde ud fra en svarfil, uden live-afvikling. Skriver mødets nummer."""
    from aktorskab_cli.answers import load_answers_file
    from aktorskab_cli.cli import open_db
    from aktorskab_cli.resolve import load_agenda

    loaded, text = load_agenda(agenda)
    answers = load_answers_file(answers_file, loaded)
    store = open_db()
    session_id = store.create_session(loaded, text, status="imported", answers=answers)
    typer.echo(session_id)
    typer.echo(f"Importerede {len(answers)} svar til møde {session_id} ({loaded.title}). "
               f"Se dem med: aktorskab show {session_id}", err=True)


def sessions(as_json: bool = typer.Option(False, "--json", help="Skriv listen som JSON.")) -> None:
    """Vis de gemte møder, nyeste først."""
    from aktorskab_cli.cli import open_db
    from aktorskab_cli.store import NoDatabase

    try:
        rows = open_db(create=False).sessions()
    except NoDatabase:
        rows = []
    if as_json:
        import json

        typer.echo(json.dumps([{
            "id": s.id, "title": s.title, "agenda": s.agenda_name, "started": s.started, "ended": s.ended,
            "status": s.status, "answers": s.answers} for s in rows], ensure_ascii=False, indent=2))
        return
    from aktorskab_cli.cli.render import console
    from aktorskab_cli.cli.session_view import sessions_table

    if not rows:
        typer.echo("Der er ingen møder endnu. Start et med: aktorskab run temadag")
        return
    console().print(sessions_table(rows))


def show(session: str = typer.Argument("latest", help="Mødets nummer eller latest.")) -> None:
    """Vis et møde: tidsforløbet (planlagt og faktisk) og alle svar efter punkt og gruppe."""
    from aktorskab_cli.cli import open_db
    from aktorskab_cli.cli.render import console
    from aktorskab_cli.cli.session_view import session_view
    from aktorskab_cli.run import replay

    store = open_db(create=False)
    with store.snapshot():
        found = store.session(session)
        agenda = found.agenda
        timings = replay(agenda, store.events(found.id)).timings()
        answers = store.answers(found.id)
    console().print(session_view(found, agenda, timings, answers))
