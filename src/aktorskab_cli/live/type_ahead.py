"""Keys typed ahead in the answer panel: kept in the order typed while an answer is stored, never lost.

A hand types on while the dialogue stores the last answer (or while the focus has not yet moved to the next
question). Those keys are kept here and given to the question asked as soon as there is one: in a list a
digit or an arrow moves the pointer and Enter chooses; on a line characters are typed and Enter answers (an
arrow means nothing there). No Textual here: the panel is reached through `Asked`.
"""

from __future__ import annotations

from typing import Literal, Protocol

MOVES = {"up": -1, "down": 1}  # the arrow keys a list takes, also when typed ahead
ENTER = "\n"

Asking = Literal["select", "text"]


class Asked(Protocol):
    """The question waiting for an answer, as the type-ahead drives it."""

    asking: Asking | None  # None while no question waits

    def press_enter(self) -> None: ...  # answer with what is chosen or typed

    def move_pointer(self, delta: int) -> None: ...  # the list's pointer up (-1) or down (1)

    def type_character(self, character: str) -> None: ...  # a character into the line

    def press_shortcut(self, character: str) -> None: ...  # a list's digit: the pointer to its option


class TypeAhead:
    """The keys kept for the next question: '\\n' for Enter, 'up'/'down' for the arrows (words, never taken for
    typed text, whose keys are one character each), else the character typed."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def clear(self) -> None:
        self.keys.clear()

    def keep(self, key: str, character: str | None) -> bool:
        """Keep a key (Textual's `key` name and the `character` it typed); False for one that is no answer's."""
        if key == "enter":
            self.keys.append(ENTER)
        elif key in MOVES:
            self.keys.append(key)
        elif character and character.isprintable():
            self.keys.append(character)
        else:
            return False
        return True

    def replay(self, asked: Asked) -> None:
        """Give the kept keys to the question asked; what is left after its answer waits for the next one."""
        while self.keys and asked.asking:
            key = self.keys.pop(0)
            if key == ENTER:
                asked.press_enter()
            elif key in MOVES:
                if asked.asking == "select":
                    asked.move_pointer(MOVES[key])
            elif asked.asking == "text":
                asked.type_character(key)
            else:
                asked.press_shortcut(key)
