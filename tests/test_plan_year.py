"""A scripted programme year, as the programme owner lives it: HU's meeting drafts new actions into the
programme (plan add --from-opsamling), eight meetings on three laptops are held for its entries (import
--plan), statuses are set from answers files ([[status]]) and by hand (plan set --session), every laptop
pushes to one PostgreSQL, and HR's status report from the archive holds all of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aktorskab_cli.store.db import open_store
from aktorskab_cli.synthesis.model import Action, Point, Synthesis
from aktorskab_cli.synthesis.storage import save_synthesis

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
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
    ("cille", "omu-skole-og-dagtilbudsomraadet", "2026-05-20", None, None),
    ("cille", "omu-skole-og-dagtilbudsomraadet", "2026-06-10", ("attraktive-arbejdspladser", "i gang", ""), None),
    ("bo", "omu-sundhed-og-omsorg", "2026-06-24", None, ("vision-og-forenkling", "droppet", "Indgår i visionen")),
]


def _answers(path: Path, meeting: int, status: tuple[str, str, str] | None) -> None:
    text = f'[[answer]]\nitem = "{ITEM}"\ngroup = "Gruppe 1"\ntext = "Møde {meeting}: vi skal kende vores mandat"\n'
    if status:
        entry, label, note = status
        text += f'\n[[status]]\nentry = "{entry}"\nstatus = "{label}"\nnote = "{note}"\n'
    path.write_text(text, encoding="utf-8")


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
        _answers(tmp_path / "svar.toml", n, in_file)
        result = run_cli("--db", dbs[laptop], "import", "dialogmoede", "svar.toml", "--plan", f"{KEY}:{entry}",
                         "--date", date)
        assert result.exit_code == 0, result.output
        numbers[laptop] = numbers.get(laptop, 0) + 1
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
        "dir-seminar": "ikke startet", "kcl": "gennemført", "omu-administration": "gennemført",
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
    drafted = [e for e in data["entries"] if e["origin"]]
    assert len(drafted) == 2
    for entry in drafted:  # 100 % of the actions made from a synthesis lead back to their meeting and point
        assert entry["origin"] == {"meeting": "Områdeudvalg, Norddjurs Kommune, 2. oktober 2025",
                                   "points": ["Opfølgning på møderne med lederne"]}
    with archive.admin() as conn:
        [(document,)] = conn.execute("SELECT document FROM aktorskab.programmes WHERE key = %s "
                                     "ORDER BY taken DESC LIMIT 1", (KEY,)).fetchall()
    assert {e["source"]["meeting"] for e in document["entries"] if e["source"]} == {hu}
