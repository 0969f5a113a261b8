"""The Word document, reopened with python-docx: styles, headings, the three columns, footer, Danish."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from opsamling_data import TRICKY, temadag

from aktorskab_cli.opsamling.build import build
from aktorskab_cli.writers import write


@pytest.fixture
def session():
    return temadag()


@pytest.fixture
def document(session, tmp_path: Path):
    path = tmp_path / "opsamling.docx"
    write(build([session], created=dt.datetime(2025, 10, 14, 12, tzinfo=dt.timezone.utc)), path, "docx")
    return docx.Document(str(path))


def _texts(document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return texts


def test_title_and_a_heading_per_dialogue_item(document) -> None:
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "Opsamling: Temadag om professionelt aktørskab")
    headings = [text for style, text in styles if style == "Heading 1"]
    for title in ("Dialog i grupper med udgangspunkt i cases", "Aktørskab – hvordan får vi organisationen med?",
                  "Understøttelse af den gode dialog i MED og i personalegrupper", "Opsamlende",
                  "Program og tidsforløb"):
        assert title in headings
    assert ("Heading 2", "Øvrige svar") in styles
    assert ("Heading 2", "Organisation") in styles  # the themes frame as headed sections


def test_table_header_cells_are_the_frame_categories(document) -> None:
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Det, der giver mening", "Det, vi mangler svar på", "Det, vi skal være opmærksomme på"]
    assert table.style.name == "Light Grid Accent 1"
    assert table.rows[1].cells[0].text == f"{TRICKY[0]} (Gruppe 1)"


def test_every_answer_exactly_once_with_special_characters_intact(document, session) -> None:
    joined = "\n".join(_texts(document))
    for answer in session.answers:
        assert joined.count(answer.text) == 1, answer.text


def test_answers_outside_the_table_are_list_bullets(document) -> None:
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert TRICKY[3] in bullets
    assert "Fælles sprog om aktørskab (Gruppe 2)" in bullets


def test_footer_with_text_and_page_fields(document) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("FRA HU-TEMADAGEN, oktober 2025")
    instructions = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Side" in footer.text and " af " in footer.text


def test_document_language_is_danish(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "da-DK"
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "da-DK"


def test_core_properties(document) -> None:
    props = document.core_properties
    assert props.title == "Opsamling: Temadag om professionelt aktørskab"
    assert props.author == "Hovedudvalget, Norddjurs Kommune"
    assert props.subject.startswith("Opsamling")
    assert props.language == "da-DK"
    assert props.created == dt.datetime(2025, 10, 14, 12, tzinfo=dt.timezone.utc)


def test_page_is_a4(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_programme_table_has_planned_and_actual_times(document) -> None:
    programme = document.tables[-1]
    assert [c.text for c in programme.rows[0].cells] == ["Planlagt", "Punkt", "Min.", "Faktisk", "Afvigelse"]
    row = next(r for r in programme.rows if r.cells[1].text.startswith("Dialog i grupper"))
    assert [c.text for c in row.cells] == ["9.25–10.15", "Dialog i grupper med udgangspunkt i cases", "50",
                                           "9.27–10.22", "+5 min."]


def test_combined_document_marks_answers_with_their_meeting(tmp_path: Path) -> None:
    path = tmp_path / "samlet.docx"
    write(build([temadag("1"), temadag("2")]), path, "docx")
    document = docx.Document(str(path))
    cell = document.tables[0].rows[1].cells[0].text
    assert cell == f"{TRICKY[0]} (Gruppe 1 · 14. oktober 2025, møde 1)"  # the title is in the list of meetings
    texts = [p.text for p in document.paragraphs]
    meetings = texts.index("Møder")
    assert texts[meetings + 1:meetings + 3] == ["Temadag om professionelt aktørskab, 14. oktober 2025 (møde 1)",
                                                "Temadag om professionelt aktørskab, 14. oktober 2025 (møde 2)"]


def test_combined_markdown_marks_answers_with_the_date_only(tmp_path: Path) -> None:
    from aktorskab_cli.writers.markdown import render

    text = render(build([temadag("1", started=dt.datetime(2026, 11, 24, 9)),
                         temadag("2", started=dt.datetime(2026, 12, 1, 9))]))
    assert f"{TRICKY[0]} *(Gruppe 1 · 24. november 2026)*" in text
    assert "## Møder\n\n- Temadag om professionelt aktørskab, 24. november 2026\n" in text
    assert text.count("Temadag om professionelt aktørskab, 24. november 2026") == 3  # list, timing heading, note


def test_logo_goes_in_the_header(tmp_path: Path) -> None:
    import base64

    logo = tmp_path / "logo.png"
    logo.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    ops = build([temadag()])
    ops.logo = str(logo)
    write(ops, tmp_path / "logo.docx", "docx")
    header = docx.Document(str(tmp_path / "logo.docx")).sections[0].header
    assert header._element.findall(".//" + qn("w:drawing"))


def test_the_shipped_template_is_what_docx_template_builds() -> None:
    """template.docx is generated (python -m aktorskab_cli.writers.docx_template): it must not drift."""
    from aktorskab_cli.writers import docx_template

    assert docx_template.parts(docx_template.TEMPLATE.read_bytes()) == docx_template.parts(docx_template.build())


def test_writing_a_document_imports_neither_python_docx_nor_lxml(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom opsamling_data import temadag\nfrom aktorskab_cli.opsamling.build import build\n"
            "from aktorskab_cli.writers import write\n"
            f"write(build([temadag()]), __import__('pathlib').Path({str(tmp_path / 'o.docx')!r}), 'docx')\n"
            "print(sorted(m for m in ('docx', 'lxml') if m in sys.modules))")
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parent)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "[]"
    assert docx.Document(str(tmp_path / "o.docx")).paragraphs[0].style.name == "Title"
