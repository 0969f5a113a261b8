"""Hostile files and places: each gets one clear Danish message and the right exit code, and
nothing already stored is damaged."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from conftest import import_answers

ANSWERS = '''\
[[answer]]
item = "dialog-cases"
group = "Gruppe 1"
text = "Ærlig snak på tværs 🎉"
category = "mening"
'''


@pytest.fixture
def recorded(run_cli, tmp_path: Path) -> Path:
    """A database holding one imported meeting; returns its path."""
    assert import_answers(run_cli, "temadag", ANSWERS).exit_code == 0
    return tmp_path / "test.db"


def _answers(db: Path) -> list[tuple[str]]:
    return sqlite3.connect(db).execute("SELECT text FROM answers ORDER BY id").fetchall()


def test_a_database_that_is_not_sqlite(run_cli, tmp_path: Path) -> None:
    notes = tmp_path / "noter.txt"
    notes.write_text("Referat fra mødet\n" * 200, encoding="utf-8")
    result = run_cli("--db", notes, "sessions")
    assert result.exit_code == 2
    assert result.stderr == (f"{notes} er ikke en aktorskab-database (eller den er beskadiget); "
                             "angiv en anden fil med --db\n")
    assert notes.read_text(encoding="utf-8") == "Referat fra mødet\n" * 200


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.8])
@pytest.mark.parametrize("command", [["show", "latest"], ["sessions"], ["export", "latest", "-o", "o.md"]])
def test_a_truncated_database(run_cli, recorded: Path, keep: float, command: list[str]) -> None:
    sqlite3.connect(recorded).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = recorded.read_bytes()
    recorded.write_bytes(data[: int(len(data) * keep) // 4096 * 4096 or 100])
    before = recorded.read_bytes()
    result = run_cli(*command)
    assert "Traceback" not in result.output
    assert result.exit_code == 2
    assert result.stderr.endswith("er ikke en aktorskab-database (eller den er beskadiget); "
                                  "angiv en anden fil med --db\n")
    assert recorded.read_bytes() == before


def test_a_database_from_a_newer_version(run_cli, recorded: Path) -> None:
    from aktorskab_cli.store.migrations import MIGRATIONS

    future = len(MIGRATIONS) + 5
    with sqlite3.connect(recorded) as conn:
        conn.execute("INSERT INTO _migrations (version, name) VALUES (?, 'm_future')", (future,))
    result = run_cli("import", "temadag", "svar.toml")
    assert result.exit_code == 2
    assert (f"er fra en nyere version af aktorskab (skema {future}); denne version kender op til skema "
            f"{len(MIGRATIONS)}") in result.stderr
    assert _answers(recorded) == [("Ærlig snak på tværs 🎉",)]


def test_a_database_folder_that_cannot_be_created(run_cli, tmp_path: Path) -> None:
    """A parent that is a regular file: no folder can be made there, as root or not, on any system."""
    (tmp_path / "svar.toml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "noter.txt").write_text("ikke en mappe", encoding="utf-8")
    result = run_cli("--db", tmp_path / "noter.txt" / "aktorskab" / "møder.db", "import", "temadag", "svar.toml")
    assert result.exit_code == 2
    assert result.stderr == (f"Mappen til databasen kan ikke oprettes: {tmp_path / 'noter.txt' / 'aktorskab'} "
                             "(en del af stien er ikke en mappe)\n")
    assert (tmp_path / "noter.txt").read_text(encoding="utf-8") == "ikke en mappe"


def test_a_database_path_that_is_a_folder(run_cli, tmp_path: Path) -> None:
    (tmp_path / "mappe").mkdir()
    result = run_cli("--db", tmp_path / "mappe", "sessions")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'mappe'} er en mappe; --db skal pege på en fil\n"


def test_an_agenda_that_is_a_folder(run_cli, tmp_path: Path) -> None:
    (tmp_path / "dagsordner").mkdir()
    result = run_cli("agenda", "check", "dagsordner")
    assert result.exit_code == 2
    assert "dagsordner er en mappe, ikke en dagsorden; angiv en .toml-fil i den" in result.stderr


def test_an_agenda_that_is_a_symlink_loop(run_cli, tmp_path: Path) -> None:
    os.symlink("ring.toml", tmp_path / "ring.toml")
    result = run_cli("agenda", "show", "ring.toml")
    assert result.exit_code == 2
    assert result.stderr.startswith("ring.toml er en genvej (symlink), der peger på noget, der ikke findes")


def test_an_answer_of_100000_characters_is_kept_whole(run_cli, tmp_path: Path) -> None:
    long = "æ" * 50_000 + "ø" * 49_999 + "🎉"
    (tmp_path / "langt.toml").write_text(
        f'[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 1"\ntext = "{long}"\n', encoding="utf-8")
    assert run_cli("import", "temadag", "langt.toml").exit_code == 0
    assert _answers(tmp_path / "test.db") == [(long,)]
    result = run_cli("export", "latest", "-o", "lang.md")
    assert result.exit_code == 0
    assert long in (tmp_path / "lang.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_ten_thousand_answers_import_and_export(run_cli, tmp_path: Path) -> None:
    blocks = [f'[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe {n % 7 + 1}"\ntext = "Svar nr. {n} – æøå"\n'
              f'category = "{("mening", "mangler-svar", "opmaerksom")[n % 3]}"\n' for n in range(10_000)]
    (tmp_path / "mange.toml").write_text("\n".join(blocks), encoding="utf-8")
    assert run_cli("import", "temadag", "mange.toml").exit_code == 0
    result = run_cli("export", "latest", "-o", "mange.json")
    assert result.exit_code == 0
    text = (tmp_path / "mange.json").read_text(encoding="utf-8")
    assert "Svar nr. 0 – æøå" in text and "Svar nr. 9999 – æøå" in text


def test_an_export_target_in_a_folder_that_does_not_exist(run_cli, recorded: Path, tmp_path: Path) -> None:
    result = run_cli("export", "latest", "-o", tmp_path / "findes-ikke" / "opsamling.docx")
    assert result.exit_code == 2
    assert "findes-ikke" in result.stderr and "findes ikke" in result.stderr
    assert _answers(recorded) == [("Ærlig snak på tværs 🎉",)]


def test_an_export_target_below_a_file(run_cli, recorded: Path, tmp_path: Path) -> None:
    (tmp_path / "noter.txt").write_text("ikke en mappe", encoding="utf-8")
    result = run_cli("export", "latest", "-o", tmp_path / "noter.txt" / "opsamling.docx")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'noter.txt'} er en fil, ikke en mappe; vælg en anden placering med -o\n"
    assert (tmp_path / "noter.txt").read_text(encoding="utf-8") == "ikke en mappe"
    assert _answers(recorded) == [("Ærlig snak på tværs 🎉",)]


def test_file_names_with_danish_letters_and_spaces(run_cli, tmp_path: Path) -> None:
    agenda = tmp_path / "mit møde på Åhaven.toml"
    agenda.write_text('title = "Møde på Åhaven"\nstart = "9.00"\nframe = "aktorskab"\n'
                      '[[item]]\nid = "snak"\ntitle = "Snak om aktørskab"\nminutes = 30\nkind = "dialogue"\n',
                      encoding="utf-8")
    (tmp_path / "svar fra flipover æøå.toml").write_text(
        '[[answer]]\nitem = "snak"\ngroup = "Gruppe Ø"\ntext = "Vi tør mere"\ncategory = "mening"\n', encoding="utf-8")
    assert run_cli("agenda", "check", agenda).exit_code == 0
    assert run_cli("import", agenda, "svar fra flipover æøå.toml").exit_code == 0
    result = run_cli("export", "latest", "-o", "opsamling fra Åhaven.docx")
    assert result.exit_code == 0
    assert (tmp_path / "opsamling fra Åhaven.docx").stat().st_size > 5000


def test_deleting_a_session_asks_first_and_never_reuses_its_number(run_cli, recorded: Path) -> None:
    refused = run_cli("sessions", "--delete", "1")  # no terminal here: must not delete unasked
    assert refused.exit_code == 2
    assert "skal bekræftes; kør kommandoen i en terminal eller tilføj --yes" in refused.stderr
    assert _answers(recorded) == [("Ærlig snak på tværs 🎉",)]
    done = run_cli("sessions", "--delete", "1", "--yes")
    assert done.exit_code == 0
    assert done.stdout.startswith("Slettede møde 1 (Temadag om professionelt aktørskab")
    assert _answers(recorded) == []
    assert b"\xc3\x86rlig snak" not in recorded.read_bytes()  # secure_delete: the words are gone from the file
    assert run_cli("import", "temadag", "svar.toml").stdout.strip() == "2"
