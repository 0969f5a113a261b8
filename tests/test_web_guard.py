"""One participant cannot spoil the room: each check against real uvicorn on 127.0.0.1.

A participant on the meeting's network is another address than the laptop's: the whole of 127.0.0.0/8 is
this machine, so a phone here connects from 127.0.0.2, 127.0.0.3, … to the server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require_program

from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import Store, open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.web.server import WebServer, bind, start_room
from web_helpers import csrf_of, new_session

httpx = pytest.importorskip("httpx2")
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="127.0.0.2 and /proc are Linux's")
COMMAND = str(Path(sys.executable).with_name("aktorskab"))


class Served:
    """A meeting's room on real uvicorn (in a thread of this process), and the store to look into."""

    def __init__(self, server: WebServer, store: Store, session_id: int) -> None:
        self.server, self.store, self.session_id = server, store, session_id
        self.url = server.join_url

    def answers(self) -> list[Answer]:
        return self.store.answers(self.session_id)


@pytest.fixture
def served() -> Iterator[Served]:
    store = open_store()
    sid = new_session(store, groups=6)
    server = start_room(store.path, sid, host="127.0.0.1", port=0)
    try:
        yield Served(server, store, sid)
    finally:
        server.stop()
        store.close()


class Phone:
    """A participant's phone on the meeting's network: its own address, its own cookies, real HTTP."""

    def __init__(self, url: str, address: str = "127.0.0.2") -> None:
        self.url = url
        self.client = httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)
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

    def join(self, group: str) -> Phone:
        self.get()
        assert group in self.post("/gruppe", group=group).text
        return self

    def send(self, text: str):  # noqa: ANN201
        return self.post("/svar", text=text)

    def close(self) -> None:
        self.client.close()


def test_a_phone_corrects_and_withdraws_only_the_answers_it_sent(served: Served) -> None:
    author = Phone(served.url, "127.0.0.2").join("Gruppe 5")
    for n in range(3):
        assert "Modtaget" in author.send(f"Gruppe 5s svar {n}").text
    ids = [a.id for a in served.answers()]
    other = Phone(served.url, "127.0.0.3").join("Gruppe 1")
    other.post("/skift")
    page = other.join("Gruppe 5").get().text
    assert "Gruppe 5s svar 0" in page  # the group's list is shown to every phone of the group …
    assert "/svar/" not in page  # … but only the author may change an answer
    for answer_id in ids:
        assert other.get(f"/svar/{answer_id}").status_code == 404
        assert other.post(f"/svar/{answer_id}", action="slet").status_code == 404
        assert other.post(f"/svar/{answer_id}", action="ret", text="overskrevet").status_code == 404
    assert [a.text for a in served.answers()] == [f"Gruppe 5s svar {n}" for n in range(3)]
    assert "Rettet" in author.post(f"/svar/{ids[0]}", action="ret", text="rettet af forfatteren").text
    assert "trukket tilbage" in author.post(f"/svar/{ids[1]}", action="slet").text
    assert [a.text for a in served.answers()] == ["rettet af forfatteren", "Gruppe 5s svar 2"]


def test_a_phone_id_is_issued_and_signed_by_the_server(served: Served) -> None:
    minted = "A" * 22
    phone = Phone(served.url)
    phone.client.cookies.set("phone", minted, domain="127.0.0.1")
    page = phone.get()
    issued = phone.client.cookies.get("phone")
    assert issued and issued != minted and re.fullmatch(r"[A-Za-z0-9_-]{22}\.[0-9a-f]{32}", issued)
    phone.join("Gruppe 1")
    assert "Modtaget" in phone.send("et svar").text
    [stored] = served.answers()
    assert stored.phone == issued.split(".")[0] != minted
    assert page.status_code == 200


@pytest.mark.slow
def test_fresh_phones_from_one_address_share_its_limit(served: Served) -> None:
    """Dropping the cookie makes a new phone, not a new address: 25 phones × 3 answers from one address
    store 60 (the address' limit a minute), the rest are told to wait."""
    statuses = []
    for n in range(25):
        phone = Phone(served.url, "127.0.0.4").join("Gruppe 2")
        statuses += [phone.send(f"telefon {n} svar {k}").status_code for k in range(3)]
        phone.close()
    assert statuses.count(200) == 60 and statuses.count(429) == 15
    assert len(served.answers()) == 60
    elsewhere = Phone(served.url, "127.0.0.5").join("Gruppe 2")  # another address is not held up
    assert "Modtaget" in elsewhere.send("fra et andet bord").text


def test_corrections_and_withdrawals_count_against_a_phones_limit(served: Served) -> None:
    phone = Phone(served.url, "127.0.0.6").join("Gruppe 3")
    for n in range(18):
        assert phone.send(f"svar {n}").status_code == 200
    first, second, third = (a.id for a in served.answers()[:3])
    assert phone.post(f"/svar/{first}", action="ret", text="rettet").status_code == 200
    assert phone.post(f"/svar/{second}", action="slet").status_code == 200
    refused = phone.post(f"/svar/{third}", action="slet")
    assert refused.status_code == 429 and "I sender meget hurtigt" in refused.text
    assert third in [a.id for a in served.answers()] and len(served.answers()) == 17


def test_every_accepted_connection_has_tcp_nodelay() -> None:
    """Without TCP_NODELAY a response written in two pieces waits ~40 ms for the phone's delayed ACK."""
    seen: list[int] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            seen.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Probe, sock=bind("127.0.0.1", 0))
        port = server.sockets[0].getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(200):
            if seen:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    asyncio.run(main())
    assert seen == [1]


# slow and half-open connections ------------------------------------------------------------------------
def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115, PTH123
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_with_open_files(session_id: int, limit: int | None) -> tuple[subprocess.Popen, str]:
    """`aktorskab serve` in its own process, its open-file limit lowered to `limit` (soft and hard)."""

    def lower() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    proc = subprocess.Popen([COMMAND, "serve", str(session_id), "--host", "127.0.0.1", "--port", "0"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lower)  # noqa: PLW1509 - only setrlimit, before exec
    url = proc.stdout.readline().strip()
    assert url.startswith("http://"), url + proc.stderr.read()
    return proc, url


def quiet(err: str) -> bool:
    """Nothing on stderr but serve's own warning that 127.0.0.1 cannot be reached by phones."""
    return all(line.startswith("Advarsel: 127.0.0.1 kan kun åbnes") for line in err.splitlines())


async def hold(port: int, address: str, kind: str, closed: list[float], started: float, until: float) -> None:
    """One connection from `address` that never finishes its request: `silent` sends nothing, `head` half a
    head, `body` a whole head and then its body one byte a second. Notes when the server closed it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(address, 0))
    head = f"POST /x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    if kind == "head":
        writer.write(head.encode())
    elif kind == "body":
        writer.write(f"{head}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n".encode())
    try:
        while time.monotonic() < until:
            try:
                if await asyncio.wait_for(reader.read(1024), 1.0) == b"":
                    break
            except TimeoutError:
                if kind == "body":
                    writer.write(b"a")
                    await writer.drain()
        else:
            return
    except (ConnectionError, OSError):
        pass
    closed.append(time.monotonic() - started)
    writer.close()


@pytest.fixture
def session_id() -> int:
    store = open_store()
    sid = new_session(store, groups=4)
    store.close()
    return sid


@pytest.mark.slow
def test_connections_that_never_finish_their_request_are_closed_within_15_s(session_id: int) -> None:
    proc, url = serve_with_open_files(session_id, None)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    closed: list[float] = []

    async def main() -> None:
        started = time.monotonic()
        kinds = ["silent", "head", "body"]
        await asyncio.gather(*(hold(port, f"127.0.1.{n % 30 + 1}", kinds[n % 3], closed, started, started + 20)
                               for n in range(300)))

    try:
        asyncio.run(main())
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert len(closed) == 300 and max(closed) < 15, (len(closed), max(closed, default=None))
    assert quiet(err), err


@pytest.mark.slow
def test_400_half_open_connections_from_one_address_leave_a_phone_served(session_id: int) -> None:
    proc, url = serve_with_open_files(session_id, 300)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    held: list[socket.socket] = []
    try:
        for _ in range(400):
            sock = socket.socket()
            sock.bind(("127.0.0.2", 0))
            sock.connect(("127.0.0.1", port))
            sock.sendall(f"GET /x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            held.append(sock)
        time.sleep(1)
        cpu, wall = cpu_seconds(proc.pid), time.monotonic()
        phone = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.3"), timeout=1.0)
        for _ in range(5):
            page = phone.get(url)
            assert page.status_code == 200 and "Vælg jeres gruppe" in page.text
            time.sleep(0.5)
        share = (cpu_seconds(proc.pid) - cpu) / (time.monotonic() - wall)
        assert share < 0.5, share
    finally:
        for sock in held:
            sock.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert quiet(err), err


# numbers ----------------------------------------------------------------------------------------------
def facilitator(served: Served):  # noqa: ANN201 - (client, csrf): the laptop's own browser
    client = httpx.Client(timeout=10)
    page = client.get(served.server.facilitator_url)
    assert page.status_code == 200
    return client, csrf_of(page.text)


@pytest.mark.parametrize("odd", ["²", "٣", "3²"])
def test_a_number_that_is_not_ascii_digits_is_refused_never_a_500(served: Served, odd: str) -> None:
    phone = Phone(served.url, "127.0.0.7").join("Gruppe 1")
    answered = phone.post("/svar", text="et svar", question=odd)
    assert answered.status_code == 400 and "Vælg et af spørgsmålene på listen." in answered.text
    assert "Modtaget" in phone.send("et svar").text
    laptop, token = facilitator(served)
    moderated = laptop.post(served.server.facilitator_url, data={"csrf": token, "action": "skjul", "answer": odd})
    assert moderated.status_code == 400 and "Svaret findes ikke." in moderated.text
    for per_group, per_target in ((odd, "2"), ("3", odd)):
        opened = laptop.post(served.server.facilitator_url,
                             data={"csrf": token, "action": "stem-aabn", "per_group": per_group, "per_target": per_target})
        assert opened.status_code == 400 and "Prikker pr. gruppe skal være 1–20" in opened.text
    assert laptop.post(served.server.facilitator_url, data={"csrf": token, "action": "stem-aabn"}).status_code == 303
    [answer] = served.answers()
    phone.get("/stem")
    for field, dots in ((f"t{odd}", "1"), (f"t{answer.id}", odd)):
        voted = phone.post("/stem", **{field: dots})
        assert voted.status_code == 400 and "Afstemningen kunne ikke læses." in voted.text
    assert "Jeres prikker er gemt." in phone.post("/stem", **{f"t{answer.id}": "1"}).text


@pytest.mark.slow
def test_a_group_named_with_a_superscript_digit_in_an_imported_file_is_just_a_name(tmp_path: Path) -> None:
    answers = tmp_path / "svar.toml"
    answers.write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe ²"\ntext = "fra filen"\n', encoding="utf-8")
    imported = subprocess.run([COMMAND, "import", "temadag", str(answers)], capture_output=True, text=True, timeout=60)
    assert imported.returncode == 0, imported.stderr
    store = open_store()
    sid = store.sessions()[-1].id
    server = start_room(store.path, sid, host="127.0.0.1", port=0)
    try:
        phone = Phone(server.join_url, "127.0.0.8")
        page = phone.get()
        assert page.status_code == 200 and "Gruppe ²" in page.text and "Gruppe 6" in page.text
        phone.join("Gruppe ²")
        assert "Modtaget" in phone.send("fra telefonen").text
    finally:
        server.stop()
        store.close()
    assert [a.group for a in open_store().answers(sid)] == ["Gruppe ²", "Gruppe ²"]


# bidirectional controls ------------------------------------------------------------------------------------
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TURNED = "Mere tid til dialog \u202e)1 eppurG(\u2066 og \u2067ro\u2069"


@pytest.mark.slow
def test_bidi_controls_from_a_phone_are_stripped_before_the_answer_reaches_a_page_or_a_document(
        served: Served, run_cli) -> None:  # noqa: ANN001
    phone = Phone(served.url, "127.0.0.9").join("Gruppe 2")
    assert "Modtaget" in phone.send(TURNED).text
    [stored] = served.answers()
    assert stored.text == "Mere tid til dialog )1 eppurG( og ro"
    laptop, _ = facilitator(served)
    for page in (phone.get().text, laptop.get(served.server.facilitator_url).text):
        assert not set(BIDI) & set(page)
    for fmt in ("md", "docx", "pptx"):
        target = Path(f"opsamling.{fmt}")
        assert run_cli("export", str(served.session_id), "-o", str(target)).exit_code == 0
        data = target.read_bytes()
        texts = [data.decode()] if fmt == "md" else [
            zipfile.ZipFile(target).read(name).decode() for name in zipfile.ZipFile(target).namelist()
            if name.endswith(".xml")]
        assert not any(set(BIDI) & set(text) for text in texts), fmt
        assert any("Mere tid til dialog" in text for text in texts), fmt


@pytest.mark.parametrize("control", ["\u202e", "\u2066"])
def test_bidi_controls_in_an_answers_file_are_refused_with_where(run_cli, tmp_path: Path, control: str) -> None:  # noqa: ANN001
    answers = tmp_path / "svar.toml"
    answers.write_text(f'[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 1"\ntext = "Godt {control}svar"\n',
                       encoding="utf-8")
    result = run_cli("import", "temadag", str(answers))
    assert result.exit_code == 2
    assert (f"indeholder et kontroltegn (U+{ord(control):04X}), som ikke hører hjemme i en tekst; fjern det"
            in result.stderr)


# live streams -----------------------------------------------------------------------------------------------
async def open_stream(port: int, path: str, address: str, held: list[asyncio.StreamWriter]) -> int:
    """A live page's stream from `address`: its status; kept open (in `held`) when it was let in."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(address, 0))
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    status = int((await reader.readline()).split()[1])
    if status == 200:
        held.append(writer)
    else:
        writer.close()
    return status


def test_the_stream_cap_has_no_race_and_the_laptops_streams_are_never_refused(served: Served) -> None:
    port = served.server.port
    projector = f"/{served.server.state.room.join_code}/projektor/stream"
    facilitator_path = served.server.state.facilitator_path + "/stream"

    async def main() -> tuple[list[int], list[int], int]:
        held: list[asyncio.StreamWriter] = []
        crowd = await asyncio.gather(*(open_stream(port, projector, f"127.0.2.{n // 2 + 1}", held) for n in range(30)))
        again = await open_stream(port, projector, "127.0.2.1", held)  # that address has its two
        laptop = [await open_stream(port, path, "127.0.0.1", held) for path in (facilitator_path, projector) * 2]
        for writer in held:
            writer.close()
        return list(crowd), laptop, again

    crowd, laptop, again = asyncio.run(main())
    assert crowd.count(200) == 20 and crowd.count(503) == 10
    assert again == 503
    assert laptop == [200, 200, 200, 200]


@pytest.mark.browser
@pytest.mark.slow
def test_a_projector_page_whose_stream_was_refused_tries_again_and_comes_back_live(served: Served) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = require_program("chromium", package="chromium")
    served.server.state.laptop.discard("127.0.0.1")  # this browser is a participant's here, not the laptop's
    port, code = served.server.port, served.server.state.room.join_code
    crowd = []
    for n in range(20):  # every participant's place taken
        sock = socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.3.{n // 2 + 1}", 0))
        sock.sendall(f"GET /{code}/projektor/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 200")
        crowd.append(sock)
    statuses: list[int] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/projektor/stream") else None)
            page.goto(f"{served.url}/projektor")
            page.wait_for_function("() => true")
            deadline = time.monotonic() + 10
            while 503 not in statuses and time.monotonic() < deadline:
                page.wait_for_timeout(100)
            assert statuses and set(statuses) == {503}
            for sock in crowd:
                sock.close()
            while 200 not in statuses and time.monotonic() < deadline + 10:
                page.wait_for_timeout(100)
            assert 200 in statuses, statuses
            phone = Phone(served.url, "127.0.0.10").join("Gruppe 2")
            assert "Modtaget" in phone.send("efter pausen").text
            sync_api.expect(page.locator('[data-group="Gruppe 2"]')).to_have_text("1", timeout=5000)
        finally:
            browser.close()


# one-time forms and »Fortryd« ---------------------------------------------------------------------------------
def once_of(html: str) -> str:
    return re.search(r'name="once" value="([^"]+)"', html)[1]


def test_the_same_post_twice_stores_one_answer_also_when_both_arrive_together(served: Served) -> None:
    phone = Phone(served.url, "127.0.0.11").join("Gruppe 4")
    form = {"csrf": phone.token, "once": once_of(phone.get().text), "text": "dobbelttryk"}
    first = phone.client.post(served.url + "/svar", data=form, follow_redirects=True)
    again = phone.client.post(served.url + "/svar", data=form, follow_redirects=True)
    assert "Modtaget" in first.text and "Modtaget" in again.text
    assert [a.text for a in served.answers()] == ["dobbelttryk"]

    form = {"csrf": phone.token, "once": once_of(phone.get().text), "text": "to på én gang"}
    twin = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.11"), cookies=phone.client.cookies)
    results: list[int] = []
    threads = [threading.Thread(target=lambda c=c: results.append(c.post(served.url + "/svar", data=form).status_code))
               for c in (phone.client, twin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == [303, 303]
    assert [a.text for a in served.answers()] == ["dobbelttryk", "to på én gang"]


def test_a_withdrawal_can_be_undone_for_a_while_and_the_facilitator_sees_the_count(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    author = Phone(served.url, "127.0.0.12").join("Gruppe 1")
    author.send("hov, det var en fejl at trække")
    author.send("det her skal væk")
    kept, gone = served.answers()
    edit = author.get(f"/svar/{kept.id}").text
    form = {"csrf": author.token, "once": once_of(edit), "action": "slet"}
    withdrawn = author.client.post(f"{served.url}/svar/{kept.id}", data=form, follow_redirects=True)
    twice = author.client.post(f"{served.url}/svar/{kept.id}", data=form, follow_redirects=True)  # a double tap
    assert "Svaret er trukket tilbage." in withdrawn.text and "Fortryd" in withdrawn.text
    assert twice.status_code == 200 and [a.text for a in served.answers()] == ["det her skal væk"]
    laptop, _ = facilitator(served)
    assert "Trukket tilbage fra telefonerne: 1 svar." in laptop.get(served.server.facilitator_url).text

    undo_path = re.search(r'action="/\w+(/fortryd/\d+)"', withdrawn.text)[1]
    author.token = csrf_of(withdrawn.text)
    other = Phone(served.url, "127.0.0.13").join("Gruppe 1")
    assert other.post(undo_path, once="x").status_code == 409  # only the phone that withdrew it
    back = author.client.post(served.url + undo_path, data={"csrf": author.token, "once": once_of(withdrawn.text)},
                              follow_redirects=True)
    assert "Svaret er tilbage." in back.text
    assert sorted(a.text for a in served.answers()) == ["det her skal væk", "hov, det var en fejl at trække"]
    assert [a.uuid for a in served.answers() if a.text.startswith("hov")] == [kept.uuid]
    assert "Trukket tilbage fra telefonerne" not in laptop.get(served.server.facilitator_url).text

    monkeypatch.setattr(rooms, "UNDO_SECONDS", 0)  # the while is over
    late = author.post(f"/svar/{gone.id}", action="slet")
    late = author.post(re.search(r'action="/\w+(/fortryd/\d+)"', late.text)[1])
    assert late.status_code == 409 and "Svaret kan ikke længere hentes tilbage" in late.text
    assert [a.text for a in served.answers() if a.text == "det her skal væk"] == []
    assert served.store.conn.execute("SELECT COUNT(*), COUNT(answer) FROM withdrawals").fetchone() == (1, 0)


def test_web_writes_no_sql_of_its_own() -> None:
    """store/ owns the tables; web/ calls its named functions (one owner per table)."""
    web = Path(__file__).parent.parent / "src" / "aktorskab_cli" / "web"
    found = [f"{path.name}:{n}" for path in sorted(web.glob("*.py"))
             for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.execute(many)?\(|\bSELECT\b|\bINSERT\b|\bUPDATE\b", text)]
    assert found == []
