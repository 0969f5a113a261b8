"""The resolved programme: plain frozen dataclasses, built by `resolve` from a validated file (`schema`) or
read back from a stored snapshot (`snapshot`). Fields in the order the snapshot writes them, keyword-only as
the pydantic models they replace were. No pydantic here: a command that only reads an agenda
(show, export, run, serve) never imports it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

KIND_LABELS = {
    "break": "pause",
    "talk": "oplæg",
    "dialogue": "dialog",
    "plenary": "plenum",
    "other": "andet",
    "followup": "opfølgning",  # the year's programme followed up: each entry's status set in the meeting
}
KIND_ALIASES = {label: kind for kind, label in KIND_LABELS.items()}
Kind = Literal["break", "talk", "dialogue", "plenary", "other", "followup"]


@dataclass(frozen=True, kw_only=True)
class Category:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True, kw_only=True)
class Passage:
    """One numbered or titled part of a framing text ([[point]] in a prompt file: the four components, the
    six principles); in the printed material also a frame's category read as text (`text` its description)."""

    title: str | None = None
    text: str | None = None


@dataclass(frozen=True, kw_only=True)
class PromptSet:
    """A file in prompts/, resolved: a question set, a summary frame, or a framing text."""

    name: str = ""
    title: str
    kind: Literal["questions", "frame", "text"]
    source: str | None = None
    intro: str | None = None
    outro: str | None = None
    questions: list[str] = field(default_factory=list)
    layout: Literal["table", "sections"] = "table"
    numbering: Literal["1.", "1)"] | None = None  # how a text's points are numbered, as in its source
    categories: list[Category] = field(default_factory=list)
    points: list[Passage] = field(default_factory=list)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


@dataclass(frozen=True, kw_only=True)
class Item:
    """A resolved item: times known, questions listed, frame named."""

    id: str
    title: str
    start: int
    minutes: int
    kind: Kind
    lead: str | None = None
    points: list[str] = field(default_factory=list)
    note: str | None = None
    purpose: str | None = None
    questions: list[str] = field(default_factory=list)
    question_set: str | None = None
    frame: str | None = None
    flexible: bool = False
    min_minutes: int = 0
    plan: str | None = None  # a followup item's programme (a bundled name or a file), else the agenda's

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def is_dialogue(self) -> bool:
        return self.kind == "dialogue" or bool(self.questions)

    @property
    def is_followup(self) -> bool:
        return self.kind == "followup"


def kind_of(title: str) -> str:
    """The kind of meeting an agenda of this title holds: its title, spaced and cased alike, not the agenda's
    file name. Every OMU's own copy of dialogmoede (omu-bf.toml, omu-sundhed.toml, …) is the same kind of
    meeting; combine puts a kind in one part, and --agenda NAME in the archive chooses a kind."""
    return " ".join(title.split()).casefold()


@dataclass(frozen=True, kw_only=True)
class Agenda:
    """A resolved agenda, self-contained: the frames and framing texts it names are inside it."""

    name: str
    title: str
    organisation: str | None = None
    date: dt.date | None = None
    place: str | None = None
    description: str | None = None
    footer: str | None = None
    logo: str | None = None
    frame: str | None = None
    suggested_times: bool = False
    items: list[Item]
    plan: str | None = None  # "NAME:ENTRY": the programme entry this meeting is held for
    prompts: dict[str, PromptSet] = field(default_factory=dict)
    intro: list[str] = field(default_factory=list)
    outro: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """Which kind of meeting this is (`kind_of` its title): every OMU's own copy of dialogmoede is one."""
        return kind_of(self.title)

    @property
    def start(self) -> int:
        return self.items[0].start

    @property
    def end(self) -> int:
        return self.items[-1].end

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def gaps(self) -> list[tuple[Item, Item]]:
        """Pairs of neighbouring items with time between them that no item takes (legal: lunch elsewhere)."""
        return [(a, b) for a, b in zip(self.items, self.items[1:]) if b.start > a.end]

    def frame_for(self, item: Item) -> PromptSet | None:
        name = item.frame or self.frame
        return self.prompts.get(name) if name else None
