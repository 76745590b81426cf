"""Split a paragraph into sentences without breaking on Vietnamese abbreviations or numbers.

A sentence ends at `.`, `!`, `?` or `…` (possibly followed by closing quotes or brackets) when
white space follows and the next sentence starts like one (a capital letter, a digit, an
opening quote, bracket or dash). This rule alone already keeps domain names
(`tuoitrethudo.com.vn`), decimals (`1,5`) and thousands (`1.134`) whole, since no space follows
their dots; the abbreviation list in `rules/text.toml` keeps `TP. Hà Nội` or `PGS.TS. Nguyễn`
whole.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.rules import load

# The look-behind makes a match start only where a run of end marks starts, and the possessive
# quantifiers never give back what they took: without them every position inside a run of N
# dots rescanned the rest of the run, N²/2 steps (hours on 1 MB of dots). The look-behind
# stands after the first mark, not before it: a pattern that opens with a character class
# lets the regex engine skip at once to the next mark (three times faster; the same matches
# as `(?<![.!?…])[.!?…]++...`).
_END = re.compile(r"[.!?…](?<![.!?…][.!?…])[.!?…]*+[\"”’'»)\]]*+(?=\s)")
_OPENERS = set("\"“‘'«([-–—•*")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(load("text")["sentences"]["abbreviations"])


@cache
def _openers() -> frozenset[str]:
    """Words that open a sentence even after an abbreviation (`rules/text.toml`, `openers`)."""
    return frozenset(load("text")["sentences"].get("openers", ()))


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Return `(start, end)` character offsets of the sentences of one normalised paragraph.

    Offsets index into `paragraph`; leading and trailing spaces are excluded from each span.
    A paragraph of only white space yields no sentence.
    """
    abbreviations = _abbreviations()
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(paragraph)
    for match in _END.finditer(paragraph):
        end = match.end()
        next_index = end
        while next_index < length and paragraph[next_index].isspace():
            next_index += 1
        if next_index >= length or not _starts_sentence(paragraph[next_index]):
            continue
        punctuation = match.group(0)
        if punctuation.startswith(".") and len(punctuation) == 1:
            word = _word_before(paragraph, start, match.start())
            if (
                word
                and word.lstrip("(\"“'") in abbreviations
                and _word_after(paragraph, next_index) not in _openers()
            ):
                continue
        spans.append((start, end))
        start = next_index
    spans.append((start, length))
    return [trimmed for span in spans if (trimmed := _trim(paragraph, *span))]


def _word_before(text: str, start: int, end: int) -> str:
    """The non-space run ending at `end` (not before `start`), found by walking back from `end`.

    A regex search for `\\S+$` would try every position from `start`: quadratic over a long
    paragraph whose candidate ends are all abbreviations (`TP. Hà TP. Hà ...`).
    """
    index = end
    while index > start and not text[index - 1].isspace():
        index -= 1
    return text[index:end]


def _word_after(text: str, start: int) -> str:
    """The run of letters starting at `start` (`Cũng` in `TP. Cũng liên quan`)."""
    index = start
    while index < len(text) and text[index].isalpha():
        index += 1
    return text[start:index]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
