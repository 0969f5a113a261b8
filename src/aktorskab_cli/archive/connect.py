"""Where the archive is and how to reach it: the connection string, one connection, Danish errors.

The connection comes from `--archive` or AKTORSKAB_ARCHIVE; libpq fills in the rest from its own PG*
variables and ~/.pgpass. A password is never printed: every message names the server without it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg.conninfo import conninfo_to_dict

from aktorskab_cli.errors import AktorskabError, BadInput

# psycopg logs what it ignores while it cleans up after a lost connection (»error ignored terminating
# <psycopg.Pipeline [BAD]…>«); with no logging set up, Python prints that to stderr after our Danish message.
# The error itself reaches `translate`; the log line is for developers who ask for it.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False

ENV = "AKTORSKAB_ARCHIVE"
APPLICATION = "aktorskab"
_LIBPQ_ENV = ("PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE")
UNTOUCHED = "Intet er ændret i din lokale database"


class ArchiveError(AktorskabError):
    """The archive could not be reached or refused: exit 1, the local store untouched."""


def conninfo(explicit: str | None) -> str:
    """The connection string to use; libpq's own variables alone are enough too."""
    text = explicit if explicit is not None else os.environ.get(ENV)
    if text is None:
        if any(os.environ.get(v) for v in _LIBPQ_ENV):
            return ""
        raise BadInput(f"Angiv arkivet med --archive postgresql://bruger@server/database eller miljøvariablen {ENV}")
    try:
        params = conninfo_to_dict(text)
    except psycopg.ProgrammingError:
        raise BadInput("Arkivets adresse kan ikke læses; skriv den som postgresql://bruger@server:5432/database") \
            from None
    problems = [p for key, value in params.items() if (p := _value_problem(key, str(value)))]
    if problems:
        raise BadInput("Arkivets adresse: " + "; ".join(problems))
    return text


_CHOICES = {  # libpq's settings that take one of a few words (its own message would say »connection is bad«)
    "sslmode": ("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
    "gssencmode": ("disable", "prefer", "require"),
    "channel_binding": ("disable", "prefer", "require"),
    "target_session_attrs": ("any", "read-write", "read-only", "primary", "standby", "prefer-standby"),
    "load_balance_hosts": ("disable", "random"),
}
_WHOLE = ("connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
          "tcp_user_timeout")


def _value_problem(key: str, value: str) -> str | None:
    """What is wrong with one setting of the address, in Danish, or None."""
    if key in _CHOICES and value not in _CHOICES[key]:
        return f"{key} »{value}« kendes ikke; brug en af: {', '.join(_CHOICES[key])}"
    whole = lambda part: part.isascii() and part.isdigit()  # noqa: E731 - »²« passes str.isdigit()
    if key in _WHOLE and not whole(value.lstrip("-")):
        return f"{key} »{value}« skal være et helt tal"
    if key == "port" and not all(whole(part) and 0 < int(part) < 65536 for part in value.split(",")):
        return f"porten »{value}« skal være et tal fra 1 til 65535"
    return None


def describe(info: str) -> str:
    """'anne@db.kommune.dk:5432/aktorskab' — the server as a message may name it (never the password)."""
    params = conninfo_to_dict(info)
    user = params.get("user") or os.environ.get("PGUSER") or ""
    host = params.get("host") or params.get("hostaddr") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    dbname = params.get("dbname") or os.environ.get("PGDATABASE") or user
    return f"{user + '@' if user else ''}{host}:{port}/{dbname}"


@contextmanager
def connect(info: str, kind: str = "read") -> Iterator[psycopg.Connection]:
    """One connection to the archive; any failure on the way becomes an ArchiveError in Danish, worded
    for the `kind` of command (see `translate`)."""
    where = describe(info)
    extra: dict[str, object] = {"application_name": APPLICATION}
    if "connect_timeout" not in conninfo_to_dict(info) and not os.environ.get("PGCONNECT_TIMEOUT"):
        extra["connect_timeout"] = 10
    try:
        conn = psycopg.connect(info, autocommit=True, **extra)
    except psycopg.Error as exc:
        raise translate(exc, where, info, kind) from None
    try:
        yield conn
    except psycopg.Error as exc:
        raise translate(exc, where, info, kind) from None
    finally:
        conn.close()


def translate(exc: psycopg.Error, where: str, info: str = "", kind: str = "read") -> ArchiveError:
    """What to tell the user when the archive says no or goes away. `kind`: 'push' (sends; the local
    store only read), 'pull' (writes the local store only after the archive answered) or 'read' (list,
    init, combine --from-archive: the local store plays no part, so the message does not mention it)."""
    text = _without_password(str(exc), info)
    lowered = text.lower()
    untouched = f" {UNTOUCHED}." if kind != "read" else ""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege) or "permission denied" in lowered:
        return ArchiveError(f"Arkivet {where} afviste handlingen: din rolle har ikke adgang til det. "
                            f"Spørg IT om adgang (se README, »Fælles arkiv«).{untouched}")
    if "password authentication failed" in lowered or "no password supplied" in lowered \
            or "authentication failed" in lowered:
        return ArchiveError(f"Arkivet {where} afviste login: forkert eller manglende adgangskode. Brug ~/.pgpass "
                            f"eller PGPASSWORD (se README, »Fælles arkiv«).{untouched}")
    if "database" in lowered and "does not exist" in lowered:
        return ArchiveError(f"Databasen i {where} findes ikke på serveren; tjek adressen.{untouched}")
    if "role" in lowered and "does not exist" in lowered:
        return ArchiveError(f"Brugeren i {where} findes ikke på serveren; tjek adressen.{untouched}")
    if isinstance(exc, psycopg.OperationalError):
        if getattr(exc, "sqlstate", None) is None and ("connection to server" in lowered
                                                        or "could not translate host" in lowered
                                                        or "timeout expired" in lowered):
            return ArchiveError(f"Arkivet {where} kan ikke nås: serveren svarer ikke. "
                                + _retry(kind, "prøv igen senere med samme kommando."))
        sent = "; det, der var på vej, er ikke gemt i arkivet." if kind == "push" else "."
        return ArchiveError(f"Forbindelsen til arkivet {where} blev afbrudt undervejs{sent} "
                            + _retry(kind, "prøv igen med samme kommando."))
    return ArchiveError(f"Arkivet {where} kan ikke bruges: {text.strip()}.{untouched}")


def _retry(kind: str, advice: str) -> str:
    return f"{UNTOUCHED}; {advice}" if kind != "read" else advice[0].upper() + advice[1:]


def _without_password(text: str, info: str) -> str:
    try:
        password = conninfo_to_dict(info).get("password") if info else None
    except psycopg.Error:
        password = None
    password = password or os.environ.get("PGPASSWORD")
    return text.replace(password, "****") if password else text
