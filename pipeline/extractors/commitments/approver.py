"""The authority that approved the plan an article reports, for the plan's items naming no one.

GUIDELINES (commitments, actor): an approved plan or scheme that names no one to carry it out
has the approving authority as actor. Articles on a newly approved scheme state it once (`Đề án
"..." vừa được Thủ tướng Chính phủ phê duyệt.`) and then list its items as bare verbs (`Theo
đó, phấn đấu hình thành ... . Xây dựng đồng bộ hạ tầng ..., đưa Việt Nam trở thành cửa ngõ
...`): such an item, carried on from the plan's heading (`sentence_walk._plan_head`), has that
authority as its actor rather than none. The approval phrase is `[approver]` in
rules/commitments.toml; the authority is the first public body named between its two parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from pipeline.extractors.commitments.events import _Article, _Deadline, _deadlines
from pipeline.extractors.commitments.mentions import _mentions
from pipeline.rules import load

#: The actor rule of a row given the approving authority, and the deadline rule of one given
#: the plan's period (both declared in rules/commitments.toml).
APPROVER_ID = "actor.approver"
PERIOD_ID = "dl.inherit.plan"


@cache
def _period() -> re.Pattern[str]:
    """The word that opens a plan's period (`giai đoạn đến năm 2020`), from `[approver]`."""
    return re.compile(rf"(?<!\w)(?:{load('commitments')['approver']['period']})(?!\w)")


@cache
def _approval() -> re.Pattern[str]:
    """`được <body> phê duyệt` (the passive of an approval), from `[approver]`."""
    section = load("commitments")["approver"]
    return re.compile(
        rf"(?<!\w)(?:{section['passive']})\s+(.{{3,60}}?)\s+(?:{section['verbs']})(?!\w)"
    )


def approving(article: _Article, officials: Sequence = ()) -> tuple[str, str] | None:
    """The public body the article says approved a plan (`vừa được Thủ tướng Chính phủ phê
    duyệt`), the first such statement, with the rule `APPROVER_ID`; None when it states none."""
    text = article.text
    for match in _approval().finditer(text):
        found = _mentions(article, match.start(1), match.end(1), officials)
        public = [m for m in found if m.public and m.label]
        if public:
            return public[0].label, APPROVER_ID
    return None


def plan_period(article: _Article) -> tuple[_Deadline, str] | None:
    """The period of the approved plan, for its items that state no time (GUIDELINES: the
    deadline of the period a target belongs to): the first period the article writes
    (`giai đoạn đến năm 2020, định hướng đến năm 2030` is 2020) that ends in the article's
    year or later, with the rule `PERIOD_ID`; None when it writes none."""
    text = article.text
    floor = article.doc_year or 0
    for match in _period().finditer(text):
        window = text[match.start() : match.end() + 40]
        found = [d for d in _deadlines(window, match.start()) if d.year and d.year >= floor]
        if found:
            return found[0], PERIOD_ID
    return None
