"""One live run per session: an operating-system lock that dies with the process holding it.

A second `aktorskab run --resume 3` while the first still runs would interleave two clocks in one
record. The lock is filelock's native lock on a small file beside the database (flock on Linux and macOS,
LockFileEx on Windows); a killed process loses its lock at once, so a crash never blocks `--resume`.
`fallback_to_soft=False`: where the file system has no such locks, filelock would otherwise write a marker
file that outlives a killed process; here the run is refused with the reason instead.
"""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.errors import BadInput, os_reason


def lock_path(db: Path, session_id: int) -> Path:
    return db.with_name(f"{db.name}.session-{session_id}.lock")


class SessionLock:
    """Held for as long as this object lives (keep a reference) or until `release()`."""

    def __init__(self, db: Path, session_id: int, busy: str | None = None) -> None:
        """`busy`: the refusal when another process holds the lock (default: the one for a second run)."""
        from filelock import FileLock, Timeout

        self.path = lock_path(db, session_id)
        # thread_local=False: a run takes the lock on its main thread and may release it from another
        self._lock: FileLock | None = FileLock(self.path, timeout=0, thread_local=False, fallback_to_soft=False)
        try:
            self._lock.acquire()
        except Timeout:
            self._lock = None
            raise BadInput(busy or f"Møde {session_id} kører allerede i et andet vindue eller på en anden skærm. "
                                   f"Luk det først (q), og fortsæt så herfra med --resume {session_id}") from None
        except OSError as exc:
            self._lock = None
            raise BadInput(f"Låsefilen {self.path} kan ikke oprettes eller låses ({os_reason(exc)})") from None

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release(force=True)
            self._lock = None
