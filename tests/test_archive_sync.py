"""Optimistic concurrency between laptops and the archive (exchange/sync.py): each copy remembers the archive
version it last matched, so pull brings news without a word, and push never overwrites a newer version it
has not seen — not even when two push from the same version at the same moment."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import psycopg
import pytest
from archive_data import ITEM, WAITING, archive_cli, make_meeting, synthesise, wait_for_rows
from conftest import FACILITATOR, FACILITATOR_PASSWORD, old_database

from aktorskab_cli.exchange.local import read_base
from aktorskab_cli.exchange.sync import Base
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TITLE = "»Hvad er aktørskab for os?«, 12. marts 2026"
ANNE_PUSHED = "2026-04-02 08:00:00+02"  # every version Anne sends is dated this, so messages are exact
ANNE = "sendt af anne 2. april 2026 kl. 8.00"


@pytest.fixture
def copenhagen(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def anne(archive, tmp_path: Path, copenhagen) -> str:
    """Anne's archive address (a facilitator with access to the school); the owner's stays the default."""
    with psycopg.connect(archive.url, autocommit=True) as conn:
        conn.execute(f"INSERT INTO aktorskab.access VALUES ('{FACILITATOR}', 'LMU Skolen%')")
        conn.execute("CREATE FUNCTION aktorskab.fixed_time() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                     f"NEW.pushed := '{ANNE_PUSHED}'; RETURN NEW; END $$")
        conn.execute("CREATE TRIGGER fixed_time BEFORE INSERT OR UPDATE ON aktorskab.sessions FOR EACH ROW "
                     "EXECUTE FUNCTION aktorskab.fixed_time()")
    return archive.url_for(FACILITATOR, FACILITATOR_PASSWORD)


def _rename_first_point(db: Path | None, session: int, text: str) -> None:
    store = open_store(db)
    synthesis = load_synthesis(store, session)
    save_synthesis(store, session, synthesis.rename(synthesis.points[0].uuid, text))
    store.close()


def _shared(run_cli, tmp_path: Path, anne: str) -> tuple[int, str, Path]:
    """Anne's meeting (synthesised, sent as version 1) and laptop B's pulled copy (its meeting 1)."""
    session = make_meeting(tmp_path)
    synthesise(session)
    assert run_cli("archive", "push", session, "--archive", anne).exit_code == 0
    uuid = open_store().session(session).uuid
    laptop_b = tmp_path / "b.db"
    assert run_cli("--db", laptop_b, "archive", "pull", uuid[:8]).exit_code == 0
    return session, uuid, laptop_b


def test_pull_of_an_untouched_copy_brings_the_newer_version(archive, anne, run_cli, tmp_path: Path) -> None:
    session, uuid, laptop_b = _shared(run_cli, tmp_path, anne)
    _rename_first_point(None, session, "Annes punkt")
    store = open_store()
    store.add_answer(session, Answer(ITEM, "Gruppe 3", "Mod til at sige fra"))
    assert run_cli("archive", "push", session, "--archive", anne).exit_code == 0
    pulled = run_cli("--db", laptop_b, "archive", "pull", uuid[:4])
    assert (pulled.exit_code, pulled.stdout) == (
        0, f"Opdaterede {TITLE} (møde 1) til arkivets version 2, {ANNE}: 1 svar tilføjet; sammenfatning ændret "
           "(1 punkt rettet). Se det med: aktorskab --db b.db show 1\n")
    copy = open_store(laptop_b)
    assert load_synthesis(copy, 1).points[0].text == "Annes punkt"
    assert len(copy.answers(1)) == 3
    assert read_base(copy, 1).revision == 2
    again = run_cli("--db", laptop_b, "archive", "push", 1)  # B's copy is version 2: nothing to send
    assert again.stdout.endswith(f"uændret i arkivet (version 2) – id {uuid[:8]}.\n")


def test_a_push_from_an_older_version_is_refused_and_pull_says_both_sides(archive, anne, run_cli,
                                                                           tmp_path: Path) -> None:
    session, uuid, laptop_b = _shared(run_cli, tmp_path, anne)
    _rename_first_point(None, session, "Annes punkt")
    assert run_cli("archive", "push", session, "--archive", anne).exit_code == 0
    _rename_first_point(laptop_b, 1, "B's punkt")
    before = laptop_b.read_bytes()
    refused = run_cli("--db", laptop_b, "archive", "push", 1)
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"Møde 1 {TITLE} er ikke sendt: arkivet har en nyere udgave (version 2, {ANNE}) end den, dit møde bygger på "
        "(version 1), og begge er ændret siden. Hent arkivets udgave først – pull siger, hvad der er ændret hvor, og "
        f"hvordan du kommer videre: aktorskab --db b.db archive pull {uuid[:8]}\n")
    with archive.admin() as conn:
        assert conn.execute("SELECT revision, pushed_by FROM aktorskab.sessions").fetchone() == (2, FACILITATOR)
        assert conn.execute("SELECT synthesis->'points'->0->>'text' FROM aktorskab.syntheses").fetchone() == (
            "Annes punkt",)
    assert archive.count("revisions") == 1
    assert laptop_b.read_bytes() == before

    both = run_cli("--db", laptop_b, "archive", "pull", uuid[:8])
    assert both.exit_code == 2
    assert both.stderr == (
        f"{TITLE} findes allerede som møde 1, og både din udgave og arkivets er ændret, siden de var ens (version 1). "
        f"Her på maskinen: sammenfatning ændret (1 punkt rettet). I arkivet (version 2, {ANNE}): sammenfatning "
        "ændret (1 punkt rettet). Vil du beholde dine ændringer, så gem dem først, fx med: aktorskab --db b.db export 1 -o "
        f"min-udgave.md. Hent så arkivets udgave med: aktorskab --db b.db archive pull {uuid[:8]} --force (det, der kun er her, "
        "går tabt), ret dine ændringer ind igen, og send dem med: aktorskab --db b.db archive push 1\n")
    assert load_synthesis(open_store(laptop_b), 1).points[0].text == "B's punkt"
    forced = run_cli("--db", laptop_b, "archive", "pull", uuid[:8], "--force")
    assert forced.stdout == (f"Erstattede {TITLE} fra arkivet som møde 1 (2 svar, med sammenfatning). Erstattet her: "
                             "sammenfatning ændret (1 punkt rettet). Se det med: aktorskab --db b.db show 1\n")
    copy = open_store(laptop_b)
    assert load_synthesis(copy, 1).points[0].text == "Annes punkt"
    assert read_base(copy, 1).revision == 2
    _rename_first_point(laptop_b, 1, "B's punkt, nu oven på Annes")
    pushed = run_cli("--db", laptop_b, "archive", "push", 1)
    assert pushed.stdout.endswith("opdateret i arkivet (version 3: sammenfatning ændret (1 punkt rettet)) – id "
                                  f"{uuid[:8]}.\n")


def test_pull_says_the_change_the_right_way_round(archive, anne, run_cli, tmp_path: Path) -> None:
    session, uuid, laptop_b = _shared(run_cli, tmp_path, anne)
    open_store().add_answer(session, Answer(ITEM, "Gruppe 3", "Mod til at sige fra"))
    assert run_cli("archive", "push", session, "--archive", anne).exit_code == 0
    open_store(laptop_b).set_note(1, "B's egen afslutning")
    both = run_cli("--db", laptop_b, "archive", "pull", uuid[:8])
    assert "Her på maskinen: opsamlende tekst ændret. I arkivet (version 2, " \
           f"{ANNE}): 1 svar tilføjet. " in both.stderr
    forced = run_cli("--db", laptop_b, "archive", "pull", uuid[:8], "--force")
    assert forced.stdout == (f"Erstattede {TITLE} fra arkivet som møde 1 (3 svar, med sammenfatning). Erstattet her: "
                             "opsamlende tekst ændret; 1 svar tilføjet. Se det med: aktorskab --db b.db show 1\n")
    assert len(open_store(laptop_b).answers(1)) == 3


def test_copies_from_before_bases_were_kept(archive, anne, run_cli, tmp_path: Path) -> None:
    """No base recorded (pushed or pulled by the version before): the archive's history tells the base when
    the copy is one of its versions, or version 1 when there never was another; else push is refused."""
    session, uuid, laptop_b = _shared(run_cli, tmp_path, anne)
    for db in (tmp_path / "test.db", laptop_b):
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM archive_base")
    _rename_first_point(None, session, "Annes punkt")
    assert run_cli("archive", "push", session, "--archive", anne).stdout.endswith(  # version 1 is the only base
        f"opdateret i arkivet (version 2: sammenfatning ændret (1 punkt rettet)) – id {uuid[:8]}.\n")
    with sqlite3.connect(laptop_b) as conn:
        conn.execute("DELETE FROM archive_base")
    pulled = run_cli("--db", laptop_b, "archive", "pull", uuid[:8])  # B's copy is version 1, by its digest
    assert pulled.stdout.startswith(f"Opdaterede {TITLE} (møde 1) til arkivets version 2, ")

    with sqlite3.connect(laptop_b) as conn:
        conn.execute("DELETE FROM archive_base")
    _rename_first_point(laptop_b, 1, "B's punkt")
    _rename_first_point(None, session, "Annes andet punkt")
    assert run_cli("archive", "push", session, "--archive", anne).exit_code == 0
    refused = run_cli("--db", laptop_b, "archive", "push", 1)
    assert (refused.exit_code, refused.stderr) == (
        2, f"Møde 1 {TITLE} er ikke sendt: arkivet har en anden udgave (version 3, {ANNE}), og det kan ikke ses, "
           "hvilken udgave dit møde bygger på (det er ikke sendt eller hentet, siden aktorskab begyndte at holde styr "
           "på det). Hent arkivets udgave først – pull siger, hvad der er ændret hvor, og hvordan du kommer videre: "
           f"aktorskab --db b.db archive pull {uuid[:8]}\n")
    unknown = run_cli("--db", laptop_b, "archive", "pull", uuid[:8])
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        f"{TITLE} findes allerede som møde 1 og er anderledes end arkivets udgave (version 3, {ANNE}), og det kan "
        "ikke ses, hvilken udgave din bygger på. Her på maskinen i forhold til arkivet: sammenfatning ændret "
        "(1 punkt rettet). Vil du beholde")


def test_two_pushes_from_the_same_version_at_once_cannot_both_win(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path, texts=tuple(f"Svar {n}" for n in range(20)))
    assert run_cli("archive", "push", session).exit_code == 0
    uuid = open_store().session(session).uuid
    laptops = [tmp_path / "a", tmp_path / "b"]
    for n, folder in enumerate(laptops):
        folder.mkdir()
        assert run_cli("--db", folder / "test.db", "archive", "pull", uuid).exit_code == 0
        open_store(folder / "test.db").set_note(1, f"Laptop {n + 1}s afslutning")
    with archive.admin() as lock:  # hold both pushes inside their transactions until both are under way
        lock.autocommit = False
        lock.execute("LOCK TABLE aktorskab.events IN EXCLUSIVE MODE")
        pushes = [archive_cli(folder, "archive", "push", "1", url=archive.url) for folder in laptops]
        wait_for_rows(archive, WAITING, 2)  # one waits for the events table, the other for the first one's row
        lock.rollback()
    results = [p.communicate(timeout=60) for p in pushes]
    assert sorted(p.returncode for p in pushes) == [0, 2], results
    won, lost = sorted(range(2), key=lambda n: pushes[n].returncode)
    assert "opdateret i arkivet (version 2: opsamlende tekst ændret)" in results[won][0]
    assert results[lost][1].startswith(f"Møde 1 {TITLE} er ikke sendt: arkivet har en nyere udgave (version 2, "
                                       "sendt af aktorskab_owner ")
    with archive.admin() as conn:
        assert conn.execute("SELECT revision, note FROM aktorskab.sessions").fetchone() == (
            2, f"Laptop {won + 1}s afslutning")
    assert archive.count("revisions") == 1


def test_the_store_upgrade_adds_an_empty_table_of_bases(tmp_path: Path) -> None:
    path = tmp_path / "gammel.db"
    old_database(path, 4, uuid="u-1").close()
    store = open_store(path)
    assert store.conn.execute("SELECT name FROM _migrations WHERE version = 5").fetchone() == ("m005_archive_base",)
    assert read_base(store, 1) is None
    assert store.session(1).title == "Gammelt møde"
    from aktorskab_cli.exchange.local import record_base

    record_base(store, "u-1", Base(3, "abc"))
    assert read_base(store, 1) == Base(3, "abc")
    store.delete_session(1)
    assert store.conn.execute("SELECT COUNT(*) FROM archive_base").fetchone() == (0,)
