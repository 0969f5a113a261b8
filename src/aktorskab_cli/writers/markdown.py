"""The opsamling as Markdown (CommonMark with pipe tables; pandoc reads it as it is)."""

from __future__ import annotations

import re
from pathlib import Path

from aktorskab_cli.opsamling.model import OTHER_ANSWERS, DialogueItem, Opsamling, Part
from aktorskab_cli.opsamling.timing import Timing

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#~])")
_LEADING = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def write(ops: Opsamling, path: Path) -> None:
    path.write_text(render(ops), encoding="utf-8", newline="\n")


def escape(text: str) -> str:
    """Answers are text, never markup: `<b>`, `&amp;`, `*` and `|` come out as typed."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split("\n")))
    return _LEADING.sub(lambda m: m[1] + "".join("\\" + c if not c.isdigit() else c for c in m[2]), text)


def render(ops: Opsamling) -> str:
    out: list[str] = [f"# {escape(ops.title)}", ""]
    facts = [x for x in (ops.organisation, ops.subtitle) if x]
    if facts:
        out += [f"*{escape(' · '.join(facts))}*", ""]
    if ops.combined:
        out += ["## Møder", ""]
        out += [f"- {escape(m.label)}" + (f" ({escape(m.organisation)})" if m.organisation and not ops.organisation else "")
                for m in ops.meetings]
        out.append("")
    level = 3 if len(ops.parts) > 1 else 2
    for part in ops.parts:
        if len(ops.parts) > 1:
            out += [f"## {escape(part.title)}", ""]
        _notes(out, part, level)
        for item in part.items:
            _item(out, item, level)
        for timing in part.timings:
            _timing(out, timing, level, ops.combined)
    out += ["---", "", f"*{escape(ops.footer)}*", ""]
    return "\n".join(out)


def _notes(out: list[str], part: Part, level: int) -> None:
    if not part.notes:
        return
    out += [f"{'#' * level} Opsamlende", ""]
    for note in part.notes:
        if len(part.meetings) > 1:
            out += [f"**{escape(note.meeting.label)}**", ""]
        for paragraph in note.paragraphs:
            out += [escape(paragraph), ""]


def _mark(mark: str | None) -> str:
    return f" *({escape(mark)})*" if mark else ""


def _item(out: list[str], item: DialogueItem, level: int) -> None:
    h = "#" * level
    out += [f"{h} {escape(item.title)}", ""]
    if item.facts:
        out += [f"*{escape(item.facts)}*", ""]
    if item.purpose:
        out += [escape(item.purpose), ""]
    if item.questions:
        out += ["**Spørgsmål til dialogen**", ""] + [f"- {escape(q)}" for q in item.questions] + [""]
    if not item.answers:
        out += ["*Der er ikke registreret svar til dette punkt.*", ""]
        return
    frame = item.frame
    if frame is not None and frame.answer_count:
        if frame.layout == "table":
            out += [f"{h}# Gruppernes svar", ""]
            out.append("| " + " | ".join(escape(c.title) for c in frame.categories) + " |")
            out.append("|" + "---|" * len(frame.categories))
            for row in frame.rows():
                out.append("| " + " | ".join(escape(a.text) + _mark(a.mark) if a else "" for a in row) + " |")
            out.append("")
        else:
            for category in frame.categories:
                if not category.answers:
                    continue
                out += [f"{h}# {escape(category.title)}", ""]
                if category.description:
                    out += [f"*{escape(category.description)}*", ""]
                out += [f"- {escape(a.text)}{_mark(a.mark)}" for a in category.answers] + [""]
    if item.other:
        out += [f"{h}# {OTHER_ANSWERS}", ""]
        for group in item.other:
            out += [f"**{escape(group.group)}**", ""]
            out += [f"- {escape(a.text)}{_mark(a.source)}" for a in group.answers] + [""]


def _timing(out: list[str], timing: Timing, level: int, combined: bool) -> None:
    title = ("Program og tidsforløb" if timing.recorded else "Program") + (
        f": {timing.meeting.label}" if combined else "")
    out += [f"{'#' * level} {escape(title)}", ""]
    if not timing.recorded:  # the programme as planned: a time and a title
        out += ["| Tid | Punkt |", "|---|---|"]
        out += [f"| {r.planned_text} | {escape(r.title)} |" for r in timing.rows]
        out.append("")
        return
    out += ["| Planlagt | Punkt | Min. | Faktisk | Afvigelse |", "|---|---|---|---|---|"]
    out += [f"| {r.planned_text} | {escape(r.title)} | {r.planned_minutes} | {r.actual_text} | {r.deviation_text} |"
            for r in timing.rows]
    out += ["", timing.summary, ""]
