"""The synthesis model, the automatic draft and its suggestions, and the store: pure values first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.draft import auto_points, draft, stems, suggest
from aktorskab_cli.rules.dates import quarter
from aktorskab_cli.rules.groups import normalise_group
from aktorskab_cli.synthesis.model import Action, Point, Section, Synthesis, Theme, normalise
from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis

ANSWERS = [
    Answer("dialog-cases", "Gruppe 1", "Tydelige hjørneflag og tillid", category="opmaerksom", id=1),
    Answer("dialog-cases", "gruppe 2", "  tydelige HJØRNEFLAG, og tillid! ", category="opmaerksom", id=2),
    Answer("dialog-cases", "Gruppe 3", "Tydeligt hjørneflag, tillid og psykologisk tryghed", category="mening", id=3),
    Answer("dialog-cases", "Gruppe 1", "Sænk tempoet", category=None, id=4),
    Answer("god-dialog", "Gruppe 1", "Tydelige hjørneflag og tillid", category="ledelse", id=5),
]


def test_equal_answers_are_merged_across_groups_within_an_item() -> None:
    points = auto_points(ANSWERS, [Theme("ledelse", "Ledelse")])
    assert [(p.item, p.text, p.answers, p.category, p.theme) for p in points] == [
        ("dialog-cases", "Tydelige hjørneflag og tillid", (1, 2), "opmaerksom", None),
        ("dialog-cases", "Tydeligt hjørneflag, tillid og psykologisk tryghed", (3,), "mening", None),
        ("dialog-cases", "Sænk tempoet", (4,), None, None),
        ("god-dialog", "Tydelige hjørneflag og tillid", (5,), "ledelse", "ledelse"),  # another item: its own point
    ]


def test_normalising_ignores_case_whitespace_and_punctuation_but_not_words() -> None:
    assert normalise("  Tydelige HJØRNEFLAG,\tog tillid! ") == "tydelige hjørneflag og tillid"
    assert normalise("Tydeligt hjørneflag") != normalise("Tydelige hjørneflag")
    assert normalise_group("gruppe  3 ") == "Gruppe 3"


def test_similar_answers_are_only_suggested_never_merged() -> None:
    synthesis = draft(ANSWERS, None)
    found = suggest(synthesis, {a.id: a.text for a in ANSWERS})
    by_text = {p.uuid: p.text for p in synthesis.points}
    assert [(by_text[s.point], by_text[s.other]) for s in found] == [
        ("Tydelige hjørneflag og tillid", "Tydeligt hjørneflag, tillid og psykologisk tryghed")]
    assert len(synthesis.points) == 4  # still four points: nothing merged behind the facilitator's back
    assert stems("Tydelige hjørneflag og tillid") == stems("tydeligt hjørneflag, tillid")  # Danish stems


def test_a_stored_synthesis_gets_points_for_new_answers_and_keeps_everything_else() -> None:
    stored = draft(ANSWERS[:3], None).rename(draft(ANSWERS[:3], None).points[0].uuid, "x")
    stored = Synthesis(points=stored.points, closing="Slut.", actions=(Action("Gør det"),))
    later = draft(ANSWERS, stored)
    assert later.points[:len(stored.points)] == stored.points
    assert [p.answers for p in later.points[len(stored.points):]] == [(4,), (5,)]
    assert (later.closing, later.actions) == ("Slut.", (Action("Gør det"),))
    assert later.unplaced(a.id for a in ANSWERS) == []


def test_quarters_are_read_in_the_ways_people_write_them() -> None:
    assert quarter("4. kvartal 2025") == quarter("2025 K4") == quarter("K4 2025") == (2025, 4)
    assert quarter("løbende") is None and quarter("5. kvartal 2025") is None


# ---------------------------------------------------------------- operations: no answer lost or held twice

IDS = list(range(1, 13))


def _start() -> Synthesis:
    return Synthesis(points=tuple(Point(f"Svar {i}", (i,), item="dialog-cases", category="mening") for i in IDS))


@st.composite
def _operations(draw) -> list[tuple]:
    return draw(st.lists(st.tuples(st.sampled_from(["merge", "split", "take", "move", "kind", "rename", "vote",
                                                    "undo"]),
                                   st.lists(st.integers(0, 40), min_size=1, max_size=4)), max_size=30))


@settings(deadline=None)
@given(_operations())
def test_random_merges_splits_and_undos_never_lose_an_answer_or_hold_one_twice(operations) -> None:
    history = [_start()]
    for name, picks in operations:
        current = history[-1]
        points = current.points
        chosen = [points[i % len(points)].uuid for i in picks] if points else []
        if name == "merge":
            current = current.merge(list(dict.fromkeys(chosen)))
        elif name == "split" and chosen:
            current = current.split(chosen[0], {})
        elif name == "take":
            current = current.take([IDS[i % len(IDS)] for i in dict.fromkeys(picks)], text="Ny", item="x",
                                   category=None)
        elif name == "move" and chosen:
            current = current.move(chosen[0], category="opmaerksom", theme="ledelse")
        elif name == "kind" and chosen:
            current = current.set_kind(chosen[0], ("barrier", "next", "point")[picks[0] % 3])
        elif name == "rename" and chosen:
            current = current.rename(chosen[0], f"Navn {picks[0]}")
        elif name == "vote" and chosen:
            current = current.vote(chosen[0], 1 if picks[0] % 2 else -1)
        elif name == "undo" and len(history) > 1:
            history.pop()
            continue
        history.append(current)
        held = [a for p in current.points for a in p.answers]
        assert sorted(held) == IDS, name  # every answer exactly once
        assert all(p.answers for p in current.points)  # no empty point is left behind
        assert all((p.votes or 0) >= 0 for p in current.points)


# ---------------------------------------------------------------- the store


def _stored_session(tmp_path: Path):
    agenda, text = load_agenda("temadag")
    store = open_store(tmp_path / "s.db")
    session = store.create_session(agenda, text, status="imported", answers=[
        Answer(a.item_id, a.group, a.text, category=a.category) for a in ANSWERS])
    return store, session


def test_a_synthesis_is_stored_whole_and_read_back_equal(tmp_path: Path) -> None:
    store, session = _stored_session(tmp_path)
    base = draft(store.answers(session), None, themes=[Theme("ledelse", "Ledelse", "Intro", ("Mod", "Tid"))])
    synthesis = Synthesis(
        title="Opsamling", intro="Kort.", closing="Det sluttede godt.", order="votes", plan_title="Plan",
        points=base.merge([base.points[0].uuid, base.points[1].uuid], "Hjørneflag").points + (
            Point("Uklart råderum", kind="barrier", detail="Hvis …"), Point("LMU", (4,), kind="next", votes=2)),
        themes=base.themes, sections=(Section("Afsnit", "Lead", ("a", "b"), "Tekst"),),
        actions=(Action("Gør", "HU", "4. kvartal 2025"),))
    synthesis = Synthesis(**{**synthesis.__dict__, "points": tuple(p for p in synthesis.points if 4 not in p.answers
                                                                   or p.kind == "next")})
    save_synthesis(store, session, synthesis)
    assert load_synthesis(store, session) == synthesis
    assert store.session(session).note == "Det sluttede godt."  # the closing is the meeting's note


def test_the_store_refuses_an_answer_in_two_points_and_keeps_what_was_there(tmp_path: Path) -> None:
    store, session = _stored_session(tmp_path)
    first = draft(store.answers(session), None)
    save_synthesis(store, session, first)
    twice = Synthesis(points=(Point("a", (1, 2)), Point("b", (2,))))
    try:
        save_synthesis(store, session, twice)
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("an answer in two points was stored")
    assert load_synthesis(store, session) == first


def test_raw_answers_are_never_changed_by_the_synthesis(tmp_path: Path) -> None:
    store, session = _stored_session(tmp_path)
    before = store.answers(session)
    synthesis = draft(before, None)
    save_synthesis(store, session, synthesis.merge([p.uuid for p in synthesis.points[:3]], "Alt i ét"))
    assert store.answers(session) == before


def test_upgrade_to_the_synthesis_schema_keeps_every_row_and_starts_with_no_synthesis(tmp_path: Path) -> None:
    from aktorskab_cli.store.migrations import MIGRATIONS, migrate

    path = tmp_path / "gammel.db"
    conn = sqlite3.connect(path, isolation_level=None)
    before_synthesis = [m for m in MIGRATIONS if m.__name__ < "m004"]
    assert migrate(conn, before_synthesis) == len(before_synthesis)
    conn.execute("INSERT INTO sessions (agenda_name, agenda_toml, agenda_json, title, status, started, note, uuid) "
                 "VALUES ('lmu', 'toml', '{}', 'Gammelt møde', 'finished', '2025-04-02T08:00:00+02:00', 'Noten', 'u1')")
    conn.execute("INSERT INTO answers (session_id, item_id, grp, text, created, uuid) "
                 "VALUES (1, 'a', 'Gruppe 1', 'Første', '2025-04-02T09:00:00+02:00', 'u2')")
    before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("sessions", "answers")}
    conn.close()

    store = open_store(path)
    assert {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in before} == before
    assert load_synthesis(store, 1) is None
    save_synthesis(store, 1, Synthesis(points=(Point("Første", (1,)),), closing="Noten"))
    assert load_synthesis(store, 1).points[0].answers == (1,)


@settings(max_examples=60, deadline=None)
def _no_control(text: str) -> str:
    from aktorskab_cli.rules.text import CONTROL

    return CONTROL.sub("", text)


@pytest.mark.slow  # Hypothesis' 100 drafts: 0.55 s on a quiet machine (the 0.5 s rule)
@given(texts=st.lists(st.text(min_size=1, max_size=40).map(_no_control).filter(lambda t: t.strip() and t == t.strip()),
                      min_size=1, max_size=5).map(
           lambda ts: [t.replace("\r", "") for t in ts if t.replace("\r", "").strip()] or ["x"]),
       intro=st.text(max_size=60).map(lambda t: _no_control(t).replace("\r", "").strip()))
def test_any_text_survives_the_draft_file_round_trip(texts: list[str], intro: str) -> None:
    """Quotes, backslashes, line breaks and emoji: written, read back, the same (a Windows line end in a
    headline comes back as a plain one: TOML reads multi-line strings so). Control characters are refused,
    as in an answer: tests/test_summary_cmd.py."""
    from aktorskab_cli.synthesis.draft_file import parse_draft, render_draft

    agenda, _ = load_agenda("temadag")
    answers = [Answer("dialog-cases", "Gruppe 1", t, id=n) for n, t in enumerate(texts, 1)]
    synthesis = Synthesis(intro=intro, closing=intro, points=tuple(
        Point(t, (n,), item="dialog-cases", category="mening") for n, t in enumerate(texts, 1)),
        themes=(Theme("ledelse", texts[0], intro, tuple(texts)),), actions=(Action(texts[0], intro, texts[-1]),))
    text = render_draft(7, agenda, synthesis, answers, apply="aktorskab summary apply udkast.toml")
    assert parse_draft(text, "udkast.toml", agenda, answers) == (7, synthesis)


def test_a_point_keeps_its_row_when_the_synthesis_is_saved_again(tmp_path: Path) -> None:
    """Dot-votes from the phones name a point's row: saving the board's next step must not renumber it."""
    store, session = _stored_session(tmp_path)
    first = draft(store.answers(session), None)
    save_synthesis(store, session, first)
    rows = dict(store.conn.execute("SELECT uuid, id FROM points"))
    renamed = first.rename(first.points[0].uuid, "Nyt navn").merge([first.points[1].uuid, first.points[2].uuid])
    save_synthesis(store, session, renamed)
    after = dict(store.conn.execute("SELECT uuid, id FROM points"))
    assert {u: after[u] for u in after} == {u: rows[u] for u in after}  # the same rows for the same points
    assert first.points[2].uuid not in after and load_synthesis(store, session) == renamed


def test_a_draft_copied_from_another_meeting_is_refused_not_merged(tmp_path: Path) -> None:
    from aktorskab_cli.errors import BadInput

    store, session = _stored_session(tmp_path)
    agenda, text = load_agenda("temadag")
    other = store.create_session(agenda, text, status="imported", answers=[Answer("dialog-cases", "Gruppe 1", "x")])
    first = draft(store.answers(session), None)
    save_synthesis(store, session, first)
    copied = Synthesis(points=(replace_answers(first.points[0], store.answers(other)[0].id),))
    try:
        save_synthesis(store, other, copied)
    except BadInput as exc:
        assert "har et id, der hører til et andet møde" in exc.message
    else:
        raise AssertionError("a point of another meeting was taken over")
    assert load_synthesis(store, other) is None and load_synthesis(store, session) == first


def replace_answers(point: Point, answer_id: int) -> Point:
    from dataclasses import replace

    return replace(point, answers=(answer_id,))


def test_a_point_over_an_answer_of_another_meeting_is_refused_whole_or_changed(tmp_path: Path) -> None:
    import pytest

    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.synthesis.storage import update_synthesis

    agenda, text = load_agenda("temadag")
    store = open_store(tmp_path / "a.db")
    session = store.create_session(agenda, text, answers=[Answer(agenda.items[1].id, "Gruppe 1", "Et svar")])
    first = Synthesis(points=(Point("Eget", (1,)),))
    save_synthesis(store, session, first)
    message = f"^Svar 7 hører ikke til møde {session}; intet er gemt$"
    with pytest.raises(BadInput, match=message):
        save_synthesis(store, session, Synthesis(points=(Point("Fremmed", (1, 7)),)))
    with pytest.raises(BadInput, match=message):
        update_synthesis(store, session, first, first.adopt([Point("Fremmed", (7,))]))
    assert load_synthesis(store, session).points == first.points


def test_a_headline_renamed_on_the_board_is_held_to_the_rule_typed_answers_are_held_to() -> None:
    """A pasted U+202E could turn »(2 grupper)« after the headline around on a page; an ESC garble a terminal."""
    from aktorskab_cli.synthesis.board_state import Board

    agenda, _ = load_agenda("temadag")
    answers = [Answer("dialog-cases", "Gruppe 1", "Tillid", category="mening", id=1)]
    saved: list[Synthesis] = []
    board = Board(agenda, answers, draft(answers, None), save=saved.append)
    board.rename("\u202eTillid\x1b[31m og ro\r\n")
    assert saved[-1].points[0].text == "Tillid[31m og ro"
    board.rename("\x07\u202e")
    assert (len(saved), board.message) == (1, "Uændret")
