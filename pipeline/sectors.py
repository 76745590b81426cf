"""The sector of a commitment, from weighted keywords in `rules/sectors.toml`.

Why keywords and not a model first: the sector vocabulary of Vietnamese administrative news is
small and stable (`nông thôn mới`, `cải cách hành chính`, `trường công lập`), a keyword that
fired is an explanation an analyst can check in the `rule` column, and the sectors a
classifier confuses are exactly those where one keyword settles it. A keyword scores its
number of syllables, so the more specific phrase wins (`xây dựng Đảng` over `xây dựng`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.rules import load

OTHER = "other"


@dataclass(frozen=True)
class _Sector:
    id: str
    name: str
    keywords: re.Pattern[str]  # every keyword of the sector, longest first
    patterns: re.Pattern[str] | None  # the sector's regular expressions, if any


@cache
def _sectors() -> tuple[_Sector, ...]:
    """Compile `rules/sectors.toml` once per process (one alternation per sector)."""
    sectors = []
    for entry in load("sectors")["sector"]:
        words = sorted(entry["keywords"], key=len, reverse=True)
        keywords = re.compile(
            rf"(?<!\w)(?:{'|'.join(re.escape(word) for word in words)})(?!\w)", re.IGNORECASE
        )
        patterns = None
        if entry.get("patterns"):
            patterns = re.compile(rf"(?<!\w)(?:{'|'.join(entry['patterns'])})(?!\w)", re.IGNORECASE)
        sectors.append(_Sector(entry["id"], entry["name"], keywords, patterns))
    return tuple(sectors)


def sector_scores(text: str) -> dict[str, int]:
    """Keyword score of each sector for `text` (sectors without a hit are left out).

    Each distinct keyword found scores its number of syllables (at least 2 for a pattern).
    """
    scores: dict[str, int] = {}
    for sector in _sectors():
        found = {m.group(0).lower() for m in sector.keywords.finditer(text)}
        score = sum(len(word.split()) for word in found)
        if sector.patterns is not None:
            found = {m.group(0).lower() for m in sector.patterns.finditer(text)}
            score += sum(max(len(word.split()), 2) for word in found)
        if score:
            scores[sector.name] = score
    return scores


def sector_of(text: str, context: str = "") -> tuple[str, str]:
    """(sector name, rule id) for `text`; `context` (the sentence) breaks a tie-less blank.

    The rule id is the winning sector's id, or `sec.other` when no keyword matched.
    """
    for candidate in (text, context):
        if not candidate:
            continue
        scores = sector_scores(candidate)
        if scores:
            best = max(scores.values())
            for sector in _sectors():
                if scores.get(sector.name) == best:
                    return sector.name, sector.id
    return OTHER, "sec.other"


def sector_names() -> list[str]:
    """Every sector name, in rule order, then `other`."""
    return [s.name for s in _sectors()] + [OTHER]
