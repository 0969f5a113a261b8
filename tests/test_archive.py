"""The shared archive against a real PostgreSQL: init, push (idempotent, updates with history), list, pull."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archive_data import ITEM, make_meeting

from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_init_creates_the_schema_and_running_it_again_is_harmless(archive_db, run_cli) -> None:
    first = run_cli("archive", "init", "--archive", archive_db.url)
    assert first.exit_code == 0, first.output
    assert f"Arkivet aktorskab_owner@127.0.0.1:{archive_db.server.port}/{archive_db.dbname} er sat op: skema 0 → 5." \
        in first.stdout
    again = run_cli("archive", "init", "--archive", archive_db.url)
    assert again.exit_code == 0
    assert "er allerede sat op (skema 5); intet ændret." in again.stdout
    with archive_db.admin() as conn:
        assert conn.execute("SELECT version, name FROM aktorskab.migrations ORDER BY version").fetchall() == [
            (1, "a001_initial"), (2, "a002_syntheses"), (3, "a003_programmes"), (4, "a004_own_access_only"),
            (5, "a005_status_due")]
    assert "ejer-hemmelig" not in first.output + again.output


def test_push_twice_gives_one_copy(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    uuid = open_store().session(session).uuid
    first = run_cli("archive", "push", session)
    assert first.exit_code == 0, first.output
    assert first.stdout == (f"Møde {session} »Hvad er aktørskab for os?«, 12. marts 2026: sendt til arkivet – "
                            f"id {uuid[:8]}.\n")
    second = run_cli("archive", "push", session)
    assert second.stdout.endswith("uændret i arkivet (version 1) – id " + uuid[:8] + ".\n")
    assert archive.count("sessions") == 1
    assert archive.count("answers") == 2
    assert archive.count("events") == 2
    assert archive.count("revisions") == 0


def test_a_changed_meeting_is_updated_and_the_previous_version_kept(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    assert run_cli("archive", "push", session).exit_code == 0
    store = open_store()
    first_answer = store.answers(session)[0]
    store.edit_answer(first_answer.id, text="Tillid – også på tværs", category="mening", question=None)
    store.add_answer(session, Answer(ITEM, "Gruppe 3", "Mod til at sige fra"))
    store.set_note(session, "Vi tager det op igen i juni.")
    store.close()
    result = run_cli("archive", "push", session)
    assert result.exit_code == 0, result.output
    assert "opdateret i arkivet (version 2: opsamlende tekst ændret; 1 svar tilføjet; 1 svar rettet)" in result.stdout
    assert archive.count("sessions") == 1
    assert archive.count("answers") == 3
    with archive.admin() as conn:
        revision, changes, previous = conn.execute(
            "SELECT revision, changes, previous FROM aktorskab.revisions").fetchone()
        note, current = conn.execute("SELECT note, revision FROM aktorskab.sessions").fetchone()
    assert (revision, current, note) == (2, 2, "Vi tager det op igen i juni.")
    assert changes == "opsamlende tekst ændret; 1 svar tilføjet; 1 svar rettet"
    assert previous["note"] is None
    assert [a["text"] for a in previous["answers"]] == ["Tillid til hinanden", "Tid til refleksion"]


def test_list_shows_the_meetings_with_filters_and_as_json(archive, run_cli, tmp_path: Path) -> None:
    top = make_meeting(tmp_path, "LMU Skolen på Toppen", "2026-03-12")
    dal = make_meeting(tmp_path, "LMU Dalskolen", "2025-11-04", texts=("Ro på",))
    assert run_cli("archive", "push", top, dal).exit_code == 0
    table = run_cli("archive", "list")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Id", "Dato", "Titel", "Organisation", "Dagsorden", "Svar", "Version", "Sendt", "af"]
    assert "12. marts 2026" in lines[1] and "LMU Skolen på Toppen" in lines[1]
    assert "4. november 2025" in lines[2] and "LMU Dalskolen" in lines[2]
    assert lines[-1] == "2 møder. Hent et med: aktorskab archive pull ID"

    as_json = json.loads(run_cli("archive", "list", "--json", "--since", "2026-01-01").stdout)
    assert [(m["title"], m["organisation"], m["date"], m["answers"]) for m in as_json] == [
        ("Hvad er aktørskab for os?", "LMU Skolen på Toppen", "2026-03-12", 2)]
    assert as_json[0]["id"] == open_store().session(top).uuid
    only = json.loads(run_cli("archive", "list", "--json", "--organisation", "dalskolen", "--agenda",
                              "lmu").stdout)
    assert [m["organisation"] for m in only] == ["LMU Dalskolen"]
    assert run_cli("archive", "list", "--organisation", "dalskolen").stdout.splitlines()[-1] == (
        "1 møde. Hent et med: aktorskab archive pull ID")
    none = run_cli("archive", "list", "--agenda", "temadag")
    assert none.stdout == "Arkivet har ingen møder, der passer til dit valg.\n"
    bad = run_cli("archive", "list", "--since", "12. marts")
    assert (bad.exit_code, bad.stderr) == (2, "--since »12. marts« er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, "
                                               "fx 2026-01-01\n")


def test_pull_brings_a_meeting_to_another_laptop(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    source = open_store()
    original = source.session(session)
    assert run_cli("archive", "push", session).exit_code == 0
    other = tmp_path / "anden-laptop.db"
    pulled = run_cli("--db", other, "archive", "pull", original.uuid[:8])
    assert pulled.exit_code == 0, pulled.output
    assert pulled.stdout == ("Hentede »Hvad er aktørskab for os?«, 12. marts 2026 fra arkivet som møde 1 (2 svar). "
                             "Se det med: aktorskab --db anden-laptop.db show 1\n")
    copy = open_store(other)
    got = copy.session(1)
    assert (got.uuid, got.title, got.status, got.started, got.agenda_json) == (
        original.uuid, original.title, original.status, original.started, original.agenda_json)
    assert [(a.uuid, a.text, a.group, a.category, a.created) for a in copy.answers(1)] == [
        (a.uuid, a.text, a.group, a.category, a.created) for a in source.answers(session)]
    assert copy.events(1) == source.events(session)

    again = run_cli("--db", other, "archive", "pull", original.uuid)
    assert again.stdout.startswith("»Hvad er aktørskab for os?«, 12. marts 2026 findes allerede som møde 1 og er som "
                                   "i arkivet; intet ændret.")
    copy.set_note(1, "Min lokale rettelse")
    ahead = run_cli("--db", other, "archive", "pull", original.uuid)  # changed here only: nothing to fetch
    assert (ahead.exit_code, ahead.stdout) == (
        0, "»Hvad er aktørskab for os?«, 12. marts 2026 findes allerede som møde 1 og er ændret her siden arkivets "
           "version 1: opsamlende tekst ændret. Arkivet har intet nyt; send dine ændringer med: aktorskab --db "
           "anden-laptop.db archive push 1\n")
    assert copy.session(1).note == "Min lokale rettelse"
    forced = run_cli("--db", other, "archive", "pull", original.uuid, "--force")
    assert forced.stdout == ("Erstattede »Hvad er aktørskab for os?«, 12. marts 2026 fra arkivet som møde 1 (2 svar). "
                             "Erstattet her: opsamlende tekst ændret. Se det med: aktorskab --db anden-laptop.db show 1\n")
    assert copy.session(1).note is None and len(copy.sessions()) == 1


def test_pull_of_an_unknown_id_is_refused(archive, run_cli) -> None:
    for ref, message in (("abc", "»abc« er for kort: skriv mindst 4 tegn af id'et fra: aktorskab archive list"),
                         ("f7", "»f7« er for kort: skriv mindst 4 tegn af id'et fra: aktorskab archive list"),
                         ("møde-1", "»møde-1« er ikke et id fra arkivet; brug id'et fra: aktorskab archive list"),
                         ("deadbeef", "Arkivet har intet møde med id deadbeef; se møderne med: aktorskab archive list")):
        result = run_cli("archive", "pull", ref)
        assert (result.exit_code, result.stderr.strip()) == (2, message)


def test_pull_force_keeps_hidden_answers(archive, run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.store.room import set_hidden

    session = make_meeting(tmp_path)
    assert run_cli("archive", "push", session).exit_code == 0
    store = open_store()
    hidden = store.add_answer(session, Answer(ITEM, "Gruppe 1", "Et navn, der ikke skal stå nogen steder"))
    assert set_hidden(store, session, hidden, True)
    store.set_note(session, "Lokal rettelse")
    uuid = store.session(session).uuid
    forced = run_cli("archive", "pull", uuid, "--force")
    assert forced.exit_code == 0, forced.output
    texts = [a.text for a in store.answers(session, include_hidden=True)]
    assert sorted(texts) == ["Et navn, der ikke skal stå nogen steder", "Tid til refleksion", "Tillid til hinanden"]
    assert archive.count("answers") == 2  # the hidden answer never went to the archive
