"""The localities rules applied to one sentence (`_Sentence`): not-a-place spans, typed
units, lists and bare names, in the order the module docstring of
`pipeline.extractors.localities` gives."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from pipeline import gazetteer as gaz
from pipeline.extractors.locality_rules import (
    _AFTER_LOWER,
    _CHAIN_RE,
    _DASH_RE,
    _LIST_AFTER,
    _LIST_BEFORE,
    _LIST_HEAD,
    _LIST_SEP,
    _NUMBER_RE,
    _PLURAL_BEFORE,
    _PROVINCE_AFTER,
    _RUN_RE,
    _RUN_TAIL,
    _SYL_RE,
    _WORD_RE,
    LEVEL_RANK,
    TYPE_RANK,
    _Bare,
    _companies,
    _Entry,
    _fallback_name,
    _level_of,
    _Raw,
    _resolve_name,
    _Rules,
    _run_syllables,
    _syllables,
    _triggers,
)
from pipeline.text import fastre
from pipeline.text.keys import name_key

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
        self._blocked: list[tuple[int, int]] | None = None
        self.covered: list[tuple[int, int]] = []
        self.mentions: list[_Raw] = []
        self.pending: list[tuple[int, int, str]] = []

    def is_free(self, start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in self.covered)

    @property
    def blocked(self) -> list[tuple[int, int]]:
        """The not-a-place spans (step 1, `_block_not_places`), found when first read: most
        sentences have no type word or place name that would ask, and their two scans (the
        triggers, the company words) are saved. They read only the sentence's text."""
        if self._blocked is None:
            self._blocked = []
            self._block_not_places()
        return self._blocked

    def is_blocked(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.blocked)

    def typed(self) -> None:
        """Steps 1-3: not-a-place spans (read when first needed), typed units and the lists
        after them."""
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
        if rest.startswith(rules.not_place_starts):
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
                added = self._add_district(start, end, bare.name, {province} if province else None)
                if not added and province is None:
                    # Several units of that name (`Sơn Tây`: a thị xã of Hà Nội, a huyện of
                    # Quảng Ngãi): the provinces the article names decide, once all are read.
                    self.pending.append((start, end, bare.name))
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
        before = _LIST_BEFORE.search(text[max(0, start - 32) : start])
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
