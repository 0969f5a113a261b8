"""The `plan` commands' work, between the CLI (which parses and prints) and the pure model and the store:
drafting a programme from a meeting's synthesis, adding its new actions to a file, setting a status, linking
a meeting to an entry, and checking the [[status]] tables of an answers file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aktorskab_cli.errors import BadInput
from aktorskab_cli.rules.commands import command
from aktorskab_cli.programme import catalogue
from aktorskab_cli.programme.file import blank_text, entries_text, header
from aktorskab_cli.programme.model import STATUS_LABELS, Entry, Programme, Source, StatusChange, new_change, parse_status
from aktorskab_cli.programme.when import When, parse_when

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Session
    from aktorskab_cli.synthesis.model import Action, Synthesis

STATUS_CHOICES = ", ".join(STATUS_LABELS.values())


# ------------------------------------------------------------------ new programmes, and actions added to one


def new_text(target: Path, source: str | None) -> str:
    """A new programme file: a copy of `source` (a bundled name or a file, its text as it is) or a small one."""
    if source is None:
        return blank_text(target.name, target.stem)
    path = catalogue.programme_path(source)
    if path is None:
        raise catalogue.unknown(source)
    from aktorskab_cli.agenda.loading import read_text

    text = read_text(path)
    # the programme's name is its file's: the copy's own comments name the copy (»plan = "aar:…"«, »plan check
    # aar.toml«)
    renamed = {f'plan = "{path.stem}:': f'plan = "{target.stem}:', "plan check FIL": f"plan check {target.name}",
               "plan show FIL": f"plan show {target.name}"}

    def named(line: str) -> str:
        for old, new in renamed.items():
            line = line.replace(old, new)
        return line

    return "".join(named(line) if line.startswith("#") else line for line in text.splitlines(keepends=True))


def opsamling_source(store: Store, ref: str) -> tuple[Session, Synthesis]:
    """Meeting `ref` and its stored synthesis, which must have an action plan."""
    from aktorskab_cli.synthesis.storage import load_synthesis

    session = store.session(ref)
    synthesis = load_synthesis(store, session.id)
    if synthesis is None or not synthesis.actions:
        raise BadInput(f"Møde {session.id} ({session.title}) har ingen handleplan i sammenfatningen endnu. "
                       "Skriv den som [[action]] med what, who og when i: "
                       f"{command(f'summary draft {session.id} -o udkast.toml')}, og gem den med: "
                       f"{command('summary apply udkast.toml')}")
    return session, synthesis


def new_from_opsamling(store: Store, ref: str, target: Path) -> tuple[str, int]:
    """A programme file drafted from meeting `ref`'s action plan; returns its text and how many entries."""
    session, synthesis = opsamling_source(store, ref)
    entries = new_entries(synthesis.actions, session, ())
    title = synthesis.plan_title or f"Handleplan fra {session.title}"
    text = header(target.name, target.stem, title, session.agenda.organisation) + entries_text(entries)
    return text, len(entries)


def add_from_opsamling(store: Store, name: str, ref: str) -> tuple[Path, str, int, int]:
    """Meeting `ref`'s actions the programme file does not hold yet, appended to it. Returns the file, its new
    text (the caller writes it), how many were added and how many it held already."""
    from aktorskab_cli.programme.file import appended
    from aktorskab_cli.programme.loading import load_programme

    path = catalogue.programme_path(name)
    if path is None:
        raise catalogue.unknown(name)
    if path in catalogue.bundled_programmes().values():
        raise BadInput(f"»{name}« er et indbygget program og kan ikke ændres. Lav din egen kopi først: "
                       f"aktorskab plan new {name}.toml --from {name}")
    programme, text = load_programme(path)
    session, synthesis = opsamling_source(store, ref)
    entries = new_entries(synthesis.actions, session, programme.entries)
    return path, appended(text, entries_text(entries)), len(entries), len(synthesis.actions) - len(entries)


def new_entries(actions: Sequence[Action], session: Session, existing: Sequence[Entry]) -> list[tuple[Entry, list[str]]]:
    """The actions as entries (with the comments above each), skipping those an entry already says (the same
    what and who, case and spacing aside) and those said twice; ids derived from the text, unique."""
    from aktorskab_cli.programme.loading import derive_id
    from aktorskab_cli.rules.dates import danish_date

    said = {_same(e.what, e.who) for e in existing}
    taken = {e.id for e in existing}
    out = []
    for action in actions:
        key = _same(action.what, action.who)
        if key in said:
            continue
        said.add(key)
        candidate = derive_id(action.what, action.who, taken)
        comments = [f"fra møde {session.id}: {session.title}, {danish_date(session.meeting_date)}"]
        when = parse_when(action.when) if action.when.strip() else None
        if when is None:
            comments.append(f"hvornår i sammenfatningen: »{action.when}« – ret til et kvartal eller en dato"
                            if action.when.strip() else "intet hvornår i sammenfatningen – ret til et kvartal eller en dato")
            when = When("ongoing")
        out.append((Entry(candidate, action.what, action.who, when, None, Source(session.uuid or "", action.points)),
                    comments))
    return out


def _same(what: str, who: str) -> tuple[str, str]:
    return " ".join(what.split()).casefold(), " ".join(who.split()).casefold()


# ------------------------------------------------------------------ statuses


def status_of(text: str, place: str = "") -> str:
    """A status typed by a user -> its id; exit 2 naming the five when it is none of them."""
    status = parse_status(text)
    if status is None:
        raise BadInput(f"{place}»{text}« er ikke en status; brug en af: {STATUS_CHOICES}")
    return status


def status_problems(programme: Programme | None) -> Callable[..., list[str]] | None:
    """The check of one [[status]] of an answers file against the meeting's programme: (entry, status, note,
    place, due) -> problems, for `live/answers_file.load_answers_and_statuses` (the live stage sits above this one,
    so it is handed the check). None when the meeting has no programme: then a [[status]] is a problem."""
    if programme is None:
        return None
    from aktorskab_cli.rules.text import control_chars

    def check(entry: str, status: str, note: str, place: Callable[[str], str], due: str | None = None) -> list[str]:
        problems = []
        if programme.entry(entry) is None:
            problems.append(f"{place('entry')}: {catalogue.entry_missing(programme, entry)}")
        if parse_status(status) is None:
            problems.append(f"{place('status')}: »{status}« er ikke en status; brug en af: {STATUS_CHOICES}")
        elif due is not None and (problem := due_problem(due, parse_status(status))[1]):
            problems.append(f"{place('due')}: {problem}")
        if control_chars(note):
            problems.append(f"{place('note')}: indeholder kontroltegn ({', '.join(control_chars(note))}); fjern dem")
        return problems
    return check


def set_status(store: Store, name: str, entry: str, status: str, *, note: str = "",
               session_ref: str | None = None, due: str | None = None) -> tuple[Programme, StatusChange, str]:
    """`plan set`: checked whole first (programme, entry, status, note, meeting, new due), then stored with the
    programme's snapshot in one transaction. Returns the programme, the change and what it moved (»flyttet fra
    2. kvartal 2026 til 3. kvartal 2026«, or '')."""
    from aktorskab_cli.programme.storage import entry_states, record_change, remember_programme
    from aktorskab_cli.rules.text import control_chars

    programme, text = catalogue.load(name, store)
    if programme.entry(entry) is None:
        raise BadInput(catalogue.entry_missing(programme, entry))
    status_id = status_of(status)
    if control_chars(note):
        raise BadInput(f"--note indeholder kontroltegn ({', '.join(control_chars(note))}); fjern dem")
    moved_to = None
    if due is not None:
        before = next(s for s in entry_states(store, programme) if s.entry.id == entry).when
        moved_to, problem = due_problem(due, status_id)
        if problem:
            raise BadInput(f"--ny-frist {problem}")
        if moved_to == before:
            raise BadInput(f"--ny-frist »{moved_to.label}« er postens frist i forvejen; angiv en anden, eller sæt "
                           "status uden --ny-frist")
    session = store.session(session_ref).uuid if session_ref is not None else None
    change = new_change(programme.key, entry, status_id, note=note, session=session, origin="set", due=moved_to)
    with store.transaction():
        remember_programme(store, programme, text)
        record_change(store, change)
    moved = f"flyttet fra {before.label} til {moved_to.label}" if moved_to is not None else ""
    return programme, change, moved


def due_problem(text: str, status: str) -> tuple[When | None, str]:
    """A new due as typed (`plan set --ny-frist`, an answers file's `due`), read as a programme file's `when`:
    (the due, '') or (None, what is wrong with it, in Danish, for the caller to place)."""
    from aktorskab_cli.programme.model import CLOSED

    when = parse_when(text)
    if when is None:
        return None, (f"»{text}« kan ikke læses; skriv et kvartal som »3. kvartal 2026« (eller »2026 K3«), en dato som "
                      "2026-09-30 eller »30. september 2026«, eller »løbende«")
    if status in CLOSED:
        return None, (f"passer ikke til »{STATUS_LABELS[status]}«: en post, der er gennemført eller droppet, har ingen "
                      "frist. Brug den med »ikke startet«, »i gang« eller »ændret«")
    return when, ""


def session_programme(store: Store, session_id: int) -> Programme | None:
    """The programme meeting `session_id` was held for (as kept on this laptop), or None."""
    from aktorskab_cli.programme.storage import session_link, stored_programme

    linked = session_link(store, session_id)
    found = stored_programme(store, linked[0]) if linked else None
    return found[0] if found else None


def followup_programme(agenda: Agenda, store: Store | None = None) -> tuple[Programme, str] | None:
    """The programme the agenda's followup items name themselves (`plan = "NAME"` at the item) and its file's
    text: where an answers file's [[status]] lines go for a meeting held for no entry, as the live screen takes
    it (agenda/followup.programme_name). None when no item names one, they name different ones, or it cannot be
    read – then a [[status]] is a problem, told with how to fix it."""
    from aktorskab_cli.errors import AktorskabError

    names = {item.plan for item in agenda.items if item.kind == "followup" and item.plan}
    if len(names) != 1:
        return None
    try:
        return catalogue.load(names.pop(), store)
    except AktorskabError:
        return None


def record_answer_statuses(store: Store, programme: Programme | None, lines: Sequence[object], session_id: int) -> int:
    """Store an answers file's checked [[status]] lines as set in meeting `session_id`; joins the caller's
    transaction (the answers'). Returns how many were new."""
    from aktorskab_cli.programme.storage import record_changes

    if not lines or programme is None:
        return 0
    changes = changes_from_answers(store, programme.key, lines, session_id)
    record_changes(store, changes)
    return len(changes)


def changes_from_answers(store: Store, programme: str, lines: Sequence[object], session_id: int) -> list[StatusChange]:
    """The [[status]] lines of an answers file (checked; each with entry, status and note) as changes set in meeting
    `session_id`, in the file's order; a line this meeting already recorded from a file (the same entry, status
    and note) is not recorded again, so adding the same file twice adds nothing.

    Set when the meeting was held, for an imported meeting (its `--date`): what a meeting of last November
    decided, typed in today, must not win over what was set since. For a meeting run live: now."""
    import datetime as dt

    from aktorskab_cli.programme.storage import held_at, status_changes

    meeting = store.session(session_id)
    session = meeting.uuid
    done = {(c.entry, c.status, c.note, c.due) for c in status_changes(store, programme)
            if c.session == session and c.origin == "answers"}
    now = held_at(meeting) if meeting.status == "imported" else dt.datetime.now(dt.timezone.utc)
    out = []
    for n, line in enumerate(lines):
        key = (line.entry, parse_status(line.status), line.note.strip(), parse_when(line.due) if line.due else None)
        if key in done:
            continue
        done.add(key)
        out.append(new_change(programme, key[0], key[1], note=key[2], session=session, origin="answers",
                              at=now + dt.timedelta(microseconds=n), due=key[3]))
    return out


# ------------------------------------------------------------------ meetings held for an entry


@dataclass(frozen=True)
class Link:
    """A checked `NAME:ENTRY`: the programme (with its file's text) and the entry a meeting is held for."""

    programme: Programme
    text: str
    entry: str

    def store(self, store: Store, session_id: int) -> None:
        """Link the meeting and keep the programme; joins the caller's transaction (the session's)."""
        from aktorskab_cli.programme.storage import link_session, remember_programme

        with store.transaction():
            remember_programme(store, self.programme, self.text)
            link_session(store, session_id, self.programme.key, self.entry)


def check_link(ref: str | None, store: Store | None = None) -> Link | None:
    """`--plan NAME:ENTRY` or the agenda's `plan`, checked before anything is stored (exit 2 when the
    programme or the entry does not exist)."""
    if ref is None:
        return None
    programme, text, entry = catalogue.resolve_ref(ref, store)
    return Link(programme, text, entry)
