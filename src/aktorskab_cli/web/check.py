"""`serve --check`: is the join address reachable, and what to do when phones still cannot open it."""

from __future__ import annotations

import urllib.request

from aktorskab_cli.web.server import LOOPBACK, WebServer, is_private

ADVICE = ("Kan telefonerne stadig ikke åbne siden: er de på samme Wi-Fi som computeren? Gæste-Wi-Fi "
          "holder ofte telefoner adskilt fra hinanden – tænd i stedet computerens eget hotspot, og lad "
          "telefonerne gå på det. På Windows: svarede nogen »nej« til firewallens spørgsmål, eller er "
          "netværket sat til »Offentligt«, så se README-afsnittet »Telefonerne kan ikke komme ind«.")


def check_report(server: WebServer) -> tuple[bool, list[str]]:
    """(reachable, lines to print): the address found, whether it answers from this laptop, advice."""
    url = server.join_url
    if server.host == LOOPBACK:
        return False, ["Computeren har ingen adresse på et netværk, så telefoner kan ikke nå den.",
                       "Slut computeren til Wi-Fi, eller tænd dens hotspot, og prøv igen."]
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
