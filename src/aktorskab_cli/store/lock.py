"""One live run per session: an operating-system lock that dies with the process holding it.

A second `aktorskab run --resume 3` while the first still runs would interleave two clocks in one
record. The lock is a byte-range lock on a small file beside the database (fcntl on Linux and macOS,
msvcrt on Windows); a killed process loses its lock at once, so a crash never blocks `--resume`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from aktorskab_cli.errors import BadInput, os_reason


def lock_path(db: Path, session_id: int) -> Path:
    return db.with_name(f"{db.name}.session-{session_id}.lock")


class SessionLock:
    """Held for as long as this object lives (keep a reference) or until `release()`."""

    def __init__(self, db: Path, session_id: int, busy: str | None = None) -> None:
        """`busy`: the refusal when another process holds the lock (default: the one for a second run)."""
        self.path = lock_path(db, session_id)
        try:
            self._file: IO[bytes] | None = open(self.path, "a+b")  # noqa: SIM115 - held for the whole run
        except OSError as exc:
            raise BadInput(f"Låsefilen {self.path} kan ikke oprettes ({os_reason(exc)})") from None
        if not _try_lock(self._file):
            self._file.close()
            self._file = None
            raise BadInput(busy or f"Møde {session_id} kører allerede i et andet vindue eller på en anden skærm. "
                                   f"Luk det først (q), og fortsæt så herfra med --resume {session_id}")

    def release(self) -> None:
        if self._file is not None:
            _unlock(self._file)
            self._file.close()
            self._file = None


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(file: IO[bytes]) -> bool:
        try:
            file.seek(0)
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(file: IO[bytes]) -> None:
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(file: IO[bytes]) -> bool:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(file: IO[bytes]) -> None:
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)
