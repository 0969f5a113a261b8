"""The wheel carries the bundled agendas and prompts: build it, install it in a fresh venv, run it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ folder of a fresh venv with the built wheel installed, built once for the whole run.

    Under pytest-xdist every worker asks; a file lock in the folder the workers share lets the first one
    build and the others reuse it. The venv gets the wheel alone (`--no-deps`, no pip inside): its
    dependencies are the test venv's, reached through a path line, so the wheel's own files are what runs
    (an import from the checkout would fail `test_installed_package_runs_as_a_module…`). That the wheel
    asks for the right dependencies is checked against pyproject.toml in `test_the_wheel_declares…`.
    """
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    # The folder of this run: under xdist each worker's basetemp sits in it; alone, basetemp is it (its parent
    # is shared by every run on the machine, where an old run's wheel would be found "done").
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    work = shared / "wheel"
    bindir = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    with FileLock(str(shared / "wheel.lock")):
        if (work / "done").exists():
            return bindir
        if work.exists():
            shutil.rmtree(work)
        work.mkdir()
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
        venv.create(env_dir, with_pip=False)
        python = bindir / ("python.exe" if os.name == "nt" else "python")
        proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                               "--no-index", str(wheels[0])], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        deps = sysconfig.get_path("purelib")  # the test venv: typer, textual, python-docx, …
        Path(purelib, "test_dependencies.pth").write_text(deps + "\n", encoding="utf-8")
        (work / "wheel-name").write_text(wheels[0].name, encoding="utf-8")
        (work / "done").touch()
    return bindir


def run(bindir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["COLUMNS"] = "120"
    env["AKTORSKAB_DB"] = str(cwd / "test.db")
    return subprocess.run([*args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_installed_wheel_lists_and_shows_the_bundled_agendas(installed: Path, tmp_path: Path) -> None:
    exe = str(installed / "aktorskab")
    listed = run(installed, exe, "agenda", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for name in ("temadag", "dialogmoede", "lmu"):
        assert name in listed.stdout
    shown = run(installed, exe, "agenda", "show", "temadag", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "8.00" in shown.stdout and "Dagen slutter kl. 15.00." in shown.stdout
    checked = run(installed, exe, "agenda", "check", "temadag", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_installed_package_runs_as_a_module_and_imports_from_the_venv(installed: Path, tmp_path: Path) -> None:
    py = str(installed / "python")
    helped = run(installed, py, "-m", "aktorskab_cli", "--help", cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "agenda" in helped.stdout
    where = run(installed, py, "-c", "import aktorskab_cli, pathlib; print(pathlib.Path(aktorskab_cli.__file__))",
                cwd=tmp_path)
    assert "site-packages" in where.stdout, where.stdout
    assert where.stdout.startswith(str(installed.parent)), where.stdout  # the wheel's copy, not the checkout


@pytest.mark.parametrize("args", [["--help"], ["agenda", "show", "temadag"], ["agenda", "show", "findes-ikke"],
                                  ["sessions", "--json"], []])
def test_python_m_aktorskab_is_the_aktorskab_command(installed: Path, tmp_path: Path, args: list[str]) -> None:
    """A broken PATH never stops a meeting: `python -m aktorskab …` says and does what `aktorskab …` does."""
    command = run(installed, str(installed / "aktorskab"), *args, cwd=tmp_path)
    module = run(installed, str(installed / "python"), "-m", "aktorskab", *args, cwd=tmp_path)
    assert (module.returncode, module.stdout, module.stderr) == (command.returncode, command.stdout, command.stderr)
    assert "Traceback" not in module.stderr
    where = run(installed, str(installed / "python"), "-c", "import aktorskab; print(aktorskab.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(installed.parent)), where.stdout  # the wheel's own top-level package


def test_installed_wheel_copies_an_agenda_that_checks(installed: Path, tmp_path: Path) -> None:
    exe = str(installed / "aktorskab")
    assert run(installed, exe, "agenda", "new", "mit.toml", "--from", "temadag", cwd=tmp_path).returncode == 0
    checked = run(installed, exe, "agenda", "check", "mit.toml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "8.00–15.00" in checked.stdout


def test_the_wheel_declares_the_dependencies_of_pyproject(installed: Path) -> None:
    import tomllib

    wheel = installed.parent.parent / "dist" / (installed.parent.parent / "wheel-name").read_text(encoding="utf-8")
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
        files = archive.namelist()
    declared = [line.split(": ", 1)[1] for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line]
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    from packaging.requirements import Requirement

    # parsed: the wheel writes a range's bounds in its own order (typer<0.30,>=0.29)
    assert sorted(str(Requirement(d)) for d in declared) == sorted(str(Requirement(w)) for w in wanted)
    assert "aktorskab_cli/agendas/temadag.toml" in files and "aktorskab_cli/prompts/temaer.toml" in files
    assert "aktorskab_cli/writers/template.docx" in files and "aktorskab_cli/writers/template.pptx" in files
    assert "aktorskab_cli/programmes/aktorskab-2025-2026.toml" in files
    assert "aktorskab/__main__.py" in files  # python -m aktorskab
    assert any(n.startswith("aktorskab-") and n.endswith("entry_points.txt") for n in files)


def test_installed_wheel_carries_the_phone_pages_templates_and_css(installed: Path, tmp_path: Path) -> None:
    py = str(installed / "python")
    listed = run(installed, py, "-c", "import aktorskab_cli.web as w, pathlib; base = pathlib.Path(w.__file__).parent; "
                 "print(sorted(p.relative_to(base).as_posix() for p in base.rglob('*.*') if p.suffix in "
                 "('.html', '.css', '.js')))", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for name in ("templates/phone.html", "templates/join.html", "templates/projector.html",
                 "templates/facilitator.html", "static/style.css", "static/phone.js", "static/live.js"):
        assert name in listed.stdout, name
    helped = run(installed, str(installed / "aktorskab"), "serve", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "--card" in helped.stdout, helped.stderr
