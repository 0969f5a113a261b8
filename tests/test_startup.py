"""Fast start: the CLI and `agenda show` leave the heavy libraries alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.slow]  # each test a fresh interpreter

HEAVY = ("questionary", "docx", "textual", "prompt_toolkit", "rich.live", "sqlite3", "starlette", "uvicorn", "jinja2", "segno")


def loaded_after(code: str, modules: tuple[str, ...] = HEAVY) -> set[str]:
    """Which of `modules` are in sys.modules after running `code` in a fresh interpreter."""
    script = f"""
import sys, json, atexit
atexit.register(lambda: print("\\n" + json.dumps(sorted(m for m in {modules!r} if m in sys.modules)), file=sys.__stderr__))
{code}
"""
    env = {**os.environ, "COLUMNS": "100"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_importing_the_cli_leaves_heavy_libraries_out() -> None:
    assert loaded_after("import aktorskab_cli.cli") == set()


def test_help_leaves_heavy_libraries_out() -> None:
    code = "import sys; sys.argv = ['aktorskab', '--help']\nfrom aktorskab_cli.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    assert loaded_after(code) == set()


@pytest.mark.parametrize("args", [["agenda", "show", "temadag"], ["agenda", "list"], ["agenda", "check", "temadag"]])
def test_agenda_commands_leave_heavy_libraries_out(args: list[str]) -> None:
    code = f"import sys; sys.argv = ['aktorskab', *{args!r}]\nfrom aktorskab_cli.cli import main\ntry:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code"
    assert loaded_after(code) == set()


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
