"""`aktorskab agenda …`: list, show, check and create agendas."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from aktorskab_cli.cli.logo import logo_option
from aktorskab_cli.errors import AktorskabError, BadInput, os_reason
from aktorskab_cli.rules.numbers import counted

if TYPE_CHECKING:
    from aktorskab_cli.agenda.material import FollowupEntries
    from aktorskab_cli.agenda.model import Agenda

app = typer.Typer(help="Dagsordener: se, tjek og lav dine egne.", no_args_is_help=True)


@app.command("list")
def list_agendas() -> None:
    """Vis de indbyggede dagsordener og dine egne i den aktuelle mappe."""
    from aktorskab_cli.agenda import catalogue
    from aktorskab_cli.cli.render import agenda_list_text

    typer.echo(agenda_list_text(catalogue.list_agendas(Path.cwd())))


@app.command("show")
def show(agenda: str = typer.Argument(..., metavar="NAVN|FIL", help="Navn på en indbygget dagsorden eller sti til en .toml-fil.")) -> None:
    """Vis programmet som tabel: start, slut, minutter, titel, type og ansvarlig."""
    from aktorskab_cli.cli.render import programme_text
    from aktorskab_cli.agenda.cache import load_agenda

    loaded, _ = load_agenda(agenda)
    typer.echo(programme_text(loaded))


@app.command("check")
def check(paths: list[Path] = typer.Argument(..., metavar="FIL…", help="En eller flere .toml-filer.")) -> None:
    """Tjek dagsordener: slutkode 0, når de er gyldige, ellers slutkode 2 og alle fejl med sted."""
    usable = [_check_one(path) for path in paths]  # every file is checked and told, also after a bad one
    if not all(usable):
        raise typer.Exit(2)


def _check_one(path: Path) -> bool:
    """`agenda check` of one file: its problems on stderr (False), or its summary and notes on stdout (True)."""
    from aktorskab_cli.agenda.followup import check_notes
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.agenda.schedule import format_clock, format_span
    from aktorskab_cli.cli.logo import agenda_logo_problem

    try:
        loaded, text = load_agenda(str(path))
    except AktorskabError as exc:
        typer.echo(exc.message, err=True)
        return False
    logo = agenda_logo_problem(path, loaded.logo, text)
    problems = ([logo] if logo else []) + _followup_problems(path, loaded)
    if problems:
        typer.echo(f"{path} kan ikke bruges:\n" + "\n".join(f"  • {p}" for p in problems), err=True)
        return False
    count = len(loaded.items)
    typer.echo(f"✓ {path}: {counted(count, 'punkt', 'punkter')}, {format_span(loaded.start, loaded.end)}")
    for before, after in loaded.gaps():
        typer.echo(f"  Bemærk: {after.start - before.end} min. uden punkt mellem »{before.title}« (slut kl. "
                   f"{format_clock(before.end)}) og »{after.title}« (kl. {format_clock(after.start)}); "
                   "det er tilladt – tiden regnes med i dagen.")
    for note in check_notes(loaded):
        typer.echo(f"  {note}")
    return True


def _followup_problems(path: Path, agenda) -> list[str]:  # noqa: ANN001 - a resolved Agenda
    """A followup item's own `plan` must name a programme that exists (a file, or a bundled one)."""
    from aktorskab_cli.programme.catalogue import bundled_programmes, programme_path

    problems = []
    for n, item in enumerate(agenda.items, 1):
        if item.is_followup and item.plan and programme_path(item.plan) is None:
            known = ", ".join(bundled_programmes()) or "(ingen)"
            problems.append(f"{path}, punkt {n} »{item.title}«, plan: programmet »{item.plan}« findes ikke som fil "
                            f"eller indbygget program; indbyggede programmer: {known}")
    if agenda.plan:  # the meeting's own entry: the programme (a file, bundled, or used here) must have it
        from aktorskab_cli.cli.context import existing_db
        from aktorskab_cli.programme.work import check_link

        try:
            check_link(agenda.plan, existing_db())
        except AktorskabError as exc:
            problems.append(f"{path}, plan: {exc.message.splitlines()[0]}")
    return problems


@app.command("new")
def new(
    path: Path = typer.Argument(..., metavar="FIL", help="Hvor den nye dagsorden skal gemmes, fx mit-moede.toml."),
    source: str = typer.Option(None, "--from", metavar="NAVN|FIL",
                               help="Begynd fra en indbygget dagsorden (fx temadag) eller en fil."),
    force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil."),
) -> None:
    """Skriv en redigerbar TOML-dagsorden, tom eller kopieret fra en indbygget."""
    from aktorskab_cli.agenda.catalogue import copied_date_notice, new_agenda_text

    if path.exists() and not force:
        raise BadInput(f"{path} findes allerede; vælg et andet navn eller brug --force for at overskrive")
    text = new_agenda_text(source, path.name)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path} kan ikke skrives: {os_reason(exc)}") from None
    typer.echo(f"Skrev {path}. Ret den i en teksteditor, og tjek den med: aktorskab agenda check {path}")
    if notice := copied_date_notice(text, str(path)):
        typer.echo(notice)
    from aktorskab_cli.agenda.content import bundled_agendas

    if path.suffix == ".toml" and path.stem in bundled_agendas() and path.resolve().parent == Path.cwd().resolve():
        typer.echo(f"Bemærk: i denne mappe betyder »{path.stem}« nu din {path.name}, ikke den indbyggede "
                   f"dagsorden (fx i aktorskab run {path.stem}).")


def _followups(agenda: Agenda) -> dict[str, FollowupEntries]:
    """Per followup item, what the guide prints: the entries due on the meeting's day (the agenda's `date`,
    else today), with their statuses as this laptop knows them now."""
    import datetime as dt

    from aktorskab_cli.cli.context import existing_db
    from aktorskab_cli.live.followup import printed

    items = [item for item in agenda.items if item.is_followup]
    store = existing_db() if items else None
    try:
        return {item.id: printed(agenda, item, store, agenda.date or dt.date.today()) for item in items}
    finally:
        if store is not None:
            store.close()


@app.command("print")
def print_material(
    agenda: str = typer.Argument(..., metavar="NAVN|FIL", help="Navn på en indbygget dagsorden eller sti til en .toml-fil."),
    output: Path = typer.Option(None, "-o", "--output", metavar="FIL|MAPPE", help="Filen (eller mappen) der skrives til.",
                                show_default=False),
    fmt: str = typer.Option(None, "--format", "-f", metavar="docx|md", help="docx (Word) eller md (Markdown); standard: ud fra "
                            "filnavnet, ellers docx.", show_default=False),
    kind: str = typer.Option("program", "--kind", "-k", metavar="program|dialogguide",
                             help="program: programmet til deltagerne; dialogguide: dialogguiden med "
                             "spørgsmål og plads til at skrive."),
    force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil."),
    logo: Path = logo_option("Kommunens logo (PNG eller JPEG) på forsiden og hver side; standard: logo i dagsordenen."),
) -> None:
    """Skriv materiale til mødet: programmet eller dialogguiden (fx dialogguide-lmu.docx)."""
    from aktorskab_cli.writers import files as export
    from aktorskab_cli.agenda import material
    from aktorskab_cli.agenda.cache import load_agenda
    from aktorskab_cli.writers import write_material

    chosen_kind = material.parse_kind(kind)
    chosen = export.choose_format(fmt, output, allowed=("docx", "md"))
    loaded, _ = load_agenda(agenda)
    printed = material.build(loaded, chosen_kind, _followups(loaded))  # the programme names it by its title too
    if printed.logo or logo:  # a logo that is no PNG or JPEG stops here (python-docx raised a traceback)
        from dataclasses import replace

        from aktorskab_cli.cli.logo import chosen_logo

        printed = replace(printed, logo=chosen_logo(logo, printed.logo))
    target = export.place(output, material.default_name(loaded, chosen_kind, chosen))
    export.save(target, chosen, lambda temp: write_material(printed, temp, chosen), force=force)
    typer.echo(f"{material.DEFINITE[chosen_kind]} er skrevet til {export.shown(target)}.")
