"""Load on the phone page: 200 phones against the real `aktorskab serve` on 127.0.0.1, and the same phones
against a bare Starlette + SQLite floor app, interleaved in one run.

The 200 phones all start at once. Each joins (opens the page, picks a group: POST → 303 → the page) and then
five times reloads the item (the page) and, after writing for 0.5–3 s, sends an answer: the POST and the
redirect to »Modtaget«, as a browser does; that pair is what is timed (send → Modtaget). Each phone comes
from an address of its own (127.0.1.1, 127.0.1.2, …: the whole of 127.0.0.0/8 is this machine), as phones on
the meeting's network do, so the room's limits per address apply as they would there; `--one-address`
sends them all from 127.0.1.1, as a room on guest Wi-Fi behind NAT (use --answers 2 or 3: the room's ceiling
of 600 changes a minute per address is a real room's minute, not five answers in fifteen seconds). During our runs a
projector page and the facilitator's page hold their live streams open.

The floor is what any app must do for the same phones: Starlette on uvicorn, the same routes, one SQLite
INSERT + commit per answer (WAL, synchronous=FULL, on one database thread), TCP_NODELAY (a listening socket
made with proto IPPROTO_TCP, as ours), and the process settings ours has (`settle_process`: the GIL's short
switches, gc.freeze), so that neither side gains by a setting any server could have. Runs alternate (ours, floor, ours, floor, …) and the figures are the
medians over the rounds; the goal is our p99 ≤ 1.5× the floor's, every answer stored, and p99 ≤ 250 ms on
a quiet machine. The load average is printed: on the shared development machine the figures are inflated.

Also printed: the server's CPU per answer, and (last round) the server's idle CPU share over 10 s of a quiet
room with both streams open (goal ≤ 2 % of a core). Bounded: 1,000 answers a run, 120 s, only 127.0.0.0/8.

    .venv/bin/python benchmarks/phones.py [--phones 200] [--answers 5] [--rounds 3] [--one-address]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

COMMAND = str(Path(sys.executable).with_name("aktorskab"))
GROUPS = 20


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class RawPhone:
    """A phone as a minimal HTTP/1.1 client on one kept-alive connection from its own address, with its own
    cookies: far less CPU than a client library, so on a busy machine the figures are the server's."""

    def __init__(self, host: str, port: int, address: str) -> None:
        self.host, self.port, self.address = host, port, address
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, location, body)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port,
                                                                     local_addr=(self.address, 0))
        body = urlencode(form).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Origin: http://{self.host}:{self.port}"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, close, location = 0, False, ""
        while (line := (await self.reader.readline()).decode("latin-1").strip()):
            name, _, value = line.partition(":")
            name, value = name.lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "location":
                location = value
            elif name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        text = (await self.reader.readexactly(length)).decode("utf-8") if length else ""
        if close:
            await self.close()
        return status, location, text

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page's answer form (csrf, and the one-time token where there is one)."""
    return dict(re.findall(r'<input type="hidden" name="(csrf|once)" value="([^"]+)"', page))


async def phone(n: int, url: str, answers: int, sent: list[float], errors: list[str],
                one_address: bool = False) -> None:
    parts = urlsplit(url)
    address = "127.0.1.1" if one_address else f"127.0.{1 + n // 250}.{1 + n % 250}"  # a room behind NAT: one
    me, base = RawPhone(parts.hostname, parts.port, address), parts.path
    try:
        status, _, page = await me.request("GET", base)
        status, location, _ = await me.request("POST", f"{base}/gruppe",
                                               {**form_fields(page), "group": f"Gruppe {n % GROUPS + 1}"})
        await me.request("GET", location or base)
        for k in range(answers):
            status, _, page = await me.request("GET", base)  # the item, reloaded
            await asyncio.sleep(random.uniform(0.5, 3.0))  # writing the answer
            started = time.perf_counter()
            status, location, _ = await me.request("POST", f"{base}/svar",
                                                   {**form_fields(page), "text": f"Telefon {n}, svar {k}: æøå"})
            if status != 303:
                errors.append(f"svar {status}")
                continue
            status, _, shown = await me.request("GET", location)
            sent.append(time.perf_counter() - started)
            if "Modtaget" not in shown:
                errors.append("ingen Modtaget")
    except (OSError, asyncio.IncompleteReadError, ValueError, TypeError, IndexError) as exc:
        errors.append(type(exc).__name__)
    finally:
        await me.close()


async def hold_stream(host: str, port: int, path: str, events: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    try:
        while line := await reader.readline():
            if line.startswith(b"data:"):
                events.append(1)
    finally:
        writer.close()


# the floor: a bare Starlette + SQLite app under the same phones ---------------------------------------------
def floor_app(db: Path):  # noqa: ANN201
    """The same URLs with the least work: a page with the form's hidden fields, a cookie for the group,
    and one INSERT + commit per answer on one database thread."""
    from concurrent.futures import ThreadPoolExecutor

    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, RedirectResponse
    from starlette.routing import Route

    conn = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, grp TEXT, text TEXT)")
    executor = ThreadPoolExecutor(1)

    def insert(group: str, text: str) -> None:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO answers (grp, text) VALUES (?, ?)", (group, text))

    async def page(request):  # noqa: ANN001, ANN202
        notice = "<p>Modtaget – tak! Svaret er gemt.</p>" if request.query_params.get("ok") else ""
        return HTMLResponse(f'{notice}<form method="post"><input type="hidden" name="csrf" value="x">'
                            '<input type="hidden" name="once" value="y"><textarea name="text"></textarea></form>')

    async def group(request):  # noqa: ANN001, ANN202
        form = dict(parse_qsl((await request.body()).decode()))
        response = RedirectResponse("/kode", status_code=303)
        response.set_cookie("group", str(form["group"]).replace(" ", "%20"))
        return response

    async def answer(request):  # noqa: ANN001, ANN202
        form = dict(parse_qsl((await request.body()).decode()))  # as ours: no python-multipart
        group = request.cookies.get("group", "")
        await asyncio.get_running_loop().run_in_executor(executor, insert, group, str(form["text"]))
        return RedirectResponse("/kode?ok=modtaget", status_code=303)

    return Starlette(routes=[Route("/kode", page), Route("/kode/gruppe", group, methods=["POST"]),
                             Route("/kode/svar", answer, methods=["POST"])])


def serve_floor(db: Path) -> None:
    import socket

    import uvicorn

    from aktorskab_cli.web.server import settle_process

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # proto TCP: TCP_NODELAY
    sock.bind(("127.0.0.1", 0))
    print(f"http://127.0.0.1:{sock.getsockname()[1]}/kode", flush=True)
    # the HTTP parser and event loop ours runs on (web/server.py), so that neither side gains by installing
    # httptools or uvloop
    server = uvicorn.Server(uvicorn.Config(floor_app(db), http="h11", loop="asyncio", log_config=None,
                                           access_log=False, lifespan="off", timeout_graceful_shutdown=1))
    server.config.load()  # the app built, as ours is before it settles
    settle_process()  # the process settings ours has (the GIL's switches, gc.freeze): neither side gains by them
    server.run(sockets=[sock])


# one run ---------------------------------------------------------------------------------------------------
def stored(db: Path, floor: bool) -> int:
    with sqlite3.connect(db) as conn:
        if floor:
            conn.execute("CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, grp TEXT, text TEXT)")
        return conn.execute("SELECT COUNT(*) FROM answers" + ("" if floor else " WHERE phone IS NOT NULL")).fetchone()[0]


def measure(name: str, command: list[str], env: dict[str, str], db: Path, args: argparse.Namespace,
            idle: bool) -> dict:
    """One load run against the server `command` starts (its first line: the join URL)."""
    floor = name == "floor"
    before = stored(db, floor)
    server = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        streams = []
        if not floor:
            banner = ""
            while "Projektoren:" not in banner:
                banner += server.stdout.readline()
            streams = [urlsplit(url).path + "/projektor/stream",
                       urlsplit(re.search(r"http://\S+/styr/\S+", banner)[0]).path + "/stream"]
        parts = urlsplit(url)
        cpu_before = cpu_seconds(server.pid)

        async def run() -> dict:
            sent: list[float] = []
            errors: list[str] = []
            events: list[int] = []
            holders = [asyncio.create_task(hold_stream(parts.hostname, parts.port, p, events)) for p in streams]
            await asyncio.sleep(0.3)
            started = time.perf_counter()
            await asyncio.wait_for(asyncio.gather(*(phone(n, url, args.answers, sent, errors, args.one_address)
                                                    for n in range(args.phones))), timeout=120)
            wall = time.perf_counter() - started
            cpu = cpu_seconds(server.pid) - cpu_before
            share = None
            if idle and streams:
                await asyncio.sleep(2)  # the room goes quiet; the two streams stay open
                idle_start, idle_cpu = time.perf_counter(), cpu_seconds(server.pid)
                await asyncio.sleep(10)
                share = (cpu_seconds(server.pid) - idle_cpu) / (time.perf_counter() - idle_start)
            for task in holders:
                task.cancel()
            return {"sent": sent, "errors": errors, "wall": wall, "cpu": cpu, "idle": share, "events": len(events)}

        result = asyncio.run(run())
    finally:
        server.terminate()
        _, err = server.communicate(timeout=15)
    noise = "Advarsel: 127.0.0.1 kan kun åbnes"  # serve's word on a loopback address: expected here
    result.update(stored=stored(db, floor) - before,
                  stderr="\n".join(x for x in err.strip().splitlines() if not x.startswith(noise)))
    return result


def line(name: str, result: dict, wanted: int) -> str:
    sent = result["sent"]
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    errors = result["errors"]
    figures = (f"p50 {ms(statistics.median(sent))} · p99 {ms(percentile(sent, 0.99))} · max {ms(max(sent))}"
               if sent else "no answers")
    return (f"  {name:<16} send → Modtaget {figures} · stored {result['stored']:,}/{wanted:,} · "
            f"errors {len(errors)}{' ' + str(sorted(set(errors))) if errors else ''} · "
            f"server CPU {result['cpu']:.1f} s ({result['cpu'] / max(1, len(sent)) * 1000:.1f} ms an answer)"
            + (f" · stderr: {result['stderr'][:200]!r}" if result["stderr"] else ""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one-address", action="store_true",
                        help="every phone from 127.0.1.1, as a room on guest Wi-Fi behind NAT")
    parser.add_argument("--serve-floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_floor:
        serve_floor(args.serve_floor)
        return
    if args.phones > 250 * 250:
        parser.error("at most 62,500 phones (one address each in 127.0.1.1–127.0.250.250)")
    folder = Path(tempfile.mkdtemp(prefix="aktorskab-phones-"))
    db, floor_db = folder / "load.db", folder / "floor.db"
    env = {**os.environ, "AKTORSKAB_DB": str(db)}
    answers_file = folder / "start.toml"
    answers_file.write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 1"\ntext = "start"\n', encoding="utf-8")
    wanted = args.phones * args.answers
    where = "all from one address (NAT)" if args.one_address else "each from its own address"
    print(f"{args.phones} phones × {args.answers} answers, all starting at once, {where}; "
          f"real uvicorn on 127.0.0.1; {args.rounds} rounds, ours and the floor interleaved; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ours_cmd = [COMMAND, "serve", "latest", "--host", "127.0.0.1", "--port", "0"]
    floor_cmd = [sys.executable, __file__, "--serve-floor", str(floor_db)]
    runs: dict[str, list[dict]] = {"aktorskab serve": [], "floor": []}
    for n in range(args.rounds):
        print(f"round {n + 1} (load average {os.getloadavg()[0]:.1f}):")
        # a meeting of its own for each round of ours: every round measures the same room, not a fuller one
        subprocess.run([COMMAND, "import", "temadag", str(answers_file)], env=env, capture_output=True, check=True)
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE sessions SET groups = ?", (GROUPS,))
        for name, command in (("aktorskab serve", ours_cmd), ("floor", floor_cmd)):
            result = measure(name, command, env, floor_db if name == "floor" else db, args, idle=n == args.rounds - 1)
            runs[name].append(result)
            print(line(name, result, wanted), flush=True)
    ours, floor = runs["aktorskab serve"], runs["floor"]
    p = {name: (statistics.median(statistics.median(r["sent"]) for r in rs if r["sent"]),
                statistics.median(percentile(r["sent"], 0.99) for r in rs if r["sent"]))
         for name, rs in runs.items()}
    print(f"medians over {args.rounds} rounds: ours p50 {p['aktorskab serve'][0] * 1000:.0f} ms, p99 "
          f"{p['aktorskab serve'][1] * 1000:.0f} ms; floor p50 {p['floor'][0] * 1000:.0f} ms, p99 "
          f"{p['floor'][1] * 1000:.0f} ms → ratio p50 {p['aktorskab serve'][0] / p['floor'][0]:.2f}×, "
          f"p99 {p['aktorskab serve'][1] / p['floor'][1]:.2f}× (goal ≤ 1.5×)")
    print(f"stored: ours {[r['stored'] for r in ours]}, floor {[r['stored'] for r in floor]} of {wanted:,} a run; "
          f"p99 goal ≤ 250 ms: {p['aktorskab serve'][1] / 0.25:.2f}× the goal; "
          f"idle server CPU with both streams open {ours[-1]['idle'] * 100:.2f} % of a core (goal ≤ 2 %); "
          f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
