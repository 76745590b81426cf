"""A year inside the title of a document that a verb of carrying out or checking governs names
the document, not the clause's deadline (issue 14, spurious class "the name of an existing
plan"): `Đoàn sẽ kiểm tra việc thực hiện Kết luận số 24 ngày 5/6/2012 của Bộ Chính trị về đẩy
mạnh công tác quy hoạch ... đến năm 2020` is no target for 2020. Its twins keep the year: a plan
approved or a target set (`đã phê duyệt Quy hoạch ... đến năm 2030`, `Nghị quyết ... đặt mục tiêu
đến năm 2020`), and a target stated in the title's run (`phấn đấu đến năm 2020`). The rule is
`dl.doc_title` in pipeline/rules/commitments.toml. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.extractors import run_extractors
from tests.helpers import commitment_rows, doc_of

TITLE_YEAR = [
    pytest.param(
        "Đoàn công tác của Bộ Chính trị sẽ tập trung kiểm tra việc thực hiện Kết luận số 24 ngày "
        "5/6/2012 của Bộ Chính trị về đẩy mạnh công tác quy hoạch và luân chuyển cán bộ lãnh đạo, "
        "quản lý đến năm 2020 tại tỉnh.",
        id="inspection-of-conclusion",
    ),
    pytest.param(
        "Các bộ, ngành sẽ tiếp tục thực hiện nghiêm chỉnh Nghị quyết số 35/NQ-CP ngày 16/5/2016 "
        "của Chính phủ về hỗ trợ và phát triển doanh nghiệp đến năm 2020.",
        id="carrying-out-resolution",
    ),
    pytest.param(
        "Sở Kế hoạch và Đầu tư sẽ tổng kết Kế hoạch số 12/KH-UBND của UBND tỉnh về phát triển "
        "công nghiệp hỗ trợ đến năm 2020.",
        id="review-of-plan",
    ),
]


@pytest.mark.parametrize("text", TITLE_YEAR)
def test_title_year_is_no_deadline(text: str) -> None:
    rows = commitment_rows(text)
    assert all(r.deadline != 2020 for r in rows), rows


KEPT_YEAR = [
    pytest.param(
        "Thủ tướng Chính phủ đã phê duyệt Quy hoạch phát triển giao thông vận tải đường bộ "
        "đến năm 2030.",
        2030,
        id="approved-plan",
    ),
    pytest.param(
        "Nghị quyết số 24/2016/QH14 của Quốc hội đặt mục tiêu đến năm 2020 giảm lãi suất cho vay "
        "trung bình trong nước.",
        2020,
        id="resolution-sets-target",
    ),
    pytest.param(
        "Tỉnh sẽ thực hiện Nghị quyết số 05 của Tỉnh ủy về phát triển du lịch, phấn đấu đến năm "
        "2020 đón 2 triệu lượt khách.",
        2020,
        id="target-in-title-run",
    ),
]


@pytest.mark.parametrize(("text", "year"), KEPT_YEAR)
def test_plan_year_is_kept(text: str, year: int) -> None:
    rows = commitment_rows(text)
    assert [r.deadline for r in rows] == [year], rows


DELEGATION = [
    pytest.param(
        "Ông Vương Đình Huệ dẫn đầu đoàn công tác của Bộ Chính trị sẽ làm việc với Ban Thường vụ "
        "Tỉnh ủy Bình Thuận.",
        id="leads-working-delegation",
    ),
    pytest.param(
        "Bộ trưởng Bộ Công Thương sẽ dẫn đầu đoàn doanh nghiệp Việt Nam sang Nhật Bản.",
        id="will-lead-business-delegation",
    ),
]


@pytest.mark.parametrize("text", DELEGATION)
def test_leading_a_delegation_is_no_target_status(text: str) -> None:
    """`dẫn đầu đoàn` leads a delegation; only a ranking (`dẫn đầu cả nước`) is a status."""
    rows = commitment_rows(text)
    assert rows == [], rows


def test_ranking_status_is_kept() -> None:
    rows = run_extractors(
        doc_of("Tỉnh Quảng Ninh phấn đấu dẫn đầu cả nước về chỉ số năng lực cạnh tranh cấp tỉnh.")
    )["commitments"]
    assert len(rows) == 1, rows
