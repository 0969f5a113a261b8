"""The followup item (`kind = "followup"`, »opfølgning«) in the agenda: schema, resolved model, snapshot,
show, print and check."""

from __future__ import annotations

import json
from pathlib import Path

from aktorskab_cli.agenda.followup import NO_PLAN, programme_name
from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.agenda.snapshot import agenda_from_json, agenda_to_json

HEAD = 'title = "LMU-møde"\nstart = "13.00"\n'


def item(title: str, *lines: str) -> str:
    return "\n[[item]]\n" + f'title = "{title}"\n' + "".join(f"{line}\n" for line in lines)


def write(text: str, name: str = "fil.toml") -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def test_the_danish_word_is_the_followup_kind_and_its_label() -> None:
    agenda, _ = load_agenda(write(HEAD + item("Opfølgning", "minutes = 10", 'kind = "opfølgning"')))
    followup = agenda.items[0]
    assert (followup.kind, followup.kind_label, followup.is_followup, followup.is_dialogue) == (
        "followup", "opfølgning", True, False)


def test_check_says_a_followup_without_a_programme_as_a_note_and_passes(run_cli) -> None:
    name = write(HEAD + item("Velkomst", "minutes = 5") + item("Opfølgning på handleplanen", "minutes = 10",
                                                                 'kind = "followup"'))
    result = run_cli("agenda", "check", name)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "✓ fil.toml: 2 punkter, 13.00–13.15\n"
        "  Bemærk: punkt 2 »Opfølgning på handleplanen« er en opfølgning uden program; skriv plan = \"PROGRAM\" ved "
        "punktet eller plan = \"PROGRAM:POST\" øverst i dagsordenen, eller kør mødet med --plan PROGRAM:POST.\n")
    assert result.stderr == ""


def test_a_followup_naming_its_programme_passes_without_a_note(run_cli) -> None:
    name = write(HEAD + item("Opfølgning", "minutes = 10", 'kind = "followup"', 'plan = "aktorskab-2025-2026"'))
    result = run_cli("agenda", "check", name)
    assert (result.exit_code, result.stdout) == (0, "✓ fil.toml: 1 punkt, 13.00–13.10\n")
    shown = run_cli("agenda", "show", name).stdout.splitlines()
    assert "»Opfølgning« følger op på programmet aktorskab-2025-2026." in shown


def test_plan_on_an_item_that_is_no_followup_is_an_error(run_cli) -> None:
    name = write(HEAD + item("Dialog", "minutes = 10", 'kind = "dialogue"', 'plan = "aktorskab-2025-2026"'))
    result = run_cli("agenda", "check", name)
    assert result.exit_code == 2
    assert result.stderr == ("fil.toml kan ikke bruges:\n"
                             "  • fil.toml, punkt 1 »Dialog« (linje 8), plan: bruges kun ved et opfølgningspunkt; "
                             "skriv kind = \"followup\" (opfølgning) eller fjern plan\n")


def test_an_unknown_kind_names_the_danish_word_for_followup_too(run_cli) -> None:
    result = run_cli("agenda", "check", write(HEAD + item("Snak", "minutes = 10", 'kind = "snak"')))
    assert result.exit_code == 2
    assert ("fil.toml, punkt 1 »Snak« (linje 7), kind: skal være en af: break, talk, dialogue, plenary, other, "
            "followup (eller på dansk: pause, oplæg, dialog, plenum, andet, opfølgning)") in result.stderr


def test_show_tells_what_a_followup_without_programme_needs(run_cli) -> None:
    lines = run_cli("agenda", "show", "lmu").stdout.splitlines()
    assert "»Opfølgning på handleplanen« følger ikke op på noget program endnu: skriv plan = \"PROGRAM\" ved " \
           "punktet eller plan = \"PROGRAM:POST\" øverst i dagsordenen, eller kør mødet med --plan PROGRAM:POST." in lines
    row = next(line for line in lines if line.startswith("13.10"))
    assert row.split()[:7] == ["13.10", "13.20", "10", "Opfølgning", "på", "handleplanen", "opfølgning"]


def test_the_bundled_dialogue_agendas_follow_up_their_plan_after_the_welcome() -> None:
    for name, start in (("dialogmoede", 14 * 60 + 5), ("lmu", 13 * 60 + 10)):
        agenda, text = load_agenda(name)
        followup = agenda.items[1]
        assert (followup.id, followup.title, followup.kind, followup.start, followup.minutes) == (
            "opfoelgning", "Opfølgning på handleplanen", "followup", start, 10)
        assert "et forslag" in text.split('id = "opfoelgning"')[1].split("[[item]]")[0]  # the time, said in a comment


def test_the_item_plan_is_in_the_snapshot_and_an_item_without_one_writes_as_before() -> None:
    agenda, _ = load_agenda(write(HEAD + item("A", "minutes = 5")
                                  + item("B", "minutes = 5", 'kind = "followup"', 'plan = "mit-aar.toml"')))
    text = agenda_to_json(agenda)
    items = json.loads(text)["items"]
    assert "plan" not in items[0] and items[1]["plan"] == "mit-aar.toml"
    assert agenda_from_json(text) == agenda


def test_the_programme_of_a_followup_is_its_own_plan_else_the_meetings_link() -> None:
    agenda, _ = load_agenda(write(HEAD + item("A", "minutes = 5", 'kind = "followup"')
                                  + item("B", "minutes = 5", 'kind = "followup"', 'plan = "eget"')))
    first, second = agenda.items
    assert programme_name(agenda, first) is None
    assert programme_name(agenda, first, "aktorskab-2025-2026:omu-administration") == "aktorskab-2025-2026"
    assert programme_name(agenda, first, "C:\\plan\\aar.toml") == "C:\\plan\\aar.toml"
    assert programme_name(agenda, first, "C:\\plan\\aar.toml:omu") == "C:\\plan\\aar.toml"
    assert programme_name(agenda, second, "aktorskab-2025-2026:omu-administration") == "eget"
    assert NO_PLAN.startswith("Punktet følger ikke op på noget program endnu.")


def test_check_refuses_a_followup_naming_a_programme_that_does_not_exist(run_cli) -> None:
    name = write(HEAD + item("Opfølgning", "minutes = 10", 'kind = "followup"', 'plan = "aktorskab-2025"'))
    result = run_cli("agenda", "check", name)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("fil.toml kan ikke bruges:\n"
                             "  • fil.toml, punkt 1 »Opfølgning«, plan: programmet »aktorskab-2025« findes ikke som fil "
                             "eller indbygget program; indbyggede programmer: aktorskab-2025-2026\n")
    Path("aktorskab-2025.toml").write_text('title = "Eget"\n', encoding="utf-8")
    assert run_cli("agenda", "check", name).exit_code == 0  # NAME.toml in this folder is the programme
