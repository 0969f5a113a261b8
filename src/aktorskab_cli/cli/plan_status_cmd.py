"""`aktorskab plan status`: the programme's status report for HU, from this laptop or from the archive."""

from __future__ import annotations

from pathlib import Path

import typer

from aktorskab_cli.cli.logo import logo_option
from aktorskab_cli.rules.numbers import counted

_FORMAT_HELP = "docx (Word), pptx (dias), md (Markdown) eller json; standard: ud fra filnavnet, ellers docx."


def register(app: typer.Typer) -> None:
    app.command("status")(status)


def status(
    programme: str = typer.Argument(..., metavar="NAVN|FIL", help="Et indbygget program (fx aktorskab-2025-2026) "
                                    "eller en programfil."),
    output: Path = typer.Option(None, "-o", "--output", metavar="FIL|MAPPE", show_default=False,
                                help="Filen (eller mappen) rapporten skrives til."),
    fmt: str = typer.Option(None, "--format", "-f", metavar="docx|pptx|md|json", help=_FORMAT_HELP,
                            show_default=False),
    force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil."),
    from_archive: bool = typer.Option(False, "--from-archive", help="Alle maskiners møder og statusændringer fra "
                                      "det fælles arkiv i stedet for kun denne maskines."),
    archive: str = typer.Option(None, "--archive", metavar="URL", envvar="AKTORSKAB_ARCHIVE", show_default=False,
                                help="Med --from-archive: arkivet, fx postgresql://hr@db.kommune.dk/aktorskab."),
    logo: Path = logo_option("Kommunens logo (PNG eller JPEG) på forsiden og hver side eller dias."),
) -> None:
    """Skriv statusrapporten til HU: planen kvartal for kvartal med hver posts status, planlagte og afholdte møder, hvad der er forsinket, og hver posts forløb (hvor det kom fra, hver statusændring)."""
    from aktorskab_cli.agenda.resolve import slugify
    from aktorskab_cli.writers import files

    chosen = files.choose_format(fmt, output)  # a wrong format is told before anything is read
    report = _report(programme, from_archive, archive, logo)
    target = files.place(output, f"status-{slugify(report.title)}-{files.now().date()}.{chosen}")
    written = files.save(target, chosen, lambda temp: _write(report, temp, chosen), prefix=".status-", force=force)
    entries = counted(len(report.entries), "post", "poster")
    typer.echo(f"Statusrapporten er skrevet til {files.shown(written)} ({entries}, "
               f"{report.held_count}, {len(report.late)} forsinket; {report.source}).")


def _write(report, temp: Path, fmt: str) -> None:  # noqa: ANN001 - a StatusReport
    from aktorskab_cli.writers import write_status

    write_status(report, temp, fmt)


def _report(ref: str, from_archive: bool, archive: str | None, logo: Path | None):  # noqa: ANN202
    """The report of `ref` as of today: this laptop's facts, or with `from_archive` every laptop's."""
    import datetime as dt

    from aktorskab_cli.cli.logo import chosen_logo
    from aktorskab_cli.programme.report_build import build_report
    from aktorskab_cli.writers.files import now

    chosen = chosen_logo(logo, None)  # a bad logo is told before anything is read
    programme, facts, source = plan_facts(ref, from_archive, archive)
    return build_report(programme, facts.changes, facts.held, facts.meetings, today=dt.date.today(), created=now(),
                        logo=chosen, source=source)


def plan_facts(ref: str, from_archive: bool, archive: str | None):  # noqa: ANN201 - (Programme, Facts, str)
    """The programme NAME|FILE names, with this laptop's status changes and meetings held – or with
    `from_archive` every laptop's that this role may see (the programme then from the archive when this laptop
    has neither the file nor a copy of it); and what the facts are, said in Danish."""
    import dataclasses

    from aktorskab_cli.cli.context import existing_db
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.programme.catalogue import load
    from aktorskab_cli.programme.report_read import Facts, local_facts

    store = existing_db()
    try:
        try:
            programme = load(ref, store)[0]
        except BadInput:
            if not from_archive:
                raise
            programme = None  # known only to the archive, perhaps
        if from_archive:
            programme, facts = _archive_facts(ref, programme, archive)
            if store is not None:  # a meeting the archive has from this laptop goes by its number here
                from aktorskab_cli.programme.storage import numbered_here

                facts = dataclasses.replace(facts, held=numbered_here(store, facts.held))
            return programme, facts, ("alle maskiners møder og statusændringer fra arkivet, som din rolle har "
                                      "adgang til")
        facts = local_facts(store, programme) if store is not None else Facts()
        return programme, facts, "denne maskines møder og statusændringer"
    finally:
        if store is not None:
            store.close()


def _archive_facts(ref: str, programme, archive: str | None):  # noqa: ANN001, ANN202
    from aktorskab_cli.archive import schema
    from aktorskab_cli.archive.connect import connect, conninfo
    from aktorskab_cli.archive.plan_sync import archive_facts
    from aktorskab_cli.archive.store import snapshot
    from aktorskab_cli.programme.catalogue import unknown

    with connect(conninfo(archive)) as conn:
        schema.require_current(conn)
        with snapshot(conn):
            found, facts = archive_facts(conn, programme.key if programme else ref, programme)
    if found is None:
        raise unknown(ref)
    return found, facts
