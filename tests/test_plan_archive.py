"""The programme travels with `archive push` and comes back with `pull`: its version, every status change made
on a laptop (events, never overwritten) and the entries meetings were held for; row-level security per
organisation; the status report from the archive shows every laptop's meetings and changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from conftest import FACILITATOR, FACILITATOR_PASSWORD
from plan_data import KEY, a_year, at, hold, remember, set_status

from aktorskab_cli.archive.plan_sync import archive_facts
from aktorskab_cli.programme.catalogue import load
from aktorskab_cli.programme.report_build import build_report
from aktorskab_cli.programme.report_read import local_facts
from aktorskab_cli.programme.storage import session_link, status_changes, stored_programme
from aktorskab_cli.store.db import open_store

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
TODAY = dt.date(2026, 12, 4)


def _archive_report(url: str):  # noqa: ANN202
    with psycopg.connect(url, autocommit=True) as conn:
        programme, facts = archive_facts(conn, KEY, None)
    return build_report(programme, facts.changes, facts.held, facts.meetings, today=TODAY)


def _local_report(db: Path | None = None):  # noqa: ANN202
    store = open_store(db)
    programme = load(KEY, store)[0]
    facts = local_facts(store, programme)
    store.close()
    return build_report(programme, facts.changes, facts.held, facts.meetings, today=TODAY)


def _said(report) -> list:  # noqa: ANN001
    return [(e.id, e.status, e.late, [m.label for m in e.held],
             [(s.status, s.note, s.meeting, s.set_at) for s in e.trail], e.disagreement) for e in report.entries]


def test_push_all_carries_the_programme_its_changes_and_links(archive, run_cli, tmp_path: Path) -> None:
    a_year(tmp_path)
    first = run_cli("archive", "push", "--all")
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-1] == (
        "Programmet »aktorskab-2025-2026« (Aktørskab 2025-2026): 6 statusændringer sendt, og denne udgave af "
        "programmet.")
    assert [archive.count(t) for t in ("sessions", "programmes", "status_changes", "plan_links")] == [3, 1, 6, 3]
    again = run_cli("archive", "push", "--all")
    assert again.stdout.splitlines()[-1] == (
        "Programmet »aktorskab-2025-2026« (Aktørskab 2025-2026): 0 statusændringer sendt.")
    assert archive.count("status_changes") == 6
    assert _said(_archive_report(archive.url)) == _said(_local_report())  # the archive says what the laptop says


def test_push_of_one_meeting_carries_its_link_and_every_change_made_here(archive, run_cli, tmp_path: Path) -> None:
    remember()
    session, uuid = hold(tmp_path, "omu-administration", "OMU Administrationen", "2025-11-12")
    hold(tmp_path, "omu-socialomraadet", "OMU Socialområdet", "2026-02-02")
    set_status("kcl", "gennemfoert", at("2025-12-10"))
    result = run_cli("archive", "push", session)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Programmet »aktorskab-2025-2026« (Aktørskab 2025-2026): 1 statusændring sendt, "
                                  "og denne udgave af programmet.\n")
    assert archive.count("plan_links") == 1
    assert archive.count("plan_links", "session_uuid = %s AND entry_id = 'omu-administration'", (uuid,)) == 1


def test_pull_brings_the_meetings_entry_the_programme_and_its_changes(archive, run_cli, tmp_path: Path) -> None:
    meetings = a_year(tmp_path)
    assert run_cli("archive", "push", "--all").exit_code == 0
    other = tmp_path / "hr.db"
    pulled = run_cli("--db", other, "archive", "pull", meetings["omu-administration"][:8])
    assert pulled.exit_code == 0, pulled.output
    assert pulled.stdout.splitlines()[-1] == ("Mødet er holdt for »omu-administration« i programmet "
                                              "»aktorskab-2025-2026« (Aktørskab 2025-2026); 6 nye statusændringer hentet.")
    store = open_store(other)
    local = store.session_by_uuid(meetings["omu-administration"])
    assert session_link(store, local.id) == (KEY, "omu-administration")
    assert stored_programme(store, KEY)[0].title == "Aktørskab 2025-2026"
    assert len(status_changes(store, KEY)) == 6
    store.close()
    again = run_cli("--db", other, "archive", "pull", meetings["omu-administration"][:8])
    assert again.stdout.splitlines()[-1].endswith("0 nye statusændringer hentet.")


def test_two_laptops_changing_one_entry_both_keep_their_change(archive, run_cli, tmp_path: Path) -> None:
    anne, bo = tmp_path / "anne.db", tmp_path / "bo.db"
    for db in (anne, bo):
        remember(db)
    set_status("kcl", "i-gang", at("2026-03-12", 9), "Anne: vi er i gang", db=anne)
    set_status("kcl", "gennemfoert", at("2026-03-12", 15), "Bo: holdt i december", db=bo)
    for db in (bo, anne):  # the later change is pushed first: order decides nothing
        assert run_cli("--db", db, "archive", "push", "--all").exit_code == 0
    [kcl] = [e for e in _archive_report(archive.url).entries if e.id == "kcl"]
    assert [(s.status, s.note, s.current) for s in kcl.trail] == [
        ("i gang", "Anne: vi er i gang", False), ("gennemført", "Bo: holdt i december", True)]
    assert kcl.status == "gennemført"
    assert kcl.disagreement == ("»i gang« og »gennemført« blev sat samme dag, 12. marts 2026; »gennemført« gælder "
                                "(sat senest).")
    shown = run_cli("--db", tmp_path / "hr.db", "plan", "show", KEY, "--from-archive")
    assert shown.exit_code == 0, shown.output
    assert "Bemærk: »Tema på KCL i december« fik to forskellige statusser 12. marts 2026: »i gang«" in shown.stdout
    assert "og »gennemført«" in shown.stdout and shown.stdout.rstrip().endswith("den sidste gælder.")


def test_a_facilitator_pushes_only_their_organisations_changes(archive, run_cli, tmp_path: Path) -> None:
    with archive.admin() as conn:
        conn.execute("INSERT INTO aktorskab.access VALUES (%s, 'OMU Administrationen')", (FACILITATOR,))
    remember()
    session, uuid = hold(tmp_path, "omu-administration", "OMU Administrationen", "2025-11-12")
    set_status("omu-administration", "gennemfoert", at("2025-11-12", 15), "Godt møde", session=uuid, origin="live")
    set_status("kcl", "i-gang", at("2025-12-01"))  # the programme's own organisation: not hers
    result = run_cli("archive", "push", session, "--archive", archive.url_for(FACILITATOR, FACILITATOR_PASSWORD))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Programmet »aktorskab-2025-2026« (Aktørskab 2025-2026): 1 statusændring sendt. 1 statusændring fra "
        "organisationer, din rolle ikke må sende for, bliver på denne maskine; spørg IT om adgang, eller lad en med "
        "adgang sende dem.")
    assert (archive.count("status_changes"), archive.count("programmes"), archive.count("plan_links")) == (1, 0, 1)
    assert run_cli("archive", "push", session).stdout.splitlines()[-1] == (  # the owner sends the rest later
        "Programmet »aktorskab-2025-2026« (Aktørskab 2025-2026): 1 statusændring sendt, og denne udgave af "
        "programmet.")


def test_plan_status_and_show_from_the_archive_hold_every_laptops_work(archive, run_cli, tmp_path: Path) -> None:
    anne, bo, hr = tmp_path / "anne.db", tmp_path / "bo.db", tmp_path / "hr.db"
    remember(anne), remember(bo)
    _, adm = hold(tmp_path, "omu-administration", "OMU Administrationen", "2025-11-12", db=anne)
    _, soc = hold(tmp_path, "omu-socialomraadet", "OMU Socialområdet", "2026-02-02", db=bo)
    set_status("kcl", "gennemfoert", at("2025-12-10"), "Temaet blev drøftet", db=bo)
    for db in (anne, bo):
        assert run_cli("--db", db, "archive", "push", "--all").exit_code == 0
    local = run_cli("--db", hr, "plan", "status", KEY, "-o", "lokal.json")
    assert "0 af 5 planlagte møder holdt" in local.stdout
    result = run_cli("--db", hr, "plan", "status", KEY, "--from-archive", "-o", "status.json")
    assert result.exit_code == 0, result.output
    assert "2 af 5 planlagte møder holdt" in result.stdout
    assert result.stdout.endswith(  # a facilitator's role sees only its organisations' meetings
        "alle maskiners møder og statusændringer fra arkivet, som din rolle har adgang til).\n")
    import json

    data = {e["id"]: e for e in json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))["entries"]}
    assert [m["uuid"] for m in data["omu-administration"]["held"]] == [adm]
    assert [m["uuid"] for m in data["omu-socialomraadet"]["held"]] == [soc]
    assert (data["kcl"]["status"], data["kcl"]["trail"][0]["note"]) == ("gennemført", "Temaet blev drøftet")
    shown = run_cli("--db", hr, "plan", "show", KEY, "--from-archive")
    assert shown.exit_code == 0, shown.output
    assert f"møde på en anden computer (id {adm[:8]}) · 12. november 2025" in shown.stdout  # archive pull ID
    assert "»Temaet blev drøftet« (10. december 2025)" in shown.stdout
    as_json = json.loads(run_cli("--db", hr, "plan", "show", KEY, "--from-archive", "--json").stdout)
    assert {e["id"]: e["status"] for e in as_json["entries"]}["omu-socialomraadet"] == "gennemfoert"
    assert f"møde på en anden computer (id {soc[:8]}) · 2. februar 2026 · OMU Socialområdet\n" in shown.stdout  # who
    own = run_cli("--db", anne, "plan", "show", KEY, "--from-archive").stdout  # a meeting of this laptop: its number
    assert "        møde 1 · 12. november 2025\n" in own
    assert f"møde på en anden computer (id {soc[:8]}) · 2. februar 2026" in own
    assert f"(id {adm[:8]})" not in own


def test_a_programme_only_the_archive_knows_is_reported_from_it(archive, run_cli, tmp_path: Path) -> None:
    own = tmp_path / "eget-program.toml"
    own.write_text('title = "Vores eget årshjul"\norganisation = "Norddjurs Kommune"\n\n[[entry]]\nid = "lmu"\n'
                   'what = "Dialog i alle LMU\'er"\nwhen = "2. kvartal 2026"\n', encoding="utf-8")
    anne = tmp_path / "anne.db"
    remember(anne, str(own))
    set_status("lmu", "i-gang", at("2026-04-20"), "Fem af ni LMU'er", db=anne, key="eget-program")
    assert run_cli("--db", anne, "archive", "push", "--all").exit_code == 0
    own.unlink()
    missing = run_cli("--db", tmp_path / "hr.db", "plan", "status", "eget-program", "-o", "s.md")
    assert missing.exit_code == 2 and missing.stderr.startswith("Programmet »eget-program« findes ikke")
    result = run_cli("--db", tmp_path / "hr.db", "plan", "status", "eget-program", "--from-archive", "-o", "s.md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert text.startswith("# Vores eget årshjul\n")
    assert "- Dialog i alle LMU'er – **i gang**" in text
    nowhere = run_cli("--db", tmp_path / "hr.db", "plan", "status", "andet", "--from-archive", "-o", "t.md")
    assert nowhere.exit_code == 2 and nowhere.stderr.startswith("Programmet »andet« findes ikke")


def test_push_all_with_nothing_to_send_says_how_a_programme_goes(archive, run_cli, tmp_path: Path) -> None:
    """A user trial: HR's first push of a new programme, no meeting held and no status set, said »Der er ingen
    møder endnu (ingen database …). Start et med: aktorskab run temadag« with exit 2."""
    told = ("Der er intet at sende: ingen møder, og intet program er brugt på denne computer endnu. Et program sendes "
            "med, når det er brugt her: en status sat med aktorskab --db {db} plan set, eller et møde holdt for en af "
            "dets poster.\n")
    fresh = run_cli("--db", tmp_path / "hr.db", "archive", "push", "--all")
    assert (fresh.exit_code, fresh.stdout, fresh.stderr) == (0, told.format(db="hr.db"), "")
    assert not (tmp_path / "hr.db").exists()
    open_store(tmp_path / "tom.db").close()  # a database with nothing in it
    empty = run_cli("--db", tmp_path / "tom.db", "archive", "push", "--all")
    assert (empty.exit_code, empty.stdout) == (0, told.format(db="tom.db"))
    assert archive.count("programmes") == 0
    one = run_cli("--db", tmp_path / "hr.db", "archive", "push", "3")  # a meeting named: still refused
    assert one.exit_code == 2 and one.stderr.startswith("Der er ingen møder endnu (ingen database i ")
