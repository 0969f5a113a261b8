"""The dialogue guide's page for a followup item (`agenda print … --kind dialogguide`): the entries this forum
follows up (the live screen's rule), each with the five statuses as boxes to tick and room for a note; or,
when the agenda names no programme, how to name one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import require_program
from docx import Document

from aktorskab_cli.agenda.material import NO_PLAN_PRINTED

BOXES = "☐ ikke startet\n☐ i gang\n☐ gennemført\n☐ ændret\n☐ droppet"

PROGRAMME = """\
title = "Aktørskab på Æblegården"
organisation = "Æblegården"

[[entry]]
id = "egen"
what = "Personalemøde om aktørskab"
who = "LMU Æblegården"
when = "4. kvartal 2099"

[[entry]]
id = "andres"
what = "Dialogmøde i et andet udvalg"
who = "OMU Sundhed og omsorg"
when = "4. kvartal 2099"

[[entry]]
id = "forfalden"
what = "Informationsmateriale"
when = "1. kvartal 2025"

[[entry]]
id = "faerdig"
what = "Tema på DIR-seminar"
when = "4. kvartal 2025"

[[entry]]
id = "igang"
what = "Kobling til arbejdet med vision og forenkling"
when = "løbende"
"""

AGENDA = """\
title = "LMU-møde på Æblegården"
organisation = "LMU Æblegården, Børne- og Familieområdet"
start = "13.00"

[[item]]
title = "Velkommen"
minutes = 5
kind = "talk"

[[item]]
id = "opfoelgning"
title = "Opfølgning på handleplanen"
minutes = 15
kind = "followup"
purpose = "Hvad er gennemført, og hvad er i gang?"
{plan}
[[item]]
title = "Dialog"
minutes = 30
kind = "dialogue"
questions = ["Hvad virker?"]
"""


@pytest.fixture
def agenda(tmp_path: Path, run_cli) -> Path:
    programme = tmp_path / "aeble.toml"
    programme.write_text(PROGRAMME, encoding="utf-8")
    path = tmp_path / "lmu-aeble.toml"
    path.write_text(AGENDA.format(plan=f"plan = '{programme}'\n"), encoding="utf-8")
    assert run_cli("plan", "set", str(programme), "faerdig", "gennemført").exit_code == 0
    assert run_cli("plan", "set", str(programme), "igang", "i gang", "--note", "godt på vej").exit_code == 0
    return path


def _print(run_cli, ref: str, *args: str) -> Path:
    result = run_cli("agenda", "print", ref, "--kind", "dialogguide", *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().rsplit(" er skrevet til ", 1)[1].rstrip("."))


def _followup_table(path: Path):  # noqa: ANN202 - a python-docx table
    tables = [t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Post"]
    assert len(tables) == 1
    return tables[0]


def test_the_guide_gives_the_followup_item_a_page_with_the_entries_this_forum_follows_up(run_cli, agenda) -> None:
    path = _print(run_cli, str(agenda), "-o", str(agenda.parent / "guide.docx"))
    doc = Document(str(path))
    heading = next(p for p in doc.paragraphs if p.text == "Opfølgning på handleplanen")
    assert heading.style.name == "Heading 1"
    assert heading.paragraph_format.page_break_before
    assert any(p.text == "Hvad er gennemført, og hvad er i gang?" for p in doc.paragraphs)
    table = _followup_table(path)
    assert [c.text for c in table.rows[0].cells] == ["Post", "Status (sæt ét kryds)", "Note"]
    rows = [[c.text for c in row.cells] for row in list(table.rows)[1:]]
    # its own (by the organisation), the one due, the ongoing one with its status; not another forum's
    # future meeting, not the one done
    assert [r[0] for r in rows] == [
        "Personalemøde om aktørskab: LMU Æblegården\n4. kvartal 2099\nnu: ikke startet",
        "Informationsmateriale\n1. kvartal 2025\nnu: ikke startet",
        "Kobling til arbejdet med vision og forenkling\nløbende\nnu: i gang",
    ]
    assert all(r[1] == BOXES and r[2] == "" for r in rows)


def test_an_agenda_with_a_date_gets_the_entries_due_on_that_day(run_cli, agenda) -> None:
    text = agenda.read_text(encoding="utf-8").replace('start = "13.00"', 'start = "13.00"\ndate = 2099-10-01')
    agenda.write_text(text, encoding="utf-8")
    rows = [row.cells[0].text.split("\n")[0] for row in
            list(_followup_table(_print(run_cli, str(agenda), "-o", str(agenda.parent / "guide.docx"))).rows)[1:]]
    assert "Dialogmøde i et andet udvalg: OMU Sundhed og omsorg" in rows  # its quarter has begun by then


def test_the_markdown_guide_holds_the_same_page(run_cli, agenda) -> None:
    text = _print(run_cli, str(agenda), "-o", str(agenda.parent / "guide.md")).read_text(encoding="utf-8")
    page = text.split("## Opfølgning på handleplanen", 1)[1].split("\n## ", 1)[0]
    boxes = "☐ ikke startet<br>☐ i gang<br>☐ gennemført<br>☐ ændret<br>☐ droppet"
    assert "| Post | Status (sæt ét kryds) | Note |" in page
    assert f"| **Personalemøde om aktørskab: LMU Æblegården**<br>4\\. kvartal 2099<br>*nu: ikke startet* | {boxes} | |" in page
    assert f"| **Kobling til arbejdet med vision og forenkling**<br>løbende<br>*nu: i gang* | {boxes} | |" in page
    assert "Dialogmøde i et andet udvalg" not in page and "Tema på DIR-seminar" not in page
    assert "Posterne fra programmet »Aktørskab på Æblegården«, som dette forum" in page


def test_without_a_programme_the_page_says_how_to_name_one_and_leaves_rows_to_write_in(run_cli, tmp_path) -> None:
    path = tmp_path / "uden.toml"
    path.write_text(AGENDA.format(plan=""), encoding="utf-8")
    docx = _print(run_cli, str(path), "-o", str(tmp_path / "guide.docx"))
    texts = [p.text for p in Document(str(docx)).paragraphs]
    assert NO_PLAN_PRINTED in texts and not any("PROGRAM" in t or "plan =" in t for t in texts)
    rows = [[c.text for c in row.cells] for row in list(_followup_table(docx).rows)[1:]]
    assert rows == [["", BOXES, ""]] * 5
    markdown = _print(run_cli, str(path), "-o", str(tmp_path / "guide.md")).read_text(encoding="utf-8")
    assert NO_PLAN_PRINTED in markdown and "plan =" not in markdown


def test_the_printed_programme_names_the_followed_up_programme_by_its_title(run_cli, agenda) -> None:
    """A user trial: the participants' programme said »handleplanen (/tmp/…/aeble.toml)« – the programme's
    file or name – where the guide's page says »Aktørskab på Æblegården«."""
    result = run_cli("agenda", "print", str(agenda), "--kind", "program", "-o", str(agenda.parent / "program.md"))
    assert result.exit_code == 0, result.output
    text = (agenda.parent / "program.md").read_text(encoding="utf-8")
    assert ("*Vi følger op på handleplanen »Aktørskab på Æblegården«: hver handlings status – ikke startet, i gang, "
            "gennemført, ændret eller droppet.*") in text
    assert "aeble.toml" not in text


@pytest.mark.parametrize("bundled", ["dialogmoede", "lmu"])
def test_a_bundled_meeting_without_a_programme_prints_a_neutral_line_and_no_configuration(run_cli, tmp_path,
                                                                                          bundled: str) -> None:
    """A user trial: the LMU guide's third page told the participants to write plan = "PROGRAM" in the agenda."""
    docx = _print(run_cli, bundled, "-o", str(tmp_path / "guide.docx"))
    doc = Document(str(docx))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert NO_PLAN_PRINTED in texts
    assert not any("PROGRAM" in t or "plan =" in t or "--plan" in t for t in texts)
    rows = [[c.text for c in row.cells] for row in list(_followup_table(docx).rows)[1:]]
    assert rows == [["", BOXES, ""]] * 5  # the tick boxes stay, to write the entries in by hand


def test_printing_the_guide_leaves_no_database_behind(run_cli, tmp_path, monkeypatch) -> None:
    db = tmp_path / "ingen.sqlite"
    monkeypatch.setenv("AKTORSKAB_DB", str(db))
    _print(run_cli, "lmu", "-o", str(tmp_path / "guide.docx"))
    assert not db.exists()


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_puts_the_followup_table_on_a_page_of_its_own(run_cli, agenda, tmp_path) -> None:
    soffice = require_program("soffice", "libreoffice", package="libreoffice-writer-nogui")
    require_program("pdftotext", package="poppler-utils")
    docx = _print(run_cli, str(agenda), "-o", str(tmp_path / "guide.docx"))
    profile, out = tmp_path / "lo-profile", tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx)], check=True, capture_output=True, timeout=300)
    pages = subprocess.run(["pdftotext", str(out / "guide.pdf"), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    page = next(p for p in pages if "Status (sæt ét" in p)
    assert page.lstrip().startswith("Opfølgning på handleplanen")
    assert page.count("☐ gennemført") == 3
    assert "Informationsmateriale" in page and "Dialogmøde i et andet udvalg" not in page
