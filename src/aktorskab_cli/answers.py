"""Answers from a TOML file, checked against the agenda: all accepted or none."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from aktorskab_cli.agenda import Agenda
from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.loading import key_line, parse_toml, read_text, table_lines, validate
from aktorskab_cli.store import Answer


class _AnswerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item: Annotated[str, Field(min_length=1)]
    group: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    category: str | None = None
    question: Annotated[int, Field(ge=1, le=1000)] | None = None


class _AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: Annotated[list[_AnswerEntry], Field(min_length=1)] = Field(alias="answer")


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

    def loc_place(loc: tuple[Any, ...]) -> str:
        if len(loc) >= 2 and loc[0] == "answer" and isinstance(loc[1], int):
            return place(loc[1], str(loc[2]) if len(loc) > 2 else None)
        if loc and loc[0] == "answer":
            return f"{name}, answer (skriv hvert svar som en tabel under [[answer]])"
        return f"{name}, {loc[0]}" if loc else name

    parsed = validate(_AnswersFile, data, name, loc_place)
    problems: list[str] = []
    item_ids = ", ".join(i.id for i in agenda.items if i.is_dialogue) or ", ".join(i.id for i in agenda.items)
    for index, entry in enumerate(parsed.answers):
        item = agenda.item(entry.item)
        if item is None:
            problems.append(f"{place(index, 'item')}: \"{entry.item}\" er ikke et punkt i dagsordenen; brug et af: {item_ids}")
            continue
        if entry.category is not None:
            frame = agenda.frame_for(item)
            if frame is None:
                problems.append(f"{place(index, 'category')}: punktet \"{item.title}\" har ingen ramme at sortere i; "
                                "fjern category")
            elif frame.category(entry.category) is None:
                known = ", ".join(c.id for c in frame.categories)
                problems.append(f"{place(index, 'category')}: \"{entry.category}\" er ikke en kategori i rammen "
                                f"\"{frame.name}\"; brug en af: {known}")
        if entry.question is not None and entry.question > len(item.questions):
            count = len(item.questions)
            has = f"har {count} spørgsmål" if count else "har ingen spørgsmål"
            problems.append(f"{place(index, 'question')}: spørgsmål {entry.question} findes ikke; "
                            f"punktet \"{item.title}\" {has}")
    if problems:
        raise ProblemsError(f"{name} kan ikke bruges – intet er gemt:", problems)
    return [Answer(e.item, e.group, e.text, e.question, e.category) for e in parsed.answers]
