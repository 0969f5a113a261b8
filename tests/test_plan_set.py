"""`aktorskab plan set`: a status set by hand, a new due date (--ny-frist), and what it refuses."""

from __future__ import annotations

import json

import pytest

from plan_data import ANSWER, KEY as BUNDLED, stored_rows


def test_set_records_a_change_and_show_json_has_the_contract(run_cli, tmp_path):
    done = run_cli("plan", "set", BUNDLED, "kcl", "gennemført", "--note", "Holdt på KCL 12. december")
    assert (done.exit_code, done.stdout) == (0, "»Tema på KCL i december« (kcl) er nu »gennemført«.\n")
    data = json.loads(run_cli("plan", "show", BUNDLED, "--json").stdout)
    assert list(data) == ["title", "entries"] and data["title"] == "Aktørskab 2025-2026"
    kcl = next(e for e in data["entries"] if e["id"] == "kcl")
    assert list(kcl) == ["id", "what", "who", "when", "due", "kind", "status", "held", "trail"]
    assert (kcl["kind"], kcl["status"], kcl["when"], kcl["held"]) == ("task", "gennemfoert", "4. kvartal 2025", [])
    [line] = kcl["trail"]
    assert (list(line), line["status"], line["note"], line["meeting"], line["due"]) == (
        ["status", "note", "date", "meeting", "due"], "gennemfoert", "Holdt på KCL 12. december", None, None)
    assert stored_rows(tmp_path, "plan_programmes")[0][0] == BUNDLED  # the programme is kept with its first change


@pytest.mark.parametrize("args, message", [
    (("kcl", "færdig"), "»færdig« er ikke en status; brug en af: ikke startet, i gang, gennemført, ændret, droppet\n"),
    (("omu-adm", "i gang"), "Posten »omu-adm« findes ikke i programmet »aktorskab-2025-2026« (Aktørskab 2025-2026); "
                            "mente du »omu-administration«?\n"),
    (("kcl", "i gang", "--session", "7"), "Møde 7 findes ikke; se møderne med: aktorskab sessions\n"),
])
def test_set_refuses_bad_input_and_stores_nothing(run_cli, tmp_path, args, message):
    result = run_cli("plan", "set", BUNDLED, *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert stored_rows(tmp_path, "plan_changes") == [] and stored_rows(tmp_path, "plan_programmes") == []


def _quarter_after(days: int) -> str:
    import datetime as dt

    day = dt.date.today() + dt.timedelta(days=days)
    return f"{(day.month - 1) // 3 + 1}. kvartal {day.year}"


def test_set_with_a_new_due_moves_the_entry_so_it_is_no_longer_late_and_the_trail_says_so(run_cli, tmp_path):
    later = _quarter_after(400)
    done = run_cli("plan", "set", BUNDLED, "omu-boerne-og-familieomraadet", "ændret", "--ny-frist", later,
                   "--note", "Flyttet efter omorganisering")
    assert (done.exit_code, done.stdout) == (0, "»Dialogmøder i OMU« (omu-boerne-og-familieomraadet) er nu »ændret«, "
                                                f"flyttet fra 2. kvartal 2026 til {later}.\n")
    shown = run_cli("plan", "show", BUNDLED).stdout
    line = next(line for line in shown.splitlines() if "• Børne- og familieområdet" in line)
    assert "ændret" in line and "forsinket" not in line
    assert f"        flyttet fra 2. kvartal 2026 til {later}" in shown
    assert "»Dialogmøder i OMU: Børne- og familieområdet«" not in shown.split("Forsinket")[-1]
    entry = next(e for e in json.loads(run_cli("plan", "show", BUNDLED, "--json").stdout)["entries"]
                 if e["id"] == "omu-boerne-og-familieomraadet")
    assert (entry["when"], entry["due"], entry["trail"][0]["due"]) == ("2. kvartal 2026", later, later)
    going = run_cli("plan", "set", BUNDLED, "omu-boerne-og-familieomraadet", "i gang")  # no new due: the move stays
    assert going.stdout == "»Dialogmøder i OMU« (omu-boerne-og-familieomraadet) er nu »i gang«.\n"
    assert [r[-1] for r in stored_rows(tmp_path, "plan_changes")] == [later, None]
    assert "i gang – forsinket" not in run_cli("plan", "show", BUNDLED).stdout
    assert run_cli("plan", "ics", BUNDLED, "-o", "plan.ics").exit_code == 0
    from icalendar import Calendar

    [event] = [e for e in Calendar.from_ical((tmp_path / "plan.ics").read_bytes()).walk("VEVENT")
               if str(e["uid"]) == f"{BUNDLED}.omu-boerne-og-familieomraadet.frist@aktorskab"]
    assert str(event["description"]) == f"Aktørskab 2025-2026 · {later} · status: i gang"  # the event moves along


@pytest.mark.parametrize("args, message", [
    (("ændret", "--ny-frist", "13. kvartal 2026"),
     "--ny-frist »13. kvartal 2026« kan ikke læses; skriv et kvartal som »3. kvartal 2026« (eller »2026 K3«), en dato "
     "som 2026-09-30 eller »30. september 2026«, eller »løbende«\n"),
    (("gennemført", "--ny-frist", "3. kvartal 2026"),
     "--ny-frist passer ikke til »gennemført«: en post, der er gennemført eller droppet, har ingen frist. Brug den med "
     "»ikke startet«, »i gang« eller »ændret«\n"),
    (("ændret", "--ny-frist", "2. kvartal 2026"),
     "--ny-frist »2. kvartal 2026« er postens frist i forvejen; angiv en anden, eller sæt status uden --ny-frist\n"),
])
def test_set_refuses_a_bad_new_due_and_stores_nothing(run_cli, tmp_path, args, message):
    result = run_cli("plan", "set", BUNDLED, "omu-boerne-og-familieomraadet", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert stored_rows(tmp_path, "plan_changes") == [] and stored_rows(tmp_path, "plan_programmes") == []


def test_a_status_from_an_older_meeting_typed_in_later_does_not_win_over_a_newer_one(run_cli, tmp_path):
    assert run_cli("plan", "set", BUNDLED, "kcl", "gennemført").exit_code == 0  # set now
    (tmp_path / "svar.toml").write_text(ANSWER + '[[status]]\nentry = "kcl"\nstatus = "i gang"\n', encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml", "--plan", f"{BUNDLED}:omu-administration",
                   "--date", "2025-11-20").exit_code == 0
    data = {e["id"]: e for e in json.loads(run_cli("plan", "show", BUNDLED, "--json").stdout)["entries"]}
    assert data["kcl"]["status"] == "gennemfoert"
    assert [(t["status"], t["date"][:10]) for t in data["kcl"]["trail"]][0] == ("i-gang", "2025-11-20")
