"""Reading what follows a number: a currency, `%`, a measure or a counted noun (`unit_after`),
with the underthesea words of the sentence (`Words`) giving the extent of multi-syllable
units. Part of the figures extractor (`pipeline.extractors.figures`), which decides from the
`Unit` whether the number is a figure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from pipeline.extractors.figure_rules import key as _key
from pipeline.extractors.figure_rules import rules as _rules

WORD = re.compile(r"[^\W\d_]+")
_UNIT_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # `xi-lanh` is one word
_WORD = WORD


@dataclass(frozen=True)
class Unit:
    """What follows a number: its kind, the unit column, where it ends and the rule id."""

    kind: str  # money | percent | quantity | skip | none
    unit: str
    end: int
    rule: str


def head(text: str, syllables: int = 2) -> str:
    """The first one or two syllables of a unit noun (GUIDELINES: its head word)."""
    return " ".join(text.split()[:syllables])


def unit_after(text: str, pos: int, words: Words | None = None, scaled: bool = False) -> Unit:
    """Read the unit that starts at `pos` (right after a number and its scale words).

    Returns kind `skip` when the unit makes the number not a figure (time, age, rank) and
    kind `none` when no unit follows (a bare number).
    """
    r = _rules()
    glued = pos < len(text) and not text[pos].isspace()
    match = r.percent.match(text, pos)
    if match:
        return Unit("percent", "%", match.end(), r.percent_ids[_key(match.group(1))])
    best: Unit | None = None  # the longest currency wins: `đô la Úc` over `đô la`
    for currency in r.money if r.money_any.match(text, pos) else ():
        match = currency.regex.match(text, pos)
        if match is None or (currency.scaled_only and not scaled):
            continue
        following = _WORD.match(text, match.end() + 1) if match.end() < len(text) else None
        nxt = following.group().lower() if following and text[match.end()] == " " else ""
        if (scaled or nxt not in currency.not_before) and (best is None or match.end() > best.end):
            code = currency.codes.get(match.group(1), currency.code)
            best = Unit("money", code, match.end(), currency.rule)
    if best is not None:
        return best
    match = r.measure.match(text, pos)
    if match:
        return Unit("quantity", match.group(1), match.end(), r.measure_ids[match.group(1)])
    if glued:
        # Letters glued to the digits that are not a unit: a code (`4G`, `1A`) or a time (`8h`).
        if text[pos].isalpha():
            return Unit("skip", "", pos, "nf.glued")
        return Unit("none", "", pos, r.not_unit_id)
    skip = r.not_figure.match(text, pos)
    noun = r.nouns.match(text, pos)
    if skip and not (noun and noun.end() > skip.end()):  # `hạng mục` is a noun, `hạng` a rank
        return Unit("skip", skip.group(1), skip.end(), r.not_figure_ids[_key(skip.group(1))])
    word = _WORD.match(text, pos + 1) if text.startswith(" ", pos) else None
    if word is None:
        return Unit("none", "", pos, r.not_unit_id)
    start = word.start()
    token_end = _token_end(text, start, words)
    if noun:
        if token_end > noun.end():  # `cầu thủ`, `phiên bản`: the word is longer than `cầu`
            return Unit("quantity", text[start:token_end], token_end, r.token_id)
        return Unit("quantity", noun.group(1), noun.end(), r.noun_ids[_key(noun.group(1))])
    if word.group().lower() in r.not_units or _key(text[start:token_end]) in r.not_units:
        return Unit("none", "", pos, r.not_unit_id)  # `5 triệu đối với cháu bé`
    if word.group()[0].isupper():
        return _capitalised_unit(text, pos, token_end)
    end = max(token_end, _UNIT_WORD.match(text, start).end())
    return Unit("quantity", text[start:end], end, r.token_id)


def _capitalised_unit(text: str, pos: int, token_end: int) -> Unit:
    """A capitalised word after a number: a unit when it is a listed counted noun written
    with a capital (`8 Phó ban`, `2 Di sản`) and no capitalised syllable follows it (`58
    Trường Sơn` is an address; `phạt 724 triệu Dự án Chung cư` lost a full stop); else part
    of a name or an address (`15 Nguyễn Du`)."""
    r = _rules()
    noun = r.nouns_any_case.match(text, pos)
    if noun and not _capitalised_next(text, noun.end()):
        end = max(noun.end(), token_end)
        return Unit("quantity", text[pos + 1 : end].strip(), end, r.noun_ids[_key(noun.group(1))])
    return Unit("none", "", pos, "unit.capitalised")  # `15 Nguyễn Du`: a name, not a unit


def _capitalised_next(text: str, pos: int) -> bool:
    """The word after `pos` is capitalised."""
    word = _WORD.match(text, pos + 1) if text.startswith(" ", pos) else None
    return word is not None and word.group()[0].isupper()


def _token_end(text: str, start: int, words: Words | None) -> int:
    """End of the head (two syllables at most) of the underthesea word starting at `start`."""
    end = words.word_end(start) if words is not None else None
    if end is None:
        return start
    token_text = text[start:end]
    if not all(_UNIT_WORD.fullmatch(s) for s in token_text.split()):
        return start
    return start + len(head(token_text))


class Words:
    """Where the underthesea words of one sentence start and end (sentence offsets).

    Built from the `Doc` arrays (no `Token` objects), searched with `bisect`.
    """

    def __init__(self, starts: list[int], ends: list[int], base: int = 0) -> None:
        self._starts = starts
        self._ends = ends
        self._base = base

    def word_end(self, pos: int) -> int | None:
        """End of the word that starts exactly at `pos`, or None."""
        absolute = pos + self._base
        i = bisect_right(self._starts, absolute) - 1
        if i >= 0 and self._starts[i] == absolute:
            return self._ends[i] - self._base
        return None

    def word_start(self, pos: int) -> int:
        """Start of the word that contains `pos` (`pos` itself when none does)."""
        absolute = pos + self._base
        i = bisect_right(self._starts, absolute) - 1
        if i >= 0 and absolute < self._ends[i]:
            return self._starts[i] - self._base
        return pos

    def shifted(self, base: int) -> Words:
        """The same words seen from a sentence starting at `base`."""
        return Words(self._starts, self._ends, base)

    @classmethod
    def of(cls, doc: Doc) -> Words:
        array = doc.to_array([IDX, LENGTH])
        starts = array[:, 0].tolist() if len(doc) else []
        ends = (array[:, 0] + array[:, 1]).tolist() if len(doc) else []
        return cls(starts, ends)
