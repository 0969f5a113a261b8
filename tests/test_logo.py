"""The organisation's logo (issue 18): `export --logo FIL` and the agenda's `logo` put it on every page and
slide; anything but a PNG or JPEG whose header decodes is refused in Danish with exit 2, never a traceback."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pptx import Presentation

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.writers.images import measure

JPEG = Path(__file__).parent / "data" / "logo.jpg"  # 16 × 16, from CPython's own test data


def png(width: int = 30, height: int = 10) -> bytes:
    """A real PNG: signature, IHDR, one IDAT of grey rows, IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


BAD = {
    "logo.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                 "er ikke et PNG- eller JPEG-billede (det er et SVG-billede)"),
    "logo.txt": (b"Norddjurs Kommune\n", "er ikke et PNG- eller JPEG-billede"),
    "kort.png": (png()[:40], "er et ufuldstændigt PNG-billede (slutningen mangler)"),
    "hoved.png": (png()[:20], "er et ufuldstændigt PNG-billede (hovedet mangler)"),
    "tom.png": (b"", "er ikke et PNG- eller JPEG-billede (filen er tom)"),
    "kort.jpg": (JPEG.read_bytes()[:100], "er et ufuldstændigt eller ødelagt JPEG-billede"),
}


def _bad(name: str, tmp_path: Path) -> tuple[Path, str]:
    if name == "/dev/zero":
        return Path("/dev/zero"), "er ikke et PNG- eller JPEG-billede (filen er lutter nuller)"
    data, reason = BAD[name]
    (tmp_path / name).write_bytes(data)
    return tmp_path / name, reason


def _session(logo: str | None = None) -> int:
    agenda, text = load_agenda("temadag")
    if logo is not None:
        text = f'logo = "{logo}"\n' + text
        Path("dagsorden.toml").write_text(text, encoding="utf-8")
        agenda, text = load_agenda("dagsorden.toml")
    store = open_store()
    try:
        return store.create_session(agenda, text, status="imported", answers=[
            Answer("dialog-cases", "Gruppe 1", "Klare mandater", category="mening")])
    finally:
        store.close()


def test_png_and_jpeg_are_measured_from_their_header() -> None:
    assert (measure(png(30, 10)).kind, measure(png(30, 10)).width, measure(png(30, 10)).height) == ("png", 30, 10)
    image = measure(JPEG.read_bytes())
    assert (image.kind, image.width, image.height) == ("jpeg", 16, 16)


@pytest.mark.parametrize("name", [*BAD, "/dev/zero"])
def test_agenda_check_refuses_a_logo_that_is_no_png_or_jpeg(run_cli, tmp_path: Path, name: str) -> None:
    path, reason = _bad(name, tmp_path)
    text = load_agenda("temadag")[1]
    Path("d.toml").write_text(f'logo = "{path}"\n' + text, encoding="utf-8")
    result = run_cli("agenda", "check", "d.toml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"d.toml kan ikke bruges:\n  • d.toml, linje 1, logo: »{path}« {reason}; "
                             "brug en PNG- eller JPEG-fil\n")


def test_agenda_check_accepts_a_png_and_passes_a_logo_missing_here(run_cli, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    text = load_agenda("temadag")[1]
    for logo in ("logo.png", "findes-ikke.png"):
        Path("d.toml").write_text(f'logo = "{logo}"\n' + text, encoding="utf-8")
        assert run_cli("agenda", "check", "d.toml").exit_code == 0


@pytest.mark.parametrize("suffix", ["docx", "pptx"])
@pytest.mark.parametrize("name", [*BAD, "/dev/zero"])
def test_export_refuses_a_bad_logo_with_a_danish_message(run_cli, tmp_path: Path, name: str, suffix: str) -> None:
    path, reason = _bad(name, tmp_path)
    session = _session()
    result = run_cli("export", str(session), "-o", f"o.{suffix}", "--logo", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"--logo {path}: {reason}; brug en PNG- eller JPEG-fil\n"
    assert not (tmp_path / f"o.{suffix}").exists()


@pytest.mark.parametrize("suffix", ["docx", "pptx"])
def test_a_bad_logo_in_the_agenda_stops_export_too(run_cli, tmp_path: Path, suffix: str) -> None:
    (tmp_path / "logo.svg").write_bytes(BAD["logo.svg"][0])
    session = _session(str(tmp_path / "logo.svg"))
    result = run_cli("export", str(session), "-o", f"o.{suffix}")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr == (f"Logoet i dagsordenen ({tmp_path / 'logo.svg'}) er ikke et PNG- eller JPEG-billede "
                             "(det er et SVG-billede); giv et andet med --logo FIL (brug en PNG- eller JPEG-fil)\n")
    (tmp_path / "logo.png").write_bytes(png())
    assert run_cli("export", str(session), "-o", f"o.{suffix}", "--logo", "logo.png").exit_code == 0


def test_a_logo_missing_on_this_machine_is_left_out_with_a_notice(run_cli, tmp_path: Path) -> None:
    session = _session(str(tmp_path / "fra-en-anden-maskine.png"))
    result = run_cli("export", str(session), "-o", "o.docx")
    assert result.exit_code == 0
    assert f"Bemærk: logoet {tmp_path / 'fra-en-anden-maskine.png'} findes ikke og er udeladt." in result.stderr
    result = run_cli("export", str(session), "-o", "p.docx", "--logo", "mangler.png")
    assert (result.exit_code, result.stderr) == (2, "--logo mangler.png: findes ikke; brug en PNG- eller JPEG-fil\n")


@pytest.mark.parametrize("logo", ["png", "jpeg"])
def test_logo_on_every_page_and_every_slide(run_cli, tmp_path: Path, logo: str) -> None:
    path = tmp_path / f"logo.{logo}"
    path.write_bytes(png() if logo == "png" else JPEG.read_bytes())
    session = _session()
    for suffix in ("docx", "pptx"):
        assert run_cli("export", str(session), "-o", f"o.{suffix}", "--logo", str(path)).exit_code == 0
    document = docx.Document("o.docx")
    assert document.sections[0].different_first_page_header_footer is False  # the cover has it too
    assert document.sections[0].header._element.findall(".//" + qn("w:drawing"))
    deck = Presentation("o.pptx")
    assert len(deck.slides) >= 2
    for slide in deck.slides:
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1 and pictures[0].image.content_type == f"image/{logo}"


def test_combine_takes_a_logo_too(run_cli, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    session = _session()
    assert run_cli("combine", str(session), str(session), "-o", "c.pptx", "--logo", "logo.png").exit_code == 0
    assert all(any(s.shape_type == 13 for s in slide.shapes) for slide in Presentation("c.pptx").slides)
    result = run_cli("combine", str(session), str(session), "-o", "d.docx", "--logo", "/dev/zero")
    assert result.exit_code == 2 and result.stderr.startswith("--logo /dev/zero: er ikke et PNG")


def test_plan_status_takes_a_logo_on_every_page_and_slide_too(run_cli, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    for suffix in ("docx", "pptx"):
        result = run_cli("plan", "status", "aktorskab-2025-2026", "-o", f"s.{suffix}", "--logo", "logo.png")
        assert result.exit_code == 0, result.output
    assert docx.Document("s.docx").sections[0].header._element.findall(".//" + qn("w:drawing"))
    deck = Presentation("s.pptx")
    assert len(deck.slides) >= 2 and all(any(s.shape_type == 13 for s in slide.shapes) for slide in deck.slides)
    result = run_cli("plan", "status", "aktorskab-2025-2026", "-o", "t.docx", "--logo", "/dev/zero")
    assert result.exit_code == 2 and result.stderr.startswith("--logo /dev/zero: er ikke et PNG")
    assert not (tmp_path / "t.docx").exists()


def test_agenda_print_refuses_a_bad_logo_and_takes_one(run_cli, tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_bytes(BAD["logo.svg"][0])
    (tmp_path / "logo.png").write_bytes(png())
    text = load_agenda("temadag")[1]
    Path("d.toml").write_text(f'logo = "{tmp_path / "logo.svg"}"\n' + text, encoding="utf-8")
    result = run_cli("agenda", "print", "d.toml", "-o", "p.docx")
    assert (result.exit_code, result.stdout) == (2, "") and "Traceback" not in result.output
    assert result.stderr.startswith(f"Logoet i dagsordenen ({tmp_path / 'logo.svg'}) er ikke et PNG- eller JPEG-billede")
    assert run_cli("agenda", "print", "d.toml", "-o", "p.docx", "--logo", "logo.png").exit_code == 0
    assert docx.Document("p.docx").sections[0].header._element.findall(".//" + qn("w:drawing"))
