"""Moderation from the terminal while `serve` runs: counts per group, hide and show answers, close the item.

Line commands, read with input(): the terminal is the facilitator's own, and the server in its thread
never writes to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.rules.numbers import parse_number
from aktorskab_cli.rules.text import visible

HELP = ("Enter: status · l: vis svarene · s N: skjul svar N · v N: vis svar N igen · "
        "luk / åbn: luk eller åbn punktet for svar · w: adresserne · q: stop siden")


def moderate(db: Path, session_id: int, agenda: Agenda, echo: Callable[[str], None],
             read: Callable[[str], str] = input, addresses: str = "") -> None:
    """Until q (or end of input / Ctrl-C): one command per line, each stored before the next prompt.
    `addresses`: what w shows (the join, projector and facilitator addresses, and any warning)."""
    from aktorskab_cli.store import room as rooms
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.web.room import RoomState

    store = open_store(db)
    state = RoomState(store, session_id, agenda, rooms.ensure_room(store, session_id), "", set())
    echo(HELP)
    try:
        while True:
            try:
                line = read("> ").strip().lower()
            except EOFError:
                return
            if line in ("q", "quit", "stop"):
                return
            if line == "w" and addresses:
                echo(addresses)
                continue
            item = state.answer_item(store)
            if item is None:
                echo("Intet punkt er åbent for svar: dagen er ikke nået til en dialog endnu. Åbn et punkt på "
                     "ordstyrerens side." if any(i.is_dialogue for i in agenda.items) else
                     "Dagsordenen har ingen dialogpunkter.")
                continue
            word, _, rest = line.partition(" ")
            if word == "":
                counts = rooms.group_counts(store, session_id, item.id)
                state_text = "åbent" if state.is_open(store, item) else "lukket"
                groups = " · ".join(f"{g}: {n}" for g, (n, _) in sorted(counts.items())) or "ingen svar endnu"
                echo(f"{item.title} ({state_text} for svar) – {groups}")
            elif word == "l":
                for a in store.answers(session_id, item.id, include_hidden=True):
                    asked = f" (spm. {a.question})" if a.question and len(item.questions) > 1 else ""
                    echo(f"{a.id:>5}  {visible(a.group)}{asked}: {visible(a.text)}" + ("  [skjult]" if a.hidden else ""))
            elif word in ("s", "v") and (number := parse_number(rest)) is not None:
                if rooms.set_hidden(store, session_id, number, word == "s"):
                    echo(f"Svar {rest.strip()} er {'skjult' if word == 's' else 'vist igen'}.")
                else:
                    echo(f"Svar {rest.strip()} findes ikke i mødet.")
            elif word in ("luk", "åbn", "aabn"):
                rooms.set_closed(store, session_id, item.id, word == "luk")
                echo(f"{item.title}: {'lukket' if word == 'luk' else 'åbent'} for svar.")
            else:
                echo(HELP)
    except KeyboardInterrupt:
        return
    finally:
        store.close()
