"""`aktorskab plan new/check/show/ics` as a programme owner uses them: a programme made, checked and shown."""

from __future__ import annotations

from pathlib import Path

from plan_data import ANSWER, KEY as BUNDLED


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


def test_show_says_when_one_entry_got_two_statuses_the_same_day(run_cli):
    run_cli("plan", "set", BUNDLED, "kcl", "i gang")
    run_cli("plan", "set", BUNDLED, "kcl", "droppet", "--note", "Aflyst")
    shown = run_cli("plan", "show", BUNDLED).stdout
    kcl = next(line for line in shown.splitlines() if line.startswith("  Tema på KCL"))
    assert "droppet" in kcl and "forsinket" not in kcl
    assert "        »Aflyst« (" in shown
    assert "Bemærk: »Tema på KCL i december« fik to forskellige statusser " in shown
    assert "»i gang« (kl. " in shown and ", plan set) og »droppet« (kl. " in shown and "); den sidste gælder." in shown


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
