"""The facilitator's page, the projector and dot-voting through the TestClient; hidden answers stay out of
every export; the migration on a blank database and on an upgrade."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
from conftest import old_database
from web_helpers import FIRST_DIALOGUE, Room, facilitate, make_room, new_session, vote


def test_the_facilitator_page_answers_only_the_laptop_itself() -> None:
    app, state, store, sid, stored = make_room(laptop={"127.0.0.1"})  # the TestClient is "testclient"
    with TestClient(app, base_url="http://testserver") as client:
        for path in (f"/styr/{stored.secret}", f"/styr/{stored.secret}/live"):
            response = client.get(path)
            assert (response.status_code, response.text) == (404, "Siden findes ikke.")
        assert client.get(f"/{stored.join_code}").status_code == 200  # phones are not affected
    state.close()
    store.close()


def test_the_facilitator_needs_the_secret_and_a_csrf_token(room: Room) -> None:
    assert room.client.get(f"/styr/{room.secret[:-1]}").status_code == 404
    response = room.client.post(f"/styr/{room.secret}", data={"action": "luk"})
    assert response.status_code == 400
    assert rooms.closed_items(room.store, room.session_id) == set()


def test_the_facilitator_sees_every_answer_and_hides_one_which_then_never_reaches_an_export(
        room: Room, run_cli) -> None:  # noqa: ANN001
    token = room.join("Gruppe 1")
    room.send(token, "Et godt svar")
    room.send(token, "Noget, der ikke skal med <b>")
    page = room.client.get(f"/styr/{room.secret}").text
    assert "Et godt svar" in page and "Noget, der ikke skal med &lt;b&gt;" in page
    hidden = room.answers()[1]
    done = facilitate(room, action="skjul", answer=str(hidden.id))
    assert done.status_code == 200 and "skjult – kommer ikke med i opsamlingen" in done.text
    assert [a.text for a in room.answers()] == ["Et godt svar"]
    assert [a.hidden for a in room.answers(include_hidden=True)] == [False, True]
    for fmt in ("md", "json"):
        result = run_cli("export", str(room.session_id), "-o", f"opsamling.{fmt}")
        assert result.exit_code == 0, result.output
        text = Path(f"opsamling.{fmt}").read_text(encoding="utf-8")
        assert "Et godt svar" in text and "ikke skal med" not in text
    result = run_cli("export", str(room.session_id), "-o", "opsamling.docx")
    assert result.exit_code == 0
    from docx import Document

    body = "\n".join(p.text for p in Document("opsamling.docx").paragraphs)
    body += "\n".join(c.text for t in Document("opsamling.docx").tables for r in t.rows for c in r.cells)
    assert "Et godt svar" in body and "ikke skal med" not in body
    shown = run_cli("show", str(room.session_id))
    assert "ikke skal med" not in shown.stdout
    assert room.store.session(room.session_id).answers == 1  # what `sessions` counts
    facilitate(room, action="vis", answer=str(hidden.id))
    assert len(room.answers()) == 2


def test_script_in_an_answer_is_escaped_on_the_projector_facilitator_page_and_in_the_docx(
        room: Room, run_cli) -> None:  # noqa: ANN001
    token = room.join()
    room.send(token, "<script>alert(1)</script> & æøå")
    facilitate(room, action="stem-aabn", per_group="3", per_target="2")
    facilitate(room, action="stem-luk")
    facilitate(room, action="stem-vis")
    for path in (f"/styr/{room.secret}", f"/{room.code}/projektor", f"/{room.code}/projektor/live"):
        page = room.client.get(path).text
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; æøå" in page, path
    assert run_cli("export", "latest", "-o", "o.docx").exit_code == 0
    from docx import Document

    texts = [c.text for t in Document("o.docx").tables for r in t.rows for c in r.cells]
    texts += [p.text for p in Document("o.docx").paragraphs]
    assert any("<script>alert(1)</script> & æøå" in t for t in texts)


def test_the_facilitator_chooses_the_number_of_dots(room: Room) -> None:
    page = room.client.get(f"/styr/{room.secret}").text
    assert 'name="per_group" value="3"' in page and 'name="per_target" value="2"' in page
    facilitate(room, action="stem-aabn", per_group="5", per_target="1")
    ballot = rooms.ballot(room.store, room.session_id, FIRST_DIALOGUE)
    assert (ballot.per_group, ballot.per_target) == (5, 1)
    refused = facilitate(room, action="stem-aabn", per_group="2", per_target="3")
    assert refused.status_code == 400 and "Prikker pr. gruppe skal være 1–20" in refused.text


def test_closing_and_opening_the_item_from_the_facilitator_page(room: Room) -> None:
    token = room.join()
    facilitate(room, action="luk")
    assert room.send(token, "for sent").status_code == 409
    assert "Der er lukket for svar." in room.client.get(f"/{room.code}/projektor").text
    facilitate(room, action="aabn")
    assert room.send(token, "nu igen").status_code == 200


def test_the_facilitator_chooses_the_item_phones_answer(room: Room) -> None:
    facilitate(room, action="punkt", item="god-dialog")
    assert room.client.get(f"/{room.code}/status").json()["item"] == "god-dialog"
    assert facilitate(room, action="punkt", item="findes-ikke").status_code == 400
    facilitate(room, action="punkt", item="")
    assert room.client.get(f"/{room.code}/status").json()["item"] == FIRST_DIALOGUE


def test_a_long_question_is_shortened_with_one_ellipsis_in_the_phones_list(room: Room) -> None:
    """A user trial: the phone's list of questions (and the facilitator's list of items) ended a shortened
    text in three full stops, not the house style's »…«."""
    facilitate(room, action="punkt", item="organisationen-med")
    room.join("Gruppe 1")
    page = room.client.get(f"/{room.code}").text
    options = re.findall(r'<option value="\d+"[^>]*>(.*?)</option>', page)
    assert [o for o in options if o.startswith("2. ")] == [
        "2. Hvordan understøtter og møder vi initiativ til aktørskab?…"]
    assert "..." not in page


def test_the_projector_shows_the_join_url_qr_and_counts_per_group_never_answer_text(room: Room) -> None:
    token = room.join("Gruppe 3")
    room.send(token, "hemmeligt indhold")
    room.send(token, "mere")
    page = room.client.get(f"/{room.code}/projektor").text
    assert f"http://testserver/{room.code}" in page and f'src="/{room.code}/qr.svg"' in page
    assert re.search(r'data-group="Gruppe 3">2<', page) and re.search(r'data-group="Gruppe 1">0<', page)
    assert "hemmeligt indhold" not in page
    svg = room.client.get(f"/{room.code}/qr.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.startswith("<svg")


def test_one_dot_and_one_group_are_said_in_the_singular() -> None:
    app, state, store, sid, stored = make_room(groups=1)
    try:
        with TestClient(app, base_url="http://testserver") as client:
            room = Room(client, store, sid, stored.join_code, stored.secret)
            store.add_answer(sid, Answer(FIRST_DIALOGUE, "Gruppe 1", "Punkt 1"))
            store.add_answer(sid, Answer(FIRST_DIALOGUE, "Gruppe 1", "Punkt 2"))
            a1, a2 = (a.id for a in room.answers())
            facilitate(room, action="stem-aabn", per_group="1", per_target="1")
            token = room.join("Gruppe 1")
            assert "I har 1 prik i alt og højst 1 på det samme." in client.get(f"/{room.code}/stem").text
            assert "Højst 1 prik på det samme." in vote(room, token, **{f"t{a1}": "2"}).text
            assert "I har 1 prik i alt – I har brugt 2." in vote(room, token, **{f"t{a1}": "1", f"t{a2}": "1"}).text
            assert "Afstemning åben: 0 af 1 gruppe har stemt." in client.get(f"/{room.code}/projektor").text
            assert "0 af 1 gruppe har stemt." in client.get(f"/styr/{room.secret}").text
    finally:
        state.close()
        store.close()


def test_dot_voting_keeps_results_hidden_until_revealed_and_stores_zero_vote_answers(room: Room) -> None:
    for n in (1, 2, 3):
        room.store.add_answer(room.session_id, Answer(FIRST_DIALOGUE, f"Gruppe {n}", f"Punkt {n}"))
    a1, a2, a3 = (a.id for a in room.answers())
    assert room.client.get(f"/{room.code}/stem").status_code in (400, 409)
    facilitate(room, action="stem-aabn", per_group="3", per_target="2")
    token = room.join("Gruppe 1")
    page = room.client.get(f"/{room.code}").text
    assert "Afstemning: giv jeres prikker" in page
    ballot = room.client.get(f"/{room.code}/stem").text
    assert ballot.index("Punkt 1") < ballot.index("Punkt 2") < ballot.index("Punkt 3")  # a fixed order
    too_many = vote(room, token, **{f"t{a1}": "2", f"t{a2}": "2"})
    assert too_many.status_code == 400 and "I har 3 prikker i alt – I har brugt 4." in too_many.text
    on_one = vote(room, token, **{f"t{a1}": "3"})
    assert on_one.status_code == 400 and "Højst 2 prikker på det samme." in on_one.text
    unknown = vote(room, token, t99999="1")
    assert unknown.status_code == 400
    assert rooms.vote_totals(room.store, room.session_id, FIRST_DIALOGUE) == {}
    assert "Jeres prikker er gemt" in vote(room, token, **{f"t{a2}": "2", f"t{a3}": "1"}).text
    assert "Jeres prikker er gemt" in vote(room, token, **{f"t{a2}": "1", f"t{a3}": "1"}).text  # changed
    projector = room.client.get(f"/{room.code}/projektor").text
    assert "Afstemning åben: 1 af 4 grupper har stemt." in projector and "prikker" not in projector
    assert "Resultat" not in room.client.get(f"/styr/{room.secret}").text  # not even the facilitator yet
    facilitate(room, action="stem-luk")
    assert vote(room, token, **{f"t{a1}": "1"}).status_code == 409  # closed: no more changes
    assert "Resultat af afstemningen" not in room.client.get(f"/{room.code}/projektor").text
    facilitate(room, action="stem-vis")
    projector = room.client.get(f"/{room.code}/projektor").text
    results = re.findall(r"<li>(Punkt \d) – (\d) prik", projector)
    assert results == [("Punkt 2", "1"), ("Punkt 3", "1"), ("Punkt 1", "0")]  # zero-vote answers included
    assert rooms.vote_totals(room.store, room.session_id, FIRST_DIALOGUE) == {a2: 1, a3: 1}


def test_a_blank_database_has_the_room_tables(tmp_path: Path) -> None:
    store = open_store(tmp_path / "ny.db")
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"rooms", "item_states", "ballots", "votes"} <= tables
    sid = new_session(store)
    assert rooms.ensure_room(store, sid) == rooms.ensure_room(store, sid)  # one join code per session
    assert re.fullmatch(r"[a-z2-9]{6}", rooms.ensure_room(store, sid).join_code)


def test_an_upgrade_keeps_old_answers_visible_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "gammel.db"
    conn = old_database(path, 1)
    conn.execute("INSERT INTO answers (session_id, item_id, grp, text, created) "
                 "VALUES (1, 'a', 'Gruppe 1', 'gammelt svar', '2025-04-02T09:00:00+02:00')")
    conn.close()
    store = open_store(path)
    [answer] = store.answers(1)
    assert (answer.text, answer.hidden, answer.phone) == ("gammelt svar", False, None)
    assert store.session(1).answers == 1


def test_an_upgrade_to_m011_keeps_a_withdrawal_undoable_under_a_new_id_and_new_ids_pass_withdrawn_ones(
        tmp_path: Path) -> None:
    import json
    import time

    path = tmp_path / "gammel.db"
    conn = old_database(path, 10, uuid="u-1")
    conn.execute("INSERT INTO answers (id, session_id, item_id, grp, text, created, uuid, phone) VALUES "
                 "(1, 1, 'a', 'Gruppe 1', 'bliver', '2025-04-02T09:00:00+02:00', 'a-1', 'p')")
    kept = {"item_id": "a", "group": "Gruppe 1", "text": "trukket før", "question": None, "category": None,
            "created": "2025-04-02T09:01:00+02:00", "edited": None, "uuid": "a-2", "phone": "p"}
    conn.execute("INSERT INTO withdrawals (session_id, item_id, grp, phone, at, answer) VALUES (1, 'a', 'Gruppe 1', "
                 "'p', ?, ?)", (time.time(), json.dumps(kept)))  # what version 10 kept: no id
    conn.close()
    store = open_store(path)
    assert store.conn.execute("SELECT name FROM _migrations WHERE version = 11").fetchone() == ("m011_withdrawn_ids",)
    back = rooms.bring_back(store, 1, 1, "p", "a")
    assert (back.id, back.uuid, back.text) == (2, "a-2", "trukket før")
    [answer] = [a for a in store.answers(1) if a.uuid == "a-2"]
    assert answer.id == 2
    withdrawn = rooms.withdraw_answer(store, 1, answer)
    new = store.add_answer(1, Answer("a", "Gruppe 2", "ny"))
    assert new == 3  # never the withdrawn answer's 2
    assert rooms.bring_back(store, 1, withdrawn, "p", "a").id == 2
    assert [a.id for a in store.answers(1)] == [1, 2, 3]
    store.close()


def test_with_synthesis_points_the_vote_is_on_the_points_and_the_totals_are_stored_with_them(room: Room) -> None:
    from aktorskab_cli.synthesis.model import Point, Synthesis
    from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis

    for n in (1, 2, 3):
        room.store.add_answer(room.session_id, Answer(FIRST_DIALOGUE, f"Gruppe {n}", f"rå svar {n}"))
    a1, a2, a3 = (a.id for a in room.answers())
    save_synthesis(room.store, room.session_id, Synthesis(points=(
        Point("Tydelige hjørneflag", answers=(a1, a2), item=FIRST_DIALOGUE),
        Point("Tillid og psykologisk tryghed", answers=(a3,), item=FIRST_DIALOGUE),
        Point("Et skjult punkt", item=FIRST_DIALOGUE, hidden=True),
        Point("Et andet punkts punkt", item="god-dialog"),
    )))
    facilitate(room, action="stem-aabn", per_group="3", per_target="2")
    assert rooms.ballot(room.store, room.session_id, FIRST_DIALOGUE).target_kind == "point"
    token = room.join("Gruppe 2")
    page = room.client.get(f"/{room.code}/stem").text
    assert page.index("Tydelige hjørneflag") < page.index("Tillid og psykologisk tryghed")
    assert "rå svar" not in page and "Et skjult punkt" not in page and "Et andet punkts punkt" not in page
    ids = [int(i) for i in re.findall(r'name="t(\d+)"', page)]
    assert len(ids) == 2
    assert "Jeres prikker er gemt" in vote(room, token, **{f"t{ids[1]}": "2"}).text
    facilitate(room, action="stem-luk")
    stored = load_synthesis(room.store, room.session_id)
    assert [(p.text, p.votes) for p in stored.points] == [
        ("Tydelige hjørneflag", 0), ("Tillid og psykologisk tryghed", 2), ("Et skjult punkt", None),
        ("Et andet punkts punkt", None)]  # zero-vote points included; other items and hidden points untouched
    facilitate(room, action="stem-vis")
    results = re.findall(r"<li>([^<]+) – (\d) prik", room.client.get(f"/{room.code}/projektor").text)
    assert results == [("Tillid og psykologisk tryghed", "2"), ("Tydelige hjørneflag", "0")]


def test_the_facilitators_follow_the_agenda_choice_names_the_item_it_would_open(room: Room) -> None:
    """With an item chosen, the choice to give control back to the agenda read »Følg dagsordenen (nu: se
    listen)«: it names the item the agenda stands at (an imported meeting: its first dialogue)."""
    page = room.client.get(f"/styr/{room.secret}").text
    assert '<option value="" selected>Følg dagsordenen (nu: Dialog i grupper med udgangspunkt i cases)</option>' in page
    facilitate(room, action="punkt", item="god-dialog")
    page = room.client.get(f"/styr/{room.secret}").text
    assert '<option value="">Følg dagsordenen (nu: Dialog i grupper med udgangspunkt i cases)</option>' in page
    assert "se listen" not in page
