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
from collections.abc import Callable, Mapping
from datetime import date

from spacy.tokens import Doc

from pipeline import gazetteer as gaz
from pipeline.era import doc_era
from pipeline.extractors.context import as_context
from pipeline.extractors.locality_link import explicit_parents, link
from pipeline.extractors.locality_rules import _SYL, LocalityMention, _Raw, _rules
from pipeline.extractors.locality_scan import _Sentence
from pipeline.nlp import doc_text, sentence_bounds
from pipeline.tables import LocalityRow
from pipeline.text.keys import name_key


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
    which calls this once per article); nothing is cached on the Doc."""
    rules = _rules()
    on, new = _article_date(doc)
    typed_districts: dict[str, str] = {}
    scanners = []
    text = doc_text(doc)
    for start, end, _paragraph in sentence_bounds(doc):
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
    if not new:  # the two-level map has no districts to stand after

        def blocked() -> list[tuple[int, int]]:
            return [(s.offset + a, s.offset + b) for s in scanners for a, b in s.blocked]

        rule = rules.bare_ids["ward_before_district"]
        wards = _wards_before_districts(text, raws, blocked, on, rule)
        if wards:
            raws = sorted([*raws, *wards], key=lambda m: m.start)
    return _finish(raws, on)


#: A capitalised run of one to four words ending in `, ` or ` (` right before a district
#: mention (`Lạc Đạo, Văn Lâm`, `Thạch Xuân (Thạch Hà)`).
_RUN_BEFORE = re.compile(rf"(?<![\w-])({_SYL}(?: {_SYL}){{0,3}})(?:, | ?\()$")


#: What may stand right before a bare commune of an address besides a `place_before` word:
#: the start of the sentence, or a bracket or punctuation of a list (`(Phương Canh, Nam Từ
#: Liêm)`, `Hà Nha, Đại Đồng, Đại Lộc`). Not a house number (`số 283 Khương Trung, quận
#: Thanh Xuân` is a street), not the lower-case word of a name (`Bệnh viện Đa khoa Bãi Cháy`).
_ADDRESS_BREAK = re.compile(r"(?:^|[(,:;–-]\s?)$")


def _wards_before_districts(
    text: str,
    raws: list[_Raw],
    blocked_spans: Callable[[], list[tuple[int, int]]],
    on: date,
    rule: str,
) -> list[_Raw]:
    """Communes and wards named bare right before their own district (`Lạc Đạo, Văn Lâm, Hưng
    Yên`): an address, written smallest unit first. A bare commune name alone is too ambiguous
    to take (thousands share names with people and things); right before the district the
    gazetteer says it lies in, it is a place. The whole run must be the name (`Nguyễn Văn An,
    huyện Chí Linh` is a person, though Chí Linh has a xã Văn An), outside the spans that
    not-a-place triggers block (`vịnh Xuân Đài, thị xã Sông Cầu` is a bay), and where an
    address may start (`_ADDRESS_BREAK`, `place_before`). `blocked_spans` gives those spans
    (absolute offsets), read only when a run before a district asks."""
    gazetteer = gaz.get()
    place_before = _rules().place_before
    taken = [(m.start, m.end) for m in raws]
    blocked: list[tuple[int, int]] | None = None
    found: list[_Raw] = []
    for district in raws:
        unit = district.unit
        if unit is None or unit.level != "district" or district.start < 2:
            continue
        run = _RUN_BEFORE.search(text, max(0, district.start - 48), district.start)
        if run is None:
            continue
        start, end = run.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        if blocked is None:
            blocked = blocked_spans()
        if any(s <= start < e for s, e in blocked):
            continue
        before = text[max(0, start - 16) : start]
        if not (_ADDRESS_BREAK.search(before) or place_before.search(before)):
            continue
        wards = [
            ward
            for ward in gazetteer.match(run.group(1), level="ward", on=on)
            if ward.district == unit.code
        ]
        if len(wards) != 1:
            continue
        ward = wards[0]
        found.append(_Raw(start, end, ward.type, ward.name, rule, "ward", unit=ward))
        taken.append((start, end))
    return found


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
    sentences = [(start, end) for start, end, _paragraph in sentence_bounds(doc)]
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
