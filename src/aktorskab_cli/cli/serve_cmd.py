"""`aktorskab serve`: the phone page of a session on the room's network, with a QR code and moderation."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

SERVE_HELP = """Mødets side til telefoner: grupperne svarer og stemmer fra deres telefon.

Den første linje er adressen, deltagerne åbner (også som QR-kode). Siden kører kun på denne computer \
og det lokale netværk; intet sendes ud. Stop med q eller Ctrl-C."""


def check_port(port: int | None) -> None:
    """A --port the system can listen on (0: any free one), or exit 2 before anything is stored."""
    from aktorskab_cli.errors import BadInput

    if port is not None and not 0 <= port <= 65535:
        raise BadInput(f"--port skal være et tal fra 0 til 65535, ikke {port}")


def check_groups(groups: int | None) -> None:
    """A --groups the screen and the phones can show, or exit 2 before anything is stored."""
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.rules.groups import group_count_problem

    problem = None if groups is None else group_count_problem(groups)
    if problem:
        raise BadInput(problem)


def register(app: typer.Typer) -> None:
    app.command("serve", help=SERVE_HELP)(serve)


def serve(
    session: str = typer.Argument("latest", metavar="MØDE", help="Mødets nummer eller latest."),
    host: str = typer.Option(None, "--host", metavar="ADRESSE", show_default=False,
                             help="Adressen at lytte på (standard: computerens adresse på netværket)."),
    port: int = typer.Option(None, "--port", metavar="PORT", show_default=False,
                             help="Porten (standard: mødets sidste port, ellers 8000; 0 = en hvilken som helst ledig)."),
    card: bool = typer.Option(False, "--card", help="Skriv et A5-kort med QR-kode til bordene (som deltag.docx, eller -o FIL) og stop."),
    output: Path = typer.Option(None, "-o", "--output", metavar="FIL", show_default=False,
                                help="Kortets fil, fx deltag.docx."),
    check: bool = typer.Option(False, "--check", help="Start siden, se om adressen svarer, og stop igen."),
    groups: int = typer.Option(None, "--groups", metavar="N", show_default=False,
                               help="Antal grupper at vælge imellem på telefonerne (standard: mødets)."),
) -> None:
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.rules.commands import command
    from aktorskab_cli.rules.groups import MAX_GROUPS
    from aktorskab_cli.rules.numbers import danish_number

    check_port(port)
    check_groups(groups)
    if output is not None and not card:
        from aktorskab_cli.rules.commands import command, pasteable

        raise BadInput(f"-o bruges sammen med --card, fx: {command(f'serve {session} --card -o {pasteable(output)}')}")
    store = open_db(create=False)
    found = store.session(session)
    path = store.path
    if card:
        from aktorskab_cli.web.card import write_card

        written, url = write_card(store, found, output, host=host, port=port)
        from aktorskab_cli.rules.commands import shown

        typer.echo(f"Kortet er skrevet: {shown(written)} ({url})")
        return
    if groups is None and found.groups is not None and found.groups > MAX_GROUPS:  # e.g. from a JSON file
        store.close()
        raise BadInput(f"Møde {found.id} har {danish_number(found.groups)} grupper; telefonerne kan højst vise "
                       f"{MAX_GROUPS}. Vælg antallet med --groups, fx: {command(f'serve {found.id} --groups 4')}")
    store.close()
    from aktorskab_cli.web.server import settle_process, start_room

    server = start_room(path, found.id, host=host, port=port, groups=groups)
    settle_process()
    try:
        if check:
            from aktorskab_cli.web.check import check_report

            ok, lines = check_report(server, host)
            typer.echo("\n".join(lines))
            if not ok:
                raise typer.Exit(1)
            return
        typer.echo(server.join_url)  # the first line: scripts and tests read it
        from aktorskab_cli.web.check import reach_warning

        warning = reach_warning(server, host)
        if warning:
            typer.echo(warning, err=True)
        typer.echo(banner(server, found.title))
        if sys.stdin.isatty():
            from aktorskab_cli.cli.moderate import moderate

            from aktorskab_cli.web.check import address_lines

            moderate(path, found.id, server.state.agenda, typer.echo,
                     addresses="\n".join(address_lines(server) + ([warning] if warning else [])))
        else:
            wait_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    typer.echo("Mødets side er stoppet.")


def banner(server, title: str) -> str:  # noqa: ANN001 - a WebServer
    """The QR code and what to do, under the join URL."""
    from aktorskab_cli.web.check import address_lines
    from aktorskab_cli.web.terminal import terminal_qr

    _, projector, facilitator = address_lines(server)
    return (f"{title} – deltagerne åbner adressen ovenfor eller scanner koden:\n\n{terminal_qr(server.join_url)}\n"
            f"{facilitator}\n{projector}\n"
            "Siden kører, indtil du stopper den med q eller Ctrl-C.")


def wait_forever() -> None:
    """Without a terminal: serve until a signal (Ctrl-C, or SIGTERM from a script)."""
    import signal
    import threading

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    while not done.wait(1.0):
        pass
