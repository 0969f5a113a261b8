"""A database on a read-only medium (a write-protected USB stick, a read-only share) or on a full disk can
still be read: `sessions`, `show`, `export` and `summary draft` open it read-only; a command that must write
says so in Danish (exit 2) and the file is left exactly as it was.

The medium is real: the commands run in a user and mount namespace (`unshare -rm`) where the folder is
bind-mounted read-only, or where a 1 MB tmpfs is filled to the last byte."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import missing

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer


def _can_unshare() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


pytestmark = pytest.mark.slow  # every command a real process in its own namespaces


@pytest.fixture(autouse=True)
def _namespaces() -> None:
    """A real read-only mount and a real full disk need `unshare -rm`: under CI its absence fails the test."""
    if not _can_unshare():
        missing("unshare -rm (user and mount namespaces)", "util-linux")

COMMANDS = {
    "sessions": "Temadag om professionelt",
    "show 1": "Klart mandat til teamet",
    "export 1 -o {out}/opsamling.docx": "Opsamlingen er skrevet til",
    "export 1 -o {out}/opsamling.md": "Opsamlingen er skrevet til",
    "summary draft 1 -o {out}/udkast.toml": "et nyt udkast med 1 punkt",
}


def _meeting(db: Path) -> None:
    store = open_store(db)
    store.create_session(*load_agenda("temadag"), status="imported",
                         answers=[Answer(item_id="dialog-cases", group="Gruppe 1", text="Klart mandat til teamet")])
    store.close()


def _in_namespace(setup: str, db: Path, command: str, out: Path) -> subprocess.CompletedProcess[str]:
    cli = f"{shlex.quote(sys.executable)} -m aktorskab_cli --db {shlex.quote(str(db))} {command.format(out=out)}"
    return subprocess.run(["unshare", "-rm", "sh", "-c", f"{setup} && {cli}"], capture_output=True, text=True,
                          timeout=120, cwd=out)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_on_a_read_only_medium_can_be_read(tmp_path: Path, command: str) -> None:
    medium, out = tmp_path / "usb", tmp_path / "ud"
    medium.mkdir()
    out.mkdir()
    _meeting(medium / "møder.db")
    before = (medium / "møder.db").read_bytes()
    mount = f"mount --bind -o ro {shlex.quote(str(medium))} {shlex.quote(str(medium))}"
    result = _in_namespace(mount, medium / "møder.db", command, out)
    assert (result.returncode, result.stderr) == (0, "")
    assert COMMANDS[command] in result.stdout
    assert (medium / "møder.db").read_bytes() == before
    assert sorted(p.name for p in medium.iterdir()) == ["møder.db"]


def test_a_command_that_must_write_to_a_read_only_medium_says_so_and_changes_nothing(tmp_path: Path) -> None:
    medium, out = tmp_path / "usb", tmp_path / "ud"
    medium.mkdir()
    out.mkdir()
    db = medium / "møder.db"
    _meeting(db)
    before = db.read_bytes()
    (out / "n.txt").write_text("Vi fortsætter i LMU", encoding="utf-8")
    mount = f"mount --bind -o ro {shlex.quote(str(medium))} {shlex.quote(str(medium))}"
    result = _in_namespace(mount, db, "note 1 --file n.txt", out)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"Databasen {db} kan ikke åbnes til skrivning (skrivebeskyttet eller utilgængelig); "
                             "vælg en anden placering med --db\n")
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["sessions", "show 1", "export 1 -o {out}/opsamling.docx"])
def test_a_database_on_a_full_disk_can_be_read(tmp_path: Path, command: str) -> None:
    disk, out = tmp_path / "fuld", tmp_path / "ud"
    disk.mkdir()
    out.mkdir()
    _meeting(tmp_path / "møder.db")
    q = shlex.quote
    fill = (f"mount -t tmpfs -o size=1m tmpfs {q(str(disk))} && cp {q(str(tmp_path / 'møder.db'))} {q(str(disk))} "
            f"&& {{ dd if=/dev/zero of={q(str(disk / 'fyld'))} bs=4k 2>/dev/null; true; }} "
            f"&& [ \"$(df --output=avail {q(str(disk))} | tail -1)\" -eq 0 ]")
    result = _in_namespace(fill, disk / "møder.db", command, out)
    assert (result.returncode, result.stderr) == (0, "")
    assert COMMANDS[command] in result.stdout


def test_a_database_with_unsaved_wal_pages_is_never_read_as_if_they_were_not_there(tmp_path: Path) -> None:
    """Read-only, SQLite may need the WAL's shared memory; `immutable` would skip the WAL and so silently miss
    the last answers. With answers still in the WAL, the read-only open uses the WAL or refuses."""
    medium, out = tmp_path / "usb", tmp_path / "ud"
    medium.mkdir()
    out.mkdir()
    db = medium / "møder.db"
    _meeting(db)
    script = ("import sqlite3, os, sys\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
              "c.execute(\"UPDATE answers SET text = 'Rettet i WAL'\")\n"
              "os._exit(0)\n")  # killed: the change stays in the WAL, never checkpointed
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    (medium / "møder.db-shm").unlink()
    assert (medium / "møder.db-wal").stat().st_size > 0
    mount = f"mount --bind -o ro {shlex.quote(str(medium))} {shlex.quote(str(medium))}"
    result = _in_namespace(mount, db, "show 1", out)
    assert "Klart mandat til teamet" not in result.stdout
    if result.returncode == 0:
        assert "Rettet i WAL" in result.stdout
    else:
        assert result.returncode == 2
        assert "kan ikke åbnes til skrivning" in result.stderr
    shutil.rmtree(out)
