"""CPU share of the running live screen: `python benchmarks/screen_cpu.py [--seconds 60] [--projector] [--web]`.

Starts `aktorskab run temadag` in a pseudo-terminal (120×40) with a throw-away database, presses space
to start the day, waits a few seconds for start-up to settle, then reads the process's utime+stime from
/proc/PID/stat over the measured window. Linux only (it reads /proc). Prints one line, e.g.
`skærmen brugte 0.41 % af én kerne over 60 s`. The requirement is ≤ 2 %.

The reference, measured over the same window in a pty of its own beside it: a bare Textual app that shows
the time and redraws it once a second (the live screen's clock ticks at most once a second), the least any
live screen on Textual costs. Both are mostly idle, so running them side by side lets the machine's load
fall on both alike without one measuring the other.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pexpect


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def drain(children: tuple[pexpect.spawn, ...], seconds: float) -> None:
    """Wait, reading what the screens write so no pty ever fills up."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        for child in children:
            try:
                child.read_nonblocking(65536, timeout=min(left, 0.25) / len(children))
            except pexpect.TIMEOUT:
                pass


REFERENCE_APP = """
import time
from textual.app import App
from textual.widgets import Static

class Clock(App):
    def compose(self):
        yield Static("Klar", id="s")
    def on_mount(self):
        self.set_interval(1.0, self.tick)
    def tick(self):
        self.query_one(Static).update(time.strftime("kl. %H.%M.%S"))
    def on_key(self, event):
        if event.key == "q":
            self.exit()

Clock().run()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--projector", action="store_true")
    parser.add_argument("--web", action="store_true", help="with the phone page (run --web --port 0) in the same process")
    args = parser.parse_args()
    command = shutil.which("aktorskab") or str(Path(sys.executable).with_name("aktorskab"))
    folder = tempfile.mkdtemp(prefix="aktorskab-cpu-")
    env = {**os.environ, "AKTORSKAB_DB": os.path.join(folder, "cpu.db"), "TERM": "xterm-256color"}
    argv = ["run", "temadag", "--speed", f"{args.speed:g}"] + (["--projector"] if args.projector else [])
    argv += ["--web", "--port", "0"] if args.web else []
    child = pexpect.spawn(command, argv, env=env, dimensions=(40, 120), encoding="utf-8")
    reference = pexpect.spawn(sys.executable, ["-c", REFERENCE_APP], env=env, dimensions=(40, 120), encoding="utf-8")
    children = (child, reference)
    try:
        reference.expect("Klar", timeout=20)
        child.expect(["tryk mellemrum", "Klar"], timeout=20)  # the projector shows no keys
        child.send(" ")
        drain(children, 3.0)
        before, started = [cpu_seconds(c.pid) for c in children], time.monotonic()
        drain(children, args.seconds)
        wall = time.monotonic() - started
        used, floor = (cpu_seconds(c.pid) - b for c, b in zip(children, before))
    finally:
        for c in children:
            c.send("q")
            c.expect(pexpect.EOF, timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    mode = " (projektor)" if args.projector else ""
    mode += " med telefonsiden" if args.web else ""
    print(f"skærmen{mode} brugte {100 * used / wall:.2f} % af én kerne over {wall:.0f} s "
          f"({used:.2f} s CPU, hastighed {args.speed:g}); reference (Textual-ur, ét tegn i sekundet): "
          f"{100 * floor / wall:.2f} % → {used / max(floor, 0.01):.1f}×; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
