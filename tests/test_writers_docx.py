"""The Word document, reopened with python-docx: styles, headings, the three columns, footer, Danish."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from fresh_interpreter import loaded_by_writing
from opsamling_data import TRICKY, synthesised, temadag

from aktorskab_cli.opsamling.build import build
from aktorskab_cli.writers import write


@pytest.fixture
def session():
    return synthesised()


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


def test_the_document_follows_seed_002s_order(document) -> None:
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "Opsamling på workshop og HU-temadag om styrket aktørskab")
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings == [
        "Dialog i grupper med udgangspunkt i cases", "Aktørskab – hvordan får vi organisationen med?",
        "Understøttelse af den gode dialog i MED og i personalegrupper", "Yderligere opmærksomhedspunkter",
        "1. Organisation – kultur, retning og fælles forståelse", "2. Ledelse – råderum, retning og nærvær",
        "Potentielle barrierer", "Vejen videre", "Handleplan 2025–2026", "Opsamlende", "Bilag: alle svar"]
    assert ("Heading 2", "Øvrige pointer") in styles
    assert ("Heading 2", "Organisation") in styles  # the themes frame as headed sections
    assert ("Heading 2", "Uklart råderum") in styles  # a barrier: a heading and its paragraph
    assert "Program og tidsforløb" not in "\n".join(t for _, t in styles)  # internal: only with --with-timing


def _questions_blocks(document) -> list:
    """The borderless one-cell tables that hold an item's »Spørgsmål til dialogen« and its questions."""
    return [t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "Spørgsmål til dialogen"]


def test_the_table_holds_points_with_the_groups_behind_them(document) -> None:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Det, der giver mening")
    assert [c.text for c in table.rows[0].cells] == [
        "Det, der giver mening", "Det, vi mangler svar på", "Det, vi skal være opmærksomme på"]
    assert table.style.name == "Light Grid Accent 1"
    assert table.rows[1].cells[0].text == "Tydelige hjørneflag, tillid og psykologisk tryghed (2 grupper)"
    assert table.rows[2].cells[0].text == "Gruppe ti svarer sidst"


def test_questions_are_numbered_and_restart_for_each_item(document) -> None:
    numbered = [p for t in _questions_blocks(document) for p in t.rows[0].cells[0].paragraphs
                if p.style.name == "List Number"]
    assert numbered[0].text == "Hvordan får vi konkret øje på professionelt aktørskab?"
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered[:9]]
    assert len(set(num_ids[:4])) == 1 and num_ids[4] != num_ids[0]  # a new list per item, each from 1
    numbering = document.part.numbering_part.element
    restart = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_ids[4])][0]
    assert restart.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_the_questions_heading_and_its_questions_are_never_parted_by_a_page_break(document) -> None:
    """One row that may not split, without borders or cell margins: LibreOffice left »Spørgsmål til dialogen«
    as the last line of page 1 with its questions on page 2 when they were a chain of keep-with-next
    paragraphs (it follows such a chain one paragraph back)."""
    blocks = _questions_blocks(document)
    assert [len(t.rows[0].cells[0].paragraphs) for t in blocks] == [5, 6, 4]  # the heading and 4, 5, 3 questions
    for table in blocks:
        assert len(table.rows) == 1 and len(table.columns) == 1
        assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"nil"}
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        assert {m.get(qn("w:w")) for m in margins} == {"0"}


def test_markup_becomes_word_runs_and_lists_not_asterisks(document) -> None:
    closing = next(p for p in document.paragraphs if p.text == "Der er konsensus om mere handlekraft.")
    assert [(r.text, bool(r.italic)) for r in closing.runs] == [
        ("Der er ", False), ("konsensus", True), (" om mere handlekraft.", False)]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Tydelighed" in bullets and "Tryghed" in bullets
    assert not any("*" in p.text for p in document.paragraphs)


def test_every_answer_exactly_once_in_the_bilag_with_special_characters_intact(document, session) -> None:
    texts = [p.text for p in document.paragraphs]
    bilag = texts[texts.index("Bilag: alle svar"):]
    joined = "\n".join(bilag)
    for answer in session.answers:
        assert joined.count(answer.text) == 1, answer.text
    assert f"{TRICKY[0]} (Gruppe 1)" in bilag
    assert "1. Hvordan får vi konkret øje på professionelt aktørskab?" in bilag


def test_the_plan_is_a_table_grouped_by_quarter_in_time_order(document) -> None:
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Hvad")
    assert [[c.text for c in r.cells] for r in plan.rows] == [
        ["Hvad", "Hvem", "Hvornår"], ["Tema på DIR-seminar", "Direktionen", "4. kvartal 2025"],
        ["Tema på KCL", "KCL", ""], ["Dialogmøder i OMU", "OMU", "1. kvartal 2026"],
        ["Fortsat kobling til vision", "HU", "løbende"]]


def test_points_outside_the_table_are_list_bullets(document) -> None:
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert TRICKY[3] in bullets
    assert "Fælles sprog om aktørskab" in bullets


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
    assert props.title == "Opsamling på workshop og HU-temadag om styrket aktørskab"
    assert props.author == "Hovedudvalget, Norddjurs Kommune"
    assert props.subject.startswith("Opsamling")
    assert props.language == "da-DK"
    assert props.comments == "Skrevet af aktorskab"
    assert props.created == dt.datetime(2025, 10, 14, 12, tzinfo=dt.timezone.utc)


def test_page_is_a4(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_programme_table_only_with_timing(session, tmp_path: Path) -> None:
    path = tmp_path / "tider.docx"
    write(build([session], with_timing=True), path, "docx")
    programme = docx.Document(str(path)).tables[-1]
    assert [c.text for c in programme.rows[0].cells] == ["Planlagt", "Punkt", "Min.", "Faktisk", "Afvigelse"]
    row = next(r for r in programme.rows if r.cells[1].text.startswith("Dialog i grupper"))
    assert [c.text for c in row.cells] == ["9.25–10.15", "Dialog i grupper med udgangspunkt i cases", "50",
                                           "9.27–10.22", "+5 min."]


def test_combined_document_counts_meetings_and_marks_answers_with_their_meeting(tmp_path: Path) -> None:
    path = tmp_path / "samlet.docx"
    write(build([temadag("1"), temadag("2")]), path, "docx")
    document = docx.Document(str(path))
    meetings = document.tables[0]
    assert [[c.text for c in r.cells] for r in meetings.rows] == [
        ["Møde", "Dato", "Sted"], ["Temadag om professionelt aktørskab", "14. oktober 2025", ""],
        ["Temadag om professionelt aktørskab", "14. oktober 2025", ""]]
    recurring = [[c.text for c in r.cells] for r in document.tables[1].rows]  # points both meetings raised
    assert recurring[0] == ["Punkt", "Møder", "Hvor"]
    assert recurring[1][:2] == [TRICKY[0], "2"]
    assert document.tables[3].rows[1].cells[0].text == f"{TRICKY[0]} (2 møder · 2 grupper)"  # [2]: the questions
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert f"{TRICKY[0]} (Gruppe 1 · 14. oktober 2025, møde 1)" in bullets  # the bilag names the meeting


def test_combined_markdown_marks_answers_with_the_date_only(tmp_path: Path) -> None:
    from aktorskab_cli.writers.markdown import render

    text = render(build([temadag("1", started=dt.datetime(2026, 11, 24, 9)),
                         temadag("2", started=dt.datetime(2026, 12, 1, 9))]))
    assert f"{TRICKY[0]} *(Gruppe 1 · 24. november 2026)*" in text
    assert "| Temadag om professionelt aktørskab | 24. november 2026 |  |" in text
    assert text.count("Temadag om professionelt aktørskab, 24. november 2026") == 1  # the closing note's label


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


@pytest.mark.slow  # a fresh interpreter
def test_writing_a_document_imports_neither_python_docx_nor_lxml(tmp_path: Path) -> None:
    assert loaded_by_writing("temadag", tmp_path / "o.docx", ("docx", "lxml")) == set()
    assert docx.Document(str(tmp_path / "o.docx")).paragraphs[0].style.name == "Title"
