"""The agenda and prompt-set models: what a TOML file may say, and the resolved programme."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from aktorskab_cli.agenda.schedule import parse_clock

KIND_LABELS = {
    "break": "pause",
    "talk": "oplæg",
    "dialogue": "dialog",
    "plenary": "plenum",
    "other": "andet",
}
KIND_ALIASES = {label: kind for kind, label in KIND_LABELS.items()}
Kind = Literal["break", "talk", "dialogue", "plenary", "other"]

ClockTime = Annotated[int, BeforeValidator(parse_clock)]
PositiveMinutes = Annotated[int, Field(ge=0, le=12 * 60)]
_NAME = r"^[a-z0-9][a-z0-9-]*$"


def _kind(value: object) -> object:
    return KIND_ALIASES.get(value, value) if isinstance(value, str) else value


def slugify(title: str) -> str:
    """'Dialog i grupper – æøå' -> 'dialog-i-grupper-aeoeaa'."""
    text = title.lower()
    for src, dst in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u")):
        text = text.replace(src, dst)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].strip("-") or "punkt"


# defer_build: a validator is built on first use, not at import. Models used only nested (Category,
# Point, ItemFile) then never build their own, and `agenda show` starts measurably faster.
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Category(_Strict):
    id: Annotated[str, Field(pattern=_NAME)]
    title: Annotated[str, Field(min_length=1)]
    description: str | None = None


class Point(_Strict):
    title: str | None = None
    text: Annotated[str, Field(min_length=1)]


class PromptSet(_Strict):
    """A file in prompts/: a question set, a summary frame, or a framing text."""

    name: str = ""
    title: Annotated[str, Field(min_length=1)]
    kind: Literal["questions", "frame", "text"]
    source: str | None = None
    intro: str | None = None
    outro: str | None = None
    questions: list[Annotated[str, Field(min_length=1)]] = []
    layout: Literal["table", "sections"] = "table"
    numbering: Literal["1.", "1)"] | None = None  # how a text's points are numbered, as in its source
    categories: list[Category] = Field(default=[], alias="category")
    points: list[Point] = Field(default=[], alias="point")

    model_config = ConfigDict(populate_by_name=True)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


class ItemFile(_Strict):
    """One [[item]] as written in the TOML file."""

    id: Annotated[str, Field(pattern=_NAME)] | None = None
    title: Annotated[str, Field(min_length=1)]
    start: ClockTime | None = None
    minutes: PositiveMinutes | None = None
    kind: Annotated[Kind, BeforeValidator(_kind)] = "other"
    lead: str | None = None
    points: list[str] = []
    note: str | None = None
    purpose: str | None = None
    questions: list[Annotated[str, Field(min_length=1)]] | str = []
    frame: str | None = None
    flexible: bool | None = None
    min_minutes: PositiveMinutes | None = None


class AgendaFile(_Strict):
    """The whole TOML agenda as written."""

    title: Annotated[str, Field(min_length=1)]
    organisation: str | None = None
    date: dt.date | None = None
    place: str | None = None
    description: str | None = None
    start: ClockTime | None = None
    footer: str | None = None
    frame: str | None = None
    logo: str | None = None
    suggested_times: bool = False  # the sources give no times: the programme says "forslag til tidsplan"
    intro: list[str] = []
    outro: list[str] = []
    items: Annotated[list[ItemFile], Field(min_length=1)] = Field(alias="item")


class Item(BaseModel):
    """A resolved item: times known, questions listed, frame named."""

    model_config = ConfigDict(defer_build=True)

    id: str
    title: str
    start: int
    minutes: int
    kind: Kind
    lead: str | None = None
    points: list[str] = []
    note: str | None = None
    purpose: str | None = None
    questions: list[str] = []
    question_set: str | None = None
    frame: str | None = None
    flexible: bool = False
    min_minutes: int = 0

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def is_dialogue(self) -> bool:
        return self.kind == "dialogue" or bool(self.questions)


class Agenda(BaseModel):
    """A resolved agenda, self-contained: the frames and framing texts it names are inside it."""

    model_config = ConfigDict(defer_build=True)

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
    prompts: dict[str, PromptSet] = {}
    intro: list[str] = []
    outro: list[str] = []

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


def agenda_from_snapshot(text: str) -> Agenda:
    """The agenda a session stored (`Agenda.model_dump_json()`), without validating it again.

    The snapshot was validated when the meeting was created; validating 1,000 lines of it again costs more
    than the rest of reading a meeting. A snapshot with a field this version does not know (or lacks one it
    needs) is validated in full, so an older or newer shape is still read correctly.
    """
    import json

    data = json.loads(text)
    try:
        return _construct(Agenda, data, {
            "date": lambda d: None if d is None else dt.date.fromisoformat(d),
            "items": lambda items: [_construct(Item, i) for i in items],
            "prompts": lambda prompts: {k: _construct(PromptSet, p, {
                "categories": lambda cs: [_construct(Category, c) for c in cs],
                "points": lambda ps: [_construct(Point, p) for p in ps]}) for k, p in prompts.items()},
        })
    except (KeyError, TypeError, ValueError, AttributeError):
        return Agenda.model_validate(data)


def _construct(model: type[BaseModel], data: dict, convert: dict | None = None) -> BaseModel:
    fields = model.model_fields
    if not isinstance(data, dict) or not set(data) <= set(fields):
        raise ValueError(f"{model.__name__}: fields this version does not know")
    missing = [name for name, f in fields.items() if f.is_required() and name not in data]
    if missing:
        raise KeyError(missing)
    values = {k: (convert[k](v) if convert and k in convert else v) for k, v in data.items()}
    return model.model_construct(**values)
