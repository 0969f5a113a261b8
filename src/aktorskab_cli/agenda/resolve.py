"""An agenda file becomes a resolved Agenda: ids, times, questions and frames all settled."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aktorskab_cli.agenda import content
from aktorskab_cli.agenda.loading import (decode, key_line, parse_toml, read_text, refuse_other_kind, table_field_line,
                                          table_lines, validate, validate_salvaging)
from aktorskab_cli.agenda.model import Agenda, Item, PromptSet
from aktorskab_cli.agenda.schedule import plan
from aktorskab_cli.agenda.schema import AgendaFile, ItemFile, PromptFile
from aktorskab_cli.agenda.snapshot import prompt_set_from_dict
from aktorskab_cli.errors import ProblemsError

# What each use may name: intro/outro print framing sections in the opsamling, so a text or a frame.
_WANTED_KIND = {"frame": ("frame",), "questions": ("questions",), "intro": ("text", "frame"), "outro": ("text", "frame")}
_KIND_WORD = {"frame": "en ramme", "questions": "et spørgsmålssæt", "text": "en tekst"}


def load_prompt_set(path: Path) -> PromptSet:
    text = read_text(path)
    name = f"{path.parent.name}/{path.name}"  # prompts/aktorskab.toml: which folder it came from matters
    data = parse_toml(text, name)
    tables = {"category": ("kategori", table_lines(text, "category")), "point": ("punkt", table_lines(text, "point"))}

    def place(loc: tuple[Any, ...]) -> str:
        if len(loc) >= 2 and loc[0] in tables and isinstance(loc[1], int):
            what, headers = tables[loc[0]]
            field = str(loc[2]) if len(loc) > 2 else None
            line = table_field_line(text, headers, loc[1], field)
            where = f"{name}, {what} {loc[1] + 1}" + (f" (linje {line})" if line else "")
            return f"{where}, {field}" if field else where
        if not loc:
            return name
        line = key_line(text, str(loc[0]))
        return f"{name}, {loc[0]}" + (f" (linje {line})" if line else "")

    prompt = validate(PromptFile, data, name, place)
    return prompt_set_from_dict({**prompt.model_dump(), "name": path.stem})


def load_agenda(name_or_path: str) -> tuple[Agenda, str]:
    """Find, read and resolve an agenda; returns it with its TOML text (kept with each session)."""
    path = content.agenda_path(name_or_path)
    text = read_text(path)
    return load_agenda_text(text, path), text


def load_agenda_bytes(data: bytes, path: Path) -> Agenda:
    return load_agenda_text(decode(data, path.name), path)


def load_agenda_text(text: str, path: Path) -> Agenda:
    name = path.name
    data = parse_toml(text, name)
    refuse_other_kind(data, path, "agenda")
    places = _Places(text, name, data)
    parsed, problems = validate_salvaging(AgendaFile, data, name, places.of)
    if parsed is None:
        raise ProblemsError(f"{name} kan ikke bruges:", by_line(problems, name))
    return _resolve(parsed, path, places, problems)


def by_line(problems: list[str], name: str) -> list[str]:
    """The agenda file's own problems in the order of their lines, then those of the files it names."""
    def key(problem: str) -> tuple[int, int]:
        line = re.search(r"\(linje (\d+)\)", problem)
        return (0 if problem.startswith((f"{name},", f"{name}:")) else 1, int(line[1]) if line else 0)
    return sorted(problems, key=key)


class _Places:
    """Turns a location (('item', 2, 'minutes') or ('frame',)) into 'file, punkt 3 "Pause" (linje 14), minutes'."""

    def __init__(self, text: str, name: str, data: dict[str, Any]) -> None:
        self.text, self.name = text, name
        self.headers = table_lines(text, "item")
        raw_items = data.get("item")
        self.titles = [i.get("title") if isinstance(i, dict) else None for i in raw_items] if isinstance(raw_items, list) else []

    def item(self, index: int, field: str | None = None) -> str:
        title = self.titles[index] if index < len(self.titles) else None
        label = f"punkt {index + 1}" + (f" »{title}«" if isinstance(title, str) and title.strip() else "")
        line = table_field_line(self.text, self.headers, index, field)
        where = f"{self.name}, {label}" + (f" (linje {line})" if line else "")
        return f"{where}, {field}" if field else where

    def top(self, field: str) -> str:
        end = self.headers[0] - 1 if self.headers else None
        line = key_line(self.text, field, 0, end)
        return f"{self.name}, {field}" + (f" (linje {line})" if line else "")

    def of(self, loc: tuple[Any, ...]) -> str:
        if len(loc) >= 2 and loc[0] == "item" and isinstance(loc[1], int):
            field = str(loc[2]) if len(loc) > 2 and not isinstance(loc[2], int) else None
            return self.item(loc[1], field)
        return self.top(str(loc[0])) if loc else self.name


def _resolve(parsed: AgendaFile, path: Path, places: _Places, field_problems: list[str] = ()) -> Agenda:
    """Resolve the validated file; `field_problems` are the field problems already found (the fields at fault were
    left out of `parsed`): every problem is reported at once, none twice for the same place."""
    problems: list[str] = []
    known = content.known_prompts(path)
    loaded: dict[str, PromptSet] = {}

    def prompt(name: str, use: str, where: str) -> PromptSet | None:
        wanted = _WANTED_KIND[use]

        def candidates() -> str:
            return ", ".join(sorted(n for n in known if n not in content.OLD_NAMES
                                    and _peek_kind(known[n], loaded) in wanted)) or "(ingen)"

        if name not in known:
            problems.append(f"{where}: »{name}« findes ikke i prompts/; kendte: {candidates()}")
            return None
        if name not in loaded:
            try:
                loaded[name] = load_prompt_set(known[name])
            except ProblemsError as exc:
                problems.extend(exc.problems)
                return None
        found = loaded[name]
        if found.kind not in wanted:
            expected = " eller ".join(_KIND_WORD[k] for k in wanted)
            problems.append(f"{where}: »{name}« er {_KIND_WORD[found.kind]}, ikke {expected}; vælg en af: {candidates()}")
            return None
        return found

    if parsed.frame:
        prompt(parsed.frame, "frame", places.top("frame"))
    for use in ("intro", "outro"):
        for name in getattr(parsed, use):
            prompt(name, use, places.top(use))

    ids = _item_ids(parsed.items, places, problems)
    slots, timing = plan(parsed.start, [(i.start, i.minutes) for i in parsed.items])
    problems.extend(f"{places.item(p.index, p.field)}: {p.message}" for p in timing)

    items: list[Item] = []
    for index, (raw, item_id) in enumerate(zip(parsed.items, ids)):
        questions, question_set = raw.questions, None
        if isinstance(questions, str):
            question_set = questions
            found = prompt(questions, "questions", places.item(index, "questions"))
            questions = found.questions if found else []
        if raw.frame:
            prompt(raw.frame, "frame", places.item(index, "frame"))
        if raw.min_minutes is not None and raw.minutes is not None and raw.min_minutes > raw.minutes:
            problems.append(f"{places.item(index, 'min_minutes')}: er større end minutes ({raw.minutes}); sæt den lavere")
        if raw.plan is not None and raw.kind != "followup":
            problems.append(f"{places.item(index, 'plan')}: bruges kun ved et opfølgningspunkt; "
                            'skriv kind = "followup" (opfølgning) eller fjern plan')
        if index < len(slots):
            slot = slots[index]
            items.append(Item(
                id=item_id, title=raw.title, start=slot.start, minutes=slot.minutes, kind=raw.kind,
                lead=raw.lead, points=raw.points, note=raw.note, purpose=raw.purpose, questions=questions,
                question_set=question_set, frame=raw.frame, min_minutes=raw.min_minutes or 0,
                flexible=raw.flexible if raw.flexible is not None else raw.kind == "break", plan=raw.plan,
            ))
    if problems or field_problems:
        told = {p.split(": ", 1)[0] for p in field_problems}
        problems = list(field_problems) + [p for p in problems if p.split(": ", 1)[0] not in told]
        raise ProblemsError(f"{path.name} kan ikke bruges:", by_line(problems, path.name))
    return Agenda(
        name=path.stem, title=parsed.title, organisation=parsed.organisation, date=parsed.date,
        place=parsed.place, description=parsed.description, footer=parsed.footer, logo=parsed.logo,
        frame=parsed.frame, suggested_times=parsed.suggested_times, plan=parsed.plan, items=items, prompts=loaded, intro=parsed.intro, outro=parsed.outro,
    )


def slugify(title: str) -> str:
    """'Dialog i grupper – æøå' -> 'dialog-i-grupper-aeoeaa'."""
    text = title.lower()
    for src, dst in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u")):
        text = text.replace(src, dst)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].strip("-") or "punkt"


def _item_ids(items: list[ItemFile], places: _Places, problems: list[str]) -> list[str]:
    """Given ids must be unique; derived ones get -2, -3 … when they would collide."""
    given: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id is None:
            continue
        if item.id in given:
            first = given[item.id]
            problems.append(f"{places.item(index, 'id')}: »{item.id}« bruges også af punkt {first + 1}; "
                            "giv punkterne forskellige id'er")
        else:
            given[item.id] = index
    ids: list[str] = []
    taken = set(given)
    for item in items:
        if item.id is not None:
            ids.append(item.id)
            continue
        base = candidate = slugify(item.title)
        n = 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        ids.append(candidate)
    return ids


def _peek_kind(path: Path, loaded: dict[str, PromptSet]) -> str | None:
    """The kind of a prompt file without full validation, for listing alternatives."""
    if path.stem in loaded:
        return loaded[path.stem].kind
    try:
        data = parse_toml(read_text(path), path.name)
    except ProblemsError:
        return None
    kind = data.get("kind")
    return kind if isinstance(kind, str) else None
