"""What a valid answer is, for every path: typed, an answers file, an imported JSON and a phone."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from aktorskab_cli.rules.numbers import danish_number, parse_number
from aktorskab_cli.rules.text import CONTROL, control_problem

if TYPE_CHECKING:
    from aktorskab_cli.agenda.model import Agenda
    from aktorskab_cli.store.records import Answer

MAX_PHONE_ANSWER = 2000  # characters a phone may send in one answer


def answer_problems(answer: Answer, agenda: Agenda, place: Callable[[str], str]) -> list[str]:
    """What is wrong with one answer for a meeting with this agenda, every problem at once: an empty group or
    text, control characters in them, an item the agenda does not have, a category outside the item's
    frame, a question the item does not ask. The one rule for answers files, `collect --from` and an
    exported JSON (against the meeting's own agenda snapshot); `place(field)` names where, by the answers
    file's field names: item, group, text, question, category."""
    problems = []
    for field, value in (("group", answer.group), ("text", answer.text)):
        if not value.strip():
            problems.append(f"{place(field)}: må ikke være tom")
        elif control_problem(value):
            problems.append(f"{place(field)}: {control_problem(value)}")
    item = agenda.item(answer.item_id)
    if item is None:
        ids = ", ".join(i.id for i in agenda.items if i.is_dialogue) or ", ".join(i.id for i in agenda.items)
        return problems + [f"{place('item')}: »{answer.item_id}« er ikke et punkt i dagsordenen; brug et af: {ids}"]
    if answer.category is not None:
        frame = agenda.frame_for(item)
        if frame is None:
            problems.append(f"{place('category')}: punktet »{item.title}« har ingen ramme at sortere i; fjern category")
        elif frame.category(answer.category) is None:
            known = ", ".join(c.id for c in frame.categories)
            problems.append(f"{place('category')}: »{answer.category}« er ikke en kategori i rammen "
                            f"»{frame.name}«; brug en af: {known}")
    if answer.question is not None and not 1 <= answer.question <= len(item.questions):
        count = len(item.questions)
        has = f"har {count} spørgsmål" if count else "har ingen spørgsmål"
        problems.append(f"{place('question')}: spørgsmål {answer.question} findes ikke; punktet »{item.title}« {has}")
    return problems


def clean_answer_text(raw: str) -> str:
    """A text as a phone sent it or a facilitator typed it, made storable: NFC (an iPhone or a Mac terminal may
    send æ as a + ring), Unix line ends, no control characters (a pasted U+202E could turn »(Gruppe 2)«
    around), no outer blanks."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text).strip()


def phone_text_problem(text: str, limit: int = MAX_PHONE_ANSWER) -> str | None:
    """Why a phone's cleaned text cannot be stored, in the phone page's words; None when it can."""
    if not text:
        return "Skriv et svar, før I sender."
    if len(text) > limit:
        return (f"Svaret er for langt: {danish_number(len(text))} tegn; højst {danish_number(limit)}. "
                "Del det gerne i flere svar.")
    return None


def phone_question(chosen: str, asked: int) -> int | None:
    """The question a phone chose among an item's `asked` questions: '' or '0' is none (the only one, when the
    item asks one). Raises ValueError for anything else than one of the item's numbers (also '²' or '٣')."""
    if chosen in ("", "0"):
        return 1 if asked == 1 else None
    number = parse_number(chosen)
    if number is None or chosen != chosen.strip() or not 1 <= number <= asked:
        raise ValueError("Vælg et af spørgsmålene på listen.")
    return number
