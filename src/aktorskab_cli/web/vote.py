"""Dot-voting from the phones: each group has N dots, at most M on one target, changeable while the vote is open.

The targets are the synthesis' points of the item when there are any, else the item's shown answers;
the list keeps one fixed order (by id) while the vote is open, and totals stay hidden until revealed.
"""

from __future__ import annotations

from typing import NamedTuple

from starlette.requests import Request
from starlette.responses import Response

from aktorskab_cli.rules.numbers import counted, parse_number
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import Store
from aktorskab_cli.web.pages import render
from aktorskab_cli.web.phone import Phone, Refused
from aktorskab_cli.web.room import RoomState


class Target(NamedTuple):
    id: int
    text: str
    votes: int = 0


def targets(store: Store, state: RoomState, item_id: str, kind: str) -> list[Target]:
    """What can be voted on, in its fixed order, with the totals (shown only once revealed)."""
    totals = rooms.vote_totals(store, state.session_id, item_id)
    if kind == "point":
        return [Target(pid, text, totals.get(pid, 0)) for pid, text in rooms.item_points(store, state.session_id, item_id)]
    return [Target(a.id, a.text, totals.get(a.id, 0)) for a in store.answers(state.session_id, item_id)]


def ranked(found: list[Target]) -> list[Target]:
    """Most dots first; equal ones keep their order. Zero-dot targets stay in the list."""
    return sorted(found, key=lambda t: -t.votes)


def _view(store: Store, state: RoomState, group: str) -> dict:
    if group not in state.groups(store):
        raise Refused(400, "Vælg jeres gruppe først.")
    item = state.answer_item(store)
    ballot = rooms.ballot(store, state.session_id, item.id) if item is not None else None
    if ballot is None or ballot.state != "open":
        raise Refused(409, "Der er ingen afstemning åben lige nu.")
    return {"item": item, "ballot": ballot, "targets": targets(store, state, item.id, ballot.target_kind),
            "mine": rooms.group_votes(store, state.session_id, item.id, group)}


async def page(request: Request, *, message: str = "", status: int = 200, chosen: dict | None = None) -> Response:
    phone = Phone(request)
    view = await phone.state.db(_view, phone.state, phone.group_cookie)
    context = {**view, "code": phone.code, "csrf": phone.csrf, "group": phone.group_cookie, "message": message,
               "title": phone.state.agenda.title}
    if chosen is not None:
        context["mine"] = chosen
    return phone.finish(render(request, "vote.html", context, status))


def chosen_dots(form: dict[str, str]) -> dict[int, int] | None:
    """The dots a vote form gives each target (fields t<id> = <dots>); None when one of them is not a number."""
    dots: dict[int, int] = {}
    for key, value in form.items():
        if key.startswith("t"):
            target, count = parse_number(key[1:]), parse_number(value)
            if target is None or count is None:
                return None
            dots[target] = count
    return dots


def _cast(store: Store, state: RoomState, group: str, form: dict[str, str]) -> None:
    view = _view(store, state, group)
    ballot = view["ballot"]
    known = {t.id for t in view["targets"]}
    dots = chosen_dots(form)
    if dots is None or not dots.keys() <= known:
        raise Refused(400, "Afstemningen kunne ikke læses. Genindlæs siden og prøv igen.")
    if any(n > ballot.per_target for n in dots.values()):
        raise Refused(400, f"Højst {counted(ballot.per_target, 'prik', 'prikker')} på det samme.")
    if sum(dots.values()) > ballot.per_group:
        raise Refused(400, f"I har {counted(ballot.per_group, 'prik', 'prikker')} i alt – I har brugt {sum(dots.values())}.")
    rooms.set_group_votes(store, state.session_id, view["item"].id, group, ballot.target_kind, dots)


async def cast(request: Request) -> Response:
    phone = Phone(request)
    form = await phone.form()
    try:
        await phone.state.db(_cast, phone.state, phone.group_cookie, form)
    except Refused as refused:
        if refused.status != 400:
            raise
        return await page(request, message=refused.message, status=400, chosen=chosen_dots(form) or {})
    phone.state.bump()
    return phone.back("stemt")
