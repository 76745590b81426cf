"""Read Vietnamese numbers the way a Vietnamese reader does, as exact `Decimal` values.

Why our own parser: the available ones either read `1.134 tỷ đồng` as 1e9 (the dot taken
for a decimal point) or need a server. Vietnamese writes `.` for thousands and `,` for
decimals (`1.134 tỷ` = 1134e9, `1,5 triệu` = 1.5e6), mixes in scale words (`2,3 nghìn tỷ`,
`1 tỷ 200 triệu`) and spells small numbers out (`hai mươi lăm`, `một trăm linh năm`).

The module only knows about *numbers*: numerals, scale words, ranges and the qualifiers around
them (`hơn`, `khoảng`, `từ ... trở lên`). Whether a number is a figure (a year? a document
number? which unit?) is decided by `pipeline.extractors.figures`. The vocabulary lives in
`pipeline/rules/numbers.toml`; each `NumberExpr` carries the ids of the entries that made it.

Entry points: `parse_digits` (one numeral), `parse_words` (a list of number words), both
from `pipeline.text.numerals`; `scan` (every number expression in a sentence, with offsets),
`parse` (one whole string) and `english_commas` (does an article write `1,400` for 1400?).
The compiled vocabulary is `pipeline.text.number_vocab`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from pipeline.text import fastre
from pipeline.text.number_vocab import vocab as _vocab
from pipeline.text.numerals import clean, parse_digits, parse_words

__all__ = [
    "Number",
    "NumberExpr",
    "clean",
    "english_commas",
    "parse",
    "parse_digits",
    "parse_words",
    "scan",
    "suffix_qualifier",
]

# Light tokens: a numeral with its separators, a run of letters, or one other character.
# A word starts with a letter and may go on with digits (`m2`, `H5N1`), so the `2` of `m2` is
# never read as a number; digits glued before letters (`850m2`) still split off.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_][^\W_]*|\S")
_WINDOW = 80  # characters after a candidate that a number expression may span
# A window runs on to the next space so that it never cuts a word, but at most this far: a
# run of text with no space (`1/1/1/...`, a pasted URL) would otherwise make every window
# reach its end, and a scan quadratic in the run's length (46 s for 40,000 characters).
_RUN_ON = 64


@dataclass(frozen=True)
class Number:
    """One numeral with the scale words that follow it: `1,5 triệu`, `hai mươi lăm`."""

    start: int
    end: int
    value: Decimal
    words: bool  # spelt out (`hai mươi`) rather than written in digits
    multiplier: Decimal  # product of the trailing scale words (1 when there are none)
    first_word: str  # lower-cased first word of a spelt-out number ("" for digits)
    last_word: str  # lower-cased last word of a spelt-out number ("" for digits)
    rules: tuple[str, ...]
    minus: bool = False  # a `-` glued before the digits after a space (`ở mức -0,4%`)


@dataclass(frozen=True)
class NumberExpr:
    """A number as a reader takes it in: qualifier, `từ`, value, range and scale words.

    `start`/`end` cover the whole expression (`khoảng 6,5 - 7`); `num_start` is where the
    first numeral begins, so the caller can look at the words before the number itself.
    """

    start: int
    end: int
    num_start: int
    value: Decimal
    value_max: Decimal | None
    qualifier: str | None
    low: Number
    high: Number | None
    has_from: bool  # a range or bound opened by `từ`
    rules: tuple[str, ...]

    @property
    def words(self) -> bool:
        return self.low.words

    @property
    def scaled(self) -> bool:
        """Whether a scale word (`triệu`, `tỷ`...) multiplies the value."""
        top = self.high or self.low
        return top.multiplier != 1 or self.low.multiplier != 1


# --------------------------------------------------------------------------------------------
# Scanning a sentence


class _Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int
    digits: bool


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    """Two tokens separated only by spaces (a number never runs across punctuation)."""
    return not text[a.end : b.start].strip()


def _is_scale(text: str, toks: list[_Tok], k: int) -> bool:
    """Token k is a scale word, not the first syllable of another word (`tỷ lệ`, `tỷ giá`)."""
    v = _vocab()
    not_before = v.scale_not_before.get(toks[k].low)
    if not_before is None:
        return toks[k].low in v.scales
    nxt = k + 1
    return not (
        nxt < len(toks) and toks[nxt].low in not_before and _adjacent(text, toks[k], toks[nxt])
    )


def _scales_after(text: str, toks: list[_Tok], k: int) -> tuple[Decimal, int, list[str]]:
    """Multiply the scale words after token k-1: (multiplier, next index, rule ids)."""
    v = _vocab()
    multiplier, ids = Decimal(1), []
    while k < len(toks) and _is_scale(text, toks, k) and _adjacent(text, toks[k - 1], toks[k]):
        scale, scale_id = v.scales[toks[k].low]
        multiplier *= scale
        ids.append(scale_id)
        k += 1
    return multiplier, k, ids


def _digit_number(
    text: str, toks: list[_Tok], i: int, comma_thousands: bool = False
) -> tuple[Number, int] | None:
    """`1,5 triệu`, `2,3 nghìn tỷ`, `1 tỷ 200 triệu`, `1 triệu rưỡi` starting at token i.

    `comma_thousands` is never applied before a scale word: `1,098 tỷ đồng` is 1.098 tỷ.
    """
    v = _vocab()
    scaled = i + 1 < len(toks) and toks[i + 1].low in v.scales
    first = parse_digits(toks[i].text, comma_thousands and not scaled)
    if first is None:
        return None
    total, largest, k, ids = Decimal(0), None, i, [v.digits_id]
    last_multiplier = Decimal(1)
    while True:
        value = first if k == i else parse_digits(toks[k].text)
        if value is None:
            break
        multiplier, nxt, scale_ids = _scales_after(text, toks, k + 1)
        amount = value * multiplier
        if multiplier != 1 and nxt < len(toks) and toks[nxt].low in v.half:
            if _adjacent(text, toks[nxt - 1], toks[nxt]):
                amount += multiplier / 2
                nxt += 1
        total += amount
        ids.extend(scale_ids)
        last_multiplier, k = multiplier, nxt
        if multiplier == 1:
            break
        largest = multiplier
        # A further `<digits> <smaller scale>` adds on: `1 tỷ 200 triệu`.
        if (
            k + 1 < len(toks)
            and toks[k].digits
            and _adjacent(text, toks[k - 1], toks[k])
            and parse_digits(toks[k].text) is not None
            and "." not in toks[k].text
            and "," not in toks[k].text
            and toks[k + 1].low in v.scales
            and _adjacent(text, toks[k], toks[k + 1])
            and v.scales[toks[k + 1].low][0] < largest
        ):
            continue
        break
    start = toks[i].start
    minus = start > 0 and text[start - 1] in "-−" and (start == 1 or text[start - 2] in " (\t\n")
    number = Number(
        start=start,
        end=toks[k - 1].end,
        value=clean(total),
        words=False,
        multiplier=last_multiplier,
        first_word="",
        last_word="",
        rules=tuple(dict.fromkeys(ids)),
        minus=minus,
    )
    return number, k


def _word_number(text: str, toks: list[_Tok], i: int) -> tuple[Number, int] | None:
    """A spelt-out number starting at token i (`hai mươi lăm`, `ba trăm nghìn`)."""
    v = _vocab()
    if toks[i].low not in v.starts:
        return None
    run = [toks[i]]
    for k in range(i + 1, len(toks)):
        tok = toks[k]
        if tok.digits or not _adjacent(text, run[-1], tok):
            break
        if tok.low in v.digits or _is_scale(text, toks, k) or tok.low in v.tens_words:
            run.append(tok)
        else:
            break
    words = [t.low for t in run]
    parsed = parse_words(words)
    if parsed is None:
        return None
    value, used = parsed
    used_words = words[:used]
    role = v.digits.get(used_words[0], (0, "", ""))[1]
    if used == 1 and role == "article":
        return None  # `một dự án`: the article, not a count
    multiplier = Decimal(1)
    ids = [v.words_id]
    for word in used_words:
        if word in v.scales:
            ids.append(v.scales[word][1])
    for word in reversed(used_words):
        if word in v.scales:
            multiplier *= v.scales[word][0]
        elif multiplier != 1 or word not in v.half:
            break
    number = Number(
        start=run[0].start,
        end=run[used - 1].end,
        value=value,
        words=True,
        multiplier=multiplier,
        first_word=used_words[0],
        last_word=used_words[-1],
        rules=tuple(ids),
    )
    return number, i + used


def _number_at(
    text: str, toks: list[_Tok], i: int, comma_thousands: bool = False
) -> tuple[Number, int] | None:
    if toks[i].digits:
        return _digit_number(text, toks, i, comma_thousands)
    return _word_number(text, toks, i)


def _qualifier_before(
    text: str, start: int, scaled: bool = False
) -> tuple[int, str | None, str | None]:
    """Qualifiers right before `start`: (new start, value, rule id of the one that gives it).

    Stacked qualifiers (`khoảng hơn`) all join the span; the value that comes first in
    `qualifier_stack.stack_order` wins (`khoảng trên 188.000 ha` and `cao hơn khoảng 12 USD`
    are approx, `ít nhất khoảng 50.000` at_least; `khoảng lên tới` keeps approx). A qualifier may
    stand before one of its `bridge` words (`ít nhất là 10`, `trên mức 100 tỷ`). A comparison
    word right after another number (`5 trên 63 tỉnh`) is a ratio, not a qualifier.
    """
    v = _vocab()
    value: str | None = None
    rule: str | None = None
    found = False
    qualifier_ends, bridge_ends = _last_words()
    while True:
        window_start = max(0, start - 40)
        # Most numbers have no qualifier: a cheap test of the window's last word first.
        tail = _tail(text, window_start, start)
        match = None
        if tail is None or tail.endswith(qualifier_ends):
            match = v.qualifier_re.search(text, window_start, start)
        if match is None and (tail is None or tail.endswith(bridge_ends)):
            match = _bridged_qualifier(text, window_start, start)
        if match is None:
            break
        phrase = " ".join(match.group(1).lower().split())
        if phrase not in v.qualifiers:
            # Matched only through case-insensitive matching's odd folds (`ſuýt` for `suýt`):
            # no spelling a writer of Vietnamese uses, so no qualifier.
            break
        if phrase in v.ratio_words and _prev_char(text, match.start()).isdigit():
            break
        if v.not_after[phrase] and _prev_word(text, match.start()) in v.not_after[phrase]:
            break
        if phrase in v.scaled_only and not scaled:
            break
        q_value, q_id = v.qualifiers[phrase]
        if not found or (q_value is not None and v.stack_rank(q_value) < v.stack_rank(value)):
            value, rule, found = q_value, q_id, True
        start = match.start()
    return start, value, rule


def _tail(text: str, start: int, end: int) -> str | None:
    """`text[start:end]` without its trailing white space, lower-cased, when a phrase pattern
    anchored at the end (`phrases_re(..., anchor_end=True)`, case-insensitive) can match in
    `[start, end)` only if this ends with the phrase's last word, lower-cased; None when that
    does not hold (a character of odd case folding: `fastre.lowered`)."""
    return fastre.lowered(text[start:end].rstrip())


@cache
def _last_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The last words (lower-cased) of the qualifier phrases and of their bridge words: a
    window `_tail` ending in none of them holds no match of `qualifier_re` (`bridge_re`)."""
    v = _vocab()
    bridges = {b for found in v.bridges.values() for b in found}
    return (
        tuple(sorted({p.lower().split()[-1] for p in v.qualifiers})),
        tuple(sorted({b.lower().split()[-1] for b in bridges})),
    )


def _bridged_qualifier(text: str, window_start: int, start: int) -> re.Match[str] | None:
    """A qualifier before one of its bridge words that ends at `start` (`ít nhất là`)."""
    v = _vocab()
    bridge = v.bridge_re.search(text, window_start, start)
    if bridge is None:
        return None
    match = v.qualifier_re.search(text, window_start, bridge.start())
    if match is None:
        return None
    phrase = " ".join(match.group(1).lower().split())
    if " ".join(bridge.group(1).lower().split()) not in v.bridges.get(phrase, ()):
        return None
    return match


def _prev_char(text: str, pos: int) -> str:
    """The nearest non-space character before `pos` ("" at the start)."""
    k = pos - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return text[k] if k >= 0 else ""


def _prev_word(text: str, pos: int) -> str:
    """The lower-cased word right before `pos`, across spaces only ("" if none)."""
    k = pos
    while k > 0 and text[k - 1] == " ":
        k -= 1
    j = k
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:k].lower()


def indefinite_before(text: str, start: int) -> str | None:
    """Rule id when an indefinite word (`hàng`, `vài`, `mấy`) stands right before `start`."""
    v = _vocab()
    match = v.indefinite_re.search(text, max(0, start - 20), start)
    if match is None:
        return None
    return v.indefinite[" ".join(match.group(1).lower().split())]


def suffix_qualifier(text: str, pos: int) -> tuple[str | None, str, int] | None:
    """A qualifier written after the number and unit (`trở lên`): (value, id, end)."""
    v = _vocab()
    match = v.suffix_re.match(text, pos)
    if match is None:
        return None
    q_value, q_id = v.suffixes[" ".join(match.group(1).lower().split())]
    return q_value, q_id, match.end()


def _range_high(
    text: str, toks: list[_Tok], k: int, low: Number, comma_thousands: bool = False
) -> tuple[Number, int, str] | None:
    """The upper bound of a range after token k-1 (`- 7`, `đến 9`), or None."""
    v = _vocab()
    if k + 1 >= len(toks) or toks[k].low not in v.separators:
        return None
    if not (_adjacent(text, toks[k - 1], toks[k]) and _adjacent(text, toks[k], toks[k + 1])):
        return None
    if toks[k + 1].digits == low.words:  # no mixing `5 - bảy`
        return None
    parsed = _number_at(text, toks, k + 1, comma_thousands)
    if parsed is None:
        return None
    high, nxt = parsed
    return high, nxt, toks[k].low


def _shared_scale(low: Decimal, high: Number) -> Decimal:
    """The bare lower end of a range with the scale of the upper end (`230-250 triệu`).

    When that makes the lower end reach the upper one, the writer left out the next smaller
    scale: `từ 400 - 1 triệu đồng` is 400 nghìn to 1 triệu (each step down divides by 1,000,
    as `nghìn`, `triệu`, `tỷ` do), never 400 triệu to 1 triệu.
    """
    scale = high.multiplier
    value = clean(low * scale)
    while value >= high.value and scale >= 1000 and low < 1000:
        scale = scale / 1000
        value = clean(low * scale)
    return value


def _window_end(text: str, start: int) -> int:
    """End of the window after `start`: `_WINDOW` characters, run on to the next space (at
    most `_RUN_ON` more characters)."""
    end = min(len(text), start + _WINDOW)
    limit = min(len(text), end + _RUN_ON)
    while end < limit and not text[end].isspace():
        end += 1
    return end


_NEW_TUPLE = tuple.__new__


#: `_TOKEN` with the white space before each token: `_TOKEN` skips nothing else (its last
#: alternative takes any other character), so `findall` gives strings whose lengths place
#: every token, with no match object made per token (a fifth faster than `finditer`).
_SPACED_TOKENS = re.compile(rf"(\s*)({_TOKEN.pattern})").findall


def _tokenize(text: str, start: int, end: int) -> list[_Tok]:
    """The `_Tok`s of `text[start:end]` (as `_TOKEN.finditer` finds them), built with
    `tuple.__new__`: a named tuple's own constructor is a Python function, and tokens are
    made by the hundred thousand."""
    out: list[_Tok] = []
    append = out.append
    position = start
    for space, word in _SPACED_TOKENS(text, start, end):
        begin = position + len(space)
        position = begin + len(word)
        append(_NEW_TUPLE(_Tok, (word, word.lower(), begin, position, word[0].isdigit())))
    return out


def _tokens_from(text: str, start: int) -> list[_Tok]:
    """Light tokens from `start` over a window long enough for any number expression."""
    return _tokenize(text, start, _window_end(text, start))


class _Windows:
    """The `_tokens_from` windows of one sentence, tokenised incrementally.

    Candidates come in text order and their windows overlap (`năm 2017`, `1,5 triệu`), so each
    window reuses the tokens already made and only tokenises what lies past the last window's
    end. Windows end at a space (or the text's end) and tokens never hold one, so the tokens
    are those `_tokens_from` would make; a window start that falls inside a kept token (never
    seen: candidates begin words) falls back to `_tokens_from`.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[_Tok] = []
        self.starts: list[int] = []
        self.end = 0  # everything before this was tokenised into `toks`

    def at(self, start: int) -> list[_Tok]:
        text = self.text
        end = _window_end(text, start)
        if start >= self.end:
            self.toks = _tokenize(text, start, end)
            self.starts = [t.start for t in self.toks]
        else:
            if end > self.end:
                more = _tokenize(text, self.end, end)
                self.toks.extend(more)
                self.starts.extend(t.start for t in more)
        self.end = max(self.end, end)
        i = bisect_left(self.starts, start)
        if i < len(self.toks) and self.toks[i].start != start:
            return _tokens_from(text, start)
        if i > 0 and self.toks[i - 1].end > start:
            return _tokens_from(text, start)
        return self.toks[i : bisect_left(self.starts, end, i)]


@cache
def _candidates() -> re.Pattern[str]:
    """Where a number may start: a run of digits, or a word that opens a spelt-out number.

    Every sentence is scanned with it: the leading look-ahead (a digit or the first letter
    of an opening word, in any case) turns most positions away in one test, before the two
    alternatives are tried (a quarter less time, same matches)."""
    words = _vocab().starts
    starts = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    firsts = re.escape("".join(sorted({word[0] for word in words})))
    return re.compile(
        rf"(?=[\d{firsts}])(?:\d+(?:[.,]\d+)*|(?<!\w)(?:{starts})(?!\w))", re.IGNORECASE
    )


def scan(text: str, comma_thousands: bool = False) -> list[NumberExpr]:
    """Every number expression in `text`, in order, with character offsets into `text`.

    Spelt-out numbers right after an indefinite word (`vài ba`, `hàng chục`) are skipped: they
    have no definite value. Digits are so only after `vài`, `mấy` (`vài 3 con`), never after
    `hàng` (`ngân hàng 20 tỷ đồng`). Nothing
    else is filtered here; see the figures extractor. Only the text around each candidate
    (a digit, or a word that can open a number) is tokenised, which keeps long sentences cheap.
    `comma_thousands`: the article writes thousands the English way (see `english_commas`).
    """
    v = _vocab()
    out: list[NumberExpr] = []
    consumed = 0
    windows = _Windows(text)
    for candidate in _candidates().finditer(text):
        if candidate.start() < consumed:
            continue
        first_char = candidate.group()[0]
        if first_char.isdigit() and candidate.start() > 0:
            before = text[candidate.start() - 1]
            if before.isalnum() or before == "_":
                consumed = candidate.end()  # the `2` of `m2`, the `19` of `COVID19`
                continue
        toks = windows.at(candidate.start())
        parsed = _number_at(text, toks, 0, comma_thousands)
        if parsed is None:
            consumed = candidate.end()
            continue
        low, k = parsed
        indefinite = indefinite_before(text, low.start)
        if indefinite and (low.words or indefinite in v.indefinite_digits):
            consumed = toks[k - 1].end
            continue
        rules = list(low.rules)
        value, value_max, high = low.value, None, None
        ranged = _range_high(text, toks, k, low, comma_thousands)
        if ranged is not None:
            high_number, nxt, _sep = ranged
            low_value = low.value
            if low.multiplier == 1 and high_number.multiplier != 1:
                low_value = _shared_scale(low.value, high_number)
            if low_value < high_number.value:
                value, value_max, high, k = low_value, high_number.value, high_number, nxt
                rules.append(v.range_id)
                rules.extend(r for r in high_number.rules if r not in rules)
        start = low.start
        opener = v.from_re.search(text, max(0, start - 8), start)
        has_from = opener is not None
        if opener is not None:
            start = opener.start()
        scaled = low.multiplier != 1 or (high is not None and high.multiplier != 1)
        start, qualifier, q_rule = _qualifier_before(text, start, scaled)
        if q_rule:
            rules.append(q_rule)
        end = high.end if high else low.end
        out.append(
            NumberExpr(
                start=start,
                end=end,
                num_start=low.start,
                value=value,
                value_max=value_max,
                qualifier=qualifier,
                low=low,
                high=high,
                has_from=has_from,
                rules=tuple(rules),
            )
        )
        consumed = end
    return out


# Whole-article scans. Each opens with its first digit and only then looks behind it (no
# digit, dot or comma before): a pattern that starts with `\d` lets the regex engine skip
# to the next digit, about three times as fast as one that starts with the look-behind.
_COMMA_GROUPS = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:,\d{3})+(?![\d,.]*\d)")
_DECIMAL_COMMA = re.compile(r"\d(?<![\d.,]\d)\d*,(?:\d{1,2}|\d{4,})(?!\d)")
_DOT_GROUPS = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:\.\d{3})+(?![\d])")


def english_commas(text: str) -> bool:
    """Whether an article writes thousands the English way (`1,000 ha`, `1,400 phòng`).

    Decided from the article's own evidence (issue 17): at least
    `numerals.english_min_groups` numerals with comma groups of exactly three digits that no
    scale word follows (`1,098 tỷ` is 1.098 tỷ in either convention), and no decimal comma
    (`1,5`) nor dot-grouped thousands (`5.265`) anywhere in it. Otherwise the Vietnamese
    convention holds.
    """
    v = _vocab()
    if _DECIMAL_COMMA.search(text) or _DOT_GROUPS.search(text):
        return False
    count = 0
    for match in _COMMA_GROUPS.finditer(text):
        after = _TOKEN.match(text, match.end() + 1) if match.end() < len(text) else None
        if after is not None and text[match.end()] == " " and after.group().lower() in v.scales:
            continue
        count += 1
        if count >= v.english_min_groups:
            return True
    return False


def parse(text: str) -> NumberExpr | None:
    """The number expression that makes up all of `text` (`hơn 1.134 tỷ`), or None.

    A suffix qualifier (`5 ha trở lên`) is not part of a number expression; use
    `suffix_qualifier` after the unit for it.
    """
    stripped = text.strip()
    found = scan(stripped)
    if len(found) != 1:
        return None
    expr = found[0]
    if expr.start != 0 or expr.end != len(stripped):
        return None
    return expr
