"""Printed material from an agenda: the participants' programme and the dialogue guide.

Pure: an `Agenda` goes in, a `Programme` or a `Guide` comes out, and the writers in
`writers/material_docx.py` and `writers/material_markdown.py` only render them. What the guide frames
the dialogue with comes from the agenda itself: its `intro` prompt sets open the guide, its `outro` sets
close it.
"""

from __future__ import annotations

from dataclasses import dataclass

from aktorskab_cli.agenda.model import Agenda, Item, PromptSet
from aktorskab_cli.errors import BadInput
from aktorskab_cli.agenda.schedule import footer_text
from aktorskab_cli.agenda.schedule import danish_date, format_span

KINDS = ("programme", "guide")
KIND_WORDS = {"programme": "program", "guide": "dialogguide"}  # also the stem of the default file name
DEFINITE = {"programme": "Programmet", "guide": "Dialogguiden"}
WRITING_LINE_CM = 0.85     # one handwritten line, with air
WRITING_SPACE_CM = 17      # what is left of an A4 page under an item's heading, time and purpose
HOW_TO_USE = ("Guiden følger mødets dialoger: hvert punkt begynder på en ny side med formålet og "
              "spørgsmålene. Skriv gruppens svar i felterne under hvert spørgsmål, og sortér dem bagefter i "
              "rammen på næste side. Svarene samles til sidst i en fælles opsamling.")


@dataclass(frozen=True)
class Row:
    """One line of the programme: '09:25–10:15', the title, who leads it."""

    time: str
    title: str
    lead: str | None
    minutes: int
    kind: str


@dataclass(frozen=True)
class Programme:
    title: str
    facts: str              # 'Hovedudvalget, Norddjurs Kommune · 2. april 2025 · Auditoriet'
    description: str | None
    rows: list[Row]
    footer: str
    logo: str | None

    @property
    def has_leads(self) -> bool:
        return any(r.lead for r in self.rows)


@dataclass(frozen=True)
class Point:
    title: str | None
    text: str | None


@dataclass(frozen=True)
class Section:
    """A framing text from prompts/: the four components, the description of aktørskab, "Vejen videre"."""

    title: str
    intro: str | None
    points: list[Point]
    outro: str | None
    source: str | None
    numbered: bool          # the four components are numbered; a frame's categories are not


@dataclass(frozen=True)
class Frame:
    """The frame a dialogue's answers are sorted into, printed with room to write under each category."""

    title: str
    intro: str | None
    layout: str             # "table": the categories side by side; "sections": one under the other
    categories: list[Point]


@dataclass(frozen=True)
class GuideItem:
    title: str
    time: str               # '09:25–10:15 (50 min.)'
    lead: str | None
    purpose: str | None
    note: str | None
    lead_in: str | None     # the question set's own introduction: 'Dialog med udgangspunkt i …, fx:'
    questions: list[str]
    frame: Frame | None

    @property
    def writing_rows(self) -> int:
        """Empty lines to write on under each question, so that the questions fill about one page."""
        per_question = WRITING_SPACE_CM / max(len(self.questions), 1) - 1.3  # less the question itself
        return max(2, min(8, int(per_question / WRITING_LINE_CM)))


@dataclass(frozen=True)
class Guide:
    title: str
    facts: str
    description: str | None
    how_to_use: str
    intro: list[Section]
    items: list[GuideItem]
    outro: list[Section]
    footer: str
    logo: str | None


Material = Programme | Guide


def build(agenda: Agenda, kind: str) -> Material:
    return programme(agenda) if kind == "programme" else guide(agenda)


def programme(agenda: Agenda) -> Programme:
    rows = [Row(time=_span(i), title=i.title, lead=i.lead, minutes=i.minutes, kind=i.kind) for i in agenda.items]
    return Programme(title=agenda.title, facts=_facts(agenda), description=agenda.description, rows=rows,
                     footer=_footer(agenda), logo=agenda.logo)


def guide(agenda: Agenda) -> Guide:
    return Guide(
        title=f"Dialogguide: {agenda.title}", facts=_facts(agenda), description=agenda.description,
        how_to_use=HOW_TO_USE,
        intro=[_section(agenda.prompts[n]) for n in agenda.intro if n in agenda.prompts],
        items=[_guide_item(agenda, i) for i in agenda.items if i.is_dialogue],
        outro=[_section(agenda.prompts[n]) for n in agenda.outro if n in agenda.prompts],
        footer=_footer(agenda), logo=agenda.logo,
    )


def default_name(agenda: Agenda, kind: str, fmt: str) -> str:
    """'program-temadag.docx', 'dialogguide-lmu.md'."""
    return f"{KIND_WORDS[kind]}-{agenda.name}.{fmt}"


def _guide_item(agenda: Agenda, item: Item) -> GuideItem:
    question_set = agenda.prompts.get(item.question_set) if item.question_set else None
    frame = agenda.frame_for(item)
    return GuideItem(
        title=item.title, time=f"{_span(item)} ({item.minutes} min.)", lead=item.lead, purpose=item.purpose,
        note=item.note, lead_in=question_set.intro if question_set else None, questions=list(item.questions),
        frame=_frame(frame) if frame else None,
    )


def _frame(frame: PromptSet) -> Frame:
    return Frame(title=frame.title, intro=frame.intro, layout=frame.layout,
                 categories=[Point(c.title, c.description) for c in frame.categories])


def _section(prompts: PromptSet) -> Section:
    """A text's points, or a frame's categories read as text (a frame named as outro, e.g. "Vejen videre")."""
    if prompts.kind == "frame":
        points = [Point(c.title, c.description) for c in prompts.categories]
    else:
        points = [Point(p.title, p.text) for p in prompts.points]
    numbered = prompts.kind == "text" and any(p.title for p in points)
    return Section(title=prompts.title, intro=prompts.intro, points=points, outro=prompts.outro,
                   source=prompts.source, numbered=numbered)


def _span(item: Item) -> str:
    return format_span(item.start, item.end)


def _facts(agenda: Agenda) -> str:
    return " · ".join(x for x in (agenda.organisation, danish_date(agenda.date) if agenda.date else None,
                                  agenda.place) if x)


def _footer(agenda: Agenda) -> str:
    return footer_text(agenda.footer or agenda.title.upper(), agenda.date)


def parse_kind(value: str) -> str:
    """'programme', 'guide', or the Danish 'program', 'dialogguide'; anything else is a usage error."""
    wanted = value.strip().lower()
    for kind, word in KIND_WORDS.items():
        if wanted in (kind, word):
            return kind
    raise BadInput(f"--kind {value} kendes ikke; vælg programme (programmet på én side) "
                   "eller guide (dialogguiden med spørgsmål og plads til at skrive)")
