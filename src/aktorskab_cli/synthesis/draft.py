"""The automatic first draft of a synthesis, and the merges it only suggests.

Equal answers (the same words after `normalise`: case, whitespace and punctuation ignored) become one
point across groups. Similar answers are never merged silently: `suggest()` pairs points of the same item
whose Danish stems overlap (Snowball's Danish stemmer, then rapidfuzz's token-set ratio on the stems), and
the draft file shows each pair as a comment for the facilitator to act on.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aktorskab_cli.synthesis.model import Point, Synthesis, Theme, normalise
from aktorskab_cli.store.records import Answer

SIMILAR = 75  # token-set ratio (0–100) on stems from which two points are suggested as one
_STOPWORDS = frozenset(
    "og i at det en den til er som på de med for af ikke der var han hun vi kan skal have har om fx eller "
    "men så også mere når hvad hvor hvordan os vores man sig sin sine et ud over under efter fra".split())


def auto_points(answers: Iterable[Answer], themes: Sequence[Theme] = ()) -> list[Point]:
    """One point per distinct answer (by `normalise`) within each item, in the order answers were given.

    The point's text is the first answer's own words; its column the most common category among the
    answers (the first one's on a tie); a category that names a theme also places the point there.
    """
    theme_ids = {t.id for t in themes}
    groups: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        groups.setdefault((answer.item_id, normalise(answer.text)), []).append(answer)
    points = []
    for (item, _), same in groups.items():
        counts = Counter(a.category for a in same)
        category = max(counts, key=lambda c: (counts[c], -[a.category for a in same].index(c)))
        points.append(Point(text=same[0].text.strip(), answers=tuple(a.id for a in same if a.id is not None),
                            item=item, category=category, theme=category if category in theme_ids else None))
    return points


def draft(answers: Sequence[Answer], stored: Synthesis | None, *, themes: Sequence[Theme] = (),
          closing: str = "") -> Synthesis:
    """The stored synthesis with points added for answers it does not hold yet; or, with nothing stored,
    a first draft of every answer (equal ones merged), the themes given, and the closing note."""
    if stored is not None:
        new = stored.unplaced(a.id for a in answers if a.id is not None)
        waiting = set(new)
        return stored.adopt(auto_points([a for a in answers if a.id in waiting], stored.themes))
    return Synthesis(points=tuple(auto_points(answers, themes)), themes=tuple(themes), closing=closing)


@dataclass(frozen=True)
class Suggestion:
    point: str  # uuid
    other: str  # uuid of a point that says something similar
    score: int  # 0–100


@functools.cache
def _stemmer():  # noqa: ANN202 - snowballstemmer's stemmer
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


def stems(text: str) -> str:
    """'Tydelige hjørneflag og tillid' -> 'hjørneflag tillid tyd' (stems, stop words out, sorted)."""
    words = [w for w in normalise(text).split() if w not in _STOPWORDS]
    return " ".join(sorted(set(_stemmer().stemWords(words))))


def suggest(synthesis: Synthesis, texts: dict[int, str]) -> list[Suggestion]:
    """Pairs of points of the same item that may say the same: each point's text and the texts of its
    answers are compared on their stems; the best score between two points counts."""
    from rapidfuzz import fuzz, process

    by_item: dict[str | None, list[Point]] = {}
    for p in synthesis.points:
        if p.kind == "point" and not p.hidden:
            by_item.setdefault(p.item, []).append(p)
    found: list[Suggestion] = []
    for points in by_item.values():
        if len(points) < 2:
            continue
        owners: list[int] = []
        keys: list[str] = []
        for index, p in enumerate(points):
            for text in {p.text, *(texts[a] for a in p.answers if a in texts)}:
                key = stems(text)
                if key:
                    owners.append(index)
                    keys.append(key)
        best: dict[tuple[int, int], int] = {}
        for r, key in enumerate(keys):  # one C scan per key; no NumPy needed for cdist
            for _, score, c in process.extract(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR,
                                               limit=None):
                a, b = owners[r], owners[c]
                if a < b:
                    best[(a, b)] = max(best.get((a, b), 0), int(score))
        found += [Suggestion(points[a].uuid, points[b].uuid, score) for (a, b), score in sorted(best.items())]
    return found
