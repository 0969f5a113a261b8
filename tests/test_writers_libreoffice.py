"""A second reader: LibreOffice turns the DOCX into a PDF, and the PDF's text holds every answer."""

from __future__ import annotations

import subprocess

import pytest
from conftest import require_program
from opsamling_data import temadag

from aktorskab_cli.opsamling.build import build
from aktorskab_cli.writers import write

pytestmark = [pytest.mark.office, pytest.mark.slow]


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The temadag's opsamling through LibreOffice, converted once for the module (each start costs seconds)."""
    soffice = require_program("soffice", "libreoffice", package="libreoffice-writer-nogui")
    require_program("pdftotext", package="poppler-utils")
    folder = tmp_path_factory.mktemp("libreoffice")
    docx = folder / "opsamling.docx"
    write(build([temadag()], with_timing=True), docx, "docx")  # the timing bilag too, for the second test
    profile = folder / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=180)
    pdf = docx.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice skrev ingen PDF"
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_libreoffice_reads_every_answer_and_the_footer(pdf_text: str) -> None:
    session = temadag()
    text = pdf_text
    flat = " ".join(text.split())
    squeezed = "".join(text.split())  # table cells wrap lines: compare without whitespace
    for answer in session.answers:
        # an emoji may lack a glyph in the PDF's fonts; every letter, quote, < and & must be there
        visible = "".join(c for c in answer.text if ord(c) < 0x2000 or c == "–")
        assert "".join(visible.split()) in squeezed, answer.text
    assert "FRA HU-TEMADAGEN, oktober 2025" in text
    pages = text.count("\f")
    assert f"Side 1 af {pages}" in flat
    assert "Det, der giver mening" in flat and "Øvrige pointer" in flat and "Bilag: alle svar" in flat


def test_times_in_the_timing_table_never_wrap(pdf_text: str) -> None:
    """'9.00–9.10' on one line in every column (it wrapped as '09:00–' / '09:10' once), and 'sprunget over' too."""
    ops = build([temadag()], with_timing=True)
    lines = pdf_text.splitlines()
    for row in ops.parts[0].timings[0].rows:
        assert row.planned_text in lines, row.planned_text
        assert row.actual_text in lines, row.actual_text


def test_no_page_ends_with_a_heading_whose_questions_went_on(pdf_text: str) -> None:
    """»Spørgsmål til dialogen« stands on the same page as its questions (LibreOffice once left it behind)."""
    for page in pdf_text.split("\f"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith(("FRA HU-TEMADAGEN", "Side "))]
        assert not body or body[-1] != "Spørgsmål til dialogen", body[-3:]
