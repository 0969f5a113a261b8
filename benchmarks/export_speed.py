"""How fast is the opsamling? Our DOCX and PPTX exports against pandoc on our own Markdown export.

    python benchmarks/export_speed.py [--sizes 5000 10000] [--repeat 5]

For each size a session with that many answers is imported into a fresh store; then the runs below take
turns (A B C … A B C …, so a busy spell of the shared machine falls on all of them alike), and each is
reported by its median and its best:
  docx      store read + aggregation + DOCX, in process (what `aktorskab export` does after start-up)
  pptx      the same to PPTX, in process
  cli       `aktorskab export SESSION -o x.docx` as a subprocess (start-up included)
  cli-pptx  `aktorskab export SESSION -o x.pptx` as a subprocess
  pandoc    `pandoc ours.md -o x.docx` as a subprocess (start-up included)
Goals: pandoc / cli ≥ 4 at 5,000 answers (issue 9; aim ≥ 5 so it survives noise), 10,000 answers at most
2.2 × the time of 5,000, and PPTX at most 1.5 × DOCX of the same meeting (issue 18), in process and as a
whole command (medians). Figures only: it never fails (CI prints them after the tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import imported_session, spread_answers

from aktorskab_cli.writers import files as export
from aktorskab_cli.opsamling.build import build
from aktorskab_cli.opsamling.read import read_sessions
from aktorskab_cli.store.db import open_store


def make_session(db: Path, count: int) -> int:
    text = "Svar {n}: tydelige hjørneflag, tillid & psykologisk tryghed – «fælles sprog» 🙂"
    return imported_session(db, spread_answers(count, text))


def ours(db: Path, session: int, target: Path, fmt: str = "docx") -> None:
    store = open_store(db)
    try:
        ops = build(read_sessions(store, [str(session)]), created=export.now())
    finally:
        store.close()
    export.write_file(ops, target, fmt, force=True)  # the same file, written again on every repeat


def interleaved(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Each run `repeat` times, taking turns: A B C A B C …; the seconds each took."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    cli = shutil.which("aktorskab") or str(Path(sys.executable).with_name("aktorskab"))
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            db = folder / f"bench-{size}.db"
            session = make_session(db, size)
            md = folder / f"ours-{size}.md"
            store = open_store(db)
            export.write_file(build(read_sessions(store, [str(session)])), md, "md")
            store.close()
            # Bytecode caches as a user has them (pip compiles on install), as startup.py does: with
            # PYTHONDONTWRITEBYTECODE every run would compile our modules from source.
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["AKTORSKAB_DB"] = str(db)

            def command(suffix: str, env: dict[str, str] = env, session: int = session) -> Callable[[], object]:
                return lambda: subprocess.run([cli, "export", str(session), "-o", str(folder / f"cli.{suffix}"),
                                               "--force"], env=env, check=True, capture_output=True)

            runs: dict[str, Callable[[], object]] = {
                "docx": lambda db=db, session=session: ours(db, session, folder / "ours.docx"),
                "pptx": lambda db=db, session=session: ours(db, session, folder / "ours.pptx", "pptx"),
                "cli": command("docx"), "cli-pptx": command("pptx")}
            if pandoc:
                runs["pandoc"] = lambda md=md: subprocess.run([pandoc, str(md), "-o", str(folder / "pandoc.docx")],
                                                              check=True)
            for fn in runs.values():  # warm-up: bytecode caches, disk cache, the writers imported
                fn()
            times = interleaved(args.repeat, runs)
            row = {name: statistics.median(t) for name, t in times.items()}
            results[size] = row
            figures = "  ".join(f"{k} {row[k]:6.3f} s (best {min(times[k]):6.3f})" for k in times)
            print(f"{size:>6} answers, median of {args.repeat} interleaved runs:  {figures}", flush=True)
            ratios = (f"         pptx/docx {row['pptx'] / row['docx']:4.2f}× in process, "
                      f"{row['cli-pptx'] / row['cli']:4.2f}× whole command (goal ≤ 1.5×)")
            if "pandoc" in row:
                ratios += f";  pandoc/docx {row['pandoc'] / row['docx']:4.1f}×  pandoc/cli {row['pandoc'] / row['cli']:4.1f}×"
            print(ratios, flush=True)
    if len(args.sizes) >= 2:
        small, large = args.sizes[0], args.sizes[-1]
        print(f"scaling: docx({large}) / docx({small}) = {results[large]['docx'] / results[small]['docx']:.2f}×  "
              f"cli({large}) / cli({small}) = {results[large]['cli'] / results[small]['cli']:.2f}×  (goal ≤ 2.2×)")
    if not pandoc:
        print("pandoc is not installed: no comparison", file=sys.stderr)


if __name__ == "__main__":
    main()
