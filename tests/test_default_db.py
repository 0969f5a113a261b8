"""Where the database lives when neither --db nor AKTORSKAB_DB says: the local data folder (platformdirs),
and a database an older version left in typer's app folder (~/.config, roaming %APPDATA%) is moved there."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.paths import default_db_path, legacy_db_path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("AKTORSKAB_DB")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def _old_database(path: Path) -> None:
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.store.records import Answer

    store = open_store(path)
    store.create_session(*load_agenda("lmu"), status="imported",
                         answers=[Answer(item_id="vejen-videre", group="Gruppe 1", text="Fra den gamle mappe")])
    store.close()


def test_the_default_is_the_local_data_folder_not_the_config_folder(home: Path) -> None:
    assert default_db_path() == home / "data" / "aktorskab" / "aktorskab.db"
    assert legacy_db_path() == home / "config" / "aktorskab" / "aktorskab.db"


def test_the_core_store_does_not_import_typer() -> None:
    import ast

    source = Path(__file__).resolve().parents[1] / "src" / "aktorskab_cli" / "store" / "db.py"
    names = {a.name.split(".")[0] for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
             if isinstance(node, ast.Import | ast.ImportFrom) for a in getattr(node, "names", [])}
    modules = {node.module.split(".")[0] for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
               if isinstance(node, ast.ImportFrom) and node.module}
    assert "typer" not in names | modules and "click" not in names | modules


def test_a_new_user_gets_a_database_in_the_local_folder(run_cli, home: Path) -> None:
    result = run_cli("run", "lmu", "--auto", "--speed", "10000000")
    assert result.exit_code == 0, result.stderr
    assert (home / "data" / "aktorskab" / "aktorskab.db").is_file()
    assert not (home / "config").exists()
    assert "flyttet" not in result.stderr


def test_an_old_database_is_moved_once_and_said_so(run_cli, home: Path) -> None:
    old = home / "config" / "aktorskab" / "aktorskab.db"
    _old_database(old)
    (old.parent / "aktorskab.db.session-1.lock").touch()  # left by the old version's run
    new = home / "data" / "aktorskab" / "aktorskab.db"
    first = run_cli("sessions")
    assert first.exit_code == 0
    assert first.stderr == f"Databasen er flyttet fra {old} til {new} (en lokal mappe, hvor SQLite er sikker).\n"
    assert "Hvad er aktørskab for os?" in first.stdout
    assert not old.exists() and list(old.parent.iterdir()) == []
    rows = sqlite3.connect(new).execute("SELECT text FROM answers").fetchall()
    assert rows == [("Fra den gamle mappe",)]
    again = run_cli("show", "1")
    assert again.exit_code == 0 and again.stderr == "" and "Fra den gamle mappe" in again.stdout


def test_with_both_the_new_database_wins_and_the_old_is_left_alone(run_cli, home: Path) -> None:
    old = home / "config" / "aktorskab" / "aktorskab.db"
    _old_database(old)
    before = old.read_bytes()
    new = home / "data" / "aktorskab" / "aktorskab.db"
    new.parent.mkdir(parents=True)
    open_store(new).close()
    result = run_cli("sessions")
    assert result.exit_code == 0 and result.stderr == ""
    assert "Der er ingen møder endnu" in result.stdout
    assert old.read_bytes() == before


def test_an_old_database_in_use_by_a_live_run_is_used_where_it_is(run_cli, home: Path) -> None:
    from aktorskab_cli.store.lock import SessionLock

    old = home / "config" / "aktorskab" / "aktorskab.db"
    _old_database(old)
    held = SessionLock(old, 1)
    try:
        result = run_cli("show", "1")
    finally:
        held.release()
    new = home / "data" / "aktorskab" / "aktorskab.db"
    assert result.exit_code == 0 and "Fra den gamle mappe" in result.stdout
    assert result.stderr == (f"Bemærk: databasen bruges fra {old}, fordi et møde kører fra den lige nu; "
                             f"den flyttes til {new} næste gang.\n")
    assert old.is_file() and not new.exists()


def test_the_explicit_db_option_never_moves_anything(run_cli, home: Path) -> None:
    old = home / "config" / "aktorskab" / "aktorskab.db"
    _old_database(old)
    result = run_cli("--db", home / "andet.db", "sessions")
    assert result.exit_code == 0 and result.stderr == ""
    assert old.is_file() and not (home / "data").exists()
