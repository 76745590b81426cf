"""Columns an analyst computes with, derived from a commitment row after extraction.

The contract columns keep what the text says (`deadline` is a year, `values` every figure of
the target). Analysts summing money or sorting by due date need one number and one date:

- `amount_vnd`: the target's money value in đồng, or None when it has none. When a target
  carries several amounts in đồng, they are a total and its parts far more often than separate
  sums (`đầu tư 1.200 tỷ đồng, trong đó ngân sách 400 tỷ đồng`), so the largest is taken:
  adding them would count the parts twice. Other currencies are not converted (no rate is
  known for the article's date): they stay in `values`.
- `deadline_date`: the last day the target may be reached, when the text writes a day, month,
  quarter, year end or period end whose year is the row's `deadline`
  (vocabulary: `rules/deadline_dates.toml`).

Why a separate step and not inside the commitments extractor: these columns only reformat what
the extractor found, they never change which rows exist, and they need the same treatment
whichever rules found the row.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from pipeline.rules import load

MONEY_UNIT = "VND"
_YEAR = r"(?:19|20)\d\d"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class _DatePattern:
    id: str
    regex: re.Pattern[str]


@cache
def _patterns() -> tuple[_DatePattern, ...]:
    """`rules/deadline_dates.toml`, compiled once per process."""
    return tuple(
        _DatePattern(entry["id"], re.compile(entry["pattern"].replace("Y", _YEAR), re.IGNORECASE))
        for entry in load("deadline_dates")["date"]
    )


def amount_vnd(values: Iterable[Decimal | None], units: Iterable[str]) -> Decimal | None:
    """The largest value in đồng among a target's values (`units` run parallel), else None."""
    money = [
        value
        for value, unit in zip(values, units, strict=False)
        if value is not None and unit == MONEY_UNIT
    ]
    return max(money) if money else None


def _last_day(year: int, match: re.Match[str]) -> date | None:
    """The last day a matched phrase allows, or None when it names no real date."""
    groups = match.groupdict()
    try:
        if groups.get("day"):
            return date(year, int(groups["month"]), int(groups["day"]))
        if groups.get("month"):
            month = int(groups["month"])
            return date(year, month, calendar.monthrange(year, month)[1])
        if groups.get("quarter"):
            text = groups["quarter"].upper()
            quarter = _ROMAN.get(text) or int(text)
            month = 3 * quarter
            return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:  # 31/2, month 13: not a date
        return None
    return date(year, 12, 31)


def deadline_date(deadline: int | None, texts: Iterable[str]) -> date | None:
    """The due date written in `texts` (the clause first, then the sentence) for `deadline`.

    A phrase counts only when its year is the deadline (or it has no year of its own), so
    that a sentence with two targets never gives one the other's date.
    """
    if deadline is None:
        return None
    for text in texts:
        if not text:
            continue
        for pattern in _patterns():
            for match in pattern.regex.finditer(text):
                year = match.groupdict().get("year")
                if year is not None and int(year) != deadline:
                    continue
                found = _last_day(deadline, match)
                if found is not None:
                    return found
    return None


def add_columns(rows: Iterable[object], text: str = "") -> None:
    """Fill `amount_vnd` and `deadline_date` of commitment rows in place.

    `text` is the article's normalised text, where each row's `start`/`end` locate its clause.
    """
    for row in rows:
        row.amount_vnd = amount_vnd(row.values, row.figure_units)
        clause = text[row.start : row.end] if text and 0 <= row.start < row.end else ""
        row.deadline_date = deadline_date(row.deadline, (clause, row.evidence))
