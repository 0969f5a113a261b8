"""What the follow-up item shows, as plain text: no terminal library here (the widget in `followup_panel.py`
only draws it), so the tests read exactly what the facilitator and the room will see.

One line per entry: a marker at the chosen one, the status (padded, so the names line up), the entry's name,
its time, »forsinket« when its time is over and it is not done; on the facilitator's screen also how many
phones suggested a status. Under the list: the chosen entry's latest note and the phones' suggestions for it,
and the keys. The projector shows the same list, without suggestions and keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aktorskab_cli.programme.model import FOLLOWUP_TITLE, STATUS_LABELS, STATUSES, EntryState
from aktorskab_cli.live.followup import Suggestion
from aktorskab_cli.rules.numbers import counted
from aktorskab_cli.rules.text import cut

STATUS_KEYS = " · ".join(f"{n} {STATUS_LABELS[s]}" for n, s in enumerate(STATUSES, 1))
KEYS = f"↑/↓ vælg post · {STATUS_KEYS} · k bemærkning"  # f is told where there is a suggestion
WIDTH = max(len(label) for label in STATUS_LABELS.values())  # »ikke startet«
ENTER_HINT = "Enter gør ingenting her: tryk 1–5 for at sætte postens status (k: en bemærkning)."
NOTE_PROMPT = "Bemærkning til »{name}« (status: {status}) – Enter gemmer, Esc fortryder"
NOTE_CANCELLED = "Bemærkningen er ikke gemt."
NOTE_EMPTY = "Ingen bemærkning skrevet – intet er gemt."
NO_SUGGESTION = "Ingen forslag fra telefonerne til »{name}«."
SUGGESTION_TAKEN = "»{name}« er allerede »{status}«, som det nyeste forslag siger; intet er gemt."
NOTHING_CHOSEN = "Der er ingen post at sætte status på."


@dataclass(frozen=True)
class Line:
    text: str
    status: str  # the status id, for its colour
    chosen: bool


@dataclass(frozen=True)
class FollowupView:
    heading: str
    lines: tuple[Line, ...]
    detail: str  # under the list: the chosen entry's note and suggestions
    keys: str    # '' on the projector, and when there is nothing to set
    problem: str = ""  # no programme: why, and how to fix it (then there are no lines)


def entry_line(state: EntryState, today: dt.date, *, chosen: bool, suggested: int = 0) -> str:
    """'▶ i gang        2 forslag · Dialogmøde i OMU Administrationen · 4. kvartal 2025 · forsinket' (the
    suggestions first, so a narrow screen never cuts them off)."""
    parts = ([f"{suggested} forslag"] if suggested else []) + [state.entry.name, state.when.label]  # moved: the new due
    if state.late(today):
        parts.append("forsinket")
    return f"{'▶' if chosen else ' '} {state.label:<{WIDTH}}  " + " · ".join(parts)


def latest_note(state: EntryState) -> str:
    return next((line.note for line in reversed(state.trail) if line.note and line.origin != "held"), "")


def make_followup_view(title: str | None, states: Sequence[EntryState], cursor: int, today: dt.date, *,
                       suggestions: Mapping[str, Sequence[Suggestion]] | None = None, problem: str = "",
                       projector: bool = False) -> FollowupView:
    if problem or title is None:
        return FollowupView(FOLLOWUP_TITLE, (), "", "", problem)
    suggestions = {} if projector else (suggestions or {})
    if not states:
        return FollowupView(f"{title}: ingen poster at følge op på",
                            (), "Alle poster, hvis tid er kommet, er gennemført eller droppet.", "")
    count = len(states)
    heading = f"{title}: {counted(count, 'post', 'poster')} at følge op på"
    lines = tuple(Line(entry_line(s, today, chosen=n == cursor, suggested=len(suggestions.get(s.entry.id, ()))),
                       s.status, n == cursor) for n, s in enumerate(states))
    chosen = states[min(cursor, count - 1)]
    detail = []
    note = latest_note(chosen)
    if note:
        detail.append(f"Seneste bemærkning: {note}")
    offered = suggestions.get(chosen.entry.id, ())
    if offered:
        said = ", ".join(f"{s.group}: {STATUS_LABELS[s.status]}" for s in offered)
        newest = offered[-1]
        if newest.status == chosen.status:
            detail.append(f"Forslag fra telefonerne: {said} (det nyeste er postens status nu).")
        else:
            detail.append(f"Forslag fra telefonerne: {said}. Tryk f for at bruge det nyeste "
                          f"({newest.group}: {STATUS_LABELS[newest.status]}).")
    return FollowupView(heading, lines, "\n".join(detail), "" if projector else KEYS)


def window(lines: Sequence[Line], height: int, width: int = 0) -> list[str]:
    """The lines that fit in `height` rows of `width` (cut with '…'), always with the chosen one; what is
    left out is said as '… 3 poster mere nedenfor'."""
    texts = [cut(line.text, width) for line in lines]
    if height <= 0 or len(texts) <= height:
        return texts
    at = next((n for n, line in enumerate(lines) if line.chosen), 0)
    room = max(1, height - 2)  # a row for '… above' and one for '… below'
    first = max(0, min(at - room // 2, len(texts) - room))
    shown = texts[first:first + room]
    above, below = first, len(texts) - first - len(shown)
    out = ([f"  … {counted(above, 'post', 'poster')} mere ovenfor"] if above else []) + shown
    if below:
        out.append(f"  … {counted(below, 'post', 'poster')} mere nedenfor")
    return out
