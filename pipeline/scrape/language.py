"""Is this text Vietnamese? A cheap, offline test: Vietnamese writes many syllables with a
letter no other Latin-script language uses (ă đ ơ ư, or a vowel from Unicode's "Latin Extended
Additional" block: ạ ả ấ ầ ẩ ẫ ậ ... ỹ, i.e. a hook above, a dot below or a circumflex/breve
vowel with a tone). The share of such words tells a Vietnamese page (40-70%) from an English one
(0%) or a French one (é, è, ê, à are not counted: ~0%) without any model."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_VI_LETTERS = set("ăđơưĂĐƠƯ")


def _marked(word: str) -> bool:
    """Does the (NFC) word hold a letter only Vietnamese writes?"""
    return any(ch in _VI_LETTERS or "\u1ea0" <= ch <= "\u1ef9" for ch in word)


def vietnamese_ratio(text: str, sample: int = 4000) -> float:
    """Share of alphabetic words (in the first `sample` words) with a Vietnamese-only letter."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))[:sample]
    if not words:
        return 0.0
    return sum(1 for w in words if _marked(w)) / len(words)


def detect_language(text: str, declared: str | None = None, threshold: float = 0.12) -> str:
    """'vi' when enough words are Vietnamese-marked, else the page's declared language
    (e.g. 'en'), else 'und'."""
    if vietnamese_ratio(text) >= threshold:
        return "vi"
    if declared:
        code = declared.strip().lower().split("-")[0]
        if code and code != "vi":
            return code
    return "und"
