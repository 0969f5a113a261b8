"""Which programme a followup item (`kind = "followup"`) follows up, and how that is said in Danish.

Pure and small: `agenda show`, `agenda check`, the printed programme and the live screen all ask here, so the
rule and its words are decided once. The rule: the item's own `plan = "NAME"`; else the programme of the
meeting's link (`run … --plan NAME:ENTRY`, or the agenda's `plan = "NAME:ENTRY"`); else none, and the
item says so and how to fix it.
"""

from __future__ import annotations

import re

from aktorskab_cli.agenda.model import Agenda, Item
from aktorskab_cli.rules.commands import command

STATUS_WORDS = "ikke startet, i gang, gennemført, ændret eller droppet"
NO_PLAN = ("Punktet følger ikke op på noget program endnu. Skriv plan = \"PROGRAM\" ved punktet i dagsordenen "
           "(fx plan = \"aktorskab-2025-2026\") eller plan = \"PROGRAM:POST\" øverst i den, eller kør mødet med "
           "--plan PROGRAM:POST.")


def link_hint(session_id: int, programme: str, entry: str) -> str:
    """The one sentence a running meeting's followup item without a programme says: how to link it, as a
    command to paste (`entry`, an example the caller picked, named again as the part to change)."""
    return (f"Mødet er ikke knyttet til årets program: gem og stop det med q, og fortsæt med "
            f"{command(f'run --resume {session_id} --plan {programme}:{entry}')} (med mødets egen post i stedet for "
            f"{entry}: se posterne med {command(f'plan show {programme}')}).")


HOW_TO_NAME = ("skriv plan = \"PROGRAM\" ved punktet eller plan = \"PROGRAM:POST\" øverst i dagsordenen, eller kør "
               "mødet med --plan PROGRAM:POST.")


def programme_name(agenda: Agenda, item: Item, link: str | None = None) -> str | None:
    """The programme `item` follows up: its own `plan`, else NAME of the meeting's link "NAME:ENTRY"
    (`link` as given to `run --plan`, else the agenda's own), else None."""
    if item.plan:
        return item.plan
    link = link or agenda.plan
    if not link:
        return None
    split = split_link(link)
    return split[0] if split else link


_ENTRY_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LINK_FORM = 'skal skrives PROGRAM:POST, fx plan = "aktorskab-2025-2026:omu-administration"'


def split_link(link: str) -> tuple[str, str] | None:
    """'aktorskab-2025-2026:omu-administration' -> (programme, entry): split at the last ':', the entry an id
    (so 'C:\\plan.toml' is a Windows path without an entry, not NAME 'C'); None when it is not of that form."""
    name, sep, entry = link.strip().rpartition(":")
    if not sep or not name.strip() or not _ENTRY_ID.match(entry.strip()):
        return None
    return name.strip(), entry.strip()


def about(agenda: Agenda, item: Item, title: str | None = None) -> str:
    """What the item is, for the printed programme and dialogue guide: the programme by its `title` (as the
    guide's page names it) when it could be read, else by the name the agenda gives."""
    name = programme_name(agenda, item)
    which = f"handleplanen »{title}«" if title else f"handleplanen ({name})" if name else "handleplanen"
    return f"Vi følger op på {which}: hver handlings status – {STATUS_WORDS}."


def check_notes(agenda: Agenda) -> list[str]:
    """`agenda check`'s remarks on followup items that follow up no programme (allowed: `run --plan` may
    name one)."""
    return [f"Bemærk: punkt {n} »{item.title}« er en opfølgning uden program; {HOW_TO_NAME}"
            for n, item in enumerate(agenda.items, 1) if item.is_followup and not programme_name(agenda, item)]


def show_lines(agenda: Agenda) -> list[str]:
    """`agenda show`'s line per followup item: which programme it follows up."""
    lines = []
    for item in agenda.items:
        if not item.is_followup:
            continue
        name = programme_name(agenda, item)
        lines.append(f"»{item.title}« følger op på programmet {name}." if name else
                     f"»{item.title}« følger ikke op på noget program endnu: {HOW_TO_NAME}")
    return lines
