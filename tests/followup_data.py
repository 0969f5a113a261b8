"""The follow-up meeting of the live screen's and the phones' follow-up tests: a programme »aar« of five entries
(one done before the meeting), an agenda whose second item follows it up, and the day they are looked at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import FakeTime

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.engine import Run
from aktorskab_cli.live.runner import LiveRun, RunClock
from aktorskab_cli.programme.storage import record_status
from aktorskab_cli.store.db import open_store

TODAY = dt.date(2026, 2, 10)  # 1. kvartal 2026

PROGRAMME = """\
title = "Aktørskab i Prøve"
organisation = "Prøve Kommune"

[[entry]]
id = "seminar"
what = "Tema på seminar"
when = "4. kvartal 2025"

[[entry]]
id = "omu-adm"
what = "Dialogmøde i OMU"
who = "OMU Administrationen"
when = "3. kvartal 2026"

[[entry]]
id = "materialer"
what = "Dialogmaterialer"
when = "1. kvartal 2026"

[[entry]]
id = "senere"
what = "Noget senere"
when = "4. kvartal 2026"

[[entry]]
id = "faerdig"
what = "Allerede gjort"
when = "4. kvartal 2025"
"""

AGENDA = """\
title = "Dialogmøde"
organisation = "OMU Administrationen, Prøve Kommune"
start = "14.00"

[[item]]
title = "Velkomst"
minutes = 5

[[item]]
id = "opfoelgning"
title = "Opfølgning på handleplanen"
minutes = 10
kind = "followup"
{plan}

[[item]]
title = "Dialog"
minutes = 20
kind = "dialogue"
questions = ["Hvad nu?"]
"""



def make_live(tmp_path: Path, plan: str = 'plan = "aar.toml"') -> LiveRun:
    (tmp_path / "aar.toml").write_text(PROGRAMME, encoding="utf-8")
    (tmp_path / "moede.toml").write_text(AGENDA.format(plan=plan), encoding="utf-8")
    agenda, text = load_agenda(str(tmp_path / "moede.toml"))
    store = open_store(tmp_path / "skærm.db")
    sid = store.create_session(agenda, text, groups=3)
    live = LiveRun(Run(agenda), store, sid, RunClock(1, wall=FakeTime()), "moede.toml", groups=3)
    record_status(store, "aar", "faerdig", "gennemfoert", origin="set")  # done before: never shown
    return live


# The phones' follow-up tests: a programme »aar« of two entries, and the meeting following it up.
PHONE_PROGRAMME = """\
title = "Aktørskab i Prøve"

[[entry]]
id = "seminar"
what = "Tema på seminar"
when = "løbende"

[[entry]]
id = "omu-adm"
what = "Dialogmøde i OMU"
who = "OMU Administrationen"
when = "løbende"
"""
PHONE_AGENDA = AGENDA.format(plan='plan = "aar.toml"')
