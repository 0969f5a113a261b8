"""A programme file (TOML) -> `Programme`, checked the way an agenda is: every problem at once, each as
`fil.toml, linje N, [[entry]] nr. K, field: what to change`, in Danish, with »mente du …?« for near misses.

Checked: TOML syntax, unknown or misspelt fields, missing `what`/`when`, an unreadable `when`, an id given
twice, an `agenda` that is neither a bundled agenda nor a file beside the programme. An entry without `id`
gets one derived from its text (`what` and `who`), the same every time the file is read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from aktorskab_cli.agenda.loading import (
    key_line, parse_toml, read_text, refuse_other_kind, table_field_line, table_lines, validate_salvaging,
)
from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.programme.model import Entry, Programme, Source
from aktorskab_cli.programme.when import parse_when
from aktorskab_cli.rules.text import nearest, you_meant

FIELDS = ("title", "organisation", "entry", "id", "what", "who", "when", "agenda", "source", "meeting", "points")
DANISH_FIELDS = {"titel": "title", "organisering": "organisation", "organization": "organisation",
                 "post": "entry", "entries": "entry", "hvad": "what", "hvem": "who", "hvornaar": "when",
                 "hvornår": "when", "dagsorden": "agenda", "kilde": "source", "møde": "meeting", "moede": "meeting"}
WHEN_HINT = ("skriv et kvartal (»4. kvartal 2025«, »2025 K4«, »3.-4. kvartal 2026«), en dato (2026-04-07) "
             "eller »løbende«")


def load_programme(path: Path, key: str | None = None) -> tuple[Programme, str]:
    """The programme in the file and the file's text; `key` defaults to the file's stem."""
    text = read_text(path, "aktorskab plan new {name}")
    return parse_programme(text, path, key), text


def parse_programme(text: str, path: Path, key: str | None = None) -> Programme:
    from aktorskab_cli.programme.schema import ProgrammeFile

    name = path.name
    data = parse_toml(text, name)
    refuse_other_kind(data, path, "programme")
    headers = table_lines(text, "entry")
    places = _Places(text, name, headers)
    problems: list[str] = []
    entries = data.get("entry")
    if isinstance(entries, dict):
        problems.append(f"{name}: skriv [[entry]] med to klammer for hver post i planen, ikke [entry]")
    elif entries is not None and not (isinstance(entries, list) and all(isinstance(e, dict) for e in entries)):
        problems.append(f"{places.top('entry')}: skriv hver post i planen som en tabel under [[entry]]")
    elif not entries:
        problems.append(f"{name}: der er ingen poster; tilføj mindst én [[entry]] med what og when")
    if problems:
        data.pop("entry", None)
    parsed, found = validate_salvaging(ProgrammeFile, data, name, places.of, (FIELDS, DANISH_FIELDS))
    problems += found
    if parsed is None:
        raise ProblemsError(f"{name} kan ikke bruges:", _by_line(problems, name))
    raw = data.get("entry") if isinstance(data.get("entry"), list) else []
    unwritten = {i for i, e in enumerate(raw) if isinstance(e, dict) and "when" not in e}  # told: »mangler«
    built = _entries(parsed.entries, path, places, problems, unwritten)
    if problems:
        raise ProblemsError(f"{name} kan ikke bruges:", _by_line(problems, name))
    return Programme(key or path.stem, parsed.title, parsed.organisation, tuple(built))


class _Places:
    def __init__(self, text: str, name: str, headers: list[int]) -> None:
        self.text, self.name, self.headers = text, name, headers

    def entry(self, index: int, field: str | None = None) -> str:
        line = table_field_line(self.text, self.headers, index, field)
        if line is None:
            return f"{self.name}, [[entry]] nr. {index + 1}" + (f", {field}" if field else "")
        return f"{self.name}, linje {line}, [[entry]] nr. {index + 1}" + (f", {field}" if field else "")

    def top(self, field: str) -> str:
        before = self.headers[0] if self.headers else None
        line = key_line(self.text, field, 0, before)
        return f"{self.name}" + (f", linje {line}" if line else "") + f", {field}"

    def of(self, loc: tuple[Any, ...]) -> str:
        if len(loc) >= 2 and loc[0] == "entry" and isinstance(loc[1], int):
            return self.entry(loc[1], ".".join(str(p) for p in loc[2:]) or None)
        return self.top(str(loc[0])) if loc else self.name


def derive_id(what: str, who: str, taken: set[str]) -> str:
    """An entry's id from its text, the same every time: 'Dialogmøder i OMU' + 'Sundhed og omsorg' ->
    'dialogmoeder-i-omu-sundhed-og-omsorg'; whole words up to 40 characters; -2, -3 … when `taken` has it
    (the id is added to `taken`)."""
    from aktorskab_cli.agenda.resolve import slugify

    base = ""
    for word in filter(None, (slugify(w) if any(c.isalnum() for c in w) else "" for w in f"{what} {who}".split())):
        if base and len(base) + 1 + len(word) > 40:
            break
        base = f"{base}-{word}" if base else word
    base = base[:40] or "post"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _entries(files: list[Any], path: Path, places: _Places, problems: list[str],
             unwritten: set[int] = frozenset()) -> list[Entry]:
    """The entries of the file's tables; a `when` left out (`unwritten`: the indexes, already told as missing)
    is not told again as unreadable."""
    given: dict[str, int] = {}
    for index, e in enumerate(files):
        if e.id is None:
            continue
        if e.id in given:
            problems.append(f"{places.entry(index, 'id')}: »{e.id}« bruges også af post {given[e.id] + 1}; "
                            "giv posterne forskellige id'er")
        else:
            given[e.id] = index
    taken = set(given)
    out = []
    for index, e in enumerate(files):
        entry_id = e.id
        if entry_id is None:
            entry_id = derive_id(e.what, e.who, taken)
        when = parse_when(e.when)
        if when is None and index not in unwritten:
            problems.append(f"{places.entry(index, 'when')}: {_when_problem(e.when)}")
        if e.agenda is not None:
            problem = agenda_problem(e.agenda, path)
            if problem:
                problems.append(f"{places.entry(index, 'agenda')}: {problem}")
        source = Source(e.source.meeting, tuple(e.source.points)) if e.source else None
        if when is not None:
            out.append(Entry(entry_id, e.what, e.who, when, e.agenda, source))
    return out


def _when_problem(value: str | dt.date) -> str:
    import re

    text = str(value).strip()
    number = re.match(r"^\s*([0-9]+)\.?\s*kvartal", text)
    if number and not 1 <= int(number[1]) <= 4:
        return f"»{text}« kan ikke læses: der er kun fire kvartaler; {WHEN_HINT}"
    if re.match(r"^\s*[0-9]\.?\s*[-–]\s*[0-9]\.?\s*kvartal\s*[0-9]{4}\s*$", text):
        return f"»{text}« kan ikke læses: spændet slutter, før det begynder; {WHEN_HINT}"
    return f"»{text}« kan ikke læses; {WHEN_HINT}"


def agenda_problem(name: str, near: Path) -> str | None:
    """None when `name` is a bundled agenda or an agenda file beside the programme; else what to write."""
    from aktorskab_cli.agenda.content import bundled_agendas

    bundled = bundled_agendas()
    if name in bundled or agenda_file(name, near) is not None:
        return None
    guess = nearest(name, bundled)
    hint = you_meant(guess) if guess else f"brug en indbygget dagsorden ({', '.join(bundled)}) eller en fil"
    return f"dagsordenen »{name}« findes ikke – hverken som indbygget dagsorden eller som fil ved siden af {near.name}; {hint}"


def agenda_file(name: str, near: Path) -> Path | None:
    """An agenda file named from a programme: a path relative to the programme's folder (.toml may be left out)."""
    for candidate in (near.parent / name, near.parent / f"{name}.toml"):
        if candidate.is_file():
            return candidate
    return None


def _by_line(problems: list[str], name: str) -> list[str]:
    import re

    def key(problem: str) -> int:
        m = re.match(rf"^{re.escape(name)}, linje (\d+)", problem)
        return int(m[1]) if m else 0

    return sorted(problems, key=key)
