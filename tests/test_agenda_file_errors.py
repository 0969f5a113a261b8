"""An agenda file that cannot be read as one: empty, binary, the wrong encoding, a TOML syntax error, not there,
a folder, too large; each told in Danish with the file and what to do, with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_empty_file(check) -> None:
    assert "fil.toml: filen er tom; begynd fx med: aktorskab agenda new fil.toml" in check("")


def test_file_of_only_blanks_counts_as_empty(check) -> None:
    assert "fil.toml: filen er tom" in check("\n  \n\t\n")


def test_binary_file(check) -> None:
    assert "fil.toml: filen er binær, ikke tekst; angiv en .toml-fil" in check(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_a_file_notepad_saved_with_txt_after_it_is_named(run_cli) -> None:
    """A user trial on Windows: Notepad saved »mit-moede.toml« as »mit-moede.toml.txt« (the ending hidden)."""
    assert run_cli("agenda", "new", "mit-moede.toml", "--from", "lmu").exit_code == 0
    Path("mit-moede.toml").rename("mit-moede.toml.txt")
    checked = run_cli("agenda", "check", "mit-moede.toml")
    assert (checked.exit_code, checked.stderr.splitlines()[0]) == (
        2, "Dagsordenen »mit-moede.toml« findes ikke: hverken som fil eller som indbygget dagsorden. Der ligger en "
           "mit-moede.toml.txt – Notesblok har nok sat .txt på; omdøb den til mit-moede.toml.")
    other = run_cli("agenda", "check", "andet-moede.toml")  # no twin, and no near name: the sentence just ends
    assert other.stderr.splitlines()[0] == ("Dagsordenen »andet-moede.toml« findes ikke: hverken som fil eller som "
                                            "indbygget dagsorden.")
    Path("svar.toml.txt").write_text('[[answer]]\nitem = "x"\ngroup = "G"\ntext = "t"\n', encoding="utf-8")
    imported = run_cli("import", "lmu", "svar.toml")
    assert (imported.exit_code, imported.stderr) == (
        2, "svar.toml findes ikke. Der ligger en svar.toml.txt – Notesblok har nok sat .txt på; omdøb den til "
           "svar.toml\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_file_saved_as_utf16_says_to_save_it_as_utf8(check, encoding: str) -> None:
    """A user trial: Windows' Notepad saves »Unicode« as UTF-16; the file was called binary."""
    text = ('title = "Dialogmøde"\n[[item]]\ntitle = "a"\nminutes = 5\n').encode(encoding)
    if encoding == "utf-16-be":
        text = b"\xfe\xff" + text
    assert check(text) == ("fil.toml kan ikke indlæses:\n  • fil.toml: filen er gemt som UTF-16 (»Unicode« i Notesblok); "
                           "gem den som UTF-8 (i Notesblok: Gem som › Kodning: UTF-8)\n")


def test_latin1_bytes_name_the_line_and_ask_for_utf8(check) -> None:
    err = check('title = "Temadag"\nlead = "S\xf8ren"\n'.encode("latin-1"))
    assert "fil.toml, linje 2: teksten er ikke UTF-8" in err
    assert "gem filen som UTF-8" in err


def test_toml_syntax_error_gives_line_and_column(check) -> None:
    err = check('title = "Temadag"\nstart = "8.00"\nlead = Jonas\n')
    assert "fil.toml, linje 3, kolonne 8: TOML-syntaksfejl: værdien er ugyldig; tekst skal stå i anførselstegn" in err


def test_unclosed_string_is_a_syntax_error_with_place(check) -> None:
    err = check('title = "Temadag\nstart = "8.00"\n')
    assert "fil.toml, linje 1, kolonne" in err and "TOML-syntaksfejl" in err


def test_file_not_found_lists_the_known_agendas(run_cli) -> None:
    result = run_cli("agenda", "check", "findes-ikke.toml")
    assert result.exit_code == 2
    assert 'Dagsordenen »findes-ikke.toml« findes ikke' in result.stderr
    assert "Indbyggede dagsordener: dialogmoede, lmu, temadag." in result.stderr
    assert "Traceback" not in result.output


def test_show_of_an_unknown_name_lists_the_known_agendas(run_cli) -> None:
    result = run_cli("agenda", "show", "temadagen")
    assert result.exit_code == 2
    assert "temadag" in result.stderr and "aktorskab agenda list" in result.stderr


def test_a_near_miss_of_an_agenda_name_says_which_one_was_meant(run_cli) -> None:
    """A user trial: »dialogmode« for »dialogmoede« listed the names but did not say which one."""
    result = run_cli("agenda", "show", "dialogmode")
    assert (result.exit_code, result.stderr) == (2, (
        "Dagsordenen »dialogmode« findes ikke: hverken som fil eller som indbygget dagsorden; mente du »dialogmoede«?\n"
        "Indbyggede dagsordener: dialogmoede, lmu, temadag.\nSe dem alle med: aktorskab agenda list\n"))
    assert run_cli("agenda", "new", "omu-bf.toml", "--from", "dialogmoede").exit_code == 0
    own = run_cli("run", "omu-b.toml", "--auto")  # the user's own file, typed with a letter missing
    assert own.stderr.splitlines()[0].endswith("mente du »omu-bf«?")
    assert "mente du" not in run_cli("agenda", "check", "helt-andet.toml").stderr


def test_folder_given_as_agenda(run_cli) -> None:
    Path("mappe").mkdir()
    result = run_cli("agenda", "check", "mappe")
    assert result.exit_code == 2
    assert "mappe er en mappe, ikke en dagsorden; angiv en .toml-fil i den" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("text", "expected"), [
    ("title = 'Dialogmøde\nstart = '9.00'\n",
     "en tekst i enkelte anførselstegn ('…') er ikke afsluttet; afslut den med ' på samme linje"),
    ("title = '''Dialogmøde\n", "en tekst i ''' … ''' er ikke afsluttet; afslut den med '''"),
    ('title = "x" # kommentar \x01\n', "der står et kontroltegn, der ikke må stå her; slet det"),
    ('title = "x"\n[[item]]\ntitle = "a"\nminutes = 5\nx = {a = 1, a = 2}\n', "nøglen står to gange i { … }; slet den ene"),
    ('title = "\\uD800"\n', "tegnkoden (\\u…) er ikke et tegn; skriv tegnet selv"),
])
def test_every_toml_syntax_error_is_told_in_danish(check, text: str, expected: str) -> None:
    """A user trial: a few of the TOML reader's messages reached the user in English (»Expected "'"«). Where
    it stands differs between Python versions (the line, or »sidst i filen«); what it says does not."""
    said = check(text)
    assert said.startswith("fil.toml kan ikke indlæses:\n  • fil.toml, ")
    assert said.endswith(f": TOML-syntaksfejl: {expected}\n"), said


def test_a_windows_path_in_a_title_names_the_backslash_in_danish(check) -> None:
    err = check('title = "C:\\mapper"\nstart = "9.00"\n[[item]]\ntitle = "a"\nminutes = 5\n')
    assert err == ("fil.toml kan ikke indlæses:\n  • fil.toml, linje 1, kolonne 14: TOML-syntaksfejl: "
                   "en omvendt skråstreg (\\) i teksten skal skrives \\\\ – eller skriv stien med /, fx "
                   '"C:/Users/anne/logo.png"\n')


@pytest.mark.parametrize(("args", "name"), [(("agenda", "check"), "stor.toml"), (("import", "temadag"), "stor.toml"),
                                            (("import", "temadag"), "/dev/zero")])
def test_a_file_too_large_to_be_ours_is_refused_without_reading_it_all(run_cli, args: tuple[str, ...],
                                                                       name: str) -> None:
    if name == "stor.toml":
        with open(name, "wb") as big:
            big.write(b'title = "' + b"x" * (10 * 1024 * 1024) + b'"\n')
    result = run_cli(*args, name)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"{name} er for stor: over 10 MB; en fil til aktorskab fylder højst 10 MB – er det den "
                             "rigtige fil?\n")
    assert not Path("test.db").exists()
