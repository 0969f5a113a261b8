"""What every command shares: the options that hold for all of them (`State`) and the store they name.

Set by the root callback in `cli/__init__.py`; read by the commands, which import it from here (not from the
package, which imports them: that was an import circle).
"""

from __future__ import annotations

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
    return open_store(path, create=create, write=write)


def existing_db(*, write: bool = False):  # noqa: ANN201 - a Store, or None when there is no database yet
    """The store when there is one, for commands that may read it but must not create it."""
    from aktorskab_cli.store.db import NoDatabase

    try:
        return open_db(create=False, write=write)
    except NoDatabase:
        return None
