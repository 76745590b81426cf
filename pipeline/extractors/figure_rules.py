"""The vocabulary of the figures extractor, compiled once from `rules/units.toml` and
`rules/numbers.toml` into regular expressions and look-up sets (`rules()`).

Kept apart from `pipeline.extractors.figures` so that the extractor reads as the decisions
it makes; nothing here decides anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from pipeline.rules import load


@dataclass(frozen=True)
class _Currency:
    regex: re.Pattern[str]
    code: str
    codes: dict[str, str]  # per-word codes when one entry lists several currencies
    rule: str
    not_before: frozenset[str]
    scaled_only: bool


@dataclass(frozen=True)
class FigureRules:
    percent: re.Pattern[str]
    percent_ids: dict[str, str]
    money: list[_Currency]
    money_any: re.Pattern[str]  # matches where some `money` regex does: see `_any_of`
    measure: re.Pattern[str]
    measure_ids: dict[str, str]
    not_figure: re.Pattern[str]
    not_figure_ids: dict[str, str]
    vuot_units: frozenset[str]
    vuot_id: str
    nouns: re.Pattern[str]
    nouns_any_case: re.Pattern[str]  # `8 Phó ban`: a capitalised listed noun
    noun_ids: dict[str, str]
    place_before_count: frozenset[str]
    list_contexts: frozenset[str]  # context ids whose numbers may go on in a list
    multiplier_before: frozenset[str]
    multiplier_units: frozenset[str]
    multiplier_after: re.Pattern[str]
    multiplier_qualifiers: frozenset[str]
    multiplier_id: str
    after_names: frozenset[str]  # rule ids of counted nouns that a name never precedes
    noun_rules: frozenset[str]
    not_units: frozenset[str]
    not_unit_id: str
    idioms: re.Pattern[str]
    digit_idioms: tuple[tuple[Decimal, re.Pattern[str]], ...]  # `1 chút`: idioms with digits
    not_counted: re.Pattern[str]
    contexts: re.Pattern[str]
    context_ids: dict[str, str]
    context_unless: dict[str, frozenset[str]]
    money_always: frozenset[str]
    money_words: re.Pattern[str]
    money_id: str
    money_code: str
    elided: re.Pattern[str]
    elided_id: str
    inherited_id: str
    of_those: re.Pattern[str]
    ratio: re.Pattern[str]
    ratio_id: str
    strict: re.Pattern[str]
    strict_id: str
    token_id: str
    minus_id: str
    max_value: Decimal
    too_large_id: str


def alternation(words: list[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One regex that matches at a position exactly when one of `patterns` does (each keeps
    its own case rule). Why: nearly every number is followed by no currency, and one failed
    match of the union is cheaper than one per currency; the loop runs only on a hit."""
    parts = (
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})" for p in patterns
    )
    return re.compile("|".join(parts))


def key(text: str) -> str:
    return " ".join(text.lower().split())


def _money_words_re(money_ctx: dict[str, Any]) -> re.Pattern[str]:
    """Money words as whole words; some not when they open another word (`chi bộ`)."""
    not_before: dict[str, list[str]] = money_ctx.get("not_before", {})
    parts = []
    for word in sorted(set(money_ctx["words"]), key=len, reverse=True):
        part = r"\s+".join(map(re.escape, word.split()))
        if word in not_before:
            part += rf"(?!\s+(?:{alternation(not_before[word])})(?!\w))"
        parts.append(part)
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


@cache
def rules() -> FigureRules:
    units: dict[str, Any] = load("units")
    percent_words = [w for e in units["percent"] for w in e["words"]]
    percent_ids = {key(w): e["id"] for e in units["percent"] for w in e["words"]}
    money = []
    for entry in units["currencies"]:
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        money.append(
            _Currency(
                regex=re.compile(rf"\s*({alternation(entry['words'])})(?!\w)", flags),
                code=entry["code"],
                codes=entry.get("code_by_word", {}),
                rule=entry["id"],
                not_before=frozenset(entry.get("not_before", [])),
                scaled_only=bool(entry.get("scaled_only")),
            )
        )
    measure_words = [w for e in units["measures"] for w in e["words"]]
    measure_ids = {w: e["id"] for e in units["measures"] for w in e["words"]}
    nf_words = [w for e in units["not_figure_units"] for w in e["words"]]
    nf_ids = {key(w): e["id"] for e in units["not_figure_units"] for w in e["words"]}
    noun_words = [w for e in units["count_nouns"] for w in e["words"]]
    noun_ids = {key(w): e["id"] for e in units["count_nouns"] for w in e["words"]}
    ctx_words = [w for e in units["contexts"] for w in e["words"]]
    ctx_ids = {key(w): e["id"] for e in units["contexts"] for w in e["words"]}
    ctx_unless = {
        key(w): frozenset(e.get("unless_after", [])) for e in units["contexts"] for w in e["words"]
    }
    idiom_words = [w for e in units["idioms"] for w in e["words"]]
    digit_idioms = tuple(
        (Decimal(e["digit"]), re.compile(rf"\s+({alternation(e['words'])})(?!\w)", re.IGNORECASE))
        for e in units["idioms"]
        if "digit" in e
    )
    not_counted = [w for e in units["not_counted"] for w in e["words"]]
    money_ctx = units["money_context"]
    return FigureRules(
        percent=re.compile(rf"\s*({alternation(percent_words)})", re.IGNORECASE),
        percent_ids=percent_ids,
        money=money,
        money_any=_any_of([currency.regex for currency in money]),
        # A measure may be glued to the digits (`850m2`) but must end the word.
        measure=re.compile(rf"\s*({alternation(measure_words)})(?![^\W_])"),
        measure_ids=measure_ids,
        not_figure=re.compile(rf"\s+({alternation(nf_words)})(?!\w)", re.IGNORECASE),
        not_figure_ids=nf_ids,
        vuot_units=frozenset(key(w) for w in units["vuot_not_comparing"]["units"]),
        vuot_id=units["vuot_not_comparing"]["id"],
        nouns=re.compile(rf"\s+({alternation(noun_words)})(?!\w)"),
        nouns_any_case=re.compile(rf"\s+({alternation(noun_words)})(?!\w)", re.IGNORECASE),
        noun_ids=noun_ids,
        place_before_count=frozenset(units["place_before_count"]["words"]),
        list_contexts=frozenset(e["id"] for e in units["contexts"] if e.get("lists")),
        multiplier_before=frozenset(units["multiplier"]["before"]),
        multiplier_units=frozenset(units["multiplier"]["units"]),
        multiplier_qualifiers=frozenset(units["multiplier"]["qualifiers"]),
        multiplier_after=re.compile(
            rf"\s*(?:{alternation(units['multiplier']['after'])})(?!\w)", re.IGNORECASE
        ),
        multiplier_id=units["multiplier"]["id"],
        after_names=frozenset(e["id"] for e in units["count_nouns"] if e.get("after_names")),
        noun_rules=frozenset(noun_ids.values()),
        not_units=frozenset(key(w) for w in units["not_units"]["words"]),
        not_unit_id=units["not_units"]["id"],
        idioms=re.compile(rf"\s+({alternation(idiom_words)})(?!\w)", re.IGNORECASE),
        digit_idioms=digit_idioms,
        not_counted=re.compile(rf"\s+({alternation(not_counted)})(?!\w)", re.IGNORECASE),
        contexts=re.compile(rf"(?<!\w)({alternation(ctx_words)})\s*$", re.IGNORECASE),
        context_ids=ctx_ids,
        context_unless=ctx_unless,
        money_always=frozenset(money_ctx["always"]),
        money_words=_money_words_re(money_ctx),
        money_id=money_ctx["id"],
        money_code=money_ctx["code"],
        elided=re.compile(
            rf"(?<!\w)(?:{alternation(units['elided_unit']['before'])})"
            rf"\s+({alternation(noun_words)})(?!\w)"
        ),
        elided_id=units["elided_unit"]["id"],
        inherited_id=units["inherited_unit"]["id"],
        of_those=re.compile(
            rf"\s+(?:{alternation(units['inherited_unit']['after'])})(?!\w)", re.IGNORECASE
        ),
        ratio=re.compile(
            rf"\s+(?:{alternation(units['ratio_unit']['between'])})\s+\d+(?:[.,]\d+)*"
            rf"\s+({alternation(noun_words)})(?!\w)"
        ),
        ratio_id=units["ratio_unit"]["id"],
        strict=re.compile(
            rf"(?<!\w)(?:{alternation(units['strict_before']['words'])})\s+$", re.IGNORECASE
        ),
        strict_id=units["strict_before"]["id"],
        token_id=units["token_unit"]["id"],
        minus_id=load("numbers")["numerals"]["minus_id"],
        max_value=Decimal(load("numbers")["numerals"]["max_value"]),
        too_large_id=load("numbers")["numerals"]["too_large_id"],
    )
