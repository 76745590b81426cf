"""Commitments the rules used to miss (issue 14, remaining train errors), by sentence shape.

Shapes seen in the train corpus, in sentences written for these tests: a task due on a day
named by its weekday or as tomorrow, with no year (`Đến thứ sáu (26/5), lãnh đạo UBND tỉnh ...
sẽ xuống ...`, `ngày mai 7.7, đoàn thanh tra ... sẽ công bố ...`).
"""

from __future__ import annotations

import pytest

from pipeline.extractors.commitments.events import _deadlines
from tests.helpers import commitment_rows

# (text, the phrase the `dl.weekday` date spans, or None when no such date is there)
DAYS = [
    pytest.param("Đến thứ sáu (26/5), đoàn sẽ xuống xã", "Đến thứ sáu (26/5)", id="den-thu-sau"),
    pytest.param(
        "để báo cáo UBND tỉnh vào chiều thứ Hai (22/5)",
        "vào chiều thứ Hai (22/5)",
        id="vao-chieu-thu-hai",
    ),
    pytest.param("cho biết ngày mai 7.7, đoàn sẽ công bố", "ngày mai 7.7", id="ngay-mai-dot"),
    pytest.param("Trong ngày mai, UBND quận sẽ báo cáo", "ngày mai", id="trong-ngay-mai"),
    pytest.param("Thứ Hai tuần tới, đoàn sẽ xuống xã", None, id="weekday-without-date"),
    pytest.param("vào thứ sáu tuần trước, đoàn đã xuống xã", None, id="weekday-past-no-date"),
]


@pytest.mark.parametrize(("text", "span"), DAYS)
def test_weekday_and_tomorrow_are_dates(text: str, span: str | None) -> None:
    found = [d for d in _deadlines(text, 0) if d.rule == "dl.weekday"]
    if span is None:
        assert not found
    else:
        assert [text[d.start : d.end] for d in found] == [span]
        assert found[0].year is None  # no year written: the deadline stays null


# (text, the phrase the kept row's evidence contains)
ROWS = [
    pytest.param(
        "Đến thứ sáu (26/5), lãnh đạo UBND tỉnh Hòa Bình sẽ xuống địa bàn xã trực tiếp gặp bà con.",
        "sẽ xuống địa bàn xã",
        id="weekday-date-task",
    ),
    pytest.param(
        "Chủ tịch UBND TP Hà Nội cho biết ngày mai 7.7, đoàn thanh tra thành phố sẽ công bố"
        " kết luận thanh tra.",
        "sẽ công bố kết luận thanh tra",
        id="tomorrow-date-task",
    ),
]


@pytest.mark.parametrize(("text", "phrase"), ROWS)
def test_task_due_on_a_named_day_is_a_row(text: str, phrase: str) -> None:
    rows = commitment_rows(text)
    assert [phrase in row.evidence for row in rows] == [True], [r.evidence for r in rows]
    assert rows[0].deadline is None
