"""The groups' answers typed in the panel of the live screen (Textual Pilot), against a real store."""

from __future__ import annotations

import threading

import pytest
from conftest import run_app, until

from aktorskab_cli.live.collect import collect
from aktorskab_cli.live.runner import LiveRun
from aktorskab_cli.live.screen import LiveScreen
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

pytestmark = [pytest.mark.tui, pytest.mark.slow]

ITEM = "Dialog i grupper med udgangspunkt i cases"


def real_collector(live: LiveRun):
    """As `aktorskab run` does: the dialogue in the panel's thread, on its own connection."""
    def collector(item, ask) -> None:
        store = open_store(live.store.path)
        try:
            collect(store, live.session_id, live.agenda, [item], groups=live.groups, ask=ask)
        finally:
            store.close()
    return collector


def to_the_dialogue(live: LiveRun) -> None:
    live.record(live.run.start(live.now(), live.agenda.start * 60.0))
    while live.run.current.id != "dialog-cases":
        live.do("next")


def shown(pilot, selector: str) -> str:
    return str(pilot.app.query_one(selector).render())


def prompt(pilot) -> str:
    return shown(pilot, "#panel-prompt")


def stored(live: LiveRun) -> list[tuple[str, str, int | None, str | None]]:
    return [(a.group, a.text, a.question, a.category) for a in live.store.answers(live.session_id)]


def test_answers_are_typed_in_the_panel_with_the_clock_running_and_stored_before_the_next_question(live) -> None:
    to_the_dialogue(live)

    async def script(pilot) -> None:
        app = pilot.app
        await pilot.press("a")
        await until(pilot, lambda: prompt(pilot) == "Hvilken gruppe?")
        assert app.panel.display and app.query_one("#clock").display
        assert app.panel.border_title == f"Gruppernes svar · {ITEM}"
        before = app.query_one("#clock").text
        live.fake.t += 61
        await until(pilot, lambda: app.query_one("#clock").text != before)  # the clock runs in view
        await pilot.press("enter")  # Gruppe 1
        await until(pilot, lambda: prompt(pilot) == "Hvilket spørgsmål svarer gruppen på?")
        await pilot.press("enter")  # all questions
        await until(pilot, lambda: prompt(pilot) == "Gruppe 1, svar 1 (tom linje: gruppen er færdig):")
        await pilot.press(*"Tillid og tid")  # 'n', 's', 'b', space … are letters here, not the run's keys
        await pilot.press("enter")
        await until(pilot, lambda: prompt(pilot) == "Hvor hører svaret hjemme?")
        assert stored(live) == [("Gruppe 1", "Tillid og tid", None, None)]  # on disk before it is sorted
        await pilot.press("2", "enter")  # a digit moves the pointer, Enter chooses (as in collect)
        await until(pilot, lambda: prompt(pilot).startswith("Gruppe 1, svar 2"))
        assert stored(live) == [("Gruppe 1", "Tillid og tid", None, "mangler-svar")]
        await pilot.press("escape")
        await until(pilot, lambda: not app.typing)
        assert not app.panel.display
        assert shown(pilot, "#message") == f"1 svar til »{ITEM}« er gemt."
        assert live.run.phase == "running" and live.run.current.id == "dialog-cases"
        await pilot.press("n")  # the run's keys are back
        assert live.run.current.id == "pause-2"
        await pilot.press("q")

    app = LiveScreen(live, collector=real_collector(live))
    run_app(app, script, size=(110, 40))
    assert app.return_value == "quit"
    assert [e.kind for e in live.store.events(live.session_id)][-2:] == ["next", "stop"]


def test_ctrl_c_in_the_panel_closes_the_panel_not_the_run(live) -> None:
    to_the_dialogue(live)

    async def script(pilot) -> None:
        await pilot.press("a")
        await until(pilot, lambda: prompt(pilot) == "Hvilken gruppe?")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: prompt(pilot).startswith("Gruppe 1, svar 1"))
        await pilot.press(*"Halvt skrevet")
        await pilot.press("ctrl+c")
        await until(pilot, lambda: not pilot.app.typing)
        assert pilot.app.is_running and live.run.phase == "running"
        assert shown(pilot, "#message") == f"Ingen svar til »{ITEM}« endnu."
        await pilot.press("q")

    app = LiveScreen(live, collector=real_collector(live))
    run_app(app, script, size=(110, 40))
    assert app.return_value == "quit" and stored(live) == []


def test_one_answer_of_a_group_is_re_sorted_without_the_question_or_an_empty_prompt(live) -> None:
    to_the_dialogue(live)
    live.store.add_answer(live.session_id, Answer("dialog-cases", "Gruppe 1", "Mere tid", 2, "mening"))
    prompts = []

    async def script(pilot) -> None:
        async def answer(expected: str, *keys: str) -> None:
            await until(pilot, lambda: prompt(pilot).startswith(expected))
            prompts.append(prompt(pilot))
            await pilot.press(*keys)

        await pilot.press("a")
        await answer("Hvilken gruppe?", "up", "enter")  # the pointer starts on Gruppe 2
        await answer("Gruppe 1 sagde (1 svar)", "up", "up", "enter")  # the answer itself
        await answer("»Mere tid«", "enter")  # "Skift kategori" is where the pointer starts
        await answer("Hvor hører svaret hjemme?", "3", "enter")
        await answer("Gruppe 1 sagde (1 svar)", "escape")
        await until(pilot, lambda: not pilot.app.typing)
        await pilot.press("q")

    run_app(LiveScreen(live, collector=real_collector(live)), script, size=(110, 40))
    assert stored(live) == [("Gruppe 1", "Mere tid", 2, "opmaerksom")]
    assert not any(p.startswith(("Hvilket spørgsmål", "Gruppe 1, svar")) for p in prompts)


def test_the_panel_is_shown_on_the_projector_too_and_its_keys_do_not_move_the_run(live) -> None:
    to_the_dialogue(live)

    async def script(pilot) -> None:
        await pilot.press("a")
        await until(pilot, lambda: prompt(pilot) == "Hvilken gruppe?")
        await pilot.press("n", "s", "b", "space", "q")  # no shortcut in the group list: nothing happens
        await pilot.pause()
        assert pilot.app.typing and live.run.current.id == "dialog-cases" and live.run.phase == "running"
        await pilot.press("escape")
        await until(pilot, lambda: not pilot.app.typing)
        await pilot.press("q")

    run_app(LiveScreen(live, projector=True, collector=real_collector(live)), script, size=(110, 40))
    assert [e.kind for e in live.store.events(live.session_id)].count("stop") == 1


def test_keys_typed_while_an_answer_is_stored_are_kept_for_the_next_question(live) -> None:
    to_the_dialogue(live)
    real = real_collector(live)

    stored_at_last = threading.Event()

    class Slow:
        """A slow disk once: the first answer is stored only when the script has typed every key after it, so
        they are all typed ahead (into one widget: which of two widgets' queues runs first on a loaded machine
        is not ours to test). No sleep: the script says when the disk may go on."""

        def __init__(self, ask) -> None:
            self.ask, self.slowed = ask, False

        def __getattr__(self, name: str):
            def later(*args, **kwargs):
                if name == "select" and args[0] == "Hvor hører svaret hjemme?" and not self.slowed:
                    self.slowed = True
                    assert stored_at_last.wait(30), "the script never typed its keys"
                return getattr(self.ask, name)(*args, **kwargs)
            return later

    async def script(pilot) -> None:
        await pilot.press("a")
        await until(pilot, lambda: prompt(pilot) == "Hvilken gruppe?")
        await pilot.press("enter")
        await until(pilot, lambda: prompt(pilot) == "Hvilket spørgsmål svarer gruppen på?")
        await pilot.press("enter")
        await until(pilot, lambda: prompt(pilot).startswith("Gruppe 1, svar 1"))
        # without waiting: answer, category by digit, answer, category by arrow (from the group's last),
        # empty line
        await pilot.press(*"Tillid", "enter", "2", "enter", *"Mod", "enter", "down", "enter", "enter")
        stored_at_last.set()
        await until(pilot, lambda: prompt(pilot).startswith("Gruppe 1 sagde (2 svar)"))
        await pilot.press("escape")
        await until(pilot, lambda: not pilot.app.typing)
        await pilot.press("q")

    run_app(LiveScreen(live, collector=lambda item, ask: real(item, Slow(ask))), script, size=(110, 40))
    assert stored(live) == [("Gruppe 1", "Tillid", None, "mangler-svar"), ("Gruppe 1", "Mod", None, "opmaerksom")]


LONG = ("Vi skal turde give hinanden mandat til at handle, også når det ikke er helt afklaret, hvem der "
        "bestemmer – og så skal lederen bakke op, selv om det gik skævt [b]bagefter")


def test_with_phone_answers_from_every_group_the_panel_starts_on_a_group_and_shows_answers_whole(live) -> None:
    to_the_dialogue(live)
    for group in ("Gruppe 1", "Gruppe 2"):  # the fixture's two groups have both answered from a phone
        live.store.add_answer(live.session_id, Answer("dialog-cases", group, LONG, 1, None, phone="p" * 22))

    async def script(pilot) -> None:
        from aktorskab_cli.live.answer_panel import Choices

        choices = pilot.app.query_one(Choices)
        await pilot.press("a")
        await until(pilot, lambda: prompt(pilot) == "Hvilken gruppe?")
        assert str(choices.get_option_at_index(choices.highlighted).prompt) == "Gruppe 1 (1 svar)"
        await pilot.press("enter")  # the habitual Enter opens Gruppe 1's answers, it does not end the item
        await until(pilot, lambda: prompt(pilot).startswith("Gruppe 1 sagde (1 svar)"))
        first = str(choices.get_option_at_index(0).prompt)
        assert first == f"{LONG}  [ingen kategori]"  # the whole answer, not cut at 60 characters

        def wrapped() -> bool:  # laid out at the panel's width: the long answer over several lines
            width = choices.scrollable_content_region.width
            return 0 < width < len(LONG) and choices.virtual_size.height >= 2 + len(LONG) // width

        await until(pilot, wrapped)
        drawn = " ".join(choices.render_line(y).text.strip() for y in range(choices.size.height))
        assert "bagefter  [ingen kategori]" in drawn  # brackets are text, not markup that vanishes
        await pilot.press("enter")  # »Færdig med Gruppe 1«: on to Gruppe 2, not to the end
        await until(pilot, lambda: prompt(pilot) == "Hvilken gruppe?")
        assert str(choices.get_option_at_index(choices.highlighted).prompt) == "Gruppe 2 (1 svar)"
        await pilot.press("enter")
        await until(pilot, lambda: prompt(pilot).startswith("Gruppe 2 sagde"))
        await pilot.press("enter")
        await until(pilot, lambda: prompt(pilot) == "Hvilken gruppe?")
        assert str(choices.get_option_at_index(choices.highlighted).prompt) == "Færdig med punktet"  # both seen
        await pilot.press("enter")
        await until(pilot, lambda: not pilot.app.typing)
        await pilot.press("q")

    run_app(LiveScreen(live, collector=real_collector(live)), script, size=(110, 40))
