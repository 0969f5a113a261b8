"""The printed programme and dialogue guide as Markdown: the same content as the Word documents."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.agenda.material import (
    FollowupPage, Frame, FramingText, Guide, GuideItem, Material, Row, followup_lead,
)
from aktorskab_cli.writers.markdown import escape

FRAME_ROWS = 4  # empty rows under a frame's categories


def write(material: Material, path: Path) -> None:
    path.write_text(render(material), encoding="utf-8", newline="\n")


def render(material: Material) -> str:
    out: list[str] = [f"# {escape(material.title)}", ""]
    if material.facts:
        out += [f"*{escape(material.facts)}*", ""]
    if material.description:
        out += [escape(material.description), ""]
    if isinstance(material, Guide):
        _guide(out, material)
    else:
        _programme(out, material.heading, material.rows)
    out += ["---", "", f"*{escape(material.footer)}*", ""]
    return "\n".join(out)


def _programme(out: list[str], heading: str, rows: list[Row]) -> None:
    """A list, not a table: a talk's points and a dialogue's questions are lists under the item."""
    out += [f"## {escape(heading)}", ""]
    for row in rows:
        title = f"*{escape(row.title)}*" if row.kind == "break" else f"**{escape(row.title)}**"
        lead = f" · {escape(row.lead)}" if row.lead else ""
        out.append(f"- {row.time} {title}{lead}")
        out += [f"    - {escape(point)}" for point in row.points]
        if row.note:
            out.append(f"    - *{escape(row.note)}*")
        if row.questions:
            out.append(f"    - *{escape(row.lead_in or 'Spørgsmål til dialog:')}*")
            out += [f"        - {escape(question)}" for question in row.questions]
    out.append("")


def _guide(out: list[str], guide: Guide) -> None:
    out += [f"*{escape(guide.how_to_use)}*", ""]
    _programme(out, guide.heading, guide.programme)
    for framing in guide.intro:
        _framing_text(out, framing)
    for item in guide.items:
        if isinstance(item, FollowupPage):
            _followup(out, item)
        else:
            _item(out, item)
    for framing in guide.outro:
        _framing_text(out, framing)


def _framing_text(out: list[str], framing: FramingText) -> None:
    out += [f"## {escape(framing.title)}", ""]
    if framing.intro:
        out += [escape(framing.intro), ""]
    for number, point in enumerate(framing.points, 1):
        prefix = escape(framing.number(number))
        if not point.title:
            out.append(f"{prefix}{escape(point.text or '')}" if prefix else f"- {escape(point.text or '')}")
            if prefix:
                out.append("")
            continue
        out += ([""] if out[-1] else []) + [f"**{prefix}{escape(point.title)}**", ""]
        if point.text:
            out += [escape(point.text), ""]
    if out[-1]:
        out.append("")
    if framing.outro:
        out += [escape(framing.outro), ""]
    if framing.source:
        out += [f"*Kilde: {escape(framing.source)}*", ""]


def _item_head(out: list[str], item: GuideItem | FollowupPage) -> None:
    out += [f"## {escape(item.title)}", "", f"*{escape(' · '.join(x for x in (item.time, item.lead) if x))}*", ""]
    if item.purpose:
        out += [escape(item.purpose), ""]
    if item.note:
        out += [f"*{escape(item.note)}*", ""]


def _item(out: list[str], item: GuideItem) -> None:
    _item_head(out, item)
    out += ["### Spørgsmål til dialogen", ""]
    if item.lead_in:
        out += [escape(item.lead_in), ""]
    for number, question in enumerate(item.questions, 1):
        out += [f"| {number}. {escape(question)} |", "|---|"] + ["| |"] * item.writing_rows + [""]
    if item.frame:
        _frame(out, item.frame)
    elif item.same_frame_as:
        out += [f"*Svarene sorteres i samme ramme som ved »{escape(item.same_frame_as)}«.*", ""]


def _followup(out: list[str], page: FollowupPage) -> None:
    """The Word page's table: each entry, the five statuses as boxes to tick, an empty note."""
    _item_head(out, page)
    lead = escape(followup_lead(page))
    out += [f"*{lead}*" if page.entries.problem else lead, ""]
    boxes = "<br>".join(f"☐ {escape(label)}" for label in page.entries.statuses)
    out += ["| Post | Status (sæt ét kryds) | Note |", "|---|---|---|"]
    out += [f"| **{escape(line.name)}**<br>{escape(line.when)}<br>*nu: {escape(line.status)}* "
            f"| {boxes} | |" for line in page.entries.lines]
    out += [f"| | {boxes} | |"] * page.blank_rows + [""]


def _frame(out: list[str], frame: Frame) -> None:
    out += [f"### Svarene samles i: {escape(frame.title)}", ""]
    if frame.intro:
        out += [escape(frame.intro), ""]
    categories = frame.categories
    if frame.layout == "table":
        out.append("| " + " | ".join(escape(c.title or "") for c in categories) + " |")
        out.append("|" + "---|" * len(categories))
        out.append("| " + " | ".join(f"*{escape(c.text)}*" if c.text else "" for c in categories) + " |")
        out += ["|" + " |" * len(categories)] * FRAME_ROWS + [""]
        return
    out += ["| Overskrift | Vores pointer |", "|---|---|"]
    out += [f"| **{escape(c.title or '')}**" + (f" – *{escape(c.text)}*" if c.text else "") + " | |"
            for c in categories]
    out.append("")
