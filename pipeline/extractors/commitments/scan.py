"""The regex speed-up helper of the commitments rules: one scan instead of one per entry,
and a regex run only where a word it needs occurs.

The words a pattern needs are read from its parsed form through `pipeline.text.fastre`
(`parsed`, `constants`), the one module that touches Python's private `re` internals. When
those are unavailable (or `PIPELINE_FASTRE=0`), no words are known: every entry's regex is
run, and the matches are the same."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.text import fastre

if TYPE_CHECKING:
    from pipeline.extractors.commitments.rules import _Entry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Group:
    """Several entries compiled into one alternation (one scan instead of one per entry).

    `triggers` pairs each entry's index with words one of which any match of it starts with
    (`sẽ`, `kế hoạch`): most sentences contain none of them, and most of the rest those of
    a single entry, whose own regex is then run instead of the whole alternation; when a few
    entries' words occur, their own regexes are run and merged (`_merged`). An entry that can
    match no text cannot change what the alternation finds, so the result is the same."""

    entries: tuple[_Entry, ...]
    regex: re.Pattern[str]
    triggers: tuple[tuple[str, int], ...] | None = None
    finder: fastre.WordFinder | None = None  # the indices of `triggers` found in a text

    def finditer(self, text: str, low: str | None = None) -> list[tuple[re.Match[str], _Entry]]:
        """(match, entry) for each match, leftmost first; `low` is `_lower(text)`."""
        entries = self.entries
        if self.finder is not None and low is not None:
            hits = self.finder.payloads(low)  # {i for word, i in self.triggers if word in low}
            if not hits:
                return []
            if len(hits) == 1:
                entry = entries[hits.pop()]
                return [(match, entry) for match in entry.regex.finditer(text)]
            found = _merged(text, [entries[i] for i in sorted(hits)])
            if found is not None:
                return found
        return [(m, entries[int(m.lastgroup[1:])]) for m in self.regex.finditer(text)]


def _merged(text: str, entries: list[_Entry]) -> list[tuple[re.Match[str], _Entry]] | None:
    """What the alternation of `entries` (in this order) finds in `text`, from each entry's
    own regex: from where the last match ended, the leftmost match of any entry, the first
    entry's at a tie (the alternation tries its branches in order at each position). Faster
    than the whole alternation when a sentence holds the words of a few entries only. None
    when a match is empty (the alternation's rule for those is not followed here)."""
    out: list[tuple[re.Match[str], _Entry]] = []
    nexts = [entry.regex.search(text) for entry in entries]
    pos = 0
    while True:
        best, first = None, -1
        for k, m in enumerate(nexts):
            if m is not None and m.start() < pos:
                m = nexts[k] = entries[k].regex.search(text, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best, first = m, k
        if best is None:
            return out
        if best.end() == best.start():
            return None
        out.append((best, entries[first]))
        pos = best.end()


_WORD_START = r"(?<!\w)"


def _lower(text: str) -> str | None:
    """`text.lower()`, where a word's presence in it says whether a case-insensitive regex
    may find the word in `text`; None where it may not (`fastre.lowered`)."""
    return fastre.lowered(text)


def _unsafe(words: set[str]) -> bool:
    """Whether a word holds a character of odd case folding (`fastre.FOLD_UNSAFE`)."""
    return any(fastre.FOLD_UNSAFE.search(w) for w in words)


def _words(entry: _Entry) -> tuple[str, ...] | None:
    """Words one of which every match of the entry contains (None when unknown)."""
    return fastre.needed_words(entry.source or entry.regex.pattern, entry.regex.flags)


def _prefixes(items: list, codes: Any) -> set[str]:
    """Lower-cased literal words one of which every match of a parsed pattern starts with
    ("" when a match may start with anything); `codes` are the op codes (`fastre.constants`)."""
    out = {""}
    for op, av in items:
        if op in (codes.ASSERT, codes.ASSERT_NOT, codes.AT):
            continue  # zero-width
        if op is codes.LITERAL:
            out = {p + chr(av).lower() for p in out}
        elif op is codes.IN and all(o is codes.LITERAL for o, _ in av):
            out = {p + chr(v).lower() for p in out for _, v in av}
        elif op is codes.SUBPATTERN:
            out = {p + s for p in out for s in _prefixes(list(av[-1]), codes)}
            break
        elif op is codes.BRANCH:
            alternatives = set().union(*(_prefixes(list(a), codes) for a in av[1]))
            out = {p + s for p in out for s in alternatives}
            break
        else:
            break
    return out


def _triggers(entries: tuple[_Entry, ...]) -> tuple[tuple[str, int], ...] | None:
    """(word, entry index) for the words that start the entries' matches, the shortest kept
    (`cần` covers `cần phải`); None when some entry may start with any word."""
    ops = fastre.constants()
    out = []
    for i, entry in enumerate(entries):
        items = fastre.parsed(entry.source or entry.regex.pattern, entry.regex.flags)
        if items is None or ops is None:
            return None  # the fallback path: every entry's regex is run
        words = _prefixes(items, ops)
        if "" in words or _unsafe(words):
            return None
        for word in sorted(words, key=len):
            if not any(w in word for w, j in out if j == i):
                out.append((word, i))
    return tuple(out)


@dataclass(frozen=True)
class _AnyOf:
    """Whether any of several case-insensitive patterns occurs in a text (the vetoes).

    Each pattern is searched on its own, and only when the lower-cased text holds one of
    the words every match of it contains (`nếu`, `?`): the same answer as one alternation
    of them all, which is slow because it tries every pattern at every character."""

    parts: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...]
    finder: fastre.WordFinder | None = None  # the indices of the parts whose words occur

    def search(self, text: str) -> bool:
        """Whether some pattern matches somewhere in `text`."""
        low = _lower(text)
        if low is None or self.finder is None:
            return any(regex.search(text) for regex, _words in self.parts)
        possible = self.finder.payloads(low)
        for index, (regex, words) in enumerate(self.parts):
            if (words is None or index in possible) and regex.search(text):
                return True
        return False


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (`a|b(c|d)` → `a`, `b(c|d)`)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _any_of(patterns: list[str]) -> _AnyOf:
    """The patterns, each top-level alternative apart, with the words each one needs."""
    parts = []
    for pattern in (alt for whole in patterns for alt in _alternatives(whole)):
        regex = re.compile(f"(?:{pattern})", re.IGNORECASE)
        parts.append((regex, fastre.needed_words(regex.pattern, regex.flags)))
    return _AnyOf(tuple(parts), fastre.WordFinder.of_parts([words for _, words in parts]))


def _group(entries: tuple[_Entry, ...]) -> _Group:
    r"""One alternation of whole-word entries; the shared `(?<!\w)` is hoisted out front,
    which lets the regex engine skip mid-word positions at once (ten times faster)."""
    parts = []
    for i, entry in enumerate(entries):
        flags = "(?i:" if entry.regex.flags & re.IGNORECASE else "(?:"
        pattern = entry.regex.pattern.removeprefix(_WORD_START)
        parts.append(f"(?P<g{i}>{flags}{pattern}))")
    regex = re.compile(_WORD_START + "(?:" + "|".join(parts) + ")")
    triggers = _triggers(entries)
    return _Group(entries, regex, triggers, _finder(triggers))


def _finder(triggers: tuple[tuple[str, int], ...] | None) -> fastre.WordFinder | None:
    """The trigger words' finder: each word carries the indices of the entries it starts."""
    if triggers is None:
        return None
    payloads: dict[str, set[int]] = {}
    for word, i in triggers:
        payloads.setdefault(word, set()).add(i)
    return fastre.WordFinder({word: frozenset(ids) for word, ids in payloads.items()})
