"""The localities extractor's compiled rules (rules/localities.toml, once per process), its
regexes, its records (`LocalityMention`, `_Raw`) and the name look-ups shared by the scan.

See `pipeline.extractors.localities` for how the rules run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from pipeline import gazetteer as gaz
from pipeline.rules import load
from pipeline.text import fastre
from pipeline.text.keys import name_key

_UPPER = "".join(chr(c) for c in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isupper())
# A capitalised syllable; an apostrophe inside a name joins (`Đắk R’lấp`, `Cư M ' Gar` as
# machine-segmented text writes it), but not a closing quote (`“Bến Tre” và`).
_SYL = rf"[{_UPPER}]\w*(?:['’]\w+| ['’] \w+)*"
_SYL_RE = re.compile(_SYL)
# A run of capitalised syllables joined by single spaces or dashes (`Bà Rịa - Vũng Tàu`).
_RUN_RE = re.compile(rf"{_SYL}(?:(?: |\s?[-–]\s?){_SYL})*")
_DASH_RE = re.compile(r"\s?[-–]\s?")
# The name chain after a not-a-place trigger: capitalised words, also with dots (`TP.HCM`).
_CHAIN_RE = re.compile(rf"[{_UPPER}][\w'’.]*(?:(?: |\s?[-–]\s?)[{_UPPER}][\w'’.]*)*")
# Letters and endings no Vietnamese (or Vietnamese minority-language) syllable has: a commune
# name unknown to the gazetteer with one of them is foreign (`thị trấn Abu Kamal`).
_FOREIGN_SYLLABLE = re.compile(r"[fjwzFJWZ]|[bdlsvx](?=$|['’])", re.IGNORECASE)
_WORD_RE = re.compile(r"[\w'’.]+")
_NUMBER_RE = re.compile(r"0?(\d{1,2})(?!\d)(?![.,]\d)")
_PLURAL_BEFORE = re.compile(
    r"(?:\b(?:các|những|mỗi|từng|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|\d+)\s+)$", re.IGNORECASE
)
_LIST_HEAD = re.compile(r"\s*(?:là|gồm có|gồm|như|:)\s*")
# List separators between bare district names: a comma, `;` or `và`, after an optional short
# aside in brackets (`Thạch Hà (3.382ha); Cẩm Xuyên (3.679ha); Hương Sơn`).
_LIST_BEFORE = re.compile(r"(?:\(|(?:\([^()]{1,24}\)\s*)?[,;]|\bvà)\s*$")
_LIST_AFTER = re.compile(r"\s*(?:\)|(?:\([^()]{1,24}\)\s*)?[,;]\s*|\svà\s)")
_RUN_TAIL = re.compile(rf"(?:{_SYL})(?: {_SYL}){{0,3}}$")
_AFTER_LOWER = re.compile(r"(?:,|\(|-|–)\s*$")
_PROVINCE_AFTER = re.compile(r"\s*(?:\(|,|-)\s*(?:(?:tỉnh|thành phố|TP\.?|Tp\.?)\s*)?")
_LIST_SEP = re.compile(r"\s*(?:,|;|\bvà\b|\bhoặc\b|&)\s*")

LEVEL_RANK = {"province": 0, "district": 1, "ward": 2}
TYPE_RANK = gaz.TYPE_RANK


@dataclass(frozen=True)
class LocalityMention:
    """One mention of an administrative unit at `doc.text[start:end]`.

    `type` is the full lowercase type word (`quận`), `name` the standard name (`Bắc Từ Liêm`),
    `parent` the containing unit as `<type> <name>` when known. `code` (GSO), `province`,
    `new_province` and `new_ward` come from the gazetteer when the unit could be linked.
    """

    start: int
    end: int
    type: str
    name: str
    rule: str
    parent: str | None = None
    code: str = ""
    province: str = ""
    new_province: str = ""
    new_ward: str = ""
    era: str = ""  # the map of `code`: old, new, or "" when not linked

    @property
    def label(self) -> str:
        """`<type> <name>`, the form used in officials.locality and commitments.actor."""
        return f"{self.type} {self.name}"


@dataclass
class _Raw:
    """A mention while the article is being read (before linking)."""

    start: int
    end: int
    type: str
    name: str
    rule: str
    level: str = ""  # known level, when the rule implies it
    explicit_parent: _Raw | None = None
    unit: gaz.Unit | None = None
    former: bool = False  # written as a former unit: `(cũ)`, `trước đây` (read in the old map)
    types: tuple[str, ...] = ()  # the type words of a list that allows several (`xã, phường`)

    @property
    def rank(self) -> int:
        if self.unit is not None:
            return LEVEL_RANK[self.unit.level]
        if self.level:
            return LEVEL_RANK[self.level]
        return TYPE_RANK.get(self.type, 2)

    @property
    def label(self) -> str:
        return f"{self.type} {self.name}"


@dataclass(frozen=True)
class _Entry:
    """A compiled head rule: type word, abbreviation or fixed expression."""

    id: str
    type: str
    kind: str  # word | abbreviation | fixed
    numbered: bool = False
    fallback: bool = False
    name: str = ""


@dataclass(frozen=True)
class _Bare:
    """What a bare name key can be: a province or a district-level name."""

    name: str
    level: str
    needs_context: bool
    rule: str


class _Rules:
    """rules/localities.toml compiled once: regexes, word sets and the bare-name index."""

    def __init__(self) -> None:
        rules = load("localities")
        settings = rules["settings"]
        self.max_syllables = int(settings["max_syllables"])
        self.foreign_window = int(settings["foreign_window"])
        self.bare_ids = rules["bare"]
        self.type_list_id = rules["type_list"]["id"]
        self.former_re = re.compile(rules["former"]["pattern"])
        words = "|".join(e["pattern"] for e in rules["type_word"])
        self.type_words = {e["pattern"]: e["type"] for e in rules["type_word"]}
        self.more_types_re = re.compile(rf"{rules['type_list']['separator']}(?i:({words}))(?= |:)")

        # Head rules, one named group each; fixed expressions first, then longest patterns.
        self.entries: dict[str, _Entry] = {}
        parts: list[tuple[int, str]] = []
        for order, (section, kind) in enumerate(
            (("fixed", "fixed"), ("abbreviation", "abbreviation"), ("type_word", "word"))
        ):
            for index, entry in enumerate(rules[section]):
                group = f"{kind[0]}{index}"
                self.entries[group] = _Entry(
                    entry["id"],
                    entry["type"],
                    kind,
                    bool(entry.get("numbered", False)),
                    bool(entry.get("fallback", False)),
                    entry.get("name", ""),
                )
                pattern = entry["pattern"]
                if kind == "word":
                    pattern = f"(?i:{pattern})(?=[ ,])"
                elif kind == "fixed":
                    pattern = f"(?:{pattern})(?![\\w])"
                else:
                    # After a dot anything may follow (`TP.Vinh`); otherwise a space or digit.
                    pattern = f"(?:{pattern})(?:(?<=\\.)|(?=[ \\d]))"
                parts.append((order * 1000 - len(entry["pattern"]), f"(?P<{group}>{pattern})"))
        heads = "|".join(p for _, p in sorted(parts, key=lambda x: x[0]))
        self.head_plain_re = re.compile(rf"(?<![\w.])(?:{heads})")
        # The same, rejecting at once a position whose letter starts no head (`fastre.first_chars`).
        first = fastre.first_chars(f"(?:{heads})")
        self.head_re = (
            re.compile(rf"(?<![\w.])(?=[{first}])(?:{heads})") if first else self.head_plain_re
        )

        measures = sorted(rules["numbered"]["not_before"], key=len, reverse=True)
        self.not_after_number = re.compile(
            rf" (?i:{'|'.join(map(re.escape, measures))})(?!\w)|\s?%|[/:.,-]\d"
        )
        qualifiers = sorted(rules["qualifiers"]["words"], key=len, reverse=True)
        self.qualifier_re = re.compile(rf"(?:{'|'.join(map(re.escape, qualifiers))}) ")

        triggers: list[tuple[str, str]] = []
        for entry in rules["not_place_before"]:
            for alternative in entry["pattern"].split("|"):
                triggers.append((alternative, entry["id"]))
        triggers.sort(key=lambda t: len(t[0]), reverse=True)
        alternation = "|".join(f"(?:{t})" for t, _ in triggers)
        self.trigger_re = re.compile(rf"(?<![\w.])(?i:{alternation})(?!\w) ?(?=\S)")
        # The same over lower-cased text, case-sensitively: a case-insensitive alternation this
        # long is ~4x slower (see `_triggers`). The patterns are plain words, `|` and `(?<!…)`.
        lowered = fastre.by_first_letter([t.lower() for t, _ in triggers])
        self.trigger_lower_re = re.compile(rf"(?<![\w.])(?:{lowered})(?!\w) ?(?=\S)")
        # A trigger right before a type word: `cao tốc TP.HCM`, `Hợp tác xã An Phát`.
        before_type = "|".join(
            f"(?:{alternative})"
            for entry in rules["not_place_before"]
            if entry.get("before_type")
            for alternative in entry["pattern"].split("|")
        )
        self.trigger_end_re = re.compile(rf"(?<![\w.])(?i:{before_type}) $")

        countries = sorted(rules["foreign"]["countries"], key=len, reverse=True)
        alternation = "|".join(map(re.escape, countries))
        self.foreign_after = re.compile(
            rf"\s*(?:\(\s*|,\s*|-\s*|(?:của|thuộc|ở|tại)\s+)(?:nước\s+)?(?:{alternation})"
            rf"(?!\w)(?! [{_UPPER}])"  # `Đức` is Germany, `Đức Thọ` a district
        )

        self.place_before = re.compile(
            r"(?:^|(?<=[\s(\"“]))(?i:"
            + "|".join(map(re.escape, sorted(rules["place_before"]["words"], key=len)[::-1]))
            + r") $"
        )
        person = rules["person_before"]
        self.surnames = frozenset(person["surnames"])
        self.middle_names = frozenset(person["middle_names"])
        self.person_before = self.surnames | self.middle_names | frozenset(person["address"])
        after = sorted(rules["not_place_after"]["words"], key=len, reverse=True)
        self.not_place_after = re.compile(rf" (?:{'|'.join(map(re.escape, after))})(?!\w)")
        company = rules["company"]
        self.company_re = re.compile(rf"(?<![\w.])(?i:{company['pattern']}) (?=\S)")
        self.company_lower_re = re.compile(rf"(?<![\w.])(?:{company['pattern'].lower()}) (?=\S)")
        self.company_stop = frozenset(company["stop"])
        self.company_max_words = int(company["max_words"])
        self.regions = frozenset(name_key(n) for n in rules["regions"]["names"])
        self.not_place_names = tuple(
            sorted({name_key(n) for n in rules["not_place_names"]["names"]}, key=len)[::-1]
        )
        # The same names with the space that ends them, for one `str.startswith(tuple)` per
        # bare-name candidate rather than a concatenation per name.
        self.not_place_starts = tuple(name + " " for name in self.not_place_names)
        self.needs_context = frozenset(name_key(n) for n in rules["bare_needs_context"]["names"])
        self.variants = {
            name_key(k): name_key(v)
            for k, v in rules["syllable_variants"].items()
            if k != "id" and isinstance(v, str)
        }

        # Aliases: key -> (standard name, level, context, id).
        self.aliases: dict[str, tuple[str, str, str, str]] = {}
        for entry in rules["alias"]:
            for alias in entry["names"]:
                self.aliases[name_key(alias)] = (
                    entry["standard"],
                    entry.get("level", ""),
                    entry.get("context", ""),
                    entry["id"],
                )

        # The bare-name index: provinces (and their aliases) first, then district-level names.
        gazetteer = gaz.get()
        self.bare: dict[str, _Bare] = {}
        for unit in gazetteer.units.values():
            if unit.level == "province":
                needs = unit.key in self.needs_context
                self.bare.setdefault(unit.key, _Bare(unit.name, "province", needs, ""))
        for key, (standard, level, context, rule) in self.aliases.items():
            if level == "province" and context != "typed":
                needs = context == "place" or name_key(standard) in self.needs_context
                self.bare.setdefault(key, _Bare(standard, "province", needs, rule))
        for unit in gazetteer.units.values():
            if unit.level == "district" and not unit.name.isdigit():
                self.bare.setdefault(unit.key, _Bare(unit.name, "district", True, ""))
        self.first_words = frozenset(k.split(" ")[0] for k in self.bare)

    def variant(self, key: str) -> str:
        """`key` with its syllables respelt in their standard form (`đăk mil` → `đắk mil`)."""
        return " ".join(self.variants.get(word, word) for word in key.split(" "))


@lru_cache(maxsize=16_384)
def _run_syllables(run: str) -> tuple[tuple[int, int, str], ...] | None:
    """(start, end, name key) of each syllable of a capitalised run, offsets within the run;
    None when no syllable can begin a bare name. Cached: the same runs (`Hà Nội`, `UBND`,
    `Việt Nam`) recur in every article, and most of them begin no name."""
    first_words = _rules().first_words
    syllables = tuple((m.start(), m.end(), name_key(m.group(0))) for m in _SYL_RE.finditer(run))
    if not any(key in first_words for _, _, key in syllables):
        return None
    return syllables


@cache
def _rules() -> _Rules:
    return _Rules()


def _triggers(rules: _Rules, text: str, lowered: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each not-a-place trigger in `text`, as `rules.trigger_re` finds them."""
    if lowered is None:
        lowered = fastre.lowered(text)
    return fastre.spans(rules.trigger_lower_re, lowered, rules.trigger_re, text)


def _companies(rules: _Rules, text: str, lowered: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each company word in `text`, as `rules.company_re` finds them."""
    if lowered is None:
        lowered = fastre.lowered(text)
    return fastre.spans(rules.company_lower_re, lowered, rules.company_re, text)


# -- names --------------------------------------------------------------------------------------


def _syllables(text: str, start: int) -> list[tuple[int, int, str]]:
    """The capitalised run at `start` as (start, end, key) per syllable; [] when none."""
    run = _RUN_RE.match(text, start)
    if run is None:
        return []
    return [
        (start + m.start(), start + m.end(), name_key(m.group(0)))
        for m in _SYL_RE.finditer(run.group(0))
    ]


def _lookup(
    rules: _Rules, key: str, levels: tuple[str, ...], on: date, new: tuple[str, ...] = ()
) -> tuple[str, str, list[gaz.Unit]] | None:
    """(standard name, alias rule id, units) for a name key at one of `levels`, else None.

    `new`: levels of the new map also searched (a new-era article), its units listed first.
    """
    gazetteer = gaz.get()
    alias = rules.aliases.get(key)
    if alias is not None and (not alias[1] or alias[1] in levels):
        units = [u for u in gazetteer.match(alias[0], on=on) if u.level in levels]
        return alias[0], alias[3], units
    for candidate in (key, rules.variant(key)):
        units = [u for u in gazetteer.match(candidate, on=on) if u.level in levels]
        if not units:
            units = [u for u in gazetteer.match(candidate) if u.level in levels]
        if new:
            units = [u for u in gazetteer.new_map.match(candidate) if u.level in new] + units
        if units:
            return units[0].name, "", units
    return None


def _resolve_name(
    rules: _Rules,
    syllables: list[tuple[int, int, str]],
    levels: tuple[str, ...],
    on: date,
    new: tuple[str, ...] = (),
) -> tuple[int, str, str, list[gaz.Unit]] | None:
    """The longest known name at the start of `syllables`: (count, name, alias id, units).

    A one-syllable name is not taken from the front of a longer run (`xã Thanh Dương` is not
    `xã Thanh` followed by a word): the run is a longer name the gazetteer lacks.
    """
    shortest = 2 if len(syllables) > 1 and syllables[1][0] - syllables[0][1] == 1 else 1
    for count in range(min(len(syllables), rules.max_syllables), shortest - 1, -1):
        key = " ".join(s[2] for s in syllables[:count])
        found = _lookup(rules, key, levels, on, new)
        if found is not None:
            return count, *found
    return None


def _fallback_name(
    rules: _Rules, text: str, syllables: list[tuple[int, int, str]]
) -> tuple[int, str] | None:
    """A name unknown to the gazetteer after a commune/ward type word, or None if implausible.

    Takes the run up to a dash, two or three syllables (two when more follow: the rest is
    usually a person's name), and refuses single syllables (`phường Trung tự`, a typo),
    acronyms (`xã NTM`), people (`xã Nguyễn Văn A`), regions and foreign-looking names.
    """
    count = 0
    for index, (start, _, _) in enumerate(syllables):
        if index and text[syllables[index - 1][1] : start] != " ":
            break
        count += 1
    if count > 3:
        count = 2
    if count < 2:
        return None
    chosen = syllables[:count]
    words = [text[s:e] for s, e, _ in chosen]
    if any(len(w) > 1 and w.isupper() for w in words):
        return None
    if len(words) >= 2 and words[0] in rules.surnames:
        if len(words) >= 3 or words[1] in rules.middle_names:
            return None
    key = " ".join(s[2] for s in chosen)
    if key in rules.regions or len(key) < 2:
        return None
    if any(_FOREIGN_SYLLABLE.search(w) for w in words):
        return None
    return count, " ".join(words)


def _level_of(units: list[gaz.Unit], type_word: str) -> str:
    """The level of the unit a typed name means, or "" when the candidates disagree.

    Units of the written type win (`thành phố Yên Bái` is the city, not tỉnh Yên Bái).
    """
    typed = [u for u in units if u.type == type_word] or units
    levels = {u.level for u in typed}
    return levels.pop() if len(levels) == 1 else ""
