"""Programme files written out: a new one (blank, a copy, or drafted from a meeting's synthesis) and entries
added to one. What is written always passes `plan check`; an existing file is only ever appended to, so the
owner's comments and order stay as they are."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aktorskab_cli.programme.model import Entry
from aktorskab_cli.programme.when import parse_when

HEADER = """\
# Program (årshjul) til aktorskab. Ret det i en teksteditor, og tjek det med:
#   aktorskab plan check {name}
# Hver [[entry]] er én linje i planen: what (hvad), who (hvem) og when (hvornår: et kvartal som
# "4. kvartal 2025", "2025 K4" eller "3.-4. kvartal 2026", en dato som 2026-04-07, eller "løbende").
# agenda = "dialogmoede" gør posten til et møde, der holdes med den dagsorden; uden agenda er den en opgave.
# id er postens faste navn (fx i plan = "{stem}:ID" i en dagsorden); ret det ikke, når der er møder til den.
"""

# A blank programme's two examples: a meeting and a task, written as every entry is (entry_text)
BLANK_ENTRIES = (
    Entry("dialogmoede-omu", "Dialogmøde i OMU", "OMU", parse_when("1. kvartal 2026"), agenda="dialogmoede"),
    Entry("materialer", "Informations- og dialogmaterialer", "", parse_when("2. kvartal 2026")),
)


def value(v: object) -> str:
    import tomli_w

    return tomli_w.dumps({"v": v})[4:].rstrip("\n")


def header(name: str, stem: str, title: str, organisation: str | None) -> str:
    lines = [HEADER.format(name=name, stem=stem), f"title = {value(title)}"]
    if organisation:
        lines.append(f"organisation = {value(organisation)}")
    return "\n".join(lines) + "\n"


def blank_text(name: str, stem: str) -> str:
    return header(name, stem, "Aktørskab 2026", "Norddjurs Kommune") + entries_text((e, ()) for e in BLANK_ENTRIES)


def entry_text(entry: Entry, comments: Sequence[str] = ()) -> str:
    """One [[entry]] table, `comments` above it."""
    lines = ["", *(f"# {c}" for c in comments), "[[entry]]", f"id = {value(entry.id)}", f"what = {value(entry.what)}"]
    if entry.who:
        lines.append(f"who = {value(entry.who)}")
    lines.append(f"when = {value(entry.when.toml_value())}")
    if entry.agenda:
        lines.append(f"agenda = {value(entry.agenda)}")
    if entry.source is not None:
        points = ", ".join(value(p) for p in entry.source.points)
        lines.append(f"source = {{ meeting = {value(entry.source.meeting)}" + (f", points = [{points}]" if points else "")
                     + " }")
    return "\n".join(lines) + "\n"


def entries_text(entries: Iterable[tuple[Entry, Sequence[str]]]) -> str:
    return "".join(entry_text(e, c) for e, c in entries)


def appended(text: str, addition: str) -> str:
    """`text` with `addition` at its end, after one blank line."""
    return text.rstrip("\n") + "\n" + addition
