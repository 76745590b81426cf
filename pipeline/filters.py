"""The export filters (`--locality`, `--sector`) and what to say when they match nothing.

Analysts type names the way they type them: without diacritics (`Quang Ninh`), in Vietnamese
for a sector stored under its English name (`giáo dục` for `education`). A filter that matches
nothing must say why and what the store does hold, never hand back an empty file in silence.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from pipeline.rules import load
from pipeline.text.keys import contains_words, expand_abbreviations, name_key, place_key


class FilterError(ValueError):
    """A filter that cannot be applied or matched nothing; one line, fit for the CLI."""


def fold(key: str) -> str:
    """A key without its diacritics (`quảng ninh` → `quang ninh`, `đ` → `d`)."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def has_marks(text: str) -> bool:
    """Whether `text` carries any Vietnamese diacritic (then it is matched exactly)."""
    return fold(text) != text


# --------------------------------------------------------------------------------------------
# Places


def place_matcher(query: str) -> Callable[[Sequence[Any]], bool]:
    """A test "do these values name the place `query`?".

    Names compare as the scorer compares localities (type word removed, `TP`/`HCM` expanded),
    and also match inside longer names (`Quảng Ninh` is in `UBND tỉnh Quảng Ninh` and in the
    province `tỉnh Quảng Ninh` of `thành phố Hạ Long`). A query typed without diacritics
    (`Quang Ninh`) matches with the diacritics of the values ignored. A number is a gazetteer
    code.
    """
    query = query.strip()
    if query.isdigit():
        return lambda values: any(
            value is not None and (str(value) == query or place_key(str(value)) == query)
            for value in values
        )
    key = place_key(query)
    if not key:
        raise FilterError(f"--locality {query!r} names no place")
    loose = not has_marks(query)
    if loose:
        key = _strip_folded_type_word(fold(key))
    shape = fold if loose else (lambda k: k)

    def matches(values: Sequence[Any]) -> bool:
        for value in values:
            if not value:
                continue
            text = str(value)
            own = shape(place_key(text))
            if loose:
                own = _strip_folded_type_word(own)
            if own == key or contains_words(shape(name_key(expand_abbreviations(text))), key):
                return True
        return False

    return matches


@cache
def _folded_type_words() -> tuple[str, ...]:
    """The type words of rules/localities.toml without diacritics (`tinh`, `thanh pho`)."""
    from pipeline.text.keys import _scoring_rules

    _, type_words = _scoring_rules()
    return tuple(sorted({fold(w) for w in type_words}, key=len, reverse=True))


def _strip_folded_type_word(key: str) -> str:
    for word in _folded_type_words():
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
    return key


def suggest_places(query: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Names close to `query` (diacritics and type words ignored), best first."""
    by_key: dict[str, str] = {}
    for name in names:
        if name:
            by_key.setdefault(_strip_folded_type_word(fold(place_key(name))), name)
    wanted = _strip_folded_type_word(fold(place_key(query)))
    close = difflib.get_close_matches(wanted, list(by_key), n=n, cutoff=0.6)
    return [by_key[key] for key in close]


# --------------------------------------------------------------------------------------------
# Sectors


@cache
def sector_aliases() -> dict[str, tuple[str, ...]]:
    """sector name → its Vietnamese names (rules/sector_names.toml), first one shown."""
    return {entry["name"]: tuple(entry["vi"]) for entry in load("sector_names")["sector"]}


def sector_label(name: str) -> str:
    """`education (giáo dục)`: the stored name with its first Vietnamese name."""
    aliases = sector_aliases().get(name)
    return f"{name} ({aliases[0]})" if aliases else name


def resolve_sector(query: str) -> str | None:
    """The stored sector name that `query` names (English or Vietnamese, any case, with or
    without diacritics), or None."""
    wanted = name_key(query)
    loose = not has_marks(query)
    for name, aliases in sector_aliases().items():
        for candidate in (name, *aliases):
            key = name_key(candidate)
            if key == wanted or (loose and fold(key) == wanted):
                return name
    return None


def sector_matcher(query: str) -> Callable[[str | None], bool]:
    """A test "is this row's sector the one `query` names?".

    A known sector (`giáo dục`, `Education`) matches rows holding its name or any of its
    Vietnamese names; any other query matches sectors containing its words.
    """
    if not query.strip():
        raise FilterError("--sector is empty")
    resolved = resolve_sector(query)
    keys = {name_key(query)}
    if resolved:
        keys |= {name_key(resolved), *(name_key(a) for a in sector_aliases()[resolved])}
    loose = not has_marks(query)

    def matches(value: str | None) -> bool:
        own = name_key(value or "")
        if own in keys:
            return True
        if resolved:
            return False
        return any(contains_words(fold(own) if loose else own, k) for k in keys)

    return matches


def sectors_help() -> str:
    """The sectors for `--help`: `education (giáo dục), health (y tế), ...`."""
    return ", ".join(sector_label(name) for name in sector_aliases())


# --------------------------------------------------------------------------------------------
# Saying why nothing matched


def _counted(values: Iterable[str], label: Callable[[str], str] = str, top: int = 8) -> str:
    counts = Counter(v for v in values if v)
    shown = ", ".join(f"{label(v)} {n}" for v, n in counts.most_common(top))
    more = len(counts) - top
    return shown + (f" and {more} more" if more > 0 else "") if shown else "none"


def why_since_empty(since: Any, dates: Sequence[Any]) -> str:
    """Why `--since` left no row: every article undated, or all older than `since`."""
    known = [d for d in dates if d is not None]
    undated = len(dates) - len(known)
    if not known:
        return (
            f"--since {since} matched nothing: none of the {len(dates)} articles has a "
            "publication date (their source gave none); drop --since"
        )
    return f"--since {since} matched nothing: the latest article is from {max(known)}" + (
        f" ({undated} undated articles are never kept by --since)" if undated else ""
    )


def why_locality_empty(query: str, places: Iterable[str]) -> str:
    """Why `--locality` left no row, with the closest places the store holds."""
    places = [p for p in places if p]
    close = suggest_places(query, places)
    if close:
        options = " or ".join(repr(name) for name in close)
        return f"--locality {query!r} matched nothing; did you mean {options}?"
    return f"--locality {query!r} matched nothing; places named most: {_counted(places)}"


def why_sector_empty(query: str, sectors: Iterable[str | None]) -> str:
    """Why `--sector` left no row: not a sector, or no commitment of it; what exists."""
    present = _counted((s or "" for s in sectors), sector_label)
    if resolve_sector(query) is None:
        return (
            f"--sector {query!r} is not a sector; sectors: {sectors_help()}; in this store: "
            f"{present}"
        )
    return f"--sector {query!r} matched no commitment; sectors in this store: {present}"
