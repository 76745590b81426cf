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
    # Every old-style pair is a first vowel then a toned second vowel: match that shape with
    # two character classes (much faster than a 45-way alternation tried at every position)
    # and leave pairs that are not in the map as they are. The pair must end the syllable and
    # `u` must not follow `q`. Nothing may follow the pair: no letter, nor a stray combining
    # mark (`UỲ` + U+0300): moving the tone off a vowel that carries one more mark would leave
    # that mark on a bare vowel for the next pass to compose, and the result would be no fixed
    # point. The `q` test stands after the first vowel, not before it: a pattern that opens
    # with a character class lets the regex engine skip at once to the next vowel of the
    # class (three times faster; the same matches).
    firsts = re.escape("".join(sorted({pair[0] for pair in tone_map})))
    seconds = re.escape("".join(sorted({pair[1] for pair in tone_map})))
    tone_re = re.compile(rf"[{firsts}](?<![qQ][{firsts}])[{seconds}](?![\w\u0300-\u036f])")
    return translate, tone_re, tone_map


@cache
def _special() -> re.Pattern[str]:
    """Any character the translation table rewrites or drops: most text has none."""
    translate = _tables()[0]
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(translate)) + "]")


# Runs of two or more spaces, or one white-space character other than a plain space: a single
# plain space (by far the most common match of `[^\S\n]+`) is left alone instead of being
# replaced by itself, which is what made this substitution slow. Written as one white-space
# character, then more of them or (the look-behind) that one not a plain space: the same
# matches as `[^\S\n]{2,}|[^\S \n]`, but opening with a character class, which lets the
# regex engine skip at once to the next white space (a third faster).
_HSPACE = re.compile(r"[^\S\n](?:[^\S\n]+|(?<=[^\S \n]))")
_NEWLINES = re.compile(r"\s*\n\s*")


def _fix_tone(text: str, tone_re: re.Pattern[str], tone_map: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        return tone_map.get(match.group(0), match.group(0))

    return tone_re.sub(replace, text)


def normalize(text: str) -> str:
    """Return the canonical form of `text` that every later stage indexes into.

    Paragraph breaks (`\\n`) survive, collapsed to one; other white space runs become one
    space; leading and trailing white space is stripped.
    """
    translate, tone_re, tone_map = _tables()
    text = unicodedata.normalize("NFC", text)
    if _special().search(text):  # translating costs a dict look-up per character: skip it
        text = unicodedata.normalize("NFC", text.translate(translate))
    text = _fix_tone(text, tone_re, tone_map)
    text = _HSPACE.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    return text.strip()
