"""The facilitator always knows where the room is: `run --web` takes --host like `serve`, both say in words
when phones cannot reach the address (loopback only, or no network), and w on the live screen shows the
join, projector and facilitator addresses during the run."""

from __future__ import annotations

import os
import signal
from types import SimpleNamespace

import pytest
from conftest import require_module

from aktorskab_cli.web.check import reach_warning
from serve_process import COMMAND, start_serve
from web_helpers import stored_session

LOOPBACK_ONLY = ("Advarsel: 127.0.0.1 kan kun åbnes på denne computer – telefonerne kan ikke nå adressen, og "
                 "QR-koden virker ikke for dem. Udelad --host, så bruges computerens adresse på netværket.")
NO_NETWORK = ("Advarsel: computeren er ikke på noget netværk, så telefonerne kan ikke nå siden (adressen og "
              "QR-koden peger på computeren selv). Slut computeren til Wi-Fi, eller tænd dens hotspot, og start igen.")


def test_the_warning_names_a_loopback_address_asked_for_and_a_laptop_without_network() -> None:
    served = SimpleNamespace  # what reach_warning reads of a WebServer: the address it serves on
    assert reach_warning(served(host="127.0.0.1"), "127.0.0.1") == LOOPBACK_ONLY
    assert reach_warning(served(host="localhost"), "localhost").startswith("Advarsel: localhost kan kun åbnes")
    assert reach_warning(served(host="127.0.0.1"), None) == NO_NETWORK  # the LAN address found was 127.0.0.1
    assert reach_warning(served(host="127.0.0.1"), "0.0.0.0") == NO_NETWORK  # noqa: S104 - every interface
    assert reach_warning(served(host="192.168.1.23"), None) == ""
    assert reach_warning(served(host="10.0.0.5"), "10.0.0.5") == ""


@pytest.mark.slow
def test_serve_on_loopback_warns_on_stderr_and_keeps_the_join_url_first() -> None:
    sid = stored_session()
    proc, url = start_serve(str(sid), "--host", "127.0.0.1", "--port", "0")
    while "Siden kører" not in proc.stdout.readline():  # the banner under the URL: the warning came before it
        pass
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert url.startswith("http://127.0.0.1:")
    assert LOOPBACK_ONLY in err.replace("\n", " ")


def test_run_host_needs_web(run_cli) -> None:  # noqa: ANN001
    result = run_cli("run", "temadag", "--host", "192.168.1.20", "--auto")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("--host bruges sammen med --web, fx: aktorskab run temadag --web "
                                     "--host 192.168.1.20")
    named = run_cli("--db", "andet.db", "run", "mit moede.toml", "--host", "192.168.1.20")  # the user's own, pasteable
    assert (named.exit_code, named.stderr) == (2, "--host bruges sammen med --web, fx: aktorskab --db andet.db run "
                                                  "'mit moede.toml' --web --host 192.168.1.20\n")


@pytest.mark.tui
@pytest.mark.slow
def test_run_web_takes_host_warns_on_the_screen_and_w_shows_the_addresses() -> None:
    pexpect = require_module("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    child = pexpect.spawn(COMMAND, ["run", "temadag", "--web", "--host", "127.0.0.1", "--port", "0"], env=env,
                          dimensions=(40, 150), encoding="utf-8", timeout=20)
    try:
        child.expect(r"(http://127\.0\.0\.1:\d+/[a-z2-9]{6})\s")
        url = child.match.group(1)
        child.expect(r"Ordstyrerens side \(kun på denne computer\): (http://\S+)")
        facilitator = child.match.group(1)
        child.expect("kan kun åbnes på denne computer")  # the warning on stderr, before the screen
        child.expect("Morgenbrød og kaffe/te")  # the screen's title, at its top
        child.expect("kan kun åbnes på denne computer")  # the warning, on the live screen as well
        child.expect("w adresser")  # the keys line names the key
        child.send(" ")  # the day runs; the warning is gone with the first key
        child.expect("I GANG")
        child.send("w")
        child.expect(f"Projektoren: {url}/projektor")
        child.expect(f"Ordstyrerens side \\(kun på denne computer\\): {facilitator}")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


@pytest.mark.tui
@pytest.mark.slow
def test_on_the_projector_the_warning_shows_too_and_w_never_shows_the_facilitators_address() -> None:
    pexpect = require_module("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    child = pexpect.spawn(COMMAND, ["run", "temadag", "--web", "--projector", "--host", "127.0.0.1", "--port", "0"],
                          env=env, dimensions=(40, 150), encoding="utf-8", timeout=20)
    try:
        child.expect(r"(http://127\.0\.0\.1:\d+/[a-z2-9]{6})\s")
        child.expect("kan kun åbnes på denne computer")  # on stderr, before the screen
        child.expect("Morgenbrød og kaffe/te")  # the screen's title, at its top
        child.expect("kan kun åbnes på denne computer")  # the projector shows no messages, but this one
        child.send(" ")
        child.expect("I GANG|Morgenbrød")
        child.send("w")
        child.expect("Telefoner: http://127")
        child.send("q")
        child.expect(pexpect.EOF)
        assert "/styr/" not in child.before  # all the screen showed after w, until it ended
    finally:
        child.close(force=True)
