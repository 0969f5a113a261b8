"""The live screen, headless: keys change the run, and every event is stored before it is drawn."""

from __future__ import annotations

import pytest
from conftest import run_app, until

from aktorskab_cli.live.runner import LiveRun
from aktorskab_cli.live.screen import LiveScreen
from aktorskab_cli.live.view import KEYS, big_text, make_view

pytestmark = [pytest.mark.tui, pytest.mark.slow]


def kinds(live: LiveRun) -> list[str]:
    return [e.kind for e in live.store.events(live.session_id)]


def test_keys_move_the_day_and_are_stored(live) -> None:
    stored_when_drawn = []

    async def script(pilot) -> None:
        app = pilot.app
        original = app.redraw

        def redraw() -> None:  # whatever is drawn is already on disk
            stored_when_drawn.append(len(live.store.events(live.session_id)) == len(kinds(live)))
            original()

        app.redraw = redraw
        await pilot.press("space")
        assert live.run.phase == "running"
        live.fake.t += 120
        await pilot.press("plus", "plus", "minus")
        assert live.run.current.extra == 1
        await pilot.press("n")
        assert live.run.current.id == "intro"
        await pilot.press("s")
        assert live.run.current.id == "olfa" and live.run.items[1].skipped
        await pilot.press("b")
        assert live.run.current.id == "intro"
        await pilot.press("space")
        assert live.run.phase == "paused"
        await pilot.press("space")
        await pilot.press("q")

    app = LiveScreen(live)
    run_app(app, script)
    assert kinds(live) == ["start", "extend", "extend", "extend", "next", "skip", "back", "pause", "resume", "stop"]
    assert app.return_value == "quit"
    assert live.store.session(live.session_id).status == "stopped"
    assert all(stored_when_drawn)


def test_the_screen_shows_item_countdown_next_and_end_of_day(live) -> None:
    async def script(pilot) -> None:
        await pilot.press("space")
        live.fake.t += 5 * 60
        pilot.app.redraw()
        await pilot.pause()
        text = lambda name: str(pilot.app.query_one(f"#{name}").render())  # noqa: E731
        assert "Morgenbrød og kaffe/te" in text("title")
        assert text("next") == "Næste kl. 8.15: Intro til temadagen (15 min.)"
        assert text("day").startswith("Planlagt slut kl. 15.00 · Forventet slut kl. ")
        assert text("keys") == KEYS
        assert make_view(live, live.now()).clock == "10:00"
        await pilot.press("q")

    run_app(LiveScreen(live), script)


def test_warning_colours_at_20_and_5_percent_and_red_overrun(live) -> None:
    live.start()
    start = live.now()
    budget = live.run.current.budget  # 15 minutes
    tones = []
    for used in (0.5, 0.81, 0.96):
        live.fake.t = start + budget * used
        tones.append(make_view(live, live.now()).tone)
    live.fake.t = start + budget + 75
    view = make_view(live, live.now())
    assert tones == ["calm", "warn", "alert"]
    assert (view.tone, view.clock) == ("over", "+1:15")


@pytest.mark.parametrize("projector", [False, True])
def test_minus_down_to_0_minutes_shows_the_overrun_in_red_and_rings_once(live, projector: bool) -> None:
    bells = []

    async def script(pilot) -> None:
        pilot.app.bell = lambda: bells.append(live.run.current.id)
        await pilot.press("space")
        live.fake.t += 2 * 60 + 5
        await pilot.press(*["minus"] * 15)  # 15 minutes planned: (15 min., -15 min.)
        assert live.run.current.budget == 0
        pilot.app._tick()
        await pilot.pause()
        clock = pilot.app.query_one("#clock")
        assert (clock.text, clock.tone) == ("+2:05", "over")
        assert "(15 min., -15 min.)" in str(pilot.app.query_one("#meta").render())
        live.fake.t += 60
        pilot.app._tick()
        await pilot.press("q")

    run_app(LiveScreen(live, projector=projector), script)
    assert bells == ["morgenbroed"]


def test_a_0_minute_budget_is_over_from_its_first_second(live) -> None:
    start_on_time(live)
    for _ in range(15):
        live.do("extend", -1)
    assert (make_view(live, live.now()).clock, make_view(live, live.now()).tone) == ("+0:00", "over")
    live.fake.t += 7
    assert (make_view(live, live.now()).clock, make_view(live, live.now()).tone) == ("+0:07", "over")


def test_a_0_minute_item_is_a_point_in_time_and_the_time_after_it_counts_as_over(live) -> None:
    bells = []

    async def script(pilot) -> None:
        pilot.app.bell = lambda: bells.append(live.run.current.id)
        start_on_time(live)
        while live.run.current.id != "tak-for-i-dag":
            live.fake.t += live.run.current.budget
            live.do("next")
        live.fake.t += 90
        pilot.app._tick()
        await pilot.pause()
        app = pilot.app
        assert (app.query_one("#clock").text, app.query_one("#clock").tone) == ("+1:30", "over")
        assert "tidspunkt kl. 15.00" in str(app.query_one("#meta").render())
        app.offer, app.message = None, ""  # no dialogue's answers waiting: the hint is shown
        app.redraw()
        await pilot.pause()
        hint = "Et tidspunkt, ikke et punkt med egen tid – tryk n, når det er sket."
        assert str(app.query_one("#message").render()) == hint
        await pilot.press("q")

    run_app(LiveScreen(live), script)
    assert "tak-for-i-dag" not in bells  # arriving at a moment is no overrun to ring for


def test_an_overrun_rings_the_bell_once_per_item(live) -> None:
    bells = []

    async def script(pilot) -> None:
        pilot.app.bell = lambda: bells.append(live.run.current.id)
        await pilot.press("space")
        live.fake.t += 16 * 60
        pilot.app._tick()
        live.fake.t += 60
        pilot.app._tick()
        pilot.app._tick()
        await pilot.press("n")
        live.fake.t += 16 * 60
        pilot.app._tick()
        await pilot.press("q")

    run_app(LiveScreen(live), script)
    assert bells == ["morgenbroed", "intro"]


def test_a_on_a_dialogue_item_opens_the_answer_panel_and_is_offered_when_it_ends(live) -> None:
    asked = []

    def collector(item, ask) -> None:
        asked.append(item.id)

    async def script(pilot) -> None:
        await pilot.press("space")
        await pilot.press("a")  # breakfast: no dialogue
        assert "ingen gruppedialog" in str(pilot.app.query_one("#message").render())
        await pilot.press("n", "n", "n", "n")
        assert live.run.current.id == "dialog-cases"
        await pilot.press("a")
        await until(pilot, lambda: not pilot.app.typing)
        await pilot.press("n")  # into the break: the dialogue's answers are offered
        assert str(pilot.app.query_one("#message").render()) == \
            "»Dialog i grupper med udgangspunkt i cases« er slut – tryk a for at skrive gruppernes svar."
        await pilot.press("a")
        await until(pilot, lambda: not pilot.app.typing)
        await pilot.press("q")

    run_app(LiveScreen(live, collector=collector), script)
    assert asked == ["dialog-cases", "dialog-cases"]


def test_auto_runs_the_day_by_itself_and_finishes(live) -> None:
    live.auto = True

    async def script(pilot) -> None:
        live.fake.t += 8 * 3600
        pilot.app._tick()
        await pilot.pause()

    app = LiveScreen(live)
    run_app(app, script)
    assert app.return_value == "finished"
    assert live.run.phase == "finished"
    assert live.store.session(live.session_id).status == "finished"
    assert kinds(live).count("next") == len(live.agenda.items)


@pytest.mark.parametrize(("key", "outcome"), [("q", "quit"), ("ctrl+c", "interrupted")])
def test_quitting_before_the_day_starts_deletes_the_empty_meeting(live, key: str, outcome: str) -> None:
    async def script(pilot) -> None:
        assert str(pilot.app.query_one("#keys").render()) == "mellemrum start dagen · a gruppernes svar · q afslut"
        await pilot.press(key)

    app = LiveScreen(live)
    run_app(app, script)
    assert (app.return_value, live.discarded) == (outcome, True)
    assert live.store.sessions() == []
    agenda, text = live.agenda, live.store.conn.execute("SELECT 'x'").fetchone()[0]
    assert live.store.create_session(agenda, text) == 1  # the first meeting held is still number 1


def test_answers_typed_before_the_start_keep_the_meeting(live) -> None:
    from aktorskab_cli.store.records import Answer

    live.store.add_answer(live.session_id, Answer("morgenbroed", "Gruppe 1", "Kaffen er god"))

    async def script(pilot) -> None:
        await pilot.press("q")

    run_app(LiveScreen(live), script)
    assert not live.discarded
    assert live.store.session(live.session_id).status == "stopped"


def test_ctrl_c_saves_and_says_interrupted(live) -> None:
    async def script(pilot) -> None:
        await pilot.press("space")
        await pilot.press("ctrl+c")

    app = LiveScreen(live)
    run_app(app, script)
    assert app.return_value == "interrupted"
    assert kinds(live) == ["start", "stop"]


def test_projector_mode_shows_the_big_clock_and_little_else(live) -> None:
    async def script(pilot) -> None:
        await pilot.press("space")
        await pilot.pause()
        app = pilot.app
        for hidden in ("questions", "keys", "meta", "top"):
            assert not app.query_one(f"#{hidden}").display
        clock = app.query_one("#clock")
        assert clock.size.height >= 20  # most of the screen
        await pilot.press("q")

    run_app(LiveScreen(live, projector=True), script, size=(120, 40))


def start_on_time(live: LiveRun) -> None:
    """Start the day at its planned start (live.start() would take the real time of day near 8.00)."""
    live.record(live.run.start(live.now(), live.agenda.start * 60.0))


def test_after_the_end_the_screen_says_when_the_day_ended_not_a_forecast(live) -> None:
    start_on_time(live)
    while live.run.phase != "finished":
        live.fake.t += live.run.current.budget + 10  # every item 10 seconds over
        live.do("next")
    view = make_view(live, live.now() + 3600)  # the screen is still up an hour later
    items = len(live.agenda.items)
    late = items * 10 // 60
    assert view.day == f"Dagen sluttede kl. 15.{late:02d} ({late} min. efter planen)"
    assert "Forventet" not in view.day and view.clock == "SLUT"


def test_the_big_digits_scale() -> None:
    assert len(big_text("12:34")) == 5
    assert len(big_text("12:34", 3)) == 15
    assert len(big_text("1", 2)[0]) == 12


def test_an_overrun_is_said_in_words_beside_the_red_digits(live) -> None:
    start_on_time(live)
    live.fake.t += 15 * 60 + 20
    view = make_view(live, live.now())
    assert (view.clock, view.tone, view.overrun) == ("+0:20", "over", "Tiden er gået")
    live.fake.t += 3 * 60
    view = make_view(live, live.now(), projector=True)
    assert (view.clock, view.overrun) == ("+3:20", "Tiden er gået – 3 min. over")  # on the projector too
    live.do("next")
    assert make_view(live, live.now()).overrun == ""


def test_the_projector_shows_a_dialogues_questions_and_no_keys_to_press(live) -> None:
    async def script(pilot) -> None:
        app = pilot.app
        assert str(app.query_one("#message").render()) == "Klar"
        await pilot.press("space", "n", "n", "n", "n")
        assert live.run.current.id == "dialog-cases"
        await pilot.pause()
        questions = str(app.query_one("#questions").render())
        assert app.query_one("#questions").display
        assert questions.startswith("1. Hvordan får vi konkret øje på professionelt aktørskab?")
        await pilot.press("n")  # the dialogue has ended: the facilitator's »tryk a« is not for the room
        await pilot.pause()
        assert "tryk" not in str(app.query_one("#message").render())
        await pilot.press("space")
        await pilot.pause()
        assert str(app.query_one("#message").render()) == "Uret er standset"
        await pilot.press("q")

    run_app(LiveScreen(live, projector=True), script, size=(120, 40))


def test_a_stopped_clock_is_worded_apart_from_an_item_called_pause(live) -> None:
    start_on_time(live)
    live.do("toggle")
    view = make_view(live, live.now())
    assert "URET STANDSET" in view.top and "PAUSE" not in view.top.upper().replace("URET STANDSET", "")
    assert view.hint == "Uret er standset – tryk mellemrum for at fortsætte."
    assert view.keys.startswith("mellemrum stands/start uret · ")


def test_after_b_the_screen_says_where_the_time_went(live) -> None:
    async def script(pilot) -> None:
        await pilot.press("space")
        live.fake.t += 16 * 60
        await pilot.press("n")  # Intro begins at 8.16
        live.fake.t += 4 * 60 + 30
        await pilot.press("b")
        await pilot.pause()
        message = str(pilot.app.query_one("#message").render())
        assert message == ("Tilbage til »Morgenbrød og kaffe/te«: de 4 min. i »Intro til temadagen« tæller med her, "
                           "og uret går videre fra punktets start.")
        assert live.run.current.elapsed(live.now()) == 20 * 60 + 30  # 16 minutes, then the 4½ of the intro
        await pilot.press("plus")  # the next key clears it
        assert "Tilbage til" not in str(pilot.app.query_one("#message").render())
        await pilot.press("q")

    run_app(LiveScreen(live), script, size=(140, 32))


def test_a_key_whose_handler_raises_fails_the_test_at_once_with_the_handlers_error(live, monkeypatch) -> None:
    """A Pilot test waiting with `until` for a screen a crashed app never draws failed only after until's 15
    seconds (each one of them), with »the screen never got there«; it fails as soon as the app has ended."""
    def crashed(self) -> None:  # noqa: ANN001
        raise RuntimeError("n gik galt")

    monkeypatch.setattr(LiveScreen, "action_next", crashed)

    async def script(pilot) -> None:
        await pilot.press("space", "n")
        await until(pilot, lambda: live.run.current.id == "intro", seconds=5)  # never: not waited for

    with pytest.raises(RuntimeError, match="n gik galt") as failed:
        run_app(LiveScreen(live), script)
    assert str(failed.value.__context__) == "the app ended (return code 1) before the screen got there"


def test_a_script_that_never_ends_fails_the_test_instead_of_hanging_the_suite(live) -> None:
    import asyncio

    async def script(pilot) -> None:
        await pilot.press("space")
        await asyncio.Event().wait()  # e.g. a future no one resolves

    with pytest.raises(AssertionError, match=r"^the app's script or shutdown did not end in 0\.5 s$"):
        run_app(LiveScreen(live), script, guard=0.5)
    assert live.run.phase == "running"  # the app was shut down all the same: the test goes on
