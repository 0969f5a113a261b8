"""Offline first: when the archive cannot be reached or refuses, the laptop's store is untouched, the
message is Danish, the exit code follows the README's contract, and no password is ever shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from archive_data import make_meeting
from conftest import FACILITATOR, FACILITATOR_PASSWORD, OWNER
from pgserver import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

UNTOUCHED = "Intet er ændret i din lokale database"


def _db_bytes(tmp_path: Path) -> bytes:
    return (tmp_path / "test.db").read_bytes()


def test_a_server_that_is_down_says_so_and_touches_nothing(run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    before = _db_bytes(tmp_path)
    port = free_port()
    url = f"postgresql://anne:hemmeligt-kodeord@127.0.0.1:{port}/aktorskab"
    result = run_cli("archive", "push", session, "--archive", url)
    assert result.exit_code == 1
    assert result.stderr == (f"Arkivet anne@127.0.0.1:{port}/aktorskab kan ikke nås: serveren svarer ikke. "
                             f"{UNTOUCHED}; prøv igen senere med samme kommando.\n")
    assert result.stdout == ""
    assert "hemmeligt-kodeord" not in result.output
    assert _db_bytes(tmp_path) == before
    for args in (["list"], ["pull", "deadbeef"], ["init"]):
        other = run_cli("archive", *args, "--archive", url)
        assert other.exit_code == 1 and "kan ikke nås: serveren svarer ikke" in other.stderr


def test_a_wrong_password_is_refused_without_showing_it(archive, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    before = _db_bytes(tmp_path)
    url = archive.url_for(FACILITATOR, "forkert-kodeord-123")
    result = run_cli("archive", "push", session, "--archive", url)
    assert result.exit_code == 1
    assert result.stderr == (f"Arkivet {FACILITATOR}@127.0.0.1:{archive.server.port}/{archive.dbname} afviste login: "
                             "forkert eller manglende adgangskode. Brug ~/.pgpass eller PGPASSWORD (se README, "
                             f"»Fælles arkiv«). {UNTOUCHED}.\n")
    assert "forkert-kodeord-123" not in result.output
    assert _db_bytes(tmp_path) == before
    assert archive.count("sessions") == 0


def test_pgpass_and_libpq_variables_are_honoured(archive, run_cli, tmp_path: Path, monkeypatch) -> None:
    session = make_meeting(tmp_path)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{archive.server.port}:{archive.dbname}:{OWNER}:ejer-hemmelig-42\n")
    pgpass.chmod(0o600)
    monkeypatch.delenv("AKTORSKAB_ARCHIVE")
    for name, value in (("PGHOST", "127.0.0.1"), ("PGPORT", str(archive.server.port)),
                        ("PGDATABASE", archive.dbname), ("PGUSER", OWNER)):
        monkeypatch.setenv(name, value)
    result = run_cli("archive", "push", session)  # no --archive, no AKTORSKAB_ARCHIVE: libpq's own settings
    assert result.exit_code == 0, result.output
    assert archive.count("sessions") == 1


def test_without_an_archive_named_the_command_says_how(run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    result = run_cli("archive", "push", session)
    assert (result.exit_code, result.stderr) == (
        2, "Angiv arkivet med --archive postgresql://bruger@server/database eller miljøvariablen AKTORSKAB_ARCHIVE\n")
    bad = run_cli("archive", "list", "--archive", "postgresql://[::1")
    assert bad.exit_code == 2
    assert bad.stderr == "Arkivets adresse kan ikke læses; skriv den som postgresql://bruger@server:5432/database\n"


@pytest.mark.parametrize(("address", "message"), [
    ("postgresql://anne@db/aktorskab?sslmode=krævet",
     "sslmode »krævet« kendes ikke; brug en af: disable, allow, prefer, require, verify-ca, verify-full"),
    ("postgresql://anne@db/aktorskab?connect_timeout=²", "connect_timeout »²« skal være et helt tal"),
    ("postgresql://anne@db:99999/aktorskab", "porten »99999« skal være et tal fra 1 til 65535"),
    ("host=db port=5432,x target_session_attrs=primær",
     "porten »5432,x« skal være et tal fra 1 til 65535; target_session_attrs »primær« kendes ikke; brug en af: "
     "any, read-write, read-only, primary, standby, prefer-standby"),
])
def test_a_wrong_setting_in_the_address_is_bad_input_not_a_dropped_connection(run_cli, tmp_path: Path,
                                                                            address: str, message: str) -> None:
    session = make_meeting(tmp_path)
    before = (tmp_path / "test.db").read_bytes()
    for args in (["archive", "list"], ["archive", "push", session], ["combine", "--from-archive"]):
        result = run_cli(*args, "--archive", address)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Arkivets adresse: {message}\n"), args
    assert (tmp_path / "test.db").read_bytes() == before


def test_an_archive_not_set_up_asks_for_init(archive_db, run_cli, tmp_path: Path) -> None:
    session = make_meeting(tmp_path)
    result = run_cli("archive", "push", session, "--archive", archive_db.url)
    assert (result.exit_code, result.stderr) == (
        1, "Arkivet er ikke sat op endnu: kør aktorskab archive init (som arkivets ejer, se README)\n")


def test_push_without_sessions_or_of_an_unknown_one_is_refused(archive, run_cli, tmp_path: Path) -> None:
    make_meeting(tmp_path)
    none = run_cli("archive", "push")
    assert (none.exit_code, none.stderr) == (
        2, "Angiv hvilke møder der skal sendes (numre fra aktorskab sessions), eller --all\n")
    unknown = run_cli("archive", "push", "7")
    assert (unknown.exit_code, unknown.stderr) == (2, "Møde 7 findes ikke; se møderne med: aktorskab sessions\n")
    assert archive.count("sessions") == 0


def test_a_facilitator_pushes_and_reads_only_their_organisation(archive, run_cli, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(archive.url, autocommit=True) as conn:  # the owner's one line per facilitator (README)
        conn.execute(f"INSERT INTO aktorskab.access VALUES ('{FACILITATOR}', 'LMU Skolen%')")
    owner_meeting = make_meeting(tmp_path, "LMU Dalskolen", "2026-01-20")
    assert run_cli("archive", "push", owner_meeting).exit_code == 0  # pushed by the owner
    mine = make_meeting(tmp_path, "LMU Skolen på Toppen", "2026-03-12")
    other = make_meeting(tmp_path, "LMU Bakkeskolen", "2026-03-13")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:{FACILITATOR}:{FACILITATOR_PASSWORD}\n")
    pgpass.chmod(0o600)
    url = archive.url_for(FACILITATOR, None)
    assert run_cli("archive", "push", mine, "--archive", url).exit_code == 0
    assert run_cli("archive", "push", mine, "--archive", url).stdout.endswith(".\n")
    refused = run_cli("archive", "push", other, "--archive", url)
    assert refused.exit_code == 1
    assert refused.stderr == ("Din rolle må ikke sende møder fra »LMU Bakkeskolen« til arkivet; spørg IT om adgang "
                              f"(se README, »Fælles arkiv«). {UNTOUCHED}.\n")
    listed = run_cli("archive", "list", "--json", "--archive", url)
    assert [m["organisation"] for m in __import__("json").loads(listed.stdout)] == ["LMU Skolen på Toppen"]
    no_init = run_cli("archive", "init", "--archive", url)  # up to date: nothing to do, nothing needed
    assert no_init.exit_code == 0
    assert archive.count("sessions") == 2
    with archive.admin() as conn:
        assert conn.execute("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s",
                            (FACILITATOR,)).fetchone() == (False, False, False)


def test_a_facilitator_sees_only_their_own_access_rows(archive, tmp_path: Path) -> None:
    """`aktorskab.access` names every role and organisation pattern: a facilitator reads only their own
    (and their groups') rows, through `aktorskab.my_access`, and row-level security still works."""
    import psycopg

    other = f"hr_{free_port()}"
    with archive.admin() as conn:
        conn.execute(f"CREATE ROLE {other} NOLOGIN")
        conn.execute(f"INSERT INTO aktorskab.access VALUES ('{FACILITATOR}', 'LMU Skolen%'), ('{other}', '%')")
    with psycopg.connect(archive.url_for(FACILITATOR, FACILITATOR_PASSWORD), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM aktorskab.access")
        assert conn.execute("SELECT role::text, organisation FROM aktorskab.my_access").fetchall() == [
            (FACILITATOR, "LMU Skolen%")]
        assert conn.execute("SELECT aktorskab.may_access('LMU Skolen på Toppen'), "
                            "aktorskab.may_access('LMU Bakkeskolen')").fetchone() == (True, False)
