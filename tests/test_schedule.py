"""Clock times and the day's plan: pure functions, no files."""

from __future__ import annotations

import datetime as dt

import pytest

from aktorskab_cli.agenda.schedule import (
    Slot, footer_text, format_clock, format_duration, format_span, lateness, parse_clock, plan,
)
from aktorskab_cli.rules.dates import danish_date, danish_datetime


@pytest.mark.parametrize("value", ["8.00", "08:00", "8:00", " 8.00 ", "08.00", dt.time(8, 0)])
def test_every_way_of_writing_eight_oclock_is_480(value: object) -> None:
    assert parse_clock(value) == 480


def test_toml_time_with_seconds_keeps_minutes() -> None:
    assert parse_clock(dt.time(13, 30, 45)) == 13 * 60 + 30


@pytest.mark.parametrize("value", ["25.70", "24.00", "8.60"])
def test_a_time_no_clock_shows_is_refused_in_danish(value: str) -> None:
    with pytest.raises(ValueError, match="findes ikke på et ur"):
        parse_clock(value)


@pytest.mark.parametrize("value", ["8", "abc", "8.0", "kl. 8", "", "٨.٠٠", "８.００", "8.٣٠"])
def test_text_that_is_not_a_time_is_refused_with_an_example(value: str) -> None:
    with pytest.raises(ValueError, match=r"er ikke et klokkeslæt; skriv fx »8.00«"):
        parse_clock(value)


@pytest.mark.parametrize("value", [8, 8.0, True, None, [8, 0]])
def test_a_number_is_not_a_time(value: object) -> None:
    with pytest.raises(ValueError, match="skal være et klokkeslæt"):
        parse_clock(value)


def test_format_clock_is_danish_without_a_leading_zero_and_wraps_past_midnight() -> None:
    assert format_clock(480) == "8.00"  # never "08:00"
    assert format_clock(9 * 60 + 5) == "9.05"
    assert format_clock(15 * 60) == "15.00"
    assert format_clock(24 * 60 + 5) == "0.05"


def test_a_clock_shown_to_people_truncates_like_a_watch() -> None:
    assert format_clock((14 * 3600 + 22 * 60 + 44) / 60) == "14.22"  # 14:22:44 is not yet 14.23
    assert format_clock(479.9999999) == "8.00"  # float noise on a whole minute is that minute
    assert format_clock(480.99) == "8.00"
    assert format_clock(24 * 60 - 0.5) == "23.59"


def test_format_duration_counts_minutes_and_hours() -> None:
    assert format_duration(0) == "0:00"
    assert format_duration(65) == "1:05"
    assert format_duration(-65) == "1:05"
    assert format_duration(3 * 3600 + 2 * 60 + 1) == "3:02:01"


def test_minutes_alone_follow_on_from_the_day_start() -> None:
    slots, problems = plan(480, [(None, 15), (None, 30), (None, 0)])
    assert problems == []
    assert slots == [Slot(480, 15), Slot(495, 30), Slot(525, 0)]


def test_starts_alone_give_each_item_the_time_up_to_the_next() -> None:
    slots, problems = plan(None, [(480, None), (495, None), (540, 10)])
    assert problems == []
    assert [(s.start, s.minutes) for s in slots] == [(480, 15), (495, 45), (540, 10)]


def test_start_and_minutes_that_agree_are_accepted() -> None:
    slots, problems = plan(480, [(480, 15), (495, 30)])
    assert problems == [] and slots[-1].end == 525


def test_a_start_before_the_previous_end_is_a_problem_on_that_item_and_a_later_start_a_legal_gap() -> None:
    _, problems = plan(480, [(480, 15), (490, 10)])
    assert [(p.index, p.field) for p in problems] == [(1, "start")]
    assert "det forrige punkt slutter først kl. 8.15" in problems[0].message
    slots, problems = plan(480, [(480, 15), (500, 10)])
    assert problems == [] and slots[1] == (500, 10)


def test_a_start_going_backwards_is_reported_as_out_of_order() -> None:
    _, problems = plan(None, [(540, None), (480, 10)])
    assert [(p.index, p.field) for p in problems] == [(1, "start")]
    assert "før det forrige punkt" in problems[0].message


def test_the_last_item_needs_minutes() -> None:
    _, problems = plan(480, [(None, 15), (None, None)])
    assert [(p.index, p.field) for p in problems] == [(1, "minutes")]
    assert "varigheden kan ikke bestemmes" in problems[0].message


def test_no_start_anywhere_is_a_problem_on_the_first_item() -> None:
    _, problems = plan(None, [(None, 15)])
    assert [(p.index, p.field) for p in problems] == [(0, "start")]


def test_the_day_start_must_agree_with_the_first_item() -> None:
    _, problems = plan(480, [(490, 10)])
    assert [(p.index, p.field) for p in problems] == [(0, "start")]


def test_a_span_is_two_clocks_with_an_en_dash_and_a_moment_is_one_clock() -> None:
    assert format_span(480, 900) == "8.00–15.00"
    assert format_span(900, 900) == "15.00"  # "Tak for i dag": never "15.00–15.00"


def test_dates_and_lateness_have_one_danish_phrasing() -> None:
    assert danish_date(dt.date(2025, 4, 2)) == "2. april 2025"
    assert danish_datetime(dt.datetime(2026, 3, 12, 8, 5)) == "12. marts 2026 kl. 8.05"
    assert footer_text("FRA HU-TEMADAGEN", dt.date(2025, 10, 1)) == "FRA HU-TEMADAGEN, oktober 2025"
    assert [lateness(12), lateness(-3), lateness(0)] == ["12 min. efter planen", "3 min. før planen", "til tiden"]
