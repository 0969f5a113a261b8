"""The slides, reopened with python-pptx and converted by LibreOffice: 16:9, seed 002's slides in order,
the footer and number on every slide, points in the tables, nothing running off a slide."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_impress, require_program
from fresh_interpreter import loaded_by_writing
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
    the last point ran into the footer; it went on »(fortsat)«, its lead-in line with it – and now, two lines
    being too few for a slide of their own, back onto the slide in smaller text."""
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
    # the two points left over go back onto the slide, its text a little smaller (issue 18: a »(fortsat)«
    # slide of two short lines looked forgotten), and still end above the footer
    assert [s.shapes[0].text_frame.text for s in slides] == ["1. Organisation – kultur, retning og fælles forståelse"]
    paragraphs = slides[0].shapes[1].text_frame.paragraphs
    assert [(p.level, p.text) for p in paragraphs][-2:] == [
        (1, "Anerkendelse – at det bliver set og giver mening"), (1, "Fælles sprog om aktørskab")]
    assert 16 <= paragraphs[-1].runs[0].font.size.pt < 18
    short, lead = (1, (("Kort", None),)), (0, (("Pointer fra dialogen", "b"),))
    pages = [page for page, _ in slide_pages([short] * 10 + [lead] + [short] * 3)]
    assert pages == [[short] * 10, [lead] + [short] * 3]  # a lead-in line goes with what it leads in
    assert all(sum(map(line_points, page)) * scale <= BODY_POINTS + 0.01
               for page, scale in slide_pages([short] * 10 + [lead] + [short] * 3))


def test_one_line_left_over_goes_back_on_the_slide_before_in_smaller_text(tmp_path: Path) -> None:
    """Issue 18: no »(fortsat)« slide for a single line."""
    from dataclasses import replace

    from aktorskab_cli.opsamling.model import PointView
    from aktorskab_cli.writers.pptx import slide_pages

    short = (1, (("Kort", None),))
    full = len(slide_pages([short] * 40)[0][0])  # how many short lines a slide holds
    pages = slide_pages([short] * (full + 1))
    assert len(pages) == 1 and len(pages[0][0]) == full + 1 and 0.7 <= pages[0][1] < 1
    assert [len(page) for page, _ in slide_pages([short] * (full + 4))] == [full, 4]
    ops = replace(build([synthesised()]), next=[PointView("Skridt", [], [])] * (full + 1))
    write(ops, tmp_path / "o.pptx", "pptx")
    slides = [s for s in Presentation(str(tmp_path / "o.pptx")).slides
              if s.shapes[0].text_frame.text.startswith("Vejen videre")]
    assert len(slides) == 1
    sizes = {r.font.size.pt for p in slides[0].shapes[1].text_frame.paragraphs for r in p.runs}
    assert len(sizes) == 1 and sizes.pop() < 18


def test_barriers_are_a_heading_with_its_paragraph_not_bullets(deck: Path) -> None:
    slide = next(s for s in Presentation(str(deck)).slides if s.shapes[0].text_frame.text == "Potentielle barrierer")
    paragraphs = slide.shapes[1].text_frame.paragraphs
    assert [(p.level, p.text, bool(p.runs[0].font.bold)) for p in paragraphs] == [
        (0, "Uklart råderum", True), (0, "Hvis mandat og rammer ikke er tydelige …", False)]
    assert all(p._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buNone") is not None
               for p in paragraphs)


def test_a_barrier_without_text_is_a_line_not_an_empty_heading(tmp_path: Path) -> None:
    from dataclasses import replace

    from aktorskab_cli.synthesis.model import Point

    session = synthesised()
    session = replace(session, synthesis=replace(session.synthesis, points=(
        Point("Manglende anerkendelse", kind="barrier"), *session.synthesis.points)))
    write(build([session]), tmp_path / "o.pptx", "pptx")
    slide = next(s for s in Presentation(str(tmp_path / "o.pptx")).slides
                 if s.shapes[0].text_frame.text == "Potentielle barrierer")
    assert [(p.level, p.text, bool(p.runs[0].font.bold)) for p in slide.shapes[1].text_frame.paragraphs] == [
        (0, "Uklart råderum", True), (0, "Hvis mandat og rammer ikke er tydelige …", False),
        (1, "Manglende anerkendelse", False)]  # as in the document: after those with a paragraph, as a line


def test_the_plan_slide_is_seed_002s_last_page_quarters_as_headings(deck: Path) -> None:
    slide = next(s for s in Presentation(str(deck)).slides if s.shapes[0].text_frame.text == "Handleplan 2025–2026")
    boxes = {shape.text_frame.paragraphs[0].text: [p.text for p in shape.text_frame.paragraphs[1:]]
             for shape in list(slide.shapes)[1:] if shape.has_text_frame}
    assert list(boxes)[:3] == ["4. kvartal 2025", "1. kvartal 2026", "løbende"]
    assert boxes["4. kvartal 2025"] == ["Tema på DIR-seminar – Direktionen", "Tema på KCL – KCL"]
    assert boxes["1. kvartal 2026"] == ["Dialogmøder i OMU – OMU"]
    assert not any(shape.has_table for shape in slide.shapes)


def test_the_shipped_template_is_what_pptx_template_builds() -> None:
    """template.pptx is generated (python -m aktorskab_cli.writers.pptx_template): it must not drift."""
    from aktorskab_cli.writers import pptx_template

    assert pptx_template.parts(pptx_template.TEMPLATE.read_bytes()) == pptx_template.parts(pptx_template.build())


@pytest.mark.slow  # a fresh interpreter
def test_writing_a_deck_imports_neither_python_pptx_nor_lxml(tmp_path: Path) -> None:
    assert loaded_by_writing("synthesised", tmp_path / "o.pptx", ("pptx", "lxml", "docx")) == set()
    assert len(Presentation(str(tmp_path / "o.pptx")).slides) > 5


LONG = ("Vi oplever, at mandat og rammer ikke altid er tydelige for teamet, og at det gør det svært at handle. "
        * 25)[:2000]  # a phone takes 2,000 characters


def _long_answer_deck(path: Path) -> Path:
    """The temadag with one answer of 2,000 characters among short ones, in the table's middle column."""
    from dataclasses import replace

    from opsamling_data import temadag

    from aktorskab_cli.store.records import Answer

    session = temadag()
    extra = replace(Answer("dialog-cases", "Gruppe 2", LONG, category="mangler-svar"), id=99)
    write(build([replace(session, answers=[*session.answers, extra])]), path, "pptx")
    return path


def _bottom(shape) -> int:  # noqa: ANN001
    """Where a shape's content ends (EMU), by the writer's own height measure: a table's rows, a text box's
    lines with its insets."""
    from aktorskab_cli.writers.pptx import ROW_POINTS, line_points

    if shape.has_table:
        table = shape.table
        widths = [c.width / 12700 - 14.4 for c in table.columns]
        total = 0.0
        for row in table.rows:
            heights = [ROW_POINTS]
            for cell, width in zip(row.cells, widths):
                para = cell.text_frame.paragraphs[0]
                size = para.runs[0].font.size.pt if para.runs else 16
                heights.append(line_points((0, ((cell.text_frame.text.replace("\v", "\n"), None),)), width,
                                           {0: size}, 0) + 7.2)
            total += max(heights)
        return shape.top + int(total * 12700)
    lines = 3.6 + sum(line_points((p.level, ((p.text.replace("\v", "\n"), None),)), shape.width / 12700 - 14.4,
                                  {p.level: p.runs[0].font.size.pt}, p.space_after.pt)
                      for p in shape.text_frame.paragraphs if p.runs)
    return shape.top + int(lines * 12700)


def _above_the_footer(slides) -> None:  # noqa: ANN001
    for slide in slides:
        *body, footer = list(slide.shapes)[1:]
        assert footer.text_frame.text.startswith("FRA HU-TEMADAGEN")
        assert body and all(_bottom(shape) <= footer.top for shape in body), slide.shapes[0].text_frame.text


def _written(deck, path: Path):  # noqa: ANN001, ANN202
    """`deck`'s slides written as a file, and read back."""
    from aktorskab_cli.writers.docx_base import Properties
    from aktorskab_cli.writers.pptx_base import write_deck

    write_deck(path, deck.slides, Properties("T", "", "", ""), "FRA HU-TEMADAGEN, oktober 2025")
    return list(Presentation(str(path)).slides)


def test_a_long_answer_goes_on_over_slides_and_never_over_the_footer(tmp_path: Path) -> None:
    """A user trial: one answer of 2,000 characters pushed the table's other rows off the slide, over the
    footer – in the file, but not to be seen. Tables are split by the height of their rows; a row taller
    than a slide is cut by lines over »(fortsat)« slides."""
    prs = Presentation(str(_long_answer_deck(tmp_path / "lang.pptx")))
    slides = list(prs.slides)
    _above_the_footer(slides[1:])
    titles = _titles(prs)
    assert titles.count("Dialog i grupper med udgangspunkt i cases (fortsat)") >= 2
    tables = [s for slide in slides for s in slide.shapes if s.has_table]
    text = " ".join(c.text_frame.text for t in tables for row in list(t.table.rows)[1:] for c in row.cells)
    assert " ".join(text.replace(" …", " ").split()).count(" ".join(LONG.split())) == 1  # all of it, once
    assert "Gruppe ti svarer sidst" in text and "Psykologisk tryghed: må man fejle? Å, ja!" in text


def test_a_row_a_little_too_tall_gets_a_slide_of_its_own_in_smaller_text(tmp_path: Path) -> None:
    from aktorskab_cli.writers.pptx import SMALLEST, Deck

    deck = Deck(build([synthesised()]))
    deck._table_slides("Tabel", ["A", "B"], [[("Kort", None), ("Kort", None)],
                                             [(LONG[:900], None), ("Kort", None)], [("Kort", None), ("Kort", None)]])
    sizes = [re.findall(r'sz="(\d+)"', slide.shapes[0]) for slide in deck.slides]
    assert [s.title for s in deck.slides] == ["Tabel", "Tabel (fortsat)", "Tabel (fortsat)"]
    assert sizes[0][-1] == sizes[2][-1] == "1600" and 1600 * SMALLEST <= int(sizes[1][-1]) < 1600
    _above_the_footer(_written(deck, tmp_path / "t.pptx"))


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_shows_the_footer_of_every_slide_alone_below_the_content(tmp_path: Path) -> None:
    soffice = require_impress()
    require_program("pdftotext", package="poppler-utils")
    deck = _long_answer_deck(tmp_path / "lang.pptx")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "lang.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) == len(Presentation(str(deck)).slides)
    for number, page in enumerate(pages, 1):
        last = [line.strip() for line in page.splitlines() if line.strip()][-1]  # nothing beside it or below
        assert re.fullmatch(rf"FRA HU-TEMADAGEN, oktober 2025\s+{number}\s*/\s*{len(pages)}", last), (number, last)


def test_a_full_quarter_on_the_plan_slide_goes_on_in_a_next_box_not_over_the_footer(tmp_path: Path) -> None:
    """A quarter of 16 entries was shrunk to 60 % and still ran over the box below it and the footer."""
    from dataclasses import replace

    from aktorskab_cli.opsamling.model import PlanGroup
    from aktorskab_cli.synthesis.model import Action

    actions = [Action(f"Dialogmøde nr. {n} i OMU om aktørskab i hverdagen", "OMU", "1. kvartal 2026")
               for n in range(1, 17)]
    ops = replace(build([synthesised()]), plan=[PlanGroup("4. kvartal 2025", actions[:2]),
                                                PlanGroup("1. kvartal 2026", actions)])
    write(ops, tmp_path / "plan.pptx", "pptx")
    slides = [s for s in Presentation(str(tmp_path / "plan.pptx")).slides
              if s.shapes[0].text_frame.text.startswith("Handleplan")]
    boxes = [shape for slide in slides for shape in list(slide.shapes)[1:-1]]
    headings = [b.text_frame.paragraphs[0].text for b in boxes]
    assert headings[:2] == ["4. kvartal 2025", "1. kvartal 2026"] and len(headings) > 2
    assert set(headings[2:]) == {"1. kvartal 2026 (fortsat)"}
    for slide in slides:
        *body, footer = list(slide.shapes)[1:]
        for box in body:
            below = [b.top for b in body if b.top > box.top] + [footer.top]
            assert _bottom(box) <= min(below)
    entries = [p.text for b in boxes[1:] for p in b.text_frame.paragraphs[1:]]
    assert entries == [f"{a.what} – OMU" for a in actions]


def test_one_table_row_left_over_goes_back_on_the_slide_before_in_smaller_text(tmp_path: Path) -> None:
    """Issue 18's rule for lists, for tables too: no »(fortsat)« slide for one row."""
    from aktorskab_cli.writers.pptx import SMALLEST, Deck

    row = [("To linjer i en celle, der er smal nok til at ombryde sig", None), ("Kort", None)]
    deck = Deck(build([synthesised()]))
    deck._table_slides("Tabel", ["A", "B"], [row] * 40)
    full = len(re.findall("<a:tr ", deck.slides[0].shapes[0])) - 1  # how many such rows a slide holds
    for count, titles in ((full + 1, ["Tabel"]), (full + 2, ["Tabel", "Tabel (fortsat)"])):
        deck = Deck(build([synthesised()]))
        deck._table_slides("Tabel", ["A", "B"], [row] * count)
        assert [s.title for s in deck.slides] == titles
    deck = Deck(build([synthesised()]))
    deck._table_slides("Tabel", ["A", "B"], [row] * (full + 1))
    size = int(re.findall(r'sz="(\d+)"', deck.slides[0].shapes[0])[-1])
    assert 1600 * SMALLEST <= size < 1600
    _above_the_footer(_written(deck, tmp_path / "t.pptx"))
