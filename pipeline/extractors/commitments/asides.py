"""Bracketed breakdowns of a target: the part a bracket names is a target of its own.

`Phấn đấu đến năm 2020 thu hút được 15-16 triệu lượt khách (trong đó 7 triệu lượt khách quốc
tế)` states two targets (GUIDELINES: one entry per target). The clause splitter makes every
bracketed aside a clause of its own that inherits no mood (`đạt khá (7,37%)` must stay a
report), so the part was lost. An aside that opens like a breakdown sentence (`[breakdown]
openers` in rules/commitments.toml: `trong đó`, `trong số đó` ...) is read as the sentence-level
breakdown already is (`... sẽ triển khai 80 dự án. Trong đó có 50 dự án ...`): under the marker
of the clause around it, when that clause is a target, with that clause's deadline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache

from pipeline.extractors.commitments.events import _Deadline, _Event
from pipeline.rules import load
from pipeline.text.clauses import Clause

#: The deadline rule of an aside's row: its clause's deadline (declared under `[[emitted]]`).
ASIDE_ID = "dl.inherit.aside"


@cache
def _opener() -> re.Pattern[str]:
    """An aside's opening words that make it a breakdown (the `[breakdown]` openers)."""
    openers = load("commitments")["breakdown"]["openers"]
    return re.compile(rf"\W*(?:{openers})(?!\w)", re.IGNORECASE)


def enclosing(clause: Clause, clauses: list[Clause]) -> Clause | None:
    """The outer clause a bracketed aside stands in, else None (not an aside)."""
    if not clause.inner:
        return None
    return next(
        (c for c in clauses if not c.inner and c.start <= clause.start and clause.end <= c.end),
        None,
    )


def is_breakdown(text: str, clause: Clause) -> bool:
    """Whether an aside opens like a breakdown (`(trong đó 7 triệu lượt khách quốc tế)`)."""
    return clause.inner and bool(_opener().match(text, clause.start, clause.end))


def aside_mood(
    text: str, clause: Clause, clauses: list[Clause], ends: Mapping[Clause, _Event]
) -> _Event | None:
    """The mood a bracketed breakdown starts in: the marker its enclosing clause ended in, when
    that clause stated a target under it (`ends` holds only those), else None like any aside."""
    if not is_breakdown(text, clause):
        return None
    around = enclosing(clause, clauses)
    return ends.get(around) if around is not None else None


def aside_deadline(
    text: str,
    clause: Clause,
    clauses: list[Clause],
    dated: Callable[[Clause], _Deadline | None],
) -> tuple[_Deadline | None, str]:
    """The deadline of the clause a bracketed breakdown stands in (`dated` reads a clause's
    own or inherited deadline), with the rule `ASIDE_ID`; (None, "") for any other aside."""
    if not is_breakdown(text, clause):
        return None, ""
    around = enclosing(clause, clauses)
    deadline = dated(around) if around is not None else None
    return (deadline, ASIDE_ID) if deadline is not None else (None, "")
