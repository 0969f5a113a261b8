"""A real phone-sized browser (Playwright driving the system's Chromium) against the real `aktorskab serve`:
join by the printed URL, pick a group, answer with æøå, withdraw one, and watch the projector count change."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from conftest import playwright_api, require_program

from aktorskab_cli.store.db import open_store
from serve_process import start_serve
from web_helpers import stored_session

sync_api = playwright_api()
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served():  # noqa: ANN201 - (session id, join URL)
    sid = stored_session()
    proc, url = start_serve(str(sid), "--host", "127.0.0.1", "--port", "0")
    yield sid, url
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)  # a hang guard, not a speed goal (as in test_web_server)


def test_a_phone_joins_answers_with_danish_letters_withdraws_and_the_projector_counts(served, tmp_path: Path) -> None:  # noqa: ANN001
    sid, url = served
    chromium = require_program("chromium", package="chromium")  # the system's, not Playwright's download
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            projector = browser.new_page(viewport={"width": 1280, "height": 720})
            projector.goto(f"{url}/projektor")
            count = projector.locator('[data-group="Gruppe 2"]')
            sync_api.expect(count).to_have_text("0")

            phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                        locale="da-DK").new_page()
            phone.goto(url)
            phone.get_by_role("button", name="Gruppe 2").click()
            sync_api.expect(phone.locator(".who")).to_have_text("Gruppe 2")
            phone.locator("#text").fill("Æblegrød, øl og ål på åen 🙂")
            phone.get_by_role("button", name="Send svar").click()
            sync_api.expect(phone.locator(".notice")).to_have_text("Modtaget – tak! Svaret er gemt.")
            sync_api.expect(count).to_have_text("1")  # pushed by the stream, no reload

            phone.locator("#text").fill("Det her trækker vi tilbage")
            phone.get_by_role("button", name="Send svar").click()
            sync_api.expect(count).to_have_text("2")
            # the phone's own page after the POST's redirect (expect waits for it; a read now could meet the old)
            answers = phone.locator(".answers")
            sync_api.expect(answers).to_contain_text("Det her trækker vi tilbage")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
            phone.screenshot(path=str(tmp_path / "telefon.png"), full_page=True)
            phone.get_by_role("link", name="Ret eller træk tilbage").nth(1).click()
            phone.get_by_role("button", name="Træk svaret tilbage").click()
            sync_api.expect(phone.locator(".notice")).to_have_text("Svaret er trukket tilbage.")
            sync_api.expect(count).to_have_text("1")
            # the state, not the load event: inner_text() here once read the page while its redirect was loading
            sync_api.expect(answers).not_to_contain_text("trækker vi tilbage")
            sync_api.expect(answers).to_contain_text("Æblegrød, øl og ål på åen 🙂")
        finally:
            browser.close()
    store = open_store()
    assert [a.text for a in store.answers(sid)] == ["Æblegrød, øl og ål på åen 🙂"]
    store.close()
    screenshot = os.environ.get("AKTORSKAB_SCREENSHOT")
    if screenshot:  # to look at the page oneself: AKTORSKAB_SCREENSHOT=telefon.png pytest tests/test_web_browser.py
        shutil.copy(tmp_path / "telefon.png", screenshot)


def test_back_after_sending_does_not_offer_the_sent_answer_again(served) -> None:  # noqa: ANN001
    """Back after »Modtaget« showed the page before the POST with the sent text restored in the box by the
    browser, under the list that already had it: one more tap on »Send svar« stored it twice (a new form
    token, so not a double tap). Text that was typed and not sent is still restored."""
    sid, url = served
    chromium = require_program("chromium", package="chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
            phone.goto(url)
            phone.get_by_role("button", name="Gruppe 3").click()
            phone.locator("#text").fill("Tillid  før kontrol\nog mandat")
            phone.get_by_role("button", name="Send svar").click()
            sync_api.expect(phone.locator(".notice")).to_have_text("Modtaget – tak! Svaret er gemt.")
            phone.go_back()
            sync_api.expect(phone.locator(".answers")).to_contain_text("Tillid")
            sync_api.expect(phone.locator("#text")).to_have_value("")

            phone.locator("#text").fill("Endnu ikke sendt")
            phone.get_by_role("link", name="Ret eller træk tilbage").click()
            sync_api.expect(phone.locator("h1")).to_have_text("Ret svaret")
            phone.go_back()
            sync_api.expect(phone.locator("#text")).to_have_value("Endnu ikke sendt")
        finally:
            browser.close()
    store = open_store()
    assert [a.text for a in store.answers(sid)] == ["Tillid  før kontrol\nog mandat"]
    store.close()


def test_a_reload_after_withdrawing_still_offers_fortryd(served) -> None:  # noqa: ANN001
    """The page's script took »ok=trukket« out of the address (a notice is said once), and the server offers
    »Fortryd« only with that notice: a reload a few seconds after the withdrawal lost the undo."""
    sid, url = served
    chromium = require_program("chromium", package="chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
            phone.goto(url)
            phone.get_by_role("button", name="Gruppe 1").click()
            phone.locator("#text").fill("Trykket væk ved en fejl")
            phone.get_by_role("button", name="Send svar").click()
            phone.get_by_role("link", name="Ret eller træk tilbage").click()
            phone.get_by_role("button", name="Træk svaret tilbage").click()
            undo = phone.get_by_role("button", name="Fortryd – hent svaret tilbage")
            sync_api.expect(undo).to_be_visible()
            phone.reload()
            sync_api.expect(phone.locator(".notice")).to_have_text("Svaret er trukket tilbage.")
            undo.click()
            sync_api.expect(phone.locator(".notice")).to_have_text("Svaret er tilbage.")
        finally:
            browser.close()
    store = open_store()
    assert [a.text for a in store.answers(sid)] == ["Trykket væk ved en fejl"]
    store.close()


def test_a_refusal_page_reloads_itself_to_the_phones_page(served) -> None:  # noqa: ANN001
    """A refusal (»Der er lukket for svar lige nu.«) is the POST's answer at …/svar; when the item reopened,
    the page's poll reloaded that address with a GET: »Siden findes ikke.«, and the group was stuck."""
    sid, url = served
    chromium = require_program("chromium", package="chromium")
    from aktorskab_cli.store import room as rooms

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        store = open_store()
        try:
            phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
            phone.goto(url)
            phone.get_by_role("button", name="Gruppe 2").click()
            phone.locator("#text").fill("Ti minutters arbejde")
            rooms.set_closed(store, sid, "dialog-cases", True)
            phone.get_by_role("button", name="Send svar").click()
            sync_api.expect(phone.locator(".message")).to_have_text("Der er lukket for svar lige nu.")
            rooms.set_closed(store, sid, "dialog-cases", False)
            sync_api.expect(phone.get_by_role("button", name="Send svar")).to_be_visible()  # the page's own poll
            assert phone.url == url
        finally:
            browser.close()
            store.close()


def test_text_refused_by_a_closed_item_comes_back_in_the_box_when_it_reopens(served) -> None:  # noqa: ANN001
    """The group's text refused by a closed item stood on the page to copy, and was gone when the item
    reopened and the page reloaded itself: now it is back in the box, to send, once."""
    sid, url = served
    chromium = require_program("chromium", package="chromium")
    from aktorskab_cli.store import room as rooms

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        store = open_store()
        try:
            phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
            phone.goto(url)
            phone.get_by_role("button", name="Gruppe 2").click()
            phone.locator("#text").fill("Ti minutters arbejde")
            rooms.set_closed(store, sid, "dialog-cases", True)
            phone.get_by_role("button", name="Send svar").click()
            sync_api.expect(phone.locator(".unsent")).to_have_text("Ti minutters arbejde")
            rooms.set_closed(store, sid, "dialog-cases", False)
            sync_api.expect(phone.locator("#text")).to_have_value("Ti minutters arbejde")  # the page's own poll
            phone.get_by_role("button", name="Send svar").click()
            sync_api.expect(phone.locator(".notice")).to_have_text("Modtaget – tak! Svaret er gemt.")
            phone.reload()
            sync_api.expect(phone.locator("#text")).to_have_value("")  # once only
        finally:
            browser.close()
            store.close()
    store = open_store()
    assert [a.text for a in store.answers(sid)] == ["Ti minutters arbejde"]
    store.close()
