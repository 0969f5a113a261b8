"""Answers from a TOML file, checked against the agenda: all accepted or none.

A file may also carry follow-up statuses for the meeting's programme (`[[status]]` with `entry`, `status`, an
optional `note` and an optional `due`, a new quarter or date that moves the entry), checked together with the answers by the `StatusCheck` the caller hands in
(`programme/work.status_problems`, so this module need not know the programme): every problem at once, and
nothing stored when there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.agenda.loading import (parse_toml, read_text, refuse_other_kind, table_field_line, table_lines,
                                          validate)
from aktorskab_cli.rules.answers import answer_problems
from aktorskab_cli.rules.commands import command, quoted
from aktorskab_cli.store.records import Answer


class _AnswerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item: str
    group: str  # empty, control characters, an unknown item …: answer_problems, the one rule for answers
    text: str
    category: str | None = None
    question: int | None = None


class _StatusEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    entry: str
    status: str
    note: str = ""
    due: str | None = None


@dataclass(frozen=True)
class StatusLine:
    """A [[status]] of an answers file: set `status` (as written: »gennemført«, »i gang« …) for `entry`; `due`
    (as written: »3. kvartal 2026«) moves it."""

    entry: str
    status: str
    note: str = ""
    due: str | None = None


# (entry, status, note, place, due) -> problems; `place(field)` names where, e.g. »svar.toml, status 1 (linje 9),
# entry«
StatusCheck = Callable[[str, str, str, Callable[[str], str], str | None], list[str]]


def _no_programme(line: _StatusEntry) -> str:
    """Why a [[status]] cannot be kept, and the `plan set` that sets it instead (only the programme to fill in)."""
    note = f" --note {quoted(line.note)}" if line.note else ""
    due = f" --ny-frist {quoted(line.due)}" if line.due else ""
    return ("mødet hører ikke til en post i et program, så en status kan ikke gemmes her; importér mødet med "
            f"--plan PROGRAM:POST, eller sæt status med: "
            f"{command(f'plan set PROGRAM {quoted(line.entry)} {quoted(line.status)}{note}{due}')}")


def parse_answers(text: str, name: str, agenda: Agenda) -> list[Answer]:
    return parse_answers_and_statuses(text, name, agenda, None)[0]


def load_answers_and_statuses(path: Path, agenda: Agenda,
                              check: StatusCheck | None) -> tuple[list[Answer], list[StatusLine]]:
    """The answers and the statuses of a file; `check` None: the meeting has no programme, and a [[status]]
    is a problem."""
    return parse_answers_and_statuses(read_text(path, None), path.name, agenda, check, path)


def _placer(text: str, name: str, table: str, word: str) -> Callable[[int, str | None], str]:
    headers = table_lines(text, table)

    def place(index: int, field: str | None = None) -> str:
        line = table_field_line(text, headers, index, field)
        where = f"{name}, {word} {index + 1}" + (f" (linje {line})" if line else "")
        return f"{where}, {field}" if field else where
    return place


def parse_answers_and_statuses(text: str, name: str, agenda: Agenda, check: StatusCheck | None,
                               path: Path | None = None) -> tuple[list[Answer], list[StatusLine]]:
    data = parse_toml(text, name)
    if "status" not in data:  # statuses alone make an answers file too
        refuse_other_kind(data, path or Path(name), "answers")
    place = _placer(text, name, "answer", "svar")
    problems: list[str] = []
    entries = data.get("answer")
    for key in data:
        if key not in ("answer", "status"):
            problems.append(f"{name}, {key}: kendes ikke i en svarfil; skriv hvert svar som en tabel under [[answer]]")
    statuses = _statuses(data.get("status"), text, name, check, problems)
    if isinstance(entries, dict):
        problems.append(f"{name}: skriv [[answer]] med to klammer for hvert svar, ikke [answer]")
        entries = []
    elif entries is None and statuses:
        entries = []  # statuses only: allowed
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
    return [Answer(e.item, e.group, e.text, e.question, e.category) for _, e in accepted], statuses


def _statuses(raw: object, text: str, name: str, check: StatusCheck | None, problems: list[str]) -> list[StatusLine]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(f"{name}: skriv [[status]] med to klammer for hver status, ikke [status]")
        return []
    place = _placer(text, name, "status", "status")
    out = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append(f"{place(index)}: skal være en tabel; skriv status under [[status]]")
            continue
        try:
            line = validate(_StatusEntry, entry, name, lambda loc, i=index: place(i, str(loc[0]) if loc else None))
        except ProblemsError as exc:
            problems.extend(exc.problems)
            continue
        if check is None:
            problems.append(f"{place(index)}: {_no_programme(line)}")
            continue
        problems.extend(check(line.entry, line.status, line.note, lambda field, i=index: place(i, field), line.due))
        out.append(StatusLine(line.entry, line.status, line.note, line.due))
    return out
