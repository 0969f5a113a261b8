"""Two laptops changing the same entries at once lose nothing: over any interleaving of status changes, pushes
and pulls on two stores and one PostgreSQL archive, every change made anywhere ends up on both laptops and in
the archive, and all three agree on each entry's status: the latest change by its time (then its uuid)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_data import KEY, at, hold, remember, set_status

from aktorskab_cli.archive.actions import pull, push_local
from aktorskab_cli.archive.programmes import fetch_changes
from aktorskab_cli.programme.model import current_status
from aktorskab_cli.programme.storage import status_changes
from aktorskab_cli.store.db import open_store

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ENTRIES = ("kcl", "dir-seminar")
STATUSES = ("ikke-startet", "i-gang", "gennemfoert", "aendret", "droppet")
quiet = lambda _: None  # noqa: E731

step = st.one_of(
    st.tuples(st.just("set"), st.sampled_from("ab"), st.sampled_from(ENTRIES), st.sampled_from(STATUSES),
              st.integers(0, 3)),  # the hour: equal hours tie, and one day holds them all (disagreements)
    st.tuples(st.just("push"), st.sampled_from("ab")),
    st.tuples(st.just("pull"), st.sampled_from("ab")))


@pytest.fixture
def laptops(archive, tmp_path: Path):
    """Laptop a held a meeting for the programme and pushed it; laptop b pulled it: both know the programme."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    remember(a)
    _, uuid = hold(tmp_path, "omu-administration", "OMU Administrationen", "2025-11-12", db=a)
    push_local(a, [], True, archive.url, quiet)
    pull(b, archive.url, uuid, False, quiet)
    return archive, {"a": a, "b": b}, uuid


def _statuses(changes) -> dict[str, str]:  # noqa: ANN001
    return {e: current_status([c for c in changes if c.entry == e]) for e in ENTRIES}


@settings(max_examples=25)
@given(steps=st.lists(step, max_size=12))
def test_any_interleaving_of_set_push_and_pull_loses_no_change(laptops, steps) -> None:  # noqa: ANN001
    archive, dbs, uuid = laptops
    with archive.admin() as conn:  # each example starts from the fixture's archive: no changes yet
        conn.execute("DELETE FROM aktorskab.status_changes")
    for db in dbs.values():  # nor on the laptops (the table refuses a DELETE: drop its trigger for the test)
        store = open_store(db)
        store.conn.execute("DROP TRIGGER IF EXISTS plan_changes_never_deleted")
        store.conn.execute("DELETE FROM plan_changes")
        store.close()
    made: dict[str, set[str]] = {"a": set(), "b": set()}
    for action, laptop, *rest in steps:
        if action == "set":
            entry, status, hour = rest
            made[laptop].add(set_status(entry, status, at("2026-03-12", 9 + hour), db=dbs[laptop]))
        elif action == "push":
            push_local(dbs[laptop], [], True, archive.url, quiet)
        else:
            pull(dbs[laptop], archive.url, uuid, False, quiet)
        for name, db in dbs.items():  # a laptop keeps what was made on it, and holds nothing made nowhere
            assert made[name] <= _uuids(db) <= made["a"] | made["b"]
    everything = made["a"] | made["b"]
    for laptop in ("a", "b"):  # everyone sends, then everyone fetches
        push_local(dbs[laptop], [], True, archive.url, quiet)
    for laptop in ("a", "b"):
        pull(dbs[laptop], archive.url, uuid, False, quiet)
    with psycopg.connect(archive.url, autocommit=True) as conn:
        in_archive = fetch_changes(conn, KEY)
    assert {c.uuid for c in in_archive} == everything
    expected = _statuses(in_archive)
    for entry in ENTRIES:  # the latest by time, then uuid; nothing set: not started
        mine = [c for c in in_archive if c.entry == entry]
        assert expected[entry] == (max(mine, key=lambda c: (c.set_at, c.uuid)).status if mine else "ikke-startet")
    for db in dbs.values():
        store = open_store(db)
        mine = status_changes(store, KEY)
        store.close()
        assert {c.uuid for c in mine} == everything
        assert _statuses(mine) == expected


def _uuids(db: Path) -> set[str]:
    store = open_store(db)
    try:
        return {c.uuid for c in status_changes(store, KEY)}
    finally:
        store.close()
