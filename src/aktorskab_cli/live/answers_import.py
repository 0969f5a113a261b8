"""An answers file stored into a meeting: its answers and its [[status]] lines for the meeting's programme, all
or nothing. The one flow of `import NAVN SVAR.toml` (a new meeting) and `collect MØDE --from SVAR.toml` (one
that exists); each hands in how its answers are stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from aktorskab_cli.live.answers_file import StatusLine, load_answers_and_statuses
from aktorskab_cli.programme import work
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.store.records import Answer

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.programme.model import Programme
    from aktorskab_cli.store.db import Store

T = TypeVar("T")


@dataclass(frozen=True)
class AnswersFile:
    """A file's answers and statuses, checked against the agenda and the meeting's programme (None: it has
    none, and a [[status]] was a problem)."""

    answers: list[Answer]
    statuses: list[StatusLine]
    programme: Programme | None
    keep: str | None = None  # the programme file's text, to keep with the statuses (a followup item's programme)

    def save(self, store: Store, put: Callable[[list[Answer]], tuple[int, T]]) -> tuple[T, str]:
        """Store the answers with `put` (which gives the meeting's number and what its caller wants back) and
        the statuses as set in that meeting, in one transaction; with what `statuses_said` says of them."""
        from aktorskab_cli.programme.storage import remember_programme

        with store.transaction():
            session_id, result = put(self.answers)
            count = work.record_answer_statuses(store, self.programme, self.statuses, session_id)
            if count and self.keep is not None and self.programme is not None:  # so the archive gets them
                remember_programme(store, self.programme, self.keep)
        return result, statuses_said(count, self.programme)


def read_answers_file(path: Path, agenda: Agenda, programme: Programme | None,
                      store: Store | None = None) -> AnswersFile:
    """The file read and checked: every problem at once (ProblemsError, exit 2), nothing stored. `programme`:
    the one the meeting is held for; without, the one the agenda's followup item names, if any."""
    keep = None
    if programme is None and (named := work.followup_programme(agenda, store)) is not None:
        programme, keep = named
    answers, statuses = load_answers_and_statuses(path, agenda, work.status_problems(programme))
    return AnswersFile(answers, statuses, programme, keep)


def statuses_said(count: int, programme: Programme | None) -> str:
    """What import and collect add to their report about an answers file's [[status]] lines."""
    if not count or programme is None:
        return ""
    return f" {counted(count, 'status', 'statusser')} i programmet {programme.key} gemt."
