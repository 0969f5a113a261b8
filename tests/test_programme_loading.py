"""Programme files checked like agendas: every problem at once, with file, line and what to change."""

from __future__ import annotations

from pathlib import Path

import pytest

from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.programme.loading import load_programme


def _write(tmp_path: Path, body: str, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    path.write_text('title = "Plan"\norganisation = "Norddjurs Kommune"\n' + body, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        load_programme(path)
    return caught.value.problems


def test_ids_are_derived_from_the_text_when_absent_and_stay_the_same(tmp_path):
    path = _write(tmp_path, '[[entry]]\nwhat = "Dialogmøder i OMU"\nwho = "Sundhed og omsorg"\nwhen = "2026 K1"\n'
                            '[[entry]]\nwhat = "Dialogmøder i OMU"\nwho = "Sundhed og omsorg"\nwhen = "2026 K2"\n'
                            '[[entry]]\nid = "pjece"\nwhat = "Pjece"\nwhen = 2026-04-07\n')
    programme, _ = load_programme(path)
    assert [e.id for e in programme.entries] == ["dialogmoeder-i-omu-sundhed-og-omsorg",
                                                 "dialogmoeder-i-omu-sundhed-og-omsorg-2", "pjece"]
    assert load_programme(path)[0] == programme
    assert programme.key == "plan" and programme.entries[2].when.label == "7. april 2026"


def test_every_problem_at_once_with_its_line(tmp_path):
    path = _write(tmp_path, (
        '[[entry]]\n'                       # line 3
        'id = "a"\n'
        'what = "Dialogmøde"\n'
        'when = "6. kvartal 2026"\n'        # line 6
        'agenda = "dialogmode"\n'           # line 7
        '[[entry]]\n'                       # line 8
        'id = "a"\n'                        # line 9
        'what = "Pjece"\n'
        'hvem = "HR"\n'                     # line 11
        'when = "snart"\n'                  # line 12
    ))
    assert _problems(path) == [
        "plan.toml, linje 6, [[entry]] nr. 1, when: »6. kvartal 2026« kan ikke læses: der er kun fire kvartaler; "
        "skriv et kvartal (»4. kvartal 2025«, »2025 K4«, »3.-4. kvartal 2026«), en dato (2026-04-07) eller »løbende«",
        "plan.toml, linje 7, [[entry]] nr. 1, agenda: dagsordenen »dialogmode« findes ikke – hverken som indbygget "
        "dagsorden eller som fil ved siden af plan.toml; mente du »dialogmoede«?",
        "plan.toml, linje 9, [[entry]] nr. 2, id: »a« bruges også af post 1; giv posterne forskellige id'er",
        "plan.toml, linje 11, [[entry]] nr. 2, hvem: er ikke et kendt felt; mente du »who«?",
        "plan.toml, linje 12, [[entry]] nr. 2, when: »snart« kan ikke læses; skriv et kvartal (»4. kvartal 2025«, "
        "»2025 K4«, »3.-4. kvartal 2026«), en dato (2026-04-07) eller »løbende«",
    ]


def test_a_misspelt_field_and_a_missing_one(tmp_path):
    path = _write(tmp_path, '[[entry]]\nwaht = "Pjece"\nwhen = "løbende"\n')
    assert _problems(path) == [
        "plan.toml, linje 3, [[entry]] nr. 1, what: mangler; tilføj what = …",
        "plan.toml, linje 4, [[entry]] nr. 1, waht: er ikke et kendt felt; mente du »what«?",
    ]


def test_an_agenda_file_beside_the_programme_is_known(tmp_path):
    (tmp_path / "mit-moede.toml").write_text('title = "x"\n', encoding="utf-8")
    path = _write(tmp_path, '[[entry]]\nwhat = "Møde"\nwhen = "løbende"\nagenda = "mit-moede"\n')
    assert load_programme(path)[0].entries[0].kind == "meeting"


def test_no_entries_and_a_single_bracket(tmp_path):
    assert _problems(_write(tmp_path, "")) == ["plan.toml: der er ingen poster; tilføj mindst én [[entry]] med what og when"]
    assert _problems(_write(tmp_path, '[entry]\nwhat = "x"\nwhen = "løbende"\n')) == [
        "plan.toml: skriv [[entry]] med to klammer for hver post i planen, ikke [entry]"]
    assert _problems(_write(tmp_path, 'titel = "x"\n')) == [
        "plan.toml: der er ingen poster; tilføj mindst én [[entry]] med what og when",
        "plan.toml, linje 3, titel: er ikke et kendt felt; mente du »title«?"]
