"""The follow-up item of a meeting (`kind = "followup"`): the programme it follows up, the entries it shows,
their statuses, the phones' suggestions, and the facilitator's changes. No terminal library here: the live
screen, the phone page and the tests all use the same `Followup`.

Which entries (the rule, also in the README): the programme's entries still open (neither »gennemført« nor
»droppet«) that this forum owns – the entry's `who` names the agenda's organisation (or the part before its
first comma), or the `who` of the entry this meeting is held for – or whose time has come (their first day is
today or before; »løbende« always), as `programme.model.for_followup` decides; and every entry whose status
was set in this meeting, so the list stays the same while the item runs (an entry set to »gennemført« stays,
with its new status) – the entry the meeting is held for among them: holding it counts as »gennemført«.

Every change goes through `programme/storage.py`, which commits before it returns: a status is on disk
before it is drawn (the kill -9 promise of the answers). A change carries the meeting's uuid and its origin:
»live« for a key, »phone« for a phone's suggestion the facilitator took.

A phone's suggestion is an answer of the item (so it is stored, hidden, exported and archived like any
answer) whose text says what it suggests, with the entry's id at the end, e.g.
»Forslag: Dialogmøder i OMU: Sundhed og omsorg → gennemført (omu-sundhed-og-omsorg)«; the
answers table has no field of its own for it, and a text that reads well in the opsamling's bilag is what
every path already carries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from dataclasses import dataclass, field

from aktorskab_cli.agenda.followup import NO_PLAN, link_hint, programme_name, split_link
from aktorskab_cli.agenda.material import FollowupEntries, FollowupLine
from aktorskab_cli.agenda.model import Agenda, Item
from aktorskab_cli.errors import AktorskabError
from aktorskab_cli.programme.model import STATUS_LABELS, STATUSES, Entry, EntryState, Programme, for_followup, \
    parse_status
from aktorskab_cli.store.db import Store
from aktorskab_cli.store.records import Answer

DIGITS = {str(n): status for n, status in enumerate(STATUSES, 1)}  # 1 ikke startet … 5 droppet
MAX_NOTE = 300  # characters of a one-line note
_SUGGESTION = re.compile(r"^Forslag: .* → (?P<status>[^→()]+?) \((?P<entry>[a-z0-9][a-z0-9-]*)\)$", re.S)


def suggestion_text(entry: Entry, status: str) -> str:
    return f"Forslag: {entry.name} → {STATUS_LABELS[status]} ({entry.id})"


def parse_suggestion(text: str) -> tuple[str, str] | None:
    """(entry id, status id) of a suggestion's text, or None for any other answer."""
    found = _SUGGESTION.match(text)
    status = parse_status(found["status"]) if found else None
    return (found["entry"], status) if found and status else None


@dataclass(frozen=True)
class Suggestion:
    entry: str
    status: str
    group: str
    answer_id: int


def suggestions(answers: Sequence[Answer]) -> dict[str, list[Suggestion]]:
    """The phones' suggestions among an item's answers, per entry, oldest first (hidden ones are not asked)."""
    out: dict[str, list[Suggestion]] = {}
    for answer in answers:
        parsed = parse_suggestion(answer.text) if answer.phone and not answer.hidden else None
        if parsed:
            out.setdefault(parsed[0], []).append(Suggestion(parsed[0], parsed[1], answer.group, answer.id or 0))
    return out


def forums(agenda: Agenda, link_entry: Entry | None) -> list[str]:
    """The names this meeting's forum goes by: the agenda's organisation (whole, and before its first comma:
    »OMU Administrationen, Norddjurs Kommune« → »OMU Administrationen«) and the `who` of its own entry."""
    names = []
    if agenda.organisation:
        names += [agenda.organisation, agenda.organisation.split(",")[0]]
    if link_entry is not None and link_entry.who:
        names.append(link_entry.who)
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]


def shown(states: Sequence[EntryState], names: Sequence[str], session_uuid: str | None,
          today: dt.date) -> list[EntryState]:
    """The entries the item shows (the module's rule), in the programme's order."""
    chosen = {s.entry.id for name in (names or [None]) for s in for_followup(states, name, today)}
    if session_uuid:
        chosen |= {s.entry.id for s in states if any(line.session == session_uuid for line in s.trail)}
    return [s for s in states if s.entry.id in chosen]


@dataclass
class Followup:
    """One followup item of one meeting: its programme (or why there is none) and the entries it shows."""

    store: Store
    item: Item
    session_id: int | None
    programme: Programme | None = None
    problem: str = ""  # when there is no programme: what to do about it, in Danish
    ids: tuple[str, ...] = ()  # the entries shown, fixed when the item opened
    cursor: int = 0
    toml: str = ""  # the programme file's text, kept with the first change (storage.remember_programme)
    remembered: bool = False
    states: list[EntryState] = field(default_factory=list)  # current, re-read by `refresh`
    _suggested: dict[str, list[Suggestion]] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, store: Store, agenda: Agenda, item: Item, session_id: int | None, *,
             link: str | None = None, today: dt.date | None = None) -> Followup:
        """The item's programme and entries; a programme that cannot be had is a `problem`, never an error:
        the meeting goes on."""
        from aktorskab_cli.programme import catalogue, storage

        found = cls(store, item, session_id)
        stored = storage.session_link(store, session_id) if session_id is not None else None
        link = link or (f"{stored[0]}:{stored[1]}" if stored else None)
        name = programme_name(agenda, item, link)
        if name is None:
            found.problem = _link_problem(store, agenda, session_id)
            return found
        try:
            found.programme, found.toml = catalogue.load(name, store)
        except AktorskabError as exc:
            # a file named by a path this process cannot see (another folder on resume): its copy kept here
            kept = storage.stored_programme(store, catalogue.key_of(name, Path(name)))
            if kept is None:
                found.problem = f"{exc.message}\n(Punktet følger op på plan = »{name}«.)"
                return found
            found.programme, found.toml = kept
        if session_id is not None:  # kept with the meeting at once: a resume elsewhere and the archive find it
            storage.remember_programme(store, found.programme, found.toml)
            found.remembered = True
        own = _own_entry(found.programme, link)
        session_uuid = found.session_uuid()
        states = storage.entry_states(store, found.programme, own=session_uuid)
        found.ids = tuple(s.entry.id for s in shown(states, forums(agenda, own), session_uuid,
                                                     today or dt.date.today()))
        found.refresh(states)
        return found

    def session_uuid(self) -> str | None:
        return self.store.session(self.session_id).uuid if self.session_id is not None else None

    def refresh(self, states: list[EntryState] | None = None) -> None:
        """Re-read the shown entries' statuses (a change here, a `plan set` or a pull elsewhere) and the
        phones' suggestions."""
        self._suggested = None
        if self.programme is None:
            return
        if states is None:
            from aktorskab_cli.programme.storage import entry_states

            states = entry_states(self.store, self.programme, own=self.session_uuid())
        self.states = [s for s in states if s.entry.id in self.ids]
        self.cursor = min(self.cursor, max(0, len(self.states) - 1))

    @property
    def chosen(self) -> EntryState | None:
        return self.states[self.cursor] if self.states else None

    def move(self, step: int) -> None:
        if self.states:
            self.cursor = max(0, min(len(self.states) - 1, self.cursor + step))

    def set_status(self, status: str, *, note: str = "", origin: str = "live", session_id: int | None = None) -> str:
        """Record `status` for the chosen entry (committed before this returns) and re-read; returns what the
        screen says about it."""
        from aktorskab_cli.programme.storage import record_status, remember_programme

        state = self.chosen
        if state is None or self.programme is None:
            return ""
        self.session_id = session_id if session_id is not None else self.session_id
        if not self.remembered:
            remember_programme(self.store, self.programme, self.toml)
            self.remembered = True
        record_status(self.store, self.programme.key, state.entry.id, status, note=note,
                      session=self.session_uuid(), origin=origin)  # type: ignore[arg-type]
        self.refresh()
        told = f"Gemt: »{state.entry.name}« er nu »{STATUS_LABELS[status]}«"
        return told + (f" – {note}." if note else ".")

    def suggestions(self) -> dict[str, list[Suggestion]]:
        """The phones' suggestions per entry, as last read (`refresh` reads them again)."""
        if self.session_id is None:
            return {}
        if self._suggested is None:
            self._suggested = suggestions(self.store.answers(self.session_id, self.item.id))
        return self._suggested


def _link_problem(store: Store, agenda: Agenda, session_id: int | None) -> str:
    """A meeting whose followup item follows up no programme: the command that links it (`link_hint`), with the
    programme last used here (else the first bundled one) and, as the example entry, the one this forum owns,
    else one held with this agenda, else its first meeting. Before the meeting is stored: the agenda's how-to."""
    from aktorskab_cli.programme import catalogue, storage

    key = storage.last_used_programme(store) or next(iter(catalogue.bundled_programmes()), None)
    if session_id is None or key is None:
        return NO_PLAN
    try:
        programme, _ = catalogue.load(key, store)
    except AktorskabError:
        return NO_PLAN
    names = [n.casefold() for n in forums(agenda, None)]
    owned = [e for e in programme.entries if e.who and any(e.who.casefold() in n or n in e.who.casefold()
                                                           for n in names)]
    alike = [e for e in programme.entries if e.agenda == agenda.name]
    meetings = [e for e in programme.entries if e.agenda]
    example = next(iter(owned + alike + meetings + list(programme.entries)), None)
    return link_hint(session_id, programme.key, example.id) if example else NO_PLAN


def _own_entry(programme: Programme, link: str | None) -> Entry | None:
    """The entry a meeting linked by `link` ("NAME:ENTRY") is held for, when it is of `programme`."""
    from aktorskab_cli.programme import catalogue

    linked = split_link(link) if link else None
    if linked and catalogue.key_of(linked[0], catalogue.programme_path(linked[0])) == programme.key:
        return programme.entry(linked[1])
    return None


def printed(agenda: Agenda, item: Item, store: Store | None, day: dt.date) -> FollowupEntries:
    """What the dialogue guide prints for a followup item before the meeting: the entries the live screen
    would show on `day` (the same rule, with the agenda's organisation and its `plan`), with their statuses
    as this laptop knows them (`store`, when there is one); or the problem, said in Danish."""
    from aktorskab_cli.programme import catalogue
    from aktorskab_cli.programme.model import states

    name = programme_name(agenda, item)
    statuses = tuple(STATUS_LABELS[s] for s in STATUSES)
    if name is None:
        return FollowupEntries(None, [], statuses, NO_PLAN)
    try:
        programme, _ = catalogue.load(name, store)
    except AktorskabError as exc:
        return FollowupEntries(name, [], statuses, f"{exc.message}\n(Punktet følger op på plan = »{name}«.)")
    if store is not None:
        from aktorskab_cli.programme.storage import entry_states

        found = entry_states(store, programme)
    else:
        found = states(programme, [], [])
    lines = [FollowupLine(s.entry.name, s.when.label, s.label)
             for s in shown(found, forums(agenda, _own_entry(programme, agenda.plan)), None, day)]
    return FollowupEntries(programme.title, lines, statuses)


def status_token(found: Followup) -> str:
    """The shown entries' statuses in a few characters (»1213«: each status's number, in the entries' fixed
    order): what a phone's page compares to know that its »nu: …« is out of date."""
    return "".join(str(STATUSES.index(s.status) + 1) for s in found.states)


def phone_choices(found: Followup) -> dict:
    """What a phone's suggestion form offers: each entry the screen shows, with its status now, and the five
    statuses to choose from (`missing`: the item follows up no programme; `token`: `status_token`)."""
    entries = [{"id": s.entry.id, "name": s.entry.name, "when": s.when.label, "status": s.label}
               for s in found.states]
    return {"entries": entries, "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
            "missing": found.programme is None, "token": status_token(found)}


def facilitator_choices(found: Followup) -> dict:
    """The facilitator's page: the phone's view, each entry with the suggestions that came in for it (group
    and status, oldest first), and why there are no entries (`problem`)."""
    view = phone_choices(found)
    offered = found.suggestions()
    for entry in view["entries"]:
        entry["suggestions"] = [(s.group, STATUS_LABELS[s.status]) for s in offered.get(entry["id"], [])]
    return {**view, "problem": found.problem}
