"""The program driven in a real pseudo-terminal (pexpect), as a facilitator at the keyboard drives it: a
module that does so says `pytestmark = PSEUDO_TERMINAL`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

COMMAND = str(Path(sys.executable).with_name("aktorskab"))
# A module that drives the program in a pseudo-terminal (pexpect): `pytestmark = PSEUDO_TERMINAL`.
PSEUDO_TERMINAL = [pytest.mark.tui, pytest.mark.slow,
                   pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pseudo-terminal")]


def spawn(*args: str, size: tuple[int, int] = (32, 110), timeout: int = 30):
    """`aktorskab ARGS…` in a real pseudo-terminal (pexpect). pexpect is no terminal emulator: it never answers
    prompt_toolkit's cursor-position request, which would cost a second per prompt (a terminal answers at once).
    `timeout` is how long an `expect` waits for its text at most (a fresh CI machine under load starts Textual
    slowly); a text that comes is matched at once."""
    import pexpect

    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(COMMAND, list(args), env=env, dimensions=size, encoding="utf-8", timeout=timeout)


def ended(child) -> int:  # noqa: ANN001
    """Wait for the program to end; its exit code (minus the signal that ended it)."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else -child.signalstatus


def start_the_day(child) -> None:  # noqa: ANN001
    """`run` on screen: space starts the day on its first item."""
    child.expect("KLAR")
    child.send(" ")
    child.expect("I GANG")


def choose_group_and_question(child, group_key: str = "\r") -> None:  # noqa: ANN001
    """The answer dialogue's first two questions: the group (Enter: the one offered) and the first question."""
    child.expect("Hvilken gruppe")
    child.send(group_key)
    child.expect("Hvilket spørgsmål")
    child.send("\r")


def to_the_dialogue_panel(child) -> None:  # noqa: ANN001
    """From the first item of the small agenda to its dialogue, the answer panel open on the first group and
    question, waiting for »svar 1«."""
    child.send("n")
    child.expect("Punkt 2 af 4")
    child.send("a")
    choose_group_and_question(child)
