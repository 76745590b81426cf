"""One numeral, read the Vietnamese way: digits by their shape (`parse_digits`: `1.134` is
1134, `1,5` is 1.5) and spelt-out numbers (`parse_words`: `hai mươi lăm`), as exact
`Decimal`s (`clean`). `pipeline.text.numbers` builds expressions (scales, ranges,
qualifiers) on top of these and re-exports them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.text.number_vocab import vocab as _vocab

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def clean(value: Decimal) -> Decimal:
    """An exact value without float noise: whole numbers as integers, decimals normalised."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _grouped(head: str, tail: list[str]) -> bool:
    """Whether `head.tail...` is a thousands grouping: 1-3 digits (no leading 0), then 3s."""
    return (
        1 <= len(head) <= 3
        and not (head.startswith("0") and len(head) > 1)
        and head != "0"
        and all(len(t) == 3 for t in tail)
    )


def parse_digits(text: str, comma_thousands: bool = False) -> Decimal | None:
    """The value of one numeral, deciding `.` and `,` from the shape of the number.

    Vietnamese convention first: `.` groups thousands, `,` marks decimals (`1.134` = 1134,
    `1,5` = 1.5, `1.999,62` = 1999.62, `698,704` = 698.704). When both appear, the last one is
    the decimal mark (`1,234.5` is English). A single `.` not followed by exactly three digits
    can only be a decimal point (`7.30`, `3.5`); several `,` are English thousands
    (`1,234,567`). Shapes that are neither (`1.2.3`, `12.34.567`) are not numbers: None.
    Nor is a numeral of more digits than `numerals.max_digits` (`1.000.000...` repeated a
    thousand times): no figure is that large, `int()` refuses to print past 4,300 digits and
    Decimal's context would round it. With `comma_thousands` (an article written the English
    way, see `english_commas`) a single `,` before three digits groups thousands (`1,400`);
    so does one before `000` in any article (`3,000 căn`: nobody writes three zero decimals).
    """
    if not _DIGITS.fullmatch(text):
        return None
    dots, commas = text.count("."), text.count(",")
    if len(text) - dots - commas > _vocab().max_digits:
        return None
    if not dots and not commas:
        return Decimal(int(text))
    if dots and commas:
        last = max(text.rfind("."), text.rfind(","))
        mark, group = text[last], "," if text[last] == "." else "."
        head = text[:last]
        if mark in head:
            return None
        parts = head.split(group)
        if not _grouped(parts[0], parts[1:]):
            return None
        return clean(Decimal("".join(parts) + "." + text[last + 1 :]))
    if dots:
        parts = text.split(".")
        if len(parts) > 2:
            return clean(Decimal("".join(parts))) if _grouped(parts[0], parts[1:]) else None
        if _grouped(parts[0], parts[1:]):
            return Decimal(int("".join(parts)))
        return clean(Decimal(text))
    parts = text.split(",")
    if _grouped(parts[0], parts[1:]) and (comma_thousands or parts[-1] == "000"):
        # `3,000 căn`: three zero decimals are never written, so the comma groups thousands
        return Decimal(int("".join(parts)))
    if len(parts) > 2:
        return clean(Decimal("".join(parts))) if _grouped(parts[0], parts[1:]) else None
    return clean(Decimal(text.replace(",", ".")))


def _group(words: list[str], i: int) -> tuple[int, int] | None:
    """A spelt-out number below one thousand starting at `words[i]`: (value, next index)."""
    v = _vocab()

    def digit(k: int, allow: tuple[str, ...] = ("start", "article")) -> int | None:
        if k < len(words) and words[k] in v.digits:
            value, role, _id = v.digits[words[k]]
            if role in allow:
                return value
        return None

    def at(k: int, pool: frozenset[str]) -> bool:
        return k < len(words) and words[k] in pool

    j, value, hundreds, tens = i, 0, False, False
    if at(j, v.ten_alone):
        return 10, j + 1  # `chục tàu thuyền`: ten, with nothing added after it
    d = digit(j)
    if d is None and j < len(words) and words[j] == "không":
        d = 0  # `(một nghìn) không trăm linh năm`
    if d is not None and at(j + 1, v.hundred):
        value, j, hundreds = d * 100, j + 2, True
        if at(j, v.half):
            return value + 50, j + 1
        if at(j, v.zero_tens):
            u = digit(j + 1, ("start", "article", "inner"))
            if u is not None and u > 0:
                return value + u, j + 2
            return value, j
    if at(j, v.ten):
        value, j, tens = value + 10, j + 1, True
    else:
        d = digit(j)
        if d is not None and d >= 2 and at(j + 1, v.tens):
            value, j, tens = value + d * 10, j + 2, True
        elif d is not None and d >= 1 and at(j + 1, v.dozen) and not hundreds:
            return d * 10, j + 2
    if tens:
        u = digit(j, ("start", "article", "inner"))
        if u is not None and u > 0 and words[j] not in ("không",):
            # `mốt` only after `mươi`; `mười một` is 11 while `mười mốt` is not written.
            if not (words[j] == "mốt" and words[j - 1] in v.ten):
                value, j = value + u, j + 1
    elif not hundreds:
        d = digit(j)
        if d is not None and not at(j + 1, v.tens):
            value, j = d, j + 1
    return (value, j) if j > i else None


def parse_words(words: list[str]) -> tuple[Decimal, int] | None:
    """Value of the spelt-out number at the start of `words` (lower-cased) and words used.

    Groups below a thousand combine with scale words: consecutive scales multiply
    (`hai nghìn tỷ` = 2e12) and a later, smaller scale adds (`một tỷ hai trăm triệu`);
    `rưỡi` after a scale adds half of it (`một triệu rưỡi`).
    """
    v = _vocab()
    total, largest, j = Decimal(0), None, 0
    while j < len(words):
        group = _group(words, j)
        if group is None:
            break
        value, k = group
        multiplier = Decimal(1)
        while k < len(words) and words[k] in v.scales:
            multiplier *= v.scales[words[k]][0]
            k += 1
        amount = Decimal(value) * multiplier
        if multiplier != 1 and k < len(words) and words[k] in v.half:
            amount += multiplier / 2
            k += 1
        if largest is not None and multiplier >= largest:
            break
        total += amount
        j = k
        if multiplier == 1:
            break
        largest = multiplier
    if j == 0:
        return None
    return clean(total), j
