"""`aktorskab export | combine | note`: the opsamling of one or several meetings, and its concluding text."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from aktorskab_cli.cli.logo import logo_option
from aktorskab_cli.cli.options import session_argument

from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.numbers import counted, plural

_FORMAT_HELP = "docx (Word), pptx (dias), md (Markdown) eller json; standard: ud fra filnavnet, ellers docx."
_TIMING_HELP = "Tag programmet med planlagte og faktiske tider med som bilag (det er facilitatorens eget)."
_COUNTS_HELP = "Skriv efter hvert punkt, hvor mange grupper (fra 2) og prikker der står bag det."
_APPENDIX_HELP = "Tag bilaget med alle svar med (--no-appendix: udelad det)."
_FORCE_HELP = "Overskriv en eksisterende fil (ellers stopper kommandoen, så rettelser i Word ikke går tabt)."


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("combine")(combine)
    app.command("note")(note)


def export(
    session: str = session_argument(),
    output: Path = typer.Option(None, "-o", "--output", metavar="FIL|MAPPE", help="Filen (eller mappen) opsamlingen skrives til.",
                                show_default=False),
    fmt: str = typer.Option(None, "--format", "-f", metavar="docx|pptx|md|json", help=_FORMAT_HELP, show_default=False),
    force: bool = typer.Option(False, "--force", help=_FORCE_HELP),
    with_timing: bool = typer.Option(False, "--with-timing", help=_TIMING_HELP),
    counts: bool = typer.Option(True, "--counts/--no-counts", help=_COUNTS_HELP),
    appendix: bool = typer.Option(True, "--appendix/--no-appendix", help=_APPENDIX_HELP),
    logo: Path = logo_option(),
) -> None:
    """Skriv opsamlingen af et møde: Word, dias, Markdown eller JSON (fx opsamling-temadag-2025-04-02.docx).

    Er svarene sammenfattet (aktorskab summary), bruges sammenfatningen; ellers et automatisk udkast."""
    _write([session], output, fmt, title=None, force=force, with_timing=with_timing,
           look=Look(counts=counts, appendix=appendix, logo=logo))


def combine(
    sessions: list[str] = typer.Argument(None, metavar="MØDE…", help="Mødenumrene (latest for det nyeste).",
                                         show_default=False),
    output: Path = typer.Option(None, "-o", "--output", metavar="FIL|MAPPE", help="Filen (eller mappen) opsamlingen skrives til.",
                                show_default=False),
    fmt: str = typer.Option(None, "--format", "-f", metavar="docx|pptx|md|json", help=_FORMAT_HELP, show_default=False),
    title: str = typer.Option(None, "--title", help="Dokumentets titel (standard: Samlet opsamling).",
                              show_default=False),
    force: bool = typer.Option(False, "--force", help=_FORCE_HELP),
    with_timing: bool = typer.Option(False, "--with-timing", help=_TIMING_HELP),
    counts: bool = typer.Option(True, "--counts/--no-counts", help=_COUNTS_HELP),
    appendix: bool = typer.Option(True, "--appendix/--no-appendix", help=_APPENDIX_HELP),
    logo: Path = logo_option(),
    from_archive: bool = typer.Option(False, "--from-archive", help="Møderne fra det fælles arkiv i stedet for "
                                      "denne maskines (vælg dem med --agenda, --since og --organisation)."),
    agenda: str = typer.Option(None, "--agenda", help="Med --from-archive: kun møder efter denne dagsorden.",
                               show_default=False),
    since: str = typer.Option(None, "--since", metavar="DATO", help="Med --from-archive: kun møder fra denne dag.",
                              show_default=False),
    organisation: str = typer.Option(None, "--organisation", help="Med --from-archive: kun organisationer, hvis "
                                     "navn indeholder teksten.", show_default=False),
    archive: str = typer.Option(None, "--archive", metavar="URL", envvar="AKTORSKAB_ARCHIVE", show_default=False,
                                help="Med --from-archive: arkivet, fx postgresql://hr@db.kommune.dk/aktorskab."),
) -> None:
    """Én opsamling af flere møder: ens punkter samles og tæller alle grupper og møder bag sig, punkter fra flere møder står øverst, og hvert svar mærkes med sit møde."""
    from aktorskab_cli.errors import BadInput

    look = Look(counts=counts, appendix=appendix, logo=logo)
    if not from_archive:
        if not sessions:
            raise BadInput(f"Angiv de møder, der skal samles (numre fra {command('sessions')}), eller --from-archive")
        if agenda or since or organisation:
            raise BadInput("--agenda, --since og --organisation vælger møder i arkivet; brug dem med --from-archive")
        _write(sessions, output, fmt, title=title, force=force, with_timing=with_timing, look=look)
        return
    if sessions:
        raise BadInput("Angiv enten mødenumre eller --from-archive, ikke begge")
    from aktorskab_cli.archive.actions import read_archive
    from aktorskab_cli.archive.connect import conninfo
    from aktorskab_cli.cli.archive_cmd import archive_filters
    from aktorskab_cli.writers.files import choose_format

    chosen = choose_format(fmt, output)  # a wrong format is told before the archive is asked
    data, rehearsals = read_archive(conninfo(archive), archive_filters(agenda, since, organisation),
                                    records=chosen == "json")
    _emit(data, output, fmt, title, force, with_timing, source=f" fra {counted(len(data), 'møde', 'møder')} i arkivet",
          from_archive=True, look=look)
    if rehearsals:
        typer.echo(f"Bemærk: {counted(len(rehearsals), 'generalprøve', 'generalprøver')} i arkivet er udeladt "
                   f"({', '.join(rehearsals)}): en generalprøve er ikke et afholdt møde.", err=True)


class Look:
    """How the document looks beyond what the meeting holds: `--counts`, `--no-appendix` (and `--logo`)."""

    def __init__(self, counts: bool = True, appendix: bool = True, logo: Path | None = None) -> None:
        self.counts, self.appendix, self.logo = counts, appendix, logo
        if logo is not None:  # a bad --logo is told before anything is read
            from aktorskab_cli.cli.logo import chosen_logo

            chosen_logo(logo, None)


def _write(refs: list[str], output: Path | None, fmt: str | None, title: str | None, force: bool,
           with_timing: bool, look: Look) -> None:
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.opsamling.read import no_answers_message, read_sessions
    from aktorskab_cli.writers import files as core

    chosen = core.choose_format(fmt, output)  # a wrong format is told before anything is read
    store = open_db(create=False, write=False)
    try:
        data = read_sessions(store, refs, records=chosen == "json")
        if len(data) == 1 and not data[0].answers and not with_timing:  # the programme alone is worth it
            raise BadInput(no_answers_message(store, data[0], latest=refs == ["latest"]))
    finally:
        store.close()
    _emit(data, output, fmt, title, force, with_timing, look=look)


def _emit(data: list, output: Path | None, fmt: str | None, title: str | None, force: bool,  # noqa: ANN001
          with_timing: bool, source: str = "", from_archive: bool = False, look: Look | None = None) -> None:
    """Build the opsamling of `data` (SessionData, from this machine or the archive) and write it."""
    from aktorskab_cli.cli.logo import chosen_logo
    from aktorskab_cli.opsamling.build import build
    from aktorskab_cli.writers import files as core

    chosen = core.choose_format(fmt, output)
    look = look or Look()
    ops = build(data, title=title, created=core.now(), with_timing=with_timing, counts=look.counts,
                appendix=look.appendix)
    ops.logo = chosen_logo(look.logo, ops.logo)
    target = core.write_file(ops, core.target_path(ops, output, chosen), chosen, force=force)
    typer.echo(f"Opsamlingen er skrevet til {core.shown(target)} ({counted(len(ops.answers), 'svar', 'svar')}{source}).")
    for notice in _notices(data, from_archive):
        typer.echo(f"Bemærk: {notice}", err=True)


def _notices(data: list, from_archive: bool = False) -> list[str]:  # noqa: ANN001 - SessionData, imported late
    """What the facilitator should know about the document just written (a meeting from the archive is
    named by its archive id, and is fixed on a machine that has it: pulled, then by its local number)."""
    from aktorskab_cli.opsamling.build import part_key

    out = []
    agendas: dict[str, str] = {}  # a part's key: the name of its first agenda (omu-bf.toml is a dialogmoede)
    for session in data:
        agendas.setdefault(part_key(session.agenda), session.agenda.name)
    if len(agendas) > 1:
        out.append(f"møderne bruger forskellige dagsordener ({', '.join(agendas.values())}); hver har sin egen del i "
                   "opsamlingen, og kun temaer, barrierer, vejen videre og handleplan er fælles")
    for session in data:
        if not session.answers:
            how = (f"hent mødet med: {command(f'archive pull {session.id}')}, tilføj svarene med: "
                   f"{command('collect MØDE')} (det nummer, pull nævner), og send mødet igen med: "
                   f"{command('archive push MØDE')}" if from_archive else
                   f"tilføj dem med: {command(f'collect {session.id}')}")
            out.append(f"møde {session.id} har ingen svar endnu – {how}")
        elif session.waiting:
            count = sum(len(p.answers) for p in session.synthesis.points if p.uuid in session.waiting)
            they, them = plural(count, "det", "de"), plural(count, "det", "dem")
            how = (f"hent mødet med: {command(f'archive pull {session.id}')}, placér {them} med: "
                   f"{command('summary board MØDE')} (det nummer, pull nævner), og send mødet igen med: "
                   f"{command('archive push MØDE')}" if from_archive else
                   f"placér {them} med: {command(f'summary board {session.id}')}")
            out.append(f"{counted(count, 'nyt svar', 'nye svar')} i møde {session.id} er endnu ikke samlet "
                       f"({they} står under »Nye svar, endnu ikke samlet«); {how}")
    return out


def note(
    session: str = session_argument(),
    text: str = typer.Option(None, "--text", help="Teksten (en tom tekst fjerner den).", show_default=False),
    file: Path = typer.Option(None, "--file", help="Læs teksten fra en fil (- for standard-input).",
                              show_default=False),
) -> None:
    """Skriv facilitatorens egen opsamlende tekst (»Opsamlende«) til et møde."""
    from aktorskab_cli.cli.context import open_db
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.rules.text import control_problem

    if text is not None and file is not None:
        raise BadInput("Brug enten --text eller --file, ikke begge")
    store = open_db(create=False)
    found = store.session(session)
    if file is not None:
        text = _read_note_file(file)
    elif text is None:
        text = _ask_note(found.note)
        if text is None:
            typer.echo("Ingen tekst skrevet; den opsamlende tekst er uændret.", err=True)
            return
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a file saved on Windows
    problem = control_problem(text)
    if problem:  # the rule answers and the draft's closing are held to
        raise BadInput(f"Den opsamlende tekst {problem}. Intet er gemt")
    store.set_note(found.id, text.strip() or None)
    typer.echo(f"Den opsamlende tekst til møde {found.id} er {'gemt' if text.strip() else 'fjernet'}.")


def _read_note_file(file: Path) -> str:
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.agenda.loading import read_bytes

    if str(file) == "-":
        return sys.stdin.read()
    try:
        return read_bytes(file).decode("utf-8-sig")  # an empty note is allowed: it removes the note
    except UnicodeDecodeError:
        raise BadInput(f"{file} er ikke UTF-8-tekst; gem den som UTF-8 og prøv igen") from None


def _ask_note(current: str | None) -> str | None:
    """Plain multi-line input: two empty lines in a row, or Ctrl-D (Ctrl-Z Enter on Windows), end it."""
    if current:
        typer.echo(f"Nuværende tekst:\n{current}\n")
    typer.echo("Skriv den opsamlende tekst. Afslut med to tomme linjer eller Ctrl-D.")
    lines: list[str] = []
    try:
        while True:
            line = input()
            if not line.strip() and lines and not lines[-1].strip():
                break
            lines.append(line)
    except EOFError:
        pass
    except KeyboardInterrupt:
        typer.echo("\nAfbrudt; intet er ændret.", err=True)
        raise typer.Exit(130) from None
    text = "\n".join(lines).strip()
    return text or None
