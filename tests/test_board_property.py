"""Random key sequences on the board's state: no answer is ever lost or in two points, what is saved is
always what is shown, and undo goes back exactly."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.board_state import Board
from aktorskab_cli.synthesis.draft import draft
from aktorskab_cli.synthesis.workflow import default_themes

pytestmark = [pytest.mark.slow]

AGENDA, _ = load_agenda("temadag")
ITEMS = ("dialog-cases", "organisationen-med", "god-dialog")
CATEGORIES = ("mening", "mangler-svar", "opmaerksom", None)

answer_lists = st.lists(
    st.tuples(st.sampled_from(ITEMS), st.integers(1, 4), st.sampled_from(["Tillid", "Mandat", "Tid", "Ro"]),
              st.sampled_from(CATEGORIES)),
    min_size=1, max_size=14)

STEPS = [
    ("up_down", st.integers(-3, 3)), ("left_right", st.integers(-1, 1)), ("turn_page", st.integers(-1, 1)),
    ("toggle_open", st.none()), ("toggle_mark", st.none()), ("toggle_mark", st.none()), ("merge", st.none()),
    ("merge", st.none()), ("split", st.none()), ("shift", st.integers(-1, 1)), ("cycle_theme", st.none()),
    ("toggle_kind", st.sampled_from(["barrier", "next"])), ("vote", st.integers(-1, 1)),
    ("toggle_hidden", st.none()), ("place", st.none()), ("rename", st.sampled_from(["Nyt navn", " "])),
    ("undo", st.none()), ("undo", st.none()), ("mark_and_go", st.integers(1, 2)),
    ("mark_and_go", st.integers(1, 2)), ("mark_and_go", st.integers(1, 2)), ("open_and_go", st.integers(1, 2)),
    ("arrive", st.sampled_from(ITEMS)), ("withdraw", st.integers(0, 20)),
]
steps = st.lists(st.one_of(*(st.tuples(st.just(name), arg) for name, arg in STEPS)), min_size=10, max_size=60)


def press(board: Board, name: str, arg: object) -> None:
    if name == "mark_and_go":  # space, then down: how several rows get marked
        board.toggle_mark()
        name = "up_down"
    if name == "open_and_go":  # enter, then down onto an answer
        board.toggle_open()
        name = "up_down"
    method = getattr(board, name)
    method() if arg is None else method(arg)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_lists, st.integers(0, 4), steps)
def test_no_answer_is_lost_or_in_two_points(given_answers, late, keys) -> None:
    answers = [Answer(item, f"Gruppe {g}", text, category=c, id=n + 1)
               for n, (item, g, text, c) in enumerate(given_answers)]
    early = answers[: max(1, len(answers) - late)]
    stored = draft(early, None, themes=default_themes(AGENDA))  # made before the late answers came
    synthesis = draft(answers, stored)
    new = {p.uuid for p in synthesis.points} - {p.uuid for p in stored.points}
    saved = []
    board = Board(AGENDA, answers, synthesis, new, save=saved.append)
    for name, arg in keys:
        before = (board.synthesis, board.new)
        history = len(board.history)
        last = board.history[-1] if board.history else None
        if name == "arrive":  # an answer stored while the board is open (a phone), or one withdrawn
            answers = answers + [Answer(arg, "Gruppe 9", "Tillid", id=max(a.id for a in answers) + 1)]
            board.arrive(answers)
        elif name == "withdraw" and len(answers) > 1:
            answers = answers[:arg % len(answers)] + answers[arg % len(answers) + 1:]
            board.arrive(answers)
            history, last = len(board.history), None
        elif name != "withdraw":
            press(board, name, arg)
        held = [a for p in board.synthesis.points for a in p.answers]
        assert sorted(held) == [a.id for a in answers]  # every answer exactly once on the board
        stored_now = [a for p in board.stored().points for a in p.answers]
        assert len(stored_now) == len(set(stored_now))
        assert board.new <= {p.uuid for p in board.synthesis.points}
        assert all(p.answers for p in board.synthesis.points)
        if len(board.history) != history:  # a change (or an undo) happened: it was saved first
            assert saved[-1] == board.stored()
        if name == "undo" and last is not None:  # exactly one step back, and that is what is saved (answers
            # that came in after that step wait as new again, unsaved)
            assert board.stored() == board.stored(*last) and len(board.history) == history - 1
        if len(board.history) == history + 1:
            assert board.history[-1] == before
        if board.row is not None:
            assert board.row.key == board.cursor


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_lists, steps)
def test_what_the_store_holds_is_what_the_board_shows(tmp_path_factory, given_answers, keys) -> None:
    """Saved key by key through `update_synthesis` (only what changed), read back whole."""
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.synthesis.board import Saver
    from aktorskab_cli.synthesis.storage import load_synthesis

    store = open_store(tmp_path_factory.mktemp("tavle") / "t.db")
    store.create_session(AGENDA, "", status="imported",
                         answers=[Answer(item, f"Gruppe {g}", text, category=c) for item, g, text, c in given_answers])
    answers = store.answers(1)
    board = Board(AGENDA, answers, draft(answers, None, themes=default_themes(AGENDA)), (), save=Saver(store, 1, False))
    for name, arg in keys:
        if name not in ("arrive", "withdraw"):  # the store's answers stay as they are here
            press(board, name, arg)
        if board.history:
            assert load_synthesis(store, 1) == board.stored()
    store.close()
