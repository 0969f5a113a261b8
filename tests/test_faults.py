"""Fault injection in its short form (the long one: python benchmarks/fault_injection.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import PSEUDO_TERMINAL, benchmark, require_module

require_module("pexpect")
pytestmark = PSEUDO_TERMINAL
fault_injection = benchmark("fault_injection")


def test_kill_9_while_typing_loses_no_confirmed_answer_and_resume_always_works(tmp_path: Path) -> None:
    report = fault_injection.kill_rounds(tmp_path, rounds=3, seed=7)
    assert report.rounds == 3 and report.resumes == 2
    assert report.confirmed > 0
    assert (report.lost, report.strangers, report.integrity_failures) == (0, 0, 0)
    assert report.completed, report.notes


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
