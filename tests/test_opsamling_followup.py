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


def test_the_opsamling_has_the_followup_items_section_in_its_place_with_each_entry_set(run_cli, tmp_path) -> None:
    session, _ = meeting(changes=ADM)
    other, _ = meeting("2026-01-14", "OMU Sundhed og omsorg", "omu-sundhed-og-omsorg",
                       changes=(("informationsmaterialer", "droppet", "", "live", 14),))
    assert run_cli("export", session, "-o", "o.md").exit_code == 0
    md = (tmp_path / "o.md").read_text(encoding="utf-8")
    section = md.index("## Opfølgning på handleplanen")
    assert section < md.index("## Dialog: Hvad giver umiddelbart mening")  # the agenda's order
    assert md[section:md.index("## Dialog")] == (
        "## Opfølgning på handleplanen\n\n*Kl. 14.05–14.15*\n\n"
        "Vi ser på handleplanen fra sidst: hvad er gennemført, hvad er i gang, og hvad er ændret eller droppet?\n\n"
        "*Status sat på mødet for 2 poster i »Aktørskab 2025-2026«.*\n\n"
        "| Hvad | Hvem | Status | Bemærkning |\n|---|---|---|---|\n"
        "| Tema på KCL i december |  | **i gang** | Dato aftalt |\n"
        "| Dialogmøde i OMU Administrationen | OMU Administrationen | **gennemført** *(forslag fra telefonerne)* "
        "| Holdt i dag |\n\n")
    assert "Informations" not in md  # another meeting's change is not this one's

    assert run_cli("export", session, "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    [item] = [i for i in data["parts"][0]["items"] if i["id"] == "opfoelgning"]
    [group] = item["followup"]
    assert [(s["entry"], s["status"], s["label"], s["note"], s["suggested"]) for s in group["statuses"]] == [
        ("kcl", "i-gang", "i gang", "Dato aftalt", False),
        ("omu-administration", "gennemfoert", "gennemført", "Holdt i dag", True)]
    assert (item["columns"], item["other_points"]) == ([], [])

    both = run_cli("combine", session, other, "-o", "alle.md")
    assert both.exit_code == 0, both.output
    combined = (tmp_path / "alle.md").read_text(encoding="utf-8")
    part = combined[combined.index("## Opfølgning på handleplanen"):combined.index("## Dialog")]
    assert part.index("**OMU Administrationen, Norddjurs Kommune, 12. november 2025**") < part.index("Tema på KCL") \
        < part.index("**OMU Sundhed og omsorg, 14. januar 2026**") < part.index("| Informations- og "
                                                                                      "dialogmaterialer |  | **droppet**")


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


def test_a_meeting_whose_agenda_has_no_followup_item_has_its_statuses_after_the_items(run_cli, tmp_path) -> None:
    from aktorskab_cli.agenda.resolve import load_agenda

    agenda, text = load_agenda("temadag")  # no follow-up item
    store = open_store()
    session = store.create_session(agenda, text, status="imported",
                                   answers=[Answer("dialog-cases", "Gruppe 1", "Mandat til teamet")])
    store.close()
    store = open_store()
    uuid = store.session(session).uuid
    programme, toml = load(KEY)
    remember_programme(store, programme, toml)
    record_changes(store, [new_change(KEY, "kcl", "aendret", note="Flyttet til januar", session=uuid,
                                      origin="answers")])
    store.close()
    assert run_cli("export", session, "-o", "o.md").exit_code == 0
    md = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert md.index("## Dialog i grupper") < md.index("## Opfølgning på handleplanen") \
        < md.index("## Bilag")
    assert "| Tema på KCL i december |  | **ændret** | Flyttet til januar |" in md


@pytest.mark.parametrize("suffix", ["docx", "pptx"])
def test_the_section_in_word_and_slides(run_cli, tmp_path, suffix) -> None:
    session, _ = meeting(changes=ADM)
    assert run_cli("export", session, "-o", f"o.{suffix}").exit_code == 0
    with zipfile.ZipFile(tmp_path / f"o.{suffix}") as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    for text in ("Opfølgning på handleplanen", "Tema på KCL i december", "Dato aftalt", "gennemført",
                 " (forslag fra telefonerne)", "Bemærkning"):
        assert text in xml
    assert "Forslag:" not in xml or suffix == "docx"  # the slides hold no bilag; Word's bilag has it

