"""Meetings in the local store for the archive tests, and archive commands run in a process of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import tomli_w

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer, Event

ITEM = "hvad-er-aktorskab-for-os"


def lmu_agenda(organisation: str, date: str, tmp: Path):
    """The bundled LMU agenda as a school's own copy: its organisation and date."""
    import datetime as dt
    import re

    from aktorskab_cli.agenda.content import bundled_agendas

    data = tomllib.loads(bundled_agendas()["lmu"].read_text(encoding="utf-8"))
    data["organisation"] = organisation
    data["date"] = dt.date.fromisoformat(date)
    folder = tmp / f"{re.sub(r'[^a-z0-9]+', '-', organisation.lower())}-{date}"
    folder.mkdir(exist_ok=True)
    path = folder / "lmu.toml"  # the school's own copy of lmu: same name, its own organisation
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return load_agenda(str(path))


def make_meeting(tmp: Path, organisation: str = "LMU Skolen på Toppen", date: str = "2026-03-12",
                 texts: tuple[str, ...] = ("Tillid til hinanden", "Tid til refleksion"), db: Path | None = None,
                 events: bool = True) -> int:
    """One imported meeting with answers from two groups (and timing events); returns its local number."""
    agenda, text = lmu_agenda(organisation, date, tmp)
    store = open_store(db)
    answers = [Answer(ITEM, f"Gruppe {n % 2 + 1}", t, category="mening" if n % 2 else None)
               for n, t in enumerate(texts)]
    session = store.create_session(agenda, text, status="finished", groups=2, answers=answers)
    store.conn.execute("UPDATE sessions SET started = ? WHERE id = ?", (f"{date}T13:00:00+01:00", session))
    if events:
        store.add_event(session, Event("start", 0.0, "velkomst", 13 * 3600.0))
        store.add_event(session, Event("next", 300.5, "velkomst"))
    store.close()
    return session


def synthesise(session: int, db: Path | None = None, headline: str = "Tillid og tid til refleksion") -> None:
    """A whole synthesis of a `make_meeting` meeting (a point of both answers, a barrier, vejen videre, a
    theme, a section, an action, the closing note) and a revealed dot-vote on its point from two groups."""
    from aktorskab_cli.store import room
    from aktorskab_cli.synthesis.model import Action, Point, Section, Synthesis, Theme
    from aktorskab_cli.synthesis.storage import save_synthesis

    store = open_store(db)
    ids = tuple(a.id for a in store.answers(session))
    save_synthesis(store, session, Synthesis(
        title="Aktørskab på Toppen", intro="Sådan talte vi om det.", closing="Vi tager det op i juni.",
        points=(Point(headline, ids, item=ITEM, category="mening", theme="organisation"),
                Point("Travlhed", (), kind="barrier", detail="Når dagen er fuld, taber vi hinanden."),
                Point("Fast tid hver fredag", (), kind="next")),
        themes=(Theme("organisation", "Organisation", "Rammerne.", ("Klare mandater",)),),
        sections=(Section("Baggrund", "Kort om dagen", ("Tre grupper",), "Mere tekst."),),
        actions=(Action("Aftal mandater", "Ledelsen", "2. kvartal 2026"),)))
    [(point_id, _)] = room.item_points(store, session, ITEM)
    room.open_ballot(store, session, ITEM, target_kind="point")
    room.set_group_votes(store, session, ITEM, "Gruppe 1", "point", {point_id: 2})
    room.set_group_votes(store, session, ITEM, "Gruppe 2", "point", {point_id: 1})
    room.set_ballot_state(store, session, ITEM, "revealed")
    room.store_point_votes(store, session, ITEM)
    store.close()


def archive_cli(tmp_path: Path, *args: str, url: str) -> subprocess.Popen:
    """`aktorskab ARGS…` in its own process, on the test's database and the archive at `url`."""
    env = {**os.environ, "AKTORSKAB_DB": str(tmp_path / "test.db"), "AKTORSKAB_ARCHIVE": url}
    return subprocess.Popen([sys.executable, "-m", "aktorskab_cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_rows(archive, sql: str, count: int, timeout: float = 30) -> list[tuple]:  # noqa: ANN001 - the fixture
    """The rows of `sql`, asked as the archive's admin until there are `count` of them (`WAITING`: the
    archive commands waiting for a lock)."""
    end = time.monotonic() + timeout
    with archive.admin() as conn:  # autocommit: each look sees the activity as it is now
        while time.monotonic() < end:
            rows = conn.execute(sql).fetchall()
            if len(rows) >= count:
                return rows
            time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {count} rows of: {sql}")


WAITING = ("SELECT pid FROM pg_stat_activity WHERE application_name = 'aktorskab' AND wait_event_type = 'Lock' "
           "ORDER BY backend_start")
