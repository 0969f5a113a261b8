"""The synthesis at the edge: what a session's synthesis is now (stored, or drafted), and the draft file
written out and read back. `summary draft`, `summary apply`, the board and `export` all start here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.store.records import Answer, Session
from aktorskab_cli.synthesis.draft import draft, summarised
from aktorskab_cli.synthesis.model import Synthesis, Theme
from aktorskab_cli.synthesis.storage import load_synthesis, save_synthesis

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store

THEMES = "temaer"  # the prompt set with seed 002's four themes


@dataclass(frozen=True)
class Current:
    """A session's synthesis as the facilitator works on it."""

    session: Session
    agenda: Agenda
    answers: list[Answer]
    synthesis: Synthesis
    stored: bool  # False: nothing stored yet, this is the automatic draft
    new: frozenset[str]  # points made for answers that arrived after the synthesis was stored


def current(store: Store, ref: str | int) -> Current:
    """The stored synthesis with points for new answers, or the automatic draft when none is stored."""
    with store.snapshot():
        session = store.session(ref)
        agenda = session.agenda
        answers = store.answers(session.id)
        stored = load_synthesis(store, session.id)
    synthesis, new = effective(agenda, answers, stored, session.note)
    return Current(session, agenda, answers, synthesis, stored is not None, new)


def only_suggestions_problem(work: Current, programme: str | None = None) -> tuple[str, str] | None:
    """Why the board (and a draft) has nothing to place when every answer is a followup item's (phones' status
    suggestions, which are statuses, never points: `draft.summarised`), and what to do instead: (what is there,
    the commands); None when there is more. `programme`: the one the meeting is linked to, else the agenda's
    `plan` names it, else »PROGRAM«."""
    from aktorskab_cli.agenda.followup import programme_name
    from aktorskab_cli.rules.commands import command
    from aktorskab_cli.rules.numbers import counted

    if not work.answers or summarised(work.agenda, work.answers):
        return None
    sid = work.session.id
    items = [i for i in work.agenda.items if i.is_followup and any(a.item_id == i.id for a in work.answers)]
    where = " og ".join(f"»{i.title}«" for i in items)
    name = programme or next((n for i in items if (n := programme_name(work.agenda, i))), None) or "PROGRAM"
    return (f"Møde {sid} har kun statusforslag ({counted(len(work.answers), 'forslag', 'forslag')} "
            f"under {where}) og ingen svar at samle: et forslag er en status i årets program, ikke et punkt.",
            f"Sæt statusserne med: {command(f'plan set {name} POST STATUS --session {sid}')} (forslagene står i: "
            f"{command(f'show {sid}')}), eller læg svar ind med: {command(f'collect {sid}')}")


def effective(agenda: Agenda, answers: list[Answer], stored: Synthesis | None,
              note: str | None) -> tuple[Synthesis, frozenset[str]]:
    """The synthesis to show: the stored one with points for answers that came after it (and their
    uuids), or the automatic draft with the default themes and the session's note as closing. A follow-up
    item's answers are never made points (`draft.summarised`)."""
    synthesis = draft(summarised(agenda, answers), stored, themes=default_themes(agenda), closing=note or "")
    if stored is None:
        return synthesis, frozenset()
    before = {p.uuid for p in stored.points}
    return synthesis, frozenset(p.uuid for p in synthesis.points if p.uuid not in before)


def default_themes(agenda: Agenda) -> list[Theme]:
    """Seed 002's four themes (Organisation · Roller og relationer · Ledelse · Arbejdsfællesskab og
    opgavepraksis): the agenda's own `temaer` frame if it has one, else the bundled one."""
    frame = agenda.prompts.get(THEMES)
    if frame is None:
        from aktorskab_cli.agenda.content import prompt_path
        from aktorskab_cli.agenda.resolve import load_prompt_set

        path = prompt_path(THEMES)
        if path is None:
            return []
        frame = load_prompt_set(path)
    return [Theme(c.id, f"{c.title} – {c.description[:1].lower()}{c.description[1:]}" if c.description else c.title)
            for c in frame.categories]


def draft_text(work: Current, apply: str) -> str:
    """The draft of `work`; `apply` the command that reads it back (named in the file's first lines: built with
    `rules.commands.command`, so a `--db` typed goes with it)."""
    from aktorskab_cli.synthesis.draft import suggest
    from aktorskab_cli.synthesis.draft_file import render_draft

    texts = {a.id: a.text for a in work.answers if a.id is not None}
    return render_draft(work.session.id, work.agenda, work.synthesis, work.answers,
                        suggestions=suggest(work.synthesis, texts), new=set(work.new), apply=apply)


def apply_draft(store: Store, path: Path) -> tuple[int, Synthesis]:
    """Read a draft file, check it against its session, and store it in one transaction."""
    from aktorskab_cli.agenda.loading import parse_toml, read_text, refuse_other_kind
    from aktorskab_cli.errors import BadInput
    from aktorskab_cli.synthesis.draft_file import parse_draft

    from aktorskab_cli.rules.commands import command

    text = read_text(path, command("summary draft MØDE -o {name}"))
    data = parse_toml(text, path.name)
    refuse_other_kind(data, path, "draft")
    session_ref = data.get("session")
    if not isinstance(session_ref, int) or isinstance(session_ref, bool):
        raise BadInput(f"{path.name}: session mangler eller er ikke et mødenummer; skriv fx session = 3 øverst "
                       "(aktorskab summary draft skriver det selv)")
    session = store.session(session_ref)
    session_id, synthesis = parse_draft(text, path.name, session.agenda, store.answers(session.id), data)
    save_synthesis(store, session_id, synthesis)
    return session_id, synthesis
