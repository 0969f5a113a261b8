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
    session = store.create_session(agenda, text, status="imported", groups=2, answers=answers)  # typed in
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
    assert work.new == frozenset()


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


def test_a_point_made_of_a_suggestion_before_keeps_its_answer_in_the_draft_file(tmp_path) -> None:
    """A synthesis stored by an older version may hold a point of a suggestion: the draft file still names the
    answer (so summary apply takes back what summary draft wrote), and nothing new is made of it."""
    from aktorskab_cli.synthesis.model import Point, Synthesis
    from aktorskab_cli.synthesis.storage import save_synthesis
    from aktorskab_cli.synthesis.workflow import current, draft_text

    session, _ = meeting()
    store = open_store()
    suggestion = next(a.id for a in store.answers(session) if a.item_id == "opfoelgning")
    save_synthesis(store, session, Synthesis(points=(Point(SUGGESTION, (suggestion,), item="opfoelgning"),)))
    work = current(store, session)
    store.close()
    assert f"  {suggestion},  # Gruppe 2: »Forslag: Dialogmøde i OMU" in draft_text(work, "aktorskab summary apply udkast.toml")
    assert [p.text for p in work.synthesis.points].count(SUGGESTION) == 1


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



# ---------------------------------------------------------------- offline: the statuses travel in a JSON export


def test_a_json_export_carries_the_meetings_entry_and_statuses_and_import_stores_them_once(run_cli, tmp_path) -> None:
    session, uuid = meeting(changes=ADM)
    elsewhere = new_change(KEY, "kcl", "droppet", session=None)  # set by hand on this laptop: not the meeting's
    store = open_store()
    record_changes(store, [elsewhere])
    store.close()
    assert run_cli("export", session, "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    [record] = data["records"]
    plan = record["plan"]
    assert plan["link"] == {"programme": KEY, "entry": "omu-administration"}
    assert [(c["entry"], c["status"], c["session"], c["origin"]) for c in plan["changes"]] == [
        ("kcl", "i-gang", uuid, "live"), ("omu-administration", "i-gang", uuid, "live"),
        ("omu-administration", "gennemfoert", uuid, "phone")]
    assert [p["key"] for p in plan["programmes"]] == [KEY]

    other = tmp_path / "hr.db"
    first = run_cli("--db", other, "import", "o.json")
    assert (first.exit_code, first.stdout) == (0, "1\n"), first.output
    assert f"Gemt med: 3 nye statusændringer i årets program (se dem med: aktorskab --db hr.db plan show {KEY})." in first.stderr
    shown = run_cli("--db", other, "plan", "show", KEY, "--json")
    entries = {e["id"]: e for e in json.loads(shown.stdout)["entries"]}
    assert entries["kcl"]["status"] == "i-gang"  # the hand-set »droppet« stayed on the first laptop
    assert entries["omu-administration"]["status"] == "gennemfoert"
    assert [h["uuid"] for h in entries["omu-administration"]["held"]] == [uuid]
    assert "Holdt i dag" in [t["note"] for t in entries["omu-administration"]["trail"]]

    again = run_cli("--db", other, "import", "o.json")
    assert (again.exit_code, again.stdout, again.stderr) == (
        0, "", "»Dialogmøde med Områdeudvalg«, 12. november 2025 findes allerede som møde 1; intet er gemt.\n")
    store = open_store(other)
    assert len(store.conn.execute("SELECT uuid FROM plan_changes").fetchall()) == 3
    store.close()


def test_a_meeting_already_here_gets_the_statuses_it_lacks_and_keeps_its_own(run_cli, tmp_path) -> None:
    session, uuid = meeting(changes=ADM[:1])
    assert run_cli("export", session, "-o", "before.json").exit_code == 0
    store = open_store()
    record_changes(store, [new_change(KEY, "omu-administration", "aendret", note="Nyt spor", session=uuid,
                                      origin="live")])
    store.close()
    assert run_cli("export", session, "-o", "after.json").exit_code == 0
    other = tmp_path / "hr.db"
    assert run_cli("--db", other, "import", "before.json").exit_code == 0
    later = run_cli("--db", other, "import", "after.json")
    assert (later.exit_code, later.stderr) == (
        0, "»Dialogmøde med Områdeudvalg«, 12. november 2025 findes allerede som møde 1; 1 ny statusændring i "
           "årets program er gemt.\n")
    shown = json.loads(run_cli("--db", other, "plan", "show", KEY, "--json").stdout)
    assert {e["id"]: e["status"] for e in shown["entries"]}["omu-administration"] == "aendret"


def test_a_move_travels_in_the_json_export_only_where_there_is_one_and_a_bad_one_is_refused(run_cli, tmp_path) -> None:
    from aktorskab_cli.programme.when import parse_when

    session, uuid = meeting(changes=ADM[:1])
    store = open_store()
    record_changes(store, [new_change(KEY, "kcl", "aendret", note="Udskudt", session=uuid, origin="live",
                                      at=dt.datetime(2025, 11, 12, 16, tzinfo=dt.timezone.utc),
                                      due=parse_when("2. kvartal 2026"))])
    store.close()
    assert run_cli("export", session, "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    changes = data["records"][0]["plan"]["changes"]
    assert ["due" in c for c in changes] == [False, True] and changes[1]["due"] == "2. kvartal 2026"
    assert run_cli("--db", tmp_path / "hr.db", "import", "o.json").exit_code == 0
    shown = json.loads(run_cli("--db", tmp_path / "hr.db", "plan", "show", KEY, "--json").stdout)
    kcl = next(e for e in shown["entries"] if e["id"] == "kcl")
    assert (kcl["when"], kcl["due"], [t["due"] for t in kcl["trail"]]) == (
        "4. kvartal 2025", "2. kvartal 2026", [None, "2. kvartal 2026"])

    changes[1]["due"] = "13. kvartal 2026"
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("--db", tmp_path / "other.db", "import", "bad.json")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", (
        "bad.json kan ikke importeres; intet er gemt:\n"
        "  • møde 1 (»Dialogmøde med Områdeudvalg«), årets program, statusændring 2, due: skal være et kvartal som "
        "»4. kvartal 2025«, en dato som 2026-04-07 eller »løbende«\n"))


def test_a_json_file_without_plan_is_read_as_before(run_cli, tmp_path) -> None:
    session, _ = meeting(changes=ADM)
    assert run_cli("export", session, "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    del data["records"][0]["plan"]  # as version 2 files were written before the programme travelled
    (tmp_path / "old.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("--db", tmp_path / "hr.db", "import", "old.json")
    assert (result.exit_code, result.stdout) == (0, "1\n")
    assert "statusændring" not in result.stderr


def test_a_plan_that_does_not_hold_is_refused_with_every_problem_placed_and_nothing_stored(run_cli, tmp_path) -> None:
    session, uuid = meeting(changes=ADM)
    assert run_cli("export", session, "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    plan = data["records"][0]["plan"]
    plan["link"]["entry"] = "omu-adm"
    plan["changes"][0]["status"] = "færdig"
    plan["changes"][1]["entry"] = "findes-ikke"
    plan["changes"][2]["session"] = "3f2a9c1d-0000-4000-8000-000000000000"
    plan["changes"].append(dict(plan["changes"][1], status="droppet"))
    plan["programmes"][0]["entries"][0]["when"] = "engang"
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("--db", tmp_path / "hr.db", "import", "bad.json")
    at = "møde 1 (»Dialogmøde med Områdeudvalg«), årets program"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "bad.json kan ikke importeres; intet er gemt:\n"
        f"  • {at}, statusændring 1, status: skal være en af: ikke-startet, i-gang, gennemfoert, aendret, droppet\n"
        f"  • {at}, program 1, post 1, when: skal være et kvartal som »4. kvartal 2025«, en dato som 2026-04-07 "
        "eller »løbende«\n"
        f"  • {at}, link, entry: »omu-adm« er ikke en post i programmet »aktorskab-2025-2026«\n"
        f"  • {at}, statusændring 2, entry: »findes-ikke« er ikke en post i programmet »aktorskab-2025-2026«\n"
        f"  • {at}, statusændring 3, session: skal være mødets eget uuid ({uuid}): kun de statusændringer, der "
        "blev sat på mødet, følger med det\n"
        f"  • {at}, statusændring 4: samme uuid som en statusændring før\n"
        f"  • {at}, statusændring 4, entry: »findes-ikke« er ikke en post i programmet »aktorskab-2025-2026«\n")
    store = open_store(tmp_path / "hr.db")
    assert store.sessions() == [] and store.conn.execute("SELECT COUNT(*) FROM plan_changes").fetchone() == (0,)
    store.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_combine_from_the_archive_shows_each_meetings_statuses_and_its_json_carries_them(archive, run_cli,
                                                                                          tmp_path) -> None:
    session, uuid = meeting(changes=ADM)
    assert run_cli("archive", "push", session).exit_code == 0
    assert run_cli("combine", "--from-archive", "--agenda", "dialogmoede", "-o", "aar.md").exit_code == 0
    md = (tmp_path / "aar.md").read_text(encoding="utf-8")
    assert "| Dialogmøde i OMU Administrationen | OMU Administrationen | **gennemført** *(forslag fra " \
           "telefonerne)* | Holdt i dag |" in md
    assert run_cli("combine", "--from-archive", "--agenda", "dialogmoede", "-o", "aar.json").exit_code == 0
    [record] = json.loads((tmp_path / "aar.json").read_text(encoding="utf-8"))["records"]
    assert record["plan"]["link"] == {"programme": KEY, "entry": "omu-administration"}
    assert [c["entry"] for c in record["plan"]["changes"]] == ["kcl", "omu-administration", "omu-administration"]
    other = tmp_path / "hr.db"
    assert run_cli("--db", other, "import", "aar.json").exit_code == 0
    shown = json.loads(run_cli("--db", other, "plan", "show", KEY, "--json").stdout)
    assert {e["id"]: e["status"] for e in shown["entries"]}["kcl"] == "i-gang"
