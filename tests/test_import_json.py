"""`aktorskab import FILE.json`: a meeting exported as JSON on one laptop is made again on another, whole and
with its uuids; the same file twice gives one meeting; a file that is not such an export is refused
in Danish (exit 2) before anything is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archive_data import make_meeting, synthesise

from aktorskab_cli.store.db import open_store
from aktorskab_cli.exchange.local import read_bundle

TITLE = "»Hvad er aktørskab for os?«, 12. marts 2026"


def _exported(run_cli, tmp_path: Path, *sessions: int, name: str = "moede.json") -> dict:
    result = run_cli("combine" if len(sessions) > 1 else "export", *map(str, sessions), "-o", name)
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / name).read_text(encoding="utf-8"))


def _record(db: Path | None, session: int) -> dict:
    store = open_store(db)
    try:
        return read_bundle(store, store.session(session)).canonical()
    finally:
        store.close()


def test_an_exported_meeting_is_made_again_whole_and_only_once(run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    synthesise(session)
    data = _exported(run_cli, tmp_path, session)
    assert data["records"] == [_record(None, session)]
    other = tmp_path / "anden-laptop.db"
    first = run_cli("--db", other, "import", "moede.json")
    assert (first.exit_code, first.stdout, first.stderr) == (
        0, "1\n", f"Importerede {TITLE} som møde 1 (2 svar, med sammenfatning). Se det med: aktorskab --db anden-laptop.db show 1\n")
    copy = _record(other, 1)
    assert copy == _record(None, session)  # session and answer uuids, agenda snapshot, events, synthesis, votes
    assert [p["text"] for p in copy["synthesis"]["points"]] == ["Tillid og tid til refleksion", "Travlhed",
                                                                "Fast tid hver fredag"]
    assert [d["dots"] for d in copy["votes"][0]["dots"]] == [2, 1]
    again = run_cli("--db", other, "import", "moede.json")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", f"{TITLE} findes allerede som møde 1; intet er "
                                                                    "gemt.\n")
    store = open_store(other)
    store.set_note(1, "Rettet på den anden maskine")
    store.close()
    changed = run_cli("--db", other, "import", "moede.json")
    assert (changed.exit_code, changed.stdout, changed.stderr) == (  # exit 2, as archive pull: a script can tell
        2, "", f"{TITLE} findes allerede som møde 1, og din udgave er ændret i forhold til filens (her på maskinen: "
               "opsamlende tekst ændret). Skal filens udgave bruges, så slet møde 1 først (aktorskab --db "
               "anden-laptop.db sessions --delete 1) og importér igen.\nIntet er gemt.\n")
    assert len(open_store(other).sessions()) == 1
    exported_again = run_cli("--db", other, "export", "1", "-o", "igen.md")
    assert exported_again.exit_code == 0
    assert run_cli("export", str(session), "-o", "her.md").exit_code == 0
    assert (tmp_path / "igen.md").read_text(encoding="utf-8").replace("Rettet på den anden maskine", "Vi tager det "
                                                                      "op i juni.") == \
        (tmp_path / "her.md").read_text(encoding="utf-8")


def _a_year_and_one_meeting(run_cli, tmp_path: Path) -> tuple[int, int, Path]:
    """Two meetings exported together (aar.json) and the one alone (dal.json); the other machine's database."""
    top = make_meeting(tmp_path, "LMU Skolen på Toppen", "2026-03-12")
    dal = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03", texts=("Ro på",), events=False)
    _exported(run_cli, tmp_path, top, dal, name="aar.json")
    _exported(run_cli, tmp_path, dal, name="dal.json")
    other = tmp_path / "hr.db"
    return top, dal, other


def test_a_combined_export_brings_every_meeting_not_already_here(run_cli, tmp_path: Path) -> None:
    top, dal, other = _a_year_and_one_meeting(run_cli, tmp_path)
    assert run_cli("--db", other, "import", "dal.json").stdout == "1\n"
    both = run_cli("--db", other, "import", "aar.json")
    assert (both.exit_code, both.stdout) == (0, "2\n")
    assert both.stderr == (f"Importerede {TITLE} som møde 2 (2 svar). Se det med: aktorskab --db hr.db show 2\n"
                           "»Hvad er aktørskab for os?«, 3. februar 2026 findes allerede som møde 1; intet er gemt.\n")
    assert [_record(other, n) for n in (2, 1)] == [_record(None, top), _record(None, dal)]


def _broken(tmp_path: Path, data: object | bytes) -> Path:
    path = tmp_path / "ind.json"
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode("utf-8"))
    return path


HINT = "aktorskab export MØDE --format json"


@pytest.fixture
def export(run_cli, tmp_path: Path) -> dict:
    """A synthesised meeting's export, its database then removed: each test breaks it its own way."""
    session = make_meeting(tmp_path)
    synthesise(session)
    data = _exported(run_cli, tmp_path, session)
    for leftover in tmp_path.glob("test.db*"):
        leftover.unlink()
    return data


def _refused(run_cli, tmp_path: Path, path: str, message: str) -> None:
    result = run_cli("import", path)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")
    assert not (tmp_path / "test.db").exists()  # nothing stored: not even an empty database


def test_a_file_that_is_not_an_export_is_refused(run_cli, tmp_path: Path, export: dict) -> None:
    _refused(run_cli, tmp_path, "mangler.json", "mangler.json findes ikke")
    cases = [
        (b"\xff\xfe{}", f"ind.json er ikke UTF-8-tekst; brug den JSON-fil, {HINT} skrev"),
        (b'{"schema_version": 2,\n "records": [', f"ind.json er ikke gyldig JSON (linje 2, kolonne 14); brug den fil, "
                                                  f"{HINT} skrev, uden rettelser"),
        ([1, 2], f"ind.json er ikke en opsamling fra aktorskab (der står ingen schema_version); brug en fil fra {HINT}"),
        ({**export, "schema_version": 3}, "ind.json har schema_version 3; denne version af aktorskab læser "
                                          f"schema_version 2. Eksportér mødet igen med: {HINT}"),
        ({k: v for k, v in export.items() if k != "records"},
         "ind.json er en opsamling uden selve møderne (records) – den er skrevet af en ældre version af aktorskab "
         f"eller rettet i hånden. Eksportér mødet igen med: {HINT}"),
    ]
    for data, message in cases:
        _refused(run_cli, tmp_path, str(_broken(tmp_path, data)), message)


def test_every_problem_in_a_record_is_told_at_once(run_cli, tmp_path: Path, export: dict) -> None:
    record = export["records"][0]
    stranger = "00000000-0000-4000-8000-000000000000"
    record["answers"][0]["text"] = 5
    record["answers"][1]["uuid"] = record["answers"][1]["uuid"].upper()
    del record["started"]
    record["farve"] = "blå"
    record["synthesis"]["points"][0]["kind"] = "punkt"
    record["votes"][0]["dots"][0]["dots"] = 0
    at = "møde 1 (»Hvad er aktørskab for os?«)"
    _refused(run_cli, tmp_path, str(_broken(tmp_path, export)), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:",
        f"  • {at}, started: mangler",
        f"  • {at}, farve: er ikke et felt, aktorskab kender",
        f"  • {at}, svar 1, text: skal være tekst",
        f"  • {at}, svar 2, uuid: skal være et uuid som 3f2a9c1d-…",
        f"  • {at}, sammenfatning, punkt 1, kind: skal være en af: point, barrier, next",
        f"  • {at}, afstemning 1, stemme 1, dots: skal være større end 0"]))
    fresh = json.loads((tmp_path / "moede.json").read_text(encoding="utf-8"))
    record = fresh["records"][0]
    record["synthesis"]["points"][1]["answers"] = [record["answers"][0]["uuid"], stranger]
    record["votes"][0]["dots"][1]["target"] = stranger
    record["agenda_json"] = '{"title": 3}'
    _refused(run_cli, tmp_path, str(_broken(tmp_path, fresh)), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:",
        f"  • {at}, agenda_json: dagsordenen kan ikke læses; eksportér mødet igen med: {HINT}",
        f"  • {at}, sammenfatning, punkt 2, answers: svaret {record['answers'][0]['uuid']} står allerede i et andet "
        "punkt",
        f"  • {at}, sammenfatning, punkt 2, answers: {stranger} er ikke et af mødets svar",
        f"  • {at}, afstemning 1, stemme 2, target: {stranger} er ikke et af mødets punkter"]))
    twice = json.loads((tmp_path / "moede.json").read_text(encoding="utf-8"))
    twice["records"].append(twice["records"][0])
    _refused(run_cli, tmp_path, str(_broken(tmp_path, twice)), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:", "  • møde 2: samme møde (uuid) står to gange i filen"]))


def test_synthesis_texts_and_the_note_are_held_to_the_rule_answers_are_held_to(run_cli, tmp_path: Path,
                                                                               export: dict) -> None:
    record = export["records"][0]
    record["synthesis"]["points"][0]["text"] = "Rød \x1b[31mtekst"
    record["synthesis"]["themes"][0]["requires"] = ["Klare\x00 mandater"]
    record["synthesis"]["actions"][0]["who"] = "\u202eLedelsen\x07"
    record["note"] = "Vi tager det op\x1b i juni."
    at = "møde 1 (»Hvad er aktørskab for os?«)"
    one, two = "som ikke hører hjemme i en tekst; fjern det", "som ikke hører hjemme i en tekst; fjern dem"
    _refused(run_cli, tmp_path, str(_broken(tmp_path, export)), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:",
        f"  • {at}, note: indeholder et kontroltegn (U+001B), {one}",
        f"  • {at}, sammenfatning, punkt 1, text: indeholder et kontroltegn (U+001B), {one}",
        f"  • {at}, sammenfatning, tema 1, requires nr. 1: indeholder et kontroltegn (U+0000), {one}",
        f"  • {at}, sammenfatning, handling 1, who: indeholder kontroltegn (U+202E, U+0007), {two}"]))


def test_an_answer_another_meeting_here_holds_is_refused(run_cli, tmp_path: Path, export: dict) -> None:
    record = export["records"][0]
    session = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03")
    taken, mine = open_store().answers(session)[0].uuid, record["answers"][0]["uuid"]
    record["answers"][0]["uuid"] = taken
    record["synthesis"]["points"][0]["answers"] = [taken if a == mine else a
                                                   for a in record["synthesis"]["points"][0]["answers"]]
    result = run_cli("import", str(_broken(tmp_path, export)))
    assert (result.exit_code, result.stderr) == (
        2, f"»Hvad er aktørskab for os?« har svar, der allerede hører til møde {session} på denne maskine (samme id); "
           "intet er gemt\n")
    assert len(open_store().sessions()) == 1


def test_a_point_another_meeting_here_holds_is_refused(run_cli, tmp_path: Path, export: dict) -> None:
    from aktorskab_cli.synthesis.model import Point, Synthesis
    from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis

    session = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03")
    save_synthesis(open_store(), session, Synthesis(points=(Point("Deres eget punkt"),)))
    mine, taken = export["records"][0]["synthesis"]["points"][0]["uuid"], load_synthesis(open_store(), session).points[0].uuid
    result = run_cli("import", str(_broken(tmp_path, json.loads(json.dumps(export).replace(mine, taken)))))  # votes too
    assert (result.exit_code, result.stderr) == (
        2, f"»Hvad er aktørskab for os?« har punkter, der allerede hører til møde {session} på denne maskine "
           "(samme id); intet er gemt\n")
    assert len(open_store().sessions()) == 1


def test_import_says_how_to_use_it(run_cli, tmp_path: Path, export: dict) -> None:
    for args, message in (
            (["moede.json", "svar.toml"], "En JSON-fil fra export importeres alene, med sin egen dato: aktorskab "
                                          "import FIL.json"),
            (["moede.json", "--date", "2026-03-12"], "En JSON-fil fra export importeres alene, med sin egen dato: "
                                                     "aktorskab import FIL.json"),
            (["lmu"], "Angiv svarfilen: aktorskab import NAVN SVAR.toml – eller importér en JSON-fil fra aktorskab "
                      "export … --format json")):
        result = run_cli("import", *args)
        assert (result.exit_code, result.stderr) == (2, message + "\n"), args
    assert not (tmp_path / "test.db").exists()


def test_answers_are_checked_against_the_meetings_own_agenda_by_the_answers_file_rule(
        run_cli, tmp_path: Path, export: dict) -> None:
    """What the tester saw import: an unknown item, a category outside the frame, a question the item does
    not ask, a blank group and text, NUL and ESC in a text – every one told, nothing stored."""
    record = export["records"][0]
    first, second = record["answers"]
    first.update(item_id="findes-ikke", text="a\u0000b\u001b[31m")
    second.update(category="forkert", question=99, group="", text="   ")
    at = "møde 1 (»Hvad er aktørskab for os?«)"
    _refused(run_cli, tmp_path, str(_broken(tmp_path, export)), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:",
        f"  • {at}, svar 1, text: indeholder kontroltegn (U+0000, U+001B), som ikke hører hjemme i en tekst; "
        "fjern dem",
        f"  • {at}, svar 1, item_id: »findes-ikke« er ikke et punkt i dagsordenen; brug et af: "
        "hvad-er-aktorskab-for-os, hverdagssituationer, barrierer, vejen-videre",
        f"  • {at}, svar 2, group: må ikke være tom",
        f"  • {at}, svar 2, text: må ikke være tom",
        f"  • {at}, svar 2, category: »forkert« er ikke en kategori i rammen »aktorskab«; brug en af: mening, "
        "mangler-svar, opmaerksom",
        f"  • {at}, svar 2, question: spørgsmål 99 findes ikke; punktet »Hvad er aktørskab for os?« har 4 "
        "spørgsmål"]))


def test_the_file_s_answers_are_told_even_when_other_parts_are_wrong_too(run_cli, tmp_path: Path,
                                                                         export: dict) -> None:
    record = export["records"][0]
    record["answers"][1]["item_id"] = "findes-ikke"
    record["synthesis"]["title"] = 7
    record["votes"][0]["dots"][0]["target"] = "00000000-0000-4000-8000-000000000000"
    at = "møde 1 (»Hvad er aktørskab for os?«)"
    _refused(run_cli, tmp_path, str(_broken(tmp_path, export)), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:",
        f"  • {at}, sammenfatning, title: skal være tekst",
        f"  • {at}, svar 2, item_id: »findes-ikke« er ikke et punkt i dagsordenen; brug et af: "
        "hvad-er-aktorskab-for-os, hverdagssituationer, barrierer, vejen-videre",
        f"  • {at}, afstemning 1, stemme 1, target: 00000000-0000-4000-8000-000000000000 er ikke et af mødets "
        "punkter"]))


def test_a_changed_copy_here_stops_the_whole_file(run_cli, tmp_path: Path) -> None:
    _, _, other = _a_year_and_one_meeting(run_cli, tmp_path)
    assert run_cli("--db", other, "import", "dal.json").exit_code == 0
    store = open_store(other)
    store.set_note(1, "Rettet her")
    store.close()
    result = run_cli("--db", other, "import", "aar.json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "»Hvad er aktørskab for os?«, 3. februar 2026 findes allerede som møde 1, og din udgave er ændret i "
               "forhold til filens (her på maskinen: opsamlende tekst ændret). Skal filens udgave bruges, så slet "
               "møde 1 først (aktorskab --db hr.db sessions --delete 1) og importér igen.\n"
               "Intet er gemt, heller ikke filens nye møde.\n")
    assert [s.id for s in open_store(other).sessions()] == [1]


def test_the_command_list_says_import_takes_an_exported_json_too(run_cli) -> None:
    listed = run_cli("--help")
    line = next(text for text in listed.stdout.splitlines() if "│ import " in text)  # COLUMNS=200: one line
    assert line.strip("│ ").removeprefix("import").strip() == ("Opret et møde ud fra en svarfil – eller hent møder fra en JSON-fil fra export. Skriver mødets "
                       "nummer.")


def test_half_of_a_utf16_pair_anywhere_in_the_file_is_refused_with_its_place(run_cli, tmp_path: Path,
                                                                           export: dict) -> None:
    record = export["records"][0]
    record["answers"][0]["text"] = "Klart \ud800 mandat"
    record["title"] = "Temadag \udfff"
    record["synthesis"]["points"][1]["text"] = "\udc80"
    record["answers"][1]["gr\ud83d"] = "x"  # a key, too
    path = tmp_path / "ind.json"
    path.write_text(json.dumps(export), encoding="ascii")  # \ud800 as JSON writes it: an escape, valid JSON
    bad = "indeholder et ugyldigt tegn ({}, et halvt tegnpar), som ikke kan gemmes; ret det i filen eller " \
          "eksportér mødet igen"
    _refused(run_cli, tmp_path, str(path), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:",
        f"  • møde 1, title: {bad.format('U+DFFF')}",
        f"  • møde 1, svar 1, text: {bad.format('U+D800')}",
        f"  • møde 1, svar 2, et feltnavn: {bad.format('U+D83D')}",
        f"  • møde 1, sammenfatning, punkt 2, text: {bad.format('U+DC80')}",
    ]))


def test_a_text_longer_than_any_file_may_hold_is_refused_with_its_place(run_cli, tmp_path: Path, export: dict) -> None:
    export["records"][0]["synthesis"]["points"][0]["text"] = "x" * 20_001
    _refused(run_cli, tmp_path, str(_broken(tmp_path, export)), "\n".join([
        "ind.json kan ikke importeres; intet er gemt:",
        "  • møde 1 (»Hvad er aktørskab for os?«), sammenfatning, punkt 1, text: er for lang "
        "(20001 tegn); højst 20000 tegn"]))
