"""What a programme file may say: pydantic models, imported only to validate one (`loading`); what they become
is the plain dataclasses of `model`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class SourceFile(_Strict):
    meeting: Text  # the meeting's uuid
    points: list[Text] = []  # uuids of points of its synthesis


class EntryFile(_Strict):
    """One [[entry]] as written."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    what: Text
    who: str = ""
    when: str | dt.date  # read by programme.when.parse_when
    agenda: Text | None = None
    source: SourceFile | None = None


class ProgrammeFile(_Strict):
    title: Text
    organisation: str | None = None
    entries: list[EntryFile] = Field(default=[], alias="entry")
