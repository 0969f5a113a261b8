"""`aktorskab export | combine | note` through the real entry point, on sessions in the store."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.engine import Run
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

ANSWERS = [
    ("dialog-cases", "Gruppe 2", "Teams skal kende deres mandat, fx i valg af vikarer", "mening"),
    ("dialog-cases", "Gruppe 1", "Hvor kan ledere give slip – og stadig sikre retning?", "mangler-svar"),
    ("dialog-cases", "Gruppe 1", "Tydelige hjørneflag, \"tillid\" & <tryghed> 🙂", "opmaerksom"),
    ("dialog-cases", "Gruppe 3", "Sænk tempoet | *ikke* for hurtigt", None),
    ("god-dialog", "Gruppe 1", "# Fortæl de gode historier [her]", None),
    ("god-dialog", "Gruppe 2", "1. Fælles sprog_om_aktørskab \\ `kode`", None),
]


def _session(answers=ANSWERS, status: str = "imported") -> int:
    agenda, text = load_agenda("temadag")
    store = open_store()
    try:
        return store.create_session(agenda, text, status=status, answers=[
            Answer(item_id=i, group=g, text=t, category=c) for i, g, t, c in answers])
    finally:
        store.close()


def _unescape_markdown(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def test_export_latest_writes_a_docx_with_a_danish_default_name(run_cli, tmp_path: Path) -> None:
    _session()
    result = run_cli("export", "latest")
    assert result.exit_code == 0, result.output
    path = tmp_path / "opsamling-temadag-2025-04-02.docx"
    assert path.exists()
    assert result.stdout == "Opsamlingen er skrevet til opsamling-temadag-2025-04-02.docx (6 svar).\n"  # as typed here
    texts = "\n".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
    assert "Teams skal kende deres mandat, fx i valg af vikarer" in texts
    assert not list(tmp_path.glob(".opsamling-*"))  # no temporary file left behind


def test_markdown_holds_every_answer_once_in_the_bilag(run_cli, tmp_path: Path) -> None:
    session = _session()
    assert run_cli("export", str(session), "-o", "opsamling.md").exit_code == 0
    markdown = _unescape_markdown((tmp_path / "opsamling.md").read_text(encoding="utf-8"))
    bilag = markdown[markdown.index("## Bilag: alle svar"):]
    for _, group, text, _ in ANSWERS:
        assert bilag.count(text) == 1, text
        assert f"{text} *({group})*" in bilag


def test_json_round_trips_every_answer_with_its_id_and_place(run_cli, tmp_path: Path) -> None:
    _session()
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
    first = _session(ANSWERS[:2])
    second = _session(ANSWERS[2:3])
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
    _session()
    result = run_cli("note", "latest", "--text", "Der er konsensus omkring mere handlekraft i fællesskab.")
    assert result.exit_code == 0, result.output
    assert run_cli("export", "latest", "-o", "o.md").exit_code == 0
    markdown = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "## Opsamlende\n\nDer er konsensus omkring mere handlekraft i fællesskab." in markdown


def test_note_from_a_file(run_cli, tmp_path: Path) -> None:
    _session()
    (tmp_path / "note.txt").write_text("Første afsnit.\n\nAndet afsnit.", encoding="utf-8")
    assert run_cli("note", "latest", "--file", "note.txt").exit_code == 0
    store = open_store()
    assert store.session("latest").note == "Første afsnit.\n\nAndet afsnit."


def test_a_note_with_a_control_character_is_refused_and_windows_line_ends_are_plain_ones(run_cli, tmp_path: Path) -> None:
    _session()
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


def test_missing_folder_is_refused_with_exit_2(run_cli, tmp_path: Path) -> None:
    _session()
    result = run_cli("export", "latest", "-o", "findes-ikke/opsamling.docx")
    assert result.exit_code == 2
    assert "Mappen findes-ikke findes ikke" in result.stderr
    assert "Traceback" not in result.output


@contextlib.contextmanager
def _as_nobody() -> Iterator[None]:
    """As root, permissions are not checked: act as the unprivileged user `nobody` (65534) for the block.
    Not root: already unprivileged."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.skipif(os.name != "posix", reason="POSIX-rettigheder")
def test_unwritable_folder_is_refused_also_when_run_as_root(run_cli, tmp_path: Path) -> None:
    """Runs in CI, which runs as root: the export itself runs as `nobody` there (euid dropped in process)."""
    shared = Path(tempfile.mkdtemp(prefix="aktorskab-laast-"))  # the pytest folders are root's alone
    try:
        shared.chmod(0o777)
        db = shared / "møder.db"
        store = open_store(db)
        store.create_session(*load_agenda("temadag"), status="imported",
                             answers=[Answer(item_id="dialog-cases", group="Gruppe 1", text="Svar")])
        store.close()
        db.chmod(0o666)
        assert run_cli("--db", db, "export", "latest", "-o", shared / "varm.docx").exit_code == 0  # imports done
        locked = shared / "laast"
        locked.mkdir()
        locked.chmod(0o555)
        with _as_nobody():
            result = run_cli("--db", db, "export", "latest", "-o", str(locked / "o.docx"))
        assert result.stderr == (f"Der kan ikke skrives i mappen {locked} (ingen adgang); "
                                 "vælg en anden placering med -o\n")
        assert result.exit_code == 2
        assert list(locked.iterdir()) == []
    finally:
        shutil.rmtree(shared)


def test_a_target_whose_folder_is_a_file_is_refused(run_cli, tmp_path: Path) -> None:
    _session()
    (tmp_path / "noter.txt").write_text("ikke en mappe", encoding="utf-8")
    result = run_cli("export", "latest", "-o", "noter.txt/opsamling.docx")
    assert result.exit_code == 2
    assert result.stderr == "noter.txt er en fil, ikke en mappe; vælg en anden placering med -o\n"
    assert (tmp_path / "noter.txt").read_text(encoding="utf-8") == "ikke en mappe"


@pytest.mark.skipif(os.name != "posix", reason="POSIX-rettigheder")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
@pytest.mark.parametrize("args", [["export", "latest", "-o", "o.docx"], ["export", "latest", "-o", "o.md"],
                                  ["agenda", "print", "lmu", "-o", "o.docx"]])
def test_written_files_get_the_mode_of_any_new_file(run_cli, tmp_path: Path, umask: int, mode: int,
                                                    args: list[str]) -> None:
    """Not mkstemp's 0600: a document saved to a shared folder must open for colleagues."""
    _session()
    old = os.umask(umask)
    try:
        assert run_cli(*args).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / args[-1]).stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unknown_session_and_format(run_cli) -> None:
    _session()
    assert run_cli("export", "42").exit_code == 2
    result = run_cli("export", "latest", "--format", "pdf")
    assert result.exit_code == 2 and "docx, pptx, md eller json" in result.stderr


def test_export_while_a_run_is_writing(run_cli, tmp_path: Path) -> None:
    agenda, text = load_agenda("temadag")
    session = _session(ANSWERS[:1], status="running")
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


# ---------------------------------------------------------------- deviation: show and the opsamling agree


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


# ---------------------------------------------------------------- never overwrite without --force


def test_export_refuses_to_overwrite_an_existing_file(run_cli, tmp_path: Path) -> None:
    _session()
    assert run_cli("export", "latest").exit_code == 0
    target = tmp_path / "opsamling-temadag-2025-04-02.docx"
    target.write_bytes(b"rettet i Word")
    result = run_cli("export", "latest")
    assert result.exit_code == 2
    assert result.stderr == ("opsamling-temadag-2025-04-02.docx findes allerede; "
                             "brug --force for at overskrive eller -o for et andet navn\n")
    assert target.read_bytes() == b"rettet i Word"
    assert not list(tmp_path.glob(".opsamling-*"))
    result = run_cli("export", "latest", "--force")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(target)).tables


def test_combine_refuses_to_overwrite_an_existing_file(run_cli, tmp_path: Path) -> None:
    first, second = _session(ANSWERS[:2]), _session(ANSWERS[2:3])
    (tmp_path / "samlet.md").write_text("mine rettelser", encoding="utf-8")
    result = run_cli("combine", str(first), str(second), "-o", "samlet.md")
    assert result.exit_code == 2
    assert "samlet.md findes allerede; brug --force for at overskrive eller -o for et andet navn" in result.stderr
    assert (tmp_path / "samlet.md").read_text(encoding="utf-8") == "mine rettelser"
    assert run_cli("combine", str(first), str(second), "-o", "samlet.md", "--force").exit_code == 0
    assert "mine rettelser" not in (tmp_path / "samlet.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["opsamling.pdf", "opsamling.doc", "opsamling.txt"])
def test_an_unknown_suffix_is_refused_with_the_formats_that_can_be_written(run_cli, tmp_path: Path, name) -> None:
    _session()
    result = run_cli("export", "latest", "-o", name)
    assert result.exit_code == 2
    assert result.stderr == (f"{name}: der kan kun skrives docx, pptx, md eller json her; "
                             "giv filen endelsen .docx, .pptx, .md eller .json\n")
    assert not (tmp_path / name).exists()
    assert not list(tmp_path.glob(".opsamling-*"))


def test_a_suffix_that_contradicts_format_is_refused(run_cli, tmp_path: Path) -> None:
    _session()
    result = run_cli("export", "latest", "-o", "opsamling.md", "--format", "docx")
    assert result.exit_code == 2
    assert "opsamling.md passer ikke til --format docx" in result.stderr
    assert not (tmp_path / "opsamling.md").exists()


def test_a_file_that_appears_while_writing_is_kept(tmp_path: Path) -> None:
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.writers.files import save

    target = tmp_path / "opsamling.md"

    def write(temp: Path) -> None:
        temp.write_text("ny", encoding="utf-8")
        target.write_text("gemt fra Word imens", encoding="utf-8")

    with pytest.raises(BadInput, match="opsamling.md findes allerede"):
        save(target, "md", write)
    assert target.read_text(encoding="utf-8") == "gemt fra Word imens"
    assert [p.name for p in tmp_path.iterdir()] == ["opsamling.md"]


# ---------------------------------------------------------------- a meeting without answers


def test_export_of_a_meeting_without_answers_is_refused_and_names_one_with_answers(run_cli, tmp_path: Path) -> None:
    full = _session()
    empty = _session([])
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
    first = _session(ANSWERS[:2])
    agenda, text = load_agenda("lmu")
    store = open_store()
    second = store.create_session(agenda, text, status="imported",
                                  answers=[Answer("hvad-er-aktorskab-for-os", "Gruppe 1", "Lokalt svar")])
    store.close()
    result = run_cli("combine", str(first), str(second), "-o", "samlet.md")
    assert result.exit_code == 0, result.output
    assert ("Bemærk: møderne bruger forskellige dagsordener (temadag, lmu); hver har sin egen del i opsamlingen, "
            "og kun temaer, barrierer, vejen videre og handleplan er fælles\n") in result.stderr


def test_combined_parts_of_agendas_with_the_same_title_are_told_apart_by_who_held_them(run_cli, tmp_path: Path) -> None:
    """A user trial: every OMU's facilitator copies dialogmoede (agenda new … --from dialogmoede); combined, each
    copy is a part of its own, and the parts stood under the same heading, »Dialogmøde med Områdeudvalg«."""
    source = load_agenda("dialogmoede")[1]
    (tmp_path / "omu-bf.toml").write_text(source.replace('organisation = "Områdeudvalg, Norddjurs Kommune"',
                                                         'organisation = "OMU Børne- og Familieområdet"'),
                                          encoding="utf-8")
    (tmp_path / "svar.toml").write_text('[[answer]]\nitem = "mening-og-svaert"\ngroup = "Gruppe 1"\ntext = "Tillid"\n',
                                        encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml", "--date", "2026-02-10").exit_code == 0
    assert run_cli("import", "omu-bf.toml", "svar.toml", "--date", "2026-04-07").exit_code == 0
    assert run_cli("combine", "1", "2", "-o", "samlet.md").exit_code == 0
    headings = [line for line in (tmp_path / "samlet.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("## Dialogmøde med Områdeudvalg")]
    assert headings == ["## Dialogmøde med Områdeudvalg – Områdeudvalg, Norddjurs Kommune, 10. februar 2026",
                        "## Dialogmøde med Områdeudvalg – OMU Børne- og Familieområdet, 7. april 2026"]


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_the_next_export_removes_the_temporary_files_a_killed_export_left_but_not_one_being_written(
        run_cli, tmp_path: Path) -> None:
    import subprocess
    import sys

    _session()
    out = tmp_path / "ud"
    out.mkdir()
    stale = [out / ".opsamling-k1ll3d.docx.tmp", out / ".aktorskab-x9.md.tmp"]
    for path in stale:
        path.write_bytes(b"PK half a document")
    busy = out / ".opsamling-busy.pptx.tmp"
    busy.write_bytes(b"being written")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\n"
        f"f = open({str(busy)!r}, 'rb'); fcntl.flock(f, fcntl.LOCK_EX)\n"
        "print('held', flush=True); time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        mine = out / "noter.tmp"  # not ours: left alone
        mine.write_text("mit", encoding="utf-8")
        result = run_cli("export", "latest", "-o", str(out / "o.docx"))
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == [".opsamling-busy.pptx.tmp", "noter.tmp", "o.docx"]
    finally:
        holder.kill()
        holder.wait()
