"""Numbers the Danish way: a number typed by a user, a number written for a reader, and plurals."""

from __future__ import annotations

import re

_ASCII_DIGITS = re.compile(r"[0-9]+")
_SWAP = str.maketrans(",.", ".,")


def parse_number(text: str) -> int | None:
    """A whole number typed by a user: ASCII digits only, blanks around allowed; anything else is None.

    `str.isdigit()` is not the rule: it lets '²' (which int() refuses) and '٣' (which int() reads as 3) through.
    """
    text = text.strip()
    return int(text) if _ASCII_DIGITS.fullmatch(text) else None


def danish_number(value: float) -> str:
    """5000 -> '5.000', 0.5 -> '0,5', 60.0 -> '60', 123456.7 -> '123.456,7': a point between thousands, a
    comma before decimals (at most six)."""
    if isinstance(value, float) and not value.is_integer():  # at most six decimals, no trailing zeros
        return f"{value:,.6f}".rstrip("0").rstrip(".").translate(_SWAP)
    return f"{int(value):,}".translate(_SWAP)


def plural(n: int, one: str, many: str) -> str:
    """The word for `n` things: plural(1, 'punkt', 'punkter') -> 'punkt'."""
    return one if n == 1 else many


def counted(n: int, one: str, many: str) -> str:
    """'1 møde', '3 møder', '5.000 svar': the number the Danish way (`danish_number`)."""
    return f"{danish_number(n)} {plural(n, one, many)}"
