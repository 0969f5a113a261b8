"""The real program in a real pseudo-terminal: keys, answers with æøå, quit, resume, kill -9."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from conftest import database, require_module
from pseudo_terminal import (PSEUDO_TERMINAL, choose_group_and_question, ended, spawn, start_the_day,
                             to_the_dialogue_panel)

pexpect = require_module("pexpect")
pytestmark = PSEUDO_TERMINAL


@pytest.fixture
def agenda(small_agenda_file: Path) -> Path:
    return small_agenda_file


def answer_group(child, answers: list[tuple[str, str]], group_key: str = "\r") -> None:
    choose_group_and_question(child, group_key)
    for n, (text, category) in enumerate(answers, 1):
        child.expect(f"svar {n} ")
        child.send(text + "\r")
        child.expect("hjemme")
        child.send(category + "\r")  # a digit moves the pointer, Enter chooses
    child.expect(f"svar {len(answers) + 1} ")
    child.send("\r")
    child.expect("sagde")
    child.send("\r")


def timings(tmp_path: Path):
    from aktorskab_cli.live.engine import replay
    from aktorskab_cli.store.db import open_store

    store = open_store(tmp_path / "test.db")
    session = store.session("latest")
    return replay(session.agenda, store.events(session.id)).timings()


def test_a_day_with_keys_answers_for_two_groups_quit_and_resume(agenda: Path, tmp_path: Path) -> None:
    child = spawn("run", str(agenda), "--speed", "60", "--groups", "2")
    start_the_day(child)
    child.send("n")
    child.expect("Punkt 2 af 4")
    child.send("+")
    child.send("a")
    answer_group(child, [("Tillid og åbenhed – æøå", "1"), ("Mere mod på at prøve", "3")])
    answer_group(child, [("Grøn omstilling på tværs, ÆØÅ", "2")])  # Gruppe 2 is offered next
    child.expect("Hvilken gruppe")
    child.send("\r")  # both groups answered: "Færdig med punktet" is the default
    child.expect("Punkt 2 af 4")
    child.send("q")
    child.expect(r"Fortsæt med: aktorskab run \S+lille.toml --resume 1")
    assert ended(child) == 0

    db = database(tmp_path)
    assert db.execute("SELECT status FROM sessions").fetchone() == ("stopped",)
    assert db.execute("SELECT grp, text, category FROM answers ORDER BY id").fetchall() == [
        ("Gruppe 1", "Tillid og åbenhed – æøå", "mening"),
        ("Gruppe 1", "Mere mod på at prøve", "opmaerksom"),
        ("Gruppe 2", "Grøn omstilling på tværs, ÆØÅ", "mangler-svar"),
    ]

    child = spawn("run", str(agenda), "--resume", "latest")
    child.expect("URET STANDSET")
    child.expect("Møde 1 er genoptaget – uret står stille")
    child.send(" ")
    child.expect("I GANG")
    child.send("n")
    child.expect("Punkt 3 af 4")
    child.send("n")
    child.expect("Punkt 4 af 4")
    child.send("n")
    child.expect("SLUT")
    child.send("q")
    child.expect("aktorskab export latest")
    assert ended(child) == 0

    kinds = [k for (k,) in db.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["start", "next", "extend", "stop", "resume", "next", "next", "next"]
    assert db.execute("SELECT status FROM sessions").fetchone() == ("finished",)
    assert all(t.start is not None and t.end is not None for t in timings(tmp_path))
    assert timings(tmp_path)[1].extra_minutes == 1


def test_auto_at_speed_600_completes_with_no_keyboard(agenda: Path, tmp_path: Path) -> None:
    child = spawn("run", str(agenda), "--auto", "--speed", "600")
    child.expect("Dagen er slut")
    assert ended(child) == 0
    assert database(tmp_path).execute("SELECT status FROM sessions").fetchone() == ("finished",)
    assert [t.end for t in timings(tmp_path)] == [(9 * 60 + m) * 60.0 for m in (2, 5, 7, 9)]


def test_kill_9_after_answers_loses_nothing_and_resume_completes(agenda: Path, tmp_path: Path) -> None:
    child = spawn("run", str(agenda), "--speed", "60", "--groups", "2")
    start_the_day(child)
    to_the_dialogue_panel(child)
    typed = ["Første svar: æble", "Andet svar: sø", "Tredje svar: å og ø 🌿"]
    for n, text in enumerate(typed, 1):
        child.expect(f"svar {n} ")
        child.send(text + "\r")
        child.expect("hjemme")
        child.send("\r")
    child.expect("svar 4 ")
    child.kill(signal.SIGKILL)
    child.close()

    db = database(tmp_path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [t for (t,) in db.execute("SELECT text FROM answers ORDER BY id")] == typed
    db.close()

    child = spawn("run", str(agenda), "--resume", "latest")  # as after q: the clock stopped, and said so
    child.expect("URET STANDSET")
    child.expect("Møde 1 er genoptaget – uret står stille. Tryk mellemrum, når I går i gang igen.")
    child.send("q")
    assert ended(child) == 0

    child = spawn("run", str(agenda), "--resume", "latest", "--auto", "--speed", "600")
    child.expect("Dagen er slut")
    assert ended(child) == 0
    assert all(t.start is not None and t.end is not None for t in timings(tmp_path))
    assert database(tmp_path).execute("SELECT status FROM sessions").fetchone() == ("finished",)


def test_ctrl_c_saves_prints_the_resume_command_and_exits_130(agenda: Path, tmp_path: Path) -> None:
    child = spawn("run", str(agenda), "--speed", "60")
    start_the_day(child)
    child.sendcontrol("c")
    child.expect("--resume 1")
    assert ended(child) == 130
    db = database(tmp_path)
    assert [k for (k,) in db.execute("SELECT kind FROM events ORDER BY id")] == ["start", "stop"]
    assert db.execute("SELECT status FROM sessions").fetchone() == ("stopped",)


def test_ctrl_c_in_the_answer_panel_closes_it_keeps_the_answer_and_the_run_goes_on(agenda: Path,
                                                                                   tmp_path: Path) -> None:
    child = spawn("run", str(agenda), "--speed", "60")
    start_the_day(child)
    to_the_dialogue_panel(child)
    child.expect("svar 1 ")
    child.send("Nået før afbrydelsen – ø\r")
    child.expect("hjemme")
    child.sendcontrol("c")  # closes the panel only
    child.expect("1 svar til »Dialog om aktørskab« er gemt.")
    child.expect("I GANG")
    child.send("n")  # the run's keys work again
    child.expect("Punkt 3 af 4")
    child.sendcontrol("c")  # now it ends the run, saved
    child.expect("--resume 1")
    assert ended(child) == 130
    db = database(tmp_path)
    assert db.execute("SELECT text, category FROM answers").fetchall() == [("Nået før afbrydelsen – ø", None)]
    assert db.execute("SELECT status FROM sessions").fetchone() == ("stopped",)


@pytest.mark.parametrize(("key", "code"), [("q", 0), ("\x03", 130)])
def test_quitting_before_the_day_starts_leaves_no_meeting_behind(agenda: Path, tmp_path: Path, key: str,
                                                                   code: int) -> None:
    child = spawn("run", str(agenda), "--speed", "60")
    child.expect("KLAR")
    child.send(key)
    child.expect("Dagen blev ikke startet – intet er gemt.")
    assert ended(child) == code
    db = database(tmp_path)
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM events").fetchone() == (0,)
    assert not list(tmp_path.glob("test.db.session-*.lock"))


def test_kill_9_before_the_day_starts_leaves_no_meeting_to_list(agenda: Path, tmp_path: Path) -> None:
    child = spawn("run", str(agenda), "--speed", "60")
    child.expect("KLAR")
    child.kill(signal.SIGKILL)
    child.close()
    assert database(tmp_path).execute("SELECT COUNT(*) FROM sessions").fetchone() == (0,)
    assert not list(tmp_path.glob("test.db.session-*.lock"))
    child = spawn("sessions")
    child.expect("Der er ingen møder endnu")
    assert ended(child) == 0


def _meeting(agenda: Path, tmp_path: Path) -> int:
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.store.db import open_store

    loaded, text = load_agenda(str(agenda))
    store = open_store(tmp_path / "test.db")
    try:
        return store.create_session(loaded, text, status="stopped", groups=1)
    finally:
        store.close()


def test_collect_says_1_nyt_svar_for_one_answer(agenda: Path, tmp_path: Path) -> None:
    sid = _meeting(agenda, tmp_path)
    child = spawn("collect", str(sid), "--item", "dialog")
    answer_group(child, [("Ét svar", "")])  # no category: Enter
    child.expect("Hvilken gruppe")
    child.send("\r")  # Færdig med punktet
    child.expect(f"1 nyt svar er gemt i møde {sid}. Se mødet med: aktorskab show {sid}")
    assert ended(child) == 0


def test_ctrl_c_in_collect_says_what_is_safe(agenda: Path, tmp_path: Path) -> None:
    sid = _meeting(agenda, tmp_path)
    child = spawn("collect", str(sid), "--item", "dialog")
    choose_group_and_question(child)
    child.expect("svar 1 ")
    child.sendcontrol("c")
    child.expect(rf"Afbrudt\. Møde {sid} er uændret; intet var afsluttet med Enter i denne omgang\. "
                 rf"Fortsæt med: aktorskab collect {sid}")
    assert ended(child) == 130


def test_ctrl_c_in_collect_with_db_names_the_db_in_the_command_to_go_on(agenda: Path, tmp_path: Path) -> None:
    """As run's »Fortsæt med: aktorskab --db … run …«: without --db the hint would open the default database."""
    import shutil

    sid = _meeting(agenda, tmp_path)
    other = tmp_path / "anden.db"
    shutil.copy(tmp_path / "test.db", other)
    child = spawn("--db", str(other), "collect", str(sid), "--item", "dialog")
    choose_group_and_question(child)
    child.expect("svar 1 ")
    child.sendcontrol("c")
    child.expect(rf"Fortsæt med: aktorskab --db anden.db collect {sid}")  # as typed below the current folder
    assert ended(child) == 130
