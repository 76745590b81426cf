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

_END = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_OPENERS = set("\"“‘'«([-–—•*")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(load("text")["sentences"]["abbreviations"])


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
            before = _WORD_BEFORE.search(paragraph, start, match.start())
            if before and before.group(1).lstrip("(\"“'") in abbreviations:
                continue
        spans.append((start, end))
        start = next_index
    spans.append((start, length))
    return [trimmed for span in spans if (trimmed := _trim(paragraph, *span))]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
