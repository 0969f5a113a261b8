"""How fast is the opsamling? Our DOCX export against pandoc on our own Markdown export, side by side.

    python benchmarks/export_speed.py [--sizes 5000 10000] [--repeat 3]

For each size a session with that many answers is imported into a fresh store; then, best of N:
  ours     store read + aggregation + DOCX, in process (what `aktorskab export` does after start-up)
  cli      `aktorskab export SESSION -o x.docx` as a subprocess (start-up included)
  pandoc   `pandoc ours.md -o x.docx` as a subprocess (start-up included)
The goal (issue 9): pandoc / cli ≥ 4 at 5,000 answers (the whole command, process start to file written;
aim ≥ 5 so it survives noise), and 10,000 answers at most 2.2 × the time of 5,000 (printed for both).
Figures only: it never fails (CI prints them after the tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aktorskab_cli.writers import files as export
from aktorskab_cli.opsamling.build import build
from aktorskab_cli.opsamling.read import read_sessions
from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

CATEGORIES = ["mening", "mangler-svar", "opmaerksom", None]
ITEMS = ["dialog-cases", "organisationen-med", "god-dialog"]


def make_session(db: Path, count: int) -> int:
    agenda, text = load_agenda("temadag")
    answers = [Answer(item_id=ITEMS[n % 3], group=f"Gruppe {n % 8 + 1}", category=CATEGORIES[n % 4],
                      text=f"Svar {n}: tydelige hjørneflag, tillid & psykologisk tryghed – «fælles sprog» 🙂")
               for n in range(count)]
    store = open_store(db)
    try:
        return store.create_session(agenda, text, status="imported", answers=answers)
    finally:
        store.close()


def ours(db: Path, session: int, target: Path) -> None:
    store = open_store(db)
    try:
        ops = build(read_sessions(store, [str(session)]), created=export.now())
    finally:
        store.close()
    export.write_file(ops, target, "docx", force=True)  # the same file, written again on every repeat


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
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
            row = {"ours": best(args.repeat, lambda: ours(db, session, folder / "ours.docx"))}
            # Bytecode caches as a user has them (pip compiles on install), as startup.py does: with
            # PYTHONDONTWRITEBYTECODE every run would compile our modules from source.
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["AKTORSKAB_DB"] = str(db)
            subprocess.run([cli, "export", str(session), "-o", str(folder / "cli.docx"), "--force"], env=env,
                           check=True, capture_output=True)  # warm-up: bytecode caches, disk cache
            row["cli"] = best(args.repeat, lambda: subprocess.run(
                [cli, "export", str(session), "-o", str(folder / "cli.docx"), "--force"], env=env, check=True,
                capture_output=True))
            if pandoc:
                row["pandoc"] = best(args.repeat, lambda: subprocess.run(
                    [pandoc, str(md), "-o", str(folder / "pandoc.docx")], check=True))
            results[size] = row
            figures = "  ".join(f"{k} {v:6.3f} s" for k, v in row.items())
            ratios = ""
            if "pandoc" in row:
                ratios = f"  pandoc/ours {row['pandoc'] / row['ours']:4.1f}×  pandoc/cli {row['pandoc'] / row['cli']:4.1f}×"
            print(f"{size:>6} answers  {figures}{ratios}", flush=True)
    if len(args.sizes) >= 2:
        small, large = args.sizes[0], args.sizes[-1]
        print(f"scaling: ours({large}) / ours({small}) = {results[large]['ours'] / results[small]['ours']:.2f}×  "
              f"cli({large}) / cli({small}) = {results[large]['cli'] / results[small]['cli']:.2f}×  (goal ≤ 2.2×)")
    if not pandoc:
        print("pandoc is not installed: no comparison", file=sys.stderr)


if __name__ == "__main__":
    main()
