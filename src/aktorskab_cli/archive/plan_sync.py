"""The programme's side of `archive push | pull` and the archive's facts for `plan status | show
--from-archive`: what travels of a programme beside its meetings (archive/programmes.py keeps it).

Push carries, for each programme the pushed meetings were held for (with --all: every programme this
laptop has used), the version used here, every status change stored here and the meetings' links. Pull
brings a meeting's link back, with its programme when this laptop has none and the programme's changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg

from aktorskab_cli.archive.programmes import (Carried, Sent, fetch_changes, fetch_links, fetch_meeting_changes,
                                              fetch_points, fetch_programme, fetch_sessions, push_programme,
                                              session_links, writable)
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.programme.report import ReportMeeting
from aktorskab_cli.programme.report_read import Facts, meeting_of, named_meetings, sources
from aktorskab_cli.programme.storage import (held_of, link_session, programme_used, put_changes, remember_programme,
                                             session_link, status_changes, stored_programme, stored_programme_keys)

if TYPE_CHECKING:
    from aktorskab_cli.programme.model import Held, Programme, StatusChange
    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Session

Echo = Callable[[str], None]


def carried(store: Store, sessions: Sequence[Session], everything: bool) -> list[Carried]:
    """What a push carries of the programmes (read inside the push's snapshot of the store)."""
    links = {s.uuid: link for s in sessions if (link := session_link(store, s.id)) is not None}
    keys = list(dict.fromkeys([*(key for key, _ in links.values()),
                               *(stored_programme_keys(store) if everything else [])]))
    out = []
    for key in keys:
        edited = edited_file(store, key)
        found = stored_programme(store, key)
        if found is None and edited is None:  # meetings linked to a programme this laptop never kept: links go
            continue
        programme, taken = edited if edited is not None else (found[0], _utc(programme_used(store, key)))
        changes = status_changes(store, key)
        out.append(Carried(programme, taken,
                           [(c, _organisation(store, c.session, programme)) for c in changes],
                           [(uuid, entry) for uuid, (k, entry) in links.items() if k == key]))
    return out


def edited_file(store: Store, key: str) -> tuple[Programme, str] | None:
    """The programme file NAME.toml in the folder the push runs from, when it was changed after this laptop
    last used the programme (HR added entries, by hand or with `plan add`): that version goes, taken when the
    file was changed. An older file (a copy lying about) never goes. A broken file: exit 2, nothing sent."""
    from aktorskab_cli.programme.document import stamp
    from aktorskab_cli.programme.loading import load_programme

    path = Path(f"{key}.toml")
    if not path.is_file():
        return None
    changed = changed_at(path)
    used = programme_used(store, key)
    if used is not None and changed <= dt.datetime.fromisoformat(used):
        return None
    return load_programme(path)[0], stamp(changed)


def changed_at(file: Path) -> dt.datetime:
    """When a programme file was last changed: how old that version of the programme is."""
    return dt.datetime.fromtimestamp(os.stat(file).st_mtime, dt.timezone.utc)


def _utc(stamp: str | None) -> str:
    """When a version was used, in UTC text: laptops in other offsets (or either side of summer time) compare."""
    from aktorskab_cli.programme.document import stamp as utc

    return utc(dt.datetime.fromisoformat(stamp)) if stamp else ""


def _organisation(store: Store, session_uuid: str | None, programme: Programme) -> str:
    """A change belongs to the organisation of the meeting it was set in, else to the programme's."""
    session = store.session_by_uuid(session_uuid) if session_uuid else None
    if session is not None:
        return session.agenda.organisation or ""
    return programme.organisation or ""


def push_carried(conn: psycopg.Connection, parts: list[Carried], pushed: set[str], echo: Echo) -> None:
    """Send each programme's part (links only of the meetings the archive now has) and say what went."""
    allowed = writable(conn, {p.organisation for p in parts} | {org for p in parts for _, org in p.changes})
    for part in parts:
        sent = push_programme(conn, dataclasses.replace(part, links=[x for x in part.links if x[0] in pushed]),
                              allowed)
        echo(_said(part, sent))


def _said(part: Carried, sent: Sent) -> str:
    changes = counted(sent.changes, "statusændring", "statusændringer")
    programme = part.programme
    said = f"Programmet »{programme.key}« ({programme.title}): {changes} sendt" + (
        ", og denne udgave af programmet" if sent.version else "") + "."
    if sent.refused:
        said += (f" {counted(sent.refused, 'statusændring', 'statusændringer')} fra organisationer, din rolle ikke må "
                 "sende for, bliver på denne maskine; spørg IT om adgang, eller lad en med adgang sende dem.")
    return said


Pulled = list[tuple[str, str, "Programme | None", list["StatusChange"]]]


def fetch_for_pull(conn: psycopg.Connection, session_uuid: str) -> Pulled:
    """(programme key, entry, the programme's newest version, its changes) for each entry the meeting was
    held for, read before anything is written here."""
    return [(key, entry, fetch_programme(conn, key), fetch_changes(conn, key))
            for key, entry in session_links(conn, session_uuid)]


def store_pulled(store: Store, session_id: int, pulled: Pulled) -> list[str]:
    """The meeting's entry, the programme when this laptop has none, and the changes it lacks; what to say."""
    said = []
    for key, entry, programme, changes in pulled:
        link_session(store, session_id, key, entry)
        if programme is not None and stored_programme(store, key) is None:
            remember_programme(store, programme, "")
        new = put_changes(store, changes)
        title = f" ({programme.title})" if programme is not None else ""
        said.append(f"Mødet er holdt for »{entry}« i programmet »{key}«{title}; "
                    f"{counted(new, 'ny statusændring', 'nye statusændringer')} hentet.")
    return said


@dataclasses.dataclass(frozen=True)
class MeetingPlans:
    """What the archive says of some meetings' places in the programmes, for their opsamling and its JSON."""

    changes: dict[str, list[StatusChange]]  # the changes set in each meeting, by its uuid
    links: dict[str, tuple[str, str]]  # (programme, entry) each meeting was held for
    programmes: dict[str, Programme | None]  # the newest version of each programme named, by key

    def plan(self, uuid: str) -> dict[str, Any] | None:
        """The meeting's `plan` as an exported record carries it (programme/document.meeting_plan)."""
        from aktorskab_cli.programme.document import meeting_plan

        return meeting_plan(self.links.get(uuid), self.changes.get(uuid, []), self.programmes)


def meeting_plans(conn: psycopg.Connection, uuids: Sequence[str], *, links: bool) -> MeetingPlans:
    """The status changes set in the meetings, (with `links`) the entries they were held for, and the
    programmes both name – what this role may see."""
    changes: dict[str, list[StatusChange]] = {}
    for change in fetch_meeting_changes(conn, uuids):
        changes.setdefault(change.session or "", []).append(change)
    held = {u: found[0] for u in uuids if (found := session_links(conn, u))} if links else {}
    keys = dict.fromkeys([*(k for k, _ in held.values()), *(c.programme for cs in changes.values() for c in cs)])
    return MeetingPlans(changes, held, {key: fetch_programme(conn, key) for key in keys})


def held_elsewhere(sessions: dict[str, tuple[Session, str]], links: Sequence[tuple[str, str]]) -> list[Held]:
    """The archive's meetings held for entries (`links`: session uuid, entry), numbered nowhere here;
    a rehearsal is never a meeting held."""
    return [dataclasses.replace(held_of(sessions[uuid][0], entry), number=None) for uuid, entry in links
            if uuid in sessions and not sessions[uuid][0].rehearsal]


def archive_facts(conn: psycopg.Connection, key: str, programme: Programme | None) -> tuple[Programme | None, Facts]:
    """The archive's programme (the newest version pushed, unless `programme` is given), its changes, the
    meetings held for it and what to say of each meeting named – every laptop's that this role may see."""
    programme = programme or fetch_programme(conn, key)
    if programme is None:
        return None, Facts()
    changes = fetch_changes(conn, key)
    links = fetch_links(conn, key)
    wanted = {uuid for uuid, _ in links} | named_meetings(programme, changes, [])
    sessions = fetch_sessions(conn, sorted(wanted))
    points = fetch_points(conn, sorted(sources(programme) & sessions.keys()))
    held = held_elsewhere(sessions, links)
    meetings: dict[str, ReportMeeting] = {uuid: meeting_of(s, org, points.get(uuid)) for uuid, (s, org) in sessions.items()}
    return programme, Facts(changes, held, meetings)
