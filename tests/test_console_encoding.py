"""Every command survives a console that cannot show every character (cp1252 on Windows, `> fil.txt`).

A real process each time: the encoding of stdout/stderr is fixed when Python starts (PYTHONIOENCODING).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]

ANSWERS = '''\
[[answer]]
item = "dialog-cases"
group = "Gruppe 🙂"
text = "Ærlig snak på tværs 🎉 »citat«"
category = "mening"
'''


def _cli(tmp_path: Path, *args: str, encoding: str = "cp1252") -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "AKTORSKAB_DB": str(tmp_path / "test.db"), "COLUMNS": "120"}
    proc = subprocess.run([sys.executable, "-m", "aktorskab_cli", *args], capture_output=True, cwd=tmp_path,
                          env=env, timeout=120)
    # click (inside Typer) treats an ASCII console as misconfigured and writes UTF-8 to it: decode leniently
    out, err = proc.stdout.decode(encoding, "replace"), proc.stderr.decode(encoding, "replace")
    assert "Traceback" not in out + err, err
    return proc.returncode, out, err


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    (tmp_path / "svar.toml").write_text(ANSWERS, encoding="utf-8")
    code, out, err = _cli(tmp_path, "import", "temadag", "svar.toml")
    assert (code, out) == (0, "1\n")
    assert err.startswith("Importerede 1 svar til møde 1 (Temadag om professionelt aktørskab).")
    assert err.endswith("Se dem med: aktorskab show 1\n")
    return tmp_path


def test_show_replaces_what_cp1252_lacks_and_keeps_the_rest(imported: Path) -> None:
    code, out, _ = _cli(imported, "show", "1")
    assert code == 0
    assert "Ærlig snak på tværs ? »citat«" in out
    assert "Gruppe ?" in out


def test_sessions_and_its_json(imported: Path) -> None:
    code, out, _ = _cli(imported, "sessions")
    assert code == 0 and "Temadag om professionelt aktørskab" in out
    code, out, _ = _cli(imported, "sessions", "--json")
    assert code == 0 and '"title": "Temadag om professionelt aktørskab"' in out


def test_export_and_print_messages_name_a_file_with_an_emoji(imported: Path) -> None:
    code, out, _ = _cli(imported, "export", "1", "-o", "opsamling 🙂.docx")
    assert (code, out) == (0, "Opsamlingen er skrevet til opsamling ?.docx (1 svar).\n")
    assert (imported / "opsamling 🙂.docx").stat().st_size > 5000
    code, out, _ = _cli(imported, "agenda", "print", "lmu", "-o", "program 🙂.docx")
    assert (code, out) == (0, "Programmet er skrevet til program ?.docx.\n")


def test_errors_note_collect_run_and_help(imported: Path) -> None:
    code, _, err = _cli(imported, "export", "1", "-o", "🙂/x.docx")
    assert code == 2 and err.startswith("Mappen ? findes ikke")
    assert _cli(imported, "note", "1", "--text", "Godt møde 🙂")[0] == 0
    code, out, _ = _cli(imported, "collect", "1", "--from", "svar.toml")
    assert code == 0 and "1 fandtes allerede" in out
    code, out, _ = _cli(imported, "run", "lmu", "--auto", "--speed", "10000000")
    assert code == 0 and "Dagen er slut" in out
    for args in (["--help"], ["agenda", "show", "temadag"]):
        assert _cli(imported, *args, encoding="ascii")[0] == 0, args
    code, out, _ = _cli(imported, "show", "1", encoding="ascii")
    assert code == 0 and "?rlig snak p? tv?rs ? ?citat?" in out
