"""Extractor for the `officials` table: named people holding public positions, once per article.

Why a hand-written scanner rather than NER: underthesea's CRF `ner()` runs at a tenth of the
tokenizer's speed and its PER spans, used as officials, scored F1 0.35–0.38 on the dev gold.
What makes someone an official is the *title* next to the name, and Vietnamese titles follow a
small, regular grammar whose vocabulary lives in `rules/titles.toml`:

    [modifier]* role [Thường trực] [body [body name]]* [place]   name
    nguyên      Phó Bí thư          Quận ủy            Bắc Từ Liêm Trần Thế Cương

Each sentence is cut into syllables and punctuation (`_items`); titles are read left to right
from the lexicon (`_parse_title`) and names are the runs of capitalised syllables around them.
The hard call is where a place ends and a name starts inside one run (`Tây Hồ Đỗ Anh Tuấn`):
`_split_run` scores every cut with the surname list (`rules/surnames.toml`), the places the
article and the gazetteer know, and the usual name lengths, and keeps the best.

Patterns tying names to titles (ids in titles.toml `patterns`, copied into `rule`): title chain
then name (directly, after a comma, an honorific or a rank); ông/bà/đồng chí or a clause-opening
name then `,` `-` `(` and the titles; more titles after a titled name; short forms (`Bí thư
Thăng`, `ông Thăng`) merged into the full name the article gives elsewhere.

Localities: an explicit place in a title gives it. Otherwise the type the title implies (`Chủ
tịch UBND huyện` → huyện, `Quận ủy` → quận, `Sở` → the province) is resolved to the nearest
mention of that type (sentence, paragraph, article) from the localities extractor, whose
mentions also carry their province. National and foreign positions have none; with several
titles the most local wins.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc

from pipeline import gazetteer
from pipeline.extractors.localities import locality_mentions
from pipeline.rules import load
from pipeline.tables import OfficialRow
from pipeline.text.keys import name_key

log = logging.getLogger(__name__)

# A word: letters/digits with inner `.`, `&`, `'`, `-` joining parts (`TP.HCM`, `TN&MT`, `BR-VT`,
# `H'Hen`, `Rịa-Vũng`); any other non-space character is punctuation on its own.
_ITEM_RE = re.compile(r"(\w+(?:[.&'’\-]\w+)*)|(\S)")
# A syllable that can be part of a personal name: capital then lower case (`Thăng`, `Knơng`),
# an Ê Đê/Jrai `H'` name, or the one-letter prefixes `Y` and `A`.
_NAME_LIKE_RE = re.compile(r"[^\W\d_]+|H['’][^\W\d_]+")
_DASHES = frozenset("-–—−")
# Keys of the function words the scanner compares items with (keys are not plain text).
_VA, _SO, _KIEM, _LA, _HIEN = (name_key(w) for w in ("và", "số", "kiêm", "là", "hiện"))
_LEN_BONUS = {2: 0.3, 3: 1.0, 4: 0.8, 5: 0.3}
_NO_NAME_BASE = 2.0
_LOCAL_RANK = {
    "xã": 3,
    "phường": 3,
    "thị trấn": 3,
    "quận": 2,
    "huyện": 2,
    "thị xã": 2,
    "đặc khu": 2,
    "thành phố": 1,
    "tỉnh": 1,
}


# --------------------------------------------------------------------------------------------
# Lexicon: rules/titles.toml and rules/surnames.toml, compiled once per process.


@dataclass(frozen=True)
class Entry:
    """A lexicon entry: its syllable keys, whether its first letter must be capital, attributes."""

    id: str
    text: str
    keys: tuple[str, ...]
    cap: bool
    attrs: Mapping[str, Any]

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
        if i >= len(items):
            return None
        for entry in self.by_first.get(items[i].key, ()):
            if i + len(entry.keys) > len(items):
                continue
            if entry.cap and not items[i].cap:
                continue
            if entry.get("case") == "lower" and items[i].cap:
                continue
            if entry.get("case") == "upper" and not items[i].cap:
                continue
            if all(items[i + j].key == k for j, k in enumerate(entry.keys[1:], 1)):
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
        out.append(Entry(item["id"], item["text"], keys, bool(item.get("cap", False)), attrs))
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
    reporters: Table
    not_a_person_before: Table
    stop_words: Table
    surname_weight: Mapping[str, float]
    prefixes: frozenset[str]
    middles: frozenset[str]
    historical: frozenset[str]
    not_names: frozenset[str]
    countries: frozenset[str]
    central_cities: frozenset[str]
    patterns: frozenset[str]


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
    return Lexicon(
        modifiers=Table(_entries(titles["modifiers"])),
        roles=Table(_entries(titles["roles"])),
        role_suffixes=Table(_entries(titles["role_suffixes"])),
        bodies=Table(_entries(titles["bodies"])),
        private=Table(_entries(titles["private"])),
        national=Table(_entries(titles["national_markers"])),
        foreign=Table(_entries(e for e in titles["foreign"] if not e.get("alone"))),
        type_words=Table(_entries(titles["type_words"])),
        place_abbreviations=Table(_entries(titles["place_abbreviations"])),
        honorifics=Table(_entries(titles["honorifics"])),
        ranks=Table(_entries(titles["ranks"])),
        anonymous=Table(_entries(titles["anonymous"])),
        not_current=Table(_entries(titles["not_current"])),
        reporters=Table(_entries(titles["reporters"])),
        not_a_person_before=Table(_entries(titles["not_a_person_before"])),
        stop_words=Table(_entries(titles["stop_words"], "stop.")),
        surname_weight=weights,
        prefixes=frozenset(name_key(e["text"]) for e in surnames["prefixes"]),
        middles=frozenset(name_key(m) for m in surnames["middles"]),
        historical=frozenset(name_key(n) for n in titles["historical_names"]),
        not_names=frozenset(name_key(n) for n in titles["not_names"]),
        countries=frozenset(name_key(e["text"]) for e in titles["foreign"]) | {name_key("Việt Nam")},
        central_cities=frozenset(name_key(c) for c in titles["central_cities"]),
        patterns=frozenset(p["id"] for p in titles["patterns"]),
    )


@lru_cache(maxsize=65_536)
def _gazetteer_place(key: str) -> str | None:
    """The label of the province or district called `key`, `""` if several, None if none.

    Wards are left out on purpose: many are named after people (`phường Trần Phú`).
    """
    units = [u for u in gazetteer.get().match(key) if u.level in ("province", "district")]
    if not units:
        return None
    labels = {u.label for u in units}
    return labels.pop() if len(labels) == 1 else ""


# --------------------------------------------------------------------------------------------
# Sentences as items.


@dataclass(frozen=True)
class Item:
    """A word or punctuation mark of a sentence, with absolute offsets and its token index."""

    text: str
    key: str
    start: int
    end: int
    is_word: bool
    cap: bool
    name_like: bool
    token: int


def _items(text: str, offset: int, token_starts: list[int]) -> list[Item]:
    items = []
    for m in _ITEM_RE.finditer(text):
        s = m.group(0)
        is_word = m.group(1) is not None
        start = offset + m.start()
        cap = is_word and s[0].isupper()
        name_like = cap and bool(_NAME_LIKE_RE.fullmatch(s)) and (s in ("Y", "A") if len(s) == 1 else not s[1:].isupper())
        items.append(
            Item(s, _item_key(s, is_word), start, offset + m.end(), is_word, cap, name_like,
                 bisect_right(token_starts, start) - 1)
        )
    return items


# --------------------------------------------------------------------------------------------
# What the scanner produces.


@dataclass
class Title:
    """A parsed title: its text (without the place) and what its locality depends on."""

    text: str
    role: Entry
    organization: str
    place_label: str | None = None  # explicit Vietnamese place, `<type> <name>`
    implied_type: str | None = None  # a type word without a name, or the type a body implies
    level: str | None = None  # province | local: resolved from context when nothing is written
    national: bool = False
    foreign: bool = False
    private: bool = False
    has_body: bool = False
    start: int = 0  # character offset, for the nearest-mention search
    sentence_start: int = 0
    paragraph: int = 0


@dataclass
class Mention:
    """A name in a sentence, with the titles attached to it there."""

    keys: tuple[str, ...]
    text: str
    start: int
    end: int
    sentence: str
    paragraph: int
    titles: list[Title]
    rule: str


@dataclass
class Context:
    """Per-article facts: places the article names and what a bare `Đại biểu` sits in."""

    places: dict[str, str]  # name key -> label of a unit the article names
    mentions: list[tuple[int, str, str, int, str, int]]  # (start, type, label, paragraph, province, end)
    assembly: str  # `HĐND` or `Quốc hội`
    mention_starts: list[int] = field(default_factory=list)


@dataclass
class Parsed:
    """A title, the index after what was read, and the name found right after it (if any)."""

    title: Title
    end: int
    name: tuple[int, int] | None = None
    short: bool = False


# --------------------------------------------------------------------------------------------
# Names and places inside capitalised runs.


def _place_label(keys: tuple[str, ...], ctx: Context) -> str | None:
    """The label of a Vietnamese place with these name keys, if the article or gazetteer knows it."""
    key = " ".join(keys)
    if key in ctx.places:
        return ctx.places[key]
    found = _gazetteer_place(key)
    return found if found else None


def _is_place(keys: tuple[str, ...], ctx: Context, lex: Lexicon) -> bool:
    key = " ".join(keys)
    if key in ctx.places or key in lex.countries or key in lex.not_names:
        return True
    return _gazetteer_place(key) is not None


def _name_score(keys: tuple[str, ...], ctx: Context, lex: Lexicon) -> float:
    m = len(keys)
    if m < 2 or m > 5 or _is_place(keys, ctx, lex) or " ".join(keys) in lex.historical:
        return float("-inf")
    score = lex.surname_weight.get(keys[0], 0.0)
    if keys[0] in lex.prefixes and m >= 3:
        score = 3.0
    score += _LEN_BONUS[m]
    if m >= 3 and keys[1] in lex.middles:
        score += 1.0
    return score


def _split_run(
    run: tuple[str, ...], ctx: Context, lex: Lexicon, *, typed: bool, expect_name: bool
) -> int:
    """How many leading syllables of a capitalised run are a place (`len(run)`: no name).

    Every cut is scored: a known place before it, a surname, a middle name and a usual length
    after it. After a type word (`huyện Hoàng Anh Tuấn`) an empty place costs a little (the
    name is usually there); where no name is expected (an apposition), a name costs more.
    """
    n = len(run)
    best_k, best = n, float("-inf")
    for k in range(n, -1, -1):
        if k == 0:
            place = -1.5 if typed else 0.0
        elif _is_place(run[:k], ctx, lex):
            place = 2.0
        elif typed:
            place = 0.5 if k <= 4 else -2.0
        else:
            place = -1.0 if k <= 3 else -3.0
        if k == n:
            score = place + _NO_NAME_BASE + (0.0 if expect_name else 2.0)
        else:
            score = place + _name_score(run[k:], ctx, lex)
        if score > best:
            best, best_k = score, k
    return best_k


def _good_name(keys: tuple[str, ...], ctx: Context, lex: Lexicon, *, need_surname: bool) -> bool:
    """A run read as a whole name (after a comma, an honorific, or opening a clause)."""
    if _name_score(keys, ctx, lex) == float("-inf"):
        return False
    if not need_surname:
        return True
    return lex.surname_weight.get(keys[0], 0.0) >= 2 or (keys[0] in lex.prefixes and len(keys) >= 3)


def _run_end(items: list[Item], i: int, lex: Lexicon) -> int:
    """End of the run of name-like syllables from `i`, stopping before a title, body or type word."""
    j = i
    while j < len(items) and items[j].name_like:
        if _title_start(items, j, lex) or _body_at(items, j, lex) or lex.type_words.match(items, j):
            break
        j += 1
    return j


def _blocked_before(items: list[Item], i: int, lex: Lexicon) -> bool:
    """A name right after `đường`, `tư tưởng`, `cử tri`, `Ảnh:`, `PV`... is not an official's."""
    j = i - 1
    if j >= 0 and items[j].key == ":":
        j -= 1
    for start in range(max(0, j - 2), j + 1):
        for table in (lex.not_a_person_before, lex.reporters):
            entry = table.match(items, start)
            if entry and start + len(entry.keys) == j + 1:
                return True
    return False


# --------------------------------------------------------------------------------------------
# Titles.


def _body_at(items: list[Item], k: int, lex: Lexicon) -> Entry | None:
    """The body starting at `k`, unless it is a one-syllable word inside a name run
    (`Nguyễn Trường Giang`, `Vũ Văn Viện`: `Trường` and `Viện` are bodies elsewhere)."""
    body = lex.bodies.match(items, k)
    if body is not None and len(body.keys) == 1 and items[k].name_like and k > 0 and items[k - 1].name_like:
        if not (lex.roles.match(items, k - 1) or lex.modifiers.match(items, k - 1)):
            return None
    return body


def _title_start(items: list[Item], i: int, lex: Lexicon) -> bool:
    """True when a title (modifiers, then a role) starts at `i`."""
    k = i
    while (mod := lex.modifiers.match(items, k)) is not None:
        k += len(mod.keys)
    return lex.roles.match(items, k) is not None


def _stops(items: list[Item], k: int, lex: Lexicon) -> bool:
    """True when a body's or role's own name cannot run on at `k`."""
    if not items[k].is_word:
        return True
    stop = lex.stop_words.match(items, k)
    if stop is not None:
        after = k + len(stop.keys)
        # A capitalised clause opener (`Trong thời gian`) stops a name; `Từ Liêm` does not.
        if not items[k].cap or after >= len(items) or not items[after].name_like:
            return True
    return bool(
        lex.type_words.match(items, k)
        or lex.type_words.match(items, k)
        or lex.place_abbreviations.match(items, k)
        or _title_start(items, k, lex)
        or lex.honorifics.match(items, k)
        or lex.ranks.match(items, k)
    )


def _continue_name(items: list[Item], k: int, body: Entry | None, lex: Lexicon) -> int:
    """Run a body's (or role's) own name on from `k`.

    Capitalised words go in, and so do the lower-case tails of capitalised words (`Xây dựng`,
    `Y tế`: same underthesea token), `và`/`-` between capitalised words (`Văn hóa - Thể thao
    và Du lịch`), and, for open bodies (`Ban Quản lý...`, `Trung tâm chống ngập`), lower-case
    words up to a stop word.
    """
    n = len(items)
    open_body = bool(body and body.get("open"))
    while k < n:
        item = items[k]
        if item.key in (_VA, "-", "&") and k + 1 < n and items[k + 1].cap and not _stops(items, k + 1, lex):
            if item.key == "-":
                tail = k + 2 < n and items[k + 2].token == items[k + 1].token and not items[k + 2].cap
                if not tail:
                    break
            k += 1
            continue
        if not item.is_word:
            break
        if _body_at(items, k, lex) and k > 0 and items[k].cap:
            break
        if item.cap:
            if _stops(items, k, lex):
                break
            k += 1
            continue
        prev = items[k - 1] if k > 0 else None
        if prev is not None and prev.is_word and prev.cap and prev.token == item.token and prev.end + 1 == item.start:
            k += 1  # lower-case tail of a capitalised word
            continue
        if item.text.isdigit() and prev is not None and prev.key == _SO:
            k += 1
            continue
        if open_body and not _stops(items, k, lex):
            k += 1
            continue
        break
    return k


def _heads_end(items: list[Item], i: int, end: int, lex: Lexicon) -> int:
    """Index after the last role, modifier or body head word before `end`: a name run starts later."""
    k, last = i, i
    while k < end:
        entry = (
            lex.modifiers.match(items, k)
            or lex.roles.match(items, k)
            or lex.role_suffixes.match(items, k)
            or (_body_at(items, k, lex) if k > i else None)
        )
        if entry:
            k += len(entry.keys)
            last = k
        else:
            k += 1
    return last


def _parse_title(items: list[Item], i: int, ctx: Context, lex: Lexicon, *, expect_name: bool) -> Parsed | None:
    """Read `[modifier]* role [suffix] [body [name]]* [place] [name]` from `i`."""
    n = len(items)
    k = i
    mods: list[Entry] = []
    while (mod := lex.modifiers.match(items, k)) is not None:
        mods.append(mod)
        k += len(mod.keys)
    role = lex.roles.match(items, k)
    if role is None:
        return None
    k += len(role.keys)
    role_end = k
    if (suffix := lex.role_suffixes.match(items, k)) is not None and suffix.id != "suffix.kiem":
        k += len(suffix.keys)
    k = _continue_name(items, k, None, lex)
    if role.get("connector") and k + 1 < n and items[k].key == name_key(role.get("connector")):
        k = _continue_name(items, k + 1, None, lex)
    bodies: list[Entry] = []
    body_start: int | None = None
    while (body := _body_at(items, k, lex)) is not None:
        bodies.append(body)
        body_start = k if body_start is None else body_start
        k = _continue_name(items, k + len(body.keys), body, lex)
    read_end = title_end = k
    place_label: str | None = None
    place_type: str | None = None
    foreign = False
    name: tuple[int, int] | None = None
    short = False
    # The capitalised tail of what was read may hold a place and the person's name.
    run_start = title_end
    while run_start > i and items[run_start - 1].name_like:
        run_start -= 1
    run_start = max(run_start, _heads_end(items, i, title_end, lex))
    if run_start < title_end:
        run = tuple(it.key for it in items[run_start:title_end])
        if len(run) == 1 and not bodies and expect_name and run_start == _heads_end(items, i, title_end, lex):
            name, short, title_end = (run_start, title_end), True, run_start  # `Bí thư Thăng`
        else:
            cut = _split_run(run, ctx, lex, typed=False, expect_name=expect_name)
            if cut < len(run):
                name = (run_start + cut, title_end)
            head = run[:cut]
            if head and " ".join(head) in lex.countries:
                foreign = " ".join(head) != name_key("Việt Nam")
                title_end = run_start + cut  # a country stays in the title (`Đại sứ Trung Quốc`)
            else:
                if head:
                    place_label = _place_label(head, ctx) or _implied_label(bodies, items[run_start : run_start + cut])
                title_end = run_start
    after = name[1] if name else read_end
    if name is None and run_start >= read_end:
        after, place_label2, place_type, foreign2, name = _typed_place(items, read_end, ctx, lex, expect_name)
        place_label = place_label or place_label2
        foreign = foreign or foreign2
    text = _title_text(items, i, mods, title_end)
    if not text:
        return None
    title = Title(text=text, role=role, organization="")
    _classify(title, items, role, role_end, after, bodies, lex)
    title.organization = _organization(items, role, body_start, title_end, after, name)
    title.place_label = place_label
    title.implied_type = place_type or next((b.get("implies") for b in bodies if b.get("implies")), None)
    title.foreign = title.foreign or foreign
    title.start = items[i].start
    return Parsed(title, after, name, short)


def _implied_label(bodies: list[Entry], words: list[Item]) -> str | None:
    """`Tỉnh ủy Yên Bái` → `tỉnh Yên Bái` when neither article nor gazetteer knows the name."""
    implied = next((b.get("implies") for b in bodies if b.get("implies")), None)
    return f"{implied} {' '.join(w.text for w in words)}" if implied else None


def _typed_place(
    items: list[Item], k: int, ctx: Context, lex: Lexicon, expect_name: bool
) -> tuple[int, str | None, str | None, bool, tuple[int, int] | None]:
    """A place written with a type word (`huyện Quỳnh Lưu`, `quận 2`, `TP HCM`, `tỉnh`) or as an
    abbreviation (`TP.HCM`), and a name right after it: (end, label, type, foreign, name)."""
    n = len(items)
    type_ = None
    abbr = lex.place_abbreviations.match(items, k)
    if abbr is None:
        tw = lex.type_words.match(items, k)
        if tw is None:
            return k, None, None, False, None
        type_ = tw.get("type")
        k += len(tw.keys)
        if k < n and items[k].key == "." and tw.text.isupper():
            k += 1
        abbr = lex.place_abbreviations.match(items, k)
    label = None
    if abbr is not None:
        k += len(abbr.keys)
        label = abbr.get("label")
    elif k < n and items[k].is_word and items[k].text.isdigit():
        label = f"{type_} {items[k].text}"
        k += 1
    else:
        end = k
        while end < n and (items[end].name_like or (items[end].cap and "-" in items[end].text)):
            if _title_start(items, end, lex) or _body_at(items, end, lex):
                break
            end += 1
            if end + 1 < n and items[end].key == "-" and items[end + 1].cap:
                end += 1
        if end == k:
            return k, None, type_, False, None
        name_from = end
        while name_from > k and items[name_from - 1].name_like:
            name_from -= 1
        tail = tuple(it.key for it in items[name_from:end])
        cut = _split_run(tail, ctx, lex, typed=name_from == k, expect_name=expect_name)
        cut_at = name_from + cut
        if cut_at == k:
            return k, None, type_, False, (k, end)
        place_keys = tuple(it.key for it in items[k:cut_at] if it.is_word)
        if " ".join(place_keys) in lex.countries:
            return cut_at, None, None, True, (cut_at, end) if cut_at < end else None
        text = " ".join(it.text for it in items[k:cut_at])
        label = _mention_label(items[k].start, ctx) or ctx.places.get(" ".join(place_keys))
        label = label or (f"{type_} {text}" if type_ else _place_label(place_keys, ctx))
        return cut_at, label, type_, False, ((cut_at, end) if cut_at < end else None)
    # After `quận 2` or `TP HCM` the name may follow directly.
    if expect_name and k < n and items[k].name_like:
        end = _run_end(items, k, lex)
        if _good_name(tuple(it.key for it in items[k:end]), ctx, lex, need_surname=False):
            return k, label, type_, False, (k, end)
    return k, label, type_, False, None


def _mention_label(position: int, ctx: Context) -> str | None:
    """The label of the localities extractor's mention covering `position` (its standard name:
    `BR-VT` → `tỉnh Bà Rịa - Vũng Tàu`), if there is one."""
    index = bisect_right(ctx.mention_starts, position) - 1
    while index >= 0 and ctx.mentions[index][0] + 40 > position:
        start, end, label = ctx.mentions[index][0], ctx.mentions[index][5], ctx.mentions[index][2]
        if start <= position < end:
            return label
        index -= 1
    return None


def _title_text(items: list[Item], i: int, mods: list[Entry], end: int) -> str:
    """The title as written from its first kept modifier or role to `end`."""
    parts: list[str] = []
    k = i
    for mod in mods:
        if mod.get("keep", True):
            words = " ".join(it.text for it in items[k : k + len(mod.keys)])
            parts.append(words.lower() if mod.get("lower") else words)
        k += len(mod.keys)
    out = " ".join(parts)
    for it in items[k:end]:
        if it.is_word or it.key == "-":
            out += (" " if out else "") + it.text
        else:
            out += it.text
    return out.strip(" -,;:(")


def _organization(
    items: list[Item], role: Entry, body_start: int | None, title_end: int, after: int, name: tuple[int, int] | None
) -> str:
    """The body with its place as written (`UBND tỉnh Yên Bái`), or the body the role names."""
    if body_start is None:
        return role.get("body", "")
    end = name[0] if name else after
    words = [it.text for it in items[body_start:end] if it.is_word or it.key == "-"]
    return " ".join(words)


def _classify(
    title: Title, items: list[Item], role: Entry, role_end: int, end: int, bodies: list[Entry], lex: Lexicon
) -> None:
    """Set the flags that decide whether a title counts and where its locality comes from."""
    span = range(role_end, end)
    title.has_body = bool(bodies)
    title.private = any(lex.private.match(items, k) for k in span)
    title.foreign = role.get("level") == "foreign" or any(lex.foreign.match(items, k) for k in span)
    title.national = (
        role.get("level") in ("national", "foreign")
        or any(b.get("level") == "national" for b in bodies)
        or any(lex.national.match(items, k) for k in span)
    )
    levels = [b.get("level") for b in bodies]
    if "province" in levels:
        title.level = "province"
    elif "local" in levels:
        title.level = "local"


# --------------------------------------------------------------------------------------------
# Chains and the sentence scanner.


def _chain(
    items: list[Item], i: int, ctx: Context, lex: Lexicon, *, expect_name: bool
) -> tuple[list[Title], int, tuple[int, int] | None, bool]:
    """Titles separated by `,` or `kiêm` from `i`, and the name that ends them (if one does)."""
    n = len(items)
    titles: list[Title] = []
    k = i
    while True:
        parsed = _parse_title(items, k, ctx, lex, expect_name=expect_name)
        if parsed is None:
            break
        titles.append(parsed.title)
        k = parsed.end
        if parsed.name:
            return titles, k, parsed.name, parsed.short
        if k < n and items[k].key in (",", _KIEM, ";") and _title_start(items, k + 1, lex):
            k += 1
            continue
        break
    return titles, k, None, False


def _name_after_chain(items: list[Item], k: int, ctx: Context, lex: Lexicon) -> tuple[tuple[int, int] | None, str]:
    """A name after a finished title chain: `, Nguyễn Thị Kim Dung`, `, ông X`, `Đại tá X`."""
    n = len(items)
    j = k
    rule = "official.title_name"
    comma = j < n and items[j].key == ","
    if comma:
        j += 1
        rule = "official.title_comma_name"
    honoured = False
    while j < n and (entry := lex.honorifics.match(items, j) or lex.ranks.match(items, j)) is not None:
        j += len(entry.keys)
        honoured = True
        rule = "official.title_honorific_name"
    if j >= n or not items[j].name_like or (not comma and not honoured):
        return None, rule
    end = _run_end(items, j, lex)
    keys = tuple(it.key for it in items[j:end])
    if _good_name(keys, ctx, lex, need_surname=not honoured):
        return (j, end), rule
    return None, rule


def _list_after_chain(items: list[Item], k: int, ctx: Context, lex: Lexicon) -> list[tuple[int, int]]:
    """`các đồng chí Ủy viên Trung ương Đảng: A, B và C` → the spans of A, B and C."""
    n = len(items)
    if k >= n or items[k].key != ":":
        return []
    spans = []
    j = k + 1
    while j < n:
        while j < n and (entry := lex.honorifics.match(items, j)) is not None:
            j += len(entry.keys)
        end = _run_end(items, j, lex)
        keys = tuple(it.key for it in items[j:end])
        if not _good_name(keys, ctx, lex, need_surname=False):
            break
        spans.append((j, end))
        j = end
        if j < n and items[j].key in (",", ";", _VA):
            j += 1
            continue
        break
    return spans


def _apposition(items: list[Item], e: int, ctx: Context, lex: Lexicon) -> tuple[list[Title], int]:
    """Titles written after a name: `X, Bí thư Tỉnh ủy`, `X - Phó Chủ tịch UBND huyện`, `X (...)`.

    A chain that ends in a name of its own belongs to the next person (`A, Phó Thủ tướng B`).
    """
    n = len(items)
    if e >= n or items[e].key not in (",", "-", "("):
        return [], e
    opener = items[e].key
    j = e + 1
    if j < n and items[j].key in (_HIEN, _LA):
        j += 1 if items[j].key == _LA else 2 if j + 1 < n and items[j + 1].key == _LA else 1
    member = _body_at(items, j, lex)
    if member is not None and member.get("member_title"):
        k = j + len(member.keys)
        k, label, type_, _foreign, _name = _typed_place(items, k, ctx, lex, False)
        title = Title(text=member.get("member_title"), role=member, organization=" ".join(it.text for it in items[j:k]))
        title.place_label, title.implied_type, title.level = label, type_, member.get("level")
        title.start, title.has_body = items[j].start, True
        return [title], k
    titles, k, name, _short = _chain(items, j, ctx, lex, expect_name=False)
    if not titles or name is not None:
        return [], e
    if opener == "(" and k < n and items[k].key == ")":
        k += 1
    return titles, k


def _past_before(items: list[Item], i: int, lex: Lexicon) -> bool:
    """True when a career-history or nomination marker stands shortly before `i` (`từng là`,
    `giữ chức`, `trong thời gian giữ các chức vụ`), at most its `reach` words away."""
    for start in range(max(0, i - 8), i):
        entry = lex.not_current.match(items, start)
        if entry and i - (start + len(entry.keys)) <= int(entry.get("reach", 1)) - 1 + (items[i - 1].key == _LA):
            if all(it.is_word for it in items[start:i]):
                return True
    return False


def _scan_sentence(items: list[Item], ctx: Context, lex: Lexicon, sentence: str, paragraph: int) -> list[Mention]:
    """Every name in the sentence with the titles the patterns attach to it."""
    out: list[Mention] = []
    n = len(items)

    def mention(span: tuple[int, int], titles: list[Title], rule: str) -> Mention:
        words = items[span[0] : span[1]]
        m = Mention(
            keys=tuple(w.key for w in words),
            text=" ".join(w.text for w in words),
            start=words[0].start,
            end=words[-1].end,
            sentence=sentence,
            paragraph=paragraph,
            titles=titles,
            rule=rule,
        )
        for title in titles:
            title.paragraph = paragraph
            title.sentence_start = items[0].start
        out.append(m)
        return m

    i = 0
    while i < n:
        anon = lex.anonymous.match(items, i)
        if anon is not None and _title_start(items, i + len(anon.keys), lex):
            titles, end, name, _short = _chain(items, i + len(anon.keys), ctx, lex, expect_name=False)
            for span in _list_after_chain(items, end, ctx, lex):
                mention(span, list(titles), "official.title_list")
            i = max(end, i + 1)
            continue
        if _title_start(items, i, lex):
            past = _past_before(items, i, lex)
            titles, end, name, short = _chain(items, i, ctx, lex, expect_name=True)
            rule = "official.title_name"
            if name is None and titles:
                name, rule = _name_after_chain(items, end, ctx, lex)
                if name is None:
                    for span in _list_after_chain(items, end, ctx, lex):
                        mention(span, list(titles), "official.title_list")
            if name is not None and not _blocked_name(items, name, lex):
                if titles and titles[0].role.get("assembly") and not titles[0].has_body:
                    rule = "official.delegate"
                m = mention(name, [] if past else titles, "official.short_form" if short else rule)
                extra, end2 = _apposition(items, name[1], ctx, lex)
                m.titles.extend(extra)
                end = max(end2, name[1])
            i = max(end, i + 1)
            continue
        hon = lex.honorifics.match(items, i)
        if hon is not None:
            j = i + len(hon.keys)
            while (rank := lex.ranks.match(items, j)) is not None:
                j += len(rank.keys)
            end = _run_end(items, j, lex)
            keys = tuple(it.key for it in items[j:end])
            if len(keys) == 1 and end - j == 1:
                mention((j, end), [], "official.short_form")
                i = end
                continue
            if keys and _good_name(keys, ctx, lex, need_surname=False) and not _blocked_name(items, (j, end), lex):
                titles, end2 = _apposition(items, end, ctx, lex)
                mention((j, end), titles, "official.name_titles")
                i = max(end2, end)
                continue
            i = max(j, i + 1)
            continue
        if items[i].name_like and (i == 0 or not items[i - 1].name_like):
            end = _run_end(items, i, lex)
            keys = tuple(it.key for it in items[i:end])
            if _good_name(keys, ctx, lex, need_surname=True) and not _blocked_name(items, (i, end), lex):
                titles, end2 = _apposition(items, end, ctx, lex)
                mention((i, end), titles, "official.name_titles")
                i = max(end2, end)
                continue
            i = max(end, i + 1)
            continue
        i += 1
    return out


def _blocked_name(items: list[Item], span: tuple[int, int], lex: Lexicon) -> bool:
    keys = " ".join(it.key for it in items[span[0] : span[1]])
    return keys in lex.historical or _blocked_before(items, span[0], lex)


# --------------------------------------------------------------------------------------------
# People: merging mentions, titles and localities.


@dataclass
class Person:
    keys: tuple[str, ...]
    text: str
    mentions: list[Mention]
    first: int


def _similar(a: str, b: str) -> bool:
    """Two syllables one typo apart (`Henandez`/`Hernandez`)."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= 1


def _same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`short` names the person called `full`: a final part (`Kim Ngân`) or a one-typo variant."""
    if len(short) >= len(full):
        return False
    if full[-len(short) :] == short:
        return True
    missing = [s for s in short if s not in full]
    return len(short) >= 3 and len(missing) == 1 and any(_similar(missing[0], f) for f in full)


def _people(mentions: list[Mention]) -> list[Person]:
    """Group mentions by person: full names first, then shorter forms into the fuller names."""
    people: list[Person] = []
    by_key: dict[tuple[str, ...], Person] = {}
    fulls = sorted((m for m in mentions if len(m.keys) >= 2), key=lambda m: -len(m.keys))
    for m in fulls:
        person = by_key.get(m.keys)
        if person is None:
            person = next((p for p in people if _same_person(m.keys, p.keys)), None)
        if person is None:
            person = Person(m.keys, m.text, [], m.start)
            people.append(person)
        by_key[m.keys] = person
        person.mentions.append(m)
        person.first = min(person.first, m.start)
    for m in (m for m in mentions if len(m.keys) == 1):
        candidates = [p for p in people if p.keys[-1] == m.keys[0]]
        if not candidates:
            continue
        before = [p for p in candidates if p.first <= m.start]
        person = max(before, key=lambda p: p.first) if before else candidates[0]
        person.mentions.append(m)
    return sorted(people, key=lambda p: p.first)


def _valid(title: Title) -> bool:
    if title.private:
        return False
    return not (title.role.get("needs_body") and not title.has_body)


def _modifiers_of(words: set[str]) -> tuple[bool, bool, bool]:
    return ("phó" in words, "nguyên" in words or "cựu" in words, "quyền" in words)


def _dedupe(titles: list[Title]) -> list[Title]:
    """Drop a title whose words are all in a longer one with the same modifiers (`Bí thư` in
    `Bí thư Thành ủy`), so each position is listed once, in its fullest form."""
    keyed = [(t, set(name_key(t.text).split())) for t in titles]
    kept: list[Title] = []
    for index, (title, words) in enumerate(keyed):
        redundant = False
        for other_index, (other, other_words) in enumerate(keyed):
            if other_index == index or _modifiers_of(words) != _modifiers_of(other_words):
                continue
            if words < other_words or (words == other_words and other_index < index):
                redundant = True
                break
        if not redundant:
            kept.append(title)
    return kept


def _resolve(title: Title, chain: list[Title], ctx: Context, lex: Lexicon) -> str | None:
    """The locality of one title: written, shared in its chain, implied and found in context."""
    if title.foreign:
        return None
    if title.place_label:
        return title.place_label
    wanted = title.implied_type
    if wanted is None and title.level:
        if any(t.national and not t.place_label and not t.implied_type for t in chain if t is not title):
            return None  # `Ủy viên Ban cán sự đảng, Thứ trưởng Bộ Công thương`: the ministry's
        local_types = [t.implied_type for t in chain if t.implied_type]
        wanted = local_types[0] if local_types else "province"
    if wanted is None:
        return None
    if title.national and title.implied_type is None and title.level is None:
        return None
    for other in chain:
        if other.place_label and (wanted == "province" or other.place_label.startswith(wanted + " ")):
            return other.place_label
    return _nearest(wanted, title, ctx, lex)


def _nearest(wanted: str, title: Title, ctx: Context, lex: Lexicon) -> str | None:
    """The nearest mention of the wanted type: before in the sentence, paragraph, article; after."""

    def fits(type_: str, label: str) -> bool:
        if wanted == "province":
            return type_ == "tỉnh" or (type_ == "thành phố" and name_key(label[len(type_) + 1 :]) in lex.central_cities)
        return type_ == wanted

    candidates = [m for m in ctx.mentions if fits(m[1], m[2])]
    before = [m for m in candidates if m[0] < title.start]
    for group in (
        [m for m in before if m[0] >= title.sentence_start],
        [m for m in before if m[3] == title.paragraph],
        before,
    ):
        if group:
            return group[-1][2]
    after = [m for m in candidates if m[0] >= title.start]
    same = [m for m in after if m[3] == title.paragraph]
    if same or after:
        return (same or after)[0][2]
    if wanted in ("province", "tỉnh", "thành phố"):
        provinces = [m[4] for m in ctx.mentions if m[4]]
        if provinces:
            before_p = [m[4] for m in ctx.mentions if m[4] and m[0] < title.start]
            choice = before_p[-1] if before_p else provinces[0]
            if wanted == "province" or choice.startswith(wanted + " "):
                return choice
    return None


def _most_local(labels: list[tuple[str, Title]], lex: Lexicon) -> tuple[str, Title] | None:
    def rank(label: str) -> int:
        type_ = next((t for t in sorted(_LOCAL_RANK, key=len, reverse=True) if label.startswith(t + " ")), "")
        value = _LOCAL_RANK.get(type_, 1)
        if type_ == "thành phố" and name_key(label[len(type_) + 1 :]) not in lex.central_cities:
            value = 2
        return value

    return max(labels, key=lambda pair: rank(pair[0])) if labels else None


def _row(person: Person, doc: Doc, ctx: Context, lex: Lexicon) -> OfficialRow | None:
    titled = [m for m in person.mentions if any(_valid(t) for t in m.titles)]
    if not titled:
        return None
    titles: list[Title] = []
    localities: list[tuple[str, Title]] = []
    foreign = False
    for m in titled:
        chain = [t for t in m.titles if _valid(t)]
        for title in chain:
            titles.append(title)
            foreign = foreign or title.foreign
            label = _resolve(title, chain, ctx, lex)
            if label:
                localities.append((label, title))
    titles = _dedupe(titles)
    if not titles:
        return None
    best = max(titled, key=lambda m: (len([t for t in m.titles if _valid(t)]), len(m.keys), -m.start))
    local = None if foreign else _most_local(localities, lex)
    role_id = titles[0].role.id
    organization = local[1].organization if local else titles[0].organization
    return OfficialRow(
        article_id=doc._.article_id,
        name=person.text,
        titles=[t.text for t in titles],
        locality=local[0] if local else None,
        evidence=best.sentence,
        organization=organization,
        mentions=len(person.mentions),
        rule=f"{best.rule}:{role_id}",
        start=best.start,
        end=best.end,
    )


# --------------------------------------------------------------------------------------------
# Entry point.


def _context(doc: Doc, lex: Lexicon) -> Context:
    places: dict[str, str] = {}
    mentions: list[tuple[int, str, str, int, str, int]] = []
    starts = [span.start_char for span in doc.spans["paragraphs"]]
    for m in sorted(locality_mentions(doc), key=lambda m: m.start):
        places.setdefault(name_key(m.name), m.label)
        paragraph = bisect_right(starts, m.start) - 1
        mentions.append((m.start, m.type, m.label, paragraph, getattr(m, "province", "") or "", m.end))
    lowered = doc.text.lower()
    council = lowered.count("hđnd") + lowered.count("hội đồng nhân dân")
    assembly = "HĐND" if council > lowered.count("quốc hội") else "Quốc hội"
    return Context(places, mentions, assembly, [m[0] for m in mentions])


def extract_officials(doc: Doc, context: Mapping[str, list]) -> list[OfficialRow]:
    """One row per person named with a public position, in order of first mention."""
    lex = lexicon()
    ctx = _context(doc, lex)
    token_starts = [token.idx for token in doc]
    mentions: list[Mention] = []
    for sentence in doc.spans["sentences"]:
        items = _items(sentence.text, sentence.start_char, token_starts)
        paragraph = int(sentence.kb_id_ or 0)
        found = _scan_sentence(items, ctx, lex, sentence.text, paragraph)
        for m in found:
            for title in m.titles:
                if title.role.get("assembly") and not title.has_body:
                    title.text = f"{title.text} {ctx.assembly}"
                    title.level = "province" if ctx.assembly == "HĐND" else None
                    title.national = ctx.assembly != "HĐND"
        mentions.extend(found)
    rows = []
    for person in _people(mentions):
        row = _row(person, doc, ctx, lex)
        if row is not None:
            rows.append(row)
    return rows
