"""The programme in SQLite: snapshots, meetings linked to entries, status changes that are only ever added."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from conftest import old_database

from aktorskab_cli.programme.catalogue import load
from aktorskab_cli.programme.model import for_followup, new_change
from aktorskab_cli.programme import storage
from aktorskab_cli.store.db import open_store


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "p.db")
    yield s
    s.close()


def _meeting(store, *, speed: float = 1.0) -> int:
    from aktorskab_cli.agenda.cache import load_agenda

    agenda, text = load_agenda("dialogmoede")
    return store.create_session(agenda, text, status="finished", speed=speed)


def test_a_programme_used_here_is_kept_and_found_without_its_file(store):
    programme, text = load("aktorskab-2025-2026")
    storage.remember_programme(store, programme, text)
    assert storage.stored_programme(store, "aktorskab-2025-2026") == (programme, text)
    assert storage.stored_programme_keys(store) == ["aktorskab-2025-2026"]
    (tmp := store.path.parent / "kopi.toml").write_text(text, encoding="utf-8")
    copy, _ = load(str(tmp))
    storage.remember_programme(store, copy, text)
    tmp.unlink()
    assert load("kopi", store) == (copy, text)  # the file is gone: the copy kept here is used


def test_linked_meetings_are_held_and_rehearsals_are_not(store):
    held = _meeting(store)
    rehearsal = _meeting(store, speed=60)
    storage.link_session(store, held, "aktorskab-2025-2026", "omu-administration")
    storage.link_session(store, rehearsal, "aktorskab-2025-2026", "omu-socialomraadet")
    assert storage.session_link(store, held) == ("aktorskab-2025-2026", "omu-administration")
    [meeting] = storage.held_meetings(store, "aktorskab-2025-2026")
    assert (meeting.number, meeting.entry, meeting.date) == (held, "omu-administration", dt.date.today())
    programme, _ = load("aktorskab-2025-2026")
    by_id = {s.entry.id: s for s in storage.entry_states(store, programme)}
    assert by_id["omu-administration"].label == "gennemført"
    assert by_id["omu-socialomraadet"].label == "ikke startet"


def test_a_status_set_in_a_rehearsal_is_practice_not_the_programme_s(store):
    """A facilitator who rehearses the follow-up item (run --speed) and presses 3 has not done anything: the
    change counts only on that rehearsal's own screen, never in plan show, the report or a push."""
    programme, _ = load("aktorskab-2025-2026")
    real, rehearsal = store.session(_meeting(store)).uuid, store.session(_meeting(store, speed=60)).uuid
    storage.record_status(store, programme.key, "kcl", "i-gang", session=real)
    storage.record_status(store, programme.key, "kcl", "gennemfoert", session=rehearsal)
    storage.record_status(store, programme.key, "dir-seminar", "droppet", session=rehearsal)
    kcl = {s.entry.id: s for s in storage.entry_states(store, programme)}
    assert (kcl["kcl"].label, kcl["dir-seminar"].label) == ("i gang", "ikke startet")
    assert [c.status for c in storage.status_changes(store, programme.key)] == ["i-gang"]
    own = {s.entry.id: s for s in storage.entry_states(store, programme, own=rehearsal)}
    assert (own["kcl"].label, own["dir-seminar"].label) == ("gennemført", "droppet")


def test_status_changes_are_stored_in_order_and_never_changed(store):
    first = storage.record_status(store, "p", "a", "i-gang", note="  godt i gang ", origin="set")
    second = new_change("p", "a", "gennemfoert", session="s-uuid", origin="answers",
                        at=first.set_at + dt.timedelta(seconds=1))
    storage.record_change(store, second)
    assert storage.status_changes(store, "p") == [first, second]
    assert first.note == "godt i gang"
    assert storage.status_changes(store, "p", "b") == []
    for sql in ("UPDATE plan_changes SET status = 'droppet'", "DELETE FROM plan_changes"):
        with pytest.raises(sqlite3.IntegrityError, match="never"):
            store.conn.execute(sql)


def test_a_change_is_on_disk_when_record_returns(store, tmp_path):
    storage.record_status(store, "p", "a", "droppet")
    other = sqlite3.connect(tmp_path / "p.db")
    assert other.execute("SELECT status FROM plan_changes").fetchall() == [("droppet",)]
    other.close()


def test_changes_from_elsewhere_are_added_once(store):
    changes = [new_change("p", "a", "i-gang"), new_change("p", "b", "droppet")]
    assert storage.put_changes(store, changes) == 2
    assert storage.put_changes(store, changes) == 0
    assert len(storage.status_changes(store, "p")) == 2


def test_several_changes_are_all_or_nothing(store):
    good = new_change("p", "a", "i-gang")
    with pytest.raises(sqlite3.IntegrityError):
        storage.record_changes(store, [good, good])  # the same uuid twice
    assert storage.status_changes(store, "p") == []


def test_a_deleted_meeting_is_no_longer_held_but_its_changes_stay(store):
    session = _meeting(store)
    storage.link_session(store, session, "p", "a")
    storage.record_status(store, "p", "a", "i-gang", session=store.session(session).uuid)
    store.delete_session(session)
    assert storage.held_meetings(store, "p") == []
    assert [c.status for c in storage.status_changes(store, "p")] == ["i-gang"]


def test_followup_entries_for_a_forum(store):
    programme, _ = load("aktorskab-2025-2026")
    storage.record_status(store, programme.key, "dir-seminar", "gennemfoert")
    shown = for_followup(storage.entry_states(store, programme), "HU", dt.date(2026, 1, 15))
    assert [s.entry.id for s in shown] == ["kcl", "omu-administration", "omu-sundhed-og-omsorg",
                                           "omu-socialomraadet", "arbejdsmiljoerapporter-hu"]


def test_an_older_database_gets_the_programme_tables_and_keeps_its_meetings(tmp_path):
    path = tmp_path / "gammel.db"
    old_database(path, 5, agenda_name="dialogmoede", started="2025-11-20T09:00:00+01:00", uuid="u-1").close()
    store = open_store(path)
    try:
        assert store.conn.execute("SELECT version, name FROM _migrations WHERE version = 6").fetchone() == (
            6, "m006_programme")
        assert store.session(1).title == "Gammelt møde"
        assert storage.session_link(store, 1) is None and storage.status_changes(store, "p") == []
        storage.link_session(store, 1, "p", "a")
        [held] = storage.held_meetings(store, "p")
        assert (held.date, held.title, held.number) == (dt.date(2025, 11, 20), "Gammelt møde", 1)
    finally:
        store.close()


def test_an_upgrade_to_m012_keeps_old_changes_unmoved_and_stores_a_move_insert_only(tmp_path):
    from aktorskab_cli.programme.when import parse_when

    path = tmp_path / "gammel.db"
    conn = old_database(path, 11, uuid="u-1")
    conn.execute("INSERT INTO plan_changes (uuid, programme, entry, status, note, set_at, session, origin) VALUES "
                 "('c-1', 'aktorskab-2025-2026', 'kcl', 'i-gang', '', '2026-01-05T12:00:00.000000+00:00', NULL, 'set')")
    conn.close()
    store = open_store(path)
    assert store.conn.execute("SELECT name FROM _migrations WHERE version = 12").fetchone() == ("m012_status_due",)
    [old] = storage.status_changes(store, "aktorskab-2025-2026")
    assert (old.uuid, old.status, old.due) == ("c-1", "i-gang", None)
    moved = storage.record_status(store, "aktorskab-2025-2026", "kcl", "aendret", origin="set",
                                  due=parse_when("2026-09-30"))
    assert [c.due for c in storage.status_changes(store, "aktorskab-2025-2026")] == [None, moved.due]
    assert store.conn.execute("SELECT due FROM plan_changes WHERE uuid = ?", (moved.uuid,)).fetchone() == ("2026-09-30",)
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        store.conn.execute("UPDATE plan_changes SET due = '4. kvartal 2026' WHERE uuid = 'c-1'")
    store.close()
