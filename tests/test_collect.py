"""The answer dialogue, fed keystrokes through prompt_toolkit's pipe input, against a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from aktorskab_cli.live.collect import collect, dialogue_items
from aktorskab_cli.errors import BadInput, Interrupted
from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

pytestmark = [pytest.mark.tui, pytest.mark.slow]  # prompt_toolkit screens: 0.2–1.5 s each

ENTER, DOWN, UP, CTRL_C, CTRL_U = "\r", "\x1b[B", "\x1b[A", "\x03", "\x15"


@pytest.fixture
def meeting(tmp_path: Path):
    agenda, text = load_agenda("temadag")
    store = open_store(tmp_path / "svar.db")
    session_id = store.create_session(agenda, text, groups=2)
    yield store, session_id, agenda
    store.close()


def typed(keys: str, store, session_id, agenda, item_id="dialog-cases", groups=2) -> int:
    item = agenda.item(item_id)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        pipe.close()  # keys run out → EOFError, not a test waiting forever
        return collect(store, session_id, agenda, [item], groups=groups, ask=_Quiet())


class _Quiet:
    """The real questionary prompter, minus the item heading printed to stdout."""

    def __getattr__(self, name):
        from aktorskab_cli.live.collect import QuestionaryPrompter

        return getattr(QuestionaryPrompter(), name)

    def say(self, text: str) -> None:
        pass


def test_two_groups_answers_are_stored_with_group_question_and_category(meeting) -> None:
    store, sid, agenda = meeting
    keys = (ENTER + ENTER                                   # Gruppe 1, all questions
            + "Tillid og tydelige rammer – æøå" + ENTER + "2" + ENTER   # → mangler-svar
            + "Plads til at fejle 🙂" + ENTER + "0" + ENTER               # → no category
            + ENTER                                          # empty line: the group is done
            + ENTER                                          # review: done with Gruppe 1
            + ENTER + DOWN + DOWN + ENTER                    # Gruppe 2, question 2
            + "Vi mangler et fælles sprog" + ENTER + "3" + ENTER + ENTER + ENTER
            + ENTER)                                         # both groups answered: done with the item
    assert typed(keys, store, sid, agenda) == 3
    got = [(a.group, a.text, a.question, a.category, a.edited) for a in store.answers(sid, "dialog-cases")]
    assert got == [
        ("Gruppe 1", "Tillid og tydelige rammer – æøå", None, "mangler-svar", None),
        ("Gruppe 1", "Plads til at fejle 🙂", None, None, None),
        ("Gruppe 2", "Vi mangler et fælles sprog", 2, "opmaerksom", None),
    ]


def test_a_new_group_can_be_named(meeting) -> None:
    store, sid, agenda = meeting
    keys = (DOWN * 2 + ENTER + "Ledergruppen" + ENTER + ENTER
            + "Mod til at sige fra" + ENTER + "1" + ENTER + ENTER + ENTER + UP + ENTER)
    typed(keys, store, sid, agenda)
    assert [(a.group, a.text, a.category) for a in store.answers(sid)] == [
        ("Ledergruppen", "Mod til at sige fra", "mening")]


def test_an_empty_name_for_a_new_group_goes_back_to_the_group_list(meeting) -> None:
    store, sid, agenda = meeting
    keys = (DOWN * 2 + ENTER + ENTER                         # "Ny gruppe…", then no name after all
            + ENTER + ENTER + "Svar efter fortrydelsen" + ENTER + "1" + ENTER + ENTER + ENTER  # Gruppe 1
            + DOWN * 2 + ENTER)                              # done with the item
    assert typed(keys, store, sid, agenda) == 1
    assert [(a.group, a.text, a.category) for a in store.answers(sid)] == [
        ("Gruppe 1", "Svar efter fortrydelsen", "mening")]


def test_the_category_is_remembered_within_a_group_and_each_group_starts_on_no_category(meeting) -> None:
    store, sid, agenda = meeting
    keys = (ENTER + ENTER                                    # Gruppe 1, all questions
            + "G1 først" + ENTER + "3" + ENTER + "G1 så" + ENTER + ENTER   # Enter: as the last one
            + ENTER + ENTER                                  # Gruppe 1 done, review done
            + ENTER + ENTER                                  # Gruppe 2, all questions
            + "G2 først" + ENTER + ENTER                     # Enter: not Gruppe 1's category
            + "G2 så" + ENTER + "2" + ENTER + "G2 til sidst" + ENTER + ENTER
            + ENTER + ENTER + ENTER)                         # Gruppe 2 done, review done, item done
    typed(keys, store, sid, agenda)
    assert [(a.group, a.text, a.category) for a in store.answers(sid)] == [
        ("Gruppe 1", "G1 først", "opmaerksom"), ("Gruppe 1", "G1 så", "opmaerksom"),
        ("Gruppe 2", "G2 først", None),
        ("Gruppe 2", "G2 så", "mangler-svar"), ("Gruppe 2", "G2 til sidst", "mangler-svar")]


def test_a_digit_moves_the_pointer_and_enter_chooses_as_the_prompt_says() -> None:
    import io

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    from aktorskab_cli.live.collect import Option, QuestionaryPrompter

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=100), term="xterm")
    options = [Option("Mening", "mening", "1"), Option("Mangler svar", "mangler", "2"), Option("Ingen", "-", "0")]
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        pipe.send_text("2" + DOWN + ENTER)  # 2 points at "Mangler svar", down to "Ingen", Enter chooses
        chosen = QuestionaryPrompter().select("Hvor hører svaret hjemme?", options, "mening")
    assert chosen == "-"
    assert "(tal eller piletaster flytter markøren, Enter vælger)" in screen.getvalue()


def test_the_review_edits_and_deletes_answers(meeting) -> None:
    store, sid, agenda = meeting
    keys = (ENTER + ENTER + "Første svar" + ENTER + ENTER + "Andet svar" + ENTER + ENTER + ENTER
            # review: answers 1, 2, more, done (pointer on done); go to answer 1 and correct its text
            # (the pointer starts on "Skift kategori": re-sorting is the usual change)
            + UP * 3 + ENTER + UP + ENTER + CTRL_U + "Første svar, rettet" + ENTER
            # answer 2: delete it, and say yes (the pointer starts on "Nej")
            + UP * 2 + ENTER + DOWN + ENTER + UP + ENTER
            + ENTER                                          # done with Gruppe 1
            + DOWN * 2 + ENTER)                              # done with the item
    typed(keys, store, sid, agenda)
    answers = store.answers(sid)
    assert [a.text for a in answers] == ["Første svar, rettet"]
    assert answers[0].edited is not None


def test_each_answer_is_on_disk_before_the_next_prompt_and_ctrl_c_says_so(meeting, tmp_path) -> None:
    store, sid, agenda = meeting
    keys = ENTER + ENTER + "Gemt med det samme" + ENTER + CTRL_C
    with pytest.raises(Interrupted) as caught:
        typed(keys, store, sid, agenda)
    assert caught.value.exit_code == 130
    assert caught.value.message == (
        f"Afbrudt. Alle svar, der er afsluttet med Enter, er gemt: møde {sid} har 1 svar (1 nyt i denne omgang). "
        f"Kun en linje, der ikke var afsluttet, er ikke gemt. Fortsæt med: aktorskab collect {sid}")
    other = open_store(tmp_path / "svar.db")  # a second reader sees it: it is committed
    assert [(a.text, a.category) for a in other.answers(sid)] == [("Gemt med det samme", None)]


def test_without_a_frame_no_category_is_asked(tmp_path) -> None:
    path = tmp_path / "uden-ramme.toml"
    path.write_text('title = "Uden ramme"\nstart = "9.00"\n\n[[item]]\nid = "snak"\ntitle = "Snak"\n'
                    'minutes = 10\nkind = "dialogue"\nquestions = ["Hvad nu?"]\n', encoding="utf-8")
    agenda, text = load_agenda(str(path))
    store = open_store(tmp_path / "uden.db")
    sid = store.create_session(agenda, text)
    typed(ENTER + "Et svar" + ENTER + ENTER + ENTER + ENTER, store, sid, agenda, "snak", groups=1)
    assert [(a.text, a.question, a.category) for a in store.answers(sid)] == [("Et svar", 1, None)]


def test_an_unknown_item_is_refused_with_the_dialogue_items_named(meeting) -> None:
    _, _, agenda = meeting
    with pytest.raises(BadInput, match="dialog-cases"):
        dialogue_items(agenda, "findes-ikke")
    assert [i.id for i in dialogue_items(agenda)] == ["dialog-cases", "organisationen-med", "god-dialog"]


def test_groups_with_answers_are_listed_with_their_count(meeting) -> None:
    from aktorskab_cli.live.collect import Dialogue

    store, sid, agenda = meeting
    store.add_answer(sid, Answer("dialog-cases", "Gruppe 7", "fra flipover"))
    seen = {}

    class Looker:
        def select(self, message, options, default=None):
            seen["options"] = [o.title for o in options]
            return options[-1].value

    Dialogue(store, sid, agenda, Looker(), groups=None).pick_group(agenda.item("dialog-cases"))
    assert seen["options"] == ["Gruppe 1", "Gruppe 2", "Gruppe 3", "Gruppe 4", "Gruppe 5", "Gruppe 6",
                               "Gruppe 7 (1 svar)", "Gruppe 8", "Ny gruppe…", "Færdig med punktet"]


def test_a_group_with_answers_goes_straight_to_them_to_re_sort_one(meeting) -> None:
    store, sid, agenda = meeting
    store.add_answer(sid, Answer("dialog-cases", "Gruppe 1", "Mere tid", 2, "mening"))
    keys = (UP + ENTER               # Gruppe 1 (the pointer starts on Gruppe 2, which has none)
            + UP * 2 + ENTER         # its answers at once – no question asked, no empty line to type
            + ENTER                  # "Skift kategori" is where the pointer starts
            + "3" + ENTER            # → opmaerksom
            + ENTER                  # done with Gruppe 1
            + DOWN * 2 + ENTER)      # done with the item
    assert typed(keys, store, sid, agenda) == 0
    assert [(a.text, a.question, a.category) for a in store.answers(sid)] == [("Mere tid", 2, "opmaerksom")]


def test_a_bidi_control_pasted_into_a_typed_answer_is_left_out(meeting) -> None:
    """A pasted U+202E could turn the attribution »(Gruppe 1)« after the answer around in a document."""
    store, sid, agenda = meeting
    keys = (DOWN * 2 + ENTER + "Ledergruppen" + ENTER + ENTER
            + "Mod til \u202eat sige fra\u2069" + ENTER + "1" + ENTER + ENTER + ENTER + UP + ENTER)
    typed(keys, store, sid, agenda)
    assert [a.text for a in store.answers(sid)] == ["Mod til at sige fra"]
