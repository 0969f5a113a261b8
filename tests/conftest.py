"""Every test runs in its own empty folder with its own database; `run_cli` runs the real entry point."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]

# A machine that sets PYTHONDONTWRITEBYTECODE makes every pytest worker re-compile its assertion rewrites
# and every `aktorskab` the tests start re-compile the package: seconds per worker, tenths per process.
# The suite caches bytecode (in the ignored __pycache__ folders) for itself and for the processes it starts.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# Every test's folder (tmp_path) in RAM where Linux has /dev/shm: the store commits with fsync
# (synchronous=FULL), which on a shared disk costs milliseconds a commit and, over the suite's ~4,500 commits,
# seconds of waiting. Nothing a test checks depends on the disk: a process killed with -9 loses no committed
# write either way (the page cache outlives it). PYTEST_DEBUG_TEMPROOT set by hand wins; only passed tests'
# folders are removed at the end (pyproject: tmp_path_retention_policy).
if "PYTEST_DEBUG_TEMPROOT" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    os.environ["PYTEST_DEBUG_TEMPROOT"] = "/dev/shm"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def refused(result: Result) -> str:
    """The message of a command that refused bad input, once it kept the house rule: exit 2, nothing on
    stdout, no traceback."""
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert "Traceback" not in result.output
    return result.stderr


def _hypothesis_profiles() -> None:
    """Hypothesis' own number of examples in the normal suite (a test may ask for fewer); a long run by hand:
    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py tests/test_board_property.py -q"""
    from hypothesis import HealthCheck, settings

    quiet = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
    settings.register_profile("default", deadline=None, suppress_health_check=quiet)
    settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=quiet)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_hypothesis_profiles()


def in_ci() -> bool:
    """`.ci/run` exports CI=1 (so do most CI services): there every program a test needs must be installed."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str, package: str, install: str = "apt install {package}; .ci/run installs it") -> NoReturn:
    """A program (or module) a test needs is not installed: a failure under CI (`.ci/run` installs PACKAGE), a
    skip with the reason anywhere else. The one place that decides it: `require_program`, `require_impress`,
    `require_module` and the PostgreSQL fixture come here. Works at a module's top too."""
    reason = f"{what} is not installed ({install.format(package=package)})"
    if in_ci():
        pytest.fail(f"{reason}, and CI is set: a test that needs it may not skip here", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_program(*names: str, package: str) -> str:
    """The path of the first of NAMES on PATH (e.g. `require_program("soffice", "libreoffice", package=…)`),
    else `missing()`: the test fails under CI and skips elsewhere."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    missing(" / ".join(names), package)


def require_module(name: str):  # noqa: ANN201 - the module
    """The module NAME of the test extras (pexpect, httpx2, playwright, axe-playwright-python), else `missing()`:
    the test fails under CI, which installs `.[test]`, and skips elsewhere."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"the Python module {name}", name, "pip install -e '.[test]'")


def playwright_api():  # noqa: ANN201 - playwright.sync_api
    """Playwright's sync API (`require_module`), its `expect(...)` waiting up to 15 s instead of 5 s:
    a page pushed by a stream on a busy 2-core CI machine may take longer, and a wait on a condition costs
    that time only when the condition never comes."""
    api = require_module("playwright.sync_api")
    api.expect.set_options(timeout=15_000)
    return api


def require_impress() -> str:
    """LibreOffice with Impress (the slides): Writer alone converts no PPTX, and `soffice` exists without it."""
    soffice = require_program("soffice", "libreoffice", package="libreoffice-writer-nogui")
    program = Path(soffice).resolve().parent
    if not any(program.glob("*slideshowlo.*")):  # libslideshowlo.so (Linux), .dylib (macOS), slideshowlo.dll
        missing("LibreOffice Impress", "libreoffice-impress-nogui")
    return soffice


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AKTORSKAB_DB", str(tmp_path / "test.db"))
    monkeypatch.setenv("AKTORSKAB_CACHE", str(tmp_path / "cache"))  # resolved agendas (agenda/cache.py)
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping of tables in captured output
    monkeypatch.chdir(tmp_path)
    from aktorskab_cli.rules.commands import name_database

    name_database(None)  # a --db from an earlier in-process run_cli would be in the next test's hints
    from aktorskab_cli.cli.context import State

    monkeypatch.setattr(State, "db", None)  # nor its database (an earlier test's) in a test that opens one directly
    for name in ("AKTORSKAB_ARCHIVE", "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD",
                 "PGSERVICE", "PGCONNECT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))  # never the tester's own ~/.pgpass


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `aktorskab ARGS…` in-process through `main()`, which prints our errors and sets the exit code."""
    from aktorskab_cli.cli import main

    def run(*args: str) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["aktorskab", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def import_answers(run_cli, agenda: str, answers: str, *options: str) -> Result:  # noqa: ANN001 - the fixture
    """`aktorskab import AGENDA svar.toml OPTIONS…`, `answers` written as svar.toml in the test's folder first."""
    Path("svar.toml").write_text(answers, encoding="utf-8")
    return run_cli("import", agenda, "svar.toml", *options)


@pytest.fixture
def check(run_cli):
    """Write FILE, run `aktorskab agenda check FILE`, insist on exit 2 and no traceback; return stderr
    (test_agenda_errors, test_agenda_file_errors)."""

    def run(text: str | bytes, name: str = "fil.toml") -> str:
        path = Path(name)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return refused(run_cli("agenda", "check", name))

    return run


@pytest.fixture
def room():
    """A meeting's phone room served through Starlette's TestClient (test_web_phone, test_web_room)."""
    from starlette.testclient import TestClient
    from web_helpers import Room, make_room

    app, state, store, sid, stored = make_room()
    with TestClient(app, base_url="http://testserver") as client:
        yield Room(client, store, sid, stored.join_code, stored.secret)
    state.close()
    store.close()


# ---------------------------------------------------------------- screens: Textual's Pilot and a real pseudo-terminal


class FakeTime:
    """A wall clock the test moves by hand (`live.fake.t += 120`)."""

    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def live(tmp_path: Path):
    """A run of the temadag for two groups on a fake clock, stored in its own database (test_screen,
    test_answer_panel)."""
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.live.engine import Run
    from aktorskab_cli.live.runner import LiveRun, RunClock
    from aktorskab_cli.store.db import open_store

    agenda, text = load_agenda("temadag")
    store = open_store(tmp_path / "live.db")
    sid = store.create_session(agenda, text, groups=2)
    clock = FakeTime()
    result = LiveRun(Run(agenda), store, sid, RunClock(1, wall=clock), "temadag", groups=2)
    result.fake = clock  # type: ignore[attr-defined]
    yield result
    store.close()


def run_app(app, script, size: tuple[int, int] = (100, 32), guard: float = 300.0) -> None:  # noqa: ANN001
    """Run a Textual app headless and let `script(pilot)` press its keys. A script or an app's shutdown that
    does not end within `guard` seconds fails the test (a hang guard, not a speed goal): a suite never
    stops at a Pilot test; whatever failed in the script is its cause (`__context__`)."""
    import asyncio

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await script(pilot)

    try:
        asyncio.run(asyncio.wait_for(main(), guard))
    except TimeoutError:
        raise AssertionError(f"the app's script or shutdown did not end in {guard:g} s") from None


async def until(pilot, condition, seconds: float = 15.0) -> None:  # noqa: ANN001
    """Let the app (and the dialogue's thread) run until `condition()` holds. An app that has ended (a key's
    handler raised: Textual exits it with return code 1) fails at once, not after `seconds`; run_test then
    raises the handler's exception, this failure as its context."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        if pilot.app.return_code is not None:
            raise AssertionError(f"the app ended (return code {pilot.app.return_code}) before the screen got there")
        await pilot.pause(0.02)
    raise AssertionError("the screen never got there")


def benchmark(name: str):  # noqa: ANN201 - a module
    """The script benchmarks/NAME.py as a module, for a test that runs its experiment in a short form."""
    import importlib

    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    return importlib.import_module(name)


SMALL_AGENDA = ROOT / "tests" / "data" / "lille.toml"


def small_agenda(minutes: tuple[int, int, int, int] | None = None) -> str:
    """The small agenda's text (tests/data/lille.toml), its four items lasting `minutes` when given (round
    numbers for the engine's arithmetic)."""
    import tomllib

    import tomli_w

    text = SMALL_AGENDA.read_text(encoding="utf-8")
    if minutes is None:
        return text
    data = tomllib.loads(text)
    for item, length in zip(data["item"], minutes, strict=True):
        item["minutes"] = length
    return tomli_w.dumps(data)


@pytest.fixture
def small_agenda_file(tmp_path: Path) -> Path:
    """The small agenda as `lille.toml` in the test's folder: nine minutes, a run at speed 600 in a second."""
    return Path(shutil.copy(SMALL_AGENDA, tmp_path / "lille.toml"))


def database(tmp_path: Path):
    """The test's own database (conftest's AKTORSKAB_DB), opened with plain sqlite3 to look into it."""
    import sqlite3

    return sqlite3.connect(tmp_path / "test.db")


OLD_MEETING = {"agenda_name": "lmu", "agenda_toml": "toml", "agenda_json": "{}", "title": "Gammelt møde",
               "status": "finished", "started": "2025-04-02T08:00:00+02:00"}


def old_database(path: Path, version: int, **meeting: str):  # noqa: ANN201 - a sqlite3.Connection
    """The store's file as an aktorskab of schema `version` left it (only the first `version` migrations), with
    one meeting »Gammelt møde«: `meeting` gives its columns that differ, or that a later migration added
    (uuid="u-1"). The connection stays open (autocommit) for more rows; close it before `open_store(path)`."""
    import sqlite3

    from aktorskab_cli.store.migrations import MIGRATIONS, migrate

    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:version]) == version
    row = {**OLD_MEETING, **meeting}
    conn.execute(f"INSERT INTO sessions ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    return conn


@pytest.fixture
def served():
    """A meeting's room on real uvicorn on 127.0.0.1, in a thread of this process (test_web_guard,
    test_web_connections): participants connect from other loopback addresses (web_helpers.LanPhone)."""
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.web.server import start_room
    from web_helpers import Served, new_session

    store = open_store()
    sid = new_session(store, groups=6)
    server = start_room(store.path, sid, host="127.0.0.1", port=0)
    try:
        yield Served(server, store, sid)
    finally:
        server.stop()
        store.close()


# ---------------------------------------------------------------- a real PostgreSQL for the archive tests


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole test run (started as the `postgres` user when we are root)."""

    from pgserver import start_server

    server = start_server()
    if server is None:
        missing("PostgreSQL (pg_ctl)", "postgresql")
    _setup_roles(server)
    yield server
    server.stop()


OWNER, OWNER_PASSWORD = "aktorskab_owner", "ejer-hemmelig-42"
FACILITATOR, FACILITATOR_PASSWORD = "anne", "anne-hemmelig-7"


def _setup_roles(server) -> None:
    """The roles README's IT section creates: an owner of the archive and a facilitator (no superuser)."""
    import psycopg

    with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {OWNER} LOGIN PASSWORD '{OWNER_PASSWORD}'")
        conn.execute("CREATE ROLE aktorskab_facilitator NOLOGIN")
        conn.execute(f"CREATE ROLE {FACILITATOR} LOGIN PASSWORD '{FACILITATOR_PASSWORD}' IN ROLE aktorskab_facilitator")


_databases = iter(range(1, 10**6))


@dataclass
class ArchiveDb:
    server: object
    dbname: str

    @property
    def url(self) -> str:
        """The owner's connection string (it ran `archive init`)."""
        return self.server.url(OWNER, OWNER_PASSWORD, self.dbname)

    def url_for(self, user: str, password: str | None) -> str:
        return self.server.url(user, password, self.dbname)

    def admin(self):
        import psycopg

        return psycopg.connect(self.server.admin_dsn(self.dbname), autocommit=True)

    def count(self, table: str, where: str = "TRUE", args: tuple = ()) -> int:
        with self.admin() as conn:
            return conn.execute(f"SELECT COUNT(*) FROM aktorskab.{table} WHERE {where}", args).fetchone()[0]


@pytest.fixture
def archive_db(pg_server) -> ArchiveDb:
    """A fresh, empty database owned by the archive's owner; nothing set up in it yet."""
    import psycopg

    name = f"arkiv_{next(_databases)}"
    with psycopg.connect(pg_server.admin_dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} OWNER {OWNER}")
    return ArchiveDb(pg_server, name)


@pytest.fixture
def archive(archive_db: ArchiveDb, monkeypatch: pytest.MonkeyPatch) -> ArchiveDb:
    """An archive set up by `archive init`, named by AKTORSKAB_ARCHIVE (as the owner)."""
    from aktorskab_cli.archive.actions import init

    init(archive_db.url, lambda _: None)
    monkeypatch.setenv("AKTORSKAB_ARCHIVE", archive_db.url)
    return archive_db


@pytest.fixture
def browser():  # noqa: ANN201
    """Chromium, the system's (`require_program`: fails under CI when missing), launched by Playwright."""
    path = require_program("chromium", package="chromium")
    with playwright_api().sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield chromium
        chromium.close()
