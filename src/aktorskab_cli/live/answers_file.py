"""Answers from a TOML file, checked against the agenda: all accepted or none."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.agenda.loading import key_line, parse_toml, read_text, table_lines, validate
from aktorskab_cli.store.records import Answer


class _AnswerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item: Annotated[str, Field(min_length=1)]
    group: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    category: str | None = None
    question: Annotated[int, Field(ge=1, le=1000)] | None = None


def load_answers_file(path: Path, agenda: Agenda) -> list[Answer]:
    text = read_text(path)
    return parse_answers(text, path.name, agenda)


def parse_answers(text: str, name: str, agenda: Agenda) -> list[Answer]:
    data = parse_toml(text, name)
    headers = table_lines(text, "answer")

    def place(index: int, field: str | None = None) -> str:
        line = None
        if index < len(headers):
            end = headers[index + 1] - 1 if index + 1 < len(headers) else None
            line = (key_line(text, field, headers[index], end) if field else None) or headers[index]
        where = f"{name}, svar {index + 1}" + (f" (linje {line})" if line else "")
        return f"{where}, {field}" if field else where

    problems: list[str] = []
    entries = data.get("answer")
    for key in data:
        if key != "answer":
            problems.append(f"{name}, {key}: kendes ikke i en svarfil; skriv hvert svar som en tabel under [[answer]]")
    if isinstance(entries, dict):
        problems.append(f"{name}: skriv [[answer]] med to klammer for hvert svar, ikke [answer]")
        entries = []
    elif not isinstance(entries, list) or not entries:
        problems.append(f"{name}: der er ingen svar; skriv hvert svar som en tabel under [[answer]]")
        entries = []
    accepted: list[tuple[int, _AnswerEntry]] = []
    for index, raw in enumerate(entries):  # every answer is checked, so every problem is told at once
        if not isinstance(raw, dict):
            problems.append(f"{place(index)}: skal være en tabel; skriv svaret under [[answer]]")
            continue
        try:
            accepted.append((index, validate(_AnswerEntry, raw, name, lambda loc, i=index: place(i, str(loc[0]) if loc else None))))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    item_ids = ", ".join(i.id for i in agenda.items if i.is_dialogue) or ", ".join(i.id for i in agenda.items)
    for index, entry in accepted:
        problems.extend(_meaning_problems(entry, agenda, item_ids, lambda field, i=index: place(i, field)))
    if problems:
        raise ProblemsError(f"{name} kan ikke bruges – intet er gemt:", problems)
    return [Answer(e.item, e.group, e.text, e.question, e.category) for _, e in accepted]


def _meaning_problems(entry: _AnswerEntry, agenda: Agenda, item_ids: str, place: Callable[[str], str]) -> list[str]:
    """An answer must name an item of the agenda, a category of its frame and one of its questions."""
    item = agenda.item(entry.item)
    if item is None:
        return [f"{place('item')}: »{entry.item}« er ikke et punkt i dagsordenen; brug et af: {item_ids}"]
    problems = []
    if entry.category is not None:
        frame = agenda.frame_for(item)
        if frame is None:
            problems.append(f"{place('category')}: punktet »{item.title}« har ingen ramme at sortere i; fjern category")
        elif frame.category(entry.category) is None:
            known = ", ".join(c.id for c in frame.categories)
            problems.append(f"{place('category')}: »{entry.category}« er ikke en kategori i rammen "
                            f"»{frame.name}«; brug en af: {known}")
    if entry.question is not None and entry.question > len(item.questions):
        count = len(item.questions)
        has = f"har {count} spørgsmål" if count else "har ingen spørgsmål"
        problems.append(f"{place('question')}: spørgsmål {entry.question} findes ikke; punktet »{item.title}« {has}")
    return problems
