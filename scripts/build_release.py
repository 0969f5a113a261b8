"""Build a release for machines without git, admin rights or (at install time) the internet.

The wheel, and for each platform a zip holding an offline *wheelhouse* – the wheel and every dependency as
wheels for Python 3.11, 3.12 and 3.13 – with a short Danish `LÆS MIG.txt` and the README, and SHA256SUMS.txt
beside the zips. Each wheelhouse is fetched with `pip download --only-binary=:all: --platform … --python-version …`, so
it works from any machine; it fails (exit 1), naming the platform, the Python and the dependency, when a
dependency has no wheel there, because an offline machine cannot build one.

    .venv/bin/python scripts/build_release.py                               # all four platforms → dist/release/
    .venv/bin/python scripts/build_release.py --platform linux --python 3.12 --out /tmp/release
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13")

# name → (what LÆS MIG says, pip's --platform tags). pip widens a macOS tag to the older macOS versions
# and to universal2, but takes a manylinux_2_NN tag as it is: every glibc from 2.17 (manylinux2014) to 2.28
# is listed. A wheel must install on the oldest system named here.
PLATFORMS: dict[str, tuple[str, list[str]]] = {
    "windows": ("Windows 10 eller 11, 64 bit (x64)", ["win_amd64"]),
    "macos-arm64": ("macOS 11 eller nyere på en Mac med Apple-chip (M1 og nyere)", ["macosx_11_0_arm64"]),
    "macos-x86_64": ("macOS 10.13 eller nyere på en Mac med Intel-chip", ["macosx_10_13_x86_64"]),
    "linux": ("Linux, 64 bit (x86-64), glibc 2.28 eller nyere (fx Debian 10, Ubuntu 20.04, RHEL 8)",
              [f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)] + ["manylinux2014_x86_64"]),
}

README = """\
aktorskab {version} – til {system}

Mappen »wheelhouse« rummer værktøjet og alt, hvad det bruger, til Python 3.11, 3.12 og 3.13.
Installationen henter intet fra nettet og kræver hverken git eller administratorrettigheder, kun en
Python 3.11, 3.12 eller 3.13 på maskinen.

1. Pak zip-filen ud, fx i din mappe Overførsler.
2. Åbn en terminal i den udpakkede mappe (den, hvor denne fil ligger).{terminal}
3. Installér med én af disse tre (den første, du har):

     uv tool install --offline --no-index --find-links wheelhouse aktorskab
     pipx install --pip-args="--no-index --find-links=wheelhouse" aktorskab
     {python} -m pip install --user --no-index --find-links wheelhouse aktorskab
{managed}
4. Prøv det:  aktorskab agenda show temadag
   Findes kommandoen ikke (PATH), virker det samme altid som:  {python} -m aktorskab agenda show temadag

Mere i README.md ved siden af denne fil (»Installér på en kommunal computer« og »For IT«): hvor værktøjet
og dine data ligger, og hvilken port telefonsiden bruger.
"""
TERMINAL = {
    "windows": "\n   På Windows: højreklik på mappen og vælg »Åbn i Terminal«. Brug Windows Terminal til\n"
               "   mødeskærmen (den gamle konsol viser ikke alle tegn og farver).",
    "macos-arm64": "\n   På macOS: højreklik på mappen i Finder › Tjenester › Ny Terminal ved mappe.",
    "macos-x86_64": "\n   På macOS: højreklik på mappen i Finder › Tjenester › Ny Terminal ved mappe.",
    "linux": "",
}
MANAGED = ("\n   Siger pip »externally-managed-environment« (Debian 12, Ubuntu 23.04 og nyere, Homebrews Python), så\n"
           "   brug uv eller pipx, eller en venv, der kun er din, og kør derefter ~/aktorskab-venv/bin/aktorskab:\n\n"
           "     python3 -m venv ~/aktorskab-venv && ~/aktorskab-venv/bin/pip install --no-index --find-links "
           "wheelhouse aktorskab\n")


def read_me(name: str, version: str) -> str:
    """LÆS MIG.txt for platform `name` (Windows: CRLF line ends, for Notepad of old)."""
    text = README.format(version=version, system=PLATFORMS[name][0], terminal=TERMINAL[name],
                         python="py" if name == "windows" else "python3", managed="" if name == "windows" else MANAGED)
    return text.replace("\n", "\r\n") if name == "windows" else text


class NoWheel(Exception):
    pass


def build_wheel(out: Path) -> Path:
    """The project's own wheel, built from a copy of the checkout (a build never writes into it)."""
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / "src"
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build",
                                                                  "dist", ".pytest_cache", ".hypothesis"))
        isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", str(out),
                               str(src)], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"The wheel was not built:\n{proc.stderr}")
    return max(out.glob("aktorskab-*.whl"), key=lambda p: p.stat().st_mtime)


def download(wheel: Path, name: str, python: str, dest: Path) -> None:
    """Every dependency of `wheel` as wheels for one platform and Python, into `dest` (pip skips the ones
    already there)."""
    tags = [arg for tag in PLATFORMS[name][1] for arg in ("--platform", tag)]
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "--only-binary=:all:", *tags,
                           "--python-version", python, "--implementation", "cp", "-d", str(dest), str(wheel)],
                          capture_output=True, text=True, timeout=1200)
    if proc.returncode != 0:
        missing = re.findall(r"No matching distribution found for (\S+)", proc.stderr)
        what = f"{missing[0]} has no wheel" if missing else "a dependency could not be fetched as a wheel"
        tail = "\n".join(line for line in proc.stderr.splitlines() if line.startswith("ERROR"))
        raise NoWheel(f"{name} ({', '.join(PLATFORMS[name][1][:1])}), Python {python}: {what}. An offline machine "
                      f"cannot build it: pin a version that has one, or leave the platform out.\n{tail}")


def wheelhouse_zip(wheel: Path, name: str, pythons: tuple[str, ...], out: Path) -> Path:
    version = wheel.name.split("-")[1]
    folder = f"aktorskab-{version}-{name}"
    with tempfile.TemporaryDirectory() as work:
        house = Path(work) / folder / "wheelhouse"
        house.mkdir(parents=True)
        shutil.copy(wheel, house)
        for python in pythons:
            download(wheel, name, python, house)
        text = read_me(name, version)
        (Path(work) / folder / "LÆS MIG.txt").write_text(text, encoding="utf-8-sig" if name == "windows" else "utf-8")
        shutil.copy(ROOT / "README.md", Path(work) / folder / "README.md")  # »For IT« travels with the zip
        target = out / f"{folder}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted((Path(work) / folder).rglob("*")):
                archive.write(path, path.relative_to(work).as_posix())
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", choices=sorted(PLATFORMS), action="append",
                        help="one platform (repeat for more); default: all four")
    parser.add_argument("--python", choices=PYTHONS, action="append", help="one Python (repeat); default: 3.11–3.13")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "release")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(out)
    print(f"wheel: {wheel}")
    zips, failed = [], []
    for name in args.platform or list(PLATFORMS):
        try:
            zips.append(wheelhouse_zip(wheel, name, tuple(args.python or PYTHONS), out))
            print(f"{name}: {zips[-1]}")
        except NoWheel as exc:
            failed.append(str(exc))
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in [wheel, *zips]]
    (out / "SHA256SUMS.txt").write_text("\n".join(sums) + "\n", encoding="utf-8")
    for message in failed:
        print(f"FAILED: {message}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
