"""An obligation due by a day or month written before its subject (issue 14, recall).

Shapes seen in train and on bench articles, in sentences written for these tests: a task imposed
on a body whose only concreteness is a date fronted before the subject (`Trước ngày 30/6, Sở X
phải hoàn thành ...`, `trong đầu tháng 3, huyện phải bàn giao mặt bằng ...`, `yêu cầu từ nay
đến 10/2 lãnh đạo các đơn vị phải ...`). A `sẽ` claimed such a date already; `phải`/`cần` did not.
A year alone fronted before `cần` stays mission language (`Năm 2017, hai bên cần tăng cường ...`).
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

# (text, the phrase the one kept row's evidence contains, its deadline)
KEPT = [
    pytest.param(
        "Trước ngày 30/6, Sở Tài nguyên và Môi trường phải hoàn thành việc kiểm tra các cơ sở.",
        "phải hoàn thành việc kiểm tra",
        None,
        id="truoc-ngay-no-year",
    ),
    pytest.param(
        "Trong tháng 7/2017, Sở Xây dựng phải công bố danh sách các công trình vi phạm.",
        "phải công bố danh sách",
        2017,
        id="trong-thang-with-year",
    ),
    pytest.param(
        "Đến thứ sáu (26/5), Sở Công Thương phải báo cáo kết quả kiểm tra lên UBND tỉnh.",
        "phải báo cáo kết quả kiểm tra",
        None,
        id="weekday-date",
    ),
]


@pytest.mark.parametrize(("text", "phrase", "deadline"), KEPT)
def test_obligation_claims_a_fronted_date(text: str, phrase: str, deadline: int | None) -> None:
    rows = commitment_rows(text)
    assert [phrase in row.evidence for row in rows] == [True], [r.evidence for r in rows]
    assert rows[0].deadline == deadline


# Sentences whose fronted time makes no task concrete: no row.
DROPPED = [
    pytest.param(
        "Thủ tướng đề nghị, năm 2017, hai bên cần tăng cường phối hợp chặt chẽ hơn nữa.",
        id="fronted-year-mission",
    ),
    pytest.param(
        "Trước ngày 30/6, Sở Tài nguyên và Môi trường đã phải hoàn thành việc kiểm tra.",
        id="past-obligation",
    ),
]


@pytest.mark.parametrize("text", DROPPED)
def test_fronted_time_without_a_dated_task_is_no_row(text: str) -> None:
    assert commitment_rows(text) == []
