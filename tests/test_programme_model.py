"""The programme's pure rules: when, status from events and meetings held, late, disagreements; the bundled
programme against seed 002's last page."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import pytest
from plan_data import SEED_PAGE

from aktorskab_cli.programme.model import (
    Entry, Held, Programme, current_status, disagreements, for_followup, is_late, new_change, page, parse_status,
    states,
)
from aktorskab_cli.programme.when import When, parse_when

ROOT = Path(__file__).resolve().parents[1]
UTC = dt.timezone.utc


def at(day: str, clock: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}:00+00:00")


@pytest.mark.parametrize("text, first, last, due", [
    ("4. kvartal 2025", (2025, 4), (2025, 4), dt.date(2025, 12, 31)),
    ("2025 K4", (2025, 4), (2025, 4), dt.date(2025, 12, 31)),
    ("K1 2026", (2026, 1), (2026, 1), dt.date(2026, 3, 31)),
    ("3.-4. kvartal 2026", (2026, 3), (2026, 4), dt.date(2026, 12, 31)),
    ("3.-4 kvartal 2026", (2026, 3), (2026, 4), dt.date(2026, 12, 31)),
    ("2. kvartal 2026", (2026, 2), (2026, 2), dt.date(2026, 6, 30)),
    ("2025 K4 – 2026 K1", (2025, 4), (2026, 1), dt.date(2026, 3, 31)),
])
def test_a_quarter_is_due_on_its_last_day(text, first, last, due):
    when = parse_when(text)
    assert (when.kind, when.first, when.last, when.due) == ("quarter", first, last, due)


def test_when_labels_dates_and_ongoing():
    assert parse_when("3.-4 kvartal 2026").label == "3.-4. kvartal 2026"
    assert parse_when("2025 K4 - 2026 K1").label == "4. kvartal 2025 – 1. kvartal 2026"
    assert parse_when(dt.date(2026, 4, 7)) == When("date", date=dt.date(2026, 4, 7))
    assert parse_when("7. april 2026").label == "7. april 2026"
    assert parse_when("2026-04-07").due == dt.date(2026, 4, 7)
    assert parse_when("Løbende") == When("ongoing") and When("ongoing").due is None
    for bad in ("6. kvartal 2026", "4.-3. kvartal 2026", "snart", "31. februar 2026", "", 7):
        assert parse_when(bad) is None, bad


def test_statuses_are_read_by_label_or_id():
    assert parse_status("gennemført") == parse_status("Gennemført") == parse_status("gennemfoert") == "gennemfoert"
    assert parse_status("i gang") == parse_status("i-gang") == "i-gang"
    assert parse_status("ændret") == "aendret" and parse_status("ikke startet") == "ikke-startet"
    assert parse_status("færdig") is None


def _programme() -> Programme:
    return Programme("p", "Plan", None, (
        Entry("moede", "Dialogmøde i OMU", "OMU", parse_when("1. kvartal 2026"), agenda="dialogmoede"),
        Entry("opgave", "Materialer", "", parse_when("2. kvartal 2026")),
    ))


def _held(entry: str, when: dt.datetime) -> Held:
    return Held("s-1", 1, entry, when.date(), "Dialogmøde", "Auning", when)


def test_no_event_is_not_started_and_a_held_meeting_is_done():
    assert current_status([]) == "ikke-startet"
    held = _held("moede", at("2026-02-10"))
    assert current_status([], [held]) == "gennemfoert"
    state = states(_programme(), [], [held])[0]
    assert (state.status, [(t.status, t.origin, t.note) for t in state.trail]) == (
        "gennemfoert", [("gennemfoert", "held", "møde holdt")])


def test_the_latest_event_decides_a_meeting_included():
    before = new_change("p", "moede", "i-gang", at=at("2026-01-05"))
    after = new_change("p", "moede", "aendret", note="flyttet", at=at("2026-03-01"))
    held = _held("moede", at("2026-02-10"))
    assert current_status([before], [held]) == "gennemfoert"  # the meeting came after »i gang«
    assert current_status([before, after], [held]) == "aendret"  # a change after the meeting wins


def test_equal_times_are_settled_by_uuid_the_same_everywhere():
    stamp = at("2026-01-05")
    a = new_change("p", "opgave", "i-gang", at=stamp)
    b = new_change("p", "opgave", "droppet", at=stamp)
    winner = max([a, b], key=lambda c: c.uuid).status
    assert current_status([a, b]) == current_status([b, a]) == winner


def test_late_means_its_last_quarter_is_over_and_it_is_not_done_or_dropped():
    entry = _programme().entries[1]  # 2. kvartal 2026: due 30 June
    assert not is_late(entry, "i-gang", dt.date(2026, 6, 30))
    assert is_late(entry, "i-gang", dt.date(2026, 7, 1))
    assert is_late(entry, "aendret", dt.date(2026, 7, 1))
    assert not is_late(entry, "gennemfoert", dt.date(2027, 1, 1))
    assert not is_late(entry, "droppet", dt.date(2027, 1, 1))
    ongoing = Entry("x", "Løbende", "", When("ongoing"))
    assert not is_late(ongoing, "ikke-startet", dt.date(2030, 1, 1))


def test_a_change_with_a_new_due_moves_the_entry_and_late_uses_the_newest_due():
    """»ændret« to 3. kvartal 2026: no longer late in July; the trail says where it moved from and to; a later
    change without a due keeps it; a later move moves it on (from the due before it, not the planned one)."""
    programme = _programme()  # opgave: 2. kvartal 2026, due 30 June
    moved = new_change("p", "opgave", "aendret", note="ny leverandør", at=at("2026-05-01"),
                       due=parse_when("3. kvartal 2026"))
    [_, state] = states(programme, [moved], [])
    assert (state.status, state.when.label, state.late(dt.date(2026, 7, 1))) == ("aendret", "3. kvartal 2026", False)
    assert state.late(dt.date(2026, 10, 1))
    assert [(t.status, t.moved) for t in state.trail] == [("aendret", "flyttet fra 2. kvartal 2026 til 3. kvartal 2026")]
    going = new_change("p", "opgave", "i-gang", at=at("2026-08-01"))
    again = new_change("p", "opgave", "aendret", at=at("2026-09-01"), due=parse_when("2026-11-15"))
    [_, state] = states(programme, [again, going, moved], [])
    assert [t.moved for t in state.trail] == ["flyttet fra 2. kvartal 2026 til 3. kvartal 2026", "",
                                              "flyttet fra 3. kvartal 2026 til 15. november 2026"]
    assert (state.when.due, state.late(dt.date(2026, 11, 15)), state.late(dt.date(2026, 11, 16))) == (
        dt.date(2026, 11, 15), False, True)
    [_, unmoved] = states(programme, [going], [])
    assert unmoved.when is programme.entries[1].when and unmoved.trail[0].moved == ""
    later = states(programme, [new_change("p", "opgave", "aendret", at=at("2026-01-05"),
                                          due=parse_when("4. kvartal 2026"))], [])
    assert [s.entry.id for s in for_followup(later, "HU", dt.date(2026, 5, 1))] == ["moede"]  # not due before Q4


def test_a_disagreement_is_two_statuses_for_one_entry_on_one_day():
    a = new_change("p", "opgave", "i-gang", at=at("2026-05-01", "08:00"))
    b = new_change("p", "opgave", "gennemfoert", at=at("2026-05-01", "15:00"))
    c = new_change("p", "opgave", "gennemfoert", at=at("2026-05-01", "16:00"))
    d = new_change("p", "opgave", "droppet", at=at("2026-05-02"))
    other = new_change("p", "moede", "droppet", at=at("2026-05-01", "09:00"))
    assert disagreements([d, c, b, a, other]) == [(a, b)]


def test_followup_shows_the_open_entries_the_forum_owns_or_that_are_due():
    programme = _programme()
    now = states(programme, [], [])
    assert [s.entry.id for s in for_followup(now, "OMU", dt.date(2025, 11, 1))] == ["moede"]  # owned
    assert [s.entry.id for s in for_followup(now, "HU", dt.date(2025, 11, 1))] == []
    assert [s.entry.id for s in for_followup(now, "HU", dt.date(2026, 4, 1))] == ["moede", "opgave"]  # due
    done = states(programme, [new_change("p", "moede", "gennemfoert")], [])
    assert [s.entry.id for s in for_followup(done, "OMU", dt.date(2026, 4, 1))] == ["opgave"]


# ------------------------------------------------------------------ the bundled programme and seed 002


def _rendered(programme: Programme) -> dict[str, list[str]]:
    out = {}
    for label, lines in page(states(programme, [], [])):
        out[label] = [x for line in lines for x in [line.what, *(f"• {b}" for b in line.bullets)]]
    return out


def test_the_bundled_programme_is_seed_002s_last_page_entry_for_entry():
    from aktorskab_cli.programme.catalogue import load

    programme, _ = load("aktorskab-2025-2026")
    assert (programme.title, programme.organisation) == ("Aktørskab 2025-2026", "Norddjurs Kommune")
    assert _rendered(programme) == SEED_PAGE
    assert list(_rendered(programme)) == ["4. kvartal 2025", "1. kvartal 2026", "2. kvartal 2026", "3.-4. kvartal 2026"]
    meetings = [e.id for e in programme.entries if e.kind == "meeting"]
    assert meetings == ["omu-administration", "omu-sundhed-og-omsorg", "omu-socialomraadet",
                        "omu-boerne-og-familieomraadet", "omu-skole-og-dagtilbudsomraadet"]
    assert {e.agenda for e in programme.entries if e.agenda} == {"dialogmoede"}


def _fold(text: str) -> str:
    """What the OCR kept of a line: letters and digits without æ/ø/å (which it read as a, g, ae …)."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("•", ""))


def test_the_seed_page_above_is_what_the_ocr_of_seed_002_says():
    """tests/data/seed_002_plan_page.txt is the last page of seed 002's OCR as it stands (from »Aktorskab
    2025-2026« to the end), kept here so the check runs wherever the tests do, CI included."""
    text = (ROOT / "tests" / "data" / "seed_002_plan_page.txt").read_text(encoding="utf-8")
    ocr = [_fold(line) for line in text.splitlines() if line.strip()]
    for line in ["Aktørskab 2025-2026", *(x for lines in SEED_PAGE.values() for x in lines)]:
        best = max(difflib.SequenceMatcher(None, _fold(line), o).ratio() for o in ocr)
        assert best > 0.85, line
    assert sum(len(lines) for lines in SEED_PAGE.values()) + 4 + 1 == len(ocr)  # every OCR line accounted for


# ------------------------------------------------------------------ the rule holds whatever the order


from hypothesis import given, strategies as st  # noqa: E402

_STAMPS = st.integers(min_value=0, max_value=5).map(lambda h: at("2026-05-01", f"{8 + h:02d}:00"))
_CHANGES = st.lists(st.tuples(st.sampled_from(["i-gang", "gennemfoert", "aendret", "droppet"]), _STAMPS),
                    max_size=8)


@given(_CHANGES, st.booleans(), st.randoms(use_true_random=False))
def test_the_status_is_the_latest_event_whatever_order_they_arrive_in(raw, meeting, rnd):
    changes = [new_change("p", "moede", status, at=stamp) for status, stamp in raw]
    held = [_held("moede", at("2026-05-01", "10:00"))] if meeting else []
    shuffled = changes[:]
    rnd.shuffle(shuffled)
    events = [(c.set_at, c.uuid, c.status) for c in changes] + [(h.at, h.session, "gennemfoert") for h in held]
    expected = max(events)[2] if events else "ikke-startet"
    assert current_status(shuffled, held) == current_status(changes, held) == expected
    pairs = disagreements(shuffled)
    assert all(a.day == b.day and a.status != b.status and (a.set_at, a.uuid) < (b.set_at, b.uuid) for a, b in pairs)
    assert bool(pairs) == any(a.status != b.status for a in changes for b in changes)  # all on one day here


def test_a_meeting_held_for_an_ongoing_entry_counts_as_started_not_done():
    """A user trial: HR's »løbende« entry »Dialog i de lokale MED-udvalg« (one for every LMU) was »gennemført«
    in the report to HU as soon as the first LMU had held its dialogue. A meeting held for an ongoing entry is
    one of a series: it counts as »i gang«; HR sets »gennemført« when the series is over."""
    programme = Programme("p", "Plan", None, (
        Entry("lmu", "Dialog i LMU", "LMU'erne", parse_when("løbende"), agenda="lmu"),))
    held = _held("lmu", at("2026-03-12"))
    [state] = states(programme, [], [held])
    assert (state.status, [(t.status, t.origin, t.note) for t in state.trail]) == (
        "i-gang", [("i-gang", "held", "møde holdt")])
    done = new_change("p", "lmu", "gennemfoert", note="Alle LMU'er har holdt dialogen", at=at("2026-11-01"))
    assert states(programme, [done], [held, _held("lmu", at("2026-10-01"))])[0].status == "gennemfoert"
    assert states(programme, [done], [_held("lmu", at("2026-12-01"))])[0].status == "i-gang"  # one more after
