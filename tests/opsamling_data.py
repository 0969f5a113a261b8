"""Sessions for the opsamling tests: the bundled temadag with answers that are not in the repository."""

from __future__ import annotations

import datetime as dt

from aktorskab_cli.opsamling.model import SessionData
from aktorskab_cli.opsamling.timing import TimingRecord
from aktorskab_cli.store.records import Answer
from aktorskab_cli.agenda.resolve import load_agenda

TRICKY = [
    "Teams skal kende deres mandat, fx i valg af vikarer",
    "Sænk tempoet – giv plads til hjørneflag og støtte 🙂",
    "Lederne siger \"gør det\" – men mener de 'det'?",
    "Når <b>alt</b> er vigtigt & intet er klart",
    "Psykologisk tryghed: må man fejle? Å, ja! 👩‍👩‍👧",
]


def temadag(session_id: str = "1", *, answers: int | None = None, note: str | None = "Der er konsensus.",
            started: dt.datetime | None = dt.datetime(2025, 10, 14, 8, 0), timed: bool = True) -> SessionData:
    """The temadag with answers in all three columns, uncategorised ones, and a themed item."""
    agenda, _ = load_agenda("temadag")
    agenda = agenda.model_copy(deep=True)
    # one item summarised by the four themes, as in seed 002
    god = agenda.item("god-dialog")
    god.frame = "temaer"
    agenda.prompts["temaer"] = _temaer()
    records = list(_answers(answers))
    timings = None
    if timed:
        timings = []
        clock = agenda.start * 60.0 + 120
        for item in agenda.items:
            length = item.minutes * 60 + (300 if item.id == "dialog-cases" else 0)
            timings.append(TimingRecord(item.id, clock, clock + length, 0.0, 0, item.id == "ekstraordinaert-hu-moede"))
            clock += length
    return SessionData(id=session_id, agenda=agenda, answers=records, timings=timings, note=note, started=started)


def _temaer():
    from pathlib import Path

    from aktorskab_cli.agenda.resolve import load_prompt_set
    root = Path(__file__).resolve().parents[1]
    return load_prompt_set(root / "prompts" / "temaer.toml")


def _answers(count: int | None):
    cats = ["mening", "mangler-svar", "opmaerksom", None]
    themes = ["organisation", "roller-og-relationer", "ledelse", "arbejdsfaellesskab", None]
    if count is None:
        for n, text in enumerate(TRICKY):
            yield Answer("dialog-cases", f"Gruppe {n % 3 + 1}", text, category=cats[n % 4], question=n % 4 + 1)
        yield Answer("dialog-cases", "Gruppe 10", "Gruppe ti svarer sidst", category="mening")
        yield Answer("organisationen-med", "Gruppe 1", "Mod kræver opbakning fra organisationen", category="opmaerksom")
        yield Answer("organisationen-med", "Gruppe 2", "Uformelle ledere og faglige fyrtårne", category=None)
        yield Answer("god-dialog", "Gruppe 1", "Mindre detailstyring – mere tillid", category="ledelse")
        yield Answer("god-dialog", "Gruppe 2", "Fælles sprog om aktørskab", category="organisation")
        yield Answer("god-dialog", "Gruppe 3", "Fortæl de gode historier", category=None)
        return
    items = ["dialog-cases", "organisationen-med", "god-dialog"]
    for n in range(count):
        item = items[n % 3]
        cat = (themes[n % 5] if item == "god-dialog" else cats[n % 4])
        yield Answer(item, f"Gruppe {n % 8 + 1}", f"Svar nr. {n}: æøå ÆØÅ – fælles sprog & tryghed", category=cat)
