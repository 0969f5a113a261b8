"""The status report for HU as slides, built from the opsamling deck's blocks (`pptx.Deck`: the title
slide, text and table slides that continue »(fortsat)«, the footer and number on every slide).

The plan page is one slide shaped like seed 002's last page: the quarters in time order, each a box of
its entries with their status (four boxes to a slide)."""

from __future__ import annotations

from pathlib import Path

from pptx.util import Cm, Pt

from aktorskab_cli.programme.report import LATE, MEETINGS, NOTHING_LATE, TRAIL, Quarter, ReportEntry, StatusReport
import io

from aktorskab_cli.writers.pptx import ACCENT, BODY_HEIGHT, BODY_TOP, MARGIN, WIDTH, Deck, Line, _as_written_by_us

QUARTERS_PER_SLIDE = 4


def write(report: StatusReport, path: Path) -> None:
    deck = StatusDeck(report)
    deck.build()
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    _as_written_by_us(buffer.getvalue(), path)


def entry_runs(entry: ReportEntry, text: str | None = None) -> tuple:
    runs = ((text or entry.what, None), (" – ", None), (entry.status, "b"))
    return runs + ((" · forsinket", "b"),) if entry.late else runs


class StatusDeck(Deck):
    def build(self) -> None:
        report: StatusReport = self.ops
        self._title_slide()
        for start in range(0, max(len(report.quarters), 1), QUARTERS_PER_SLIDE):
            self._plan_slide(report.quarters[start:start + QUARTERS_PER_SLIDE], continued=start > 0)
        rows = [[(c, None) for c in row] for row in report.meeting_rows()]
        if rows:
            self._table_slides(MEETINGS, ["Møde", "Hvornår", "Afholdt", "Status"], rows,
                               widths=(0.32, 0.18, 0.32, 0.18), per_slide=6)
        late: list[Line] = [(1, (*entry_runs(e), (f" ({e.when})", "m"))) for e in report.late]
        self._text_slides(LATE, late or [(0, ((NOTHING_LATE, None),))])
        self._text_slides(TRAIL, [line for entry in report.entries for line in _trail(entry)])
        self._number_slides()

    def _plan_slide(self, quarters: list[Quarter], continued: bool) -> None:
        slide = self._slide(self.ops.title + (" (fortsat)" if continued else ""))
        width = (WIDTH - 2 * MARGIN - Cm(1)) / 2
        height = (BODY_HEIGHT - Cm(0.6)) / 2
        for index, quarter in enumerate(quarters):
            left = MARGIN + (index % 2) * (width + Cm(1))
            top = BODY_TOP - Cm(0.6) + (index // 2) * (height + Cm(0.6))
            frame = slide.shapes.add_textbox(int(left), int(top), int(width), int(height)).text_frame
            frame.word_wrap = True
            heading = frame.paragraphs[0].add_run()
            heading.text = quarter.label
            heading.font.size, heading.font.bold, heading.font.color.rgb = Pt(18), True, ACCENT
            for line in quarter.lines:
                self._plan_line(frame, ("• ", None), *(entry_runs(line.entry) if line.entry else ((line.text, None),)))
                for forum, entry in line.bullets:
                    self._plan_line(frame, ("    – ", None), *entry_runs(entry, forum))

    def _plan_line(self, frame, *runs) -> None:  # noqa: ANN001 - a pptx text frame
        p = frame.add_paragraph()
        p.space_before = Pt(3)
        self._runs(p, runs, size=14)


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
        lines.append((1, ((f"{step.date_text}: ", None), (step.status, "b"), (where + meeting, None))))
    return lines
