"""Sessions for the opsamling tests: the bundled temadag with answers that are not in the repository."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from aktorskab_cli.opsamling.model import SessionData
from aktorskab_cli.live.engine import ItemTiming
from aktorskab_cli.store.records import Answer, Session
from aktorskab_cli.synthesis.model import Point
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
    # one item summarised by the four themes, as in seed 002
    agenda = replace(agenda, items=[replace(i, frame="temaer") if i.id == "god-dialog" else i for i in agenda.items],
                     prompts={**agenda.prompts, "temaer": _temaer()})
    records = [replace(a, id=n) for n, a in enumerate(_answers(answers), 1)]  # ids as the store gives them
    timings = None
    if timed:
        timings = []
        clock = agenda.start * 60.0 + 120
        for item in agenda.items:
            length = item.minutes * 60 + (300 if item.id == "dialog-cases" else 0)
            timings.append(timed_item(item, clock, clock + length, skipped=item.id == "ekstraordinaert-hu-moede"))
            clock += length
    return session_data(session_id, agenda, records, timings=timings, note=note, started=started)


def session_data(session_id: str, agenda, answers=(), *, timings=None, note: str | None = None,  # noqa: ANN001
                 started: dt.datetime | None = None, title: str = "", speed: float = 1.0) -> SessionData:
    """A meeting as the opsamling reads it, with the stored session it is a view of (`Session`)."""
    from aktorskab_cli.agenda.snapshot import agenda_to_json

    number = int(session_id) if session_id.isdigit() else 1
    status = "finished" if timings is not None else "imported"  # run live, or answers typed in afterwards
    session = Session(number, agenda.name, title, status, started.isoformat() if started else "", None, None,
                      speed, note, len(answers), agenda_to_json(agenda), "")
    return SessionData(id=session_id, session=session, agenda=agenda, answers=answers, timings=timings)


def with_session(data: SessionData, **changes: object) -> SessionData:
    """`data` whose stored session says otherwise: with_session(data, title="Temadag i Grenaa")."""
    return replace(data, session=replace(data.session, **changes))


def timed_item(item, start: float, end: float, *, paused: float = 0.0, skipped: bool = False) -> ItemTiming:  # noqa: ANN001
    """What a run records for `item` (an agenda Item) that went from `start` to `end` (agenda-clock seconds)."""
    return ItemTiming(item.id, item.start, item.minutes, start, end, end - start - paused, paused, 0, skipped)


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


def synthesised(session_id: str = "1", **kwargs):  # noqa: ANN201 - SessionData
    """The temadag with a synthesis as a facilitator makes it: two answers merged into one point, themes,
    a barrier, vejen videre, a plan over three quarters and a closing text with markup."""
    from aktorskab_cli.synthesis.draft import draft
    from aktorskab_cli.synthesis.model import Action, Section, Synthesis, Theme

    session = temadag(session_id, **kwargs)
    themes = [Theme("organisation", "Organisation – kultur, retning og fælles forståelse", "Hovedudvalget bakker op.",
                    ("Tydelige rammer og forventninger", "Psykologisk tryghed")),
              Theme("ledelse", "Ledelse – råderum, retning og nærvær")]
    base = draft(session.answers, None, themes=themes)
    first, second = [p for p in base.points if p.item == "dialog-cases" and p.category == "mening"][:2]
    base = base.merge([first.uuid, second.uuid], text="Tydelige hjørneflag, tillid og psykologisk tryghed")
    merged = next(p for p in base.points if p.text.startswith("Tydelige hjørneflag"))
    base = base.move(merged.uuid, theme="organisation")
    synthesis = Synthesis(
        title="Opsamling på workshop og HU-temadag om styrket aktørskab", intro="Et **kort** overblik.",
        closing="Der er *konsensus* om mere handlekraft.\n\n- Tydelighed\n- Tryghed",
        points=base.points + (
            Point("Uklart råderum", kind="barrier", detail="Hvis mandat og rammer ikke er tydelige …"),
            Point("Tage det ud i de enkelte LMU'er", kind="next")),
        themes=base.themes,
        sections=(Section("Yderligere opmærksomhedspunkter", "Fra dialogen", ("Sikker opbakning",), "1. En\n2. To"),),
        actions=(Action("Dialogmøder i OMU", "OMU", "1. kvartal 2026"), Action("Tema på DIR-seminar", "Direktionen",
                 "4. kvartal 2025"), Action("Fortsat kobling til vision", "HU", "løbende"),
                 Action("Tema på KCL", "KCL", "2025 K4")))
    return replace(session, synthesis=synthesis)
