"""Commitments on undated random news: history told with a year and report shapes that a `sẽ`
or a plan word does not make a plan (issue 14, classes of the bench sample).

An undated article gives no year to drop an old deadline by, so these shapes are read from the
phrase itself. Each class has sentences that must give no row and, beside them, sentences of
the same shape that are commitments and must still give one, so that a rule that drops
everything fails. The sentences were written for these tests, after shapes read on bench
articles.
"""

from __future__ import annotations

import pytest

from pipeline.extractors import run_extractors
from tests.helpers import doc_of

NOT_COMMITMENTS = [
    pytest.param(
        "Tuyến đường vành đai này được UBND tỉnh Bắc Ninh quy hoạch từ năm 1995.",
        id="since-past-passive",
    ),
    pytest.param(
        "Từ năm 1986 - 1987, Trung đoàn 12 sử dụng khu đất và giao cho người dân canh tác.",
        id="story-span",
    ),
    pytest.param(
        "Theo ông Minh, sẽ có 3-4 triệu người được tăng lương hưu trong dịp này.",
        id="people-reached",
    ),
    pytest.param(
        "Báo Lao động sẽ cập nhật danh sách trúng tuyển của Đại học Huế năm 2017 sớm nhất.",
        id="newspaper-updates",
    ),
    pytest.param(
        "Sáng 12/3, UBND huyện Quỳnh Lưu đã tổ chức hội nghị triển khai kế hoạch quản lý đất đai"
        " năm 2017.",
        id="held-conference",
    ),
    pytest.param(
        "Hai Bộ trưởng đã ký Chương trình hợp tác giai đoạn 2017 - 2020 giữa Việt Nam và Lào.",
        id="signed-programme",
    ),
]

STILL_COMMITMENTS = [
    pytest.param(
        "UBND tỉnh Bắc Ninh sẽ cấm xe tải vào trung tâm thành phố từ năm 2018.",
        id="start-still-to-come",
    ),
    pytest.param(
        "Từ năm 2017 - 2020, tỉnh Nghệ An phấn đấu trồng mới 5.000 ha rừng.",
        id="plan-span-with-target",
    ),
    pytest.param(
        "Bộ Nội vụ sẽ tăng lương cơ sở lên 1,3 triệu đồng từ ngày 1/7/2017.",
        id="pay-rise-by-a-body",
    ),
    pytest.param(
        "UBND tỉnh Thanh Hóa đã phê duyệt Đề án phát triển du lịch đến năm 2020 với 2.000 tỷ đồng.",
        id="approved-scheme",
    ),
    pytest.param(
        "UBND huyện Quỳnh Lưu đã tổ chức hội nghị và yêu cầu các xã hoàn thành cấp 500 sổ đỏ"
        " trước ngày 30/6/2017.",
        id="conference-with-a-request",
    ),
]


@pytest.mark.parametrize("text", NOT_COMMITMENTS)
def test_no_commitment(text: str) -> None:
    rows = run_extractors(doc_of(text))["commitments"]
    assert rows == [], [row.evidence for row in rows]


@pytest.mark.parametrize("text", STILL_COMMITMENTS)
def test_still_a_commitment(text: str) -> None:
    rows = run_extractors(doc_of(text))["commitments"]
    assert rows, "no row"
