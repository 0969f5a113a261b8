"""What an id that travels between machines is: a uuid in the one form every machine writes (lower case,
with hyphens), for answers, points and meetings alike. Pure."""

from __future__ import annotations

import uuid as uuidlib


def is_uuid(value: object) -> bool:
    """True for '3f2a9c1d-0000-4000-8000-000000000000'; False for 'punkt-1', upper case, braces or no hyphens."""
    try:
        return str(uuidlib.UUID(value)) == value  # type: ignore[arg-type]
    except (ValueError, AttributeError, TypeError):
        return False
