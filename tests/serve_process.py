"""`aktorskab serve` in a process of its own, as a facilitator starts it (the join URL on its first line, Ctrl-C
as a terminal sends it, its open-file limit lowered where a test needs), a phone with real HTTP, and what a raw
socket sees of the server."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
from pathlib import Path

from conftest import require_module

from web_helpers import csrf_of

httpx = require_module("httpx2")
COMMAND = str(Path(sys.executable).with_name("aktorskab"))



def ctrl_c_as_in_a_terminal() -> None:
    """SIGINT back to its default in a child: a test run started in the background (`cmd &` in a script, as CI
    may) ignores SIGINT, a child inherits that, and Python then never turns Ctrl-C into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)



def start_serve(*args: str) -> tuple[subprocess.Popen, str]:
    """`aktorskab serve …` without a terminal; returns the process and the first line (the join URL)."""
    proc = subprocess.Popen([COMMAND, "serve", *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "100"},
                            preexec_fn=ctrl_c_as_in_a_terminal)  # noqa: PLW1509 - only a signal's disposition
    line = proc.stdout.readline().strip()
    if not line.startswith("http://"):
        proc.kill()
        raise AssertionError(line + proc.stderr.read())
    return proc, line



def serve_with_open_files(session_id: int, limit: int | None) -> tuple[subprocess.Popen, str]:
    """`aktorskab serve` in its own process, its open-file limit lowered to `limit` (soft and hard)."""

    def lower() -> None:
        ctrl_c_as_in_a_terminal()
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    proc = subprocess.Popen([COMMAND, "serve", str(session_id), "--host", "127.0.0.1", "--port", "0"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lower)  # noqa: PLW1509 - only setrlimit, before exec
    url = proc.stdout.readline().strip()
    assert url.startswith("http://"), url + proc.stderr.read()
    return proc, url



class Phone:
    """A phone: its own cookies, real HTTP."""

    def __init__(self, url: str, group: str) -> None:
        self.url = url
        self.client = httpx.Client(follow_redirects=True, timeout=10)
        self.token = csrf_of(self.client.get(url).text)
        self.client.post(f"{url}/gruppe", data={"csrf": self.token, "group": group})

    def send(self, text: str) -> bool:
        """True when the page said Modtaget."""
        response = self.client.post(f"{self.url}/svar", data={"csrf": self.token, "text": text})
        return response.status_code == 200 and "Modtaget" in response.text



def closed_by_server(sock: socket.socket) -> bool:
    """The other end has closed `sock` (read without waiting and without taking anything)."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True



def quiet(err: str) -> bool:
    """Nothing on stderr but serve's own warning that 127.0.0.1 cannot be reached by phones."""
    return all(line.startswith("Advarsel: 127.0.0.1 kan kun åbnes") for line in err.splitlines())

