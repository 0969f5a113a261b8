"""A room behind one address: on a hotel's or a municipality's guest Wi-Fi (NAT), or behind a reverse proxy,
every phone reaches the laptop from the same address. Such a room must work as one where each phone has its
own (that one laptop making many phones still cannot flood it is test_web_guard's), and the facilitator is
told what the limits refused. Against real uvicorn on 127.0.0.1, the room's phones all connecting from
127.0.0.2, each with its own cookies; the connections' bookkeeping (`Limits`) also on its own.
"""

from __future__ import annotations

import asyncio
import http.client
import random
import re
import signal
import socket
import sys
from collections import Counter

import pytest
from conftest import require_module

from aktorskab_cli.store.db import open_store
from aktorskab_cli.web.connections import Limits
from aktorskab_cli.web.limits import RATE, refusals_said
from serve_process import closed_by_server, quiet, serve_with_open_files
from web_helpers import LanPhone, Served, stored_session

httpx = require_module("httpx2")
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="127.0.0.2 is this machine on Linux")
NAT = "127.0.0.2"  # the one address the whole room comes from


class BrowserPhone:
    """A phone's browser behind the room's one address: its own cookies, up to six kept-alive connections to
    the laptop (as browsers keep per host), the page's style and script fetched beside the page, and the
    page's light poll every five seconds. Notes every status and every connection the server refused."""

    def __init__(self, url: str, seen: list[str]) -> None:
        self.url, self.seen, self.token = url, seen, ""
        self.origin = url.rsplit("/", 1)[0]
        self.client = httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(local_address=NAT, retries=0,
                                               limits=httpx.Limits(max_connections=6, max_keepalive_connections=6)),
            timeout=30, follow_redirects=True)

    async def send(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """One request, sent again once where a kept-alive connection was closed under it before any answer
        came, as browsers do (the server closes only idle connections to make room, so the request was never
        read). A connection the server refused, or one that fails twice, raises."""
        try:
            return await self.client.request(method, url, **kwargs)
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
            return await self.client.request(method, url, **kwargs)

    async def fetch(self, method: str, path: str, **form: str) -> str:
        try:
            if method == "GET":
                response = await self.send("GET", self.url + path)
            else:
                response = await self.send("POST", self.url + path, data={"csrf": self.token, **form},
                                           headers={"origin": self.origin})
        except httpx.TransportError as exc:  # the server closed the connection on it twice, or never took it
            self.seen.append(f"{method} {path}: {type(exc).__name__}")
            return ""
        self.seen.append(f"{method} {path}: {response.status_code}")
        if match := re.search(r'name="csrf" value="([^"]+)"', response.text):
            self.token = match[1]
        return response.text

    async def load(self, method: str, path: str, **form: str) -> str:
        """A page as a browser loads it: the page, then its style sheet and script side by side."""
        text = await self.fetch(method, path, **form)
        await asyncio.gather(*(self.static(name) for name in ("style.css", "phone.js")))
        return text

    async def static(self, name: str) -> None:
        try:
            response = await self.send("GET", f"{self.origin}/static/{name}")
        except httpx.TransportError as exc:
            self.seen.append(f"GET {name}: {type(exc).__name__}")
            return
        self.seen.append(f"GET {name}: {response.status_code}")

    async def poll(self) -> None:
        while True:
            await asyncio.sleep(5)
            await self.fetch("GET", "/status")


async def phone_in_the_room(url: str, n: int, seen: list[str], rng: random.Random) -> None:
    """Joins within the first 5 s; then twice: reloads the item, writes for a while, sends an answer."""
    phone = BrowserPhone(url, seen)
    await asyncio.sleep(rng.uniform(0, 5))
    poll = asyncio.get_running_loop().create_task(phone.poll())
    try:
        await phone.load("GET", "")
        await phone.load("POST", "/gruppe", group=f"Gruppe {n % 6 + 1}")
        for k in range(2):
            await phone.load("GET", "")
            await asyncio.sleep(rng.uniform(1, 8))
            await phone.load("POST", "/svar", text=f"telefon {n} svar {k}")
    finally:
        poll.cancel()
        await phone.client.aclose()


@pytest.fixture
def session_id() -> int:
    return stored_session(groups=6)


@pytest.mark.slow
def test_sixty_phones_behind_one_address_each_send_two_answers_within_a_minute(session_id: int) -> None:
    """The minute after »I har 5 minutter«: 60 phones on a guest network, all from one address, join,
    reload and send two answers each, keeping their connections alive as browsers do. Every answer is
    stored and no request or connection is refused. `serve` runs with its open-file limit at 300, so the
    connections' budget (200, and 100 for one address) is smaller than what the phones keep open: the
    idle ones give way to the busy."""
    proc, url = serve_with_open_files(session_id, 300)
    seen: list[str] = []
    rng = random.Random(17)

    async def room() -> None:
        await asyncio.gather(*(phone_in_the_room(url, n, seen, rng) for n in range(60)))

    try:
        # 300 s: a guard against a hang, not a time goal (the phones' own pace keeps to the minute)
        asyncio.run(asyncio.wait_for(room(), 300))
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    refused = [s for s in seen if not s.endswith(": 200")]
    assert refused == [], (len(refused), refused[:10])
    store = open_store()
    stored = sorted(a.text for a in store.answers(session_id))
    store.close()
    assert stored == sorted(f"telefon {n} svar {k}" for n in range(60) for k in range(2))
    assert quiet(err), err


# the facilitator is told --------------------------------------------------------------------------------
def test_what_the_limits_refused_is_said_in_danish_by_reason() -> None:
    assert refusals_said(Counter()) == ""
    assert refusals_said(Counter({"phone": 1})) == \
        "Afvist for at beskytte mødet: 1 svar eller rettelse, fordi én telefon sendte for hurtigt."
    assert refusals_said(Counter({"stream": 1, "address": 40, "new phone": 1, "connection": 2, "phone": 3})) == (
        "Afvist for at beskytte mødet: 3 svar eller rettelser, fordi én telefon sendte for hurtigt; "
        "40 svar eller rettelser, fordi der kom for mange fra samme netværksadresse; "
        "en ny telefon 1 gang, fordi der kom for mange på én gang fra samme netværksadresse; "
        "en forbindelse 2 gange, fordi der var for mange åbne på én gang; "
        "projektorsiden live 1 gang, fordi der var for mange åbne på én gang.")


@pytest.mark.slow  # ~1.2 s: the stream looks at the refusals' count once a second
def test_the_facilitator_page_says_what_a_limit_refused(served: Served) -> None:
    laptop = httpx.Client(timeout=10)
    page = laptop.get(served.server.facilitator_url).text
    assert "Afvist" not in page
    phone = LanPhone(served.url, NAT).join("Gruppe 1")
    statuses = [phone.send(f"svar {n}").status_code for n in range(RATE + 2)]
    assert statuses == [200] * RATE + [429, 429]
    said = "Afvist for at beskytte mødet: 2 svar eller rettelser, fordi én telefon sendte for hurtigt."
    assert f'<p class="small" id="afvist">{said}</p>' in laptop.get(served.server.facilitator_url).text
    assert said in laptop.get(served.server.facilitator_url + "/live").text

    async def told() -> bool:  # the facilitator's open page hears of the next refusal on its stream
        reader, writer = await asyncio.open_connection("127.0.0.1", served.server.port)
        writer.write(f"GET {served.server.state.facilitator_path}/stream HTTP/1.1\r\n"
                     f"Host: 127.0.0.1:{served.server.port}\r\n\r\n".encode())
        async def until(event: bytes) -> bool:  # read until the stream says `event` (False: it ended first)
            seen = b""
            while event not in seen:
                chunk = await asyncio.wait_for(reader.read(4096), 10.0)
                if not chunk:
                    return False
                seen += chunk
            return True

        try:
            assert await until(b"data: 1\n")  # the head, »retry«, and the first event: »connected«
            await asyncio.to_thread(phone.send, "ét for meget")
            return await until(b"data: 2\n")  # nothing else changes meanwhile: this is the refusal's event
        finally:
            writer.close()

    assert asyncio.run(told())
    assert "3 svar eller rettelser, fordi én telefon" in laptop.get(served.server.facilitator_url + "/live").text


@pytest.mark.slow
def test_at_an_address_cap_the_oldest_idle_connection_gives_way_and_a_busy_one_never(session_id: int) -> None:
    """With the open-file limit at 300, one address has 100 connections. 99 kept alive and idle (each has had
    its answer) and one busy (half a request): the 101st is served, and it is the oldest idle one that was
    closed for it, not the busy one and not any other."""
    proc, url = serve_with_open_files(session_id, 300)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    busy = socket.create_connection(("127.0.0.1", port), source_address=(NAT, 0))
    busy.sendall(f"GET /x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())  # the rest never comes (for 10 s)
    kept = []
    try:
        for _ in range(99):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=(NAT, 0))
            connection.request("GET", "/static/style.css")
            assert connection.getresponse().read()
            kept.append(connection)
        newest = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=(NAT, 0))
        newest.request("GET", "/static/style.css")
        assert newest.getresponse().status == 200
        for connection in kept:
            connection.sock.setblocking(False)  # a socket with a timeout would wait for its data, not peek
        closed = [closed_by_server(c.sock) for c in kept]
        assert closed == [True] + [False] * 98
        assert not closed_by_server(busy)
        newest.close()
    finally:
        for connection in kept:
            connection.close()
        busy.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert quiet(err), err


class Kept:
    """A connection as `Limits` sees it: it can be told to close for room (`reap`), and gives its place back."""

    def __init__(self, limits: Limits, address: str) -> None:
        self.limits, self.address, self.reaped = limits, address, False
        assert limits.admit(address)

    def reap(self) -> None:
        self.reaped = True
        self.limits.busy(self)
        self.limits.release(self.address)


def test_at_the_file_budget_the_oldest_idle_connection_of_any_address_gives_way() -> None:
    limits = Limits({"127.0.0.1"}, per_address=2, budget=3)
    first, second = Kept(limits, "10.0.0.2"), Kept(limits, "10.0.0.2")
    busy = Kept(limits, "10.0.0.3")
    limits.idle(first, "10.0.0.2")
    limits.idle(second, "10.0.0.2")
    newcomer = Kept(limits, "10.0.0.4")  # the budget is full: the oldest idle one, of another address, gives way
    assert (first.reaped, second.reaped, busy.reaped) == (True, False, False)
    limits.busy(second)  # a request arrives on it: no longer idle
    assert not limits.admit("10.0.0.5") and limits.refused == Counter({"connection": 1})  # all busy: refused
    assert limits.admit("127.0.0.1")  # the laptop is under no cap
    assert limits.open == Counter({"10.0.0.2": 1, "10.0.0.3": 1, "10.0.0.4": 1}) and limits.total == 3
    assert not newcomer.reaped
