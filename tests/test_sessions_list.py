"""`aktorskab sessions`: a rehearsal is told from the real meeting, and each names its agenda."""

from __future__ import annotations

import json

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store


def _sessions(*speeds: float) -> None:
    store = open_store()
    for speed, name in zip(speeds, ("temadag", "lmu", "lmu")):
        agenda, text = load_agenda(name)
        store.create_session(agenda, text, status="finished", speed=speed)
    store.close()


def _rows(stdout: str) -> dict[str, list[str]]:
    return {cells[0]: cells[1:] for line in stdout.splitlines() if "│" in line
            for cells in [[c.strip() for c in line.split("│")]]}


def test_sessions_name_the_agenda_and_mark_a_rehearsal(run_cli) -> None:
    _sessions(1.0, 60.0, 2.5)
    result = run_cli("sessions")
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert rows["1"][1] == "temadag" and rows["1"][3] == "afsluttet"
    assert rows["2"][1] == "lmu" and rows["2"][3] == "afsluttet · prøve 60×"
    assert rows["3"][3] == "afsluttet · prøve 2,5×"  # a Danish decimal comma


def test_sessions_json_has_the_speed(run_cli) -> None:
    _sessions(1.0, 60.0)
    rows = json.loads(run_cli("sessions", "--json").stdout)
    assert [(r["id"], r["agenda"], r["speed"]) for r in rows] == [(2, "lmu", 60.0), (1, "temadag", 1.0)]


def test_show_marks_a_rehearsal_too(run_cli) -> None:
    _sessions(1.0, 60.0)
    assert run_cli("show", "2").stdout.splitlines()[1].startswith("afsluttet · prøve 60× · startet ")
    assert run_cli("show", "1").stdout.splitlines()[1].startswith("afsluttet · startet ")
