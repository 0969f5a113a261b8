"""Two promises about the connections a participant cannot hold, in time, against the real `aktorskab serve` on
127.0.0.1 (they were asserts on wall time and CPU share in tests/test_web_connections.py, which keeps the
behaviour: every such connection is closed by the server, and a phone is served beside 400 half-open ones):

- a connection that never finishes its request (sends nothing, half a head, or its body a byte a second) is
  closed within 15 s (goal), 300 at once from 30 addresses; the server's own limit is REQUEST_TIMEOUT (10 s),
  the reference printed beside it;
- while 400 half-open connections from one address are held (all but 100, half the budget at an open-file
  limit of 300, closed at accept()), the server spends under half a core (goal) serving a phone a page every
  0.5 s; the reference is the same server, the same phone, with nothing held, measured in turns with it.

Linux only (127.0.0.2 and /proc). Prints each round's figures, then medians and the worst.

    .venv/bin/python benchmarks/web_connections.py [--rounds 3] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_web_connections import closed_by_server, serve_with_open_files, unfinished_requests  # noqa: E402

from aktorskab_cli.web.connections import REQUEST_TIMEOUT, RESERVED_FILES, Limits  # noqa: E402
from web_helpers import stored_session  # noqa: E402

import httpx2 as httpx  # noqa: E402


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def closing_times(session: int) -> list[float]:
    """Seconds from opening to the server's close, for 300 connections that never finish their request."""
    closed, _ = unfinished_requests(session, 60)
    if len(closed) != 300:
        raise SystemExit(f"only {len(closed)} of 300 connections were closed by the server within 60 s")
    return closed


def share_while_serving(proc, url: str, seconds: float) -> float:  # noqa: ANN001 - a Popen
    """The server's CPU per wall second while a phone from 127.0.0.3 gets the page every 0.5 s."""
    phone = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.3"), timeout=5.0)
    cpu, wall = cpu_seconds(proc.pid), time.monotonic()
    while time.monotonic() - wall < seconds:
        page = phone.get(url)
        if page.status_code != 200:
            raise SystemExit(f"the phone got {page.status_code}")
        time.sleep(0.5)  # the phone's pace: the thing measured is the server between its requests
    phone.close()
    return (cpu_seconds(proc.pid) - cpu) / (time.monotonic() - wall)


def half_open(port: int, count: int = 400) -> list[socket.socket]:
    """COUNT connections from 127.0.0.2, each with half a request head; back once the server (open-file limit
    300) has closed all but its cap for one address of them at accept()."""
    cap = Limits(set(), budget=300 - RESERVED_FILES).per_address
    held = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.2", 0))
        sock.connect(("127.0.0.1", port))
        sock.sendall(f"GET /x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
        held.append(sock)
    deadline = time.monotonic() + 60
    while sum(map(closed_by_server, held)) < len(held) - cap:
        if time.monotonic() > deadline:
            raise SystemExit("the server did not close the connections over the per-address limit")
        time.sleep(0.05)
    return held


def shares(session: int, seconds: float) -> tuple[float, float]:
    """(idle, with 400 half-open held): one server, the reference first, then the same with the crowd."""
    proc, url = serve_with_open_files(session, 300)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    held: list[socket.socket] = []
    try:
        idle = share_while_serving(proc, url, seconds)
        held = half_open(port)
        crowded = share_while_serving(proc, url, seconds)
    finally:
        for sock in held:
            sock.close()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    return idle, crowded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="each CPU window (the kernel counts CPU in 10 ms ticks: 2.5 s is one tick per 0.4 %%)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="aktorskab-conn-")
    os.environ["AKTORSKAB_DB"] = str(Path(folder) / "bench.db")
    os.environ["AKTORSKAB_CACHE"] = str(Path(folder) / "cache")
    session = stored_session()
    print(f"load before: {os.getloadavg()[0]:.2f}")
    worst, medians, idles, crowds = [], [], [], []
    for n in range(1, args.rounds + 1):
        times = closing_times(session)
        idle, crowded = shares(session, args.seconds)
        worst.append(max(times))
        medians.append(statistics.median(times))
        idles.append(idle)
        crowds.append(crowded)
        print(f"round {n}: 300 unfinished requests closed after median {medians[-1]:.1f} s, worst {worst[-1]:.1f} s "
              f"(limit {REQUEST_TIMEOUT:.0f} s); server CPU {idle:.1%} of a core idle, {crowded:.1%} with 400 "
              "half-open held")
    print(f"closed: worst of all {max(worst):.1f} s (goal ≤ 15 s: {'met' if max(worst) <= 15 else 'NOT met'}), "
          f"median of medians {statistics.median(medians):.1f} s, {statistics.median(medians) / REQUEST_TIMEOUT:.2f}× "
          "the server's own limit")
    crowded, idle = statistics.median(crowds), statistics.median(idles)
    print(f"CPU with 400 half-open held: median {crowded:.1%} of a core (goal < 50 %: "
          f"{'met' if crowded < 0.5 else 'NOT met'}), idle {idle:.1%}, "
          f"{crowded / idle:.1f}× idle" if idle else f"CPU with 400 half-open held: median {crowded:.1%}")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
