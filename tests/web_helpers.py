"""Shared set-up for the web tests: a session of the temadag with its room, and a phone that joins it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx2

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import Store, open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.web.server import WebServer

FIRST_DIALOGUE = "dialog-cases"  # temadag's first dialogue item: 4 questions
PHONE = {"width": 360, "height": 740}  # the browser tests' windows
LAPTOP = {"width": 1280, "height": 720}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def press(page, name: str, role: str = "button") -> None:  # noqa: ANN001 - a Playwright page
    """Press the button (or follow the link) `name` and wait until the page it brings has loaded, for a
    step that looks at that page next without waiting on a state of its own (axe, a focus, a field). The
    new state alone is no sign: the facilitator's old page hears of a change on its stream and draws it
    before the POST's redirect commits, and Playwright's click waits for a navigation only when the
    browser's request reaches it in time, which on a busy machine it may not."""
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, html
    return match[1]


def new_session(store: Store, groups: int | None = 4, answers: list[Answer] = ()) -> int:
    agenda, text = load_agenda("temadag")
    return store.create_session(agenda, text, status="imported", groups=groups, answers=list(answers))


def stored_session(groups: int | None = 4) -> int:
    """A new meeting in the test's own database (conftest's AKTORSKAB_DB), closed again for a server of its own."""
    store = open_store()
    try:
        return new_session(store, groups)
    finally:
        store.close()


@dataclass
class Room:
    client: object  # a TestClient
    store: Store
    session_id: int
    code: str
    secret: str

    def join(self, group: str = "Gruppe 2", client=None) -> str:  # noqa: ANN001
        """Open the page, pick a group; returns the phone's CSRF token."""
        client = client or self.client
        page = client.get(f"/{self.code}")
        assert page.status_code == 200, page.text
        token = csrf_of(page.text)
        chosen = client.post(f"/{self.code}/gruppe", data={"csrf": token, "group": group})
        assert chosen.status_code == 200 and group in chosen.text
        return token

    def send(self, token: str, text: str, client=None, **extra: str):  # noqa: ANN001, ANN201
        return (client or self.client).post(f"/{self.code}/svar", data={"csrf": token, "text": text, **extra})

    def answers(self, **kw: object) -> list[Answer]:
        return self.store.answers(self.session_id, **kw)


def facilitate(room: Room, **form: str):  # noqa: ANN201
    """The facilitator's page posted with `form` (an action and its fields), with the page's CSRF token."""
    page = room.client.get(f"/styr/{room.secret}")
    assert page.status_code == 200
    return room.client.post(f"/styr/{room.secret}", data={"csrf": csrf_of(page.text), **form})


def vote(room: Room, token: str, **dots: str):  # noqa: ANN201
    """A phone's dots (t<id> = n) sent with its CSRF token."""
    return room.client.post(f"/{room.code}/stem", data={"csrf": token, **dots})


def make_room(groups: int | None = 4, laptop: set[str] | None = None):  # noqa: ANN201 - (app, Room parts)
    from aktorskab_cli.web.app import create_app
    from aktorskab_cli.web.room import RoomState

    store = open_store()
    sid = new_session(store, groups)
    room = rooms.ensure_room(store, sid)
    agenda = store.session(sid).agenda
    state = RoomState(open_store(store.path), sid, agenda, room, "http://testserver",
                      {"testclient"} if laptop is None else laptop, groups)
    return create_app(state, {"testserver"}), state, store, sid, room


class Served:
    """A meeting's room on real uvicorn (in a thread of this process), and the store to look into."""

    def __init__(self, server: WebServer, store: Store, session_id: int) -> None:
        self.server, self.store, self.session_id = server, store, session_id
        self.url = server.join_url

    def answers(self) -> list[Answer]:
        return self.store.answers(self.session_id)



class LanPhone:
    """A participant's phone on the meeting's network: its own address, its own cookies, real HTTP."""

    def __init__(self, url: str, address: str = "127.0.0.2") -> None:
        self.url = url
        self.client = httpx2.Client(transport=httpx2.HTTPTransport(local_address=address), timeout=10)
        self.token = ""

    def get(self, path: str = ""):  # noqa: ANN201
        response = self.client.get(self.url + path, follow_redirects=True)
        if 'name="csrf"' in response.text:
            self.token = csrf_of(response.text)
        return response

    def post(self, path: str, **form: str):  # noqa: ANN201
        response = self.client.post(self.url + path, data={"csrf": self.token, **form}, follow_redirects=True)
        if 'name="csrf"' in response.text:
            self.token = csrf_of(response.text)
        return response

    def join(self, group: str) -> LanPhone:
        self.get()
        assert group in self.post("/gruppe", group=group).text
        return self

    def send(self, text: str):  # noqa: ANN201
        return self.post("/svar", text=text)

    def close(self) -> None:
        self.client.close()


def problems(page, state: str, size: dict[str, int]) -> list[str]:  # noqa: ANN001
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, at `size` and at 200 % zoom
    (the same window in half the CSS pixels), and a page wider than its window (WCAG 1.4.10)."""
    from conftest import require_module

    axe_api = require_module("axe_playwright_python.sync_playwright")
    found = []
    for zoom in (1, 2):
        page.set_viewport_size({"width": size["width"] // zoom, "height": size["height"] // zoom})
        where = f"{state} at {size['width']} px" + (" and 200 %" if zoom == 2 else "")
        result = axe_api.Axe().run(page, options=WCAG_AA).response
        found += [f"{where}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}"
                  for v in result["violations"]]
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > size["width"] // zoom:
            found.append(f"{where}: the page is {wide} px wide")
    page.set_viewport_size(size)
    return found
