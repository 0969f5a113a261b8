"""Where `export` and `combine` write: a missing or unwritable folder, a file's mode, a suffix, a file that is
there already or appears while writing, and the temporary files a killed export leaves."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from export_data import ANSWERS, stored_meeting

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer


def test_missing_folder_is_refused_with_exit_2(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    result = run_cli("export", "latest", "-o", "findes-ikke/opsamling.docx")
    assert result.exit_code == 2
    assert "Mappen findes-ikke findes ikke" in result.stderr
    assert "Traceback" not in result.output


@contextlib.contextmanager
def _as_nobody() -> Iterator[None]:
    """As root, permissions are not checked: act as the unprivileged user `nobody` (65534) for the block.
    Not root: already unprivileged."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.skipif(os.name != "posix", reason="POSIX-rettigheder")
def test_unwritable_folder_is_refused_also_when_run_as_root(run_cli, tmp_path: Path) -> None:
    """Runs in CI, which runs as root: the export itself runs as `nobody` there (euid dropped in process)."""
    shared = Path(tempfile.mkdtemp(prefix="aktorskab-laast-"))  # the pytest folders are root's alone
    try:
        shared.chmod(0o777)
        db = shared / "møder.db"
        store = open_store(db)
        store.create_session(*load_agenda("temadag"), status="imported",
                             answers=[Answer(item_id="dialog-cases", group="Gruppe 1", text="Svar")])
        store.close()
        db.chmod(0o666)
        assert run_cli("--db", db, "export", "latest", "-o", shared / "varm.docx").exit_code == 0  # imports done
        locked = shared / "laast"
        locked.mkdir()
        locked.chmod(0o555)
        with _as_nobody():
            result = run_cli("--db", db, "export", "latest", "-o", str(locked / "o.docx"))
        assert result.stderr == (f"Der kan ikke skrives i mappen {locked} (ingen adgang); "
                                 "vælg en anden placering med -o\n")
        assert result.exit_code == 2
        assert list(locked.iterdir()) == []
    finally:
        shutil.rmtree(shared)


def test_a_target_whose_folder_is_a_file_is_refused(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    (tmp_path / "noter.txt").write_text("ikke en mappe", encoding="utf-8")
    result = run_cli("export", "latest", "-o", "noter.txt/opsamling.docx")
    assert result.exit_code == 2
    assert result.stderr == "noter.txt er en fil, ikke en mappe; vælg en anden placering med -o\n"
    assert (tmp_path / "noter.txt").read_text(encoding="utf-8") == "ikke en mappe"


@pytest.mark.skipif(os.name != "posix", reason="POSIX-rettigheder")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
@pytest.mark.parametrize("args", [["export", "latest", "-o", "o.docx"], ["export", "latest", "-o", "o.md"],
                                  ["agenda", "print", "lmu", "-o", "o.docx"]])
def test_written_files_get_the_mode_of_any_new_file(run_cli, tmp_path: Path, umask: int, mode: int,
                                                    args: list[str]) -> None:
    """Not mkstemp's 0600: a document saved to a shared folder must open for colleagues."""
    stored_meeting()
    old = os.umask(umask)
    try:
        assert run_cli(*args).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / args[-1]).stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_refuses_to_overwrite_an_existing_file(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    assert run_cli("export", "latest").exit_code == 0
    target = tmp_path / "opsamling-temadag-2025-04-02.docx"
    target.write_bytes(b"rettet i Word")
    result = run_cli("export", "latest")
    assert result.exit_code == 2
    assert result.stderr == ("opsamling-temadag-2025-04-02.docx findes allerede; "
                             "brug --force for at overskrive eller -o for et andet navn\n")
    assert target.read_bytes() == b"rettet i Word"
    assert not list(tmp_path.glob(".opsamling-*"))
    result = run_cli("export", "latest", "--force")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(target)).tables


def test_combine_refuses_to_overwrite_an_existing_file(run_cli, tmp_path: Path) -> None:
    first, second = stored_meeting(ANSWERS[:2]), stored_meeting(ANSWERS[2:3])
    (tmp_path / "samlet.md").write_text("mine rettelser", encoding="utf-8")
    result = run_cli("combine", str(first), str(second), "-o", "samlet.md")
    assert result.exit_code == 2
    assert "samlet.md findes allerede; brug --force for at overskrive eller -o for et andet navn" in result.stderr
    assert (tmp_path / "samlet.md").read_text(encoding="utf-8") == "mine rettelser"
    assert run_cli("combine", str(first), str(second), "-o", "samlet.md", "--force").exit_code == 0
    assert "mine rettelser" not in (tmp_path / "samlet.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["opsamling.pdf", "opsamling.doc", "opsamling.txt"])
def test_an_unknown_suffix_is_refused_with_the_formats_that_can_be_written(run_cli, tmp_path: Path, name) -> None:
    stored_meeting()
    result = run_cli("export", "latest", "-o", name)
    assert result.exit_code == 2
    assert result.stderr == (f"{name}: der kan kun skrives docx, pptx, md eller json her; "
                             "giv filen endelsen .docx, .pptx, .md eller .json\n")
    assert not (tmp_path / name).exists()
    assert not list(tmp_path.glob(".opsamling-*"))


def test_a_suffix_that_contradicts_format_is_refused(run_cli, tmp_path: Path) -> None:
    stored_meeting()
    result = run_cli("export", "latest", "-o", "opsamling.md", "--format", "docx")
    assert result.exit_code == 2
    assert "opsamling.md passer ikke til --format docx" in result.stderr
    assert not (tmp_path / "opsamling.md").exists()


def test_a_file_that_appears_while_writing_is_kept(tmp_path: Path) -> None:
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.writers.files import save

    target = tmp_path / "opsamling.md"

    def write(temp: Path) -> None:
        temp.write_text("ny", encoding="utf-8")
        target.write_text("gemt fra Word imens", encoding="utf-8")

    with pytest.raises(BadInput, match="opsamling.md findes allerede"):
        save(target, "md", write)
    assert target.read_text(encoding="utf-8") == "gemt fra Word imens"
    assert [p.name for p in tmp_path.iterdir()] == ["opsamling.md"]


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_the_next_export_removes_the_temporary_files_a_killed_export_left_but_not_one_being_written(
        run_cli, tmp_path: Path) -> None:
    import subprocess
    import sys

    stored_meeting()
    out = tmp_path / "ud"
    out.mkdir()
    stale = [out / ".opsamling-k1ll3d.docx.tmp", out / ".aktorskab-x9.md.tmp"]
    for path in stale:
        path.write_bytes(b"PK half a document")
    busy = out / ".opsamling-busy.pptx.tmp"
    busy.write_bytes(b"being written")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\n"
        f"f = open({str(busy)!r}, 'rb'); fcntl.flock(f, fcntl.LOCK_EX)\n"
        "print('held', flush=True); time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        mine = out / "noter.tmp"  # not ours: left alone
        mine.write_text("mit", encoding="utf-8")
        result = run_cli("export", "latest", "-o", str(out / "o.docx"))
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == [".opsamling-busy.pptx.tmp", "noter.tmp", "o.docx"]
    finally:
        holder.kill()
        holder.wait()
