"""The commands a hint suggests carry `--db FIL` when the database was named on the command line, so that a
pasted hint works on the same database (and not when AKTORSKAB_DB or the default named it)."""

from __future__ import annotations

from pathlib import Path

import pytest

ANSWERS = '''\
[[answer]]
item = "dialog-cases"
group = "Gruppe 1"
text = "Teams skal kende deres mandat"
category = "mening"
'''


def _imported(run_cli, tmp_path: Path, *db: str):  # noqa: ANN001, ANN202 - the import's Result
    (tmp_path / "svar.toml").write_text(ANSWERS, encoding="utf-8")
    result = run_cli(*db, "import", "temadag", "svar.toml")
    assert result.exit_code == 0, result.stderr
    return result


def test_hints_after_db_name_the_same_database(run_cli, tmp_path: Path) -> None:
    imported = _imported(run_cli, tmp_path, "--db", "andet.db")
    assert imported.stderr.endswith("Se dem med: aktorskab --db andet.db show 1\n")
    drafted = run_cli("--db", "andet.db", "summary", "draft", "1", "-o", "udkast.toml")
    assert drafted.stdout.endswith("Gem rettelserne med: aktorskab --db andet.db summary apply udkast.toml\n")
    applied = run_cli("--db", "andet.db", "summary", "apply", "udkast.toml")
    assert applied.stdout.endswith("Skriv opsamlingen med: aktorskab --db andet.db export 1\n")
    missing = run_cli("--db", "andet.db", "show", "7")
    assert (missing.exit_code, missing.stderr) == (2, "Møde 7 findes ikke; se møderne med: aktorskab --db andet.db sessions\n")
    empty = run_cli("--db", "tom.db", "export", "latest")
    assert empty.stderr.endswith("Start et med: aktorskab --db tom.db run temadag\n")


def test_a_finished_run_after_db_suggests_export_and_collect_on_it(run_cli, tmp_path: Path) -> None:
    result = run_cli("--db", "dag.db", "run", "temadag", "--auto", "--speed", "10000000")
    assert result.exit_code == 0, result.output
    assert ("Næste skridt: aktorskab --db dag.db export latest -o opsamling.docx (svar fra flipovere kan tilføjes "
            "med: aktorskab --db dag.db collect 1)") in result.stdout


def test_a_db_path_is_quoted_for_the_shell_and_whole_outside_the_current_folder(run_cli, tmp_path: Path) -> None:
    imported = _imported(run_cli, tmp_path, "--db", "mit arkiv.db")
    assert imported.stderr.endswith("Se dem med: aktorskab --db 'mit arkiv.db' show 1\n")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-ude.db"
    result = run_cli("--db", elsewhere, "show", "3")
    assert result.stderr.endswith(f"Start et med: aktorskab --db {elsewhere} run temadag\n")


def test_without_db_on_the_command_line_the_hints_say_no_db(run_cli, tmp_path: Path) -> None:
    imported = _imported(run_cli, tmp_path)  # AKTORSKAB_DB names the database (conftest)
    assert imported.stderr.endswith("Se dem med: aktorskab show 1\n")
    assert run_cli("show", "7").stderr == "Møde 7 findes ikke; se møderne med: aktorskab sessions\n"


def test_a_status_in_an_answers_file_without_a_programme_names_plan_set_with_the_db_and_the_status(
        run_cli, tmp_path: Path) -> None:
    (tmp_path / "svar.toml").write_text(ANSWERS + '\n[[status]]\nentry = "kcl"\nstatus = "i gang"\n'
                                        'note = "Holdt 20. november"\n', encoding="utf-8")
    result = run_cli("--db", "andet.db", "import", "temadag", "svar.toml")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", (
        "svar.toml kan ikke bruges – intet er gemt:\n"
        "  • svar.toml, status 1 (linje 7): mødet hører ikke til en post i et program, så en status kan ikke gemmes "
        "her; importér mødet med --plan PROGRAM:POST, eller sæt status med: aktorskab --db andet.db plan set "
        "PROGRAM kcl 'i gang' --note 'Holdt 20. november'\n"))
    assert not (tmp_path / "andet.db").exists()


def test_an_empty_draft_file_names_summary_draft_with_the_db(run_cli, tmp_path: Path) -> None:
    _imported(run_cli, tmp_path, "--db", "andet.db")
    (tmp_path / "tom.toml").write_text("\n", encoding="utf-8")
    result = run_cli("--db", "andet.db", "summary", "apply", "tom.toml")
    assert (result.exit_code, result.stderr) == (2, (
        "tom.toml kan ikke indlæses:\n"
        "  • tom.toml: filen er tom; begynd fx med: aktorskab --db andet.db summary draft MØDE -o tom.toml\n"))


def test_run_without_an_agenda_suggests_one_on_the_same_database(run_cli) -> None:
    result = run_cli("--db", "andet.db", "run")
    assert (result.exit_code, result.stderr) == (2, "Angiv en dagsorden, fx: aktorskab --db andet.db run temadag "
                                                    "(eller fortsæt et møde med --resume latest)\n")


@pytest.mark.parametrize("how", ["--db", "AKTORSKAB_DB"])
def test_a_database_path_into_a_missing_folder_is_refused_and_nothing_is_created(run_cli, tmp_path, monkeypatch,
                                                                                  how: str) -> None:
    missing = tmp_path / "findes" / "ikke"
    answers = tmp_path / "svar.toml"
    answers.write_text('[[answer]]\nitem = "vejen-videre"\ngroup = "Gruppe 1"\ntext = "Mere tid"\n', encoding="utf-8")
    if how == "--db":
        result = run_cli("--db", str(missing / "x.db"), "import", "lmu", str(answers))
    else:
        monkeypatch.setenv("AKTORSKAB_DB", str(missing / "x.db"))
        result = run_cli("import", "lmu", str(answers))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"Mappen {missing} findes ikke, så databasen {missing / 'x.db'} kan ikke oprettes dér. "
                             f"Ret stien i {how}, eller opret mappen først, hvis det er den, du mener.\n")
    assert not (tmp_path / "findes").exists()
