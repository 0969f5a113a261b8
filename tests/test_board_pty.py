"""The real board in a real pseudo-terminal: a merge is on disk the moment it is shown, even after kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

import pseudo_terminal
from conftest import require_module
from pseudo_terminal import PSEUDO_TERMINAL

pexpect = require_module("pexpect")
pytestmark = PSEUDO_TERMINAL

ANSWERS = """
[[answer]]
item = "dialog-cases"
group = "Gruppe 1"
text = "Teams skal kende deres mandat"
category = "mening"

[[answer]]
item = "dialog-cases"
group = "Gruppe 2"
text = "Klart mandat til teamet"
category = "mening"

[[answer]]
item = "dialog-cases"
group = "Gruppe 3"
text = "Tydelige hjørneflag og tillid"
category = "opmaerksom"
"""
RIGHT, DOWN, SHIFT_RIGHT = "\x1b[C", "\x1b[B", "\x1b[1;2C"


def spawn(*args: str):
    return pseudo_terminal.spawn(*args, size=(30, 120))


def points(db: Path) -> list[tuple[str, str | None, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT p.text, p.category, COUNT(pa.answer_id) FROM points p "
                            "JOIN point_answers pa ON pa.point_id = p.id GROUP BY p.id ORDER BY p.position").fetchall()


def test_kill_9_after_a_merge_loses_nothing_that_was_shown(tmp_path: Path) -> None:
    (tmp_path / "svar.toml").write_text(ANSWERS, encoding="utf-8")
    child = spawn("import", "temadag", "svar.toml")
    child.expect(pexpect.EOF)
    child = spawn("summary", "board", "1")
    child.expect("Det, der giver mening")
    child.send(" ")
    child.send(DOWN)
    child.send("f")
    child.expect("Flettet: 2 svar i ét punkt")
    child.send(RIGHT)
    child.send(RIGHT)
    child.send("b")
    child.expect(r"\[barriere\]")
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()

    db = tmp_path / "test.db"
    assert points(db) == [("Teams skal kende deres mandat", "mening", 2), ("Tydelige hjørneflag og tillid", "opmaerksom", 1)]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT kind FROM points ORDER BY position").fetchall() == [("point",), ("barrier",)]

    child = spawn("summary", "board", "1")  # opened again: the same board; shift+→ moves the point
    child.expect(r"Teams skal kende deres mandat \(2 grupper\)")  # the first marked point's headline
    child.send(SHIFT_RIGHT)
    child.expect("Flyttet til »Det, vi mangler svar på«")
    child.send("q")
    child.expect("Sammenfatningen af møde 1 er gemt \\(1 ændring på tavlen\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert points(db)[0] == ("Teams skal kende deres mandat", "mangler-svar", 2)
