"""A task due within a time named relative to the article's day (issue 14, relative times).

Shapes seen in train and in the blind-annotated bench articles, in sentences written for these
tests: a body that will act or is asked to act `trong tuần này`, `trong tuần tới`, `trong ngày
mai`, `trong ngày hôm nay`, `từ nay đến cuối năm`, with no figure and no written year. The time
makes the task concrete (GUIDELINES: a deadline or period), but no year is written, so the
deadline is null, and the time is no figure, so the values stay empty. The phrase is read as a duration with no
number (`du.rel_*` in commitments.toml), which also finds it in a sentence with no digit.
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

# (text, the phrase the one kept row's evidence contains, the rule id the row carries)
KEPT = [
    pytest.param(
        "Phòng Giáo dục quận Tây Hồ cho biết sẽ có kết luận trong tuần này đối với hiệu trưởng.",
        "sẽ có kết luận trong tuần này",
        "du.rel_week",
        id="se-trong-tuan-nay",
    ),
    pytest.param(
        "Trong ngày mai, UBND quận Cầu Giấy sẽ gửi báo cáo lên thành phố.",
        "sẽ gửi báo cáo lên thành phố",
        "du.rel_day",
        id="fronted-trong-ngay-mai",
    ),
    pytest.param(
        "Sở Xây dựng yêu cầu Phòng Quản lý đô thị quận Tây Hồ ngay trong tuần tới có biện pháp "
        "tháo dỡ công trình vi phạm.",
        "có biện pháp",
        "du.rel_week",
        id="request-ngay-trong-tuan-toi",
    ),
    pytest.param(
        "Sở Giao thông vận tải yêu cầu Ban quản lý dự án hoàn thành việc vá mặt đường "
        "trong ngày hôm nay.",
        "hoàn thành việc vá mặt đường",
        "du.rel_day",
        id="request-trong-ngay-hom-nay",
    ),
    pytest.param(
        "Công an huyện Đông Hải sẽ kiểm tra các cơ sở kinh doanh trò chơi từ nay đến cuối năm.",
        "sẽ kiểm tra các cơ sở kinh doanh",
        "du.rel_year_end",
        id="se-tu-nay-den-cuoi-nam",
    ),
]


@pytest.mark.parametrize(("text", "phrase", "rule"), KEPT)
def test_relative_time_makes_a_task_concrete(text: str, phrase: str, rule: str) -> None:
    rows = commitment_rows(text)
    assert [phrase in row.evidence for row in rows] == [True], [r.evidence for r in rows]
    assert rule in rows[0].rule.split(";")
    assert rows[0].deadline is None
    assert rows[0].values == [] or not rows[0].values


def test_the_one_asked_ends_before_ngay() -> None:
    text = (
        "Sở Giáo dục và Đào tạo yêu cầu Phòng Giáo dục quận Tây Hồ ngay trong tuần này "
        "có hình thức xử lý đúng quy định."
    )
    rows = commitment_rows(text)
    assert [row.actor for row in rows] == ["Phòng Giáo dục quận Tây Hồ"]


def test_a_written_year_stays_the_deadline() -> None:
    text = "Sở Xây dựng sẽ hoàn thành phần mềm quản lý từ nay đến cuối năm 2018."
    rows = commitment_rows(text)
    assert [(row.deadline, "du.rel_year_end" in row.rule) for row in rows] == [(2018, False)]


# Sentences where the relative time makes nothing a body's target: no row.
DROPPED = [
    pytest.param("Trong tuần này, Sở Y tế đã có kết luận về vụ việc.", id="past-report"),
    pytest.param("Anh Nam cho biết sẽ về quê thăm gia đình trong tuần này.", id="private-person"),
    pytest.param("Trời sẽ mưa to trong ngày mai ở các tỉnh phía Bắc.", id="weather-no-body"),
    pytest.param("Từ nay đến cuối năm, giá vàng sẽ còn biến động mạnh.", id="market-no-body"),
]


@pytest.mark.parametrize("text", DROPPED)
def test_relative_time_without_a_task_is_no_row(text: str) -> None:
    assert commitment_rows(text) == []
