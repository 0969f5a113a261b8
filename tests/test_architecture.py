"""The house's shape, checked on the source: one owner per table, and no import circles."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "aktorskab_cli"

# Who may write SQL: store/ owns the local tables, a feature's storage.py its own tables, archive/ PostgreSQL.
SQL_OWNERS = ("store/", "synthesis/storage.py", "programme/storage.py", "archive/")
# Not yet moved: the room engineer is moving these into store/room.py (issue 20); drop them when that lands.
SQL_NOT_YET_MOVED = ("web/room.py", "web/live.py")
_EXECUTE = re.compile(r"\.execute(?:many|script)?\(")


def test_sql_is_written_only_by_the_owners_of_its_tables() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name.startswith(SQL_OWNERS) or name in SQL_NOT_YET_MOVED:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        found += [f"{name}:{n}: {line.strip()}" for n, line in enumerate(lines, 1) if _EXECUTE.search(line)]
    assert not found, ("SQL outside its owners (store/, a storage.py, archive/); give it a named function "
                       "there:\n" + "\n".join(found))
