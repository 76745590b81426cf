"""Is this text Vietnamese? A cheap, offline test: Vietnamese writes most syllables with a
letter English lacks (ă â đ ê ô ơ ư) or a tone mark, so the share of such words tells a
Vietnamese page (~50-70%) from an English one (~0%) without any model."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng


def _marked(word: str) -> bool:
    if any(ch in _VI_LETTERS for ch in word):
        return True
    return any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", word))


def vietnamese_ratio(text: str, sample: int = 4000) -> float:
    """Share of alphabetic words (in the first `sample` words) carrying Vietnamese marks."""
    words = _WORD.findall(text)[:sample]
    if not words:
        return 0.0
    return sum(1 for w in words if _marked(w)) / len(words)


def detect_language(text: str, declared: str | None = None, threshold: float = 0.35) -> str:
    """'vi' when enough words are Vietnamese-marked, else the page's declared language
    (e.g. 'en'), else 'und'."""
    if vietnamese_ratio(text) >= threshold:
        return "vi"
    if declared:
        code = declared.strip().lower().split("-")[0]
        if code and code != "vi":
            return code
    return "und"
