"""What `archive push` and `pull` say when a copy and the archive's version differ (exchange/sync.py):
pure functions from the two versions to Danish sentences."""

from __future__ import annotations

from aktorskab_cli.exchange.bundle import Bundle, changes
from aktorskab_cli.exchange.sync import Base, Remote
from aktorskab_cli.rules.commands import command


def version(remote: Remote) -> str:
    """'version 2, sendt af anne 2. april 2026 kl. 8.00'."""
    from aktorskab_cli.rules.dates import danish_datetime

    return f"version {remote.revision}, sendt af {remote.pushed_by} {danish_datetime(remote.pushed.astimezone())}"


def push_refused(session_id: int, title: str, short_id: str, case: str, base: Base | None, remote: Remote) -> str:
    """Why a meeting was not sent: the archive has a version this copy does not build on."""
    if base is None:
        why = (f"arkivet har en anden udgave ({version(remote)}), og det kan ikke ses, hvilken udgave dit møde bygger "
               "på (det er ikke sendt eller hentet, siden aktorskab begyndte at holde styr på det)")
    else:
        since = "dit møde er ikke ændret siden" if case == "behind" else "begge er ændret siden"
        why = (f"arkivet har en nyere udgave ({version(remote)}) end den, dit møde bygger på (version "
               f"{base.revision}), og {since}")
    way = ("Hent den nyere med" if case == "behind" else
           "Hent arkivets udgave først – pull siger, hvad der er ændret hvor, og hvordan du kommer videre")
    return f"Møde {session_id} {title} er ikke sendt: {why}. {way}: {command(f'archive pull {short_id}')}"


def pull_diverged(title: str, session_id: int, ref: str, remote: Remote, mine: Bundle, theirs: Bundle,
                  start: Bundle | None, base: Base | None) -> str:
    """Both the copy here and the archive's changed since they were the same (or nobody knows when that
    was): what each side changed, and the ways out."""
    if start is not None and base is not None:
        what = (f", og både din udgave og arkivets er ændret, siden de var ens (version {base.revision}). Her på "
                f"maskinen: {changes(start, mine)}. I arkivet ({version(remote)}): {changes(start, theirs)}")
    else:
        what = (f" og er anderledes end arkivets udgave ({version(remote)}), og det kan ikke ses, hvilken udgave din "
                f"bygger på. Her på maskinen i forhold til arkivet: {changes(theirs, mine)}")
    return (f"{title} findes allerede som møde {session_id}{what}. Vil du beholde dine ændringer, så gem dem "
            f"først, fx med: {command(f'export {session_id} -o min-udgave.md')}. Hent så arkivets udgave med: "
            f"{command(f'archive pull {ref} --force')} (det, der kun er her, går tabt), ret dine ændringer ind igen, "
            f"og send dem med: {command(f'archive push {session_id}')}")
