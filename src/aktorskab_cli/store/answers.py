"""The answers table's SQL: add (all or none, or only the new ones), edit, sort, delete and read. `Store`
inherits it; every method here needs Store's connection and its write transaction."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from aktorskab_cli.store.records import Answer, new_uuid, now_iso

_ANSWER_FIELDS = ("item_id", "group", "text", "question", "category", "id", "created", "edited", "uuid", "hidden",
                  "phone")


class AnswerTable:
    """The answer methods of `Store` (a mixin: `conn` and `_write` are Store's)."""

    if TYPE_CHECKING:
        conn: sqlite3.Connection

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _insert_answers(self, session_id: int, answers: list[Answer]) -> list[int]:
        """Each answer under a new id: one past the highest of the answers and of the answers withdrawn (never a
        withdrawn one's, which »Fortryd« gives back: m011); both highs are the end of an index."""
        created = now_iso()
        ids = []
        for a in answers:
            cur = self.conn.execute(
                "INSERT INTO answers (id, session_id, item_id, grp, question, category, text, created, edited, uuid, "
                "phone) VALUES (MAX(COALESCE((SELECT MAX(id) FROM answers), 0), "
                "COALESCE((SELECT MAX(answer_id) FROM withdrawals), 0)) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, a.item_id, a.group, a.question, a.category, a.text, a.created or created, a.edited,
                 a.uuid or new_uuid(), a.phone))
            ids.append(cur.lastrowid)
        return ids

    def restore_answer(self, session_id: int, answer: Answer) -> int:
        """Put a withdrawn answer back under its own id (`answer.id`) when it has one (one withdrawn before m011
        has none: a new id); returns the id."""
        with self._write():
            if answer.id is None:
                return self._insert_answers(session_id, [answer])[0]
            self.conn.execute(
                "INSERT INTO answers (id, session_id, item_id, grp, question, category, text, created, edited, uuid, "
                "phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (answer.id, session_id, answer.item_id, answer.group, answer.question, answer.category, answer.text,
                 answer.created or now_iso(), answer.edited, answer.uuid or new_uuid(), answer.phone))
            return answer.id

    def add_answers(self, session_id: int, answers: list[Answer]) -> list[int]:
        """Add answers in one transaction: all or none."""
        with self._write():
            return self._insert_answers(session_id, answers)

    def add_new_answers(self, session_id: int, answers: list[Answer]) -> tuple[list[int], int]:
        """Add the answers the session does not already hold, in one transaction; returns the new ids and
        how many were skipped. An answer is already held when one stored has the same item, group, text,
        question and category. Counted, not merely compared: a file that says the same thing twice (a
        group may repeat a point) stores it twice, and adding that file again adds nothing."""
        with self._write():
            stored = Counter(self.conn.execute(
                "SELECT item_id, grp, text, question, category FROM answers WHERE session_id = ?",
                (session_id,)).fetchall())
            new: list[Answer] = []
            for a in answers:
                key = (a.item_id, a.group, a.text, a.question, a.category)
                if stored[key] > 0:
                    stored[key] -= 1
                else:
                    new.append(a)
            return self._insert_answers(session_id, new), len(answers) - len(new)

    def add_answer(self, session_id: int, answer: Answer) -> int:
        return self.add_answers(session_id, [answer])[0]

    def edit_answer(self, answer_id: int, *, text: str, category: str | None, question: int | None) -> None:
        with self._write():
            self.conn.execute("UPDATE answers SET text = ?, category = ?, question = ?, edited = ? WHERE id = ?",
                              (text, category, question, now_iso(), answer_id))

    def set_category(self, answer_id: int, category: str | None) -> None:
        """Sort an answer just typed into the frame; not an edit, so `edited` is left alone."""
        with self._write():
            self.conn.execute("UPDATE answers SET category = ? WHERE id = ?", (category, answer_id))

    def delete_answer(self, answer_id: int) -> None:
        with self._write():
            self.conn.execute("DELETE FROM answers WHERE id = ?", (answer_id,))

    def answers(self, session_id: int, item_id: str | None = None, group: str | None = None, *,
                include_hidden: bool = False) -> list[Answer]:
        """The session's answers in the order given; hidden ones only when asked (moderation), so no
        reader on the way to an export ever sees them."""
        sql = ("SELECT item_id, grp, text, question, category, id, created, edited, uuid, hidden = 1, phone "
               "FROM answers WHERE session_id = ?")
        args: list[object] = [session_id]
        if not include_hidden:
            sql += " AND NOT hidden"
        if item_id is not None:
            sql += " AND item_id = ?"
            args.append(item_id)
        if group is not None:
            sql += " AND grp = ?"
            args.append(group)
        rows = self.conn.execute(sql + " ORDER BY id", args).fetchall()
        return [Answer(**{**dict(zip(_ANSWER_FIELDS, row)), "hidden": bool(row[9])}) for row in rows]

    def answer_ids(self, session_id: int) -> dict[str, int]:
        """The session's answers, hidden ones too: uuid → local id."""
        return dict(self.conn.execute("SELECT uuid, id FROM answers WHERE session_id = ?", (session_id,)))

    def answers_mark(self, session_id: int) -> tuple[int, int, int]:
        """(how many, the highest id) of the session's answers, hidden ones too, and how many withdrawals were
        undone: cheap indexed queries whose value changes whenever an answer is added or deleted – also when a
        phone withdraws one and brings it back under its own id between two looks."""
        return self.conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0), (SELECT COUNT(*) FROM withdrawals WHERE "
                                 "session_id = ?1 AND undone IS NOT NULL) FROM answers WHERE session_id = ?1",
                                 (session_id,)).fetchone()
