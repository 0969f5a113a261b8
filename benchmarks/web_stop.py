"""The phone page's two promises in time, against the real `aktorskab serve` on 127.0.0.1 (they were asserts
in tests/test_web_server.py, where a busy machine made them flaky):

- a new answer reaches the projector's open stream within 3 s of the phone sending it;
- Ctrl-C stops the server within 5 s while the projector and the facilitator hold their streams open.

Each round starts one server and measures both, interleaved with its reference: the stream's latency against
the phone's own POST (send → Modtaget), and the stop with two streams open against a stop with none.
Prints medians and the worst of each.

    .venv/bin/python benchmarks/web_stop.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from web_helpers import csrf_of, stored_session  # noqa: E402

COMMAND = str(Path(sys.executable).with_name("aktorskab"))


def serve(session: int, env: dict[str, str]) -> tuple[subprocess.Popen, str, str]:
    """The server, its join URL and the facilitator's page."""
    proc = subprocess.Popen([COMMAND, "serve", str(session), "--host", "127.0.0.1", "--port", "0"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    banner = ""
    while "Projektoren:" not in banner:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("aktorskab serve startede ikke: " + proc.stderr.read())
        banner += line
    return proc, banner.split()[0], re.search(r"http://\S+/styr/\S+", banner)[0]


def next_event(lines) -> str:  # noqa: ANN001
    return next(line for line in lines if line.startswith("data:"))


def stop(proc: subprocess.Popen) -> float:
    started = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    return time.perf_counter() - started


def one_round(session: int, env: dict[str, str], n: int) -> dict[str, float]:
    """One round; a server a failure left running is killed."""
    servers: list[subprocess.Popen] = []
    try:
        return _round(session, env, n, servers)
    finally:
        for proc in servers:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)


def _round(session: int, env: dict[str, str], n: int, servers: list[subprocess.Popen]) -> dict[str, float]:
    figures: dict[str, float] = {}
    proc, url, facilitator = serve(session, env)
    servers.append(proc)
    phone = httpx.Client(follow_redirects=True, timeout=30)
    token = csrf_of(phone.get(url).text)
    phone.post(f"{url}/gruppe", data={"csrf": token, "group": "Gruppe 1"})
    with httpx.Client(timeout=30) as projector, projector.stream("GET", f"{url}/projektor/stream") as response:
        lines = response.iter_lines()
        next_event(lines)
        started = time.perf_counter()
        answer = phone.post(f"{url}/svar", data={"csrf": token, "text": f"svar {n} {uuid.uuid4()}"})
        figures["post"] = time.perf_counter() - started
        assert "Modtaget" in answer.text
        next_event(lines)
        figures["stream"] = time.perf_counter() - started
    phone.close()
    figures["stop, no stream"] = stop(proc)

    proc, url, facilitator = serve(session, env)
    servers.append(proc)
    held = []
    for path in (f"{url}/projektor/stream", f"{facilitator}/stream"):
        client = httpx.Client(timeout=60)
        held.append((client, client.send(client.build_request("GET", path), stream=True)))
    figures["stop, two streams"] = stop(proc)
    for client, response in held:
        response.close()
        client.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "AKTORSKAB_DB": str(Path(folder) / "bench.db"), "COLUMNS": "100",
               "AKTORSKAB_CACHE": str(Path(folder) / "cache")}
        os.environ.update(env)
        session = stored_session()
        rounds = [one_round(session, env, n) for n in range(args.rounds)]
    goals = {"stream": 3.0, "stop, two streams": 5.0}
    print(f"{args.rounds} rounds, load average {os.getloadavg()[0]:.1f}")
    for name in ("post", "stream", "stop, no stream", "stop, two streams"):
        values = [r[name] for r in rounds]
        goal = goals.get(name)
        verdict = "" if goal is None else f"  (goal ≤ {goal:.0f} s: {'met' if max(values) <= goal else 'NOT met'})"
        print(f"{name:>18}: median {statistics.median(values) * 1000:7.1f} ms, worst {max(values) * 1000:7.1f} ms"
              f"{verdict}")


if __name__ == "__main__":
    main()
