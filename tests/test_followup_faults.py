"""kill -9 while statuses are set in the follow-up item (the long form: python benchmarks/followup_kill.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import PSEUDO_TERMINAL, benchmark, require_module

require_module("pexpect")
pytestmark = PSEUDO_TERMINAL
followup_kill = benchmark("followup_kill")


def test_kill_9_while_setting_statuses_loses_no_change_the_screen_confirmed(tmp_path: Path) -> None:
    report = followup_kill.kill_rounds(tmp_path, rounds=3, seed=11)
    assert report.rounds == 3 and report.resumes == 2
    assert report.confirmed > 0 and report.keyed > report.confirmed - 1
    assert (report.lost, report.strangers, report.integrity_failures) == (0, 0, 0)
    assert report.live_and_session, report.notes


def test_a_change_confirmed_but_missing_is_counted_as_lost() -> None:
    confirmed = [("post-1", "i-gang"), ("post-2", "droppet"), ("post-1", "i-gang")]
    assert followup_kill._missing(confirmed, [("post-1", "i-gang"), ("post-2", "droppet"), ("post-1", "i-gang")]) == 0
    assert followup_kill._missing(confirmed, [("post-1", "i-gang"), ("post-2", "droppet")]) == 1
    assert followup_kill._missing(confirmed, []) == 3
