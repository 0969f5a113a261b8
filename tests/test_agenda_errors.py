"""Broken agendas: every problem in what an agenda says gets the file, the place and what to change, in Danish,
with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

HEAD = 'title = "Temadag"\nstart = "8.00"\n'


def item(title: str, *lines: str) -> str:
    return "\n[[item]]\n" + f'title = "{title}"\n' + "".join(f"{line}\n" for line in lines)


def test_duplicate_key(check) -> None:
    err = check(HEAD + item("Velkomst", "minutes = 10", "minutes = 15"))
    assert "fil.toml, linje 7, kolonne" in err
    assert "nøglen står der allerede; slet den ene af de to linjer" in err


# One problem in a file: its place and what to change (the message holds at least this).
ONE_PROBLEM = {
    "missing title": ('start = "8.00"\n' + item("Velkomst", "minutes = 10"),
                      "fil.toml, title: mangler; tilføj title = …"),
    "blank title": ('title = "   "\nstart = "8.00"\n' + item("Velkomst", "minutes = 10"),
                    "fil.toml, title (linje 1): må ikke være tom"),
    "blank item title": (HEAD + item("", "minutes = 10"), "fil.toml, punkt 1 (linje 5), title: må ikke være tom"),
    "no items": (HEAD, "fil.toml, item: der er ingen punkter; tilføj mindst ét [[item]] med title og minutes"),
    "empty item list": (HEAD + "item = []\n", "fil.toml, item (linje 3): har ingen punkter; tilføj mindst ét [[item]]"),
    "item written as a single table": (
        HEAD + '\n[item]\ntitle = "Velkomst"\nminutes = 10\n',
        "fil.toml, item: skal være en række punkter; skriv hvert punkt som en tabel under [[item]]"),
    "unquoted time asks for quotes": (
        'title = "Temadag"\nstart = 8.00\n' + item("Velkomst", "minutes = 10"),
        'fil.toml, start (linje 2): skal være et klokkeslæt i anførselstegn, fx start = "8.00"'),
    "unknown kind lists the kinds": (
        HEAD + item("Velkomst", "minutes = 10", 'kind = "snak"'),
        "punkt 1 »Velkomst« (linje 7), kind: skal være en af: break, talk, dialogue, plenary, other"),
    "misspelt field gets a suggestion": (
        HEAD + item("Velkomst", "minuts = 10"),
        "fil.toml, punkt 1 »Velkomst« (linje 6), minuts: er ikke et kendt felt; mente du »minutes«?"),
}


@pytest.mark.parametrize(("text", "message"), ONE_PROBLEM.values(), ids=list(ONE_PROBLEM))
def test_one_problem_is_told_with_its_place_and_what_to_change(check, text: str, message: str) -> None:
    assert message in check(text)


def test_item_as_a_list_of_strings(check) -> None:
    err = check(HEAD + 'item = ["Velkomst", "Pause"]\n')
    assert "fil.toml, punkt 1: skal være en tabel; skriv punktet som [[item]]" in err
    assert "fil.toml, punkt 2: skal være en tabel" in err


def test_wrong_types(check) -> None:
    err = check(HEAD + item("Velkomst", 'minutes = "ti"') + '\n[[item]]\ntitle = 5\nminutes = 10\nlead = 3\n')
    assert 'fil.toml, punkt 1 »Velkomst« (linje 6), minutes: skal være et helt tal, fx minutes = 15' in err
    assert "fil.toml, punkt 2 (linje 9), title: skal være tekst i anførselstegn" in err
    assert "fil.toml, punkt 2 (linje 11), lead: skal være tekst i anførselstegn" in err


def test_negative_minutes(check) -> None:
    text = HEAD + item("Velkomst", "minutes = 10") + item("Dialog", "minutes = 30") + item("Pause", "minutes = -5")
    err = check(text)
    assert 'fil.toml, punkt 3 »Pause« (linje 14), minutes: må ikke være negativ (står som -5)' in err


def test_absurd_minutes(check) -> None:
    err = check(HEAD + item("Velkomst", "minutes = 10000"))
    assert 'fil.toml, punkt 1 »Velkomst« (linje 6), minutes: er for stor (står som 10000); højst 720' in err


def test_impossible_time(check) -> None:
    err = check('title = "Temadag"\n' + item("Velkomst", 'start = "25.70"', "minutes = 10"))
    assert ('fil.toml, punkt 1 »Velkomst« (linje 5), start: »25.70« findes ikke på et ur; '
            "timer går fra 0 til 23 og minutter fra 0 til 59") in err


def test_starts_going_backwards(check) -> None:
    err = check('title = "Temadag"\n' + item("A", 'start = "9.00"') + item("B", 'start = "8.30"', "minutes = 10"))
    assert ('fil.toml, punkt 2 »B« (linje 9), start: starter kl. 8.30, før det forrige punkt (kl. 9.00); '
            "punkterne skal stå i tidsorden") in err


def test_a_start_before_the_previous_end_is_an_error(check) -> None:
    text = 'title = "Temadag"\n' + item("A", 'start = "9.00"', "minutes = 30") + item("B", 'start = "9.20"', "minutes = 10")
    err = check(text)
    assert ('fil.toml, punkt 2 »B« (linje 10), start: starter kl. 9.20, men det forrige punkt slutter først kl. 9.30; '
            "ret starttiden eller det forrige punkts minutes") in err


def test_a_gap_between_items_is_legal_and_told_once_as_a_note(run_cli) -> None:
    text = 'title = "Temadag"\n' + item("A", 'start = "9.00"', "minutes = 30") + item("B", 'start = "9.45"', "minutes = 10")
    Path("fil.toml").write_text(text, encoding="utf-8")
    result = run_cli("agenda", "check", "fil.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("✓ fil.toml: 2 punkter, 9.00–9.55\n"
                             "  Bemærk: 15 min. uden punkt mellem »A« (slut kl. 9.30) og »B« (kl. 9.45); "
                             "det er tilladt – tiden regnes med i dagen.\n")


def test_one_moved_start_gives_one_error(check) -> None:
    text = HEAD + item("A", 'start = "8.00"', "minutes = 30") + item("B", 'start = "8.25"', "minutes = 30") \
        + item("C", 'start = "9.00"', "minutes = 30")  # B was moved 5 minutes earlier; C still says 9.00
    err = check(text)
    assert err.count("•") == 1 and 'punkt 2 »B«' in err


def test_an_unknown_field_does_not_hide_the_other_errors_and_all_come_in_line_order(check) -> None:
    text = (HEAD + item("A", "minutes = 30", 'hvem = "Jonas"') + item("B", 'start = "8.20"', "minutes = 10")
            + item("C", 'minutes = "tyve"', 'questions = "findes-ikke"') + 'farve = "rød"\n')
    err = check(text)
    assert err.splitlines() == [
        "fil.toml kan ikke bruges:",
        '  • fil.toml, punkt 1 »A« (linje 7), hvem: er ikke et kendt felt; ret stavningen eller fjern det',
        '  • fil.toml, punkt 2 »B« (linje 11), start: starter kl. 8.20, men det forrige punkt slutter først kl. '
        "8.30; ret starttiden eller det forrige punkts minutes",
        '  • fil.toml, punkt 3 »C« (linje 16), minutes: skal være et helt tal, fx minutes = 15',
        '  • fil.toml, punkt 3 »C« (linje 17), questions: »findes-ikke« findes ikke i prompts/; kendte: '
        "dialog-cases, god-dialog, hvad-er-aktorskab-for-os, hverdagssituationer",
        '  • fil.toml, punkt 3 »C« (linje 18), farve: er ikke et kendt felt; ret stavningen eller fjern det',
    ]


def test_day_start_disagreeing_with_first_item(check) -> None:
    err = check(HEAD + item("A", 'start = "8.30"', "minutes = 30"))
    assert 'fil.toml, punkt 1 »A« (linje 6), start: starter kl. 8.30, men dagen starter kl. 8.00' in err


def test_duration_that_cannot_be_determined(check) -> None:
    err = check(HEAD + item("A", "minutes = 30") + item("B"))
    assert ('fil.toml, punkt 2 »B« (linje 8), minutes: varigheden kan ikke bestemmes; '
            "angiv minutes her eller start på næste punkt") in err


def test_no_start_anywhere(check) -> None:
    err = check('title = "Temadag"\n' + item("A", "minutes = 30"))
    assert 'fil.toml, punkt 1 »A« (linje 3), start: har ingen starttid' in err


def test_duplicate_ids(check) -> None:
    err = check(HEAD + item("A", 'id = "a"', "minutes = 30") + item("B", 'id = "a"', "minutes = 5"))
    assert "fil.toml, punkt 2 »B« (linje 11), id: »a« bruges også af punkt 1; giv punkterne forskellige id'er" in err


def test_unknown_frame_lists_the_frames(check) -> None:
    err = check(HEAD + 'frame = "nope"\n' + item("A", "minutes = 30"))
    assert 'fil.toml, frame (linje 3): »nope« findes ikke i prompts/; kendte: aktorskab,' in err
    assert "temaer" in err


def test_unknown_item_frame(check) -> None:
    err = check(HEAD + item("A", "minutes = 30", 'frame = "tre-kolonner"'))
    assert 'fil.toml, punkt 1 »A« (linje 7), frame: »tre-kolonner« findes ikke i prompts/; kendte: aktorskab' in err


def test_unknown_question_set(check) -> None:
    err = check(HEAD + item("A", "minutes = 30", 'questions = "ukendt"'))
    assert 'fil.toml, punkt 1 »A« (linje 7), questions: »ukendt« findes ikke i prompts/; kendte: ' in err
    assert "dialog-cases" in err


def test_prompt_of_the_wrong_kind(check) -> None:
    err = check(HEAD + 'frame = "fire-komponenter"\n' + item("A", "minutes = 30", 'questions = "aktorskab"'))
    assert 'fil.toml, frame (linje 3): »fire-komponenter« er en tekst, ikke en ramme; vælg en af: aktorskab' in err
    assert 'questions: »aktorskab« er en ramme, ikke et spørgsmålssæt; vælg en af: ' in err


def test_broken_prompt_beside_the_agenda_is_reported_with_its_own_file(check) -> None:
    Path("prompts").mkdir()
    Path("prompts/egne.toml").write_text('title = "Egne"\nkind = "questions"\nquestions = [1]\n', encoding="utf-8")
    err = check(HEAD + item("A", "minutes = 30", 'questions = "egne"'))
    assert "egne.toml, questions" in err


def test_several_problems_are_reported_at_once(check) -> None:
    text = (
        'title = "Temadag"\nstart = "8.00"\nfrae = "aktorskab"\n'
        + item("Velkomst", "minutes = -1")
        + item("Dialog", 'start = "25.00"', "minutes = 30", 'kind = "snak"')
        + item("Pause", 'id = "Pause"', "minutes = 10")
    )
    err = check(text)
    assert err.startswith("fil.toml kan ikke bruges:\n")
    bullets = [line for line in err.splitlines() if line.startswith("  • ")]
    assert len(bullets) == 5, err
    assert "frae (linje 3): er ikke et kendt felt; mente du »frame«?" in err
    assert 'punkt 1 »Velkomst« (linje 7), minutes: må ikke være negativ' in err
    assert 'punkt 2 »Dialog« (linje 11), start: »25.00« findes ikke på et ur' in err
    assert 'punkt 2 »Dialog« (linje 13), kind:' in err
    assert 'punkt 3 »Pause« (linje 17), id: må kun indeholde små bogstaver' in err


def test_check_reports_every_file_and_fails_if_any_is_broken(run_cli) -> None:
    Path("god.toml").write_text(HEAD + item("A", "minutes = 30"), encoding="utf-8")
    Path("daarlig.toml").write_text(HEAD + item("A", "minutes = -3"), encoding="utf-8")
    result = run_cli("agenda", "check", "god.toml", "daarlig.toml")
    assert result.exit_code == 2
    assert "✓ god.toml: 1 punkt, 8.00–8.30" in result.stdout
    assert "daarlig.toml kan ikke bruges:" in result.stderr


def test_show_refuses_a_broken_agenda_the_same_way(run_cli) -> None:
    Path("fil.toml").write_text(HEAD + item("A", "minutes = -3"), encoding="utf-8")
    result = run_cli("agenda", "show", "fil.toml")
    assert result.exit_code == 2
    assert 'fil.toml, punkt 1 »A« (linje 6), minutes: må ikke være negativ' in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(("text", "expected"), [
    ('title = "x"\n[item]\ntitle = "a"\nminutes = 5\n[item]\ntitle = "b"\nminutes = 5\n',
     "fil.toml, linje 5, kolonne 6: TOML-syntaksfejl: skriv [[item]] med to klammer for hvert punkt; "
     "[item] med én klamme må kun stå én gang"),
    ('title = "x"\nstart = 9:00\n',
     'fil.toml, linje 2, kolonne 10: TOML-syntaksfejl: tider skal stå i anførselstegn, fx start = "9.00"'),
    ('title = "x"\nstart = "9.00"\n[[item]]\ntitle = "a"\nminutes = 15,5\n',
     "fil.toml, linje 5, kolonne 13: TOML-syntaksfejl: brug et helt tal (eller punktum som decimaltegn), "
     "fx minutes = 15"),
    ('title = "x"\ndate = 2025-13-02\n',
     "fil.toml, linje 2, kolonne 12: TOML-syntaksfejl: datoen findes ikke eller er skrevet forkert; "
     "skriv fx date = 2025-04-02"),
    ('title = “Dialogmøde”\n',  # a user trial: the quotes a word processor puts in
     'fil.toml, linje 1, kolonne 9: TOML-syntaksfejl: skriv teksten i almindelige anførselstegn ("…"), ikke “…” '
     'eller »…«, som en tekstbehandler sætter ind'),
    ('title = "x"\n[[item]]\ntitle = "a"\nminutes = 5\nquestions = [»Hvad giver mening?«]\n',
     'fil.toml, linje 5, kolonne 14: TOML-syntaksfejl: skriv teksten i almindelige anførselstegn ("…"), ikke “…” '
     'eller »…«, som en tekstbehandler sætter ind'),
    ('title = "x"\nlogo = "C:\\Users\\anne\\logo.png"\n',  # a user trial: a Windows path (\U begins a code)
     'fil.toml, linje 2, kolonne 13: TOML-syntaksfejl: en omvendt skråstreg (\\) i teksten skal skrives \\\\ – '
     'eller skriv stien med /, fx "C:/Users/anne/logo.png"'),
    ('title = "x"\nlogo = "C:\\Brugere\\anne\\logo.png"\n',
     'fil.toml, linje 2, kolonne 13: TOML-syntaksfejl: en omvendt skråstreg (\\) i teksten skal skrives \\\\ – '
     'eller skriv stien med /, fx "C:/Users/anne/logo.png"'),
    ('title = "Dialogmøde med Områdeudvalg\nstart = "14.00"\n',  # a user trial: the closing quote forgotten
     'fil.toml, linje 1, kolonne 37: TOML-syntaksfejl: teksten mangler sit afsluttende "; afslut den på samme '
     'linje (en tekst over flere linjer skrives mellem """ og """)'),
])
def test_what_a_non_programmer_types_gets_a_pointed_hint(check, text: str, expected: str) -> None:
    assert expected in check(text)


def test_danish_field_names_get_the_english_one_suggested(check) -> None:
    out = check('title = "x"\nstart = "9.00"\n[[item]]\ntitel = "a"\nminutter = 5\n')
    assert 'fil.toml, punkt 1 (linje 4), titel: er ikke et kendt felt; mente du »title«?' in out
    assert 'fil.toml, punkt 1 (linje 5), minutter: er ikke et kendt felt; mente du »minutes«?' in out


def test_the_same_problem_is_told_once(check) -> None:
    out = check('title = "x"\nstart = "9.00"\n[[item]]\ntitle = "a"\nminutes = 5\nquestions = [42, 43]\n')
    assert out.count("questions") == len(set(line for line in out.splitlines() if "questions" in line))


def test_a_day_that_runs_past_midnight_is_refused(check) -> None:
    stderr = check(HEAD + item("Lang", "minutes = 700") + item("Længere", "minutes = 700") + item("Sidst", "minutes = 700"))
    assert stderr == ("fil.toml kan ikke bruges:\n"
                      "  • fil.toml, punkt 2 »Længere« (linje 10), minutes: slutter først kl. 7.20 næste dag; et møde "
                      "skal slutte senest kl. 24.00 – kort punkterne ned, eller del mødet i to dagsordener\n")


def test_a_day_that_ends_at_midnight_is_fine(run_cli) -> None:
    Path("fil.toml").write_text(HEAD + item("Formiddag", "minutes = 480") + item("Eftermiddag", "minutes = 480"), encoding="utf-8")
    assert run_cli("agenda", "check", "fil.toml").exit_code == 0


def test_more_items_than_a_week_of_workshops_are_refused(check) -> None:
    stderr = check(HEAD + "".join(item(f"Punkt {n}", "minutes = 1") for n in range(301)))
    assert stderr == "fil.toml kan ikke bruges:\n  • fil.toml, item: har for mange punkter (301); højst 300\n"


def test_a_text_longer_than_any_workshop_needs_is_refused_with_its_place(check) -> None:
    stderr = check(f'title = "{"x" * 20_001}"\nstart = "8.00"\n' + item("Velkomst", "minutes = 10"))
    assert stderr == ("fil.toml kan ikke bruges:\n  • fil.toml, title (linje 1): er for lang (20001 tegn); højst "
                      "20000 tegn – del teksten op, eller kort den ned\n")


def test_a_start_in_other_digits_than_ascii_is_refused(check) -> None:
    err = check('title = "Temadag"\n' + item("A", 'start = "٨.٠٠"'))
    assert "start: »٨.٠٠« er ikke et klokkeslæt; skriv fx »8.00« eller »13.30«" in err
