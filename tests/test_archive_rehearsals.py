"""Rehearsals (`run --speed`) never reach the shared archive, and an archive that has some from before still
gives a year's opsamling of held meetings only; plus what list and combine say when there is nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import psycopg
from archive_data import make_meeting
from conftest import FACILITATOR, FACILITATOR_PASSWORD

from aktorskab_cli.archive.store import push
from aktorskab_cli.exchange.local import read_bundle
from aktorskab_cli.store.db import open_store
from pgserver import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _rehearsal(tmp_path: Path, speed: float = 60) -> int:
    session = make_meeting(tmp_path, date="2026-03-11", texts=("Prøvesvar",))
    store = open_store()
    store.conn.execute("UPDATE sessions SET speed = ? WHERE id = ?", (speed, session))
    store.close()
    return session


def test_push_refuses_a_rehearsal_and_all_skips_them(archive, run_cli, tmp_path: Path) -> None:
    held = make_meeting(tmp_path)
    rehearsal = _rehearsal(tmp_path, 0.5)
    named = run_cli("archive", "push", held, rehearsal)
    assert (named.exit_code, named.stdout, named.stderr) == (
        2, "", f"Møde {rehearsal} er en generalprøve (kørt med --speed 0,5), ikke et afholdt møde; den sendes ikke "
               "til arkivet\n")
    assert archive.count("sessions") == 0
    _rehearsal(tmp_path)
    everything = run_cli("archive", "push", "--all")
    assert everything.exit_code == 0, everything.output
    assert everything.stdout.splitlines()[1:] == [
        "2 generalprøver (kørt med --speed) er sprunget over: en generalprøve er ikke et afholdt møde og sendes ikke "
        "til arkivet."]
    assert archive.count("sessions") == 1


def test_combine_leaves_out_a_rehearsal_already_in_the_archive(archive, run_cli, tmp_path: Path) -> None:
    held = make_meeting(tmp_path)
    rehearsal = _rehearsal(tmp_path)
    store = open_store()
    with psycopg.connect(archive.url, autocommit=True) as conn:  # as push let it through before
        push(conn, read_bundle(store, store.session(rehearsal)), None)
    uuid = store.session(rehearsal).uuid
    only = run_cli("combine", "--from-archive", "-o", "aar.md")
    assert (only.exit_code, only.stderr) == (
        2, f"Arkivet har kun 1 generalprøve, der passer til dit valg ({uuid[:8]}), og en generalprøve er ikke et "
           "afholdt møde; se møderne med: aktorskab archive list\n")
    assert run_cli("archive", "push", held).exit_code == 0
    result = run_cli("combine", "--from-archive", "-o", "aar.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Opsamlingen er skrevet til aar.md (2 svar fra 1 møde i arkivet).\n"
    assert result.stderr == (f"Bemærk: 1 generalprøve i arkivet er udeladt ({uuid[:8]}): en generalprøve er ikke et "
                             "afholdt møde.\n")
    text = (tmp_path / "aar.md").read_text(encoding="utf-8")
    assert "Generalprøve" not in text and "Prøvesvar" not in text


def test_an_empty_list_says_why(archive, run_cli, tmp_path: Path) -> None:
    empty = run_cli("archive", "list")
    assert empty.stdout == "Arkivet har ingen møder endnu. Send et med: aktorskab archive push MØDE\n"
    assert run_cli("archive", "push", make_meeting(tmp_path)).exit_code == 0
    anne = archive.url_for(FACILITATOR, FACILITATOR_PASSWORD)  # no row in aktorskab.access yet
    blind = run_cli("archive", "list", "--archive", anne)
    assert (blind.exit_code, blind.stdout) == (
        0, "Du kan ikke se nogen møder i arkivet: din rolle har ikke fået adgang til nogen organisations møder. "
           "Spørg IT om adgang (se README, »Fælles arkiv«: tabellen aktorskab.access).\n")
    combined = run_cli("combine", "--from-archive", "-o", "x.md", "--archive", anne)
    assert (combined.exit_code, combined.stderr) == (2, blind.stdout)
    filtered = run_cli("archive", "list", "--agenda", "temadag", "--archive", anne)
    assert filtered.stdout == "Arkivet har ingen møder, der passer til dit valg.\n"


def test_read_only_commands_do_not_talk_about_the_local_database(run_cli, tmp_path: Path) -> None:
    port = free_port()
    url = f"postgresql://anne@127.0.0.1:{port}/aktorskab"
    where = f"anne@127.0.0.1:{port}/aktorskab"
    for args in (["archive", "list"], ["archive", "init"], ["combine", "--from-archive", "-o", "x.md"]):
        result = run_cli(*args, "--archive", url)
        assert (result.exit_code, result.stderr) == (
            1, f"Arkivet {where} kan ikke nås: serveren svarer ikke. Prøv igen senere med samme kommando.\n"), args
    pulled = run_cli("archive", "pull", "deadbeef", "--archive", url)
    assert pulled.stderr == (f"Arkivet {where} kan ikke nås: serveren svarer ikke. Intet er ændret i din lokale "
                             "database; prøv igen senere med samme kommando.\n")


def test_an_unplaced_answer_in_an_archived_meeting_says_how_to_place_it(archive, run_cli, tmp_path: Path) -> None:
    from archive_data import ITEM, synthesise
    from aktorskab_cli.store.records import Answer

    session = make_meeting(tmp_path)
    synthesise(session)
    open_store().add_answer(session, Answer(ITEM, "Gruppe 3", "Kom for sent"))
    assert run_cli("archive", "push", session).exit_code == 0
    uuid = open_store().session(session).uuid
    result = run_cli("combine", "--from-archive", "-o", "aar.md")
    assert result.stderr == (
        f"Bemærk: 1 nyt svar i møde {uuid[:8]} er endnu ikke samlet (det står under »Nye svar, endnu ikke samlet«); "
        f"hent mødet med: aktorskab archive pull {uuid[:8]}, placér det med: aktorskab summary board MØDE (det "
        "nummer, pull nævner), og send mødet igen med: aktorskab archive push MØDE\n")


def test_the_readme_it_steps_work_for_an_admin_who_is_not_superuser(pg_server) -> None:
    """README's »For IT« SQL, run as an administrator with CREATEROLE and CREATEDB only (names made unique)."""
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### For IT.*?```sql\n(.*?)```", readme, re.S).group(1)
    n = free_port()
    for old, new in (("aktorskab_owner", f"readme_owner_{n}"), ("aktorskab_facilitator", f"readme_fac_{n}"),
                     ("DATABASE aktorskab ", f"DATABASE readme_{n} "), ("ROLE anne ", f"ROLE readme_anne_{n} ")):
        block = block.replace(old, new)
    admin = f"readme_admin_{n}"
    with psycopg.connect(pg_server.admin_dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {admin} LOGIN CREATEROLE CREATEDB")
    with psycopg.connect(pg_server.admin_dsn().replace("user=postgres", f"user={admin}"), autocommit=True) as conn:
        for statement in block.splitlines():
            conn.execute(statement.split("--")[0])
        owner = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
                             (f"readme_{n}",)).fetchone()
        member = conn.execute("SELECT pg_has_role(%s, 'MEMBER')", (f"readme_owner_{n}",)).fetchone()
    assert owner == (f"readme_owner_{n}",) and member == (False,)
