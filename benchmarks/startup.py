"""Startup time of `aktorskab` against a bare Typer app, side by side.

    python benchmarks/startup.py [--runs 15]

Runs, interleaved so that disk cache and CPU frequency treat them alike, with the interpreter that runs
this script: (a) a bare Typer app with one empty command asked for --help, (b) `aktorskab --help`,
(c) `aktorskab agenda show temadag`. Prints the best and the median time of each and their ratios to (a)'s.
(c) reads the agenda from the cache of resolved agendas (a cache of the benchmark's own, which the warm-up
run fills, as a facilitator's first `show` or `run` of the day does); the same command without a cache, the
time of the first run after the file changed, is printed for reference.
The goal (issue 9): b/a and c/a at most 1.15 (best of the runs, the steadiest figure of a start-up on a noisy
machine; the medians are printed beside them). Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.15
BARE = """\
import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    pass


@app.command()
def other() -> None:
    pass


if __name__ == "__main__":
    app()
"""
# For reference only: the same app with a --db option and an argument, the floor Typer itself sets
# for any command that takes one (it builds pydantic adapters to coerce the values).
BARE_ARG = BARE.replace("def hello() -> None:", "def hello(name: str, db: Path = typer.Option(None)) -> None:").replace(
    "import typer", "from pathlib import Path\n\nimport typer")


def all_times(commands: dict[str, list[str]], runs: int, cache: Path) -> dict[str, list[float]]:
    # Bytecode caches as a user has them (pip compiles on install): a PYTHONDONTWRITEBYTECODE in the
    # environment would make every run compile our modules from source while Typer's stay cached.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COLUMNS"] = "100"
    envs = {label: {**env, "AKTORSKAB_CACHE": "" if "without" in label else str(cache)} for label in commands}
    times: dict[str, list[float]] = {label: [] for label in commands}
    for label, cmd in commands.items():  # warm up: bytecode caches, disk cache, the agenda cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=envs[label], check=True)
    for _ in range(runs):
        for label, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=envs[label], check=True)
            times[label].append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE, encoding="utf-8")
        bare_arg = Path(tmp) / "bare_arg_app.py"
        bare_arg.write_text(BARE_ARG, encoding="utf-8")
        py = sys.executable
        commands = {
            "a  bare Typer app --help": [py, str(bare), "--help"],
            "b  aktorskab --help": [py, "-m", "aktorskab_cli", "--help"],
            "c  aktorskab agenda show temadag": [py, "-m", "aktorskab_cli", "agenda", "show", "temadag"],
            "(c without the agenda cache)": [py, "-m", "aktorskab_cli", "agenda", "show", "temadag"],
            "(bare Typer app hello NAME --db X)": [py, str(bare_arg), "hello", "x", "--db", "x.db"],
        }
        times = all_times(commands, args.runs, Path(tmp) / "cache")
    best = {label: min(t) for label, t in times.items()}
    median = {label: statistics.median(t) for label, t in times.items()}
    base, base_median = best["a  bare Typer app --help"], median["a  bare Typer app --help"]
    print(f"Python {sys.version.split()[0]} ({py}), {args.runs} runs each, interleaved; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'':34s} {'best':>9s} {'ratio':>6s}   {'median':>9s} {'ratio':>6s}")
    ok = True
    for label, seconds in best.items():
        ratio = seconds / base
        judged = label[0] in "bc"
        mark = "" if not judged else ("  ok" if ratio <= GOAL else f"  OVER the goal of {GOAL}")
        ok = ok and (not judged or ratio <= GOAL)
        print(f"{label:34s} {seconds * 1000:7.1f} ms {ratio:5.2f}×   {median[label] * 1000:7.1f} ms "
              f"{median[label] / base_median:5.2f}×{mark}")
    print(f"\nGoal: b/a and c/a ≤ {GOAL}. The lines in brackets are for reference: `agenda show` validating the file\n"
          "(its first run after the file changed), and Typer's own floor for a command with arguments.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
