"""The participant's page through Starlette's TestClient: joining, answering, correcting, and every bad input."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_reader, open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.web.room import RoomState
from web_helpers import FIRST_DIALOGUE, Room, csrf_of, make_room


def test_a_wrong_or_missing_join_code_is_a_bare_404(room: Room) -> None:
    for path in ("/", "/forkert", f"/{room.code}x", "/forkert/projektor", "/forkert/status", "/forkert/qr.svg",
                 "/styr/forkert", f"/styr/{room.code}"):
        response = room.client.get(path)
        assert (response.status_code, response.text) == (404, "Siden findes ikke."), path
    response = room.client.post("/forkert/svar", data={"text": "hej"})
    assert (response.status_code, response.text) == (404, "Siden findes ikke.")
    response = room.client.get(f"/{room.code}/svar")  # a POST-only route: no 405 hint either
    assert response.status_code == 404
    assert room.answers() == []


def test_the_group_page_lists_the_sessions_groups_and_keeps_the_choice_in_a_strict_cookie(room: Room) -> None:
    page = room.client.get(f"/{room.code}")
    assert page.status_code == 200
    for n in range(1, 5):
        assert f'value="Gruppe {n}"' in page.text
    assert "Gruppe 5" not in page.text
    assert "samesite=strict" in page.headers["set-cookie"].lower()
    assert "httponly" in page.headers["set-cookie"].lower()
    chosen = room.client.post(f"/{room.code}/gruppe", data={"csrf": csrf_of(page.text), "group": "Gruppe 3"},
                              follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == f"/{room.code}"
    cookie = chosen.headers["set-cookie"].lower()
    assert cookie.startswith("group=gruppe%203") and "samesite=strict" in cookie
    page = room.client.get(f"/{room.code}")
    assert "Gruppe 3" in page.text and "Dialog i grupper med udgangspunkt i cases" in page.text
    assert "Hvordan får vi konkret øje på professionelt aktørskab?" in page.text


def test_a_group_typed_in_another_case_is_offered_once() -> None:
    """»gruppe 2« typed from a flip-chart is Gruppe 2 (as in the opsamling), not a second group."""
    app, state, store, sid, _ = make_room()
    store.add_answer(sid, Answer(FIRST_DIALOGUE, "gruppe  2 ", "Fra flipoveren"))
    try:
        groups = state.groups(store)
    finally:
        state.close()
        store.close()
    assert groups.count("Gruppe 2") == 1 and not any(g.startswith("gruppe") for g in groups)


def test_a_group_not_in_the_session_is_refused(room: Room) -> None:
    token = csrf_of(room.client.get(f"/{room.code}").text)
    response = room.client.post(f"/{room.code}/gruppe", data={"csrf": token, "group": "Gruppe 99"})
    assert response.status_code == 400 and "Vælg en af grupperne på listen." in response.text


def test_an_answer_with_danish_letters_and_emoji_is_stored_before_modtaget(room: Room) -> None:
    token = room.join("Gruppe 2")
    sent = room.send(token, "  Æbler, øl og små ål 🙂\r\nanden linje  ", question="2")
    assert sent.status_code == 200
    assert "Modtaget – tak! Svaret er gemt." in sent.text
    assert "Æbler, øl og små ål 🙂" in sent.text
    # a second connection sees it: committed before the redirect was sent
    other = open_store(room.store.path)
    [stored] = other.answers(room.session_id)
    other.close()
    assert (stored.item_id, stored.group, stored.text, stored.question) == \
        (FIRST_DIALOGUE, "Gruppe 2", "Æbler, øl og små ål 🙂\nanden linje", 2)
    assert stored.phone and stored.category is None


def test_decomposed_letters_from_a_phone_are_stored_composed(room: Room) -> None:
    token = room.join()
    room.send(token, "a\u030angstrøm")  # å as a + combining ring
    assert room.answers()[0].text == "ångstrøm"


def test_the_answer_form_redirects_with_303(room: Room) -> None:
    token = room.join()
    sent = room.client.post(f"/{room.code}/svar", data={"csrf": token, "text": "hej"}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == f"/{room.code}?ok=modtaget"


@pytest.mark.parametrize(("text", "message"), [
    ("", "Skriv et svar, før I sender."),
    ("   \n\t ", "Skriv et svar, før I sender."),
    ("x" * 2001, "Svaret er for langt: 2.001 tegn; højst 2.000."),
])
def test_an_empty_or_too_long_answer_is_refused_in_danish_and_nothing_is_stored(room: Room, text: str,
                                                                                message: str) -> None:
    token = room.join()
    response = room.send(token, text)
    assert response.status_code == 400
    assert message in response.text
    assert room.answers() == []
    assert room.send(token, "x" * 2000).status_code == 200  # the server keeps serving; 2,000 is allowed
    assert len(room.answers()) == 1


def test_the_long_answer_comes_back_in_the_textarea_so_nothing_typed_is_lost(room: Room) -> None:
    token = room.join()
    response = room.send(token, "Et langt svar " + "y" * 2000)
    assert response.status_code == 400 and "Et langt svar yyyy" in response.text


def test_a_body_over_16_kib_is_413_and_nothing_is_stored(room: Room) -> None:
    token = room.join()
    response = room.send(token, "z" * 17_000)
    assert response.status_code == 413
    assert "For meget tekst på én gang." in response.text

    def chunks():  # no Content-Length: counted while it streams in
        yield f"csrf={token}&text=".encode()
        for _ in range(20):
            yield b"a" * 1024

    response = room.client.post(f"/{room.code}/svar", content=chunks(),
                                headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert room.answers() == []
    assert room.send(token, "stadig her").status_code == 200


@pytest.mark.parametrize("body", [b"text=%E6bler&csrf=", b"text=\xe6bler&csrf="])
def test_a_body_that_is_not_utf8_is_refused(room: Room, body: bytes) -> None:
    token = room.join()
    response = room.client.post(f"/{room.code}/svar", content=body + token.encode(),
                                headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400
    assert "teksten skal være UTF-8" in response.text
    assert room.answers() == []


def test_a_form_without_or_with_a_wrong_csrf_token_is_refused(room: Room) -> None:
    room.join()
    for data in ({"text": "hej"}, {"text": "hej", "csrf": "0" * 32}, {"text": "hej", "csrf": "æøå" * 11}):
        response = room.client.post(f"/{room.code}/svar", data=data)  # letters beyond ASCII: no 500
        assert response.status_code == 400 and "Siden var for gammel" in response.text
    fresh = TestClient(room.client.app, base_url="http://testserver")  # another phone's token does not fit
    token = csrf_of(room.client.get(f"/{room.code}").text)
    fresh.cookies.set("group", "Gruppe%201")
    response = fresh.post(f"/{room.code}/svar", data={"text": "hej", "csrf": token})
    assert response.status_code == 400
    assert room.answers() == []


def test_more_than_20_answers_a_minute_from_one_phone_is_429(room: Room) -> None:
    token = room.join()
    for n in range(20):
        assert room.send(token, f"svar {n}").status_code == 200
    response = room.send(token, "ét for meget")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert "I sender meget hurtigt" in response.text and "ét for meget" in response.text
    assert len(room.answers()) == 20
    other = TestClient(room.client.app, base_url="http://testserver")  # another phone is not held up
    assert room.send(room.join("Gruppe 1", other), "fra en anden telefon", client=other).status_code == 200


def test_a_foreign_host_origin_or_cross_site_post_is_400(room: Room) -> None:
    token = room.join()
    for host in ("angriber.example", "angriber.example:80", "testserver.angriber.example"):  # DNS rebinding
        foreign = room.client.get(f"/{room.code}", headers={"host": host})
        assert (foreign.status_code, foreign.text) == (400, "Ukendt adresse."), host
        assert "content-security-policy" in foreign.headers
    # the port is not compared (Starlette's TrustedHostMiddleware): a rebinding page's Host names its own domain
    assert room.client.get(f"/{room.code}", headers={"host": "testserver:1234"}).status_code == 200
    evil = room.client.post(f"/{room.code}/svar", data={"csrf": token, "text": "x"},
                            headers={"origin": "http://angriber.example"})
    assert evil.status_code == 400
    cross = room.client.post(f"/{room.code}/svar", data={"csrf": token, "text": "x"},
                             headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 400
    same = room.client.post(f"/{room.code}/svar", data={"csrf": token, "text": "x"},
                            headers={"origin": "http://testserver"})
    assert same.status_code == 200
    assert len(room.answers()) == 1


def test_every_page_has_a_strict_csp_and_no_hsts(room: Room) -> None:
    for path in (f"/{room.code}", f"/{room.code}/projektor", f"/{room.code}/status", "/static/style.css", "/nej"):
        headers = room.client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "upgrade-insecure" not in csp
        assert "strict-transport-security" not in headers
        assert headers["x-content-type-options"] == "nosniff"
    page = room.client.get(f"/{room.code}").text
    assert "<script>" not in page and "style=" not in page and "onclick" not in page


def test_script_in_an_answer_comes_back_escaped(room: Room) -> None:
    token = room.join()
    page = room.send(token, "<script>alert('hej')</script>").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;hej&#39;)&lt;/script&gt;" in page


def test_a_group_corrects_and_withdraws_its_own_answers(room: Room) -> None:
    token = room.join("Gruppe 1")
    room.send(token, "første udkast")
    room.send(token, "skal væk")
    first, second = room.answers()
    edit = room.client.get(f"/{room.code}/svar/{first.id}")
    assert edit.status_code == 200 and "første udkast" in edit.text
    done = room.client.post(f"/{room.code}/svar/{first.id}", data={"csrf": token, "action": "ret", "text": "rettet"})
    assert "Rettet – ændringen er gemt." in done.text
    gone = room.client.post(f"/{room.code}/svar/{second.id}", data={"csrf": token, "action": "slet"})
    assert "Svaret er trukket tilbage." in gone.text and "skal væk" not in gone.text
    [kept] = room.answers()
    assert kept.text == "rettet" and kept.edited is not None
    empty = room.client.post(f"/{room.code}/svar/{first.id}", data={"csrf": token, "action": "ret", "text": " "})
    assert empty.status_code == 400 and "Skriv et svar" in empty.text
    assert room.answers()[0].text == "rettet"


def test_undo_brings_the_withdrawn_answer_back_as_itself_same_id_same_place_same_uuid(room: Room) -> None:
    """»Fortryd« restores the answer, not a copy: the facilitator's list, the order and a later correction are
    keyed on its id. The last answer withdrawn is the hard case: SQLite hands a new row the highest id + 1,
    so an answer from another phone in between must not take the withdrawn one's id."""
    import re

    token = room.join("Gruppe 1")
    for text in ("første", "midterste", "sidste"):
        room.send(token, text)
    before = room.answers()

    def withdraw_and_undo(answer: Answer, between: str | None = None) -> None:
        gone = room.client.post(f"/{room.code}/svar/{answer.id}", data={"csrf": token, "action": "slet"})
        assert "Svaret er trukket tilbage." in gone.text
        if between is not None:  # another group's phone answers while the answer is out
            other = TestClient(room.client.app, base_url="http://testserver")
            room.send(room.join("Gruppe 2", other), between, other)
        undo = re.search(r'action="/\w+(/fortryd/\d+)"', gone.text)[1]
        back = room.client.post(f"/{room.code}{undo}", data={"csrf": token}, follow_redirects=True)
        assert "Svaret er tilbage." in back.text

    withdraw_and_undo(before[1])
    assert [(a.id, a.uuid, a.text, a.created) for a in room.answers()] == [
        (a.id, a.uuid, a.text, a.created) for a in before]
    withdraw_and_undo(before[2], between="imens")
    after = room.answers()
    assert [(a.id, a.uuid, a.text) for a in after[:3]] == [(a.id, a.uuid, a.text) for a in before]
    assert after[3].text == "imens" and after[3].id > before[2].id
    fixed = room.client.post(f"/{room.code}/svar/{before[2].id}", data={"csrf": token, "action": "ret",
                                                                        "text": "sidste, rettet"})
    assert "Rettet – ændringen er gemt." in fixed.text  # the page's old link to the answer still works
    assert [a.text for a in room.answers()] == ["første", "midterste", "sidste, rettet", "imens"]


def test_a_phone_never_sees_or_changes_another_groups_answers(room: Room) -> None:
    room.store.add_answer(room.session_id, Answer(FIRST_DIALOGUE, "Gruppe 1", "Gruppe 1s hemmelighed", phone="x" * 20))
    other_id = room.answers()[0].id
    token = room.join("Gruppe 2")
    page = room.client.get(f"/{room.code}").text
    assert "hemmelighed" not in page
    assert room.client.get(f"/{room.code}/svar/{other_id}").status_code == 404
    response = room.client.post(f"/{room.code}/svar/{other_id}", data={"csrf": token, "action": "slet"})
    assert response.status_code == 404
    assert len(room.answers()) == 1


def test_a_closed_item_takes_no_answers_and_no_changes(room: Room) -> None:
    token = room.join()
    room.send(token, "nået i tide")
    rooms.set_closed(room.store, room.session_id, FIRST_DIALOGUE, True)
    page = room.client.get(f"/{room.code}").text
    assert "Der er lukket for svar til dette punkt." in page and 'name="text"' not in page
    response = room.send(token, "for sent")
    assert response.status_code == 409 and "Der er lukket for svar lige nu." in response.text
    answer_id = room.answers()[0].id
    response = room.client.post(f"/{room.code}/svar/{answer_id}", data={"csrf": token, "action": "slet"})
    assert response.status_code == 409
    assert [a.text for a in room.answers()] == ["nået i tide"]


def test_the_status_poll_says_which_item_and_whether_it_is_open(room: Room) -> None:
    response = room.client.get(f"/{room.code}/status")
    assert response.json() == {"item": FIRST_DIALOGUE, "open": True, "vote": None}
    rooms.set_current_item(room.store, room.session_id, "god-dialog")
    rooms.set_closed(room.store, room.session_id, "god-dialog", True)
    assert room.client.get(f"/{room.code}/status").json() == {"item": "god-dialog", "open": False, "vote": None}


def test_a_question_out_of_range_is_refused(room: Room) -> None:
    token = room.join()
    for question in ("5", "x", "-1"):
        response = room.send(token, "svar", question=question)
        assert response.status_code == 400 and "Vælg et af spørgsmålene på listen." in response.text
    assert room.answers() == []


def test_no_answer_text_reaches_any_log(room: Room, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    token = room.join()
    room.send(token, "HEMMELIGT-SVAR-123")
    room.send(token, "HEMMELIGT-LANGT" + "q" * 3000)
    room.client.post(f"/{room.code}/svar", content=b"text=HEMMELIGT\xff",
                     headers={"content-type": "application/x-www-form-urlencoded"})
    assert "HEMMELIGT" not in caplog.text


def test_static_files_are_served(room: Room) -> None:
    css = room.client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    js = room.client.get("/static/phone.js")
    assert js.status_code == 200 and "fetch(" in js.text


def test_every_answer_a_phone_gets_stored_passes_the_rule_imports_are_held_to(room: Room) -> None:
    """The phone cleans (NFC, no control characters) and checks (text, length, question) in its own words;
    what it then stores must be an answer `rules.answers.answer_problems` finds nothing wrong with, the rule
    of answers files and imported JSON."""
    from aktorskab_cli.rules.answers import answer_problems

    token = room.join("Gruppe 2")
    sent = [("\x1b[31mrød\x1b[0m", ""), ("\u202eomvendt", "1"), ("a\u0308ble", "2"), ("\x00\x07", ""),
            ("   ", "0"), ("ok", "3"), ("spørgsmål to", "²"), ("\u200b\r\nlinje\r", "1")]
    codes = [room.send(token, text, question=question).status_code for text, question in sent]
    stored = room.answers()
    assert codes.count(200) == len(stored) >= 4, (codes, stored)
    agenda = room.store.session(room.session_id).agenda
    assert {a.text: answer_problems(a, agenda, str) for a in stored} == {a.text: [] for a in stored}


def _state(room: Room) -> RoomState:
    return room.client.app.app.app.state.room  # Guard → TrustedHostMiddleware → Starlette


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions the room sends to the store's thread (RoomState.db), in order."""
    sent: list[str] = []
    db = RoomState.db

    async def counted(self: RoomState, fn, *args: object):  # noqa: ANN001, ANN202
        sent.append(fn.__name__)
        return await db(self, fn, *args)

    monkeypatch.setattr(RoomState, "db", counted)
    return sent


def test_a_groups_page_is_read_on_the_event_loop_and_shows_what_another_connection_committed(
        room: Room, hops: list[str]) -> None:
    """No hop to the store's thread for the page of a group surely on the list, nor to choose one: the loop's
    own reading connection, which still sees at once what another connection (`run`'s moderation) committed."""
    token = room.join("Gruppe 2")
    room.send(token, "først")
    hops.clear()  # from here on
    assert "først" in room.client.get(f"/{room.code}").text
    rooms.set_hidden(room.store, room.session_id, room.answers()[0].id, True)
    assert "først" not in room.client.get(f"/{room.code}").text
    assert hops == []
    room.client.cookies.delete("group")
    room.client.cookies.set("group", "Gruppe%205")  # not on this meeting's list of four: read on the store's thread
    assert "Vælg jeres gruppe" in room.client.get(f"/{room.code}").text
    assert hops == ["_view"]
    chosen = room.client.post(f"/{room.code}/gruppe", data={"csrf": token, "group": "Gruppe 3"})  # surely listed
    assert chosen.status_code == 200 and "Gruppe 3" in chosen.text and hops == ["_view"]
    refused = room.client.post(f"/{room.code}/gruppe", data={"csrf": token, "group": "Gruppe 9"})
    assert refused.status_code == 400 and hops == ["_view", "groups"]


def test_a_page_is_served_also_when_the_reading_connection_finds_the_database_locked(room: Room,
                                                                                   tmp_path: Path) -> None:
    """SQLite busy on the loop's reading connection (here it reads a file another connection holds locked):
    said at once (the loop never waits on a lock), and the page is read on the store's thread instead."""
    token = room.join("Gruppe 2")
    room.send(token, "gemt")
    locked = tmp_path / "låst.db"
    locker = sqlite3.connect(locked, isolation_level=None)
    locker.execute("CREATE TABLE t (x)")
    locker.execute("BEGIN EXCLUSIVE")
    state = _state(room)
    kept, state.reader = state.reader, open_reader(locked)
    try:
        started = time.monotonic()
        assert state.read(lambda reader: reader.data_version()) is None
        assert time.monotonic() - started < 0.5
        page = room.client.get(f"/{room.code}")
        assert page.status_code == 200 and "gemt" in page.text
    finally:
        state.reader.close()
        state.reader = kept
        locker.close()


def test_the_pages_poll_is_read_on_the_event_loop_and_follows_another_connections_commit(
        room: Room, hops: list[str]) -> None:
    """/status, asked by every phone every 5 s: no hop to the store's thread, and what `run` (another
    connection) changed is there at once."""
    room.join("Gruppe 2")
    hops.clear()
    assert room.client.get(f"/{room.code}/status").json() == {"item": FIRST_DIALOGUE, "open": True, "vote": None}
    rooms.set_closed(room.store, room.session_id, FIRST_DIALOGUE, True)
    polled = room.client.get(f"/{room.code}/status")
    assert polled.json() == {"item": FIRST_DIALOGUE, "open": False, "vote": None}
    assert polled.headers["cache-control"] == "no-store" and hops == []


def test_the_live_streams_see_every_commit_without_a_hop_to_the_stores_thread(room: Room, hops: list[str]) -> None:
    """What the projector's and facilitator's streams compare after each change: read on the loop's reading
    connection, and changed by another connection's commit as by this server's own."""
    import asyncio

    state = _state(room)
    before = asyncio.run(state.committed())
    assert asyncio.run(state.committed()) == before  # nothing committed in between
    assert room.send(room.join("Gruppe 2"), "her").status_code == 200  # this server's own store commits
    ours = asyncio.run(state.committed())
    rooms.set_closed(room.store, room.session_id, FIRST_DIALOGUE, True)  # another connection (`run`) commits
    assert len({before, ours, asyncio.run(state.committed())}) == 3
    assert "data_version" not in hops and "in_one_transaction" in hops  # only the answer itself went there


def test_an_answer_written_for_an_item_the_facilitator_has_left_is_not_filed_under_the_next(room: Room) -> None:
    """A phone that stood on »cases« while the facilitator switched item sent its answer (for cases' question
    3) and got »Modtaget«: it was stored under the new item, with the new item's question 3."""
    token = room.join("Gruppe 1")
    form = room.client.get(f"/{room.code}").text
    assert f'name="item" value="{FIRST_DIALOGUE}"' in form
    rooms.set_current_item(room.store, room.session_id, "god-dialog")
    response = room.send(token, "Skrevet til cases", question="3", item=FIRST_DIALOGUE)
    assert response.status_code == 409
    assert ("Ordstyreren har skiftet punkt, mens I skrev, så svaret er ikke sendt. Det står i feltet herunder: "
            "send det igen, hvis det passer til det nye punkt.") in response.text
    assert "Skrevet til cases</textarea>" in response.text  # the text stays, on the new item's form
    assert 'name="item" value="god-dialog"' in response.text and " selected>" not in response.text
    assert room.answers() == []
    assert room.send(token, "Skrevet til cases", item="god-dialog").status_code == 200
    assert [(a.item_id, a.text, a.question) for a in room.answers()] == [("god-dialog", "Skrevet til cases", None)]


def test_an_answer_sent_to_a_closed_item_is_shown_back_not_lost(room: Room) -> None:
    """The facilitator closed the item while a group wrote: »Send svar« gave »Der er lukket …« on a page
    without the box, and the group's text was gone."""
    token = room.join()
    rooms.set_closed(room.store, room.session_id, FIRST_DIALOGUE, True)
    response = room.send(token, "Et langt svar, vi skrev i ti minutter", item=FIRST_DIALOGUE)
    assert response.status_code == 409 and "Der er lukket for svar lige nu." in response.text
    assert ("Jeres tekst blev ikke gemt. Skriv den af, hvis I vil beholde den:</p>\n"
            '<p class="unsent">Et langt svar, vi skrev i ti minutter</p>') in response.text
    assert room.answers() == []


def test_back_to_a_withdrawn_answers_page_says_so_and_leads_back(room: Room) -> None:
    """Back after »Træk svaret tilbage« reopened the answer's page: a bare »Siden findes ikke.« in plain text,
    with no way back to the meeting. A wrong join code still gets only that."""
    token = room.join()
    room.send(token, "trækkes tilbage")
    answer_id = room.answers()[0].id
    room.client.post(f"/{room.code}/svar/{answer_id}", data={"csrf": token, "action": "slet"})
    response = room.client.get(f"/{room.code}/svar/{answer_id}")
    assert response.status_code == 404
    assert "Svaret findes ikke: det er trukket tilbage, eller det er ikke jeres." in response.text
    assert f'<a class="big button" href="/{room.code}">Tilbage til siden</a>' in response.text
    wrong = room.client.get(f"/xxxxxx/svar/{answer_id}")
    assert (wrong.status_code, wrong.text) == (404, "Siden findes ikke.")


def test_a_correction_can_move_the_answer_to_another_question(room: Room) -> None:
    """The chosen question stays chosen after »Send svar«, so the next answer easily goes out under the last
    answer's question; »Ret svaret« could change only the text (withdraw and send again lost its place)."""
    token = room.join()
    room.send(token, "skrevet til 3, sendt som 2", question="2")
    answer_id = room.answers()[0].id
    page = room.client.get(f"/{room.code}/svar/{answer_id}").text
    assert '<label for="question">Hvilket spørgsmål svarer I på?</label>' in page
    assert '<option value="2" selected>2. Hvad gør vi rigtigt, når professionelt aktørskab lykkes?</option>' in page
    fixed = room.client.post(f"/{room.code}/svar/{answer_id}", data={
        "csrf": token, "action": "ret", "text": "skrevet til 3", "question": "3"})
    assert "Rettet – ændringen er gemt." in fixed.text
    assert [(a.id, a.text, a.question) for a in room.answers()] == [(answer_id, "skrevet til 3", 3)]
    wrong = room.client.post(f"/{room.code}/svar/{answer_id}", data={
        "csrf": token, "action": "ret", "text": "x", "question": "9"})
    assert wrong.status_code == 400 and "Vælg et af spørgsmålene på listen." in wrong.text
    kept = room.client.post(f"/{room.code}/svar/{answer_id}", data={"csrf": token, "action": "ret", "text": "uden felt"})
    assert kept.status_code == 200 and [(a.text, a.question) for a in room.answers()] == [("uden felt", 3)]
