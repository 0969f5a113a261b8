"""The opsamling as Markdown (CommonMark with pipe tables; pandoc reads it as it is), in the Word order."""

from __future__ import annotations

import re
from pathlib import Path

from aktorskab_cli.opsamling.markup import Run, blocks
from aktorskab_cli.opsamling.model import (BARRIERS, FOLLOWUP_HEADER, OTHER_POINTS, RECURRING, RECURRING_LEAD, SUGGESTED,
                                           WAITING, ItemSummary, Opsamling, PointView, left_out_text)
from aktorskab_cli.opsamling.model import Timing
from aktorskab_cli.rules.text import CONTROL

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#~])")
_LEADING = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def write(ops: Opsamling, path: Path) -> None:
    path.write_text(render(ops), encoding="utf-8", newline="\n")


def escape(text: str) -> str:
    """Answers are text, never markup: `<b>`, `&amp;`, `*` and `|` come out as typed; a control character
    (an escape sequence from another machine's archive) is left out, never written raw."""
    text = _SPECIAL.sub(r"\\\1", " ".join(CONTROL.sub("", text).split("\n")))
    return _LEADING.sub(lambda m: m[1] + "".join("\\" + c if not c.isdigit() else c for c in m[2]), text)


def cell(text: str) -> str:
    """Text in a table cell: markup escaped; a leading '12.' is no list there, so it stays as it is."""
    return _SPECIAL.sub(r"\\\1", " ".join(CONTROL.sub("", text).split("\n")))


def render(ops: Opsamling) -> str:
    out: list[str] = [f"# {escape(ops.title)}", ""]
    facts = [x for x in (ops.organisation, ops.subtitle) if x]
    if facts:
        out += [f"*{escape(' · '.join(facts))}*", ""]
    if ops.rehearsal:
        out += [f"**{escape(ops.rehearsal)}**", ""]
    out += markup(ops.intro)
    if ops.combined:
        header, rows = ops.meeting_table()
        out += ["## Møder", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows] + [""]
    if ops.recurring:
        out += [f"## {RECURRING}", "", f"*{RECURRING_LEAD}*", "", "| Punkt | Møder | Hvor |", "|---|---:|---|"]
        out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in ops.recurring_table()] + [""]
    for part in ops.parts:
        if len(ops.parts) > 1:
            out += [f"## {escape(part.title)}", ""]
        for item in part.items:
            _item(out, item, 3 if len(ops.parts) > 1 else 2, ops.counts)
            _followup(out, item, ops.combined)
    for section in ops.sections:
        out += [f"## {escape(section.title)}", ""] + ([f"*{escape(section.lead)}*", ""] if section.lead else [])
        out += markup("\n".join(f"- {b}" for b in section.bullets)) + markup(section.text)
    for theme in ops.themes:
        out += [f"## {theme.number}. {escape(theme.title)}", ""] + markup(theme.text)
        if theme.requires:
            out += ["**For at lykkes kræver det:**", ""] + [f"- {escape(r)}" for r in theme.requires] + [""]
        if theme.points:
            out += [f"**{escape(theme.points_title)}**", ""]
            out += [f"- {_point(p, ops.counts)}" for p in theme.points] + [""]
    if ops.barriers:
        out += [f"## {BARRIERS}", ""]
        for barrier in ops.barriers:
            if barrier.text.strip():
                out += [f"### {escape(barrier.title)}", ""] + markup(barrier.text)
        loose = [f"- {escape(b.title)}" for b in ops.barriers if not b.text.strip()]  # never an empty heading
        out += loose + ([""] if loose else [])
    if ops.next:
        out += ["## Vejen videre", ""] + [f"- {escape(p.text)}" for p in ops.next] + [""]
    if ops.plan:
        out += [f"## {escape(ops.plan_title)}", "", "| Hvad | Hvem | Hvornår |", "|---|---|---|"]
        for group in ops.plan:
            out += [f"| {escape(a.what)} | {escape(a.who)} | {'**' + escape(group.label) + '**' if n == 0 else ''} |"
                    for n, a in enumerate(group.actions)]
        out.append("")
    if ops.closing:
        out += ["## Opsamlende", ""]
        for note in ops.closing:
            out += ([f"**{escape(note.meeting.label)}**", ""] if len(ops.closing) > 1 or ops.combined else [])
            out += markup(note.text)
    _appendix(out, ops)
    out += ["---", "", f"*{escape(ops.footer)}*", ""]
    return "\n".join(out)


def markup(text: str) -> list[str]:
    """The small Markdown subset back out as Markdown, every run escaped (`opsamling.markup`)."""
    out: list[str] = []
    for block in blocks(text):
        if block.kind == "p":
            out.append(_runs(block.lines[0]))
        else:
            out += [("- " if block.kind == "bullets" else f"{n}. ") + _runs(line)
                    for n, line in enumerate(block.lines, 1)]
        out.append("")
    return out


def _runs(runs: tuple[Run, ...] | list[Run]) -> str:
    wrap = {"b": "**", "i": "*", None: ""}
    return "".join(f"{wrap[fmt]}{escape(text)}{wrap[fmt]}" for text, fmt in runs)


def _point(p: PointView | None, counts: bool) -> str:
    if p is None:
        return ""
    note = p.note(counts)
    return escape(p.text) + (f" *({escape(note)})*" if note else "")


def _item(out: list[str], item: ItemSummary, level: int, counts: bool) -> None:
    out += [f"{'#' * level} {escape(item.title)}", ""]
    if item.facts:
        out += [f"*{escape(item.facts)}*", ""]
    if item.purpose:
        out += [escape(item.purpose), ""]
    if item.questions:
        out += ["**Spørgsmål til dialogen**", ""] + [f"{n}. {escape(q)}" for n, q in enumerate(item.questions, 1)]
        out.append("")
    if item.layout == "table" and any(c.points for c in item.columns):
        out.append("| " + " | ".join(escape(c.title) for c in item.columns) + " |")
        out.append("|" + "---|" * len(item.columns))
        out += ["| " + " | ".join(_point(p, counts) for p in row) + " |" for row in item.rows()]
        out.append("")
    elif item.layout == "sections":
        for column in item.columns:
            if column.points:
                out += [f"{'#' * (level + 1)} {escape(column.title)}", ""]
                out += [f"- {_point(p, counts)}" for p in column.points] + [""]
    if item.loose:
        out += [f"{'#' * (level + 1)} {OTHER_POINTS}", ""] + [f"- {_point(p, counts)}" for p in item.loose] + [""]
    if item.waiting:
        out += [f"{'#' * (level + 1)} {WAITING}", ""]
        out += [f"- {escape(a.text)} *({escape(a.mark)})*" for a in item.waiting] + [""]


def _followup(out: list[str], item: ItemSummary, combined: bool) -> None:
    """A follow-up item: what each meeting set, as a table (the status in bold)."""
    for group in item.followup:
        out += [f"**{escape(group.meeting.place_and_date)}**", ""] if combined else []
        out += [f"*{escape(group.lead)}*", "", "| " + " | ".join(FOLLOWUP_HEADER) + " |", "|---|---|---|---|"]
        out += [f"| {cell(s.what)} | {cell(s.who)} | **{cell(s.status)}**"
                + (f" *({SUGGESTED})*" if s.suggested else "") + f" | {cell(s.note)} |" for s in group.statuses]
        out.append("")


def _appendix(out: list[str], ops: Opsamling) -> None:
    appendix = [(part, item) for part in ops.parts for item in part.appendix] if ops.appendix else []
    if appendix:
        out += ["## Bilag: alle svar", ""]
        for part, item in appendix:
            title = item.title if len(ops.parts) == 1 else f"{part.title}: {item.title}"
            out += [f"### {escape(title)}", ""]
            for label, answers in item.questions:
                out += [f"**{escape(label)}**", ""]
                out += [f"- {escape(a.text)} *({escape(a.mark)})*" for a in answers] + [""]
            if item.left_out:
                out += [f"*{left_out_text(len(item.left_out))}*", ""]
    if ops.with_timing:
        for part in ops.parts:
            for timing in part.timings:
                _timing(out, timing, ops.combined)


def _timing(out: list[str], timing: Timing, combined: bool) -> None:
    title = ("Bilag: program og tidsforløb" if timing.recorded else "Bilag: program") + (
        f": {timing.meeting.label}" if combined else "")
    out += [f"## {escape(title)}", ""]
    if not timing.recorded:  # the programme as planned: a time and a title
        out += ["| Tid | Punkt |", "|---|---|"] + [f"| {r.planned_text} | {escape(r.title)} |" for r in timing.rows]
        out.append("")
        return
    out += ["| Planlagt | Punkt | Min. | Faktisk | Afvigelse |", "|---|---|---|---|---|"]
    out += [f"| {r.planned_text} | {escape(r.title)} | {r.planned_minutes} | {r.actual_text} | {r.deviation_text} |"
            for r in timing.rows]
    out += ["", timing.summary, ""]
