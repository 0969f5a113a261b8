"""The status report for HU as a Word document, in the opsamling's house style (`docx_base`: the shipped
template, Word's styles, A4, Danish, the footer with page numbers)."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.programme.report import (LATE, MEETINGS, NOTHING_LATE, PLAN_PAGE_NOTE, TRAIL, ReportEntry,
                                            ReportMeeting, StatusReport)
from aktorskab_cli.writers.docx_base import Body, Properties, finish, new_document

MEETING_WIDTHS = (30, 22, 29, 19)
TRAIL_WIDTHS = (23, 20, 30, 27)  # »12. november 2025« and a bold »gennemført« on one line
Runs = list[tuple[str, str | None]]


def write(report: StatusReport, path: Path) -> None:
    doc = new_document(Properties(title=report.title, subject=f"Status: {report.title}",
                                  author=report.organisation or "aktorskab", keywords="aktørskab; årshjul; status",
                                  created=report.created))
    body = Body(doc)
    _plan_page(body, report)
    _meetings(body, report)
    _late(body, report)
    _trails(body, report)
    finish(doc, body, path, report.footer, report.logo)


def entry_runs(entry: ReportEntry, text: str | None = None) -> Runs:
    """'Dialogmøde i OMU Administrationen – gennemført (holdt 12. november 2025)': the status in bold."""
    runs: Runs = [(text or entry.what, None), (" – ", None), (entry.status, "b")]
    if entry.late:
        runs.append((" · forsinket", "b"))
    if entry.held:
        dates = ", ".join(m.label if text is None else _date_or_title(m) for m in entry.held)
        runs.append((f" (holdt {dates})", "m"))
    return runs


def _date_or_title(meeting: ReportMeeting) -> str:
    from aktorskab_cli.rules.dates import danish_date

    return danish_date(meeting.date) if meeting.date else meeting.title


def _plan_page(body: Body, report: StatusReport) -> None:
    body.p("Title", report.title)
    body.p("Subtitle", " · ".join(x for x in (report.organisation, report.subtitle) if x))
    body.p("Normal", (PLAN_PAGE_NOTE, "i"))
    for quarter in report.quarters:
        body.heading(1, quarter.label)
        for line in quarter.lines:
            if line.entry is not None:
                body.p("List Bullet", *entry_runs(line.entry))
                continue
            body.p("List Bullet", line.text)
            for forum, entry in line.bullets:
                body.p("List Bullet 2", *entry_runs(entry, forum))


def _meetings(body: Body, report: StatusReport) -> None:
    body.p("Heading 1", MEETINGS, page_break=True)
    body.p("Normal", report.held_summary)
    rows = report.meeting_rows()
    if rows:
        body.table(["Møde", "Hvornår", "Afholdt", "Status"], [[(c, None) for c in row] for row in rows],
                   widths=MEETING_WIDTHS)


def _late(body: Body, report: StatusReport) -> None:
    body.heading(1, LATE)
    late = report.late
    if not late:
        body.p("Normal", NOTHING_LATE)
    for entry in late:
        body.p("List Bullet", entry.name, (f" ({entry.when})", "m"), " – ", (entry.status, "b"))


def _trails(body: Body, report: StatusReport) -> None:
    body.heading(1, TRAIL)
    for entry in report.entries:
        body.heading(2, entry.name)
        facts = [x for x in (entry.who, entry.when, f"status: {entry.status_text}") if x]
        body.p("Normal", (" · ".join(facts), "i"), keep_next=True)
        if entry.origin is not None:
            body.p("Normal", ("Kom fra: ", "b"), entry.origin.meeting, keep_next=True)
            for point in entry.origin.points:
                body.p("List Bullet", point, keep_next=True)
        if entry.held:
            body.p("Normal", ("Holdt: ", "b"), "; ".join(m.label for m in entry.held), keep_next=True)
        if entry.disagreement:
            body.p("Normal", ("Uenighed: ", "b"), entry.disagreement, keep_next=True)
        if not entry.trail:
            body.p("Normal", ("Ingen statusændringer endnu.", "m"))
            continue
        rows = [[(step.date_text, None), [(step.status, "b" if step.current else None)]
                 + ([(" (gælder)", "m")] if step.current and len(entry.trail) > 1 else []),
                 (step.note, None), (step.meeting or "", None)] for step in entry.trail]
        body.table(["Dato", "Status", "Note", "Møde"], rows, widths=TRAIL_WIDTHS, together=len(rows) <= 8)
