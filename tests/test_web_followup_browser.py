"""A phone suggests a status in Chromium against real uvicorn (`aktorskab serve`), by label and keyboard, and
the page meets WCAG 2.1 AA (axe-core) at 360 px and at 200 % zoom."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from conftest import playwright_api, require_module, require_program

from aktorskab_cli.agenda.resolve import load_agenda
from aktorskab_cli.live.engine import Run
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_store
from serve_process import start_serve
from followup_data import PHONE_AGENDA, PHONE_PROGRAMME
from web_helpers import LAPTOP, PHONE, press, problems

sync_api = playwright_api()
require_module("axe_playwright_python.sync_playwright")
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served():  # noqa: ANN201 - (join URL, session, facilitator URL) of a meeting standing at its followup item
    Path("aar.toml").write_text(PHONE_PROGRAMME, encoding="utf-8")
    Path("moede.toml").write_text(PHONE_AGENDA, encoding="utf-8")
    agenda, text = load_agenda("moede.toml")
    store = open_store()
    sid = store.create_session(agenda, text, groups=3)
    run = Run(agenda)
    for event in (run.start(1000.0, 14 * 3600.0), run.next(1300.0)):
        store.add_event(sid, event)
    secret = rooms.ensure_room(store, sid).secret
    store.close()
    proc, url = start_serve(str(sid), "--host", "127.0.0.1", "--port", "0")
    yield url, sid, f"{url.rsplit('/', 1)[0]}/styr/{secret}"
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)  # a hang guard, not a speed goal (as in test_web_server)


def test_a_phone_suggests_a_status_by_its_label_and_the_page_meets_wcag_aa(served) -> None:  # noqa: ANN001
    url, sid, _ = served
    path = require_program("chromium", package="chromium")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        phone = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="da-DK").new_page()
        phone.goto(url)
        phone.get_by_role("button", name="Gruppe 3").click()
        sync_api.expect(phone.get_by_role("heading", name="Forslag til status")).to_be_visible()
        found = problems(phone, "followup suggestions", PHONE)
        choice = phone.get_by_label("Dialogmøde i OMU: OMU Administrationen")
        choice.focus()
        choice.select_option(label="i gang")
        phone.get_by_role("button", name="Send forslag").click()
        sync_api.expect(phone.locator("#notice")).to_have_text("Tak – jeres forslag er sendt. Ordstyreren bestemmer.")
        found += problems(phone, "followup suggestion sent", PHONE)
        chromium.close()
    assert found == []
    store = open_store()
    try:
        assert [(a.group, a.text) for a in store.answers(sid, "opfoelgning")] == [
            ("Gruppe 3", "Forslag: Dialogmøde i OMU: OMU Administrationen → i gang (omu-adm)")]
    finally:
        store.close()


def _poll_now(page) -> None:  # noqa: ANN001
    """Let the page's poll look now (as when the phone wakes) and wait until it has its answer."""
    with page.expect_response(lambda r: r.url.endswith("/status")):
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")


def test_the_phone_page_follows_a_status_set_elsewhere_but_never_over_a_chosen_suggestion(served, browser) -> None:  # noqa: ANN001
    from aktorskab_cli.programme.storage import record_status

    url, _, _ = served
    phone = browser.new_context(viewport=PHONE, is_mobile=True, locale="da-DK").new_page()
    phone.goto(url)
    phone.get_by_role("button", name="Gruppe 1").click()
    entry = phone.locator("label[for=e-omu-adm]")
    sync_api.expect(entry).to_contain_text("nu: ikke startet")
    choice = phone.get_by_label("Dialogmøde i OMU: OMU Administrationen")
    choice.select_option(label="ændret")
    store = open_store()  # the facilitator sets a status on the live screen (another process)
    record_status(store, "aar", "omu-adm", "i-gang", origin="live")
    store.close()
    for _ in range(2):
        _poll_now(phone)
    phone.evaluate("() => new Promise(r => setTimeout(r, 0))")  # the poll's answer handled
    sync_api.expect(choice).to_have_value("aendret")  # not reloaded under the group's choice
    sync_api.expect(entry).to_contain_text("nu: ikke startet")
    choice.select_option(label="Intet forslag")
    _poll_now(phone)
    sync_api.expect(entry).to_contain_text("nu: i gang")  # reloaded: the status is current


def test_the_facilitator_opens_the_followup_item_and_its_page_meets_wcag_aa(served, browser) -> None:  # noqa: ANN001
    url, _, steer = served
    phone = browser.new_context(viewport=PHONE, is_mobile=True, locale="da-DK").new_page()
    phone.goto(url)
    phone.get_by_role("button", name="Gruppe 2").click()
    phone.get_by_label("Tema på seminar").select_option(label="gennemført")
    phone.get_by_role("button", name="Send forslag").click()
    sync_api.expect(phone.locator("#notice")).to_be_visible()

    found: list[str] = []
    for size in (LAPTOP, PHONE):
        facilitator = browser.new_page(viewport=size)
        facilitator.goto(steer)
        facilitator.select_option("#item", "dialog")
        press(facilitator, "Skift punkt")
        sync_api.expect(facilitator.locator("h1")).to_have_text("Dialog")
        facilitator.select_option("#item", "opfoelgning")
        press(facilitator, "Skift punkt")
        sync_api.expect(facilitator.locator("h1")).to_have_text("Opfølgning på handleplanen")
        sync_api.expect(facilitator.locator(".suggested")).to_have_text("Gruppe 2: gennemført")
        found += problems(facilitator, f"facilitator at a followup item ({size['width']} px)", size)
        facilitator.close()
    assert found == []
