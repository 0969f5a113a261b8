"""The bundled agendas and prompt sets: valid, faithful to the seeds, in correct Danish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aktorskab_cli.agenda import content
from aktorskab_cli.agenda.resolve import load_agenda, load_prompt_set
from aktorskab_cli.agenda.schedule import format_clock

ROOT = Path(__file__).resolve().parents[1]
AGENDAS = sorted((ROOT / "agendas").glob("*.toml"))
PROMPTS = sorted((ROOT / "prompts").glob("*.toml"))

# Seed 000, "Temadagens program", item for item.
TEMADAG = [
    ("8.00", "Morgenbrød og kaffe/te"),
    ("8.15", "Intro til temadagen"),
    ("8.30", "Professionelt aktørskab & OLFA"),
    ("9.15", "Pause"),
    ("9.25", "Dialog i grupper med udgangspunkt i cases"),
    ("10.15", "Pause"),
    ("10.30", "Aktørskab – hvordan får vi organisationen med?"),
    ("12.30", "Frokost"),
    ("13.00", "Understøttelse af den gode dialog i MED og i personalegrupper"),
    ("14.00", "Overgang til ekstraordinært HU-møde"),
    ("15.00", "Tak for i dag"),
]


def test_the_bundled_folders_are_found() -> None:
    assert set(content.bundled_agendas()) == {p.stem for p in AGENDAS} >= {"temadag", "dialogmoede", "lmu"}
    assert set(content.bundled_prompts()) == {p.stem for p in PROMPTS}


@pytest.mark.parametrize("path", AGENDAS, ids=lambda p: p.name)
def test_every_bundled_agenda_loads(path: Path) -> None:
    agenda, text = load_agenda(str(path))
    assert agenda.items and text.startswith(("title", "#"))


@pytest.mark.parametrize("path", PROMPTS, ids=lambda p: p.name)
def test_every_prompt_file_loads(path: Path) -> None:
    prompt = load_prompt_set(path)
    assert prompt.name == path.stem
    if prompt.kind == "frame":
        assert prompt.categories
    elif prompt.kind == "questions":
        assert prompt.questions


def test_temadag_is_seed_000s_programme() -> None:
    agenda, _ = load_agenda("temadag")
    assert [(format_clock(i.start), i.title) for i in agenda.items] == TEMADAG
    assert format_clock(agenda.end) == "15.00"
    leads = {i.title: i.lead for i in agenda.items}
    assert leads["Intro til temadagen"] == "Jonas og Tinne"
    assert leads["Dialog i grupper med udgangspunkt i cases"] == "Jonas og Tinne"
    assert "Tue Isaksen" in leads["Professionelt aktørskab & OLFA"]
    assert "Mette Lindhardt" in leads["Aktørskab – hvordan får vi organisationen med?"]
    assert agenda.frame == "aktorskab"


def test_temadag_dialogue_carries_the_seeds_questions() -> None:
    agenda, _ = load_agenda("temadag")
    dialog = next(i for i in agenda.items if i.title.startswith("Dialog i grupper"))
    assert dialog.questions == [
        "Hvordan får vi konkret øje på professionelt aktørskab?",
        "Hvad gør vi rigtigt, når professionelt aktørskab lykkes?",
        "Hvad gør vi, når det ikke lykkes?",
        "Hvilke muligheder og dilemmaer ser vi?",
    ]
    med = next(i for i in agenda.items if i.title.startswith("Understøttelse"))
    assert "Hvilken kommunikation og hjælpeværktøjer er der brug for?" in med.questions


def test_temadag_mentions_marc_at_lunch() -> None:
    agenda, _ = load_agenda("temadag")
    lunch = next(i for i in agenda.items if i.title == "Frokost")
    assert "Marc fra kommunikation" in (lunch.note or "")


def test_the_three_column_frame() -> None:
    frame = load_prompt_set(content.bundled_prompts()["aktorskab"])
    assert frame.kind == "frame"
    assert [(c.id, c.title) for c in frame.categories] == [
        ("mening", "Det, der giver mening"),
        ("mangler-svar", "Det, vi mangler svar på"),
        ("opmaerksom", "Det, vi skal være opmærksomme på"),
    ]


def test_the_four_themes() -> None:
    frame = load_prompt_set(content.bundled_prompts()["temaer"])
    assert frame.kind == "frame"
    assert [c.title for c in frame.categories] == [
        "Organisation", "Roller og relationer", "Ledelse", "Arbejdsfællesskab og opgavepraksis",
    ]


def test_show_temadag_prints_the_programme_and_the_end_of_the_day(run_cli) -> None:
    result = run_cli("agenda", "show", "temadag")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Temadag om professionelt aktørskab"
    assert "2. april 2025" in lines[1]
    starts = [line.split()[0] for line in lines if re.match(r"^ *\d{1,2}\.\d\d\s", line)]
    assert starts == [start for start, _ in TEMADAG]
    assert "Morgenbrød og kaffe/te" in result.stdout and "Tak for i dag" in result.stdout
    assert "Tue Isaksen, Human House" in result.stdout
    assert lines[-1] == "Dagen slutter kl. 15.00."


def test_show_wraps_long_titles_in_a_narrow_terminal(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run_cli("agenda", "show", "temadag")
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) < 60
    assert result.stdout.splitlines()[-1] == "Dagen slutter kl. 15.00."


@pytest.mark.parametrize("name", [p.stem for p in AGENDAS])
def test_new_from_a_bundled_agenda_round_trips(run_cli, name: str) -> None:
    result = run_cli("agenda", "new", "x.toml", "--from", name)
    assert result.exit_code == 0, result.output
    assert "Skrev x.toml" in result.stdout
    result = run_cli("agenda", "check", "x.toml")
    assert result.exit_code == 0, result.output
    copy, _ = load_agenda("x.toml")
    original, _ = load_agenda(name)
    assert [(i.id, i.start, i.end, i.title, i.kind, i.lead, i.questions) for i in copy.items] == [
        (i.id, i.start, i.end, i.title, i.kind, i.lead, i.questions) for i in original.items
    ]
    assert (copy.title, copy.frame, copy.date, copy.footer) == (original.title, original.frame, original.date,
                                                                 original.footer)


def test_a_new_agenda_offers_the_date_and_the_programme_entry_as_lines_to_uncomment(run_cli) -> None:
    """A user trial: the facilitator of an OMU meeting copies dialogmoede and must set the day and the entry
    of the year's programme the meeting is held for; the copy did not say that either exists."""
    assert run_cli("agenda", "new", "omu.toml", "--from", "dialogmoede").exit_code == 0
    text = Path("omu.toml").read_text(encoding="utf-8")
    offered = [
        "# Mødets dato og posten i årets program, mødet holdes for (valgfri; posternes id'er står i:",
        "#   aktorskab plan show aktorskab-2025-2026). Fjern »# « foran linjen for at bruge den:",
        "# date = 2026-04-07",
        '# plan = "aktorskab-2025-2026:omu-boerne-og-familieomraadet"']
    assert all(line in text.splitlines() for line in offered)
    Path("omu.toml").write_text(text.replace("\n# date = ", "\ndate = ").replace("\n# plan = ", "\nplan = "),
                                encoding="utf-8")
    checked = run_cli("agenda", "check", "omu.toml")
    assert checked.exit_code == 0, checked.output
    copy, _ = load_agenda("omu.toml")
    assert (copy.date.isoformat(), copy.plan) == ("2026-04-07", "aktorskab-2025-2026:omu-boerne-og-familieomraadet")
    assert run_cli("agenda", "new", "dag.toml", "--from", "temadag").exit_code == 0  # it has a date: only the plan
    lines = Path("dag.toml").read_text(encoding="utf-8").splitlines()
    assert "# date = 2026-04-07" not in lines and '# plan = "aktorskab-2025-2026:omu-boerne-og-familieomraadet"' in lines


def test_new_without_from_gives_a_valid_agenda(run_cli) -> None:
    assert run_cli("agenda", "new", "mit-moede.toml").exit_code == 0
    result = run_cli("agenda", "check", "mit-moede.toml")
    assert result.exit_code == 0, result.output
    assert "✓ mit-moede.toml" in result.stdout


def test_new_refuses_to_overwrite(run_cli) -> None:
    Path("x.toml").write_text("mine", encoding="utf-8")
    result = run_cli("agenda", "new", "x.toml", "--from", "temadag")
    assert result.exit_code == 2
    assert "x.toml findes allerede; vælg et andet navn eller brug --force" in result.stderr
    assert Path("x.toml").read_text(encoding="utf-8") == "mine"
    assert run_cli("agenda", "new", "x.toml", "--from", "temadag", "--force").exit_code == 0


def test_new_from_an_unknown_agenda_lists_the_known_ones(run_cli) -> None:
    result = run_cli("agenda", "new", "x.toml", "--from", "temadagen")
    assert result.exit_code == 2
    assert "Indbyggede dagsordener: dialogmoede, lmu, temadag." in result.stderr
    assert not Path("x.toml").exists()


def test_list_names_every_bundled_agenda_and_the_users_own(run_cli) -> None:
    run_cli("agenda", "new", "mit-moede.toml", "--from", "lmu")
    Path("noter.toml").write_text('titel = "ikke en dagsorden"\n', encoding="utf-8")
    result = run_cli("agenda", "list")
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.stdout.splitlines()[2:] if line and not line.startswith(" ")]
    assert names == [p.stem for p in AGENDAS] + ["mit-moede"]
    assert "8.00–15.00" in result.stdout and "indbygget" in result.stdout


# Seed 002 is OCR that lost æ, ø and å; none of its damage may reach the bundled text.
OCR_DAMAGE = [
    "aktarskab", "aktgrskab", "faelles", "opmarksom", "hjgrneflag", "stgtte", "medarbejdere pa", "lgsning",
    "vaere", "ogsa", "sparg", "forstaelse", "hjaelp", "naer",
]
DAMAGED_WORDS = re.compile(r"\b(pa|na|sa|bade|gar|vaere|ogsa|faelles|saerlig\w*)\b")


@pytest.mark.parametrize("path", AGENDAS + PROMPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_ocr_damage_from_seed_002(path: Path) -> None:
    import tomllib

    def strings(value: object):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key not in ("id", "frame", "questions", "intro", "outro") or not isinstance(inner, (str, list)):
                    yield from strings(inner)
                elif key == "questions" and isinstance(inner, list):
                    yield from strings(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from strings(inner)

    text = "\n".join(strings(tomllib.loads(path.read_text(encoding="utf-8"))))
    assert not ocr_damage(text), f"{path.name}: {ocr_damage(text)}"


def ocr_damage(text: str) -> list[str]:
    lowered = text.lower()
    return [w for w in OCR_DAMAGE if w in lowered] + DAMAGED_WORDS.findall(lowered)


def test_the_ocr_check_catches_seed_002s_spelling() -> None:
    assert ocr_damage("Det, vi skal vaere opmarksomme pa: tydelige hjgrneflag og stgtte") == [
        "opmarksom", "hjgrneflag", "stgtte", "vaere", "vaere", "pa"]
    assert ocr_damage("Det, vi skal være opmærksomme på: tydelige hjørneflag og støtte") == []


def test_show_says_when_the_times_are_only_a_suggestion(run_cli) -> None:
    assert run_cli("agenda", "show", "lmu").stdout.splitlines()[-1] == "Dagen slutter kl. 14.40 (forslag til tidsplan)."
    assert run_cli("agenda", "show", "dialogmoede").stdout.splitlines()[-1] == (
        "Dagen slutter kl. 16.10 (forslag til tidsplan).")
    assert run_cli("agenda", "show", "temadag").stdout.splitlines()[-1] == "Dagen slutter kl. 15.00."


def test_the_old_spelling_of_a_bundled_prompt_name_still_works(run_cli, tmp_path) -> None:
    path = tmp_path / "gammel.toml"
    path.write_text('title = "x"\nstart = "9.00"\nintro = ["aktoerskab-beskrivelse"]\n'
                    '[[item]]\ntitle = "a"\nminutes = 5\n', encoding="utf-8")
    result = run_cli("agenda", "check", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"✓ {path}: 1 punkt, 9.00–9.05\n"


def test_show_names_every_items_id_for_answer_files(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    lines = run_cli("agenda", "show", "temadag").stdout.splitlines()
    assert lines[3].split()[-1] == "Id"
    assert next(line for line in lines if "Morgenbrød" in line).split()[-1] == "morgenbroed"
    assert "Id er punktets navn i en svarfil (item = …) og i aktorskab collect --item." in lines
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run_cli("agenda", "show", "temadag").stdout
    assert "14.00\u00a0ekstraordinaert-hu-moede" in narrow  # listed under the table, never broken


def test_the_bundled_files_a_user_copies_and_edits_have_danish_comments() -> None:
    from aktorskab_cli.agenda.content import bundled_agendas, bundled_prompts

    for path in [*bundled_agendas().values(), *bundled_prompts().values()]:
        for line in path.read_text(encoding="utf-8").splitlines():
            comment = line.split("#", 1)[1] if "#" in line and '"' not in line.split("#", 1)[1] else ""
            for english in (" the ", " times ", " give ", " and the "):
                assert english not in f" {comment} ", (path.name, line)


def test_a_copy_of_a_dated_agenda_says_the_date_is_the_sources_and_how_to_change_it(run_cli) -> None:
    """temadag is dated 2 April 2025, the day of seed 000's HU temadag. The copy keeps it (a copy is the source,
    faithful: test_new_from_a_bundled_agenda_round_trips), but the facilitator copies it for a day of their own
    and was not told the date was the source's: run then warned that the agenda is for another day."""
    result = run_cli("agenda", "new", "dag.toml", "--from", "temadag")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Skrev dag.toml. Ret den i en teksteditor, og tjek den med: aktorskab agenda check dag.toml\n"
        "Bemærk: datoen er kildens, 2. april 2025 (date = 2025-04-02 i dag.toml, linje 14). Ret den til dit "
        "mødes dag; ellers siger aktorskab run, at dagsordenen er til en anden dag.\n")
    assert "date = 2025-04-02" in Path("dag.toml").read_text(encoding="utf-8").splitlines()
    undated = run_cli("agenda", "new", "omu.toml", "--from", "dialogmoede")  # no date: the line to uncomment says it
    assert undated.stdout == ("Skrev omu.toml. Ret den i en teksteditor, og tjek den med: aktorskab agenda check "
                              "omu.toml\n")
