"""The domain's rules (`aktorskab_cli.rules`), each decided once: exact values, and properties where they fit."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aktorskab_cli.rules.answers import clean_answer_text, phone_question, phone_text_problem
from aktorskab_cli.rules.dates import danish_date, danish_datetime, month_year, quarter, quarter_label, quarters
from aktorskab_cli.rules.groups import group_key, group_number, normalise_group
from aktorskab_cli.rules.numbers import counted, danish_number, parse_number, plural
from aktorskab_cli.rules.text import control_chars, visible


@pytest.mark.parametrize("typed, number", [("3", 3), (" 12 ", 12), ("007", 7), ("0", 0)])
def test_parse_number_reads_ascii_digits(typed: str, number: int) -> None:
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["", " ", "²", "٣", "3²", "１２", "-1", "+1", "1.5", "1 2", "3a", "⁴"])
def test_parse_number_refuses_everything_else(typed: str) -> None:
    assert parse_number(typed) is None


@given(st.text(max_size=8))
def test_parse_number_is_none_or_what_int_reads_from_ascii(text: str) -> None:
    number = parse_number(text)
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():
        assert number == int(stripped)
    else:
        assert number is None


@pytest.mark.parametrize("value, shown", [(0, "0"), (999, "999"), (5000, "5.000"), (1234567, "1.234.567"),
                                          (60.0, "60"), (0.5, "0,5"), (1.25, "1,25"), (2000.5, "2.000,5"),
                                          (123456.7, "123.456,7"), (999999.5, "999.999,5"), (1 / 3, "0,333333")])
def test_danish_number(value: float, shown: str) -> None:
    assert danish_number(value) == shown


def test_plural_and_counted() -> None:
    assert [plural(n, "punkt", "punkter") for n in (0, 1, 2)] == ["punkter", "punkt", "punkter"]
    assert [counted(n, "nyt svar", "nye svar") for n in (0, 1, 5)] == ["0 nye svar", "1 nyt svar", "5 nye svar"]
    assert counted(5000, "svar", "svar") == "5.000 svar" and counted(1234567, "punkt", "punkter") == "1.234.567 punkter"


def test_normalise_group() -> None:
    assert normalise_group("  gruppe   3 ") == "Gruppe 3"
    assert normalise_group("") == ""
    assert normalise_group("ældre\tborgere") == "Ældre borgere"


@pytest.mark.parametrize("name, number", [("Gruppe 3", 3), ("Gruppe 12", 12), ("gruppe 3", None), ("Gruppe ²", None),
                                          ("Gruppe ٣", None), ("Gruppe  3", None), ("Gruppe 3 ", None), ("Gruppe", None),
                                          ("Rådet", None)])
def test_group_number(name: str, number: int | None) -> None:
    assert group_number(name) == number


def test_group_key_orders_numbers_by_value_and_names_without_case() -> None:
    groups = ["Gruppe 10", "gruppe 2", "Gruppe 1", "Borgere", "Gruppe ²"]
    assert sorted(groups, key=group_key) == ["Borgere", "Gruppe 1", "gruppe 2", "Gruppe 10", "Gruppe ²"]


def test_danish_dates() -> None:
    assert danish_date(dt.date(2025, 4, 2)) == "2. april 2025"
    assert danish_datetime(dt.datetime(2026, 3, 12, 14, 5)) == "12. marts 2026 kl. 14.05"
    assert danish_datetime(dt.datetime(2026, 3, 12, 8, 0)) == "12. marts 2026 kl. 8.00"
    assert month_year(dt.date(2025, 10, 1)) == "oktober 2025"


@pytest.mark.parametrize("when", ["4. kvartal 2025", "4 kvartal 2025", "2025 K4", "2025-K4", "2025/k4", "2025K4",
                                  "K4 2025", " k4 2025 "])
def test_quarter_reads_every_way_of_writing_one(when: str) -> None:
    assert quarter(when) == (2025, 4)


@pytest.mark.parametrize("when", ["løbende", "", "5. kvartal 2025", "K0 2025", "٤. kvartal 2025", "2025 K٤",
                                  "3.-4. kvartal 2026"])
def test_quarter_is_none_for_free_text(when: str) -> None:
    assert quarter(when) is None


def test_quarter_label() -> None:
    assert quarter_label(2025, 4) == "4. kvartal 2025"


@pytest.mark.parametrize("when, span", [
    ("4. kvartal 2025", ((2025, 4), (2025, 4))),
    ("2025 K4", ((2025, 4), (2025, 4))),
    ("2025-K4", ((2025, 4), (2025, 4))),
    ("3.-4. kvartal 2026", ((2026, 3), (2026, 4))),
    ("3. – 4. kvartal 2026", ((2026, 3), (2026, 4))),
    ("1.–4. kvartal 2026", ((2026, 1), (2026, 4))),
    ("K3-K4 2026", ((2026, 3), (2026, 4))),
    ("4. kvartal 2025 – 1. kvartal 2026", ((2025, 4), (2026, 1))),
    ("2025 K4–2026 K2", ((2025, 4), (2026, 2))),
    ("2025-K4 - 2026-K1", ((2025, 4), (2026, 1))),
])
def test_quarters_reads_a_quarter_or_a_span(when: str, span: tuple) -> None:
    assert quarters(when) == span


@pytest.mark.parametrize("when", ["løbende", "4.-3. kvartal 2026", "2026 K1 – 2025 K4", "5.-6. kvartal 2026",
                                  "0.-2. kvartal 2026", "3.-4. kvartal", "efter 2026 K1", "3.-"])
def test_quarters_refuses_free_text_and_backward_spans(when: str) -> None:
    assert quarters(when) is None


@given(st.integers(2000, 2100), st.integers(1, 4))
def test_quarter_label_reads_back(year: int, q: int) -> None:
    assert quarter(quarter_label(year, q)) == (year, q)
    assert quarters(quarter_label(year, q)) == ((year, q), (year, q))


def test_control_chars_and_visible() -> None:
    assert control_chars("a\x1bb\x00\x1bc\td\ne") == ["U+001B", "U+0000"]
    assert visible("rød\x1b[31m") == "rød\\x1b[31m"
    assert visible("tab\tog\nlinje") == "tab\tog\nlinje"


def test_clean_answer_text() -> None:
    assert clean_answer_text("  a\u030a\r\nb\rc\x00 ") == "å\nb\nc"


def test_phone_text_problem() -> None:
    assert phone_text_problem("") == "Skriv et svar, før I sender."
    assert phone_text_problem("x" * 2000) is None
    assert phone_text_problem("x" * 2001) == ("Svaret er for langt: 2.001 tegn; højst 2.000. "
                                              "Del det gerne i flere svar.")


@pytest.mark.parametrize("chosen, asked, number", [("", 1, 1), ("0", 1, 1), ("", 3, None), ("0", 0, None),
                                                   ("2", 3, 2), ("3", 3, 3)])
def test_phone_question(chosen: str, asked: int, number: int | None) -> None:
    assert phone_question(chosen, asked) == number


@pytest.mark.parametrize("chosen", ["4", "²", "٣", " 2", "-1", "x", "1.0"])
def test_phone_question_refuses_what_the_item_does_not_ask(chosen: str) -> None:
    with pytest.raises(ValueError, match="^Vælg et af spørgsmålene på listen.$"):
        phone_question(chosen, 3)


@given(st.integers(-10**12, 10**12))
def test_a_whole_number_reads_back_without_its_thousands_points(n: int) -> None:
    shown = danish_number(n)
    assert shown.replace(".", "") == str(n) and "," not in shown


@given(st.floats(-1e12, 1e12, allow_nan=False).filter(lambda x: not x.is_integer()))
def test_a_decimal_number_has_one_comma_and_reads_back_to_six_decimals(x: float) -> None:
    shown = danish_number(x)
    assert shown.count(",") <= 1 and "e" not in shown
    assert float(shown.replace(".", "").replace(",", ".")) == pytest.approx(x, abs=1e-6)
