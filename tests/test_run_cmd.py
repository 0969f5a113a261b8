"""`aktorskab run` and `aktorskab collect` without a terminal: clear Danish refusals, and --auto still runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def test_run_without_a_terminal_and_without_auto_says_it_needs_one(run_cli) -> None:
    result = run_cli("run", "temadag")
    assert result.exit_code == 2
    assert "skal køre i en terminal" in result.stderr and "--auto" in result.stderr
    assert "Traceback" not in result.output


def test_a_broken_agenda_is_reported_before_the_missing_terminal(run_cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "Prøve"\nstart = "9.00"\n\n[[item]]\ntitle = "Velkomst"\nminutes = "ti"\n',
                      encoding="utf-8")
    result = run_cli("run", str(broken))
    assert result.exit_code == 2
    assert result.stderr == ("broken.toml kan ikke bruges:\n"
                             "  • broken.toml, punkt 1 »Velkomst« (linje 6), minutes: skal være et helt tal, "
                             "fx minutes = 15\n")
    assert not (tmp_path / "test.db").exists()


def test_a_meeting_that_cannot_be_resumed_is_reported_before_the_missing_terminal(run_cli, tmp_path: Path) -> None:
    result = run_cli("run", "--resume", "latest")
    assert (result.exit_code, result.stderr) == (
        2, f"Der er ingen møder endnu (ingen database i {tmp_path / 'test.db'}). Start et med: aktorskab run temadag\n")
    assert not (tmp_path / "test.db").exists()
    run_cli("run", "temadag", "--auto", "--speed", "10000000")
    result = run_cli("run", "--resume", "latest")
    assert (result.exit_code, result.stderr) == (2, "Møde 1 er allerede afsluttet; se det med: aktorskab show 1\n")


def test_a_valid_agenda_without_a_terminal_still_asks_for_one_and_creates_no_meeting(run_cli, tmp_path) -> None:
    result = run_cli("run", "temadag")
    assert result.exit_code == 2 and "skal køre i en terminal" in result.stderr
    assert not (tmp_path / "test.db").exists()


def _stopped_meeting(tmp_path: Path, agenda: Path) -> int:
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.store.db import open_store

    store = open_store(tmp_path / "test.db")
    loaded, text = load_agenda(str(agenda))
    session_id = store.create_session(loaded, text, status="stopped", speed=10000000)
    store.close()
    return session_id


def test_resume_after_the_agenda_file_was_edited_says_the_stored_agenda_is_used(run_cli, tmp_path: Path) -> None:
    t0 = tmp_path / "t0.toml"
    run_cli("agenda", "new", str(t0), "--from", "lmu")
    _stopped_meeting(tmp_path, t0)
    t0.write_text(t0.read_text(encoding="utf-8").replace("minutes = 10", "minutes = 12", 1), encoding="utf-8")
    result = run_cli("run", str(t0), "--resume", "latest", "--auto")
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"Bemærk: møde 1 fortsætter med dagsordenen, som den var, da det startede; "
                             f"ændringer i {t0} bruges ikke (start et nyt møde for at bruge dem).\n")


def test_resume_with_the_agenda_unchanged_says_nothing_about_it(run_cli, tmp_path: Path) -> None:
    t0 = tmp_path / "t0.toml"
    run_cli("agenda", "new", str(t0), "--from", "lmu")
    _stopped_meeting(tmp_path, t0)
    result = run_cli("run", str(t0), "--resume", "latest", "--auto")
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(("args", "says"), [
    (["--speed", "0"], "--speed skal være større end 0"),
    (["--speed", "-3"], "--speed skal være større end 0"),
    (["--groups", "0"], "--groups skal være et tal fra 1 til 30, ikke 0 "
                        "(hver gruppe er en linje på skærmen og en knap på telefonerne)"),
    (["--groups", "100000"], "--groups skal være et tal fra 1 til 30, ikke 100.000 "
                             "(hver gruppe er en linje på skærmen og en knap på telefonerne)"),
    (["--web", "--port", "99999"], "--port skal være et tal fra 0 til 65535, ikke 99999"),  # was bind()'s traceback
    (["--web", "--port", "-1"], "--port skal være et tal fra 0 til 65535, ikke -1"),
])
def test_bad_option_values_are_refused_in_danish(run_cli, args: list[str], says: str) -> None:
    result = run_cli("run", "temadag", "--auto", *args)
    assert (result.exit_code, says in result.stderr) == (2, True)
    assert run_cli("sessions", "--json").stdout in ("", "[]\n")  # nothing stored


def test_collect_refuses_more_groups_than_a_screen_can_show(run_cli) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "10000000")
    result = run_cli("collect", "latest", "--groups", "31")
    assert (result.exit_code, result.stderr) == (2, "--groups skal være et tal fra 1 til 30, ikke 31 "
                                                    "(hver gruppe er en linje på skærmen og en knap på telefonerne)\n")


def test_thirty_groups_is_the_most_a_run_takes(run_cli) -> None:
    result = run_cli("run", "temadag", "--auto", "--speed", "10000000", "--groups", "30")
    assert result.exit_code == 0, result.output


def test_auto_without_a_terminal_runs_the_whole_day_with_plain_lines(run_cli, tmp_path: Path) -> None:
    result = run_cli("run", "temadag", "--auto", "--speed", "10000000")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "kl. 8.00  Morgenbrød og kaffe/te (15 min.)" in lines
    assert "kl. 15.00  Tak for i dag (0 min.)" in lines
    assert "Dagen er slut kl. 15.00 (til tiden)" in result.stdout
    assert "aktorskab export latest" in result.stdout
    db = sqlite3.connect(tmp_path / "test.db")
    assert db.execute("SELECT status, speed FROM sessions").fetchone() == ("finished", 10000000.0)


def test_a_finished_meeting_cannot_be_resumed(run_cli) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "10000000")
    result = run_cli("run", "temadag", "--resume", "latest", "--auto")
    assert result.exit_code == 2
    assert "allerede afsluttet" in result.stderr


def test_resume_of_a_meeting_that_does_not_exist_is_refused(run_cli) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "10000000")
    result = run_cli("run", "temadag", "--resume", "99", "--auto")
    assert result.exit_code == 2 and "Møde 99 findes ikke" in result.stderr


def test_collect_from_a_file_adds_the_answers(run_cli, tmp_path: Path) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "10000000")
    answers = tmp_path / "svar.toml"
    answers.write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 2"\ntext = "Mandat til teams – æøå"\n'
                       'category = "mening"\n', encoding="utf-8")
    result = run_cli("collect", "latest", "--from", str(answers))
    assert result.exit_code == 0, result.output
    assert "Tilføjede 1 svar til møde 1" in result.stdout
    db = sqlite3.connect(tmp_path / "test.db")
    assert db.execute("SELECT grp, text FROM answers").fetchall() == [("Gruppe 2", "Mandat til teams – æøå")]


def test_collect_without_a_terminal_points_to_from(run_cli) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "10000000")
    result = run_cli("collect", "latest")
    assert result.exit_code == 2 and "--from" in result.stderr
