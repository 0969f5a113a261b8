"""The opsamling as a Word document; the document basics (A4, Danish, footer, styles) are in `docx_base`."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.opsamling.model import OTHER_ANSWERS, DialogueItem, Opsamling, Part
from aktorskab_cli.opsamling.timing import Timing
from aktorskab_cli.writers.docx_base import Body as _Body
from aktorskab_cli.writers.docx_base import Properties, finish, new_document

# Planlagt, Punkt, Min., Faktisk, Afvigelse (% of the text width): '09:00–09:10' and 'sprunget over' fit on
# one line even where Calibri is missing and a wider face stands in (LibreOffice on Linux: DejaVu Sans)
TIMING_WIDTHS = (19, 37, 8, 19, 17)


def write(ops: Opsamling, path: Path) -> None:
    """Render `ops` into a .docx at `path` (the caller takes care of temporary files and renaming)."""
    subject = "Opsamling" + (f": {ops.parts[0].title}" if len(ops.parts) == 1 else "")
    doc = new_document(Properties(title=ops.title, subject=subject, author=ops.organisation or "aktorskab",
                                  keywords="aktørskab; opsamling", created=ops.created))
    body = _Body(doc)
    _content(body, ops)
    finish(doc, body, path, ops.footer, ops.logo)


# ---------------------------------------------------------------- content (what goes where)


def _content(body: _Body, ops: Opsamling) -> None:
    body.p("Title", ops.title)
    facts = [x for x in (ops.organisation, ops.subtitle) if x]
    if facts:
        body.p("Subtitle", " · ".join(facts))
    if ops.combined:
        body.heading(1, "Møder")
        for meeting in ops.meetings:
            org = f" ({meeting.organisation})" if meeting.organisation and not ops.organisation else ""
            body.p("List Bullet", meeting.label + org)
    level = 2 if len(ops.parts) > 1 else 1
    for part in ops.parts:
        if len(ops.parts) > 1:
            body.heading(1, part.title)
        _notes(body, part, level)
        for item in part.items:
            _item(body, item, level)
        for timing in part.timings:
            _timing(body, timing, level, ops.combined)


def _notes(body: _Body, part: Part, level: int) -> None:
    if not part.notes:
        return
    body.heading(level, "Opsamlende")
    for note in part.notes:
        if len(part.meetings) > 1:
            body.p("Normal", (note.meeting.label, "b"))
        for paragraph in note.paragraphs:
            body.p("Normal", paragraph)


def _item(body: _Body, item: DialogueItem, level: int) -> None:
    body.heading(level, item.title)
    if item.facts:
        body.p("Normal", (item.facts, "i"))
    if item.purpose:
        body.p("Normal", item.purpose)
    if item.questions:
        body.p("Normal", ("Spørgsmål til dialogen", "b"), keep_next=True)
        for question in item.questions:
            body.p("List Bullet", question)
    if not item.answers:
        body.p("Normal", ("Der er ikke registreret svar til dette punkt.", "i"))
        return
    frame = item.frame
    if frame is not None and frame.answer_count:
        if frame.layout == "table":
            body.heading(level + 1, "Gruppernes svar")
            body.table([c.title for c in frame.categories],
                       [[(a.text, a.mark) if a else None for a in row] for row in frame.rows()])
        else:
            for category in frame.categories:
                if not category.answers:
                    continue
                body.heading(level + 1, category.title)
                if category.description:
                    body.p("Normal", (category.description, "i"))
                for answer in category.answers:
                    body.answer("List Bullet", answer.text, answer.mark)
    if item.other:
        body.heading(level + 1, OTHER_ANSWERS)
        for group in item.other:
            body.p("Normal", (group.group, "b"), keep_next=True)
            for answer in group.answers:
                body.answer("List Bullet", answer.text, answer.source)


def _timing(body: _Body, timing: Timing, level: int, combined: bool) -> None:
    title = ("Program og tidsforløb" if timing.recorded else "Program") + (
        f": {timing.meeting.label}" if combined else "")
    body.heading(level, title)
    if not timing.recorded:  # the programme as planned: a time and a title
        body.table(["Tid", "Punkt"], [[(r.planned_text, None), (r.title, None)] for r in timing.rows],
                   widths=(18, 82))
        return
    rows = [[(r.planned_text, None), (r.title, None), (str(r.planned_minutes), None), (r.actual_text, None),
             (r.deviation_text, None)] for r in timing.rows]
    body.table(["Planlagt", "Punkt", "Min.", "Faktisk", "Afvigelse"], rows, widths=TIMING_WIDTHS)
    body.p("Normal", timing.summary)
