"""`plan pull NAVN`: a laptop fetches a programme's statuses, the meetings held for it elsewhere and its newest
version from the archive without pulling a meeting; twice adds nothing; a role sees only its organisations'."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest
from archive_data import lmu_agenda
from conftest import FACILITATOR, FACILITATOR_PASSWORD
from pgserver import free_port
from plan_data import KEY, at, hold, remember, set_status

from aktorskab_cli.live.followup import printed
from aktorskab_cli.programme.storage import status_changes, stored_programme
from aktorskab_cli.rules.dates import danish_date
from aktorskab_cli.store.db import open_store

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
TODAY = danish_date(dt.date.today())


def _hr_year(tmp: Path, hr: Path) -> str:
    """HR's laptop: a meeting held for OMU Administrationen, KCL set »gennemført«; pushed. The meeting's uuid."""
    remember(hr)
    _, uuid = hold(tmp, "omu-administration", "OMU Administrationen", "2025-11-12", db=hr)
    set_status("omu-administration", "gennemfoert", at("2025-11-12", 15), "Godt møde", session=uuid, db=hr,
               origin="live")
    set_status("kcl", "gennemfoert", at("2025-12-10"), "Temaet blev drøftet", db=hr)
    set_status("omu-sundhed-og-omsorg", "i-gang", at("2026-01-05"), db=hr)
    return uuid


def test_the_facilitator_pulls_hrs_statuses_and_sees_them_in_show_and_followup(archive, run_cli, tmp_path) -> None:
    hr, kcl = tmp_path / "hr.db", tmp_path / "kcl.db"
    uuid = _hr_year(tmp_path, hr)
    assert run_cli("--db", hr, "archive", "push", "--all").exit_code == 0
    remember(kcl)
    before = run_cli("--db", kcl, "plan", "show", KEY)
    assert "gennemført" not in before.stdout
    agenda = dataclasses.replace(lmu_agenda("KCL", "2026-03-12", tmp_path)[0], plan=f"{KEY}:kcl")
    item = next(i for i in agenda.items if i.kind == "followup")
    followup_before = _followup(agenda, item, kcl)
    assert ("Tema på KCL i december", "ikke startet") in followup_before  # late, as this laptop knew it
    pulled = run_cli("--db", kcl, "plan", "pull", KEY)
    assert pulled.exit_code == 0, pulled.output
    assert pulled.stdout == ("3 statusændringer hentet og 1 møde holdt på andre computere; programmet »Aktørskab "
                             f"2025-2026« er som arkivets version fra {TODAY}.\n")
    shown = run_cli("--db", kcl, "plan", "show", KEY)
    assert shown.exit_code == 0, shown.output
    kcl_line = next(line for line in shown.stdout.splitlines() if line.rstrip().endswith(" kcl"))
    assert "gennemført" in kcl_line
    assert f"møde på en anden computer (id {uuid[:8]}) · 12. november 2025" in shown.stdout
    assert "»Temaet blev drøftet« (10. december 2025)" in shown.stdout
    followup = _followup(agenda, item, kcl)  # done (set, or held elsewhere): off the list; HR's »i gang« shown
    assert ("Dialogmøde i OMU Administrationen", "ikke startet") in followup_before
    assert ("Dialogmøder i OMU: Sundhed og omsorg", "ikke startet") in followup_before
    assert ("Dialogmøder i OMU: Sundhed og omsorg", "i gang") in followup
    assert [name for name, _ in followup] == [name for name, _ in followup_before 
                                         if name not in ("Tema på KCL i december", "Dialogmøde i OMU Administrationen")]
    again = run_cli("--db", kcl, "plan", "pull", KEY)  # twice: nothing new
    assert again.stdout == f"0 statusændringer hentet; programmet »Aktørskab 2025-2026« er som arkivets version fra {TODAY}.\n"
    store = open_store(kcl)
    assert len(status_changes(store, KEY)) == 3
    assert store.conn.execute("SELECT COUNT(*) FROM plan_held_elsewhere").fetchone()[0] == 1
    store.close()
    assert run_cli("--db", kcl, "plan", "show", KEY).stdout == shown.stdout


def _followup(agenda, item, db: Path) -> list[tuple[str, str]]:  # noqa: ANN001
    """The follow-up item's entries and statuses as this laptop knows them (what the guide and screen show)."""
    store = open_store(db)
    entries = printed(agenda, item, store, dt.date(2026, 3, 12))
    store.close()
    return [(line.name, line.status) for line in entries.lines]


def test_a_role_limited_to_one_organisation_gets_only_its_rows(archive, run_cli, tmp_path: Path) -> None:
    with archive.admin() as conn:
        conn.execute("INSERT INTO aktorskab.access VALUES (%s, 'OMU Administrationen')", (FACILITATOR,))
    hr, anne = tmp_path / "hr.db", tmp_path / "anne.db"
    _hr_year(tmp_path, hr)
    assert run_cli("--db", hr, "archive", "push", "--all").exit_code == 0
    remember(anne)
    pulled = run_cli("--db", anne, "plan", "pull", KEY, "--archive", archive.url_for(FACILITATOR, FACILITATOR_PASSWORD))
    assert pulled.exit_code == 0, pulled.output
    assert pulled.stdout == ("1 statusændring hentet og 1 møde holdt på andre computere; arkivet har ikke selve "
                             "programmet »aktorskab-2025-2026« (eller din rolle må ikke se det).\n")
    store = open_store(anne)
    assert [(c.entry, c.note) for c in status_changes(store, KEY)] == [("omu-administration", "Godt møde")]
    store.close()


def _own(path: Path, entries: int) -> None:
    body = "".join(f'\n[[entry]]\nid = "lmu-{n}"\nwhat = "Dialog i LMU {n}"\nwhen = "2. kvartal 2026"\n'
                   for n in range(entries))
    path.write_text(f'title = "Vores eget årshjul"\norganisation = "Norddjurs Kommune"\n{body}', encoding="utf-8")


def test_hrs_newer_version_reaches_the_laptop_but_never_its_file(archive, run_cli, tmp_path: Path) -> None:
    hr, anne = tmp_path / "hr.db", tmp_path / "anne.db"
    (tmp_path / "hr").mkdir()
    own = tmp_path / "hr" / "eget.toml"
    _own(own, 1)
    remember(hr, str(own))
    remember(anne, str(own))
    store = open_store(anne)  # she took it yesterday
    store.conn.execute("UPDATE plan_programmes SET used = ?", ((dt.datetime.now().astimezone() - dt.timedelta(days=1)).isoformat(),))
    store.conn.commit()
    store.close()
    _own(own, 2)  # HR adds an entry later and pushes that version
    remember(hr, str(own))
    assert run_cli("--db", hr, "archive", "push", "--all").exit_code == 0
    pulled = run_cli("--db", anne, "plan", "pull", "eget")
    assert pulled.exit_code == 0, pulled.output
    assert pulled.stdout == f"0 statusændringer hentet; programmet »Vores eget årshjul« i arkivets version fra {TODAY}.\n"
    store = open_store(anne)
    assert len(stored_programme(store, "eget")[0].entries) == 2
    store.close()
    assert "Dialog i LMU 1" in run_cli("--db", anne, "plan", "show", "eget").stdout
    mine = tmp_path / "eget.toml"  # a file of her own, older than the archive's version: never written
    _own(mine, 1)
    os.utime(mine, (0, 0))
    text = mine.read_text(encoding="utf-8")
    from_file = run_cli("--db", tmp_path / "bo.db", "plan", "pull", str(mine))
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout.splitlines() == [
        f"0 statusændringer hentet; programmet »Vores eget årshjul« i arkivets version fra {TODAY}.",
        f"Arkivet har en nyere version af programmet (fra {TODAY}, 2 poster) end filen {mine}, som ikke er ændret og "
        f"stadig bruges her. Vil du bruge arkivets version, så flyt {mine} væk (fx til eget-gammel.toml): så bruger "
        "aktorskab den hentede."]
    assert mine.read_text(encoding="utf-8") == text
    mine.rename(tmp_path / "eget-gammel.toml")  # what it says to do: the version fetched is now the one used
    assert "Dialog i LMU 1" in run_cli("--db", tmp_path / "bo.db", "plan", "show", "eget").stdout
    _own(mine, 1)  # a file changed after the archive's version: this laptop's is the newer
    newer = run_cli("--db", tmp_path / "bo.db", "plan", "pull", str(mine))
    assert newer.stdout == ("0 statusændringer hentet; denne computers version af programmet »Vores eget årshjul« er "
                            f"nyere end arkivets (fra {TODAY}): send den med aktorskab --db bo.db archive push --all.\n")


def test_hrs_version_of_a_bundled_programme_is_kept_and_said(archive, run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.programme.catalogue import bundled_programmes

    (tmp_path / "hr").mkdir()
    hrs = tmp_path / "hr" / f"{KEY}.toml"  # HR's own copy under the bundled name, with one entry more
    hrs.write_text(bundled_programmes()[KEY].read_text(encoding="utf-8") + '\n[[entry]]\nid = "ny-post"\n'
                   'what = "Evaluering af aktørskab"\nwho = "HU"\nwhen = "4. kvartal 2026"\n', encoding="utf-8")
    remember(tmp_path / "hr.db", str(hrs))
    assert run_cli("--db", tmp_path / "hr.db", "archive", "push", "--all").exit_code == 0
    pulled = run_cli("--db", tmp_path / "kcl.db", "plan", "pull", KEY)
    assert pulled.exit_code == 0, pulled.output
    store = open_store(tmp_path / "kcl.db")
    kept = stored_programme(store, KEY)[0]
    store.close()
    assert kept.entry("ny-post").what == "Evaluering af aktørskab"
    assert pulled.stdout.splitlines() == [
        f"0 statusændringer hentet; programmet »Aktørskab 2025-2026« i arkivets version fra {TODAY}.",
        f"Arkivet har en nyere version af programmet (fra {TODAY}, {len(kept.entries)} poster) end det indbyggede "
        f"»{KEY}«, som stadig bruges her. Vil du bruge arkivets version, så få programfilen {KEY}.toml af den, der "
        "ejer programmet, og læg den i mappen, du arbejder i (den bruges før det indbyggede)."]


def test_offline_it_fails_and_touches_nothing(run_cli, tmp_path: Path) -> None:
    remember()
    set_status("kcl", "i-gang", at("2025-12-01"))
    before = (tmp_path / "test.db").read_bytes()
    port = free_port()
    result = run_cli("plan", "pull", KEY, "--archive", f"postgresql://anne@127.0.0.1:{port}/aktorskab")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Arkivet anne@127.0.0.1:{port}/aktorskab kan ikke nås: serveren svarer ikke.")
    assert (tmp_path / "test.db").read_bytes() == before


def test_a_programme_nowhere_is_refused(archive, run_cli, tmp_path: Path) -> None:
    result = run_cli("--db", tmp_path / "ny.db", "plan", "pull", "andet")
    assert result.exit_code == 2
    assert result.stderr.startswith("Programmet »andet« findes ikke: hverken som fil")


def test_a_meeting_pushed_from_this_laptop_is_not_counted_as_held_elsewhere(archive, run_cli, tmp_path: Path) -> None:
    anne = tmp_path / "anne.db"
    remember(anne)
    hold(tmp_path, "omu-administration", "OMU Administrationen", "2025-11-12", db=anne)
    assert run_cli("--db", anne, "archive", "push", "--all").exit_code == 0
    pulled = run_cli("--db", anne, "plan", "pull", KEY)  # her own meeting comes back: it was held here
    assert pulled.exit_code == 0, pulled.output
    assert pulled.stdout == f"0 statusændringer hentet; programmet »Aktørskab 2025-2026« er som arkivets version fra {TODAY}.\n"
    store = open_store(anne)
    assert store.conn.execute("SELECT COUNT(*) FROM plan_held_elsewhere").fetchone()[0] == 0
    store.close()
    shown = run_cli("--db", anne, "plan", "show", KEY).stdout
    assert "møde 1 · 12. november 2025" in shown
    assert "anden computer" not in shown


def _archived_entries(archive, key: str) -> int:  # noqa: ANN001
    """How many entries the archive's newest version of the programme has (what `plan pull` brings)."""
    with archive.admin() as conn:
        return conn.execute("SELECT jsonb_array_length(document->'entries') FROM aktorskab.programmes WHERE key = %s "
                            "ORDER BY taken DESC, pushed DESC LIMIT 1", (key,)).fetchone()[0]


def _used_yesterday(db: Path) -> None:
    store = open_store(db)
    store.conn.execute("UPDATE plan_programmes SET used = ?",
                       ((dt.datetime.now().astimezone() - dt.timedelta(days=1)).isoformat(),))
    store.conn.commit()
    store.close()


def test_push_sends_the_programme_file_as_changed_since_this_laptop_used_it(archive, run_cli, tmp_path: Path) -> None:
    hr = tmp_path / "hr.db"
    own = tmp_path / "eget.toml"  # HR's programme file in the folder HR works in
    _own(own, 1)
    remember(hr, "eget")
    set_status("lmu-0", "i-gang", at("2026-04-01"), db=hr, key="eget")
    assert run_cli("--db", hr, "archive", "push", "--all").exit_code == 0
    assert _archived_entries(archive, "eget") == 1
    _used_yesterday(hr)
    _own(own, 3)  # then adds two entries (by hand, or with plan add) and sends again
    pushed = run_cli("--db", hr, "archive", "push", "--all")
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout == ("Programmet »eget« (Vores eget årshjul): 0 statusændringer sendt, og denne udgave af "
                             "programmet.\n")
    assert _archived_entries(archive, "eget") == 3
    again = run_cli("--db", hr, "archive", "push", "--all")  # the same file again: nothing new
    assert again.stdout == "Programmet »eget« (Vores eget årshjul): 0 statusændringer sendt.\n"
    anne = run_cli("--db", tmp_path / "anne.db", "plan", "pull", "eget")  # what reaches the others
    assert "Arkivet har en nyere version af programmet" not in anne.stdout
    assert run_cli("--db", tmp_path / "anne.db", "plan", "pull", "eget").exit_code == 0


def test_push_never_sends_a_programme_file_older_than_the_version_used_here(archive, run_cli, tmp_path: Path) -> None:
    anne = tmp_path / "anne.db"
    own = tmp_path / "eget.toml"
    _own(own, 3)
    remember(anne, "eget")  # the version she uses (pulled from HR, say) has three entries
    set_status("lmu-0", "i-gang", at("2026-04-01"), db=anne, key="eget")
    _own(own, 1)  # an old copy of the file lies in the folder
    os.utime(own, (0, 0))
    pushed = run_cli("--db", anne, "archive", "push", "--all")
    assert pushed.exit_code == 0, pushed.output
    assert _archived_entries(archive, "eget") == 3


def test_push_of_a_broken_programme_file_sends_nothing(archive, run_cli, tmp_path: Path) -> None:
    hr = tmp_path / "hr.db"
    own = tmp_path / "eget.toml"
    _own(own, 1)
    remember(hr, "eget")
    set_status("lmu-0", "i-gang", at("2026-04-01"), db=hr, key="eget")
    _used_yesterday(hr)
    own.write_text(own.read_text(encoding="utf-8") + '\n[[entry]]\nwhat = "Ny post"\nwhen = "13. kvartal 2026"\n',
                   encoding="utf-8")
    pushed = run_cli("--db", hr, "archive", "push", "--all")
    assert pushed.exit_code == 2
    assert pushed.stdout == ""
    assert "eget.toml" in pushed.stderr and "when" in pushed.stderr
    assert archive.count("programmes") == 0


def test_an_old_copy_under_the_bundled_name_is_told_to_be_replaced_not_moved(archive, run_cli, tmp_path: Path) -> None:
    from aktorskab_cli.programme.catalogue import bundled_programmes, load

    bundled = bundled_programmes()[KEY].read_text(encoding="utf-8")
    entries = len(load(KEY)[0].entries) + 1
    (tmp_path / "hr").mkdir()
    hrs = tmp_path / "hr" / f"{KEY}.toml"  # HR's copy under the bundled name, with one entry more
    hrs.write_text(bundled + '\n[[entry]]\nid = "ny-post"\nwhat = "Evaluering af aktørskab"\nwhen = "4. kvartal 2026"\n',
                   encoding="utf-8")
    remember(tmp_path / "hr.db", str(hrs))
    assert run_cli("--db", tmp_path / "hr.db", "archive", "push", "--all").exit_code == 0
    mine = tmp_path / f"{KEY}.toml"  # the copy HR handed out before: moved away, the bundled one would be used
    mine.write_text(bundled, encoding="utf-8")
    os.utime(mine, (0, 0))
    pulled = run_cli("--db", tmp_path / "anne.db", "plan", "pull", KEY)
    assert pulled.exit_code == 0, pulled.output
    assert pulled.stdout.splitlines()[1] == (
        f"Arkivet har en nyere version af programmet (fra {TODAY}, {entries} poster) end filen "
        f"{KEY}.toml, som ikke er ændret og stadig bruges her. Vil du bruge arkivets version, så få den nye "
        f"programfil {KEY}.toml af den, der ejer programmet, og læg den i stedet for {KEY}.toml (flytter du bare "
        f"filen væk, bruges det indbyggede »{KEY}«, ikke arkivets version).")
