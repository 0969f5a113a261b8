"""The answer panel's type-ahead (`live/type_ahead.py`), without Textual: keys kept in order, never lost."""

from __future__ import annotations

from aktorskab_cli.live.type_ahead import TypeAhead


class Question:
    """A question as the panel is one: it records what the kept keys did, and ends with its answer."""

    def __init__(self, asking: str | None) -> None:
        self.asking, self.done = asking, []

    def press_enter(self) -> None:
        self.done.append("enter")
        self.asking = None  # answered: the rest waits for the next question

    def move_pointer(self, delta: int) -> None:
        self.done.append(delta)

    def type_character(self, character: str) -> None:
        self.done.append(character)

    def press_shortcut(self, character: str) -> None:
        self.done.append(f"#{character}")


def test_keys_are_kept_as_typed_and_others_are_not() -> None:
    ahead = TypeAhead()
    kept = [ahead.keep(key, character) for key, character in
            [("a", "a"), ("enter", "\r"), ("down", None), ("escape", "\x1b"), ("f1", None), ("space", " ")]]
    assert kept == [True, True, True, False, False, True]
    assert ahead.keys == ["a", "\n", "down", " "]


def test_a_list_takes_arrows_and_digits_and_enter_ends_it_the_rest_waits() -> None:
    ahead = TypeAhead()
    for key, character in [("down", None), ("2", "2"), ("up", None), ("enter", "\r"), ("h", "h"), ("i", "i")]:
        ahead.keep(key, character)
    group = Question("select")
    ahead.replay(group)
    assert group.done == [1, "#2", -1, "enter"]
    assert ahead.keys == ["h", "i"]
    line = Question("text")
    ahead.replay(line)
    assert line.done == ["h", "i"] and ahead.keys == []


def test_a_line_ignores_arrows_and_nothing_is_given_while_no_question_waits() -> None:
    ahead = TypeAhead()
    for key, character in [("up", None), ("x", "x"), ("enter", "\r")]:
        ahead.keep(key, character)
    waiting = Question(None)
    ahead.replay(waiting)
    assert waiting.done == [] and ahead.keys == ["up", "x", "\n"]
    line = Question("text")
    ahead.replay(line)
    assert line.done == ["x", "enter"]
