"""The synthesis board, headless: the keys a facilitator presses, what is stored, and what is shown."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from conftest import run_app

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.board import Arrivals, BoardApp, BoardView, Saver
from aktorskab_cli.synthesis.board_state import Board
from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis
from aktorskab_cli.synthesis.workflow import current

pytestmark = [pytest.mark.tui, pytest.mark.slow]

ANSWERS = [
    Answer("dialog-cases", "Gruppe 1", "Teams skal kende deres mandat", category="mening"),
    Answer("dialog-cases", "Gruppe 2", "Klart mandat til teamet", category="mening"),
    Answer("dialog-cases", "gruppe 3 ", "Mandat, fx i valg af vikarer", category="mening"),
    Answer("dialog-cases", "Gruppe 1", "Hvad er de klare rammer?", category="mangler-svar"),
    Answer("dialog-cases", "Gruppe 2", "Tydelige hjørneflag og tillid", category="opmaerksom"),
    Answer("god-dialog", "Gruppe 1", "Sænk tempoet – især i overgange"),
]


@pytest.fixture
def store(tmp_path: Path):
    agenda, text = load_agenda("temadag")
    result = open_store(tmp_path / "tavle.db")
    result.create_session(agenda, text, status="imported", answers=ANSWERS)
    yield result
    result.close()


def open_board(store) -> Board:
    work = current(store, 1)
    return Board(work.agenda, work.answers, work.synthesis, work.new, save=Saver(store, 1, work.stored))


def run_board(board: Board, script, size=(200, 50)) -> None:
    run_app(BoardApp(board, "Temadag"), script, size)


def screen(pilot) -> str:
    return pilot.app.query_one(BoardView).text()


def message(pilot) -> str:
    return str(pilot.app.query_one("#message").render())


def stored_points(store) -> list[tuple[str, list[str], str | None]]:
    """(text, the answers' texts, category) of each stored point."""
    synthesis = load_synthesis(store, 1)
    texts = {a.id: a.text for a in store.answers(1)}
    return [(p.text, [texts[a] for a in p.answers], p.category) for p in synthesis.points]


def test_marking_three_answers_and_merging_stores_one_point_for_three_groups(store) -> None:
    async def script(pilot) -> None:
        assert "Teams skal kende deres mandat (1 gruppe)" in screen(pilot)
        await pilot.press("space", "down", "space", "down")  # the cursor's own row joins, last
        assert message(pilot) == "2 markeret – tryk f for at flette"
        await pilot.press("f")
        assert message(pilot) == "Flettet: 3 svar i ét punkt"
        assert "Teams skal kende deres mandat (3 grupper)" in screen(pilot)  # the first marked one's headline

    assert load_synthesis(store, 1) is None  # nothing stored before the first change
    run_board(open_board(store), script)
    points = stored_points(store)
    assert ("Teams skal kende deres mandat",
            ["Teams skal kende deres mandat", "Klart mandat til teamet", "Mandat, fx i valg af vikarer"],
            "mening") in points
    assert len(points) == 4  # the other three answers stay points of their own


def test_whatever_is_drawn_is_already_stored(store) -> None:
    board = open_board(store)
    checked = []

    async def script(pilot) -> None:
        view = pilot.app.query_one(BoardView)
        original = view.lines

        def lines():  # every time the board's lines are computed for the screen
            if board.history:
                checked.append(load_synthesis(store, 1) == board.stored())
            return original()

        view.lines = lines
        await pilot.press("space", "down", "f", "shift+right", "t", "plus", "b", "u", "enter", "d", "u", "u")

    run_board(board, script)
    assert len(checked) >= 8 and all(checked)


def test_rename_in_the_app_and_escape_cancels(store) -> None:
    async def script(pilot) -> None:
        await pilot.press("r", "ctrl+u", *"Klare mandater", "enter")
        assert message(pilot) == "Omdøbt"
        assert "Klare mandater (1 gruppe)" in screen(pilot)
        await pilot.press("r", "ctrl+u", *"qufd", "escape")  # board keys typed into the name do nothing
        assert message(pilot) == "Omdøbning fortrudt"
        assert "Klare mandater (1 gruppe)" in screen(pilot)

    run_board(open_board(store), script)
    assert stored_points(store)[0] == ("Klare mandater", ["Teams skal kende deres mandat"], "mening")


def test_move_theme_barrier_next_votes_and_hide_are_each_stored(store) -> None:
    async def script(pilot) -> None:
        await pilot.press("shift+right")
        assert message(pilot) == "Flyttet til »Det, vi mangler svar på«"
        await pilot.press("t", "t")
        assert message(pilot) == "Tema: Roller og relationer"
        await pilot.press("plus", "plus", "plus", "minus")
        assert "[2 prikker]" in screen(pilot)
        await pilot.press("b")
        assert "[barriere]" in screen(pilot)
        await pilot.press("right", "v", "h")
        assert "[vejen videre]" in screen(pilot) and "[skjult]" in screen(pilot)

    run_board(open_board(store), script)
    synthesis = load_synthesis(store, 1)
    moved = next(p for p in synthesis.points if p.text == "Teams skal kende deres mandat")
    assert (moved.category, moved.theme, moved.votes, moved.kind) == ("mangler-svar", "roller-og-relationer",
                                                                    2, "barrier")
    next_line = next(p for p in synthesis.points if p.kind == "next")
    assert next_line.text == "Tydelige hjørneflag og tillid" and next_line.hidden


def test_split_a_point_and_lift_one_answer_out(store) -> None:
    async def script(pilot) -> None:
        await pilot.press("space", "down", "space", "down", "f")  # one point of three answers
        await pilot.press("enter", "down", "down", "d")  # the second answer lifted out
        assert message(pilot) == "Svaret er nu et punkt for sig"
        await pilot.press("down", "d")
        assert message(pilot) == "Delt i 2 punkter"

    run_board(open_board(store), script)
    assert sorted(len(answers) for _, answers, _ in stored_points(store)) == [1, 1, 1, 1, 1, 1]


def test_undo_goes_back_many_steps_and_is_saved(store) -> None:
    async def script(pilot) -> None:
        await pilot.press("space", "down", "f", "shift+right", "b")
        first = stored_points(store)
        await pilot.press("u", "u")
        assert message(pilot) == "Fortrudt (1 trin tilbage)"
        assert stored_points(store) != first
        await pilot.press("u")
        await pilot.press("u")
        assert message(pilot) == "Der er intet at fortryde"

    board = open_board(store)
    draft = board.synthesis
    run_board(board, script)
    assert load_synthesis(store, 1).points == draft.points  # back to the draft, and that is what is stored


def test_quit_and_reopen_shows_the_same_board(store) -> None:
    async def change(pilot) -> None:
        await pilot.press("space", "down", "f", "r", "ctrl+u", *"Mandat", "enter", "q")

    run_board(open_board(store), change)
    shown = []

    async def look(pilot) -> None:
        shown.append(screen(pilot))

    run_board(open_board(store), look)
    assert "Mandat (2 grupper)" in shown[0]
    assert load_synthesis(store, 1) == open_board(store).synthesis


def test_tab_turns_to_the_next_item_and_its_columns(store) -> None:
    async def script(pilot) -> None:
        assert "Det, der giver mening" in screen(pilot)
        await pilot.press("tab")
        assert "Sænk tempoet – især i overgange (1 gruppe)" in screen(pilot)
        title = str(pilot.app.query_one("#title").render())
        assert title == "Understøttelse af den gode dialog i MED og i personalegrupper  (2 af 2 · tab skifter)"

    run_board(open_board(store), script)


def test_new_answers_wait_under_their_heading_until_placed(store) -> None:
    save_synthesis(store, 1, current(store, 1).synthesis)
    store.add_answer(1, Answer("dialog-cases", "Gruppe 4", "Mere tid til sparring", category="mening"))

    async def script(pilot) -> None:
        assert "Nye svar, endnu ikke samlet" in screen(pilot)
        assert str(pilot.app.query_one("#status").render()) == "7 svar · 6 punkter · 1 nyt svar, endnu ikke samlet"
        await pilot.press("down", "shift+right")  # a change somewhere else: the new answer still waits
        assert "Nye svar, endnu ikke samlet" in screen(pilot)

    run_board(open_board(store), script)
    assert "Mere tid til sparring" not in [t for t, _, _ in stored_points(store)]
    assert open_board(store).new  # still new when opened again

    async def place(pilot) -> None:
        await pilot.press("a")
        assert message(pilot) == "Anbragt"
        assert "Nye svar, endnu ikke samlet" not in screen(pilot)

    run_board(open_board(store), place)
    assert ("Mere tid til sparring", ["Mere tid til sparring"], "mening") in stored_points(store)


def test_answers_stored_while_the_board_is_open_come_in_as_new_and_withdrawn_ones_leave(store) -> None:
    work = current(store, 1)
    board = open_board(store)

    async def script(pilot) -> None:
        app = pilot.app
        await pilot.press("space", "down", "f")  # a point of two answers, stored
        app.look_for_answers()
        await pilot.pause()
        assert message(pilot) == "Flettet: 2 svar i ét punkt"  # nothing came: nothing changes
        phone = store.add_answer(1, Answer("dialog-cases", "Gruppe 4", "Mere tid til sparring", category="mening"))
        app.look_for_answers()
        await pilot.pause()
        assert message(pilot) == "1 nyt svar kom ind"
        assert "Nye svar, endnu ikke samlet" in screen(pilot) and "Mere tid til sparring (1 gruppe)" in screen(pilot)
        withdrawn = next(a.id for a in store.answers(1) if a.text == "Teams skal kende deres mandat")
        store.delete_answer(withdrawn)
        app.look_for_answers()
        await pilot.pause()
        assert message(pilot) == "1 svar blev slettet"
        assert "Teams skal kende deres mandat (1 gruppe)" in screen(pilot)  # the headline stays, its answer left
        await pilot.press("down", "shift+right", "u", "u")  # saving and undoing still work without it
        assert message(pilot) == "Fortrudt (0 trin tilbage)"
        assert phone in board.answers

    async def main() -> None:
        app = BoardApp(board, "Temadag", arrivals=Arrivals(store, 1, work.answers))
        async with app.run_test(size=(200, 50)) as pilot:
            await script(pilot)

    asyncio.run(main())
    texts = [t for t, _, _ in stored_points(store)]
    assert "Teams skal kende deres mandat" not in texts and "Mere tid til sparring" not in texts


def test_drop_answers_leaves_the_rest_and_drops_emptied_points() -> None:
    from aktorskab_cli.synthesis.model import Point, Synthesis

    synthesis = Synthesis(points=(Point("A", (1, 2), uuid="a"), Point("B", (3,), uuid="b"), Point("C", (), uuid="c")))
    assert synthesis.drop_answers([2, 3]).points == (Point("A", (1,), uuid="a"), Point("C", (), uuid="c"))
    assert synthesis.drop_answers([9]) == synthesis


def test_a_change_that_cannot_be_saved_is_not_shown(store) -> None:
    board = open_board(store)

    def fail(synthesis) -> None:
        raise sqlite3.OperationalError("database is locked")

    board.save = fail

    async def script(pilot) -> None:
        before = screen(pilot)
        await pilot.press("shift+right")
        assert message(pilot) == "Ændringen kunne ikke gemmes (database is locked); intet er ændret"
        assert screen(pilot) == before

    run_board(board, script)
    assert board.history == [] and load_synthesis(store, 1) is None


def test_fits_a_small_terminal_with_the_danish_keys(store) -> None:
    async def script(pilot) -> None:
        text = screen(pilot)
        assert all(len(line) <= 78 for line in text.splitlines())
        assert "Det, der giver" in text and "Teams skal kende" in text
        keys = str(pilot.app.query_one("#keys").render())
        assert "mellemrum marker · f flet · d del · r omdøb" in keys and "u fortryd · q afslut" in keys
        assert pilot.app.query_one("#keys").region.bottom <= 24

    run_board(open_board(store), script, size=(80, 24))


def test_a_long_column_scrolls_with_the_cursor(store) -> None:
    store.add_answers(1, [Answer("dialog-cases", f"Gruppe {n}", f"Svar nummer {n}", category="mening")
                          for n in range(40)])

    async def script(pilot) -> None:
        assert "↓ " in screen(pilot) and "Svar nummer 39" not in screen(pilot)
        await pilot.press(*["down"] * 42)
        text = screen(pilot)
        assert "Svar nummer 39" in text and "↑ " in text and "Svar nummer 3 " not in text

    run_board(open_board(store), script, size=(80, 24))


def test_the_board_sees_an_answer_withdrawn_and_brought_back_between_two_looks(store) -> None:
    """»Fortryd« gives the answer back its own id, so count and highest id are as before: the undo is seen too."""
    from aktorskab_cli.store import room as rooms

    [sent] = store.answers(1, "god-dialog")
    arrivals = Arrivals(store, 1, store.answers(1))
    assert arrivals() is None
    phone = store.add_answer(1, Answer("god-dialog", "Gruppe 2", "fra telefonen", phone="p"))
    assert [a.id for a in arrivals()][-1] == phone
    [answer] = [a for a in store.answers(1) if a.id == phone]
    withdrawal = rooms.withdraw_answer(store, 1, answer)
    assert rooms.bring_back(store, 1, withdrawal, "p", "god-dialog").id == phone
    again = arrivals()
    assert again is not None and [a.id for a in again][-1] == phone and sent in again
    assert arrivals() is None


def test_board_command_refuses_a_meeting_without_answers(run_cli, tmp_path: Path) -> None:
    agenda, text = load_agenda("temadag")
    open_store(tmp_path / "test.db").create_session(agenda, text)
    result = run_cli("summary", "board", "1")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Møde 1 har ingen svar endnu, så der er intet at samle. "
                                      "Læg svar ind med: aktorskab collect 1")


def test_board_command_refuses_a_meeting_with_only_status_suggestions_and_says_what_to_do(
        run_cli, tmp_path: Path, monkeypatch) -> None:
    """A followup item's phone suggestions are statuses, never points: a board of them alone would open empty."""
    from aktorskab_cli.programme.storage import link_session

    def opened(self) -> None:
        raise AssertionError("the board opened")

    monkeypatch.setattr(BoardApp, "run", opened)

    agenda, text = load_agenda("dialogmoede")
    store = open_store(tmp_path / "test.db")
    sid = store.create_session(agenda, text, status="imported", answers=[
        Answer("opfoelgning", "Gruppe 1", "Forslag: Dialogmøde i OMU Administrationen → gennemført "
               "(omu-administration)", phone="p1"),
        Answer("opfoelgning", "Gruppe 2", "Forslag: Tema på KCL i december → i gang (kcl)", phone="p2")])
    before = sqlite3.connect(tmp_path / "test.db").execute("SELECT COUNT(*) FROM syntheses").fetchone()
    result = run_cli("summary", "board", str(sid))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.strip() == (
        "Møde 1 har kun statusforslag (2 forslag under »Opfølgning på handleplanen«) og ingen svar "
        "at samle: et forslag er en status i årets program, ikke et punkt.\n"
        "Sæt statusserne med: aktorskab plan set PROGRAM POST STATUS --session 1 (forslagene står i: "
        "aktorskab show 1), eller læg svar ind med: aktorskab collect 1")
    assert sqlite3.connect(tmp_path / "test.db").execute("SELECT COUNT(*) FROM syntheses").fetchone() == before
    link_session(store, sid, "aktorskab-2025-2026", "omu-administration")  # the programme known: named
    store.close()
    result = run_cli("summary", "board", str(sid))
    assert result.exit_code == 2
    assert "Sæt statusserne med: aktorskab plan set aktorskab-2025-2026 POST STATUS --session 1 (" in result.stderr


def test_the_key_line_says_tab_turns_the_page_not_the_point(store) -> None:
    """»punkt« on the board is a synthesis point (the header counts them); tab turns to the next page."""
    async def script(pilot) -> None:
        keys = str(pilot.app.query_one("#keys").render())
        assert "tab næste side" in keys and "tab næste punkt" not in keys

    run_board(open_board(store), script)


def test_the_header_counts_points_and_an_empty_barrier_is_flagged(store) -> None:
    async def script(pilot) -> None:
        assert str(pilot.app.query_one("#status").render()) == "6 svar · 6 punkter"
        await pilot.press("b")  # the first point becomes a barrier: no longer counted as a point
        assert message(pilot) == ("Markeret som barriere – den har ingen tekst endnu: skriv afsnittet i text under "
                                  "dens [[barrier]] i udkastet")
        assert "Teams skal kende deres mandat (1 gruppe) [barriere] [mangler tekst]" in " ".join(screen(pilot).split())
        assert str(pilot.app.query_one("#status").render()) == "6 svar · 5 punkter"

    run_board(open_board(store), script)


def test_barriers_and_vejen_videre_from_the_draft_have_a_page_named_for_them(store) -> None:
    from dataclasses import replace

    from aktorskab_cli.synthesis.model import Point

    work = current(store, 1)
    synthesis = replace(work.synthesis, points=work.synthesis.points + (
        Point("Uklart råderum", kind="barrier", detail="Hvis mandat og rammer ikke er tydelige"),
        Point("Tage det ud i LMU'erne", kind="next")))
    board = Board(work.agenda, work.answers, synthesis, work.new, save=Saver(store, 1, work.stored))
    assert [p.title for p in board.pages()][-1] == "Barrierer og vejen videre"
