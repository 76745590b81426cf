"""A bracketed breakdown of a target is a target of its own (issue 14, recall).

Shape seen in train (`Phấn đấu đến năm 2020 thu hút được 15-16 triệu lượt khách du lịch (trong
đó 7 triệu lượt khách quốc tế)`) and in sentence form across the corpus (`... sẽ triển khai 80
dự án. Trong đó có 50 dự án ...`): the part named in brackets after `trong đó` is one more
target, under the marker and with the deadline of the clause it stands in. Any other aside
stays what it was: a report's bracket (`đạt 7,2% (năm trước 6,5%)`), a bracket after a report,
a bracket that only restates a period. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.extractors.commitments.asides import is_breakdown
from pipeline.text.clauses import Clause
from tests.helpers import commitment_rows


def _rows(text: str) -> list[tuple[str, int | None, list[float]]]:
    rows = commitment_rows(text)
    return [(r.evidence, r.deadline, [float(v) for v in r.values]) for r in rows]


# (text, evidence phrase of the part's row or None when no row may hold only the part,
#  its deadline, its values)
CASES = [
    pytest.param(
        "UBND tỉnh Khánh Hòa phấn đấu đến năm 2025 đón 12 triệu lượt khách du lịch"
        " (trong đó 5 triệu lượt khách quốc tế).",
        ("trong đó 5 triệu lượt khách quốc tế", 2025, [5_000_000]),
        id="visitors-part-with-the-clause-deadline",
    ),
    pytest.param(
        "Năm 2018, UBND huyện Bình Chánh sẽ xây mới 30 trường học (trong số đó 12 trường mầm non).",
        ("trong số đó 12 trường mầm non", 2018, [12]),
        id="schools-part-under-a-fronted-year",
    ),
    pytest.param(
        "Năm 2016, tỉnh Khánh Hòa đã đón 6 triệu lượt khách du lịch"
        " (trong đó 2 triệu lượt khách quốc tế).",
        None,
        id="report-stays-a-report",
    ),
    pytest.param(
        "UBND tỉnh Khánh Hòa phấn đấu đến năm 2025 đón 12 triệu lượt khách du lịch"
        " (tăng 2 triệu lượt so với năm 2020).",
        None,
        id="bracket-without-a-breakdown-opener",
    ),
]


@pytest.mark.parametrize(("text", "part"), CASES)
def test_bracketed_breakdown(text: str, part: tuple[str, int, list[float]] | None) -> None:
    rows = _rows(text)
    asides = [r for r in rows if r[0].startswith("(") or r[0].lower().startswith("trong")]
    if part is None:
        assert asides == []
    else:
        assert (part[0], part[1], [float(v) for v in part[2]]) in rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("x (trong đó 5 dự án)", True, id="trong-do"),
        pytest.param("x (Trong số đó: 5 dự án)", True, id="trong-so-do-colon"),
        pytest.param("x (tăng 5 dự án)", False, id="other-aside"),
    ],
)
def test_is_breakdown(text: str, expected: bool) -> None:
    start = text.index("(") + 1
    assert is_breakdown(text, Clause(start, len(text) - 1, True, inner=True)) is expected


def test_outer_clause_is_no_breakdown() -> None:
    text = "Trong đó có 5 dự án"
    assert not is_breakdown(text, Clause(0, len(text), True))
