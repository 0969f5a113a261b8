"""The SQLite store: migrations, transactions, refusing files it cannot use, reading while a run writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import old_database

from aktorskab_cli.errors import BadInput
from aktorskab_cli.store.migrations import MIGRATIONS, migrate
from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.records import Event
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer


@pytest.fixture
def temadag():
    return load_agenda("temadag")


def test_blank_database_gets_every_migration_and_wal(tmp_path: Path) -> None:
    store = open_store(tmp_path / "ny.db")
    rows = store.conn.execute("SELECT version, name FROM _migrations ORDER BY version").fetchall()
    assert rows == [(n, m.__name__) for n, m in enumerate(MIGRATIONS, 1)]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upgrade_applies_only_the_missing_migrations(tmp_path: Path) -> None:
    conn = old_database(tmp_path / "gammel.db", 1)

    def m002_add_place(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE sessions ADD COLUMN place TEXT")

    assert migrate(conn, [*MIGRATIONS[:1], m002_add_place]) == 2
    assert conn.execute("SELECT title, place FROM sessions").fetchall() == [("Gammelt møde", None)]
    assert migrate(conn, [*MIGRATIONS[:1], m002_add_place]) == 2  # running again changes nothing


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ny.db"
    store = open_store(path)
    store.conn.execute("INSERT INTO _migrations (version, name) VALUES (99, 'm099_future')")
    store.close()  # the write leaves the WAL for the file now, not whenever the collector closes it
    before = path.read_bytes()
    with pytest.raises(BadInput, match="nyere version af aktorskab \\(skema 99\\)") as err:
        open_store(path)
    assert err.value.exit_code == 2
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noter.db"
    path.write_text("Det her er ikke en database\n" * 100, encoding="utf-8")
    with pytest.raises(BadInput, match="er ikke en aktorskab-database"):
        open_store(path)
    assert path.read_text(encoding="utf-8").startswith("Det her er ikke en database")


def test_answers_added_together_are_all_or_nothing(tmp_path: Path, temadag) -> None:
    agenda, text = temadag
    store = open_store(tmp_path / "a.db")
    session = store.create_session(agenda, text)
    with pytest.raises(sqlite3.IntegrityError):
        store.add_answers(session, [Answer("dialog-cases", "Gruppe 1", "gemmes ikke"),
                                    Answer(None, "Gruppe 1", "ugyldig")])  # type: ignore[arg-type]
    assert store.answers(session) == []


def _send(text: str, fail: bool = False):  # noqa: ANN202 - a job for in_one_transaction
    def job(store, session: int) -> int:  # noqa: ANN001
        answer_id = store.add_answer(session, Answer("dialog-cases", "Gruppe 1", text))
        if fail:
            raise ValueError(f"ikke {text}")
        return answer_id
    return job


def test_a_group_commit_stores_every_job_but_the_one_that_raised_and_a_lone_job_that_raises_stores_nothing(
        tmp_path: Path, temadag) -> None:
    """The room's group commit (web/room.RoomState.write): answers that arrived together share one transaction,
    each in a savepoint; a lone answer has none, and its failure undoes the whole transaction."""
    agenda, text = temadag
    store = open_store(tmp_path / "a.db")
    session = store.create_session(agenda, text)
    outcomes = store.in_one_transaction([(_send("en"), (session,)), (_send("to", fail=True), (session,)),
                                         (_send("tre"), (session,))])
    assert [ok for ok, _ in outcomes] == [True, False, True] and str(outcomes[1][1]) == "ikke to"
    assert [a.text for a in store.answers(session)] == ["en", "tre"]
    [(ok, error)] = store.in_one_transaction([(_send("fire", fail=True), (session,))])
    assert not ok and str(error) == "ikke fire"
    [(ok, four)] = store.in_one_transaction([(_send("fire"), (session,))])
    assert ok and [(a.id, a.text) for a in store.answers(session)][-1] == (four, "fire")
    assert [a.text for a in open_store(tmp_path / "a.db").answers(session)] == ["en", "tre", "fire"]  # committed


def test_each_write_is_visible_to_another_connection_at_once(tmp_path: Path, temadag) -> None:
    agenda, text = temadag
    writer = open_store(tmp_path / "a.db")
    session = writer.create_session(agenda, text)
    writer.add_answer(session, Answer("dialog-cases", "Gruppe 1", "Ærlig snak på tværs"))
    writer.add_event(session, Event("start", 10.0, "morgenbroed", 28800))
    reader = sqlite3.connect(tmp_path / "a.db")
    assert reader.execute("SELECT text FROM answers").fetchall() == [("Ærlig snak på tværs",)]
    assert reader.execute("SELECT kind, at FROM events").fetchall() == [("start", 10.0)]


def test_snapshot_reads_consistently_while_a_run_writes(tmp_path: Path, temadag) -> None:
    agenda, text = temadag
    writer = open_store(tmp_path / "a.db")
    session = writer.create_session(agenda, text)
    writer.add_answer(session, Answer("dialog-cases", "Gruppe 1", "første"))
    reader = open_store(tmp_path / "a.db")
    with reader.snapshot():
        first = reader.answers(session)
        writer.add_answer(session, Answer("dialog-cases", "Gruppe 2", "anden"))  # not blocked by the reader
        assert reader.answers(session) == first
    assert [a.text for a in reader.answers(session)] == ["første", "anden"]


def test_latest_names_the_newest_session_and_unknown_ones_are_refused(tmp_path: Path, temadag) -> None:
    agenda, text = temadag
    store = open_store(tmp_path / "a.db")
    with pytest.raises(BadInput, match="Der er ingen møder endnu"):
        store.session("latest")
    store.create_session(agenda, text)
    newest = store.create_session(agenda, text, status="imported")
    assert store.session("latest").id == newest
    with pytest.raises(BadInput, match="Møde 42 findes ikke"):
        store.session("42")
    with pytest.raises(BadInput, match="er ikke et mødenummer"):
        store.session("i går")


def test_the_agenda_is_kept_as_it_was_run(tmp_path: Path) -> None:
    own = tmp_path / "eget.toml"
    own.write_text('title = "Før"\nstart = "9.00"\n[[item]]\ntitle = "Snak"\nminutes = 10\n', encoding="utf-8")
    agenda, text = load_agenda(str(own))
    store = open_store(tmp_path / "a.db")
    session = store.create_session(agenda, text)
    own.write_text('title = "Efter"\nstart = "9.00"\n[[item]]\ntitle = "Snak"\nminutes = 99\n', encoding="utf-8")
    kept = store.session(str(session))
    assert kept.agenda.title == "Før" and kept.agenda.items[0].minutes == 10
    assert kept.agenda_toml == text


def test_a_meeting_running_in_another_window_is_refused_with_its_number(tmp_path) -> None:
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.store.lock import SessionLock

    held = SessionLock(tmp_path / "m.db", 7)
    with pytest.raises(BadInput) as refused:
        SessionLock(tmp_path / "m.db", 7)
    assert refused.value.message == ("Møde 7 kører allerede i et andet vindue eller på en anden skærm. "
                                     "Luk det først (q), og fortsæt så herfra med --resume 7")
    held.release()
    SessionLock(tmp_path / "m.db", 7).release()  # free again once the other window has closed


@pytest.mark.slow  # a fresh interpreter
def test_a_lock_dies_with_the_process_that_held_it_even_after_kill_9(tmp_path) -> None:
    import signal
    import subprocess
    import sys

    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.store.lock import SessionLock

    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom pathlib import Path\nfrom aktorskab_cli.store.lock import SessionLock\n"
        f"held = SessionLock(Path({str(tmp_path / 'm.db')!r}), 3)\nprint('holder', flush=True)\ntime.sleep(120)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holder\n"
        with pytest.raises(BadInput):
            SessionLock(tmp_path / "m.db", 3)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    SessionLock(tmp_path / "m.db", 3).release()  # the OS let go with the killed process: no stale lock


def test_a_lock_file_that_cannot_be_made_is_said_in_danish(tmp_path) -> None:
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.store.lock import SessionLock

    (tmp_path / "fil").write_text("", encoding="utf-8")  # a file where the lock's folder should be
    with pytest.raises(BadInput) as refused:
        SessionLock(tmp_path / "fil" / "m.db", 2)
    assert refused.value.exit_code == 2
    assert refused.value.message.startswith(f"Låsefilen {tmp_path / 'fil' / 'm.db.session-2.lock'} kan ikke "
                                            "oprettes eller låses (")
    assert "Errno" not in refused.value.message and "exists" not in refused.value.message
