"""Printed material from an agenda: the participants' programme and the dialogue guide.

Pure: an `Agenda` goes in, a `PrintedProgramme` or a `Guide` comes out, and the writers in
`writers/material_docx.py` and `writers/material_markdown.py` only render them. What the guide frames
the dialogue with comes from the agenda itself: its `intro` prompt sets open the guide, its `outro` sets
close it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aktorskab_cli.agenda import followup
from aktorskab_cli.agenda.model import Agenda, Item, Passage, PromptSet
from aktorskab_cli.errors import BadInput
from aktorskab_cli.agenda.schedule import footer_text
from aktorskab_cli.agenda.schedule import format_span
from aktorskab_cli.rules.dates import danish_date

KINDS = ("programme", "guide")
KIND_WORDS = {"programme": "program", "guide": "dialogguide"}  # also the stem of the default file name
DEFINITE = {"programme": "Programmet", "guide": "Dialogguiden"}
WRITING_LINE_CM = 0.85     # one handwritten line, with air
WRITING_SPACE_CM = 17      # what is left of an A4 page under an item's heading, time and purpose
HOW_TO_USE = ("Guiden følger mødets dialoger: hver dialog begynder på en ny side med formålet og "
              "spørgsmålene. Skriv gruppens svar i felterne under hvert spørgsmål, og sortér dem bagefter i "
              "rammen, der følger efter dialogen. Svarene samles til sidst i en fælles opsamling.")
PROGRAMME_HEADING = "Program"
NO_PLAN_PRINTED = "Mødet følger ikke op på et program. Skriv de poster, I vil følge op på, i tabellen i hånden."
SUGGESTED_HEADING = "Forslag til tidsplan"  # the sources give no times: the agenda's are a suggestion


@dataclass(frozen=True)
class Row:
    """One item of the programme: '9.25–10.15', the title, who leads it, and what it holds."""

    time: str
    title: str
    lead: str | None
    minutes: int
    kind: str
    points: list[str] = field(default_factory=list)   # a talk's points, printed as a list under the title
    note: str | None = None
    lead_in: str | None = None                         # 'Eksempler på spørgsmål til dialog:'
    questions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PrintedProgramme:
    """The day's programme as printed (`agenda print`); not the year's plan of `programme/`."""

    title: str
    facts: str              # 'Hovedudvalget, Norddjurs Kommune · 2. april 2025 · Auditoriet'
    description: str | None
    heading: str            # 'Program', or 'Forslag til tidsplan' when the times are a suggestion
    rows: list[Row]
    footer: str
    logo: str | None


@dataclass(frozen=True)
class FramingText:
    """A framing text from prompts/: the four components, the description of aktørskab, "Vejen videre"."""

    title: str
    intro: str | None
    points: list[Passage]
    outro: str | None
    source: str | None
    numbering: str | None   # '1.' (the four components), '1)' (the six principles) or None: bullets

    def number(self, index: int) -> str:
        """'3. ' or '3) ' before the point at 1-based `index`, '' when the points are not numbered."""
        return f"{index}{self.numbering[-1]} " if self.numbering else ""


@dataclass(frozen=True)
class Frame:
    """The frame a dialogue's answers are sorted into, printed with room to write under each category."""

    title: str
    intro: str | None
    layout: str             # "table": the categories side by side; "sections": one under the other
    categories: list[Passage]


@dataclass(frozen=True)
class GuideItem:
    title: str
    time: str               # '9.25–10.15 (50 min.)'
    lead: str | None
    purpose: str | None
    note: str | None
    lead_in: str | None     # the question set's own introduction: 'Dialog med udgangspunkt i …, fx:'
    questions: list[str]
    frame: Frame | None     # printed after this dialogue: the first to use it
    same_frame_as: str | None = None  # the earlier dialogue whose frame this one's answers go into too

    @property
    def writing_rows(self) -> int:
        """Empty lines to write on under each question, so that the questions fill about one page."""
        per_question = WRITING_SPACE_CM / max(len(self.questions), 1) - 1.3  # less the question itself
        return max(2, min(8, int(per_question / WRITING_LINE_CM)))


@dataclass(frozen=True)
class FollowupLine:
    """An entry of the year's programme as the guide's follow-up page prints it, with its status now."""

    name: str               # 'Dialogmøder i OMU: Sundhed og omsorg': who is in it (`Entry.name`)
    when: str
    status: str             # 'i gang': its label


@dataclass(frozen=True)
class FollowupEntries:
    """What a followup item follows up, found by whoever can read programmes (`live/followup.printed`):
    the programme's name, the entries the live screen would show, the five status labels; or a `problem`
    (no programme named, or one that cannot be read) in Danish."""

    programme: str | None   # its title (»Aktørskab 2025-2026«), or the name it was given
    lines: list[FollowupLine]
    statuses: tuple[str, ...]
    problem: str | None = None


@dataclass(frozen=True)
class FollowupPage:
    """A followup item's page in the guide: its entries, each with the statuses as boxes to tick and room
    for a note."""

    title: str
    time: str
    lead: str | None
    purpose: str | None
    note: str | None
    entries: FollowupEntries

    @property
    def blank_rows(self) -> int:
        """Empty rows to write entries in by hand when no programme is named (or none is shown)."""
        return 0 if self.entries.lines else 5


@dataclass(frozen=True)
class Guide:
    title: str
    facts: str
    description: str | None
    how_to_use: str
    heading: str            # of the programme overview
    programme: list[Row]    # every item, so the talks' points are in the guide too
    intro: list[FramingText]
    items: list[GuideItem | FollowupPage]  # the dialogues and the followup items, in the agenda's order
    outro: list[FramingText]
    footer: str
    logo: str | None


Material = PrintedProgramme | Guide


def build(agenda: Agenda, kind: str, followups: Mapping[str, FollowupEntries] | None = None) -> Material:
    """`followups`: per followup item's id, what it follows up (the guide prints a page of it)."""
    return programme(agenda, followups) if kind == "programme" else guide(agenda, followups)


def programme(agenda: Agenda, followups: Mapping[str, FollowupEntries] | None = None) -> PrintedProgramme:
    rows = [_row(agenda, i, with_questions=True, followups=followups) for i in agenda.items]
    return PrintedProgramme(title=agenda.title, facts=_facts(agenda), description=agenda.description,
                            heading=_heading(agenda), rows=rows, footer=_footer(agenda), logo=agenda.logo)


def guide(agenda: Agenda, followups: Mapping[str, FollowupEntries] | None = None) -> Guide:
    """The framing texts, a page per dialogue and each frame once, after the first dialogue that uses it; a
    text named as outro that is already printed as a dialogue's frame ("Vejen videre") is not repeated; a
    page per followup item with the entries of `followups` (or, without them, how to name a programme)."""
    items: list[GuideItem | FollowupPage] = []
    first_user: dict[str, str] = {}
    for item in agenda.items:
        if item.is_followup:
            items.append(_followup_page(agenda, item, (followups or {}).get(item.id)))
            continue
        if not item.is_dialogue:
            continue
        name = item.frame or agenda.frame
        frame = agenda.frame_for(item)
        earlier = first_user.get(name) if frame and name else None
        if frame and name and earlier is None:
            first_user[name] = item.title
        items.append(_guide_item(agenda, item, None if earlier else frame, earlier))
    return Guide(
        title=f"Dialogguide: {agenda.title}", facts=_facts(agenda), description=agenda.description,
        how_to_use=HOW_TO_USE, heading=_heading(agenda),
        programme=[_row(agenda, i, with_questions=False, followups=followups) for i in agenda.items],
        intro=[_section(agenda.prompts[n]) for n in agenda.intro if n in agenda.prompts],
        items=items,
        outro=[_section(agenda.prompts[n]) for n in agenda.outro if n in agenda.prompts and n not in first_user],
        footer=_footer(agenda), logo=agenda.logo,
    )


def default_name(agenda: Agenda, kind: str, fmt: str) -> str:
    """'program-temadag.docx', 'dialogguide-lmu.md'."""
    return f"{KIND_WORDS[kind]}-{agenda.name}.{fmt}"


def _guide_item(agenda: Agenda, item: Item, frame: PromptSet | None, same_frame_as: str | None) -> GuideItem:
    return GuideItem(
        title=item.title, time=f"{_span(item)} ({item.minutes} min.)", lead=item.lead, purpose=item.purpose,
        note=item.note, lead_in=_lead_in(agenda, item), questions=list(item.questions),
        frame=_frame(frame) if frame else None, same_frame_as=same_frame_as,
    )


def _followup_page(agenda: Agenda, item: Item, entries: FollowupEntries | None) -> FollowupPage:
    if entries is None:
        name = followup.programme_name(agenda, item)
        entries = FollowupEntries(name, [], (), None if name else followup.NO_PLAN)
    return FollowupPage(title=item.title, time=f"{_span(item)} ({item.minutes} min.)", lead=item.lead,
                        purpose=item.purpose, note=item.note, entries=entries)


def followup_lead(page: FollowupPage) -> str:
    """The sentence over a followup page's table: which programme and what to do, or why it is empty."""
    entries = page.entries
    if entries.problem == followup.NO_PLAN:  # a page for the room: no TOML instructions on it, only the fact
        return NO_PLAN_PRINTED
    if entries.problem:
        return f"{entries.problem} Indtil da kan I skrive posterne i tabellen i hånden."
    if not entries.lines:
        return (f"Ingen poster i programmet »{entries.programme}« er åbne for dette forum i dag. Skriv de poster, "
                "I vil følge op på, i tabellen i hånden.")
    return (f"Posterne fra programmet »{entries.programme}«, som dette forum står for, eller hvis tid er kommet. "
            "Sæt ét kryds ved hver posts status, og skriv en kort note; statusserne sættes bagefter på skærmen "
            "under punktet (eller med aktorskab plan set).")


def _row(agenda: Agenda, item: Item, with_questions: bool,
         followups: Mapping[str, FollowupEntries] | None = None) -> Row:
    """A programme line with the item's content: its points, its note, and its questions unless the points
    already say them (as the case paper's programme does); the guide leaves the questions to their own page."""
    questions = list(item.questions) if with_questions and not item.points else []
    note = item.note
    if item.is_followup:  # say what the item is: its statuses, and which programme it follows up (by its title)
        found = (followups or {}).get(item.id)
        title = found.programme if found is not None and found.problem is None else None
        note = " ".join(filter(None, [followup.about(agenda, item, title), item.note]))
    return Row(time=_span(item), title=item.title, lead=item.lead, minutes=item.minutes, kind=item.kind,
               points=list(item.points), note=note, questions=questions,
               lead_in=_lead_in(agenda, item) if questions else None)


def _lead_in(agenda: Agenda, item: Item) -> str | None:
    question_set = agenda.prompts.get(item.question_set) if item.question_set else None
    return question_set.intro if question_set else None


def _frame(frame: PromptSet) -> Frame:
    return Frame(title=frame.title, intro=frame.intro, layout=frame.layout,
                 categories=[Passage(title=c.title, text=c.description) for c in frame.categories])


def _section(prompts: PromptSet) -> FramingText:
    """A text's points, or a frame's categories read as text (a frame named as outro, e.g. "Vejen videre")."""
    if prompts.kind == "frame":
        points = [Passage(title=c.title, text=c.description) for c in prompts.categories]
    else:
        points = list(prompts.points)
    numbering = prompts.numbering
    if numbering is None and prompts.kind == "text" and any(p.title for p in points):
        numbering = "1."
    return FramingText(title=prompts.title, intro=prompts.intro, points=points, outro=prompts.outro,
                   source=prompts.source, numbering=numbering)


def _span(item: Item) -> str:
    return format_span(item.start, item.end)


def _heading(agenda: Agenda) -> str:
    return SUGGESTED_HEADING if agenda.suggested_times else PROGRAMME_HEADING


def _facts(agenda: Agenda) -> str:
    return " · ".join(x for x in (agenda.organisation, danish_date(agenda.date) if agenda.date else None,
                                  agenda.place) if x)


def _footer(agenda: Agenda) -> str:
    return footer_text(agenda.footer or agenda.title.upper(), agenda.date)


def parse_kind(value: str) -> str:
    """The Danish 'program', 'dialogguide', or the English 'programme', 'guide' that scripts may still use;
    anything else is a usage error."""
    wanted = value.strip().lower()
    for kind, word in KIND_WORDS.items():
        if wanted in (kind, word):
            return kind
    raise BadInput(f"--kind »{value}« kendes ikke; vælg program (programmet) "
                   "eller dialogguide (dialogguiden med spørgsmål og plads til at skrive)")
