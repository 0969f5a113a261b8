"""The slides, reopened with python-pptx and converted by LibreOffice: 16:9, seed 002's slides in order,
the footer and number on every slide, points in the tables, nothing running off a slide."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_impress, require_program
from opsamling_data import synthesised
from pptx import Presentation
from pptx.util import Cm

from aktorskab_cli.opsamling.build import build
from aktorskab_cli.writers import write


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pptx") / "opsamling.pptx"
    write(build([synthesised()]), path, "pptx")
    return path


def _titles(prs) -> list[str]:  # noqa: ANN001
    return [slide.shapes[0].text_frame.text for slide in prs.slides]


def test_a_16_9_deck_with_seed_002s_slides_in_order(deck: Path) -> None:
    prs = Presentation(str(deck))
    assert (round(prs.slide_width / Cm(1), 2), round(prs.slide_height / Cm(1), 2)) == (33.87, 19.05)
    assert _titles(prs) == [
        "Opsamling på workshop og HU-temadag om styrket aktørskab", "Indledning",
        "Dialog i grupper med udgangspunkt i cases", "Øvrige pointer – Dialog i grupper med udgangspunkt i cases",
        "Aktørskab – hvordan får vi organisationen med?",
        "Øvrige pointer – Aktørskab – hvordan får vi organisationen med?",
        "Understøttelse af den gode dialog i MED og i personalegrupper", "Yderligere opmærksomhedspunkter",
        "1. Organisation – kultur, retning og fælles forståelse", "2. Ledelse – råderum, retning og nærvær",
        "Potentielle barrierer", "Vejen videre", "Handleplan 2025–2026", "Opsamlende"]


def test_every_slide_carries_the_footer_and_its_number(deck: Path) -> None:
    prs = Presentation(str(deck))
    total = len(prs.slides)
    for number, slide in enumerate(prs.slides, 1):
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert f"FRA HU-TEMADAGEN, oktober 2025    {number} / {total}" in texts


def test_the_item_table_holds_points_with_their_groups(deck: Path) -> None:
    prs = Presentation(str(deck))
    slide = next(s for s in prs.slides if s.shapes[0].text_frame.text.startswith("Dialog i grupper"))
    table = next(s for s in slide.shapes if s.has_table).table
    assert [table.cell(0, c).text for c in range(3)] == [
        "Det, der giver mening", "Det, vi mangler svar på", "Det, vi skal være opmærksomme på"]
    assert table.cell(1, 0).text == "Tydelige hjørneflag, tillid og psykologisk tryghed (2 grupper)"


def test_long_lists_continue_on_the_next_slide(tmp_path: Path) -> None:
    from dataclasses import replace

    from aktorskab_cli.opsamling.model import PointView

    ops = build([synthesised()])
    ops = replace(ops, next=[PointView(f"Skridt {n}", [], []) for n in range(1, 26)])
    write(ops, Path("lang.pptx"), "pptx")
    titles = _titles(Presentation("lang.pptx"))
    assert titles.count("Vejen videre") == 1 and titles.count("Vejen videre (fortsat)") == 2


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_opens_the_deck_slide_for_slide(deck: Path, tmp_path: Path) -> None:
    soffice = require_impress()  # Writer alone converts no slides: this failed where Impress was missing
    require_program("pdfinfo", package="poppler-utils")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / "opsamling.pdf")], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1) == str(len(Presentation(str(deck)).slides))
    text = subprocess.run(["pdftotext", str(tmp_path / "opsamling.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Tydelige hjørneflag, tillid og psykologisk tryghed" in " ".join(text.split())


def test_the_files_name_this_program_as_their_writer(deck: Path, tmp_path: Path) -> None:
    import zipfile

    write(build([synthesised()]), tmp_path / "o.docx", "docx")
    for path in (deck, tmp_path / "o.docx"):
        app = zipfile.ZipFile(path).read("docProps/app.xml").decode("utf-8")
        assert "<Application>aktorskab</Application>" in app and "Microsoft" not in app


def test_a_full_theme_slide_continues_before_the_footer(tmp_path: Path) -> None:
    """docs/example's slide 7: the theme's text wraps to two lines, so with four requirements and four points
    the last point ran into the footer; it goes on »(fortsat)« now, its lead-in line with it."""
    from dataclasses import replace

    from aktorskab_cli.opsamling.model import PointView, ThemeView
    from aktorskab_cli.writers.pptx import BODY_POINTS, line_points, slide_pages

    theme = ThemeView(1, "organisation", "Organisation – kultur, retning og fælles forståelse",
                      "Hovedudvalget bakker op om en kultur, hvor aktørskab er naturligt: medarbejdere og ledere "
                      "handler ud fra kerneopgaven, opdager muligheder, tager ansvar og hjælper hinanden.",
                      ["Tydelige rammer og forventninger – hvad er råderummet?",
                       "Psykologisk tryghed – så det er sikkert at prøve, fejle og lære",
                       "Anerkendelse – at det bliver set og giver mening",
                       "Fælles sprog – hvad kalder vi det, så ordet i sig selv inviterer til handling?"],
                      [PointView(text, ["Gruppe 1"] * groups, []) for text, groups in (
                          ("Tydelige hjørneflag, tillid og psykologisk tryghed", 3),
                          ("At tage ansvar og handle med faglighed og initiativ", 2),
                          ("Anerkendelse – at det bliver set og giver mening", 1), ("Fælles sprog om aktørskab", 1))])
    write(replace(build([synthesised()]), themes=[theme]), tmp_path / "tema.pptx", "pptx")
    slides = [s for s in Presentation(str(tmp_path / "tema.pptx")).slides
              if s.shapes[0].text_frame.text.startswith("1. Organisation")]
    assert [s.shapes[0].text_frame.text for s in slides] == [
        "1. Organisation – kultur, retning og fælles forståelse",
        "1. Organisation – kultur, retning og fælles forståelse (fortsat)"]
    assert slides[1].shapes[1].text_frame.text.splitlines() == [
        "• Anerkendelse – at det bliver set og giver mening", "• Fælles sprog om aktørskab"]
    short, lead = (1, (("Kort", None),)), (0, (("Pointer fra dialogen", "b"),))
    pages = slide_pages([short] * 10 + [lead, short])
    assert pages == [[short] * 10, [lead, short]]  # a lead-in line goes with what it leads in
    assert all(sum(map(line_points, page)) <= BODY_POINTS for page in pages)
