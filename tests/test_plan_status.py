"""The status report for HU from one laptop: the plan page shaped like seed 002's last page, planned vs
held meetings, what is late, each entry's trail; in DOCX (python-docx), PPTX (python-pptx), Markdown, JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document
from plan_data import KEY, SEED_PAGE, a_year, at, set_status, with_source
from pptx import Presentation

from aktorskab_cli.programme.catalogue import load
from aktorskab_cli.programme.report_build import build_report
from aktorskab_cli.programme.report_read import local_facts
from aktorskab_cli.store.db import open_store
from aktorskab_cli.writers import write_status

TODAY = dt.date(2026, 12, 4)


def _report(ref: str = KEY, today: dt.date = TODAY):  # noqa: ANN202
    store = open_store()
    programme = load(ref, store)[0]
    facts = local_facts(store, programme)
    store.close()
    return build_report(programme, facts.changes, facts.held, facts.meetings, today=today)


def _seed_lines(report) -> dict[str, list[str]]:  # noqa: ANN001
    """The plan page as SEED_PAGE writes it: each line's text, a group's bullets as »• who«."""
    return {q.label: [x for line in q.lines for x in [line.text, *(f"• {who}" for who, _ in line.bullets)]]
            for q in report.quarters}


def test_the_report_of_a_year_says_each_entrys_status_meetings_and_lateness(tmp_path: Path) -> None:
    a_year(tmp_path)
    report = _report()
    status = {e.id: (e.status, e.late) for e in report.entries}
    assert status == {
        "dir-seminar": ("gennemført", False), "kcl": ("i gang", True),
        "omu-administration": ("gennemført", False),  # a meeting held counts as done
        "omu-sundhed-og-omsorg": ("gennemført", False), "omu-socialomraadet": ("i gang", True),
        "informationsmaterialer": ("gennemført", False), "omu-boerne-og-familieomraadet": ("gennemført", False),
        "omu-skole-og-dagtilbudsomraadet": ("ikke startet", True),
        "arbejdsmiljoerapporter-hu": ("ikke startet", False), "attraktive-arbejdspladser": ("ikke startet", False),
        "vision-og-forenkling": ("droppet", False)}
    assert report.held_summary == "3 af 5 planlagte møder er holdt."
    assert [e.id for e in report.late] == ["kcl", "omu-socialomraadet", "omu-skole-og-dagtilbudsomraadet"]
    assert report.meeting_rows()[0] == ["Dialogmøde i OMU Administrationen", "4. kvartal 2025",
                                        "OMU Administrationen, 12. november 2025", "gennemført"]
    assert report.meeting_rows()[1][0] == "Dialogmøder i OMU: Sundhed og omsorg"
    social = next(e for e in report.entries if e.id == "omu-socialomraadet")
    assert [(s.date_text, s.status, s.note, s.meeting) for s in social.trail] == [
        ("14. januar 2026", "i gang", "Dato aftalt", "OMU Sundhed og omsorg, 14. januar 2026")]
    info = next(e for e in report.entries if e.id == "informationsmaterialer")
    assert [(s.status, s.current) for s in info.trail] == [("i gang", False), ("gennemført", True)]
    assert info.disagreement == ("»i gang« og »gennemført« blev sat samme dag, 3. juni 2026; »gennemført« gælder "
                                 "(sat senest).")
    assert (report.title, report.subtitle, report.footer) == (
        "Aktørskab 2025-2026", "Status pr. 4. december 2026", "STATUS TIL HU, december 2026")


def test_a_moved_entry_is_late_by_its_new_due_and_its_trail_shows_the_move(tmp_path: Path) -> None:
    from aktorskab_cli.programme.storage import record_status
    from aktorskab_cli.programme.when import parse_when

    a_year(tmp_path)
    store = open_store()
    record_status(store, KEY, "omu-skole-og-dagtilbudsomraadet", "aendret", note="Ny dato efter sommerferien",
                  origin="set", due=parse_when("1. kvartal 2027"))
    store.close()
    report = _report()
    moved = next(e for e in report.entries if e.id == "omu-skole-og-dagtilbudsomraadet")
    assert (moved.status_text, moved.when) == ("ændret", "1. kvartal 2027 (flyttet fra 2. kvartal 2026)")
    assert [s.note for s in moved.trail] == [
        "flyttet fra 2. kvartal 2026 til 1. kvartal 2027 – Ny dato efter sommerferien"]
    assert [e.id for e in report.late] == ["kcl", "omu-socialomraadet"]
    assert "omu-skole-og-dagtilbudsomraadet" not in [e.id for e in _report(today=dt.date(2027, 3, 31)).late]
    assert "omu-skole-og-dagtilbudsomraadet" in [e.id for e in _report(today=dt.date(2027, 4, 1)).late]
    markdown = tmp_path / "status.md"
    write_status(report, markdown, "md")
    assert "flyttet fra 2. kvartal 2026 til 1. kvartal 2027 – Ny dato efter sommerferien" in markdown.read_text()


def test_an_entry_drafted_from_a_synthesis_names_its_meeting_and_points(tmp_path: Path) -> None:
    path, _ = with_source(tmp_path)
    [entry] = _report(str(path)).entries
    assert entry.origin is not None
    assert (entry.origin.meeting, entry.origin.points) == ("HU, 2. oktober 2025", ("Opfølgning på møderne med lederne",))


def test_the_plan_page_is_seed_002s_plan_page_in_the_model(tmp_path: Path) -> None:
    report = _report()
    assert _seed_lines(report) == SEED_PAGE
    assert [q.label for q in report.quarters] == ["4. kvartal 2025", "1. kvartal 2026", "2. kvartal 2026",
                                                  "3.-4. kvartal 2026"]


def _docx_plan_page(path: Path) -> dict[str, list[str]]:
    """The plan page read back with python-docx: Heading 1 quarters until the page of meetings, each bullet's
    text before » – « (its status), a List Bullet 2 as »• …«."""
    page: dict[str, list[str]] = {}
    for p in Document(str(path)).paragraphs:
        style = p.style.name
        if style == "Heading 1":
            if p.text.startswith("Planlagte"):
                break
            page[p.text] = []
        elif style in ("List Bullet", "List Bullet 2") and page:
            text = p.text.split(" – ")[0]
            list(page.values())[-1].append(f"• {text}" if style == "List Bullet 2" else text)
    return page


def test_the_docx_plan_page_is_seed_002s_last_page_word_for_word(tmp_path: Path) -> None:
    report = _report()
    write_status(report, tmp_path / "status.docx", "docx")
    assert _docx_plan_page(tmp_path / "status.docx") == SEED_PAGE
    doc = Document(str(tmp_path / "status.docx"))
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == "Aktørskab 2025-2026"
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet 2"]
    assert bullets[0] == "Sundhed og omsorg – ikke startet · forsinket"
    assert doc.core_properties.language == "da-DK" and doc.core_properties.title == "Aktørskab 2025-2026"


def test_the_docx_says_status_meetings_late_and_trails(tmp_path: Path) -> None:
    a_year(tmp_path)
    write_status(_report(), tmp_path / "status.docx", "docx")
    doc = Document(str(tmp_path / "status.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert "Dialogmøde i OMU Administrationen – gennemført (holdt OMU Administrationen, 12. november 2025)" in texts
    assert "Socialområdet – i gang · forsinket" in texts
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][-3:]
    assert headings == ["Planlagte og afholdte møder", "Forsinket", "Forløb for hver post"]
    assert "3 af 5 planlagte møder er holdt." in texts
    assert "Tema på KCL i december (4. kvartal 2025) – i gang" in texts
    meetings, *trails = doc.tables
    assert [c.text for c in meetings.rows[0].cells] == ["Møde", "Hvornår", "Afholdt", "Status"]
    assert [c.text for c in meetings.rows[3].cells] == ["Dialogmøder i OMU: Socialområdet", "1. kvartal 2026",
                                                       "ikke holdt endnu", "i gang · forsinket"]
    rows = [[c.text for c in row.cells] for table in trails for row in table.rows]
    assert ["3. juni 2026", "gennemført (gælder)", "Materialet er ude", ""] in rows
    assert ["12. november 2025", "gennemført", "møde holdt", "OMU Administrationen, 12. november 2025"] in rows
    assert "Uenighed: »i gang« og »gennemført« blev sat samme dag, 3. juni 2026; »gennemført« gælder (sat senest)." \
        in texts


def test_the_pptx_plan_slide_is_seed_002s_last_page(tmp_path: Path) -> None:
    a_year(tmp_path)
    write_status(_report(), tmp_path / "status.pptx", "pptx")
    prs = Presentation(str(tmp_path / "status.pptx"))
    slide = prs.slides[1]
    assert slide.shapes[0].text_frame.text == "Aktørskab 2025-2026"
    page: dict[str, list[str]] = {}
    for shape in list(slide.shapes)[1:]:
        paragraphs = shape.text_frame.paragraphs
        if paragraphs[0].text in SEED_PAGE:  # an entry a bullet (level 1), its forums bullets under it (level 2)
            page[paragraphs[0].text] = [("• " if p.level == 2 else "") + p.text.split(" – ")[0]
                                        for p in paragraphs[1:]]
    assert page == SEED_PAGE
    assert list(page) == ["4. kvartal 2025", "1. kvartal 2026", "2. kvartal 2026", "3.-4. kvartal 2026"]
    titles = [s.shapes[0].text_frame.text for s in prs.slides]
    assert titles[2:5] == ["Planlagte og afholdte møder", "Forsinket", "Forløb for hver post"]
    total = len(prs.slides)
    for number, s in enumerate(prs.slides, 1):
        assert f"STATUS TIL HU, december 2026    {number} / {total}" in [x.text_frame.text for x in s.shapes
                                                                         if x.has_text_frame]


def test_the_pptx_late_slide_names_each_entry_with_its_forum(tmp_path: Path) -> None:
    """A user trial: two late »Dialogmøder i OMU« stood on the slide as the same line, without their forum."""
    a_year(tmp_path)
    write_status(_report(), tmp_path / "status.pptx", "pptx")
    late = next(s for s in Presentation(str(tmp_path / "status.pptx")).slides
                if s.shapes[0].text_frame.text == "Forsinket")
    assert [p.text for p in late.shapes[1].text_frame.paragraphs] == [
        "Tema på KCL i december – i gang · forsinket (4. kvartal 2025)",
        "Dialogmøder i OMU: Socialområdet – i gang · forsinket (1. kvartal 2026)",
        "Dialogmøder i OMU: Skole- og dagtilbudsområdet – ikke startet · forsinket (2. kvartal 2026)"]


def test_markdown_and_json_say_the_same(tmp_path: Path) -> None:
    a_year(tmp_path)
    report = _report()
    write_status(report, tmp_path / "status.md", "md")
    write_status(report, tmp_path / "status.json", "json")
    md = (tmp_path / "status.md").read_text(encoding="utf-8")
    assert "## 1\\. kvartal 2026\n\n- Dialogmøder i OMU\n  - Sundhed og omsorg – **gennemført**" in md
    assert "| 3. juni 2026 | **gennemført** *(gælder)* | Materialet er ude |  |" in md
    data = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    assert data["late"] == ["kcl", "omu-socialomraadet", "omu-skole-og-dagtilbudsomraadet"]
    adm = next(e for e in data["entries"] if e["id"] == "omu-administration")
    assert (adm["kind"], adm["status"], adm["held"][0]["date"], adm["trail"][0]["meeting"]) == (
        "meeting", "gennemført", "2025-11-12", "OMU Administrationen, 12. november 2025")
    assert [line["text"] for line in data["quarters"][1]["lines"]] == ["Dialogmøder i OMU"]


@pytest.mark.parametrize("today, late", [(dt.date(2025, 12, 31), []),
                                         (dt.date(2026, 1, 1), ["dir-seminar", "kcl", "omu-administration"])])
def test_an_entry_is_late_the_day_after_its_quarter(today: dt.date, late: list[str]) -> None:
    assert [e.id for e in _report(today=today).late] == late


# ---------------------------------------------------------------- the command


def test_plan_status_writes_the_report_and_says_what_is_in_it(run_cli, tmp_path: Path) -> None:
    a_year(tmp_path)
    result = run_cli("plan", "status", KEY, "-o", "status.docx")
    assert (result.exit_code, result.stderr) == (0, "")
    late = len(_report(today=dt.date.today()).late)
    assert result.stdout == (f"Statusrapporten er skrevet til status.docx (11 poster, 3 af 5 planlagte møder holdt, "
                             f"{late} forsinket; denne maskines møder og statusændringer).\n")
    assert Document(str(tmp_path / "status.docx")).paragraphs[0].text == "Aktørskab 2025-2026"
    again = run_cli("plan", "status", KEY, "-o", "status.docx")
    assert (again.exit_code, again.stderr) == (2, "status.docx findes allerede; brug --force for at overskrive eller "
                                                  "-o for et andet navn\n")
    for fmt in ("pptx", "md", "json"):
        assert run_cli("plan", "status", KEY, "-o", f"status.{fmt}").exit_code == 0


def test_plan_status_without_meetings_or_a_database_gives_the_plan_page(run_cli, tmp_path: Path) -> None:
    result = run_cli("plan", "status", KEY, "--format", "md")
    assert result.exit_code == 0, result.output
    written = next(tmp_path.glob("status-aktoerskab-2025-2026-*.md"))
    assert "- Dialogmøder i OMU\n  - Sundhed og omsorg – **ikke startet**" in written.read_text(encoding="utf-8")
    assert not (tmp_path / "test.db").exists()  # looking leaves no database behind


@pytest.mark.parametrize("args, message", [
    (("nowhere",), "Programmet »nowhere« findes ikke"),
    ((KEY, "-o", "status.pdf"), "status.pdf: der kan kun skrives docx, pptx, md eller json her; giv filen endelsen "
                                ".docx, .pptx, .md eller .json\n"),
    ((KEY, "--logo", "mangler.png"), "--logo mangler.png: findes ikke; brug en PNG- eller JPEG-fil\n"),
])
def test_plan_status_refuses_bad_input_with_exit_2(run_cli, tmp_path: Path, args, message: str) -> None:  # noqa: ANN001
    result = run_cli("plan", "status", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert not list(tmp_path.glob("status*"))


def test_a_trails_last_line_never_starts_a_slide_without_its_entry(tmp_path: Path) -> None:
    """A user trial: »Ingen statusændringer endnu.« stood alone at the top of »Forløb for hver post
    (fortsat)«, its entry's heading on the slide before. A heading and the first line under it stay
    together, and the last line under a heading takes the line before along."""
    from dataclasses import replace

    from aktorskab_cli.writers.status_pptx import _trail

    a_year(tmp_path)
    report = _report()
    last = {"".join(t for t, _ in _trail(e)[-1][1]) for e in report.entries}  # each entry's last line
    assert "Ingen statusændringer endnu." in last
    lonely = []
    for skip in range(len(report.entries)):
        path = tmp_path / f"status-{skip}.pptx"
        write_status(replace(report, entries=report.entries[skip:]), path, "pptx")
        slides = [s for s in Presentation(str(path)).slides if s.shapes[0].text_frame.text.startswith("Forløb")]
        pages = [[(p.level, p.text, bool(p.runs and p.runs[0].font.bold)) for p in s.shapes[1].text_frame.paragraphs]
                 for s in slides]
        assert not any(page[-1][2] and page[-1][0] == 0 for page in pages)  # no heading last on a slide
        lonely += [(skip, text) for level, text, _ in (page[0] for page in pages[1:]) if level and text in last]
    assert lonely == []


def test_every_trail_slide_names_its_entry_and_an_entry_that_fits_stays_on_one_slide(tmp_path: Path) -> None:
    """A user trial: an entry's heading and facts at the bottom of one slide, its »Holdt:« and trail lines at
    the top of the next without the entry's name."""
    from dataclasses import replace

    a_year(tmp_path)
    report = _report()
    names = {e.name for e in report.entries}
    for skip in range(len(report.entries)):
        path = tmp_path / f"status-{skip}.pptx"
        write_status(replace(report, entries=report.entries[skip:]), path, "pptx")
        slides = [s for s in Presentation(str(path)).slides if s.shapes[0].text_frame.text.startswith("Forløb")]
        firsts = [s.shapes[1].text_frame.paragraphs[0] for s in slides]
        assert all(p.level == 0 and p.runs[0].font.bold for p in firsts)  # never a trail line without its entry
        headings = [p.text for s in slides for p in s.shapes[1].text_frame.paragraphs if p.level == 0]
        assert all(h in names or h.removesuffix(" (fortsat)") in names for h in headings)
        assert not any(h.endswith(" (fortsat)") for h in headings)  # each of this year's entries fits one slide


def test_an_entry_taller_than_a_slide_goes_on_over_slides_of_its_own_its_name_repeated(tmp_path: Path) -> None:
    """KCL's trail after thirty status changes is taller than a slide: it starts a slide of its own, each slide
    it goes on to is headed by its name »(fortsat)«, every change stands once in order, and the next entry
    starts a new slide."""
    from dataclasses import replace

    a_year(tmp_path)
    for n in range(1, 31):
        set_status("kcl", "i-gang" if n % 2 else "aendret", at(f"2026-{1 + n // 4:02d}-{1 + n % 4:02d}"),
                   note=f"Skridt {n} i arbejdet med KCL")
    report = _report()
    at_kcl = [e.id for e in report.entries].index("kcl")
    path = tmp_path / "status.pptx"
    write_status(replace(report, entries=report.entries[at_kcl - 1:at_kcl + 2]), path, "pptx")
    slides = [(s.shapes[0].text_frame.text, s.shapes[1].text_frame.paragraphs) for s in Presentation(str(path)).slides
              if s.shapes[0].text_frame.text.startswith("Forløb")]
    assert [title for title, _ in slides] == ["Forløb for hver post"] + ["Forløb for hver post (fortsat)"] * 4
    assert all(paras[0].level == 0 and paras[0].runs[0].font.bold for _, paras in slides)  # each slide names its entry
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august"]
    steps = [f"{1 + n % 4}. {months[n // 4]} 2026: {'i gang' if n % 2 else 'ændret'} – Skridt {n} i arbejdet med KCL"
             for n in range(1, 31)]
    steps[-1] = steps[-1].replace("ændret –", "ændret (gælder) –")  # the one that holds is marked, as in the DOCX
    kcl = ["Tema på KCL i december", "4. kvartal 2025 · ændret · forsinket", "1. december 2025: i gang"]
    assert [[p.text for p in paras] for _, paras in slides] == [
        ["Tema på DIR-seminar i november", "4. kvartal 2025 · gennemført",
         "20. november 2025: gennemført – Godt oplæg på seminaret"],
        kcl + steps[:8],
        ["Tema på KCL i december (fortsat)", *steps[8:19]],
        ["Tema på KCL i december (fortsat)", *steps[19:]],
        ["Dialogmøde i OMU Administrationen", "OMU Administrationen · 4. kvartal 2025 · gennemført",
         "Holdt: OMU Administrationen, 12. november 2025",
         "12. november 2025: gennemført – møde holdt (OMU Administrationen, 12. november 2025)"]]


def test_the_pptx_trail_marks_the_status_that_holds_as_the_docx_does(tmp_path: Path) -> None:
    """A user trial: on the slides every status of a trail stood in bold, and none said »(gælder)«, so two
    changes the same day could not be told apart; the DOCX and Markdown mark the one that holds."""
    a_year(tmp_path)
    write_status(_report(), tmp_path / "status.pptx", "pptx")
    lines = [[(run.text, bool(run.font.bold)) for run in p.runs] for s in Presentation(str(tmp_path / "status.pptx")).slides
             if s.shapes[0].text_frame.text.startswith("Forløb") for p in s.shapes[1].text_frame.paragraphs]
    assert [("3. juni 2026: ", False), ("i gang", False), (" – Udkast sendt", False)] in lines
    assert [("3. juni 2026: ", False), ("gennemført", True), (" (gælder)", False), (" – Materialet er ude", False)] in lines
    assert [("20. november 2025: ", False), ("gennemført", True), (" – Godt oplæg på seminaret", False)] in lines  # alone
