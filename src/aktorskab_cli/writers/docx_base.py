"""What every Word document of ours shares: A4, Danish, core properties, footer, Word's own styles.

python-docx opens the template, the parts and the footer; the body is built as WordprocessingML with
lxml directly, each style id resolved once. Looking a style up by name for every paragraph costs
~1.4 ms, which is 7 s for 5,000 answers; building the elements costs a few microseconds each.

`new_document()` + `Body` + `finish()` is the whole life of a document: the opsamling (`docx.py`) and
the printed programme and dialogue guide (`material_docx.py`) differ only in what they put in the body.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

LANGUAGE = "da-DK"
TABLE_STYLE = "Light Grid Accent 1"
BODY_FONT = "Calibri"
_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet", "Normal",
           "Quote", TABLE_STYLE)
_MARK_COLOUR = "595959"
_SUB = etree.SubElement
_qn = functools.cache(qn)  # "w:p" -> "{…}p", ~75,000 times for 5,000 answers
_W = qn("w:val")
Cell = tuple[str, str | None] | list[tuple[str, str | None]] | None


@dataclass(frozen=True)
class Properties:
    """The core properties Word shows under File → Info."""

    title: str
    subject: str
    author: str
    keywords: str
    created: dt.datetime | None = None


def new_document(props: Properties):  # noqa: ANN201 - a docx Document
    """An empty A4 document in Danish with its core properties set."""
    doc = Document()
    _page_setup(doc)
    _danish(doc)
    _core_properties(doc, props)
    return doc


def finish(doc, body: Body, path: Path, footer: str, logo: str | None = None) -> None:
    """Close the body, add the footer (and the logo in the header), and save to `path`."""
    body.finish()
    _footer(doc, footer)
    if logo and Path(logo).is_file():
        header = doc.sections[0].header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run().add_picture(logo, height=Cm(1.4))
    doc.save(str(path))


# ---------------------------------------------------------------- WordprocessingML, fast


class Body:
    """Appends paragraphs and tables to the document body as raw elements, styles resolved once."""

    def __init__(self, doc) -> None:
        self.doc = doc
        section = doc.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin
        self.body = doc.element.body
        self.sect = self.body.sectPr
        self.body.remove(self.sect)
        for child in list(self.body):  # the template's empty paragraph
            self.body.remove(child)
        self.ids = {name: doc.styles[name].style_id for name in _STYLES}

    def finish(self) -> None:
        self.body.append(self.sect)

    def heading(self, level: int, text: str) -> None:
        self.p(f"Heading {min(level, 4)}", text)

    def p(self, style: str | None, *runs: str | tuple[str, str | None], keep_next: bool = False,
          page_break: bool = False, parent=None):
        p = OxmlElement("w:p")
        if style or keep_next or page_break:
            ppr = _SUB(p, _qn("w:pPr"))
            if style and style != "Normal":
                _SUB(ppr, _qn("w:pStyle")).set(_W, self.ids[style])
            if keep_next:
                _SUB(ppr, _qn("w:keepNext"))
            if page_break:
                _SUB(ppr, _qn("w:pageBreakBefore"))
        for run in runs:
            text, fmt = (run, None) if isinstance(run, str) else run
            _run(p, text, fmt)
        (self.body if parent is None else parent).append(p)
        return p

    def answer(self, style: str, text: str, mark: str | None, parent=None) -> None:
        runs: list[tuple[str, str | None]] = [(text, None)]
        if mark:
            runs.append((f" ({mark})", "m"))
        self.p(style, *runs, parent=parent)

    def table(self, header: list[str], rows: list[list[Cell]], widths: tuple[int, ...] | None = None, *,
              height: float | None = None, together: bool = False, banded: bool = True) -> None:
        """A table in the built-in table style; the header row repeats on every page.

        A cell is None, (text, mark) or a list of (text, format) runs. `height` (cm) gives every body row
        at least that height, room to write by hand; `together` keeps a short table on one page; rows to
        write on are not `banded` (no shading under the pen).
        """
        count = len(header)
        shares = widths or tuple(100 / count for _ in header)
        twips = [int(self.width / 635 * s / 100) for s in shares]  # EMU -> twips
        tbl = OxmlElement("w:tbl")
        pr = _SUB(tbl, _qn("w:tblPr"))
        _SUB(pr, _qn("w:tblStyle")).set(_W, self.ids[TABLE_STYLE])
        width = _SUB(pr, _qn("w:tblW"))
        width.set(_qn("w:w"), "5000")
        width.set(_qn("w:type"), "pct")
        look = _SUB(pr, _qn("w:tblLook"))
        for key, value in (("val", "0420" if banded else "0620"), ("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"),
                           ("lastColumn", "0"), ("noHBand", "0" if banded else "1"), ("noVBand", "1")):
            look.set(_qn(f"w:{key}"), value)
        grid = _SUB(tbl, _qn("w:tblGrid"))
        for w in twips:
            _SUB(grid, _qn("w:gridCol")).set(_qn("w:w"), str(w))
        self._row(tbl, [(h, None) for h in header], twips, header=True, keep=together and bool(rows))
        for index, row in enumerate(rows):
            self._row(tbl, row, twips, height=height, keep=together and index < len(rows) - 1)
        self.body.append(tbl)
        self.p(None)  # Word needs a paragraph between a table and what follows

    def _row(self, tbl, cells, twips, header: bool = False, height: float | None = None, keep: bool = False) -> None:
        tr = _SUB(tbl, _qn("w:tr"))
        trpr = _SUB(tr, _qn("w:trPr"))
        _SUB(trpr, _qn("w:cantSplit"))
        if height:
            tr_height = _SUB(trpr, _qn("w:trHeight"))
            tr_height.set(_W, str(int(height * 567)))  # cm -> twips
            tr_height.set(_qn("w:hRule"), "atLeast")
        if header:
            _SUB(trpr, _qn("w:tblHeader"))
        for cell, w in zip(cells, twips):
            tc = _SUB(tr, _qn("w:tc"))
            tcpr = _SUB(tc, _qn("w:tcPr"))
            tcw = _SUB(tcpr, _qn("w:tcW"))
            tcw.set(_qn("w:w"), str(w))
            tcw.set(_qn("w:type"), "dxa")
            p = _SUB(tc, _qn("w:p"))
            ppr = _SUB(p, _qn("w:pPr"))
            if keep:
                _SUB(ppr, _qn("w:keepNext"))
            spacing = _SUB(ppr, _qn("w:spacing"))
            spacing.set(_qn("w:before"), "40")
            spacing.set(_qn("w:after"), "40")
            if cell is None:
                continue
            if isinstance(cell, list):
                for text, fmt in cell:
                    _run(p, text, fmt)
                continue
            text, mark = cell
            _run(p, text, None)
            if mark:
                _run(p, f" ({mark})", "m")


def _run(p, text: str, fmt: str | None) -> None:
    r = _SUB(p, _qn("w:r"))
    if fmt:
        rpr = _SUB(r, _qn("w:rPr"))
        if fmt == "b":
            _SUB(rpr, _qn("w:b"))
        elif fmt in ("i", "m"):
            _SUB(rpr, _qn("w:i"))
            if fmt == "m":
                _SUB(rpr, _qn("w:color")).set(_W, _MARK_COLOUR)
    for index, line in enumerate(text.split("\n")):
        if index:
            _SUB(r, _qn("w:br"))
        t = _SUB(r, _qn("w:t"))
        t.text = _xml_safe(line)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _xml_safe(text: str) -> str:
    """Control characters other than tab are not allowed in XML; a pasted one must not break the file."""
    if text.isprintable():
        return text
    return "".join(c for c in text if c == "\t" or ord(c) >= 0x20)


# ---------------------------------------------------------------- document settings


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)


def _danish(doc) -> None:
    """da-DK on the document defaults and on Normal, so Word spell-checks in Danish."""
    styles = doc.styles.element
    defaults = styles.find(_qn("w:docDefaults"))
    rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
    _set_lang(rpr)
    fonts = rpr.find(_qn("w:rFonts"))  # one sans-serif face for body and headings, as municipal letters use
    for key in ("asciiTheme", "hAnsiTheme", "cstheme"):
        fonts.attrib.pop(_qn(f"w:{key}"), None)
    for key in ("ascii", "hAnsi", "cs"):
        fonts.set(_qn(f"w:{key}"), BODY_FONT)
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    _set_lang(normal)
    settings = doc.settings.element
    theme_lang = settings.find(_qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(_W, LANGUAGE)
    proof = settings.find(_qn("w:proofState"))  # the template claims it was spell-checked; it was not
    if proof is not None:
        settings.remove(proof)


def _set_lang(rpr) -> None:
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = _SUB(rpr, _qn("w:lang"))
    lang.set(_W, LANGUAGE)
    lang.set(_qn("w:eastAsia"), LANGUAGE)
    lang.set(_qn("w:bidi"), "ar-SA")


def _core_properties(doc, p: Properties) -> None:
    props = doc.core_properties
    props.title = p.title
    props.subject = p.subject
    props.author = p.author
    props.last_modified_by = props.author
    props.language = LANGUAGE
    props.keywords = p.keywords
    props.comments = "Skrevet af aktorskab"
    now = p.created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1


def _footer(doc, text: str) -> None:
    """'FRA HU-TEMADAGEN, oktober 2025' to the left, 'Side X af Y' (PAGE/NUMPAGES fields) to the right."""
    section = doc.sections[0]
    paragraph = section.footer.paragraphs[0]
    paragraph.style = doc.styles["Footer"]
    width = section.page_width - section.left_margin - section.right_margin
    stops = paragraph.paragraph_format.tab_stops
    for pos in (4680 * 635, 9360 * 635):  # the template's Letter-sized stops
        stops.add_tab_stop(pos, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    p = paragraph._p
    _small(_run_el(p, text))
    _small(_run_el(p, "\t"))
    _small(_run_el(p, "Side "))
    _field(p, "PAGE", "1")
    _small(_run_el(p, " af "))
    _field(p, "NUMPAGES", "1")


def _run_el(p, text: str):
    r = _SUB(p, _qn("w:r"))
    if text == "\t":
        _SUB(r, _qn("w:tab"))
    else:
        t = _SUB(r, _qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _small(r) -> None:
    rpr = etree.Element(_qn("w:rPr"))
    _SUB(rpr, _qn("w:sz")).set(_W, "18")
    r.insert(0, rpr)


def _field(p, instruction: str, placeholder: str) -> None:
    """A complex field (begin / instrText / separate / result / end), as Word itself writes PAGE."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = _SUB(p, _qn("w:r"))
        _small(r)
        if kind == "instr":
            instr = _SUB(r, _qn("w:instrText"))
            instr.text = f" {instruction} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif kind == "result":
            _SUB(r, _qn("w:t")).text = placeholder
        else:
            _SUB(r, _qn("w:fldChar")).set(_qn("w:fldCharType"), kind)
