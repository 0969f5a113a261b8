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


@pytest.mark.parametrize(("args", "says"), [
    (["--speed", "0"], "--speed skal være større end 0"),
    (["--speed", "-3"], "--speed skal være større end 0"),
    (["--groups", "0"], "--groups skal være mindst 1"),
])
def test_bad_option_values_are_refused_in_danish(run_cli, args: list[str], says: str) -> None:
    result = run_cli("run", "temadag", "--auto", *args)
    assert (result.exit_code, says in result.stderr) == (2, True)


def test_auto_without_a_terminal_runs_the_whole_day_with_plain_lines(run_cli, tmp_path: Path) -> None:
    result = run_cli("run", "temadag", "--auto", "--speed", "100000")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "08:00  Morgenbrød og kaffe/te (15 min.)" in lines
    assert "15:00  Tak for i dag (0 min.)" in lines
    assert "Dagen er slut kl. 15:00 (til tiden)" in result.stdout
    assert "aktorskab export latest" in result.stdout
    db = sqlite3.connect(tmp_path / "test.db")
    assert db.execute("SELECT status, speed FROM sessions").fetchone() == ("finished", 100000.0)


def test_a_finished_meeting_cannot_be_resumed(run_cli) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "100000")
    result = run_cli("run", "temadag", "--resume", "latest", "--auto")
    assert result.exit_code == 2
    assert "allerede afsluttet" in result.stderr


def test_resume_of_a_meeting_that_does_not_exist_is_refused(run_cli) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "100000")
    result = run_cli("run", "temadag", "--resume", "99", "--auto")
    assert result.exit_code == 2 and "Møde 99 findes ikke" in result.stderr


def test_collect_from_a_file_adds_the_answers(run_cli, tmp_path: Path) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "100000")
    answers = tmp_path / "svar.toml"
    answers.write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 2"\ntext = "Mandat til teams – æøå"\n'
                       'category = "mening"\n', encoding="utf-8")
    result = run_cli("collect", "latest", "--from", str(answers))
    assert result.exit_code == 0, result.output
    assert "Tilføjede 1 svar til møde 1" in result.stdout
    db = sqlite3.connect(tmp_path / "test.db")
    assert db.execute("SELECT grp, text FROM answers").fetchall() == [("Gruppe 2", "Mandat til teams – æøå")]


def test_collect_without_a_terminal_points_to_from(run_cli) -> None:
    run_cli("run", "temadag", "--auto", "--speed", "100000")
    result = run_cli("collect", "latest")
    assert result.exit_code == 2 and "--from" in result.stderr


def test_importing_the_cli_does_not_import_the_screen_or_the_dialogue() -> None:
    import subprocess
    import sys

    code = ("import sys, aktorskab_cli.cli; "
            "print(sorted(m for m in ('textual', 'questionary', 'prompt_toolkit') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
