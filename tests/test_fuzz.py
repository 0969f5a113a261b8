"""Fuzzing the two file formats a user writes: every input loads or gives our Danish error, exit 2.

The normal suite runs Hypothesis' default number of examples; a long run by hand (conftest.py's profiles):
    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import assume, given
from hypothesis import strategies as st

from aktorskab_cli.live.answers_file import parse_answers
from aktorskab_cli.errors import AktorskabError
from aktorskab_cli.agenda.loading import decode
from aktorskab_cli.agenda.resolve import load_agenda, load_agenda_bytes

pytestmark = [pytest.mark.slow]


PATH = Path("fuzz.toml")
TEMADAG, _ = load_agenda("temadag")

odd_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    ["", " ", "æøå ÆØÅ", "🎉", "\u202e", "\x00", "a" * 5000, "8.00", "25.70", "08:00", "-5", "dialog-cases",
     "aktorskab", "temaer", "hverdagssituationer", "ukendt", "break", "pause", "dialog"])
scalar = (odd_text | st.integers(min_value=-(10**20), max_value=10**20) | st.floats(allow_nan=True)
          | st.booleans() | st.dates() | st.times() | st.just(dt.datetime(2025, 4, 2, 8, 0)))
value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=3),
                     max_leaves=8)

ITEM_KEYS = ["id", "title", "start", "minutes", "kind", "lead", "points", "note", "purpose", "questions", "frame",
             "flexible", "min_minutes", "bogus"]
AGENDA_KEYS = ["title", "organisation", "date", "place", "description", "start", "footer", "frame", "logo",
               "intro", "outro", "bogus"]
ANSWER_KEYS = ["item", "group", "text", "category", "question", "bogus"]


def _table(keys: list[str]) -> st.SearchStrategy[dict]:
    return st.dictionaries(st.sampled_from(keys), value, max_size=len(keys))


agenda_docs = st.builds(lambda top, items: {**top, "item": items}, _table(AGENDA_KEYS),
                        st.lists(_table(ITEM_KEYS), max_size=6)) | _table(AGENDA_KEYS)
answer_docs = st.builds(lambda answers: {"answer": answers}, st.lists(_table(ANSWER_KEYS), max_size=6))


def _toml(doc: dict) -> str | None:
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):  # e.g. nan keys or mixed arrays tomli-w refuses to write
        return None


def _mutate(text: str, data: st.DataObject) -> str:
    if not text or not data.draw(st.booleans()):
        return text
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 10))
    insert = data.draw(st.sampled_from(["", "[", "]]", "=", "\"", "\n", "[[item]]\n", "ø", "\\", "{", "#"]))
    return text[:at] + insert + text[at + cut:]


def _loads_or_refuses(call, check=None) -> None:
    """`call()` either refuses with our error (exit 2, a message) or loads; what it loads goes to `check`."""
    try:
        loaded = call()
    except AktorskabError as exc:
        assert exc.exit_code == 2, exc.message
        assert exc.message.strip()
        assert "Traceback" not in exc.message
        return
    if check is not None:
        check(loaded)


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _agenda_is_the_file(text: str):
    """A loaded agenda says what its TOML says: title, items in order with their titles, ids and minutes,
    and a schedule without overlaps (each item ends start + minutes, the next starts no earlier)."""

    def check(loaded) -> None:
        agenda = loaded[0] if isinstance(loaded, tuple) else loaded
        doc = tomllib.loads(text)  # it loaded, so it is TOML
        assert agenda.title == _stripped(doc["title"])
        raws = doc["item"]
        assert [i.title for i in agenda.items] == [_stripped(r["title"]) for r in raws]
        ids = [i.id for i in agenda.items]
        assert len(set(ids)) == len(ids)
        for item, raw in zip(agenda.items, raws, strict=True):
            if "id" in raw:
                assert item.id == raw["id"]
            if isinstance(raw.get("minutes"), int):
                assert item.minutes == raw["minutes"]
            assert item.end == item.start + item.minutes and 0 <= item.start
        for before, after in zip(agenda.items, agenda.items[1:]):
            assert after.start >= before.end, (before, after)

    return check


def _answers_are_the_file(text: str):
    """Loaded answers are exactly the file's [[answer]] tables, in order, trimmed, each on a dialogue item
    of the agenda and in a category of its frame."""

    def check(answers) -> None:
        raws = tomllib.loads(text)["answer"]
        assert len(answers) == len(raws)
        for answer, raw in zip(answers, raws, strict=True):
            assert (answer.item_id, answer.group, answer.text) == tuple(_stripped(raw[k]) for k in ("item", "group", "text"))
            assert answer.category == _stripped(raw.get("category"))
            assert answer.question == raw.get("question")
            item = TEMADAG.item(answer.item_id)
            assert item is not None and answer.text and answer.group
            if answer.category is not None:
                assert TEMADAG.frame_for(item).category(answer.category) is not None

    return check


@given(st.binary(max_size=400))
def test_random_bytes_never_escape_as_anything_but_our_error(data: bytes) -> None:
    _loads_or_refuses(lambda: load_agenda_bytes(data, PATH))


@given(st.text(max_size=400))
def test_random_text_never_escapes(text: str) -> None:
    _loads_or_refuses(lambda: load_agenda_bytes(text.encode("utf-8", "surrogatepass"), PATH))


@given(agenda_docs, st.data())
def test_generated_and_mutated_agendas_load_or_are_refused(doc: dict, data: st.DataObject) -> None:
    text = _toml(doc)
    assume(text is not None)  # a document TOML cannot write: not an example
    mutated = _mutate(text, data)
    _loads_or_refuses(lambda: load_agenda_bytes(mutated.encode("utf-8", "surrogatepass"), PATH),
                      _agenda_is_the_file(mutated))


@given(answer_docs, st.data())
def test_generated_and_mutated_answers_load_or_are_refused(doc: dict, data: st.DataObject) -> None:
    text = _toml(doc)
    assume(text is not None)
    mutated = _mutate(text, data)
    _loads_or_refuses(lambda: parse_answers(decode(mutated.encode("utf-8", "surrogatepass"), "svar.toml"),
                                            "svar.toml", TEMADAG), _answers_are_the_file(mutated))


# Well-formed files, so that the success path is certain to be taken (random tables rarely load).
words = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs", "P", "So")), min_size=1,
                max_size=30).filter(lambda t: t.strip())
# at most 8 items of 80 minutes from 13.00: the day ends before midnight, as agenda check requires
good_item = st.fixed_dictionaries({"title": words, "minutes": st.integers(0, 80)},
                                  optional={"kind": st.sampled_from(["talk", "dialogue", "break", "plenary", "pause"]),
                                            "lead": words, "note": words, "points": st.lists(words, max_size=3)})
good_agenda = st.fixed_dictionaries({"title": words, "start": st.sampled_from(["8.00", "9.30", "13.00", "08:15"]),
                                     "item": st.lists(good_item, min_size=1, max_size=8)},
                                    optional={"organisation": words, "place": words, "date": st.dates()})
DIALOGUES = [i for i in TEMADAG.items if i.is_dialogue]
good_answer = st.builds(
    lambda item, group, text, pick: {"item": item.id, "group": group, "text": text,
                                     **({"category": pick.id} if pick is not None else {})},
    st.sampled_from(DIALOGUES), words, words,
    st.sampled_from([None, *TEMADAG.frame_for(DIALOGUES[0]).categories]))


@given(good_agenda)
def test_well_formed_agendas_load_and_say_what_the_file_says(doc: dict) -> None:
    text = tomli_w.dumps(doc)
    _agenda_is_the_file(text)(load_agenda_bytes(text.encode("utf-8"), PATH))


@given(st.lists(good_answer, min_size=1, max_size=6))
def test_well_formed_answers_load_and_say_what_the_file_says(answers: list[dict]) -> None:
    text = tomli_w.dumps({"answer": answers})
    _answers_are_the_file(text)(parse_answers(text, "svar.toml", TEMADAG))


def test_deeply_nested_toml_is_refused_in_danish() -> None:
    nested = ("title = \"x\"\nitem = " + "[" * 5000 + "]" * 5000 + "\n").encode()
    try:
        load_agenda_bytes(nested, PATH)
    except AktorskabError as exc:
        assert exc.exit_code == 2
        assert "indlejret for dybt" in exc.message
    else:
        raise AssertionError("a 5000-deep array must be refused")
