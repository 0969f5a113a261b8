"""The store's side of a meeting that travels (exchange/local.py): the answers another local meeting already
holds, and the archive's version this copy last matched (`archive_base`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aktorskab_cli.store.db import first_row, now_iso

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store

def answers_held_elsewhere(store: Store, uuids: list[str], session_uuid: str) -> int | None:
    """The local meeting, other than the one with `session_uuid`, that holds an answer with one of `uuids`;
    None when none does."""
    row = first_row(store.conn, "SELECT a.session_id FROM answers a JOIN sessions s ON s.id = a.session_id "
                                "WHERE a.uuid IN ({marks}) AND s.uuid != ? LIMIT 1", uuids, session_uuid)
    return None if row is None else row[0]


def archive_base(store: Store, session_id: int) -> tuple[int, str] | None:
    """(revision, digest) of the archive's version this copy last matched; None when never recorded."""
    row = store.conn.execute("SELECT revision, digest FROM archive_base WHERE session_id = ?", (session_id,)).fetchone()
    return None if row is None else (row[0], row[1])


def record_archive_base(store: Store, session_uuid: str, revision: int, digest: str) -> None:
    """Remember that the local meeting `session_uuid` now matches the archive's version (revision, digest)."""
    with store.transaction() as conn:
        conn.execute("INSERT INTO archive_base (session_id, revision, digest, synced) SELECT id, ?, ?, ? FROM sessions "
                     "WHERE uuid = ? ON CONFLICT (session_id) DO UPDATE SET revision = excluded.revision, "
                     "digest = excluded.digest, synced = excluded.synced",
                     (revision, digest, now_iso(), session_uuid))
