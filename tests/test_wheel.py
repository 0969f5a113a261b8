"""The wheel carries the bundled agendas and prompts: build it, install it in a fresh venv, run it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ folder of a fresh venv with the built wheel installed (deps from the package index)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"  # build from a copy, so a build never writes into the shared checkout
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info",
                                                              "build", "dist", ".pytest_cache", ".hypothesis"))
    dist = work / "dist"
    # Use the hatchling already installed when there is one; otherwise pip fetches it (build isolation).
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q",
                           "-w", str(dist), str(src)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    wheels = list(dist.glob("aktorskab-*.whl"))
    assert len(wheels) == 1
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    proc = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheels[0])],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return bindir


def run(bindir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["COLUMNS"] = "120"
    env["AKTORSKAB_DB"] = str(cwd / "test.db")
    return subprocess.run([*args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


@pytest.mark.slow
def test_installed_wheel_lists_and_shows_the_bundled_agendas(installed: Path, tmp_path: Path) -> None:
    exe = str(installed / "aktorskab")
    listed = run(installed, exe, "agenda", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for name in ("temadag", "dialogmoede", "lmu"):
        assert name in listed.stdout
    shown = run(installed, exe, "agenda", "show", "temadag", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "08:00" in shown.stdout and "Dagen slutter kl. 15:00." in shown.stdout
    checked = run(installed, exe, "agenda", "check", "temadag", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
def test_installed_package_runs_as_a_module_and_imports_from_the_venv(installed: Path, tmp_path: Path) -> None:
    py = str(installed / "python")
    helped = run(installed, py, "-m", "aktorskab_cli", "--help", cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "agenda" in helped.stdout
    where = run(installed, py, "-c", "import aktorskab_cli, pathlib; print(pathlib.Path(aktorskab_cli.__file__))",
                cwd=tmp_path)
    assert "site-packages" in where.stdout, where.stdout


@pytest.mark.slow
def test_installed_wheel_copies_an_agenda_that_checks(installed: Path, tmp_path: Path) -> None:
    exe = str(installed / "aktorskab")
    assert run(installed, exe, "agenda", "new", "mit.toml", "--from", "temadag", cwd=tmp_path).returncode == 0
    checked = run(installed, exe, "agenda", "check", "mit.toml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "08:00–15:00" in checked.stdout
