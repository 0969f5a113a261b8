"""`combine --from-archive`: one opsamling across the organisation's meetings, each answer attributed to
its meeting, a table of the meetings, and the points several meetings raised ranked by how many."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import docx

from archive_data import make_meeting

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _push_year(run_cli, tmp_path: Path) -> None:
    top = make_meeting(tmp_path, "LMU Skolen på Toppen", "2026-03-12",
                       texts=("Tillid til hinanden", "Tid til refleksion", "Mod til at sige fra"))
    dal = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03", texts=("tillid til hinanden.", "Ro på"), events=False)
    bak = make_meeting(tmp_path, "LMU Bakkeskolen", "2026-04-20", texts=("Tillid  til hinanden", "Tid til refleksion"))
    old = make_meeting(tmp_path, "LMU Bakkeskolen", "2025-06-01", texts=("Tillid til hinanden",))
    result = run_cli("archive", "push", top, dal, bak, old)
    assert result.exit_code == 0, result.output


def test_combine_from_the_archive_to_docx(archive, run_cli, tmp_path: Path) -> None:
    _push_year(run_cli, tmp_path)
    result = run_cli("combine", "--from-archive", "--agenda", "lmu", "--since", "2026-01-01", "-o", "aar.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Opsamlingen er skrevet til aar.docx (7 svar fra 3 møder i arkivet).\n"
    document = docx.Document(str(tmp_path / "aar.docx"))
    meetings, recurring = ([[c.text for c in r.cells] for r in t.rows] for t in document.tables[:2])
    assert meetings == [["Møde", "Organisation", "Dato", "Sted"],
                        ["Hvad er aktørskab for os?", "LMU Dalskolen", "3. februar 2026", ""],
                        ["Hvad er aktørskab for os?", "LMU Skolen på Toppen", "12. marts 2026", ""],
                        ["Hvad er aktørskab for os?", "LMU Bakkeskolen", "20. april 2026", ""]]
    assert recurring == [
        ["Punkt", "Møder", "Hvor"],
        ["tillid til hinanden.", "3", "LMU Dalskolen, 3. februar 2026; LMU Skolen på Toppen, 12. marts 2026; "
                                      "LMU Bakkeskolen, 20. april 2026"],
        ["Tid til refleksion", "2", "LMU Skolen på Toppen, 12. marts 2026; LMU Bakkeskolen, 20. april 2026"]]
    texts = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "tillid til hinanden. (3 møder · 3 grupper)" in texts  # one point, counting the meetings behind it
    bilag = [p.text for p in document.paragraphs]
    bilag = bilag[bilag.index("Bilag: alle svar"):]
    assert "Mod til at sige fra (Gruppe 1 · LMU Skolen på Toppen, 12. marts 2026)" in bilag  # every answer, marked
    assert "Ro på (Gruppe 2 · LMU Dalskolen, 3. februar 2026)" in bilag
    assert "2025" not in "\n".join(p.text for p in document.paragraphs[:3])  # --since left last year out
    single = run_cli("combine", "--from-archive", "--organisation", "Dalskolen", "-o", "en.docx")
    assert single.stdout == "Opsamlingen er skrevet til en.docx (2 svar fra 1 møde i arkivet).\n"


def test_a_meeting_without_answers_in_the_archive_gets_a_hint_that_works_here(archive, run_cli, tmp_path: Path) -> None:
    """The meeting is named by its archive id, which collect does not take: pull it, collect, push."""
    empty = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-03", texts=())
    full = make_meeting(tmp_path, "LMU Dalskolen", "2026-02-04")
    assert run_cli("archive", "push", empty, full).exit_code == 0
    uuid = json.loads(run_cli("archive", "list", "--json").stdout)[-1]["id"]
    result = run_cli("combine", "--from-archive", "-o", "alle.docx")
    assert result.exit_code == 0, result.output
    notice = next(line for line in result.stderr.splitlines() if "ingen svar endnu" in line)
    assert notice == (f"Bemærk: møde {uuid[:8]} har ingen svar endnu – hent mødet med: aktorskab archive pull "
                      f"{uuid[:8]}, tilføj svarene med: aktorskab collect MØDE (det nummer, pull nævner), og send "
                      "mødet igen med: aktorskab archive push MØDE")


def test_combine_from_the_archive_as_json_and_markdown(archive, run_cli, tmp_path: Path) -> None:
    _push_year(run_cli, tmp_path)
    assert run_cli("combine", "--from-archive", "--organisation", "bakke", "-o", "bakke.json").exit_code == 0
    data = json.loads((tmp_path / "bakke.json").read_text(encoding="utf-8"))
    assert [(m["organisation"], m["date"]) for m in data["meetings"]] == [
        ("LMU Bakkeskolen", "2025-06-01"), ("LMU Bakkeskolen", "2026-04-20")]
    assert all(len(m["uuid"]) == 36 for m in data["meetings"])
    [point] = data["recurring"]
    assert (point["text"], point["meetings"]) == ("Tillid til hinanden", [m["session_id"] for m in data["meetings"]])
    assert len(point["answers"]) == 2
    assert run_cli("combine", "--from-archive", "--format", "md", "-o", "alle.md").exit_code == 0
    text = (tmp_path / "alle.md").read_text(encoding="utf-8")
    assert "| Tillid til hinanden | 4 | LMU Bakkeskolen, 1. juni 2025; LMU Dalskolen, 3. februar 2026;" in text


def test_combine_from_the_archive_refuses_what_it_cannot_do(archive, run_cli, tmp_path: Path) -> None:
    _push_year(run_cli, tmp_path)
    cases = [
        (["combine", "--from-archive", "--agenda", "temadag", "-o", "x.docx"],
         "Arkivet har ingen møder, der passer til dit valg; se dem med: aktorskab archive list"),
        (["combine", "1", "--from-archive", "-o", "x.docx"], "Angiv enten mødenumre eller --from-archive, ikke begge"),
        (["combine", "1", "2", "--agenda", "lmu", "-o", "x.docx"],
         "--agenda, --since og --organisation vælger møder i arkivet; brug dem med --from-archive"),
        (["combine", "-o", "x.docx"],
         "Angiv de møder, der skal samles (numre fra aktorskab sessions), eller --from-archive"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert (result.exit_code, result.stderr.strip()) == (2, message), args
    assert not (tmp_path / "x.docx").exists()


def test_agenda_filter_takes_every_omu_copy_of_dialogmoede_as_combine_groups_them(archive, run_cli,
                                                                                   tmp_path: Path) -> None:
    """combine groups meetings by their agenda's title (every OMU's copy of dialogmoede is one part), but
    --agenda dialogmoede chose by the agenda's file name: the OMUs' copies (omu-bf.toml, …) were left out."""
    from aktorskab_cli.agenda.resolve import load_agenda

    source = load_agenda("dialogmoede")[1]
    (tmp_path / "omu-bf.toml").write_text(source.replace('organisation = "Områdeudvalg, Norddjurs Kommune"',
                                                         'organisation = "OMU Børne- og Familieområdet"'),
                                          encoding="utf-8")
    (tmp_path / "a.toml").write_text('[[answer]]\nitem = "mening-og-svaert"\ngroup = "Gruppe 1"\ntext = "Tillid"\n',
                                     encoding="utf-8")
    assert run_cli("import", "dialogmoede", "a.toml", "--date", "2026-02-10").exit_code == 0
    assert run_cli("import", "omu-bf.toml", "a.toml", "--date", "2026-04-07").exit_code == 0
    (tmp_path / "t.toml").write_text('[[answer]]\nitem = "god-dialog"\ngroup = "Gruppe 1"\ntext = "Ro"\n', encoding="utf-8")
    assert run_cli("import", "temadag", "t.toml", "--date", "2026-05-01").exit_code == 0  # another kind: left out
    (tmp_path / "omu-bf.toml").unlink()  # the archive alone knows the copy
    assert run_cli("archive", "push", "--all").exit_code == 0
    for name in ("dialogmoede", "omu-bf"):
        result = run_cli("combine", "--from-archive", "--agenda", name, "-o", f"{name}.md")
        assert (result.exit_code, result.stdout) == (
            0, f"Opsamlingen er skrevet til {name}.md (2 svar fra 2 møder i arkivet).\n"), result.output
        listed = json.loads(run_cli("archive", "list", "--json", "--agenda", name).stdout)
        assert [(m["agenda"], m["date"]) for m in listed] == [("omu-bf", "2026-04-07"), ("dialogmoede", "2026-02-10")]
