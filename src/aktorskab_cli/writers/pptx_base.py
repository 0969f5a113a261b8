"""What every slide deck of ours shares: 16:9, Danish, the logo and footer on every slide; slides written
as PresentationML text.

As `docx_base` does for Word: the shipped `template.pptx` (built by `pptx_template.py`: python-pptx's
master, layouts and theme, no slides) is copied into a new zip, and the slides are written as escaped
XML text beside it, with the parts that name them (presentation.xml, its relationships, the content
types, the core properties). Neither python-pptx nor lxml is imported to write a deck: building every
run through python-pptx's object model took 5–7 times the Word export of the same meeting.

The blocks: a `Slide` holds shapes (`text`, `table`, each placed in EMU); `Para` is a paragraph of runs
(text, format) where a format is None, "b" (bold), "i" (italic), "m" (grey italic, a count) or "h" (bold
in the accent colour, a heading inside a box); `write_deck()` numbers the slides, adds the footer and the
logo to each, and writes the file.
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aktorskab_cli.writers.docx_base import Properties, core_xml
from aktorskab_cli.writers.docx_base import xml_escape as _escape
from aktorskab_cli.writers.images import Image

TEMPLATE = Path(__file__).with_name("template.pptx")
WIDTH, HEIGHT = 12192119, 6858000  # 16:9, as the template is set
CM = 360000  # EMU
_ID = "\x00"  # a shape's id, numbered when the slide is written (text never holds a NUL: xml_escape drops it)
ACCENT = "1F4E79"
GREY = "595959"
LANGUAGE = "da-DK"
Run = tuple[str, "str | None"]
_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_SLIDE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # Medium Style 2 – Accent 1, PowerPoint's default


@dataclass(frozen=True)
class Para:
    """A paragraph: its runs, size in points, bullet level (0: none, 1: a bullet) and space after (pt)."""

    runs: Sequence[Run]
    size: float = 20
    level: int = 0
    after: float = 8


@dataclass
class Slide:
    title: str
    shapes: list[str] = field(default_factory=list)

    def text(self, x: int, y: int, cx: int, cy: int, paras: Sequence[Para], *, wrap: bool = True) -> None:
        """A text box at (x, y), cx × cy EMU."""
        body = "".join(_para(p) for p in paras) or "<a:p/>"
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{_ID}" name="Tekst {_ID}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{int(x)}" y="{int(y)}"/><a:ext cx="{int(cx)}" cy="{int(cy)}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="{"square" if wrap else "none"}" rtlCol="0"><a:noAutofit/></a:bodyPr>'
            f"<a:lstStyle/>{body}</p:txBody></p:sp>")

    def table(self, x: int, y: int, cx: int, header: Sequence[str], rows: Sequence[Sequence[Sequence[Run]]],
              widths: Sequence[float], *, size: float = 16) -> None:
        """A table in PowerPoint's default style: a bold header row, then `rows` of cells of runs."""
        cols = [int(cx * w) for w in widths]
        grid = "".join(f'<a:gridCol w="{w}"/>' for w in cols)
        out = [f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{_ID}" name="Tabel {_ID}"/><p:cNvGraphicFramePr>'
               '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
               f'<p:xfrm><a:off x="{int(x)}" y="{int(y)}"/><a:ext cx="{sum(cols)}" cy="{370840 * (len(rows) + 1)}"/>'
               '</p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">'
               f'<a:tbl><a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{_TABLE_STYLE}</a:tableStyleId></a:tblPr>'
               f"<a:tblGrid>{grid}</a:tblGrid>"]
        for cells, cell_size in [([((h, "b"),) for h in header], size + 2), *((r, size) for r in rows)]:
            out.append('<a:tr h="370840">')
            for cell in cells:
                out.append(f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{_para(Para(cell, cell_size, after=0))}"
                           "</a:txBody><a:tcPr/></a:tc>")
            out.append("</a:tr>")
        out.append("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
        self.shapes.append("".join(out))


def write_deck(path: Path, slides: Sequence[Slide], props: Properties, footer: str,
               logo: Image | None = None, title_size: float = 26) -> None:
    """Write `slides` to `path`: each with its title, the logo at the top right, and at its foot the footer
    text and 'n / N'; `props` are the core properties, as a Word document's."""
    template = _template()
    logo_xml = _logo(logo) if logo else ""
    count = len(slides)
    out_parts: dict[str, bytes] = {}
    for number, slide in enumerate(slides, 1):
        title_w = WIDTH - 2 * MARGIN - (4 * CM if logo else 0)
        head = Slide(slide.title)
        head.text(MARGIN, int(0.9 * CM), title_w, int(3.2 * CM), [Para(((slide.title, "t"),), title_size, after=0)])
        foot = Slide("")
        foot.text(MARGIN, HEIGHT - int(1.6 * CM), WIDTH - 2 * MARGIN, CM,
                  [Para(((f"{footer}    {number} / {count}", "m"),), 11, after=0)], wrap=False)
        shapes = head.shapes + ([logo_xml] if logo else []) + slide.shapes + foot.shapes
        tree = "".join(s.replace(_ID, str(n)) for n, s in enumerate(shapes, 2))
        out_parts[f"ppt/slides/slide{number}.xml"] = (
            f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<p:sld {_NS}><p:cSld><p:spTree>"
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            f"{tree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>").encode("utf-8")
        rels = f'<Relationship Id="rId1" Type="{_REL}/slideLayout" Target="../slideLayouts/slideLayout7.xml"/>'
        if logo:
            rels += f'<Relationship Id="rId2" Type="{_REL}/image" Target="../media/logo.{logo.kind}"/>'
        out_parts[f"ppt/slides/_rels/slide{number}.xml.rels"] = (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<Relationships "
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>').encode()
    ids = "".join(f'<p:sldId id="{255 + n}" r:id="rIdS{n}"/>' for n in range(1, count + 1))
    rels = "".join(f'<Relationship Id="rIdS{n}" Type="{_REL}/slide" Target="slides/slide{n}.xml"/>'
                   for n in range(1, count + 1))
    types = "".join(f'<Override PartName="/ppt/slides/slide{n}.xml" ContentType="{_SLIDE_TYPE}"/>'
                    for n in range(1, count + 1))
    replaced = {
        "ppt/presentation.xml": template["ppt/presentation.xml"].replace(
            b"</p:sldMasterIdLst>", f"</p:sldMasterIdLst><p:sldIdLst>{ids}</p:sldIdLst>".encode()),
        "ppt/_rels/presentation.xml.rels": template["ppt/_rels/presentation.xml.rels"].replace(
            b"</Relationships>", rels.encode() + b"</Relationships>"),
        "[Content_Types].xml": template["[Content_Types].xml"].replace(b"</Types>", types.encode() + b"</Types>"),
        "docProps/core.xml": core_xml(props),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in template.items():
            out.writestr(name, replaced.get(name, data), compresslevel=1)
        for name, data in out_parts.items():
            out.writestr(name, data, compresslevel=1)
        if logo:
            out.writestr(f"ppt/media/logo.{logo.kind}", logo.data, compress_type=zipfile.ZIP_STORED)


MARGIN = int(1.6 * CM)


def _logo(logo: Image) -> str:
    """The logo 1.6 cm high at the top right (at most 4 cm wide), its proportions kept."""
    height = int(1.6 * CM)
    width = int(height * logo.width / logo.height)
    if width > 4 * CM:
        width, height = 4 * CM, int(4 * CM * logo.height / logo.width)
    return ('<p:pic><p:nvPicPr><p:cNvPr id="' + _ID + '" name="Logo" descr="Logo"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/>'
            '</p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/>'
            f'</a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="{WIDTH - MARGIN - width}" y="{int(0.9 * CM)}"/>'
            f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            "</p:spPr></p:pic>")


_FORMATS = {
    None: "",
    "b": ' b="1"',
    "i": ' i="1"',
    "m": ' i="1"',
    "h": ' b="1"',
    "t": ' b="1"',
}
_COLOURS = {"m": GREY, "h": ACCENT, "t": ACCENT}
_BULLETS = {1: (285750, "•"), 2: (628650, "–")}  # left margin (EMU) and bullet of a level


def _para(p: Para) -> str:
    size = int(round(p.size * 100))
    after = f'<a:spcAft><a:spcPts val="{int(p.after * 100)}"/></a:spcAft>'
    if p.level:
        margin, char = _BULLETS[min(p.level, 2)]
        ppr = (f'<a:pPr marL="{margin}" lvl="{p.level}" indent="-285750">{after}<a:buFont typeface="Arial"/>'
               f'<a:buChar char="{char}"/></a:pPr>')
    else:
        ppr = f"<a:pPr>{after}<a:buNone/></a:pPr>"
    runs = []
    for text, fmt in p.runs:
        if not text:
            continue
        colour = _COLOURS.get(fmt)
        fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' if colour else ""
        attrs = f'lang="{LANGUAGE}" sz="{size}"{_FORMATS[fmt]}'
        lines = _escape(text).split("\n")
        runs.append(f'<a:br><a:rPr lang="{LANGUAGE}" sz="{size}"/></a:br>'.join(
            f"<a:r><a:rPr {attrs}>{fill}</a:rPr><a:t>{line}</a:t></a:r>" for line in lines))
    return f"<a:p>{ppr}{''.join(runs)}<a:endParaRPr lang=\"{LANGUAGE}\" sz=\"{size}\"/></a:p>"


@functools.cache
def _template() -> dict[str, bytes]:
    with zipfile.ZipFile(TEMPLATE) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}
