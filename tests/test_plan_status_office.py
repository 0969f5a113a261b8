"""A second reader of the status report: LibreOffice turns the DOCX and the PPTX into PDFs, whose text holds
seed 002's plan page – its quarters in time order, every line and bullet word for word, each with its status –
on the first page after the title (the DOCX) and on one slide (the PPTX)."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from conftest import require_impress, require_program
from plan_data import SEED_PAGE, a_year

from aktorskab_cli.programme.catalogue import load
from aktorskab_cli.programme.report_build import build_report
from aktorskab_cli.programme.report_read import local_facts
from aktorskab_cli.store.db import open_store
from aktorskab_cli.writers import write_status

pytestmark = [pytest.mark.office, pytest.mark.slow]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The report of a year as PDF pages' text, DOCX and PPTX, converted in one LibreOffice start."""
    soffice = require_impress()  # the PPTX needs Impress: fails under CI when missing, skips elsewhere
    require_program("pdftotext", package="poppler-utils")
    folder = tmp_path_factory.mktemp("status")
    db = folder / "year.db"
    a_year(folder, db)
    store = open_store(db)
    programme = load("aktorskab-2025-2026", store)[0]
    facts = local_facts(store, programme)
    store.close()
    report = build_report(programme, facts.changes, facts.held, facts.meetings, today=dt.date(2026, 12, 4))
    for fmt in ("docx", "pptx"):
        write_status(report, folder / f"status-{fmt}.{fmt}", fmt)
    profile = folder / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(folder / "status-docx.docx"), str(folder / "status-pptx.pptx")],
                   check=True, capture_output=True, timeout=240)
    return {fmt: subprocess.run(["pdftotext", "-layout", str(folder / f"status-{fmt}.pdf"), "-"], check=True,
                                capture_output=True, text=True).stdout.split("\f") for fmt in ("docx", "pptx")}


def _in_order(text: str, wanted: list[str]) -> bool:
    at = 0
    for piece in wanted:
        at = text.find(piece, at)
        if at < 0:
            return False
    return True


@pytest.mark.parametrize("fmt, page", [("docx", 0), ("pptx", 1)])
def test_the_plan_page_is_seed_002s_in_libreoffice(pages: dict[str, list[str]], fmt: str, page: int) -> None:
    text = pages[fmt][page]
    flat = " ".join(text.split())
    assert "Aktørskab 2025-2026" in flat
    for quarter, lines in SEED_PAGE.items():
        assert quarter in flat, quarter
        for line in lines:
            assert " ".join(line.lstrip("• ").split()) in flat, line
    if fmt == "docx":  # one column: every line in the seed's order under its quarter, quarters in time order
        in_time = ["4. kvartal 2025", "1. kvartal 2026", "2. kvartal 2026", "3.-4. kvartal 2026"]
        assert sorted(SEED_PAGE) == sorted(in_time)
        assert _in_order(flat, [x.lstrip("• ") for q in in_time for x in [q, *SEED_PAGE[q]]])
    assert "Sundhed og omsorg – gennemført" in flat and "Socialområdet – i gang · forsinket" in flat


def test_the_report_reads_to_its_end_with_footer_and_page_numbers(pages: dict[str, list[str]]) -> None:
    docx = [p for p in pages["docx"] if p.strip()]
    flat = " ".join(" ".join(docx).split())
    for heading in ("Planlagte og afholdte møder", "Forsinket", "Forløb for hver post"):
        assert heading in flat
    assert f"Side 1 af {len(docx)}" in flat and "STATUS TIL HU, december 2026" in flat
    assert "Uenighed: »i gang« og »gennemført« blev sat samme dag, 3. juni 2026" in flat
    slides = [p for p in pages["pptx"] if p.strip()]
    assert all(f"{n}/{len(slides)}" in "".join(s.split()) for n, s in enumerate(slides, 1))  # »n / N« on each
