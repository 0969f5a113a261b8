"""Typer's own words reach the user in Danish: usage errors (exit 2) and the help screen."""

from __future__ import annotations

import re

import pytest



@pytest.mark.parametrize(("args", "expected"), [
    (["agenda", "show"], "Fejl: Mangler argumentet NAVN|FIL."),
    (["agend"], "Fejl: Ukendt kommando: agend. Mente du »agenda«?"),
    (["agenda", "show", "temadag", "--hurtigt"], "Fejl: Ukendt tilvalg: --hurtigt."),
    (["sessions", "ekstra"], "Fejl: For mange argumenter: ekstra."),
    (["export"], "Fejl: Mangler argumentet MØDE."),
    (["plan", "ics", "aktorskab-2025-2026"], "Fejl: Mangler tilvalget -o/--output."),
    (["agenda", "check"], "Fejl: Mangler argumentet FIL…"),
    (["run", "temadag", "--grups", "3"], "Fejl: Ukendt tilvalg: --grups. Mente du --groups?"),
    (["run", "temadag", "--speed", "hurtigt"], "Fejl: Ugyldig værdi for --speed: skal være et tal, fx 60."),
    (["run", "temadag", "--groups", "fire"], "Fejl: Ugyldig værdi for --groups: skal være et helt tal, fx 4."),
    (["serve", "--port", "otte"], "Fejl: Ugyldig værdi for --port: skal være et helt tal, fx 8000."),
    (["run", "temadag", "--web", "--port", "80a"], "Fejl: Ugyldig værdi for --port: skal være et helt tal, fx 8000."),
])
def test_usage_errors_are_danish_with_exit_2(run_cli, args: list[str], expected: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == expected
    assert result.stderr.splitlines()[1].startswith("Se: aktorskab")
    assert "Traceback" not in result.output


def test_an_option_without_its_value_points_to_the_commands_own_help(run_cli) -> None:
    """A user trial: »plan ics … -o« (the file forgotten) pointed to »aktorskab --help«, not to the command's."""
    result = run_cli("plan", "ics", "aktorskab-2025-2026", "-o")
    assert (result.exit_code, result.stderr) == (
        2, "Fejl: Tilvalget -o skal have en værdi.\nSe: aktorskab plan ics --help\n")
    result = run_cli("--db")  # aktorskab's own option
    assert (result.exit_code, result.stderr) == (2, "Fejl: Tilvalget --db skal have en værdi.\nSe: aktorskab --help\n")


def test_db_after_the_command_says_where_it_goes(run_cli) -> None:
    """--db is an option of aktorskab itself; typed after the command (as a user does) it says where it goes."""
    for args in (["plan", "show", "aktorskab-2025-2026", "--db", "a.db"], ["sessions", "--db=a.db"]):
        result = run_cli(*args)
        assert result.exit_code == 2
        command = " ".join(args[:2]) if args[0] == "plan" else args[0]
        assert result.stderr.splitlines()[0] == (
            f"Fejl: --db står lige efter aktorskab, foran kommandoen: aktorskab --db FIL {command} …")


# Every English message the fence translates, word for word as this Typer writes it: tests/test_typer_fence.py


def test_help_is_danish(run_cli) -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for word in ("Brug: aktorskab", "Tilvalg", "Kommandoer", "Vis denne hjælp og afslut.", "miljøvariabel: AKTORSKAB_DB"):
        assert word in result.stdout
    assert "Brug: aktorskab [TILVALG] KOMMANDO [ARGUMENTER]…" in result.stdout
    for word in ("Usage:", "Show this message", "Options", "[OPTIONS]", "COMMAND"):
        assert word not in result.stdout


@pytest.mark.parametrize(("command", "usage"), [
    (["agenda", "check"], "Brug: aktorskab agenda check [TILVALG] {FIL…}"),
    (["combine"], "Brug: aktorskab combine [TILVALG] [MØDE…]"),
    (["plan"], "Brug: aktorskab plan [TILVALG] KOMMANDO [ARGUMENTER]…"),
])
def test_the_usage_line_ends_a_repeated_argument_with_one_ellipsis(run_cli, command: list[str], usage: str) -> None:
    """A user trial: »{FIL…}...« said it twice, the second time in three full stops."""
    lines = [line.strip() for line in run_cli(*command, "--help").stdout.splitlines()]
    assert usage in lines


def test_version_says_the_installed_version_and_exits_0(run_cli) -> None:
    """A user trial: IT and a facilitator reporting a problem ask »which version?«; --version was unknown."""
    from importlib.metadata import version

    result = run_cli("--version")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"aktorskab {version('aktorskab')}\n", "")


@pytest.mark.parametrize(("command", "said", "not_said"), [
    (["agenda", "print"], "Kommunens logo (PNG eller JPEG) på forsiden og hver side; standard: logo i dagsordenen.",
     "dias"),  # the printed material has no slides
    (["agenda", "new"], "--from NAVN|FIL Begynd fra en indbygget dagsorden (fx temadag) eller en fil.", "TEKST"),
    (["serve"], "--card Skriv et A5-kort med QR-kode til bordene (som deltag.docx, eller -o FIL) og stop.", "(med -o)"),
    (["agenda", "check"], "Tjek dagsordener: slutkode 0, når de er gyldige, ellers slutkode 2 og alle fejl med sted.",
     "exit"),
    (["plan", "check"], "Tjek programfiler: slutkode 0, når de er gyldige, ellers slutkode 2 og alle fejl med sted.",
     "exit"),
    (["archive", "push"], "--archive URL Arkivet", "TEKST"),
    (["combine"], "--archive URL Med --from-archive", "--archive TEKST"),
])
def test_help_says_what_the_command_does(run_cli, monkeypatch, command: list[str], said: str, not_said: str) -> None:
    """A user trial: help texts that misled (slides in a Word handout, -o that is not needed, »TEKST« for a name
    or an address, »exit« beside the README's »slutkode«)."""
    monkeypatch.setenv("COLUMNS", "300")  # one line per option, to compare words, not wrapping
    shown = " ".join(" ".join(line.strip("│ ").split()) for line in run_cli(*command, "--help").stdout.splitlines())
    assert said in shown
    assert not_said not in shown


def test_import_help_shows_the_answer_table_literally(run_cli) -> None:
    result = run_cli("import", "--help")
    assert "En TOML-fil med [[answer]]-tabeller." in result.stdout


def test_aktorskab_alone_shows_the_help_with_run_export_and_agenda_first_and_exits_0(run_cli) -> None:
    result = run_cli()
    assert result.exit_code == 0
    listed = re.findall(r"^│ (\w+)\s{2,}", result.stdout, flags=re.M)
    assert listed[:3] == ["run", "export", "agenda"]
    assert set(listed) >= {"collect", "show", "sessions", "note", "import", "combine", "serve"}


@pytest.mark.parametrize("command", [[], ["run"], ["export"], ["combine"], ["collect"], ["note"], ["sessions"],
                                     ["show"], ["import"], ["serve"], ["agenda", "print"], ["agenda", "check"],
                                     ["agenda", "new"], ["agenda", "show"]])
def test_help_shows_danish_value_words_not_python_types(run_cli, command: list[str]) -> None:
    shown = run_cli(*command, "--help").stdout
    for english in ("<str>", "<bool>", "<int>", "<float>", "<path>", "list[", "programme|guide", "TEXT", "INTEGER"):
        assert english not in shown, (command, english)


def test_help_names_the_values_in_danish(run_cli) -> None:
    export = run_cli("export", "--help").stdout
    assert "FIL|MAPPE" in export and "docx|pptx|md|json" in export
    assert "TEKST" in run_cli("combine", "--help").stdout and "MØDE…" in run_cli("combine", "--help").stdout
    assert "FIL…" in run_cli("agenda", "check", "--help").stdout
    assert "ÅÅÅÅ-MM-DD" in run_cli("import", "--help").stdout


def test_serve_help_breaks_no_sentence_in_the_middle(run_cli) -> None:
    """Its paragraph was one sentence broken after »denne computer« on every width."""
    text = run_cli("serve", "--help").stdout
    assert "Siden kører kun på denne computer og det lokale netværk; intet sendes ud." in text
