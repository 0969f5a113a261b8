"""Load on the phone page: 200 simulated phones × 5 answers against the real `aktorskab serve` on 127.0.0.1.

Each phone has its own cookies, opens the page, picks a group, and then five times: sends an answer (the
POST and the redirect to "Modtaget", as a browser does) and polls the current item as the page's script
does. A projector page and the facilitator's page hold their live streams open the whole time.

Prints: answers stored of sent, errors, p50/p99 latency of "send → Modtaget" (goal p99 ≤ 250 ms), the
same for the poll, the wall time, and the server's CPU share over 10 s of a quiet room with both streams
still open (goal ≤ 2 % of a core). Bounded: 1,000 answers, a 120 s deadline, only 127.0.0.1.

The reference is the same simulated phones against a bare Starlette app on uvicorn that answers the same
URLs with fixed text and stores nothing: on a shared or busy machine the load generator itself (httpx in
one process) takes much of the time, and the ratio to the reference shows what the room's app adds.
The phones speak plain HTTP/1.1 on asyncio streams (cheap); the two live pages use httpx2.

    .venv/bin/python benchmarks/phones.py [--phones 200] [--answers 5]
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
from urllib.parse import urlencode, urlsplit

import httpx2 as httpx

COMMAND = str(Path(sys.executable).with_name("aktorskab"))
GROUPS = 20


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc; elsewhere 'ps')."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    out = subprocess.run(["ps", "-o", "time=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    parts = [float(p) for p in out.replace("-", ":").split(":")]
    return sum(v * 60 ** i for i, v in enumerate(reversed(parts)))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def hold_stream(client: httpx.AsyncClient, url: str, events: list[int]) -> None:
    async with client.stream("GET", url) as response:
        async for line in response.aiter_lines():
            if line.startswith("data:"):
                events.append(1)


class RawPhone:
    """A phone as a minimal HTTP/1.1 client on one kept-alive connection, with its own cookies: far less
    CPU than a full client library, so on a busy machine the figures are the server's more than ours."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        body = urlencode(form).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Origin: http://{self.host}:{self.port}"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, close = 0, False
        while (line := (await self.reader.readline()).decode("latin-1").strip()):
            name, _, value = line.partition(":")
            name, value = name.lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        text = (await self.reader.readexactly(length)).decode("utf-8") if length else ""
        if close:
            await self.close()
        return status, text

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def phone(n: int, url: str, answers: int, sent: list[float], polled: list[float], errors: list[str]) -> None:
    await asyncio.sleep(random.uniform(0, 2.0))  # phones do not all arrive in the same millisecond
    parts = urlsplit(url)
    me, base = RawPhone(parts.hostname, parts.port), parts.path
    try:
        status, page = await me.request("GET", base)
        token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
        await me.request("POST", f"{base}/gruppe", {"csrf": token, "group": f"Gruppe {n % GROUPS + 1}"})
        for k in range(answers):
            await asyncio.sleep(random.uniform(0.5, 3.0))  # writing the answer
            started = time.perf_counter()
            status, _ = await me.request("POST", f"{base}/svar", {"csrf": token, "text": f"Telefon {n}, svar {k}: æøå"})
            if status != 303:
                errors.append(f"svar {status}")
                continue
            status, shown = await me.request("GET", base + "?ok=modtaget")
            sent.append(time.perf_counter() - started)
            if "Modtaget" not in shown:
                errors.append("ingen Modtaget")
            started = time.perf_counter()
            status, _ = await me.request("GET", f"{base}/status")
            polled.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"status {status}")
    except (OSError, asyncio.IncompleteReadError, ValueError, TypeError, IndexError) as exc:
        errors.append(type(exc).__name__)
    finally:
        await me.close()


def reference_app():  # noqa: ANN201 - the bare Starlette app of the reference run
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
    from starlette.routing import Route

    async def page(request):  # noqa: ANN001, ANN202
        return HTMLResponse('<form><input type="hidden" name="csrf" value="x"></form>Modtaget')

    async def post(request):  # noqa: ANN001, ANN202
        await request.body()
        return RedirectResponse("/kode", status_code=303)

    async def status(request):  # noqa: ANN001, ANN202
        return JSONResponse({"item": "x", "open": True, "vote": None})

    async def stream(request):  # noqa: ANN001, ANN202
        async def events():  # noqa: ANN202
            yield "data: 1\n\n"
            while True:
                await asyncio.sleep(15)
                yield ": stille\n\n"
        return StreamingResponse(events(), media_type="text/event-stream")

    return Starlette(routes=[Route("/kode", page), Route("/kode/gruppe", post, methods=["POST"]),
                             Route("/kode/svar", post, methods=["POST"]), Route("/kode/status", status),
                             Route("/kode/projektor/stream", stream), Route("/styr/x/stream", stream)])


def serve_reference() -> None:
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # proto TCP: asyncio sets TCP_NODELAY
    sock.bind(("127.0.0.1", 0))
    print(f"http://127.0.0.1:{sock.getsockname()[1]}/kode", flush=True)
    print(f"Projektoren: http://127.0.0.1:{sock.getsockname()[1]}/styr/x", flush=True)
    uvicorn.Server(uvicorn.Config(reference_app(), log_config=None, access_log=False, lifespan="off",
                                  timeout_graceful_shutdown=1)).run(sockets=[sock])


async def load(url: str, facilitator: str, phones: int, answers: int) -> dict:
    sent: list[float] = []
    polled: list[float] = []
    errors: list[str] = []
    events: list[int] = []
    streams = httpx.AsyncClient(timeout=None)
    holders = [asyncio.create_task(hold_stream(streams, f"{url}/projektor/stream", events)),
               asyncio.create_task(hold_stream(streams, f"{facilitator}/stream", events))]
    await asyncio.sleep(0.5)
    started = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(phone(n, url, answers, sent, polled, errors) for n in range(phones))),
                           timeout=120)
    wall = time.perf_counter() - started
    return {"sent": sent, "polled": polled, "errors": errors, "events": events, "wall": wall,
            "holders": holders, "streams": streams}


def measure(server_cmd: list[str], env: dict[str, str], phones: int, answers: int) -> dict:
    """One load run against the server `server_cmd` starts (its first line: the join URL)."""
    server = subprocess.Popen(server_cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        banner = ""
        while "Projektoren:" not in banner:
            banner += server.stdout.readline()
        facilitator = re.search(r"http://\S+/styr/\S+", banner)[0]
        cpu_before, client_before = cpu_seconds(server.pid), time.process_time()

        async def run() -> tuple[dict, float]:
            result = await load(url, facilitator, phones, answers)
            await asyncio.sleep(2)  # the room goes quiet; the two streams stay open
            idle_start, idle_cpu = time.perf_counter(), cpu_seconds(server.pid)
            await asyncio.sleep(10)
            idle = (cpu_seconds(server.pid) - idle_cpu) / (time.perf_counter() - idle_start)
            for task in result["holders"]:
                task.cancel()
            await result["streams"].aclose()
            return result, idle

        result, idle = asyncio.run(run())
        result.update(idle=idle, server_cpu=cpu_seconds(server.pid) - cpu_before,
                      client_cpu=time.process_time() - client_before)
    finally:
        server.terminate()
        server.communicate(timeout=15)
    return result


def report(name: str, result: dict) -> None:
    sent, polled = result["sent"], result["polled"]
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"{name}:")
    errors = result["errors"]
    print(f"  errors:              {len(errors)}" + (f" {sorted(set(errors))}" if errors else ""))
    if sent:
        print(f"  send → Modtaget:     p50 {ms(statistics.median(sent))} · p99 {ms(percentile(sent, 0.99))} · "
              f"max {ms(max(sent))}")
        print(f"  poll of the item:    p50 {ms(statistics.median(polled))} · p99 {ms(percentile(polled, 0.99))}")
    print(f"  wall time {result['wall']:.1f} s · CPU: server {result['server_cpu']:.1f} s, "
          f"load generator {result['client_cpu']:.1f} s · idle server CPU {result['idle'] * 100:.2f} % of a core")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--serve-reference", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-reference", action="store_true", help="only the room's own app")
    args = parser.parse_args()
    if args.serve_reference:
        serve_reference()
        return
    folder = Path(tempfile.mkdtemp(prefix="aktorskab-phones-"))
    db = folder / "load.db"
    env = {**os.environ, "AKTORSKAB_DB": str(db)}
    answers_file = folder / "start.toml"
    answers_file.write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 1"\ntext = "start"\n', encoding="utf-8")
    subprocess.run([COMMAND, "import", "temadag", str(answers_file)], env=env, capture_output=True, check=True)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sessions SET groups = ?", (GROUPS,))
    wanted = args.phones * args.answers
    print(f"{args.phones} phones × {args.answers} answers, real uvicorn on 127.0.0.1, projector + facilitator "
          f"streams open; load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ours = measure([COMMAND, "serve", "latest", "--host", "127.0.0.1", "--port", "0"], env, args.phones, args.answers)
    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM answers").fetchone()[0] - 1
    print(f"answers stored: {stored:,} of {wanted:,}")
    report("aktorskab serve", ours)
    if ours["sent"]:
        print(f"  goal p99 ≤ 250 ms: {percentile(ours['sent'], 0.99) / 0.25:.2f}× the goal; "
              f"idle goal ≤ 2 %: {ours['idle'] * 100 / 2:.2f}× the goal")
    if not args.no_reference:
        reference = measure([sys.executable, __file__, "--serve-reference"], env, args.phones, args.answers)
        report("reference (bare Starlette, nothing stored)", reference)
        if ours["sent"] and reference["sent"]:
            print(f"ratio p50 {statistics.median(ours['sent']) / statistics.median(reference['sent']):.2f}× · "
                  f"p99 {percentile(ours['sent'], 0.99) / percentile(reference['sent'], 0.99):.2f}× the reference")


if __name__ == "__main__":
    main()
