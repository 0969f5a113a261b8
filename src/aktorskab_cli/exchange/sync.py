"""Optimistic concurrency between a laptop's copy of a meeting and the archive's: pure decisions, no I/O.

Each copy remembers its *base*: the archive's version it last matched (by push or pull) and the digest of
the meeting then. Comparing the copy's digest with its base tells whether it changed here; comparing the
base with the archive's current version tells whether the archive moved on since:

    same      the copy is the archive's current version
    behind    only the archive changed: pull brings it (a fast-forward); push is refused
    ahead     only the copy changed: push sends it; pull says so and changes nothing (unless --force)
    diverged  both changed, or the copy's base is unknown: push is refused; pull too, unless --force

A copy from before bases were recorded has none; its base is then the archived version with the copy's
own digest (the archive keeps every earlier version), or version 1 when the archive never had another
(every copy started from it), else unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Base:
    revision: int
    digest: str


@dataclass(frozen=True)
class Remote:
    """The archive's current version of a meeting."""
    revision: int
    digest: str
    pushed_by: str
    pushed: dt.datetime

    @property
    def base(self) -> Base:
        return Base(self.revision, self.digest)


def infer_base(local_digest: str, versions: dict[int, str]) -> Base | None:
    """The base of a copy that has none recorded, from the digests of every archived version."""
    for revision in sorted(versions, reverse=True):
        if versions[revision] == local_digest:
            return Base(revision, local_digest)
    if set(versions) == {1}:
        return Base(1, versions[1])
    return None


def compare(local_digest: str, base: Base | None, remote: Remote) -> str:
    """'same', 'behind', 'ahead' or 'diverged' (see above)."""
    if local_digest == remote.digest:
        return "same"
    if base is None:
        return "diverged"
    if base != remote.base:
        return "behind" if local_digest == base.digest else "diverged"
    return "ahead"
