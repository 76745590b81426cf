"""The number vocabulary of `rules/numbers.toml`, compiled once (`vocab()`): number words,
tens, scales, qualifiers and their bridges, ranges, indefinite words and the numeral limits.

Read by `pipeline.text.numerals` and `pipeline.text.numbers`; nothing here parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from pipeline.rules import load


@dataclass(frozen=True)
class Vocab:
    digits: dict[str, tuple[int, str, str]]  # word -> (value, role, id)
    ten: frozenset[str]
    tens: frozenset[str]
    zero_tens: frozenset[str]
    dozen: frozenset[str]
    ten_alone: frozenset[str]
    tens_words: frozenset[str]  # every word that may go on a spelt-out number
    hundred: frozenset[str]
    half: frozenset[str]
    scales: dict[str, tuple[Decimal, str]]  # word -> (multiplier, id)
    scale_not_before: dict[str, frozenset[str]]  # `tỷ` is no scale in `tỷ lệ`
    starts: frozenset[str]  # words that may open a spelt-out number
    separators: frozenset[str]
    from_re: re.Pattern[str]
    range_id: str
    digits_id: str
    words_id: str
    qualifier_re: re.Pattern[str]
    qualifiers: dict[str, tuple[str | None, str]]  # phrase -> (value, id)
    scaled_only: frozenset[str]  # qualifiers read so only before a scaled amount (a typo)
    not_after: dict[str, frozenset[str]]  # phrase -> words that give it another sense
    bridges: dict[str, frozenset[str]]  # phrase -> words that may stand before the number
    bridge_re: re.Pattern[str]
    ratio_words: frozenset[str]  # phrases that, right after a number, make a ratio
    suffix_re: re.Pattern[str]
    suffixes: dict[str, tuple[str | None, str]]
    indefinite_re: re.Pattern[str]
    indefinite: dict[str, str]
    indefinite_digits: frozenset[str]  # ids of those that make digits indefinite too (`vài 3`)
    max_digits: int  # a numeral with more digits is not a number (issue 20)
    stack_order: tuple[str, ...]  # which of stacked qualifiers wins, first first

    def stack_rank(self, value: str | None) -> int:
        """Rank of a qualifier value among stacked ones (None ranks last)."""
        order = self.stack_order
        return order.index(value) if value in order else len(order)

    english_min_groups: int  # comma-grouped numerals that make an article English-style


def phrases_re(phrases: list[str], anchor_end: bool) -> re.Pattern[str]:
    """Whole-word alternation of phrases, longest first; flexible inner white space."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
    if anchor_end:
        return re.compile(rf"(?<!\w)({body})\s*$", re.IGNORECASE)
    return re.compile(rf"\s*({body})(?!\w)", re.IGNORECASE)


@cache
def vocab() -> Vocab:
    rules: dict[str, Any] = load("numbers")
    digits: dict[str, tuple[int, str, str]] = {}
    for entry in rules["number_words"]:
        for word in entry["words"]:
            digits[word] = (int(entry["value"]), entry["role"], entry["id"])
    tens = rules["tens"]
    scales = {
        word: (Decimal(entry["value"]), entry["id"])
        for entry in rules["scales"]
        for word in entry["words"]
    }
    starts = frozenset(w for w, (_v, role, _i) in digits.items() if role in ("start", "article"))
    starts |= frozenset(tens["ten"]) | frozenset(tens["ten_alone"])

    def table(key: str) -> dict[str, tuple[str | None, str]]:
        return {
            " ".join(word.lower().split()): (entry["value"] or None, entry["id"])
            for entry in rules[key]
            for word in entry["words"]
        }

    qualifiers = table("qualifiers")
    scaled_only = frozenset(
        " ".join(word.lower().split())
        for entry in rules["qualifiers"]
        if entry.get("scaled_only")
        for word in entry["words"]
    )
    not_after = {
        " ".join(word.lower().split()): frozenset(entry.get("not_after", []))
        for entry in rules["qualifiers"]
        for word in entry["words"]
    }
    bridges = {
        " ".join(word.lower().split()): frozenset(
            " ".join(b.lower().split()) for b in entry.get("bridge", [])
        )
        for entry in rules["qualifiers"]
        for word in entry["words"]
    }
    all_bridges = sorted({b for found in bridges.values() for b in found})
    suffixes = table("suffix_qualifiers")
    indefinite = {w: e["id"] for e in rules["indefinite"] for w in e["words"]}
    return Vocab(
        digits=digits,
        ten=frozenset(tens["ten"]),
        tens=frozenset(tens["tens"]),
        zero_tens=frozenset(tens["zero_tens"]),
        dozen=frozenset(tens["dozen"]),
        ten_alone=frozenset(tens["ten_alone"]),
        tens_words=frozenset(
            w
            for key in ("ten", "tens", "zero_tens", "dozen", "hundred", "half", "ten_alone")
            for w in tens[key]
        ),
        hundred=frozenset(tens["hundred"]),
        half=frozenset(tens["half"]),
        scales=scales,
        scale_not_before={
            word: frozenset(entry["not_before"])
            for entry in rules["scales"]
            if "not_before" in entry
            for word in entry["words"]
        },
        starts=starts,
        separators=frozenset(rules["ranges"]["separators"]),
        from_re=phrases_re(rules["ranges"]["from"], anchor_end=True),
        range_id=rules["ranges"]["id"],
        digits_id=rules["numerals"]["digits_id"],
        words_id=rules["numerals"]["words_id"],
        qualifier_re=phrases_re(list(qualifiers), anchor_end=True),
        qualifiers=qualifiers,
        scaled_only=scaled_only,
        not_after=not_after,
        bridges=bridges,
        bridge_re=phrases_re(all_bridges, anchor_end=True),
        ratio_words=frozenset(
            " ".join(word.lower().split())
            for entry in rules["qualifiers"]
            if entry.get("not_after_number")
            for word in entry["words"]
        ),
        suffix_re=phrases_re(list(suffixes), anchor_end=False),
        suffixes=suffixes,
        indefinite_re=phrases_re(list(indefinite), anchor_end=True),
        indefinite=indefinite,
        indefinite_digits=frozenset(e["id"] for e in rules["indefinite"] if e.get("digits")),
        max_digits=int(rules["numerals"]["max_digits"]),
        stack_order=tuple(rules["qualifier_stack"]["stack_order"]),
        english_min_groups=int(rules["numerals"]["english_min_groups"]),
    )
