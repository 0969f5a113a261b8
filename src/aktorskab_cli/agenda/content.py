"""Where agendas and prompt sets are found: bundled in the package, or the user's own files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aktorskab_cli.errors import BadInput


def bundled_dir(kind: str) -> Path:
    """`agendas` or `prompts`: inside the installed wheel, or at the top of a source checkout.

    The wheel force-includes both folders as aktorskab_cli/agendas and aktorskab_cli/prompts, real
    files beside this module; a plain path costs less at start-up than importlib.resources.
    """
    package = Path(__file__).resolve().parents[1]  # aktorskab_cli/
    packaged = package / kind
    if packaged.is_dir():
        return packaged
    return package.parents[1] / kind


def _names(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def bundled_agendas() -> dict[str, Path]:
    return _names(bundled_dir("agendas"))


def is_bundled(path: Path) -> bool:
    """`path` is one of the bundled agendas (a template), not a file of the user's own."""
    return path.resolve().parent == bundled_dir("agendas").resolve()


def bundled_prompts() -> dict[str, Path]:
    return _names(bundled_dir("prompts"))


def prompt_path(name: str, near: Path | None = None) -> Path | None:
    """A prompt set by name: a `prompts/` folder beside the agenda wins over the bundled one."""
    if near is not None:
        own = near.parent / "prompts" / f"{name}.toml"
        if own.is_file():
            return own
    return bundled_prompts().get(name)


# Bundled names spell aktørskab as the command does (aktorskab); the old spellings, which agendas copied
# before the rename still use, name the same files.
OLD_NAMES = {"aktoerskab-beskrivelse": "aktorskab-beskrivelse"}


def known_prompts(near: Path | None = None) -> dict[str, Path]:
    found = dict(bundled_prompts())
    if near is not None:
        found.update(_names(near.parent / "prompts"))
    for old, new in OLD_NAMES.items():
        if old not in found and new in found:
            found[old] = found[new]
    return found


def agenda_path(name_or_path: str) -> Path:
    """A path to an existing file, NAME.toml in the current folder, or a bundled agenda's name – in that order."""
    candidate = Path(name_or_path)
    if candidate.is_dir():
        raise BadInput(f"{name_or_path} er en mappe, ikke en dagsorden; angiv en .toml-fil i den")
    if candidate.is_file():
        return candidate
    if candidate.is_symlink():
        raise BadInput(f"{name_or_path} er en genvej (symlink), der peger på noget, der ikke findes "
                       "– eller på sig selv; angiv den rigtige fil")
    local = Path(f"{name_or_path}.toml")
    if candidate.suffix == "" and local.is_file():  # your own copy wins over the bundled one of that name
        return local
    bundled = bundled_agendas()
    if name_or_path in bundled:
        return bundled[name_or_path]
    from aktorskab_cli.agenda.loading import txt_twin

    known = ", ".join(bundled) or "(ingen)"
    twin = txt_twin(candidate)
    ending = f". {twin}." if twin else meant(name_or_path, [*bundled, *(p.stem for p in Path.cwd().glob("*.toml"))])
    raise BadInput(
        f"Dagsordenen »{name_or_path}« findes ikke: hverken som fil eller som indbygget dagsorden{ending}\n"
        f"Indbyggede dagsordener: {known}.\n"
        "Se dem alle med: aktorskab agenda list"
    )


def meant(typed: str, names: Iterable[str]) -> str:
    """The end of the sentence that says `typed` was not found: '; mente du »dialogmoede«?' when `typed` (a
    name, or a file name with .toml) is a near miss of one of `names`, else its full stop."""
    from aktorskab_cli.rules.text import guess

    name = typed.removesuffix(".toml")
    return guess(name, [n for n in names if n != name], cutoff=0.8) or "."  # not »mit-moede« for »dialogmoede«
