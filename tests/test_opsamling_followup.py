"""What a meeting said about the previous decisions reaches its opsamling: the follow-up item's section (the
entries whose status was set in the meeting, in the agenda's place, in DOCX, PPTX, Markdown and JSON), the
phones' suggestions never made points, and the statuses travelling in a JSON export to another laptop."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.followup import suggestion_text
from aktorskab_cli.programme.catalogue import load
from aktorskab_cli.programme.model import new_change
from aktorskab_cli.programme.storage import link_session, record_changes, remember_programme
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer

KEY = "aktorskab-2025-2026"
UTC = dt.timezone.utc
SUGGESTION = "Forslag: Dialogmøde i OMU Administrationen → gennemført (omu-administration)"


def meeting(date: str = "2025-11-12", organisation: str = "OMU Administrationen, Norddjurs Kommune",
            entry: str = "omu-administration", changes: tuple = (), db: Path | None = None) -> tuple[int, str]:
    """A dialogue meeting held for `entry`, with two dialogue answers and a phone's suggestion in its follow-up
    item; `changes` (entry, status, note, origin, hour) set in it. Returns (its number, its uuid)."""
    import dataclasses

    agenda, text = load_agenda("dialogmoede")
    agenda = dataclasses.replace(agenda, organisation=organisation, date=dt.date.fromisoformat(date))
    store = open_store(db)
    programme, toml = load(KEY)
    answers = [Answer("mening-og-svaert", "Gruppe 1", "Tillid til hinanden", question=1),
               Answer("mening-og-svaert", "Gruppe 2", "Tid til refleksion", question=1),
               Answer("opfoelgning", "Gruppe 2", SUGGESTION, phone="p" * 16)]
    session = store.create_session(agenda, text, status="finished", groups=2, answers=answers)
    uuid = store.session(session).uuid
    remember_programme(store, programme, toml)
    link_session(store, session, KEY, entry)
    record_changes(store, [new_change(KEY, e, status, note=note, session=uuid, origin=origin,
                                      at=dt.datetime.fromisoformat(date).replace(hour=hour, tzinfo=UTC))
                           for e, status, note, origin, hour in changes])
    store.close()
    return session, uuid


ADM = (("kcl", "i-gang", "Dato aftalt", "live", 13),
       ("omu-administration", "i-gang", "", "live", 14),
       ("omu-administration", "gennemfoert", "Holdt i dag", "phone", 15))


def test_a_phones_suggestion_is_no_point_and_stays_in_the_bilag_under_the_item(run_cli, tmp_path) -> None:
    session, _ = meeting(changes=ADM)
    assert run_cli("export", session, "-o", "o.md").exit_code == 0
    md = (tmp_path / "o.md").read_text(encoding="utf-8")
    body, bilag = md.split("## Bilag: alle svar")
    assert "Forslag" not in body and "Øvrige pointer" in body  # the dialogue's answers are still points
    assert "### Opfølgning på handleplanen\n\n**Til alle spørgsmål**\n\n- Forslag: Dialogmøde i OMU " \
           "Administrationen → gennemført (omu-administration) *(Gruppe 2)*" in bilag

    from aktorskab_cli.synthesis.workflow import current

    store = open_store()
    work = current(store, session)
    store.close()
    assert [p.text for p in work.synthesis.points] == ["Tillid til hinanden", "Tid til refleksion"]
    assert [a.text for a in work.answers] == ["Tillid til hinanden", "Tid til refleksion"]  # board and draft file


def test_a_suggestion_arriving_while_the_board_is_open_is_no_new_point(tmp_path) -> None:
    from aktorskab_cli.synthesis.board_state import Board
    from aktorskab_cli.synthesis.workflow import current

    session, _ = meeting()
    store = open_store()
    work = current(store, session)
    board = Board(work.agenda, work.answers, work.synthesis, work.new, save=lambda s: None)
    store.add_answer(session, Answer("opfoelgning", "Gruppe 1", SUGGESTION.replace("gennemført", "droppet"),
                                     phone="q" * 16))
    assert board.arrive(store.answers(session)) == 0
    assert [p.text for p in board.synthesis.points] == ["Tillid til hinanden", "Tid til refleksion"]
    store.close()
