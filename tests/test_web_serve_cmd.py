"""`serve --card`, `serve --check`, bad options, and moderation from the terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.web.server import LOOPBACK, lan_address
from web_helpers import FIRST_DIALOGUE, stored_session


@pytest.fixture
def session() -> int:
    return stored_session()


def test_the_join_card_is_an_a5_docx_with_the_qr_code_and_the_address(run_cli, session: int) -> None:  # noqa: ANN001
    result = run_cli("serve", str(session), "--card", "-o", "deltag.docx", "--host", "192.168.1.23", "--port", "8123")
    assert result.exit_code == 0, result.output
    store = open_store()
    code = rooms.ensure_room(store, session).join_code
    assert rooms.ensure_room(store, session).port == 8123  # serve starts on the printed port next time
    store.close()
    url = f"http://192.168.1.23:8123/{code}"
    assert result.stdout.strip() == f"Kortet er skrevet: deltag.docx ({url})"
    from docx import Document
    from docx.shared import Cm

    doc = Document("deltag.docx")
    section = doc.sections[0]
    assert (round(section.page_width / Cm(1), 1), round(section.page_height / Cm(1), 1)) == (14.8, 21.0)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Temadag om professionelt aktørskab" in text and url in text
    assert len(doc.inline_shapes) == 1  # the QR code
    image = doc.part.related_parts[doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.blob.startswith(b"\x89PNG")


def test_the_card_without_o_says_its_default_name_as_typed_here(run_cli, session: int, tmp_path: Path) -> None:  # noqa: ANN001
    result = run_cli("serve", str(session), "--card", "--host", "192.168.1.23", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Kortet er skrevet: deltag.docx (http://192.168.1.23:8123/")
    assert (tmp_path / "deltag.docx").exists()


def test_a_card_needs_a_fixed_port_and_o_needs_card(run_cli, session: int) -> None:  # noqa: ANN001
    result = run_cli("serve", str(session), "--card", "--port", "0")
    assert result.exit_code == 2 and "Et kort skal have en fast port" in result.stderr
    result = run_cli("--db", "andet.db", "serve", str(session), "-o", "x.docx")
    assert (result.exit_code, result.stderr) == (
        2, f"-o bruges sammen med --card, fx: aktorskab --db andet.db serve {session} --card -o x.docx\n")
    result = run_cli("serve", str(session), "--port", "70000")
    assert result.exit_code == 2 and "--port skal være et tal fra 0 til 65535" in result.stderr
    assert not Path("x.docx").exists()


def test_serve_refuses_more_groups_than_the_phones_can_show(run_cli, session: int) -> None:  # noqa: ANN001
    result = run_cli("serve", str(session), "--groups", "100000")
    assert (result.exit_code, result.stderr) == (2, "--groups skal være et tal fra 1 til 30, ikke 100.000 "
                                                    "(hver gruppe er en linje på skærmen og en knap på telefonerne)\n")


def test_serve_of_a_meeting_with_too_many_groups_asks_for_groups(run_cli) -> None:  # noqa: ANN001
    sid = stored_session(groups=100000)  # as a JSON file from elsewhere may carry it
    result = run_cli("serve", str(sid), "--check", "--host", LOOPBACK, "--port", "0")
    assert (result.exit_code, result.stderr) == (2, f"Møde {sid} har 100.000 grupper; telefonerne kan højst vise 30. "
                                                    f"Vælg antallet med --groups, fx: aktorskab serve {sid} --groups 4\n")
    result = run_cli("serve", str(sid), "--check", "--host", LOOPBACK, "--port", "0", "--groups", "4")
    assert (result.exit_code, result.stderr) == (1, "")  # the page started; --check says phones cannot reach 127.0.0.1
    assert result.stdout.startswith("Advarsel: 127.0.0.1 kan kun åbnes på denne computer")


def test_serve_of_a_meeting_that_does_not_exist_is_refused(run_cli, session: int) -> None:  # noqa: ANN001
    result = run_cli("serve", "99")
    assert result.exit_code == 2 and "Møde 99 findes ikke" in result.stderr


def test_check_says_whether_the_address_answers(run_cli, session: int) -> None:  # noqa: ANN001
    result = run_cli("serve", str(session), "--check", "--port", "0")
    if lan_address() == LOOPBACK:  # a machine without any network
        assert result.exit_code == 1 and "computeren er ikke på noget netværk" in result.stdout
    else:
        assert result.exit_code == 0, result.output
        assert re.search(r"^Adresse: http://[\d.]+:\d+/[a-z2-9]{6}$", result.stdout, flags=re.M)
        assert "Adressen svarer fra denne computer." in result.stdout and "hotspot" in result.stdout


def test_check_on_the_loopback_address_says_phones_cannot_reach_it(run_cli, session: int) -> None:  # noqa: ANN001
    result = run_cli("serve", str(session), "--check", "--host", "127.0.0.1", "--port", "0")
    assert result.exit_code == 1
    assert result.stdout.strip() == (
        "Advarsel: 127.0.0.1 kan kun åbnes på denne computer – telefonerne kan ikke nå adressen, og QR-koden "
        "virker ikke for dem. Udelad --host, så bruges computerens adresse på netværket.")


def test_check_on_a_laptop_without_network_says_so(run_cli, session: int, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr("aktorskab_cli.web.server.lan_address", lambda: LOOPBACK)  # no network to go out on
    result = run_cli("serve", str(session), "--check", "--port", "0")
    assert result.exit_code == 1
    assert result.stdout.strip() == (
        "Advarsel: computeren er ikke på noget netværk, så telefonerne kan ikke nå siden (adressen og QR-koden "
        "peger på computeren selv). Slut computeren til Wi-Fi, eller tænd dens hotspot, og start igen.")


def test_terminal_moderation_shows_counts_hides_and_closes(session: int) -> None:
    from aktorskab_cli.cli.moderate import moderate

    store = open_store()
    store.add_answers(session, [Answer(FIRST_DIALOGUE, "Gruppe 1", "godt svar", 3, phone="p" * 20),
                                Answer(FIRST_DIALOGUE, "Gruppe 2", "skal skjules")])
    hide = store.answers(session)[1].id
    lines = iter(["", "l", f"s {hide}", "s 99999", "luk", "", "åbn", "w", "hjælp", "q", "aldrig læst"])
    out: list[str] = []
    moderate(store.path, session, store.session(session).agenda, out.append, read=lambda prompt: next(lines),
             addresses="Telefoner: http://192.168.1.23:8000/abcdef")
    shown = "\n".join(out)
    assert "Dialog i grupper med udgangspunkt i cases (åbent for svar) – Gruppe 1: 1 · Gruppe 2: 1" in shown
    assert re.search(rf"^\s*{hide}  Gruppe 2: skal skjules$", shown, flags=re.M)
    assert re.search(r"^\s*\d+  Gruppe 1 \(spm\. 3\): godt svar$", shown, flags=re.M)  # with its question
    assert "\nTelefoner: http://192.168.1.23:8000/abcdef\n" in shown  # w
    assert f"Svar {hide} er skjult." in shown and "Svar 99999 findes ikke i mødet." in shown
    assert "(lukket for svar) – Gruppe 1: 1" in shown
    assert [a.text for a in store.answers(session)] == ["godt svar"]
    assert rooms.closed_items(store, session) == set()  # opened again
    store.close()


def test_the_terminal_qr_code_is_block_characters() -> None:
    from aktorskab_cli.web.terminal import terminal_qr

    drawn = terminal_qr("http://192.168.1.23:8000/abcdef")
    assert set(drawn) <= set("█▀▄ \n") and len(drawn.splitlines()) > 10
    assert isinstance(io.StringIO(drawn).read(), str)


def test_every_interface_is_served_but_the_banner_names_the_real_address(session: int) -> None:
    import urllib.request

    from aktorskab_cli.web.server import start_room

    store = open_store()
    server = start_room(store.path, session, host="0.0.0.0", port=0)  # noqa: S104
    try:
        assert "0.0.0.0" not in server.join_url
        assert server.join_url.startswith(f"http://{lan_address()}:{server.port}/")
        local = server.join_url.replace(lan_address(), LOOPBACK, 1)
        with urllib.request.urlopen(local, timeout=5) as response:
            assert response.status == 200
    finally:
        server.stop()
        store.close()


def test_the_live_screen_line_counts_phone_answers_and_shows_the_qr_only_in_a_dialogue(session: int) -> None:
    from aktorskab_cli.web.terminal import room_lines

    store = open_store()
    rooms.ensure_room(store, session)
    store.add_answers(session, [Answer(FIRST_DIALOGUE, "Gruppe 2", "fra telefon", phone="p" * 20),
                                Answer(FIRST_DIALOGUE, "Gruppe 1", "skrevet af ordstyreren")])
    agenda = store.session(session).agenda
    dialogue = next(n for n, item in enumerate(agenda.items) if item.id == FIRST_DIALOGUE)
    url = "http://192.168.1.23:8000/abcdef"
    # breakfast: no QR, and no item open for phones yet, so no counts
    assert room_lines(store, session, agenda, 0, url, qr=True) == f"Telefoner: {url}"
    line = f"Telefoner: {url} · svar fra telefoner: Gruppe 2: 1"
    with_qr = room_lines(store, session, agenda, dialogue, url, qr=True)
    assert with_qr.endswith(line) and "█" in with_qr
    assert room_lines(store, session, agenda, dialogue, url, qr=False) == line
    assert room_lines(store, session, agenda, dialogue, url, qr=False, refused=12) == \
        f"{line} · afvist: 12 (se hvorfor på ordstyrerens side)"
    store.close()


def test_the_live_screen_line_names_the_item_phones_answer_when_it_is_not_the_current_one(session: int) -> None:
    """A resumed run at breakfast said »svar fra telefoner: Gruppe 1: 1« for the item the facilitator had
    chosen on the facilitator page: the screen did not say which item the phones were answering."""
    from aktorskab_cli.web.terminal import room_lines

    store = open_store()
    rooms.ensure_room(store, session)
    rooms.set_current_item(store, session, "god-dialog")
    store.add_answers(session, [Answer("god-dialog", "Gruppe 1", "fra telefon", phone="p" * 20)])
    agenda = store.session(session).agenda
    url = "http://192.168.1.23:8000/abcdef"
    assert room_lines(store, session, agenda, 0, url, qr=False) == (
        f"Telefoner: {url} · telefonerne svarer på »Understøttelse af den gode dialog i MED…« · "
        "svar fra telefoner: Gruppe 1: 1")
    chosen = next(n for n, item in enumerate(agenda.items) if item.id == "god-dialog")
    assert room_lines(store, session, agenda, chosen, url, qr=False) == \
        f"Telefoner: {url} · svar fra telefoner: Gruppe 1: 1"
    store.close()
