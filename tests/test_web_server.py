"""The real server: `aktorskab serve` and `run --web` in their own processes, real uvicorn on 127.0.0.1,
server-sent events, stopping with streams open, kill -9 while phones post, resume on the same code. How fast
an answer reaches the projector and how fast Ctrl-C stops the server are measured in benchmarks/web_stop.py."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import require_module

from aktorskab_cli.store.db import open_store
from serve_process import COMMAND, Phone, start_serve
from web_helpers import stored_session

httpx = require_module("httpx2")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="signals and pexpect are POSIX here")]


@pytest.fixture
def session() -> int:
    return stored_session()


def test_serve_prints_the_join_url_first_and_answers_land_in_the_store(session: int) -> None:
    proc, url = start_serve(str(session), "--host", "127.0.0.1", "--port", "0")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[a-z2-9]{6}", url)
        assert Phone(url, "Gruppe 1").send("Hej fra en rigtig server – æøå")
        store = open_store()
        assert [a.text for a in store.answers(session)] == ["Hej fra en rigtig server – æøå"]
        store.close()
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert "Mødets side er stoppet." in out
    assert "Hej fra en rigtig server" not in out + err  # nothing logged with the answer


def read_event(lines) -> str:  # noqa: ANN001
    for line in lines:
        if line.startswith("data:"):
            return line


def test_the_projector_stream_tells_of_a_new_answer_and_ctrl_c_ends_open_streams(session: int) -> None:
    proc, url = start_serve(str(session), "--host", "127.0.0.1", "--port", "0")
    base = url.rsplit("/", 1)[0]
    banner = ""
    while "Projektoren:" not in banner:
        banner += proc.stdout.readline()
    facilitator = re.search(r"http://\S+/styr/\S+", banner)[0]
    streams = []
    try:
        projector = httpx.Client(timeout=10)
        with projector.stream("GET", f"{url}/projektor/stream") as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.iter_lines()
            assert read_event(lines) == "data: 1"
            Phone(url, "Gruppe 2").send("et nyt svar")
            assert read_event(lines) == "data: 2"  # pushed while the stream is open (no reload)
        # two streams held open (projector and facilitator), then Ctrl-C
        for path in (f"{url}/projektor/stream", facilitator + "/stream"):
            client = httpx.Client(timeout=30)
            response = client.send(client.build_request("GET", path), stream=True)
            assert response.status_code == 200, path
            streams.append((client, response))
        assert base in url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=60)  # a hang guard, not a speed goal: uvicorn alone would wait for the streams
        finally:
            for client, response in streams:
                response.close()
                client.close()
    assert proc.returncode == 0


def test_a_taken_port_is_a_clear_message(session: int) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run([COMMAND, "serve", str(session), "--host", "127.0.0.1", "--port", str(port)],
                              capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith(f"Port {port} er optaget")
    assert "Traceback" not in proc.stderr


def test_kill_9_while_phones_post_loses_no_acknowledged_answer_and_the_code_survives(session: int) -> None:
    proc, url = start_serve(str(session), "--host", "127.0.0.1", "--port", "0")
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def phone(n: int) -> None:
        try:
            me = Phone(url, f"Gruppe {n % 4 + 1}")
        except Exception:  # noqa: BLE001 - the server may already be gone
            return
        for k in range(50):
            if stop.is_set():
                return
            text = f"telefon {n} svar {k}"
            try:
                ok = me.send(text)
            except Exception:  # noqa: BLE001 - killed mid-request: not acknowledged
                return
            if ok:
                with lock:
                    acknowledged.append(text)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60  # a condition: on a quiet machine the 40 come within a second or two
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=20)
    assert len(acknowledged) >= 40
    store = open_store()
    stored = {a.text for a in store.answers(session)}
    store.close()
    assert set(acknowledged) <= stored
    again, url_again = start_serve(str(session), "--host", "127.0.0.1")  # no --port: the same port again
    try:
        assert url_again == url
        assert Phone(url_again, "Gruppe 1").send("efter genstart")
    finally:
        again.send_signal(signal.SIGINT)
        again.communicate(timeout=10)


@pytest.mark.tui
def test_run_web_serves_during_the_run_stops_with_q_and_resume_brings_back_the_same_code(tmp_path: Path) -> None:
    pexpect = require_module("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    child = pexpect.spawn(COMMAND, ["run", "temadag", "--web", "--port", "0", "--groups", "3"], env=env,
                          dimensions=(40, 120),
                          encoding="utf-8", timeout=20)
    child.expect(r"(http://\S+/[a-z2-9]{6})\s")
    url = child.match.group(1)
    child.expect("Telefoner: ")
    child.send(" ")  # start the day: an empty meeting would be discarded
    child.expect("I GANG")
    port = int(url.split(":")[2].split("/")[0])
    local = f"http://127.0.0.1:{port}/{url.rsplit('/', 1)[1]}"
    assert not Phone(local, "Gruppe 3").send("under morgenkaffen")  # no dialogue yet: nothing is open
    child.send("nnnn")  # on to the first dialogue, which opens by itself
    child.expect("Dialog i grupper med udgangspunkt i cases")
    phone = Phone(local, "Gruppe 3")
    assert phone.send("svar under mødet")
    assert [phone.send(f"svar {n}") for n in range(20)] == [True] * 19 + [False]  # 20 a minute: one refused
    child.expect(r"afvist: 1 \(se hvorfor på ordstyrerens side\)")  # the live screen says so
    child.send("q")
    child.expect("Fortsæt med: aktorskab run temadag --resume 1")
    child.expect(pexpect.EOF)
    with pytest.raises(httpx.TransportError):
        httpx.get(local, timeout=2)
    child = pexpect.spawn(COMMAND, ["run", "temadag", "--resume", "1"], env=env, dimensions=(40, 120),
                          encoding="utf-8", timeout=20)
    child.expect(r"(http://\S+/[a-z2-9]{6})\s")
    assert child.match.group(1) == url
    assert Phone(local, "Gruppe 1").send("efter --resume")
    child.send("q")
    child.expect(pexpect.EOF)
    store = open_store()
    assert [a.text for a in store.answers(1)] == ["svar under mødet", *(f"svar {n}" for n in range(19)),
                                                  "efter --resume"]
    store.close()


def test_a_serving_process_settles_short_gil_switches_and_freezes_what_lives_as_long_as_it() -> None:
    """`serve` and `run --web` call settle_process() once the room is up (benchmarks/phones.py's floor app too):
    what exists then leaves the garbage collector's scans, and garbage made before is collected, not frozen."""
    import gc

    from aktorskab_cli.web.server import SWITCH_INTERVAL, settle_process

    import weakref

    class Cycle:
        pass

    before = sys.getswitchinterval()
    garbage = Cycle()
    garbage.me = garbage  # a cycle that only the collector frees
    gone = weakref.ref(garbage)
    del garbage
    try:
        settle_process()
        assert gc.get_freeze_count() > 1000 and sys.getswitchinterval() <= SWITCH_INTERVAL
        assert gone() is None
    finally:
        gc.unfreeze()
        sys.setswitchinterval(before)
