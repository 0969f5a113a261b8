"""The logo: only a PNG or a JPEG whose header decodes is put into a document, measured here without a
library (the slides need its size; Word and PowerPoint refuse anything else, python-docx with a traceback).

`logo_problem(path)` is the one check, for `agenda check`, `export`, `combine` and `plan status`: None when
the file can go into a document, else what is wrong with it in Danish ('findes ikke', 'er ikke et PNG- eller
JPEG-billede (det er et SVG-billede)'); the caller says where it came from and what to do.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024  # a logo is a few hundred KB; a bigger file is no logo (and /dev/zero never ends)
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # frames that carry the size


@dataclass(frozen=True)
class Image:
    kind: str  # "png" or "jpeg"
    width: int  # pixels
    height: int
    data: bytes

    @property
    def content_type(self) -> str:
        return f"image/{self.kind}"


class NotAnImage(ValueError):
    """The bytes are not a PNG or JPEG we can put into a document; the message says why, in Danish."""


def read_image(path: Path) -> Image:
    """The logo at `path`, checked; `NotAnImage` (or `OSError`) when it cannot be used."""
    with open(path, "rb") as handle:
        data = handle.read(4096)
        if not data.startswith((_PNG, _JPEG)):
            return measure(data)  # refused by its first bytes: /dev/zero is not read on
        data += handle.read(MAX_BYTES + 1 - len(data))
    if len(data) > MAX_BYTES:
        raise NotAnImage("er over 10 MB – for stor til et logo")
    return measure(data)


def measure(data: bytes) -> Image:
    """The kind and size in pixels of a PNG or JPEG, from its header; `NotAnImage` otherwise."""
    if data.startswith(_PNG):
        return _png(data)
    if data.startswith(_JPEG):
        return _jpeg(data)
    raise NotAnImage(f"er ikke et PNG- eller JPEG-billede{_what(data)}")


def logo_problem(path: Path) -> str | None:
    """None when `path` holds a usable PNG or JPEG; else why not ('findes ikke', 'er ikke et PNG- …')."""
    if not path.exists():
        return "findes ikke"
    if path.is_dir():
        return "er en mappe"
    try:
        read_image(path)
    except NotAnImage as exc:
        return str(exc)
    except OSError as exc:
        from aktorskab_cli.errors import os_reason

        return f"kan ikke læses ({os_reason(exc)})"
    return None


def _png(data: bytes) -> Image:
    header = data[8:33]
    if len(header) < 25 or header[4:8] != b"IHDR" or struct.unpack(">I", header[:4])[0] != 13:
        raise NotAnImage("er et ufuldstændigt PNG-billede (hovedet mangler)")
    width, height = struct.unpack(">II", header[8:16])
    if zlib.crc32(header[4:21]) != struct.unpack(">I", header[21:25])[0] or not width or not height:
        raise NotAnImage("er et ødelagt PNG-billede (hovedet kan ikke læses)")
    if not data.rstrip(b"\0").endswith(b"IEND\xaeB`\x82"):
        raise NotAnImage("er et ufuldstændigt PNG-billede (slutningen mangler)")
    return Image("png", width, height, data)


def _jpeg(data: bytes) -> Image:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            break
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if marker in _SOF and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            if width and height and b"\xff\xd9" in data[-2048:]:
                return Image("jpeg", width, height, data)
            break
        if marker == 0xDA or length < 2:  # image data before any size: nothing to measure
            break
        at += 2 + length
    raise NotAnImage("er et ufuldstændigt eller ødelagt JPEG-billede")


def _what(data: bytes) -> str:
    """What the bytes look like instead, when it is easy to say."""
    head = data[:512].lstrip()
    if not data:
        return " (filen er tom)"
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]:
        return " (det er et SVG-billede)"
    if not data.strip(b"\0"):
        return " (filen er lutter nuller)"
    return ""
