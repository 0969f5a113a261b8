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

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.synthesis.model import Point, Synthesis, Theme, normalise
from aktorskab_cli.store.records import Answer

SIMILAR = 75  # token-set ratio (0–100) on stems from which two points are suggested as one
_STOPWORDS = frozenset(
    "og i at det en den til er som på de med for af ikke der var han hun vi kan skal have har om fx eller "
    "men så også mere når hvad hvor hvordan os vores man sig sin sine et ud over under efter fra".split())


def summarised(agenda: Agenda, answers: Iterable[Answer]) -> list[Answer]:
    """The answers a synthesis is made of: every answer but a follow-up item's. A follow-up item
    (`kind = "followup"`) has no frame of points: what phones send there are status suggestions
    (»Forslag: … → gennemført (entry-id)«) for the facilitator to take or leave, never points – they stay
    in the store, travel with the meeting and stand in the bilag under the item as what the phones sent."""
    followup = {i.id for i in agenda.items if i.is_followup}
    return [a for a in answers if a.item_id not in followup] if followup else list(answers)


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
class SuggestedMerge:
    """Two points the draft suggests merging (not a phone's status suggestion, `live.followup.Suggestion`)."""

    point: str  # uuid
    other: str  # uuid of a point that says something similar
    score: int  # 0–100
    numbers: bool = False  # the same words, other numbers ('Møde hver 2. uge' and 'Møde hver 4. uge')
    more: bool = False  # one's words are all in the other, which has more (the token-set ratio says 100)

    @property
    def said(self) -> str:
        """How alike, as the draft file says it: '87 %'; '100 %' only for the same stems. Texts apart only in
        numbers, or where one says more than the other, get words instead: their stems score 95–100 %, which
        told the facilitator they were the same."""
        if self.numbers:
            return "samme ord, andre tal"
        return "den ene siger mere" if self.more else f"{self.score} %"


@functools.cache
def _stemmer():  # noqa: ANN202 - snowballstemmer's stemmer
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """One word's stem, cached: a meeting's answers use a few thousand words many times over, and the
    pure-Python Snowball stemmer costs a fraction of a millisecond a word."""
    return _stemmer().stemWord(word)


def stems(text: str) -> str:
    """'Tydelige hjørneflag og tillid' -> 'hjørneflag tillid tyd' (stems, stop words out, sorted)."""
    return " ".join(sorted({_stem(w) for w in normalise(text).split() if w not in _STOPWORDS}))


def suggest(synthesis: Synthesis, texts: dict[int, str], per_point: int = 2) -> list[SuggestedMerge]:
    """Pairs of points of the same item that may say the same, the best `per_point` for each point.

    Each point is known by the stems of its text and its answers' texts. Candidates share at least two
    stems (one, when a side has only one), found through an index of stems that leaves out the stems
    nearly every point has (they tell nothing apart); only candidates are scored, with rapidfuzz's
    token-set ratio on the stems, so thousands of answers take well under a second.
    """
    from rapidfuzz import fuzz

    by_item: dict[str | None, list[Point]] = {}
    for p in synthesis.points:
        if p.kind == "point" and not p.hidden:
            by_item.setdefault(p.item, []).append(p)
    found: list[SuggestedMerge] = []
    for points in by_item.values():
        keys = [{stems(t) for t in {p.text, *(texts[a] for a in p.answers if a in texts)}} - {""} for p in points]
        words = [set(" ".join(k).split()) for k in keys]
        index: dict[str, list[int]] = {}
        for n, ws in enumerate(words):
            for w in ws:
                index.setdefault(w, []).append(n)
        common = max(50, len(points) // 10)
        best: dict[int, list[tuple[int, int]]] = {}
        for a, ws in enumerate(words):
            shared = Counter(b for w in ws if len(index[w]) <= common for b in index[w] if b > a)
            for b, count in shared.items():
                if count < min(2, len(ws), len(words[b])):
                    continue
                score, same = max((int(fuzz.token_set_ratio(x, y)), x == y) for x in keys[a] for y in keys[b])
                if score >= SIMILAR:
                    best.setdefault(a, []).append((score, b, same))
                    best.setdefault(b, []).append((score, a, same))
        pairs = {tuple(sorted((a, b))): (score, same) for a, ranked in best.items()
                 for score, b, same in sorted(ranked, key=lambda x: (-x[0], x[1]))[:per_point]}
        found += [SuggestedMerge(points[a].uuid, points[b].uuid, score, _numbers_differ(points[a].text, points[b].text),
                             more=score == 100 and not same)  # a token set inside the other scores 100 too
                  for (a, b), (score, same) in sorted(pairs.items())]
    return found


def _numbers_differ(one: str, other: str) -> bool:
    """The same stems but for the numbers in them."""
    a, b = stems(one).split(), stems(other).split()
    def words(ws: list[str]) -> set[str]:
        return {w for w in ws if not w.isdigit()}

    return words(a) == words(b) and sorted(w for w in a if w.isdigit()) != sorted(w for w in b if w.isdigit())
