"""Answers from a TOML file, checked against the agenda: all accepted or none."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.agenda.loading import key_line, parse_toml, read_text, table_lines, validate
from aktorskab_cli.rules.answers import answer_problems
from aktorskab_cli.store.records import Answer


class _AnswerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item: str
    group: str  # empty, control characters, an unknown item …: answer_problems, the one rule for answers
    text: str
    category: str | None = None
    question: int | None = None


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
    for index, entry in accepted:
        answer = Answer(entry.item, entry.group, entry.text, entry.question, entry.category)
        problems.extend(answer_problems(answer, agenda, lambda field, i=index: place(i, field)))
    if problems:
        raise ProblemsError(f"{name} kan ikke bruges – intet er gemt:", problems)
    return [Answer(e.item, e.group, e.text, e.question, e.category) for _, e in accepted]
