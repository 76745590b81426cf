"""Precision of commitments on random news, fourth pass (issue 14, h-prec2): the two parties
of a meeting counted in words.

`Hai nhà lãnh đạo sẽ tăng cường hợp tác ...` is a vague bilateral intention; the figures table
reads `Hai nhà lãnh` as a quantity, which made it concrete. Beside each sentence that must give
no row stands one of the same shape that is a commitment and must still give one, so that a
rule dropping everything fails. The sentences were written for these tests, after shapes read
on bench articles.
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

LEAD = "Theo Bộ Ngoại giao, "

NOT_COMMITMENTS = [
    pytest.param(
        LEAD + "thương mại được cho là chủ đề chính sẽ được hai nhà lãnh đạo bàn thảo.",
        id="agenda-of-the-leaders",
    ),
    pytest.param(
        LEAD + "hai nhà lãnh đạo nhất trí sẽ tăng cường kết nối hai nền kinh tế.",
        id="leaders-will-connect-two-economies",
    ),
]

STILL_COMMITMENTS = [
    pytest.param(
        LEAD + "hai nhà lãnh đạo sẽ tăng cường hợp tác về tiết kiệm năng lượng trong năm 2018.",
        id="same-shape-with-a-year",
    ),
    pytest.param(
        "Bộ Công Thương sẽ đào tạo 2 lãnh đạo doanh nghiệp.",
        id="count-in-digits",
    ),
]


@pytest.mark.parametrize("text", NOT_COMMITMENTS)
def test_no_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows == [], [r.evidence for r in rows]


@pytest.mark.parametrize("text", STILL_COMMITMENTS)
def test_still_a_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows, "no row"


PARTIES = [
    pytest.param("Hai nhà lãnh đạo sẽ", "nhà lãnh", True, id="two-leaders-in-words"),
    pytest.param("Cả hai nền kinh tế", "nền", True, id="both-economies"),
    pytest.param("2 lãnh đạo", "lãnh đạo", False, id="digits-count"),
    pytest.param("Hai người sẽ", "người", False, id="two-people"),
]


@pytest.mark.parametrize(("text", "unit", "found"), PARTIES)
def test_a_count_of_the_parties_is_no_anchor(text: str, unit: str, found: bool) -> None:
    """`[parties]`: a figure counting the two parties, in words, is read as rhetorical."""
    from pipeline.extractors.commitments.events import _parties

    assert _parties(text, unit, 0) is found


SPANS = [
    pytest.param("rà soát các dự án đầu tư trong 3,4 năm qua", False, id="years-gone-by"),
    pytest.param("kiểm tra trong 10 năm gần đây", False, id="recent-years"),
    pytest.param("rà soát các dự án đầu tư trong 3 tháng", True, id="time-limit"),
    pytest.param("hoàn thành trong vòng 15 ngày qua đường bưu điện", True, id="qua-a-route"),
]


@pytest.mark.parametrize(("text", "found"), SPANS)
def test_a_span_gone_by_is_no_time_limit(text: str, found: bool) -> None:
    """`du.trong`: `trong N năm qua` names a span that ended now, no task's time limit."""
    from pipeline.extractors.commitments.rules import _rules

    entry = next(e for e, _ in _rules().durations if e.id == "du.trong")
    assert bool(entry.regex.search(text)) is found


PAST_SPAN_SENTENCES = [
    pytest.param(
        "Chủ tịch UBND TP giao Sở Tài chính rà soát lại các dự án đầu tư trong 3,4 năm qua.",
        False,
        id="review-of-past-years",
    ),
    pytest.param(
        "Chủ tịch UBND TP giao Sở Tài chính rà soát lại các dự án đầu tư trong 3 tháng.",
        True,
        id="review-within-three-months",
    ),
]


@pytest.mark.parametrize(("text", "row"), PAST_SPAN_SENTENCES)
def test_a_task_over_past_years_gives_no_row(text: str, row: bool) -> None:
    rows = commitment_rows(text)
    assert bool(rows) is row, [r.evidence for r in rows]


COMPARISON_BASES = [
    pytest.param(
        "UBND thành phố phấn đấu đưa tỉ lệ cây xanh bình quân đầu người lên 10m2 (so với "
        "7,18m2/người năm 2013).",
        None,
        id="base-year-after-its-figure",
    ),
    pytest.param(
        "UBND thành phố phấn đấu đưa tỉ lệ cây xanh bình quân đầu người lên 10m2 vào năm 2020, "
        "so với 7,18m2 hiện nay.",
        2020,
        id="deadline-before-the-comparison",
    ),
]


@pytest.mark.parametrize(("text", "deadline"), COMPARISON_BASES)
def test_the_year_of_a_comparisons_base_is_no_deadline(text: str, deadline: int | None) -> None:
    """`dl.so_voi_figure`: `so với <figure> năm 2013` dates the base of a comparison."""
    rows = commitment_rows(text)
    assert [r.deadline for r in rows] == [deadline]
