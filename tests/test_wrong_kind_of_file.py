"""A user trial: the TOML files look alike (an agenda, a programme, an answers file, a draft of the synthesis),
and a new user gives one where another belongs (`plan check mit-moede.toml`). The file is named for what it
is, with the command that takes it, in one line and exit 2, instead of a list of every field as unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

ANSWERS = '[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 1"\ntext = "Tillid"\n'


@pytest.fixture
def files(run_cli, tmp_path: Path) -> Path:
    assert run_cli("agenda", "new", "mit-moede.toml", "--from", "lmu").exit_code == 0
    assert run_cli("plan", "new", "aarshjul.toml").exit_code == 0
    (tmp_path / "svar.toml").write_text(ANSWERS, encoding="utf-8")
    assert run_cli("import", "temadag", "svar.toml").exit_code == 0
    assert run_cli("summary", "draft", "1", "-o", "udkast.toml").exit_code == 0
    return tmp_path


@pytest.mark.parametrize(("args", "message"), [
    (("plan", "check", "mit-moede.toml"), "mit-moede.toml er en dagsorden, ikke et program; tjek den med: "
                                          "aktorskab agenda check mit-moede.toml"),
    (("plan", "show", "udkast.toml"), "udkast.toml er et udkast til sammenfatningen, ikke et program; gem det med: "
                                      "aktorskab summary apply udkast.toml"),
    (("agenda", "check", "aarshjul.toml"), "aarshjul.toml er et program, ikke en dagsorden; tjek det med: "
                                           "aktorskab plan check aarshjul.toml"),
    (("run", "svar.toml"), "svar.toml er en svarfil, ikke en dagsorden; læs den ind med: "
                           "aktorskab import DAGSORDEN svar.toml"),
    (("import", "temadag", "udkast.toml"), "udkast.toml er et udkast til sammenfatningen, ikke en svarfil; gem det "
                                           "med: aktorskab summary apply udkast.toml"),
    (("summary", "apply", "mit-moede.toml"), "mit-moede.toml er en dagsorden, ikke et udkast til sammenfatningen; "
                                             "tjek den med: aktorskab agenda check mit-moede.toml"),
])
def test_a_file_of_another_kind_is_named_for_what_it_is(run_cli, files: Path, args: tuple[str, ...],
                                                        message: str) -> None:
    result = run_cli(*args)
    name = message.split(" ", 1)[0]
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{name} kan ikke bruges:\n  • {message}\n")


def test_the_hint_carries_the_db_named_on_the_command_line(run_cli, files: Path) -> None:
    result = run_cli("--db", "andet.db", "plan", "check", "udkast.toml")
    assert result.stderr.endswith("gem det med: aktorskab --db andet.db summary apply udkast.toml\n")
    assert not (files / "andet.db").exists()
