"""The year's programme in the archive (a003): the tables, an a002 archive upgraded without losing a row,
and row-level security per organisation on programmes and status changes (links follow their meeting)."""

from __future__ import annotations

import uuid as uuids
from pathlib import Path

import psycopg
import pytest
from archive_data import make_meeting, synthesise
from conftest import FACILITATOR, FACILITATOR_PASSWORD

from aktorskab_cli.store.db import open_store

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _change(conn: psycopg.Connection, organisation: str, entry: str = "omu-administration") -> str:
    made = str(uuids.uuid4())
    conn.execute("INSERT INTO aktorskab.status_changes (uuid, organisation, programme, entry_id, status, note, set_at, "
                 "origin) VALUES (%s, %s, 'aktorskab-2025-2026', %s, 'i-gang', '', '2026-03-12T13:00:00.000000+00:00', "
                 "'set')",
                 (made, organisation, entry))
    return made


def test_an_archive_of_schema_2_is_upgraded_and_keeps_its_rows(archive_db, run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.archive import schema
    from aktorskab_cli.archive.store import push
    from aktorskab_cli.exchange.local import read_bundle

    session = make_meeting(tmp_path)
    synthesise(session)
    store = open_store()
    with psycopg.connect(archive_db.url, autocommit=True) as conn:  # as the version before this one left it
        assert schema.migrate(conn, schema.MIGRATIONS[:2]) == (0, 2)
        assert push(conn, read_bundle(store, store.session(session)), None).outcome == "new"
    before = run_cli("archive", "list", "--archive", archive_db.url)
    assert (before.exit_code, before.stderr) == (
        1, f"Arkivet har skema 2, denne version af aktorskab bruger skema {len(schema.MIGRATIONS)}: kør aktorskab archive init (som arkivets "
           "ejer)\n")
    upgraded = run_cli("archive", "init", "--archive", archive_db.url)
    assert upgraded.stdout.endswith(f"/{archive_db.dbname} er sat op: skema 2 → {len(schema.MIGRATIONS)}.\n"), upgraded.output
    counts = [archive_db.count(t) for t in ("sessions", "answers", "events", "syntheses")]
    assert counts == [1, 2, 2, 1]
    assert [archive_db.count(t) for t in ("programmes", "status_changes", "plan_links")] == [0, 0, 0]
    again = run_cli("archive", "push", session, "--archive", archive_db.url)
    assert again.stdout.endswith("uændret i arkivet (version 1) – id " + store.session(session).uuid[:8] + ".\n")


def test_a_facilitator_sees_and_adds_only_their_organisations_status_changes(archive) -> None:
    with archive.admin() as conn:
        conn.execute("INSERT INTO aktorskab.access VALUES (%s, 'OMU Administrationen')", (FACILITATOR,))
        theirs = _change(conn, "OMU Administrationen")
        _change(conn, "Norddjurs Kommune", "tema-dir")
    facilitator = archive.url_for(FACILITATOR, FACILITATOR_PASSWORD)
    with psycopg.connect(facilitator, autocommit=True) as conn:
        assert conn.execute("SELECT uuid::text FROM aktorskab.status_changes").fetchall() == [(theirs,)]
        _change(conn, "OMU Administrationen")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _change(conn, "Norddjurs Kommune")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # events are never changed, only added
            conn.execute("UPDATE aktorskab.status_changes SET status = 'droppet'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM aktorskab.status_changes")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO aktorskab.programmes (organisation, key, digest, document, taken) VALUES "
                         "('Norddjurs Kommune', 'aktorskab-2025-2026', 'x', '{}', '2026-01-01T00:00:00.000000+00:00')")
    assert archive.count("status_changes") == 3


def test_an_archive_of_schema_4_gets_the_moves_and_a_move_travels_through_it(archive_db, run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.archive import schema
    from aktorskab_cli.programme.storage import record_status, status_changes
    from aktorskab_cli.programme.when import parse_when
    from plan_data import remember

    with psycopg.connect(archive_db.url, autocommit=True) as conn:  # as the version before this one left it
        assert schema.migrate(conn, schema.MIGRATIONS[:4]) == (0, 4)
        old = _change(conn, "Norddjurs Kommune", "kcl")
    upgraded = run_cli("archive", "init", "--archive", archive_db.url)
    assert upgraded.stdout.endswith(f"/{archive_db.dbname} er sat op: skema 4 → 5.\n"), upgraded.output
    remember()
    store = open_store()
    moved = record_status(store, "aktorskab-2025-2026", "omu-skole-og-dagtilbudsomraadet", "aendret", origin="set",
                          note="Efter sommerferien", due=parse_when("1. kvartal 2027"))
    store.close()
    assert run_cli("archive", "push", "--all", "--archive", archive_db.url).exit_code == 0
    other = tmp_path / "hr.db"
    pulled = run_cli("--db", other, "plan", "pull", "aktorskab-2025-2026", "--archive", archive_db.url)
    assert pulled.exit_code == 0, pulled.output
    store = open_store(other)
    assert {c.uuid: c.due for c in status_changes(store, "aktorskab-2025-2026")} == {old: None, moved.uuid: moved.due}
    store.close()
    shown = run_cli("--db", other, "plan", "show", "aktorskab-2025-2026").stdout
    assert "        flyttet fra 2. kvartal 2026 til 1. kvartal 2027 (" in shown
