"""The offline release (scripts/build_release.py): the Linux wheelhouse for this Python, installed into a fresh
venv with the network off, runs `aktorskab agenda show temadag` and `python -m aktorskab --help`; and a
platform where a dependency has no wheel stops the build, naming the dependency.

The wheelhouse is fetched from the package registry (reachable here and in CI); only the install is offline:
in a network namespace of its own (`unshare -rn`) where that works, and always with pip's configuration,
indexes and find-links of this machine switched off and a proxy that leads nowhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_release  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform != "linux", reason="the wheelhouse built and installed here is Linux's")]
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def offline(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`command` with no network: its own network namespace where unshare works, and in any case nothing of
    this machine's pip set-up (its config names local indexes) and a dead proxy."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_")) and k not in (
        "PYTHONPATH", "VIRTUAL_ENV")}
    dead = "http://127.0.0.1:9"
    clean.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", HTTP_PROXY=dead, HTTPS_PROXY=dead, ALL_PROXY=dead,
                 http_proxy=dead, https_proxy=dead, NO_PROXY="", COLUMNS="120", **env)
    isolated = shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    prefix = ["unshare", "-rn"] if isolated else []
    return subprocess.run([*prefix, *command], capture_output=True, text=True, cwd=cwd, env=clean, timeout=600)


def test_the_linux_wheelhouse_installs_offline_into_a_fresh_venv_and_runs(tmp_path: Path) -> None:
    out = tmp_path / "release"
    out.mkdir()
    wheel = build_release.build_wheel(out)
    made = build_release.wheelhouse_zip(wheel, "linux", (PYTHON,), out)
    version = wheel.name.split("-")[1]
    assert made.name == f"aktorskab-{version}-linux.zip"
    with zipfile.ZipFile(made) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "udpakket")
        readme = archive.read(f"aktorskab-{version}-linux/LÆS MIG.txt").decode("utf-8")
    assert f"aktorskab-{version}-linux/README.md" in names
    assert "uv tool install --offline --no-index --find-links wheelhouse aktorskab" in readme
    folder = tmp_path / "udpakket" / f"aktorskab-{version}-linux"

    env_dir = tmp_path / "ny-venv"
    venv.create(env_dir, with_pip=True)  # a machine's fresh Python: pip, nothing else
    python = env_dir / "bin" / "python"
    installed = offline([str(python), "-m", "pip", "install", "--no-index", "--find-links", "wheelhouse",
                         "aktorskab"], cwd=folder)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    data = tmp_path / "data"
    shown = offline([str(env_dir / "bin" / "aktorskab"), "agenda", "show", "temadag"], cwd=tmp_path,
                    AKTORSKAB_DB=str(data / "a.db"), AKTORSKAB_CACHE=str(data / "cache"))
    assert shown.returncode == 0, shown.stderr
    assert "Dagen slutter kl. 15.00." in shown.stdout
    helped = offline([str(python), "-m", "aktorskab", "--help"], cwd=tmp_path, AKTORSKAB_DB=str(data / "a.db"))
    assert helped.returncode == 0, helped.stderr
    assert "Brug: aktorskab [TILVALG] KOMMANDO" in helped.stdout
    where = offline([str(python), "-c", "import aktorskab_cli; print(aktorskab_cli.__file__)"], cwd=tmp_path)
    assert where.stdout.startswith(str(env_dir)), where.stdout  # the wheel's copy, not this checkout


def test_a_platform_without_a_wheel_for_a_dependency_stops_the_build_and_names_it(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    monkeypatch.setitem(build_release.PLATFORMS, "plan9", ("Plan 9", ["plan9_amd64"]))
    wheel = build_release.build_wheel(tmp_path)
    with pytest.raises(build_release.NoWheel) as stopped:
        build_release.download(wheel, "plan9", "3.12", tmp_path / "wheelhouse")
    message = str(stopped.value)
    assert message.startswith("plan9 (plan9_amd64), Python 3.12: ")
    assert " has no wheel. An offline machine cannot build it" in message


def test_read_me_on_macos_and_linux_gives_a_venv_where_pip_user_is_refused() -> None:
    """Debian 12, Ubuntu 23.04+ and Homebrew's Python refuse pip --user (externally-managed-environment)."""
    venv_line = ("python3 -m venv ~/aktorskab-venv && ~/aktorskab-venv/bin/pip install --no-index --find-links "
                 "wheelhouse aktorskab")
    for name in ("linux", "macos-arm64", "macos-x86_64"):
        text = build_release.read_me(name, "1.0")
        assert "externally-managed-environment" in text and venv_line in text
    windows = build_release.read_me("windows", "1.0")
    assert "externally-managed" not in windows and "\r\n" in windows
