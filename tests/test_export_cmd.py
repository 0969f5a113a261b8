"""`aktorskab export | combine | note` through the real entry point, on sessions in the store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
from export_data import ANSWERS, stored_meeting

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.engine import Run
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer


def _unescape_markdown(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def test_export_latest_writes_a_docx_with_a_danish_default_name(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    result = run_cli("export", "latest")
    assert result.exit_code == 0, result.output
    path = tmp_path / "opsamling-temadag-2025-04-02.docx"
    assert path.exists()
    assert result.stdout == "Opsamlingen er skrevet til opsamling-temadag-2025-04-02.docx (6 svar).\n"  # as typed here
    texts = "\n".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
    assert "Teams skal kende deres mandat, fx i valg af vikarer" in texts
    assert not list(tmp_path.glob(".opsamling-*"))  # no temporary file left behind


def test_markdown_holds_every_answer_once_in_the_bilag(run_cli, tmp_path: Path) -> None:
    session = stored_meeting()
    assert run_cli("export", str(session), "-o", "opsamling.md").exit_code == 0
    markdown = _unescape_markdown((tmp_path / "opsamling.md").read_text(encoding="utf-8"))
    bilag = markdown[markdown.index("## Bilag: alle svar"):]
    for _, group, text, _ in ANSWERS:
        assert bilag.count(text) == 1, text
        assert f"{text} *({group})*" in bilag


def test_json_round_trips_every_answer_with_its_id_and_place(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    assert run_cli("export", "latest", "--format", "json", "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    answers = data["parts"][0]["answers"]
    assert sorted((a["item"], a["group"], a["text"], a["category"]) for a in answers) == sorted(ANSWERS)
    assert sorted(a["id"] for a in answers) == list(range(1, len(ANSWERS) + 1))
    points = [p for i in data["parts"][0]["items"] for c in i["columns"] for p in c["points"]]
    points += [p for i in data["parts"][0]["items"] for p in i["other_points"]]
    assert sorted(a for p in points for a in p["answers"]) == sorted(a["id"] for a in answers)


def test_combine_keeps_attribution(run_cli, tmp_path: Path) -> None:
    first = stored_meeting(ANSWERS[:2])
    second = stored_meeting(ANSWERS[2:3])
    result = run_cli("combine", str(first), str(second), "-o", "samlet.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "samlet.json").read_text(encoding="utf-8"))
    assert data["combined"] is True
    labels = {m["session_id"]: m["label"] for m in data["meetings"]}
    assert {(a["text"], a["meeting"]) for a in data["parts"][0]["answers"]} == {
        (ANSWERS[0][2], labels[str(first)]), (ANSWERS[1][2], labels[str(first)]),
        (ANSWERS[2][2], labels[str(second)])}
    assert run_cli("combine", str(first), str(second), "-o", "samlet.docx").exit_code == 0


def test_note_is_stored_and_exported(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    result = run_cli("note", "latest", "--text", "Der er konsensus omkring mere handlekraft i fællesskab.")
    assert result.exit_code == 0, result.output
    assert run_cli("export", "latest", "-o", "o.md").exit_code == 0
    markdown = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "## Opsamlende\n\nDer er konsensus omkring mere handlekraft i fællesskab." in markdown


def test_note_from_a_file(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    (tmp_path / "note.txt").write_text("Første afsnit.\n\nAndet afsnit.", encoding="utf-8")
    assert run_cli("note", "latest", "--file", "note.txt").exit_code == 0
    store = open_store()
    assert store.session("latest").note == "Første afsnit.\n\nAndet afsnit."


def test_a_note_with_a_control_character_is_refused_and_windows_line_ends_are_plain_ones(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    for args in (["--text", "Rød \x1b[31mtekst"], ["--file", "note.txt"]):
        (tmp_path / "note.txt").write_bytes("Første.\r\n\u202eAndet.\x07".encode())
        result = run_cli("note", "latest", *args)
        found = "U+001B), som ikke hører hjemme i en tekst; fjern det" if "--text" in args else \
            "U+202E, U+0007), som ikke hører hjemme i en tekst; fjern dem"
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (f"Den opsamlende tekst indeholder {'et kontroltegn' if '--text' in args else 'kontroltegn'} "
                                 f"({found}. Intet er gemt\n")
        assert open_store().session("latest").note is None
    (tmp_path / "note.txt").write_bytes("Første afsnit.\r\n\r\nAndet afsnit.\r\n".encode())
    assert run_cli("note", "latest", "--file", "note.txt").exit_code == 0
    assert open_store().session("latest").note == "Første afsnit.\n\nAndet afsnit."


def test_unknown_session_and_format(run_cli) -> None:
    stored_meeting()
    assert run_cli("export", "42").exit_code == 2
    result = run_cli("export", "latest", "--format", "pdf")
    assert result.exit_code == 2 and "docx, pptx, md eller json" in result.stderr


def test_export_while_a_run_is_writing(run_cli, tmp_path: Path) -> None:
    agenda, text = load_agenda("temadag")
    session = stored_meeting(ANSWERS[:1], status="running")
    writer = open_store()
    run = Run(agenda)
    for event in (run.start(1000.0, 8 * 3600.0), run.next(1000.0 + 16 * 60)):
        writer.add_event(session, event)
    writer.conn.execute("BEGIN IMMEDIATE")  # the run is in the middle of writing an answer
    writer.conn.execute("INSERT INTO answers (session_id, item_id, grp, text, created) VALUES (?, ?, ?, ?, ?)",
                        (session, "dialog-cases", "Gruppe 9", "Endnu ikke gemt", "2025-04-02T10:00:00"))
    try:
        result = run_cli("export", "latest", "-o", "undervejs.json", "--with-timing")
    finally:
        writer.conn.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "undervejs.json").read_text(encoding="utf-8"))
    rows = data["parts"][0]["timings"][0]["items"]
    assert rows[0]["actual_start"] == "8.00" and rows[0]["actual_end"] == "8.16"
    assert rows[1]["actual_start"] == "8.16" and rows[1]["actual_end"] is None
    assert "Endnu ikke gemt" not in (tmp_path / "undervejs.json").read_text(encoding="utf-8")


def _lmu_run_with_pause_skip_and_a_running_item() -> int:
    """Planned 13.10–13.35 (25 min.), actual 13.12–14.22 with a 9-minute pause; the next item skipped,
    the one after still running. The lmu of before its followup item: these times are the test's own."""
    agenda, text = load_agenda(str(Path(__file__).parent / "data" / "before-followup" / "lmu.toml"))
    store = open_store()
    session = store.create_session(agenda, text, status="stopped")
    run = Run(agenda)
    at = lambda minutes: 1000.0 + minutes * 60  # noqa: E731
    for event in (run.start(at(0), 13 * 3600.0), run.next(at(12)), run.pause(at(30)), run.resume(at(39)),
                  run.next(at(82)), run.skip(at(82)), run.pause(at(90))):
        store.add_event(session, event)
    store.close()
    return session


def _show_rows(stdout: str) -> dict[str, list[str]]:
    return {cells[0]: cells[1:] for line in stdout.splitlines() if "│" in line
            for cells in [[c.strip() for c in line.split("│")]]}


def test_show_and_the_opsamling_report_the_same_deviation(run_cli, tmp_path: Path) -> None:
    session = _lmu_run_with_pause_skip_and_a_running_item()
    shown = run_cli("show", str(session))
    assert shown.exit_code == 0, shown.output
    rows = _show_rows(shown.stdout)
    assert rows["Velkomst og rammesætning"] == ["13.00–13.10", "13.00–13.12", "+2 min."]
    # the columns add up: 14.22 − 13.12 = 70 min., planned 25 → +45 (the pause is part of the item's time)
    assert rows["Hvad er aktørskab for os?"] == ["13.10–13.35", "13.12–14.22", "+45 min."]
    assert rows["Situationer fra hverdagen"] == ["13.35–13.55", "sprunget over", ""]
    assert rows["Hvor står vi – og hvad spænder ben?"] == ["13.55–14.10", "14.22–", "i gang"]
    assert rows["Vejen videre for os"] == ["14.10–14.25", "–", ""]

    assert run_cli("export", str(session), "-o", "o.md", "--with-timing").exit_code == 0
    markdown = (tmp_path / "o.md").read_text(encoding="utf-8")
    for title, (planned, actual, deviation) in rows.items():
        assert f"| {planned} | {title} |" in markdown and f"| {actual} | {deviation} |" in markdown, title

    assert run_cli("export", str(session), "-o", "o.json", "--with-timing").exit_code == 0
    items = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["parts"][0]["timings"][0]["items"]
    assert [(i["actual_minutes"], i["deviation"]) for i in items[:4]] == [(12, 2), (70, 45), (0, None), (None, None)]


def test_export_of_a_meeting_without_answers_is_refused_and_names_one_with_answers(run_cli, tmp_path: Path) -> None:
    full = stored_meeting()
    empty = stored_meeting([])
    result = run_cli("export", str(empty), "-o", "tom.docx")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"Møde {empty} (Temadag om professionelt aktørskab) har ingen svar endnu, så der er "
                             f"ingen opsamling at skrive. Tilføj svar med: aktorskab collect {empty}\n")
    latest = run_cli("export", "latest")
    assert latest.exit_code == 2 and not list(tmp_path.glob("*.docx"))
    assert latest.stderr == (f"Det nyeste møde (møde {empty}, Temadag om professionelt aktørskab) har ingen svar "
                             "endnu, så der er ingen opsamling at skrive. Det nyeste møde med svar er møde "
                             f"{full} (Temadag om professionelt aktørskab): aktorskab export {full}\n")
    assert run_cli("export", str(full), "-o", "fuld.docx").stderr == ""
    combined = run_cli("combine", str(empty), str(full), "-o", "samlet.docx")
    assert combined.exit_code == 0
    assert f"Bemærk: møde {empty} har ingen svar endnu" in combined.stderr
    assert f"møde {full} " not in combined.stderr


def test_combine_of_different_agendas_says_so_and_labels_meetings_apart(run_cli, tmp_path: Path) -> None:
    first = stored_meeting(ANSWERS[:2])
    agenda, text = load_agenda("lmu")
    store = open_store()
    second = store.create_session(agenda, text, status="imported",
                                  answers=[Answer("hvad-er-aktorskab-for-os", "Gruppe 1", "Lokalt svar")])
    store.close()
    result = run_cli("combine", str(first), str(second), "-o", "samlet.md")
    assert result.exit_code == 0, result.output
    assert ("Bemærk: møderne bruger forskellige dagsordener (temadag, lmu); hver har sin egen del i opsamlingen, "
            "og kun temaer, barrierer, vejen videre og handleplan er fælles\n") in result.stderr


def test_combine_puts_every_omu_copy_of_dialogmoede_in_one_part_each_meeting_marked(run_cli, tmp_path: Path) -> None:
    """A user trial: every OMU's facilitator copies dialogmoede (agenda new … --from dialogmoede) under a file
    name of its own. Combined, the copies were a part each (keyed by file name), the same item twice with each
    part's points counted across both. Meetings of agendas with the same title are one part; each answer
    names the OMU and the day, and an item only one copy has keeps its own time."""
    source = load_agenda("dialogmoede")[1]
    own = source.replace('organisation = "Områdeudvalg, Norddjurs Kommune"', 'organisation = "OMU Børne- og Familieområdet"')
    own += '\n[[item]]\nid = "lokalt"\ntitle = "Vores egne eksempler"\nstart = "16.10"\nminutes = 10\nkind = "dialogue"\n'
    (tmp_path / "omu-bf.toml").write_text(own, encoding="utf-8")
    (tmp_path / "a.toml").write_text('[[answer]]\nitem = "mening-og-svaert"\ngroup = "Gruppe 1"\ntext = "Tillid"\n',
                                     encoding="utf-8")
    (tmp_path / "b.toml").write_text('[[answer]]\nitem = "mening-og-svaert"\ngroup = "Gruppe 1"\ntext = "Tid til refleksion"\n'
                                     '[[answer]]\nitem = "lokalt"\ngroup = "Gruppe 2"\ntext = "Vikardækning"\n',
                                     encoding="utf-8")
    assert run_cli("import", "dialogmoede", "a.toml", "--date", "2026-02-10").exit_code == 0
    assert run_cli("import", "omu-bf.toml", "b.toml", "--date", "2026-04-07").exit_code == 0
    assert run_cli("import", "omu-bf.toml", "a.toml", "--date", "2026-04-08").exit_code == 0
    result = run_cli("combine", "1", "2", "3", "-o", "samlet.md")
    assert (result.exit_code, result.stderr) == (0, ""), result.output  # one kind of meeting: no »forskellige«
    text = (tmp_path / "samlet.md").read_text(encoding="utf-8")
    body = text[text.index("## Dialog: Hvad giver"):text.index("## Vejen videre")]
    assert body == (
        "## Dialog: Hvad giver umiddelbart mening og hvad kan være svært?\n\n*Kl. 14.50–15.15*\n\n"
        "Områdeudvalget får sat ord på, hvad der umiddelbart giver mening ved styrket aktørskab, og hvad der kan "
        "være svært.\n\n**Spørgsmål til dialogen**\n\n1. Hvad giver umiddelbart mening?\n2. Hvad kan være svært?\n\n"
        "### Øvrige pointer\n\n- Tillid *(2 møder · 2 grupper)*\n- Tid til refleksion\n\n"
        "## Vores egne eksempler\n\n*Kl. 16.10–16.20*\n\n### Øvrige pointer\n\n- Vikardækning\n\n")
    bilag = text[text.index("## Bilag: alle svar"):text.index("\n---")]
    assert bilag == (
        "## Bilag: alle svar\n\n### Dialog: Hvad giver umiddelbart mening og hvad kan være svært?\n\n"
        "**Til alle spørgsmål**\n\n"
        "- Tillid *(Gruppe 1 · Områdeudvalg, Norddjurs Kommune, 10. februar 2026)*\n"
        "- Tid til refleksion *(Gruppe 1 · OMU Børne- og Familieområdet, 7. april 2026)*\n"
        "- Tillid *(Gruppe 1 · OMU Børne- og Familieområdet, 8. april 2026)*\n\n"
        "### Vores egne eksempler\n\n**Til alle spørgsmål**\n\n"
        "- Vikardækning *(Gruppe 2 · OMU Børne- og Familieområdet, 7. april 2026)*\n")
    assert text.endswith("*FRA DIALOGMØDE I OMRÅDEUDVALGET, april 2026*\n")  # the agenda's footer: one part


def test_combined_json_names_every_agenda_of_a_part(run_cli, tmp_path: Path) -> None:
    """A part is a kind of meeting (agendas of one title: dialogmoede and every OMU's copy), so its "agenda",
    the first meeting's, does not say which agendas its meetings followed; "agendas" lists them all in the
    meetings' order, and "agenda" stays for the readers of schema 2."""
    source = load_agenda("dialogmoede")[1]
    (tmp_path / "omu-bf.toml").write_text(source, encoding="utf-8")
    (tmp_path / "a.toml").write_text('[[answer]]\nitem = "mening-og-svaert"\ngroup = "Gruppe 1"\ntext = "Tillid"\n',
                                     encoding="utf-8")
    for agenda, day in (("dialogmoede", "2026-02-10"), ("omu-bf.toml", "2026-04-07"), ("dialogmoede", "2026-04-08")):
        assert run_cli("import", agenda, "a.toml", "--date", day).exit_code == 0
    assert run_cli("combine", "1", "2", "3", "-o", "samlet.json").exit_code == 0
    data = json.loads((tmp_path / "samlet.json").read_text(encoding="utf-8"))
    assert [(p["agenda"], p["agendas"], p["sessions"]) for p in data["parts"]] == [
        ("dialogmoede", ["dialogmoede", "omu-bf"], ["1", "2", "3"])]
    assert [m["agenda"] for m in data["meetings"]] == ["dialogmoede", "omu-bf", "dialogmoede"]
