"""The opsamling as a Word document in seed 002's order; the document basics (A4, Danish, footer, styles)
are in `docx_base`."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.opsamling.markup import blocks
from aktorskab_cli.opsamling.model import (BARRIERS, FOLLOWUP_HEADER, OTHER_POINTS, RECURRING, RECURRING_LEAD, SUGGESTED,
                                           WAITING, ItemSummary, Opsamling, PointView, left_out_text)
from aktorskab_cli.opsamling.model import Timing
from aktorskab_cli.writers.docx_base import Body as _Body
from aktorskab_cli.writers.docx_base import Properties, finish, new_document

# Planlagt, Punkt, Min., Faktisk, Afvigelse (% of the text width): '09:00–09:10' and 'sprunget over' fit on
# one line even where Calibri is missing and a wider face stands in (LibreOffice on Linux: DejaVu Sans)
TIMING_WIDTHS = (19, 37, 8, 19, 17)
PLAN_WIDTHS = (52, 24, 24)
FOLLOWUP_WIDTHS = (30, 26, 20, 24)  # Hvad, Hvem, Status, Bemærkning


def write(ops: Opsamling, path: Path) -> None:
    """Render `ops` into a .docx at `path` (the caller takes care of temporary files and renaming)."""
    subject = "Opsamling" + (f": {ops.parts[0].title}" if len(ops.parts) == 1 else "")
    doc = new_document(Properties(title=ops.title, subject=subject, author=ops.organisation or "aktorskab",
                                  keywords="aktørskab; opsamling", created=ops.created))
    body = _Body(doc)
    _content(body, ops)
    finish(doc, body, path, ops.footer, ops.logo)


def point_runs(point: PointView, counts: bool = True) -> list[tuple[str, str | None]]:
    """'Tydelige hjørneflag, tillid og psykologisk tryghed' + ' (3 grupper)' in grey."""
    count = point.note(counts)
    return [(point.text, None)] + ([(f" ({count})", "m")] if count else [])


# ---------------------------------------------------------------- content (what goes where)


def _content(body: _Body, ops: Opsamling) -> None:
    _front(body, ops)
    for part in ops.parts:
        if len(ops.parts) > 1:
            body.heading(1, part.title)
        for item in part.items:
            _item(body, item, 2 if len(ops.parts) > 1 else 1, ops.counts)
            _followup(body, item, ops.combined)
    for section in ops.sections:
        body.heading(1, section.title)
        if section.lead:
            body.p("Normal", (section.lead, "i"), keep_next=bool(section.bullets or section.text))
        for bullet in section.bullets:
            _markup(body, f"- {bullet}")
        _markup(body, section.text)
    for theme in ops.themes:
        body.heading(1, f"{theme.number}. {theme.title}")
        _markup(body, theme.text)
        if theme.requires:
            body.p("Normal", ("For at lykkes kræver det:", "b"), keep_next=True)
            for line in theme.requires:
                body.p("List Bullet", line)
        if theme.points:
            body.p("Normal", (theme.points_title, "b"), keep_next=True)
            for point in theme.points:
                body.p("List Bullet", *point_runs(point, ops.counts))
    if ops.barriers:
        body.heading(1, BARRIERS)
        for barrier in ops.barriers:
            if barrier.text.strip():
                body.heading(2, barrier.title)
                _markup(body, barrier.text)
        for barrier in ops.barriers:  # no paragraph to stand over: a line of its own, never an empty heading
            if not barrier.text.strip():
                body.p("List Bullet", barrier.title)
    if ops.next:
        body.heading(1, "Vejen videre")
        for point in ops.next:
            body.p("List Bullet", point.text)
    if ops.plan:
        body.heading(1, ops.plan_title)
        rows = []
        for group in ops.plan:
            for index, action in enumerate(group.actions):
                rows.append([(action.what, None), (action.who, None), [(group.label, "b")] if index == 0 else None])
        body.table(["Hvad", "Hvem", "Hvornår"], rows, widths=PLAN_WIDTHS, together=len(rows) <= 15)
    if ops.closing:
        body.heading(1, "Opsamlende")
        for note in ops.closing:
            if len(ops.closing) > 1 or ops.combined:
                body.p("Normal", (note.meeting.label, "b"), keep_next=True)
            _markup(body, note.text)
    _appendix(body, ops)


def _front(body: _Body, ops: Opsamling) -> None:
    body.p("Title", ops.title)
    facts = [x for x in (ops.organisation, ops.subtitle) if x]
    if facts:
        body.p("Subtitle", " · ".join(facts))
    if ops.rehearsal:
        body.p("Normal", (ops.rehearsal, "b"))
    _markup(body, ops.intro)
    if ops.combined:
        body.heading(1, "Møder")
        header, rows = ops.meeting_table()
        body.table(header, [[(c, None) for c in row] for row in rows],
                   widths=(50, 25, 25) if len(header) == 3 else (36, 28, 18, 18))
    if ops.recurring:
        body.heading(1, RECURRING)
        body.p("Normal", (RECURRING_LEAD, "i"))
        body.table(["Punkt", "Møder", "Hvor"], [[(c, None) for c in row] for row in ops.recurring_table()],
                   widths=(40, 10, 50))


def _item(body: _Body, item: ItemSummary, level: int, counts: bool) -> None:
    body.heading(level, item.title)
    if item.facts:
        body.p("Normal", (item.facts, "i"))
    if item.purpose:
        body.p("Normal", item.purpose)
    if item.questions:
        start = len(body.parts)
        body.p("Normal", ("Spørgsmål til dialogen", "b"), keep_next=True)
        body.numbered([[(q, None)] for q in item.questions])
        body.together(start)  # the heading and its questions on one page
    if item.layout == "table" and any(c.points for c in item.columns):
        body.table([c.title for c in item.columns],
                   [[point_runs(p, counts) if p else None for p in row] for row in item.rows()])
    elif item.layout == "sections":
        for column in item.columns:
            if column.points:
                body.heading(level + 1, column.title)
                for point in column.points:
                    body.p("List Bullet", *point_runs(point, counts))
    if item.loose:
        body.heading(level + 1, OTHER_POINTS)
        for point in item.loose:
            body.p("List Bullet", *point_runs(point, counts))
    if item.waiting:
        body.heading(level + 1, WAITING)
        for answer in item.waiting:
            body.answer("List Bullet", answer.text, answer.mark)


def _followup(body: _Body, item: ItemSummary, combined: bool) -> None:
    """A follow-up item: what each meeting set, as a table like the plan's (the status in bold)."""
    for group in item.followup:
        if combined:
            body.p("Normal", (group.meeting.place_and_date, "b"), keep_next=True)
        body.p("Normal", (group.lead, "i"), keep_next=True)
        rows = [[(s.what, None), (s.who, None), [(s.status, "b")] + ([(f" ({SUGGESTED})", "m")] if s.suggested else []),
                 (s.note, None)] for s in group.statuses]
        body.table(list(FOLLOWUP_HEADER), rows, widths=FOLLOWUP_WIDTHS, together=len(rows) <= 15)


def _appendix(body: _Body, ops: Opsamling) -> None:
    appendix = [(part, item) for part in ops.parts for item in part.appendix] if ops.appendix else []
    if appendix:
        body.heading(1, "Bilag: alle svar")
        for part, item in appendix:
            body.heading(2, item.title if len(ops.parts) == 1 else f"{part.title}: {item.title}")
            for label, answers in item.questions:
                body.p("Normal", (label, "b"), keep_next=True)
                for answer in answers:
                    body.answer("List Bullet", answer.text, answer.mark)
            if item.left_out:
                body.p("Normal", (left_out_text(len(item.left_out)), "i"))
    if ops.with_timing:
        for part in ops.parts:
            for timing in part.timings:
                _timing(body, timing, ops.combined)


def _markup(body: _Body, text: str) -> None:
    """Paragraphs, bullets, numbers, bold and italic from the small Markdown subset (`opsamling.markup`)."""
    for block in blocks(text):
        if block.kind == "p":
            body.p("Normal", *block.lines[0])
        elif block.kind == "bullets":
            for line in block.lines:
                body.p("List Bullet", *line)
        else:
            body.numbered([list(line) for line in block.lines])


def _timing(body: _Body, timing: Timing, combined: bool) -> None:
    title = "Bilag: program og tidsforløb" if timing.recorded else "Bilag: program"
    body.heading(1, title + (f": {timing.meeting.label}" if combined else ""))
    if not timing.recorded:  # the programme as planned: a time and a title
        body.table(["Tid", "Punkt"], [[(r.planned_text, None), (r.title, None)] for r in timing.rows],
                   widths=(18, 82))
        return
    rows = [[(r.planned_text, None), (r.title, None), (str(r.planned_minutes), None), (r.actual_text, None),
             (r.deviation_text, None)] for r in timing.rows]
    body.table(["Planlagt", "Punkt", "Min.", "Faktisk", "Afvigelse"], rows, widths=TIMING_WIDTHS)
    body.p("Normal", timing.summary)
