"""`aktorskab collect MØDE --from SVAR.toml`: answers from a file, each stored once however often it is run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SVAR = '''\
[[answer]]
item = "dialog-cases"
group = "Gruppe 2"
text = "Teams skal kende deres mandat"
category = "mening"

[[answer]]
item = "dialog-cases"
group = "Gruppe 1"
text = "Sænk tempoet – især i overgange"
question = 2

[[answer]]
item = "god-dialog"
group = "Gruppe 1"
text = "Fortæl de gode historier"
'''

ONE_MORE = '''
[[answer]]
item = "god-dialog"
group = "Gruppe 3"
text = "Fælles sprog om aktørskab"
'''


def _answers(tmp_path: Path) -> list[tuple]:
    db = sqlite3.connect(tmp_path / "test.db")
    return db.execute("SELECT item_id, grp, text, question, category FROM answers ORDER BY id").fetchall()


def _imported_session(run_cli, tmp_path: Path) -> None:
    (tmp_path / "tom.toml").write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 9"\ntext = "Start"\n',
                                       encoding="utf-8")
    assert run_cli("import", "temadag", "tom.toml").exit_code == 0


def test_collecting_the_same_file_twice_adds_nothing_the_second_time(run_cli, tmp_path: Path) -> None:
    _imported_session(run_cli, tmp_path)
    (tmp_path / "svar.toml").write_text(SVAR, encoding="utf-8")
    first = run_cli("collect", "1", "--from", "svar.toml")
    assert first.exit_code == 0, first.output
    assert first.stdout == "Tilføjede 3 svar til møde 1. Se dem med: aktorskab show 1\n"
    again = run_cli("collect", "1", "--from", "svar.toml")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Tilføjede 0 svar til møde 1; 3 fandtes allerede og er sprunget over.")
    assert len(_answers(tmp_path)) == 4


def test_a_file_with_one_new_answer_adds_only_that_one(run_cli, tmp_path: Path) -> None:
    _imported_session(run_cli, tmp_path)
    (tmp_path / "svar.toml").write_text(SVAR, encoding="utf-8")
    run_cli("collect", "1", "--from", "svar.toml")
    (tmp_path / "svar.toml").write_text(SVAR + ONE_MORE, encoding="utf-8")
    result = run_cli("collect", "1", "--from", "svar.toml")
    assert result.stdout.startswith("Tilføjede 1 svar til møde 1; 3 fandtes allerede og er sprunget over.")
    assert _answers(tmp_path)[-1] == ("god-dialog", "Gruppe 3", "Fælles sprog om aktørskab", None, None)


def test_an_answer_that_differs_in_group_category_or_question_is_new(run_cli, tmp_path: Path) -> None:
    _imported_session(run_cli, tmp_path)
    (tmp_path / "svar.toml").write_text(SVAR, encoding="utf-8")
    run_cli("collect", "1", "--from", "svar.toml")
    changed = (SVAR.replace('category = "mening"', 'category = "opmaerksom"').replace("question = 2", "question = 1")
               .replace('group = "Gruppe 1"\ntext = "Fortæl', 'group = "Gruppe 4"\ntext = "Fortæl'))
    (tmp_path / "svar.toml").write_text(changed, encoding="utf-8")
    result = run_cli("collect", "1", "--from", "svar.toml")
    assert result.stdout.startswith("Tilføjede 3 svar til møde 1. ")
    assert len(_answers(tmp_path)) == 7


def test_a_point_two_groups_or_one_group_twice_made_is_kept_each_time(run_cli, tmp_path: Path) -> None:
    """Identical lines within one file are kept (a group may repeat a point on its flip-chart);
    running the same file again still adds nothing: each stored copy matches one line of the file."""
    _imported_session(run_cli, tmp_path)
    twice = SVAR + SVAR.split("\n\n")[2] + "\n"
    (tmp_path / "svar.toml").write_text(twice, encoding="utf-8")
    assert run_cli("collect", "1", "--from", "svar.toml").stdout.startswith("Tilføjede 4 svar til møde 1.")
    assert [a[2] for a in _answers(tmp_path)].count("Fortæl de gode historier") == 2
    again = run_cli("collect", "1", "--from", "svar.toml")
    assert again.stdout.startswith("Tilføjede 0 svar til møde 1; 4 fandtes allerede og er sprunget over.")
    assert len(_answers(tmp_path)) == 5


def test_import_keeps_every_line_and_makes_a_new_meeting_each_time(run_cli, tmp_path: Path) -> None:
    twice = SVAR + SVAR.split("\n\n")[2] + "\n"
    (tmp_path / "svar.toml").write_text(twice, encoding="utf-8")
    assert run_cli("import", "temadag", "svar.toml").stdout == "1\n"
    assert run_cli("import", "temadag", "svar.toml").stdout == "2\n"
    assert len(_answers(tmp_path)) == 8
