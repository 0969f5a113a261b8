"""The room's rate limits, and what they refused, in words for the facilitator.

A phone is known by the cookie the server signed, never by its address: on a hotel's or a municipality's
guest Wi-Fi (NAT), or behind a reverse proxy, every phone in the room comes from one address. So the guard
against one participant is per phone (RATE); what a per-address limit must still stop is one machine making
many phones, each with a limit of its own. It does so where a phone is made: at most NEW_PHONES new phone
ids from one address at once, and NEW_PHONES_PER_MINUTE more as the minutes pass. A whole room behind one
address (200 phones, benchmarks/phones.py's room, opening the page at the same moment) gets in; one laptop
that asks for 1,000 phones gets NEW_PHONES at once and one a second after that. RATE_ADDRESS, a ceiling a full room does
not reach, bounds what however many phones one address holds can send: a laptop with all its phones sends
at most RATE_ADDRESS changes a minute, whatever it does.

Behind one address no limit per address can tell the one who floods from the room, so those limits are a
room's size, not a phone's; each refusal is counted (`refused`) and shown on the facilitator's page, so a room
whose phones share an address, or a flood, can be seen for what it is.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from aktorskab_cli.rules.numbers import counted

RATE = 20  # changes (answers sent, corrected, withdrawn, brought back) per phone a minute
RATE_ADDRESS = 600  # changes per client address a minute: 200 phones behind one address, three each
RATE_WINDOW = 60.0  # seconds: the minute of RATE and RATE_ADDRESS
NEW_PHONES = 200  # new phone ids (a page opened without the cookie) from one address at once …
SWEEP_FROM = 4096  # phones and addresses counted before the ones with nothing left to count are dropped
NEW_PHONES_PER_MINUTE = 60  # … and as many more a minute after that (a bucket: unused ones are kept up to NEW_PHONES)

# what the facilitator's page says of each reason a request was refused: what was refused, counted (an answer is
# one each time; a page that is reloaded, a browser that connects again, a projector page that retries is the
# same one refused again, so those say how many times), and why
REASONS = {
    "phone": (lambda n: counted(n, "svar eller rettelse", "svar eller rettelser"),
              "fordi én telefon sendte for hurtigt"),
    "address": (lambda n: counted(n, "svar eller rettelse", "svar eller rettelser"),
                "fordi der kom for mange fra samme netværksadresse"),
    "new phone": (lambda n: f"en ny telefon {counted(n, 'gang', 'gange')}",
                  "fordi der kom for mange på én gang fra samme netværksadresse"),
    "connection": (lambda n: f"en forbindelse {counted(n, 'gang', 'gange')}",
                   "fordi der var for mange åbne på én gang"),
    "stream": (lambda n: f"projektorsiden live {counted(n, 'gang', 'gange')}",
               "fordi der var for mange åbne på én gang"),
}


def refusals_said(refused: Counter[str]) -> str:
    """What was refused and why, in one Danish sentence for the facilitator; "" when nothing was."""
    said = [f"{what(refused[reason])}, {why}" for reason, (what, why) in REASONS.items() if refused[reason]]
    return f"Afvist for at beskytte mødet: {'; '.join(said)}." if said else ""


@dataclass
class RateLimits:
    """The counts behind the limits of one room; all of it on the server's event loop (no lock needed)."""

    refused: Counter[str] = field(default_factory=Counter)  # requests and connections refused, by reason
    _sent: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _new: dict[str, tuple[float, float]] = field(default_factory=dict)  # address -> (phones left, when counted)
    _swept: float = 0.0

    def refused_count(self) -> int:
        """How many requests and connections were refused in all; safe from another thread (the live
        screen's): the counts are copied in one step first."""
        return sum(dict(self.refused).values())

    def change(self, phone: str, address: str, now: float | None = None) -> bool:
        """At most RATE changes per phone and RATE_ADDRESS per client address a minute; True (and counted
        against both) when this one may go in, else False (and the refusal counted by its reason)."""
        now = time.monotonic() if now is None else now
        counted_against = [(f"phone {phone}", RATE, "phone"), (f"address {address}", RATE_ADDRESS, "address")]
        for key, limit, reason in counted_against:
            sent = self._sent[key]
            while sent and sent[0] <= now - RATE_WINDOW:
                sent.popleft()
            if len(sent) >= limit:
                self.refused[reason] += 1
                return False
        for key, _, _ in counted_against:
            self._sent[key].append(now)
        self._forget(now)
        return True

    def new_phone(self, address: str, now: float | None = None) -> bool:
        """True (and counted) when `address` may be given one more new phone id now (see NEW_PHONES)."""
        now = time.monotonic() if now is None else now
        left, then = self._new.get(address, (float(NEW_PHONES), now))
        left = _refilled(left, now - then)
        if left < 1.0:
            self._new[address] = (left, now)
            self.refused["new phone"] += 1
            return False
        self._new[address] = (left - 1.0, now)
        self._forget(now)
        return True

    def _forget(self, now: float) -> None:
        """Now and then, drop the phones and addresses that sent nothing for a minute, and the addresses whose
        new phones are all back (an entry that says what no entry says): memory stays a room's, however many
        addresses or phone ids an attacker mints."""
        if len(self._sent) + len(self._new) < SWEEP_FROM or now - self._swept < RATE_WINDOW / 6:
            return
        self._swept = now
        for key in [k for k, sent in self._sent.items() if not sent or sent[-1] <= now - RATE_WINDOW]:
            del self._sent[key]
        for address in [a for a, (left, then) in self._new.items() if _refilled(left, now - then) >= NEW_PHONES]:
            del self._new[address]


def _refilled(left: float, seconds: float) -> float:
    """The new phones an address has after `seconds` more, from `left` (one bucket, full at NEW_PHONES)."""
    return min(float(NEW_PHONES), left + seconds * NEW_PHONES_PER_MINUTE / 60.0)
