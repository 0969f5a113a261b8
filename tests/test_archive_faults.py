"""The archive under stress: a lossless round trip over random meetings, two pushes of one meeting at the
same moment, and a connection killed in the middle of a push."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid as uuidlib
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_data import make_meeting

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.archive.actions import pull, push_local
from aktorskab_cli.archive.bundle import read_bundle
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer, Event, Session

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
STAMP = st.datetimes().map(lambda d: d.isoformat(timespec="seconds") + "+01:00")
ANSWER = st.builds(Answer, item_id=TEXT, group=TEXT, text=TEXT, question=st.none() | st.integers(1, 1000),
                   category=st.none() | TEXT, created=STAMP, edited=st.none() | STAMP)
EVENT = st.builds(Event, kind=st.sampled_from(["start", "pause", "resume", "next", "extend", "skip", "finish"]),
                  at=FLOAT, item_id=st.none() | TEXT, value=st.none() | FLOAT)


@st.composite
def sessions(draw):
    agenda, toml = load_agenda("lmu")
    session = Session(id=0, agenda_name=agenda.name, title=draw(TEXT), answers=0,
                      status=draw(st.sampled_from(["running", "stopped", "finished", "imported"])),
                      started=draw(STAMP), ended=draw(st.none() | STAMP), groups=draw(st.none() | st.integers(1, 99)),
                      speed=draw(st.floats(0.01, 1000)), note=draw(st.none() | TEXT),
                      agenda_json=agenda.model_dump_json(), agenda_toml=toml, uuid=str(uuidlib.uuid4()))
    answers = [replace(a, uuid=str(uuidlib.uuid4())) for a in draw(st.lists(ANSWER, max_size=12))]
    return session, answers, draw(st.lists(EVENT, max_size=8))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meeting=sessions())
def test_push_then_pull_is_lossless(archive, tmp_path: Path, meeting) -> None:
    session, answers, events = meeting
    laptop, other = tmp_path / f"a-{session.uuid}.db", tmp_path / f"b-{session.uuid}.db"
    store = open_store(laptop)
    local_id = store.put_session(session, answers, events)
    sent = read_bundle(store, store.session(local_id))
    store.close()
    push_local(laptop, [str(local_id)], False, archive.url, lambda _: None)
    pull(other, archive.url, session.uuid, False, lambda _: None)
    copy = open_store(other)
    back = read_bundle(copy, copy.session_by_uuid(session.uuid))
    copy.close()
    assert back.canonical() == sent.canonical()
    assert back.digest() == sent.digest()


def _cli(tmp_path: Path, *args: str, url: str) -> subprocess.Popen:
    env = {**os.environ, "AKTORSKAB_DB": str(tmp_path / "test.db"), "AKTORSKAB_ARCHIVE": url}
    return subprocess.Popen([sys.executable, "-m", "aktorskab_cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(archive, sql: str, count: int, timeout: float = 30) -> list[tuple]:
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


def test_two_pushes_of_the_same_meeting_at_once_give_one_copy(archive, tmp_path: Path) -> None:
    session = make_meeting(tmp_path, texts=tuple(f"Svar {n}" for n in range(20)))
    with archive.admin() as lock:  # hold both pushes inside their transactions until both are under way
        lock.autocommit = False
        lock.execute("LOCK TABLE aktorskab.events IN EXCLUSIVE MODE")
        pushes = [_cli(tmp_path, "archive", "push", str(session), url=archive.url) for _ in range(2)]
        _wait_for(archive, WAITING, 2)  # one waits for the events table, the other for the first one's row
        lock.rollback()
    results = [p.communicate(timeout=60) for p in pushes]
    assert [p.returncode for p in pushes] == [0, 0], results
    outs = sorted(out for out, _ in results)
    assert "sendt til arkivet" in outs[0] and "uændret i arkivet (version 1)" in outs[1]
    assert archive.count("sessions") == 1
    assert archive.count("answers") == 20
    assert archive.count("events") == 2


def test_a_connection_killed_mid_push_leaves_no_half_meeting(archive, tmp_path: Path) -> None:
    session = make_meeting(tmp_path, texts=tuple(f"Svar {n}" for n in range(20)))
    before = (tmp_path / "test.db").read_bytes()
    with archive.admin() as lock:
        lock.autocommit = False
        lock.execute("LOCK TABLE aktorskab.events IN EXCLUSIVE MODE")
        push = _cli(tmp_path, "archive", "push", str(session), url=archive.url)
        [(pid,)] = _wait_for(archive, WAITING, 1)  # the session row and its answers are in, the events wait
        with archive.admin() as killer:
            assert killer.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        lock.rollback()
    out, err = push.communicate(timeout=60)
    assert push.returncode == 1
    assert err.startswith(f"Forbindelsen til arkivet aktorskab_owner@127.0.0.1:{archive.server.port}/"
                          f"{archive.dbname} blev afbrudt undervejs; det, der var på vej, er ikke gemt i arkivet. "
                          "Intet er ændret i din lokale database; prøv igen med samme kommando.")
    assert "Traceback" not in err and "ejer-hemmelig" not in out + err
    assert (archive.count("sessions"), archive.count("answers"), archive.count("events")) == (0, 0, 0)
    assert (tmp_path / "test.db").read_bytes() == before
    retry = _cli(tmp_path, "archive", "push", str(session), url=archive.url)
    assert retry.wait(timeout=60) == 0
    assert (archive.count("sessions"), archive.count("answers"), archive.count("events")) == (1, 20, 2)
