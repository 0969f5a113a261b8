"""The direct conversion of plain option values (cli.plain_value) gives what Typer's own pydantic path gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from hypothesis import assume, given
from hypothesis import strategies as st
from typer._click import Context
from typer.main import get_command

from aktorskab_cli.cli.typer_fence import plain_value


def _params() -> dict[str, object]:
    app = typer.Typer()

    @app.command()
    def one(n: int = 0, x: float = 0.0, p: Path = Path("."), s: str = "", limited: int = typer.Option(1, min=1),
            must: Path = typer.Option(Path("."), exists=True),
            folder: Path = typer.Option(Path("."), file_okay=False)) -> None:
        pass

    @app.command()
    def two() -> None:
        pass

    command = get_command(app).commands["one"]
    return {p.name: p for p in command.params}, Context(command)


PARAMS, CTX = _params()


def typer_value(name: str, value: str) -> object:
    """What Typer makes of the value, through its adapter (as its own process_value does)."""
    param = PARAMS[name]
    return param.get_runtime_param().coerce(value, param=param, ctx=CTX)


@pytest.mark.slow
@given(st.sampled_from(["n", "x", "p", "s"]), st.from_regex(r"-?[0-9]{1,25}(\.[0-9]{1,12})?", fullmatch=True)
       | st.text(max_size=12))
def test_a_plain_value_is_what_typer_makes_of_it(name: str, value: str) -> None:
    done, converted = plain_value(PARAMS[name], CTX, value)
    assume(done)  # else Typer converts it, or says what is wrong: nothing of ours to compare
    assert type(converted) is type(typer_value(name, value))
    assert converted == typer_value(name, value)


@pytest.mark.parametrize("name, value, expected", [
    ("n", "42", 42), ("n", "-7", -7), ("x", "0.5", 0.5), ("x", "3", 3.0), ("s", "tekst", "tekst"),
    ("p", "mappe/fil.docx", Path("mappe/fil.docx")),
])
def test_plain_values_take_the_direct_path(name: str, value: str, expected: object) -> None:
    assert plain_value(PARAMS[name], CTX, value) == (True, expected)


@pytest.mark.parametrize("name, value", [
    ("n", "fire"), ("n", "4.5"), ("n", " 4"), ("x", "1e3"), ("x", "hurtigt"),  # Typer parses or refuses these
    ("limited", "3"),  # a limit is Typer's to check
    ("p", ""), ("p", "a\x00b"),  # a NUL cannot be in a path: Typer refuses it
])
def test_anything_else_is_left_to_typer(name: str, value: str) -> None:
    assert plain_value(PARAMS[name], CTX, value) == (False, None)


def test_a_path_still_gets_typers_own_checks(tmp_path: Path) -> None:
    (tmp_path / "fil.toml").write_text("x", encoding="utf-8")
    assert plain_value(PARAMS["folder"], CTX, str(tmp_path)) == (True, tmp_path)
    with pytest.raises(typer.BadParameter, match=r"is a file\.$"):
        plain_value(PARAMS["folder"], CTX, str(tmp_path / "fil.toml"))
    with pytest.raises(typer.BadParameter, match=r"^path 'findes-ikke.toml' does not exist\.$"):
        plain_value(PARAMS["must"], CTX, "findes-ikke.toml")
