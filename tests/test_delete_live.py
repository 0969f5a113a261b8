"""`sessions --delete` while the meeting runs live in another window: a real second process holds the lock."""

from __future__ import annotations

from pathlib import Path

from conftest import database, require_module
from pseudo_terminal import PSEUDO_TERMINAL, ended, spawn, start_the_day

require_module("pexpect")
pytestmark = PSEUDO_TERMINAL


def test_a_meeting_running_in_another_window_cannot_be_deleted(small_agenda_file: Path, tmp_path: Path,
                                                               run_cli) -> None:
    child = spawn("run", str(small_agenda_file), "--speed", "60")  # a real second process holding the lock
    start_the_day(child)
    refused = run_cli("sessions", "--delete", "1", "--yes")
    assert refused.exit_code == 2
    assert refused.stderr == ("Møde 1 kører lige nu i et andet vindue eller på en anden skærm og kan ikke slettes. "
                              "Afslut mødet dér først (q), og slet det så. Intet er slettet.\n")
    assert database(tmp_path).execute("SELECT COUNT(*) FROM events").fetchone()[0] >= 1
    child.send("n")
    child.expect("Punkt 2 af 4")  # the run goes on and keeps writing to its meeting
    child.send("q")
    assert ended(child) == 0
    kinds = [k for (k,) in database(tmp_path).execute("SELECT kind FROM events ORDER BY id")]
    assert kinds[0] == "start" and len(kinds) >= 3
    done = run_cli("sessions", "--delete", "1", "--yes")
    assert done.exit_code == 0, done.stderr
    assert database(tmp_path).execute("SELECT COUNT(*) FROM sessions").fetchone() == (0,)
    assert not list(tmp_path.glob("test.db.session-*.lock"))
