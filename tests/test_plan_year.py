"""A scripted programme year, as the programme owner lives it: HU's meeting drafts new actions into the
programme (plan add --from-opsamling), eight meetings on three laptops are held for its entries (seven by
import --plan, one run live), statuses are set from answers files ([[status]]), by hand (plan set
--session) and with a key in the live meeting's follow-up item (Textual's Pilot), every laptop pushes to
one PostgreSQL, and HR's status report from the archive holds all of it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest

from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.model import Action, Point, Synthesis
from aktorskab_cli.synthesis.storage import save_synthesis

pytestmark = [pytest.mark.postgres, pytest.mark.tui, pytest.mark.slow]
KEY = "aktorskab-2025-2026"
ITEM = "mening-og-svaert"

# (laptop, entry, date, a status in the answers file, or one set by hand after the meeting)
MEETINGS = [
    ("anne", "omu-administration", "2025-11-12", ("kcl", "i gang", "Temaet er sat på KCL's dagsorden"), None),
    ("anne", "omu-administration", "2025-12-03", None, ("kcl", "gennemført", "Drøftet på KCL")),
    ("bo", "omu-sundhed-og-omsorg", "2026-01-14", None, None),
    ("bo", "omu-socialomraadet", "2026-02-25", ("informationsmaterialer", "i gang", "Udkast til pjece"), None),
    ("cille", "omu-boerne-og-familieomraadet", "2026-04-07", None,
     ("informationsmaterialer", "gennemført", "Pjecen er sendt ud")),
    ("cille", "omu-skole-og-dagtilbudsomraadet", "2026-05-20", "live", None),  # »Tema på DIR-seminar« done
    ("cille", "omu-skole-og-dagtilbudsomraadet", "2026-06-10", ("attraktive-arbejdspladser", "i gang", ""), None),
    ("bo", "omu-sundhed-og-omsorg", "2026-06-24", None, ("vision-og-forenkling", "droppet", "Indgår i visionen")),
]


def _answers(path: Path, meeting: int, status: tuple[str, str, str] | None) -> None:
    text = f'[[answer]]\nitem = "{ITEM}"\ngroup = "Gruppe 1"\ntext = "Møde {meeting}: vi skal kende vores mandat"\n'
    if status:
        entry, label, note = status
        text += f'\n[[status]]\nentry = "{entry}"\nstatus = "{label}"\nnote = "{note}"\n'
    path.write_text(text, encoding="utf-8")


def _live_followup(db: Path, entry: str, today: dt.date) -> str:
    """A dialogue meeting run live for `entry`: the facilitator starts the day, goes on to »Opfølgning på
    handleplanen« and presses 3 (»gennemført«) on the first entry the item shows. Returns the meeting's uuid."""
    from aktorskab_cli.agenda.resolve import load_agenda
    from aktorskab_cli.live.engine import Run
    from aktorskab_cli.live.runner import LiveRun, RunClock
    from aktorskab_cli.live.screen import LiveScreen
    from aktorskab_cli.programme.work import check_link

    agenda, text = load_agenda("dialogmoede")
    store = open_store(db)
    link = check_link(f"{KEY}:{entry}", store)
    live = LiveRun(Run(agenda), store, None, RunClock(1), "dialogmoede", groups=3, agenda_toml=text,
                   plan=f"{KEY}:{entry}")
    live.on_create.append(link.store)
    app = LiveScreen(live)
    app.today = today

    async def main() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("space", "n")
            assert live.run.current.id == "opfoelgning"
            await pilot.press("3")
            assert app.message == "Gemt: »Tema på DIR-seminar i november« er nu »gennemført«."
            await pilot.press("q")

    asyncio.run(main())
    uuid = store.session(live.session_id).uuid
    store.close()
    return uuid


def _hu_meeting_with_actions(run_cli, db: Path, tmp_path: Path) -> str:  # noqa: ANN001
    """HU's meeting on HR's laptop: a synthesis whose action plan names the points it follows from."""
    _answers(tmp_path / "hu.toml", 0, None)
    assert run_cli("--db", db, "import", "dialogmoede", "hu.toml", "--date", "2025-10-02").exit_code == 0
    store = open_store(db)
    answers = tuple(a.id for a in store.answers(1))
    point = Point("Opfølgning på møderne med lederne", answers, item=ITEM)
    save_synthesis(store, 1, Synthesis(plan_title="Handleplan HU", points=(point,), actions=(
        Action("Opfølgning på møderne med lederne og direktionen", "HR", "3. kvartal 2026", (point.uuid,)),
        Action("Onboarding af ledere med aktørskab", "HR", "4. kvartal 2026", (point.uuid,)))))
    uuid = store.session(1).uuid
    store.close()
    return uuid


def test_a_year_on_three_laptops_is_whole_in_the_archives_status_report(archive, run_cli, tmp_path: Path) -> None:
    dbs = {name: tmp_path / f"{name}.db" for name in ("hr", "anne", "bo", "cille")}
    assert run_cli("plan", "new", f"{KEY}.toml", "--from", KEY).exit_code == 0  # HR's own copy, shared on a drive
    hu = _hu_meeting_with_actions(run_cli, dbs["hr"], tmp_path)
    added = run_cli("--db", dbs["hr"], "plan", "add", f"{KEY}.toml", "--from-opsamling", "1")
    assert added.stdout.startswith("2 nye poster fra møde 1"), added.output
    numbers: dict[str, int] = {}
    held: dict[str, list[str]] = {}
    for n, (laptop, entry, date, in_file, by_hand) in enumerate(MEETINGS, 1):
        numbers[laptop] = numbers.get(laptop, 0) + 1
        if in_file == "live":
            held.setdefault(entry, []).append(_live_followup(dbs[laptop], entry, dt.date.fromisoformat(date)))
            live = held[entry][-1]
            continue
        _answers(tmp_path / "svar.toml", n, in_file)
        result = run_cli("--db", dbs[laptop], "import", "dialogmoede", "svar.toml", "--plan", f"{KEY}:{entry}",
                         "--date", date)
        assert result.exit_code == 0, result.output
        store = open_store(dbs[laptop])
        held.setdefault(entry, []).append(store.session(numbers[laptop]).uuid)
        store.close()
        if by_hand:
            what, label, note = by_hand
            done = run_cli("--db", dbs[laptop], "plan", "set", KEY, what, label, "--note", note,
                           "--session", str(numbers[laptop]))
            assert done.exit_code == 0, done.output
    for laptop in ("hr", "anne", "bo", "cille"):
        pushed = run_cli("--db", dbs[laptop], "archive", "push", "--all")
        assert pushed.exit_code == 0, pushed.output
    assert archive.count("sessions") == 9 and archive.count("plan_links") == 8

    report = run_cli("--db", tmp_path / "hu-sekretariat.db", "plan", "status", f"{KEY}.toml", "--from-archive",
                     "-o", "status.json")
    assert report.exit_code == 0, report.output
    assert "(13 poster, 5 af 5 planlagte møder holdt" in report.stdout
    data = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in data["entries"]}
    assert {i: e["status"] for i, e in entries.items()} == {
        "dir-seminar": "gennemført", "kcl": "gennemført", "omu-administration": "gennemført",
        "omu-sundhed-og-omsorg": "gennemført", "omu-socialomraadet": "gennemført",
        "informationsmaterialer": "gennemført", "omu-boerne-og-familieomraadet": "gennemført",
        "omu-skole-og-dagtilbudsomraadet": "gennemført", "arbejdsmiljoerapporter-hu": "ikke startet",
        "attraktive-arbejdspladser": "i gang", "vision-og-forenkling": "droppet",
        "opfoelgning-paa-moederne-med-lederne-og": "ikke startet",
        "onboarding-af-ledere-med-aktoerskab-hr": "ikke startet"}
    for entry, uuids in held.items():  # every meeting held, on whichever laptop
        assert sorted(m["uuid"] for m in entries[entry]["held"]) == sorted(uuids), entry
    kcl = entries["kcl"]["trail"]
    assert [(t["status"], t["note"]) for t in kcl] == [("i gang", "Temaet er sat på KCL's dagsorden"),
                                                        ("gennemført", "Drøftet på KCL")]
    assert all(t["meeting"] for t in kcl)  # each set in a meeting, and named by it
    [seminar] = entries["dir-seminar"]["trail"]  # set with a key in the live meeting's follow-up item
    assert (seminar["status"], seminar["meeting"]) == (
        "gennemført", next(m["organisation"] for m in entries["omu-skole-og-dagtilbudsomraadet"]["held"]
                           if m["uuid"] == live) + ", " + _danish_today())
    drafted = [e for e in data["entries"] if e["origin"]]
    assert len(drafted) == 2
    for entry in drafted:  # 100 % of the actions made from a synthesis lead back to their meeting and point
        assert entry["origin"] == {"meeting": "Områdeudvalg, Norddjurs Kommune, 2. oktober 2025",
                                   "points": ["Opfølgning på møderne med lederne"]}
    with archive.admin() as conn:
        [(document,)] = conn.execute("SELECT document FROM aktorskab.programmes WHERE key = %s "
                                     "ORDER BY taken DESC LIMIT 1", (KEY,)).fetchall()
    assert {e["source"]["meeting"] for e in document["entries"] if e["source"]} == {hu}


def _danish_today() -> str:
    from aktorskab_cli.rules.dates import danish_date

    return danish_date(dt.date.today())  # a meeting run live is held the day it ran
