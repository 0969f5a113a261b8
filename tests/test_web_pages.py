"""What the room's pages say, read through the TestClient: the phone keeps the chosen question and says
which question each answer was for; the projector's group cards say what they count and step aside for a
vote; the facilitator sees each answer with its question."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from starlette.testclient import TestClient

from aktorskab_cli.web import room as web_room
from web_helpers import Room, csrf_of, facilitate, vote


def _selected(html: str) -> str | None:
    match = re.search(r'<option value="(\d+)" selected>', html)
    return match[1] if match else None


def test_after_send_svar_the_phone_keeps_the_chosen_question(room: Room) -> None:
    token = room.join()
    sent = room.send(token, "Vi ser det i hverdagen", question="3")
    assert "Modtaget" in sent.text and _selected(sent.text) == "3"
    assert str(sent.url).endswith("?ok=modtaget&q=3")
    again = room.send(token, "Og når vi tør sige fra", question="3")
    assert _selected(again.text) == "3"
    assert [a.question for a in room.answers()] == [3, 3]
    assert _selected(room.send(token, "Til det hele", question="0").text) is None  # »Alle spørgsmål«
    refused = room.send(token, "", question="2")  # an empty answer is refused: the choice stays too
    assert refused.status_code == 400 and _selected(refused.text) == "2"


def test_the_groups_own_list_says_which_question_each_answer_was_for(room: Room) -> None:
    token = room.join()
    room.send(token, "Svar på det andet", question="2")
    page = room.send(token, "Svar på det hele", question="0").text
    own = page[page.index('class="own"'):]
    assert re.search(r'class="for">Spørgsmål 2</p><p>Svar på det andet', own)
    assert re.search(r'class="for">Alle spørgsmål</p><p>Svar på det hele', own)


def test_the_redirect_after_an_answer_names_the_question_and_is_never_cached(room: Room) -> None:
    token = room.join()
    sent = room.client.post(f"/{room.code}/svar", data={"csrf": token, "text": "Til det tredje", "question": "3",
                                                        "once": "q"}, follow_redirects=False)
    assert (sent.status_code, sent.headers["location"]) == (303, f"/{room.code}?ok=modtaget&q=3")
    assert sent.headers["cache-control"] == "no-store"
    assert [a.question for a in room.answers()] == [3]


def test_the_list_keeps_each_answers_html_yet_shows_corrections_and_others_no_links(
        room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each listed answer is rendered once and kept under everything it shows (RoomState.keep): a
    corrected text, another phone of the group (no »Ret«) never get the old piece; at most KEPT kept."""
    monkeypatch.setattr(web_room, "KEPT", 3)
    token = room.join("Gruppe 2")
    for k in range(4):
        room.send(token, f"svar nr. {k}")
    first = room.answers()[0]
    room.client.post(f"/{room.code}/svar/{first.id}", data={"csrf": token, "text": "rettet svar", "once": "a"})
    page = room.client.get(f"/{room.code}").text
    assert "rettet svar" in page and "svar nr. 0" not in page and all(f"svar nr. {k}" in page for k in (1, 2, 3))
    assert page.count("Ret eller træk tilbage") == 4
    with TestClient(room.client.app, base_url="http://testserver") as other:
        seen = other.get(f"/{room.code}").text
        other.post(f"/{room.code}/gruppe", data={"csrf": csrf_of(seen), "group": "Gruppe 2"})
        seen = other.get(f"/{room.code}").text
    assert all(text in seen for text in ("rettet svar", "svar nr. 3")) and "Ret eller træk tilbage" not in seen
    assert len(room.client.app.app.app.state.room.kept) == 3


def test_the_projectors_group_cards_say_svar_and_step_aside_during_a_vote(room: Room) -> None:
    token = room.join("Gruppe 3")
    room.send(token, "Et svar")
    live = room.client.get(f"/{room.code}/projektor/live").text
    assert re.search(r'<span class="g">Gruppe 3</span> <span class="n" data-group="Gruppe 3">1</span> svar', live)
    facilitate(room, action="stem-aabn", per_group="3", per_target="2")
    during = room.client.get(f"/{room.code}/projektor/live").text
    assert 'class="counts"' not in during and "0 af 4 grupper har stemt" in during


def test_the_facilitator_sees_each_answer_with_its_group_and_question(room: Room) -> None:
    token = room.join("Gruppe 4")
    room.send(token, "Mandat og vikarer", question="4")
    page = room.client.get(f"/styr/{room.secret}").text
    assert re.search(r'<p class="for"><strong>Gruppe 4</strong> · spørgsmål 4 · fra telefon</p>\s*'
                     r'<p>Mandat og vikarer</p>', page)
    assert "Gruppe 4: <strong>1</strong> svar" in page
    assert '<p class="state open">Åbent for svar</p>' in page


# which item is open: the clock's dialogue, the facilitator's choice, nothing during breakfast --------------
@contextmanager
def meeting_room(store_status: str, events: list = ()) -> Iterator[Room]:  # noqa: ANN001
    """A temadag meeting in `store_status` with these run events (none: a run --web before the day starts),
    its room served through the TestClient."""
    from starlette.testclient import TestClient

    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.store import room as rooms
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.web.app import create_app
    from aktorskab_cli.web.room import RoomState

    store = open_store()
    agenda, text = load_agenda("temadag")
    sid = store.create_session(agenda, text, status=store_status, groups=4)
    for event in events:
        store.add_event(sid, event)
    room = rooms.ensure_room(store, sid)
    state = RoomState(open_store(store.path), sid, agenda, room, "http://testserver", {"testclient"}, 4)
    try:
        with TestClient(create_app(state, {"testserver"}), base_url="http://testserver") as client:
            yield Room(client, store, sid, room.join_code, room.secret)
    finally:
        state.close()
        store.close()


def _phone_page(store_status: str, events: list, chosen: str | None = None) -> tuple[str, int]:  # noqa: ANN001
    """The phone page of such a meeting (the facilitator having opened `chosen`), and what a send gets."""
    with meeting_room(store_status, events) as room:
        if chosen:
            facilitate(room, action="punkt", item=chosen)
        sent = room.send(room.join(), "et svar")
        return sent.text, sent.status_code


def test_phones_get_nothing_to_answer_before_the_days_first_dialogue() -> None:
    from aktorskab_cli.store.records import Event

    waiting, status = _phone_page("running", [])  # run --web, the day not started yet
    assert status == 409 and "Der er ikke noget at svare på endnu" in waiting
    breakfast, status = _phone_page("running", [Event("start", 0.0, "morgenbroed", 480.0)])
    assert status == 409 and "Der er ikke noget at svare på endnu" in breakfast
    assert "Dialog i grupper" not in breakfast


def test_the_dialogue_the_run_is_on_opens_by_itself_and_the_facilitator_may_open_another() -> None:
    from aktorskab_cli.store.records import Event

    at_dialogue = [Event("start", 0.0, "morgenbroed", 480.0)] + [
        Event("next", 60.0 * n, item) for n, item in enumerate(("intro", "olfa", "pause-1", "dialog-cases"), 1)]
    page, status = _phone_page("running", at_dialogue)
    assert status == 200 and "Modtaget" in page and "Dialog i grupper med udgangspunkt i cases" in page
    page, status = _phone_page("running", at_dialogue + [Event("next", 400.0, "pause-2")])
    assert status == 200 and "Dialog i grupper med udgangspunkt i cases" in page  # finishing in the break
    page, status = _phone_page("running", [], chosen="god-dialog")  # the facilitator opened it at breakfast
    assert status == 200 and "Understøttelse af den gode dialog" in page
    page, status = _phone_page("imported", [])  # no clock to follow: the first dialogue
    assert status == 200 and "Dialog i grupper med udgangspunkt i cases" in page


def test_the_correction_page_says_which_question_and_the_vote_button_what_the_group_gave(room: Room) -> None:

    token = room.join()
    room.send(token, "Mandat", question="4")
    answer = room.answers()[0]
    edit = room.client.get(f"/{room.code}/svar/{answer.id}").text
    assert ('<p class="for">Til »Dialog i grupper med udgangspunkt i cases«, spørgsmål 4: Hvilke muligheder og '
            'dilemmaer ser vi?</p>') in edit
    facilitate(room, action="stem-aabn", per_group="3", per_target="2")
    assert "Afstemning: giv jeres prikker" in room.client.get(f"/{room.code}").text
    vote(room, room.join(), **{f"t{answer.id}": "2"})
    assert "Afstemning: I har givet 2 prikker – ret dem" in room.client.get(f"/{room.code}").text


def test_at_breakfast_the_facilitator_can_open_a_dialogue_for_the_phones() -> None:
    with meeting_room("running") as room:  # run --web before the day starts: nothing is open
        page = room.client.get(f"/styr/{room.secret}").text
        assert "Intet punkt er åbent for svar" in page and "Dagsordenen har ingen dialogpunkter" not in page
        assert '<option value="dialog-cases">Dialog i grupper med udgangspunkt i cases</option>' in page
        opened = facilitate(room, action="punkt", item="dialog-cases")
        assert '<p class="state open">Åbent for svar</p>' in opened.text
        assert room.send(room.join(), "nu kan vi svare").status_code == 200

def test_each_page_has_a_title_of_its_own(room: Room) -> None:
    def title(path: str) -> str:
        return re.search(r"<title>(.*?)</title>", room.client.get(path).text)[1]

    day = "Temadag om professionelt aktørskab"
    assert title(f"/{room.code}") == f"Vælg jeres gruppe – {day}"
    token = room.join()
    assert title(f"/{room.code}") == f"Dialog i grupper med udgangspunkt i cases · Gruppe 2 – {day}"
    room.send(token, "Et svar")
    assert title(f"/{room.code}/svar/{room.answers()[0].id}") == f"Ret svaret · Gruppe 2 – {day}"
    assert title(f"/{room.code}/stem") == f"Det gik ikke – {day}"  # no vote is open
    facilitate(room, action="stem-aabn", per_group="3", per_target="2")
    assert title(f"/{room.code}/stem") == f"Afstemning · Gruppe 2 – {day}"
    assert title(f"/{room.code}/projektor") == f"Projektor – {day}"


def test_a_groups_page_is_kept_with_holes_and_each_phone_gets_its_own_tokens_list_and_count(room: Room) -> None:
    """The page of a group is rendered once per state and kept (web/pages.kept_page); each phone's form token,
    one-time token, list and count are filled in per request, and what changes the page (an answer, closing
    the item) gives a page of its own."""
    state = room.client.app.app.app.state.room
    first = room.join("Gruppe 2")
    room.send(first, "Første telefons svar")
    with TestClient(room.client.app, base_url="http://testserver") as other:
        seen = other.get(f"/{room.code}").text
        other.post(f"/{room.code}/gruppe", data={"csrf": csrf_of(seen), "group": "Gruppe 2"}, follow_redirects=False)
        before = {key for key in state.kept if key[:2] == ("page", "phone.html")}
        page = other.get(f"/{room.code}").text
        again = other.get(f"/{room.code}").text
        mine = room.client.get(f"/{room.code}").text
        assert csrf_of(page) != first and csrf_of(mine) == first  # each phone its own form token
        assert re.findall(r'name="once" value="([^"]+)"', page) != re.findall(r'name="once" value="([^"]+)"', again)
        assert "Jeres svar til punktet (1)" in page and "Første telefons svar" in page
        assert "Ret eller træk tilbage" in mine and "Ret eller træk tilbage" not in page
        kept = {key for key in state.kept if key[:2] == ("page", "phone.html")} - before
        assert len(kept) == 1  # two phones, three pages: one rendering
        assert not any("\x00" in html for html in (page, again, mine))
        other.post(f"/{room.code}/svar", data={"csrf": csrf_of(page), "text": "Anden telefons svar", "once": "b"})
        page = other.get(f"/{room.code}").text
        assert "Jeres svar til punktet (2)" in page and "Anden telefons svar" in page
        facilitate(room, action="luk")
        closed = other.get(f"/{room.code}").text
    assert "Der er lukket for svar til dette punkt." in closed and 'name="text"' not in closed
    assert "Ret eller træk tilbage" not in closed
