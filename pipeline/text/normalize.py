"""Normalise Vietnamese text so that tokenizers, rules and gazetteers agree on every character.

underthesea rewrites `Ð` and old-style tone marks inside `word_tokenize`; if the pipeline did
not do the same first, token offsets would drift from the text. We therefore apply, in order:
NFC composition, the character map (Ð→Đ, exotic spaces→space), removal of invisible characters,
old→new tone placement (hoà→hòa) and white-space collapsing. The result is a fixed point:
`normalize(normalize(t)) == normalize(t)`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pipeline.rules import load


@cache
def _tables() -> tuple[dict[int, str | None], re.Pattern[str], dict[str, str]]:
    rules = load("text")
    translate: dict[int, str | None] = {ord(k): v for k, v in rules["characters"].items()}
    for char in rules["drop"]["chars"]:
        translate[ord(char)] = None
    # Other control characters are never text: treat them as spaces (tabs, CR and friends).
    for code in range(0x20):
        if code != 0x0A:
            translate.setdefault(code, " ")
    translate.setdefault(0x7F, " ")
    tone_map: dict[str, str] = {}
    for old, new in rules["tone_placement"].items():
        for variant_old, variant_new in (
            (old, new),
            (old.capitalize(), new.capitalize()),
            (old.upper(), new.upper()),
        ):
            tone_map[variant_old] = variant_new
    alternation = "|".join(sorted(map(re.escape, tone_map), key=len, reverse=True))
    # The pair must end the syllable (no letter after it) and `u` must not follow `q`.
    tone_re = re.compile(rf"(?<![qQ])(?:{alternation})(?!\w)")
    return translate, tone_re, tone_map


_HSPACE = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def _fix_tone(text: str, tone_re: re.Pattern[str], tone_map: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        return tone_map[match.group(0)]

    return tone_re.sub(replace, text)


def normalize(text: str) -> str:
    """Return the canonical form of `text` that every later stage indexes into.

    Paragraph breaks (`\\n`) survive, collapsed to one; other white space runs become one
    space; leading and trailing white space is stripped.
    """
    translate, tone_re, tone_map = _tables()
    text = unicodedata.normalize("NFC", text).translate(translate)
    text = unicodedata.normalize("NFC", text)
    text = _fix_tone(text, tone_re, tone_map)
    text = _HSPACE.sub(" ", text)
    text = _NEWLINES.sub("\n", text)
    return text.strip()
