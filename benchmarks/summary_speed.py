"""How fast is the synthesis? `summary draft` of 5,000 answers (goal ≤ 2 s, whole command), `summary apply`,
and the export of a 5,000-answer synthesis against pandoc on the same content (goal ≥ 4×, whole command).

    python benchmarks/summary_speed.py [--answers 5000] [--repeat 3]

The answers are what a big year of meetings gives: 600 distinct sentences built from the seeds' words,
each said by several groups, often with different case and punctuation, so the draft has equal answers
to merge and similar ones to suggest. Every figure is the best of N runs of the real command as a
subprocess (start-up included), with bytecode caches as a user has them.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

WORDS = ("tydelige hjørneflag tillid psykologisk tryghed ansvar faglighed initiativ motivation ejerskab handlekraft "
         "rammer forventninger ledere retning tempoet frisætte støtte opbakning organisationen anerkendelse fælles "
         "sprog uformelle fyrtårne samarbejdet kultur helheden detailstyring mandat vikarer historier serviceniveau "
         "regler borgere forenkling prøvehandlinger onboarding").split()
ITEMS = ["dialog-cases", "organisationen-med", "god-dialog"]
CATEGORIES = ["mening", "mangler-svar", "opmaerksom", None]


def make_session(db: Path, count: int) -> int:
    rng = random.Random(2025)
    topics = [f"{rng.choice(WORDS)}{n}" for n in range(400)]  # rarer words, as real answers have many
    sentences = [" ".join(rng.sample(WORDS, 2) + rng.sample(topics, rng.randint(1, 4))).capitalize()
                 for _ in range(600)]
    answers = []
    for n in range(count):
        text = sentences[rng.randrange(len(sentences))]
        text = rng.choice([text, text.lower(), text + "!", text.upper(), text.replace(" ", ",  ", 1),
                           f"{text} og {rng.choice(WORDS)}"])  # the last: similar, to be suggested, not merged
        answers.append(Answer(item_id=ITEMS[n % 3], group=f"Gruppe {n % 12 + 1}", text=text,
                              category=CATEGORIES[n % 4], question=n % 3 + 1))
    agenda, toml = load_agenda("temadag")
    store = open_store(db)
    try:
        return store.create_session(agenda, toml, status="imported", answers=answers)
    finally:
        store.close()


CPU: dict[str, float] = {}  # the command's own CPU seconds (user + system), best run: steadier on a busy machine


def best(repeat: int, command: list[str], env: dict[str, str]) -> float:
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm-up: caches
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    CPU[" ".join(command)] = min(cpu)
    return min(times)


def cpu_of(command: list[str]) -> str:
    return f"(CPU {CPU[' '.join(command)]:.3f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cli = shutil.which("aktorskab") or str(Path(sys.executable).with_name("aktorskab"))
    pandoc = shutil.which("pandoc")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it; CPU less so)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        session = str(make_session(db, args.answers))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["AKTORSKAB_DB"] = str(db)
        draft, md = folder / "udkast.toml", folder / "ours.md"
        commands = {
            "aktorskab --help": [cli, "--help"],
            "summary draft": [cli, "summary", "draft", session, "-o", str(draft), "--force"],
            "summary apply": [cli, "summary", "apply", str(draft)],
            "export DOCX": [cli, "export", session, "-o", str(folder / "o.docx"), "--force"],
            "export PPTX": [cli, "export", session, "-o", str(folder / "o.pptx"), "--force"],
        }
        figures = {}
        for label, command in commands.items():
            figures[label] = best(args.repeat, command, env)
            print(f"{label:<17} {args.answers} answers  {figures[label]:6.3f} s  {cpu_of(command)}", flush=True)
        text = draft.read_text(encoding="utf-8")
        points = sum(line.startswith("[[point]]") for line in text.splitlines())  # not the comments naming it
        print(f"  the draft: {points} points, {text.count('# Ligner måske')} suggested merges; "
              f"goal ≤ 2 s: {'met' if figures['summary draft'] <= 2 else 'missed'}")
        if pandoc:
            subprocess.run([cli, "export", session, "-o", str(md), "--force"], env=env, check=True, capture_output=True)
            command = [pandoc, str(md), "-o", str(folder / "pandoc.docx")]
            figures["pandoc"] = best(args.repeat, command, env)
            print(f"{'pandoc (same md)':<17} {args.answers} answers  {figures['pandoc']:6.3f} s  {cpu_of(command)}   "
                  f"pandoc / export DOCX {figures['pandoc'] / figures['export DOCX']:4.1f}× (goal ≥ 4×; CPU "
                  f"{CPU[' '.join(command)] / CPU[' '.join(commands['export DOCX'])]:.1f}×)")
        else:
            print("pandoc is not installed: no comparison", file=sys.stderr)


if __name__ == "__main__":
    main()
