"""What the follow-up item shows, word for word (live/followup_view.py), and the phones' suggestions as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from aktorskab_cli.agenda.followup import NO_PLAN
from aktorskab_cli.live.followup import Followup, parse_suggestion, suggestion_text
from aktorskab_cli.live.followup_view import KEYS, make_followup_view, window
from followup_data import TODAY, make_live


@pytest.fixture
def live(tmp_path: Path):
    """The follow-up meeting's run (followup_data), in place of conftest's temadag run."""
    result = make_live(tmp_path)
    yield result
    result.store.close()


def test_the_view_says_each_entry_with_its_status_and_time(live) -> None:
    found = Followup.open(live.store, live.agenda, live.agenda.items[1], live.session_id, today=TODAY)
    found.set_status("i-gang", note="venter på dato")
    view = make_followup_view("Aktørskab i Prøve", found.states, 0, TODAY,
                              suggestions=found.suggestions())
    assert view.heading == "Aktørskab i Prøve: 3 poster at følge op på"
    assert [line.text for line in view.lines] == [
        "▶ i gang        Tema på seminar · 4. kvartal 2025 · forsinket",
        "  ikke startet  Dialogmøde i OMU: OMU Administrationen · 3. kvartal 2026",
        "  ikke startet  Dialogmaterialer · 1. kvartal 2026",
    ]
    assert view.detail == "Seneste bemærkning: venter på dato"
    assert view.keys == KEYS == ("↑/↓ vælg post · 1 ikke startet · 2 i gang · 3 gennemført · 4 ændret · 5 droppet · "
                                 "k bemærkning")
    projected = make_followup_view("Aktørskab i Prøve", found.states, 0, TODAY, projector=True)
    assert projected.keys == "" and projected.lines == view.lines


def test_a_moved_entry_shows_its_new_due_and_is_late_by_it_on_the_screen_and_the_phones(live) -> None:
    from aktorskab_cli.live.followup import phone_choices
    from aktorskab_cli.programme.storage import record_status
    from aktorskab_cli.programme.when import parse_when

    record_status(live.store, "aar", "seminar", "aendret", origin="set", due=parse_when("1. kvartal 2026"))
    found = Followup.open(live.store, live.agenda, live.agenda.items[1], live.session_id, today=TODAY)
    view = make_followup_view("Aktørskab i Prøve", found.states, 0, TODAY)
    assert view.lines[0].text == "▶ ændret        Tema på seminar · 1. kvartal 2026"  # was 4. kvartal 2025 · forsinket
    assert phone_choices(found)["entries"][0]["when"] == "1. kvartal 2026"


def test_the_view_of_nothing_to_follow_up_and_of_no_programme() -> None:
    empty = make_followup_view("Aktørskab i Prøve", [], 0, TODAY)
    assert (empty.heading, empty.detail, empty.keys) == (
        "Aktørskab i Prøve: ingen poster at følge op på",
        "Alle poster, hvis tid er kommet, er gennemført eller droppet.", "")
    missing = make_followup_view(None, [], 0, TODAY, problem=NO_PLAN)
    assert (missing.heading, missing.problem, missing.lines) == ("Opfølgning på handleplanen", NO_PLAN, ())


def test_a_long_list_shows_a_window_around_the_chosen_entry() -> None:
    from aktorskab_cli.live.followup_view import Line

    lines = [Line(f"  post {n}", "i-gang", n == 6) for n in range(10)]
    assert window(lines, 5) == ["  … 5 poster mere ovenfor", "  post 5", "  post 6", "  post 7",
                                "  … 2 poster mere nedenfor"]
    assert window(lines[:3], 5) == ["  post 0", "  post 1", "  post 2"]
    assert window([Line("  en meget lang linje", "i-gang", True)], 3, width=12) == ["  en meget…"]


def test_a_suggestion_reads_back_and_other_answers_are_no_suggestion() -> None:
    from aktorskab_cli.programme.model import Entry
    from aktorskab_cli.programme.when import parse_when

    entry = Entry("omu-adm", "Dialogmøde i OMU", "OMU Administrationen", parse_when("4. kvartal 2025"))
    text = suggestion_text(entry, "gennemfoert")
    assert text == "Forslag: Dialogmøde i OMU: OMU Administrationen → gennemført (omu-adm)"
    assert parse_suggestion(text) == ("omu-adm", "gennemfoert")
    assert parse_suggestion("Forslag: noget → måske (omu-adm)") is None
    assert parse_suggestion("Vi synes, det går godt") is None
