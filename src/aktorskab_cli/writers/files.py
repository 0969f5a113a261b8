"""Where a document goes: a sensible Danish file name, written to a temporary file and renamed into place.

Used by `export`/`combine` for the opsamling and by `agenda print` for the programme and dialogue guide.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from aktorskab_cli.errors import AktorskabError, BadInput, os_reason
from aktorskab_cli.opsamling.model import Opsamling
from aktorskab_cli.rules.commands import pasteable, shown  # noqa: F401 - the writers' names for them


SUFFIXES = {".docx": "docx", ".pptx": "pptx", ".md": "md", ".markdown": "md", ".json": "json"}


def choose_format(fmt: str | None, target: Path | None,
                  allowed: tuple[str, ...] = ("docx", "pptx", "md", "json")) -> str:
    """--format or the suffix of -o (they must agree); neither: Word. A suffix we cannot write is refused,
    so Word never lands in a file called .pdf."""
    suffix = target.suffix.lower() if target is not None and not target.is_dir() else ""
    if suffix and SUFFIXES.get(suffix) not in allowed:
        raise BadInput(f"{target.name}: der kan kun skrives {_either(allowed)} her; "
                       f"giv filen endelsen {_either(tuple('.' + a for a in allowed))}")
    if fmt:
        wanted = fmt.lower().lstrip(".")
        if wanted not in allowed:
            raise BadInput(f"--format {fmt} kendes ikke; vælg {_either(allowed)}")
        if suffix and SUFFIXES[suffix] != wanted:
            raise BadInput(f"{target.name} passer ikke til --format {wanted}; "
                           f"giv filen endelsen .{wanted}, eller udelad --format")
        return wanted
    return SUFFIXES[suffix] if suffix else "docx"


def _either(choices: tuple[str, ...]) -> str:
    """('docx', 'md', 'json') -> 'docx, md eller json'."""
    return ", ".join(choices[:-1]) + f" eller {choices[-1]}" if len(choices) > 1 else choices[0]


def default_name(ops: Opsamling, fmt: str) -> str:
    """'opsamling-temadag-2025-04-02.docx'; several meetings: 'opsamling-samlet-2026-01-12-til-2026-04-07.docx'."""
    dates = sorted(m.date for m in ops.meetings if m.date)
    if ops.combined:
        span = f"{dates[0]}-til-{dates[-1]}" if dates and dates[0] != dates[-1] else str(dates[0]) if dates else ""
        stem = "opsamling-samlet" + (f"-{span}" if span else "")
    else:
        meeting = ops.meetings[0]
        stem = f"opsamling-{meeting.agenda_name}" + (f"-{meeting.date}" if meeting.date else "")
    return f"{stem}.{fmt}"


def target_path(ops: Opsamling, output: Path | None, fmt: str) -> Path:
    return place(output, default_name(ops, fmt))


def place(output: Path | None, name: str) -> Path:
    """-o FILE as given; -o FOLDER or nothing: the default name in that folder (or here)."""
    if output is None:
        return Path.cwd() / name
    if output.is_dir():
        return output / name
    return output


def write_file(ops: Opsamling, target: Path, fmt: str, *, force: bool = False) -> Path:
    from aktorskab_cli.writers import write

    return save(target, fmt, lambda temp: write(ops, temp, fmt), prefix=".opsamling-", force=force)


def save(target: Path, fmt: str, write: Callable[[Path], None], prefix: str = ".aktorskab-", *,
         force: bool = False) -> Path:
    """Let `write` fill a temporary file next to `target`, then move it into place; nothing half-written
    remains. An existing `target` is kept (exit 2) unless `force`: it may hold edits made in Word."""
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} er en fil, ikke en mappe; vælg en anden placering med -o")
    if not folder.is_dir():
        raise BadInput(f"Mappen {folder} findes ikke; opret den først, eller vælg en anden placering med -o")
    if target.is_dir():
        raise BadInput(f"{target} er en mappe; angiv et filnavn med -o")
    if not force and (target.exists() or target.is_symlink()):
        raise _exists(target)
    _sweep(folder)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=prefix, suffix=f".{fmt}.tmp", dir=folder)
    except OSError as exc:
        raise BadInput(f"Der kan ikke skrives i mappen {folder} ({os_reason(exc)}); "
                       "vælg en anden placering med -o") from None
    temp = Path(temp_name)
    try:
        _claim(handle)
        write(temp)
        _shareable(temp)
        os.close(handle)  # before the move: Windows renames no open file
        handle = -1
        if force:
            os.replace(temp, target)
        else:
            _move_new(temp, target)
    except PermissionError:
        raise AktorskabError(f"{target} kan ikke overskrives – er filen åben i Word eller et andet program? "
                             "Luk den og prøv igen, eller vælg et andet navn med -o") from None
    except IsADirectoryError:
        raise BadInput(f"{target} er en mappe; angiv et filnavn med -o") from None
    except OSError as exc:
        raise AktorskabError(f"{target} kunne ikke skrives: {os_reason(exc)}") from None
    finally:
        if handle >= 0:
            os.close(handle)
        temp.unlink(missing_ok=True)
    return target


TEMP_PREFIXES = (".opsamling-", ".aktorskab-")  # every `save` caller's; a killed one leaves its temp file


def _claim(handle: int) -> None:
    """Hold an OS lock on our temporary file while it is written: it dies with the process, so a later
    `_sweep` knows a file whose lock it can take was left by a process that is gone. (Windows: an open file
    cannot be deleted, which keeps it from the sweep the same way.)"""
    if os.name == "posix":
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _sweep(folder: Path) -> None:
    """Remove the temporary files an export killed mid-write left in `folder` (hidden, 0600, forever
    otherwise); a file another export is writing right now is locked, and kept."""
    for stale in (p for prefix in TEMP_PREFIXES for p in folder.glob(f"{prefix}*.tmp")):
        try:
            if os.name == "posix":
                import fcntl

                with open(stale, "rb") as held:
                    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken: nobody is writing it
                    stale.unlink()
            else:
                stale.unlink()  # refused while the writer has it open
        except OSError:
            continue


def _shareable(temp: Path) -> None:
    """mkstemp makes the file 0600; a document saved to a shared folder must open for colleagues too, so it
    gets what any new file would get: 0666 minus the umask (Windows knows only read-only, which stays off)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temp, 0o666 & ~mask)


def _move_new(temp: Path, target: Path) -> None:
    """Put `temp` at `target` only if nothing is there: a hard link refuses atomically (a file that
    appeared while we wrote is kept); where links are not supported (FAT, some network drives), the
    check in `save` has to do."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError:
        if target.exists():
            raise _exists(target) from None
        os.replace(temp, target)


def _exists(target: Path) -> BadInput:
    return BadInput(f"{shown(target)} findes allerede; brug --force for at overskrive eller -o for et andet navn")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
