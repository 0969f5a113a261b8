"""`aktorskab run` (the live workshop) and `aktorskab collect` (answers after the meeting)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from aktorskab_cli.cli.options import plan_option
from aktorskab_cli.rules.commands import command, quoted
from aktorskab_cli.rules.numbers import counted, danish_number

RUN_HELP = """Kør workshoppen live: tiden for hvert punkt, hvad der kommer, og hvornår dagen slutter.

\b
Taster:
  mellemrum  start dagen / stands uret / start det igen
  n          næste punkt
  b          tilbage til forrige punkt
  + / -      ét minut mere / mindre til punktet
  s          spring punktet over
  a          skriv gruppernes svar i et panel under uret (Esc lukker det)
  w          med --web: adresserne til telefoner, projektor og ordstyrerens side
  q          gem og afslut (fortsæt senere med --resume)
  Ctrl-C     gem og afbryd
  Esc        luk svarpanelet (også Ctrl-C i panelet; alt skrevet er gemt)

\b
Under et opfølgningspunkt (kind = "followup"):
  ↑ / ↓      vælg en post i programmet
  1–5        sæt postens status: 1 ikke startet … 5 droppet (står på skærmen)
  k          en bemærkning på én linje (Enter gemmer, Esc fortryder)
  f          brug telefonernes nyeste forslag til posten

Alt gemmes med det samme; et afbrudt møde fortsættes med --resume latest, med uret standset."""
NOT_STARTED = "Dagen blev ikke startet – intet er gemt."


def register(app: typer.Typer) -> None:
    app.command("run", help=RUN_HELP)(run)
    app.command("collect")(collect)


def _terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run(
    agenda: str = typer.Argument(None, metavar="NAVN|FIL", help="Dagsordenens navn (fx temadag) eller sti.",
                                 show_default=False),
    groups: int = typer.Option(None, "--groups", metavar="N", help="Antal grupper (Gruppe 1 … N).",
                               show_default=False),
    speed: float = typer.Option(None, "--speed", metavar="X", help="Prøvekørsel: X minutters dagsorden pr. minut.",
                                show_default=False),
    auto: bool = typer.Option(False, "--auto", help="Gå selv videre, når tiden for et punkt er gået."),
    projector: bool = typer.Option(False, "--projector", help="Kæmpecifre og kun det vigtigste, til projektoren."),
    resume: str = typer.Option(None, "--resume", metavar="MØDE", help="Fortsæt et stoppet møde (nummer eller latest).",
                               show_default=False),
    web: bool = typer.Option(False, "--web", help="Grupperne svarer fra deres telefon (adresse og QR-kode på skærmen)."),
    host: str = typer.Option(None, "--host", metavar="ADRESSE", show_default=False,
                             help="Med --web: adressen at lytte på (standard: computerens adresse på netværket)."),
    port: int = typer.Option(None, "--port", metavar="PORT", show_default=False,
                             help="Med --web: porten (standard: mødets sidste, ellers 8000; 0 = en ledig)."),
    plan: str = plan_option("Posten i årets program, mødet holdes for (fx aktorskab-2025-2026:omu-administration)."),
) -> None:
    from aktorskab_cli.errors import BadInput

    if speed is not None and not speed > 0:
        raise BadInput(f"--speed skal være større end 0 (fx --speed 60 for et minut pr. sekund), ikke {speed:g}")
    from aktorskab_cli.cli.serve_cmd import check_groups, check_port

    check_groups(groups)
    check_port(port)
    if host is not None and not web and resume is None:
        with_web = f"run {quoted(agenda or 'temadag')} --web --host {quoted(host)}"  # what was typed, with --web
        raise BadInput(f"--host bruges sammen med --web, fx: {command(with_web)}")
    if agenda is None and resume is None:
        raise BadInput(f"Angiv en dagsorden, fx: {command('run temadag')} (eller fortsæt et møde med --resume latest)")
    opening, note = _prepare(agenda, resume, plan)  # a broken agenda, meeting or plan is the first thing to hear about
    if not _terminal() and not auto:
        raise BadInput("aktorskab run skal køre i en terminal, så tasterne virker. "
                       "Uden terminal kan dagen kun køre af sig selv: tilføj --auto")
    if note:
        typer.echo(note, err=True)
    live = opening(groups=groups, speed=speed, auto=auto)
    if live.wrong_day and not _terminal():  # no one to see the screen (a linked meeting was refused already)
        typer.echo(live.wrong_day, err=True)
    server, warning = _start_web(live, host, port) if web or (resume is not None and _had_room(live)) else (None, "")
    try:
        if _terminal():
            outcome = _run_screen(live, projector, note, server, warning)
        else:
            outcome = _run_plain(live)
    finally:
        if server is not None:
            server.stop()  # the open pages' streams end too; the join code stays for --resume
    _report(live, outcome)


def _had_room(live) -> bool:  # noqa: ANN001
    """A resumed meeting whose phones had a page gets it back, on the same join code (and port)."""
    from aktorskab_cli.store.room import has_room

    return has_room(live.store, live.session_id)


def _start_web(live, host: str | None, port: int | None):  # noqa: ANN001, ANN202 - (WebServer, warning)
    from aktorskab_cli.web.check import address_lines, reach_warning
    from aktorskab_cli.web.server import settle_process, start_room

    try:  # phones need a meeting to answer into: it is stored now (and dropped again if nothing comes of it)
        server = start_room(live.store.path, live.ensure_session(), host=host, port=port, groups=live.groups)
    except BaseException:
        live.save_and_stop()
        raise
    settle_process()
    typer.echo(server.join_url)
    typer.echo(address_lines(server)[2])
    warning = reach_warning(server, host)  # said again on the live screen, and under the w key
    if warning:
        typer.echo(warning, err=True)
    return server, warning


def _prepare(agenda: str | None, resume: str | None, plan: str | None = None):  # noqa: ANN202 - (opening, note)
    """Read and check the agenda (and the programme entry the meeting is held for), or find the meeting to
    resume, before anything is created.

    Returns a function that opens the live run, and a note ('' or one line) for a resumed meeting whose
    agenda file has changed since it started: the meeting goes on with the agenda as it was.
    """
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.errors import AktorskabError
    from aktorskab_cli.cli.plan_cmd import plan_link
    from aktorskab_cli.live.runner import agenda_changed_note, open_live, resumable, resume_live
    from aktorskab_cli.agenda.cache import load_agenda

    if resume is None:
        loaded, text = load_agenda(agenda)
        link = plan_link(plan, loaded, agenda)

        def start_new(groups, speed, auto):  # noqa: ANN001, ANN202 - the database is created only now
            warning, confirmed = _day_check(loaded, agenda, speed, link)
            live = open_live(open_db(), loaded, text, agenda_ref=agenda, groups=groups, speed=speed or 1.0,
                             auto=auto)
            live.wrong_day, live.confirmed = warning, confirmed
            if link is not None:  # the entry is linked (and so held) in the transaction that stores the meeting
                live.plan = f"{link.programme.key}:{link.entry}"
                live.on_create.append(link.store)
            return live
        return start_new, ""
    store = open_db(create=False)
    session = resumable(store, resume)
    link = plan_link(plan)
    note = ""
    if agenda is not None:
        try:
            current = load_agenda(agenda)[1]
        except AktorskabError:  # unreadable or broken now: not what the meeting started with either
            current = None
        note = agenda_changed_note(session, agenda, current)

    def go_on(groups, speed, auto):  # noqa: ANN001, ANN202 - no _day_check: the day held was fixed when it started
        from aktorskab_cli.programme.storage import session_link

        live = resume_live(store, str(session.id), agenda_ref=agenda, groups=groups, speed=speed, auto=auto)
        if link is not None:
            link.store(store, session.id)
        linked = session_link(store, session.id)
        live.plan = f"{linked[0]}:{linked[1]}" if linked else None
        return live
    return go_on, note


def _day_check(loaded, agenda: str, speed: float | None, link) -> tuple[str, bool]:  # noqa: ANN001
    """A real run on another day than the agenda's date: (the warning, whether space may start the day). Held for
    a programme entry, the screen waits for j; without a terminal no one can press it: refused, nothing stored."""
    import datetime as dt

    from aktorskab_cli.agenda import content
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.live.runner import wrong_day
    from aktorskab_cli.rules.commands import shown

    entry = link.programme.entry(link.entry) if link is not None else None
    path = content.agenda_path(agenda)
    warning = wrong_day(loaded, dt.date.today(), speed, command(f"run {quoted(agenda)} --speed 60"),
                        entry.name if entry is not None else None, bundled=content.is_bundled(path), file=shown(path))
    if not warning or link is None:
        return warning, True
    if not _terminal():
        raise BadInput(warning)
    return warning, False


def _run_screen(live, projector: bool, note: str = "", server=None, warning: str = "") -> str:  # noqa: ANN001
    from aktorskab_cli.live.collect import collect as collect_answers
    from aktorskab_cli.live.screen import LiveScreen
    from aktorskab_cli.store.db import open_store

    def collector(item, ask) -> None:  # noqa: ANN001 - runs in the panel's thread, on its own connection
        store = open_store(live.store.path)
        try:
            collect_answers(store, live.session_id, live.agenda, [item], groups=live.groups, ask=ask)
        finally:
            store.close()

    room = None
    if server is not None:
        from aktorskab_cli.web.terminal import room_lines

        def room(qr: bool) -> str:
            return room_lines(live.store, live.session_id, live.agenda, live.run.index, server.join_url, qr=qr,
                              refused=server.state.limits.refused_count())
    app = LiveScreen(live, projector=projector, collector=collector, room=room,
                    addresses=_addresses(server, warning))
    note = "\n".join(filter(None, [warning, note]))
    if live.run.phase == "paused" and not live.auto:  # a resumed meeting: the clock waits for space
        from aktorskab_cli.live.runner import resumed_text

        note = "\n".join(filter(None, [note, resumed_text(live.session_id)]))
    app.message = note  # shown on the screen too, until the first key
    app.shown_addresses = warning if projector else ""  # the projector shows no messages, but this one
    try:
        outcome = app.run(mouse=False)
    except KeyboardInterrupt:
        outcome = None
    if outcome is None:  # a signal, not one of our keys: nothing is saved yet, so save now
        live.save_and_stop()
        outcome = "finished" if live.run.phase == "finished" else "interrupted"
    return outcome


def _addresses(server, warning: str) -> tuple[str, str] | None:  # noqa: ANN001 - a WebServer or None
    """What the w key shows: (on the facilitator's screen, on the projector – without the secret address)."""
    if server is None:
        return None
    from aktorskab_cli.web.check import address_lines

    lines, said = address_lines(server), [warning] if warning else []
    return "\n".join(lines + said), "\n".join(lines[:1] + said)  # the projector's: no secret address


def _run_plain(live) -> str:  # noqa: ANN001
    from aktorskab_cli.live.runner import run_plain

    typer.echo(f"{live.agenda.title} – kører af sig selv ({danish_number(live.speed)}× hastighed), møde {live.ensure_session()}")
    try:
        run_plain(live, lambda line: typer.echo(line))
    except KeyboardInterrupt:
        live.save_and_stop()
        return "interrupted"
    return "finished"


def _report(live, outcome: str) -> None:  # noqa: ANN001
    from aktorskab_cli.errors import Interrupted
    from aktorskab_cli.live.runner import end_summary

    run = live.run
    if live.discarded:
        if outcome == "interrupted":
            raise Interrupted(NOT_STARTED)
        typer.echo(NOT_STARTED)
        return
    if outcome == "finished" or run.phase == "finished":
        live.finish()
        answers = len(live.store.answers(live.session_id))
        ended, how = end_summary(run)
        typer.echo(f"Dagen er slut kl. {ended} ({how}). "
                   f"Møde {live.session_id} er gemt med {counted(answers, 'svar', 'svar')}.")
        typer.echo(f"Næste skridt: {command('export latest -o opsamling.docx')} "
                   f"(svar fra flipovere kan tilføjes med: {command(f'collect {live.session_id}')})")
        return
    saved = f"Mødet er gemt (møde {live.session_id}). Fortsæt med: {live.resume_command()}"
    if outcome == "interrupted":
        raise Interrupted("Afbrudt. " + saved)
    typer.echo(saved)


def collect(
    session: str = typer.Argument("latest", metavar="MØDE", help="Mødets nummer eller latest."),
    item: str = typer.Option(None, "--item", metavar="ID", help="Kun dette punkt (ellers alle dialogpunkter).",
                             show_default=False),
    from_file: Path = typer.Option(None, "--from", metavar="SVAR.toml", show_default=False,
                                   help="Tilføj svarene fra en TOML-fil; svar, mødet allerede har, springes over."),
    groups: int = typer.Option(None, "--groups", metavar="N", help="Antal grupper at vælge imellem.",
                               show_default=False),
) -> None:
    """Tilføj svar til et møde – interaktivt, punkt for punkt og gruppe for gruppe, eller fra en fil."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.errors import BadInput

    from aktorskab_cli.cli.serve_cmd import check_groups

    check_groups(groups)
    store = open_db(create=False)
    found = store.session(session)
    agenda = found.agenda
    if from_file is not None:
        _collect_from(store, found, from_file)
        return
    from aktorskab_cli.live.collect import collect as collect_answers, dialogue_items, saved_text

    items = dialogue_items(agenda, item)
    if not items:
        raise BadInput(f"Møde {found.id} har ingen dialogpunkter; vælg et punkt med --item")
    if not _terminal():
        raise BadInput("aktorskab collect skal bruge en terminal for at spørge; "
                       f"uden terminal: {command('collect MØDE --from SVAR.toml')}")
    saved = collect_answers(store, found.id, agenda, items, groups=groups or found.groups)
    typer.echo(f"{saved_text(saved, found.id)} Se mødet med: {command(f'show {found.id}')}")


def _collect_from(store, found, path: Path) -> None:  # noqa: ANN001 - a Store and a Session
    """collect --from: the file's new answers and its statuses into meeting `found`, all or nothing."""
    from aktorskab_cli.live.answers_import import read_answers_file
    from aktorskab_cli.programme.work import session_programme

    read = read_answers_file(path, found.agenda, session_programme(store, found.id), store)
    (added, skipped), statuses = read.save(  # running the same file again adds nothing
        store, lambda answers: (found.id, store.add_new_answers(found.id, answers)))
    already = f"; {skipped} fandtes allerede og er sprunget over." if skipped else "."
    typer.echo(f"Tilføjede {counted(len(added), 'svar', 'svar')} til møde {found.id}{already}{statuses} "
               f"Se dem med: {command(f'show {found.id}')}")
