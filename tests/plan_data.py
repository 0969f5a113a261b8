"""A programme year on one laptop for the status report tests: meetings held for entries of the bundled
Aktørskab 2025-2026, status changes set at known times, an entry drafted from a meeting's synthesis."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from archive_data import make_meeting, synthesise

from aktorskab_cli.programme.catalogue import load
from aktorskab_cli.programme.model import new_change
from aktorskab_cli.programme.storage import link_session, record_changes, remember_programme
from aktorskab_cli.store.db import open_store

KEY = "aktorskab-2025-2026"  # the bundled programme
ANSWER = '[[answer]]\nitem = "mening-og-svaert"\ngroup = "Gruppe 1"\ntext = "Vi skal kende vores mandat"\n'  # for dialogmoede
UTC = dt.timezone.utc

# Seed 002's last page, spelt right (the OCR lost æ/ø/å) and with the quarter fix (»6. kvartal 2026« is the
# 2. kvartal: seed 004 dates OMU Børne- og Familieområdet 7 April 2026). The page is an årshjul read
# clockwise: 4. kvartal 2025, 1. kvartal 2026, 2. kvartal 2026, 3.-4. kvartal 2026.
SEED_PAGE = {
    "4. kvartal 2025": ["Tema på DIR-seminar i november", "Tema på KCL i december", "Dialogmøde i OMU Administrationen"],
    "1. kvartal 2026": ["Dialogmøder i OMU", "• Sundhed og omsorg", "• Socialområdet"],
    "3.-4. kvartal 2026": ["Opfølgning ifm. arbejdsmiljørapporterne i HU",
                           "Indgå i arbejdet med attraktive arbejdspladser",
                           "Fortsat kobling til arbejdet med vision og forenkling"],
    "2. kvartal 2026": ["Informations- og dialogmaterialer", "Dialogmøder i OMU", "• Børne- og familieområdet",
                        "• Skole- og dagtilbudsområdet"],
}


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def hold(tmp: Path, entry: str, organisation: str, date: str, db: Path | None = None, key: str = KEY) -> tuple[int, str]:
    """A meeting of `organisation` on `date`, held for `entry`; (its number, its uuid)."""
    session = make_meeting(tmp, organisation, date, db=db)
    store = open_store(db)
    link_session(store, session, key, entry)
    uuid = store.session(session).uuid
    store.close()
    return session, uuid


def set_status(entry: str, status: str, when: dt.datetime, note: str = "", session: str | None = None,
               db: Path | None = None, key: str = KEY, origin: str = "set") -> str:
    store = open_store(db)
    change = new_change(key, entry, status, note=note, session=session, origin=origin, at=when)
    record_changes(store, [change])
    store.close()
    return change.uuid


def remember(db: Path | None = None, ref: str = KEY) -> None:
    store = open_store(db)
    programme, text = load(ref)
    remember_programme(store, programme, text)
    store.close()


def a_year(tmp: Path, db: Path | None = None) -> dict[str, str]:
    """Three meetings held (one before the quarter was over, two after), changes set by hand and in a meeting,
    a disagreement the same day; returns the meetings' uuids by entry."""
    remember(db)
    _, adm = hold(tmp, "omu-administration", "OMU Administrationen", "2025-11-12", db)
    _, sun = hold(tmp, "omu-sundhed-og-omsorg", "OMU Sundhed og omsorg", "2026-01-14", db)
    _, bf = hold(tmp, "omu-boerne-og-familieomraadet", "OMU Børne- og Familieområdet", "2026-04-07", db)
    set_status("dir-seminar", "gennemfoert", at("2025-11-20"), "Godt oplæg på seminaret", db=db)
    set_status("kcl", "i-gang", at("2025-12-01"), db=db)
    set_status("omu-socialomraadet", "i-gang", at("2026-01-14", 14), "Dato aftalt", session=sun, db=db,
               origin="live")
    set_status("informationsmaterialer", "i-gang", at("2026-06-03", 9), "Udkast sendt", db=db)
    set_status("informationsmaterialer", "gennemfoert", at("2026-06-03", 15), "Materialet er ude", db=db)
    set_status("vision-og-forenkling", "droppet", at("2026-09-01"), "Indgår i visionsarbejdet", db=db)
    return {"omu-administration": adm, "omu-sundhed-og-omsorg": sun, "omu-boerne-og-familieomraadet": bf}


def with_source(tmp: Path, db: Path | None = None) -> tuple[Path, str]:
    """A programme file whose one entry came from a meeting's synthesis (its point), and that meeting's uuid."""
    session = make_meeting(tmp, "HU", "2025-10-02", db=db)
    synthesise(session, db=db, headline="Opfølgning på møderne med lederne")
    store = open_store(db)
    from aktorskab_cli.synthesis.storage import load_synthesis

    point = load_synthesis(store, session).points[0].uuid
    uuid = store.session(session).uuid
    store.close()
    path = tmp / "opfoelgning.toml"
    path.write_text(f'''title = "Opfølgning 2026"
organisation = "Norddjurs Kommune"

[[entry]]
id = "opfoelgning"
what = "Opfølgning på møderne med lederne"
who = "Direktionen"
when = "1. kvartal 2026"
source = {{ meeting = "{uuid}", points = ["{point}"] }}
''', encoding="utf-8")
    return path, uuid


def stored_rows(tmp_path: Path, table: str) -> list[tuple]:
    """Every row of `table` in the test's database (tmp_path/test.db), none when there is no database."""
    db = tmp_path / "test.db"
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        conn.close()
