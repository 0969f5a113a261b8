"""The synthesis as an editable TOML draft: written with every answer's words beside its id, read back
with every problem reported at once (file, line, what to change), all or nothing.

The keys are the contract scripts rely on: top level `session`, `title`, `intro`, `closing`; `[[point]]`
(`item`, `category`, `theme`, `text`, `answers`, `hidden`, `votes`, `id`), `[[section]]` (`title`,
`lead`, `bullets`, `text`), `[[theme]]` (`id`, `title`, `text`, `requires`), `[[barrier]]` (`title`,
`text`, `answers`), `[[next]]` (`text`, `answers`), `[[action]]` (`what`, `who`, `when`, `points`).

A point's id is written as a comment after its header, `[[point]]  # id 3f2a9c1d-…`, out of the reader's way;
an `id = "…"` line inside the table (older drafts) is read as well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field

from aktorskab_cli.agenda.loading import key_line, parse_toml, table_lines, validate
from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.errors import ProblemsError
from aktorskab_cli.rules.ids import is_uuid
from aktorskab_cli.rules.text import cut
from aktorskab_cli.store.records import Answer
from aktorskab_cli.synthesis.draft import SuggestedMerge
from aktorskab_cli.synthesis.draft_check import in_line_order, meaning_problems
from aktorskab_cli.synthesis.model import Action, Point, Section, Synthesis, Theme, new_id

TABLES = ("point", "section", "theme", "barrier", "next", "action")
Text = Annotated[str, Field(min_length=1)]
Ids = list[Annotated[int, Field(ge=1)]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Point(_Strict):
    item: str | None = None
    category: str | None = None
    theme: str | None = None
    text: Text
    answers: Ids = []
    hidden: bool = False
    votes: Annotated[int, Field(ge=0, le=100000)] | None = None
    id: str | None = None


class _Barrier(_Strict):
    title: Text
    text: str = ""
    answers: Ids = []
    hidden: bool = False
    id: str | None = None


class _Next(_Strict):
    text: Text
    answers: Ids = []
    hidden: bool = False
    id: str | None = None


class _Theme(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    text: str = ""
    requires: list[Text] = []
    points_title: str = ""


class _Section(_Strict):
    title: Text
    lead: str = ""
    bullets: list[Text] = []
    text: str = ""


class _Action(_Strict):
    what: Text
    who: str = ""
    when: str = ""
    points: list[Text] = []  # ids of the draft's points, barriers or lines of vejen videre it follows from


class _Draft(_Strict):
    session: Annotated[int, Field(ge=1)]
    title: str = ""
    intro: str = ""
    closing: str = ""
    order: str = "groups"
    plan_title: str = ""
    point: list[_Point] = []
    section: list[_Section] = []
    theme: list[_Theme] = []
    barrier: list[_Barrier] = []
    next: list[_Next] = []
    action: list[_Action] = []


# ------------------------------------------------------------------ reading


def parse_draft(text: str, name: str, agenda: Agenda, answers: Sequence[Answer],
                data: dict[str, Any] | None = None) -> tuple[int, Synthesis]:
    """The session id and synthesis a draft file states (`data`: the file already parsed as TOML);
    `ProblemsError` lists every problem."""
    data = parse_toml(text, name) if data is None else data
    headers = {t: table_lines(text, t) for t in TABLES}
    data, from_header, conflicts = _header_ids(text, data, headers)

    def place(loc: tuple[Any, ...]) -> str:
        if len(loc) >= 2 and loc[0] in headers and isinstance(loc[1], int):
            table, index = loc[0], loc[1]
            lines = headers[table]
            start = lines[index] if index < len(lines) else None
            field = str(loc[2]) if len(loc) > 2 else None
            if start is None:
                return f"{name}, [[{table}]] nr. {index + 1}" + (f", {field}" if field else "")
            end = next((n - 1 for t in headers.values() for n in t if n > start), None)
            line = (key_line(text, field, start, end) if field else None) or start
            return f"{name}, linje {line}, [[{table}]] nr. {index + 1}" + (f", {field}" if field else "")
        field = str(loc[0]) if loc else ""
        line = key_line(text, field) if field else None
        return f"{name}" + (f", linje {line}" if line else "") + (f", {field}" if field else "")

    twice = [f"{place((table, index, 'id'))}: der står både »# id …« efter [[{table}]] og en linje med id, og de er "
             "forskellige; slet den ene" for table, index in conflicts]
    try:
        draft = validate(_Draft, data, name, place)
    except ProblemsError as exc:
        raise ProblemsError(exc.headline, in_line_order(exc.problems + twice)) from None
    problems = twice + meaning_problems(draft, agenda, {a.id for a in answers}, place, from_header)
    if problems:
        raise ProblemsError(f"{name} kan ikke bruges – intet er gemt:", in_line_order(problems))
    points = [Point(text=p.text, answers=tuple(p.answers), item=p.item, category=p.category, theme=p.theme,
                    hidden=p.hidden, votes=p.votes, uuid=p.id or new_id()) for p in draft.point]
    points += [Point(text=b.title, detail=b.text, answers=tuple(b.answers), kind="barrier", hidden=b.hidden,
                     uuid=b.id or new_id()) for b in draft.barrier]
    points += [Point(text=n.text, answers=tuple(n.answers), kind="next", hidden=n.hidden, uuid=n.id or new_id())
               for n in draft.next]
    return draft.session, Synthesis(
        title=draft.title, intro=draft.intro, closing=draft.closing, order=draft.order,  # type: ignore[arg-type]
        plan_title=draft.plan_title, points=tuple(points),
        themes=tuple(Theme(t.id, t.title, t.text, tuple(t.requires), t.points_title) for t in draft.theme),
        sections=tuple(Section(s.title, s.lead, tuple(s.bullets), s.text) for s in draft.section),
        actions=tuple(Action(a.what, a.who, a.when, tuple(a.points)) for a in draft.action))


_HEADER_ID = re.compile(r"^\s*\[\[\s*[a-z]+\s*\]\]\s*#\s*id\b[\s:=]*\"?([^\s\"]*)")


def _header_ids(text: str, data: dict[str, Any], headers: dict[str, list[int]]
                ) -> tuple[dict[str, Any], set[tuple[str, int]], list[tuple[str, int]]]:
    """The ids the draft keeps after its headers (`[[point]]  # id 3f2a9c1d-…`) put into their tables, as an
    `id = "…"` line (the form of older drafts, still read) would be. Returns the data, the places whose id came
    from a header, and those where a header and an `id` line say different ids."""
    lines = text.splitlines()
    data, from_header, conflicts = dict(data), set(), []
    for table in ("point", "barrier", "next"):
        entries = data.get(table)
        if not isinstance(entries, list) or len(entries) != len(headers[table]):
            continue  # not the draft's own form (an inline array): only `id` lines count
        data[table] = entries = [dict(e) if isinstance(e, dict) else e for e in entries]
        for index, line in enumerate(headers[table]):
            found = _HEADER_ID.match(lines[line - 1])
            if not found or not found[1] or not isinstance(entries[index], dict):
                continue
            if "id" not in entries[index]:
                entries[index]["id"] = found[1]
                from_header.add((table, index))
            elif entries[index]["id"] != found[1]:
                conflicts.append((table, index))
    return data, from_header, conflicts


# ------------------------------------------------------------------ writing


def render_draft(session_id: int, agenda: Agenda, synthesis: Synthesis, answers: Sequence[Answer], *,
                 suggestions: Sequence[SuggestedMerge] = (), new: set[str] = frozenset(),
                 apply: str) -> str:
    """The draft as TOML with comments: each answer's group and words beside its id, suggested merges,
    and the points made for answers that arrived after the synthesis ("nye svar, endnu ikke samlet");
    `apply` is the command that reads it back, named in its first lines."""
    by_id = {a.id: a for a in answers}
    text_of = {p.uuid: p.text for p in synthesis.points}
    ids_of = {p.uuid: ", ".join(map(str, p.answers)) for p in synthesis.points}
    # An id that is no uuid (stored before ids were checked) never travels: the draft gives it a new one.
    renewed = {p.uuid: new_id() for p in synthesis.points if not is_uuid(p.uuid)}

    def header(table: str, p: Point) -> list[str]:
        old = [f"# Nyt id: det gemte (»{_short(p.uuid)}«) var ikke et uuid"] if p.uuid in renewed else []
        return [_header(table, renewed.get(p.uuid, p.uuid)), *old]

    similar: dict[str, list[SuggestedMerge]] = {}
    for s in suggestions:
        similar.setdefault(s.point, []).append(s)
        similar.setdefault(s.other, []).append(replace(s, point=s.other, other=s.point))
    out = [
        f"# Udkast til opsamling: {agenda.title} (møde {session_id}). Udfyld title, intro og closing, ret",
        f"# punkterne nedenfor, og læs filen ind med: {apply}",
        _pair("session", session_id),
        _filled("title", synthesis.title, f"dokumentets titel; tom: »Opsamling: {_short(agenda.title)}«"),
        _filled("intro", synthesis.intro, "indledningen øverst i opsamlingen"),
        _filled("closing", synthesis.closing, "»Opsamlende« til sidst (den samme tekst som aktorskab note)"),
        "order = " + _value(synthesis.order) + "  # groups: flest grupper først · votes: flest prikker først",
        _pair("plan_title", synthesis.plan_title),
        "",
        "# Ret teksterne, flet punkter ved at flytte svarenes id'er over i ét punkt (og slette det tomme),",
        "# flyt et punkt med category (kolonnen) og theme (temaet). Et svar står i højst ét punkt; svarene selv",
        "# ændres aldrig og står altid i bilaget. Lange tekster (intro, closing, afsnittenes text) kan have",
        "# afsnit, »- « punkter, »1. « numre, **fed** og *kursiv*. Linjer, der starter med #, er kommentarer; »# id …«",
        "# efter [[point]] holder punktet fast mellem udkast, tavle og arkiv: lad det stå (et punkt uden får et nyt).",
    ]
    order = {item.id: n for n, item in enumerate(agenda.items)}
    points = sorted(synthesis.of_kind("point"), key=lambda p: order.get(p.item or "", len(order)))
    current: object = object()
    for p in points:
        if p.item != current:
            current = p.item
            out += ["", _item_comment(agenda, p.item)]
        out += ["", *header("point", p)]
        if p.uuid in new:
            out.append("# Nyt svar, endnu ikke samlet")
        out += [_pair("item", p.item), _pair("category", p.category), _pair("theme", p.theme), _pair("text", p.text)]
        out += _answers(p, by_id)
        out += [f"# Ligner måske »{_short(text_of[s.other])}« (svar {ids_of[s.other]}; {s.said}): flyt id'erne "
                "hertil for at flette" for s in similar.get(p.uuid, ())]
        out += [_pair("votes", p.votes), _pair("hidden", p.hidden or None)]
    out += ["", "# ── Temaer: id, title, text, requires (»For at lykkes kræver det:«) og points_title",
            "#    (overskriften over punkterne; standard »Pointer fra dialogen«, fx »Pointer fra dialogen i HU«) ──"]
    for t in synthesis.themes:
        out += ["", "[[theme]]", _pair("id", t.id), _pair("title", t.title), _pair("text", t.text),
                _pair("requires", list(t.requires)), _pair("points_title", t.points_title)]
    out += ["", "# ── Frie afsnit, fx »Yderligere opmærksomhedspunkter« (title, lead, bullets, text) ──",
            *_example(EXAMPLE_SECTION)]
    for s in synthesis.sections:
        out += ["", "[[section]]", _pair("title", s.title), _pair("lead", s.lead), _pair("bullets", list(s.bullets)),
                _pair("text", s.text)]
    out += ["", "# ── Potentielle barrierer: title (overskriften) og text (afsnittet under den) ──",
            *_example(EXAMPLE_BARRIER)]
    for b in synthesis.of_kind("barrier"):
        out += ["", *header("barrier", b), _pair("title", b.text), _pair("text", b.detail), *_answers(b, by_id),
                _pair("hidden", b.hidden or None)]
    out += ["", "# ── Vejen videre: én linje pr. [[next]] ──", *_example(EXAMPLE_NEXT)]
    for n in synthesis.of_kind("next"):
        out += ["", *header("next", n), _pair("text", n.text), *_answers(n, by_id),
                _pair("hidden", n.hidden or None)]
    out += ["", "# ── Handleplan: what, who, when (fx \"4. kvartal 2025\" eller fri tekst); points: id'erne (efter »# id«) på de "
            "punkter, handlingen kommer af ──", *_example(EXAMPLE_ACTION)]
    for a in synthesis.actions:
        out += ["", "[[action]]", _pair("what", a.what), _pair("who", a.who), _pair("when", a.when),
                f"points = [{', '.join(_value(renewed.get(p, p)) for p in a.points)}]" if a.points else None]
    return "\n".join(line for line in out if line is not None) + "\n"


EXAMPLE_SECTION = ('[[section]]\ntitle = "Yderligere opmærksomhedspunkter"\nlead = "Fra dialogen i HU"\n'
                   'bullets = ["Der skal være sikker opbakning fra organisationen"]')
EXAMPLE_BARRIER = ('[[barrier]]\ntitle = "Uklart råderum"\ntext = "Hvis mandat, rammer og forventninger ikke er '
                   'tydelige, bliver det svært at handle sikkert og selvstændigt."')
EXAMPLE_NEXT = '[[next]]\ntext = "Tage det ud i de enkelte LMU\'er – hvad er aktørskab for os?"'
EXAMPLE_ACTION = '[[action]]\nwhat = "Dialogmøder i OMU"\nwho = "OMU"\nwhen = "1. kvartal 2026"'


def _example(toml: str) -> list[str]:
    """A commented example of a table: remove the »# « to use it."""
    return ["# Eksempel – fjern »# « foran linjerne for at bruge det:", *(f"# {line}" for line in toml.splitlines())]


def _header(table: str, point_id: str) -> str:
    """A point's table header with its id as a comment after it: kept, but out of the reader's way."""
    return f"[[{table}]]  # id {point_id}"


def _filled(key: str, value: str, comment: str) -> str:
    """A top-level text line that is always there to fill in, with what it is for."""
    written = f"{key} = {_value(value)}"
    return f"{written}  # {comment}" if "\n" not in written else f"# {key}: {comment}\n{written}"


def _item_comment(agenda: Agenda, item_id: str | None) -> str:
    item = agenda.item(item_id) if item_id else None
    if item is None:
        return "# ── Punkter uden et punkt i dagsordenen ──"
    frame = agenda.frame_for(item)
    columns = " · ".join(f"{c.id} = {c.title}" for c in frame.categories) if frame else "ingen ramme"
    return f"# ── {item.title} ({item.id}) ──\n# category: {columns}"


def _answers(p: Point, by_id: dict[int | None, Answer]) -> list[str]:
    if not p.answers:
        return ["answers = []"]
    lines = ["answers = ["]
    for answer_id in p.answers:
        a = by_id.get(answer_id)
        said = f"{a.group}: »{_short(a.text, 90)}«" if a else "(svaret findes ikke længere)"
        lines.append(f"  {answer_id},  # {said}")
    return lines + ["]"]


def _short(text: str, width: int = 60) -> str:
    """One line for a comment: no control characters (TOML refuses them even there), cut at `width`."""
    one = " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
    return cut(one, width)


def _pair(key: str, value: object) -> str | None:
    """`key = value` in TOML; None (no line) for an empty value, so the draft shows only what is said."""
    if value is None or value == "" or value == []:
        return None
    return f"{key} = {_value(value)}"


_PLAIN = re.compile(r'^[^"\\\x00-\x1f\x7f]*$')


def _value(value: object) -> str:
    """A TOML value; the common plain string, number and flag written directly (tomli_w per value costs
    a third of a second for a draft of 5,000 answers)."""
    if isinstance(value, str) and _PLAIN.match(value):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return tomli_w.dumps({"v": value}, multiline_strings=True)[4:].rstrip("\n")
