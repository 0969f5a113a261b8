"""What every command shares: the options that hold for all of them (`State`) and the store they name.

Set by the root callback in `cli/__init__.py`; read by the commands, which import it from here (not from the
package, which imports them: that was an import circle).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class State:
    """Options that hold for every command."""

    db: Path | None = None


def open_db(*, create: bool = True, write: bool = True):  # noqa: ANN201 - the Store type would import sqlite
    """The session store named by --db / AKTORSKAB_DB, or the default one (`create=False` for an existing
    one; `write=False` for a command that only reads: it then works on a read-only medium or a full disk)."""
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.store.paths import adopt_legacy_database, db_path, default_db_path

    path = State.db
    if path is None and db_path() == default_db_path():
        path, notice = adopt_legacy_database(default_db_path())
        if notice:
            print(notice, file=sys.stderr)
    elif create:  # a path the user gave: a typo in its folder must not start a new, empty database
        typed = path is not None and str(path) != os.environ.get("AKTORSKAB_DB")  # Typer reads the variable into --db
        _folder_exists(db_path(path), "--db" if typed else "AKTORSKAB_DB")
    return open_store(path, create=create, write=write)


def _folder_exists(target, how: str) -> None:  # noqa: ANN001 - a Path
    from aktorskab_cli.errors import BadInput

    existing = next((p for p in target.parents if p.exists()), None)  # a file in the path: open_store says so
    if not target.exists() and not target.parent.is_dir() and existing is not None and existing.is_dir():
        raise BadInput(f"Mappen {target.parent} findes ikke, så databasen {target} kan ikke oprettes dér. "
                       f"Ret stien i {how}, eller opret mappen først, hvis det er den, du mener.")


def existing_db(*, write: bool = False):  # noqa: ANN201 - a Store, or None when there is no database yet
    """The store when there is one, for commands that may read it but must not create it."""
    from aktorskab_cli.store.db import NoDatabase

    try:
        return open_db(create=False, write=write)
    except NoDatabase:
        return None
