"""A synthesis stored before point ids were checked may name a point by something that is no uuid. Such a
meeting never travels: `export --format json` and `archive push` refuse it (exit 2, nothing written or sent)
and say how to give the points new ids; `summary draft` gives them new ones, so draft + apply mends it;
`import` refuses a file an older version wrote with such ids, saying the same."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import psycopg
import pytest
from archive_data import ITEM, make_meeting

from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.model import Action, Point, Synthesis
from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
FIX = "giv punkterne nye id'er med: aktorskab summary draft {n} -o udkast.toml og aktorskab summary apply udkast.toml"


def _older_synthesis(session: int) -> None:
    """What `summary apply` stored before it checked ids: a draft's hand-written id = "punkt-1", and an
    action naming it."""
    store = open_store()
    ids = tuple(a.id for a in store.answers(session))
    save_synthesis(store, session, Synthesis(
        points=(Point("Tillid og tid", ids, item=ITEM, category="mening", uuid="punkt-1"),
                Point("Travlhed", (), kind="barrier", detail="Dagen er fuld.")),
        actions=(Action("Aftal mandater", "Ledelsen", "2. kvartal 2026", ("punkt-1",)),)))
    store.close()


def _message(session: int, nothing: str) -> str:
    return (f"Møde {session} har id'er, der ikke er uuid'er (gemt af en ældre version af aktorskab): punktet »Tillid "
            "og tid« (»punkt-1«). Sådan et møde kan ikke læses ind på en anden maskine; "
            f"{FIX.format(n=session)}. {nothing}\n")


def test_the_json_export_refuses_a_point_id_that_is_no_uuid_and_the_draft_mends_it(run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    _older_synthesis(session)
    refused = run_cli("export", str(session), "-o", "moede.json")
    assert (refused.exit_code, refused.stdout, refused.stderr) == (2, "", _message(session, "Intet er skrevet"))
    assert not (tmp_path / "moede.json").exists()
    combined = run_cli("combine", str(session), str(make_meeting(tmp_path, "LMU Dalskolen")), "-o", "alle.json")
    assert (combined.exit_code, combined.stderr) == (2, _message(session, "Intet er skrevet"))
    assert run_cli("export", str(session), "-o", "moede.md").exit_code == 0  # only what travels is refused

    drafted = run_cli("summary", "draft", str(session), "-o", "udkast.toml")  # the fix the message names
    assert drafted.exit_code == 0, drafted.output
    text = (tmp_path / "udkast.toml").read_text(encoding="utf-8")
    new = re.search(r"^\[\[point\]\]  # id (\S+)\n# Nyt id: det gemte \(»punkt-1«\) var ikke et uuid\n", text, re.M)
    assert new and UUID.match(new[1]) and f'points = ["{new[1]}"]' in text and "punkt-1\"" not in text
    applied = run_cli("summary", "apply", "udkast.toml")
    assert applied.exit_code == 0, applied.output
    stored = load_synthesis(open_store(), session)
    assert [p.uuid for p in stored.points][0] == new[1] and stored.actions[0].points == (new[1],)
    assert run_cli("export", str(session), "-o", "moede.json").exit_code == 0
    assert run_cli("--db", tmp_path / "anden.db", "import", "moede.json").exit_code == 0  # and it is read elsewhere


def test_import_refuses_a_file_with_an_older_versions_point_id_and_says_how_to_mend_it(run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    _older_synthesis(session)
    run_cli("summary", "draft", str(session), "-o", "udkast.toml")
    assert run_cli("summary", "apply", "udkast.toml").exit_code == 0
    assert run_cli("export", str(session), "-o", "moede.json").exit_code == 0
    good = (tmp_path / "moede.json").read_text(encoding="utf-8")
    point = json.loads(good)["records"][0]["synthesis"]["points"][0]["uuid"]
    (tmp_path / "gammel.json").write_text(good.replace(point, "punkt-1"), encoding="utf-8")  # as it was exported then
    other = tmp_path / "anden.db"
    result = run_cli("--db", other, "import", "gammel.json")
    at = "møde 1 (»Hvad er aktørskab for os?«), sammenfatning"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "\n".join([
        "gammel.json kan ikke importeres; intet er gemt:",
        f"  • {at}, punkt 1, uuid: skal være et uuid som 3f2a9c1d-…",
        f"  • {at}, handling 1, points nr. 1: skal være et uuid som 3f2a9c1d-…",
        f"  • {at}: punkternes id'er skal være uuid'er; et andet id er gemt af en ældre version af aktorskab. På "
        "maskinen, der skrev filen, giver aktorskab summary draft MØDE -o udkast.toml og aktorskab summary apply "
        "udkast.toml punkterne nye id'er; eksportér så mødet igen med: aktorskab export MØDE --format json"]) + "\n")
    assert not other.exists()


@pytest.mark.postgres
@pytest.mark.slow
def test_push_refuses_a_point_id_that_is_no_uuid_and_sends_nothing(archive, run_cli, tmp_path: Path) -> None:
    good = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03")
    session = make_meeting(tmp_path)
    _older_synthesis(session)
    result = run_cli("archive", "push", "--all")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", _message(session, "Intet er sendt"))
    with psycopg.connect(archive.url) as conn:
        assert conn.execute("SELECT count(*) FROM aktorskab.sessions").fetchone() == (0,)
    run_cli("summary", "draft", str(session), "-o", "udkast.toml")
    assert run_cli("summary", "apply", "udkast.toml").exit_code == 0
    pushed = run_cli("archive", "push", str(good), str(session))
    assert pushed.exit_code == 0, pushed.output


def test_the_refusal_after_db_names_the_mending_commands_with_the_db(run_cli, tmp_path: Path, monkeypatch) -> None:
    session = make_meeting(tmp_path)
    _older_synthesis(session)
    db = os.environ["AKTORSKAB_DB"]
    monkeypatch.setenv("AKTORSKAB_DB", str(tmp_path / "ubrugt.db"))  # the meeting's database is named by --db only
    refused = run_cli("--db", db, "export", str(session), "-o", "moede.json")
    assert Path(db) == tmp_path / "test.db"  # in the current folder: named as it is typed there
    fix = (f"giv punkterne nye id'er med: aktorskab --db test.db summary draft {session} -o udkast.toml og "
           "aktorskab --db test.db summary apply udkast.toml. Intet er skrevet\n")
    assert (refused.exit_code, refused.stdout) == (2, "") and refused.stderr.endswith(fix), refused.stderr
