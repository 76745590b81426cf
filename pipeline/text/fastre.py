"""The regex speed-up toolkit: the one module of the project that reads Python's private `re`
internals (`re._parser`, `re._constants`); the commitments scan walks patterns through
`parsed` and `constants`.

Why: Python's `re` tries the branches of a long alternation one by one at every position, and
a case-insensitive alternation of hundreds of words is several times slower than a
case-sensitive one. The helpers here rewrite patterns or texts so that the same matches are
found faster. Every helper has a plain fallback that gives the same matches without the
speed-up: when a Python moves the private parser, or when `PIPELINE_FASTRE=0` is set in the
environment (tests force it off to check that both paths agree), nothing breaks.

- `first_chars(pattern)`: the characters a match can start with, for a `(?=[...])` guard
  (None on the fallback path: no guard, the same matches);
- `by_first_letter(alternatives)`: an alternation regrouped by first letter (pure string
  work, no private internals);
- `lowered(text)` and `spans(...)`: match a lower-case twin of a case-insensitive pattern in
  the lower-cased text, when that is safe.
"""

from __future__ import annotations

import os
import re
from typing import Any

#: Set to `0` (or `off`, `false`, `no`) to force the pure-Python fallback everywhere.
ENV = "PIPELINE_FASTRE"


def private_enabled() -> bool:
    """Whether the private `re` parser may be used: it imports, and `PIPELINE_FASTRE` does not
    turn it off. Read at each call (rules are compiled once per process, so this is cheap)."""
    if os.environ.get(ENV, "").strip().lower() in ("0", "off", "false", "no"):
        return False
    return _private() is not None


def _private() -> tuple[Any, Any] | None:
    """(`re._parser`, `re._constants`), or None when this Python does not have them."""
    try:
        from re import _constants, _parser
    except ImportError:  # pragma: no cover - a Python that moved them
        return None
    return _parser, _constants


def parsed(pattern: str, flags: int = 0) -> list | None:
    """The parsed ops of `pattern` (`re._parser.parse`), or None on the fallback path or when
    the parser fails: callers then skip their speed-up."""
    if not private_enabled():
        return None
    private = _private()
    if private is None:  # pragma: no cover - guarded by private_enabled
        return None
    try:
        return list(private[0].parse(pattern, flags))
    except Exception:  # pragma: no cover - defensive: an unknown parser shape
        return None


def constants() -> Any | None:
    """`re._constants` (the op codes of `parsed` items: LITERAL, IN, BRANCH...), or None on
    the fallback path: a caller walking parsed patterns reads the codes from here."""
    if not private_enabled():
        return None
    private = _private()
    return private[1] if private is not None else None


def first_chars(pattern: str) -> str | None:
    """A character class body (escaped) holding every character a match of `pattern` can
    start with, or None when that cannot be read surely from the parsed pattern (or on the
    fallback path).

    A lookahead of it in front of a long alternation of named groups (which Python's `re`
    tries branch by branch at every position) rejects most positions with one test.
    """
    items = parsed(pattern)
    if items is None:
        return None
    try:
        chars = _first_of(items, ignore_case=False)
    except Exception:  # pragma: no cover - defensive: an unknown parser shape
        return None
    if not chars:
        return None
    return "".join(re.escape(c) for c in sorted(chars))


def _first_of(items: list, ignore_case: bool) -> set[str] | None:
    """First characters of the sequence `items` of parsed ops (see `first_chars`)."""
    private = _private()
    if private is None:  # pragma: no cover - guarded by parsed()
        return None
    c = private[1]
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the next op consumes the first character
        if op is c.LITERAL:
            return _cased(chr(av), ignore_case)
        if op is c.IN:
            out: set[str] = set()
            for kind, value in av:
                if kind is not c.LITERAL:
                    return None
                found = _cased(chr(value), ignore_case)
                if found is None:
                    return None
                out |= found
            return out
        if op is c.SUBPATTERN:
            _group, add, remove, sub = av
            if sub.getwidth()[0] == 0:
                return None
            ignore = (ignore_case or bool(add & c.SRE_FLAG_IGNORECASE)) and not (
                remove & c.SRE_FLAG_IGNORECASE
            )
            return _first_of(list(sub), ignore)
        if op is c.BRANCH:
            out = set()
            for alternative in av[1]:
                if alternative.getwidth()[0] == 0:
                    return None
                found = _first_of(list(alternative), ignore_case)
                if found is None:
                    return None
                out |= found
            return out
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            return _first_of(list(av[2]), ignore_case)
        return None
    return None


def _cased(char: str, ignore_case: bool) -> set[str] | None:
    """`char`, and under IGNORECASE its other case; None for letters with odd case folding.

    Only Latin letters (with Vietnamese ones) are read: outside them a letter may have more
    case partners than its upper and lower forms (Greek `θ`, `ϑ`, `ϴ`).
    """
    if not ignore_case:
        return {char}
    lower, upper = char.lower(), char.upper()
    if len(lower) != 1 or len(upper) != 1 or FOLD_UNSAFE.search(char + lower + upper):
        return None
    if not (lower <= "\u024f" or "\u1e00" <= lower <= "\u1eff"):
        return None
    if lower in "ikså" or lower in "\u01c6\u01c9\u01cc\u01f3":  # K Å İ ſ; titlecase digraphs
        return None
    return {char, lower, upper}


def needed(items: list, codes: Any) -> set[str] | None:
    """Lower-cased literal words one of which every match of a parsed pattern contains, the
    longest such set found; None when none is known. `codes` are the op codes
    (`constants`)."""
    best: set[str] | None = None
    run: set[str] = {""}

    def consider(words: set[str] | None) -> None:
        nonlocal best
        if words and "" not in words:
            if best is None or min(map(len, words)) > min(map(len, best)):
                best = words

    for op, av in items:
        if op is codes.LITERAL:
            run = {p + chr(av).lower() for p in run}
            continue
        if op is codes.IN and len(av) <= 8 and all(o is codes.LITERAL for o, _ in av):
            run = {p + chr(v).lower() for p in run for _, v in av}
            continue
        consider(run)
        run = {""}
        if op is codes.SUBPATTERN:
            consider(needed(list(av[-1]), codes))
        elif op is codes.BRANCH:
            alternatives = [needed(list(a), codes) for a in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))
        elif op in (codes.MAX_REPEAT, codes.MIN_REPEAT) and av[0] >= 1:
            consider(needed(list(av[2]), codes))
    consider(run)
    return best


def needed_words(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-cased words one of which every match of `pattern` contains (`needed`), so that a
    lower-cased text (`lowered`) lacking them all cannot match; None when unknown (the
    fallback path, or a word of odd case folding, `FOLD_UNSAFE`)."""
    items, codes = parsed(pattern, flags), constants()
    words = needed(items, codes) if items is not None and codes is not None else None
    if words is None or any(FOLD_UNSAFE.search(word) for word in words):
        return None
    return tuple(sorted(words))


_GUARD = re.compile(r"\(\?<([!=])([^()]*)\)")


def by_first_letter(alternatives: list[str]) -> str:
    """`a|b|...` regrouped by first letter (`c(?:ầu|ảng)|d(?:ự án)...`), with the same matches.

    Python's `re` tries the branches of an alternation one by one at every position; grouped,
    a position is rejected after one test per first letter instead of one per alternative.
    Alternatives with different first letters never match at the same position, and a group
    keeps its alternatives in their order, so the leftmost-first choice is unchanged. A guard
    `(?<!yêu )cầu` moves past the letter as `c(?<!yêu c)ầu` (the same test). When an
    alternative does not start with a plain letter, the alternation is returned as it was.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        position, guards = 0, []
        while (guard := _GUARD.match(alternative, position)) is not None:
            guards.append(guard)
            position = guard.end()
        rest = alternative[position:]
        if not rest or not rest[0].isalpha() or rest[1:2] in ("?", "*", "+", "{"):
            return "|".join(f"(?:{a})" for a in alternatives)
        letter = rest[0]
        moved = "".join(f"(?<{g.group(1)}{g.group(2)}{letter})" for g in guards)
        groups.setdefault(letter, []).append(moved + rest[1:])
    return "|".join(f"{letter}(?:{'|'.join(tails)})" for letter, tails in groups.items())


#: Characters that a case-insensitive pattern matches although their `str.lower()` differs
#: from the pattern letter's (`ı`~`i`, `ſ`~`s`, `K` Kelvin, Greek symbol variants...), whose
#: full lower-casing is context-dependent (`Σ`) or changes the length (`İ` lowers to two
#: characters): text holding any of them takes the slow path. The one definition of the
#: project (`lowered`, `first_chars` and the commitments scan read it). (Python's
#: `re._casefix._EXTRA_CASES` outside ASCII, plus `Σ` and `İ`; written out so that no private
#: module is needed, and checked against it by `tests/test_fastre.py`.)
FOLD_UNSAFE_CODES = (
    0xB5, 0x130, 0x131, 0x17F, 0x345, 0x390, 0x3A3, 0x3B0, 0x3B2, 0x3B5, 0x3B8, 0x3B9, 0x3BA, 0x3BC,
    0x3C0, 0x3C1, 0x3C2, 0x3C3, 0x3C6, 0x3D0, 0x3D1, 0x3D5, 0x3D6, 0x3F0, 0x3F1, 0x3F5, 0x432,
    0x434, 0x43E, 0x441, 0x442, 0x44A, 0x463, 0x1C80, 0x1C81, 0x1C82, 0x1C83, 0x1C84, 0x1C85,
    0x1C86, 0x1C87, 0x1C88, 0x1E61, 0x1E9B, 0x1FBE, 0x1FD3, 0x1FE3, 0xA64B, 0xFB05, 0xFB06,
)  # fmt: skip
FOLD_UNSAFE = re.compile("[" + "".join(map(chr, FOLD_UNSAFE_CODES)) + "]")


def lowered(text: str) -> str | None:
    """`text.lower()` when matching a lower-case pattern in it case-sensitively finds just what
    the case-insensitive pattern finds in `text`, at the same offsets (and so when a word's
    presence in it says whether a case-insensitive pattern may find the word in `text`):
    lower-casing keeps the length and no special case-folding character occurs. None
    otherwise. (Pure Python: no private internals, so no fallback is needed.)"""
    low = text.lower()
    if len(low) == len(text) and not FOLD_UNSAFE.search(text):
        return low
    return None


def spans(
    folded: re.Pattern[str], low: str | None, pattern: re.Pattern[str], text: str
) -> list[tuple[int, int]]:
    """(start, end) of each match of the case-insensitive `pattern` in `text`, found with its
    lower-case twin `folded` in `low` when that is safe (`lowered`): a case-insensitive
    alternation of hundreds of words is several times slower than a case-sensitive one.
    Tested over the dev corpus and by hypothesis to give the same spans."""
    if low is not None:
        return [m.span() for m in folded.finditer(low)]
    return [m.span() for m in pattern.finditer(text)]


def _trie_pattern(node: dict[str, dict]) -> str:
    """The regex of a character trie (`""` marks a word's end), longest word first: branches
    differ in their first character, and a word's end is an optional (greedy) tail."""
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class WordFinder:
    """Which of a fixed set of words occur (as substrings) in a text, in one regex scan.

    Testing `word in text` for each of a hundred words costs a hundred searches of the text;
    one regex of the words' character trie finds, at each place where some word starts, the
    longest word starting there, and the others starting there are its prefixes (all of
    them match the same text). So `payloads(text)` is exactly the union of the payloads of
    `{w for w in words if w in text}`, three times faster on the commitments scans. Plain
    string and regex work: no private internals, no fallback needed.
    """

    def __init__(self, payloads: dict[str, frozenset]) -> None:
        words = [word for word in payloads if word]
        if len(words) != len(payloads):
            raise ValueError("WordFinder: an empty word occurs in every text")
        trie: dict[str, dict] = {}
        for word in words:
            node = trie
            for char in word:
                node = node.setdefault(char, {})
            node[""] = {}
        self.regex = re.compile(_trie_pattern(trie)) if words else None
        #: longest word at a place -> the union of the payloads of the words it begins with
        self._at = {
            word: frozenset().union(*(p for w, p in payloads.items() if word.startswith(w)))
            for word in words
        }

    @classmethod
    def of_parts(cls, parts: list[tuple[str, ...] | None]) -> WordFinder:
        """A finder whose words carry the indices of the `parts` needing them (a part with
        words None needs none and is in no payload: callers always try it)."""
        payloads: dict[str, set[int]] = {}
        for index, words in enumerate(parts):
            for word in words or ():
                payloads.setdefault(word, set()).add(index)
        return cls({word: frozenset(ids) for word, ids in payloads.items()})

    def payloads(self, text: str) -> set:
        """The union of the payloads of the words that occur in `text`."""
        out: set = set()
        if self.regex is None:
            return out
        search, at, position = self.regex.search, self._at, 0
        while (match := search(text, position)) is not None:
            out.update(at[match.group()])
            position = match.start() + 1
        return out
