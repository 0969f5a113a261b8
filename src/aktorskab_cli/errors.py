"""Errors that carry their exit code and a Danish message for the user."""

from __future__ import annotations


class AktorskabError(Exception):
    """Base error: printed to stderr as it is, then the process exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(AktorskabError):
    """The user gave us something we cannot use: a file, an argument, a name."""

    exit_code = 2


class ProblemsError(BadInput):
    """Several problems found at once in one file; each is one line `place: what to change`."""

    def __init__(self, headline: str, problems: list[str]) -> None:
        self.headline = headline
        self.problems = list(dict.fromkeys(problems))  # one problem found twice is told once
        super().__init__("\n".join([headline, *(f"  • {p}" for p in self.problems)]))


class Interrupted(AktorskabError):
    """Ctrl-C: everything typed so far is saved; the message says how to go on."""

    exit_code = 130


_OS_REASONS = {
    "ENOENT": "findes ikke",
    "EACCES": "ingen adgang",
    "EPERM": "ikke tilladt",
    "EROFS": "skrivebeskyttet",
    "ENOSPC": "disken er fuld",
    "EDQUOT": "diskkvoten er brugt op",
    "EISDIR": "er en mappe",
    "ENOTDIR": "en del af stien er ikke en mappe",
    "EEXIST": "findes allerede",
    "EBUSY": "er i brug",
    "ENAMETOOLONG": "navnet er for langt",
    "ELOOP": "genveje peger i ring",
    "EFBIG": "filen bliver større, end systemet tillader",
    "EIO": "læse- eller skrivefejl på disken",
    "EMFILE": "for mange åbne filer",
    "ENFILE": "for mange åbne filer",
    "EINVAL": "ugyldigt navn",
    "ETXTBSY": "er i brug",
    "ENXIO": "enheden findes ikke",
    "ENODEV": "enheden findes ikke",
}


def os_reason(exc: OSError) -> str:
    """Why the operating system said no, in Danish (with the system's own code when we have no word for it)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if not exc.errno:
        return str(exc)
    return _OS_REASONS.get(name) or f"systemets fejlkode {name or exc.errno}"
