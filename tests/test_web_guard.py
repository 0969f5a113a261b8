"""One participant cannot spoil the room: each check against real uvicorn on 127.0.0.1 (the `served` fixture).

A participant on the meeting's network is another address than the laptop's: the whole of 127.0.0.0/8 is
this machine, so a phone here connects from 127.0.0.2, 127.0.0.3, … to the server on 127.0.0.1. The
connections themselves (slow, half-open, live streams) are in test_web_connections.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import require_module

from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import open_store
from aktorskab_cli.web.limits import NEW_PHONES, NEW_PHONES_PER_MINUTE, RATE_ADDRESS, RATE_WINDOW
from aktorskab_cli.web.server import SWITCH_INTERVAL, start_room
from web_helpers import LanPhone as Phone
from web_helpers import Served, csrf_of

httpx = require_module("httpx2")
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="127.0.0.2 is this machine on Linux")
COMMAND = str(Path(sys.executable).with_name("aktorskab"))


def test_a_phone_corrects_and_withdraws_only_the_answers_it_sent(served: Served) -> None:
    author = Phone(served.url, "127.0.0.2").join("Gruppe 5")
    for n in range(3):
        assert "Modtaget" in author.send(f"Gruppe 5s svar {n}").text
    ids = [a.id for a in served.answers()]
    other = Phone(served.url, "127.0.0.3").join("Gruppe 1")
    other.post("/skift")
    page = other.join("Gruppe 5").get().text
    assert "Gruppe 5s svar 0" in page  # the group's list is shown to every phone of the group …
    assert "/svar/" not in page  # … but only the author may change an answer
    for answer_id in ids:
        assert other.get(f"/svar/{answer_id}").status_code == 404
        assert other.post(f"/svar/{answer_id}", action="slet").status_code == 404
        assert other.post(f"/svar/{answer_id}", action="ret", text="overskrevet").status_code == 404
    assert [a.text for a in served.answers()] == [f"Gruppe 5s svar {n}" for n in range(3)]
    assert "Rettet" in author.post(f"/svar/{ids[0]}", action="ret", text="rettet af forfatteren").text
    assert "trukket tilbage" in author.post(f"/svar/{ids[1]}", action="slet").text
    assert [a.text for a in served.answers()] == ["rettet af forfatteren", "Gruppe 5s svar 2"]


def test_a_phone_id_is_issued_and_signed_by_the_server(served: Served) -> None:
    minted = "A" * 22
    phone = Phone(served.url)
    phone.client.cookies.set("phone", minted, domain="127.0.0.1")
    page = phone.get()
    issued = phone.client.cookies.get("phone")
    assert issued and issued != minted and re.fullmatch(r"[A-Za-z0-9_-]{22}\.[0-9a-f]{32}", issued)
    phone.join("Gruppe 1")
    assert "Modtaget" in phone.send("et svar").text
    [stored] = served.answers()
    assert stored.phone == issued.split(".")[0] != minted
    assert page.status_code == 200


@pytest.mark.slow
def test_fresh_phones_from_one_address_share_its_limits(served: Served) -> None:
    """Dropping the cookie makes a new phone, not a new address. One laptop that asks for 1,000 phones gets
    NEW_PHONES at once and one a second after that (the rest are told to wait), and all its phones together
    store RATE_ADDRESS changes in the minute (the rest are told to wait): what one address may do is a whole
    room's share (a room behind NAT is one address, test_web_nat.py), never more. Another address is not
    held up. The limits were 60 answers a minute per address; since a room shares one address they are these."""
    laptop = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.4"), timeout=10)
    phones, started = [], time.monotonic()
    for _ in range(1000):
        page = laptop.get(served.url)
        if page.status_code == 200:
            phones.append((page.cookies["phone"], csrf_of(page.text)))
        else:
            assert page.status_code == 429 and "Der kommer mange nye telefoner fra det samme netværk" in page.text
            assert "phone" not in page.cookies
        laptop.cookies.clear()
    assert NEW_PHONES <= len(phones) <= NEW_PHONES + (time.monotonic() - started) * NEW_PHONES_PER_MINUTE / 60 + 1
    statuses, started = [], time.monotonic()
    for k in range(RATE_ADDRESS // NEW_PHONES + 1):  # each phone well under its own limit (RATE)
        for n, (cookie, token) in enumerate(phones[:NEW_PHONES]):
            sent = laptop.post(f"{served.url}/svar", data={"csrf": token, "text": f"telefon {n} svar {k}"},
                               headers={"cookie": f"phone={cookie}; group=Gruppe%202"})
            statuses.append(sent.status_code)
    assert time.monotonic() - started < RATE_WINDOW  # all in the one minute
    assert statuses.count(303) == RATE_ADDRESS and statuses.count(429) == len(statuses) - RATE_ADDRESS
    assert len(served.answers()) == RATE_ADDRESS
    elsewhere = Phone(served.url, "127.0.0.5").join("Gruppe 2")  # another address is not held up
    assert "Modtaget" in elsewhere.send("fra et andet bord").text


def test_corrections_and_withdrawals_count_against_a_phones_limit(served: Served) -> None:
    phone = Phone(served.url, "127.0.0.6").join("Gruppe 3")
    for n in range(18):
        assert phone.send(f"svar {n}").status_code == 200
    first, second, third = (a.id for a in served.answers()[:3])
    assert phone.post(f"/svar/{first}", action="ret", text="rettet").status_code == 200
    assert phone.post(f"/svar/{second}", action="slet").status_code == 200
    refused = phone.post(f"/svar/{third}", action="slet")
    assert refused.status_code == 429 and "I sender meget hurtigt" in refused.text
    assert third in [a.id for a in served.answers()] and len(served.answers()) == 17



# numbers ----------------------------------------------------------------------------------------------
def facilitator(served: Served):  # noqa: ANN201 - (client, csrf): the laptop's own browser
    client = httpx.Client(timeout=10)
    page = client.get(served.server.facilitator_url)
    assert page.status_code == 200
    return client, csrf_of(page.text)


@pytest.mark.parametrize("odd", ["²", "٣", "3²"])
def test_a_number_that_is_not_ascii_digits_is_refused_never_a_500(served: Served, odd: str) -> None:
    phone = Phone(served.url, "127.0.0.7").join("Gruppe 1")
    answered = phone.post("/svar", text="et svar", question=odd)
    assert answered.status_code == 400 and "Vælg et af spørgsmålene på listen." in answered.text
    assert "Modtaget" in phone.send("et svar").text
    laptop, token = facilitator(served)
    moderated = laptop.post(served.server.facilitator_url, data={"csrf": token, "action": "skjul", "answer": odd})
    assert moderated.status_code == 400 and "Svaret findes ikke." in moderated.text
    for per_group, per_target in ((odd, "2"), ("3", odd)):
        opened = laptop.post(served.server.facilitator_url,
                             data={"csrf": token, "action": "stem-aabn", "per_group": per_group, "per_target": per_target})
        assert opened.status_code == 400 and "Prikker pr. gruppe skal være 1–20" in opened.text
    assert laptop.post(served.server.facilitator_url, data={"csrf": token, "action": "stem-aabn"}).status_code == 303
    [answer] = served.answers()
    phone.get("/stem")
    for field, dots in ((f"t{odd}", "1"), (f"t{answer.id}", odd)):
        voted = phone.post("/stem", **{field: dots})
        assert voted.status_code == 400 and "Afstemningen kunne ikke læses." in voted.text
    assert "Jeres prikker er gemt." in phone.post("/stem", **{f"t{answer.id}": "1"}).text


@pytest.mark.slow
def test_a_group_named_with_a_superscript_digit_in_an_imported_file_is_just_a_name(tmp_path: Path) -> None:
    answers = tmp_path / "svar.toml"
    answers.write_text('[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe ²"\ntext = "fra filen"\n', encoding="utf-8")
    imported = subprocess.run([COMMAND, "import", "temadag", str(answers)], capture_output=True, text=True, timeout=60)
    assert imported.returncode == 0, imported.stderr
    store = open_store()
    sid = store.sessions()[-1].id
    server = start_room(store.path, sid, host="127.0.0.1", port=0)
    try:
        phone = Phone(server.join_url, "127.0.0.8")
        page = phone.get()
        assert page.status_code == 200 and "Gruppe ²" in page.text and "Gruppe 6" in page.text
        phone.join("Gruppe ²")
        assert "Modtaget" in phone.send("fra telefonen").text
    finally:
        server.stop()
        store.close()
    assert [a.group for a in open_store().answers(sid)] == ["Gruppe ²", "Gruppe ²"]


# bidirectional controls ------------------------------------------------------------------------------------
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TURNED = "Mere tid til dialog \u202e)1 eppurG(\u2066 og \u2067ro\u2069"


@pytest.mark.slow
def test_bidi_controls_from_a_phone_are_stripped_before_the_answer_reaches_a_page_or_a_document(
        served: Served, run_cli) -> None:  # noqa: ANN001
    phone = Phone(served.url, "127.0.0.9").join("Gruppe 2")
    assert "Modtaget" in phone.send(TURNED).text
    [stored] = served.answers()
    assert stored.text == "Mere tid til dialog )1 eppurG( og ro"
    laptop, _ = facilitator(served)
    for page in (phone.get().text, laptop.get(served.server.facilitator_url).text):
        assert not set(BIDI) & set(page)
    for fmt in ("md", "docx", "pptx"):
        target = Path(f"opsamling.{fmt}")
        assert run_cli("export", str(served.session_id), "-o", str(target)).exit_code == 0
        data = target.read_bytes()
        texts = [data.decode()] if fmt == "md" else [
            zipfile.ZipFile(target).read(name).decode() for name in zipfile.ZipFile(target).namelist()
            if name.endswith(".xml")]
        assert not any(set(BIDI) & set(text) for text in texts), fmt
        assert any("Mere tid til dialog" in text for text in texts), fmt


@pytest.mark.parametrize("control", ["\u202e", "\u2066"])
def test_bidi_controls_in_an_answers_file_are_refused_with_where(run_cli, tmp_path: Path, control: str) -> None:  # noqa: ANN001
    answers = tmp_path / "svar.toml"
    answers.write_text(f'[[answer]]\nitem = "dialog-cases"\ngroup = "Gruppe 1"\ntext = "Godt {control}svar"\n',
                       encoding="utf-8")
    result = run_cli("import", "temadag", str(answers))
    assert result.exit_code == 2
    assert (f"indeholder et kontroltegn (U+{ord(control):04X}), som ikke hører hjemme i en tekst; fjern det"
            in result.stderr)


# one-time forms and »Fortryd« ---------------------------------------------------------------------------------
def once_of(html: str) -> str:
    return re.search(r'name="once" value="([^"]+)"', html)[1]


def test_the_same_post_twice_stores_one_answer_also_when_both_arrive_together(served: Served) -> None:
    phone = Phone(served.url, "127.0.0.11").join("Gruppe 4")
    form = {"csrf": phone.token, "once": once_of(phone.get().text), "text": "dobbelttryk"}
    first = phone.client.post(served.url + "/svar", data=form, follow_redirects=True)
    again = phone.client.post(served.url + "/svar", data=form, follow_redirects=True)
    assert "Modtaget" in first.text and "Modtaget" in again.text
    assert [a.text for a in served.answers()] == ["dobbelttryk"]

    form = {"csrf": phone.token, "once": once_of(phone.get().text), "text": "to på én gang"}
    twin = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.11"), cookies=phone.client.cookies)
    results: list[int] = []
    threads = [threading.Thread(target=lambda c=c: results.append(c.post(served.url + "/svar", data=form).status_code))
               for c in (phone.client, twin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == [303, 303]
    assert [a.text for a in served.answers()] == ["dobbelttryk", "to på én gang"]


def test_a_withdrawal_can_be_undone_for_a_while_and_the_facilitator_sees_the_count(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    author = Phone(served.url, "127.0.0.12").join("Gruppe 1")
    author.send("hov, det var en fejl at trække")
    author.send("det her skal væk")
    kept, gone = served.answers()
    edit = author.get(f"/svar/{kept.id}").text
    form = {"csrf": author.token, "once": once_of(edit), "action": "slet"}
    withdrawn = author.client.post(f"{served.url}/svar/{kept.id}", data=form, follow_redirects=True)
    twice = author.client.post(f"{served.url}/svar/{kept.id}", data=form, follow_redirects=True)  # a double tap
    assert "Svaret er trukket tilbage." in withdrawn.text and "Fortryd" in withdrawn.text
    assert twice.status_code == 200 and [a.text for a in served.answers()] == ["det her skal væk"]
    laptop, _ = facilitator(served)
    assert "Trukket tilbage fra telefonerne: 1 svar." in laptop.get(served.server.facilitator_url).text

    undo_path = re.search(r'action="/\w+(/fortryd/\d+)"', withdrawn.text)[1]
    author.token = csrf_of(withdrawn.text)
    other = Phone(served.url, "127.0.0.13").join("Gruppe 1")
    assert other.post(undo_path, once="x").status_code == 409  # only the phone that withdrew it
    back = author.client.post(served.url + undo_path, data={"csrf": author.token, "once": once_of(withdrawn.text)},
                              follow_redirects=True)
    assert "Svaret er tilbage." in back.text
    assert sorted(a.text for a in served.answers()) == ["det her skal væk", "hov, det var en fejl at trække"]
    assert [a.uuid for a in served.answers() if a.text.startswith("hov")] == [kept.uuid]
    assert "Trukket tilbage fra telefonerne" not in laptop.get(served.server.facilitator_url).text

    monkeypatch.setattr(rooms, "UNDO_SECONDS", 0)  # the while is over
    late = author.post(f"/svar/{gone.id}", action="slet")
    late = author.post(re.search(r'action="/\w+(/fortryd/\d+)"', late.text)[1])
    assert late.status_code == 409 and "Svaret kan ikke længere hentes tilbage" in late.text
    assert [a.text for a in served.answers() if a.text == "det her skal væk"] == []
    counted = served.store.conn.execute("SELECT COUNT(*), COUNT(answer), COUNT(undone) FROM withdrawals").fetchone()
    assert counted == (2, 0, 1)  # the undone one is kept, marked (the board's mark sees it), never counted


def test_web_writes_no_sql_of_its_own() -> None:
    """store/ owns the tables; web/ calls its named functions (one owner per table)."""
    web = Path(__file__).parent.parent / "src" / "aktorskab_cli" / "web"
    found = [f"{path.name}:{n}" for path in sorted(web.glob("*.py"))
             for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.execute(many)?\(|\bSELECT\b|\bINSERT\b|\bUPDATE\b", text)]
    assert found == []


def test_the_server_hands_the_gil_to_the_stores_thread_within_half_a_millisecond(served: Served) -> None:
    """The store's thread takes the GIL back around every SQL statement of an answer's transaction; behind an
    event loop busy with other phones each take waited up to Python's default 5 ms (web/server.SWITCH_INTERVAL).
    The answer still lands (a served room works at the shorter interval)."""
    assert sys.getswitchinterval() <= SWITCH_INTERVAL < 0.005
    assert Phone(served.url, "127.0.0.40").join("Gruppe 1").send("efter et halvt millisekund").status_code == 200
    assert [a.text for a in served.answers()] == ["efter et halvt millisekund"]
