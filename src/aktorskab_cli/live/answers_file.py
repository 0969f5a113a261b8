"""Answers from a TOML file, checked against the agenda: all accepted or none."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.control_chars import control_chars
from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.agenda.loading import key_line, parse_toml, read_text, table_lines, validate
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


def answer_problems(answer: Answer, agenda: Agenda, place: Callable[[str], str]) -> list[str]:
    """What is wrong with one answer for a meeting with this agenda, every problem at once: an empty group or
    text, control characters in them, an item the agenda does not have, a category outside the item's
    frame, a question the item does not ask. The one rule for answers files, `collect --from` and an
    exported JSON (against the meeting's own agenda snapshot); `place(field)` names where, by the answers
    file's field names: item, group, text, question, category."""
    problems = []
    for field, value in (("group", answer.group), ("text", answer.text)):
        found = control_chars(value)
        if not value.strip():
            problems.append(f"{place(field)}: må ikke være tom")
        elif found:
            it = "det" if len(found) == 1 else "dem"
            problems.append(f"{place(field)}: indeholder {'et kontroltegn' if len(found) == 1 else 'kontroltegn'} "
                            f"({', '.join(found)}), som ikke hører hjemme i en tekst; fjern {it}")
    item = agenda.item(answer.item_id)
    if item is None:
        ids = ", ".join(i.id for i in agenda.items if i.is_dialogue) or ", ".join(i.id for i in agenda.items)
        return problems + [f"{place('item')}: »{answer.item_id}« er ikke et punkt i dagsordenen; brug et af: {ids}"]
    if answer.category is not None:
        frame = agenda.frame_for(item)
        if frame is None:
            problems.append(f"{place('category')}: punktet »{item.title}« har ingen ramme at sortere i; fjern category")
        elif frame.category(answer.category) is None:
            known = ", ".join(c.id for c in frame.categories)
            problems.append(f"{place('category')}: »{answer.category}« er ikke en kategori i rammen "
                            f"»{frame.name}«; brug en af: {known}")
    if answer.question is not None and not 1 <= answer.question <= len(item.questions):
        count = len(item.questions)
        has = f"har {count} spørgsmål" if count else "har ingen spørgsmål"
        problems.append(f"{place('question')}: spørgsmål {answer.question} findes ikke; punktet »{item.title}« {has}")
    return problems
