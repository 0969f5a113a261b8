"""Resolved agendas kept between runs: a command that only reads an agenda (show, print, run, list …) gets
it without validating the file again – and without importing pydantic, a third of such a command's time.

An entry is found by a hash of everything the resolved agenda follows from: this cache's format, the
package version and the resolving modules' own files (so an edited checkout never reads an old entry), the
agenda file's path and its text. The prompt files it names are checked on every hit: the entry records the
file each name resolved to and a hash of its bytes, and a hit counts only when each name still resolves to
that file with those bytes (a prompts/ folder put beside the agenda, an edited frame: a miss).

The value is the agenda's snapshot (`snapshot`). Only an agenda that resolved without problems is kept.
Any trouble with the cache – no folder, a read-only one, a damaged or foreign entry – means a full load,
never an error and never another agenda. `agenda check` does not use the cache: it reports problems.

The folder is platformdirs' user cache dir, or AKTORSKAB_CACHE (empty: no cache).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from aktorskab_cli import __version__
from aktorskab_cli.agenda import content
from aktorskab_cli.agenda.model import Agenda

FORMAT = 1  # raise when the entry's shape or the meaning of a key changes
KEEP = 200  # entries kept; the oldest go first
# The modules whose code decides what a file resolves to (with the version, the key's code stamp).
_RESOLVING = ("cache", "content", "loading", "model", "resolve", "schedule", "schema", "snapshot")


def cache_dir() -> Path | None:
    given = os.environ.get("AKTORSKAB_CACHE")
    if given is not None:
        return Path(given) if given.strip() else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("aktorskab", appauthor=False))


def load_agenda(name_or_path: str) -> tuple[Agenda, str]:
    """`resolve.load_agenda`, from the cache when the same file was resolved before."""
    from aktorskab_cli.agenda.loading import read_text

    path = content.agenda_path(name_or_path)
    text = read_text(path)
    return load_agenda_text(text, path), text


def load_agenda_text(text: str, path: Path) -> Agenda:
    """`resolve.load_agenda_text`, from the cache when the same text at the same path was resolved before."""
    entry = _entry(text, path)
    if entry is not None:
        found = _read(entry, path)
        if found is not None:
            return found
    from aktorskab_cli.agenda.resolve import load_agenda_text as resolve

    known = {name: (str(file), _digest(file)) for name, file in content.known_prompts(path).items()}
    agenda = resolve(text, path)  # raises on any problem: only a good agenda is kept
    if entry is not None:
        _write(entry, agenda, {name: known[name] for name in agenda.prompts})
    return agenda


def _entry(text: str, path: Path) -> Path | None:
    try:
        folder = cache_dir()
        return None if folder is None else folder / f"{_key(text, path)}.json"
    except Exception:  # noqa: BLE001 - e.g. no home folder to put a cache in: no cache
        return None


def _key(text: str, path: Path) -> str:
    here = Path(__file__).parent
    stamp = []
    for module in _RESOLVING:
        try:
            info = os.stat(here / f"{module}.py")
            stamp.append((module, info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((module, None, None))  # installed without sources: the version decides
    material = json.dumps([FORMAT, __version__, stamp, str(path.absolute()), text], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def _digest(file: Path) -> str | None:
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return None


def _read(entry: Path, path: Path) -> Agenda | None:
    """The cached agenda, or None when there is none that may be used."""
    from aktorskab_cli.agenda.snapshot import agenda_from_dict

    try:
        data = json.loads(entry.read_bytes())
        if data.get("format") != FORMAT:
            return None
        known = content.known_prompts(path) if data["prompts"] else {}
        for name, (file, digest) in data["prompts"].items():
            if name not in known or str(known[name]) != file or digest is None or _digest(known[name]) != digest:
                return None
        agenda = agenda_from_dict(data["agenda"])
        return agenda if set(agenda.prompts) == set(data["prompts"]) else None
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, the file itself is read instead
        return None


def _write(entry: Path, agenda: Agenda, prompts: dict[str, tuple[str, str | None]]) -> None:
    """Keep the entry: written to a temporary file and renamed, so a reader never sees half of one."""
    import tempfile

    from aktorskab_cli.agenda.snapshot import agenda_to_dict

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": FORMAT, "prompts": prompts, "agenda": agenda_to_dict(agenda)}, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(entry.parent)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache; the agenda is loaded anyway
        return


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) > KEEP:
        entries.sort(key=lambda p: p.stat().st_mtime_ns)
        for old in entries[: len(entries) - KEEP]:
            old.unlink(missing_ok=True)
