"""A meeting of the bundled `temadag` with six answers whose texts hold what Markdown, HTML and DOCX must escape:
what the export tests write out."""

from __future__ import annotations

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

ANSWERS = [
    ("dialog-cases", "Gruppe 2", "Teams skal kende deres mandat, fx i valg af vikarer", "mening"),
    ("dialog-cases", "Gruppe 1", "Hvor kan ledere give slip – og stadig sikre retning?", "mangler-svar"),
    ("dialog-cases", "Gruppe 1", "Tydelige hjørneflag, \"tillid\" & <tryghed> 🙂", "opmaerksom"),
    ("dialog-cases", "Gruppe 3", "Sænk tempoet | *ikke* for hurtigt", None),
    ("god-dialog", "Gruppe 1", "# Fortæl de gode historier [her]", None),
    ("god-dialog", "Gruppe 2", "1. Fælles sprog_om_aktørskab \\ `kode`", None),
]


def stored_meeting(answers=ANSWERS, status: str = "imported") -> int:
    """The meeting with `answers` (item, group, text, category), stored in the test's database; its number."""
    agenda, text = load_agenda("temadag")
    store = open_store()
    try:
        return store.create_session(agenda, text, status=status, answers=[
            Answer(item_id=i, group=g, text=t, category=c) for i, g, t, c in answers])
    finally:
        store.close()
