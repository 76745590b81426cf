"""The vocabulary and the sentence items the officials extractor reads (see `officials.py`).

`rules/titles.toml` and `rules/surnames.toml` are compiled once per process into `Table`s keyed
by the first syllable of each entry, and every sentence is cut into `Item`s (words and marks
with their name keys), so that matching a title is a few dictionary look-ups per word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

from pipeline import gazetteer
from pipeline.rules import load
from pipeline.text.keys import name_key

# A word: letters/digits with inner `.`, `&`, `'`, `-` joining parts (`TP.HCM`, `TN&MT`, `BR-VT`,
# `H'Hen`, `Rịa-Vũng`); any other non-space character is punctuation on its own.
_ITEM_RE = re.compile(r"(\w+(?:[.&'’\-]\w+)*)|(\S)")
# A syllable that can be part of a personal name: capital then lower case (`Thăng`, `Knơng`),
# a Korean given name with a lower-case second part (`Jae-in`), an Ê Đê/Jrai `H'` name, or the
# one-letter prefixes `Y` and `A`.
_NAME_LIKE_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_A-ZĐ]+)?|H['’][^\W\d_]+")
_DASHES = frozenset("-–—−")
# A capitalised word made of letter runs joined by a hyphen or an apostrophe (`Jean-Claude`).
_JOINED_RE = re.compile(r"[^\W\d_][^\W\d_A-ZĐ]*(?:[-'’][^\W\d_]+)+")
_JOINS_RE = re.compile(r"[-'’]")


@dataclass(frozen=True)
class Entry:
    """A lexicon entry: its syllable keys, whether its first letter must be capital, attributes."""

    id: str
    text: str
    keys: tuple[str, ...]
    cap: bool
    attrs: Mapping[str, Any]
    case: str = ""  # attrs["case"] (`lower`, `upper` or none), read on every match

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)


def _item_key(text: str, is_word: bool) -> str:
    if not is_word:
        return "-" if text in _DASHES else text
    return name_key(text)


def _word_keys(text: str) -> tuple[str, ...]:
    """The keys of `text` cut the way `_items` cuts sentences."""
    return tuple(_item_key(m.group(0), m.group(1) is not None) for m in _ITEM_RE.finditer(text))


class Table:
    """Entries indexed by first key; `match` gives the longest entry starting at an item."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.by_first: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.keys:
                self.by_first.setdefault(entry.keys[0], []).append(entry)
        for bucket in self.by_first.values():
            bucket.sort(key=lambda e: -len(e.keys))

    def match(self, items: list[Item], i: int) -> Entry | None:
        """The longest entry at item `i`. Called a few hundred thousand times per thousand
        articles, nearly always for a key no entry starts with: that case returns first."""
        n = len(items)
        if i >= n:
            return None
        item = items[i]
        bucket = self.by_first.get(item.key)
        if bucket is None:
            return None
        cap = item.cap
        for entry in bucket:
            keys = entry.keys
            if i + len(keys) > n:
                continue
            if entry.cap and not cap:
                continue
            case = entry.case
            if case == "lower" and cap:
                continue
            if case == "upper" and not cap:
                continue
            size = len(keys)
            if size == 1:
                return entry
            if items[i + 1].key != keys[1]:
                continue
            if size == 2 or all(items[i + j].key == keys[j] for j in range(2, size)):
                return entry
        return None


def _entries(raw: Iterable[Any], prefix: str = "") -> list[Entry]:
    out = []
    for index, item in enumerate(raw):
        if isinstance(item, str):
            case = "upper" if item[:1].isupper() else "lower"
            item = {"id": f"{prefix}{index}", "text": item, "case": case}
        attrs = {k: v for k, v in item.items() if k not in ("id", "text", "cap")}
        keys = _word_keys(item["text"])
        cap = bool(item.get("cap", False))
        out.append(Entry(item["id"], item["text"], keys, cap, attrs, attrs.get("case") or ""))
    return out


@dataclass(frozen=True)
class Lexicon:
    """Every table the scanner reads."""

    modifiers: Table
    roles: Table
    role_suffixes: Table
    bodies: Table
    private: Table
    national: Table
    foreign: Table
    type_words: Table
    place_abbreviations: Table
    honorifics: Table
    ranks: Table
    anonymous: Table
    not_current: Table
    current_leads: Table
    appointments: Table
    chain_joiners: Table
    reporters: Table
    not_a_person_before: Table
    stop_words: Table
    surname_weight: Mapping[str, float]
    prefixes: frozenset[str]
    middles: frozenset[str]
    historical: frozenset[str]
    not_names: frozenset[str]
    countries: frozenset[str]
    foreign_places: frozenset[str]
    central_cities: frozenset[str]
    patterns: frozenset[str]
    starters: frozenset[str]  # first keys of everything `_scan_sentence` can start at
    # First keys that can start a title (a modifier or a role), and anything that ends a name
    # run in `_run_end`: the scanner tests them before calling `Table.match`.
    title_firsts: frozenset[str] = frozenset()
    run_breaks: frozenset[str] = frozenset()
    syllable: re.Pattern[str] = re.compile(".*")  # rules/surnames.toml [syllable]
    delegation_words: frozenset[str] = frozenset()
    public_heads: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()  # `von`, `der`, `bin`: inside foreign names
    country_names: frozenset[str] = frozenset()  # countries never read as given names
    title_norms: Mapping[str, str] = field(default_factory=dict)  # variant key -> spelling
    name_gaps: Table | None = None  # `nước chủ nhà`: between a title and a foreign name
    counterparts: Table | None = None  # `người đồng cấp`: the role of the title before it
    # What a sentence must hold for the scanner to find anyone in it (`may_name`): the keys of
    # one-syllable roles, honorifics and ranks, the first two keys of longer ones (and of the
    # bodies that stand for a seat), and the surnames that open a clause-opening name.
    trigger_keys: frozenset[str] = frozenset()
    trigger_pairs: frozenset[tuple[str, str]] = frozenset()
    opening_surnames: frozenset[str] = frozenset()
    # Given names that may end a name in lower case by a typo (`Lê Minh tuấn`).
    name_tails: frozenset[str] = frozenset()
    # One-word honorifics (`ông`, `bà`): a trigger only before a name (`may_name`).
    honorific_keys: frozenset[str] = frozenset()

    def foreign_word(self, key: str) -> bool:
        """True when a name key cannot be one Vietnamese syllable (`theresa`, `trump`); the key
        of a joined word (`jean claude` of `Jean-Claude`) when one of its parts cannot."""
        if " " in key:
            return any(_foreign_word(self.syllable, part) for part in key.split())
        return _foreign_word(self.syllable, key)


_MARKS_RE = re.compile(r"[\u0300-\u036f]")


@lru_cache(maxsize=16_384)
def _foreign_word(pattern: re.Pattern[str], key: str) -> bool:
    base = _MARKS_RE.sub("", key)
    return bool(base) and base.isalpha() and pattern.fullmatch(base) is None


def _syllable_pattern(rule: Mapping[str, Any]) -> re.Pattern[str]:
    """The regular expression of a Vietnamese syllable from `[syllable]` in surnames.toml."""
    onsets = "|".join(sorted(rule["onsets"], key=len, reverse=True))
    codas = "|".join(sorted(rule["codas"], key=len, reverse=True))
    vowels = f"[{rule['vowels']}]{{1,{int(rule['max_vowels'])}}}"
    return re.compile(f"(?:{onsets})?{vowels}(?:{codas})?")


@cache
def lexicon() -> Lexicon:
    """Compile the rules once; nothing is loaded per article."""
    titles = load("titles")
    surnames = load("surnames")
    weights: dict[str, float] = {}
    for group in ("vietnamese", "chinese"):
        for entry in surnames[group]:
            key = name_key(entry["text"])
            weights[key] = max(weights.get(key, 0.0), float(entry.get("weight", 3)))
    tables = {
        name: Table(_entries(titles[name]))
        for name in ("modifiers", "roles", "bodies", "anonymous", "honorifics", "ranks")
    }
    counterparts = Table(_entries(titles["counterparts"]))
    starters = frozenset(key for table in tables.values() for key in table.by_first)
    starters |= frozenset(counterparts.by_first)
    type_words = Table(_entries(titles["type_words"]))
    stop_words = Table(_entries(titles["stop_words"], "stop."))
    title_firsts = frozenset(tables["modifiers"].by_first) | frozenset(tables["roles"].by_first)
    run_breaks = (
        title_firsts
        | frozenset(tables["bodies"].by_first)
        | frozenset(type_words.by_first)
        | frozenset(tables["honorifics"].by_first)
        | frozenset(stop_words.by_first)
    )
    heads = [tables[name] for name in ("roles", "honorifics", "ranks")]
    seats = [e for bucket in tables["bodies"].by_first.values() for e in bucket]
    triggers = [e for table in heads for bucket in table.by_first.values() for e in bucket]
    triggers += [e for e in seats if e.get("member_title")]
    prefixes = frozenset(name_key(e["text"]) for e in surnames["prefixes"])
    honorific_keys = frozenset(
        e.keys[0] for b in tables["honorifics"].by_first.values() for e in b if len(e.keys) == 1
    )
    return Lexicon(
        trigger_keys=frozenset(e.keys[0] for e in triggers if len(e.keys) == 1) - honorific_keys
        | {_PIECES_KEY},
        honorific_keys=honorific_keys,
        trigger_pairs=frozenset((e.keys[0], e.keys[1]) for e in triggers if len(e.keys) > 1),
        opening_surnames=frozenset(k for k, w in weights.items() if w >= 2) | prefixes,
        name_tails=frozenset(name_key(w) for w in surnames["given_names"])
        - frozenset(name_key(w) for w in surnames["not_name_tails"]),
        starters=starters,
        title_firsts=title_firsts,
        run_breaks=run_breaks,
        modifiers=Table(_entries(titles["modifiers"])),
        roles=Table(_entries(titles["roles"])),
        role_suffixes=Table(_entries(titles["role_suffixes"])),
        bodies=Table(_entries(titles["bodies"])),
        private=Table(_entries(titles["private"])),
        national=Table(_entries(titles["national_markers"])),
        # Countries are proper nouns: written with a capital (`Ban pháp chế` is no `Pháp`).
        foreign=Table(
            _entries(
                {**e, "cap": e.get("cap", True)} for e in titles["foreign"] if not e.get("alone")
            )
        ),
        type_words=type_words,
        place_abbreviations=Table(_entries(titles["place_abbreviations"])),
        honorifics=Table(_entries(titles["honorifics"])),
        ranks=Table(_entries(titles["ranks"])),
        anonymous=Table(_entries(titles["anonymous"])),
        not_current=Table(_entries(titles["not_current"])),
        current_leads=Table(_entries(titles["current_leads"])),
        appointments=Table(_entries(titles["appointments"])),
        chain_joiners=Table(_entries(titles["chain_joiners"])),
        reporters=Table(_entries(titles["reporters"])),
        not_a_person_before=Table(_entries(titles["not_a_person_before"])),
        stop_words=stop_words,
        surname_weight=weights,
        prefixes=prefixes,
        middles=frozenset(name_key(m) for m in surnames["middles"]),
        historical=frozenset(name_key(n) for n in titles["historical_names"]),
        not_names=frozenset(name_key(n) for n in titles["not_names"]),
        countries=frozenset(name_key(e["text"]) for e in titles["foreign"])
        | {name_key(load("admin")["title_words"]["country"])},
        foreign_places=frozenset(name_key(e["text"]) for e in titles["foreign"] if e.get("place")),
        central_cities=frozenset(name_key(c) for c in titles["central_cities"]),
        patterns=frozenset(p["id"] for p in titles["patterns"]),
        syllable=_syllable_pattern(surnames["syllable"]),
        delegation_words=frozenset(name_key(e["text"]) for e in titles["delegation_words"]),
        public_heads=frozenset(name_key(e["text"]) for e in titles["public_heads"]),
        particles=frozenset(name_key(e["text"]) for e in surnames["particles"]),
        country_names=frozenset(
            name_key(e["text"]) for e in titles["foreign"] if not e.get("alone")
        ),
        name_gaps=Table(_entries(titles["name_gaps"])),
        counterparts=counterparts,
        title_norms={
            name_key(variant): e["norm"] for e in titles["title_norms"] for variant in e["variants"]
        },
    )


@lru_cache(maxsize=16_384)
def gazetteer_place(key: str) -> str | None:
    """The label of the province or district called `key`, `""` if several, None if none.

    Wards are left out on purpose: many are named after people (`phường Trần Phú`).
    """
    units = [u for u in gazetteer.get().match(key) if u.level in ("province", "district")]
    if not units:
        return None
    labels = {u.label for u in units}
    return labels.pop() if len(labels) == 1 else ""


def gazetteer_province(key: str) -> str | None:
    """The label of the province called `key` (`Trà Vinh`, also a city of that province): for a
    National Assembly delegation, which is always a province's."""
    units = [u for u in gazetteer.get().match(key) if u.level == "province"]
    return units[0].label if len(units) == 1 else None


# --------------------------------------------------------------------------------------------
# Sentences as items.


class Item(NamedTuple):
    """A word or punctuation mark of a sentence, with absolute offsets and its token index.

    A named tuple rather than a frozen dataclass: a sentence makes dozens of them and tuples
    are several times cheaper to build."""

    text: str
    key: str
    start: int
    end: int
    is_word: bool
    cap: bool
    name_like: bool
    token: int


def _pieces(word: str) -> tuple[tuple[str, int, bool], ...]:
    """(text, offset in `word`, is_word) of the parts of a word holding a dot: `TP.Hà` is cut
    into `TP`, `.`, `Hà` (the dot joins an abbreviated type word to a name), while `TP.HCM` and
    `T.Ư` stay whole."""
    head, _, tail = word.partition(".")
    if len(tail) >= 2 and tail[0].isupper() and not tail[1:].isupper() and tail.isalpha():
        return ((head, 0, True), (".", len(head), False), (tail, len(head) + 1, True))
    return ((word, 0, True),)


def _glued(word: str) -> int:
    """Where two capitalised Vietnamese syllables were glued by a missing space (`TámPhó` in
    `Ông Nguyễn Văn TámPhó giám đốc Sở`), else 0. Brands (`VietinBank`, `TikTok`) hold a
    syllable no Vietnamese word has and stay whole."""
    if not word[:1].isupper() or not word.isalpha():
        return 0
    cuts = [i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower()]
    if len(cuts) != 1:
        return 0
    cut = cuts[0]
    lex = lexicon()
    if any(lex.foreign_word(name_key(part)) for part in (word[:cut], word[cut:])):
        return 0
    return cut


@lru_cache(maxsize=16_384)
def _word_facts(word: str) -> tuple[str, bool, bool]:
    """(key, capitalised, name-like) of a word item: cached, as the same words recur."""
    cap = word[0].isupper()
    name_like = (
        cap
        and bool(_NAME_LIKE_RE.fullmatch(word))
        and (word in ("Y", "A") if len(word) == 1 else not word[1:].isupper())
    )
    if cap and not name_like and _JOINED_RE.fullmatch(word):
        # `Jean-Claude`, `Ra'ad`: a foreign name's joined parts, told from joined places
        # (`Rịa-Vũng`, `Lào-Việt`) by a part no Vietnamese syllable spells.
        lex = lexicon()
        name_like = any(lex.foreign_word(name_key(part)) for part in _JOINS_RE.split(word))
    return name_key(word), cap, name_like


_NEW_TUPLE = tuple.__new__
# The same cut as `_ITEM_RE`, each match with the white space before it and without groups:
# `findall` then gives strings, and positions follow from their lengths.
_ITEM_FINDALL = re.compile(r"\s*(?:\w+(?:[.&'’\-]\w+)*|\S)").findall

_Facts = tuple[str, int, int, str, bool, bool, bool]
_Piece = tuple[str, int, str, bool, bool, bool]
# By matched string (white space included): (text, white space before it, length of text, key,
# is_word, cap, name_like) of the one item it makes, or `()` for a word cut into pieces,
# whose (text, white space before it, pieces) are in `_PIECES`. The same words recur, so each
# is cut and keyed once per process.
#: Words whose facts are memoised. Bounded, so memory stays flat on corpora of any size: the
#: frequent words fill it early and the long tail is simply recomputed.
_CACHE_LIMIT = 40_000
_FACTS: dict[str, _Facts | tuple[()]] = {}
_PIECES: dict[str, tuple[str, int, tuple[_Piece, ...]]] = {}


def _facts(raw: str) -> _Facts | tuple[()]:
    match = raw.lstrip()  # `str.isspace` is what `\s` matches
    lead = len(raw) - len(match)
    is_word = _ITEM_RE.fullmatch(match).lastindex == 1  # type: ignore[union-attr]
    if is_word and "." in match:
        pieces = _pieces(match)
    elif is_word and (cut := _glued(match)):
        pieces = ((match[:cut], 0, True), (match[cut:], cut, True))
    else:
        pieces = ((match, 0, is_word),)
    out: list[_Piece] = []
    for s, position, piece_is_word in pieces:
        if piece_is_word:
            key, cap, name_like = _word_facts(s)
        else:
            key, cap, name_like = ("-" if s in _DASHES else s), False, False
        out.append((s, position, key, piece_is_word, cap, name_like))
    facts: _Facts | tuple[()] = ()
    if len(out) == 1:
        facts = (match, lead, len(match), *out[0][2:])
    else:
        if len(_PIECES) >= _CACHE_LIMIT:
            _PIECES.clear()  # rare words with dots: start over rather than grow
        _PIECES[raw] = (match, lead, tuple(out))
    if len(_FACTS) < _CACHE_LIMIT:
        _FACTS[raw] = facts
    return facts


def token_bounds(token_starts: list[int], length: int) -> list[int]:
    """The token start offsets of an article and, last, one past its `length` characters: the
    bound `sentence_items` compares each item with, made once per article."""
    return [*token_starts, length + 1]


def sentence_items(
    text: str,
    offset: int,
    token_starts: list[int],
    bounds: list[int] | None = None,
    raws: list[str] | None = None,
) -> list[Item]:
    """The items of one sentence at absolute offsets (`text` starts at `offset`).

    Every sentence of every article goes through here, so the loop is kept tight: a matched
    string's facts and length come from a cache (`_FACTS`), and with the white space before it
    (`_ITEM_FINDALL`) they give its position; its token (`bisect_right(token_starts, start) - 1`)
    from the previous item's by stepping over the next token start (`bounds`: `token_bounds`
    of the article, made here when not given), and items are made with `tuple.__new__` (a
    named tuple's constructor is a Python function). `raws`: `raw_items(text)`, when the
    caller has them already.
    """
    if bounds is None:
        bounds = token_bounds(token_starts, offset + len(text))
    token = bisect_right(token_starts, offset) - 1
    following = bounds[token + 1]  # start of the next token: items before it are in `token`
    items: list[Item] = []
    append = items.append
    known = _FACTS
    pos = offset  # end of the previous match
    for raw in _ITEM_FINDALL(text) if raws is None else raws:
        facts = known.get(raw)
        if facts is None:
            facts = _facts(raw)
        if facts:
            match, lead, size, key, is_word, cap, name_like = facts
            start = pos + lead
            pos = start + size
            if start >= following:
                token += 1
                following = bounds[token + 1]
                if start >= following:  # several token starts passed (or one repeated)
                    token = bisect_right(token_starts, start) - 1
                    following = bounds[token + 1]
            append(_NEW_TUPLE(Item, (match, key, start, pos, is_word, cap, name_like, token)))
            continue
        entry = _PIECES.get(raw)
        if entry is None:  # its pieces were dropped when the cache started over
            _facts(raw)
            entry = _PIECES[raw]
        match, lead, pieces = entry
        start = pos + lead
        pos = start + len(match)
        for s, position, key, is_word, cap, name_like in pieces:
            at = start + position
            token = bisect_right(token_starts, at) - 1
            following = bounds[token + 1]
            append(_NEW_TUPLE(Item, (s, key, at, at + len(s), is_word, cap, name_like, token)))
    return items


# --------------------------------------------------------------------------------------------
# Sentences that cannot name anyone.

#: The key given to a matched string cut into pieces (`TP.Hà`, `TámPhó`): its sentence is
#: always read in full.
_PIECES_KEY = "\x00"
# A surname opening three name syllables (`T`: `Lê Minh tuấn`), or an honorific, at most four
# words (ranks: `ông Đại tá`), then a name syllable (`ông Thăng`): one search of the codes.
_NAME_CODES = re.compile("S[SN][SNT]|H[^SN]{0,4}[SN]").search


def raw_items(text: str) -> list[str]:
    """The matched strings `sentence_items` reads `text` as (each with its white space)."""
    return _ITEM_FINDALL(text)


class _PerRaw(dict):
    """A bounded memo by matched string, filled on a miss: looked up with `map` at C speed."""

    def __init__(self, make: Any) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, raw: str) -> str:
        value = self.make(raw)
        if len(self) < _CACHE_LIMIT:
            self[raw] = value
        return value


def _raw_facts(raw: str) -> _Facts | tuple[()]:
    facts = _FACTS.get(raw)
    return _facts(raw) if facts is None else facts


def _raw_key(raw: str) -> str:
    """The key of a matched string; its code goes into `_CODE_OF` at the same time (the
    sentences whose codes are read had their keys read first), so the facts are fetched once."""
    facts = _raw_facts(raw)
    if len(_CODE_OF) < _CACHE_LIMIT:
        _CODE_OF[raw] = _code(facts)
    return facts[3] if facts else _PIECES_KEY


def _raw_code(raw: str) -> str:
    return _code(_raw_facts(raw))


def _code(facts: _Facts | tuple[()]) -> str:
    """`S`: a name-like surname; `N`: anything else a name run holds (name-like words, and the
    particles and hyphenated words `_run_end` may take); `T`: a lower-case given name (a typo
    that may end a name); `H`: a one-word honorific; `x`: the rest."""
    if not facts:
        return "x"
    text, key, is_word, cap, name_like = facts[0], facts[3], facts[4], facts[5], facts[6]
    lex = lexicon()
    if key in lex.honorific_keys:
        return "H"  # `ông`, `Bà`: a name run ends there (`_run_end`), a name may follow
    if name_like:
        return "S" if key in lex.opening_surnames else "N"
    if is_word and (key in lex.particles or "-" in text):
        return "N"
    if is_word and not cap and key in lex.name_tails:
        return "T"
    return "x"


_KEY_OF = _PerRaw(_raw_key)
_CODE_OF = _PerRaw(_raw_code)
_TAIL_RUN = re.compile("S[SN]{1,2}T").search


def may_have_name_tail(raws: list[str]) -> bool:
    """True when a lower-case given name follows two or three name syllables opened by a
    surname (`Lê Minh tuấn`): only then is `official_names.mark_name_tails` worth running."""
    return _TAIL_RUN("".join(map(_CODE_OF.__getitem__, raws))) is not None


def may_name(raws: list[str], lex: Lexicon) -> bool:
    """False when the scanner cannot find anyone in the sentence: no role, rank or seat
    (`lex.trigger_keys`, `lex.trigger_pairs`), no run of three name syllables opened by a
    surname, and no `ông`/`bà` before a name syllable (a rank between them may be lower-case).
    Every pattern of `official_scan` needs one of these, so skipping the other
    sentences (about four in five) changes nothing but the time; the test is a few set
    operations over the matched strings, without making items."""
    keys = list(map(_KEY_OF.__getitem__, raws))
    if not lex.trigger_keys.isdisjoint(keys):
        return True
    if not lex.trigger_pairs.isdisjoint(pairwise(keys)):
        return True
    return _NAME_CODES("".join(map(_CODE_OF.__getitem__, raws))) is not None
