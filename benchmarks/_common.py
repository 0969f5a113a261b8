"""What several benchmarks set up alike: a meeting of the temadag imported into a throw-away database, with
answers spread over its three dialogue items, eight groups and the frame's columns."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

ITEMS = ["dialog-cases", "organisationen-med", "god-dialog"]  # the temadag's dialogue items
CATEGORIES = ["mening", "mangler-svar", "opmaerksom", None]


def spread_answers(count: int, text: str) -> list[Answer]:
    """`count` answers, item, group and column in turn; `text` with {n}, the answer's number, so no two are equal."""
    return [Answer(item_id=ITEMS[n % 3], group=f"Gruppe {n % 8 + 1}", category=CATEGORIES[n % 4], text=text.format(n=n))
            for n in range(count)]


def imported_session(db: Path, answers: list[Answer]) -> int:
    """A meeting of the temadag imported into `db` with `answers`; its number."""
    agenda, text = load_agenda("temadag")
    store = open_store(db)
    try:
        return store.create_session(agenda, text, status="imported", answers=answers)
    finally:
        store.close()
