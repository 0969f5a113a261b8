"""The store's side of a meeting that travels (exchange/local.py): its answers by uuid, the uuids another
local meeting already holds, and the archive's version this copy last matched (`archive_base`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from aktorskab_cli.store.db import now_iso

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store

_CHUNK = 500  # SQLite's limit on parameters


def answer_ids(store: Store, session_id: int) -> dict[str, int]:
    """The session's answers (hidden ones too): uuid → local id."""
    return dict(store.conn.execute("SELECT uuid, id FROM answers WHERE session_id = ?", (session_id,)))


def held_elsewhere(store: Store, table: Literal["answers", "points"], uuids: list[str], session_uuid: str) -> int | None:
    """The local meeting, other than the one with `session_uuid`, whose answers (or synthesis points) hold
    one of `uuids`; None when none does."""
    for start in range(0, len(uuids), _CHUNK):
        chunk = uuids[start:start + _CHUNK]
        row = store.conn.execute(
            f"SELECT t.session_id FROM {table} t JOIN sessions s ON s.id = t.session_id "
            f"WHERE t.uuid IN ({', '.join('?' * len(chunk))}) AND s.uuid != ? LIMIT 1",
            (*chunk, session_uuid)).fetchone()
        if row is not None:
            return row[0]
    return None


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
