"""Phones suggest a status during a followup item, through Starlette's TestClient: the form (labelled, no
JavaScript), the suggestions stored as answers of the item, the facilitator taking one, and every bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from aktorskab_cli.agenda.followup import NO_PLAN
from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.engine import Run
from aktorskab_cli.live.followup import Followup
from aktorskab_cli.programme.storage import status_changes
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_store
from followup_data import AGENDA as SCREEN_AGENDA, PHONE_AGENDA, PHONE_PROGRAMME
from web_helpers import Room, facilitate


@pytest.fixture
def followup_room(tmp_path: Path):
    """A meeting whose live run stands at its followup item, with its phone room."""
    from aktorskab_cli.web.app import create_app
    from aktorskab_cli.web.room import RoomState

    Path("aar.toml").write_text(PHONE_PROGRAMME, encoding="utf-8")
    Path("moede.toml").write_text(PHONE_AGENDA, encoding="utf-8")
    agenda, text = load_agenda("moede.toml")
    store = open_store(tmp_path / "rum.db")
    sid = store.create_session(agenda, text, groups=3)
    run = Run(agenda)
    for event in (run.start(1000.0, 14 * 3600.0), run.next(1300.0)):
        store.add_event(sid, event)
    stored = rooms.ensure_room(store, sid)
    state = RoomState(open_store(store.path), sid, agenda, stored, "http://testserver", {"testclient"}, 3)
    with TestClient(create_app(state, {"testserver"}), base_url="http://testserver") as client:
        yield Room(client, store, sid, stored.join_code, stored.secret)
    state.close()
    store.close()


def suggest(room: Room, token: str, **choices: str):  # noqa: ANN201
    return room.client.post(f"/{room.code}/forslag", data={"csrf": token, **choices}, follow_redirects=False)


def test_the_phone_offers_each_entry_with_the_five_statuses_labelled_and_without_javascript(followup_room) -> None:
    room = followup_room
    room.join("Gruppe 2")
    page = room.client.get(f"/{room.code}").text
    assert "<h1>Opfølgning på handleplanen</h1>" in page
    assert '<form method="post" action="/' + room.code + '/forslag"' in page
    assert ('<label for="e-seminar">Tema på seminar <span class="small">(løbende · nu: ikke startet)</span></label>'
            in page)
    assert '<select id="e-omu-adm" name="e-omu-adm">' in page
    assert ('<option value="">Intet forslag</option><option value="ikke-startet">ikke startet</option>'
            '<option value="i-gang">i gang</option><option value="gennemfoert">gennemført</option>'
            '<option value="aendret">ændret</option><option value="droppet">droppet</option>') in page.replace("\n", "")


def test_a_suggestion_is_stored_as_an_answer_and_the_facilitator_takes_it(followup_room) -> None:
    room = followup_room
    token = room.join("Gruppe 2")
    sent = suggest(room, token, **{"e-seminar": "", "e-omu-adm": "gennemfoert"})
    assert (sent.status_code, sent.headers["location"]) == (303, f"/{room.code}?ok=forslag")
    assert [(a.item_id, a.group, a.text) for a in room.answers()] == [
        ("opfoelgning", "Gruppe 2", "Forslag: Dialogmøde i OMU: OMU Administrationen → gennemført (omu-adm)")]
    page = room.client.get(f"/{room.code}?ok=forslag").text
    assert "Tak – jeres forslag er sendt. Ordstyreren bestemmer." in page
    assert "Forslag: Dialogmøde i OMU: OMU Administrationen → gennemført (omu-adm)" in page  # the group's own list
    assert status_changes(room.store, "aar") == []  # a phone never sets a status itself

    agenda = room.store.session(room.session_id).agenda
    found = Followup.open(room.store, agenda, agenda.item("opfoelgning"), room.session_id)
    offered = found.suggestions()
    assert [(s.entry, s.status, s.group) for s in offered["omu-adm"]] == [("omu-adm", "gennemfoert", "Gruppe 2")]
    found.move(1)
    found.set_status(offered["omu-adm"][-1].status, note="forslag fra Gruppe 2", origin="phone")
    assert [(c.entry, c.status, c.origin, c.note) for c in status_changes(room.store, "aar")] == [
        ("omu-adm", "gennemfoert", "phone", "forslag fra Gruppe 2")]


def test_nothing_chosen_is_said_and_nothing_stored(followup_room) -> None:
    room = followup_room
    token = room.join()
    response = suggest(room, token, **{"e-seminar": "", "e-omu-adm": ""})
    assert response.status_code == 400
    assert "Vælg en status ved mindst én post, før I sender." in response.text
    assert room.answers() == []


@pytest.mark.parametrize("choice", [{"e-findes-ikke": "i-gang"}, {"e-seminar": "måske"}, {"e-seminar": "i gang"}])
def test_an_entry_or_status_not_offered_is_refused_and_nothing_stored(followup_room, choice: dict) -> None:
    room = followup_room
    token = room.join()
    response = suggest(room, token, **{"e-omu-adm": "droppet", **choice})
    assert response.status_code == 400
    assert "Forslaget kunne ikke læses. Genindlæs siden og prøv igen." in response.text
    assert room.answers() == []


def test_no_suggestions_when_the_item_is_closed_or_is_no_followup(followup_room) -> None:
    room = followup_room
    token = room.join()
    rooms.set_closed(room.store, room.session_id, "opfoelgning", True)
    closed = suggest(room, token, **{"e-seminar": "i-gang"})
    assert closed.status_code == 409 and "Der er lukket for forslag lige nu." in closed.text
    assert "Der er lukket for forslag til dette punkt." in room.client.get(f"/{room.code}").text
    rooms.set_closed(room.store, room.session_id, "opfoelgning", False)
    rooms.set_current_item(room.store, room.session_id, "dialog")  # the facilitator chose the dialogue
    page = room.client.get(f"/{room.code}").text
    assert "/forslag" not in page
    assert suggest(room, token, **{"e-seminar": "i-gang"}).status_code == 409
    assert room.answers() == []


def test_a_stale_page_without_its_token_stores_nothing(followup_room) -> None:
    room = followup_room
    room.join()
    response = suggest(room, "forkert", **{"e-seminar": "i-gang"})
    assert response.status_code == 400 and "Siden var for gammel" in response.text
    assert room.answers() == []


def test_the_same_suggestions_sent_twice_are_stored_once(followup_room) -> None:
    room = followup_room
    token = room.join("Gruppe 3")
    once = re.search(r'action="/[^"]+/forslag"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="once" value="([^"]+)"',
                     room.client.get(f"/{room.code}").text)[1]
    first = suggest(room, token, once=once, **{"e-seminar": "i-gang"})  # a double tap on »Send forslag«
    again = suggest(room, token, once=once, **{"e-seminar": "i-gang"})
    assert [r.headers["location"] for r in (first, again)] == [f"/{room.code}?ok=forslag"] * 2
    assert [(a.group, a.text) for a in room.answers()] == [("Gruppe 3", "Forslag: Tema på seminar → i gang (seminar)")]


# the facilitator's page ---------------------------------------------------------------------------------
def test_the_facilitator_opens_the_followup_item_for_the_phones_and_sees_their_suggestions(followup_room) -> None:
    room = followup_room
    rooms.set_current_item(room.store, room.session_id, "dialog")  # the phones answer the dialogue
    page = room.client.get(f"/styr/{room.secret}").text
    assert '<option value="opfoelgning">Opfølgning på handleplanen (forslag til status)</option>' in page
    opened = facilitate(room, action="punkt", item="opfoelgning").text
    assert '<option value="opfoelgning" selected>Opfølgning på handleplanen (forslag til status)</option>' in opened
    assert "<h1>Opfølgning på handleplanen</h1>" in opened
    assert "Åbn afstemning" not in opened  # statuses are suggested, not dotted
    assert re.search(r'<li><p><strong>Dialogmøde i OMU: OMU Administrationen</strong> '
                     r'<span class="small">\(løbende · nu: ikke startet\)</span></p>\s*'
                     r'<p class="small">Ingen forslag endnu.</p></li>', opened)

    token = room.join("Gruppe 2")
    assert '<select id="e-omu-adm" name="e-omu-adm">' in room.client.get(f"/{room.code}").text  # the phone's form
    suggest(room, token, **{"e-omu-adm": "gennemfoert", "e-seminar": "i-gang"})
    suggest(room, room.join("Gruppe 3"), **{"e-omu-adm": "aendret"})
    live = room.client.get(f"/styr/{room.secret}/live").text
    assert re.search(r'<strong>Dialogmøde i OMU: OMU Administrationen</strong> .*?</p>\s*<ul class="suggested">'
                     r'<li>Gruppe 2: gennemført</li><li>Gruppe 3: ændret</li></ul>', live)
    assert re.search(r'<strong>Tema på seminar</strong> .*?</p>\s*<ul class="suggested"><li>Gruppe 2: i gang</li></ul>',
                     live)


def test_the_facilitator_page_says_when_the_followup_item_follows_up_no_programme(tmp_path) -> None:
    from aktorskab_cli.web.app import create_app
    from aktorskab_cli.web.room import RoomState

    Path("moede.toml").write_text(SCREEN_AGENDA.format(plan=""), encoding="utf-8")
    agenda, text = load_agenda("moede.toml")
    store = open_store(tmp_path / "uden.db")
    sid = store.create_session(agenda, text, groups=3)
    stored = rooms.ensure_room(store, sid)
    rooms.set_current_item(store, sid, "opfoelgning")
    state = RoomState(open_store(store.path), sid, agenda, stored, "http://testserver", {"testclient"}, 3)
    with TestClient(create_app(state, {"testserver"}), base_url="http://testserver") as client:
        page = client.get(f"/styr/{stored.secret}").text
    state.close()
    store.close()
    assert NO_PLAN not in page.replace("&#34;", '"')  # the agenda's how-to, with placeholders: not for a meeting
    assert ("<p>Mødet er ikke knyttet til årets program: gem og stop det med q, og fortsæt med aktorskab run "
            f"--resume {sid} --plan aktorskab-2025-2026:omu-administration (med mødets egen post i stedet for "
            "omu-administration: se posterne med aktorskab plan show aktorskab-2025-2026).</p>") in page


def test_a_meeting_without_a_programme_is_told_to_link_the_one_used_here_last_with_the_forums_entry(
        tmp_path) -> None:
    from aktorskab_cli.programme.catalogue import load
    from aktorskab_cli.programme.storage import remember_programme

    Path("aar.toml").write_text(PHONE_PROGRAMME, encoding="utf-8")
    Path("moede.toml").write_text(SCREEN_AGENDA.format(plan=""), encoding="utf-8")
    agenda, text = load_agenda("moede.toml")
    store = open_store(tmp_path / "uden.db")
    sid = store.create_session(agenda, text, groups=3)
    item = agenda.items[1]
    assert Followup.open(store, agenda, item, None).problem == NO_PLAN  # not stored yet: the agenda's how-to
    remember_programme(store, *load("aar.toml"))  # used here (e.g. by plan set): it is the one to name
    found = Followup.open(store, agenda, item, sid)
    store.close()
    assert (found.programme, found.problem) == (None, (
        "Mødet er ikke knyttet til årets program: gem og stop det med q, og fortsæt med aktorskab run --resume "
        f"{sid} --plan aar:omu-adm (med mødets egen post i stedet for omu-adm: se posterne med aktorskab plan "
        "show aar)."))


# the phone's »nu: …« -------------------------------------------------------------------------------------
def test_the_phones_poll_names_the_shown_statuses_and_changes_when_one_is_set(followup_room) -> None:
    from aktorskab_cli.programme.storage import record_status

    room = followup_room
    room.join()
    page = room.client.get(f"/{room.code}").text
    assert 'data-statuses="11"' in page  # seminar, omu-adm: both »ikke startet«
    assert room.client.get(f"/{room.code}/status").json() == {
        "item": "opfoelgning", "open": True, "vote": None, "statuses": "11"}
    other = open_store(room.store.path)  # `run` (or `plan set`) in another process sets a status
    record_status(other, "aar", "omu-adm", "i-gang", session=None, origin="set")
    other.close()
    assert room.client.get(f"/{room.code}/status").json()["statuses"] == "12"
    page = room.client.get(f"/{room.code}").text
    assert 'data-statuses="12"' in page and "(løbende · nu: i gang)" in page
    rooms.set_current_item(room.store, room.session_id, "dialog")
    assert "statuses" not in room.client.get(f"/{room.code}/status").json()  # a dialogue has none


def test_the_phones_poll_reads_the_statuses_again_only_after_a_commit(followup_room) -> None:
    from aktorskab_cli.programme.storage import record_status

    room = followup_room
    app = room.client.app
    while not hasattr(app, "state"):  # the Starlette app inside the guard and the middleware
        app = app.app
    state = app.state.room
    read: list[str] = []
    state.store.conn.set_trace_callback(lambda sql: read.append(sql) if "plan_changes" in sql else None)
    for _ in range(20):  # 20 phones poll: one read of the statuses, not 20
        assert room.client.get(f"/{room.code}/status").json()["statuses"] == "11"
    assert len(read) <= 1
    read.clear()
    other = open_store(room.store.path)
    record_status(other, "aar", "seminar", "droppet", origin="set")
    other.close()
    for _ in range(20):
        assert room.client.get(f"/{room.code}/status").json()["statuses"] == "51"
    assert len(read) == 1
