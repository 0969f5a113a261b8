"""Fuzzing the two file formats a user writes: every input loads or gives our Danish error, exit 2.

The normal suite runs a bounded number of examples; a long run by hand:
    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aktorskab_cli.live.answers_file import parse_answers
from aktorskab_cli.errors import AktorskabError
from aktorskab_cli.agenda.loading import decode
from aktorskab_cli.agenda.resolve import load_agenda, load_agenda_bytes

settings.register_profile("default", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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


def _loads_or_refuses(call) -> None:
    try:
        call()
    except AktorskabError as exc:
        assert exc.exit_code == 2, exc.message
        assert exc.message.strip()
        assert "Traceback" not in exc.message


@given(st.binary(max_size=400))
def test_random_bytes_never_escape_as_anything_but_our_error(data: bytes) -> None:
    _loads_or_refuses(lambda: load_agenda_bytes(data, PATH))


@given(st.text(max_size=400))
def test_random_text_never_escapes(text: str) -> None:
    _loads_or_refuses(lambda: load_agenda_bytes(text.encode("utf-8", "surrogatepass"), PATH))


@given(agenda_docs, st.data())
def test_generated_and_mutated_agendas_load_or_are_refused(doc: dict, data: st.DataObject) -> None:
    text = _toml(doc)
    if text is None:
        return
    _loads_or_refuses(lambda: load_agenda_bytes(_mutate(text, data).encode("utf-8", "surrogatepass"), PATH))


@given(answer_docs, st.data())
def test_generated_and_mutated_answers_load_or_are_refused(doc: dict, data: st.DataObject) -> None:
    text = _toml(doc)
    if text is None:
        return
    mutated = _mutate(text, data)
    _loads_or_refuses(lambda: parse_answers(decode(mutated.encode("utf-8", "surrogatepass"), "svar.toml"),
                                            "svar.toml", TEMADAG))


def test_deeply_nested_toml_is_refused_in_danish() -> None:
    nested = ("title = \"x\"\nitem = " + "[" * 5000 + "]" * 5000 + "\n").encode()
    try:
        load_agenda_bytes(nested, PATH)
    except AktorskabError as exc:
        assert exc.exit_code == 2
        assert "indlejret for dybt" in exc.message
    else:
        raise AssertionError("a 5000-deep array must be refused")
