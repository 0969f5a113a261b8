"""What a TOML file may say: the pydantic models of an agenda file and of a prompt file.

Only the validating path (`resolve`, through `loading.validate`) imports this module, and with it pydantic;
what they become is the plain dataclasses of `model`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from aktorskab_cli.agenda.model import KIND_ALIASES, Kind
from aktorskab_cli.agenda.schedule import MAX_MINUTES, parse_clock
from aktorskab_cli.rules.text import MAX_ITEMS, MAX_TEXT

ClockTime = Annotated[int, BeforeValidator(parse_clock)]
PositiveMinutes = Annotated[int, Field(ge=0, le=MAX_MINUTES)]
_NAME = r"^[a-z0-9][a-z0-9-]*$"


def _kind(value: object) -> object:
    return KIND_ALIASES.get(value, value) if isinstance(value, str) else value


def _link(value: object) -> object:
    from aktorskab_cli.agenda.followup import LINK_FORM, split_link

    if isinstance(value, str) and split_link(value) is None:
        raise ValueError(LINK_FORM)
    return value.strip() if isinstance(value, str) else value


# defer_build: a validator is built on first use, not at import. Models used only nested (CategoryFile,
# PassageFile, ItemFile) then never build their own.
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True, str_max_length=MAX_TEXT)


class CategoryFile(_Strict):
    id: Annotated[str, Field(pattern=_NAME)]
    title: Annotated[str, Field(min_length=1)]
    description: str | None = None


class PassageFile(_Strict):
    """A framing text's `[[point]]` as written: becomes a `Passage` (agenda/model.py), never a synthesis `Point`."""

    title: str | None = None
    text: Annotated[str, Field(min_length=1)]


class PromptFile(_Strict):
    """A file in prompts/ as written: a question set, a summary frame, or a framing text."""

    name: str = ""  # allowed in the file, always replaced by the file's own name
    title: Annotated[str, Field(min_length=1)]
    kind: Literal["questions", "frame", "text"]
    source: str | None = None
    intro: str | None = None
    outro: str | None = None
    questions: list[Annotated[str, Field(min_length=1)]] = []
    layout: Literal["table", "sections"] = "table"
    numbering: Literal["1.", "1)"] | None = None  # how a text's points are numbered, as in its source
    categories: list[CategoryFile] = Field(default=[], alias="category")
    points: list[PassageFile] = Field(default=[], alias="point")

    model_config = ConfigDict(populate_by_name=True)


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
    plan: Annotated[str, Field(min_length=1)] | None = None  # a followup item's programme: NAME or FILE


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
    plan: Annotated[str, BeforeValidator(_link)] | None = None  # "NAME:ENTRY" of the year's programme
    intro: list[str] = []
    outro: list[str] = []
    items: Annotated[list[ItemFile], Field(min_length=1, max_length=MAX_ITEMS)] = Field(alias="item")
