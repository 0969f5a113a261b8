"""The Starlette app of one session's room: routes as a list, one template per page, state in `app.state`.

    /{code}                      the participant's page (GET), and its forms:
    /{code}/gruppe, /skift       pick or change the group (a cookie)
    /{code}/svar                 send an answer (POST → 303 → "Modtaget")
    /{code}/svar/{id}            correct or withdraw one of the answers this phone sent
    /{code}/fortryd/{id}         bring a withdrawn answer back (»Fortryd«, for a short while)
    /{code}/stem                 dot-voting
    /{code}/forslag              status suggestions during a followup item (POST → 303)
    /{code}/status               what the page's light poll compares (JSON)
    /{code}/projektor            the projector: join URL, QR, counts per group; /live and /stream
    /{code}/qr.svg               the QR code of the join URL
    /styr/{secret}               the facilitator's page (only from the laptop itself); /live and /stream
    /static/…                    style.css and the two small scripts

A wrong or missing join code or secret is a bare 404 that tells nothing about what exists.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from aktorskab_cli.rules.numbers import counted, danish_number
from aktorskab_cli.web import followup, live, phone, vote
from aktorskab_cli.web.guard import Guard
from aktorskab_cli.web.room import RoomState

HERE = Path(__file__).parent


async def not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("Siden findes ikke.", status_code=404)


async def server_error(request: Request, exc: Exception) -> Response:
    # no traceback, no request body: an answer's text never reaches a log or the screen
    return PlainTextResponse("Der skete en fejl på ordstyrerens computer. Prøv igen.", status_code=500)


ROUTES = [
    Route("/{code}", phone.page, methods=["GET"]),
    Route("/{code}/gruppe", phone.choose_group, methods=["POST"]),
    Route("/{code}/skift", phone.leave_group, methods=["POST"]),
    Route("/{code}/svar", phone.send_answer, methods=["POST"]),
    Route("/{code}/svar/{answer:int}", phone.edit_page, methods=["GET"]),
    Route("/{code}/svar/{answer:int}", phone.change_answer, methods=["POST"]),
    Route("/{code}/fortryd/{withdrawal:int}", phone.undo, methods=["POST"]),
    Route("/{code}/status", phone.status, methods=["GET"]),
    Route("/{code}/forslag", followup.suggest, methods=["POST"]),
    Route("/{code}/stem", vote.page, methods=["GET"]),
    Route("/{code}/stem", vote.cast, methods=["POST"]),
    Route("/{code}/projektor", live.projector, methods=["GET"]),
    Route("/{code}/projektor/live", live.projector_part, methods=["GET"]),
    Route("/{code}/projektor/stream", live.projector_stream, methods=["GET"]),
    Route("/{code}/qr.svg", live.qr_code, methods=["GET"]),
    Route("/styr/{secret}", live.facilitator, methods=["GET"]),
    Route("/styr/{secret}", live.facilitator_act, methods=["POST"]),
    Route("/styr/{secret}/live", live.facilitator_part, methods=["GET"]),
    Route("/styr/{secret}/stream", live.facilitator_stream, methods=["GET"]),
    Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
]


@cache
def templates() -> Jinja2Templates:
    """The pages, compiled once a process (the package's own files, never changed while it runs): now, not by
    the first 200 phones at once, and not again by every room a process serves (the tests serve hundreds)."""
    pages = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
    pages.env.auto_reload = False  # no stat() per page
    pages.env.globals.update(counted=counted, danish_number=danish_number)  # the rules' words
    for page in (HERE / "templates").glob("*.html"):
        pages.get_template(page.name)
    return pages


def create_app(state: RoomState, allowed_hosts: set[str]) -> Guard:
    """The room's app behind Starlette's TrustedHostMiddleware (`allowed_hosts`: the laptop's own names,
    without the port) and the guard that checks Origin and body size on every request."""
    app = Starlette(routes=ROUTES, exception_handlers={
        404: not_found, 405: not_found, phone.Refused: phone.refused, Exception: server_error})
    app.state.room = state
    app.state.templates = templates()
    return Guard(TrustedHostMiddleware(app, allowed_hosts=sorted(allowed_hosts), www_redirect=False))
