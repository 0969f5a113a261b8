"""How fast is the synthesis? `summary draft` of 5,000 answers (goal ≤ 2 s, whole command), `summary apply`,
and the export of a 5,000-answer synthesis against pandoc on the same content (goal ≥ 4×, whole command).

    python benchmarks/summary_speed.py [--answers 5000] [--repeat 3]

The answers are what a big year of meetings gives: 600 distinct sentences built from the seeds' words,
each said by several groups, often with different case and punctuation, so the draft has equal answers
to merge and similar ones to suggest. Every command is the real one as a subprocess (start-up included),
with bytecode caches as a user has them; after one warm-up each, the commands take turns (A B C … A B C …,
so a busy spell of the shared machine falls on all of them alike), and each is reported by the median and
the best of its N runs, in wall time and in its own CPU time (user + system, steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CATEGORIES, ITEMS, imported_session

from aktorskab_cli.store.records import Answer

WORDS = ("tydelige hjørneflag tillid psykologisk tryghed ansvar faglighed initiativ motivation ejerskab handlekraft "
         "rammer forventninger ledere retning tempoet frisætte støtte opbakning organisationen anerkendelse fælles "
         "sprog uformelle fyrtårne samarbejdet kultur helheden detailstyring mandat vikarer historier serviceniveau "
         "regler borgere forenkling prøvehandlinger onboarding").split()


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
    return imported_session(db, answers)


def interleaved(repeat: int, commands: dict[str, list[str]], env: dict[str, str]) -> dict[str, tuple[list[float], list[float]]]:
    """Each command once as a warm-up (caches), then `repeat` times in turns: {label: (wall s, CPU s)}."""
    for command in commands.values():
        subprocess.run(command, env=env, check=True, capture_output=True)
    times: dict[str, tuple[list[float], list[float]]] = {label: ([], []) for label in commands}
    for _ in range(repeat):
        for label, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times[label][0].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[label][1].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times


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
        # the synthesis applied once, so every export (and pandoc's Markdown, our own export) carries it
        for label in ("summary draft", "summary apply"):
            subprocess.run(commands[label], env=env, check=True, capture_output=True)
        subprocess.run([cli, "export", session, "-o", str(md), "--force"], env=env, check=True, capture_output=True)
        if pandoc:
            commands["pandoc (same md)"] = [pandoc, str(md), "-o", str(folder / "pandoc.docx")]
        else:
            print("pandoc is not installed: no comparison", file=sys.stderr)
        times = interleaved(args.repeat, commands, env)
        wall = {label: statistics.median(t[0]) for label, t in times.items()}
        cpu = {label: statistics.median(t[1]) for label, t in times.items()}
        for label, (w, c) in times.items():
            print(f"{label:<17} {args.answers} answers  median {wall[label]:6.3f} s (best {min(w):6.3f})  "
                  f"CPU median {cpu[label]:6.3f} s (best {min(c):6.3f})", flush=True)
        text = draft.read_text(encoding="utf-8")
        points = sum(line.startswith("[[point]]") for line in text.splitlines())  # not the comments naming it
        print(f"  the draft: {points} points, {text.count('# Ligner måske')} suggested merges; "
              f"goal ≤ 2 s (median): {'met' if wall['summary draft'] <= 2 else 'missed'}")
        print(f"  export PPTX / DOCX {wall['export PPTX'] / wall['export DOCX']:4.2f}× wall, "
              f"{cpu['export PPTX'] / cpu['export DOCX']:4.2f}× CPU (goal ≤ 1.5×)")
        if pandoc:
            print(f"  pandoc / export DOCX {wall['pandoc (same md)'] / wall['export DOCX']:4.1f}× wall, "
                  f"{cpu['pandoc (same md)'] / cpu['export DOCX']:4.1f}× CPU (goal ≥ 4×); "
                  f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
