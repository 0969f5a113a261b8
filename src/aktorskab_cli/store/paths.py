"""Where the database is: --db or AKTORSKAB_DB, else the local data folder, and the move of a database an
older version left in the roaming folder."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from aktorskab_cli.errors import BadInput, os_reason
from aktorskab_cli.store.lock import SessionLock


def default_db_path() -> Path:
    """The LOCAL data folder (Windows: %LOCALAPPDATA%, never the roaming %APPDATA%, often a network folder
    where SQLite's WAL is unsafe; Linux: $XDG_DATA_HOME or ~/.local/share; macOS: ~/Library/Application Support)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("aktorskab", appauthor=False, roaming=False)) / "aktorskab.db"


def legacy_db_path() -> Path:
    """Where earlier versions kept the database (typer.get_app_dir: roaming %APPDATA% on Windows,
    ~/.config on Linux)."""
    if os.name == "nt":
        return Path(os.environ.get("APPDATA") or Path.home()) / "aktorskab" / "aktorskab.db"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "aktorskab" / "aktorskab.db"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "aktorskab" / "aktorskab.db"


def adopt_legacy_database(target: Path) -> tuple[Path, str | None]:
    """The database to use by default, and what to tell the user about it (or None).

    Move the database an older version left in the old place to `target`, when `target` has none yet.

    SQLite's backup copies it whole (WAL included) into a temporary file that is renamed into place; only
    then are the old file and its -wal/-shm removed. Returns what to tell the user, or None. Nothing is
    moved while a live run holds one of its session locks, nor when the copy fails: the old file is then
    used where it is, and the message says so.
    """
    old = legacy_db_path()
    if target.exists() or not old.is_file() or old == target:
        return target, None
    if _held(old):
        return old, f"Bemærk: databasen bruges fra {old}, fordi et møde kører fra den lige nu; den flyttes til {target} næste gang."
    temp = target.with_name(f".{target.name}.flytter")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(old)
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        temp.unlink(missing_ok=True)
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        return old, f"Bemærk: databasen kunne ikke flyttes fra {old} til {target} ({reason}); den bruges, hvor den er."
    for leftover in (old, old.with_name(old.name + "-wal"), old.with_name(old.name + "-shm"),
                     *old.parent.glob(f"{old.name}.session-*.lock")):
        leftover.unlink(missing_ok=True)
    return target, f"Databasen er flyttet fra {old} til {target} (en lokal mappe, hvor SQLite er sikker)."


def _held(db: Path) -> bool:
    for path in db.parent.glob(f"{db.name}.session-*.lock"):
        try:
            SessionLock(db, int(path.name.rsplit("-", 1)[1].removesuffix(".lock"))).release()
        except (BadInput, ValueError):
            return True
    return False


def db_path(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get("AKTORSKAB_DB")
    return Path(env) if env else default_db_path()
