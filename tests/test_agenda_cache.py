"""The cache of resolved agendas: a hit is the very agenda a full load gives; anything changed is a miss;
any trouble with the cache is a full load, never an error."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aktorskab_cli.agenda import cache, content, resolve
from aktorskab_cli.agenda.snapshot import agenda_to_json
from aktorskab_cli.errors import ProblemsError

@pytest.fixture
def no_validation(monkeypatch: pytest.MonkeyPatch):
    """After this, a load that does not come from the cache fails the test."""
    def refuse(*_: object) -> None:
        raise AssertionError("validated again: not served from the cache")

    return lambda: monkeypatch.setattr(resolve, "load_agenda_text", refuse)


def _entries(folder: Path | None = None) -> list[Path]:
    return sorted((folder or cache.cache_dir()).glob("*.json"))


@pytest.mark.parametrize("name", sorted(content.bundled_agendas()))
def test_a_hit_is_the_agenda_a_full_load_gives(name: str, no_validation) -> None:
    full, text = resolve.load_agenda(name)
    assert cache.load_agenda(name) == (full, text)  # a miss: resolved, and kept
    no_validation()
    hit, hit_text = cache.load_agenda(name)
    assert (hit, hit_text) == (full, text)
    assert agenda_to_json(hit) == agenda_to_json(full)


words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(str.strip)
item = st.fixed_dictionaries({"title": words, "minutes": st.integers(0, 120)}, optional={
    "kind": st.sampled_from(["talk", "dialog", "pause", "plenary"]), "lead": words, "points": st.lists(words, max_size=2),
    "questions": st.sampled_from(["hverdagssituationer", "god-dialog"]) | st.lists(words, min_size=1, max_size=2),
    "frame": st.sampled_from(["aktorskab", "temaer"]), "flexible": st.booleans()})
agenda_doc = st.fixed_dictionaries({"title": words, "start": st.sampled_from(["8.00", "13.15"]),
                                    "item": st.lists(item, min_size=1, max_size=5)},
                                   optional={"date": st.dates(), "frame": st.just("vejen-videre"),
                                             "intro": st.just(["aktoerskab-beskrivelse"]), "suggested_times": st.booleans()})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=agenda_doc)
def test_a_hit_is_the_full_load_for_generated_agendas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doc: dict) -> None:
    monkeypatch.setenv("AKTORSKAB_CACHE", str(tmp_path / uuid.uuid4().hex))
    text, path = tomli_w.dumps(doc), tmp_path / "generated.toml"
    full = resolve.load_agenda_text(text, path)
    assert cache.load_agenda_text(text, path) == full
    assert len(_entries()) == 1
    with monkeypatch.context() as patched:
        patched.setattr(resolve, "load_agenda_text", None)  # a hit never gets that far
        assert cache.load_agenda_text(text, path) == full


def test_a_changed_agenda_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "mit.toml"
    path.write_text('title = "Før"\nstart = "9.00"\n[[item]]\ntitle = "A"\nminutes = 30\n', encoding="utf-8")
    assert cache.load_agenda(str(path))[0].title == "Før"
    path.write_text(path.read_text(encoding="utf-8").replace("Før", "Efter"), encoding="utf-8")
    assert cache.load_agenda(str(path))[0].title == "Efter"


def test_a_changed_or_new_prompt_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "mit.toml"
    path.write_text('title = "M"\nstart = "9.00"\nframe = "aktorskab"\n[[item]]\ntitle = "Dialog"\nminutes = 30\n'
                    'questions = "mine"\n', encoding="utf-8")
    (tmp_path / "prompts").mkdir()
    mine = tmp_path / "prompts" / "mine.toml"
    mine.write_text('title = "Mine"\nkind = "questions"\nquestions = ["Første?"]\n', encoding="utf-8")
    assert cache.load_agenda(str(path))[0].items[0].questions == ["Første?"]
    mine.write_text(mine.read_text(encoding="utf-8").replace("Første?", "Andet?"), encoding="utf-8")
    assert cache.load_agenda(str(path))[0].items[0].questions == ["Andet?"]
    # a frame of the same name beside the agenda wins over the bundled one, also after a hit
    assert cache.load_agenda(str(path))[0].prompts["aktorskab"].title != "Vores egen ramme"
    (tmp_path / "prompts" / "aktorskab.toml").write_text(
        'title = "Vores egen ramme"\nkind = "frame"\n[[category]]\nid = "a"\ntitle = "A"\n', encoding="utf-8")
    assert cache.load_agenda(str(path))[0].prompts["aktorskab"].title == "Vores egen ramme"


def test_a_damaged_entry_is_a_full_load_and_is_written_anew() -> None:
    full, _ = resolve.load_agenda("lmu")
    cache.load_agenda("lmu")
    for damage in (b"{\"format\": 1, \"prompts\": {}, \"agenda\": {\"title\": 5", b"\x00\xff", b"[]",
                   json.dumps({"format": 1, "prompts": {}, "agenda": {"name": "lmu"}}).encode(),
                   json.dumps({"format": 0, "prompts": {}, "agenda": json.loads(agenda_to_json(full))}).encode()):
        [entry] = _entries()
        entry.write_bytes(damage)
        assert cache.load_agenda("lmu")[0] == full
    assert cache.load_agenda("lmu")[0] == full
    assert json.loads(_entries()[0].read_text(encoding="utf-8"))["format"] == cache.FORMAT


def test_a_cache_that_cannot_be_written_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"  # a file where the folder should be: refused even to root
    blocker.write_text("x", encoding="utf-8")
    for place in (blocker, blocker / "cache"):
        monkeypatch.setenv("AKTORSKAB_CACHE", str(place))
        assert cache.load_agenda("temadag") == resolve.load_agenda("temadag")
    monkeypatch.setenv("AKTORSKAB_CACHE", "")  # empty: no cache at all
    assert cache.cache_dir() is None
    assert cache.load_agenda("temadag") == resolve.load_agenda("temadag")


def test_only_a_good_agenda_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "fejl.toml"
    path.write_text('title = "F"\n[[item]]\ntitle = "A"\nminutes = 30\nframe = "findes-ikke"\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ProblemsError, match="findes-ikke"):
            cache.load_agenda(str(path))
    assert not cache.cache_dir().exists() or not _entries()
