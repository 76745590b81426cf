"""Extractor for the `figures` table: every money amount, percentage and quantity, in base units.

How a number becomes a row (GUIDELINES.md, "figures"):

1. `pipeline.text.numbers.scan` finds the number expressions of a sentence: numerals in the
   Vietnamese convention, spelt-out numbers, scale words, ranges and the qualifiers before
   them, as exact `Decimal`s. Numbers after an indefinite word (`hàng trăm`) never get here.
2. What is written around the number decides whether it is a figure at all: a date or time
   (`ngày 1/8`, `8 giờ`), an ordinal (`thứ 12`), a document or phone number (`số 439`,
   `15/2017/NĐ-CP`), a year (`năm 2025`, a bare `2017`) or a number inside a name
   (`Quận 2`, `Nghị quyết 26`, any capitalised word right before the number) is dropped.
3. The unit right after the number gives the kind: a currency (`money`, ISO code), `%` or
   `phần trăm` (`percent`), a measure (`ha`, `m2`) or a counted noun (`quantity`, the noun's
   head as written: `dự án`, `trường`). Amounts of time, ages, ranks and multipliers are not
   figures. A bare amount with a scale word is money when the sentence speaks of money
   (`vốn 311 triệu USD và 3.600 tỷ`); a bare number whose noun was said before it
   (`số hồ sơ đã giải quyết: 20.889`) takes that noun.

Reading the unit is `pipeline.extractors.figure_units`; the compiled vocabulary is
`pipeline.extractors.figure_rules`. Values beyond 10^18 in base units are no figures (issue 20).
Everything language-specific is in `pipeline/rules/numbers.toml` and `units.toml`; the
`rule` column joins the ids of the entries that made the row (`num.digits+qual.hon+cur.dong`).
The work is a handful of precompiled regular expressions per sentence, plus a look-up of the
underthesea word that starts where the unit starts (to take `dự án` as one unit).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from pipeline.extractors.figure_rules import key as _key
from pipeline.extractors.figure_rules import rules as _rules
from pipeline.extractors.figure_units import WORD as _WORD
from pipeline.extractors.figure_units import Unit, Words, unit_after
from pipeline.extractors.figure_units import head as _head
from pipeline.nlp import doc_text, sentence_bounds
from pipeline.tables import FigureRow
from pipeline.text.numbers import NumberExpr, english_commas, scan, suffix_qualifier

log = logging.getLogger(__name__)

# A rate after the unit: `đồng/ha/năm`, `USD/tấn`, `đồng/m2` (never `/3.050`: that is a pair).
_RATE = re.compile(r"(?:\s?/\s?[^\W\d_][^\W_]*)+")
# A range separator, with the `+` of an elevation before the upper bound (`+45m đến +46m`).
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|~|đến|tới)\s*\+?", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_LIST_SEP = re.compile(r"\s*,\s*|\s+và\s+")  # `quận 4, 7 và 8`
_CLAUSE_BREAK = re.compile(r"[;!?]|\.(?!\d)")
# The bare number must be linked to its earlier noun as a predicate: `... là 20.889`,
# `...: 20.889`, `... đạt 97 nghìn`.
_ELIDED_LINK = re.compile(r"(?:(?<!\w)(?:là|đạt|còn|lên|chỉ còn)|:)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A figure found in one sentence (offsets relative to the sentence text)."""

    text: str
    kind: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str | None
    rule: str
    start: int
    end: int
    scaled: bool = False  # written with a scale word (`2 triệu`)
    rule_unit: str = ""  # id of the rule that gave the unit


# --------------------------------------------------------------------------------------------
# Deciding whether a number is a figure


def _context_before(text: str, start: int, words: Words | None = None) -> str | None:
    """Rule id of a word right before the number that makes it a name, date or ordinal.

    The word must be a whole underthesea word (`dân số` is not `số`, `hằng năm` is not
    `năm`) and not follow one of its `unless_after` words.
    """
    r = _rules()
    match = r.contexts.search(text, max(0, start - 24), start)
    if match is None:
        return None
    phrase = _key(match.group(1))
    if (
        " " not in phrase
        and words is not None
        and words.word_start(match.start()) != (match.start())
    ):
        return None  # a one-syllable context inside a longer word: `dân số`, `hằng năm`
    unless = r.context_unless[phrase]
    if unless:
        prev = _prev_word(text, match.start())
        if prev is not None and prev.group().lower() in unless:
            return None
    return r.context_ids[phrase]


def _prev_word(text: str, start: int) -> re.Match[str] | None:
    """The word immediately before `start` (only spaces between), or None."""
    k = start
    while k > 0 and text[k - 1] == " ":
        k -= 1
    if k == start or k == 0 or not text[k - 1].isalpha():
        return None
    j = k
    while j > 0 and (text[j - 1].isalpha()):
        j -= 1
    return _WORD.match(text, j)


def _titlecase_before(text: str, start: int, words: Words | None, listed: bool = False) -> bool:
    """A capitalised word right before the number (`Quận 2`, `Bệnh viện 108`, `Thiên Ưu 8`),
    not at the start of the sentence: the number is part of a name. All-capital acronyms
    (`GRDP`, `FDI`) are not names. With underthesea words we look at the whole word (`Nghị
    quyết 26`), or at the syllable when underthesea glued a lower-case noun to the name
    (`sào Thiên Ưu`). A proper name of capitalised syllables only (`Việt Nam`, `Lào Cai`)
    before a listed counted noun is where the count happens, not a name: `đầu tư tại Việt Nam
    835 dự án`, `bàn giao cho tỉnh Lào Cai 7 bác sĩ`."""
    prev = _prev_word(text, start)
    if prev is None:
        return False
    word_start = prev.start()
    if words is not None:
        word_start = words.word_start(prev.start())
    if not text[word_start].isupper():
        if not prev.group()[0].isupper():
            return False
        word_start = prev.start()
    word = text[word_start : prev.end()]
    if word.isupper() or word.lower() in _rules().not_units:
        return False  # `GRDP 7%`; `... Quang Thắng Về 7 cá nhân`: a lost full stop, not a name
    if listed and _place_before(text, prev):
        return False
    return not _opens_sentence(text, word_start)


def _place_before(text: str, last: re.Match[str]) -> bool:
    """A place name of two capitalised syllables ends at `last` (`Việt Nam`, `Lào Cai`),
    right after a word of `place_before_count` (`tại`, `tỉnh`): `tại Việt Nam 835 dự án`."""
    prev = _prev_word(text, last.start())
    if prev is None or not prev.group()[0].isupper():
        return False
    before = _prev_word(text, prev.start())
    return before is not None and before.group().lower() in _rules().place_before_count


def _glued_code(text: str, expr: NumberExpr) -> str | None:
    """Why the digits are part of a code, date or phone number, or None.

    `COVID-19` (letters glued before), `6/2016`, `15/2017/NĐ-CP`, `6-2` (a slash or dash
    pair that is not a range), `8:30`, `0912 345 678`.
    """
    s, e = expr.low.start, (expr.high or expr.low).end
    before = text[s - 1] if s > 0 else ""
    before2 = text[s - 2] if s > 1 else ""
    if before.isalpha():
        return "nf.code"
    if before in "/-–" and before2.isalnum():
        return "nf.date_or_code"
    if before in ".:" and before2.isdigit():
        return "nf.date_or_code"  # `1.8.2017`, `8:30` (a `.` after a letter is a missing space)
    after = text[e] if e < len(text) else ""
    after2 = text[e + 1] if e + 1 < len(text) else ""
    if after in "/:" and after2.isdigit():
        return "nf.date_or_ratio"
    if after == "/" and after2.isupper():
        return "nf.document"
    if after in "-–" and (after2.isdigit() or after2.isupper()):
        return "nf.date_or_code"
    digits = text[expr.low.start : expr.low.end]
    if not expr.words and digits.startswith("0") and sum(c.isdigit() for c in digits) >= 4:
        return "nf.phone"
    return None


def _is_year(text: str, expr: NumberExpr) -> bool:
    """A bare four-digit 19xx/20xx with no scale word: a year (`2017`, `2016-2020`)."""
    if expr.words or expr.scaled:
        return False
    return bool(_YEAR.fullmatch(text[expr.low.start : expr.low.end]))


def _money_context(text: str, figures: list[Figure]) -> bool:
    r = _rules()
    return any(f.kind == "money" for f in figures) or bool(r.money_words.search(text))


def _elided_noun(text: str, expr: NumberExpr) -> str | None:
    """The noun a bare number counts when it was said earlier in the clause.

    `số hồ sơ đã giải quyết: 20.889` → `hồ sơ`; `xe mô tô, gắn máy là 7,5 triệu` → `xe`
    (a clause that opens with a counted noun and gives its number after `là` or `:`).
    """
    r = _rules()
    clause_start = 0
    for match in _CLAUSE_BREAK.finditer(text, 0, expr.start):
        clause_start = match.end()
    clause = text[clause_start : expr.start]
    if not _ELIDED_LINK.search(clause):
        return None
    found = None
    for match in r.elided.finditer(clause):
        found = match  # the last `số <noun>` of the clause
    if found is not None and not any(c.isdigit() for c in clause[found.end() :]):
        return _head(found.group(1))
    opener = r.nouns.match(" " + clause.lstrip())
    if opener and not any(c.isdigit() for c in clause):
        return _head(opener.group(1))
    return None


def _idiom(text: str, expr: NumberExpr, unit: Unit) -> bool:
    """`hai bên đường`, `hai nước`, `hai vợ chồng`: a relation or idiom, not a count (but
    `bốn phương án` is a listed noun that merely starts like the idiom `bốn phương`)."""
    r = _rules()
    idiom = r.idioms.match(text, expr.end) if unit.kind == "quantity" else None
    if idiom is None:
        return False
    # a listed noun is an idiom only when the idiom is as long or longer (`năm lần bảy lượt`)
    return unit.rule not in r.noun_rules or len(_key(idiom.group(1))) >= len(_key(unit.unit))


_OPEN_QUOTES = '“‘"«'
_CLOSE_QUOTES = '”’"»'


def _slogan(text: str, expr: NumberExpr, unit: Unit) -> bool:
    """A number and one unlisted syllable that close a quotation opened just before: a
    campaign slogan (`xây dựng “thành phố 4 an”`, `‘5 an’`), a name rather than a count."""
    if " " in unit.unit or unit.end >= len(text) or text[unit.end] not in _CLOSE_QUOTES:
        return False
    before = text[max(0, expr.start - 20) : expr.start]
    opened = max(before.rfind(q) for q in _OPEN_QUOTES)
    return opened >= 0 and not any(q in before[opened + 1 :] for q in "”’»")


def _multiplier(text: str, expr: NumberExpr, unit: Unit) -> bool:
    """`gấp` right before the number or its qualifier (`gấp 2 lần`, `gần gấp ba lần`),
    `so với` right after the unit (`cao hơn 9 lần so với`), `vượt` before it or a fraction
    (`vượt 1,34 lần`): a ratio, not a count of occasions."""
    r = _rules()
    if r.multiplier_after.match(text, unit.end):
        return True
    if expr.value != expr.value.to_integral_value() or r.multiplier_qualifiers & set(expr.rules):
        return True  # `vượt 1,34 lần`, `vượt quá 3 lần khả năng`: a ratio
    for pos in (expr.num_start, expr.start):
        prev = _prev_word(text, pos)
        if prev is not None and prev.group().lower() in r.multiplier_before:
            return True
    return False


def _digit_idiom(text: str, expr: NumberExpr) -> bool:
    """`1 chút`, `1 lát`: an idiom written with a digit (entries of `idioms` with `digit`)."""
    if expr.high is not None or expr.scaled:
        return False
    return any(
        expr.value == digit and regex.match(text, expr.end)
        for digit, regex in _rules().digit_idioms
    )


def _word_number_ok(text: str, expr: NumberExpr, unit: Unit, sentence_start: bool) -> bool:
    """Spelt-out numbers count only before a counted noun, and `năm` only before a listed one.

    `năm` is "year" far more often than "five" (`năm nay`, `năm 2025`); a capitalised number
    word inside the sentence is a name (`ông Ba`, `Hai Bà Trưng`); `hai bên`, `ba mẹ` are
    idioms.
    """
    r = _rules()
    if unit.kind != "quantity" and unit.kind != "money" and unit.kind != "percent":
        return False
    first = text[expr.low.start]
    if first.isupper() and not sentence_start:
        return False
    if _idiom(text, expr, unit):
        return False
    if expr.low.last_word == "năm":
        # `năm mục tiêu` (five), but `năm nay`, `năm 2025`, `hai mươi năm qua`, `năm lớp 12`.
        listed = unit.kind == "quantity" and unit.rule != r.token_id
        after = text[unit.end : unit.end + 2].strip()
        return listed and not (after and after[0].isdigit())
    return True


def figures_in(
    text: str,
    words: Words | None = None,
    comma_thousands: bool = False,
) -> list[Figure]:
    """The figures of one sentence, in text order (offsets relative to `text`).

    `words` locates the underthesea words of the sentence (so that `dự án` is one unit and
    `dân số` is not `số`); without it units are read syllable by syllable.
    `comma_thousands`: the article writes `1,400` for 1400 (`numbers.english_commas`).
    """
    r = _rules()
    found: list[Figure] = []
    name_end = -1  # end of the last number dropped as part of a name (`quận 4`)
    for expr in scan(text, comma_thousands):
        reason = _glued_code(text, expr)
        if reason is not None:
            _debug(text, expr, reason)
            continue
        if name_end >= 0 and _LIST_SEP.fullmatch(text, name_end, expr.start):
            name_end = expr.end  # `quận 4, 7, 8 khu Nam`: the list goes on naming districts
            _debug(text, expr, "ctx.list")
            continue
        unit = unit_after(text, expr.end, words, expr.scaled)
        not_counted = r.not_counted.match(text, expr.end) if unit.kind == "quantity" else None
        if not_counted and not_counted.end() >= unit.end and not unit.rule.startswith("meas."):
            # `Ba nhớ con`, `Ba tin rằng`, `67 hư hỏng`, `chục tỷ nằm bờ`: a particle or a verb
            # (but `chỉ tiêu`, `không gian`, `yêu cầu` are nouns that start like one)
            unit = Unit("none", "", expr.end, r.not_unit_id)
        if expr.words and not _word_number_ok(text, expr, unit, _opens_sentence(text, expr.start)):
            _debug(text, expr, "nw.not_a_count")
            continue
        if not expr.words and expr.value == 2 and _idiom(text, expr, unit):
            _debug(text, expr, "idiom")  # `2 bên`, `2 nước`: "both", as in `hai bên`
            continue
        if not expr.words and _digit_idiom(text, expr):
            _debug(text, expr, "idiom")  # `1 chút tình thương`: "a little"
            continue
        if unit.kind == "skip":
            _debug(text, expr, unit.rule)
            continue
        if unit.rule == r.token_id and _slogan(text, expr, unit):
            _debug(text, expr, "nf.slogan")  # `thành phố “4 an”`, `“3 giảm 3 tăng”`
            continue
        if _key(unit.unit) in r.multiplier_units and _multiplier(text, expr, unit):
            _debug(text, expr, r.multiplier_id)  # `gấp 2 lần`
            continue
        # A currency, `%` or measure makes a figure whatever precedes the number, and so does a
        # qualifier (`Côn Đảo khoảng 56 hải lý`: a name is never qualified).
        strong = unit.kind in ("money", "percent") or unit.rule.startswith("meas.")
        qualified = expr.start != expr.num_start and not expr.has_from
        listed = unit.rule in r.noun_rules  # a counted noun of the lexicon (`cả 18 DA`)
        if not (strong or listed) and r.strict.search(text, max(0, expr.start - 8), expr.start):
            _debug(text, expr, r.strict_id)
            continue
        if _is_year(text, expr) and not strong:
            _debug(text, expr, "nf.year")
            continue
        # A name, ordinal or date has no scale word: `khóa 21,4 triệu sim` (locked) is a count.
        if not strong and not qualified and not expr.scaled:
            context = _context_before(text, expr.start, words)
            if (
                context is None
                and unit.rule not in r.after_names
                and _titlecase_before(text, expr.start, words, listed)
            ):
                context = "ctx.titlecase"
            if context is not None:
                _debug(text, expr, context)
                if context in r.list_contexts:
                    name_end = expr.end
                continue
        if expr.value == 0 and unit.kind != "percent":
            _debug(text, expr, "nf.zero")
            continue
        rules = list(expr.rules)
        kind, unit_name, end = unit.kind, unit.unit, unit.end
        if kind == "none":
            resolved = _resolve_bare(text, expr, found)
            if resolved is None:
                _debug(text, expr, "unit.none")
                continue
            kind, unit_name, rule = resolved
            end = expr.end
        else:
            rule = unit.rule
        rules.append(rule)
        rate = _RATE.match(text, end)
        if rate and kind != "none":
            end = rate.end()
        qualifier = expr.qualifier
        if "qual.vuot" in rules and _key(unit_name) in r.vuot_units:
            qualifier = None
            rules.append(r.vuot_id)
        suffix = suffix_qualifier(text, end)
        if suffix is not None:
            qualifier, suffix_id, end = suffix[0], suffix[1], suffix[2]
            rules.append(suffix_id)
        value, start = expr.value, expr.start
        if _too_large(value, expr.value_max):
            _debug(text, expr, r.too_large_id)
            continue
        if expr.low.minus and expr.high is None and (kind == "percent" or rule.startswith("meas.")):
            # `lãi suất ở mức -0,4%`, `-5 độ C`; a dash before a count is more likely a bullet.
            value, start = -value, (start - 1 if start == expr.num_start else start)
            rules.append(r.minus_id)
        figure = Figure(
            text=text[start:end],
            kind=kind,
            value=value,
            value_max=expr.value_max,
            unit=unit_name,
            qualifier=qualifier,
            rule="+".join(dict.fromkeys(rules)),
            start=start,
            end=end,
            scaled=expr.scaled,
            rule_unit=rule,
        )
        merged = _merge_range(text, found, figure)
        if merged is not None:
            found[-1] = merged
        else:
            found.append(figure)
    return found


def _too_large(value: Decimal, value_max: Decimal | None) -> bool:
    """Beyond `numerals.max_value` (10^18) in base units: noise, not a figure (issue 20).

    Such values would also be rounded by Decimal's 28-digit context and overflow the store's
    `DECIMAL(38,6)`; one of them must never take a run down.
    """
    cap = _rules().max_value
    return abs(value) > cap or (value_max is not None and abs(value_max) > cap)


def _opens_sentence(text: str, pos: int) -> bool:
    """Nothing but punctuation (not a comma) before `pos`: `[Ba cảnh sát ...`, `: Hai ...`."""
    before = text[:pos].rstrip()
    return not before or not (before[-1].isalnum() or before[-1] == ",")


def _resolve_bare(text: str, expr: NumberExpr, found: list[Figure]) -> tuple[str, str, str] | None:
    """Kind, unit and rule of a number with no unit after it, or None when it is no figure."""
    r = _rules()
    if expr.scaled:
        scale_words = {w.lower() for w in _WORD.findall(text[expr.low.start : expr.end])}
        if scale_words & r.money_always or _money_context(text, found):
            return "money", r.money_code, r.money_id
    noun = _elided_noun(text, expr)
    if noun is not None:
        return "quantity", noun, r.elided_id
    ratio = r.ratio.match(text, expr.end)
    if ratio is not None:
        return "quantity", _head(ratio.group(1)), r.ratio_id
    if r.of_those.match(text, expr.end):
        for figure in reversed(found):
            if figure.kind == "quantity":
                return "quantity", figure.unit, r.inherited_id
    if expr.scaled:
        # `hơn 800 nghìn ô tô; ... gần 2 triệu`: the same noun, left out the second time.
        for figure in reversed(found):
            if figure.kind == "quantity" and figure.scaled and figure.rule_unit in r.noun_rules:
                return "quantity", figure.unit, r.inherited_id
    return None


def _merge_range(text: str, found: list[Figure], figure: Figure) -> Figure | None:
    """`5% - 7%`, `từ 5 tỷ đồng đến 7 tỷ đồng`: two figures of one unit joined by a range
    separator become one row with `value_max`."""
    if not found:
        return None
    prev = found[-1]
    if prev.value_max is not None or figure.value_max is not None:
        return None
    if (prev.kind, prev.unit) != (figure.kind, figure.unit) or figure.value <= prev.value:
        return None
    if figure.qualifier is not None and figure.qualifier != prev.qualifier:
        return None
    gap = _RANGE_SEP.fullmatch(text, prev.end, figure.start)
    if gap is None:
        return None
    return Figure(
        text=text[prev.start : figure.end],
        kind=prev.kind,
        value=prev.value,
        value_max=figure.value,
        unit=prev.unit,
        qualifier=prev.qualifier,
        rule=prev.rule + "+num.range",
        start=prev.start,
        end=figure.end,
    )


def _debug(text: str, expr: NumberExpr, reason: str) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug("not a figure (%s): %r", reason, text[expr.start : expr.end + 12])


# --------------------------------------------------------------------------------------------
# Entry point


def extract_figures(doc: Doc, context: Mapping[str, list]) -> list[FigureRow]:
    """One row per figure occurrence in the article's sentences (title included), in order."""
    words = Words.of(doc)
    rows: list[FigureRow] = []
    article_id = doc._.article_id
    full = doc_text(doc)  # `doc.text` rebuilds the string on every access
    comma_thousands = english_commas(full)  # decided once per article, from its own numbers
    for base, end, _paragraph in sentence_bounds(doc):
        text = full[base:end]  # slicing: `Span.text` builds every token
        for figure in figures_in(text, words.shifted(base), comma_thousands):
            rows.append(
                FigureRow(
                    article_id=article_id,
                    text=figure.text,
                    kind=figure.kind,
                    value=figure.value,
                    value_max=figure.value_max,
                    unit=figure.unit,
                    qualifier=figure.qualifier,
                    evidence=text,
                    rule=figure.rule,
                    start=base + figure.start,
                    end=base + figure.end,
                )
            )
    return rows
