"""The small Markdown subset long texts may use (intro, closing, a section's text): paragraphs, `- `
bullets, `1. ` numbers, `**fed**` and `*kursiv*`. Parsed once into blocks that every writer renders with its
own means (Word lists and runs, slides, Markdown as it is), so nobody sees literal asterisks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Run = tuple[str, str | None]  # (text, None | "b" | "i")
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(?!\s)(.+?)(?<!\s)\*")


@dataclass(frozen=True)
class Block:
    kind: Literal["p", "bullets", "numbers"]
    lines: tuple[tuple[Run, ...], ...]  # a paragraph has one line; a list one line per entry


def runs(text: str) -> tuple[Run, ...]:
    """'Det kræver **tydelighed** og *mod*' -> plain, bold and italic runs."""
    out: list[Run] = []
    at = 0
    for m in _INLINE.finditer(text):
        if m.start() > at:
            out.append((text[at:m.start()], None))
        out.append((m.group(1), "b") if m.group(1) is not None else (m.group(2), "i"))
        at = m.end()
    if at < len(text):
        out.append((text[at:], None))
    return tuple(out)


def blocks(text: str) -> list[Block]:
    """Paragraphs are separated by empty lines; lines of a paragraph are joined with a space; a run of
    `- ` (or `1. `) lines is one list."""
    out: list[Block] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            out.append(Block("p", (runs(" ".join(paragraph)),)))
            paragraph.clear()

    for line in (text or "").splitlines():
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet or number:
            close()
            kind = "bullets" if bullet else "numbers"
            entry = runs((bullet or number).group(1).strip())
            if out and out[-1].kind == kind:
                out[-1] = Block(kind, out[-1].lines + (entry,))
            else:
                out.append(Block(kind, (entry,)))
        elif line.strip():
            if out and out[-1].kind != "p" and line.startswith(("  ", "\t")) and not paragraph:
                last = out[-1]  # an indented line continues the list entry above it
                out[-1] = Block(last.kind, last.lines[:-1] + (last.lines[-1] + ((" " + line.strip(), None),),))
            else:
                paragraph.append(line.strip())
        else:
            close()
            out.append(Block("p", ()))  # a blank line: ends lists too
    close()
    return [b for b in out if b.lines and b.lines != ((),)]


def plain(text: str) -> str:
    """The text without markup, for places that show one line (the board, a slide's notes)."""
    return " ".join("".join(t for t, _ in line) for b in blocks(text) for line in b.lines)
