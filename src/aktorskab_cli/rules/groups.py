"""Group names: when two names are one group, the number of a »Gruppe N«, the order groups are shown in, and
how many groups a meeting can have."""

from __future__ import annotations

import functools
import re
from typing import Any

from aktorskab_cli.rules.numbers import danish_number, parse_number

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"([0-9]+)")
MAX_GROUPS = 30  # every group is a line on the screen's group list and a button on every phone


def group_count_problem(count: int) -> str | None:
    """What is wrong with `--groups COUNT` (None: nothing)."""
    if 1 <= count <= MAX_GROUPS:
        return None
    return (f"--groups skal være et tal fra 1 til {MAX_GROUPS}, ikke {danish_number(count)} "
            "(hver gruppe er en linje på skærmen og en knap på telefonerne)")


def normalise_group(name: str) -> str:
    """'gruppe 3 ' and 'Gruppe 3' are one group: spaces collapsed, the first letter upper case."""
    name = _SPACE.sub(" ", name).strip()
    return name[:1].upper() + name[1:] if name else name


def group_number(name: str) -> int | None:
    """'Gruppe 3' -> 3; any other name (also 'Gruppe ²') -> None."""
    head, _, number = name.partition(" ")
    return parse_number(number) if head == "Gruppe" and number == number.strip() else None


@functools.lru_cache(maxsize=1024)  # a few groups, thousands of answers
def group_key(group: str) -> tuple[Any, ...]:
    """'Gruppe 2' before 'Gruppe 10'; names compare without case."""
    return tuple((0, int(p)) if p.isascii() and p.isdigit() else (1, p.casefold()) for p in _DIGITS.split(group) if p)
