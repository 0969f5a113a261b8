"""The programme's status report from the archive against the year's opsamling from the same archive:
500 meetings × 60 answers (as archive_speed.py makes them, each with its synthesis), each held for one of a
programme's 20 entries, with two status changes per meeting, pushed to one PostgreSQL.

    python benchmarks/plan_speed.py [--meetings 500] [--entries 20] [--answers 60] [--rounds 5]

Starts its own PostgreSQL (tests/pgserver.py), then runs, interleaved, each a subprocess (start-up included):
  status    aktorskab plan status PROGRAMME --from-archive -o status.docx
  combine   aktorskab combine --from-archive -o aarsopsamling.docx
and prints each round and the medians; the goal (issue 16): status / combine ≤ 3×.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from archive_speed import archive_and_folder, archive_options, fill

from aktorskab_cli.archive.actions import init, push_local
from aktorskab_cli.programme.loading import load_programme
from aktorskab_cli.programme.model import STATUSES, new_change
from aktorskab_cli.programme.storage import link_session, record_changes, remember_programme
from aktorskab_cli.store.db import open_store

QUARTERS = ["4. kvartal 2025", "1. kvartal 2026", "2. kvartal 2026", "3. kvartal 2026", "4. kvartal 2026"]


def programme(work: Path, entries: int) -> Path:
    """A programme of `entries` meeting entries, a quarter each in turn: `aarshjul.toml`."""
    lines = ['title = "Årshjulet 2025-2026"', 'organisation = "Norddjurs Kommune"', ""]
    for n in range(entries):
        lines += ["[[entry]]", f'id = "lmu-{n + 1}"', 'what = "Dialog i LMU"', f'who = "LMU {n + 1}"',
                  f'when = "{QUARTERS[n % len(QUARTERS)]}"', 'agenda = "lmu"', ""]
    path = work / "aarshjul.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def link(db: Path, path: Path, meetings: int, entries: int) -> int:
    """Each meeting held for an entry in turn, and two status changes set in it; returns how many changes."""
    found, text = load_programme(path)
    store = open_store(db)
    remember_programme(store, found, text)
    changes = []
    for n, session in enumerate(s.id for s in reversed(store.sessions())):
        entry = f"lmu-{n % entries + 1}"
        link_session(store, session, found.key, entry)
        uuid = store.session(session).uuid
        at = dt.datetime(2026, 1, 5, 12, tzinfo=dt.timezone.utc) + dt.timedelta(days=n % 330)
        changes += [new_change(found.key, entry, STATUSES[(n + k) % 5], note=f"Møde {n}: ændring {k}", session=uuid,
                               origin="set", at=at + dt.timedelta(minutes=k)) for k in range(2)]
    record_changes(store, changes)
    store.close()
    return len(changes)


def main() -> None:
    parser = archive_options(rounds=5)
    parser.add_argument("--entries", type=int, default=20)
    args = parser.parse_args()
    with archive_and_folder() as (info, work):
        db = work / "store.db"
        fill(db, work, args.meetings, args.answers)
        changes = link(db, programme(work, args.entries), args.meetings, args.entries)
        init(info, lambda _: None)
        start = time.perf_counter()
        push_local(db, [], True, info, lambda _: None)
        print(f"store     {args.meetings} meetings × {args.answers} answers, {args.entries} entries, "
              f"{changes} status changes; pushed in {time.perf_counter() - start:.1f} s")
        env = {**os.environ, "AKTORSKAB_DB": str(work / "hr.db"), "AKTORSKAB_ARCHIVE": info}

        def run(*a: str) -> float:
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "aktorskab_cli", *a], env=env, cwd=work, check=True,
                           capture_output=True)
            return time.perf_counter() - began

        status, combine = [], []
        for n in range(args.rounds):  # interleaved: the machine's load falls on both alike
            status.append(run("plan", "status", "aarshjul.toml", "--from-archive", "-o", "status.docx", "--force"))
            combine.append(run("combine", "--from-archive", "-o", "aar.docx", "--force"))
            print(f"round {n + 1}   status {status[-1]:6.2f} s   combine {combine[-1]:6.2f} s")
        s, c = statistics.median(status), statistics.median(combine)
        print(f"median    status {s:6.2f} s   combine {c:6.2f} s   status/combine {s / c:.2f}× (goal ≤ 3×)")


if __name__ == "__main__":
    main()
