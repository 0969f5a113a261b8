"""Typer fenced (cli/typer_fence.py): each patch of Typer's private parts finds what it patches, and every
English message the fence translates is, word for word, one this Typer still writes. An upgrade of Typer that
moves a part or rewords a message fails here, by name, before a user meets English or a slow start."""

from __future__ import annotations

import enum
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from packaging.specifiers import SpecifierSet
from typer.main import get_command

from aktorskab_cli.cli import typer_fence
from aktorskab_cli.cli.typer_fence import APPLIED, is_no_args_help, usage_error, usage_message

ROOT = Path(__file__).resolve().parents[1]


def test_the_installed_typer_is_in_the_range_pyproject_pins_and_the_fence_was_tested_against() -> None:
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    typer_spec = next(d for d in wanted if re.match(r"typer\b", d))
    assert typer_spec == "typer>=0.29,<0.30", "a new range: run this file against it, then change the fence's docstring"
    assert version("typer") in SpecifierSet(typer_spec.removeprefix("typer"))


def test_every_patch_found_what_it_patches(run_cli) -> None:
    assert run_cli("--help").exit_code == 0  # the help's patches are made when help is asked for
    assert APPLIED == {"skip_adapters": True, "help_words": True, "usage_prefix": True, "help_option": True,
                       "value_column": True}


def test_plain_values_go_around_typers_adapter() -> None:
    from typer.core import _TyperParameter

    import aktorskab_cli.cli  # noqa: F401 - applies skip_adapters

    assert _TyperParameter.process_value.__qualname__ == "skip_adapters.<locals>.process_value"


def test_the_help_words_are_names_typer_reads(run_cli) -> None:
    from typer import rich_utils

    run_cli("--help")
    assert {name: getattr(rich_utils, name) for name in typer_fence.HELP_WORDS} == typer_fence.HELP_WORDS
    shown = run_cli("agenda", "show", "--help").stdout
    assert "Argumenter" in shown and "Tilvalg" in shown and "[skal angives]" in shown


def test_usage_errors_are_found_by_their_names() -> None:
    from typer._click import exceptions

    assert usage_error() is exceptions.UsageError
    assert issubclass(exceptions.NoArgsIsHelpError, usage_error())
    assert is_no_args_help(exceptions.NoArgsIsHelpError(typer.Context(get_command(PROBE))))


# ---------------------------------------------------------------- Click's English, as this Typer writes it


class Kind(str, enum.Enum):
    docx = "docx"
    md = "md"


PROBE = typer.Typer()


@PROBE.command()
def one(name: str = typer.Argument(...), must: str = typer.Option(..., "--must"), n: int = typer.Option(0, "--n"),
        x: float = typer.Option(0.0, "--x"), kind: Kind = typer.Option(Kind.docx, "--kind"),
        flag: bool = typer.Option(False, "--flag"), limited: int = typer.Option(1, "--limited", min=1, max=5),
        path: Path = typer.Option(None, "--path", exists=True), folder: Path = typer.Option(None, "--folder", file_okay=False),
        file: Path = typer.Option(None, "--file", dir_okay=False), alpha1: str = typer.Option("", "--alpha1"),
        alpha2: str = typer.Option("", "--alpha2"), groups: int = typer.Option(0, "--groups")) -> None:
    pass


@PROBE.command()
def two(answer: bool = typer.Argument(...)) -> None:
    pass


@PROBE.command()
def three(files: list[Path] = typer.Argument(..., metavar="FIL…"),
          output: Path = typer.Option(..., "-o", "--output")) -> None:
    pass


GIVEN = ["one", "a", "--must", "m"]
CASES = [
    ([], "Missing command.", "Angiv en kommando."),
    (["one"], "Missing argument 'name'.", "Mangler argumentet name."),
    (["one", "a"], "Missing option '--must'.", "Mangler tilvalget --must."),
    (["three", "a"], "Missing option '-o' / '--output'.", "Mangler tilvalget -o/--output."),
    (["three"], "Missing argument 'FIL…'.", "Mangler argumentet FIL…"),
    ([*GIVEN, "--zzz"], "No such option: --zzz", "Ukendt tilvalg: --zzz."),
    ([*GIVEN, "--grupz", "3"], "No such option: --grupz (Possible options: --groups)",
     "Ukendt tilvalg: --grupz. Mente du --groups?"),
    ([*GIVEN, "--alpha", "q"], "No such option: --alpha (Possible options: --alpha1, --alpha2, --path)",
     "Ukendt tilvalg: --alpha. Mente du --alpha1, --alpha2, --path?"),
    (["onx"], "No such command 'onx'. Did you mean 'one'?", "Ukendt kommando: onx. Mente du »one«?"),
    (["one", "a", "b", "--must", "m"], "Got unexpected extra argument(s) (b)", "For mange argumenter: b."),
    (["one", "a", "--must"], "Option '--must' requires an argument.", "Tilvalget --must skal have en værdi."),
    ([*GIVEN, "--flag=x"], "Option '--flag' does not take a value.", "Tilvalget --flag tager ingen værdi."),
    ([*GIVEN, "--kind", "pdf"], "Invalid value for '--kind': Value error, 'pdf' is not one of 'docx', 'md'.",
     "Ugyldig værdi for --kind: »pdf« er ikke en af »docx«, »md«."),
    ([*GIVEN, "--path", "findes-ikke"], "Invalid value for '--path': path 'findes-ikke' does not exist.",
     "Ugyldig værdi for --path: »findes-ikke« findes ikke."),
    ([*GIVEN, "--folder", "{file}"], "Invalid value for '--folder': dir '{file}' is a file.",
     "Ugyldig værdi for --folder: »{file}« er en fil, ikke en mappe."),
    ([*GIVEN, "--file", "{folder}"], "Invalid value for '--file': file '{folder}' is a directory.",
     "Ugyldig værdi for --file: »{folder}« er en mappe, ikke en fil."),
    ([*GIVEN, "--n", "fire"], "Invalid value for '--n': Input should be a valid integer, unable to parse string as an "
     "integer", "Ugyldig værdi for --n: skal være et helt tal, fx 4."),
    ([*GIVEN, "--x", "hurtigt"], "Invalid value for '--x': Input should be a valid number, unable to parse string as a "
     "number", "Ugyldig værdi for --x: skal være et tal, fx 60."),
    (["two", "kanske"], "Invalid value for 'answer': Input should be a valid boolean, unable to interpret input",
     "Ugyldig værdi for answer: skal være ja eller nej."),
    ([*GIVEN, "--limited", "0"], "Invalid value for '--limited': Input should be greater than or equal to 1",
     "Ugyldig værdi for --limited: skal være mindst 1."),
    ([*GIVEN, "--limited", "9"], "Invalid value for '--limited': Input should be less than or equal to 5",
     "Ugyldig værdi for --limited: må højst være 5."),
]


def english(args: list[str], tmp_path: Path) -> str:
    """The message of the usage error Typer raises for `args` (in {file} and {folder}: real ones)."""
    (tmp_path / "fil.toml").write_text("x", encoding="utf-8")
    places = {"file": str(tmp_path / "fil.toml"), "folder": str(tmp_path)}
    with pytest.raises(usage_error()) as raised:
        get_command(PROBE).main([a.format(**places) for a in args], prog_name="probe", standalone_mode=False)
    return raised.value.format_message()


def _placed(text: str, tmp_path: Path) -> str:
    return text.format(file=tmp_path / "fil.toml", folder=tmp_path)


@pytest.mark.parametrize(("args", "written", "danish"), CASES, ids=[c[1][:40] for c in CASES])
def test_typer_still_writes_the_english_the_fence_translates(args: list[str], written: str, danish: str,
                                                             tmp_path: Path) -> None:
    said = english(args, tmp_path)
    assert said == _placed(written, tmp_path), "Typer words this differently now: change the fence's pattern"
    assert usage_message(said) == _placed(danish, tmp_path)


def test_no_pattern_of_the_fence_is_dead() -> None:
    """Every pattern meets at least one message above: a pattern no message of this Typer meets is dead code
    (Typer 0.29 says »Input should be a valid integer« where Click said »'x' is not a valid integer«)."""
    messages = [c[1] for c in CASES]
    reasons = [m.split("': ", 1)[1] for m in messages if m.startswith("Invalid value for '")]
    for pattern, _ in typer_fence._PATTERNS:
        assert any(re.match(pattern, m) for m in messages), pattern
    for pattern, _ in typer_fence._VALUE_REASONS:
        assert any(re.match(pattern, r) for r in reasons), pattern


def test_an_unknown_message_is_kept_as_it_is() -> None:
    assert usage_message("Something new in Typer") == "Something new in Typer"
