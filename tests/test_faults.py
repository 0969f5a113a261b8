"""Fault injection in its short form (the long ones: python benchmarks/fault_injection.py and
benchmarks/followup_kill.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import benchmark, require_module
from pseudo_terminal import PSEUDO_TERMINAL

require_module("pexpect")
pytestmark = PSEUDO_TERMINAL
fault_injection = benchmark("fault_injection")
followup_kill = benchmark("followup_kill")


def _nothing_lost(report, rounds: int) -> None:  # noqa: ANN001 - a kill_rounds report
    """What every kill -9 experiment must show: each round ran and each after the first resumed the meeting;
    something was confirmed, and nothing confirmed is missing, nothing never typed is there, the file is whole."""
    assert report.rounds == rounds and report.resumes == rounds - 1
    assert report.confirmed > 0
    assert (report.lost, report.strangers, report.integrity_failures) == (0, 0, 0)


def test_kill_9_while_typing_loses_no_confirmed_answer_and_resume_always_works(tmp_path: Path) -> None:
    report = fault_injection.kill_rounds(tmp_path, rounds=3, seed=7)
    _nothing_lost(report, rounds=3)
    assert report.completed, report.notes


def test_kill_9_while_setting_statuses_loses_no_change_the_screen_confirmed(tmp_path: Path) -> None:
    report = followup_kill.kill_rounds(tmp_path, rounds=3, seed=11)
    _nothing_lost(report, rounds=3)
    assert report.keyed >= report.confirmed
    assert report.live_and_session, report.notes


def test_a_change_confirmed_but_missing_is_counted_as_lost() -> None:
    confirmed = [("post-1", "i-gang"), ("post-2", "droppet"), ("post-1", "i-gang")]
    assert followup_kill._missing(confirmed, [("post-1", "i-gang"), ("post-2", "droppet"), ("post-1", "i-gang")]) == 0
    assert followup_kill._missing(confirmed, [("post-1", "i-gang"), ("post-2", "droppet")]) == 1
    assert followup_kill._missing(confirmed, []) == 3


def test_two_runs_on_one_database(tmp_path: Path) -> None:
    report = fault_injection.concurrent_runs(tmp_path)
    assert report.both_finished and report.integrity
    assert report.second_resume_refused, report.refusal_message
    assert report.refusal_message.startswith("Møde 3 kører allerede i et andet vindue")
    assert report.first_went_on


def test_exports_while_a_run_writes_are_all_valid(tmp_path: Path) -> None:
    report = fault_injection.exports_during_writes(tmp_path, exports=6)
    assert (report.valid, report.exports) == (6, 6), report.problems
    assert report.answers_at_end > 0
