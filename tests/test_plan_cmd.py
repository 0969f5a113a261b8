"""`aktorskab plan …` as a programme owner uses it, and meetings linked to entries by run and import."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

BUNDLED = "aktorskab-2025-2026"
ANSWER = '[[answer]]\nitem = "mening-og-svaert"\ngroup = "Gruppe 1"\ntext = "Vi skal kende vores mandat"\n'


def _rows(tmp_path: Path, table: str) -> list[tuple]:
    db = tmp_path / "test.db"
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        conn.close()


def test_new_from_the_bundled_programme_copies_it_and_it_checks(run_cli, tmp_path):
    made = run_cli("plan", "new", "aktorskab-2025-2026.toml", "--from", BUNDLED)
    assert made.exit_code == 0, made.output
    assert (tmp_path / "aktorskab-2025-2026.toml").read_text(encoding="utf-8").count("\n[[entry]]\n") == 11
    checked = run_cli("plan", "check", "aktorskab-2025-2026.toml")
    assert (checked.exit_code, checked.stdout) == (0, "✓ aktorskab-2025-2026.toml: 11 poster (5 møder, 6 opgaver)\n")
    again = run_cli("plan", "new", "aktorskab-2025-2026.toml")
    assert (again.exit_code, again.stderr) == (
        2, "aktorskab-2025-2026.toml findes allerede; vælg et andet navn eller brug --force for at overskrive\n")


def test_a_copy_under_another_name_says_its_name_and_its_comment_uses_it(run_cli, tmp_path):
    """The programme's name is the file's: a copy named aar.toml is »aar«, and meetings held for the bundled
    »aktorskab-2025-2026« do not count in it; the copy says so, and its own comment names »aar«."""
    made = run_cli("plan", "new", "aar.toml", "--from", BUNDLED)
    assert made.exit_code == 0, made.output
    assert made.stderr == (
        "Bemærk: programmet hedder »aar« (filens navn), og det er det, møderne skal nævne: plan = \"aar:POST\" i "
        "dagsordenen eller --plan aar:POST. Møder og statusser for »aktorskab-2025-2026« tæller ikke med i det; vil "
        "du bygge videre på dem, så kald filen aktorskab-2025-2026.toml.\n")
    text = (tmp_path / "aar.toml").read_text(encoding="utf-8")
    assert 'plan = "aar:omu-administration"' in text and f'plan = "{BUNDLED}:' not in text
    assert run_cli("plan", "check", "aar.toml").exit_code == 0
    assert text.splitlines()[1] == ("# Tjek det med:   aktorskab plan check aar.toml      Se status med:   "
                                    "aktorskab plan show aar.toml")
    same = run_cli("plan", "new", f"{BUNDLED}.toml", "--from", BUNDLED)
    assert same.exit_code == 0 and same.stderr == ""
    assert (tmp_path / f"{BUNDLED}.toml").read_text(encoding="utf-8").splitlines()[1] == (
        f"# Tjek det med:   aktorskab plan check {BUNDLED}.toml      Se status med:   aktorskab plan show {BUNDLED}.toml")


def test_check_takes_a_bundled_name_too(run_cli):
    assert run_cli("plan", "check", BUNDLED).stdout == "✓ aktorskab-2025-2026: 11 poster (5 møder, 6 opgaver)\n"


def test_a_blank_new_programme_checks(run_cli):
    assert run_cli("plan", "new", "mit.toml").exit_code == 0
    assert run_cli("plan", "check", "mit.toml").stdout == "✓ mit.toml: 2 poster (1 møde, 1 opgave)\n"


def test_check_reports_every_problem_of_every_file_and_exits_2(run_cli, tmp_path):
    (tmp_path / "god.toml").write_text('title = "x"\n[[entry]]\nwhat = "a"\nwhen = "løbende"\n', encoding="utf-8")
    (tmp_path / "daarlig.toml").write_text(
        'title = "x"\n[[entry]]\nid = "a"\nwhat = "a"\nwhen = "6. kvartal 2026"\nagenda = "dialogmode"\n'
        '[[entry]]\nid = "a"\nwhat = "b"\nwhen = "2026 K2"\n', encoding="utf-8")
    result = run_cli("plan", "check", "god.toml", "daarlig.toml")
    assert result.exit_code == 2
    assert result.stdout == "✓ god.toml: 1 post (0 møder, 1 opgave)\n"
    assert result.stderr == (
        "daarlig.toml kan ikke bruges:\n"
        "  • daarlig.toml, linje 5, [[entry]] nr. 1, when: »6. kvartal 2026« kan ikke læses: der er kun fire "
        "kvartaler; skriv et kvartal (»4. kvartal 2025«, »2025 K4«, »3.-4. kvartal 2026«), en dato (2026-04-07) "
        "eller »løbende«\n"
        "  • daarlig.toml, linje 6, [[entry]] nr. 1, agenda: dagsordenen »dialogmode« findes ikke – hverken som "
        "indbygget dagsorden eller som fil ved siden af daarlig.toml; mente du »dialogmoede«?\n"
        "  • daarlig.toml, linje 8, [[entry]] nr. 2, id: »a« bruges også af post 1; giv posterne forskellige id'er\n")


def test_a_missing_when_is_said_once(run_cli, tmp_path):
    """A user trial: an entry without when got »mangler« and a second line about a »?« nobody wrote."""
    (tmp_path / "uden.toml").write_text('title = "x"\n[[entry]]\nwhat = "Video"\nhvornaar = "løbende"\n',
                                        encoding="utf-8")
    result = run_cli("plan", "check", "uden.toml")
    assert (result.exit_code, result.stderr) == (2, (
        "uden.toml kan ikke bruges:\n"
        "  • uden.toml, linje 2, [[entry]] nr. 1, when: mangler; tilføj when = …\n"
        "  • uden.toml, linje 4, [[entry]] nr. 1, hvornaar: er ikke et kendt felt; mente du »when«?\n"))


def test_show_lists_the_quarters_in_order_with_status_and_id(run_cli):
    result = run_cli("plan", "show", BUNDLED)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Aktørskab 2025-2026 · Norddjurs Kommune"
    headings = [line for line in lines if line.endswith(("kvartal 2025", "kvartal 2026"))]
    assert headings == ["4. kvartal 2025", "1. kvartal 2026", "2. kvartal 2026", "3.-4. kvartal 2026"]
    assert any(line.startswith("  Dialogmøder i OMU") and line.strip() == "Dialogmøder i OMU" for line in lines)
    social = next(line for line in lines if "• Socialområdet" in line)
    assert "ikke startet" in social and social.endswith("omu-socialomraadet")
    assert not (Path.cwd() / "test.db").exists()  # looking stores nothing


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
    assert _rows(tmp_path, "plan_programmes")[0][0] == BUNDLED  # the programme is kept with its first change


@pytest.mark.parametrize("args, message", [
    (("kcl", "færdig"), "»færdig« er ikke en status; brug en af: ikke startet, i gang, gennemført, ændret, droppet\n"),
    (("omu-adm", "i gang"), "Posten »omu-adm« findes ikke i programmet »aktorskab-2025-2026« (Aktørskab 2025-2026); "
                            "mente du »omu-administration«?\n"),
    (("kcl", "i gang", "--session", "7"), "Møde 7 findes ikke; se møderne med: aktorskab sessions\n"),
])
def test_set_refuses_bad_input_and_stores_nothing(run_cli, tmp_path, args, message):
    result = run_cli("plan", "set", BUNDLED, *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert _rows(tmp_path, "plan_changes") == [] and _rows(tmp_path, "plan_programmes") == []


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
    assert [r[-1] for r in _rows(tmp_path, "plan_changes")] == [later, None]
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
    assert _rows(tmp_path, "plan_changes") == [] and _rows(tmp_path, "plan_programmes") == []


def test_an_unknown_programme_is_named_with_the_bundled_ones(run_cli):
    result = run_cli("plan", "show", "aarshjul-2027")
    assert result.exit_code == 2
    assert result.stderr.startswith("Programmet »aarshjul-2027« findes ikke: hverken som fil, som indbygget program "
                                    "eller som et program, der er brugt på denne computer.\n"
                                    "Indbyggede programmer: aktorskab-2025-2026.\n")
    near = run_cli("plan", "show", "aktorskab-2025-2026.tml")  # a near miss says which one was meant
    assert near.stderr.splitlines()[0] == (
        "Programmet »aktorskab-2025-2026.tml« findes ikke: hverken som fil, som indbygget program eller som et "
        "program, der er brugt på denne computer; mente du »aktorskab-2025-2026«?")


def test_ics_has_a_due_day_per_entry_and_the_meetings_held(run_cli, tmp_path):
    from icalendar import Calendar

    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml", "--plan", f"{BUNDLED}:omu-administration",
                   "--date", "2025-11-20").exit_code == 0
    result = run_cli("plan", "ics", BUNDLED, "-o", "plan.ics")
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 12  # 11 entries with a due day, 1 meeting held
    kcl = events[f"{BUNDLED}.kcl.frist@aktorskab"]
    assert (str(kcl["summary"]), kcl.decoded("dtstart").isoformat()) == ("Frist: Tema på KCL i december", "2025-12-31")
    span = events[f"{BUNDLED}.vision-og-forenkling.frist@aktorskab"]
    assert span.decoded("dtstart").isoformat() == "2026-12-31"  # 3.-4. kvartal: the last day of the last quarter
    held = next(e for e in events.values() if str(e["summary"]).startswith("Holdt:"))
    assert held.decoded("dtstart").isoformat() == "2025-11-20"
    # a user trial: every OMU's meeting stood in Outlook as »Holdt: Dialogmøde med Områdeudvalg«; the entry tells them apart
    assert (str(held["summary"]), str(held["description"])) == (
        "Holdt: Dialogmøde i OMU Administrationen", "Aktørskab 2025-2026 · Dialogmøde med Områdeudvalg")
    assert str(calendar["x-wr-calname"]) == "Aktørskab 2025-2026"


def test_import_with_plan_marks_the_entry_held_and_stores_the_files_statuses(run_cli, tmp_path):
    (tmp_path / "svar.toml").write_text(
        ANSWER + '[[status]]\nentry = "kcl"\nstatus = "i gang"\nnote = "Dagsorden sendt"\n', encoding="utf-8")
    result = run_cli("import", "dialogmoede", "svar.toml", "--plan", f"{BUNDLED}:omu-administration",
                     "--date", "2025-11-20")
    assert result.exit_code == 0, result.output
    assert "Holdt for aktorskab-2025-2026:omu-administration. 1 status i programmet aktorskab-2025-2026 gemt." in result.stderr
    again = run_cli("collect", "1", "--from", "svar.toml")  # the same file again adds nothing
    assert "status" not in again.stdout
    data = {e["id"]: e for e in json.loads(run_cli("plan", "show", BUNDLED, "--json").stdout)["entries"]}
    adm = data["omu-administration"]
    assert (adm["status"], [h["date"] for h in adm["held"]]) == ("gennemfoert", ["2025-11-20"])
    assert [t["note"] for t in adm["trail"]] == ["møde holdt"]
    assert (data["kcl"]["status"], data["kcl"]["trail"][0]["meeting"]) == ("i-gang", adm["held"][0]["uuid"])
    shown = run_cli("plan", "show", BUNDLED).stdout
    assert "        møde 1 · 20. november 2025\n" in shown


@pytest.mark.parametrize("plan, message", [
    (f"{BUNDLED}:omu-adm", "Posten »omu-adm« findes ikke i programmet »aktorskab-2025-2026« (Aktørskab 2025-2026); "
                           "mente du »omu-administration«?\n"),
    ("aktorskab-2027:x", "Programmet »aktorskab-2027« findes ikke"),
    ("aktorskab-2025-2026", "»aktorskab-2025-2026« skal skrives PROGRAM:POST, fx aktorskab-2025-2026:omu-administration\n"),
])
def test_import_and_run_with_a_plan_that_does_not_exist_store_nothing(run_cli, tmp_path, plan, message):
    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    for args in (("import", "dialogmoede", "svar.toml"), ("run", "dialogmoede", "--auto")):
        result = run_cli(*args, "--plan", plan)
        assert result.exit_code == 2 and result.stderr.startswith(message), result.stderr
        assert _rows(tmp_path, "sessions") == []


def test_a_status_in_an_answers_file_is_checked_with_the_answers(run_cli, tmp_path):
    (tmp_path / "svar.toml").write_text(
        ANSWER + '[[status]]\nentry = "kcll"\nstatus = "færdig"\n', encoding="utf-8")
    result = run_cli("import", "dialogmoede", "svar.toml", "--plan", f"{BUNDLED}:omu-administration")
    assert (result.exit_code, result.stderr) == (2, (
        "svar.toml kan ikke bruges – intet er gemt:\n"
        "  • svar.toml, status 1 (linje 6), entry: Posten »kcll« findes ikke i programmet »aktorskab-2025-2026« "
        "(Aktørskab 2025-2026); mente du »kcl«?\n"
        "  • svar.toml, status 1 (linje 7), status: »færdig« er ikke en status; brug en af: ikke startet, i gang, "
        "gennemført, ændret, droppet\n"))
    assert _rows(tmp_path, "sessions") == []
    without = run_cli("import", "dialogmoede", "svar.toml")
    assert without.exit_code == 2 and "svar.toml, status 1 (linje 5): mødet hører ikke til en post i et program" \
        in without.stderr


def test_a_status_in_an_answers_file_may_move_its_entry_with_due(run_cli, tmp_path):
    (tmp_path / "svar.toml").write_text(
        ANSWER + '[[status]]\nentry = "omu-socialomraadet"\nstatus = "ændret"\ndue = "2026 K4"\n'
        'note = "Mødet er flyttet"\n', encoding="utf-8")
    result = run_cli("import", "dialogmoede", "svar.toml", "--plan", f"{BUNDLED}:omu-administration",
                     "--date", "2026-05-20")
    assert result.exit_code == 0, result.output
    again = run_cli("collect", "1", "--from", "svar.toml")  # the same file again adds nothing
    assert again.exit_code == 0 and len(_rows(tmp_path, "plan_changes")) == 1
    entry = next(e for e in json.loads(run_cli("plan", "show", BUNDLED, "--json").stdout)["entries"]
                 if e["id"] == "omu-socialomraadet")
    assert (entry["status"], entry["when"], entry["due"]) == ("aendret", "1. kvartal 2026", "4. kvartal 2026")
    assert "        flyttet fra 1. kvartal 2026 til 4. kvartal 2026 (20. maj 2026)" in run_cli("plan", "show", BUNDLED).stdout


def test_a_bad_due_in_an_answers_file_is_placed_and_nothing_is_stored(run_cli, tmp_path):
    (tmp_path / "svar.toml").write_text(
        ANSWER + '[[status]]\nentry = "kcl"\nstatus = "ændret"\ndue = "snart"\n'
        '[[status]]\nentry = "kcl"\nstatus = "droppet"\ndue = "2026 K4"\n', encoding="utf-8")
    result = run_cli("import", "dialogmoede", "svar.toml", "--plan", f"{BUNDLED}:omu-administration")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", (
        "svar.toml kan ikke bruges – intet er gemt:\n"
        "  • svar.toml, status 1 (linje 8), due: »snart« kan ikke læses; skriv et kvartal som »3. kvartal 2026« "
        "(eller »2026 K3«), en dato som 2026-09-30 eller »30. september 2026«, eller »løbende«\n"
        "  • svar.toml, status 2 (linje 12), due: passer ikke til »droppet«: en post, der er gennemført eller droppet, "
        "har ingen frist. Brug den med »ikke startet«, »i gang« eller »ændret«\n"))
    assert _rows(tmp_path, "sessions") == [] and _rows(tmp_path, "plan_changes") == []
    without = run_cli("import", "dialogmoede", "svar.toml")  # no programme: plan set, with the move, instead
    from aktorskab_cli.rules.commands import quoted

    assert f"eller sæt status med: aktorskab plan set PROGRAM kcl {quoted('ændret')} --ny-frist snart\n" in without.stderr


def test_an_agendas_own_plan_links_a_live_meeting_when_the_day_starts(run_cli, tmp_path):
    from aktorskab_cli.cli.run_cmd import _prepare
    from aktorskab_cli.programme.storage import session_link

    source = (Path(__file__).resolve().parents[1] / "agendas" / "dialogmoede.toml").read_text(encoding="utf-8")
    (tmp_path / "omu.toml").write_text(f'plan = "{BUNDLED}:omu-socialomraadet"\n' + source, encoding="utf-8")
    assert run_cli("agenda", "check", "omu.toml").exit_code == 0
    opening, _ = _prepare("omu.toml", None)
    live = opening(groups=None, speed=None, auto=True)
    assert live.plan == f"{BUNDLED}:omu-socialomraadet" and live.session_id is None
    live.start()
    assert session_link(live.store, live.session_id) == (BUNDLED, "omu-socialomraadet")
    live.store.close()
    data = {e["id"]: e for e in json.loads(run_cli("plan", "show", BUNDLED, "--json").stdout)["entries"]}
    assert data["omu-socialomraadet"]["status"] == "gennemfoert"


def test_an_agendas_plan_must_name_an_entry(run_cli, tmp_path):
    source = (Path(__file__).resolve().parents[1] / "agendas" / "lmu.toml").read_text(encoding="utf-8")
    (tmp_path / "lmu.toml").write_text(f'plan = "{BUNDLED}"\n' + source, encoding="utf-8")
    result = run_cli("agenda", "check", "lmu.toml")
    assert result.exit_code == 2
    assert 'lmu.toml, plan (linje 1): skal skrives PROGRAM:POST, fx plan = "aktorskab-2025-2026:omu-administration"' \
        in result.stderr


def _meeting_with_actions(run_cli, tmp_path, actions) -> None:
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.synthesis.model import Action, Synthesis
    from aktorskab_cli.synthesis.storage import save_synthesis

    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml", "--date", "2026-04-07").exit_code == 0
    store = open_store(tmp_path / "test.db")
    save_synthesis(store, 1, Synthesis(plan_title="Handleplan OMU", actions=tuple(Action(*a) for a in actions)))
    store.close()


def test_new_from_opsamling_makes_a_programme_of_the_action_plan(run_cli, tmp_path):
    _meeting_with_actions(run_cli, tmp_path, [("Pjece om aktørskab", "HR", "2. kvartal 2026"),
                                              ("Temamøde i LMU", "LMU", "snart"), ("Evaluering", "", "")])
    result = run_cli("plan", "new", "handleplan.toml", "--from-opsamling", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Skrev handleplan.toml med 3 poster fra møde 1's handleplan.")
    text = (tmp_path / "handleplan.toml").read_text(encoding="utf-8")
    assert '# hvornår i sammenfatningen: »snart« – ret til et kvartal eller en dato\n' in text
    assert run_cli("plan", "check", "handleplan.toml").exit_code == 0
    from aktorskab_cli.programme.loading import load_programme
    from aktorskab_cli.store.db import open_store

    programme, _ = load_programme(tmp_path / "handleplan.toml")
    store = open_store(tmp_path / "test.db")
    meeting = store.session(1).uuid
    store.close()
    assert programme.title == "Handleplan OMU"
    assert [(e.id, e.when.label, e.source.meeting) for e in programme.entries] == [
        ("pjece-om-aktoerskab-hr", "2. kvartal 2026", meeting), ("temamoede-i-lmu-lmu", "løbende", meeting),
        ("evaluering", "løbende", meeting)]


def test_add_from_opsamling_adds_only_what_is_new(run_cli, tmp_path):
    _meeting_with_actions(run_cli, tmp_path, [("Pjece om aktørskab", "HR", "2. kvartal 2026"),
                                              ("Dialogmøder i OMU", "Sundhed og omsorg", "1. kvartal 2026")])
    assert run_cli("plan", "new", "aktorskab-2025-2026.toml", "--from", BUNDLED).exit_code == 0
    first = run_cli("plan", "add", "aktorskab-2025-2026.toml", "--from-opsamling", "1")
    assert first.stdout == "1 ny post fra møde 1 i aktorskab-2025-2026.toml; 1 stod der i forvejen.\n"
    second = run_cli("plan", "add", "aktorskab-2025-2026", "--from-opsamling", "1")
    assert second.stdout == "0 nye poster fra møde 1 i aktorskab-2025-2026.toml; 2 stod der i forvejen.\n"
    assert run_cli("plan", "check", "aktorskab-2025-2026.toml").stdout.startswith("✓ aktorskab-2025-2026.toml: 12 poster")
    bundled = run_cli("plan", "add", "aktorskab-2025-2026.toml", "--from-opsamling", "9")
    assert (bundled.exit_code, bundled.stderr) == (2, "Møde 9 findes ikke; se møderne med: aktorskab sessions\n")


def test_add_refuses_the_bundled_programme_and_a_meeting_without_actions(run_cli, tmp_path, monkeypatch):
    _meeting_with_actions(run_cli, tmp_path, [])
    bundled = run_cli("plan", "add", BUNDLED, "--from-opsamling", "1")
    assert (bundled.exit_code, bundled.stderr) == (2, (
        "»aktorskab-2025-2026« er et indbygget program og kan ikke ændres. Lav din egen kopi først: "
        "aktorskab plan new aktorskab-2025-2026.toml --from aktorskab-2025-2026\n"))
    run_cli("plan", "new", "mit.toml")
    empty = run_cli("plan", "add", "mit.toml", "--from-opsamling", "1")
    assert (empty.exit_code, empty.stderr) == (2, (
        "Møde 1 (Dialogmøde med Områdeudvalg) har ingen handleplan i sammenfatningen endnu. Skriv den som [[action]] "
        "med what, who og when i: aktorskab summary draft 1 -o udkast.toml, og gem den med: aktorskab summary apply "
        "udkast.toml\n"))


def test_an_action_names_the_points_it_comes_from_and_the_entry_keeps_them(run_cli, tmp_path):
    import re

    from aktorskab_cli.programme.loading import load_programme

    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml").exit_code == 0
    assert run_cli("summary", "draft", "1", "-o", "udkast.toml").exit_code == 0
    text = (tmp_path / "udkast.toml").read_text(encoding="utf-8")
    point = re.search(r'^\[\[point\]\]  # id ([0-9a-f-]{36})$', text, re.M)[1]
    bad = text + '\n[[action]]\nwhat = "Pjece"\nwho = "HR"\nwhen = "2026 K2"\npoints = ["ikke-et-punkt"]\n'
    (tmp_path / "udkast.toml").write_text(bad, encoding="utf-8")
    refused = run_cli("summary", "apply", "udkast.toml")
    assert refused.exit_code == 2
    assert "[[action]] nr. 1, points: »ikke-et-punkt« er ikke id'et på et punkt i udkastet; brug id'et fra et " \
           "[[point]], [[barrier]] eller [[next]]" in refused.stderr
    (tmp_path / "udkast.toml").write_text(bad.replace("ikke-et-punkt", point), encoding="utf-8")
    assert run_cli("summary", "apply", "udkast.toml").exit_code == 0
    assert f'\npoints = ["{point}"]\n' in (
        run_cli("summary", "draft", "1", "-o", "igen.toml") and (tmp_path / "igen.toml").read_text(encoding="utf-8"))
    assert run_cli("plan", "new", "plan.toml", "--from-opsamling", "1").exit_code == 0
    [entry] = load_programme(tmp_path / "plan.toml")[0].entries
    assert entry.source.points == (point,)
    exported = run_cli("export", "1", "--format", "json", "-o", "m.json")
    assert exported.exit_code == 0, exported.output
    assert run_cli("sessions", "--delete", "1", "--yes").exit_code == 0
    assert run_cli("import", "m.json").exit_code == 0  # the action's points travel and are read back
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.synthesis.storage import load_synthesis

    store = open_store(tmp_path / "test.db")
    assert load_synthesis(store, 2).actions[0].points == (point,)
    store.close()


def test_a_status_from_an_older_meeting_typed_in_later_does_not_win_over_a_newer_one(run_cli, tmp_path):
    assert run_cli("plan", "set", BUNDLED, "kcl", "gennemført").exit_code == 0  # set now
    (tmp_path / "svar.toml").write_text(ANSWER + '[[status]]\nentry = "kcl"\nstatus = "i gang"\n', encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml", "--plan", f"{BUNDLED}:omu-administration",
                   "--date", "2025-11-20").exit_code == 0
    data = {e["id"]: e for e in json.loads(run_cli("plan", "show", BUNDLED, "--json").stdout)["entries"]}
    assert data["kcl"]["status"] == "gennemfoert"
    assert [(t["status"], t["date"][:10]) for t in data["kcl"]["trail"]][0] == ("i-gang", "2025-11-20")


def test_run_and_import_name_the_agendas_plan_line_when_its_entry_does_not_exist(run_cli, tmp_path):
    """A user trial: run of an agenda with a misspelt plan entry said the entry is unknown, not where it stands."""
    source = (Path(__file__).resolve().parents[1] / "agendas" / "dialogmoede.toml").read_text(encoding="utf-8")
    (tmp_path / "omu.toml").write_text(f'plan = "{BUNDLED}:omu-borne-og-familieomradet"\n' + source, encoding="utf-8")
    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    said = ("omu.toml, plan: Posten »omu-borne-og-familieomradet« findes ikke i programmet »aktorskab-2025-2026« "
            "(Aktørskab 2025-2026); mente du »omu-boerne-og-familieomraadet«?\n")
    for args in (("run", "omu.toml", "--auto"), ("import", "omu.toml", "svar.toml")):
        result = run_cli(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", said), args
    typed = run_cli("import", "omu.toml", "svar.toml", "--plan", f"{BUNDLED}:omu-sundhed")  # typed: no file to name
    assert typed.stderr.startswith("Posten »omu-sundhed« findes ikke")
    assert _rows(tmp_path, "sessions") == []


def test_agenda_check_names_a_plan_entry_that_does_not_exist(run_cli, tmp_path):
    source = (Path(__file__).resolve().parents[1] / "agendas" / "lmu.toml").read_text(encoding="utf-8")
    (tmp_path / "lmu.toml").write_text(f'plan = "{BUNDLED}:lmu-dialog"\n' + source, encoding="utf-8")
    result = run_cli("agenda", "check", "lmu.toml")
    assert (result.exit_code, result.stderr) == (2, (
        "lmu.toml kan ikke bruges:\n  • lmu.toml, plan: Posten »lmu-dialog« findes ikke i programmet "
        "»aktorskab-2025-2026« (Aktørskab 2025-2026); se posterne med: aktorskab plan show aktorskab-2025-2026\n"))


def test_show_says_when_one_entry_got_two_statuses_the_same_day(run_cli):
    run_cli("plan", "set", BUNDLED, "kcl", "i gang")
    run_cli("plan", "set", BUNDLED, "kcl", "droppet", "--note", "Aflyst")
    shown = run_cli("plan", "show", BUNDLED).stdout
    kcl = next(line for line in shown.splitlines() if line.startswith("  Tema på KCL"))
    assert "droppet" in kcl and "forsinket" not in kcl
    assert "        »Aflyst« (" in shown
    assert "Bemærk: »Tema på KCL i december« fik to forskellige statusser " in shown
    assert "»i gang« (kl. " in shown and ", plan set) og »droppet« (kl. " in shown and "); den sidste gælder." in shown


def test_the_agendas_plan_is_in_its_snapshot_only_when_set(tmp_path):
    from dataclasses import replace

    from aktorskab_cli.agenda.cache import load_agenda
    from aktorskab_cli.agenda.snapshot import agenda_from_json, agenda_to_json

    agenda, _ = load_agenda("dialogmoede")
    plain = agenda_to_json(agenda)
    assert '"plan":null' not in plain and agenda_from_json(plain).plan is None  # as an older version wrote it
    linked = replace(agenda, plan=f"{BUNDLED}:omu-administration")
    assert agenda_from_json(agenda_to_json(linked)).plan == f"{BUNDLED}:omu-administration"


def test_a_programme_of_one_entry_is_counted_in_the_singular(run_cli, tmp_path):
    (tmp_path / "en.toml").write_text('title = "Én ting"\n[[entry]]\nid = "a"\nwhat = "Dialogmøde i LMU"\n'
                                      'when = "2. kvartal 2026"\nagenda = "lmu"\n', encoding="utf-8")
    status = run_cli("plan", "status", "en.toml", "-o", "status.md")
    assert status.exit_code == 0, status.output
    assert status.stdout.startswith("Statusrapporten er skrevet til status.md (1 post, 0 af 1 planlagt møde holdt, ")
    ics = run_cli("plan", "ics", "en.toml", "-o", "en.ics")
    assert (ics.exit_code, ics.stdout) == (0, "Kalenderen er skrevet til en.ics (1 post).\n")


def test_an_empty_file_is_told_the_command_that_starts_one_of_its_kind(run_cli, tmp_path):
    """An empty programme, answers file or draft does not send the user to »aktorskab agenda new«."""
    (tmp_path / "tom.toml").write_text("\n", encoding="utf-8")
    checked = run_cli("plan", "check", "tom.toml")
    assert (checked.exit_code, checked.stderr) == (
        2, "tom.toml kan ikke indlæses:\n  • tom.toml: filen er tom; begynd fx med: aktorskab plan new tom.toml\n")
    imported = run_cli("import", "lmu", "tom.toml")
    assert imported.exit_code == 2 and "tom.toml: filen er tom\n" in imported.stderr
    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml").exit_code == 0
    applied = run_cli("summary", "apply", "tom.toml")
    assert applied.exit_code == 2
    assert "tom.toml: filen er tom; begynd fx med: aktorskab summary draft MØDE -o tom.toml" in applied.stderr


def test_show_marks_a_late_entry_as_the_report_and_the_live_screen_do():
    """A user trial: plan show wrote »ikke startet – forsinket« where the status report and the followup
    screen write »ikke startet · forsinket«."""
    import datetime as dt

    from aktorskab_cli.programme.catalogue import load
    from aktorskab_cli.programme.model import states
    from aktorskab_cli.programme.show import show_text

    programme = load(BUNDLED)[0]
    lines = show_text(programme, states(programme, [], []), dt.date(2026, 1, 15)).splitlines()
    kcl = next(line for line in lines if line.startswith("  Tema på KCL i december"))
    assert kcl.split()[-4:] == ["startet", "·", "forsinket", "kcl"]
    assert "–" not in kcl


def test_an_ongoing_entry_stands_under_the_heading_lobende_with_a_capital(run_cli, tmp_path):
    """A user trial: the entries without a quarter stood under »løbende« in plan show and the status report,
    a heading in lower case among »4. kvartal 2025« and the others."""
    (tmp_path / "aar.toml").write_text('title = "x"\n[[entry]]\nwhat = "Video"\nwhen = "løbende"\n', encoding="utf-8")
    lines = run_cli("plan", "show", "aar.toml").stdout.splitlines()
    assert lines[2:4] == ["Løbende", "  Video  ikke startet  video"]
    assert run_cli("plan", "status", "aar.toml", "-o", "s.md").exit_code == 0
    assert "\n## Løbende\n" in (tmp_path / "s.md").read_text(encoding="utf-8")
