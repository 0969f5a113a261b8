"""The opsamling as a 16:9 slide deck shaped like seed 002: a slide per item table, theme, barriers,
vejen videre, plan and *Opsamlende*, with the footer text, slide number and logo on every slide.

Long lists continue on a next slide ("fortsat") instead of running off the bottom; the raw answers stay
in the document's bilag, not on slides.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Cm, Emu, Pt

from aktorskab_cli.opsamling.markup import Run, blocks
from aktorskab_cli.opsamling.model import ItemSummary, Opsamling, PointView

WIDTH, HEIGHT = Cm(33.867), Cm(19.05)  # 16:9
MARGIN = Cm(1.6)
BODY_TOP = Cm(4.4)
BODY_HEIGHT = HEIGHT - BODY_TOP - Cm(2.2)
ROWS_PER_TABLE = 6
# How much a text slide holds, in points: the body box less its insets. A line is counted by the rows it
# wraps to (a character taken as 0.55 of the font size: LibreOffice's fallback for Calibri is wider) at
# 1.2 times its size, plus the space after it; what does not fit goes on a "(fortsat)" slide, so the last
# line never runs into the footer.
BODY_POINTS = BODY_HEIGHT / 12700 - 2 * 3.6
CHAR_WIDTH = 0.55
SPACE_AFTER = 8
GREY = RGBColor(0x59, 0x59, 0x59)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
Line = tuple[int, tuple[Run, ...]]  # (indent level, runs)


def write(ops: Opsamling, path: Path) -> None:
    deck = Deck(ops)
    deck.build()
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    _as_written_by_us(buffer.getvalue(), path)


def _as_written_by_us(data: bytes, path: Path) -> None:
    """python-pptx's template says PowerPoint wrote the file; the file says which program did."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "docProps/app.xml":
                part = re.sub(rb"<Application>[^<]*</Application>", b"<Application>aktorskab</Application>", part)
                part = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", part)
            out.writestr(info, part)


def _chunks(seq: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, max(len(seq), 1), size):
        yield seq[start:start + size]


def line_points(line: Line) -> float:
    """The height a body line takes on a slide, in points, wrapped to the box's width."""
    level, runs = line
    size = 18 if level else 20
    width = (WIDTH - 2 * MARGIN) / 12700 - (27 if level else 0)  # points; a bullet's indent
    per_row = max(1, int(width / (size * CHAR_WIDTH)))
    text = ("• " if level else "") + "".join(text for text, _ in runs)
    rows = sum(max(1, -(-len(part) // per_row)) for part in text.split("\n"))
    return rows * size * 1.2 + SPACE_AFTER


def slide_pages(lines: Sequence[Line]) -> list[list[Line]]:
    """The lines of a text slide and its "(fortsat)" slides: as many as fit above the footer, and a bold
    lead-in line ("Pointer fra dialogen") never left alone at the bottom of a slide."""
    pages: list[list[Line]] = [[]]
    used = 0.0
    for line in lines:
        height = line_points(line)
        if pages[-1] and used + height > BODY_POINTS:
            last = pages[-1][-1]
            carried = [pages[-1].pop()] if len(pages[-1]) > 1 and _lead_in(last) else []
            pages.append(carried)
            used = sum(map(line_points, carried))
        pages[-1].append(line)
        used += height
    return pages


def _lead_in(line: Line) -> bool:
    level, runs = line
    return level == 0 and all(fmt == "b" for _, fmt in runs)


def _point_runs(p: PointView, counts: bool = True) -> tuple[Run, ...]:
    note = p.note(counts)
    return ((p.text, None),) + (((f" ({note})", "m"),) if note else ())


class Deck:
    def __init__(self, ops: Opsamling) -> None:
        self.ops = ops
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.prs.core_properties.title = ops.title
        self.prs.core_properties.author = ops.organisation or "aktorskab"
        self.prs.core_properties.language = "da-DK"
        self.prs.core_properties.comments = "Skrevet af aktorskab"
        self.blank = self.prs.slide_layouts[6]

    def build(self) -> None:
        ops = self.ops
        self._title_slide()
        if ops.intro:
            self._text_slides("Indledning", self._markup(ops.intro))
        for part in ops.parts:
            for item in part.items:
                self._item(item)
        for section in ops.sections:
            lines = ([(0, ((section.lead, "i"),))] if section.lead else [])
            lines += [(1, ((b, None),)) for b in section.bullets] + self._markup(section.text)
            self._text_slides(section.title, lines)
        for theme in ops.themes:
            lines = self._markup(theme.text)
            if theme.requires:
                lines += [(0, (("For at lykkes kræver det:", "b"),))] + [(1, ((r, None),)) for r in theme.requires]
            if theme.points:
                lines += [(0, ((theme.points_title, "b"),))] + [(1, _point_runs(p, self.ops.counts)) for p in theme.points]
            self._text_slides(f"{theme.number}. {theme.title}", lines)
        if ops.barriers:
            lines = []
            for b in ops.barriers:
                lines += [(0, ((b.title, "b"),))] + ([(1, ((b.text, None),))] if b.text else [])
            self._text_slides("Potentielle barrierer", lines)
        if ops.next:
            self._text_slides("Vejen videre", [(1, ((p.text, None),)) for p in ops.next])
        if ops.plan:
            rows = [[(a.what, None), (a.who, None), (g.label if n == 0 else "", "b")]
                    for g in ops.plan for n, a in enumerate(g.actions)]
            self._table_slides(ops.plan_title, ["Hvad", "Hvem", "Hvornår"], rows, widths=(0.52, 0.24, 0.24), per_slide=9)
        if ops.closing:
            lines = []
            for note in ops.closing:
                if len(ops.closing) > 1 or ops.combined:
                    lines.append((0, ((note.meeting.label, "b"),)))
                lines += self._markup(note.text)
            self._text_slides("Opsamlende", lines)
        self._number_slides()

    # ------------------------------------------------------------ slides

    def _slide(self, title: str):  # noqa: ANN202 - a pptx slide
        slide = self.prs.slides.add_slide(self.blank)
        box = slide.shapes.add_textbox(MARGIN, Cm(0.9), WIDTH - 2 * MARGIN - Cm(4), Cm(3.2))
        frame = box.text_frame
        frame.word_wrap = True
        run = frame.paragraphs[0].add_run()
        run.text = title
        run.font.size, run.font.bold, run.font.color.rgb = Pt(26), True, ACCENT
        if self.ops.logo and Path(self.ops.logo).is_file():
            slide.shapes.add_picture(self.ops.logo, WIDTH - MARGIN - Cm(3.2), Cm(0.9), height=Cm(1.6))
        return slide

    def _title_slide(self) -> None:
        ops = self.ops
        slide = self._slide(ops.title)
        facts = [x for x in (ops.organisation, ops.subtitle, ops.rehearsal) if x]
        box = slide.shapes.add_textbox(MARGIN, Cm(7), WIDTH - 2 * MARGIN, Cm(6))
        box.text_frame.word_wrap = True
        for index, fact in enumerate(facts):
            p = box.text_frame.paragraphs[0] if index == 0 else box.text_frame.add_paragraph()
            run = p.add_run()
            run.text = fact
            run.font.size = Pt(22)

    def _text_slides(self, title: str, lines: list[Line]) -> None:
        for number, chunk in enumerate(slide_pages(lines)):
            slide = self._slide(title + (" (fortsat)" if number else ""))
            box = slide.shapes.add_textbox(MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT)
            frame = box.text_frame
            frame.word_wrap = True
            for index, (level, runs) in enumerate(chunk):
                p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                p.space_after = Pt(8)
                bullet = "• " if level else ""
                self._runs(p, ((bullet, None),) + runs if bullet else runs, size=18 if level else 20)
                if level:
                    p.level = 1

    def _item(self, item: ItemSummary) -> None:
        if item.layout == "table" and any(c.points for c in item.columns):
            rows = [[_point_runs(p, self.ops.counts) if p else (("", None),) for p in row] for row in item.rows()]
            self._table_slides(item.title, [c.title for c in item.columns], rows)
            extra = [(0, _point_runs(p, self.ops.counts)) for p in item.loose]
            if extra:
                self._text_slides(f"Øvrige pointer – {item.title}", extra)
            return
        lines: list[Line] = []
        for column in item.columns if item.layout == "sections" else []:
            if column.points:
                lines += [(0, ((column.title, "b"),))] + [(1, _point_runs(p, self.ops.counts)) for p in column.points]
        lines += [(1 if lines else 0, _point_runs(p, self.ops.counts)) for p in item.loose]
        if lines:
            self._text_slides(item.title, lines)

    def _table_slides(self, title: str, header: list[str], rows: list, widths: Sequence[float] | None = None,
                      per_slide: int = ROWS_PER_TABLE) -> None:
        width = WIDTH - 2 * MARGIN
        for number, chunk in enumerate(_chunks(rows, per_slide)):
            slide = self._slide(title + (" (fortsat)" if number else ""))
            shape = slide.shapes.add_table(len(chunk) + 1, len(header), MARGIN, BODY_TOP, width, Cm(2))
            table = shape.table
            for col, share in enumerate(widths or [1 / len(header)] * len(header)):
                table.columns[col].width = Emu(int(width * share))
            for col, text in enumerate(header):
                self._runs(table.cell(0, col).text_frame.paragraphs[0], ((text, "b"),), size=18)
            for r, row in enumerate(chunk, start=1):
                for col, cell in enumerate(row):
                    runs = cell if isinstance(cell[0], tuple) else (cell,)
                    self._runs(table.cell(r, col).text_frame.paragraphs[0], runs, size=16)

    # ------------------------------------------------------------ text

    @staticmethod
    def _markup(text: str) -> list[Line]:
        lines: list[Line] = []
        for block in blocks(text):
            if block.kind == "p":
                lines.append((0, block.lines[0]))
            else:
                lines += [(1, ((f"{n}. ", None),) + line if block.kind == "numbers" else line)
                          for n, line in enumerate(block.lines, 1)]
        return lines

    @staticmethod
    def _runs(paragraph, runs: Sequence[Run], size: int) -> None:  # noqa: ANN001 - a pptx paragraph
        for text, fmt in runs:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = fmt == "b"
            run.font.italic = fmt in ("i", "m")
            if fmt == "m":
                run.font.color.rgb = GREY

    def _number_slides(self) -> None:
        """The footer text and 'n / N' at the foot of every slide."""
        total = len(self.prs.slides)
        for number, slide in enumerate(self.prs.slides, 1):
            box = slide.shapes.add_textbox(MARGIN, HEIGHT - Cm(1.6), WIDTH - 2 * MARGIN, Cm(1))
            p = box.text_frame.paragraphs[0]
            self._runs(p, ((f"{self.ops.footer}    {number} / {total}", "m"),), size=11)
