"""The status report for HU as slides, built from the opsamling deck's blocks (`pptx.Deck`: the title
slide, text and table slides that continue »(fortsat)«, the footer and number on every slide).

The plan page is one slide shaped like seed 002's last page: the quarters in time order, each a box of
its entries with their status (four boxes to a slide)."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.programme.report import LATE, MEETINGS, NOTHING_LATE, TRAIL, Quarter, ReportEntry, StatusReport
from aktorskab_cli.writers.pptx import BODY_POINTS, Deck, Line, line_points, slide_pages

QUARTERS_PER_SLIDE = 4


def write(report: StatusReport, path: Path) -> None:
    StatusDeck(report).write(path)


def entry_runs(entry: ReportEntry, text: str | None = None) -> tuple:
    runs = ((text or entry.what, None), (" – ", None), (entry.status, "b"))
    return runs + ((" · forsinket", "b"),) if entry.late else runs


class StatusDeck(Deck):
    def build(self) -> None:
        report: StatusReport = self.ops
        self._title_slide()
        self._box_slides(report.title, [(q.label, _quarter_lines(q)) for q in report.quarters] or [("", [])],
                         per_slide=QUARTERS_PER_SLIDE)
        rows = [[(c, None) for c in row] for row in report.meeting_rows()]
        if rows:
            self._table_slides(MEETINGS, ["Møde", "Hvornår", "Afholdt", "Status"], rows,
                               widths=(0.32, 0.18, 0.32, 0.18))
        late: list[Line] = [(1, (*entry_runs(e, e.name), (f" ({e.when})", "m"))) for e in report.late]
        self._text_slides(LATE, late or [(0, ((NOTHING_LATE, None),))])
        for number, (lines, scale) in enumerate(entry_pages([_trail(entry) for entry in report.entries])):
            self._text_page(TRAIL + (" (fortsat)" if number else ""), lines, scale)


def entry_pages(entries: list[list[Line]]) -> list[tuple[list[Line], float]]:
    """The trail slides: an entry (its heading first) kept whole on one slide when it fits there; one taller
    than a slide goes on over slides of its own (`slide_pages`), its heading repeated »(fortsat)« on each."""
    pages: list[tuple[list[Line], float]] = []
    used = BODY_POINTS
    for lines in entries:
        height = sum(map(line_points, lines))
        if height <= BODY_POINTS:
            if used + height > BODY_POINTS:
                pages.append(([], 1.0))
                used = 0.0
            pages[-1][0].extend(lines)
            used += height
            continue
        heading = lines[0][1][0][0]
        for number, (chunk, scale) in enumerate(slide_pages(lines)):
            again: list[Line] = [(0, ((f"{heading} (fortsat)", "b"),))] if number and chunk[0][0] else []
            pages.append((again + chunk, scale))
        used = BODY_POINTS  # the next entry on a slide of its own
    return pages


def _quarter_lines(quarter: Quarter) -> list[Line]:
    """A quarter's entries with their status, and under an entry held in several forums each forum's."""
    lines: list[Line] = []
    for line in quarter.lines:
        lines.append((1, entry_runs(line.entry) if line.entry else ((line.text, None),)))
        lines += [(2, entry_runs(entry, forum)) for forum, entry in line.bullets]
    return lines


def _trail(entry: ReportEntry) -> list[Line]:
    """An entry's lead-in line (what, in bold) and its trail as bullets: where it came from, the meetings
    held, every status change."""
    facts = " · ".join(x for x in (entry.who, entry.when, entry.status_text) if x)
    lines: list[Line] = [(0, ((entry.name, "b"),)), (1, ((facts, "i"),))]
    if entry.origin is not None:
        points = "".join(f" »{p}«" for p in entry.origin.points)
        lines.append((1, (("Kom fra: ", "b"), (entry.origin.meeting + (":" + points if points else ""), None))))
    if entry.held:
        lines.append((1, (("Holdt: ", "b"), ("; ".join(m.label for m in entry.held), None))))
    if entry.disagreement:
        lines.append((1, (("Uenighed: ", "b"), (entry.disagreement, None))))
    if not entry.trail:
        lines.append((1, (("Ingen statusændringer endnu.", "m"),)))
    for step in entry.trail:
        where = f" – {step.note}" if step.note else ""
        meeting = f" ({step.meeting})" if step.meeting else ""
        holds = [(" (gælder)", "m")] if step.current and len(entry.trail) > 1 else []  # as in the DOCX
        lines.append((1, ((f"{step.date_text}: ", None), (step.status, "b" if step.current else None), *holds,
                          (where + meeting, None))))
    return lines
