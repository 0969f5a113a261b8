"""What a draft file's types cannot say, checked after pydantic: ids that exist and are uuids, each answer
once, items, columns and themes that exist (with »mente du …?« for a near miss), no control characters in
any text – the rule answers are held to. Every problem as `fil, linje N, [[table]] nr. K, field: …`,
told in the order of the lines (`in_line_order`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.rules.commands import command
from aktorskab_cli.rules.ids import is_uuid
from aktorskab_cli.rules.text import control_problem, guess

Place = Callable[[tuple[Any, ...]], str]
_LINE = re.compile(r", linje (\d+)")


def in_line_order(problems: list[str]) -> list[str]:
    """Problems sorted by the line they name (those without a line first, in the order found)."""
    def line(problem: str) -> int:
        found = _LINE.search(problem)
        return int(found[1]) if found else 0

    return sorted(problems, key=line)


def meaning_problems(draft: Any, agenda: Agenda, known: set[int | None], place: Place,  # noqa: ANN401
                     from_header: set[tuple[str, int]] = frozenset()) -> list[str]:
    """Every problem of a validated draft (`draft_file._Draft`) the schema cannot see; `from_header`: the
    places whose id stands after their `[[table]]` header as »# id …« (told to delete that, not a line)."""
    problems = list(_text_problems(draft, place))
    if draft.order not in ("groups", "votes"):
        problems.append(f"{place(('order',))}: skal være »groups« (flest grupper først) eller »votes« (flest prikker)")
    themes = [t.id for t in draft.theme]
    problems += [f"{place(('theme', index, 'id'))}: temaet »{theme_id}« står to gange; giv det et andet id"
                 for index, theme_id in enumerate(themes) if themes.index(theme_id) != index]
    holder: dict[int, tuple[str, int, str]] = {}  # where each answer stands; made into text only for a problem
    uuids: dict[str, tuple[str, int]] = {}  # where each point's id stands
    for table in ("point", "barrier", "next"):
        for index, entry in enumerate(getattr(draft, table)):
            problems += _id_problems(entry.id, (table, index), uuids, (table, index) in from_header, place)
            problems += _answer_problems(entry.answers, (table, index, "answers"), known, holder, place,
                                         draft.session)
    problems += [f"{place(('action', index, 'points'))}: »{point_id}« er ikke id'et på et punkt i udkastet; "
                 "brug id'et fra et [[point]], [[barrier]] eller [[next]]"
                 for index, action in enumerate(draft.action) for point_id in action.points if point_id not in uuids]
    return problems + _place_problems(draft, agenda, themes, place)


def _id_problems(point_id: str | None, where: tuple[str, int], uuids: dict[str, tuple[str, int]],
                 in_header: bool, place: Place) -> list[str]:
    """A point's id is a uuid and stands once; `uuids` learns where it stands."""
    if not point_id:
        return []
    delete = f"»# id …« efter [[{where[0]}]]" if in_header else "linjen med id"
    if not is_uuid(point_id):
        return [f"{place((*where, 'id'))}: »{point_id}« er ikke et id, aktorskab har givet (et uuid som 3f2a9c1d-…); "
                f"slet {delete}, så får punktet et nyt"]
    first = uuids.setdefault(point_id, where)
    if first == where:
        return []
    return [f"{place((*where, 'id'))}: id'et står også ved {place(first)}; slet {delete} her, så får punktet et nyt"]


def _answer_problems(answer_ids: list[int], where: tuple[str, int, str], known: set[int | None],
                     holder: dict[int, tuple[str, int, str]], place: Place, session: int) -> list[str]:
    """Each answer of a point exists and stands in no other point; `holder` learns where each stands."""
    problems = []
    for answer_id in answer_ids:
        if answer_id not in known:
            problems.append(f"{place(where)}: svar {answer_id} findes ikke i mødet; brug id'erne fra udkastet "
                            f"(eller {command(f'export {session} --format json')})")
        elif answer_id in holder:
            problems.append(f"{place(where)}: svar {answer_id} står også i {place(holder[answer_id])}; "
                            "et svar må kun stå i ét punkt – fjern det det ene sted")
        else:
            holder[answer_id] = where
    return problems


def _place_problems(draft: Any, agenda: Agenda, themes: list[str], place: Place) -> list[str]:  # noqa: ANN401
    """Each point's item, column and theme exist; a near miss is named."""
    problems = []
    items = [i.id for i in agenda.items if i.is_dialogue]
    for index, p in enumerate(draft.point):
        item = agenda.item(p.item) if p.item else None
        if p.item and item is None:
            problems.append(f"{place(('point', index, 'item'))}: »{p.item}« er ikke et punkt i dagsordenen"
                            + (guess(p.item, items) or f"; brug et af: {', '.join(items)}"))
        if p.category and item is not None:
            frame = agenda.frame_for(item)
            if frame is None or frame.category(p.category) is None:
                known_ids = [c.id for c in frame.categories] if frame else []
                hint = guess(p.category, known_ids) or (f"; brug en af: {', '.join(known_ids)}" if known_ids
                                                        else "; fjern category")
                problems.append(f"{place(('point', index, 'category'))}: »{p.category}« er ikke en kolonne ved "
                                f"»{item.title}«{hint}")
        if p.theme and p.theme not in themes:
            hint = guess(p.theme, themes) or ("; brug et id fra [[theme]]" + (f": {', '.join(themes)}" if themes
                                                                             else " – eller tilføj temaet"))
            problems.append(f"{place(('point', index, 'theme'))}: temaet »{p.theme}« findes ikke{hint}")
    return problems


def _texts(draft: Any) -> Iterator[tuple[tuple[Any, ...], str]]:  # noqa: ANN401
    """Every text a draft states, with its place."""
    for key in ("title", "intro", "closing", "plan_title"):
        yield (key,), getattr(draft, key)
    fields = {"point": ("text",), "barrier": ("title", "text"), "next": ("text",),
              "theme": ("title", "text", "requires", "points_title"), "section": ("title", "lead", "bullets", "text"),
              "action": ("what", "who", "when")}
    for table, names in fields.items():
        for index, entry in enumerate(getattr(draft, table)):
            for name in names:
                value = getattr(entry, name)
                for text in value if isinstance(value, list) else [value]:
                    yield (table, index, name), text


def _text_problems(draft: Any, place: Place) -> Iterator[str]:  # noqa: ANN401
    for loc, text in _texts(draft):
        problem = control_problem(text)
        if problem:
            yield f"{place(loc)}: {problem}"
