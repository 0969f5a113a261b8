"""The answer dialogue: a group's answers typed in one after another and sorted into the frame.

Every question asked goes through a `Prompter`; `QuestionaryPrompter` is the real one (questionary,
`unsafe_ask()` so Ctrl-C reaches us). Each answer is stored the moment Enter is pressed, before the
category is even asked, so nothing typed is lost; Ctrl-C or end of input becomes `Interrupted`, whose
message says how many answers were saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from aktorskab_cli.agenda.model import Agenda, Item
from aktorskab_cli.errors import Interrupted
from aktorskab_cli.rules.answers import clean_answer_text
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.groups import group_number
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.rules.text import cut
from aktorskab_cli.store.db import Store
from aktorskab_cli.store.records import Answer

NO_CATEGORY = "-"  # a questionary choice's value may not be None
ALL_QUESTIONS = 0
NEW_GROUP = "\x00ny"
DONE = "\x00færdig"
MORE = "\x00flere"
ASK = object()  # the question is asked only when the group writes more


@dataclass(frozen=True)
class Option:
    title: str
    value: Any
    shortcut: str | None = None


class Prompter(Protocol):
    def select(self, message: str, options: list[Option], default: Any = None) -> Any: ...
    def text(self, message: str, default: str = "") -> str: ...
    def confirm(self, message: str, default: bool = True) -> bool: ...
    def say(self, text: str) -> None: ...


class QuestionaryPrompter:
    """Every questionary call of the program, in one place."""

    def select(self, message: str, options: list[Option], default: Any = None) -> Any:
        import questionary

        choices = [questionary.Choice(o.title, o.value, shortcut_key=o.shortcut or True) for o in options]
        chosen = next((c for c in choices if c.value == default), None)
        shortcuts = any(o.shortcut for o in options)
        # a digit only moves the pointer (questionary has no choose-at-once); the hint says just that
        hint = "(tal eller piletaster flytter markøren, Enter vælger)" if shortcuts else "(piletaster, Enter vælger)"
        return questionary.select(message, choices=choices, default=chosen, use_shortcuts=shortcuts,
                                  instruction=hint).unsafe_ask()

    def text(self, message: str, default: str = "") -> str:
        import questionary

        return questionary.text(message, default=default).unsafe_ask().strip()

    def confirm(self, message: str, default: bool = True) -> bool:
        # a select, not questionary.confirm: that one only knows y/n, and a Danish user answers j/n
        return bool(self.select(message, [Option("Ja", True), Option("Nej", False)], default))

    def say(self, text: str) -> None:
        print(text, flush=True)


@dataclass
class Dialogue:
    """Take down the answers of one session's dialogue items."""

    store: Store
    session_id: int
    agenda: Agenda
    ask: Prompter
    groups: int | None = None
    saved: int = 0
    last_category: dict[tuple[str, str], str] = field(default_factory=dict)  # (item, group) → category

    # -- the whole flow for one item ------------------------------------------------------------------
    def item(self, item: Item) -> None:
        self.ask.say(f"\n{item.title}")
        for n, question in enumerate(item.questions, 1):
            self.ask.say(f"  {n}. {question}")
        visited: set[str] = set()  # the groups taken in this round: the pointer moves on past them
        while (group := self.pick_group(item, visited)) is not None:
            visited.add(group)
            if self.store.answers(self.session_id, item.id, group):  # straight to its answers, to re-sort one
                self.review(item, group)
                continue
            question = self.pick_question(item)
            self.take_answers(item, group, question)
            self.review(item, group, question)

    def pick_group(self, item: Item, visited: set[str] | frozenset[str] = frozenset()) -> str | None:
        """The pointer starts on the first group without answers, else on the first group not yet taken in
        this round – never on »Færdig med punktet« while a group is left: when phones have answered for
        every group, a habitual Enter opens Gruppe 1's answers instead of closing the item."""
        counts: dict[str, int] = {}
        for answer in self.store.answers(self.session_id, item.id):
            counts[answer.group] = counts.get(answer.group, 0) + 1
        numbered = self.groups or 1 + max((n for n in map(group_number, counts) if n), default=0)
        names = [f"Gruppe {n}" for n in range(1, numbered + 1)]
        names += [g for g in counts if g not in names]
        options = [Option(f"{g} ({counted(counts[g], 'svar', 'svar')})" if counts.get(g) else g, g) for g in names]
        options += [Option("Ny gruppe…", NEW_GROUP), Option("Færdig med punktet", DONE)]
        default = next((g for g in names if not counts.get(g) and g not in visited), None) \
            or next((g for g in names if g not in visited), DONE)
        while (chosen := self.ask.select("Hvilken gruppe?", options, default)) == NEW_GROUP:
            if name := self.ask.text("Gruppens navn (tom linje: tilbage til grupperne):"):
                return name
        return None if chosen == DONE else chosen

    def pick_question(self, item: Item) -> int | None:
        if len(item.questions) < 2:
            return 1 if item.questions else None
        options = [Option("Alle spørgsmål", ALL_QUESTIONS)]
        options += [Option(f"{n}. {cut(q, 60)}", n) for n, q in enumerate(item.questions, 1)]
        chosen = self.ask.select("Hvilket spørgsmål svarer gruppen på?", options, ALL_QUESTIONS)
        return chosen or None

    def take_answers(self, item: Item, group: str, question: int | None) -> None:
        count = len(self.store.answers(self.session_id, item.id, group))
        while True:
            text = clean_answer_text(self.ask.text(f"{group}, svar {count + 1} (tom linje: gruppen er færdig):"))
            if not text:
                return
            answer_id = self.store.add_answer(self.session_id, Answer(item.id, group, text, question, None))
            self.saved += 1
            count += 1
            # the pointer starts where this group's last answer went; a group's first answer starts on
            # "Ingen kategori": an Enter then leaves it unsorted, in plain sight, not in another's category
            remembered = self.last_category.get((item.id, group), NO_CATEGORY)
            category = self.pick_category(item, remembered)
            if category is not None:
                self.store.set_category(answer_id, category)
            self.last_category[(item.id, group)] = category or NO_CATEGORY

    def pick_category(self, item: Item, current: str | None) -> str | None:
        """The category for one answer, the pointer on `current` (None: on "Ingen kategori")."""
        frame = self.agenda.frame_for(item)
        if frame is None or not frame.categories:
            return None
        options = [Option(c.title, c.id, str(n)) for n, c in enumerate(frame.categories[:9], 1)]
        options += [Option(c.title, c.id) for c in frame.categories[9:]]
        options.append(Option("Ingen kategori", NO_CATEGORY, "0"))
        chosen = self.ask.select("Hvor hører svaret hjemme?", options, current or NO_CATEGORY)
        return None if chosen == NO_CATEGORY else chosen

    # -- review: what the group said, with edit and delete ----------------------------------------------
    def shown(self, text: str, width: int = 60) -> str:
        """An answer in a list: whole where the prompter wraps long lines (the answer panel), else on one
        line cut at `width` (questionary's list in a terminal)."""
        return text if getattr(self.ask, "wraps", False) else cut(" ".join(text.split()), width)

    def review(self, item: Item, group: str, question: object = ASK) -> None:
        frame = self.agenda.frame_for(item)
        titles = {c.id: c.title for c in frame.categories} if frame else {}
        while True:
            answers = self.store.answers(self.session_id, item.id, group)
            if not answers:
                return
            options = [Option(f"{self.shown(a.text)}  [{titles.get(a.category or '', 'ingen kategori')}]", a.id)
                       for a in answers]
            options += [Option("Skriv flere svar", MORE), Option(f"Færdig med {group}", DONE)]
            said = counted(len(answers), "svar", "svar")
            chosen = self.ask.select(f"{group} sagde ({said}) – vælg et svar for at rette det:",
                                     options, DONE)
            if chosen == DONE:
                return
            if chosen == MORE:
                if question is ASK:
                    question = self.pick_question(item)
                self.take_answers(item, group, question)  # type: ignore[arg-type]
                continue
            self.change(item, next(a for a in answers if a.id == chosen))

    def change(self, item: Item, answer: Answer) -> None:
        options = [Option("Ret teksten", "text"), Option("Skift kategori", "category"),
                   Option("Slet svaret", "delete"), Option("Tilbage", "back")]
        if self.agenda.frame_for(item) is None:
            options.pop(1)
        sortable = self.agenda.frame_for(item) is not None
        what = self.ask.select(f"»{self.shown(answer.text, 50)}«", options, "category" if sortable else "text")
        if what == "text":
            text = clean_answer_text(self.ask.text("Ret svaret:", default=answer.text))
            if text and text != answer.text:
                self.store.edit_answer(answer.id, text=text, category=answer.category, question=answer.question)
        elif what == "category":
            category = self.pick_category(item, answer.category)
            self.store.edit_answer(answer.id, text=answer.text, category=category, question=answer.question)
        elif what == "delete" and self.ask.confirm("Slet svaret?", default=False):
            self.store.delete_answer(answer.id)


def dialogue_items(agenda: Agenda, item_id: str | None = None) -> list[Item]:
    """The items to collect answers for: one named item, or every dialogue item."""
    from aktorskab_cli.errors import BadInput

    if item_id is None:
        return [i for i in agenda.items if i.is_dialogue]
    item = agenda.item(item_id)
    if item is None:
        known = ", ".join(i.id for i in agenda.items if i.is_dialogue) or "(ingen)"
        raise BadInput(f"Punktet »{item_id}« findes ikke i dagsordenen; dialogpunkter: {known}")
    return [item]


def collect(store: Store, session_id: int, agenda: Agenda, items: list[Item], *, groups: int | None = None,
            ask: Prompter | None = None) -> int:
    """Run the dialogue for `items`; returns how many answers were saved. Ctrl-C → Interrupted, whose
    command to go on carries --db FIL when the database was named on the command line."""
    dialogue = Dialogue(store, session_id, agenda, ask or QuestionaryPrompter(), groups)
    try:
        for item in items:
            dialogue.item(item)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(interrupted_text(store, session_id, dialogue.saved)) from None
    return dialogue.saved


def interrupted_text(store: Store, session_id: int, saved: int) -> str:
    """What is safe after Ctrl-C: every answer ended with Enter is stored; only the line being typed is not."""
    again = f"Fortsæt med: {command(f'collect {session_id}')}"
    if saved == 0:
        return f"Afbrudt. Møde {session_id} er uændret; intet var afsluttet med Enter i denne omgang. {again}"
    total = len(store.answers(session_id))
    now = counted(saved, "nyt", "nye")
    return (f"Afbrudt. Alle svar, der er afsluttet med Enter, er gemt: møde {session_id} har "
            f"{counted(total, 'svar', 'svar')} "
            f"({now} i denne omgang). Kun en linje, der ikke var afsluttet, er ikke gemt. {again}")


def saved_text(saved: int, session_id: int) -> str:
    """'1 nyt svar er gemt i møde 3.' / '4 nye svar …'"""
    return f"{counted(saved, 'nyt svar', 'nye svar')} er gemt i møde {session_id}."
