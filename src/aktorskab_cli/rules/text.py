"""Control characters in people's texts: which ones a text may not hold, and how a text is shown safely.

A stored text reaches the terminal (`show`, `sessions`, error messages), where a NUL or an escape sequence
would garble or recolour the screen. Tab and line feed are text; every other C0 control, DEL and the C1
controls are not, nor are the bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069):
one in an answer could turn the tool's own »(Gruppe 2)« after it around on a page, a slide or in Word. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_TEXT = 20_000  # characters in any one text of a file: a long intro or closing note fits many times over
MAX_ITEMS = 300  # items in one agenda: a week of workshops fits
MB = 1024 * 1024
MAX_TOML_BYTES = 10 * MB  # an agenda, an answers file, a draft, a programme: a draft of 10,000 answers is ~3 MB
MAX_JSON_BYTES = 200 * MB  # an exported JSON of many meetings


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_chars(text: str) -> list[str]:
    """The control characters in `text`, each once, named as U+001B."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in CONTROL.findall(text)))


def control_problem(text: str) -> str | None:
    """Why a text a person wrote may not be stored, as the end of a `place: …` line; None when it may."""
    found = control_chars(text)
    if not found:
        return None
    one = len(found) == 1
    return (f"indeholder {'et kontroltegn' if one else 'kontroltegn'} ({', '.join(found)}), som ikke hører hjemme "
            f"i en tekst; fjern {'det' if one else 'dem'}")


def visible(text: str) -> str:
    """`text` safe to write to a terminal: each control character written out as an escape, e.g. \\x1b, \\u202e."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut with »…« (the space before it dropped) when longer; a width of
    0 or less leaves it whole."""
    return text if width <= 0 or len(text) <= width else text[:max(0, width - 1)].rstrip() + "…"


def nearest(value: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of `known` that `value` is most likely a misspelling of; None when none is near enough."""
    import difflib  # only on the way to an error message

    found = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def you_meant(name: str) -> str:
    """The suggestion after a near miss, as every message words it: 'mente du »organisation«?'."""
    return f"mente du »{name}«?"


def guess(value: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """'; mente du »organisation«?' after a message, for a near miss of one of `known`; else ''."""
    found = nearest(value, known, cutoff)
    return f"; {you_meant(found)}" if found else ""
