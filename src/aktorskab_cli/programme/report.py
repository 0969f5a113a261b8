"""The status report for HU (`plan status`): what the writers render and nothing more; built by
`report_build.py` from the programme, the meetings linked to its entries, the status events and the
meetings' syntheses. Pure values, no I/O.

Its order is the document's: the plan page shaped like seed 002's last page (quarters in time order, each
entry with its status, an entry group such as »Dialogmøder i OMU« with its forums as bullets), the planned
and held meetings, what is late, and each entry's trail (where it came from, every status change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from aktorskab_cli.programme.model import Entry
from aktorskab_cli.programme.when import When
from aktorskab_cli.rules.dates import danish_date, held_by
from aktorskab_cli.rules.numbers import counted

PLAN_PAGE_NOTE = "Status for hver post i planen; forsinket: dens tid er gået, og den er hverken gennemført eller droppet."
MEETINGS = "Planlagte og afholdte møder"
LATE = "Forsinket"
NOTHING_LATE = "Intet er forsinket."
TRAIL = "Forløb for hver post"


@dataclass(frozen=True)
class ReportMeeting:
    """A meeting as the report names it: one held for an entry, one a status was set in, one an entry came from."""

    uuid: str
    title: str
    organisation: str | None
    date: dt.date | None
    place: str | None = None
    points: Mapping[str, str] | None = field(default=None, compare=False)  # its synthesis' points: uuid -> headline

    @property
    def label(self) -> str:
        """'OMU Administrationen, 12. november 2025' (the title when it names no organisation)."""
        return held_by(self.organisation or self.title, self.date)


@dataclass(frozen=True)
class Step:
    """One status change in an entry's trail."""

    status: str  # 'gennemført'
    note: str
    set_at: dt.datetime
    meeting: str | None  # the label of the meeting it was set in
    current: bool = False  # the one that counts now (the latest by set_at)

    @property
    def date_text(self) -> str:
        return danish_date(self.set_at.date())


@dataclass(frozen=True)
class ReportSource:
    """Where an entry came from as the report shows it: the entry's `Source` (model.py) with the meeting's label
    and its points' headlines in place of their uuids. (Not `model.Origin`: where a status change came from.)"""

    meeting: str  # the meeting's label, or its id when it is not on this machine or in the archive
    points: tuple[str, ...] = ()


@dataclass
class ReportEntry:
    """An entry of the programme as the report shows it: the `Entry` itself, and what its events say."""

    entry: Entry
    status: str  # the current status: 'ikke startet' when nothing was ever set
    late: bool
    held: list[ReportMeeting] = field(default_factory=list)
    trail: list[Step] = field(default_factory=list)
    origin: ReportSource | None = None
    disagreement: str = ""  # 'i gang (anne) og gennemført (bo) samme dag, 12. marts 2026'
    due: When | None = None  # the newest due a change moved it to (`EntryState.when`); None: as planned

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def what(self) -> str:
        return self.entry.what

    @property
    def name(self) -> str:
        """How it is named alone (`Entry.name`)."""
        return self.entry.name

    @property
    def who(self) -> str:
        return self.entry.who

    @property
    def when(self) -> str:
        """'4. kvartal 2025', '3.-4. kvartal 2026', '12. marts 2026', 'løbende'; moved: '1. kvartal 2027 (flyttet
        fra 2. kvartal 2026)'."""
        if self.due is not None:
            return f"{self.due.label} (flyttet fra {self.entry.when.label})"
        return self.entry.when.label

    @property
    def meeting(self) -> bool:
        """A meeting to be held (the entry names an agenda)."""
        return self.entry.kind == "meeting"

    @property
    def status_text(self) -> str:
        """'gennemført', 'i gang · forsinket'."""
        return self.status + (" · forsinket" if self.late else "")


@dataclass
class PlanLine:
    """A line of the plan page: one entry, or a group (»Dialogmøder i OMU«) whose entries are its bullets,
    each shown by its forum (»Sundhed og omsorg«)."""

    text: str
    entry: ReportEntry | None = None  # None: a group heading
    bullets: list[tuple[str, ReportEntry]] = field(default_factory=list)


@dataclass
class Quarter:
    label: str  # '4. kvartal 2025'
    lines: list[PlanLine]


@dataclass
class StatusReport:
    title: str  # 'Aktørskab 2025-2026'
    organisation: str | None
    subtitle: str  # 'Status pr. 4. december 2026'
    footer: str
    logo: str | None
    created: dt.datetime | None
    quarters: list[Quarter]
    entries: list[ReportEntry]  # in the programme's order
    rehearsal: str | None = None  # the opsamling's title slide reads it; a report has none
    source: str = ""  # 'denne maskine' or 'arkivet'

    @property
    def meeting_entries(self) -> list[ReportEntry]:
        return [e for e in self.entries if e.meeting]

    @property
    def late(self) -> list[ReportEntry]:
        return [e for e in self.entries if e.late]

    @property
    def held_count(self) -> str:
        """'3 af 5 planlagte møder holdt'."""
        planned = self.meeting_entries
        done = sum(1 for e in planned if e.held)
        return f"{done} af {counted(len(planned), 'planlagt møde', 'planlagte møder')} holdt"

    @property
    def held_summary(self) -> str:
        """'3 af 5 planlagte møder er holdt (4 møder i alt).'"""
        planned = self.meeting_entries
        done = sum(1 for e in planned if e.held)
        meetings = sum(len(e.held) for e in planned)
        extra = f" ({counted(meetings, 'møde', 'møder')} i alt)" if meetings != done else ""
        return self.held_count.replace(" holdt", " er holdt") + extra + "."

    def meeting_rows(self) -> list[list[str]]:
        """Møde, Hvornår, Afholdt, Status: one row per meeting entry."""
        return [[e.name, e.when, "; ".join(m.label for m in e.held) or "ikke holdt endnu", e.status_text]
                for e in self.meeting_entries]
