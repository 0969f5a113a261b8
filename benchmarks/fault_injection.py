"""Fault injection: kill -9 while answers are typed, two runs on one database, exports while a run writes.

Prints the figures; `tests/test_faults.py` runs the same experiments in a short form.

    .venv/bin/python benchmarks/fault_injection.py                 # 50 kill rounds, 100 exports
    .venv/bin/python benchmarks/fault_injection.py --rounds 5 --exports 10
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pexpect

COMMAND = str(Path(sys.executable).with_name("aktorskab"))
KILL_AGENDA = """\
title = "Prøve på nedbrud"
start = "9.00"
frame = "aktorskab"

[[item]]
id = "dialog"
title = "Dialog om aktørskab"
minutes = 600
kind = "dialogue"
questions = ["Hvad giver mening?", "Hvad mangler vi svar på?"]

[[item]]
title = "Afslutning"
minutes = 5
kind = "plenary"
"""


def _env(db: Path) -> dict[str, str]:
    # pexpect never answers prompt_toolkit's cursor-position request (a real terminal does at once)
    return {**os.environ, "AKTORSKAB_DB": str(db), "TERM": "xterm-256color", "LANG": "C.UTF-8",
            "PROMPT_TOOLKIT_NO_CPR": "1"}


def _spawn(db: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(COMMAND, list(args), env=_env(db), dimensions=(32, 110), encoding="utf-8", timeout=40)


def start_or_resume(db: Path, number: int, agenda: list[str], resumed: str) -> pexpect.spawn:
    """The live run of kill round `number`: the first starts the day (`run AGENDA…`, space at KLAR), each
    later one resumes the meeting the kill left (`run --resume latest`) and waits for its screen's `resumed`."""
    if number == 0:
        child = _spawn(db, "run", *agenda)
        child.expect("KLAR")
        child.send(" ")
        child.expect("I GANG")
    else:
        child = _spawn(db, "run", "--resume", "latest")
        child.expect(resumed)
    return child


def _texts(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM answers ORDER BY id")]


def _integrity(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@dataclass
class KillReport:
    rounds: int = 0
    typed: int = 0  # answers whose text was sent
    confirmed: int = 0  # answers whose Enter was pressed and the next prompt appeared
    lost: int = 0  # confirmed answers missing from the database (must be 0)
    strangers: int = 0  # answers in the database that were never typed (must be 0)
    integrity_failures: int = 0
    resumes: int = 0  # runs continued with --resume after a kill
    completed: bool = False  # the last --resume --auto finished the day with every item recorded
    notes: list[str] = field(default_factory=list)


def kill_rounds(workdir: Path, rounds: int, seed: int = 2026) -> KillReport:
    """Type answers in the live run's dialogue and kill -9 at a random moment, `rounds` times."""
    rng = random.Random(seed)
    db, agenda = workdir / "kill.db", workdir / "kill.toml"
    agenda.write_text(KILL_AGENDA, encoding="utf-8")
    report, typed, confirmed = KillReport(), set(), set()
    for number in range(rounds):
        groups = ["--groups", str(rounds + 1)]  # a fresh group each round
        child = start_or_resume(db, number, [str(agenda), *groups], "Punkt 1 af 2")
        if number > 0:
            report.resumes += 1
        child.send("a")
        child.expect("Hvilken gruppe")
        child.send("\r")
        child.expect("Hvilket spørgsmål")
        child.send("\r")
        answers = rng.randint(1, 4)
        kill_step = rng.randint(0, answers * 3)  # somewhere while typing, sorting or between answers
        step = 0
        for k in range(1, answers + 1):
            text = f"Runde {number + 1} svar {k}: ærlig snak på tværs – æøå ÆØÅ"
            child.expect(f"svar {k} ")
            if step == kill_step:
                break
            step += 1
            child.send(text + "\r")
            typed.add(text)
            if step == kill_step:  # right after Enter, before the program may have answered
                break
            step += 1
            child.expect("hjemme")  # the answer is stored before this prompt is drawn
            confirmed.add(text)
            if step == kill_step:
                break
            step += 1
            child.send(rng.choice("1230") + "\r")
        os.kill(child.pid, signal.SIGKILL)
        child.close(force=True)
        report.rounds += 1
        stored = _texts(db)
        report.lost += len(confirmed - set(stored))
        report.strangers += len(set(stored) - typed)
        report.integrity_failures += 0 if _integrity(db) else 1
    report.typed, report.confirmed = len(typed), len(confirmed)
    final = subprocess.run([COMMAND, "run", "--resume", "latest", "--auto", "--speed", "100000"],
                           env=_env(db), capture_output=True, text=True, timeout=120)
    with sqlite3.connect(db) as conn:
        status = conn.execute("SELECT status FROM sessions ORDER BY id DESC").fetchone()[0]
    from aktorskab_cli.live.engine import replay
    from aktorskab_cli.store.db import open_store

    store = open_store(db)
    session = store.session("latest")
    timings = replay(session.agenda, store.events(session.id)).timings()
    store.close()
    report.completed = (final.returncode == 0 and status == "finished"
                        and all(t.start is not None and t.end is not None for t in timings))
    if not report.completed:
        report.notes.append(f"final resume: exit {final.returncode}, status {status}: {final.stderr.strip()}")
    return report


@dataclass
class ConcurrencyReport:
    both_finished: bool = False
    integrity: bool = False
    second_resume_refused: bool = False
    refusal_message: str = ""
    first_went_on: bool = False


def concurrent_runs(workdir: Path) -> ConcurrencyReport:
    """Two runs of different sessions at once on one database, and a second run of the same session."""
    db = workdir / "together.db"
    report = ConcurrencyReport()
    runs = [subprocess.Popen([COMMAND, "run", "temadag", "--auto", "--speed", "20000"], env=_env(db),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = [p.wait(timeout=120) for p in runs]
    with sqlite3.connect(db) as conn:
        statuses = [row[0] for row in conn.execute("SELECT status FROM sessions ORDER BY id")]
        events = [row[0] for row in conn.execute("SELECT COUNT(*) FROM events GROUP BY session_id ORDER BY 1")]
    report.both_finished = codes == [0, 0] and statuses == ["finished", "finished"] and len(set(events)) == 1
    report.integrity = _integrity(db)

    first = _spawn(db, "run", "lmu", "--speed", "60")
    first.expect("KLAR")
    first.send(" ")
    first.expect("I GANG")
    second = subprocess.run([COMMAND, "run", "--resume", "latest", "--auto"], env=_env(db),
                            capture_output=True, text=True, timeout=60)
    report.second_resume_refused = second.returncode == 2 and "kører allerede" in second.stderr
    report.refusal_message = second.stderr.strip()
    first.send("n")
    first.expect("Punkt 2 af")
    first.send("q")
    first.expect(pexpect.EOF)
    first.close()
    report.first_went_on = first.exitstatus == 0
    return report


@dataclass
class ExportReport:
    exports: int = 0
    valid: int = 0
    answers_at_end: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


WRITER = """
import sys, time
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
store = open_store()
session = store.session(sys.argv[1])
n = 0
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    n += 1
    store.add_answer(session.id, Answer("dialog-cases", f"Gruppe {n % 5 + 1}", f"Svar {n} skrevet under eksport – æøå",
                                        category=("mening", "mangler-svar", "opmaerksom", None)[n % 4]))
    time.sleep(0.002)
print(n)
"""


def exports_during_writes(workdir: Path, exports: int) -> ExportReport:
    """Export (docx and json, alternately) `exports` times while a run and an answer writer write."""
    import docx

    db = workdir / "busy.db"
    report = ExportReport()
    run = subprocess.Popen([COMMAND, "run", "temadag", "--auto", "--speed", "30"], env=_env(db),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    # (SIGINT at its default: a caller started in the background ignores it, and the run would inherit that)
    deadline = time.monotonic() + 10
    while not db.exists() or not _has_session(db):
        if time.monotonic() > deadline:
            raise RuntimeError("the run did not start")
        time.sleep(0.05)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "latest", str(exports * 0.6 + 5)], env=_env(db),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    for n in range(exports):
        fmt = "docx" if n % 2 == 0 else "json"
        target = workdir / f"eksport-{n}.{fmt}"
        done = subprocess.run([COMMAND, "export", "latest", "-o", str(target)], env=_env(db),
                              capture_output=True, text=True, timeout=60)
        report.exports += 1
        try:
            if done.returncode != 0:
                raise ValueError(f"exit {done.returncode}: {done.stderr.strip()}")
            if fmt == "docx":
                document = docx.Document(str(target))
                if not any(p.style.name == "Title" for p in document.paragraphs):
                    raise ValueError("no title")
            else:
                data = json.loads(target.read_text(encoding="utf-8"))
                if "schema_version" not in data:
                    raise ValueError("no schema_version")
            report.valid += 1
        except Exception as exc:  # noqa: BLE001 - every kind of invalid export is counted and shown
            report.problems.append(f"{target.name}: {exc}")
    report.seconds = time.monotonic() - started
    writer.kill()
    writer.wait()
    run.send_signal(signal.SIGINT)
    run.wait(timeout=30)
    report.answers_at_end = len(_texts(db))
    return report


def _has_session(db: Path) -> bool:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] > 0
    except sqlite3.Error:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--exports", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.monotonic()
        kills = kill_rounds(work, args.rounds)
        print(f"kill -9 while typing: {kills.rounds} rounds in {time.monotonic() - started:.0f} s, "
              f"{kills.typed} answers typed, {kills.confirmed} confirmed by the next prompt, "
              f"{kills.lost} lost, {kills.strangers} strangers, {kills.integrity_failures} integrity failures, "
              f"{kills.resumes} resumes, final --resume completed the day: {kills.completed}")
        for note in kills.notes:
            print("  ", note)
        together = concurrent_runs(work)
        print(f"two runs at once: both finished with equal records: {together.both_finished}, "
              f"integrity ok: {together.integrity}; second run of the same session refused: "
              f"{together.second_resume_refused} ({together.refusal_message!r}); first went on: {together.first_went_on}")
        busy = exports_during_writes(work, args.exports)
        print(f"exports while a run and a writer wrote: {busy.valid}/{busy.exports} valid in {busy.seconds:.0f} s, "
              f"{busy.answers_at_end} answers written meanwhile")
        for problem in busy.problems:
            print("  ", problem)


if __name__ == "__main__":
    main()
