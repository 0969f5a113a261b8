"""A command the user can paste as it is: »aktorskab [--db FIL] …«, and a path typed in one.

Every hint that names a command (»Se dem med: aktorskab show 3«) is written by `command`, so that a command
run with `--db FIL` suggests commands with `--db FIL` too: pasted, they work on the same database. A database
named by AKTORSKAB_DB or the default one is not repeated (the environment carries it). The CLI's root
callback says which database was named on the command line (`name_database`).
"""

from __future__ import annotations

import os
from pathlib import Path

_named: list[Path | None] = [None]  # the --db typed on the command line of the running command


def name_database(path: Path | None) -> None:
    """The database named with --db on the command line (None: from AKTORSKAB_DB or the default)."""
    _named[0] = path


def command(rest: str) -> str:
    """'show 3' -> 'aktorskab show 3', or 'aktorskab --db mine.db show 3' after `aktorskab --db mine.db …`."""
    db = _named[0]
    return f"aktorskab --db {pasteable(db)} {rest}" if db is not None else f"aktorskab {rest}"


def shown(target: Path) -> Path:
    """A path as the user would write it: relative to the current folder where it lies below it."""
    try:
        return target.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return target


def pasteable(target: Path) -> str:
    """`target` as it is typed in a command the user can paste as it is: relative to the current folder when
    it lies below it, else whole; quoted when needed."""
    return quoted(str(shown(target)))


def quoted(text: str) -> str:
    """One word of a command the user can paste as it is (»i gang« -> »'i gang'«): quoted when needed (POSIX
    shells: shlex; Windows' cmd and PowerShell both take double quotes)."""
    if os.name == "nt":
        return f'"{text}"' if any(c in text for c in " &()[]{}^=;!'+,`~%$@#") else text
    import shlex

    return shlex.quote(text)
