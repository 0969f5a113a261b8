"""The printed programme and dialogue guide as Word documents, on the same basics as the opsamling."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.agenda.material import (
    WRITING_LINE_CM, FollowupPage, FramingText, Frame, Guide, GuideItem, Material, Row, followup_lead,
)
from aktorskab_cli.writers.docx_base import Body, Properties, finish, new_document

PROGRAMME_ROW_CM = 0.9  # air between the programme's lines
# A frame fills its own page: empty rows to write in under its columns (a table), or one row to write in
# beside each heading (sections), whose texts make some rows taller than this share.
FRAME_TABLE_CM = 20
FRAME_SECTIONS_CM = 15
BOX = "☐"  # a box to tick by hand (U+2610; Word and LibreOffice fall back to a symbol font for it)


def write(material: Material, path: Path) -> None:
    is_guide = isinstance(material, Guide)
    subject = "Dialogguide" if is_guide else "Program"
    doc = new_document(Properties(title=material.title, subject=subject, author=_author(material),
                                  keywords=f"aktørskab; {subject.lower()}"))
    body = Body(doc)
    _head(body, material)
    if is_guide:
        _guide(body, material)
    else:
        body.heading(1, material.heading)
        _programme(body, material.rows)
    finish(doc, body, path, material.footer, material.logo)


def _author(material: Material) -> str:
    return material.facts.split(" · ")[0] if material.facts else "aktorskab"


def _head(body: Body, material: Material) -> None:
    body.p("Title", material.title)
    if material.facts:
        body.p("Subtitle", material.facts)
    if material.description:
        body.p("Normal", material.description)


def _programme(body: Body, programme_rows: list[Row]) -> None:
    """Time · the item with its points, note and questions as lines under the title · who leads it."""
    has_leads = any(r.lead for r in programme_rows)
    rows = []
    for row in programme_rows:
        rows.append([(row.time, None), _content(row)] + ([(row.lead, None) if row.lead else None]
                                                         if has_leads else []))
    if has_leads:
        body.table(["Tid", "Punkt", "Ved"], rows, widths=(18, 52, 30), height=PROGRAMME_ROW_CM)
    else:
        body.table(["Tid", "Punkt"], rows, widths=(18, 82), height=PROGRAMME_ROW_CM)


def _content(row: Row) -> list[tuple[str, str | None]]:
    runs: list[tuple[str, str | None]] = [(row.title, "i" if row.kind == "break" else "b")]
    runs += [(f"\n• {point}", None) for point in row.points]
    if row.note:
        runs.append((f"\n{row.note}", "i"))
    if row.questions:
        runs.append((f"\n{row.lead_in or 'Spørgsmål til dialog:'}", "i"))
        runs += [(f"\n• {question}", None) for question in row.questions]
    return runs


def _guide(body: Body, guide: Guide) -> None:
    body.p("Normal", (guide.how_to_use, "i"))
    body.heading(1, guide.heading)
    _programme(body, guide.programme)
    for framing in guide.intro:
        _framing_text(body, framing)
    for index, item in enumerate(guide.items):
        # the first dialogue follows on the last page of the programme and texts rather than leave it mostly
        # empty; a followup item's table to tick in always starts a page of its own
        if isinstance(item, FollowupPage):
            _followup(body, item)
        else:
            _item(body, item, page_break=index > 0)
    for index, framing in enumerate(guide.outro):
        _framing_text(body, framing, page_break=index == 0)


def _framing_text(body: Body, framing: FramingText, page_break: bool = False) -> None:
    body.p("Heading 1", framing.title, page_break=page_break, keep_next=True)
    if framing.intro:
        body.p("Normal", framing.intro, keep_next=True)
    for number, point in enumerate(framing.points, 1):
        prefix = framing.number(number)
        if not point.title:
            body.p("Normal" if prefix else "List Bullet", f"{prefix}{point.text or ''}")
            continue
        body.p("Normal", (f"{prefix}{point.title}", "b"), keep_next=bool(point.text))
        if point.text:
            body.p("Normal", point.text)
    if framing.outro:
        body.p("Normal", framing.outro)
    if framing.source:
        body.p("Normal", (f"Kilde: {framing.source}", "m"))


def _item_head(body: Body, item: GuideItem | FollowupPage, page_break: bool) -> None:
    """A page's heading, time, who leads and what for: the same over a dialogue and a followup item."""
    body.p("Heading 1", item.title, page_break=page_break, keep_next=True)
    body.p("Normal", (" · ".join(x for x in (item.time, item.lead) if x), "i"), keep_next=True)
    if item.purpose:
        body.p("Normal", item.purpose, keep_next=True)
    if item.note:
        body.p("Normal", (item.note, "i"), keep_next=True)


def _item(body: Body, item: GuideItem, page_break: bool) -> None:
    _item_head(body, item, page_break)
    body.heading(2, "Spørgsmål til dialogen")
    if item.lead_in:
        body.p("Normal", item.lead_in, keep_next=True)
    for number, question in enumerate(item.questions, 1):
        body.table([f"{number}. {question}"], [[None]] * item.writing_rows, height=WRITING_LINE_CM,
                   together=True, banded=False)
    if item.frame:
        _frame(body, item.frame)
    elif item.same_frame_as:
        body.p("Normal", (f"Svarene sorteres i samme ramme som ved »{item.same_frame_as}«.", "i"))


def _followup(body: Body, page: FollowupPage) -> None:
    """Each entry with the five statuses as boxes to tick, one under the other, and room for a note."""
    _item_head(body, page, page_break=True)
    body.p("Normal", (followup_lead(page), "i" if page.entries.problem else None), keep_next=True)
    boxes = [("\n".join(f"{BOX} {label}" for label in page.entries.statuses), None)]
    rows: list[list] = [[[(line.name, "b"), (f"\n{line.when}", None), (f"\nnu: {line.status}", "m")],
                         boxes, None] for line in page.entries.lines]
    rows += [[None, boxes, None]] * page.blank_rows
    body.table(["Post", "Status (sæt ét kryds)", "Note"], rows, widths=(40, 24, 36),
               height=len(page.entries.statuses) * 0.55, banded=False)


def _frame(body: Body, frame: Frame) -> None:
    body.p("Heading 2", f"Svarene samles i: {frame.title}", page_break=True)
    if frame.intro:
        body.p("Normal", frame.intro)
    categories = frame.categories
    if frame.layout == "table":
        descriptions = [[(c.text or "", "m")] for c in categories]
        rows = [descriptions] + [[None] * len(categories)] * int(FRAME_TABLE_CM / (2 * WRITING_LINE_CM))
        body.table([c.title or "" for c in categories], rows, height=2 * WRITING_LINE_CM, banded=False)
        return
    rows = [[[(c.title or "", "b")] + ([("\n" + c.text, "m")] if c.text else []), None] for c in categories]
    body.table(["Overskrift", "Vores pointer"], rows, widths=(45, 55), banded=False,
               height=max(2 * WRITING_LINE_CM, FRAME_SECTIONS_CM / max(len(categories), 1)))
