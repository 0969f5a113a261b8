"""The pure aggregation: answers land once, in their column or under Øvrige svar; timing; combine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from opsamling_data import TRICKY, session_data, temadag, with_session

from aktorskab_cli.agenda.schedule import footer_text
from aktorskab_cli.opsamling.build import build
from aktorskab_cli.rules.groups import group_key
from aktorskab_cli.store.records import Answer


def test_every_answer_lands_exactly_once() -> None:
    session = temadag()
    ops = build([session])
    assert sorted(a.text for a in ops.answers) == sorted(r.text for r in session.answers)


def test_table_frame_sorts_points_into_columns_by_category() -> None:
    ops = build([temadag()])
    item = next(i for i in ops.parts[0].items if i.id == "dialog-cases")
    assert item.layout == "table"
    assert [c.title for c in item.columns] == [
        "Det, der giver mening", "Det, vi mangler svar på", "Det, vi skal være opmærksomme på"]
    mening = item.columns[0]
    assert [p.text for p in mening.points] == [TRICKY[0], TRICKY[4], "Gruppe ti svarer sidst"]
    assert [p.groups for p in mening.points] == [["Gruppe 1"], ["Gruppe 2"], ["Gruppe 10"]]
    assert item.rows()[2] == [mening.points[2], None, None]  # row i: the i-th point of each column


def test_points_without_a_column_go_under_oevrige_pointer() -> None:
    ops = build([temadag()])
    item = next(i for i in ops.parts[0].items if i.id == "dialog-cases")
    assert [p.text for p in item.loose] == [TRICKY[3]]


def test_unknown_category_is_kept_under_oevrige_pointer() -> None:
    session = temadag(note=None)
    session = type(session)(**{**session.__dict__, "answers": [
        Answer("dialog-cases", "Gruppe 1", "Ukendt kategori", category="findes-ikke", id=1)]})
    item = next(i for i in build([session]).parts[0].items if i.id == "dialog-cases")
    assert [p.text for p in item.loose] == ["Ukendt kategori"]


def test_answers_to_an_unknown_item_are_never_dropped() -> None:
    session = temadag()
    session = type(session)(**{**session.__dict__, "answers": [Answer("slettet-punkt", "Gruppe 1", "Hej")]})
    ops = build([session])
    assert [a.text for a in ops.answers] == ["Hej"]


def test_sections_frame_keeps_theme_titles() -> None:
    item = next(i for i in build([temadag()]).parts[0].items if i.id == "god-dialog")
    assert item.layout == "sections"
    assert [c.title for c in item.columns][:2] == ["Organisation", "Roller og relationer"]


def test_only_dialogue_items_are_summarised() -> None:
    ids = [i.id for i in build([temadag()]).parts[0].items]
    assert ids == ["dialog-cases", "organisationen-med", "god-dialog"]


def test_timing_is_left_out_unless_asked_for() -> None:
    assert build([temadag()]).parts[0].timings == []
    timing = build([temadag()], with_timing=True).parts[0].timings[0]
    row = next(r for r in timing.rows if r.item_id == "dialog-cases")
    assert (row.planned_minutes, row.actual_minutes, row.deviation_text) == (50, 55, "+5 min.")
    assert timing.planned_end == "15.00" and timing.actual_end == "15.07"
    assert timing.end_deviation == 7
    assert "Faktisk afslutning kl. 15.07 (7 min. efter planen)." in timing.summary
    assert next(r for r in timing.rows if r.item_id == "ekstraordinaert-hu-moede").actual_text == "sprunget over"


def test_deviation_adds_up_with_the_clock_times_as_printed() -> None:
    from aktorskab_cli.opsamling.timing import timing_rows
    from opsamling_data import timed_item
    from aktorskab_cli.agenda.resolve import load_agenda

    agenda, _ = load_agenda(str(Path(__file__).parent / "data" / "before-followup" / "lmu.toml"))  # its times
    clock = lambda h, m, s: h * 3600 + m * 60 + s  # noqa: E731
    rows = timing_rows(agenda, [timed_item(agenda.items[0], clock(13, 0, 0), clock(13, 12, 50)),
                                timed_item(agenda.items[1], clock(13, 12, 50), clock(14, 22, 10), paused=540.0)])
    assert (rows[1].planned_text, rows[1].actual_text, rows[1].deviation_text) == (
        "13.10–13.35", "13.12–14.22", "+45 min.")  # 69 min. 20 s by the second, 70 by the clocks shown
    assert rows[0].deviation_text == "+2 min."


def test_untimed_session_shows_the_plan() -> None:
    timing = build([temadag(timed=False)], with_timing=True).parts[0].timings[0]
    assert not timing.recorded and timing.actual_end is None


def test_footer_gets_month_and_year_of_the_session() -> None:
    assert build([temadag()]).footer == "FRA HU-TEMADAGEN, oktober 2025"
    assert footer_text("FRA LMU, marts 2026", dt.date(2026, 5, 1)) == "FRA LMU, marts 2026"


def test_note_is_the_opsamlende_text_at_the_end() -> None:
    closing = build([temadag(note="Første afsnit.\n\nAndet afsnit.")]).closing
    assert [(n.meeting.session_id, n.text) for n in closing] == [("1", "Første afsnit.\n\nAndet afsnit.")]


def test_combine_matches_items_by_id_and_marks_each_answer_with_its_meeting() -> None:
    one = temadag("1", started=dt.datetime(2026, 1, 12, 9))
    two = temadag("2", started=dt.datetime(2026, 4, 7, 9))
    ops = build([one, two])
    assert ops.combined and len(ops.parts) == 1
    assert len(ops.answers) == len(one.answers) + len(two.answers)
    assert {a.session_id for a in ops.answers} == {m.session_id for m in ops.meetings}
    labels = {m.label for m in ops.meetings}
    assert labels == {"Temadag om professionelt aktørskab, 12. januar 2026",  # run live: the day it was held
                      "Temadag om professionelt aktørskab, 7. april 2026"}


def test_meetings_on_the_same_day_are_told_apart_by_their_number() -> None:
    day = dt.datetime(2026, 4, 7, 9)
    ops = build([temadag("1", started=day), temadag("2", started=day)])
    assert {m.label for m in ops.meetings} == {"Temadag om professionelt aktørskab, 7. april 2026 (møde 1)",
                                               "Temadag om professionelt aktørskab, 7. april 2026 (møde 2)"}


def test_combined_answers_are_marked_with_the_date_where_the_part_carries_the_title() -> None:
    ops = build([temadag("1", started=dt.datetime(2026, 1, 12, 9)), temadag("2", started=dt.datetime(2026, 4, 7, 9))])
    assert {a.mark.split(" · ", 1)[1] for a in ops.answers} == {"12. januar 2026", "7. april 2026"}
    first = next(a for a in ops.answers if a.session_id == "1" and a.group == "Gruppe 1")
    assert first.mark == "Gruppe 1 · 12. januar 2026"
    from aktorskab_cli.writers.json import to_dict

    as_json = to_dict(ops)["parts"][0]["answers"]
    first_json = next(a for a in as_json if a["session_id"] == "1" and a["group"] == "Gruppe 1")
    assert first_json["meeting"] == "Temadag om professionelt aktørskab, 12. januar 2026"  # JSON keeps the full label


def test_combined_answers_of_meetings_on_one_day_add_the_meeting_number() -> None:
    day = dt.datetime(2026, 4, 7, 9)
    ops = build([temadag("1", started=day), temadag("2", started=day), temadag("3", started=day.replace(day=8))])
    assert {a.session_id: a.source for a in ops.answers} == {
        "1": "7. april 2026, møde 1", "2": "7. april 2026, møde 2", "3": "8. april 2026"}


def test_combined_meetings_with_different_titles_keep_the_full_label() -> None:
    one = temadag("1", started=dt.datetime(2026, 1, 12, 9))
    two = with_session(temadag("2", started=dt.datetime(2026, 4, 7, 9)), title="Temadag i Grenaa")
    ops = build([one, two])
    assert {a.source for a in ops.answers} == {"Temadag om professionelt aktørskab, 12. januar 2026",
                                               "Temadag i Grenaa, 7. april 2026"}


def test_a_single_meeting_marks_answers_with_the_group_only() -> None:
    assert all(a.mark == a.group and a.source is None for a in build([temadag()]).answers)


def test_an_imported_meeting_is_dated_by_its_agenda_and_a_live_one_by_the_day_it_ran() -> None:
    from dataclasses import replace

    live = temadag("1", started=dt.datetime(2026, 11, 24, 8))
    imported = with_session(replace(live, timings=None), status="imported")
    assert build([live]).meetings[0].date == dt.date(2026, 11, 24)
    assert build([imported]).meetings[0].date == dt.date(2025, 4, 2)
    assert build([imported]).footer == "FRA HU-TEMADAGEN, april 2025"


def test_combine_of_different_agendas_gives_a_part_each() -> None:
    from aktorskab_cli.agenda.resolve import load_agenda

    lmu, _ = load_agenda("lmu")
    other = session_data("9", lmu, [Answer("hvad-er-aktorskab-for-os", "Gruppe 1", "Lokalt svar", category="mening")],
                         started=dt.datetime(2026, 3, 3))
    ops = build([temadag(), other])
    assert [p.agenda_name for p in ops.parts] == ["temadag", "lmu"]
    lmu_answer = next(a for a in ops.answers if a.text == "Lokalt svar")
    labels = {m.session_id: m.label for m in ops.meetings}
    assert labels[lmu_answer.session_id] == "Hvad er aktørskab for os?, 3. marts 2026"


def test_group_key_is_natural() -> None:
    assert sorted(["Gruppe 10", "gruppe 2", "Gruppe 1"], key=group_key) == ["Gruppe 1", "gruppe 2", "Gruppe 10"]


def test_the_programme_of_a_meeting_without_timing_is_times_and_titles_only() -> None:
    """No "Tiden blev ikke taget …", no Type column, and a point without length is "15.00", not "15.00–15.00"."""
    from dataclasses import replace

    from aktorskab_cli.writers.markdown import render

    text = render(build([replace(temadag(), timings=None)], with_timing=True))
    programme = text[text.index("## Bilag: program\n"):]
    assert programme.startswith("## Bilag: program\n\n| Tid | Punkt |\n|---|---|\n| 8.00–8.15 | Morgenbrød og kaffe/te |\n")
    assert "| 15.00 | Tak for i dag |" in programme
    assert "Tiden blev ikke taget" not in text and "Type" not in text and "15.00–15.00" not in text


def test_points_are_ordered_by_votes_when_the_groups_prioritised_and_show_them() -> None:
    from dataclasses import replace

    from opsamling_data import synthesised

    session = synthesised()
    synthesis = session.synthesis
    column = [p for p in synthesis.points if p.item == "dialog-cases" and p.category == "mening"]
    last = column[-1]
    voted = replace(synthesis, order="votes", points=tuple(
        replace(p, votes=5) if p.uuid == last.uuid else replace(p, votes=0) if p in column else p
        for p in synthesis.points))
    mening = next(i for i in build([replace(session, synthesis=voted)]).parts[0].items
                  if i.id == "dialog-cases").columns[0]
    assert [(p.text, p.count_text) for p in mening.points][:2] == [
        (last.text, "5 prikker"), ("Tydelige hjørneflag, tillid og psykologisk tryghed",
                                    "2 grupper")]  # zero-vote points stay, last; one group and no dots go unsaid


def test_a_rehearsal_is_marked_and_dated_by_its_agenda() -> None:
    ops = build([with_session(temadag(started=dt.datetime(2026, 11, 25, 16)), speed=60.0)])
    assert ops.rehearsal == "Generalprøve (60× hastighed) – ikke et afholdt møde"
    assert ops.meetings[0].date == dt.date(2025, 4, 2) and ops.subtitle.startswith("2. april 2025 · kl. 8.00–15.00")
    assert build([temadag()]).rehearsal is None


def test_one_rule_dates_a_meeting_for_sessions_and_the_opsamling_alike() -> None:
    from dataclasses import replace

    from aktorskab_cli.store.records import meeting_day

    ran, agenda_day = dt.date(2026, 11, 25), dt.date(2025, 4, 2)
    assert meeting_day(ran, agenda_day, at_clock_pace=True) == ran
    assert meeting_day(ran, agenda_day, at_clock_pace=False) == agenda_day  # a rehearsal or an import
    assert meeting_day(ran, None, at_clock_pace=False) == ran
    rehearsal = with_session(temadag(started=dt.datetime(2026, 11, 25, 16)), speed=60.0)
    session = replace(rehearsal.session, started="2026-11-25T16:00:00")
    assert session.meeting_date == build([rehearsal]).meetings[0].date == agenda_day


def test_hidden_points_are_left_out_and_their_answers_stay_in_the_bilag() -> None:
    from dataclasses import replace

    from opsamling_data import synthesised

    session = synthesised()
    hidden = session.synthesis.points[0]
    synthesis = replace(session.synthesis, points=tuple(
        replace(p, hidden=True) if p.uuid == hidden.uuid else p for p in session.synthesis.points))
    ops = build([replace(session, synthesis=synthesis)])
    assert hidden.text not in [p.text for i in ops.parts[0].items for p in i.points]
    assert {a.id for a in ops.answers} == {a.id for a in session.answers}


def test_combined_themes_keep_every_meeting_s_texts() -> None:
    """A theme's intro and »For at lykkes kræver det:« survive a combine, even when the first meeting's
    theme is the draft's empty default; two meetings' texts both stand, what they say alike once."""
    from dataclasses import replace

    from opsamling_data import synthesised

    from aktorskab_cli.synthesis.model import Theme

    def with_theme(session, theme: Theme):  # noqa: ANN001, ANN202 - SessionData
        themes = tuple(theme if t.id == theme.id else t for t in session.synthesis.themes)
        return replace(session, synthesis=replace(session.synthesis, themes=themes))

    empty = with_theme(synthesised("1"), Theme("organisation", "Organisation – kultur, retning og fælles forståelse"))
    filled = synthesised("2", started=dt.datetime(2025, 10, 20, 9))
    other = with_theme(synthesised("3", started=dt.datetime(2025, 11, 3, 9)), Theme(
        "organisation", "Organisation", "Hovedudvalget bakker op.\n\nLMU'erne tager det op.",
        ("psykologisk tryghed", "Tid til dialog")))
    ops = build([empty, filled, other])
    theme = next(t for t in ops.themes if t.id == "organisation")
    assert (theme.title, theme.text, theme.requires) == (
        "Organisation – kultur, retning og fælles forståelse", "Hovedudvalget bakker op.\n\nLMU'erne tager det op.",
        ["Tydelige rammer og forventninger", "Psykologisk tryghed", "Tid til dialog"])
