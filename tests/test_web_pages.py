"""What the room's pages say, read through the TestClient: the phone keeps the chosen question and says
which question each answer was for; the projector's group cards say what they count and step aside for a
vote; the facilitator sees each answer with its question."""

from __future__ import annotations

import re

from test_web_room import facilitate
from web_helpers import Room


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
