"""`aktorskab summary draft | apply` through the real entry point: the TOML round trip, every kind of bad
draft refused with file, line and what to change (exit 2, nothing stored), and export using the result."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from conftest import import_answers, refused

from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.storage import load_synthesis

ANSWERS = """
[[answer]]
item = "dialog-cases"
group = "Gruppe 1"
text = "Tydelige hjørneflag og tillid"
category = "opmaerksom"
question = 1

[[answer]]
item = "dialog-cases"
group = "gruppe 2"
text = "tydelige hjørneflag, og tillid!"
category = "opmaerksom"
question = 2

[[answer]]
item = "dialog-cases"
group = "Gruppe 3"
text = "Tydeligt hjørneflag, tillid og psykologisk tryghed"
category = "opmaerksom"

[[answer]]
item = "dialog-cases"
group = "Gruppe 3"
text = "At tage ansvar og handle med faglighed og initiativ"
category = "mening"

[[answer]]
item = "god-dialog"
group = "Gruppe 1"
text = "Mindre detailstyring – mere tillid"
"""


@pytest.fixture
def session(run_cli) -> str:
    result = import_answers(run_cli, "temadag", ANSWERS)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def _draft(run_cli, session: str, name: str = "udkast.toml") -> str:
    result = run_cli("summary", "draft", session, "-o", name)
    assert result.exit_code == 0, result.output
    return Path(name).read_text(encoding="utf-8")


def test_the_draft_merges_equal_answers_and_suggests_similar_ones(run_cli, session: str) -> None:
    result = run_cli("summary", "draft", session)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"udkast-temadag-{session}.toml: et nyt udkast med 4 punkter af 5 svar. Gem rettelserne "
                             f"med: aktorskab summary apply udkast-temadag-{session}.toml\n")
    text = Path(f"udkast-temadag-{session}.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["session"] == int(session)
    assert [(p["text"], p["answers"]) for p in data["point"]] == [
        ("Tydelige hjørneflag og tillid", [1, 2]), ("Tydeligt hjørneflag, tillid og psykologisk tryghed", [3]),
        ("At tage ansvar og handle med faglighed og initiativ", [4]), ("Mindre detailstyring – mere tillid", [5])]
    assert "  1,  # Gruppe 1: »Tydelige hjørneflag og tillid«" in text  # each id with its group and words
    assert "  2,  # gruppe 2: »tydelige hjørneflag, og tillid!«" in text
    assert "# Ligner måske »Tydeligt hjørneflag, tillid og psykologisk tryghed« (svar 3; den ene siger mere): flyt id'erne hertil for at flette" in text
    assert [t["id"] for t in data["theme"]] == ["organisation", "roller-og-relationer", "ledelse", "arbejdsfaellesskab"]


def test_draft_apply_draft_gives_the_same_content(run_cli, session: str) -> None:
    first = _draft(run_cli, session)
    result = run_cli("summary", "apply", "udkast.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Sammenfatningen af møde {session} er gemt: 4 punkter")
    assert _draft(run_cli, session, "igen.toml") == first.replace("apply udkast.toml", "apply igen.toml")


def _header_ids(text: str) -> list[str]:
    return re.findall(r"^\[\[(?:point|barrier|next)\]\]  # id ([0-9a-f-]{36})$", text, re.M)


def test_the_drafts_first_lines_name_the_lines_to_fill_and_the_command_that_reads_this_file(
        run_cli, session: str) -> None:
    text = _draft(run_cli, session, "mit udkast.toml")
    assert text.splitlines()[:2] == [
        f"# Udkast til opsamling: Temadag om professionelt aktørskab (møde {session}). Udfyld title, intro og "
        "closing, ret",
        "# punkterne nedenfor, og læs filen ind med: aktorskab summary apply 'mit udkast.toml'"]


def test_point_ids_stand_after_the_header_as_a_comment_not_as_a_line_to_read(run_cli, session: str) -> None:
    text = _draft(run_cli, session)
    assert run_cli("summary", "apply", "udkast.toml").exit_code == 0
    stored = load_synthesis(open_store(), int(session))
    assert _header_ids(text) == [p.uuid for p in stored.points] and len(stored.points) == 4
    assert not re.search(r'^id = "[0-9a-f-]{36}"', text, re.M)  # no line of its own inside a point
    assert "»# id …«\n# efter [[point]] holder punktet fast mellem udkast, tavle og arkiv: lad det stå" in text


def test_an_older_draft_with_id_lines_is_still_read_with_its_ids(run_cli, session: str) -> None:
    text = _draft(run_cli, session)
    assert run_cli("summary", "apply", "udkast.toml").exit_code == 0
    ids = _header_ids(text)
    older = re.sub(r"^\[\[point\]\]  # id ([0-9a-f-]{36})\n((?:.+\n)*)", r'[[point]]\n\2id = "\1"\n', text, flags=re.M)
    assert len(re.findall(r'^id = "[0-9a-f-]{36}"', older, re.M)) == 4 and "# id " not in older.split("# efter [[point]]")[1]
    Path("gammel.toml").write_text(older, encoding="utf-8")
    assert run_cli("summary", "apply", "gammel.toml").exit_code == 0
    assert [p.uuid for p in load_synthesis(open_store(), int(session)).points] == ids
    assert _draft(run_cli, session, "igen.toml") == text.replace("apply udkast.toml", "apply igen.toml")


def test_a_header_id_that_is_wrong_twice_or_contradicted_is_refused_at_its_header(run_cli, session: str) -> None:
    uuid = "3f2a9c1d-0000-4000-8000-000000000000"
    body = (f"session = {session}\n\n[[point]]  # id punkt-1\ntext = \"a\"\n\n[[point]]  # id {uuid}\ntext = \"b\"\n\n"
            f"[[barrier]]  # id {uuid}\ntitle = \"c\"\n\n[[next]]  # id {uuid[:-1]}1\ntext = \"d\"\nid = \"{uuid[:-1]}2\"\n")
    Path("udkast.toml").write_text(body, encoding="utf-8")
    result = run_cli("summary", "apply", "udkast.toml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "udkast.toml kan ikke bruges – intet er gemt:\n"
        "  • udkast.toml, linje 3, [[point]] nr. 1, id: »punkt-1« er ikke et id, aktorskab har givet (et uuid som "
        "3f2a9c1d-…); slet »# id …« efter [[point]], så får punktet et nyt\n"
        "  • udkast.toml, linje 9, [[barrier]] nr. 1, id: id'et står også ved udkast.toml, linje 6, [[point]] nr. 2; "
        "slet »# id …« efter [[barrier]] her, så får punktet et nyt\n"
        "  • udkast.toml, linje 14, [[next]] nr. 1, id: der står både »# id …« efter [[next]] og en linje med id, og de "
        "er forskellige; slet den ene\n")
    assert load_synthesis(open_store(), int(session)) is None


def test_an_edited_draft_is_stored_and_shapes_the_opsamling(run_cli, session: str, tmp_path: Path) -> None:
    text = _draft(run_cli, session)
    text = text.replace('text = "Tydelige hjørneflag og tillid"',
                        'text = "Tydelige hjørneflag, tillid og psykologisk tryghed"\ntheme = "organisation"', 1)
    text = text.replace("answers = [\n  3,", "answers = [\n  99999,", 1).replace("  99999,", "", 1)  # 3 leaves …
    text = text.replace("  2,  #", "  2,\n  3,  #", 1)  # … and joins the first point
    text = text.replace('closing = ""', 'closing = """\nDer er **konsensus**.\n\n- Tydelighed\n"""', 1)
    text += ('\n[[barrier]]\ntitle = "Uklart råderum"\ntext = "Hvis mandat og rammer ikke er tydelige …"\n'
             '\n[[next]]\ntext = "Tage det ud i de enkelte LMU\'er"\n'
             '\n[[action]]\nwhat = "Dialogmøder i OMU"\nwho = "OMU"\nwhen = "1. kvartal 2026"\n')
    Path("udkast.toml").write_text(text, encoding="utf-8")
    result = run_cli("summary", "apply", "udkast.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Sammenfatningen af møde {session} er gemt: 4 punkter, 1 barriere, 1 linje i "
                                    "vejen videre, 1 handling.")
    stored = load_synthesis(open_store(), int(session))
    assert stored.points[0].answers == (1, 2, 3) and stored.points[0].theme == "organisation"
    assert [p.answers for p in stored.points if p.kind == "point"] == [(1, 2, 3), (), (4,), (5,)]
    assert run_cli("export", session, "-o", "o.md").exit_code == 0
    markdown = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "| Tydelige hjørneflag, tillid og psykologisk tryghed *(3 grupper)* |" in markdown.replace(
        "At tage ansvar og handle med faglighed og initiativ *(1 gruppe)* | ", "")
    assert "## 1. Organisation – kultur, retning og fælles forståelse" in markdown
    assert "### Uklart råderum\n\nHvis mandat og rammer ikke er tydelige …" in markdown
    assert "## Vejen videre\n\n- Tage det ud i de enkelte LMU'er" in markdown
    assert "| Dialogmøder i OMU | OMU | **1\\. kvartal 2026** |" in markdown
    assert "## Opsamlende\n\nDer er **konsensus**.\n\n- Tydelighed" in markdown


def test_a_draft_of_only_status_suggestions_says_they_are_statuses_and_how_to_set_them(run_cli) -> None:
    suggestion = ('[[answer]]\nitem = "opfoelgning"\ngroup = "Gruppe 1"\n'
                  'text = "Forslag: Tema på KCL i december → i gang (kcl)"\n')
    assert import_answers(run_cli, "dialogmoede", suggestion, "--plan", "aktorskab-2025-2026:omu-administration",
                          "--date", "2025-11-20").exit_code == 0
    result = run_cli("summary", "draft", "1", "-o", "udkast.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("udkast.toml: et nyt udkast med 0 punkter af 1 svar.")
    assert result.stderr == (
        "Bemærk: møde 1 har kun statusforslag (1 forslag under »Opfølgning på handleplanen«) og ingen svar at samle: "
        "et forslag er en status i årets program, ikke et punkt. Sæt statusserne med: aktorskab plan set "
        "aktorskab-2025-2026 POST STATUS --session 1 (forslagene står i: aktorskab show 1), eller læg svar ind med: "
        "aktorskab collect 1\n")


def test_answers_that_arrive_later_are_shown_as_not_yet_placed(run_cli, session: str, tmp_path: Path) -> None:
    _draft(run_cli, session)
    assert run_cli("summary", "apply", "udkast.toml").exit_code == 0
    (tmp_path / "mere.toml").write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 4"\n'
                                        'text = "Fejring af gode initiativer"\ncategory = "mening"\n', encoding="utf-8")
    assert run_cli("collect", session, "--from", "mere.toml").exit_code == 0
    result = run_cli("export", session, "-o", "o.md")
    assert result.exit_code == 0
    assert result.stderr == (f"Bemærk: 1 nyt svar i møde {session} er endnu ikke samlet (det står under »Nye svar, "
                             f"endnu ikke samlet«); placér det med: aktorskab summary board {session}\n")
    markdown = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "### Nye svar, endnu ikke samlet\n\n- Fejring af gode initiativer *(Gruppe 4)*" in markdown
    text = _draft(run_cli, session, "igen.toml")
    assert "# Nyt svar, endnu ikke samlet" in text and "Fejring af gode initiativer" in text


BAD_DRAFTS = {
    "unknown answer": ("[[point]]\nitem = \"dialog-cases\"\ntext = \"x\"\nanswers = [1, 77]\n",
                       "udkast.toml, linje {n}, [[point]] nr. 1, answers: svar 77 findes ikke i mødet; brug id'erne "
                       "fra udkastet (eller aktorskab export {s} --format json)"),
    "answer twice": ("[[point]]\ntext = \"a\"\nanswers = [1]\n\n[[point]]\ntext = \"b\"\nanswers = [2, 1]\n",
                     "udkast.toml, linje {n2}, [[point]] nr. 2, answers: svar 1 står også i udkast.toml, linje {n}, "
                     "[[point]] nr. 1, answers; et svar må kun stå i ét punkt – fjern det det ene sted"),
    "unknown category": ("[[point]]\nitem = \"dialog-cases\"\ncategory = \"godt\"\ntext = \"x\"\n",
                         "udkast.toml, linje {n}, [[point]] nr. 1, category: »godt« er ikke en kolonne ved »Dialog "
                         "i grupper med udgangspunkt i cases«; brug en af: mening, mangler-svar, opmaerksom"),
    "unknown item": ("[[point]]\nitem = \"dialog-x\"\ntext = \"x\"\n",
                     "udkast.toml, linje {n}, [[point]] nr. 1, item: »dialog-x« er ikke et punkt i dagsordenen; mente "
                     "du »dialog-cases«?"),
    "unknown theme": ("[[point]]\ntheme = \"kultur\"\ntext = \"x\"\n",
                      "udkast.toml, linje {n}, [[point]] nr. 1, theme: temaet »kultur« findes ikke; brug et id fra "
                      "[[theme]] – eller tilføj temaet"),
    "unknown key": ("[[point]]\ntext = \"x\"\ncolour = \"rød\"\n",
                    "udkast.toml, linje {n}, [[point]] nr. 1, colour: er ikke et kendt felt; ret stavningen eller fjern det"),
    "empty text": ("[[point]]\ntext = \"\"\n", "udkast.toml, linje {n}, [[point]] nr. 1, text: må ikke være tom"),
    "misspelt category": ("[[point]]\nitem = \"dialog-cases\"\ncategory = \"menign\"\ntext = \"x\"\n",
                          "udkast.toml, linje {n}, [[point]] nr. 1, category: »menign« er ikke en kolonne ved »Dialog "
                          "i grupper med udgangspunkt i cases«; mente du »mening«?"),
    "misspelt theme": ("[[theme]]\nid = \"ledelse\"\ntitle = \"Ledelse\"\n\n[[point]]\ntheme = \"ledlese\"\ntext = \"x\"\n",
                       "udkast.toml, linje {n}, [[point]] nr. 1, theme: temaet »ledlese« findes ikke; mente du »ledelse«?"),
    "id not a uuid": ("[[point]]\ntext = \"x\"\nid = \"punkt-1\"\n",
                      "udkast.toml, linje {n}, [[point]] nr. 1, id: »punkt-1« er ikke et id, aktorskab har givet (et "
                      "uuid som 3f2a9c1d-…); slet linjen med id, så får punktet et nyt"),
    "id in upper case": ("[[barrier]]\ntitle = \"x\"\nid = \"3F2A9C1D-0000-4000-8000-000000000000\"\n",
                         "udkast.toml, linje {n}, [[barrier]] nr. 1, id: »3F2A9C1D-0000-4000-8000-000000000000« er "
                         "ikke et id, aktorskab har givet (et uuid som 3f2a9c1d-…); slet linjen med id, så får "
                         "punktet et nyt"),
    "escape in a point": ("[[point]]\ntext = \"Tydelig \\u001b[31mrød\"\n",
                          "udkast.toml, linje {n}, [[point]] nr. 1, text: indeholder et kontroltegn (U+001B), som ikke "
                          "hører hjemme i en tekst; fjern det"),
    "nul and bell in a barrier": ("[[barrier]]\ntitle = \"a\\u0000b\\u0007\"\n",
                                  "udkast.toml, linje {n}, [[barrier]] nr. 1, title: indeholder kontroltegn (U+0000, "
                                  "U+0007), som ikke hører hjemme i en tekst; fjern dem"),
}


@pytest.mark.parametrize("kind", sorted(BAD_DRAFTS))
def test_a_bad_draft_is_refused_with_the_line_and_nothing_is_stored(run_cli, session: str, kind: str) -> None:
    body, message = BAD_DRAFTS[kind]
    head = f"session = {session}\n\n"
    Path("udkast.toml").write_text(head + body, encoding="utf-8")
    field = message.split("nr. ")[1].split(", ")[1].split(":")[0]  # the field the message names
    at = [n for n, line in enumerate((head + body).splitlines(), 1) if line.startswith(f"{field} =")]
    stderr = refused(run_cli("summary", "apply", "udkast.toml"))
    assert stderr.startswith("udkast.toml kan ikke bruges")
    assert message.format(n=at[0], n2=at[-1], s=session) in stderr
    assert load_synthesis(open_store(), int(session)) is None


def test_problems_are_told_in_the_order_of_their_lines(run_cli, session: str) -> None:
    body = ('[[point]]\ntext = "a"\ncolour = "rød"\n\n[[point]]\ntext = "b"\nid = "x"\n\n'
            '[[point]]\nitem = "dialog-cases"\ncategory = "menign"\ntext = "c"\n\n[[section]]\ntitle = ""\n')
    Path("udkast.toml").write_text(f"session = {session}\n{body}", encoding="utf-8")
    first = run_cli("summary", "apply", "udkast.toml").stderr.splitlines()
    lines = [int(line.split("linje ")[1].split(",")[0]) for line in first[1:]]
    assert first[0] == "udkast.toml kan ikke bruges:" and lines == sorted(lines) == [4, 16]  # the schema's first
    body = ('[[point]]\nitem = "dialog-cases"\ncategory = "menign"\ntext = "c"\n\n'
            '[[point]]\ntext = "b"\nanswers = [77]\n')  # checked in another order than the lines'
    Path("udkast.toml").write_text(f"session = {session}\n{body}", encoding="utf-8")
    second = run_cli("summary", "apply", "udkast.toml").stderr.splitlines()
    assert [line.split(", ")[1] for line in second[1:]] == ["linje 4", "linje 9"]


def test_a_duplicate_key_and_a_missing_session_are_refused(run_cli, session: str) -> None:
    Path("udkast.toml").write_text(f'session = {session}\n[[point]]\ntext = "a"\ntext = "b"\n', encoding="utf-8")
    result = run_cli("summary", "apply", "udkast.toml")
    assert result.exit_code == 2 and "udkast.toml, linje 4" in result.stderr
    Path("udkast.toml").write_text('[[point]]\ntext = "a"\n', encoding="utf-8")
    result = run_cli("summary", "apply", "udkast.toml")
    assert result.exit_code == 2
    assert result.stderr == ("udkast.toml: session mangler eller er ikke et mødenummer; skriv fx session = 3 øverst "
                             "(aktorskab summary draft skriver det selv)\n")
    Path("udkast.toml").write_text('session = 99\n', encoding="utf-8")
    assert run_cli("summary", "apply", "udkast.toml").stderr == "Møde 99 findes ikke; se møderne med: aktorskab sessions\n"
    assert load_synthesis(open_store(), int(session)) is None


def test_json_gives_every_answer_the_id_the_draft_uses(run_cli, session: str, tmp_path: Path) -> None:
    text = _draft(run_cli, session)
    assert run_cli("export", session, "-o", "o.json").exit_code == 0
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    ids = {a["text"]: a["id"] for a in data["parts"][0]["answers"]}
    for answer_text, answer_id in ids.items():
        assert f"  {answer_id},  # " in text and f"»{answer_text}«" in text


def test_the_draft_is_never_written_over_an_existing_file(run_cli, session: str) -> None:
    Path("udkast.toml").write_text("mine rettelser", encoding="utf-8")
    result = run_cli("summary", "draft", session, "-o", "udkast.toml")
    assert result.exit_code == 2
    assert Path("udkast.toml").read_text(encoding="utf-8") == "mine rettelser"


def test_the_example_in_docs_still_applies_and_exports(run_cli, tmp_path: Path) -> None:
    """docs/example: the rehearsal's answers, the facilitator's synthesis and the document they make."""
    example = Path(__file__).resolve().parents[1] / "docs" / "example"
    assert run_cli("import", "temadag", example / "svar.toml").stdout == "1\n"
    result = run_cli("summary", "apply", example / "sammenfatning.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Sammenfatningen af møde 1 er gemt: 20 punkter, 3 barrierer, 4 linjer i vejen "
                                    "videre, 6 handlinger.")
    again = run_cli("summary", "apply", example / "udkast.toml")  # the draft summary draft made of it, ids and all
    assert again.exit_code == 0 and again.stdout == result.stdout, again.output
    assert run_cli("export", "1", "-o", "o.md").exit_code == 0
    markdown = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "Tydelige hjørneflag, tillid og psykologisk tryghed *(3 grupper)*" in markdown
    assert "Nye svar, endnu ikke samlet" not in markdown  # every answer is placed (one as a barrier)


@pytest.mark.parametrize(("place", "typed"), [
    ("mit udkast/ud kast.toml", "'mit udkast/ud kast.toml'"),  # below here: relative, quoted
    ("{outside}/a b.toml", "'{outside}/a b.toml'"),  # elsewhere: the whole path, quoted
    ("ud-kast.toml", "ud-kast.toml"),  # nothing to quote
])
def test_the_hint_after_a_draft_is_a_command_that_can_be_pasted_as_it_is(run_cli, session: str, tmp_path: Path,
                                                                      place: str, typed: str) -> None:
    import shlex

    outside = tmp_path.parent / f"{tmp_path.name}-andet sted"
    outside.mkdir()
    (tmp_path / "mit udkast").mkdir()
    result = run_cli("summary", "draft", session, "-o", place.format(outside=outside))
    assert result.exit_code == 0, result.output
    hint = result.stdout.rstrip("\n").split("Gem rettelserne med: ")[1]
    assert hint == f"aktorskab summary apply {typed.format(outside=outside)}"
    assert run_cli(*shlex.split(hint)[1:]).exit_code == 0  # pasted as it stands, from here
