"""Which programme a NAME|FILE means: a programme file, a bundled programme (`programmes/`, inside the wheel
or at the top of a checkout), or – with a store – the programme of that name as last used on this laptop."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aktorskab_cli.errors import BadInput
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.text import nearest, you_meant

if TYPE_CHECKING:
    from aktorskab_cli.programme.model import Programme
    from aktorskab_cli.store.db import Store


def bundled_programmes() -> dict[str, Path]:
    from aktorskab_cli.agenda.content import bundled_dir

    folder = bundled_dir("programmes")
    return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder.is_dir() else {}


def programme_path(name_or_path: str) -> Path | None:
    """An existing file, NAME.toml in the current folder, or a bundled programme – in that order; else None."""
    candidate = Path(name_or_path)
    if candidate.is_dir():
        raise BadInput(f"{name_or_path} er en mappe, ikke et program; angiv en .toml-fil i den")
    if candidate.is_file():
        return candidate
    local = Path(f"{name_or_path}.toml")
    if candidate.suffix == "" and local.is_file():
        return local
    return bundled_programmes().get(name_or_path)


def key_of(name_or_path: str, path: Path | None) -> str:
    """The name a programme goes by (what `plan = "NAME:ENTRY"` and the store use): its file's stem."""
    return path.stem if path is not None else name_or_path


def unknown(name_or_path: str) -> BadInput:
    known = ", ".join(bundled_programmes()) or "(ingen)"
    from aktorskab_cli.agenda.content import meant

    guess = meant(name_or_path, bundled_programmes())
    return BadInput(f"Programmet »{name_or_path}« findes ikke: hverken som fil, som indbygget program eller som et "
                    f"program, der er brugt på denne computer{guess}\nIndbyggede programmer: {known}.\n"
                    "Lav dit eget med: aktorskab plan new mit-program.toml --from aktorskab-2025-2026")


def load(name_or_path: str, store: Store | None = None) -> tuple[Programme, str]:
    """The programme and its file's text: from the file (checked; every problem at once, exit 2), or from
    the copy kept in `store` when there is no such file. Reads only: whoever uses it keeps it
    (`storage.remember_programme`), in the same transaction as what it stores."""
    from aktorskab_cli.programme.loading import load_programme

    path = programme_path(name_or_path)
    if path is not None:
        return load_programme(path)
    if store is not None:
        from aktorskab_cli.programme.storage import stored_programme

        found = stored_programme(store, name_or_path)
        if found is not None:
            return found
    raise unknown(name_or_path)


def split_ref(ref: str) -> tuple[str, str]:
    """'aktorskab-2025-2026:omu-administration' -> (programme, entry) (agenda/followup.split_link: the last ':'
    splits, so a Windows path keeps its drive)."""
    from aktorskab_cli.agenda.followup import split_link

    split = split_link(ref)
    if split is None:
        raise BadInput(f"»{ref}« skal skrives PROGRAM:POST, fx aktorskab-2025-2026:omu-administration")
    return split


def resolve_ref(ref: str, store: Store | None = None) -> tuple[Programme, str, str]:
    """A `plan = "NAME:ENTRY"` reference -> (programme, its file's text, entry id); exit 2 when the programme or
    the entry does not exist (nothing is stored then)."""
    name, entry_id = split_ref(ref)
    programme, text = load(name, store)
    if programme.entry(entry_id) is None:
        raise BadInput(entry_missing(programme, entry_id))
    return programme, text, entry_id


def entry_missing(programme: Programme, entry_id: str) -> str:
    ids = [e.id for e in programme.entries]
    guess = next((i for i in ids if i.startswith(entry_id)), None) or nearest(entry_id, ids)
    hint = you_meant(guess) if guess else "se posterne med: " + command(f"plan show {programme.key}")
    return f"Posten »{entry_id}« findes ikke i programmet »{programme.key}« ({programme.title}); {hint}"
