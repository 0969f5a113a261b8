"""How fast does the synthesis board answer a key? `python benchmarks/board_speed.py [--answers 1000]`

A session with N answers (three dialogue items, four columns, eight groups, no two texts equal, so the
board starts with N points) is imported into a throw-away database, and the same with 10 answers as the
reference; then the keys a facilitator presses (move, open, mark, merge, split, move to a column, theme,
vote, barrier, undo, next item) are timed two ways:
  board    the board's own work per key, in process: the change, saved to SQLite (synchronous=FULL,
           so an fsync per change), and the screen lines computed (what BoardView draws); wall and CPU
  pty      the real program in a pseudo-terminal: `+` sent until the new vote count is on the screen
           (Textual's own frame pacing and the terminal output included)
Prints median and 90th percentile, and the ratio N answers / 10 answers (how much the size costs; on a
busy machine the absolute figures rise, the ratio much less). Goal (issue 10): a key to a redraw ≤ 50 ms
with 1,000 answers. A baseline (a Textual app that only counts `+`, same pty) shows the machine's floor.
Interleaved: the in-process rounds alternate between the two boards, and the three programs in their
ptys (10 answers, N answers, the baseline) are open at once and take turns, one `+` each (A B C A B C …),
so a busy spell of the shared machine falls on all of them alike.
Headless Pilot is not measured: `pilot.press` itself waits ~70 ms for idle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import imported_session, spread_answers

from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.board import Saver
from aktorskab_cli.synthesis.board_state import Board
from aktorskab_cli.synthesis.workflow import current

GOAL_MS = 50.0
# (Textual key, Board method and argument): a facilitator's round over the board, repeated
ROUND = [("down", "up_down", 1), ("space", "toggle_mark", None), ("down", "up_down", 1),
         ("space", "toggle_mark", None), ("f", "merge", None), ("enter", "toggle_open", None),
         ("d", "split", None), ("shift+right", "shift", 1), ("right", "left_right", 1), ("t", "cycle_theme", None),
         ("plus", "vote", 1), ("b", "toggle_kind", "barrier"), ("u", "undo", None), ("left", "left_right", -1),
         ("down", "up_down", 1), ("tab", "turn_page", 1)]


def make_session(db: Path, count: int) -> None:
    text = "Svar {n}: tydelige hjørneflag, tillid og psykologisk tryghed i hverdagen"
    imported_session(db, spread_answers(count, text))


def open_board(store) -> Board:  # noqa: ANN001 - a Store
    work = current(store, 1)
    return Board(work.agenda, work.answers, work.synthesis, work.new, save=Saver(store, 1, work.stored))


def time_boards(dbs: dict[int, Path], rounds: int) -> dict[int, tuple[list[float], list[float]]]:
    """Per key and board: (wall ms, CPU ms) of the change, its save and the screen lines, 160×45 like the pty;
    the boards take turns, a round of keys each."""
    stores = {size: open_store(db) for size, db in dbs.items()}
    boards = {size: open_board(store) for size, store in stores.items()}
    times: dict[int, tuple[list[float], list[float]]] = {size: ([], []) for size in dbs}
    for _ in range(rounds):
        for size, board in boards.items():
            wall, cpu = times[size]
            for _, name, arg in ROUND:
                start, start_cpu = time.perf_counter(), time.process_time()
                method = getattr(board, name)
                method() if arg is None else method(arg)
                draw(board, 156, 38)
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
    for store in stores.values():
        store.close()
    return times


def draw(board: Board, width: int, height: int) -> None:
    """What BoardView.lines does for the board's part of the screen."""
    from aktorskab_cli.synthesis.board_view import column_lines

    columns = board.columns()
    col_width = (width - 2 * (len(columns) - 1)) // max(1, len(columns))
    for n in range(len(columns)):
        column_lines(board, n, col_width, height)


def spawn_board(db: Path):  # noqa: ANN201 - a pexpect.spawn
    import pexpect

    command = str(Path(sys.executable).with_name("aktorskab"))
    env = {**os.environ, "AKTORSKAB_DB": str(db), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    child = pexpect.spawn(command, ["summary", "board", "1"], env=env, dimensions=(45, 160), encoding="utf-8",
                          timeout=30)
    child.expect("Det, der giver mening")
    child.expect("svar ·")
    return child


def spawn_baseline():  # noqa: ANN201 - a pexpect.spawn
    """A Textual app that only counts `+`, in the same kind of pty: this machine's floor right now."""
    import pexpect

    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    child = pexpect.spawn(sys.executable, ["-c", BASELINE_APP], env=env, dimensions=(45, 160), encoding="utf-8",
                          timeout=30)
    child.expect("Det, der giver mening")
    return child


def time_ptys(children: dict[str, object], presses: int) -> dict[str, list[float]]:
    """Send `+` to each program in turn and wait for its vote count »[n prik…« on its screen, `presses` times;
    then q."""
    import pexpect

    times: dict[str, list[float]] = {name: [] for name in children}
    for n in range(1, presses + 1):
        for name, child in children.items():
            start = time.perf_counter()
            child.send("+")
            child.expect(rf"\[{n} prik")
            times[name].append((time.perf_counter() - start) * 1000)
    for child in children.values():
        child.send("q")
        child.expect(pexpect.EOF)
    return times


BASELINE_APP = """
from textual.app import App
from textual.widgets import Static

class Counter(App):
    votes = 0
    def compose(self):
        yield Static("Det, der giver mening", id="s")
    def on_key(self, event):
        if event.key == "plus":
            self.votes += 1
            self.query_one(Static).update(f"[{self.votes} prik]", layout=False)
        elif event.key == "q":
            self.exit()

Counter().run()
"""


def stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.9 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    print(f"goal: a key to a redraw ≤ {GOAL_MS:g} ms with {args.answers} svar (load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="aktorskab-tavle-") as folder:
        sizes = (10, args.answers)
        dbs, pty_dbs = {}, {}
        for size in sizes:
            dbs[size], pty_dbs[size] = Path(folder) / f"{size}.db", Path(folder) / f"{size}-pty.db"
            make_session(dbs[size], size)
            make_session(pty_dbs[size], size)
        boards = time_boards(dbs, args.rounds)
        ptys = time_ptys({**{size: spawn_board(pty_dbs[size]) for size in sizes}, "baseline": spawn_baseline()},
                         args.presses)
        results = {size: {"board wall": stats(boards[size][0]), "board CPU": stats(boards[size][1]),
                          "pty": stats(ptys[size])} for size in sizes}
        for way in ("board wall", "board CPU", "pty"):
            (ref, _), (median, p90) = results[10][way], results[args.answers][way]
            print(f"{way:10}  {args.answers} svar: median {median:6.1f} ms, 90 % {p90:6.1f} ms   "
                  f"10 svar: median {ref:6.1f} ms   ratio {median / ref:4.1f}×   goal/median {GOAL_MS / median:4.1f}×")
        median, p90 = stats(ptys["baseline"])
        share = results[args.answers]["pty"][0] - median
        print(f"baseline    a Textual app that only counts `+`: median {median:6.1f} ms, 90 % {p90:6.1f} ms "
              f"(the pty floor on this machine now); the board's own share at {args.answers} svar: {share:5.1f} ms "
              f"(pty median minus this); load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
