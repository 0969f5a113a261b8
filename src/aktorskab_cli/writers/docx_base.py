"""What every Word document of ours shares: A4, Danish, core properties, footer, Word's own styles.

All of that is inside the shipped `template.docx` (built by `docx_template.py`). Writing a document is
copying the template's parts into a new zip with three parts written fresh: the body (WordprocessingML
as escaped text, each style id resolved once), the core properties and the footer's text. Neither
python-docx nor lxml is imported for it; building 60,000 lxml elements for 5,000 answers cost more than
the rest of the export together. python-docx is only used for a logo in the header (rare).

`new_document()` + `Body` + `finish()` is the whole life of a document: the opsamling (`docx.py`) and
the printed programme and dialogue guide (`material_docx.py`) differ only in what they put in the body.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGE = "da-DK"
TABLE_STYLE = "Light Grid Accent 1"
TEMPLATE = Path(__file__).with_name("template.docx")
FOOTER_PLACEHOLDER = b"@@FOOTER@@"
_MARK_COLOUR = "595959"
# A4 (21 cm) less the template's 2.2 cm margins, in EMU (360,000 per cm), as python-docx gives it
TEXT_WIDTH = 7560310 - 2 * 792000
Cell = tuple[str, str | None] | list[tuple[str, str | None]] | None
_FORMATS = {
    None: "",
    "b": "<w:rPr><w:b/></w:rPr>",
    "i": "<w:rPr><w:i/></w:rPr>",
    "m": f'<w:rPr><w:i/><w:color w:val="{_MARK_COLOUR}"/></w:rPr>',
}


@dataclass(frozen=True)
class Properties:
    """The core properties Word shows under File → Info."""

    title: str
    subject: str
    author: str
    keywords: str
    created: dt.datetime | None = None


@dataclass
class Document:
    """A document being written: its properties and the page it is laid out on."""

    props: Properties
    width: int = TEXT_WIDTH  # the text width in EMU
    styles: dict[str, str] = field(default_factory=lambda: _template().styles)
    lists: list[int] = field(default_factory=list)  # numbered lists that restart at 1 (w:num ids)

    def new_list(self) -> int:
        """A fresh w:num on List Number's abstract list, its start overridden to 1 (written by `finish`)."""
        self.lists.append(_template().max_num + len(self.lists) + 1)
        return self.lists[-1]


def new_document(props: Properties) -> Document:
    """An empty A4 document in Danish with its core properties set."""
    return Document(props)


def finish(doc: Document, body: Body, path: Path, footer: str, logo: str | None = None) -> None:
    """Close the body, put the footer text in, and write the .docx to `path` (the logo into the header)."""
    body.finish()
    template = _template()
    xml = "".join(body.parts).encode("utf-8")
    replaced = {
        "word/document.xml": template.document_head + xml + template.document_tail,
        "docProps/core.xml": core_xml(doc.props),
        template.footer_name: template.footer.replace(FOOTER_PLACEHOLDER, _escape(footer).encode("utf-8")),
    }
    if doc.lists:
        nums = "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{template.list_number_abstract}"/>'
                       '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
                       for n in doc.lists)
        replaced["word/numbering.xml"] = template.numbering.replace(b"</w:numbering>",
                                                                     nums.encode() + b"</w:numbering>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in template.parts:
            out.writestr(name, replaced.get(name, data), compresslevel=1)
    if logo and Path(logo).is_file():
        _add_logo(path, logo)


# ---------------------------------------------------------------- WordprocessingML, as text


class Body:
    """Appends paragraphs and tables to the document body as WordprocessingML text, styles resolved once.

    `parts` holds the XML in order; `p`, `heading`, `answer` and `table` append to it (or to `parent`, a
    list, when given) and return what they appended. `raw` appends XML written by the caller.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.width = doc.width
        self.ids = doc.styles
        self.parts: list[str] = []

    def finish(self) -> None:
        """Nothing to close: the section properties stay in the template's part."""

    def style_id(self, name: str) -> str:
        """Word's style id for a style name ('Heading 1' -> 'Heading1', 'List Bullet' -> 'ListBullet')."""
        return self.ids[name.lower()]

    def raw(self, xml: str) -> None:
        self.parts.append(xml)

    def heading(self, level: int, text: str) -> str:
        return self.p(f"Heading {min(level, 4)}", text)

    def p(self, style: str | None, *runs: str | tuple[str, str | None], keep_next: bool = False,
          page_break: bool = False, parent: list[str] | None = None) -> str:
        ppr = ""
        if style and style != "Normal":
            ppr += f'<w:pStyle w:val="{self.ids[style.lower()]}"/>'
        if keep_next:
            ppr += "<w:keepNext/>"
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        out = "<w:p>" + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        for run in runs:
            out += _run(run, None) if isinstance(run, str) else _run(*run)
        out += "</w:p>"
        (self.parts if parent is None else parent).append(out)
        return out

    def numbered(self, entries: list[list[tuple[str, str | None]]]) -> None:
        """A numbered list (List Number) that starts at 1, however many lists came before it."""
        num = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{self.doc.new_list()}"/></w:numPr>'
        style = self.ids["list number"]
        for runs in entries:
            self.parts.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{num}</w:pPr>'
                              + "".join(_run(*run) for run in runs) + "</w:p>")

    def together(self, start: int) -> None:
        """Keep what was appended since `start` (a length of `parts`) on one page: a borderless one-cell table,
        its text where the paragraphs' was, whose row may not split. A chain of keep-with-next paragraphs
        would do in Word, but LibreOffice follows such a chain only one paragraph back: a heading over a
        list that moves on to the next page stayed behind as the last line of the page."""
        inner = "".join(self.parts[start:])
        del self.parts[start:]
        twips = int(self.width / 635)  # EMU -> twips
        nil = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        no_margin = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
        self.parts.append(
            f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{nil}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{no_margin}</w:tblCellMar>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
            f'w:noVBand="1"/></w:tblPr><w:tblGrid><w:gridCol w:w="{twips}"/></w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/></w:tcPr>'
            f'{inner}</w:tc></w:tr></w:tbl>'
            # Word needs a paragraph between two tables; this one takes no room
            '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>')

    def answer(self, style: str, text: str, mark: str | None, parent: list[str] | None = None) -> str:
        if mark:
            return self.p(style, text, (f" ({mark})", "m"), parent=parent)
        return self.p(style, text, parent=parent)

    def table(self, header: list[str], rows: list[list[Cell]], widths: tuple[int, ...] | None = None, *,
              height: float | None = None, together: bool = False, banded: bool = True) -> str:
        """A table in the built-in table style; the header row repeats on every page.

        A cell is None, (text, mark) or a list of (text, format) runs. `height` (cm) gives every body row
        at least that height, room to write by hand; `together` keeps a short table on one page; rows to
        write on are not `banded` (no shading under the pen).
        """
        count = len(header)
        shares = widths or tuple(100 / count for _ in header)
        twips = [int(self.width / 635 * s / 100) for s in shares]  # EMU -> twips
        look = ('w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0"'
                if banded else
                'w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1"')
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.ids[TABLE_STYLE.lower()]}"/>'
               f'<w:tblW w:w="5000" w:type="pct"/><w:tblLook {look} w:noVBand="1"/></w:tblPr><w:tblGrid>',
               *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
        out.append(_row([(h, None) for h in header], twips, header=True, keep=together and bool(rows)))
        last = len(rows) - 1
        for index, row in enumerate(rows):
            out.append(_row(row, twips, height=height, keep=together and index < last))
        out.append("</w:tbl><w:p/>")  # Word needs a paragraph between a table and what follows
        xml = "".join(out)
        self.parts.append(xml)
        return xml


def _row(cells: list[Cell], twips: list[int], header: bool = False, height: float | None = None,
         keep: bool = False) -> str:
    trpr = "<w:cantSplit/>"
    if height:
        trpr += f'<w:trHeight w:val="{int(height * 567)}" w:hRule="atLeast"/>'  # cm -> twips
    if header:
        trpr += "<w:tblHeader/>"
    ppr = ('<w:pPr><w:keepNext/><w:spacing w:before="40" w:after="40"/></w:pPr>' if keep
           else '<w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>')
    out = [f"<w:tr><w:trPr>{trpr}</w:trPr>"]
    for cell, w in zip(cells, twips):
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p>{ppr}')
        if cell is not None:
            if isinstance(cell, list):
                out.extend(_run(text, fmt) for text, fmt in cell)
            else:
                text, mark = cell
                out.append(_run(text, None))
                if mark:
                    out.append(_run(f" ({mark})", "m"))
        out.append("</w:p></w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def _run(text: str, fmt: str | None) -> str:
    lines = _escape(text).split("\n")
    inner = '<w:br/>'.join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:r>{_FORMATS[fmt]}{inner}</w:r>"


# not allowed in XML at all: control characters other than tab and line feed, U+FFFE and U+FFFF
_ILLEGAL = dict.fromkeys([*(c for c in range(32) if c not in (9, 10)), 0xFFFE, 0xFFFF])


def xml_escape(text: str) -> str:
    """Text as XML character data (also for the slides, `pptx_base`); a pasted control character or lone surrogate must not break the file.
    (A translate table, not a regular expression: compiling a class of Unicode ranges costs 30 ms.)"""
    if not text.isprintable():
        text = text.translate(_ILLEGAL)
        if not text.isprintable() and any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            text = "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_escape = xml_escape


# ---------------------------------------------------------------- the template and the parts written fresh


@dataclass(frozen=True)
class _Template:
    parts: list[tuple[str, bytes]]
    document_head: bytes  # word/document.xml up to and including <w:body>
    document_tail: bytes  # from the template's <w:sectPr (A4, margins, footer reference) to the end
    footer_name: str
    footer: bytes
    styles: dict[str, str]  # lower-case style name -> style id
    numbering: bytes
    list_number_abstract: str  # the abstract list List Number's own w:num points at
    max_num: int


@functools.cache
def _template() -> _Template:
    with zipfile.ZipFile(TEMPLATE) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    named = dict(parts)
    document = named["word/document.xml"]
    head_end = document.index(b"<w:body>") + len(b"<w:body>")
    footer_name = next(name for name, data in parts if FOOTER_PLACEHOLDER in data)
    styles = {m[1].decode("utf-8").lower(): m[0].decode("utf-8") for m in re.findall(
        rb'<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*>\s*<w:name w:val="([^"]+)"', named["word/styles.xml"])}
    numbering = named["word/numbering.xml"]
    style_num = re.search(rb'w:styleId="ListNumber".*?<w:numId w:val="(\d+)"', named["word/styles.xml"], re.S)[1]
    nums = dict(re.findall(rb'<w:num w:numId="(\d+)"[^>]*>\s*<w:abstractNumId w:val="(\d+)"', numbering))
    return _Template(parts, document[:head_end], document[document.index(b"<w:sectPr"):], footer_name,
                     named[footer_name], styles, numbering, nums[style_num].decode(), max(map(int, nums)))


def core_xml(p: Properties) -> bytes:
    """docProps/core.xml: title, subject, author, keywords, times, da-DK (the slides' too)."""
    now = (p.created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)).astimezone(dt.timezone.utc)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    author = _escape(p.author)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_escape(p.title)}</dc:title><dc:subject>{_escape(p.subject)}</dc:subject>"
        f"<dc:creator>{author}</dc:creator><cp:keywords>{_escape(p.keywords)}</cp:keywords>"
        "<dc:description>Skrevet af aktorskab</dc:description>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<dc:language>{LANGUAGE}</dc:language></cp:coreProperties>"
    ).encode("utf-8")


def _add_logo(path: Path, logo: str) -> None:
    """The logo, 1.4 cm high, to the right in the header: python-docx measures the image and adds the part."""
    from docx import Document as open_document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = open_document(str(path))
    header = document.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run().add_picture(logo, height=Cm(1.4))
    document.save(str(path))
