"""What a meeting said about the year's programme, placed under its follow-up item. Pure.

Every status set in a meeting (its `StatusSet`s: the follow-up item's keys, a phone's suggestion taken, an
answers file's `[[status]]`, `plan set --session`) stands under one follow-up item (`kind = "followup"`) of
the meeting's agenda: the item whose own `plan` names the change's programme, else the first without a
`plan` of its own (it follows up the meeting's link), else the first. A meeting whose agenda has no
follow-up item has its statuses under »Opfølgning på handleplanen« after the items. An entry set twice in
one meeting shows the status it was given last, in the place it was first set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from aktorskab_cli.agenda.model import Item
from aktorskab_cli.opsamling.model import FollowupGroup, Meeting, SessionData, StatusSet
from aktorskab_cli.programme.model import FOLLOWUP_TITLE

if TYPE_CHECKING:
    from aktorskab_cli.programme.model import Programme, StatusChange

NO_ITEM = "opfoelgning-paa-handleplanen"  # the id of the section for a meeting without a followup item


def status_sets(changes: Iterable[StatusChange], programmes: Mapping[str, Programme | None]) -> tuple[StatusSet, ...]:
    """A meeting's status changes with the entries they name, as the programmes (by key) have them – this
    laptop's kept copy, or the archive's newest version."""
    out = []
    for change in changes:
        programme = programmes.get(change.programme)
        out.append(StatusSet(change, programme.entry(change.entry) if programme else None,
                             programme.title if programme else change.programme))
    return tuple(out)


def no_item() -> Item:
    """The section that holds the statuses of a meeting whose agenda has no follow-up item."""
    return Item(id=NO_ITEM, title=FOLLOWUP_TITLE, start=0, minutes=0, kind="followup")


def placed(session: SessionData) -> dict[str, list[StatusSet]]:
    """Item id -> the statuses set under it (the latest per entry); `NO_ITEM` for a meeting without one."""
    items = [i for i in session.agenda.items if i.is_followup]
    latest: dict[tuple[str, str, str], StatusSet] = {}
    for status in session.statuses:
        change = status.change
        latest[(_item_for(items, change.programme), change.programme, change.entry)] = status
    out: dict[str, list[StatusSet]] = {}
    for (item, _, _), status in latest.items():
        out.setdefault(item, []).append(status)
    return out


def _item_for(items: Sequence[Item], programme: str) -> str:
    own = next((i for i in items if i.plan and PurePath(i.plan).stem == programme), None)
    chosen = own or next((i for i in items if not i.plan), None) or (items[0] if items else None)
    return chosen.id if chosen is not None else NO_ITEM


def groups(item: Item, sessions: Sequence[SessionData], meetings: Sequence[Meeting],
           places: Sequence[dict[str, list[StatusSet]]]) -> list[FollowupGroup]:
    """The item's statuses, meeting by meeting (a combined opsamling shows each under its meeting)."""
    return [FollowupGroup(m, p[item.id]) for s, m, p in zip(sessions, meetings, places) if p.get(item.id)]
