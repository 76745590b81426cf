"""Extractor for the `localities` table: every Vietnamese administrative unit an article names.

How a unit is found, in the order the rules run over each sentence (rules/localities.toml):

1. *Not-a-place spans*: a street, route, project, company, river or person trigger
   (`đường`, `cao tốc`, `Khu công nghiệp`, `tư tưởng`...) followed by a name chain
   (`Hà Nội - Hải Phòng`) blocks every unit inside that chain.
2. *Typed units*: a type word or abbreviation (`huyện`, `TP.`, `Q.`, `Huyện ủy`) followed by a
   name. The name is the longest run of capitalised syllables the gazetteer knows at a level
   the type allows (so `quận Bắc Từ Liêm Trần Thế Cương` stops after `Liêm`); communes and
   wards may also be unknown (merged away since), with guards against people and regions.
   Numbered units keep the number as the name (`Quận 2` → quận `2`). Fixed expressions
   (`TP.HCM`, `BR-VT`) name one unit.
3. *Lists* after a typed unit (`quận Gò Vấp, Phú Nhuận`, `4 xã là Ngọc Sơn, Sơn Hải`).
4. *Bare names*: provinces and centrally run cities anywhere (`Bình Dương`), unless part of
   a person's name (`Nguyễn Thái Bình`: the word before is a name part, or the tokenizer made
   one word of it), of a longer name (`Thái Bình Dương`), of a team (`Quảng Nam FC`) or of a
   route (`Hà Nội - Hải Phòng`). District-level names count only where the context shows a
   place: after `tại`/`ở`..., before their province (`Đà Lạt (Lâm Đồng)`), after a commune
   (`xã Ea Kiết, Cư M'Gar`), after the same district was typed, or listed or in parentheses
   when they lie in a province the article names (`vùng hành củ (Kinh Môn, Nam Sách)`).

Then every mention is linked to the gazetteer (`pipeline.gazetteer`): parents stated in the
text (`xã Đặng Xá (huyện Gia Lâm)`, `xã Lương Hòa, huyện Giồng Trôm`) and the units of the
province the mention is read in pick among same-named units; the parent of a linked unit comes
from the gazetteer, as of the article's date. Types follow the article's date too
(`Thủ Đức` is a quận in 2017, a thành phố in 2022).

Everything is precompiled once per process; per article the work is a few regex scans over the
sentences and dictionary look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from spacy.tokens import Doc

from pipeline import gazetteer as gaz
from pipeline.era import doc_era
from pipeline.extractors.context import as_context
from pipeline.extractors.locality_link import explicit_parents, link
from pipeline.nlp import doc_text
from pipeline.rules import load
from pipeline.tables import LocalityRow
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
_LIST_BEFORE = re.compile(r"(?:\(|,|\bvà)\s*$")
_LIST_AFTER = re.compile(r"\s*(?:\)|,\s*|\svà\s)")
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


def _article_date(doc: Doc) -> tuple[date, bool]:
    """(the day the old map is read at, whether the article is of the new map).

    `pipeline.era` decides: `--as-of`, the publication date, or evidence in an undated text.
    A new-era article reads former units (`huyện Vân Đồn trước đây`) as of the old map's
    last day.
    """
    era = doc_era(doc)
    if era.is_new:
        return min(era.on, gaz.OLD_ERA_END), True
    return era.on, False


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


# -- one sentence -------------------------------------------------------------------------------


class _Sentence:
    """The rules applied to one sentence; collects `_Raw` mentions with absolute offsets."""

    def __init__(
        self, doc: Doc, rules: _Rules, text: str, offset: int, on: date, new: bool = False
    ) -> None:
        self.doc = doc
        self.rules = rules
        self.text = text
        self.offset = offset
        self.on = on
        self.new = new  # an article of the new map (from 1 July 2025)
        self.blocked: list[tuple[int, int]] = []
        self.covered: list[tuple[int, int]] = []
        self.mentions: list[_Raw] = []
        self.pending: list[tuple[int, int, str]] = []

    def is_free(self, start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in self.covered)

    def is_blocked(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.blocked)

    def typed(self) -> None:
        """Steps 1-3: not-a-place spans, typed units and the lists after them."""
        self._block_not_places()
        self._typed()

    def _add(self, start: int, end: int, type_: str, name: str, rule: str, level: str = "") -> _Raw:
        raw = _Raw(self.offset + start, self.offset + end, type_, name, rule, level)
        raw.former = bool(self.rules.former_re.match(self.text, end))
        self.mentions.append(raw)
        self.covered.append((start, end))
        return raw

    def _new_levels(self, type_word: str) -> tuple[str, ...]:
        """Levels of the new map a type word may name, in a new-era article (else none)."""
        return gaz.NEW_LEVELS_OF_TYPE.get(type_word, ()) if self.new else ()

    def _block_not_places(self) -> None:
        rules = self.rules
        lowered = fastre.lowered(self.text)
        for start, end in _triggers(rules, self.text, lowered):
            chain = _CHAIN_RE.match(self.text, end)
            if chain is None or self._trigger_is_name(start, end):
                continue
            self.blocked.append((start, chain.end()))
        for start, end in _companies(rules, self.text, lowered):
            for count, word in enumerate(_WORD_RE.finditer(self.text, end)):
                between = self.text[end : word.start()]
                if count >= rules.company_max_words or between.strip(" -&"):
                    break
                if word.group(0).lower() in rules.company_stop:
                    break
                end = word.end()
            self.blocked.append((start, end))

    def _trigger_is_name(self, start: int, end: int) -> bool:
        """A capitalised trigger that begins a unit's name is no trigger: `Cầu Giấy`, `Chợ
        Mới`, `Sông Công`, `Bà Rịa`, `Tháp Mười` (but `cầu Sông Hàn`, `sông Cầu` are)."""
        if not self.text[start].isupper():
            return False
        syllables = _syllables(self.text, start)
        words = len(self.text[start:end].split())
        gazetteer = gaz.get()
        for count in range(min(len(syllables), self.rules.max_syllables), words, -1):
            if gazetteer.known(" ".join(s[2] for s in syllables[:count])):
                return True
        return False

    def _foreign(self, start: int, end: int) -> bool:
        rules = self.rules
        after = self.text[end : end + rules.foreign_window]
        return bool(rules.foreign_after.match(after))

    # typed units --------------------------------------------------------------------------

    def _typed(self) -> None:
        rules = self.rules
        text = self.text
        for head in rules.head_re.finditer(text):
            entry = rules.entries[head.lastgroup]
            if self.is_blocked(head.start()):
                continue
            if rules.trigger_end_re.search(text, max(0, head.start() - 32), head.start()):
                continue
            if entry.kind == "fixed":
                if self.is_free(head.start(), head.end()):
                    self._add(
                        head.start(), head.end(), entry.type, entry.name, entry.id, "province"
                    )
                continue
            position = head.end()
            if entry.kind == "word" or text.startswith(" ", position):
                position += 1 if text.startswith(" ", position) else 0
            if entry.kind == "word":
                types, list_end = [entry.type], head.end()
                while (more := rules.more_types_re.match(text, list_end)) is not None:
                    types.append(rules.type_words[more.group(1).lower()])
                    list_end = more.end()
                if len(types) > 1:
                    # `các xã, phường A, B, C`: one list under several type words
                    self._typed_list(head.start(), list_end, types)
                    continue
                qualifier = rules.qualifier_re.match(text, position)
                if qualifier is not None:
                    position = qualifier.end()
            found = self._name_at(position, entry, head_start=head.start())
            plural = bool(_PLURAL_BEFORE.search(text[max(0, head.start() - 12) : head.start()]))
            if found is None and plural:
                # `4 xã là Ngọc Sơn, Sơn Hải`, `các huyện: Kinh Môn, Nam Sách`
                listed = _LIST_HEAD.match(text, position)
                if listed is not None and listed.end() > position:
                    found = self._name_at(listed.end(), entry, True, head.start())
            if found is None:
                continue
            end, name, rule, level = found
            if not self.is_free(head.start(), end) or self._foreign(head.start(), end):
                continue
            self._add(head.start(), end, entry.type, name, rule or entry.id, level)
            self._list_after(end, entry, plural, level)

    def _name_at(
        self, position: int, entry: _Entry, plural: bool = False, head_start: int = 0
    ) -> tuple[int, str, str, str] | None:
        """(end, name, alias rule id, level) of the name starting at `position`, or None."""
        rules = self.rules
        text = self.text
        levels = gaz.LEVELS_OF_TYPE[entry.type]
        if entry.numbered:
            number = _NUMBER_RE.match(text, position)
            if (
                number is not None
                and number.group(1) != "0"
                and not rules.not_after_number.match(text, number.end())
            ):
                return number.end(), number.group(1), "", levels[0]
        syllables = _syllables(text, position)
        if not syllables:
            return None
        resolved = _resolve_name(rules, syllables, levels, self.on, self._new_levels(entry.type))
        if resolved is not None:
            count, name, alias_rule, units = resolved
            level = _level_of(units, entry.type)
            if name_key(name) in rules.regions:
                return None
            return syllables[count - 1][1], name, alias_rule, level
        # A capitalised type word inside a sentence is part of a proper name (`đường Xã Đàn`)
        # unless the gazetteer knows the unit.
        inside_name = text[head_start].isupper() and head_start > 0 and text[head_start - 1] == " "
        if entry.fallback and (entry.kind == "word" or plural) and not inside_name:
            fallback = _fallback_name(rules, text, syllables)
            if fallback is not None:
                count, name = fallback
                return syllables[count - 1][1], name, "", levels[0]
        return None

    def _list_after(self, end: int, entry: _Entry, plural: bool, level: str) -> None:
        """Names listed after a typed unit take its type (`các xã A, B và C`).

        `level` is the typed unit's level when known (`thành phố Vinh` is a district).
        """
        rules = self.rules
        text = self.text
        levels = (level,) if level else gaz.LEVELS_OF_TYPE[entry.type]
        rank = LEVEL_RANK[level] if level else TYPE_RANK.get(entry.type, 2)
        position = end
        while True:
            separator = _LIST_SEP.match(text, position)
            if separator is None or separator.end() == position:
                return
            start = separator.end()
            if entry.numbered:
                number = _NUMBER_RE.match(text, start)
                if number is not None and not rules.not_after_number.match(text, number.end()):
                    if not self.is_free(start, number.end()):
                        return
                    self._add(
                        start,
                        number.end(),
                        entry.type,
                        number.group(1),
                        rules.bare_ids["listed"],
                        levels[0],
                    )
                    position = number.end()
                    continue
            syllables = _syllables(text, start)
            if not syllables or not self.is_free(start, syllables[-1][1]):
                return
            if self.is_blocked(start):
                return
            # A higher unit after a lower one is its parent (`huyện Hoa Lư, Ninh Bình`,
            # `xã Ea Kiết, Cư M'Gar`): stop; the bare-name rules take it. In a plural list
            # (`các xã A, B`) only a province stops it.
            higher = gaz.LEVELS[:rank]
            if plural or (self.new and rank == 2):  # no districts above a new commune
                higher = higher[:1]
            if higher and _resolve_name(rules, syllables, higher, self.on) is not None:
                return
            new_levels = self._new_levels(entry.type) if level in ("", "ward") else ()
            resolved = _resolve_name(rules, syllables, levels, self.on, new_levels)
            if (
                resolved is not None
                and rank == 0
                and entry.type not in {u.type for u in resolved[3]}
            ):
                return  # `Tp. Cần Thơ, An Giang`: a province of another type ends the list
            if resolved is not None:
                count, name, _, units = resolved
                name_end = syllables[count - 1][1]
                level = _level_of(units, entry.type)
            elif plural and entry.fallback and entry.kind == "word":
                fallback = _fallback_name(rules, text, syllables)
                if fallback is None:
                    return
                count, name = fallback
                name_end = syllables[count - 1][1]
                level = levels[0]
            else:
                return
            if name_key(name) in rules.regions or self._foreign(start, name_end):
                return
            self._add(start, name_end, entry.type, name, rules.bare_ids["listed"], level)
            position = name_end

    def _typed_list(self, head_start: int, position: int, types: list[str]) -> None:
        """`các xã, phường Hồng Hà, Ba Đình và Thiên Lộc`: each name takes its type from the
        map of the article's era, among the `types` the list words allow (in the new map
        first, in a new-era article); a name the map lacks takes the first type word."""
        rules = self.rules
        text = self.text
        listed = _LIST_HEAD.match(text, position)
        if listed is not None:
            position = listed.end()
        position += 1 if text.startswith(" ", position) else 0
        self.covered.append((head_start, position))
        levels = tuple({lv for t in types for lv in gaz.LEVELS_OF_TYPE.get(t, ())})
        new_levels = tuple({lv for t in types for lv in self._new_levels(t)})
        while True:
            syllables = _syllables(text, position)
            if not syllables or self.is_blocked(position):
                return
            if _resolve_name(rules, syllables, ("province",), self.on) is not None:
                return  # `các xã, phường A, B, tỉnh C`: the province ends the list
            resolved = _resolve_name(rules, syllables, levels, self.on, new_levels)
            type_, level = types[0], ""
            if resolved is not None:
                count, name, _, units = resolved
                allowed = [u for u in units if u.type in types]
                if allowed:
                    # The new map's reading first, then the order of the list words.
                    best = min(allowed, key=lambda u: (u.era != "new", types.index(u.type)))
                    type_, level = best.type, best.level
            else:
                fallback = _fallback_name(rules, text, syllables)
                if fallback is None:
                    return
                count, name = fallback
            end = syllables[count - 1][1]
            if not self.is_free(position, end) or name_key(name) in rules.regions:
                return
            raw = self._add(position, end, type_, name, rules.type_list_id, level)
            raw.types = tuple(types)
            separator = _LIST_SEP.match(text, end)
            if separator is None or separator.end() == end:
                return
            position = separator.end()

    # bare names ---------------------------------------------------------------------------

    def _bare(self, typed_districts: dict[str, str]) -> None:
        """Bare names of provinces and districts, over every capitalised run of the sentence."""
        for run in _RUN_RE.finditer(self.text):
            relative = _run_syllables(run.group(0))
            if relative is None:
                continue
            base = run.start()
            syllables = [(base + start, base + end, key) for start, end, key in relative]
            if self._is_route(run.group(0)):
                continue
            index = 0
            while index < len(syllables):
                taken = self._bare_at(syllables, index, typed_districts)
                index += taken or 1

    def _is_route(self, run: str) -> bool:
        """`Hà Nội - Hải Phòng - Quảng Ninh`: two or more unit names joined by dashes name a
        route, corridor or match, not the places (`Bà Rịa - Vũng Tàu` is one name)."""
        parts = _DASH_RE.split(run)
        if len(parts) < 2:
            return False
        rules = self.rules
        if name_key(run) in rules.bare or name_key(run) in rules.aliases:
            return False
        gazetteer = gaz.get()
        known = sum(
            1
            for part in parts
            if gazetteer.known(name_key(part)) or name_key(part) in rules.aliases
        )
        return known >= 2

    def _bare_at(
        self, syllables: list[tuple[int, int, str]], index: int, typed_districts: dict[str, str]
    ) -> int:
        """Try a bare name starting at syllable `index`; return the syllables it took (0: none)."""
        rules = self.rules
        if syllables[index][2] not in rules.first_words:
            return 0
        start = syllables[index][0]
        keys = [s[2] for s in syllables[index : index + rules.max_syllables]]
        rest = " ".join(s[2] for s in syllables[index:]) + " "
        if any(rest.startswith(name + " ") for name in rules.not_place_names):
            return len(syllables) - index
        for count in range(len(keys), 0, -1):
            key = " ".join(keys[:count])
            bare = rules.bare.get(key)
            if bare is None:
                continue
            end = syllables[index + count - 1][1]
            if not self.is_free(start, end) or self.is_blocked(start):
                return count
            if self._person_before(start) or not self._token_aligned(start, end):
                return count
            if rules.not_place_after.match(self.text, end):
                return count
            if bare.level == "province":
                if bare.needs_context and not self._place_context(start, end):
                    return count
                self._add_province(start, end, bare)
            elif key in typed_districts:
                type_word = typed_districts[key]
                self._add(start, end, type_word, bare.name, rules.bare_ids["repeated"], "district")
            elif self._place_context(start, end):
                province = self._province_after(end)
                self._add_district(start, end, bare.name, {province} if province else None)
            elif self._list_context(start, end):
                self.pending.append((start, end, bare.name))
            return count
        return 0

    def _add_province(self, start: int, end: int, bare: _Bare) -> None:
        """Add a bare province, as it was on the article's date: `Huế` in 2017 is the city of
        tỉnh Thừa Thiên Huế (a district-level unit), in 2025 the centrally run city."""
        gazetteer = gaz.get()
        units = gazetteer.match(bare.name, level="province", on=self.on)
        if not units and self._add_district(start, end, bare.name, None):
            return
        units = units or gazetteer.match(bare.name, level="province")
        if units:
            rule = bare.rule or self.rules.bare_ids["province"]
            self._add(start, end, units[0].type, units[0].name, rule, "province")

    def _add_district(self, start: int, end: int, name: str, provinces: set[str] | None) -> bool:
        """Add a bare district-level name, typed as the gazetteer's units of that name are.

        With `provinces`, only units in those provinces count (the article's provinces).
        """
        gazetteer = gaz.get()
        units = gazetteer.match(name, level="district", on=self.on)
        if provinces is not None:
            if self.new:  # `Phú Quốc (An Giang)`: a province named as it is now
                provinces = provinces | {
                    p.code
                    for code in provinces
                    if (province := gazetteer.units.get(("province", code))) is not None
                    for p in gazetteer.old_provinces(province)
                }
            units = [u for u in units if u.province in provinces]
        if self.new and units:
            # A former district living on as a ward, commune or đặc khu of its name: `Buôn Hồ`
            # (thị xã until 2025) is phường Buôn Hồ, `Phú Quốc` đặc khu Phú Quốc.
            heirs = {h for u in units for h in gazetteer.successors(u) if h.key == u.key}
            if len(heirs) == 1:
                heir = heirs.pop()
                raw = self._add(start, end, heir.type, heir.name, self.rules.bare_ids["new_map"])
                raw.unit = heir
                return True
        types = {u.type for u in units}
        if len(types) != 1:
            return False
        self._add(
            start, end, types.pop(), units[0].name, self.rules.bare_ids["district"], "district"
        )
        return True

    def _list_context(self, start: int, end: int) -> bool:
        """In parentheses or listed with another district: `(Kinh Môn, Nam Sách)`,
        `(Buôn Đôn và Ea Súp)`, `vải Thanh Hà, Chí Linh`."""
        text = self.text
        before = _LIST_BEFORE.search(text[max(0, start - 6) : start])
        after = _LIST_AFTER.match(text, end)
        if (before and before.group(0).startswith("(")) or (after and after.group(0).endswith(")")):
            return True
        if after is not None and self._district_at(after.end()):
            return True
        if before is not None:
            tail = _RUN_TAIL.search(text, max(0, start - 40), start - len(before.group(0)))
            if tail is not None:
                for syllable in _SYL_RE.finditer(text, tail.start(), tail.end()):
                    if self._district_at(syllable.start(), tail.end()):
                        return True
        return False

    def _district_at(self, position: int, end: int | None = None) -> bool:
        """True when a district-level name known to the gazetteer starts at `position` (and
        ends at `end`, when given)."""
        syllables = _syllables(self.text, position)
        for count in range(min(len(syllables), 4), 0, -1):
            if end is not None and syllables[count - 1][1] != end:
                continue
            bare = self.rules.bare.get(" ".join(s[2] for s in syllables[:count]))
            if bare is not None and bare.level == "district":
                return True
        return False

    def _person_before(self, start: int) -> bool:
        """True when the word before `start` is part of a person's name (`Nguyễn Thái Bình`)."""
        if start < 2 or self.text[start - 1] != " ":
            return False
        previous = self.text[: start - 1].rsplit(" ", 1)[-1]
        return previous in self.rules.person_before

    def _token_aligned(self, start: int, end: int) -> bool:
        """True when the tokenizer did not glue the name to a neighbour (`Nguyễn Thái Bình`)."""
        span = self.doc.char_span(self.offset + start, self.offset + end, alignment_mode="strict")
        return span is not None

    def _place_context(self, start: int, end: int) -> bool:
        """`tại Ba Đình`, `Đà Lạt (Lâm Đồng)`, `Tân Thành, Bà Rịa - Vũng Tàu`."""
        rules = self.rules
        if rules.place_before.search(self.text[max(0, start - 16) : start]):
            return True
        separator = _AFTER_LOWER.search(self.text, max(0, start - 4), start)
        if separator is not None:
            stop = self.offset + separator.start()
            if any(m.end == stop and m.rank == 2 for m in self.mentions):
                return True
        return self._province_after(end) is not None

    def _province_after(self, end: int) -> str | None:
        """GSO code of the province named right after `end`: `(Lâm Đồng)`, `, tỉnh Hải Dương`."""
        follow = _PROVINCE_AFTER.match(self.text, end)
        if follow is None:
            return None
        syllables = _syllables(self.text, follow.end())
        for count in range(min(len(syllables), self.rules.max_syllables), 0, -1):
            bare = self.rules.bare.get(" ".join(s[2] for s in syllables[:count]))
            if bare is not None and bare.level == "province" and not bare.needs_context:
                units = gaz.get().match(bare.name, level="province")
                return units[0].code if units else None
        return None


# -- the article --------------------------------------------------------------------------------


def _finish(mentions: list[_Raw], on: date) -> list[LocalityMention]:
    """Fill parents and gazetteer columns; give every mention of one unit the same values."""
    gazetteer = gaz.get()
    by_unit: dict[tuple[str, str, str], _Raw] = {}
    for mention in mentions:
        if mention.unit is not None:
            by_unit.setdefault((mention.unit.era, mention.unit.level, mention.unit.code), mention)
    result = []
    for mention in mentions:
        unit = mention.unit
        parent = mention.explicit_parent.label if mention.explicit_parent else None
        code = province = new_province = new_ward = ""
        if unit is not None:
            code, new_province, new_ward = unit.code, unit.new_province, unit.new_ward
            if unit.era == "new":  # directly under its province
                province_unit = gazetteer.new_province(unit)
                above = province_unit if unit.level != "province" else None
            else:
                province_unit = gazetteer.province(unit, on)
                above = gazetteer.parent(unit, on)
            province = province_unit.label if province_unit else ""
            if parent is None:
                if above is not None:
                    written = by_unit.get((above.era, above.level, above.code))
                    parent = written.label if written is not None else above.label
        result.append(
            LocalityMention(
                mention.start,
                mention.end,
                mention.type,
                mention.name,
                mention.rule,
                parent,
                code,
                province,
                new_province,
                new_ward,
                unit.era if unit is not None else "",
            )
        )
    return result


def locality_mentions(doc: Doc) -> list[LocalityMention]:
    """Every locality mention in the extractor-visible sentences, in text order.

    Extractors read them from `ArticleContext.locality_mentions` (`pipeline.extractors.context`,
    which calls this once per article). The copy kept in `doc.user_data["locality_mentions"]`
    serves the commitments package, which still calls this function directly; it goes when
    commitments reads the context too."""
    cached = doc.user_data.get("locality_mentions")
    if cached is not None:
        return cached
    rules = _rules()
    on, new = _article_date(doc)
    typed_districts: dict[str, str] = {}
    scanners = []
    text = doc_text(doc)
    for sentence in doc.spans["sentences"]:
        start, end = sentence.start_char, sentence.end_char
        scanner = _Sentence(doc, rules, text[start:end], start, on, new)
        scanner.typed()
        scanners.append(scanner)
        for mention in scanner.mentions:
            if mention.level == "district" or (not mention.level and mention.rank == 1):
                typed_districts.setdefault(name_key(mention.name), mention.type)
    for scanner in scanners:
        scanner._bare(typed_districts)
    # District names seen only in lists count when they lie in a province the article names.
    provinces = _article_provinces([m for s in scanners for m in s.mentions], on)
    for scanner in scanners:
        for start, end, name in scanner.pending:
            scanner._add_district(start, end, name, provinces)
    raws = sorted((m for s in scanners for m in s.mentions), key=lambda m: m.start)
    explicit_parents(text, raws)
    link(raws, on, new)
    mentions = _finish(raws, on)
    doc.user_data["locality_mentions"] = mentions
    return mentions


def _article_provinces(mentions: list[_Raw], on: date) -> set[str]:
    """GSO codes of the provinces the article names, directly or through a unique unit."""
    gazetteer = gaz.get()
    codes: set[str] = set()
    for mention in mentions:
        levels = (mention.level,) if mention.level else gaz.LEVELS_OF_TYPE.get(mention.type, ())
        units = [u for u in gazetteer.match(mention.name, on=on) if u.level in levels]
        if mention.level != "ward" and mention.rank < 2:
            found = {u.code if u.level == "province" else u.province for u in units}
            if len(found) == 1:
                codes |= found
    return codes


def extract_localities(doc: Doc, context: Mapping[str, list]) -> list[LocalityRow]:
    """One row per (type, name), in order of first mention, with its sentence as evidence."""
    article = as_context(doc, context)
    rows: dict[tuple[str, str], LocalityRow] = {}
    mentions = article.locality_mentions
    if not mentions:
        return []
    text = article.text
    sentences = [(s.start_char, s.end_char) for s in doc.spans["sentences"]]
    for mention in mentions:
        # Spacing varies in minority-language names (`Đắk BukSo` / `Đắk Buk So`): one row.
        key = (mention.type, name_key(mention.name).replace(" ", ""))
        row = rows.get(key)
        if row is not None:
            row.mentions += 1
            if not row.code and mention.code:
                row.code, row.province = mention.code, mention.province
                row.new_province, row.new_ward = mention.new_province, mention.new_ward
                row.era = mention.era
            if row.parent is None and mention.parent:
                row.parent = mention.parent
            continue
        start, end = next(
            ((s, e) for s, e in sentences if s <= mention.start < e),
            (mention.start, mention.end),
        )
        evidence = text[start:end]
        rows[key] = LocalityRow(
            article_id=doc._.article_id,
            type=mention.type,
            name=mention.name,
            parent=mention.parent,
            evidence=evidence,
            code=mention.code,
            province=mention.province,
            new_province=mention.new_province,
            new_ward=mention.new_ward,
            rule=mention.rule,
            start=mention.start,
            end=mention.end,
            era=mention.era,
        )
    return list(rows.values())


__all__ = ["LocalityMention", "extract_localities", "locality_mentions"]
