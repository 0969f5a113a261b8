"""The projector's page and the facilitator's page, each kept live by one server-sent-event stream.

The stream only says "something changed"; the page then fetches its live part (`…/live`), the same
server-rendered, escaped HTML as on first load. The facilitator's page answers only the laptop itself
(its loopback or its own LAN address) and only under the room's secret; anything else is a bare 404.
"""

from __future__ import annotations

import asyncio
import hmac
import io
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse

from aktorskab_cli.live.followup import facilitator_choices
from aktorskab_cli.rules.numbers import parse_number
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import Store
from aktorskab_cli.web.guard import BadForm, csrf_ok, csrf_token, parse_form
from aktorskab_cli.web.limits import refusals_said
from aktorskab_cli.web.pages import render
from aktorskab_cli.web.phone import Refused, state_of
from aktorskab_cli.web.room import RoomState
from aktorskab_cli.web.vote import ranked, targets

HEARTBEAT = 15.0  # seconds between comment lines on a quiet stream
MIN_GAP = 0.5  # seconds at least between two events of one stream


def _counts(store: Store, state: RoomState, item_id: str) -> list[tuple[str, int, int]]:
    counted = rooms.group_counts(store, state.session_id, item_id)
    return [(g, *counted.get(g, (0, 0))) for g in state.groups(store)]


def _view(store: Store, state: RoomState, facilitator: bool) -> dict:
    item = state.answer_item(store)
    view: dict = {"item": item, "open": False, "counts": [], "ballot": None, "voted": 0, "results": [],
                  "answers": [], "join_url": state.join_url, "title": state.agenda.title}
    if facilitator:  # the items the facilitator may open, also while none is open (breakfast)
        view["items"] = [i for i in state.agenda.items if i.is_dialogue or i.is_followup]
        view["chosen"] = rooms.current_item(store, state.session_id)
        view["agenda_item"] = state.agenda_item(store) if view["chosen"] else item
    if item is None:
        return view
    ballot = rooms.ballot(store, state.session_id, item.id)
    view.update(open=state.is_open(store, item), counts=_counts(store, state, item.id), ballot=ballot,
                voted=rooms.voted_groups(store, state.session_id, item.id))
    if ballot is not None and (ballot.state == "revealed" or (facilitator and ballot.state == "closed")):
        view["results"] = ranked(targets(store, state, item.id, ballot.target_kind))
    if facilitator:
        if item.is_followup:  # the entries with the phones' suggestions for each
            view["followup"] = facilitator_choices(state.followup(store, item))
        view["answers"] = store.answers(state.session_id, item.id, include_hidden=True)
        view["withdrawn"] = rooms.withdrawn_count(store, state.session_id, item.id)
    return view


# projector ------------------------------------------------------------------------------------------
async def projector(request: Request) -> Response:
    state = state_of(request)
    view = await state.db(_view, state, False)
    return render(request, "projector.html", {**view, "code": state.room.join_code, "live": "projektor"})


async def projector_part(request: Request) -> Response:
    state = state_of(request)
    view = await state.db(_view, state, False)
    return render(request, "_projector_live.html", view)


async def projector_stream(request: Request) -> Response:
    state = state_of(request)
    return _stream(request, state, reserved=bool(request.client) and request.client.host in state.laptop)


async def qr_code(request: Request) -> Response:
    import segno

    state = state_of(request)
    out = io.BytesIO()
    segno.make(state.join_url, error="m").save(out, kind="svg", scale=1, border=2, xmldecl=False,
                                                 svgclass=None, lineclass=None)
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"cache-control": "max-age=3600"})


# facilitator ----------------------------------------------------------------------------------------
def facilitator_state(request: Request) -> RoomState:
    state: RoomState = request.app.state.room
    secret = request.path_params.get("secret", "")
    client = request.client.host if request.client else ""
    if client not in state.laptop or not hmac.compare_digest(secret.encode(), state.room.secret.encode()):
        raise Refused(404, "Siden findes ikke.")
    return state


async def facilitator(request: Request) -> Response:
    state = facilitator_state(request)
    view = await state.db(_view, state, True)
    context = {**view, "csrf": csrf_token(state.room.secret, "styr"), "path": state.facilitator_path,
               "code": state.room.join_code, "refused": refusals_said(state.limits.refused)}
    return render(request, "facilitator.html", context)


async def facilitator_part(request: Request) -> Response:
    state = facilitator_state(request)
    view = await state.db(_view, state, True)
    context = {**view, "csrf": csrf_token(state.room.secret, "styr"), "path": state.facilitator_path,
               "refused": refusals_said(state.limits.refused)}
    return render(request, "_facilitator_live.html", context)


async def facilitator_stream(request: Request) -> Response:
    state = facilitator_state(request)
    return _stream(request, state, reserved=True, watch=lambda: state.limits.refused.total())


def act(store: Store, state: RoomState, form: dict[str, str]) -> None:
    """One facilitator action, stored (committed) before the page is redirected."""
    action, sid = form.get("action", ""), state.session_id
    item = state.answer_item(store)
    number = parse_number(form.get("answer", ""))
    if action in ("skjul", "vis"):
        if number is None or not rooms.set_hidden(store, sid, number, action == "skjul"):
            raise Refused(400, "Svaret findes ikke.")
    elif action == "punkt":
        chosen = form.get("item") or None
        if chosen is not None and state.agenda.item(chosen) is None:
            raise Refused(400, "Punktet findes ikke.")
        rooms.set_current_item(store, sid, chosen)
    elif item is None:
        raise Refused(409, "Der er intet punkt at styre.")
    elif action in ("luk", "aabn"):
        rooms.set_closed(store, sid, item.id, action == "luk")
    elif action == "stem-aabn":
        per_group, per_target = parse_number(form.get("per_group", "3")), parse_number(form.get("per_target", "2"))
        if per_group is None or per_target is None or not 1 <= per_target <= per_group <= 20:
            raise Refused(400, "Prikker pr. gruppe skal være 1–20 og højst så mange på det samme.")
        kind = "point" if rooms.item_points(store, sid, item.id) else "answer"  # the synthesis' points first
        rooms.open_ballot(store, sid, item.id, target_kind=kind, per_group=per_group, per_target=per_target)
    elif action in ("stem-luk", "stem-vis"):
        ballot = rooms.ballot(store, sid, item.id)
        if ballot is None:
            raise Refused(409, "Der er ingen afstemning på punktet.")
        rooms.set_ballot_state(store, sid, item.id, "closed" if action == "stem-luk" else "revealed")
        if ballot.target_kind == "point":
            rooms.store_point_votes(store, sid, item.id)
    else:
        raise Refused(400, "Ukendt handling.")


async def facilitator_act(request: Request) -> Response:
    state = facilitator_state(request)
    try:
        form = parse_form(await request.body(), request.headers.get("content-type", ""))
    except BadForm:
        raise Refused(400, "Formularen kunne ikke læses.") from None
    if not csrf_ok(state.room.secret, "styr", form.get("csrf")):
        raise Refused(400, "Siden var for gammel. Genindlæs den og prøv igen.")
    await state.db(act, state, form)
    state.bump()
    return RedirectResponse(state.facilitator_path, status_code=303)


# the stream -----------------------------------------------------------------------------------------
class _Stream(StreamingResponse):
    """A live stream that gives its place back however it ends (also when it never started)."""

    def __init__(self, events, release) -> None:  # noqa: ANN001 - an async iterator, a callable
        super().__init__(events, media_type="text/event-stream",
                         headers={"cache-control": "no-store", "x-accel-buffering": "no"})
        self.release = release

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.release()


def _stream(request: Request, state: RoomState, reserved: bool,
            watch: Callable[[], object] = lambda: None) -> Response:
    """`data: N` whenever what the page shows may have changed (looked at every second, or at once when
    this server changed it); a comment line every 15 s keeps proxies and sleeping laptops honest. Ends
    when the server stops, so Ctrl-C or q is never held up by an open page.

    The facilitator's stream and the projector's on the laptop itself are `reserved`: never refused, however
    many participants opened the projector page. Others take a place (see `RoomState.take_stream`) before
    anything is awaited, so two arriving together cannot both take the last one; a page refused (503) tries
    again later, waiting longer each time (live.js). `watch()`: more that the page shows, looked at with the
    rest (the facilitator's count of refused requests)."""
    address = request.client.host if request.client else ""
    if not state.take_stream(address, reserved):
        return PlainTextResponse("For mange åbne skærme lige nu. Siden prøver igen om lidt.", status_code=503,
                                 headers={"retry-after": "5", "cache-control": "no-store"})

    async def events():  # noqa: ANN202
        yield "retry: 2000\n\n"
        clock = asyncio.get_running_loop().time
        last, sent, sent_at, written = None, 0, -MIN_GAP, clock()
        while not state.closing:
            # this server's own changes, counted as they happen, and any other connection's commit: nothing
            # is counted again per answer, however many answers the meeting holds
            version = state.version
            now = (version, await state.committed(), watch())
            if now != last:
                if (early := sent_at + MIN_GAP - clock()) > 0:
                    await asyncio.sleep(early)  # answers in a burst: one event, one fetch of the live part
                    continue
                last, sent, written = now, sent + 1, clock()
                sent_at = written if sent > 1 else -MIN_GAP  # the first says »connected«: no gap after it
                yield f"data: {sent}\n\n"
            elif clock() - written >= HEARTBEAT:
                written = clock()
                yield ": stille\n\n"
            if state.version == version:  # nothing changed here while we looked: wait for a change (or 1 s)
                await state.wait_change(1.0)

    return _Stream(events(), lambda: state.give_stream_back(address, reserved))
