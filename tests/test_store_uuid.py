"""Stable identity: every session and answer has a UUID, given at creation and by the migration to old data."""

from __future__ import annotations

import uuid
from pathlib import Path

from conftest import old_database

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.migrations import MIGRATIONS
from aktorskab_cli.store.records import Answer


def _is_uuid(text: str | None) -> bool:
    return text is not None and str(uuid.UUID(text)) == text


def test_new_sessions_and_answers_get_distinct_uuids(tmp_path: Path) -> None:
    agenda, text = load_agenda("lmu")
    store = open_store(tmp_path / "a.db")
    first = store.create_session(agenda, text, answers=[Answer("hvad-er-aktorskab-for-os", "Gruppe 1", "Tillid")])
    second = store.create_session(agenda, text)
    store.add_answers(second, [Answer("hvad-er-aktorskab-for-os", "Gruppe 1", "Tillid")] * 2)
    sessions = [store.session(first), store.session(second)]
    answers = store.answers(first) + store.answers(second)
    ids = [s.uuid for s in sessions] + [a.uuid for a in answers]
    assert all(_is_uuid(i) for i in ids) and len(set(ids)) == 5
    assert store.session_by_uuid(sessions[1].uuid).id == second


def test_upgrade_from_version_1_keeps_every_row_and_gives_each_a_uuid(tmp_path: Path) -> None:
    path = tmp_path / "gammel.db"
    conn = old_database(path, 1, note="Noten")
    conn.executemany("INSERT INTO answers (session_id, item_id, grp, text, created, edited) VALUES (1, ?, ?, ?, ?, ?)",
                     [("a", "Gruppe 1", "Første", "2025-04-02T09:00:00+02:00", None),
                      ("a", "Gruppe 2", "Anden", "2025-04-02T09:01:00+02:00", "2025-04-02T10:00:00+02:00")])
    conn.execute("INSERT INTO events (session_id, at, kind, item_id, value) VALUES (1, 1.5, 'start', 'a', 28800)")
    before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("sessions", "answers", "events")}
    conn.close()

    store = open_store(path)
    after = {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in before}
    assert after["events"] == before["events"]
    for table in ("sessions", "answers"):  # every column as it was, then a uuid (then later migrations' columns)
        at = [c[1] for c in store.conn.execute(f"PRAGMA table_info({table})")].index("uuid")
        assert [row[:at] for row in after[table]] == before[table]
        assert all(_is_uuid(row[at]) for row in after[table])
    at = [c[1] for c in store.conn.execute("PRAGMA table_info(answers)")].index("uuid")
    assert len({row[at] for row in after["answers"]}) == 2
    assert store.conn.execute("SELECT MAX(version) FROM _migrations").fetchone()[0] == len(MIGRATIONS)
    uuids = [a.uuid for a in store.answers(1)]
    store.close()
    assert [a.uuid for a in open_store(path).answers(1)] == uuids  # opening again changes nothing


def test_exported_json_carries_the_meeting_and_answer_uuids(tmp_path: Path, run_cli) -> None:
    import json

    agenda, text = load_agenda("lmu")
    store = open_store()
    session = store.create_session(agenda, text, answers=[Answer("hvad-er-aktorskab-for-os", "Gruppe 1", "Tillid")])
    expected_session, expected_answer = store.session(session).uuid, store.answers(session)[0].uuid
    assert run_cli("export", session, "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert data["meetings"][0]["uuid"] == expected_session
    answers = data["parts"][0]["answers"]  # the bilag: every answer once
    assert [a["uuid"] for a in answers] == [expected_answer]
