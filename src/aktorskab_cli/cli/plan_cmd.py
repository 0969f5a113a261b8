"""`aktorskab plan …`: the year's programme (»Årshjulet«): new, check, show, pull, set, add, ics."""

from __future__ import annotations

from pathlib import Path

import typer

from aktorskab_cli.errors import AktorskabError, BadInput, os_reason
from aktorskab_cli.rules.numbers import counted

app = typer.Typer(help="Årets program (årshjulet): poster, møder holdt for dem, og hvor langt de er.",
                  no_args_is_help=True)

NAME_HELP = "Et indbygget program (fx aktorskab-2025-2026) eller en programfil (.toml)."


def _write(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        raise BadInput(f"{path} findes allerede; vælg et andet navn eller brug --force for at overskrive")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path} kan ikke skrives: {os_reason(exc)}") from None


def plan_link(typed: str | None, agenda=None, agenda_ref: str | None = None):  # noqa: ANN001, ANN201 - a Link or None
    """`--plan NAME:ENTRY` (`typed`), else the agenda's own `plan`, checked before anything is stored: exit 2
    when the programme or the entry does not exist – for the agenda's, saying where it stands (»omu.toml,
    plan: …«). A programme not at hand as a file may be one this laptop has used."""
    ref = typed or (agenda.plan if agenda is not None else None)
    if ref is None:
        return None
    from aktorskab_cli.cli.context import existing_db
    from aktorskab_cli.programme.work import check_link

    try:
        return check_link(ref, existing_db())
    except BadInput as exc:
        if typed or agenda_ref is None:
            raise
        from aktorskab_cli.agenda import content
        from aktorskab_cli.rules.commands import shown

        raise BadInput(f"{shown(content.agenda_path(agenda_ref))}, plan: {exc.message}") from None


@app.command("new")
def new(
    path: Path = typer.Argument(..., metavar="FIL", help="Hvor programmet skal gemmes, fx aktorskab-2026.toml."),
    source: str = typer.Option(None, "--from", metavar="NAVN", help="Kopiér et indbygget program eller en fil.",
                               show_default=False),
    opsamling: str = typer.Option(None, "--from-opsamling", metavar="MØDE", show_default=False,
                                  help="Lav programmet ud fra handleplanen i mødets sammenfatning."),
    force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil."),
) -> None:
    """Skriv en programfil, du kan rette i: tom, kopieret eller ud fra et mødes handleplan."""
    from aktorskab_cli.programme import work

    if source is not None and opsamling is not None:
        raise BadInput("Vælg enten --from eller --from-opsamling, ikke begge")
    if path.exists() and not force:
        raise BadInput(f"{path} findes allerede; vælg et andet navn eller brug --force for at overskrive")
    if opsamling is not None:
        from aktorskab_cli.cli.context import open_db

        text, count = work.new_from_opsamling(open_db(create=False), opsamling, path)
        said = f" med {counted(count, 'post', 'poster')} fra møde {opsamling}'s handleplan"
    else:
        text, said = work.new_text(path, source), ""
    _write(path, text, force)
    typer.echo(f"Skrev {path}{said}. Ret det i en teksteditor, og tjek det med: aktorskab plan check {path}")
    origin = Path(source).stem if source is not None else path.stem
    if origin != path.stem:
        typer.echo(f"Bemærk: programmet hedder »{path.stem}« (filens navn), og det er det, møderne skal nævne: "
                   f'plan = "{path.stem}:POST" i dagsordenen eller --plan {path.stem}:POST. Møder og statusser for '
                   f"»{origin}« tæller ikke med i det; vil du bygge videre på dem, så kald filen {origin}.toml.",
                   err=True)


@app.command("check")
def check(paths: list[Path] = typer.Argument(..., metavar="FIL…", help="En eller flere programfiler (eller navne).")) -> None:
    """Tjek programfiler: slutkode 0, når de er gyldige, ellers slutkode 2 og alle fejl med sted."""
    from aktorskab_cli.programme.catalogue import programme_path
    from aktorskab_cli.programme.loading import load_programme

    failed = False
    for path in paths:
        try:
            programme, _ = load_programme(programme_path(str(path)) or path)
        except AktorskabError as exc:
            typer.echo(exc.message, err=True)
            failed = True
            continue
        meetings = sum(e.kind == "meeting" for e in programme.entries)
        count = len(programme.entries)
        typer.echo(f"✓ {path}: {counted(count, 'post', 'poster')} ({counted(meetings, 'møde', 'møder')}, "
                   f"{counted(count - meetings, 'opgave', 'opgaver')})")
    if failed:
        raise typer.Exit(2)


@app.command("show")
def show(
    name: str = typer.Argument(..., metavar="NAVN|FIL", help=NAME_HELP),
    as_json: bool = typer.Option(False, "--json", help="Som JSON (til scripts)."),
    from_archive: bool = typer.Option(False, "--from-archive", help="Alle maskiners møder og statusændringer fra "
                                      "det fælles arkiv i stedet for kun denne maskines."),
    archive: str = typer.Option(None, "--archive", metavar="URL", envvar="AKTORSKAB_ARCHIVE", show_default=False,
                                help="Med --from-archive: arkivet, fx postgresql://hr@db.kommune.dk/aktorskab."),
) -> None:
    """Vis programmet: kvartalerne i rækkefølge, hver post med status og de møder, der er holdt for den."""
    import datetime as dt
    import json

    from aktorskab_cli.cli.plan_status_cmd import plan_facts
    from aktorskab_cli.programme.model import states
    from aktorskab_cli.programme.show import show_json, show_text

    programme, facts, _ = plan_facts(name, from_archive, archive)
    found = states(programme, facts.changes, facts.held)
    if as_json:
        typer.echo(json.dumps(show_json(programme, found), ensure_ascii=False, indent=2))
    else:
        forums = {uuid: m.organisation for uuid, m in facts.meetings.items() if m.organisation}
        typer.echo(show_text(programme, found, dt.date.today(), forums))


@app.command("pull")
def pull(
    name: str = typer.Argument(..., metavar="NAVN|FIL", help=NAME_HELP),
    archive: str = typer.Option(None, "--archive", metavar="URL", envvar="AKTORSKAB_ARCHIVE", show_default=False,
                                help="Arkivet, fx postgresql://hr@db.kommune.dk/aktorskab."),
) -> None:
    """Hent programmets statusændringer fra det fælles arkiv, de møder, der er holdt for det på andre computere, og arkivets nyeste version af programmet (er den nyere end denne computers); en programfil ændres aldrig. Bagefter viser plan show og opfølgningen dem uden net."""
    from aktorskab_cli.archive.connect import conninfo
    from aktorskab_cli.archive.plan_pull import pull_plan
    from aktorskab_cli.cli.context import State

    pull_plan(State.db, conninfo(archive), name, typer.echo)


@app.command("set")
def set_status(
    name: str = typer.Argument(..., metavar="NAVN|FIL", help=NAME_HELP),
    entry: str = typer.Argument(..., metavar="POST", help="Postens id (se plan show)."),
    status: str = typer.Argument(..., metavar="STATUS",
                                 help="ikke startet, i gang, gennemført, ændret eller droppet (i anførselstegn, "
                                      "når der er mellemrum)."),
    note: str = typer.Option("", "--note", metavar="TEKST", help="En kort bemærkning."),
    session: str = typer.Option(None, "--session", metavar="MØDE", show_default=False,
                                help="Mødet, hvor status blev sat (nummer eller latest)."),
    due: str = typer.Option(None, "--ny-frist", metavar="KVARTAL|DATO", show_default=False,
                            help="Flyt posten til et nyt kvartal eller en ny dato (fx \"3. kvartal 2026\"); "
                                 "forsinket regnes derefter fra den nye frist."),
) -> None:
    """Sæt en posts status i hånden (gemmes som en ny hændelse; de tidligere bliver stående)."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.programme import work
    from aktorskab_cli.programme.model import STATUS_LABELS

    programme, change, moved = work.set_status(open_db(), name, entry, status, note=note, session_ref=session,
                                               due=due)
    typer.echo(f"»{programme.entry(entry).what}« ({entry}) er nu »{STATUS_LABELS[change.status]}«"
               + (f", {moved}." if moved else "."))


@app.command("add")
def add(
    name: str = typer.Argument(..., metavar="NAVN|FIL", help="Programfilen, der skal have de nye poster."),
    opsamling: str = typer.Option(..., "--from-opsamling", metavar="MØDE",
                                  help="Mødet, hvis handleplan skal med i programmet."),
) -> None:
    """Føj de nye handlinger fra et mødes handleplan til programfilen (dem, den har i forvejen, springes over)."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.programme import work

    path, text, added, held = work.add_from_opsamling(open_db(create=False), name, opsamling)
    if added:  # the owner's file is replaced whole or not at all (a temporary file moved into place)
        from aktorskab_cli.writers import files

        files.save(path, "toml", lambda temp: temp.write_text(text, encoding="utf-8"), force=True)
    already = f"; {held} stod der i forvejen" if held else ""
    typer.echo(f"{counted(added, 'ny post', 'nye poster')} fra møde {opsamling} i {path}{already}.")


@app.command("ics")
def ics(
    name: str = typer.Argument(..., metavar="NAVN|FIL", help=NAME_HELP),
    output: Path = typer.Option(..., "-o", "--output", metavar="FIL", help="Kalenderfilen, fx plan.ics."),
    force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil."),
) -> None:
    """Skriv programmets datoer som kalenderfil (.ics) til Outlook: frister og holdte møder."""
    import datetime as dt

    from aktorskab_cli.programme import catalogue
    from aktorskab_cli.programme.calendar import calendar_bytes
    from aktorskab_cli.programme.model import states
    from aktorskab_cli.programme.storage import entry_states
    from aktorskab_cli.writers import files

    from aktorskab_cli.cli.context import existing_db

    store = existing_db()
    programme, _ = catalogue.load(name, store)
    found = entry_states(store, programme) if store is not None else states(programme, [], [])
    data = calendar_bytes(programme, found, dt.datetime.now(dt.timezone.utc))
    files.save(output, "ics", lambda temp: temp.write_bytes(data), force=force)
    typer.echo(f"Kalenderen er skrevet til {output} ({counted(len(found), 'post', 'poster')}).")


def _register_status() -> None:
    from aktorskab_cli.cli import plan_status_cmd

    plan_status_cmd.register(app)


_register_status()
