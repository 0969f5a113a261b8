"""The opsamling as a 16:9 slide deck shaped like seed 002: a slide per item table, theme, barriers,
vejen videre, plan and *Opsamlende*, with the footer text, slide number and logo on every slide.

Long lists and tables continue on a next slide ("fortsat") instead of running off the bottom (tables by the
height of their rows, a row taller than a slide smaller or cut by lines) – never for one line of a list,
which goes back onto the slide before, its text a little smaller; the raw answers stay in the document's
bilag, not on slides. `Deck` holds the blocks other decks reuse (the status report: `status_pptx`): the
title slide, text slides, table slides and slides of boxes (seed 002's plan page: a quarter's heading
with its entries under it); `pptx_base` writes them as text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from aktorskab_cli.opsamling.markup import Run, blocks
from aktorskab_cli.opsamling.model import BARRIERS, FOLLOWUP_HEADER, SUGGESTED, ItemSummary, Opsamling, PointView
from aktorskab_cli.writers.docx_base import Properties
from aktorskab_cli.writers.pptx_base import CM, HEIGHT, MARGIN, WIDTH, Para, Slide, write_deck

BODY_TOP = int(4.4 * CM)
BODY_HEIGHT = HEIGHT - BODY_TOP - int(2.2 * CM)
# How much a text slide holds, in points: the body box less its insets. A line is counted by the rows it
# wraps to (a character taken as 0.55 of the font size: LibreOffice's fallback for Calibri is wider) at
# 1.2 times its size, plus the space after it; what does not fit goes on a "(fortsat)" slide, so the last
# line never runs into the footer.
BODY_POINTS = BODY_HEIGHT / 12700 - 2 * 3.6
BODY_WIDTH = (WIDTH - 2 * MARGIN) / 12700 - 2 * 7.2  # points, less the box's insets
CHAR_WIDTH = 0.55
SPACE_AFTER = 8
SMALLEST = 0.7  # a slide's text is made at most this much smaller to hold one more line …
SLIGHTLY = 0.88  # … or this much to hold a few (a »(fortsat)« slide of two short lines looked forgotten)
BOXES_PER_SLIDE = 4
# A table is split by the height its rows take, measured as a text slide's lines are (`line_points`, at
# the column's width less the cell's insets, no space after): a row is at least as high as pptx_base
# writes it, a cell's text has 7.2 pt of insets left and right and 3.6 pt above and below.
TABLE_POINTS = BODY_HEIGHT / 12700
ROW_POINTS = 370840 / 12700
TABLE_SIZE = 16
Line = tuple[int, tuple[Run, ...]]  # (indent level: 0 a paragraph, 1 a bullet, 2 a bullet under it; runs)
SIZES = {0: 20, 1: 18, 2: 16}


def write(ops: Opsamling, path: Path) -> None:
    Deck(ops).write(path)


def _chunks(seq: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, max(len(seq), 1), size):
        yield seq[start:start + size]


def line_points(line: Line, width: float = BODY_WIDTH, sizes: dict[int, float] = SIZES,
                after: float = SPACE_AFTER) -> float:
    """The height a line takes, in points, wrapped to a box `width` points wide, with `after` below it."""
    level, runs = line
    size = sizes[level]
    per_row = max(1, int((width - 27 * level) / (size * CHAR_WIDTH)))  # a bullet's indent
    text = "".join(text for text, _ in runs)
    rows = sum(max(1, -(-len(part) // per_row)) for part in text.split("\n"))
    return rows * size * 1.2 + after


def slide_pages(lines: Sequence[Line]) -> list[tuple[list[Line], float]]:
    """The lines of a text slide and its "(fortsat)" slides, each with the scale of its text: as many as
    fit above the footer, a bold lead-in line ("Pointer fra dialogen", a barrier's heading) always on the
    slide of the first line under it, the last line under a lead-in never alone at the top of a slide (the
    line before goes with it, and the lead-in too when that was its first line: a status report's
    »Ingen statusændringer endnu.« stays with its entry), and a last slide of one line (or of a few, when
    the text need shrink only a little) put back on the one before, smaller."""
    pages: list[list[Line]] = [[]]
    used = [0.0]
    for index, line in enumerate(lines):
        height = line_points(line)
        if pages[-1] and used[-1] + height > BODY_POINTS:
            page = pages[-1]
            keep = len(page)
            last_of_group = index + 1 == len(lines) or _lead_in(lines[index + 1])
            if not _lead_in(page[-1]) and last_of_group and any(map(_lead_in, lines[:index])):
                keep -= 1  # no widow: the line before comes along
            if keep and _lead_in(page[keep - 1]):
                keep -= 1  # a lead-in goes with the first line under it
            carried = page[keep:] if keep else []
            del page[len(page) - len(carried):]
            used[-1] -= sum(map(line_points, carried))
            pages.append(carried)
            used.append(sum(map(line_points, carried)))
        pages[-1].append(line)
        used[-1] += height
    if len(pages) > 1:  # a short last slide: back onto the one before, its text smaller
        whole = used[-2] + used[-1]
        if BODY_POINTS / whole >= (SMALLEST if len(pages[-1]) == 1 else SLIGHTLY):
            pages[-2:] = [pages[-2] + pages[-1]]
            used[-2:] = [whole]
    return [(page, min(1.0, BODY_POINTS / total) if total else 1.0) for page, total in zip(pages, used)]


def _lead_in(line: Line) -> bool:
    level, runs = line
    return level == 0 and all(fmt == "b" for _, fmt in runs)


def point_runs(p: PointView, counts: bool = True) -> tuple[Run, ...]:
    note = p.note(counts)
    return ((p.text, None),) + (((f" ({note})", "m"),) if note else ())


def paras(lines: Sequence[Line], scale: float = 1.0, sizes: dict[int, float] = SIZES) -> list[Para]:
    return [Para(runs, round(sizes[level] * scale, 1), level, SPACE_AFTER * scale) for level, runs in lines]


class Deck:
    """A deck being built: `slides` in order; `write()` builds and writes it. `doc` is what it shows (an
    `Opsamling`, or for a subclass any object with title, organisation, subtitle, rehearsal, footer, logo)."""

    def __init__(self, doc: Any) -> None:  # noqa: ANN401 - an Opsamling or a status report
        self.ops = doc
        self.slides: list[Slide] = []

    def write(self, path: Path) -> None:
        from aktorskab_cli.writers.images import NotAnImage, read_image

        self.build()
        ops = self.ops
        try:
            logo = read_image(Path(ops.logo)) if ops.logo else None
        except (OSError, NotAnImage):  # the commands refuse a bad logo before writing; here it is left out
            logo = None
        props = Properties(ops.title, "", ops.organisation or "aktorskab", "aktørskab", getattr(ops, "created", None))
        write_deck(path, self.slides, props, ops.footer, logo)

    def build(self) -> None:
        ops = self.ops
        counts = ops.counts
        self._title_slide()
        if ops.intro:
            self._text_slides("Indledning", self._markup(ops.intro))
        for part in ops.parts:
            for item in part.items:
                self._item(item)
                self._followup(item)
        for section in ops.sections:
            lines = ([(0, ((section.lead, "i"),))] if section.lead else [])
            lines += [(1, ((b, None),)) for b in section.bullets] + self._markup(section.text)
            self._text_slides(section.title, lines)
        for theme in ops.themes:
            lines = self._markup(theme.text)
            if theme.requires:
                lines += [(0, (("For at lykkes kræver det:", "b"),))] + [(1, ((r, None),)) for r in theme.requires]
            if theme.points:
                lines += [(0, ((theme.points_title, "b"),))] + [(1, point_runs(p, counts)) for p in theme.points]
            self._text_slides(f"{theme.number}. {theme.title}", lines)
        if ops.barriers:  # seed 002: a heading and its paragraph each, no bullets; as in the document, one
            lines = [line for b in ops.barriers if b.text.strip()  # without a paragraph is a line, never a heading
                     for line in [(0, ((b.title, "b"),)), *self._markup(b.text)]]
            self._text_slides(BARRIERS, lines + [(1, ((b.title, None),)) for b in ops.barriers if not b.text.strip()])
        if ops.next:
            self._text_slides("Vejen videre", [(1, ((p.text, None),)) for p in ops.next])
        if ops.plan:  # seed 002's last page: the quarters as headings, their entries under them
            self._box_slides(ops.plan_title, [(g.label, [(1, ((a.what, None),) + (((f" – {a.who}", "m"),) if a.who else ()))
                                                         for a in g.actions]) for g in ops.plan])
        if ops.closing:
            lines = []
            for note in ops.closing:
                if len(ops.closing) > 1 or ops.combined:
                    lines.append((0, ((note.meeting.label, "b"),)))
                lines += self._markup(note.text)
            self._text_slides("Opsamlende", lines)

    # ------------------------------------------------------------ slides

    def _slide(self, title: str) -> Slide:
        slide = Slide(title)
        self.slides.append(slide)
        return slide

    def _title_slide(self) -> None:
        ops = self.ops
        slide = self._slide(ops.title)
        facts = [x for x in (ops.organisation, ops.subtitle, ops.rehearsal) if x]
        slide.text(MARGIN, 7 * CM, WIDTH - 2 * MARGIN, 6 * CM, [Para(((f, None),), 22) for f in facts])

    def _text_slides(self, title: str, lines: list[Line]) -> None:
        for number, (chunk, scale) in enumerate(slide_pages(lines)):
            self._text_page(title + (" (fortsat)" if number else ""), chunk, scale)

    def _text_page(self, title: str, lines: list[Line], scale: float = 1.0) -> None:
        """One text slide of lines already paged."""
        slide = self._slide(title)
        slide.text(MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT, paras(lines, scale))

    def _item(self, item: ItemSummary) -> None:
        counts = self.ops.counts
        if item.layout == "table" and any(c.points for c in item.columns):
            rows = [[point_runs(p, counts) if p else () for p in row] for row in item.rows()]
            self._table_slides(item.title, [c.title for c in item.columns], rows)
            extra = [(0, point_runs(p, counts)) for p in item.loose]
            if extra:
                self._text_slides(f"Øvrige pointer – {item.title}", extra)
            return
        lines: list[Line] = []
        for column in item.columns if item.layout == "sections" else []:
            if column.points:
                lines += [(0, ((column.title, "b"),))] + [(1, point_runs(p, counts)) for p in column.points]
        lines += [(1 if lines else 0, point_runs(p, counts)) for p in item.loose]
        if lines:
            self._text_slides(item.title, lines)

    def _followup(self, item: ItemSummary) -> None:
        """A follow-up item: what each meeting set, a table per meeting (who held it and when in the title when
        combined)."""
        for group in item.followup:
            rows = [[((s.what, None),), ((s.who, None),),
                     ((s.status, "b"),) + (((f" ({SUGGESTED})", "m"),) if s.suggested else ()), ((s.note, None),)]
                    for s in group.statuses]
            title = f"{item.title} – {group.meeting.place_and_date}" if self.ops.combined else item.title
            self._table_slides(title, list(FOLLOWUP_HEADER), rows, (0.3, 0.26, 0.2, 0.24))

    def _table_slides(self, title: str, header: list[str], rows: list, widths: Sequence[float] | None = None) -> None:
        """A table over as many slides as its rows' height takes, never over the footer; a cell is a tuple of
        runs (or one run). A row taller than a slide is put on one of its own, its text smaller (down to
        SMALLEST), or when even that is too tall, its cells cut by lines over »(fortsat)« slides."""
        cells = [tuple(cell if not cell or isinstance(cell[0], tuple) else (cell,) for cell in row) for row in rows]
        shares = widths or [1 / len(header)] * len(header)
        table = _Table(header, shares)
        pages: list[tuple[list, float]] = []
        used = 0.0
        for row in cells:
            left = table.room - used if pages and pages[-1][1] == 1 else 0.0
            for piece, scale, height in table.fitted(row, left):
                if scale < 1 or not pages or pages[-1][1] < 1 or used + height > table.room:
                    pages.append(([piece], scale))
                    used = height
                else:
                    pages[-1][0].append(piece)
                    used += height
        if len(pages) > 1 and len(pages[-1][0]) == 1 and pages[-1][1] == pages[-2][1] == 1:
            together = pages[-2][0] + pages[-1][0]  # one row left over: back onto the slide before, smaller
            scale = table.scale(together)
            if scale:
                pages[-2:] = [(together, scale)]
        for number, (chunk, scale) in enumerate(pages or [([], 1.0)]):
            slide = self._slide(title + (" (fortsat)" if number else ""))
            slide.table(MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, header, chunk, shares, size=round(TABLE_SIZE * scale, 1))

    def _box_slides(self, title: str, boxes: Sequence[tuple[str, Sequence[Line]]], per_slide: int = BOXES_PER_SLIDE,
                    top: int = BODY_TOP - int(0.6 * CM)) -> None:
        """Boxes two by two, each a heading in the accent colour with its lines under it (seed 002's plan
        page); a box's text is made smaller where its lines would run over its foot, down to SMALLEST, and
        lines that even so would not fit go on in a next box, its heading marked »(fortsat)«."""
        gap = CM
        width = (WIDTH - 2 * MARGIN - gap) // 2
        height = (HEIGHT - top - int(2.2 * CM) - int(0.6 * CM)) // 2
        sizes = {0: 14, 1: 14, 2: 13}
        room = height / 12700 - 7.2

        def need(lines: Sequence[Line], scale: float = 1.0) -> float:
            scaled = {level: size * scale for level, size in sizes.items()}
            return (18 * 1.2 + 4) * scale + sum(line_points(line, width / 12700 - 14.4, scaled, SPACE_AFTER * scale)
                                                for line in lines)

        fitted: list[tuple[str, Sequence[Line]]] = []
        for heading, lines in boxes:
            parts: list[list[Line]] = [[]]
            for line in lines if need(lines, SMALLEST) > room else []:
                if parts[-1] and need([*parts[-1], line], SMALLEST) > room:
                    parts.append([])
                parts[-1].append(line)
            fitted += [(heading + (" (fortsat)" if n else ""), part) for n, part in enumerate(parts)] if parts[0] \
                else [(heading, lines)]
        for number, chunk in enumerate(_chunks(fitted, per_slide)):
            slide = self._slide(title + (" (fortsat)" if number else ""))
            for index, (heading, lines) in enumerate(chunk):
                scale = next((s / 50 for s in range(50, round(SMALLEST * 50), -1) if need(lines, s / 50) <= room),
                             SMALLEST)
                left = MARGIN + (index % 2) * (width + gap)
                y = top + (index // 2) * (height + int(0.6 * CM))
                slide.text(left, y, width, height, [Para(((heading, "h"),), round(18 * scale, 1), after=4 * scale),
                                                    *paras(lines, scale, sizes)])

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


class _Table:
    """The measure of a table's rows on a slide: `room` is what the body holds below the header row."""

    def __init__(self, header: Sequence[str], shares: Sequence[float]) -> None:
        self.head = tuple(((h, "b"),) for h in header)
        self.widths = [(WIDTH - 2 * MARGIN) * share / 12700 - 14.4 for share in shares]
        self.room = TABLE_POINTS - self.height(self.head, TABLE_SIZE + 2)

    def height(self, row: Sequence[tuple[Run, ...]], size: float) -> float:
        return max([ROW_POINTS] + [line_points((0, cell), width, {0: size}, 0) + 7.2
                                   for cell, width in zip(row, self.widths)])

    def fitted(self, row: tuple, left: float = 0.0) -> list[tuple[tuple, float, float]]:
        """`row` as (row, scale, height) pieces that each fit on a slide below the header; a row cut by lines
        begins in what is `left` on the slide before, when that holds a few lines."""
        height = self.height(row, TABLE_SIZE)
        if height <= self.room:
            return [(row, 1.0, height)]
        scale = self.scale([row])
        if scale:
            return [(row, scale, TABLE_POINTS)]
        first = left if left >= 4 * TABLE_SIZE * 1.2 + 7.2 else self.room
        cut = [self._cut(cell, width, first) for cell, width in zip(row, self.widths)]
        pieces = [tuple(c[n] if n < len(c) else () for c in cut) for n in range(max(map(len, cut)))]
        return [(piece, 1.0, self.height(piece, TABLE_SIZE)) for piece in pieces]

    def scale(self, rows: Sequence[tuple]) -> float | None:
        """The largest scale of the text (steps of 0.02, down to SMALLEST) at which the header and `rows`
        fit on a slide; None if none does."""
        for step in range(50, round(SMALLEST * 50) - 1, -1):
            scale = step / 50
            if self.height(self.head, TABLE_SIZE * scale + 2) + sum(
                    self.height(row, TABLE_SIZE * scale) for row in rows) <= TABLE_POINTS:
                return scale
        return None

    def _cut(self, cell: tuple[Run, ...], width: float, first: float) -> list[tuple[Run, ...]]:
        """A cell's runs cut at a space into pieces that each fit below the header (the first in `first`
        points), all but the last ending in » …«."""
        def fits(text: str) -> bool:
            budget = (first if not pieces else self.room) - 7.2
            return line_points((0, ((text, None),)), width, {0: TABLE_SIZE}, 0) <= budget

        pieces: list[tuple[Run, ...]] = []
        text = "".join(t for t, _ in cell)
        while not fits(text):
            low, high = 1, len(text)
            while low < high:  # the longest beginning that fits with its » …«
                middle = (low + high + 1) // 2
                low, high = (middle, high) if fits(text[:middle] + " …") else (low, middle - 1)
            space = text.rfind(" ", 0, low + 1)
            head, cell = _split_runs(cell, space if space > 0 else low)
            pieces.append(head + ((" …", None),))
            text = "".join(t for t, _ in cell)
        return pieces + [cell]


def _split_runs(runs: tuple[Run, ...], at: int) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """`runs` cut after `at` characters; the rest without the spaces it would begin with."""
    head: list[Run] = []
    rest: list[Run] = []
    seen = 0
    for text, fmt in runs:
        if seen + len(text) <= at:
            head.append((text, fmt))
        elif seen >= at:
            rest.append((text, fmt))
        else:
            head.append((text[:at - seen], fmt))
            rest.append((text[at - seen:], fmt))
        seen += len(text)
    while rest and not rest[0][0].strip():
        rest.pop(0)
    if rest:
        rest[0] = (rest[0][0].lstrip(), rest[0][1])
    return tuple(head), tuple(rest)
