"""Name keys: the one notion of "the same name" shared by the scorer and the extractors.

SCORING.md defines when two strings name the same thing. Extractors (gazetteer look-ups,
official de-duplication) must use the very same definition, or they would merge or split names
differently from the way they are scored; so it lives here, once.

The key of a string (SCORING.md, "Name keys"):

1. Unicode NFC, then `Ð`/`ð` (Icelandic eth, common in copy-pasted Vietnamese) → `Đ`/`đ`;
2. lower case;
3. words are runs of letters and digits (with the combining marks that follow them);
   everything else separates words and is dropped;
4. each word is written as its base letters (`đ` stays a letter of its own, NFD does not split
   it) followed by the code-point-sorted list of its combining marks, so old and new tone
   placement (`Thuỷ`/`Thủy`, `hoà`/`hòa`) give one key, while a missing or different mark
   (`Tuấn`/`Tuân`) does not;
5. a word-final `y` after a consonant is read as `i` (`Sỹ`/`Sĩ`, `Mỹ`/`Mĩ`; `Thuỷ` keeps its
   `y` because `u` is a vowel);
6. words are joined by single spaces.

Keys are compared, never shown: the marks trail the word, so a key does not read as Vietnamese.
`name_key` is idempotent: the key of a key is the key itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.rules import load

__all__ = [
    "contains_words",
    "expand_abbreviations",
    "name_key",
    "place_key",
    "strip_type_word",
]

_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})
_VOWELS = frozenset("aeiouy")


def _mark_class() -> str:
    """A regex character class body of every combining mark (category M*) in the BMP.

    Python's `re` has no `\\p{M}`; marks outside the BMP (musical notation, a few historic
    scripts) are rare enough in news text to be treated as separators.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )


_MARKS = _mark_class()
# A word starts with a letter or digit ([^\W_]) and runs on through letters, digits and marks.
_WORD_RE = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")
_MARK_RE = re.compile(rf"[{_MARKS}]")


def _word_key(word: str) -> str:
    """Base letters, a consonant-final `y` read as `i`, then the sorted marks."""
    marks = _MARK_RE.findall(word)
    base = _MARK_RE.sub("", word) if marks else word
    if len(base) >= 2 and base[-1] == "y" and base[-2].isalpha() and base[-2] not in _VOWELS:
        base = base[:-1] + "i"
    return base + "".join(sorted(marks))


@lru_cache(maxsize=16_384)
def name_key(s: str) -> str:
    """The name key of `s` (see the module docstring); `""` when `s` has no letters or digits.

    Cached because extractors key the same names and sentences over and over; the cache is
    bounded (65,536 entries, a few MB) so that memory does not grow with the corpus.
    """
    text = unicodedata.normalize("NFC", s).translate(_ETH).lower()
    # NFD of the whole string equals NFD word by word: decomposition never crosses a separator.
    text = unicodedata.normalize("NFD", text)
    return " ".join(_word_key(word) for word in _WORD_RE.findall(text))


def contains_words(haystack_key: str, needle_key: str) -> bool:
    """True when the words of `needle_key` occur contiguously, as whole words, in `haystack_key`.

    Both arguments are keys (single-spaced words). `hà nội` is in `ubnd thành phố hà nội` but
    not in `hà nội a`'s neighbour `hàn nội`. An empty needle is contained in nothing: an empty
    gold key or actor must not match every evidence.
    """
    if not needle_key:
        return False
    return f" {needle_key} " in f" {haystack_key} "


@lru_cache(maxsize=1)
def _scoring_rules() -> tuple[dict[str, str], tuple[str, ...]]:
    """Abbreviation map and type words from rules/scoring.toml, as keys.

    Type words are sorted longest first so that a multi-word type wins over a shorter one.
    """
    rules = load("scoring")
    abbreviations = {name_key(e["short"]): name_key(e["long"]) for e in rules["abbreviation"]}
    type_words = tuple(
        sorted(
            (name_key(e["word"]) for e in rules["type_word"]),
            key=lambda w: (-len(w.split()), -len(w)),
        )
    )
    return abbreviations, type_words


@lru_cache(maxsize=16_384)
def expand_abbreviations(s: str) -> str:
    """The key of `s` with the words `TP`, `TPHCM`, `HCM` spelled out (rules/scoring.toml).

    `TP.HCM` → `thành phố hồ chí minh` (as a key): the `.` splits it into `TP` and `HCM`,
    and each is expanded as a whole word.
    """
    abbreviations, _ = _scoring_rules()
    return " ".join(abbreviations.get(word, word) for word in name_key(s).split())


@lru_cache(maxsize=16_384)
def strip_type_word(s: str) -> str:
    """The key of `s` without its leading administrative type word (`tỉnh`, `thị xã`, ...).

    Only one type word is removed, and only when a name follows it: `quận` alone stays `quận`
    rather than becoming an empty key that would equal "no locality".
    """
    _, type_words = _scoring_rules()
    key = name_key(s)
    for word in type_words:
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
    return key


def place_key(s: str | None) -> str:
    """The key used to compare actors and officials' localities: expanded, type word removed.

    `None` gives `""`, so "no locality" and an empty prediction compare equal.
    """
    if not s:
        return ""
    return strip_type_word(expand_abbreviations(s))
