"""The room's rate limits on their own, with the clock injected: what they allow, and that what they remember
stays a room's size however many addresses or phone ids an attacker mints."""

from __future__ import annotations

from aktorskab_cli.web.limits import NEW_PHONES, SWEEP_FROM, RateLimits


def test_addresses_minted_by_the_thousand_are_forgotten_once_their_new_phones_are_back() -> None:
    limits = RateLimits()
    for n in range(3 * SWEEP_FROM):  # IPv6: one participant may hold as many addresses as they like
        assert limits.new_phone(f"2001:db8::{n:x}", now=0.0)
    assert limits.new_phone("2001:db8::ffff", now=60.0)  # a minute on, every one of them has its phone back
    assert len(limits._new) == 1


def test_an_address_that_used_its_new_phones_is_remembered_through_a_sweep() -> None:
    limits = RateLimits()
    assert all(limits.new_phone("10.0.0.1", now=0.0) for _ in range(NEW_PHONES))
    for n in range(SWEEP_FROM):
        limits.new_phone(f"10.1.{n // 256}.{n % 256}", now=0.0)
    assert limits.new_phone("10.2.0.1", now=30.0)  # sweeps: the others are full again, 10.0.0.1 is not
    assert len(limits._new) == 2
    assert all(limits.new_phone("10.0.0.1", now=30.0) for _ in range(30))  # 30 s × one a second
    assert not limits.new_phone("10.0.0.1", now=30.0)
    assert limits.refused["new phone"] == 1


def test_phones_that_sent_nothing_for_a_minute_are_forgotten() -> None:
    limits = RateLimits()
    for n in range(SWEEP_FROM):
        assert limits.change(f"phone {n}", f"10.1.{n // 256}.{n % 256}", now=0.0)
    assert limits.change("another", "10.0.0.2", now=61.0)
    assert set(limits._sent) == {"phone another", "address 10.0.0.2"}
