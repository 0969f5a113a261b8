"""Builds `template.pptx`, the shipped starting point of every slide deck we write (a developer tool).

    python -m aktorskab_cli.writers.pptx_template      # rewrites src/aktorskab_cli/writers/template.pptx

python-pptx's default deck without slides: its master, layouts and theme, set to 16:9, da-DK as the
default language, this program named as the one that wrote it, content types for a PNG or JPEG logo. At
run time `pptx_base` copies this file and writes the slides as text into it, so python-pptx is not
imported to write a deck (tests/test_writers_pptx.py checks that the shipped file is what this builds).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

TEMPLATE = Path(__file__).with_name("template.pptx")
WIDTH, HEIGHT = 12192119, 6858000  # 33.867 × 19.05 cm: 16:9, in EMU
_DROPPED = ("docProps/thumbnail.jpeg", "ppt/printerSettings/printerSettings1.bin")


def build() -> bytes:
    from pptx import Presentation

    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    buffer = io.BytesIO()
    prs.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in _DROPPED:
                continue
            info.date_time = (2025, 1, 1, 0, 0, 0)  # the same bytes every build
            target.writestr(info, _fixed(info.filename, source.read(info)))
    return out.getvalue()


def _fixed(name: str, part: bytes) -> bytes:
    if name == "docProps/app.xml":  # the program that wrote the file: this one, not PowerPoint
        part = re.sub(rb"<Application>[^<]*</Application>", b"<Application>aktorskab</Application>", part)
        part = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", part)
        part = re.sub(rb"<PresentationFormat>[^<]*</PresentationFormat>", b"", part)
    if name == "ppt/presentation.xml":
        part = part.replace(b' type="screen4x3"', b"").replace(b'lang="en-US"', b'lang="da-DK"')
    if name == "ppt/_rels/presentation.xml.rels":
        part = re.sub(rb'<Relationship Id="[^"]+" Type="[^"]+/printerSettings" Target="[^"]+"/>', b"", part)
    if name == "[Content_Types].xml":
        part = re.sub(rb'<Default Extension="bin"[^>]*/>', b"", part)
        for ext, kind in ((b"png", b"png"), (b"jpeg", b"jpeg"), (b"jpg", b"jpeg")):
            if b'Extension="' + ext + b'"' not in part:
                part = part.replace(b"<Default Extension=\"rels\"",
                                    b'<Default Extension="' + ext + b'" ContentType="image/' + kind + b'"/>'
                                    b"<Default Extension=\"rels\"")
    return part


def parts(data: bytes) -> dict[str, bytes]:
    """The parts of a .pptx by name (what the test compares: zip metadata aside)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


if __name__ == "__main__":
    TEMPLATE.write_bytes(build())
    print(f"{TEMPLATE} written")
