"""`aktorskab sessions`: a rehearsal is told from the real meeting, and each names its agenda."""

from __future__ import annotations

import json

import pytest

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


def _set_started(when: str) -> None:
    import os
    import sqlite3

    db = sqlite3.connect(os.environ["AKTORSKAB_DB"])
    db.execute("UPDATE sessions SET started = ?", (when,))
    db.commit()
    db.close()


def test_a_live_meeting_shows_when_it_started_the_danish_way(run_cli) -> None:
    _sessions(1.0)
    _set_started("2025-04-02T08:03:41+02:00")
    assert _rows(run_cli("sessions").stdout)["1"][2] == "2. april 2025 kl. 8.03"
    assert run_cli("show", "1").stdout.splitlines()[1] == "afsluttet · startet 2. april 2025 kl. 8.03 · 0 svar"


ANSWER = '[[answer]]\nitem = "hvad-er-aktorskab-for-os"\ngroup = "Gruppe 1"\ntext = "Mere tillid"\n'


def test_import_with_date_dates_the_meeting_and_says_so(run_cli, tmp_path) -> None:
    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    result = run_cli("import", "lmu", "svar.toml", "--date", "2026-03-12")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "Importerede 1 svar til møde 1 (Hvad er aktørskab for os?). Mødets dato: 12. marts 2026.")
    _set_started("2026-11-25T10:00:00+01:00")
    assert _rows(run_cli("sessions").stdout)["1"][2:4] == ["12. marts 2026", "importeret"]
    shown = run_cli("show", "1").stdout.splitlines()[1]
    assert shown == "importeret 25. november 2026 · mødets dato 12. marts 2026 · 1 svar"  # never "startet"
    assert "startet" not in run_cli("show", "1").stdout


def test_import_without_date_says_which_date_it_used(run_cli, tmp_path) -> None:
    import datetime as dt

    from aktorskab_cli.rules.dates import danish_date

    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    result = run_cli("import", "lmu", "svar.toml")
    assert result.exit_code == 0, result.output
    assert (f"Mødets dato er sat til i dag, {danish_date(dt.date.today())}; angiv den rigtige med "
            "--date ÅÅÅÅ-MM-DD.") in result.stderr
    (tmp_path / "svar2.toml").write_text(ANSWER.replace("hvad-er-aktorskab-for-os", "dialog-cases"), encoding="utf-8")
    dated = run_cli("import", "temadag", "svar2.toml")
    assert ("Mødets dato: 2. april 2025 (dagsordenens dato; angiv en anden med --date ÅÅÅÅ-MM-DD)."
            in dated.stderr)


@pytest.mark.parametrize("bad", ["12-03-2026", "2026-02-30", "i går"])
def test_import_refuses_a_date_it_cannot_read_and_stores_nothing(run_cli, tmp_path, bad: str) -> None:
    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    result = run_cli("import", "lmu", "svar.toml", "--date", bad)
    assert result.exit_code == 2
    assert result.stderr == f"--date »{bad}« er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, fx 2026-03-12\n"
    assert run_cli("sessions", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("ref", ["²", "٣"])
def test_a_meeting_number_in_other_digits_is_refused_not_a_traceback(run_cli, ref: str) -> None:
    _sessions(1)
    result = run_cli("show", ref)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"»{ref}« er ikke et mødenummer; brug et tal fra aktorskab sessions eller latest\n"
