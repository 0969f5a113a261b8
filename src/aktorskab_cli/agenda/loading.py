"""TOML text -> validated models, with every problem reported at once in Danish."""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aktorskab_cli.errors import BadInput, ProblemsError, os_reason
from aktorskab_cli.rules.text import MAX_TOML_BYTES, MB, nearest, you_meant

if TYPE_CHECKING:  # pydantic is imported where a file is validated, not by reading one (the agenda cache)
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")
Fields = tuple[tuple[str, ...], dict[str, str]]  # known field names, and Danish words for them
# Field names users may have meant when they misspell one (checked against every model's fields).
KNOWN_FIELDS = (
    "title", "organisation", "date", "place", "description", "start", "footer", "frame", "logo", "intro",
    "outro", "item", "id", "minutes", "kind", "lead", "points", "note", "purpose", "questions", "flexible",
    "min_minutes", "plan", "name", "source", "layout", "category", "point", "text", "group", "question", "answer",
)
DANISH_FIELDS = {  # what a Danish user may write for a field name
    "titel": "title", "overskrift": "title", "dato": "date", "sted": "place", "beskrivelse": "description",
    "sidefod": "footer", "ramme": "frame", "punkt": "item", "minutter": "minutes", "varighed": "minutes",
    "type": "kind", "ansvarlig": "lead", "oplaegsholder": "lead", "spoergsmaal": "questions",
    "spørgsmål": "questions", "formaal": "purpose", "formål": "purpose", "gruppe": "group", "tekst": "text",
    "kategori": "category", "svar": "answer", "organisering": "organisation", "organization": "organisation",
}

_BACKSLASH = ('en omvendt skråstreg (\\) i teksten skal skrives \\\\ – eller skriv stien med /, fx '
              '"C:/Users/anne/logo.png"')  # a Windows path, mostly
_SINGLE_QUOTED = "en tekst i enkelte anførselstegn ('…') er ikke afsluttet; afslut den med ' på samme linje"
_TOML_MESSAGES = {  # the first whose English the message begins with (they differ a little between Pythons)
    "Illegal character '\\n'": ('teksten mangler sit afsluttende "; afslut den på samme linje (en tekst over flere '
                                 'linjer skrives mellem """ og """)'),
    "Cannot overwrite a value": "nøglen står der allerede; slet den ene af de to linjer",
    "Cannot declare": "tabellen er allerede erklæret; slet den ene",
    "Cannot mutate immutable namespace": "nøglen står der allerede; slet den ene af de to linjer",
    "Expected '=' after a key in a key/value pair": "der mangler '=' efter nøglen; skriv fx title = \"…\"",
    "Invalid value": "værdien er ugyldig; tekst skal stå i anførselstegn, fx title = \"Pause\"",
    "Invalid statement": "linjen kan ikke læses; skriv nøgle = værdi",
    "Unclosed array": "listen er ikke lukket; afslut med ]",
    "Unclosed inline table": "tabellen er ikke lukket; afslut med }",
    "Unterminated string": "teksten er ikke afsluttet; afslut med \"",
    "Found invalid character '\\n'": _SINGLE_QUOTED,  # Python 3.11–3.12
    'Expected "\'"': _SINGLE_QUOTED,  # Python 3.13
    'Expected "\'\'\'"': "en tekst i ''' … ''' er ikke afsluttet; afslut den med '''",
    "Found invalid character": "der står et kontroltegn, der ikke må stå her; slet det",
    "Duplicate inline table key": "nøglen står to gange i { … }; slet den ene",
    "Escaped character is not a Unicode scalar value": "tegnkoden (\\u…) er ikke et tegn; skriv tegnet selv",
    "Cannot redefine namespace": "nøglen står der allerede; slet den ene af de to linjer",
    "Illegal character": "der står et tegn, der ikke må stå her (fx et linjeskift i en tekst)",
    "Expected newline or end of document after a statement": "der står mere efter værdien; én nøgle = værdi pr. linje",
    "Invalid initial character for a key part": "en nøgle skal begynde med et bogstav; tjek linjen",
    "Expected ']' at the end of a table declaration": "der mangler ] efter tabellens navn",
    "Expected ']]' at the end of an array declaration": "der mangler ]] efter [[item",
    "Invalid date or datetime": "datoen er ugyldig; skriv fx 2025-04-02",
    "Unclosed array of tables": "der mangler ]] efter [[item",
    "Found invalid character in escape sequence": _BACKSLASH,
    "Unescaped '\\' in a string": _BACKSLASH,
    "Invalid hex value": _BACKSLASH,  # »C:\Users\…«: \U begins a character's code
}
_AT = re.compile(r"^(?P<msg>.*?)\s*\(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$")


def read_bytes(path: Path, limit: int = MAX_TOML_BYTES) -> bytes:
    """A file's bytes, or one Danish sentence saying why not; never more than `limit` bytes are read (a
    50 MB title, or /dev/zero, is refused rather than filling the memory)."""
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
        if len(data) > limit:
            raise BadInput(f"{path} er for stor: over {limit // MB} MB; en fil til aktorskab fylder højst "
                           f"{limit // MB} MB – er det den rigtige fil?")
        return data
    except IsADirectoryError:
        raise BadInput(f"{path} er en mappe, ikke en fil") from None
    except FileNotFoundError:
        twin = txt_twin(path)
        raise BadInput(f"{path} findes ikke" + (f". {twin}" if twin else "")) from None
    except OSError as exc:
        raise BadInput(f"{path} kan ikke læses: {os_reason(exc)}") from None


def txt_twin(path: Path) -> str:
    """'Der ligger en mit-moede.toml.txt – …' when the file the user named is missing but its name with .txt
    after it is there (Windows hides the ending, and Notepad adds .txt); else ''."""
    twin = path.with_name(path.name + ".txt")
    if path.suffix != ".toml" or not twin.is_file():
        return ""
    return f"Der ligger en {twin.name} – Notesblok har nok sat .txt på; omdøb den til {path.name}"


def read_text(path: Path, start: str | None = "aktorskab agenda new {name}") -> str:
    """Read a UTF-8 TOML text file, or say clearly why not; `start` is the command that makes one of its kind
    (an agenda's by default, None: there is none), told when the file is empty."""
    return decode(read_bytes(path), path.name, start)


def decode(data: bytes, name: str, start: str | None = "aktorskab agenda new {name}") -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's »Unicode«: UTF-16 with its byte order mark
        raise ProblemsError(f"{name} kan ikke indlæses:", [
            f"{name}: filen er gemt som UTF-16 (»Unicode« i Notesblok); gem den som UTF-8 (i Notesblok: Gem som › "
            "Kodning: UTF-8)"])
    if b"\x00" in data:
        raise ProblemsError(f"{name} kan ikke indlæses:", [f"{name}: filen er binær, ikke tekst; angiv en .toml-fil"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError(f"{name} kan ikke indlæses:", [
            f"{name}, linje {line}: teksten er ikke UTF-8 (tegnkodningen er forkert); "
            "gem filen som UTF-8 i din editor"]) from None
    if not text.strip():
        hint = f"; begynd fx med: {start.format(name=name)}" if start else ""
        raise ProblemsError(f"{name} kan ikke indlæses:", [f"{name}: filen er tom{hint}"])
    return text


def parse_toml(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProblemsError(f"{name} kan ikke indlæses:", [toml_problem(str(exc), name, text)]) from None
    except RecursionError:
        raise ProblemsError(f"{name} kan ikke indlæses:", [
            f"{name}: lister eller tabeller er indlejret for dybt i hinanden; en dagsorden har kun ét niveau"]) from None


# The kinds of TOML file aktorskab reads, each known by a table or key only it has: (key, what it is, its
# pronoun, what to do with it, the command that takes it).
FILE_KINDS = {
    "agenda": ("item", "en dagsorden", "den", "tjek", "agenda check {}"),
    "programme": ("entry", "et program", "det", "tjek", "plan check {}"),
    "draft": ("session", "et udkast til sammenfatningen", "det", "gem", "summary apply {}"),
    "answers": ("answer", "en svarfil", "den", "læs", "import DAGSORDEN {}"),
}


def refuse_other_kind(data: dict[str, Any], path: Path, wanted: str) -> None:
    """One clear problem when `data` (read from `path`, meant to be a `wanted` file) lacks that kind's key but
    has another kind's: an agenda given to `plan check`, a draft to `import`. None when it is not clear."""
    from aktorskab_cli.rules.commands import command, pasteable

    if FILE_KINDS[wanted][0] in data:
        return
    found = next((kind for key, *kind in FILE_KINDS.values() if key in data), None)
    if found is None:
        return
    what, pronoun, verb, use = found
    how = f"{verb} {pronoun}" + (" ind" if verb == "læs" else "")
    raise ProblemsError(f"{path.name} kan ikke bruges:", [
        f"{path.name} er {what}, ikke {FILE_KINDS[wanted][1]}; {how} med: {command(use.format(pasteable(path)))}"])


TYPOGRAPHIC_QUOTES = "“”„‟»«‘’‚›‹"  # what Word, WordPad or an autocorrecting editor types for "

_UNQUOTED_HINTS = [  # what a non-programmer typed without quotes, and what to write instead
    (re.compile(r"^\d{1,2}[:.]\d{2}([:.]\d{2})?$"), 'tider skal stå i anførselstegn, fx {key} = "{clock}"'),
    (re.compile(r"^-?\d+,\d+$"), "brug et helt tal (eller punktum som decimaltegn), fx {key} = {whole}"),
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}"), "datoen findes ikke eller er skrevet forkert; skriv fx {key} = 2025-04-02"),
]


def _line_hint(text: str | None, line: int, raw: str) -> str | None:
    """A pointed hint from the offending line itself: `[item]` for `[[item]]`, a time without quotes …"""
    lines = text.splitlines() if text else []
    if not 0 < line <= len(lines):
        return None
    source = lines[line - 1].strip()
    if raw.startswith("Invalid value") and any(mark in source for mark in TYPOGRAPHIC_QUOTES):
        return 'skriv teksten i almindelige anførselstegn ("…"), ikke “…” eller »…«, som en tekstbehandler sætter ind'
    header = re.match(r"^\[\s*([A-Za-z_-]+)\s*\]", source)
    if header and raw.startswith("Cannot declare"):
        table = header[1]
        return f"skriv [[{table}]] med to klammer for hvert punkt; [{table}] med én klamme må kun stå én gang"
    pair = re.match(r"^([A-Za-z_-]+)\s*=\s*(\S+)\s*(#.*)?$", source)
    if not pair:
        return None
    key, value = pair[1], pair[2]
    for pattern, hint in _UNQUOTED_HINTS:
        if pattern.match(value):
            clock = re.sub(r"^0?(\d+)[:.](\d\d).*", r"\1.\2", value)  # 08:00:00 -> 8.00
            return hint.format(key=key, clock=clock, whole=value.split(",")[0].lstrip("-"))
    return None


def toml_problem(message: str, name: str, text: str | None = None) -> str:
    match = _AT.match(message)
    raw, place = (match["msg"], match) if match else (message, None)
    danish = next((d for e, d in _TOML_MESSAGES.items() if raw.startswith(e)), None)
    if place and place["line"]:
        danish = _line_hint(text, int(place["line"]), raw) or danish
    text = f"TOML-syntaksfejl: {danish}" if danish else f"TOML-syntaksfejl ({raw}); tjek tegnsætningen"
    if place and place["line"]:
        return f"{name}, linje {place['line']}, kolonne {place['col']}: {text}"
    return f"{name}, sidst i filen: {text}"


def _type_message(error: dict[str, Any], field: str, fields: Fields | None = None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        if field == "item":
            return "der er ingen punkter; tilføj mindst ét [[item]] med title og minutes"
        return "mangler; tilføj " + (f"{field} = …" if field else "feltet")
    if kind == "extra_forbidden":
        known, danish = fields or (KNOWN_FIELDS, DANISH_FIELDS)
        guess = danish.get(field.lower()) or nearest(field.lower(), known, cutoff=0.7)
        hint = you_meant(guess) if guess else "ret stavningen eller fjern det"
        return f"er ikke et kendt felt; {hint}"
    if kind in ("string_type",):
        return "skal være tekst i anførselstegn"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"skal være et helt tal, fx {field} = 15"
    if kind == "greater_than_equal":
        return f"må ikke være negativ (står som {error.get('input')})"
    if kind == "less_than_equal":
        return f"er for stor (står som {error.get('input')}); højst {ctx.get('le')}"
    if kind == "list_type":
        if field == "item":
            return "skal være en række punkter; skriv hvert punkt som en tabel under [[item]]"
        return f"skal være en liste, fx {field} = [\"…\", \"…\"]"
    if kind == "string_too_short":
        return "må ikke være tom"
    if kind == "string_too_long":
        return (f"er for lang ({len(error.get('input') or '')} tegn); højst {ctx.get('max_length')} tegn – "
                "del teksten op, eller kort den ned")
    if kind == "too_long" and field == "item":
        return f"har for mange punkter ({ctx.get('actual_length')}); højst {ctx.get('max_length')}"
    if kind == "too_short":
        return "har ingen punkter; tilføj mindst ét [[item]] med title"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        if field == "kind":
            return f"skal være en af: {expected} (eller på dansk: pause, oplæg, dialog, plenum, andet, opfølgning)"
        return f"skal være en af: {expected}"
    if kind == "string_pattern_mismatch":
        return 'må kun indeholde små bogstaver a–z, tal og bindestreg, fx id = "dialog-cases"'
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing"):
        return f"skal være en dato uden anførselstegn, fx {field} = 2025-04-02"
    if kind in ("bool_type", "bool_parsing"):
        return "skal være true eller false"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "skal være en tabel; skriv punktet som [[item]] med title = … under"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"har en ugyldig værdi ({error['msg']})"


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union and validator tags ('list[...]', 'str', 'function-before[...]')."""
    return tuple(p for p in loc if isinstance(p, int) or not re.search(r"[\[\]]|^(constrained-)?(str|int|bool)$", str(p)))


def validation_problems(exc: ValidationError, place: Callable[[tuple[Any, ...]], str],
                        fields: Fields | None = None) -> list[str]:
    """Each error as `place: what to change`; `fields`: the field names (and Danish words for them) a
    misspelt field is matched against, when the file is not an agenda."""
    seen: dict[tuple[Any, ...], str] = {}
    for error in exc.errors():
        loc = _clean_loc(tuple(error["loc"]))
        field = str(loc[-1]) if loc and not isinstance(loc[-1], int) else (str(loc[0]) if loc else "")
        if loc in seen:
            if field == "questions":
                seen[loc] = "skal være en liste af spørgsmål eller navnet på et spørgsmålssæt i prompts/"
            continue
        seen[loc] = _type_message(error, field, fields)
    return [f"{place(loc)}: {message}" for loc, message in seen.items()]


@contextmanager
def _without_pydantic_plugins() -> Iterator[None]:
    """Build validators without looking for pydantic plugins, as Typer does for its own.

    Our models build on first use (defer_build); the plugin lookup scans every installed
    distribution's metadata and is the largest single cost of `agenda show` after Typer itself.
    """
    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = previous


def validate(model: type[M], data: dict[str, Any], name: str, place: Callable[[tuple[Any, ...]], str]) -> M:
    from pydantic import ValidationError

    try:
        with _without_pydantic_plugins():
            return model.model_validate(data)
    except ValidationError as exc:
        raise ProblemsError(f"{name} kan ikke bruges:", validation_problems(exc, place)) from None


def validate_salvaging(model: type[M], data: dict[str, Any], name: str,
                       place: Callable[[tuple[Any, ...]], str],
                       fields: Fields | None = None) -> tuple[M | None, list[str]]:
    """Like `validate`, but a file with wrong fields is not the end of the check: the problems are kept,
    the fields at fault are left out, and the rest is validated again (up to three rounds), so the caller
    can go on to find the problems further on (the times, the names) and report them all at once.
    Returns the model of what is left (None when nothing sensible is) and the problems of the first round."""
    from pydantic import ValidationError

    try:
        with _without_pydantic_plugins():
            return model.model_validate(data), []
    except ValidationError as exc:
        problems = validation_problems(exc, place, fields)
        errors = exc.errors()
    left = copy.deepcopy(data)
    for _ in range(3):
        fills = [_drop(left, _clean_loc(tuple(e["loc"])), "?" if e["type"] == "missing" else None) for e in errors]
        if not all(fills):
            return None, problems
        try:
            with _without_pydantic_plugins():
                return model.model_validate(left), problems
        except ValidationError as again:
            errors = again.errors()
    return None, problems


def _drop(data: Any, loc: tuple[Any, ...], fill: str | None = None) -> bool:
    """Remove the value at `loc` (a field of the file or of one item), or put `fill` where one is missing;
    False when that is not possible."""
    if not loc:
        return False
    *path, last = loc
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return True  # already gone with its parent
    if isinstance(data, dict) and isinstance(last, str) and last != "item":
        if fill is None:
            data.pop(last, None)
        else:
            data[last] = fill
        return True
    return False


def key_line(text: str, key: str, after: int = 0, before: int | None = None) -> int | None:
    """The 1-based line where `key = …` stands, searched between two lines."""
    lines = text.splitlines()[after:before]
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for offset, line in enumerate(lines):
        if pattern.match(line):
            return after + offset + 1
    return None


def table_field_line(text: str, headers: list[int], index: int, field: str | None) -> int | None:
    """The line of `field` in the table whose header stands at `headers[index]` (the header's own line when the
    field is not written there, or none is asked for); None when the file has no such table."""
    if index >= len(headers):
        return None
    end = headers[index + 1] - 1 if index + 1 < len(headers) else None
    return (key_line(text, field, headers[index], end) if field else None) or headers[index]


def table_lines(text: str, table: str) -> list[int]:
    """1-based lines of each `[[table]]` header."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)]
