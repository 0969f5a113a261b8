"""The phone room of a session, as stored: its join code, items closed for answers, hidden answers, dot-votes.

Functions over an open `Store`; every write is one committed transaction, like the rest of the store.
A vote names its target by kind and id (`answer` or `point`), so the same tables carry a vote on raw
answers and a vote on the synthesis' points.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import time
from typing import NamedTuple

from aktorskab_cli.store.db import Store
from aktorskab_cli.store.records import Answer

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed on a phone
CODE_LENGTH = 6


class Room(NamedTuple):
    session_id: int
    join_code: str
    secret: str  # the facilitator's page and the key of every CSRF token
    port: int | None
    current_item: str | None  # chosen by the facilitator; None: the live run decides


class Ballot(NamedTuple):
    item_id: str
    state: str  # open, closed, revealed
    target_kind: str  # answer, point
    per_group: int
    per_target: int


_ROOM = "SELECT session_id, join_code, secret, port, current_item FROM rooms"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def ensure_room(store: Store, session_id: int) -> Room:
    """The session's room; created with a fresh join code the first time. A restarted server (kill -9,
    `run --resume`) finds the same code, so the QR code on the tables keeps working."""
    row = store.conn.execute(f"{_ROOM} WHERE session_id = ?", (session_id,)).fetchone()
    if row is not None:
        return Room(*row)
    with store._write() as conn:
        while True:
            code = new_code()
            if conn.execute("SELECT 1 FROM rooms WHERE join_code = ?", (code,)).fetchone() is None:
                break
        conn.execute("INSERT INTO rooms (session_id, join_code, secret) VALUES (?, ?, ?)",
                     (session_id, code, secrets.token_urlsafe(18)))
    return ensure_room(store, session_id)


def room_by_code(store: Store, code: str) -> Room | None:
    row = store.conn.execute(f"{_ROOM} WHERE join_code = ?", (code,)).fetchone()
    return Room(*row) if row is not None else None


def set_port(store: Store, session_id: int, port: int) -> None:
    with store._write() as conn:
        conn.execute("UPDATE rooms SET port = ? WHERE session_id = ?", (port, session_id))


def has_room(store: Store, session_id: int) -> bool:
    """Whether the session's phones ever had a room (a resumed run gets it back)."""
    return store.conn.execute("SELECT 1 FROM rooms WHERE session_id = ?", (session_id,)).fetchone() is not None


def current_item(store: Store, session_id: int) -> str | None:
    """The item the facilitator chose for the phones, or None (the run's item decides)."""
    row = store.conn.execute("SELECT current_item FROM rooms WHERE session_id = ?", (session_id,)).fetchone()
    return row[0] if row else None


class PhoneAnswer(NamedTuple):
    id: int
    text: str
    question: int | None
    phone: str


def group_phone_answers(store: Store, session_id: int, item_id: str, group: str) -> list[PhoneAnswer]:
    """A group's answers to an item sent from phones, shown ones, in order: what a phone's page lists (read on
    every page, so only the four fields it shows, by the index on session, item and group)."""
    return [PhoneAnswer(*row) for row in store.conn.execute(
        "SELECT id, text, question, phone FROM answers WHERE session_id = ? AND item_id = ? AND grp = ? "
        "AND phone IS NOT NULL AND NOT hidden ORDER BY id", (session_id, item_id, group))]


def phone_answer(store: Store, session_id: int, answer_id: int, phone: str) -> Answer | None:
    """One shown answer of the session, when the phone `phone` sent it (by its id: no scan)."""
    row = store.conn.execute(
        "SELECT item_id, grp, text, question, category, id, created, edited, uuid, phone FROM answers "
        "WHERE id = ? AND session_id = ? AND phone = ? AND NOT hidden", (answer_id, session_id, phone)).fetchone()
    if row is None:
        return None
    return Answer(**dict(zip(("item_id", "group", "text", "question", "category", "id", "created", "edited", "uuid",
                              "phone"), row)))


def answer_groups(store: Store, session_id: int) -> list[str]:
    """Every group name the session's answers carry, as stored, in order."""
    return [row[0] for row in store.conn.execute(
        "SELECT DISTINCT grp FROM answers WHERE session_id = ? ORDER BY grp", (session_id,))]


def set_current_item(store: Store, session_id: int, item_id: str | None) -> None:
    with store._write() as conn:
        conn.execute("UPDATE rooms SET current_item = ? WHERE session_id = ?", (item_id, session_id))


# items open or closed for answers ---------------------------------------------------------------
def closed_items(store: Store, session_id: int) -> set[str]:
    rows = store.conn.execute("SELECT item_id FROM item_states WHERE session_id = ? AND closed", (session_id,))
    return {row[0] for row in rows}


def set_closed(store: Store, session_id: int, item_id: str, closed: bool) -> None:
    with store._write() as conn:
        conn.execute("INSERT INTO item_states (session_id, item_id, closed) VALUES (?, ?, ?) "
                     "ON CONFLICT (session_id, item_id) DO UPDATE SET closed = excluded.closed",
                     (session_id, item_id, int(closed)))


# moderation -------------------------------------------------------------------------------------
def set_hidden(store: Store, session_id: int, answer_id: int, hidden: bool) -> bool:
    """Hide (or show again) one answer of the session; False when the session has no such answer."""
    with store._write() as conn:
        cur = conn.execute("UPDATE answers SET hidden = ? WHERE id = ? AND session_id = ?",
                           (int(hidden), answer_id, session_id))
        if hidden:  # a hidden answer carries no dots
            conn.execute("DELETE FROM votes WHERE session_id = ? AND target_kind = 'answer' AND target_id = ?",
                         (session_id, answer_id))
    return cur.rowcount == 1


def group_counts(store: Store, session_id: int, item_id: str) -> dict[str, tuple[int, int]]:
    """Per group: (answers shown, of which from a phone), hidden ones left out."""
    rows = store.conn.execute(
        "SELECT grp, COUNT(*), COUNT(phone) FROM answers WHERE session_id = ? AND item_id = ? AND NOT hidden "
        "GROUP BY grp", (session_id, item_id))
    return {grp: (total, phone) for grp, total, phone in rows}


# withdrawals: undoable for a while, counted for the facilitator ------------------------------------------
UNDO_SECONDS = 120  # how long a phone may bring back an answer it withdrew

_KEPT = ("item_id", "group", "text", "question", "category", "created", "edited", "uuid", "phone")


def withdraw_answer(store: Store, session_id: int, answer: Answer, now: float | None = None) -> int:
    """Take a phone's answer out of the session, keeping it (for UNDO_SECONDS) to bring back; returns the
    withdrawal's id. One transaction: the answer is gone and the withdrawal counted, or neither."""
    now = time.time() if now is None else now
    kept = json.dumps({name: getattr(answer, name) for name in _KEPT}, ensure_ascii=False)
    with store._write() as conn:
        forget_old_withdrawals(store, now)
        conn.execute("DELETE FROM answers WHERE id = ? AND session_id = ?", (answer.id, session_id))
        return conn.execute("INSERT INTO withdrawals (session_id, item_id, grp, phone, at, answer, answer_id) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (session_id, answer.item_id, answer.group, answer.phone or "", now, kept,
                             answer.id)).lastrowid


def bring_back(store: Store, session_id: int, withdrawal_id: int, phone: str, item_id: str,
               now: float | None = None) -> Answer | None:
    """The withdrawn answer back in the session as itself – its id (so its place in the order), uuid, text and
    times – when `phone` withdrew it from `item_id` less than UNDO_SECONDS ago; an undone withdrawal is no
    longer counted. None: nothing to bring back. (No new answer takes a withdrawn one's id: m011.)"""
    now = time.time() if now is None else now
    with store._write() as conn:
        forget_old_withdrawals(store, now)
        row = conn.execute("SELECT answer, answer_id FROM withdrawals WHERE id = ? AND session_id = ? AND phone = ? "
                           "AND item_id = ? AND answer IS NOT NULL AND at > ?",
                           (withdrawal_id, session_id, phone, item_id, now - UNDO_SECONDS)).fetchone()
        if row is None:
            return None
        answer = Answer(**json.loads(row[0]), id=row[1])
        restored = store.restore_answer(session_id, answer)  # joins this transaction
        conn.execute("UPDATE withdrawals SET answer = NULL, undone = ? WHERE id = ?", (now, withdrawal_id))
    return dataclasses.replace(answer, id=restored)


def forget_old_withdrawals(store: Store, now: float | None = None) -> None:
    """Wipe the text of withdrawals that can no longer be undone (the count stays)."""
    now = time.time() if now is None else now
    with store._write() as conn:
        conn.execute("UPDATE withdrawals SET answer = NULL WHERE answer IS NOT NULL AND at <= ?", (now - UNDO_SECONDS,))


def withdrawn_count(store: Store, session_id: int, item_id: str) -> int:
    """How many answers to the item phones withdrew (and did not bring back)."""
    return store.conn.execute("SELECT COUNT(*) FROM withdrawals WHERE session_id = ? AND item_id = ? "
                              "AND undone IS NULL",
                              (session_id, item_id)).fetchone()[0]


# dot-votes --------------------------------------------------------------------------------------
def ballot(store: Store, session_id: int, item_id: str) -> Ballot | None:
    row = store.conn.execute("SELECT item_id, state, target_kind, per_group, per_target FROM ballots "
                             "WHERE session_id = ? AND item_id = ?", (session_id, item_id)).fetchone()
    return Ballot(*row) if row is not None else None


def open_ballot(store: Store, session_id: int, item_id: str, *, target_kind: str = "answer",
                per_group: int = 3, per_target: int = 2) -> None:
    """Open (or reopen) the vote on an item; votes already given stay."""
    with store._write() as conn:
        conn.execute("INSERT INTO ballots (session_id, item_id, state, target_kind, per_group, per_target) "
                     "VALUES (?, ?, 'open', ?, ?, ?) ON CONFLICT (session_id, item_id) DO UPDATE SET "
                     "state = 'open', target_kind = excluded.target_kind, per_group = excluded.per_group, "
                     "per_target = excluded.per_target", (session_id, item_id, target_kind, per_group, per_target))


def set_ballot_state(store: Store, session_id: int, item_id: str, state: str) -> None:
    with store._write() as conn:
        conn.execute("UPDATE ballots SET state = ? WHERE session_id = ? AND item_id = ?", (state, session_id, item_id))


def group_votes(store: Store, session_id: int, item_id: str, group: str) -> dict[int, int]:
    rows = store.conn.execute("SELECT target_id, dots FROM votes WHERE session_id = ? AND item_id = ? AND grp = ?",
                              (session_id, item_id, group))
    return dict(rows.fetchall())


def set_group_votes(store: Store, session_id: int, item_id: str, group: str, target_kind: str,
                    dots: dict[int, int]) -> None:
    """Replace a group's dots on an item in one transaction (the limits are checked by the caller)."""
    with store._write() as conn:
        conn.execute("DELETE FROM votes WHERE session_id = ? AND item_id = ? AND grp = ?", (session_id, item_id, group))
        conn.executemany("INSERT INTO votes (session_id, item_id, grp, target_kind, target_id, dots) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         [(session_id, item_id, group, target_kind, t, n) for t, n in dots.items() if n > 0])


def item_points(store: Store, session_id: int, item_id: str) -> list[tuple[int, str]]:
    """The synthesis' shown points of an item, in their order: what a vote is on when there are any."""
    return store.conn.execute("SELECT id, text FROM points WHERE session_id = ? AND item_id = ? AND kind = 'point' "
                              "AND NOT hidden ORDER BY position", (session_id, item_id)).fetchall()


def store_point_votes(store: Store, session_id: int, item_id: str) -> None:
    """The vote's totals onto the item's points (`points.votes`), zero-dot points included, so the
    opsamling can order by them."""
    with store._write() as conn:
        conn.execute("UPDATE points SET votes = COALESCE((SELECT SUM(v.dots) FROM votes v WHERE v.session_id = "
                     "points.session_id AND v.item_id = ? AND v.target_kind = 'point' AND v.target_id = points.id), 0) "
                     "WHERE session_id = ? AND item_id = ? AND kind = 'point' AND NOT hidden",
                     (item_id, session_id, item_id))


def vote_totals(store: Store, session_id: int, item_id: str) -> dict[int, int]:
    rows = store.conn.execute("SELECT target_id, SUM(dots) FROM votes WHERE session_id = ? AND item_id = ? "
                              "GROUP BY target_id", (session_id, item_id))
    return dict(rows.fetchall())


def voted_groups(store: Store, session_id: int, item_id: str) -> int:
    return store.conn.execute("SELECT COUNT(DISTINCT grp) FROM votes WHERE session_id = ? AND item_id = ?",
                              (session_id, item_id)).fetchone()[0]


# a whole session's votes, as they travel (archive push and pull, export and import) --------------------
class Dots(NamedTuple):
    item_id: str
    group: str
    target_kind: str  # answer, point
    target_id: int  # the answer's or the point's row id
    dots: int


def all_ballots(store: Store, session_id: int) -> list[Ballot]:
    return [Ballot(*row) for row in store.conn.execute(
        "SELECT item_id, state, target_kind, per_group, per_target FROM ballots WHERE session_id = ? ORDER BY item_id",
        (session_id,))]


def all_votes(store: Store, session_id: int) -> list[Dots]:
    return [Dots(*row) for row in store.conn.execute(
        "SELECT item_id, grp, target_kind, target_id, dots FROM votes WHERE session_id = ? "
        "ORDER BY item_id, grp, target_kind, target_id", (session_id,))]


def replace_votes(store: Store, session_id: int, ballots: list[Ballot], votes: list[Dots]) -> None:
    """The session's ballots and dots replaced by these, in one transaction (or the caller's)."""
    with store._write() as conn:
        conn.execute("DELETE FROM votes WHERE session_id = ?", (session_id,))
        conn.execute("DELETE FROM ballots WHERE session_id = ?", (session_id,))
        conn.executemany("INSERT INTO ballots (session_id, item_id, state, target_kind, per_group, per_target) "
                         "VALUES (?, ?, ?, ?, ?, ?)", [(session_id, *b) for b in ballots])
        conn.executemany("INSERT INTO votes (session_id, item_id, grp, target_kind, target_id, dots) "
                         "VALUES (?, ?, ?, ?, ?, ?)", [(session_id, *v) for v in votes])
