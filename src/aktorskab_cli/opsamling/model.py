"""The opsamling model: what the writers render (docx, md, json) and nothing more; built by `build.py`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.agenda.schedule import danish_date
from aktorskab_cli.opsamling.timing import Timing, TimingRecord
from aktorskab_cli.store.records import Answer

OTHER_ANSWERS = "Øvrige svar"


# ---------------------------------------------------------------- input: one recorded session


@dataclass(frozen=True)
class SessionData:
    id: str
    agenda: Agenda
    answers: Sequence[Answer] = ()
    timings: Sequence[TimingRecord] | None = None
    note: str | None = None
    started: dt.datetime | None = None
    title: str | None = None  # the session's own title; the agenda's when absent
    uuid: str | None = None  # the session's stable identity



# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Meeting:
    session_id: str
    title: str
    organisation: str | None
    date: dt.date | None
    place: str | None
    agenda_name: str
    distinct: bool = False  # another meeting has the same title and date: the label names the session
    uuid: str | None = None

    @property
    def date_text(self) -> str:
        return danish_date(self.date) if self.date else ""

    @property
    def label(self) -> str:
        """'Dialogmøde med Områdeudvalg, 7. april 2026' — how an answer is marked in a combined opsamling."""
        label = f"{self.title}, {self.date_text}" if self.date else self.title
        return f"{label} (møde {self.session_id})" if self.distinct else label



@dataclass
class CategoryAnswers:
    id: str
    title: str
    description: str | None
    answers: list[Answer] = field(default_factory=list)


@dataclass
class GroupAnswers:
    group: str
    answers: list[Answer] = field(default_factory=list)


@dataclass
class FrameAnswers:
    name: str
    title: str
    layout: Literal["table", "sections"]
    categories: list[CategoryAnswers]

    @property
    def answer_count(self) -> int:
        return sum(len(c.answers) for c in self.categories)

    def rows(self) -> list[list[Answer | None]]:
        """The table layout: row i holds the i-th answer of each column (None where a column is shorter)."""
        depth = max((len(c.answers) for c in self.categories), default=0)
        return [[c.answers[i] if i < len(c.answers) else None for c in self.categories] for i in range(depth)]


@dataclass
class DialogueItem:
    id: str
    title: str
    planned: str  # '9.25–10.15'
    lead: str | None
    purpose: str | None
    questions: list[str]
    frame: FrameAnswers | None
    other: list[GroupAnswers]  # answers without a (known) category, by group

    @property
    def facts(self) -> str:
        """'Kl. 9.25–10.15 · Jonas og Tinne'."""
        return " · ".join(x for x in (f"Kl. {self.planned}" if self.planned else "", self.lead or "") if x)

    @property
    def answers(self) -> list[Answer]:
        framed = [a for c in self.frame.categories for a in c.answers] if self.frame else []
        return framed + [a for g in self.other for a in g.answers]


@dataclass(frozen=True)
class Note:
    meeting: Meeting
    text: str

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.text) if p.strip()]


@dataclass
class Part:
    """The sessions of one agenda; a combined opsamling of different agendas has one part each."""

    agenda_name: str
    title: str
    meetings: list[Meeting]
    items: list[DialogueItem]
    notes: list[Note]
    timings: list[Timing]


@dataclass
class Opsamling:
    title: str
    subtitle: str
    organisation: str | None
    footer: str
    logo: str | None
    combined: bool
    meetings: list[Meeting]
    parts: list[Part]
    created: dt.datetime | None = None

    @property
    def answers(self) -> list[Answer]:
        return [a for p in self.parts for i in p.items for a in i.answers]

