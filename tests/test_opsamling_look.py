"""What the exported opsamling says beyond the meeting's words (issue 18): counts only where they tell
something, hidden answers kept out of the bilag, no empty heading, and the wording of seed 002."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import docx
from opsamling_data import synthesised

from aktorskab_cli.opsamling.build import build
from aktorskab_cli.opsamling.model import PointView
from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.model import Point
from aktorskab_cli.writers import write
from aktorskab_cli.writers.markdown import render


def _meeting(*texts: str) -> int:
    """A stored temadag with one answer per text to the first dialogue, in »Det, der giver mening«, from
    Gruppe 1, 2, …"""
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.store.records import Answer

    agenda, text = load_agenda("temadag")
    store = open_store()
    try:
        return store.create_session(agenda, text, status="imported", answers=[
            Answer("dialog-cases", f"Gruppe {n}", t, category="mening") for n, t in enumerate(texts, 1)])
    finally:
        store.close()


def _draft(run_cli, session: int) -> str:
    assert run_cli("summary", "draft", str(session), "-o", "u.toml").exit_code == 0
    return Path("u.toml").read_text(encoding="utf-8")


def test_a_point_counts_groups_from_two_and_dots_only_where_a_vote_gave_some() -> None:
    assert PointView("x", ["Gruppe 1"], ["1"]).count_text == ""
    assert PointView("x", ["Gruppe 1"], ["1"], votes=0).count_text == ""
    assert PointView("x", ["Gruppe 1", "Gruppe 2"], ["1"]).count_text == "2 grupper"
    assert PointView("x", ["Gruppe 1"], ["1"], votes=4).count_text == "4 prikker"
    assert PointView("x", ["Gruppe 1", "Gruppe 2"], ["1", "2"], votes=1).count_text == "2 møder · 2 grupper · 1 prik"


def test_no_counts_leaves_every_count_out() -> None:
    with_counts = render(build([synthesised()]))
    without = render(build([synthesised()], counts=False))
    assert "Tydelige hjørneflag, tillid og psykologisk tryghed *(2 grupper)*" in with_counts
    assert "grupper)" not in without and "Tydelige hjørneflag, tillid og psykologisk tryghed |" in without


def _hide_first_point(session):
    synthesis = session.synthesis
    first = next(p for p in synthesis.points if p.kind == "point" and len(p.answers) == 2)
    return replace(session, synthesis=replace(synthesis, points=tuple(
        replace(p, hidden=True) if p.uuid == first.uuid else p for p in synthesis.points))), first


def test_the_answers_of_a_hidden_point_stay_out_of_the_bilag_with_a_line_that_counts_them(tmp_path: Path) -> None:
    session, hidden = _hide_first_point(synthesised())
    texts = [a.text for a in session.answers if a.id in hidden.answers]
    ops = build([session])
    markdown = render(ops)
    bilag = markdown[markdown.index("## Bilag: alle svar"):]
    assert not any(t.split(" ")[0] in bilag and t in bilag.replace("\\", "") for t in texts)
    assert "*2 svar er udeladt af facilitatoren.*" in bilag
    assert len(ops.answers) == len(session.answers)  # still counted (and in the JSON export)
    write(ops, tmp_path / "o.docx", "docx")
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "o.docx")).paragraphs]
    assert "2 svar er udeladt af facilitatoren." in paragraphs
    assert not set(texts) & set(paragraphs)


def test_no_appendix_leaves_the_bilag_out() -> None:
    assert "Bilag: alle svar" in render(build([synthesised()]))
    assert "Bilag" not in render(build([synthesised()], appendix=False))


def test_answers_to_no_question_stand_under_til_alle_spoergsmaal() -> None:
    markdown = render(build([synthesised()]))
    assert "**Til alle spørgsmål**" in markdown and "Uden spørgsmål" not in markdown


def test_a_barrier_without_text_is_a_line_not_an_empty_heading(tmp_path: Path) -> None:
    session = synthesised()
    session = replace(session, synthesis=replace(session.synthesis, points=session.synthesis.points + (
        Point("Manglende anerkendelse", kind="barrier"),)))
    markdown = render(build([session]))
    barriers = markdown[markdown.index("## Potentielle barrierer"):markdown.index("## Vejen videre")]
    assert "### Uklart råderum\n\nHvis mandat" in barriers
    assert "### Manglende anerkendelse" not in barriers and "- Manglende anerkendelse" in barriers
    write(build([session]), tmp_path / "o.docx", "docx")
    styles = [(p.style.name, p.text) for p in docx.Document(str(tmp_path / "o.docx")).paragraphs]
    assert ("Heading 2", "Manglende anerkendelse") not in styles
    assert ("List Bullet", "Manglende anerkendelse") in styles


def test_a_free_section_with_nothing_in_it_is_left_out() -> None:
    from aktorskab_cli.synthesis.model import Section

    session = synthesised()
    session = replace(session, synthesis=replace(session.synthesis, sections=(Section("Tom overskrift"),)))
    assert "Tom overskrift" not in render(build([session]))


def test_a_themes_lead_in_over_its_points_can_say_what_seed_002_says(tmp_path: Path) -> None:
    session = synthesised()
    themes = tuple(replace(t, points_title="Pointer fra dialogen i HU") if t.id == "organisation" else t
                   for t in session.synthesis.themes)
    ops = build([replace(session, synthesis=replace(session.synthesis, themes=themes))])
    assert "**Pointer fra dialogen i HU**\n\n- Tydelige hjørneflag" in render(ops)
    write(ops, tmp_path / "o.pptx", "pptx")
    from pptx import Presentation

    texts = [s.shapes[1].text_frame.text for s in Presentation(str(tmp_path / "o.pptx")).slides
             if s.shapes[0].text_frame.text.startswith("1. Organisation")]
    assert "Pointer fra dialogen i HU" in texts[0]


def test_a_themes_lead_in_travels_through_the_draft_file_and_the_store(run_cli, tmp_path: Path,
                                                                        monkeypatch) -> None:
    from aktorskab_cli.synthesis.storage import load_synthesis

    monkeypatch.chdir(tmp_path)
    session = _meeting("Mindre detailstyring")
    draft = _draft(run_cli, session)
    assert "points_title" in draft  # explained where themes are
    assert '[[theme]]\nid = "organisation"\n' in draft
    draft = draft.replace('[[theme]]\nid = "organisation"\n',
                          '[[theme]]\nid = "organisation"\npoints_title = "Pointer fra dialogen i HU"\n')
    draft = re.sub(r"^(\[\[point\]\].*\n)", r'\1theme = "organisation"\n', draft, count=1, flags=re.M)
    (tmp_path / "u.toml").write_text(draft, encoding="utf-8")
    result = run_cli("summary", "apply", "u.toml")
    assert result.exit_code == 0, result.stderr
    themes = load_synthesis(open_store(), session).themes
    assert [t.points_title for t in themes if t.id == "organisation"] == ["Pointer fra dialogen i HU"]
    assert run_cli("export", str(session), "-o", "o.md").exit_code == 0
    assert "**Pointer fra dialogen i HU**" in (tmp_path / "o.md").read_text(encoding="utf-8")
    assert run_cli("export", str(session), "-o", "o.json").exit_code == 0  # and it travels to another machine
    other = tmp_path / "anden.db"
    assert run_cli("--db", other, "import", "o.json").exit_code == 0
    assert run_cli("--db", other, "export", "1", "-o", "p.md").exit_code == 0
    assert "**Pointer fra dialogen i HU**" in (tmp_path / "p.md").read_text(encoding="utf-8")


def test_export_offers_counts_and_appendix_and_names_pptx(run_cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    help_text = run_cli("export", "--help").stdout
    assert "docx|pptx|md|json" in help_text and "--no-counts" in help_text and "--no-appendix" in help_text
    session = _meeting("Klare mandater", "Klare mandater")
    assert run_cli("export", str(session), "-o", "a.md").exit_code == 0
    assert run_cli("export", str(session), "-o", "b.md", "--no-counts", "--no-appendix").exit_code == 0
    a, b = ((tmp_path / n).read_text(encoding="utf-8") for n in ("a.md", "b.md"))
    assert "Klare mandater *(2 grupper)*" in a and "Bilag" in a
    assert "(2 grupper)" not in b and "Bilag" not in b
    assert run_cli("combine", str(session), str(session), "-o", "c.md", "--no-appendix").exit_code == 0
    assert "Bilag" not in (tmp_path / "c.md").read_text(encoding="utf-8")


def test_summary_apply_names_a_barrier_without_text(run_cli, tmp_path: Path) -> None:
    session = _meeting("Mindre detailstyring")
    draft = _draft(run_cli, session)
    draft += ('\n[[barrier]]\ntitle = "Manglende anerkendelse"\n'
              '\n[[barrier]]\ntitle = "Uklart råderum"\ntext = "Hvis mandat og rammer ikke er tydelige"\n')
    (tmp_path / "u.toml").write_text(draft, encoding="utf-8")
    result = run_cli("summary", "apply", "u.toml")
    assert result.exit_code == 0
    assert result.stderr == ("Bemærk: barrieren »Manglende anerkendelse« – den har ingen tekst endnu: skriv afsnittet "
                             "i text under dens [[barrier]] i udkastet (ellers står den i opsamlingen som en linje "
                             "uden afsnit).\n")


def test_a_control_character_in_a_synthesis_never_reaches_the_markdown_raw() -> None:
    """Issue 18: an ESC in a point (pulled from the archive) reached `combine --from-archive -o x.md`."""
    session = synthesised()
    synthesis = session.synthesis
    first = next(p for p in synthesis.points if p.kind == "point")
    points = tuple(replace(p, text="Rød \x1b[31mtekst\x07") if p.uuid == first.uuid else p for p in synthesis.points)
    markdown = render(build([replace(session, synthesis=replace(synthesis, points=points, intro="Intro\x00 her"))]))
    assert "\x1b" not in markdown and "\x07" not in markdown and "\x00" not in markdown
    assert "Rød \\[31mtekst" in markdown and "Intro her" in markdown


def test_a_draft_says_100_percent_only_for_the_same_words_not_for_one_that_says_more(run_cli) -> None:
    session = _meeting("Tydelige hjørneflag, tillid og psykologisk tryghed", "Tydelige hjørneflag og psykologisk tryghed",
                       "Psykologisk tryghed og tydelige hjørneflag!", "Tydeligt hjørneflag og psykologisk tryghed")
    hints = [line for line in _draft(run_cli, session).splitlines() if line.startswith("# Ligner måske")]
    subset = [h for h in hints if "»Tydelige hjørneflag, tillid og psykologisk tryghed«" in h]
    assert subset and all("(svar 1; den ene siger mere)" in h for h in subset)  # was »100 %«
    same = [h for h in hints if "»Psykologisk tryghed og tydelige hjørneflag!«" in h]  # the same stems, reordered
    assert any("; 100 %)" in h for h in same)
    assert not any("100 %" in h and "tillid" in h for h in hints)


def test_the_draft_opens_with_the_lines_to_fill_in_and_an_example_of_each_table(run_cli, tmp_path: Path) -> None:
    lines = _draft(run_cli, _meeting("Møde hver 2. uge om mandatet", "Møde hver 4. uge om mandatet")).splitlines()
    keys = [line.split(" =")[0] for line in lines[:8] if not line.startswith("#")]
    assert keys[:4] == ["session", "title", "intro", "closing"]
    assert lines[3] == 'title = ""  # dokumentets titel; tom: »Opsamling: Temadag om professionelt aktørskab«'
    for table in ("section", "barrier", "next", "action"):
        at = lines.index(f"# [[{table}]]")
        assert lines[at - 1] == "# Eksempel – fjern »# « foran linjerne for at bruge det:"
        assert lines[at + 1].startswith("# ") and " = " in lines[at + 1]
    hints = [line for line in lines if line.startswith("# Ligner måske")]
    assert hints and all("samme ord, andre tal" in h and "%" not in h for h in hints)
    assert run_cli("summary", "apply", "u.toml").exit_code == 0  # as written, the draft is a valid one
