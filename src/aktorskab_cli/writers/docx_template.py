"""Builds `template.docx`, the shipped starting point of every Word document we write (a developer tool).

    python -m aktorskab_cli.writers.docx_template      # rewrites src/aktorskab_cli/writers/template.docx

Word's own styles (python-docx's default template), A4 with our margins, da-DK on the defaults and on
Normal, Calibri, the footer with its PAGE / NUMPAGES fields and a placeholder for its text. At run time
`docx_base` copies this file and writes only the body, the core properties and the footer text into it,
so neither python-docx nor lxml is imported to write a document (tests/test_writers_docx.py checks that
the shipped file is what this module builds).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

TEMPLATE = Path(__file__).with_name("template.docx")
FOOTER_PLACEHOLDER = "@@FOOTER@@"
LANGUAGE = "da-DK"
BODY_FONT = "Calibri"
# Word 2010's duplicate of styles.xml and a thumbnail of an empty page: 450 kB to copy for nothing
_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def build() -> bytes:
    doc = Document()
    _page_setup(doc)
    _danish(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _footer(doc)
    doc.core_properties.title = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    return _without_dropped(buffer.getvalue())


def _without_dropped(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in _DROPPED:
                continue
            part = source.read(info)
            if info.filename == "docProps/app.xml":  # the program that wrote the file: this one, not Word
                part = re.sub(rb"<Application>[^<]*</Application>", b"<Application>aktorskab</Application>", part)
                part = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", part)
            if info.filename.endswith(".rels") or info.filename == "[Content_Types].xml":
                for name in _DROPPED:
                    base = re.escape(name.rsplit("/", 1)[1].encode())
                    part = re.sub(rb"<(?:Relationship|Override)\b[^>]*[\"/]" + base + rb"\"[^>]*/>", b"", part)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))  # the same bytes every build
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, part)
    return out.getvalue()


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
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_lang(rpr)
    fonts = rpr.find(qn("w:rFonts"))  # one sans-serif face for body and headings, as municipal letters use
    for key in ("asciiTheme", "hAnsiTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{key}"), None)
    for key in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{key}"), BODY_FONT)
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    _set_lang(normal)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
    proof = settings.find(qn("w:proofState"))  # the template claims it was spell-checked; it was not
    if proof is not None:
        settings.remove(proof)


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _footer(doc) -> None:
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
    _small(_run(p, FOOTER_PLACEHOLDER))
    _small(_run(p, "\t"))
    _small(_run(p, "Side "))
    _field(p, "PAGE", "1")
    _small(_run(p, " af "))
    _field(p, "NUMPAGES", "1")


def _run(p, text: str):
    r = etree.SubElement(p, qn("w:r"))
    if text == "\t":
        etree.SubElement(r, qn("w:tab"))
    else:
        t = etree.SubElement(r, qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _small(r) -> None:
    rpr = etree.Element(qn("w:rPr"))
    etree.SubElement(rpr, qn("w:sz")).set(qn("w:val"), "18")
    r.insert(0, rpr)


def _field(p, instruction: str, placeholder: str) -> None:
    """A complex field (begin / instrText / separate / result / end), as Word itself writes PAGE."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = etree.SubElement(p, qn("w:r"))
        _small(r)
        if kind == "instr":
            instr = etree.SubElement(r, qn("w:instrText"))
            instr.text = f" {instruction} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif kind == "result":
            etree.SubElement(r, qn("w:t")).text = placeholder
        else:
            etree.SubElement(r, qn("w:fldChar")).set(qn("w:fldCharType"), kind)


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of a .docx by name (for comparing two builds)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


if __name__ == "__main__":
    TEMPLATE.write_bytes(build())
    print(f"{TEMPLATE} ({TEMPLATE.stat().st_size} bytes)")
