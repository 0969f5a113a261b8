"""`aktorskab import`, `sessions` and `show`: answers from a file, all or nothing, shown back intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import import_answers, refused

GOOD = '''\
[[answer]]
item = "dialog-cases"
group = "Gruppe 2"
text = "Teams skal kende deres mandat, fx i valg af vikarer 🎉"
category = "mening"
question = 1

[[answer]]
item = "dialog-cases"
group = "Gruppe 1"
text = "Hvad er de klare rammer og forventninger? <&> \\"citat\\" [b]ikke fed[/b]"
category = "mangler-svar"

[[answer]]
item = "god-dialog"
group = "Gruppe 1"
text = "Sænk tempoet – især i overgange"
'''


def _count_sessions(tmp_path: Path) -> int:
    db = tmp_path / "test.db"
    if not db.exists():
        return 0
    return sqlite3.connect(db).execute("SELECT COUNT(*) FROM sessions").fetchone()[0]


def test_import_prints_the_id_and_show_latest_has_every_answer_intact(run_cli) -> None:
    result = import_answers(run_cli, "temadag", GOOD)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert "Importerede 3 svar til møde 1" in result.stderr

    shown = run_cli("show", "latest")
    assert shown.exit_code == 0
    assert "Teams skal kende deres mandat, fx i valg af vikarer 🎉" in shown.stdout
    assert 'Hvad er de klare rammer og forventninger? <&> "citat" [b]ikke fed[/b]' in shown.stdout
    assert "Sænk tempoet – især i overgange" in shown.stdout
    assert "[Det, der giver mening · spm. 1]" in shown.stdout
    assert shown.stdout.index("Gruppe 2") < shown.stdout.index("Gruppe 1")  # in the order they were given


def test_sessions_json_lists_newest_first(run_cli) -> None:
    import_answers(run_cli, "temadag", GOOD)
    run_cli("import", "temadag", "svar.toml")
    result = run_cli("sessions", "--json")
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [2, 1]
    assert rows[0]["title"] == "Temadag om professionelt aktørskab"
    assert rows[0]["status"] == "imported" and rows[0]["answers"] == 3
    assert set(rows[0]) >= {"id", "title", "started", "status", "answers", "date"}
    run_cli("import", "temadag", "svar.toml", "--date", "2025-11-20")
    assert json.loads(run_cli("sessions", "--json").stdout)[0]["date"] == "2025-11-20"  # the day held, as the table


def test_sessions_counts_the_answers_the_danish_way(run_cli) -> None:
    """A user trial: the table said »5000« where every other place writes »5.000«."""
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.store.records import Answer

    agenda, text = load_agenda("temadag")
    store = open_store()
    store.create_session(agenda, text, status="imported",
                         answers=[Answer("dialog-cases", "Gruppe 1", f"Svar {n}") for n in range(1200)])
    store.close()
    row = next(line for line in run_cli("sessions").stdout.splitlines() if line.lstrip().startswith("1 "))
    assert row.rstrip().endswith(" 1.200")


def test_sessions_when_there_are_none(run_cli) -> None:
    result = run_cli("sessions")
    assert result.exit_code == 0
    assert "Der er ingen møder endnu" in result.stdout


BAD = {
    "unknown item": ('[[answer]]\nitem = "kaffe"\ngroup = "G"\ntext = "x"\n',
                     'svar.toml, svar 1 (linje 2), item: »kaffe« er ikke et punkt i dagsordenen; brug et af: '
                     'dialog-cases, organisationen-med, god-dialog'),
    "unknown category": (GOOD + '\n[[answer]]\nitem = "dialog-cases"\ngroup = "G"\ntext = "x"\ncategory = "sjovt"\n',
                         'svar.toml, svar 4 (linje 23), category: »sjovt« er ikke en kategori i rammen »aktorskab«; '
                         'brug en af: mening, mangler-svar, opmaerksom'),
    "question out of range": ('[[answer]]\nitem = "dialog-cases"\ngroup = "G"\ntext = "x"\nquestion = 9\n',
                              'svar.toml, svar 1 (linje 5), question: spørgsmål 9 findes ikke; '
                              'punktet »Dialog i grupper med udgangspunkt i cases« har 4 spørgsmål'),
    "missing text": ('[[answer]]\nitem = "dialog-cases"\ngroup = "G"\n',
                     "svar.toml, svar 1 (linje 1), text: mangler; tilføj text = …"),
    "wrong type": ('[[answer]]\nitem = "dialog-cases"\ngroup = "G"\ntext = "x"\nquestion = "to"\n',
                   "svar.toml, svar 1 (linje 5), question: skal være et helt tal"),
    "unknown field": ('[[answer]]\nitem = "dialog-cases"\ngroup = "G"\ntext = "x"\nkategori = "mening"\n',
                      "svar.toml, svar 1 (linje 5), kategori: er ikke et kendt felt"),
    "no answers": ('titel = "tom"\n', "svar.toml: der er ingen svar; skriv hvert svar som en tabel under [[answer]]"),
    "single brackets": ('[answer]\nitem = "dialog-cases"\ngroup = "G"\ntext = "x"\n',
                        "svar.toml: skriv [[answer]] med to klammer for hvert svar, ikke [answer]"),
    "danish field name": ('[[answer]]\nitem = "dialog-cases"\ngruppe = "G"\ntext = "x"\n',
                          "svar.toml, svar 1 (linje 3), gruppe: er ikke et kendt felt; mente du »group«?"),
    "toml syntax": ('[[answer]]\nitem = dialog-cases\n', "svar.toml, linje 2, kolonne 8: TOML-syntaksfejl"),
    "blank text": ('[[answer]]\nitem = "dialog-cases"\ngroup = "G"\ntext = "   "\n',
                   "svar.toml, svar 1 (linje 4), text: må ikke være tom"),
    "control characters": ('[[answer]]\nitem = "dialog-cases"\ngroup = "G\\u0007"\ntext = "a\\u0000b\\u001b[31m"\n',
                           "svar.toml, svar 1 (linje 3), group: indeholder et kontroltegn (U+0007), som ikke hører "
                           "hjemme i en tekst; fjern det\n  • svar.toml, svar 1 (linje 4), text: indeholder kontroltegn "
                           "(U+0000, U+001B), som ikke hører hjemme i en tekst; fjern dem"),
    "question 0": ('[[answer]]\nitem = "dialog-cases"\ngroup = "G"\ntext = "x"\nquestion = 0\n',
                   "svar.toml, svar 1 (linje 5), question: spørgsmål 0 findes ikke; "
                   "punktet »Dialog i grupper med udgangspunkt i cases« har 4 spørgsmål"),
}


@pytest.mark.parametrize(("text", "expected"), BAD.values(), ids=list(BAD))
def test_a_bad_answers_file_is_refused_whole_and_stores_nothing(run_cli, tmp_path: Path, text: str,
                                                                 expected: str) -> None:
    assert expected in refused(import_answers(run_cli, "temadag", text))
    assert _count_sessions(tmp_path) == 0


def test_show_of_a_session_that_does_not_exist(run_cli) -> None:
    import_answers(run_cli, "temadag", GOOD)
    result = run_cli("show", "7")
    assert result.exit_code == 2
    assert result.stderr == "Møde 7 findes ikke; se møderne med: aktorskab sessions\n"


@pytest.mark.parametrize("args", [["show", "latest"], ["export", "latest"], ["note", "latest", "--text", "x"]])
def test_reading_commands_without_a_database_say_so_and_create_nothing(run_cli, tmp_path: Path, args) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Der er ingen møder endnu (ingen database i ")
    assert not (tmp_path / "test.db").exists()


def test_every_problem_in_an_answers_file_is_told_at_once(run_cli) -> None:
    result = import_answers(run_cli, "temadag",
                            '[[answer]]\nitem = "dialog-cases"\ngruppe = "G"\ntext = "x"\n\n'
                            '[[answer]]\nitem = "kaffe"\ngroup = "G"\ntext = "y"\n\n'
                            '[[answer]]\nitem = "dialog-cases"\ngroup = "G"\ntext = "z"\ncategory = "sjovt"\n')
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "svar.toml kan ikke bruges – intet er gemt:",
        "  • svar.toml, svar 1 (linje 1), group: mangler; tilføj group = …",
        "  • svar.toml, svar 1 (linje 3), gruppe: er ikke et kendt felt; mente du »group«?",
        '  • svar.toml, svar 2 (linje 7), item: »kaffe« er ikke et punkt i dagsordenen; brug et af: '
        "dialog-cases, organisationen-med, god-dialog",
        '  • svar.toml, svar 3 (linje 15), category: »sjovt« er ikke en kategori i rammen »aktorskab«; '
        "brug en af: mening, mangler-svar, opmaerksom",
    ]


def test_show_and_sessions_never_send_control_characters_to_the_terminal(run_cli, tmp_path: Path) -> None:
    """A database may hold them from an older version's import: shown escaped, as \\x1b, never as they are."""
    from aktorskab_cli.agenda.cache import load_agenda
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.store.records import Answer

    agenda, text = load_agenda("lmu")
    store = open_store()
    session = store.create_session(agenda, text, status="imported", answers=[
        Answer("hvad-er-aktorskab-for-os", "Gruppe\x07 1", "a\x00b\x1b[31m rød\x9b", 2, "mening")])
    store.set_note(session, "Slut\x1b]0;titel\x07")
    store.conn.execute("UPDATE sessions SET title = ? WHERE id = ?", ("LMU\x1b[2J", session))
    store.close()
    shown = run_cli("show", "1")
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert lines[0] == "Møde 1: LMU\\x1b[2J"
    assert lines[lines.index("Hvad er aktørskab for os?"):] == [
        "Hvad er aktørskab for os?",
        "  Gruppe\\x07 1",
        "    • a\\x00b\\x1b[31m rød\\x9b  [Det, der giver mening · spm. 2]",
        "",
        "Opsamlende",
        "Slut\\x1b]0;titel\\x07"]
    listed = run_cli("sessions")
    assert listed.stdout.splitlines()[2].split()[:3] == ["1", "│", "LMU\\x1b[2J"]
    for output in (shown.stdout, listed.stdout):
        assert not any(c in output for c in "\x00\x07\x1b\x9b")
