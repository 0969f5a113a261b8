"""`aktorskab archive init | push | list | pull`: the organisation's shared archive in PostgreSQL.

psycopg is imported inside the commands only (via aktorskab_cli.archive), so start-up stays fast."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from aktorskab_cli.cli.options import option_date

if TYPE_CHECKING:
    from aktorskab_cli.archive.store import Filters

app = typer.Typer(help="Det fælles arkiv i PostgreSQL: send møder dertil, se dem, hent dem hjem.",
                  no_args_is_help=True)

ARCHIVE_HELP = ("Arkivet, fx postgresql://anne@db.kommune.dk/aktorskab (adgangskoden i ~/.pgpass eller "
                "PGPASSWORD, ikke her).")


def archive_option() -> typer.models.OptionInfo:
    return typer.Option(None, "--archive", metavar="URL", envvar="AKTORSKAB_ARCHIVE", help=ARCHIVE_HELP,
                        show_default=False, show_envvar=True)


def _info(archive: str | None) -> str:
    from aktorskab_cli.archive.connect import conninfo

    return conninfo(archive)


def archive_filters(agenda: str | None, since: str | None, organisation: str | None) -> Filters:
    """--agenda, --since and --organisation as the archive's filters (`archive list`, `combine --from-archive`)."""
    from aktorskab_cli.archive.store import Filters

    return Filters(agenda, option_date(since, "--since", "2026-01-01"), organisation, _titles(agenda))


def _titles(agenda: str | None) -> tuple[str, ...]:
    """The title of the agenda named `agenda` here (bundled, NAME.toml, a file), so --agenda dialogmoede finds the
    OMUs' own copies in the archive when no meeting there used dialogmoede itself; () when there is none."""
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.errors import BadInput

    if not agenda:
        return ()
    try:
        return (load_agenda(agenda)[0].title,)
    except BadInput:  # a name only the archive knows (another laptop's copy): its meetings there say the kind
        return ()


@app.command("init")
def init(archive: str = archive_option()) -> None:
    """Opret eller opdater arkivets tabeller (af arkivets ejer; at køre den igen er harmløst)."""
    from aktorskab_cli.archive.actions import init as run

    run(_info(archive), typer.echo)


@app.command("push")
def push(
    sessions: list[str] = typer.Argument(None, metavar="MØDE…", help="Mødenumre fra aktorskab sessions, eller latest.",
                                         show_default=False),
    everything: bool = typer.Option(False, "--all", help="Send alle møder på denne maskine (ikke generalprøver)."),
    archive: str = archive_option(),
) -> None:
    """Send møder til arkivet: dagsorden, svar, tidsforløb, sammenfatning og prikker. At sende igen giver ingen dubletter; et ændret møde opdateres, og arkivet gemmer den forrige udgave. Har en anden sendt en nyere udgave, siden du hentede eller sendte mødet, sendes det ikke: hent den først. Generalprøver (--speed) sendes aldrig."""
    from aktorskab_cli.archive.actions import push_local
    from aktorskab_cli.cli.context import State

    push_local(State.db, sessions or [], everything, _info(archive), typer.echo)


@app.command("list")
def list_(
    agenda: str = typer.Option(None, "--agenda", help="Kun møder efter denne dagsorden, fx lmu.", show_default=False),
    since: str = typer.Option(None, "--since", metavar="DATO", help="Kun møder fra denne dag, fx 2026-01-01.",
                              show_default=False),
    organisation: str = typer.Option(None, "--organisation", help="Kun organisationer, hvis navn indeholder teksten.",
                                     show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Skriv listen som JSON."),
    archive: str = archive_option(),
) -> None:
    """Vis møderne i arkivet, nyeste først, med det id, archive pull bruger."""
    from aktorskab_cli.archive.actions import list_archive
    from aktorskab_cli.cli.archive_view import print_listing

    rows, nothing = list_archive(_info(archive), archive_filters(agenda, since, organisation))
    print_listing(rows, as_json, nothing)


@app.command("pull")
def pull(
    archive_id: str = typer.Argument(..., metavar="ID", help="Mødets id fra aktorskab archive list (de første tegn er nok)."),
    force: bool = typer.Option(False, "--force", help="Erstat en lokal udgave af mødet, der er ændret, med arkivets (også dens sammenfatning og prikker): det, der kun er her, går tabt."),
    archive: str = archive_option(),
) -> None:
    """Hent et møde fra arkivet til denne maskine, fx for at rette i det uden net. Har du det allerede, hentes arkivets nyere udgave, hvis din ikke er ændret siden; er begge ændret, stopper pull og siger hvad."""
    from aktorskab_cli.archive.actions import pull as run
    from aktorskab_cli.cli.context import State

    run(State.db, _info(archive), archive_id, force, typer.echo)
