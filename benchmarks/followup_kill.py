"""Fault injection for the follow-up item: statuses set with the keys on the live screen, kill -9 at a random
moment, and every change the screen confirmed must be in the SQLite file (and nothing that was never keyed).

Prints the figures; `tests/test_faults.py` runs the same experiment in a short form.

    .venv/bin/python benchmarks/followup_kill.py                 # 30 kill rounds
    .venv/bin/python benchmarks/followup_kill.py --rounds 5
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fault_injection import _integrity, start_or_resume  # noqa: E402

# entries that are always due (»løbende«), so the list is the same whatever the date
PROGRAMME = "title = \"Prøveår\"\norganisation = \"Prøve Kommune\"\n" + "".join(
    f"\n[[entry]]\nid = \"post-{n}\"\nwhat = \"Post nummer {n}\"\nwhen = \"løbende\"\n" for n in range(1, 6))
AGENDA = """\
title = "Prøve på nedbrud i opfølgningen"
organisation = "Prøveudvalget"
start = "9.00"

[[item]]
id = "opfoelgning"
title = "Opfølgning på handleplanen"
minutes = 600
kind = "followup"
plan = "{programme}"

[[item]]
title = "Afslutning"
minutes = 5
kind = "plenary"
"""
LABELS = ["ikke startet", "i gang", "gennemført", "ændret", "droppet"]
IDS = ["ikke-startet", "i-gang", "gennemfoert", "aendret", "droppet"]


@dataclass
class FollowupKillReport:
    rounds: int = 0
    keyed: int = 0  # status keys pressed
    confirmed: int = 0  # changes the screen said were stored (»Gemt: …«)
    lost: int = 0  # confirmed changes missing from the database (must be 0)
    strangers: int = 0  # changes in the database that were never keyed (must be 0)
    integrity_failures: int = 0
    resumes: int = 0
    live_and_session: bool = False  # every stored change carries origin »live« and the meeting's uuid
    notes: list[str] = field(default_factory=list)


def _changes(db: Path) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT entry, status, origin, session FROM plan_changes ORDER BY set_at, uuid").fetchall()


def kill_rounds(workdir: Path, rounds: int, seed: int = 2026) -> FollowupKillReport:
    rng = random.Random(seed)
    db, agenda, programme = workdir / "opfoelgning.db", workdir / "moede.toml", workdir / "aar.toml"
    programme.write_text(PROGRAMME, encoding="utf-8")
    agenda.write_text(AGENDA.format(programme=programme.as_posix()), encoding="utf-8")
    report = FollowupKillReport()
    keyed: list[tuple[str, str]] = []
    confirmed: list[tuple[str, str]] = []
    for number in range(rounds):
        child = start_or_resume(db, number, [str(agenda)], "genoptaget")
        if number > 0:
            report.resumes += 1
        child.expect("Prøveår: 5 poster")
        cursor, last = 0, None
        changes = rng.randint(1, 5)
        kill_at = rng.randint(0, changes)  # the change after which (or while) the process dies
        for step in range(changes):
            target = rng.randrange(5)
            status = rng.randrange(5)
            if (target, status) == last:
                status = (status + 1) % 5
            moves = target - cursor
            child.send(("\x1b[B" if moves > 0 else "\x1b[A") * abs(moves))
            cursor = target
            child.send(str(status + 1))
            keyed.append((f"post-{target + 1}", IDS[status]))
            if step == kill_at:  # right after the key, before the screen may have answered
                break
            child.expect(f"Gemt: »Post nummer {target + 1}« er nu »{LABELS[status]}«")
            confirmed.append(keyed[-1])
            last = (target, status)
        os.kill(child.pid, signal.SIGKILL)
        child.close(force=True)
        report.rounds += 1
        stored = [(entry, status) for entry, status, _, _ in _changes(db)]
        report.lost += _missing(confirmed, stored)
        report.strangers += len([s for s in stored if s not in keyed])
        report.integrity_failures += 0 if _integrity(db) else 1
    report.keyed, report.confirmed = len(keyed), len(confirmed)
    with sqlite3.connect(db) as conn:
        sessions = {u for (u,) in conn.execute("SELECT uuid FROM sessions")}
    rows = _changes(db)
    report.live_and_session = bool(rows) and all(origin == "live" and session in sessions
                                                  for _, _, origin, session in rows)
    return report


def _missing(confirmed: list[tuple[str, str]], stored: list[tuple[str, str]]) -> int:
    """How many confirmed changes are not in the stored ones, in their order (a change may repeat)."""
    left = list(stored)
    missing = 0
    for change in confirmed:
        if change in left:
            left = left[left.index(change) + 1:]
        else:
            missing += 1
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = kill_rounds(Path(folder), args.rounds)
    print(f"kill -9 in the follow-up: {report.rounds} rounds, {report.resumes} resumes, {report.keyed} status keys, "
          f"{report.confirmed} confirmed on screen; lost {report.lost}, never keyed {report.strangers}, "
          f"integrity failures {report.integrity_failures}; origin live with the meeting's uuid: "
          f"{report.live_and_session}")
    for note in report.notes:
        print("  " + note)


if __name__ == "__main__":
    main()
