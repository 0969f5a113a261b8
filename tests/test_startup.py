"""Fast start: the CLI and `agenda show` leave the heavy libraries alone."""

from __future__ import annotations

import pytest
from fresh_interpreter import loaded_after

pytestmark = [pytest.mark.slow]  # each test a fresh interpreter

HEAVY = ("questionary", "docx", "textual", "prompt_toolkit", "rich.live", "sqlite3", "starlette", "uvicorn", "jinja2", "segno")


def test_importing_the_cli_leaves_heavy_libraries_out() -> None:
    assert loaded_after("import aktorskab_cli.cli", HEAVY) == set()


def test_help_leaves_heavy_libraries_out() -> None:
    code = "import sys; sys.argv = ['aktorskab', '--help']\nfrom aktorskab_cli.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    assert loaded_after(code, HEAVY) == set()


@pytest.mark.parametrize("args", [["agenda", "show", "temadag"], ["agenda", "list"], ["agenda", "check", "temadag"]])
def test_agenda_commands_leave_heavy_libraries_out(args: list[str]) -> None:
    code = f"import sys; sys.argv = ['aktorskab', *{args!r}]\nfrom aktorskab_cli.cli import main\ntry:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code"
    assert loaded_after(code, HEAVY) == set()


def test_agenda_show_does_not_even_load_rich_console() -> None:
    """It checked only rich.table once, so rich.console could have come back unnoticed."""
    code = "import sys; sys.argv = ['aktorskab', 'agenda', 'show', 'temadag']\nfrom aktorskab_cli.cli import main\ntry:\n    main()\nexcept SystemExit as e:\n    assert not e.code"
    assert loaded_after(code, ("rich.console", "rich.table")) == set()


def test_agenda_show_from_the_cache_leaves_pydantic_out() -> None:
    """The first `agenda show` validates the file and keeps the resolved agenda; the second reads it back
    without pydantic (the cache is the test's own, from conftest)."""
    code = "import sys; sys.argv = ['aktorskab', 'agenda', 'show', 'temadag']\nfrom aktorskab_cli.cli import main\ntry:\n    main()\nexcept SystemExit as e:\n    assert not e.code"
    assert loaded_after(code, ("pydantic",)) == {"pydantic"}
    assert loaded_after(code, ("pydantic",)) == set()
