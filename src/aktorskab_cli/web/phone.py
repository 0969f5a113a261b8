"""The participant's page: pick a group, answer the current item, correct or withdraw, vote.

Plain forms answered by a redirect (POST → 303 → GET): no JavaScript needed and no connection kept
open. A phone is known by its `phone` cookie, never by its IP (a whole room shares one network).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import quote, unquote

from markupsafe import Markup
from starlette.requests import Request, cookie_parser
from starlette.responses import JSONResponse, PlainTextResponse, Response

from aktorskab_cli.rules.answers import MAX_PHONE_ANSWER, clean_answer_text, phone_question, phone_text_problem
from aktorskab_cli.rules.numbers import parse_number
from aktorskab_cli.live.followup import phone_choices, status_token
from aktorskab_cli.store import room as rooms
from aktorskab_cli.agenda.model import Item
from aktorskab_cli.store.db import Store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.web.guard import BadForm, csrf_token, parse_form, phone_of, same_token, signed_phone
from aktorskab_cli.web.pages import item_parts, kept_page, listed, render
from aktorskab_cli.web.room import RoomState

T = TypeVar("T")
COOKIE = {"httponly": True, "samesite": "strict", "path": "/"}
YEAR = 365 * 24 * 3600

NOTICES = {"modtaget": "Modtaget – tak! Svaret er gemt.", "rettet": "Rettet – ændringen er gemt.",
           "trukket": "Svaret er trukket tilbage.", "fortrudt": "Svaret er tilbage.",
           "forslag": "Tak – jeres forslag er sendt. Ordstyreren bestemmer.",
           "stemt": "Jeres prikker er gemt. I kan flytte dem, "
           "så længe afstemningen er åben."}


class Refused(Exception):
    """A request the page answers with a Danish message and a status, storing nothing."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def state_of(request: Request) -> RoomState:
    state: RoomState = request.app.state.room
    code = request.path_params.get("code", "")
    if not hmac.compare_digest(code.encode(), state.room.join_code.encode()):
        raise Refused(404, "Siden findes ikke.")
    return state


def check_text(text: str) -> None:
    """Refused (400) when a phone's cleaned text cannot be stored: the answers' own rule for a phone."""
    if (problem := phone_text_problem(text)) is not None:
        raise Refused(400, problem)


class Phone:
    """One request from a phone: its cookie, its group, and the room's state."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.state = state_of(request)
        header = request.headers.get("cookie", "")
        known, self.group_cookie, csrf = self.state.keep(("cookie", header), lambda: read_cookies(self.state, header))
        self.new = known is None  # no cookie, or one the server did not sign: a new phone
        self.id = secrets.token_urlsafe(16) if known is None else known
        self.csrf = csrf or csrf_token(self.state.room.secret, self.id)  # the token every form of this phone carries
        self.address = request.client.host if request.client else ""
        if self.new and request.method in ("GET", "HEAD") and not self.state.limits.new_phone(self.address):
            raise Refused(429, "Der kommer mange nye telefoner fra det samme netværk lige nu. "
                               "Vent et halvt minut, og genindlæs så siden.")

    @property
    def code(self) -> str:
        return self.state.room.join_code

    async def form(self) -> dict[str, str]:
        """The posted form, once its CSRF token matched this phone's cookie."""
        try:
            form = parse_form(await self.request.body(), self.request.headers.get("content-type", ""))
        except BadForm:
            raise Refused(400, "Formularen kunne ikke læses (teksten skal være UTF-8). Gå tilbage og prøv igen.") \
                from None
        if self.new or not same_token(self.csrf, form.get("csrf")):
            raise Refused(400, "Siden var for gammel. Gå tilbage, genindlæs siden og send igen.")
        return form

    def finish(self, response: Response) -> Response:
        if self.new:
            response.set_cookie("phone", signed_phone(self.state.room.secret, self.id), max_age=YEAR, **COOKIE)
        response.headers["cache-control"] = "no-store"
        return response

    def count_change(self) -> None:
        """Count one change (an answer sent, corrected, withdrawn or brought back) against this phone and
        its address; Refused (429) past the limit."""
        if not self.state.limits.change(self.id, self.address):
            raise Refused(429, "I sender meget hurtigt. Vent et øjeblik, og send så igen.")

    async def once(self, form: dict[str, str], work: Callable[[], Awaitable[T]]) -> T:
        """`work()` once for this form (its one-time `once` field): sent twice, it stores once."""
        token = form.get("once", "")
        return await self.state.once(self.id, f"{self.request.scope['path']} {form.get('action', '')} {token}"
                                     if token else "", work)

    def back(self, notice: str | None = None, path: str = "", question: str = "", undo: int | None = None) -> Response:
        """303 to the page; `question` (the one just answered) stays chosen in the form; `undo`: the
        withdrawal the page offers to undo (»Fortryd«)."""
        number = chosen(question)
        query = "&".join(([f"ok={notice}"] if notice else []) + ([f"q={number}"] if number else [])
                         + ([f"fortryd={undo}"] if undo else []))
        target = f"/{self.code}{path}" + (f"?{query}" if query else "")  # the join code, words and numbers
        return self.finish(Response(status_code=303, headers={"location": target}))


def read_cookies(state: RoomState, header: str) -> tuple[str | None, str, str | None]:
    """A phone's Cookie header as read: (its phone id, when the server signed it, else None; the group it chose;
    the CSRF token of its forms): the same header every request, so read once (`RoomState.keep`)."""
    cookies = cookie_parser(header)
    known = phone_of(state.room.secret, cookies.get("phone", ""))
    return known, unquote(cookies.get("group", "")), None if known is None else csrf_token(state.room.secret, known)


def _view(store: Store, state: RoomState, group: str, phone: str) -> dict:
    """What the phone page shows for `group` (read in one go on the store's thread); `mine`: the ids of
    the answers this phone sent, the only ones it may correct or withdraw."""
    groups = state.groups(store)
    if group not in groups:
        return {"groups": groups, "group": None}
    return {"groups": groups, **_group_view(store, state, group, phone, state.answer_item(store))}


def _quick_view(reader: Store, state: RoomState, group: str, phone: str) -> dict | None:
    """`_view` on the room's reading connection (`RoomState.read`), or None when it needs the store's thread:
    for a group that is not surely on the list (the list is read there), and for a followup item (its
    programme and entries live on the store's connection). The page of a group shows no group list."""
    if not state.surely_listed(group):
        return None
    item = state.answer_item(reader)
    if item is not None and item.is_followup:
        return None
    return _group_view(reader, state, group, phone, item)


def _group_view(store: Store, state: RoomState, group: str, phone: str, item: Item | None) -> dict:
    context = {"group": group, "item": item, "open": False, "answers": [], "ballot": None, "mine": set()}
    if item is not None:
        context["open"] = state.is_open(store, item)
        context["answers"] = rooms.group_phone_answers(store, state.session_id, item.id, group)
        context["mine"] = {a.id for a in context["answers"] if a.phone == phone}
        ballot = rooms.ballot(store, state.session_id, item.id)
        context["ballot"] = ballot if ballot and ballot.state == "open" else None
        if context["ballot"]:  # the button says whether the group has given its dots already
            context["dots"] = sum(rooms.group_votes(store, state.session_id, item.id, group).values())
        context["followup"] = phone_choices(state.followup(store, item)) if item.is_followup else None
    return context


def chosen(question: str) -> int | None:
    """The question a form or the page's address names (»2«), or None for »Alle spørgsmål« and anything else."""
    number = parse_number(question)
    return number if number else None


async def page(request: Request, *, message: str = "", status: int = 200, text: str = "",
               question: str | None = None) -> Response:
    phone = Phone(request)
    view = phone.state.read(_quick_view, phone.state, phone.group_cookie, phone.id) or \
        await phone.state.db(_view, phone.state, phone.group_cookie, phone.id)
    notice = NOTICES.get(request.query_params.get("ok", ""), "")
    question = chosen(request.query_params.get("q", "") if question is None else question)
    undo = parse_number(request.query_params.get("fortryd", "")) if notice == NOTICES["trukket"] else None
    context = {"group": view["group"], "code": phone.code, "notice": notice, "message": message, "text": text,
               "max_answer": MAX_PHONE_ANSWER, "title": phone.state.agenda.title, "question": question, "undo": undo}
    own = {"csrf": phone.csrf, "once": secrets.token_urlsafe(12)}  # the form token; a one-time token for each form
    if not view["group"]:
        key = (tuple(view["groups"]), message)
        return phone.finish(kept_page(request, phone.state, "join.html", key, {**context, "groups": view["groups"]},
                                      {"csrf": own["csrf"]}, status))
    item, ballot, answers = view["item"], view["ballot"], view["answers"]
    context.update(item=item, open=view["open"], ballot=ballot, dots=view.get("dots"), followup=view.get("followup"),
                   answered=bool(answers), **item_parts(request, phone.state, item, question))
    own.update(listed=listed(request, phone.state, view), count=str(len(answers)))
    if message or text or undo or context["followup"]:  # once in a while: rendered whole
        return phone.finish(render(request, "phone.html", {**context, **own}, status))
    key = (view["group"], item.id if item else None, view["open"], ballot.state if ballot else None,
           context["dots"], notice, question, bool(answers))
    return phone.finish(kept_page(request, phone.state, "phone.html", key, context, own, status))


async def choose_group(request: Request) -> Response:
    phone = Phone(request)
    form = await phone.form()
    group = form.get("group", "")
    if not phone.state.surely_listed(group) and group not in await phone.state.db(phone.state.groups):
        raise Refused(400, "Vælg en af grupperne på listen.")
    response = phone.back()
    response.set_cookie("group", quote(group), max_age=YEAR, **COOKIE)
    return response


async def leave_group(request: Request) -> Response:
    phone = Phone(request)
    await phone.form()
    response = phone.back()
    response.delete_cookie("group", path="/", httponly=True, samesite="strict")
    return response


SWITCHED = ("Ordstyreren har skiftet punkt, mens I skrev, så svaret er ikke sendt. Det står i feltet herunder: "
            "send det igen, hvis det passer til det nye punkt.")


def _store_answer(store: Store, state: RoomState, group: str, text: str, question: str, phone: str,
                  shown: str = "") -> None:
    """`shown` is the item the phone's form was for (empty from a page older than the field): an answer written
    for an item the facilitator has since left is refused, not filed under the next with its question number."""
    if not state.surely_listed(group) and group not in state.groups(store):
        raise Refused(400, "Vælg jeres gruppe først.")
    item = state.answer_item(store)
    if item is None or not state.is_open(store, item):
        raise Refused(409, "Der er lukket for svar lige nu.")
    if shown and shown != item.id:
        raise Refused(409, SWITCHED)
    try:
        number = phone_question(question, len(item.questions))
    except ValueError as exc:
        raise Refused(400, str(exc)) from None
    store.add_answer(state.session_id, Answer(item.id, group, text, number, None, phone=phone))  # committed


async def send_answer(request: Request) -> Response:
    phone = Phone(request)
    form = await phone.form()
    text = clean_answer_text(form.get("text", ""))

    async def store() -> str:
        check_text(text)
        phone.count_change()
        await phone.state.write(_store_answer, phone.state, phone.group_cookie, text, form.get("question", ""), phone.id,
                                form.get("item", ""))
        phone.state.bump()
        return "modtaget"

    try:
        notice = await phone.once(form, store)
    except Refused as refused:
        if refused.status == 429:
            response = await page(request, message=refused.message, status=429, text=text,
                                  question=form.get("question", ""))
            response.headers["retry-after"] = "60"
            return response
        return await page(request, message=refused.message, status=refused.status, text=text,
                          question="" if refused.message == SWITCHED else form.get("question", ""))
    return phone.back(notice, question=form.get("question", ""))  # only now: the answer is on disk


def _own_answer(store: Store, state: RoomState, phone: str, answer_id: int) -> Answer:
    """One of the answers this phone sent to the open item, or Refused. The phone's group does not
    matter: a phone that switches to another group gets no power over that group's answers."""
    item = state.answer_item(store)
    found = rooms.phone_answer(store, state.session_id, answer_id, phone)
    if found is None:
        raise Refused(404, "Svaret findes ikke: det er trukket tilbage, eller det er ikke jeres.")
    if item is None or found.item_id != item.id or not state.is_open(store, item):
        raise Refused(409, "Punktet er lukket for svar; svaret kan ikke længere ændres.")
    return found


def _edit_context(phone: Phone, answer: Answer, message: str = "", text: str | None = None) -> dict:
    """The correction page: the answer, and the item and question it was for (so the group knows which)."""
    item = phone.state.agenda.item(answer.item_id)
    asked = item.questions[answer.question - 1] if item and answer.question and len(item.questions) > 1 else ""
    return {"code": phone.code, "csrf": phone.csrf, "answer": answer, "group": answer.group, "item": item,
            "asked": asked, "max_answer": MAX_PHONE_ANSWER, "message": message, "title": phone.state.agenda.title,
            "once": secrets.token_urlsafe(12), **({"text": text} if text is not None else {})}


async def edit_page(request: Request) -> Response:
    phone = Phone(request)
    answer = await phone.state.db(_own_answer, phone.state, phone.id, request.path_params["answer"])
    return phone.finish(render(request, "edit.html", _edit_context(phone, answer)))


def _change(store: Store, state: RoomState, phone: str, answer_id: int, text: str | None,
            question: str | None = None) -> int | None:
    """Correct the answer (`text`, and the `question` chosen, when the form had the field) or withdraw it
    (None): then the withdrawal's id, to undo it by."""
    found = _own_answer(store, state, phone, answer_id)
    if text is None:
        return rooms.withdraw_answer(store, state.session_id, found)
    number = found.question
    if question is not None and (item := state.agenda.item(found.item_id)) is not None:
        try:
            number = phone_question(question, len(item.questions))
        except ValueError as exc:
            raise Refused(400, str(exc)) from None
    store.edit_answer(found.id, text=text, category=found.category, question=number)
    return None


async def change_answer(request: Request) -> Response:
    phone = Phone(request)
    form = await phone.form()
    answer_id = request.path_params["answer"]
    withdraw = form.get("action") == "slet"
    text = None if withdraw else clean_answer_text(form.get("text", ""))

    async def change() -> int | None:
        if text is not None:
            check_text(text)
        phone.count_change()
        withdrawal = await phone.state.db(_change, phone.state, phone.id, answer_id, text, form.get("question"))
        phone.state.bump()
        return withdrawal

    try:
        withdrawal = await phone.once(form, change)
    except Refused as refused:
        if refused.status != 400 or text is None:
            raise
        answer = await phone.state.db(_own_answer, phone.state, phone.id, answer_id)
        return phone.finish(render(request, "edit.html", _edit_context(phone, answer, refused.message, text), 400))
    return phone.back("trukket" if withdraw else "rettet", undo=withdrawal)


def _bring_back(store: Store, state: RoomState, phone: str, withdrawal: int) -> None:
    item = state.answer_item(store)
    if item is None or not state.is_open(store, item) or \
            rooms.bring_back(store, state.session_id, withdrawal, phone, item.id) is None:
        raise Refused(409, f"Svaret kan ikke længere hentes tilbage: det kan kun fortrydes i "
                           f"{rooms.UNDO_SECONDS // 60} minutter, og mens punktet er åbent for svar.")


async def undo(request: Request) -> Response:
    """»Fortryd«: the answer this phone just withdrew comes back (within UNDO_SECONDS, the item still open)."""
    phone = Phone(request)
    form = await phone.form()

    async def bring_back() -> str:
        phone.count_change()
        await phone.state.db(_bring_back, phone.state, phone.id, request.path_params["withdrawal"])
        phone.state.bump()
        return "fortrudt"

    return phone.back(await phone.once(form, bring_back))


def _status(store: Store, state: RoomState, quick: bool = False) -> dict | None:
    """What the poll compares; `quick` (on the room's reading connection, `RoomState.read`): None for a followup
    item, whose entries live on the store's connection."""
    item = state.answer_item(store)
    if item is None:
        return {"item": None}
    if quick and item.is_followup:
        return None
    ballot = rooms.ballot(store, state.session_id, item.id)
    status = {"item": item.id, "open": state.is_open(store, item), "vote": ballot.state if ballot else None}
    if item.is_followup:  # the entries' »nu: …« on the page
        status["statuses"] = status_token(state.followup(store, item))
    return status


async def status(request: Request) -> Response:
    """What the page's light poll compares with what it shows: it reloads only when this changes. Every phone
    asks every 5 s (200 phones: 40 a second), so it is read here on the loop, as a page is, without a hop to
    the store's thread but for a followup item."""
    state = state_of(request)
    found = state.read(_status, state, True) or await state.db(_status, state)
    return JSONResponse(found, headers={"cache-control": "no-store"})


async def refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    try:
        code = request.app.state.room.room.join_code if state_of(request) else ""
    except Refused:
        code = ""
    if exc.status == 404 and not code:  # a wrong join code learns nothing more
        return PlainTextResponse("Siden findes ikke.", status_code=404)
    title = request.app.state.room.agenda.title if code else "aktorskab"  # the meeting's, on its own pages
    context = {"message": exc.message, "code": code, "title": title}
    response = render(request, "message.html", context, exc.status)
    if exc.status == 429:  # a limit: the browser (and the phone's owner) may try again in a while
        response.headers["retry-after"] = "30"
    return response
