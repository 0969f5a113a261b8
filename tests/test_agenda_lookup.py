"""Which file a name means: your own NAME.toml in this folder wins over the bundled agenda of that name."""

from __future__ import annotations

from pathlib import Path


def test_your_own_copy_wins_over_the_bundled_agenda_of_the_same_name(run_cli, tmp_path: Path) -> None:
    made = run_cli("agenda", "new", "lmu.toml", "--from", "temadag")
    assert made.exit_code == 0
    assert made.stdout.splitlines()[-1] == ('Bemærk: i denne mappe betyder »lmu« nu din lmu.toml, ikke den '
                                            'indbyggede dagsorden (fx i aktorskab run lmu).')
    assert run_cli("agenda", "check", "lmu").stdout == "✓ lmu: 11 punkter, 8.00–15.00\n"
    listing = run_cli("agenda", "list").stdout
    assert "indbygget – lmu.toml i mappen bruges i stedet" in listing
    assert str(tmp_path / "lmu.toml") in listing


def test_from_names_the_bundled_agenda_even_when_a_local_copy_exists(run_cli, tmp_path: Path) -> None:
    run_cli("agenda", "new", "lmu.toml", "--from", "temadag")
    again = run_cli("agenda", "new", "lmu.toml", "--from", "lmu", "--force")
    assert again.exit_code == 0
    assert run_cli("agenda", "check", "lmu").stdout == (
        "✓ lmu: 7 punkter, 13.00–14.40\n"
        "  Bemærk: punkt 2 »Opfølgning på handleplanen« er en opfølgning uden program; skriv plan = \"PROGRAM\" ved "
        "punktet eller plan = \"PROGRAM:POST\" øverst i dagsordenen, eller kør mødet med --plan PROGRAM:POST.\n")


def test_a_name_with_no_file_falls_back_to_the_bundled_agenda(run_cli) -> None:
    assert run_cli("agenda", "check", "temadag").stdout == "✓ temadag: 11 punkter, 8.00–15.00\n"


def test_list_shows_an_own_agenda_that_has_a_toml_typo_as_an_error_with_the_check_of_that_file(run_cli,
                                                                                                tmp_path: Path) -> None:
    run_cli("agenda", "new", "mit-moede.toml", "--from", "lmu")
    path = tmp_path / "mit-moede.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('title = "Hvad er aktørskab for os?"',
                                                             'title = "Hvad er aktørskab for os?'), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n", encoding="utf-8")  # no agenda: not listed
    listing = run_cli("agenda", "list")
    assert listing.exit_code == 0
    rows = [line.split() for line in listing.stdout.splitlines()]
    assert ["mit-moede", "(fejl", "–", "kør", "aktorskab", "agenda", "check", "mit-moede.toml)", str(path)] in rows
    assert "pyproject" not in listing.stdout


def test_the_check_an_agenda_with_an_error_is_listed_with_names_it_as_the_user_pastes_it(run_cli, tmp_path: Path,
                                                                                       monkeypatch) -> None:  # noqa: ANN001
    """`agenda list` lists the agendas in the current folder; the check it offers names the file (»agenda check«
    alone checked nothing: it wants a file), quoted where a shell needs it, with the --db the list was run with."""
    Path("mit møde.toml").write_text('title = "Mit møde\n[[item]]\n', encoding="utf-8")
    listing = run_cli("--db", "egen.db", "agenda", "list")
    assert listing.exit_code == 0
    assert "(fejl – kør aktorskab --db egen.db agenda check 'mit møde.toml')" in listing.stdout
