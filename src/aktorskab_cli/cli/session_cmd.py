"""`aktorskab import | sessions | show`: what is recorded, and sessions made from answer files."""

from __future__ import annotations

from pathlib import Path

import typer

from aktorskab_cli.cli.options import option_date, plan_option
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.numbers import counted, plural


def register(app: typer.Typer) -> None:
    app.command("import")(import_answers)
    app.command("sessions")(sessions)
    app.command("show")(show)


def import_answers(
    agenda: str = typer.Argument(..., metavar="NAVN|FIL|EKSPORT.json",
                                 help="Dagsordenens navn eller sti – eller en JSON-fil fra export/combine."),
    answers_file: Path = typer.Argument(None, metavar="SVAR.toml", show_default=False,
                                        help="En TOML-fil med \\[\\[answer]]-tabeller."),
    date: str = typer.Option(None, "--date", metavar="ÅÅÅÅ-MM-DD", show_default=False,
                             help="Dagen, mødet blev holdt (standard: dagsordenens dato, ellers i dag)."),
    plan: str = plan_option("Posten i årets program, mødet blev holdt for (fx aktorskab-2025-2026:omu-administration)."),
) -> None:
    """Opret et møde ud fra en svarfil – eller hent møder fra en JSON-fil fra export. Skriver mødets nummer.

    Et møde ud fra en svarfil oprettes uden live-afvikling. Hvert svar i filen gemmes, også to ens. Til et møde, der findes: aktorskab collect MØDE --from SVAR.toml

    Fra en JSON-fil, som aktorskab export … --format json skrev på en anden maskine, hentes hele møder:
    dagsorden, svar, tidsforløb, sammenfatning og prikker – og posten i årets program med de statusser, der blev
    sat på mødet. Et møde, der allerede er her, gemmes ikke igen (dets statusser, der mangler her, gemmes)."""
    from aktorskab_cli.errors import BadInput

    exported = agenda.lower().endswith(".json")
    if exported and (answers_file is not None or date is not None):
        raise BadInput("En JSON-fil fra export importeres alene, med sin egen dato: aktorskab import FIL.json")
    if exported:
        _import_exported(Path(agenda))
        return
    if answers_file is None:
        raise BadInput("Angiv svarfilen: aktorskab import NAVN SVAR.toml – eller importér en JSON-fil fra "
                       "aktorskab export … --format json")
    _import_answers_file(agenda, answers_file, option_date(date, "--date", "2026-03-12"), plan)


def _import_answers_file(agenda: str, answers_file: Path, held, plan: str | None) -> None:  # noqa: ANN001 - a date or None
    """A new meeting from an answers file: its number on stdout, what happened on stderr."""
    from aktorskab_cli.agenda.cache import load_agenda
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.cli.plan_cmd import plan_link
    from aktorskab_cli.live.answers_import import read_answers_file

    loaded, text = load_agenda(agenda)
    link = plan_link(plan, loaded, agenda)
    read = read_answers_file(answers_file, loaded, link.programme if link is not None else None)
    loaded, said = _dated(loaded, held)
    store = open_db()

    def put(answers: list) -> tuple[int, int]:  # the meeting and its plan entry, with its statuses: all or nothing
        session_id = store.create_session(loaded, text, status="imported", answers=answers)
        if link is not None:
            link.store(store, session_id)
        return session_id, session_id

    session_id, statuses = read.save(store, put)
    typer.echo(session_id)
    entry = f" Holdt for {link.programme.key}:{link.entry}." if link is not None else ""
    typer.echo(f"Importerede {counted(len(read.answers), 'svar', 'svar')} til møde {session_id} ({loaded.title}). "
               f"{said}{entry}{statuses}\n"
               f"Se dem med: {command(f'show {session_id}')}", err=True)


def _import_exported(path: Path) -> None:
    """The meetings of an exported JSON: each new one's number on stdout, what happened on stderr; exit 2
    and nothing stored when one of them is here and changed on this machine."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.exchange.json_import import import_records, read_records
    from aktorskab_cli.opsamling.read import bundle_title

    records = read_records(path)
    store = open_db()
    try:
        done = import_records(store, records)
    finally:
        store.close()
    changed = [d for d in done if d.differs]
    if changed:
        told = [f"{bundle_title(d.bundle)} findes allerede som møde {d.session_id}, og din udgave er ændret i "
                f"forhold til filens (her på maskinen: {d.differs}). Skal filens udgave bruges, så slet møde "
                f"{d.session_id} først ({command(f'sessions --delete {d.session_id}')}) og importér igen." for d in changed]
        new = sum(d.new for d in done)
        told.append("Intet er gemt." if not new else
                    f"Intet er gemt, heller ikke filens {plural(new, 'nye møde', f'{new} nye møder')}.")
        raise BadInput("\n".join(told))
    for d in done:
        title, n = bundle_title(d.bundle), d.session_id
        statuses = counted(d.statuses, "ny statusændring", "nye statusændringer") + " i årets program"
        if d.new:
            typer.echo(n)
            synthesis = ", med sammenfatning" if d.bundle.synthesis is not None else ""
            show = command("plan show " + " / ".join(d.programmes or ("PROGRAM",)))
            plan = f" Gemt med: {statuses} (se dem med: {show})." if d.statuses else ""
            typer.echo(f"Importerede {title} som møde {n} "
                       f"({counted(len(d.bundle.answers), 'svar', 'svar')}{synthesis}).{plan} "
                       f"Se det med: {command(f'show {n}')}", err=True)
        elif d.statuses:
            typer.echo(f"{title} findes allerede som møde {n}; {statuses} er gemt.", err=True)
        else:
            typer.echo(f"{title} findes allerede som møde {n}; intet er gemt.", err=True)


def _dated(agenda, held):  # noqa: ANN001, ANN202 - Agenda and date, imported lazily
    """The agenda as stored for the import, carrying the day the meeting was held, and a sentence saying
    which day that is and where it came from: an imported meeting is never dated silently."""
    import datetime as dt
    from dataclasses import replace

    from aktorskab_cli.rules.dates import danish_date

    if held is not None:
        return replace(agenda, date=held), f"Mødets dato: {danish_date(held)}."
    if agenda.date is not None:
        return agenda, (f"Mødets dato: {danish_date(agenda.date)} (dagsordenens dato; "
                        "angiv en anden med --date ÅÅÅÅ-MM-DD).")
    today = dt.date.today()
    return replace(agenda, date=today), (
        f"Mødets dato er sat til i dag, {danish_date(today)}; angiv den rigtige med --date ÅÅÅÅ-MM-DD.")


def sessions(
    as_json: bool = typer.Option(False, "--json", help="Skriv listen som JSON."),
    delete: str = typer.Option(None, "--delete", metavar="MØDE", show_default=False,
                               help="Slet et møde med alle dets svar og tider (spørger først)."),
    yes: bool = typer.Option(False, "--yes", help="Slet uden at spørge."),
) -> None:
    """Vis de gemte møder, nyeste først – eller slet et af dem."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.store.db import NoDatabase

    if delete is not None:
        _delete(open_db(create=False), delete, yes)
        return

    try:
        rows = open_db(create=False, write=False).sessions()
    except NoDatabase:
        rows = []
    if as_json:
        import json

        typer.echo(json.dumps([{
            "id": s.id, "title": s.title, "agenda": s.agenda_name, "date": s.meeting_date.isoformat(),
            "started": s.started, "ended": s.ended, "status": s.status, "speed": s.speed, "answers": s.answers}
            for s in rows], ensure_ascii=False, indent=2))
        return
    from aktorskab_cli.cli.render import console
    from aktorskab_cli.cli.session_view import sessions_table

    if not rows:
        typer.echo(f"Der er ingen møder endnu. Start et med: {command('run temadag')}")
        return
    console().print(sessions_table(rows))


def show(session: str = typer.Argument("latest", metavar="MØDE", help="Mødets nummer eller latest.")) -> None:
    """Vis et møde: tidsforløbet (planlagt og faktisk) og alle svar efter punkt og gruppe."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.cli.render import console
    from aktorskab_cli.cli.session_view import session_view
    from aktorskab_cli.opsamling.read import timing_records
    from aktorskab_cli.opsamling.timing import timing_rows

    store = open_db(create=False, write=False)
    with store.snapshot():
        found = store.session(session)
        agenda = found.agenda
        records = timing_records(agenda, store.events(found.id), speed=found.speed)
        answers = store.answers(found.id)
    console().print(session_view(found, agenda, timing_rows(agenda, records or ()), answers))


def _delete(store, ref: str, yes: bool) -> None:  # noqa: ANN001 - Store, imported lazily
    """Delete a session after the user has typed its number, or with --yes."""
    import sys

    from aktorskab_cli.errors import BadInput

    found = store.session(ref)
    from aktorskab_cli.rules.dates import danish_date

    what = (f"møde {found.id} ({found.title}, {danish_date(found.meeting_date)}, "
            f"{counted(found.answers, 'svar', 'svar')})")
    if not yes:
        if not sys.stdin.isatty():
            raise BadInput(f"Sletning af {what} skal bekræftes; kør kommandoen i en terminal eller tilføj --yes")
        typer.echo(f"Du er ved at slette {what}. Det kan ikke fortrydes.")
        typed = input(f"Skriv mødets nummer ({found.id}) for at slette, eller tryk Enter for at fortryde: ").strip()
        if typed != str(found.id):
            typer.echo("Intet er slettet.")
            return
    store.delete_session(found.id)
    typer.echo(f"Slettede {what}.")
