"""The run engine over a fake clock: a 7-hour day runs in milliseconds, and never drifts."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import small_agenda

from aktorskab_cli.live.runner import RunClock
from aktorskab_cli.agenda.resolve import load_agenda, load_agenda_text
from aktorskab_cli.live.engine import Run, minimum_minutes, replay
from aktorskab_cli.store.records import Event

NINE = 9 * 3600.0


@pytest.fixture
def small():
    return load_agenda_text(small_agenda((10, 30, 15, 20)), Path("lille.toml"))


@pytest.fixture
def temadag():
    return load_agenda("temadag")[0]


def started(agenda, at: float = 0.0) -> Run:
    run = Run(agenda)
    run.start(at, agenda.start * 60.0)
    return run


def test_the_countdown_is_the_budget_minus_the_time_gone(small) -> None:
    run = started(small)
    assert run.current.remaining(0) == 600
    assert run.current.remaining(125) == 475
    assert run.agenda_clock(125) == NINE + 125


def test_a_pause_stops_the_countdown_and_resume_goes_on(small) -> None:
    run = started(small)
    run.pause(60)
    assert run.phase == "paused"
    assert run.current.remaining(300) == 540  # nothing passes while paused
    run.resume(360)
    assert run.current.remaining(400) == 500
    assert run.toggle(420).kind == "pause" and run.toggle(480).kind == "resume"
    assert run.current.remaining(480) == 600 - (480 - 300 - 60)


def test_a_closed_lid_counts_the_time_it_was_closed(small) -> None:
    wall = [1_000_000.0]
    clock = RunClock(1, wall=lambda: wall[0], mono=lambda: 0.0)  # monotonic stands still while asleep
    run = Run(small)
    run.start(clock.now(), NINE)
    wall[0] += 45 * 60  # the laptop sleeps through 45 minutes of lunch
    now = clock.now()
    assert run.current.remaining(now) == 600 - 45 * 60
    assert run.lateness(now) == 35 * 60


def test_overrun_counts_past_zero(small) -> None:
    run = started(small)
    assert run.current.remaining(600) == 0
    assert run.current.remaining(725) == -125
    run.next(725)
    assert run.timings()[0].overrun == 125
    assert run.lateness(725) == 125


def test_plus_and_minus_change_the_items_time_by_a_minute(small) -> None:
    run = started(small)
    run.extend(10, +1)
    run.extend(20, +1)
    assert run.current.budget == 720
    run.extend(30, -1)
    assert run.current.remaining(30) == 660 - 30
    assert run.projected_end(30) == small.end * 60 + 60


def test_back_returns_to_the_previous_item_and_keeps_its_time(small) -> None:
    run = started(small)
    run.next(300)
    assert run.current.id == "dialog"
    run.back(400)
    assert run.current.title == "Velkomst"
    assert run.current.ended is None
    assert run.current.remaining(400) == 600 - 400  # its clock ran on, as the room did
    assert run.items[1].started is None


def test_skip_marks_the_item_skipped_and_takes_it_out_of_the_day(small) -> None:
    run = started(small)
    run.next(600)
    run.skip(650)
    assert run.items[1].skipped
    assert run.current.title == "Pause"
    assert run.projected_end(650) == NINE + 650 + (15 + 20) * 60


def test_a_whole_temadag_with_auto_next_every_7_seconds_has_zero_drift(temadag) -> None:
    run = started(temadag, 0.0)
    now = 0.0
    while run.phase != "finished":
        now += 7
        while run.auto_next(now):
            pass
    drift = [abs(t.start - t.planned_start * 60) for t in run.timings()]
    assert max(drift) == 0.0
    assert run.agenda_clock(run.last_at) == temadag.end * 60  # 15:00 to the second
    assert all(abs(t.elapsed - t.planned_minutes * 60) == 0 for t in run.timings())


def test_a_late_day_suggests_shortening_breaks_first_and_never_below_their_minimum(temadag) -> None:
    run = started(temadag, 0.0)
    for _ in range(2):
        run.next(run.current.budget + run.current.started)
    run.next(run.current.started + run.current.budget + 25 * 60)  # OLFA runs 25 minutes over
    assert run.current.id == "pause-1"  # running now: the suggestions are for what comes after
    assert round(run.lateness(run.last_at) / 60) == 25
    cuts, missing = run.replan(run.last_at)
    assert missing == 0
    assert sum(c.minutes - c.to for c in cuts) == 25
    kinds = {i.id: i.kind for i in temadag.items}
    breaks = [c for c in cuts if kinds[c.item_id] == "break"]
    assert [(c.title, c.minutes, c.to) for c in breaks] == [("Pause", 15, 10), ("Frokost", 30, 20)]
    assert sum(c.minutes - c.to for c in cuts if kinds[c.item_id] != "break") == 10  # what breaks can't give
    for cut in cuts:
        state = next(i for i in run.items if i.id == cut.item_id)
        assert cut.to >= minimum_minutes(state)


def test_a_very_late_day_says_how_many_minutes_cannot_be_found(small) -> None:
    run = started(small)
    run.next(600 + 3 * 3600)  # three hours over
    cuts, missing = run.replan(run.last_at)
    assert cuts and missing > 0


def test_the_shown_lateness_is_the_sum_of_the_suggested_cuts_and_what_is_still_missing(small) -> None:
    from aktorskab_cli.live.runner import day_line, replan_line

    for over in range(0, 40 * 60, 13):  # the welcome runs over by 0 s … 40 min, in odd steps
        run = started(small)
        run.next(600 + over)
        now = run.last_at + 17.5  # mid-item, with seconds: the dialogue runs on time
        day, suggestion = day_line(run, now), replan_line(run, now)
        shown_end = re.search(r"Forventet slut kl. (\d{1,2})\.(\d\d)", day)
        late = re.search(r"\((\d+) min\. efter planen\)", day)
        shown = int(late[1]) if late else 0
        assert int(shown_end[1]) * 60 + int(shown_end[2]) - small.end == shown, day  # the clocks agree
        cuts, missing = run.replan(now)
        assert sum(c.minutes - c.to for c in cuts) + missing == shown == run.late_minutes(now), (day, suggestion)
        if shown == 0:
            assert suggestion == ""


def test_a_day_80_seconds_late_says_1_minute_and_suggests_1_minute(small) -> None:
    from aktorskab_cli.live.runner import day_line, replan_line

    run = started(small)
    run.next(600 + 80)
    assert day_line(run, run.last_at) == "Planlagt slut kl. 10.15 · Forventet slut kl. 10.16 (1 min. efter planen)"
    assert replan_line(run, run.last_at) == "Forslag til at nå det: forkort Pause kl. 9.40 fra 15 til 14 min."


def test_replaying_the_stored_events_gives_the_live_state(temadag) -> None:
    rng = random.Random(7)
    run = started(temadag, 1000.0)
    events = [Event("start", 1000.0, temadag.items[0].id, temadag.start * 60.0)]
    now = 1000.0
    while run.phase != "finished":
        now += rng.uniform(5, 900)
        command = rng.choice(["toggle", "next", "next", "back", "skip", "plus", "minus", "stop", "resume"])
        if command == "plus":
            event = run.extend(now, 1)
        elif command == "minus":
            event = run.extend(now, -1)
        else:
            event = getattr(run, command)(now)
        if event:
            events.append(event)
    again = replay(temadag, events)
    assert again.timings() == run.timings()
    assert (again.index, again.phase, again.last_at) == (run.index, run.phase, run.last_at)


def test_stop_pauses_the_clock_until_the_run_is_resumed(small) -> None:
    run = started(small)
    run.stop(100)
    assert run.phase == "paused"
    assert run.current.remaining(5000) == 500
    run.resume(5000)
    assert run.current.remaining(5100) == 400


def test_a_resumed_clock_never_goes_back_behind_the_stored_events() -> None:
    clock = RunClock(1, floor=2_000.0, wall=lambda: 1_000.0)  # a speed-60 rehearsal ran ahead of the wall
    assert clock.now() == 2_000.0
    fast = RunClock(60, floor=5_000.0, wall=lambda: 1_000.0, mono=iter([0.0, 2.0]).__next__)
    assert fast.now() == 5_000.0 + 120.0


def test_a_planned_gap_between_items_counts_in_the_day_so_it_is_not_early() -> None:
    gap = load_agenda_text('title = "Hul"\nstart = "9.00"\n\n[[item]]\ntitle = "A"\nminutes = 30\n\n'
                           '[[item]]\ntitle = "B"\nstart = "10.00"\nminutes = 30\n', Path("hul.toml"))
    run = started(gap, 0.0)
    assert run.late_minutes(0.0) == 0 and run.projected_end(0.0) == 10.5 * 3600
