"""The pages as HTML, made as seldom as possible: what many requests show alike is rendered once and kept
(`RoomState.keep`, bounded): each answer as a group's list shows it, an item's heading and questions, and a
group's whole page with holes for what is each phone's own (its form token, the page's one-time token, its list
of answers and their count), filled in per request. Everything else a kept page shows is in its key."""

from __future__ import annotations

import secrets

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from aktorskab_cli.agenda.model import Item
from aktorskab_cli.web.room import RoomState

# a hole in a kept page: a marker that neither an agenda nor the page's own text can hold (random per process)
HOLES = {name: f"\x00{secrets.token_hex(8)}:{name}\x00" for name in ("csrf", "once", "listed", "count")}


def render(request: Request, name: str, context: dict, status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def kept_page(request: Request, state: RoomState, name: str, key: tuple, context: dict, own: dict[str, str],
              status: int = 200) -> Response:
    """`name` for `context`, rendered once for `key` (everything in `context` that may differ between two
    requests, but for `own`) with HOLES where `own`'s values go, kept, and filled with `own`'s values now."""
    def make() -> str:
        holes = {hole: Markup(HOLES[hole]) for hole in own}
        return request.app.state.templates.get_template(name).render({**context, **holes})

    html = state.keep(("page", name, *key), make)
    for hole, value in own.items():
        html = html.replace(HOLES[hole], value)
    return HTMLResponse(html, status)


def listed(request: Request, state: RoomState, view: dict) -> Markup:
    """The group's answers as its page lists them (`_answer.html`), each rendered once (and once more for the
    phone that may change it) and then kept: a page joins the kept pieces."""
    if not view.get("answers"):
        return Markup("")
    answer = request.app.state.templates.get_template("_answer.html").module.answer
    multi, code = len(view["item"].questions) > 1, state.room.join_code
    parts = []
    for a in view["answers"]:
        own = view["open"] and a.id in view["mine"]
        parts.append(state.keep(("answer", a.id, a.text, a.question, multi, own), lambda: answer(a, multi, own, code)))
    return Markup("".join(parts))


def item_parts(request: Request, state: RoomState, item: Item | None, question: int | None) -> dict[str, Markup]:
    """The item's heading and questions, and the form's choice of question with `question` chosen, as a phone's
    page shows them (`_item.html`): the same for every phone, so each is rendered once and kept."""
    if item is None:
        return {}
    macros = request.app.state.templates.get_template("_item.html").module
    return {"heading": state.keep(("heading", item.id), lambda: macros.heading(item)),
            "choices": state.keep(("choices", item.id, question), lambda: macros.choices(item, question))}
