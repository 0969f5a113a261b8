"""The synthesis and the phones' votes travel with a meeting: pushed (a change of them alone is a new
version with history), pulled back whole, replaced only with --force, and used by combine --from-archive;
an archive made before they travelled is upgraded by `archive init` without losing a row."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import psycopg
from archive_data import ITEM, make_meeting, synthesise
from conftest import FACILITATOR, FACILITATOR_PASSWORD

from aktorskab_cli.store import room
from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _without_ids(store, session: int):  # noqa: ANN001, ANN202
    """The synthesis with answers named by text, and the votes by group and target text: what must survive
    a trip to another machine, where every local number is new."""
    texts = {a.id: a.text for a in store.answers(session)}
    synthesis = load_synthesis(store, session)
    points = tuple(replace(p, answers=tuple(texts[a] for a in p.answers)) for p in synthesis.points)
    point_texts = dict(store.conn.execute("SELECT id, text FROM points WHERE session_id = ?", (session,)))
    votes = [(v.item_id, v.group, v.target_kind, point_texts[v.target_id], v.dots)
             for v in room.all_votes(store, session)]
    return replace(synthesis, points=points), room.all_ballots(store, session), votes


def test_pull_brings_the_synthesis_and_the_votes(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    synthesise(session)
    uuid = open_store().session(session).uuid
    pushed = run_cli("archive", "push", session)
    assert pushed.exit_code == 0, pushed.output
    other = tmp_path / "hr.db"
    pulled = run_cli("--db", other, "archive", "pull", uuid[:8])
    assert pulled.stdout == ("Hentede »Hvad er aktørskab for os?«, 12. marts 2026 fra arkivet som møde 1 (2 svar, "
                             "med sammenfatning). Se det med: aktorskab --db hr.db show 1\n")
    here, there = open_store(), open_store(other)
    synthesis, ballots, votes = _without_ids(there, 1)
    assert (synthesis, ballots, votes) == _without_ids(here, session)
    assert [(p.text, p.kind, p.votes, p.answers) for p in synthesis.points] == [
        ("Tillid og tid til refleksion", "point", 3, ("Tillid til hinanden", "Tid til refleksion")),
        ("Travlhed", "barrier", None, ()), ("Fast tid hver fredag", "next", None, ())]
    assert [p.uuid for p in synthesis.points] == [p.uuid for p in load_synthesis(here, session).points]
    assert (synthesis.title, synthesis.intro, synthesis.closing) == (
        "Aktørskab på Toppen", "Sådan talte vi om det.", "Vi tager det op i juni.")
    assert [t.requires for t in synthesis.themes] == [("Klare mandater",)]
    assert [s.bullets for s in synthesis.sections] == [("Tre grupper",)]
    assert [(a.what, a.who, a.when) for a in synthesis.actions] == [("Aftal mandater", "Ledelsen", "2. kvartal 2026")]
    assert ballots == [room.Ballot(ITEM, "revealed", "point", 3, 2)]
    assert votes == [(ITEM, "Gruppe 1", "point", "Tillid og tid til refleksion", 2),
                     (ITEM, "Gruppe 2", "point", "Tillid og tid til refleksion", 1)]
    assert there.session(1).note == "Vi tager det op i juni."
    again = run_cli("--db", other, "archive", "pull", uuid)
    assert again.stdout.endswith("findes allerede som møde 1 og er som i arkivet; intet ændret.\n")


def test_a_change_of_the_synthesis_alone_is_a_new_version_with_history(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    synthesise(session)
    assert run_cli("archive", "push", session).exit_code == 0
    store = open_store()
    synthesis = load_synthesis(store, session)
    point = synthesis.points[0]
    save_synthesis(store, session, synthesis.rename(point.uuid, "Tillid, tid og ro"))
    [(point_id, _)] = room.item_points(store, session, ITEM)
    room.set_group_votes(store, session, ITEM, "Gruppe 3", "point", {point_id: 2})
    room.set_group_votes(store, session, ITEM, "Gruppe 1", "point", {point_id: 1})
    result = run_cli("archive", "push", session)
    assert result.exit_code == 0, result.output
    said = "sammenfatning ændret (1 punkt rettet); 1 stemme tilføjet; 1 stemme ændret"
    assert f"opdateret i arkivet (version 2: {said})" in result.stdout
    with archive.admin() as conn:
        assert conn.execute("SELECT revision, changes FROM aktorskab.revisions").fetchall() == [(2, said)]
        previous = conn.execute("SELECT previous FROM aktorskab.revisions").fetchone()[0]
        current = conn.execute("SELECT synthesis FROM aktorskab.syntheses").fetchone()[0]
    assert previous["synthesis"]["points"][0]["text"] == "Tillid og tid til refleksion"
    assert [d["dots"] for d in previous["votes"][0]["dots"]] == [2, 1]
    assert current["points"][0]["text"] == "Tillid, tid og ro"
    assert current["points"][0]["answers"] == [a.uuid for a in store.answers(session)]  # uuids, never local ids
    assert run_cli("archive", "push", session).stdout.endswith(f"uændret i arkivet (version 2) – id "
                                                               f"{store.session(session).uuid[:8]}.\n")


def test_pull_force_replaces_a_local_synthesis_only_when_asked(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    synthesise(session)
    assert run_cli("archive", "push", session).exit_code == 0
    store = open_store()
    uuid = store.session(session).uuid
    pushed = _without_ids(store, session)
    synthesis = load_synthesis(store, session)
    save_synthesis(store, session, synthesis.rename(synthesis.points[0].uuid, "Kun på min maskine"))
    ahead = run_cli("archive", "pull", uuid)
    assert (ahead.exit_code, ahead.stdout) == (
        0, f"»Hvad er aktørskab for os?«, 12. marts 2026 findes allerede som møde {session} og er ændret her siden "
           "arkivets version 1: sammenfatning ændret (1 punkt rettet). Arkivet har intet nyt; send dine ændringer "
           f"med: aktorskab archive push {session}\n")
    assert load_synthesis(store, session).points[0].text == "Kun på min maskine"
    forced = run_cli("archive", "pull", uuid, "--force")
    assert forced.stdout == (f"Erstattede »Hvad er aktørskab for os?«, 12. marts 2026 fra arkivet som møde {session} "
                             "(2 svar, med sammenfatning). Erstattet her: sammenfatning ændret (1 punkt rettet). "
                             f"Se det med: aktorskab show {session}\n")
    assert _without_ids(store, session) == pushed
    assert len(store.sessions()) == 1


def test_combine_from_the_archive_uses_the_pushed_points(archive, run_cli, tmp_path: Path) -> None:
    top = make_meeting(tmp_path, "LMU Skolen på Toppen", "2026-03-12")
    dal = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03", texts=("Tillid", "Ro på"))
    synthesise(top, headline="Tillid giver tid")
    synthesise(dal, headline="tillid giver tid.")
    assert run_cli("archive", "push", top, dal).exit_code == 0
    result = run_cli("combine", "--from-archive", "--format", "md", "-o", "aar.md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "aar.md").read_text(encoding="utf-8")
    assert ("| tillid giver tid. | 2 | LMU Dalskolen, 3. februar 2026; LMU Skolen på Toppen, 12. marts 2026 |"
            in text)  # the same point in two meetings: one, ranked by both
    assert "| tillid giver tid. *(2 møder · 4 grupper · 6 prikker)* |  |  |" in text  # the pushed votes count
    assert "Tillid til hinanden" not in text.split("## Bilag")[0]  # answers stand in their point, not alone
    assert "## Potentielle barrierer\n\n### Travlhed\n\nNår dagen er fuld, taber vi hinanden.\n" in text
    assert "## Vejen videre\n\n- Fast tid hver fredag\n" in text
    assert "| Aftal mandater | Ledelsen | **2\\. kvartal 2026** |" in text
    assert "- Tid til refleksion *(Gruppe 2 · LMU Skolen på Toppen, 12. marts 2026)*" in text  # and in the bilag


def test_an_archive_of_schema_1_is_upgraded_and_keeps_its_meetings(archive_db, run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.archive import schema
    from aktorskab_cli.archive.store import push
    from aktorskab_cli.exchange.local import read_bundle

    session = make_meeting(tmp_path)
    store = open_store()
    with psycopg.connect(archive_db.url, autocommit=True) as conn:  # as the version before this one left it
        assert schema.migrate(conn, schema.MIGRATIONS[:1]) == (0, 1)
        conn.execute("INSERT INTO aktorskab.access VALUES (%s, 'LMU Skolen%%')", (FACILITATOR,))
        assert push(conn, read_bundle(store, store.session(session)), None).outcome == "new"  # no synthesis yet
    before = run_cli("archive", "list", "--archive", archive_db.url)
    assert (before.exit_code, before.stderr) == (
        1, f"Arkivet har skema 1, denne version af aktorskab bruger skema {len(schema.MIGRATIONS)}: kør aktorskab "
           "archive init (som arkivets ejer)\n")
    upgraded = run_cli("archive", "init", "--archive", archive_db.url)
    assert upgraded.stdout.endswith(f"/{archive_db.dbname} er sat op: skema 1 → {len(schema.MIGRATIONS)}.\n")
    assert (archive_db.count("sessions"), archive_db.count("answers"), archive_db.count("events")) == (1, 2, 2)
    again = run_cli("archive", "push", session, "--archive", archive_db.url)
    assert again.stdout.endswith("uændret i arkivet (version 1) – id " + store.session(session).uuid[:8] + ".\n")
    synthesise(session)
    facilitator = archive_db.url_for(FACILITATOR, FACILITATOR_PASSWORD)
    result = run_cli("archive", "push", session, "--archive", facilitator)
    assert result.exit_code == 0, result.output
    assert "opdateret i arkivet (version 2: opsamlende tekst ændret; sammenfatning tilføjet; 1 afstemning " \
           "tilføjet; 2 stemmer tilføjet)" in result.stdout
    other = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03")
    synthesise(other)
    assert run_cli("archive", "push", other, "--archive", archive_db.url).exit_code == 0  # the owner's
    with psycopg.connect(facilitator, autocommit=True) as conn:  # row-level security covers the new table
        assert conn.execute("SELECT COUNT(*) FROM aktorskab.syntheses").fetchone() == (1,)
    assert archive_db.count("syntheses") == 2


def test_a_nul_character_in_the_synthesis_is_refused_before_anything_is_sent(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    synthesise(session, headline="Tillid\x00")
    result = run_cli("archive", "push", session)
    assert (result.exit_code, result.stderr) == (
        2, f"Møde {session} indeholder et nul-tegn (\\0), som arkivet ikke kan gemme; ret det med: aktorskab "
           f"summary board {session}\n")
    assert archive.count("sessions") == 0
