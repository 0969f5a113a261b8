"""A real meeting resumed on a later day (the laptop died in the afternoon, the facilitator types the rest in
the next morning): the night is not the meeting's time. It counted in full for the item the crash happened in
(some 18 hours of »overskridelse« in the timing bilag) and moved the day's clock on into the next morning."""

from __future__ import annotations

import time
from pathlib import Path

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.engine import replay
from aktorskab_cli.live.runner import resume_live
from aktorskab_cli.opsamling.timing import timing_rows
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Event

EIGHT = 8 * 3600.0


def _crashed_yesterday(hours_ago: float) -> tuple[int, float]:
    """temadag started at 8.00 `hours_ago` hours ago, »Intro« begun at 8.15; then the laptop died."""
    agenda, text = load_agenda("temadag")
    store = open_store()
    session = store.create_session(agenda, text)
    t0 = time.time() - hours_ago * 3600
    store.add_event(session, Event("start", t0, "morgenbroed", EIGHT))
    store.add_event(session, Event("next", t0 + 15 * 60, "morgenbroed"))
    store.close()
    return session, t0


def test_a_meeting_resumed_the_next_day_does_not_count_the_night_for_the_item_it_crashed_in(tmp_path: Path) -> None:
    session, t0 = _crashed_yesterday(20)
    store = open_store()
    live = resume_live(store, str(session), agenda_ref="temadag", groups=None, speed=None, auto=False)
    try:
        stop = store.events(session)[-1]
        assert (stop.kind, stop.at) == ("stop", t0 + 15 * 60)  # the last the record knows, not this morning
        now = live.now()
        assert live.run.agenda_clock(now) == EIGHT + 15 * 60  # the day's clock stands where the meeting stopped
        live.record(live.run.resume(now))
        live.record(live.run.next(now + 10 * 60))  # Intro goes on 10 minutes this morning
        rows = timing_rows(live.agenda, live.run.timings(now + 10 * 60))
        assert [(r.actual_text, r.deviation) for r in rows[:3]] == [
            ("8.00–8.15", 0), ("8.15–8.25", -5), ("8.25–", None)]
        assert live.run.items[1].elapsed(now + 10 * 60) == 10 * 60  # no overrun: 10 of its 15 minutes
    finally:
        live.lock.release()
        store.close()


def test_a_crash_resumed_the_same_day_still_counts_for_the_item_as_it_did_in_the_room(tmp_path: Path) -> None:
    """Within the day the room went on while the laptop restarted: that time is the item's (resume_live)."""
    session, t0 = _crashed_yesterday(0.5)  # 30 minutes ago: Intro has run 15 minutes
    store = open_store()
    live = resume_live(store, str(session), agenda_ref="temadag", groups=None, speed=None, auto=False)
    try:
        stop = store.events(session)[-1]
        assert stop.kind == "stop" and stop.at >= t0 + 30 * 60
        assert live.run.current.elapsed(stop.at) >= 15 * 60
    finally:
        live.lock.release()
        store.close()


def test_a_stop_and_a_resume_on_a_later_day_leave_the_night_out_of_the_days_clock() -> None:
    """The same rule replayed from the record alone (show, export): q one evening, on the next morning."""
    agenda, _ = load_agenda("temadag")
    t0 = 1_000_000.0
    events = [Event("start", t0, "morgenbroed", EIGHT), Event("next", t0 + 900, "morgenbroed"),
              Event("stop", t0 + 1200, "intro"), Event("resume", t0 + 20 * 3600, "intro"),
              Event("next", t0 + 20 * 3600 + 600, "intro")]
    run = replay(agenda, events)
    rows = timing_rows(agenda, run.timings())
    assert [(r.actual_text, r.deviation) for r in rows[:2]] == [("8.00–8.15", 0), ("8.15–8.30", 0)]
