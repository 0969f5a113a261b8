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
    sentences = [" ".join(rng.sample(WORDS, rng.randint(3, 7))).capitalize() for _ in range(600)]
    answers = []
    for n in range(count):
        text = sentences[rng.randrange(len(sentences))]
        text = rng.choice([text, text.lower(), text + "!", text.upper(), text.replace(" ", ",  ", 1)])
        answers.append(Answer(item_id=ITEMS[n % 3], group=f"Gruppe {n % 12 + 1}", text=text,
                              category=CATEGORIES[n % 4], question=n % 3 + 1))
    agenda, toml = load_agenda("temadag")
    store = open_store(db)
    try:
        return store.create_session(agenda, toml, status="imported", answers=answers)
    finally:
        store.close()


def best(repeat: int, command: list[str], env: dict[str, str]) -> float:
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm-up: caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cli = shutil.which("aktorskab") or str(Path(sys.executable).with_name("aktorskab"))
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        session = str(make_session(db, args.answers))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["AKTORSKAB_DB"] = str(db)
        draft = folder / "udkast.toml"
        run = lambda *a: subprocess.run([cli, *a], env=env, check=True, capture_output=True, text=True)  # noqa: E731
        figures = {"draft": best(args.repeat, [cli, "summary", "draft", session, "-o", str(draft), "--force"], env)}
        said = run("summary", "draft", session, "-o", str(draft), "--force").stdout
        points = re.search(r"med (\d+) punkt", said)[1]
        suggested = draft.read_text(encoding="utf-8").count("# Ligner måske")
        print(f"summary draft   {args.answers} answers  {figures['draft']:6.3f} s   goal ≤ 2 s: "
              f"{'met' if figures['draft'] <= 2 else 'missed'}  ({points} points, {suggested} suggested merges)",
              flush=True)
        figures["apply"] = best(args.repeat, [cli, "summary", "apply", str(draft)], env)
        print(f"summary apply   {args.answers} answers  {figures['apply']:6.3f} s", flush=True)
        md = folder / "ours.md"
        run("export", session, "-o", str(md), "--force")
        figures["export"] = best(args.repeat, [cli, "export", session, "-o", str(folder / "o.docx"), "--force"], env)
        line = f"export DOCX     {args.answers} answers  {figures['export']:6.3f} s"
        if pandoc:
            figures["pandoc"] = best(args.repeat, [pandoc, str(md), "-o", str(folder / "pandoc.docx")], env)
            line += f"   pandoc on the same Markdown {figures['pandoc']:6.3f} s   pandoc/ours {figures['pandoc'] / figures['export']:4.1f}× (goal ≥ 4×)"
        print(line, flush=True)
        figures["pptx"] = best(args.repeat, [cli, "export", session, "-o", str(folder / "o.pptx"), "--force"], env)
        print(f"export PPTX     {args.answers} answers  {figures['pptx']:6.3f} s", flush=True)


if __name__ == "__main__":
    main()
