"""`aktorskab agenda print`: a one-page programme and a dialogue guide from any agenda, in Word and Markdown."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_program
from docx import Document
from docx.oxml.ns import qn

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.agenda.schedule import format_clock, format_span

BUNDLED = ["temadag", "dialogmoede", "lmu"]

USER_AGENDA = Path(__file__).parent / "data" / "aeblegaarden.toml"  # a user's own, not bundled


@pytest.fixture
def user_agenda(tmp_path: Path) -> str:
    return str(shutil.copy(USER_AGENDA, tmp_path / "aeblegaarden.toml"))


def _agenda_ref(name: str, user_agenda: str) -> str:
    return user_agenda if name == "user" else name


def _texts(path: Path) -> str:
    """Every paragraph and every table cell of a document, one per line."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def _print(run_cli, ref: str, *args: str) -> Path:
    result = run_cli("agenda", "print", ref, *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().rsplit(" er skrevet til ", 1)[1].rstrip("."))


def _printed(run_cli, ref: str, kind: str):  # noqa: ANN001, ANN202 - (the file, the Agenda)
    """`agenda print REF --kind KIND` into its default file, named after the agenda (asserted), and that agenda."""
    path = _print(run_cli, ref, "--kind", kind)
    agenda, _ = load_agenda(ref)
    assert path.name == f"{'program' if kind == 'programme' else 'dialogguide'}-{agenda.name}.docx"
    return path, agenda


@pytest.mark.parametrize("name", [*BUNDLED, "user"])
def test_programme_lists_every_item_with_its_times(run_cli, name: str, user_agenda: str) -> None:
    path, agenda = _printed(run_cli, _agenda_ref(name, user_agenda), "programme")
    doc = Document(str(path))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0][:2] == ["Tid", "Punkt"]
    for row, item in zip(rows[1:], agenda.items, strict=True):
        assert row[0] == (f"{format_clock(item.start)}–{format_clock(item.end)}" if item.minutes
                          else format_clock(item.start))  # "15.00", never "15.00–15.00"
        assert row[1] == _content(agenda, item)
        if item.lead:
            assert row[2] == item.lead
    texts = _texts(path)
    assert agenda.title in texts
    if agenda.organisation:
        assert agenda.organisation in texts


def _content(agenda, item) -> str:  # noqa: ANN001
    """What the programme's Punkt cell says: the title, a talk's points as a list, the note, and the
    questions with their lead-in when the points do not already say them."""
    note = item.note
    if item.kind == "followup":  # what the item is, before its own note
        note = " ".join(filter(None, ["Vi følger op på handleplanen: hver handlings status – ikke startet, i gang, "
                                      "gennemført, ændret eller droppet.", item.note]))
    lines = [item.title] + [f"• {p}" for p in item.points] + ([note] if note else [])
    if item.questions and not item.points:
        question_set = agenda.prompts.get(item.question_set) if item.question_set else None
        lines += [(question_set.intro if question_set and question_set.intro else "Spørgsmål til dialog:")]
        lines += [f"• {q}" for q in item.questions]
    return "\n".join(lines)


def test_the_temadag_programme_shows_the_talks_points_and_the_case_papers_questions(run_cli) -> None:
    cells = [c.text for row in Document(str(_print(run_cli, "temadag"))).tables[0].rows for c in row.cells]
    assert ("Professionelt aktørskab & OLFA\n• Hvad er professionelt aktørskab?\n"
            "• Hvad skal vi være opmærksomme på for at lykkes med det?\n"
            "• Hvordan kan vi arbejde med at implementere det?\n• Hvad skal vi huske på i metaperspektiv?") in cells
    assert ("Dialog i grupper med udgangspunkt i cases\nEksempler på spørgsmål til dialog:\n"
            "• Hvordan får vi konkret øje på professionelt aktørskab?\n"
            "• Hvad gør vi rigtigt, når professionelt aktørskab lykkes?\n"
            "• Hvad gør vi, når det ikke lykkes?\n• Hvilke muligheder og dilemmaer ser vi?") in cells
    assert any(c.startswith("Frokost\nFra frokost og til kl. 14.00 vil Marc") for c in cells)
    assert "15.00" in cells and "15.00–15.00" not in cells


@pytest.mark.parametrize(("name", "heading"), [("temadag", "Program"), ("dialogmoede", "Forslag til tidsplan"),
                                               ("lmu", "Forslag til tidsplan")])
def test_times_the_sources_do_not_give_are_printed_as_a_suggestion(run_cli, name: str, heading: str) -> None:
    for kind in ("programme", "guide"):
        doc = Document(str(_print(run_cli, name, "--kind", kind)))
        headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
        assert heading in headings
        assert ("Program" in headings) == (name == "temadag")


SEED_002 = ("oktober 2025", "Hovedudvalgets opsamling", "Vejen videre", "Lederne spiller en central rolle",
            "hjørneflag", "Når vi lykkes", "Potentielle barrierer")


def test_the_temadag_material_holds_only_what_the_april_case_paper_holds(run_cli) -> None:
    for kind in ("programme", "guide"):
        texts = _texts(_print(run_cli, "temadag", "--kind", kind))
        for later in SEED_002:
            assert later not in texts, (kind, later)
        for case_file in ("Formanden indstiller", "Indstilling", "Sagsfremstilling", "Beslutning"):
            assert case_file not in texts, (kind, case_file)


def test_later_material_in_the_lmu_and_dialogue_meeting_guides_names_its_source(run_cli) -> None:
    dialogue_meeting = _texts(_print(run_cli, "dialogmoede", "--kind", "guide"))
    assert ("Kilde: Hovedudvalgets opsamling på workshop og HU-temadag om styrket aktørskab, oktober 2025"
            in dialogue_meeting)
    assert "Kilde: Anders Trillingsgaard: »Meget mere ledelse«" in dialogue_meeting
    assert "Kilde: Fra" not in dialogue_meeting
    lmu = _texts(_print(run_cli, "lmu", "--kind", "programme"))
    assert "(Hovedudvalgets opsamling, oktober 2025)" in lmu


def test_the_six_principles_are_numbered_as_in_the_slides(run_cli) -> None:
    paragraphs = [p.text for p in Document(str(_print(run_cli, "dialogmoede", "--kind", "guide"))).paragraphs]
    assert "1) Ledelse er en opgave, alle er med til at løse. Ikke en bestemt rolle eller særlige evner." in paragraphs
    assert "6) Følelser er handlekraft." in paragraphs


@pytest.mark.parametrize("name", BUNDLED)
def test_each_frame_page_and_each_closing_text_is_printed_once(run_cli, name: str) -> None:
    path = _print(run_cli, name, "--kind", "guide")
    texts = _texts(path)
    agenda, _ = load_agenda(name)
    frames = {agenda.frame_for(i).title for i in agenda.items if i.is_dialogue}
    for title in frames:
        assert texts.count(f"Svarene samles i: {title}") == 1, title
    headings = [p.text for p in Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == len(set(headings)), headings


def test_a_later_dialogue_points_back_to_the_frame_it_shares(run_cli) -> None:
    texts = _texts(_print(run_cli, "lmu", "--kind", "guide"))
    assert "Svarene sorteres i samme ramme som ved »Hvad er aktørskab for os?«." in texts
    # Vejen videre once: the LMU's own frame under its dialogue, not HU's list again at the end
    assert texts.count("Svarene samles i: Vejen videre hos os") == 1 and "Fortællingen og de gode historier" in texts
    assert texts.count("Fortællingen og de gode historier") == 1
    assert "Direktørerne besøger" not in texts and "mellemlederne" not in texts


@pytest.mark.parametrize("name", [*BUNDLED, "user"])
def test_guide_holds_every_question_the_framing_and_the_frames(run_cli, name: str, user_agenda: str) -> None:
    path, agenda = _printed(run_cli, _agenda_ref(name, user_agenda), "guide")
    texts = _texts(path)
    dialogues = [i for i in agenda.items if i.is_dialogue]
    assert dialogues
    for item in dialogues:
        assert item.title in texts
        assert f"{format_span(item.start, item.end)} ({item.minutes} min.)" in texts
        if item.purpose:
            assert item.purpose in texts
        for number, question in enumerate(item.questions, 1):
            assert f"{number}. {question}" in texts, question
        frame = agenda.frame_for(item)
        assert frame is not None
        assert f"Svarene samles i: {frame.title}" in texts
        for category in frame.categories:
            assert category.title in texts
    for item in agenda.items:
        for point in item.points:
            assert point in texts
        if item.note:
            assert item.note in texts
    for name_ in [*agenda.intro, *agenda.outro]:
        prompts = agenda.prompts[name_]
        assert prompts.title in texts
        for point in prompts.points:
            assert point.text in texts
        for category in prompts.categories:
            assert category.description in texts


def test_guide_numbers_the_four_components_and_names_the_meeting(run_cli) -> None:
    texts = _texts(_print(run_cli, "temadag", "--kind", "guide"))
    assert "Dialogguide: Temadag om professionelt aktørskab" in texts
    assert "Hovedudvalget, Norddjurs Kommune · 2. april 2025" in texts
    assert "1. Tag personligt ansvar for din opgave" in texts
    assert "4. Bidrag til aktørskab for andre" in texts


def test_guide_has_empty_rows_to_write_in_under_each_question(run_cli) -> None:
    doc = Document(str(_print(run_cli, "lmu", "--kind", "guide")))
    question_tables = [t for t in doc.tables if len(t.columns) == 1]
    assert len(question_tables) == 4 + 4 + 3 + 3
    for table in question_tables:
        assert len(table.rows) >= 3
        assert all(not cell.text for row in list(table.rows)[1:] for cell in row.cells)


@pytest.mark.parametrize("kind", ["programme", "guide"])
def test_document_is_a4_danish_with_footer_and_properties(run_cli, kind: str) -> None:
    path = _print(run_cli, "temadag", "--kind", kind)
    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 2.2
    lang = doc.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "da-DK"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("FRA HU-TEMADAGEN, april 2025")
    instructions = [i.text.strip() for i in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    props = doc.core_properties
    assert props.language == "da-DK"
    assert props.author == "Hovedudvalget, Norddjurs Kommune"
    assert props.title == ("Temadag om professionelt aktørskab" if kind == "programme"
                           else "Dialogguide: Temadag om professionelt aktørskab")
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1"} <= styles


def test_markdown_from_the_suffix_holds_the_same(run_cli, tmp_path: Path) -> None:
    path = _print(run_cli, "dialogmoede", "--kind", "guide", "-o", str(tmp_path / "guide.md"))
    assert path == Path("guide.md")  # said as it is typed from the current folder
    text = path.read_text(encoding="utf-8")
    agenda, _ = load_agenda("dialogmoede")
    assert text.startswith("# Dialogguide: Dialogmøde med Områdeudvalg\n")
    for item in (i for i in agenda.items if i.is_dialogue):
        assert f"## {item.title}" in text
        for number, question in enumerate(item.questions, 1):
            assert f"| {number}. {question} |" in text
    assert "## Principper for MEGET MERE LEDELSE" in text
    assert "6\\) Følelser er handlekraft." in text
    assert "## Vejen videre" in text and "*FRA DIALOGMØDE I OMRÅDEUDVALGET*" in text


def test_markdown_programme_by_format_option(run_cli) -> None:
    path = _print(run_cli, "temadag", "--format", "md")
    assert path.name == "program-temadag.md"
    text = path.read_text(encoding="utf-8")
    assert "- 9.25–10.15 **Dialog i grupper med udgangspunkt i cases** · Jonas og Tinne\n" in text
    assert ("    - *Eksempler på spørgsmål til dialog:*\n"
            "        - Hvordan får vi konkret øje på professionelt aktørskab?\n") in text
    assert "- 15.00 **Tak for i dag**\n" in text


def test_output_folder_gets_the_default_name(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "materiale"
    folder.mkdir()
    result = run_cli("agenda", "print", "lmu", "--kind", "dialogguide", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Dialogguiden er skrevet til materiale/dialogguide-lmu.docx.\n"  # as typed from here
    assert (folder / "dialogguide-lmu.docx").exists()
    here = run_cli("agenda", "print", "lmu", "--kind", "program")
    assert here.stdout == "Programmet er skrevet til program-lmu.docx.\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "plakat"], "--kind »plakat« kendes ikke; vælg program (programmet) eller dialogguide"),
    (["--format", "pdf"], "--format pdf kendes ikke; vælg docx eller md"),
    (["-o", "program.json"], "program.json: der kan kun skrives docx eller md her"),
    (["-o", "program.pdf"], "program.pdf: der kan kun skrives docx eller md her; giv filen endelsen .docx eller .md"),
    (["-o", "program.md", "--format", "docx"], "program.md passer ikke til --format docx"),
    (["-o", "mangler/program.docx"], "Mappen mangler findes ikke"),
])
def test_bad_kind_format_or_place_is_a_danish_usage_error(run_cli, args: list[str], message: str) -> None:
    result = run_cli("agenda", "print", "lmu", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not list(Path.cwd().glob("*.docx"))


def test_print_refuses_to_overwrite_an_existing_file(run_cli, tmp_path: Path) -> None:
    (tmp_path / "program-lmu.docx").write_bytes(b"rettet i Word")
    result = run_cli("agenda", "print", "lmu")
    assert result.exit_code == 2
    assert result.stderr == "program-lmu.docx findes allerede; brug --force for at overskrive eller -o for et andet navn\n"
    assert (tmp_path / "program-lmu.docx").read_bytes() == b"rettet i Word"
    assert run_cli("agenda", "print", "lmu", "--force").exit_code == 0
    assert Document(str(tmp_path / "program-lmu.docx")).tables


def test_unknown_agenda_is_a_usage_error(run_cli) -> None:
    result = run_cli("agenda", "print", "findes-ikke", "--kind", "guide")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_renders_a_one_page_programme_and_a_guide_with_every_question(
        run_cli, tmp_path: Path, user_agenda: str) -> None:
    soffice = require_program("soffice", "libreoffice", package="libreoffice-writer-nogui")
    require_program("pdftotext", package="poppler-utils")
    docs: list[tuple[str, str, Path]] = []
    for name in [*BUNDLED, "user"]:
        for kind in ("programme", "guide"):
            docs.append((name, kind, _print(run_cli, _agenda_ref(name, user_agenda), "--kind", kind)))
    profile = tmp_path / "lo-profile"
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *(str(p) for _, _, p in docs)], check=True, capture_output=True, timeout=300)
    for name, kind, path in docs:
        pdf = out / path.with_suffix(".pdf").name
        assert pdf.exists(), f"LibreOffice skrev ingen PDF af {path.name}"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        # table cells wrap lines (pdftotext drops the hyphen of "HU-|møde"): compare without whitespace and hyphens
        squeezed = "".join(text.split()).replace("-", "")
        agenda, _ = load_agenda(_agenda_ref(name, user_agenda))
        if kind == "programme":
            assert pages <= 2, f"{path.name} fylder {pages} sider"
            for item in agenda.items:
                assert "".join(item.title.split()).replace("-", "") in squeezed
        else:
            assert pages >= 1 + len([i for i in agenda.items if i.is_dialogue])
            for item in agenda.items:
                for question in item.questions:
                    assert "".join(question.split()).replace("-", "") in squeezed, question
        assert f"Side 1 af {pages}" in " ".join(text.split())


def test_kind_takes_the_danish_words_and_still_the_english_ones(run_cli) -> None:
    assert _print(run_cli, "lmu", "--kind", "dialogguide").name == "dialogguide-lmu.docx"
    assert _print(run_cli, "lmu", "--kind", "guide", "--force").name == "dialogguide-lmu.docx"
    assert _print(run_cli, "lmu").name == "program-lmu.docx"
    assert _print(run_cli, "lmu", "--kind", "programme", "--force").name == "program-lmu.docx"
    shown = run_cli("agenda", "print", "--help").stdout
    assert "program|dialogguide" in shown and "programme|guide" not in shown


@pytest.mark.parametrize("name", BUNDLED)
def test_no_guide_carries_the_stray_line_about_example_questions_under_a_dialogue(run_cli, name: str) -> None:
    text = _print(run_cli, name, "--kind", "guide", "-f", "md", "-o", f"guide-{name}.md").read_text(encoding="utf-8")
    assert "Eksempler på spørgsmål til dialog." not in text
