"""A real run on another day than the agenda's `date`: the ready screen says so and how to rehearse instead;
held for a programme entry, the day starts only on j (never on the habitual space or Enter)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import database, run_app

from aktorskab_cli.rules.dates import danish_date

pytestmark = [pytest.mark.tui, pytest.mark.slow]

TODAY = danish_date(dt.date.today())
PLAN = 'plan = "aktorskab-2025-2026:omu-boerne-og-familieomraadet"'


def _agenda(run_cli, folder: Path, *lines: str) -> str:  # noqa: ANN001 - the fixture
    """Seed 004's meeting as a user writes it: dialogmoede copied, its date (and entry) added above the title."""
    assert run_cli("agenda", "new", str(folder / "omu-bf.toml"), "--from", "dialogmoede").exit_code == 0
    path = folder / "omu-bf.toml"
    path.write_text("\n".join(lines) + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return str(path)


@pytest.fixture(autouse=True)
def _on_a_terminal(request, monkeypatch) -> None:  # noqa: ANN001
    """`run` as typed in a terminal (the screen's tests), except for the one test without one."""
    if "without_a_terminal" not in request.node.name:
        monkeypatch.setattr("aktorskab_cli.cli.run_cmd._terminal", lambda: True)


def _opened(agenda: str, speed: float | None = None, auto: bool = False):  # noqa: ANN202 - a LiveRun
    from aktorskab_cli.cli.run_cmd import _prepare

    opening, _ = _prepare(agenda, None)
    return opening(groups=None, speed=speed, auto=auto)


def _other_day() -> str:
    day = dt.date(2026, 4, 7)
    return (day if day != dt.date.today() else day + dt.timedelta(days=1)).isoformat()


def test_a_real_run_of_a_linked_meeting_on_another_day_needs_j_not_space_or_enter(run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.live.screen import LiveScreen
    from aktorskab_cli.programme.storage import session_link

    agenda = _agenda(run_cli, tmp_path, f"date = {_other_day()}", PLAN)
    live = _opened(agenda)
    day = danish_date(dt.date.fromisoformat(_other_day()))
    said = []

    async def script(pilot) -> None:  # noqa: ANN001
        said.append(str(pilot.app.query_one("#message").render()))
        await pilot.press("space", "enter", "space")
        assert live.run.phase == "ready" and live.session_id is None  # nothing held, nothing stored
        said.append(str(pilot.app.query_one("#keys").render()))
        await pilot.press("j")
        assert live.run.phase == "running"
        await pilot.press("q")

    run_app(LiveScreen(live), script, size=(140, 40))
    assert said[0] == (
        f"Dagsordenen er til {day}, men i dag er {TODAY}: startes dagen nu, tæller mødet som holdt i dag for "
        f"»Dialogmøder i OMU: Børne- og familieområdet« i årets program. Øv i stedet med en prøvekørsel, der aldrig "
        f"tæller: aktorskab run {agenda} --speed 60. Holdes mødet i dag, så ret date i omu-bf.toml til "
        f"{dt.date.today().isoformat()}. Tryk j for at holde mødet i dag alligevel.")  # the same words as --auto's
    assert said[1] == "j hold mødet i dag · a gruppernes svar · q afslut"
    assert session_link(live.store, live.session_id) == ("aktorskab-2025-2026", "omu-boerne-og-familieomraadet")


def test_a_rehearsal_of_the_same_meeting_starts_on_space_without_a_word(run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.live.screen import LiveScreen

    live = _opened(_agenda(run_cli, tmp_path, f"date = {_other_day()}", PLAN), speed=60)

    async def script(pilot) -> None:  # noqa: ANN001
        assert str(pilot.app.query_one("#message").render()) == "Klar – tryk mellemrum for at starte dagen."
        await pilot.press("space")
        assert live.run.phase == "running"
        await pilot.press("q")

    run_app(LiveScreen(live), script, size=(140, 40))


def test_an_agenda_dated_today_starts_on_space_without_a_word(run_cli, tmp_path: Path) -> None:
    live = _opened(_agenda(run_cli, tmp_path, f"date = {dt.date.today().isoformat()}", PLAN))
    assert (live.wrong_day, live.confirmed) == ("", True)


def test_an_unlinked_meeting_on_another_day_is_warned_but_starts_on_space(run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.live.screen import LiveScreen

    agenda = _agenda(run_cli, tmp_path, f"date = {_other_day()}")
    live = _opened(agenda)
    day = danish_date(dt.date.fromisoformat(_other_day()))

    async def script(pilot) -> None:  # noqa: ANN001
        assert str(pilot.app.query_one("#message").render()) == (
            f"Dagsordenen er til {day}, men i dag er {TODAY}: startes dagen nu, dateres mødet og opsamlingen i dag. "
            f"Øv i stedet med en prøvekørsel, der aldrig tæller: aktorskab run {agenda} --speed 60. "
            f"Holdes mødet i dag, så ret date i omu-bf.toml til {dt.date.today().isoformat()}. "
            "Tryk mellemrum for at starte dagen alligevel.")
        await pilot.press("space")
        assert live.run.phase == "running"
        await pilot.press("q")

    run_app(LiveScreen(live), script, size=(140, 40))


def test_auto_without_a_terminal_refuses_a_linked_meeting_on_another_day(run_cli, tmp_path: Path) -> None:
    agenda = _agenda(run_cli, tmp_path, f"date = {_other_day()}", PLAN)
    day = danish_date(dt.date.fromisoformat(_other_day()))
    result = run_cli("run", agenda, "--auto")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Dagsordenen er til {day}, men i dag er {TODAY}: startes dagen nu, tæller mødet som holdt i dag for "
        f"»Dialogmøder i OMU: Børne- og familieområdet« i årets program. Øv i stedet med en prøvekørsel, der aldrig "
        f"tæller: aktorskab run {agenda} --speed 60. Holdes mødet i dag, så ret date i omu-bf.toml til "
        f"{dt.date.today().isoformat()}.\n")
    assert not (tmp_path / "test.db").exists()


def test_a_bundled_agenda_run_as_a_template_is_not_warned_about_its_own_date(run_cli, tmp_path: Path) -> None:
    """The bundled temadag is dated 2 April 2025, the day of seed 000's HU temadag: a facilitator running it
    for real as the template of their own day was warned that the agenda is for another day, every time.
    Its date is the seed's, not theirs; the meeting is dated the day it is held, as any real run is."""
    live = _opened("temadag")
    assert live.run.agenda.date == dt.date(2025, 4, 2) != dt.date.today()
    assert (live.wrong_day, live.confirmed) == ("", True)


def test_a_copy_of_a_bundled_agenda_in_the_folder_is_the_facilitators_own_and_warned(run_cli, tmp_path: Path,
                                                                                    monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    from aktorskab_cli.agenda.content import bundled_agendas

    (tmp_path / "temadag.toml").write_bytes(bundled_agendas()["temadag"].read_bytes())
    live = _opened("temadag")  # your own copy wins over the bundled one of that name
    assert live.wrong_day.startswith(f"Dagsordenen er til 2. april 2025, men i dag er {TODAY}: ")


def test_a_meeting_resumed_on_a_later_day_is_not_asked_again_and_keeps_the_day_it_started(
        run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    """The laptop died in the afternoon of the OMU meeting (held on the agenda's day, for its programme
    entry); the facilitator resumes it the next morning to type in the last flip-charts. The day the meeting
    was held was fixed when it started (`Session.at_clock_pace`), and resuming changes neither it nor the
    entry, so the warning (»tæller mødet som holdt i dag«) would be untrue: no warning, space goes on."""
    from aktorskab_cli.cli.run_cmd import _prepare

    day = _other_day()
    live = _opened(_agenda(run_cli, tmp_path, f"date = {day}", PLAN))
    assert live.confirm_day() is not None
    live.save_and_stop()
    live.lock.release()
    db = database(tmp_path)
    with db:  # the day started on the agenda's date, not today
        db.execute("UPDATE sessions SET started = ? || substr(started, 11)", (day,))
    db.close()

    opening, note = _prepare(None, "latest")
    resumed = opening(groups=None, speed=None, auto=False)
    assert (note, resumed.wrong_day, resumed.confirmed) == ("", "", True)
    assert resumed.space() is not None and resumed.run.phase == "running"
    assert resumed.store.session(str(resumed.session_id)).meeting_date.isoformat() == day
    resumed.save_and_stop()
