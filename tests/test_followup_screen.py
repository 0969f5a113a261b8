"""The follow-up item on the live screen, headless through Textual's Pilot: the keys a facilitator presses (also
Enter out of habit, and Esc), every status stored before it is drawn, the projector. What the pure view says,
word for word: test_followup_view.py."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import FakeTime
from conftest import run_app as run_app_at

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.engine import Run
from aktorskab_cli.live.followup import suggestion_text
from aktorskab_cli.live.followup_view import ENTER_HINT, NOTE_CANCELLED, NOTE_EMPTY
from aktorskab_cli.live.runner import LiveRun, RunClock
from aktorskab_cli.live.screen import BigClock, LiveScreen
from aktorskab_cli.programme.storage import status_changes
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
from followup_data import PROGRAMME, TODAY, make_live

pytestmark = [pytest.mark.tui, pytest.mark.slow]

run_app = functools.partial(run_app_at, size=(100, 40))  # the entries' list wants 40 lines


@pytest.fixture
def live(tmp_path: Path):
    """The follow-up meeting's run (followup_data), in place of conftest's temadag run."""
    result = make_live(tmp_path)
    yield result
    result.store.close()


def changes(live: LiveRun) -> list[tuple[str, str, str, str]]:
    return [(c.entry, c.status, c.note, c.origin) for c in status_changes(live.store, "aar") if c.origin != "set"]


def screen(live: LiveRun, *, projector: bool = False) -> LiveScreen:
    app = LiveScreen(live, projector=projector)
    app.today = TODAY
    return app


async def to_followup(pilot) -> None:
    await pilot.press("space", "n")
    assert pilot.app.live.run.current.id == "opfoelgning"


def test_arrows_and_a_digit_set_a_status_stored_before_it_is_drawn(live) -> None:
    drawn_after_store = []

    async def script(pilot) -> None:
        app = pilot.app
        original = app.redraw

        def redraw() -> None:
            shown = [s.status for s in app.followups["opfoelgning"].states] if app.followups else []
            drawn_after_store.append(shown == [_latest(live, s) for s in ("seminar", "omu-adm", "materialer")][:len(shown)])
            original()

        app.redraw = redraw
        await to_followup(pilot)
        await pilot.press("down", "down", "3")  # three keys: the third entry is »gennemført«
        assert app.message == "Gemt: »Dialogmaterialer« er nu »gennemført«."
        await pilot.press("up", "2")
        assert app.message == "Gemt: »Dialogmøde i OMU: OMU Administrationen« er nu »i gang«."
        await pilot.press("q")

    run_app(screen(live), script)
    assert changes(live) == [("materialer", "gennemfoert", "", "live"), ("omu-adm", "i-gang", "", "live")]
    session_uuid = live.store.session(live.session_id).uuid
    assert {c.session for c in status_changes(live.store, "aar") if c.origin == "live"} == {session_uuid}
    assert drawn_after_store and all(drawn_after_store)


def _latest(live: LiveRun, entry: str) -> str:
    found = status_changes(live.store, "aar", entry)
    return found[-1].status if found else "ikke-startet"


def test_the_list_is_this_forums_entries_and_those_due_and_stays_while_the_item_runs(live) -> None:
    async def script(pilot) -> None:
        app = pilot.app
        await to_followup(pilot)
        ids = [s.entry.id for s in app.followups["opfoelgning"].states]
        assert ids == ["seminar", "omu-adm", "materialer"]  # not »senere« (not due), not »faerdig« (done)
        await pilot.press("3")  # »seminar« is done now, and stays on the list with its new status
        app.followups["opfoelgning"].refresh()
        assert [(s.entry.id, s.label) for s in app.followups["opfoelgning"].states][0] == ("seminar", "gennemført")

    run_app(screen(live), script)


def test_enter_out_of_habit_changes_no_status(live) -> None:
    async def script(pilot) -> None:
        app = pilot.app
        await to_followup(pilot)
        await pilot.press("enter", "enter", "down", "enter")
        assert app.message == ENTER_HINT
        assert live.run.current.id == "opfoelgning"

    run_app(screen(live), script)
    assert changes(live) == []


def test_a_note_is_stored_with_the_entrys_status_esc_cancels_and_an_empty_one_stores_nothing(live) -> None:
    async def script(pilot) -> None:
        app = pilot.app
        await to_followup(pilot)
        await pilot.press("2")
        await pilot.press("k", *"ikke", "escape")
        assert (app.message, app.noting) == (NOTE_CANCELLED, None)
        assert live.run.current.id == "opfoelgning"  # Esc closed only the note
        await pilot.press("k", "enter")
        assert app.message == NOTE_EMPTY
        await pilot.press("k", *"halvt", "ctrl+c")  # Ctrl-C in the note closes the note, not the meeting
        assert (app.message, app.noting, live.run.phase) == (NOTE_CANCELLED, None, "running")
        await pilot.press("k", *"venter på budget, 3 n q", "enter")  # digits and keys are text in the note
        assert app.message == "Gemt: »Tema på seminar« er nu »i gang« – venter på budget, 3 n q."
        assert live.run.current.id == "opfoelgning" and live.run.phase == "running"

    run_app(screen(live), script)
    assert changes(live) == [("seminar", "i-gang", "", "live"), ("seminar", "i-gang", "venter på budget, 3 n q", "live")]


def test_f_takes_the_newest_suggestion_from_the_phones(live) -> None:
    from aktorskab_cli.programme import catalogue

    programme, _ = catalogue.load("aar.toml")
    entry = programme.entry("materialer")
    for group, status in (("Gruppe 1", "i-gang"), ("Gruppe 2", "droppet")):
        live.store.add_answer(live.session_id, Answer("opfoelgning", group, suggestion_text(entry, status), phone="p" * 16))

    async def script(pilot) -> None:
        app = pilot.app
        await to_followup(pilot)
        await pilot.press("f")
        assert app.message == "Ingen forslag fra telefonerne til »Tema på seminar«."
        await pilot.press("down", "down")
        detail = app.query_one("#fu-detail").render()
        assert str(detail) == ("Forslag fra telefonerne: Gruppe 1: i gang, Gruppe 2: droppet. "
                               "Tryk f for at bruge det nyeste (Gruppe 2: droppet).")
        await pilot.press("f")
        assert app.message == "Gemt: »Dialogmaterialer« er nu »droppet« – forslag fra Gruppe 2."
        await pilot.press("f")  # twice: the second stores nothing
        assert app.message == "»Dialogmaterialer« er allerede »droppet«, som det nyeste forslag siger; intet er gemt."
        assert str(app.query_one("#fu-detail").render()) == (
            "Seneste bemærkning: forslag fra Gruppe 2\n"
            "Forslag fra telefonerne: Gruppe 1: i gang, Gruppe 2: droppet (det nyeste er postens status nu).")
        assert app.query_one("#fu-list").view.lines[2].text == (
            "▶ droppet       2 forslag · Dialogmaterialer · 1. kvartal 2026")

    run_app(screen(live), script)
    assert changes(live) == [("materialer", "droppet", "forslag fra Gruppe 2", "phone")]


def test_a_followup_without_a_programme_says_so_and_how_and_keys_store_nothing(tmp_path: Path) -> None:
    live = make_live(tmp_path, plan="")

    async def script(pilot) -> None:
        app = pilot.app
        await to_followup(pilot)
        assert str(app.query_one("#fu-problem").render()) == (
            "Mødet er ikke knyttet til årets program: gem og stop det med q, og fortsæt med aktorskab run --resume "
            f"{live.session_id} --plan aktorskab-2025-2026:omu-administration (med mødets egen post i stedet for "
            "omu-administration: se posterne med aktorskab plan show aktorskab-2025-2026).")
        await pilot.press("3", "enter")
        assert live.run.current.id == "opfoelgning"

    run_app(screen(live), script)
    assert [c.origin for c in status_changes(live.store, "aar")] == ["set"]
    live.store.close()


def test_a_programme_that_cannot_be_read_is_said_and_the_meeting_goes_on(tmp_path: Path) -> None:
    live = make_live(tmp_path, plan='plan = "findes-ikke"')

    async def script(pilot) -> None:
        await to_followup(pilot)
        problem = str(pilot.app.query_one("#fu-problem").render())
        assert problem.startswith("Programmet »findes-ikke« findes ikke")
        assert problem.endswith("(Punktet følger op på plan = »findes-ikke«.)")
        await pilot.press("n")
        assert live.run.current.id == "dialog"

    run_app(screen(live), script)
    live.store.close()


def test_the_projector_shows_the_list_without_keys_or_suggestions(live) -> None:
    async def script(pilot) -> None:
        app = pilot.app
        await to_followup(pilot)
        await pilot.press("3")
        assert not app.query_one("#fu-keys").display
        entries = app.query_one("#fu-list")
        assert entries.view.lines[0].text.startswith("▶ gennemført")
        assert app.query_one(BigClock).size.height == 5  # a projector-size screen keeps the block digits

    run_app(screen(live, projector=True), script, size=(160, 45))


def test_on_80_by_24_the_countdown_gives_its_rows_to_the_list(live) -> None:
    async def script(pilot) -> None:
        app = pilot.app
        await to_followup(pilot)
        await pilot.pause()
        assert app.query_one(BigClock).size.height == 1
        assert app.query_one("#fu-list").size.height >= 3
        await pilot.press("n")
        await pilot.pause()
        assert app.query_one(BigClock).size.height > 1  # the next item has its block digits back

    run_app(screen(live), script, size=(80, 24))


def test_keys_of_the_followup_do_nothing_outside_it(live) -> None:
    async def script(pilot) -> None:
        await pilot.press("space", "3", "k", "f", "enter")
        assert pilot.app.noting is None

    run_app(screen(live), script)
    assert changes(live) == []


def test_a_resume_from_another_folder_finds_the_programme_the_meeting_kept(live, tmp_path: Path, monkeypatch) -> None:
    run_app(screen(live), to_followup)  # the item opened once: its programme is kept with the meeting
    elsewhere = tmp_path / "andetsteds"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # aar.toml is not here

    async def script(pilot) -> None:
        app = pilot.app
        assert live.run.current.id == "opfoelgning"
        assert str(app.query_one("#fu-heading").render()) == "Aktørskab i Prøve: 3 poster at følge op på"
        await pilot.press("3")
        assert app.message == "Gemt: »Tema på seminar« er nu »gennemført«."

    run_app(screen(live), script)
    assert changes(live) == [("seminar", "gennemfoert", "", "live")]


def test_typing_a_dialogues_answers_during_a_followup_item_sets_no_status(tmp_path: Path) -> None:
    """A dialogue, then the follow-up: `a` takes the dialogue's answers in the panel, and its arrows, digits
    and Enter belong to the panel, not to the entries."""
    from conftest import until

    from aktorskab_cli.live.collect import collect

    (tmp_path / "aar.toml").write_text(PROGRAMME, encoding="utf-8")
    (tmp_path / "moede.toml").write_text(
        'title = "Møde"\norganisation = "OMU Administrationen"\nstart = "9.00"\nframe = "aktorskab"\n\n'
        '[[item]]\nid = "dialog"\ntitle = "Dialog"\nminutes = 20\nkind = "dialogue"\nquestions = ["Hvad nu?"]\n\n'
        '[[item]]\nid = "opfoelgning"\ntitle = "Opfølgning"\nminutes = 10\nkind = "followup"\nplan = "aar.toml"\n',
        encoding="utf-8")
    agenda, text = load_agenda(str(tmp_path / "moede.toml"))
    store = open_store(tmp_path / "panel.db")
    sid = store.create_session(agenda, text, groups=2)
    live = LiveRun(Run(agenda), store, sid, RunClock(1, wall=FakeTime()), "moede.toml", groups=2)

    def collector(item, ask) -> None:  # noqa: ANN001 - as run does: on its own connection, in the panel's thread
        own = open_store(store.path)
        try:
            collect(own, sid, agenda, [item], groups=2, ask=ask)
        finally:
            own.close()

    async def script(pilot) -> None:
        app = pilot.app
        await pilot.press("space", "n")
        assert live.run.current.id == "opfoelgning"
        await pilot.press("a")
        await until(pilot, lambda: app.typing)
        await pilot.press("down", "enter")  # Gruppe 2
        await until(pilot, lambda: app.panel.asking == "text")
        await pilot.press(*"3 ting", "enter")  # a digit in the text
        await until(pilot, lambda: app.panel.asking == "select")
        await pilot.press("2", "enter")  # its category, by digit
        await until(pilot, lambda: app.panel.asking == "text")
        await pilot.press("escape")
        await until(pilot, lambda: not app.typing)
        await pilot.press("q")

    app = LiveScreen(live, collector=collector)
    app.today = TODAY
    run_app(app, script)
    assert [(a.item_id, a.group, a.text) for a in store.answers(sid)] == [("dialog", "Gruppe 2", "3 ting")]
    assert status_changes(store, "aar") == []
    store.close()
