"""The agendas a user can pick from, and new agenda files to start from."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from aktorskab_cli.agenda import content
from aktorskab_cli.errors import AktorskabError

HEADER = """\
# Dagsorden til aktorskab. Ret den i en teksteditor, og tjek den med:
#   aktorskab agenda check {name}
# Tider skrives "8.00" eller "08:00". Hvert punkt ([[item]]) har en title og start og/eller minutes.
# kind: break (pause), talk (oplæg), dialogue (dialog), plenary (plenum), followup (opfølgning) eller other (andet).
# questions: en liste af spørgsmål eller navnet på et spørgsmålssæt i prompts/.
# frame: rammen, svarene sorteres i (fx "aktorskab", "temaer", "barrierer", "vejen-videre").

"""

BLANK = {
    "title": "Dialog om aktørskab",
    "organisation": "Lokalt MED-udvalg",
    "start": "9.00",
    "frame": "aktorskab",
    "item": [
        {"title": "Velkomst", "minutes": 10, "kind": "talk"},
        {
            "id": "dialog",
            "title": "Dialog i grupper",
            "minutes": 45,
            "kind": "dialogue",
            "questions": ["Hvad giver umiddelbart mening, og hvad kan være svært?"],
        },
        {"title": "Opsamling i plenum", "minutes": 20, "kind": "plenary"},
    ],
}


@dataclass(frozen=True)
class ListedAgenda:
    """One agenda as `agenda list` shows it (not the year plan's `programme.model.Entry`)."""

    name: str
    path: Path
    bundled: bool
    title: str
    items: int
    span: str  # "8.00–15.00", or a short Danish note on what is wrong
    shadowed_by: Path | None = None  # a bundled agenda hidden by the user's NAME.toml in this folder


def list_agendas(folder: Path) -> list[ListedAgenda]:
    from aktorskab_cli.agenda.cache import load_agenda_text
    from aktorskab_cli.agenda.schedule import format_span
    from aktorskab_cli.rules.commands import command, pasteable

    found = [(name, path, True) for name, path in content.bundled_agendas().items()]
    found += [(p.stem, p, False) for p in sorted(folder.glob("*.toml")) if _looks_like_agenda(p)]
    own = {name: path for name, path, bundled in found if not bundled}
    entries = []
    for name, path, bundled in found:
        shadow = own.get(name) if bundled else None
        try:
            agenda = load_agenda_text(path.read_text(encoding="utf-8"), path)
        except (AktorskabError, OSError, UnicodeDecodeError):
            check = command(f"agenda check {pasteable(path)}")  # the file: »agenda check« alone checks nothing
            entries.append(ListedAgenda(name, path, bundled, f"(fejl – kør {check})", 0, "", shadow))
            continue
        span = format_span(agenda.start, agenda.end)
        entries.append(ListedAgenda(name, path, bundled, agenda.title, len(agenda.items), span, shadow))
    return entries


_ITEM_TABLE = re.compile(r"^\s*\[\[\s*item\s*\]\]", re.MULTILINE)


def _looks_like_agenda(path: Path) -> bool:
    """An agenda has items: a TOML file with `item`, or one with a typo that has an [[item]] line (listed as
    an agenda with an error, rather than vanishing from the list)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return "item" in tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return _ITEM_TABLE.search(text) is not None


def new_agenda_text(source: str | None, target_name: str = "FIL") -> str:
    """An editable agenda: a copy of `source` (name or path), or a small blank one."""
    import tomli_w

    from aktorskab_cli.agenda.loading import parse_toml, read_text

    if source is None:
        data = BLANK
    else:
        path = content.bundled_agendas().get(source) or content.agenda_path(source)  # --from NAME: the bundled one
        data = parse_toml(read_text(path), path.name)
    return HEADER.format(name=target_name) + _offered(data) + tomli_w.dumps(data, multiline_strings=True)


def _offered(data: dict) -> str:
    """The meeting's day and the programme entry it is held for, as lines to uncomment (top-level keys: they
    stand above the title), each only when the agenda does not have it already."""
    lines = [line for key, line in (("date", "# date = 2026-04-07"),
                                    ("plan", '# plan = "aktorskab-2025-2026:omu-boerne-og-familieomraadet"'))
             if key not in data]
    if not lines:
        return ""
    return "\n".join([
        "# Mødets dato og posten i årets program, mødet holdes for (valgfri; posternes id'er står i:",
        "#   aktorskab plan show aktorskab-2025-2026). Fjern »# « foran linjen for at bruge den:",
        *lines]) + "\n\n"


def copied_date_notice(text: str, shown: str) -> str:
    """What to tell the facilitator about a new agenda `text` (written to `shown`) that has its source's date:
    a copy is the source, faithful (temadag keeps seed 000's 2 April 2025), but it is made for a day of their
    own, and `run` warns on any other day than the agenda's `date`. '' for an agenda without a date."""
    import datetime as dt

    from aktorskab_cli.rules.dates import danish_date

    day = tomllib.loads(text).get("date")
    if not isinstance(day, dt.date):
        return ""
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("date = "))
    return (f"Bemærk: datoen er kildens, {danish_date(day)} (date = {day.isoformat()} i {shown}, linje {line}). "
            "Ret den til dit mødes dag; ellers siger aktorskab run, at dagsordenen er til en anden dag.")
