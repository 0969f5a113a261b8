"""WCAG 2.1 AA in a real browser: axe-core (axe-playwright-python, which injects the axe-core it ships) on
every page state of the phone, the projector and the facilitator, at the size of a phone (360 px) and at
200 % zoom (half the CSS pixels), nothing wider than the window; and a phone used by keyboard alone."""

from __future__ import annotations

import signal

import pytest
from conftest import playwright_api, require_module

from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_store
from serve_process import Phone, start_serve
from web_helpers import FIRST_DIALOGUE, LAPTOP, PHONE, press, problems

sync_api = playwright_api()
require_module("axe_playwright_python.sync_playwright")  # `problems` runs it
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served():  # noqa: ANN201 - (join URL, facilitator URL)
    from aktorskab_cli.agenda.resolve import load_agenda

    store = open_store()
    agenda, text = load_agenda("temadag")
    sid = store.create_session(agenda, text, groups=4)  # as run --web makes it: nothing open until the clock or
    secret = rooms.ensure_room(store, sid).secret      # the facilitator opens a dialogue
    store.close()
    proc, url = start_serve(str(sid), "--host", "127.0.0.1", "--port", "0")
    yield url, f"{url.rsplit('/', 1)[0]}/styr/{secret}"
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)  # a hang guard, not a speed goal (as in test_web_server)


def test_every_page_state_meets_wcag_21_aa_at_360_px_and_at_200_percent_zoom(served, browser) -> None:  # noqa: ANN001
    url, steer = served
    found: list[str] = []
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="da-DK").new_page()
    phone.goto(url)
    found += problems(phone, "group choice", PHONE)
    phone.get_by_role("button", name="Gruppe 2").click()
    sync_api.expect(phone.locator(".lead")).to_contain_text("Der er ikke noget at svare på endnu")
    found += problems(phone, "nothing open yet", PHONE)

    facilitator = browser.new_page(viewport=LAPTOP)
    facilitator.goto(steer)
    sync_api.expect(facilitator.locator("h1")).to_have_text("Intet punkt er åbent for svar")
    found += problems(facilitator, "facilitator, nothing open", LAPTOP)
    facilitator.select_option("#item", FIRST_DIALOGUE)
    press(facilitator, "Skift punkt")
    sync_api.expect(facilitator.locator(".state")).to_have_text("Åbent for svar")

    phone.reload()
    found += problems(phone, "answer form", PHONE)
    phone.locator("#text").fill("Vi skal kende vores mandat – også når det er svært")
    phone.get_by_role("button", name="Send svar").click()
    sync_api.expect(phone.get_by_role("status")).to_have_text("Modtaget – tak! Svaret er gemt.")
    found += problems(phone, "after »Modtaget«", PHONE)
    press(phone, "Ret eller træk tilbage", "link")
    found += problems(phone, "correction", PHONE)
    phone.locator("#text").fill("")
    phone.get_by_role("button", name="Gem rettelsen").evaluate("b => b.form.noValidate = true")
    press(phone, "Gem rettelsen")
    found += problems(phone, "correction refused (empty)", PHONE)
    phone.get_by_role("button", name="Træk svaret tilbage").click()
    sync_api.expect(phone.get_by_role("status")).to_have_text("Svaret er trukket tilbage.")
    found += problems(phone, "withdrawn, with »Fortryd«", PHONE)
    phone.get_by_role("button", name="Fortryd").click()
    sync_api.expect(phone.locator(".answers li")).to_have_count(1)  # the answer is back

    facilitator.reload()
    found += problems(facilitator, "facilitator with an answer", LAPTOP)
    projector = browser.new_page(viewport=LAPTOP)
    projector.goto(f"{url}/projektor")
    found += problems(projector, "projector", LAPTOP)
    press(facilitator, "Åbn afstemning")
    sync_api.expect(facilitator.get_by_role("button", name="Luk afstemningen")).to_be_visible()
    phone.goto(url)
    found += problems(phone, "vote open", PHONE)
    press(phone, "Afstemning: giv jeres prikker", "link")
    found += problems(phone, "vote", PHONE)
    projector.reload()
    found += problems(projector, "projector during the vote", LAPTOP)
    press(facilitator, "Luk afstemningen")
    press(facilitator, "Vis resultatet på projektoren")
    projector.reload()
    found += problems(projector, "projector with the result", LAPTOP)
    assert found == []


def test_a_phone_joins_answers_and_hears_modtaget_by_keyboard_alone(served, browser) -> None:  # noqa: ANN001
    url, steer = served
    facilitator = browser.new_page(viewport=LAPTOP)
    facilitator.goto(steer)
    facilitator.locator("#item").focus()  # the facilitator opens the item by keyboard too
    facilitator.keyboard.press("ArrowDown")
    facilitator.keyboard.press("Tab")
    facilitator.keyboard.press("Enter")
    sync_api.expect(facilitator.locator(".state")).to_have_text("Åbent for svar")

    phone = browser.new_context(viewport=PHONE, locale="da-DK").new_page()
    phone.goto(url)

    def tab_to(name: str) -> None:
        for _ in range(20):
            phone.keyboard.press("Tab")
            focused = phone.evaluate("e => ['SELECT', 'TEXTAREA', 'INPUT'].includes(e.tagName) ? e.id : e.innerText",
                                    phone.evaluate_handle("document.activeElement"))
            if focused.strip() == name:
                outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {name}"
                return
        raise AssertionError(f"Tab never reached {name}")

    tab_to("Gruppe 3")
    phone.keyboard.press("Enter")
    sync_api.expect(phone.locator(".who")).to_have_text("Gruppe 3")
    tab_to("question")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")  # question 2
    tab_to("text")
    phone.keyboard.type("Tillid – og tid til at tale sammen")
    tab_to("Send svar")
    phone.keyboard.press("Enter")
    sync_api.expect(phone.get_by_role("status")).to_have_text("Modtaget – tak! Svaret er gemt.")
    sync_api.expect(phone.locator("#question")).to_have_value("2")  # the next answer is for question 2 too
    sync_api.expect(phone.locator(".answers")).to_contain_text("Spørgsmål 2")


def _facilitator_with_the_dialogue_open(browser, steer: str):  # noqa: ANN001, ANN202 - Playwright's browser, page
    """The facilitator's page on a laptop, the first dialogue chosen and opened for answers."""
    facilitator = browser.new_page(viewport=LAPTOP)
    facilitator.goto(steer)
    facilitator.select_option("#item", FIRST_DIALOGUE)
    press(facilitator, "Skift punkt")
    return facilitator


def test_the_facilitators_keyboard_focus_stays_put_when_an_answer_arrives(served, browser) -> None:  # noqa: ANN001
    url, steer = served
    facilitator = _facilitator_with_the_dialogue_open(browser, steer)
    facilitator.get_by_role("button", name="Luk for svar").focus()
    assert Phone(url, "Gruppe 1").send("Et svar, mens ordstyreren står på en knap")
    sync_api.expect(facilitator.get_by_role("heading", name="Svar (1)")).to_be_visible()
    assert facilitator.evaluate("document.activeElement.innerText") == "Luk for svar"


def test_an_item_chosen_in_the_list_and_not_yet_sent_stays_chosen_when_an_answer_arrives(served, browser) -> None:  # noqa: ANN001
    """The live part is swapped on every event (the page's first too); a choice not yet sent is not undone."""
    url, steer = served
    facilitator = _facilitator_with_the_dialogue_open(browser, steer)
    facilitator.select_option("#item", "")  # back to the agenda: chosen, not sent, and the focus moves on
    facilitator.locator("h1").click()
    with facilitator.expect_response(lambda r: r.url.endswith("/live")):  # the swap the answer brings
        assert Phone(url, "Gruppe 1").send("Et svar, mens ordstyreren vælger")
    sync_api.expect(facilitator.get_by_role("heading", name="Svar (1)")).to_be_visible()
    sync_api.expect(facilitator.locator("#item")).to_have_value("")

