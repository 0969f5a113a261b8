"""The shared archive under a year's load: 500 meetings × 60 answers pushed, then one opsamling of all of
them from the archive against the same opsamling from the local store.

    python benchmarks/archive_speed.py [--meetings 500] [--answers 60] [--rounds 3]

Starts its own PostgreSQL (as tests/pgserver.py does; as the `postgres` user when run as root), fills a
fresh SQLite store (each meeting with its automatic draft stored as its synthesis, so it travels too),
then prints:
  push       `archive push --all` of every meeting, in process: meetings/s (one transaction each)
  again      the same push once more: every meeting unchanged, nothing written
  combine    `aktorskab combine --from-archive -o x.docx` vs `aktorskab combine 1 2 … N -o y.docx`, each a
             subprocess (start-up included), interleaved (archive, local, archive, local, …), each round
             and the medians; the goal (issue 12): archive / local ≤ 3 (medians).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import tomli_w

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pgserver import start_server  # noqa: E402

from aktorskab_cli.agenda.content import bundled_agendas  # noqa: E402
from aktorskab_cli.agenda.resolve import load_agenda  # noqa: E402
from aktorskab_cli.archive.actions import init, push_local  # noqa: E402
from aktorskab_cli.store.db import open_store  # noqa: E402
from aktorskab_cli.store.records import Answer  # noqa: E402
from aktorskab_cli.synthesis.storage import save_synthesis  # noqa: E402
from aktorskab_cli.synthesis.workflow import current  # noqa: E402

SCHOOLS = ["Skolen på Toppen", "Dalskolen", "Bakkeskolen", "Havneskolen", "Skovbørnehaven", "Solhjem",
           "Plejecenter Ådalen", "Rådhuset, Økonomi", "Jobcentret", "Familiehuset"]
THOUGHTS = ["Tillid til hinanden", "Tid til refleksion", "Mod til at sige fra", "Klare rammer for mandat",
            "Fælles sprog om aktørskab", "Ledelse tæt på opgaven", "Plads til at fejle", "Korte beslutningsveje"]
CATEGORIES = ["mening", "mangler-svar", "opmaerksom", None]


def fill(db: Path, work: Path, meetings: int, per_meeting: int) -> None:
    base = tomllib.loads(bundled_agendas()["lmu"].read_text(encoding="utf-8"))
    store = open_store(db)
    for n in range(meetings):
        school = SCHOOLS[n % len(SCHOOLS)]
        folder = work / f"m{n}"
        folder.mkdir()
        data = {**base, "organisation": f"LMU {school}"}
        import datetime as dt

        data["date"] = dt.date(2026, 1, 5) + dt.timedelta(days=n % 330)
        (folder / "lmu.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
        agenda, text = load_agenda(str(folder / "lmu.toml"))
        items = [i.id for i in agenda.items if i.is_dialogue]
        answers = [Answer(items[k % len(items)], f"Gruppe {k % 5 + 1}",
                          THOUGHTS[(n + k) % len(THOUGHTS)] if k % 3 == 0 else f"Møde {n} svar {k}: eget eksempel",
                          category=CATEGORIES[k % 4]) for k in range(per_meeting)]
        session = store.create_session(agenda, text, status="imported", answers=answers)
        save_synthesis(store, session, current(store, session).synthesis)  # as after `summary apply` of the draft
    store.close()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@contextmanager
def archive_and_folder() -> Iterator[tuple[str, Path]]:
    """A PostgreSQL of its own with an empty database `arkiv` (its libpq connection string) and a temporary
    folder; both gone afterwards. Exits when PostgreSQL is not installed."""
    server = start_server()
    if server is None:
        sys.exit("PostgreSQL is not installed (apt install postgresql)")
    try:
        with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE arkiv")
        with tempfile.TemporaryDirectory() as tmp:
            yield f"host={server.socket_dir} port={server.port} user=postgres dbname=arkiv", Path(tmp)
    finally:
        server.stop()


def archive_options(rounds: int) -> argparse.ArgumentParser:
    """The archive's size as `fill` makes it (--meetings, --answers per meeting) and --rounds: this benchmark's
    options and plan_speed.py's, which fills the same archive."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=rounds)
    return parser


def main() -> None:
    args = archive_options(rounds=3).parse_args()
    with archive_and_folder() as (info, work):
        db = work / "store.db"
        made = timed(lambda: fill(db, work, args.meetings, args.answers))
        total = args.meetings * args.answers
        print(f"store     {args.meetings} meetings × {args.answers} answers = {total:,} answers ({made:.1f} s)")
        init(info, lambda _: None)
        quiet = lambda _: None  # noqa: E731
        pushed = timed(lambda: push_local(db, [], True, info, quiet))
        print(f"push      {pushed:6.2f} s  {args.meetings / pushed:7.1f} meetings/s")
        again = timed(lambda: push_local(db, [], True, info, quiet))
        print(f"again     {again:6.2f} s  {args.meetings / again:7.1f} meetings/s (all unchanged)")
        env = {**os.environ, "AKTORSKAB_DB": str(db), "AKTORSKAB_ARCHIVE": info}
        run = lambda *a: subprocess.run([sys.executable, "-m", "aktorskab_cli", *a], env=env, cwd=work,  # noqa: E731
                                        check=True, capture_output=True)
        remotes, locals_ = [], []
        for n in range(args.rounds):  # interleaved: the machine's load falls on both alike
            remotes.append(timed(lambda: run("combine", "--from-archive", "-o", "arkiv.docx", "--force")))
            locals_.append(timed(lambda: run("combine", *map(str, range(1, args.meetings + 1)), "-o", "lokal.docx",
                                             "--force")))
            print(f"round {n + 1}   archive {remotes[-1]:6.2f} s   local {locals_[-1]:6.2f} s", flush=True)
        remote, local = statistics.median(remotes), statistics.median(locals_)
        print(f"combine   median archive {remote:6.2f} s   local {local:6.2f} s   archive/local {remote / local:.2f}× "
              f"(goal ≤ 3×), {total:,} answers to DOCX; load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
