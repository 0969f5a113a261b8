"""Can phones reach the room? The warning `serve` and `run --web` give when they cannot (a loopback-only
address, or no network at all), the addresses the facilitator needs, and `serve --check`."""

from __future__ import annotations

import ipaddress
import urllib.request

from aktorskab_cli.web.server import WebServer, is_private

ADVICE = ("Kan telefonerne stadig ikke åbne siden: er de på samme Wi-Fi som computeren? Gæste-Wi-Fi "
          "holder ofte telefoner adskilt fra hinanden – tænd i stedet computerens eget hotspot, og lad "
          "telefonerne gå på det. På Windows: svarede nogen »nej« til firewallens spørgsmål, eller er "
          "netværket sat til »Offentligt«, så se README-afsnittet »Telefonerne kan ikke komme ind«.")


def is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def reach_warning(server: WebServer, asked: str | None) -> str:
    """'' when phones can reach the join address; else what is wrong and what to do, in words. `asked`
    is the --host the facilitator gave (None: the laptop's address on the network was looked up)."""
    if not is_loopback(server.host):
        return ""
    if asked is not None and is_loopback(asked):
        return (f"Advarsel: {server.host} kan kun åbnes på denne computer – telefonerne kan ikke nå adressen, og "
                "QR-koden virker ikke for dem. Udelad --host, så bruges computerens adresse på netværket.")
    return ("Advarsel: computeren er ikke på noget netværk, så telefonerne kan ikke nå siden (adressen og "
            "QR-koden peger på computeren selv). Slut computeren til Wi-Fi, eller tænd dens hotspot, og start igen.")


def address_lines(server: WebServer) -> list[str]:
    """Where the phones, the projector and the facilitator go (the facilitator's page only on this laptop)."""
    return [f"Telefoner: {server.join_url}", f"Projektoren: {server.join_url}/projektor",
            f"Ordstyrerens side (kun på denne computer): {server.facilitator_url}"]


def check_report(server: WebServer, asked: str | None = None) -> tuple[bool, list[str]]:
    """(reachable, lines to print): the address found, whether it answers from this laptop, advice."""
    url = server.join_url
    warning = reach_warning(server, asked)
    if warning:
        return False, [warning]
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own http URL
            answered = response.status == 200
    except OSError:
        answered = False
    lines = [f"Adresse: {url}"]
    if not answered:
        lines.append("Adressen svarer ikke, heller ikke fra denne computer. Et sikkerhedsprogram blokerer "
                     "måske porten; prøv en anden med --port.")
        return False, lines + [ADVICE]
    lines.append("Adressen svarer fra denne computer.")
    if not is_private(server.host):
        lines.append(f"Bemærk: {server.host} er ikke en adresse på et lokalt netværk; siden kan være synlig "
                     "udefra. Brug hellere et lokalt Wi-Fi eller computerens hotspot.")
    return True, lines + [ADVICE]
