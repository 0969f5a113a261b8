"""When the operating system stops a write (a file-size limit, `ulimit -f`), the user is told in Danish, and a
read that SQLite had to end itself reports the real cause, never »cannot commit - no transaction is active«."""

from __future__ import annotations

import errno
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.errors import os_reason
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer


def _meeting(db: Path, answers: int = 1) -> None:
    store = open_store(db)
    store.create_session(*load_agenda("temadag"), status="imported", answers=[
        Answer(item_id="dialog-cases", group=f"Gruppe {n % 5 + 1}", text=f"Svar nummer {n} " + "x" * 400)
        for n in range(answers)])
    store.close()


def _limited(kib: int, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (kib * 1024, kib * 1024))
    # -B: under the limit Python would leave truncated bytecode files behind, breaking every later import
    return subprocess.run([sys.executable, "-B", "-m", "aktorskab_cli", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, preexec_fn=limit)


@pytest.mark.slow
def test_an_export_stopped_by_a_file_size_limit_says_so_in_danish(tmp_path: Path) -> None:
    _meeting(tmp_path / "m.db", answers=400)
    result = _limited(16, "--db", str(tmp_path / "m.db"), "export", "1", "-o", "o.docx", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "o.docx kunne ikke skrives: filen bliver større, end systemet tillader\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("m.db")) == []


def test_an_unknown_system_error_is_named_by_its_code_not_in_english() -> None:
    assert os_reason(OSError(errno.EFBIG, "File too large")) == "filen bliver større, end systemet tillader"
    assert os_reason(OSError(errno.ECHILD, "No child processes")) == "systemets fejlkode ECHILD"


def test_a_snapshot_that_sqlite_ended_itself_raises_the_real_error(tmp_path: Path) -> None:
    _meeting(tmp_path / "m.db")
    store = open_store(tmp_path / "m.db")
    with pytest.raises(OSError, match="the real cause"):
        with store.snapshot():
            store.conn.execute("ROLLBACK")  # what SQLite does by itself on an I/O error inside a read
            raise OSError("the real cause")
    assert not store.conn.in_transaction
    store.close()
