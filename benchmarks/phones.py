"""Load on the phone page: 200 simulated phones × 5 answers against the real `aktorskab serve` on 127.0.0.1.

Each phone has its own cookies, opens the page, picks a group, and then five times: sends an answer (the
POST and the redirect to "Modtaget", as a browser does) and polls the current item as the page's script
does. A projector page and the facilitator's page hold their live streams open the whole time.

Prints: answers stored of sent, errors, p50/p99 latency of "send → Modtaget" (goal p99 ≤ 250 ms), the
same for the poll, the wall time, and the server's CPU share over 10 s of a quiet room with both streams
still open (goal ≤ 2 % of a core). Bounded: 1,000 answers, a 120 s deadline, only 127.0.0.1.

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


async def phone(n: int, url: str, answers: int, sent: list[float], polled: list[float], errors: list[str]) -> None:
    await asyncio.sleep(random.uniform(0, 2.0))  # phones do not all arrive in the same millisecond
    async with httpx.AsyncClient(timeout=30) as client:
        try:
            page = await client.get(url)
            token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
            await client.post(f"{url}/gruppe", data={"csrf": token, "group": f"Gruppe {n % GROUPS + 1}"})
            for k in range(answers):
                await asyncio.sleep(random.uniform(0.5, 3.0))  # writing the answer
                started = time.perf_counter()
                response = await client.post(f"{url}/svar", data={"csrf": token, "text": f"Telefon {n}, svar {k}: æøå"})
                if response.status_code != 303:
                    errors.append(f"svar {response.status_code}")
                    continue
                shown = await client.get(url + "?ok=modtaget")
                sent.append(time.perf_counter() - started)
                if "Modtaget" not in shown.text:
                    errors.append("ingen Modtaget")
                started = time.perf_counter()
                status = await client.get(f"{url}/status")
                polled.append(time.perf_counter() - started)
                if status.status_code != 200:
                    errors.append(f"status {status.status_code}")
        except (httpx.HTTPError, TypeError) as exc:
            errors.append(type(exc).__name__)


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--answers", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="aktorskab-phones-"))
    env = {**os.environ, "AKTORSKAB_DB": str(folder / "load.db")}
    answers_file = folder / "tom.toml"
    answers_file.write_text("", encoding="utf-8")
    made = subprocess.run([COMMAND, "import", "temadag", str(answers_file)], env=env, capture_output=True, text=True)
    if made.returncode != 0:  # an empty answers file may be refused: start from one answer then
        answers_file.write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 1"\ntext = "start"\n',
                                encoding="utf-8")
        made = subprocess.run([COMMAND, "import", "temadag", str(answers_file)], env=env, capture_output=True,
                              text=True, check=True)
    before = sqlite3.connect(folder / "load.db").execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    sqlite3.connect(folder / "load.db").execute("UPDATE sessions SET groups = ?", (GROUPS,)).connection.commit()
    server = subprocess.Popen([COMMAND, "serve", "latest", "--host", "127.0.0.1", "--port", "0"], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        banner = ""
        while "Projektoren:" not in banner:
            banner += server.stdout.readline()
        facilitator = re.search(r"http://\S+/styr/\S+", banner)[0]
        cpu_before = cpu_seconds(server.pid)

        async def run() -> tuple[dict, float]:
            result = await load(url, facilitator, args.phones, args.answers)
            await asyncio.sleep(2)  # the room goes quiet; the two streams stay open
            idle_start, idle_cpu = time.perf_counter(), cpu_seconds(server.pid)
            await asyncio.sleep(10)
            idle = (cpu_seconds(server.pid) - idle_cpu) / (time.perf_counter() - idle_start)
            for task in result["holders"]:
                task.cancel()
            await result["streams"].aclose()
            return result, idle

        result, idle = asyncio.run(run())
        load_cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.communicate(timeout=15)
    stored = sqlite3.connect(folder / "load.db").execute("SELECT COUNT(*) FROM answers").fetchone()[0] - before
    wanted = args.phones * args.answers
    sent, polled = result["sent"], result["polled"]
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"phones: {args.phones} × {args.answers} answers, real uvicorn on 127.0.0.1, "
          f"projector + facilitator streams open")
    print(f"answers stored:        {stored:,} of {wanted:,}")
    print(f"errors:                {len(result['errors'])}" + (f" {sorted(set(result['errors']))}" if result["errors"] else ""))
    if sent:
        print(f"send → Modtaget:       p50 {ms(statistics.median(sent))} · p99 {ms(percentile(sent, 0.99))} · "
              f"max {ms(max(sent))}  (goal p99 ≤ 250 ms: {percentile(sent, 0.99) / 0.25:.2f}× the goal)")
        print(f"poll of the item:      p50 {ms(statistics.median(polled))} · p99 {ms(percentile(polled, 0.99))}")
    print(f"wall time:             {result['wall']:.1f} s · server CPU during the load {load_cpu:.1f} s")
    print(f"stream events seen:    {len(result['events'])} (two pages)")
    print(f"idle CPU of the server with both streams open: {idle * 100:.2f} % of a core (goal ≤ 2 %)")


if __name__ == "__main__":
    main()
