"""A rehearsal (--speed): its day clock stands still in a pause, and --auto never reports lateness from rounding."""

from __future__ import annotations

import random

import pytest

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.agenda.schedule import format_clock
from aktorskab_cli.live.engine import Run, replay
from aktorskab_cli.live.runner import LiveRun, RunClock, day_line, progress_line, replan_line
from aktorskab_cli.opsamling.timing import timing_rows
from aktorskab_cli.opsamling.read import timing_records
from aktorskab_cli.store.db import open_store


@pytest.fixture
def temadag():
    return load_agenda("temadag")


class Jitter:
    """A monotonic clock whose every reading comes a little later than the last, irregularly,
    as a busy machine's timer wakes the screen."""

    def __init__(self, seed: int) -> None:
        self.t, self.rng = 5_000.123456, random.Random(seed)

    def __call__(self) -> float:
        return self.t

    def step(self) -> None:
        self.t += self.rng.choice([0.004, 0.3, 0.999, 1.0, 1.013, 2.7])


@pytest.mark.parametrize("seed", range(5))
def test_auto_at_speed_60_is_on_time_all_day_whatever_the_timer_does(temadag, tmp_path, seed: int) -> None:
    agenda, text = temadag
    store = open_store(tmp_path / "prøve.db")
    sid = store.create_session(agenda, text, speed=60)
    mono = Jitter(seed)
    live = LiveRun(Run(agenda, frozen=True), store, sid, RunClock(60, wall=lambda: 1_795_624_842.96782, mono=mono),
                   "temadag", auto=True)
    lines, shown = [], []
    live.listeners.append(lambda event: lines.append(progress_line(live.run, event)))
    while live.run.phase != "finished":
        live.catch_up()
        if live.run.phase != "finished":
            now = live.now()
            shown.append((day_line(live.run, now), replan_line(live.run, now), live.run.late_minutes(now)))
        mono.step()
    assert {late for _, _, late in shown} == {0}
    assert all(line.endswith("(til tiden)") and replan == "" for line, replan, _ in shown)
    assert not any("forsinket" in line or "+" in line for line in lines)
    rows = timing_rows(agenda, timing_records(agenda, store.events(sid), speed=60))
    assert [r.deviation_text for r in rows] == [""] * len(agenda.items)
    assert day_line(live.run, live.now()) == "Dagen sluttede kl. 15.00 (til tiden)"


def test_in_a_rehearsal_the_day_clock_stands_still_during_a_pause(temadag) -> None:
    agenda, _ = temadag
    run = Run(agenda, frozen=True)
    run.start(0.0, agenda.start * 60.0)
    run.pause(300.0)
    assert run.agenda_clock(300.0) == run.agenda_clock(2000.0) == 8 * 3600 + 300
    assert run.late_minutes(2000.0) == 0  # nothing of the day went by
    run.resume(2000.0)
    assert run.agenda_clock(2060.0) == 8 * 3600 + 360
    run.next(2060.0)
    assert run.timings()[0].end == 8 * 3600 + 360


def test_in_a_real_meeting_the_day_goes_on_during_a_pause(temadag) -> None:
    agenda, _ = temadag
    run = Run(agenda)
    run.start(0.0, agenda.start * 60.0)
    run.pause(300.0)
    assert run.agenda_clock(2000.0) == 8 * 3600 + 2000
    assert run.late_minutes(2000.0) == 28  # the day went on; the item waited


def test_a_replayed_rehearsal_keeps_its_frozen_pauses(temadag) -> None:
    agenda, _ = temadag
    run = Run(agenda, frozen=True)
    events = [run.start(0.0, agenda.start * 60.0), run.pause(60.0), run.stop(60.0), run.resume(900.0),
              run.next(960.0)]
    again = replay(agenda, events, speed=60)
    assert again.agenda_clock(960.0) == run.agenda_clock(960.0) == 8 * 3600 + 120


def test_a_pause_later_in_a_rehearsal_does_not_move_an_earlier_moment(temadag) -> None:
    agenda, _ = temadag
    run = Run(agenda, frozen=True)
    for event in (run.start(0.0, agenda.start * 60.0), run.pause(300.0), run.resume(2100.0), run.next(2400.0)):
        assert event is not None
    assert run.agenda_clock(0.0) == 8 * 3600  # the day began at 8.00, whatever pauses came later
    assert run.agenda_clock(300.0) == run.agenda_clock(2100.0) == 8 * 3600 + 300
    assert [(t.start, t.end) for t in run.timings()[:2]] == [(8 * 3600, 8 * 3600 + 600), (8 * 3600 + 600, None)]


def test_show_tells_a_rehearsal_s_times_as_its_screen_did(temadag, run_cli) -> None:
    agenda, text = temadag
    store = open_store()
    sid = store.create_session(agenda, text, speed=60, status="stopped")
    run = Run(agenda, frozen=True)
    for event in (run.start(0.0, agenda.start * 60.0), run.pause(300.0), run.resume(2100.0), run.next(2400.0)):
        store.add_event(sid, event)
    store.close()
    on_screen = format_clock(run.agenda_clock(2400.0) / 60)
    assert on_screen == "8.10"  # the screen's clock when the first item ended: the pause stood still
    shown = run_cli("show", str(sid))
    assert shown.exit_code == 0, shown.output
    assert "│ 8.00–8.15   │ 8.00–8.10 │ −5 min." in shown.stdout  # was 7.30–8.40: the pause counted, twice


@pytest.mark.slow
def test_a_rehearsal_killed_mid_item_resumes_where_its_clock_had_got_to(tmp_path) -> None:
    """kill -9 of `run --speed 120 --auto` (plain, no terminal) several agenda minutes after its last event:
    the resume goes on from the clock the run kept on disk, not from the last event (which lost those
    minutes: at 60× a rehearsal fell back 12 minutes)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from aktorskab_cli.live.runner import resume_live

    db = tmp_path / "prøve.db"
    env = {**os.environ, "AKTORSKAB_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "aktorskab_cli", "run", "temadag", "--speed", "120", "--auto"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        assert "Intro til temadagen" in proc.stdout.readline() + proc.stdout.readline() + proc.stdout.readline()
        deadline = time.monotonic() + 30
        store = open_store(db)
        while True:  # Intro (15 min.) is running: wait until the kept clock is 5 agenda minutes past its start
            events = store.events(1)
            kept = store.run_clock(1)
            if kept is not None and kept - events[-1].at >= 300:
                break
            assert time.monotonic() < deadline, (events, kept)
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    last = store.events(1)[-1]
    kept = store.run_clock(1)
    live = resume_live(store, "1", agenda_ref="temadag", groups=None, speed=None, auto=False)
    stop = store.events(1)[-1]
    assert stop.kind == "stop" and stop.at >= kept >= last.at + 300
    assert live.run.current.elapsed(stop.at) >= 300  # the minutes it ran before the kill count for the item
    live.lock.release()
    store.close()
