"""Targets stated without the usual markers (issue 14): named target statuses, a decision or a
wish with money, a plan set against a result, and requests with a deadline but no figure.

Each case runs the whole extractor chain on a short article written for this test (shapes
seen in corpus/train, not its sentences) and checks the rows: how many, and for each the
phrase its evidence must contain and its actor. An empty list means "no commitment here": the
same words reporting what happened, or said of a person, a film or a foreign state.
"""

from __future__ import annotations

import pytest

from pipeline.extractors import run_extractors
from tests.helpers import doc_of

# (phrase the evidence contains, actor)
CASES = [
    # --- a place made to become something (a named target status) ----------------------------
    pytest.param(
        "Tỉnh Lào Cai đã thu hút nhiều dự án lớn thời gian qua, nhằm đưa Lào Cai thành trung"
        " tâm kinh tế của vùng Tây Bắc.",
        [("đưa Lào Cai thành trung tâm kinh tế", "tỉnh Lào Cai")],
        id="purpose-after-a-report-is-a-goal",
    ),
    pytest.param(
        "UBND tỉnh Ninh Bình tổ chức lễ hội văn hóa, hướng tới xây dựng Ninh Bình trở thành một"
        " trong những trung tâm du lịch của cả nước.",
        [("xây dựng Ninh Bình trở thành", "UBND tỉnh Ninh Bình")],
        id="huong-toi-xay-dung-x-tro-thanh",
    ),
    pytest.param(
        "Bộ phim truyền hình năm ngoái đã đưa Minh Hằng trở thành diễn viên được yêu thích nhất.",
        [],
        id="no-past-dua-person-tro-thanh",
    ),
    pytest.param(
        "Ca sĩ Hồ Ngọc Hà đã xây dựng Hà Nội trở thành điểm hẹn âm nhạc của giới trẻ.",
        [],
        id="no-past-xay-dung-x-tro-thanh",
    ),
    # --- a decision or a wish with money ---------------------------------------------------
    pytest.param(
        "Tại Nghị quyết số 30/2016/QH14, Quốc hội đã cho phép sử dụng 3.000 tỷ đồng từ nguồn vốn"
        " trái phiếu Chính phủ giai đoạn 2017-2020 để giải phóng mặt bằng.",
        [("cho phép sử dụng 3.000 tỷ đồng", "Quốc hội")],
        id="past-decision-granting-money-for-a-period",
    ),
    pytest.param(
        "Năm 2015, UBND tỉnh Hà Nam đã quyết định bố trí 200 tỷ đồng để xây trường học.",
        [],
        id="no-past-decision-without-a-period",
    ),
    pytest.param(
        "UBND tỉnh Bình Định mong muốn được tiếp nhận khoản vay 100 triệu USD từ Ngân hàng Thế"
        " giới cho dự án cấp nước.",
        [("tiếp nhận khoản vay 100 triệu USD", "UBND tỉnh Bình Định")],
        id="body-wishing-to-receive-money",
    ),
    pytest.param(
        "Anh Nguyễn Văn Bình mong muốn được hỗ trợ 50 triệu đồng để sửa nhà.",
        [],
        id="no-person-wishing-to-receive-money",
    ),
    # --- requests with a deadline but no figure --------------------------------------------
    pytest.param(
        "Sở Y tế tỉnh Nghệ An yêu cầu báo cáo kết quả thanh tra về Sở trước ngày 15-3.",
        [("báo cáo kết quả thanh tra", "Sở Y tế tỉnh Nghệ An")],
        id="request-of-a-task-with-a-date",
    ),
    pytest.param(
        "Bộ Y tế yêu cầu Sở Y tế tỉnh Nghệ An kiểm tra toàn bộ các phòng khám tư nhân. Bộ Y tế"
        " cũng yêu cầu báo cáo kết quả về Bộ trước ngày 15-3.",
        [("báo cáo kết quả về Bộ", "Sở Y tế tỉnh Nghệ An")],
        id="request-naming-no-one-asks-the-one-asked-before",
    ),
    pytest.param(
        "Sở Y tế tỉnh Nghệ An yêu cầu báo cáo kết quả thanh tra về Sở.",
        [],
        id="no-request-of-a-task-without-a-time",
    ),
    pytest.param(
        "Bộ trưởng đồng ý trong hai tháng, trước 30-9, UBND tỉnh Khánh Hòa phải có văn bản trả lời,"
        " giải trình với Bộ Xây dựng về việc giữ nguyên hiện trạng khu đất ven biển và dừng cấp"
        " phép các dự án nghỉ dưỡng mới.",
        [("phải có văn bản trả lời", "UBND tỉnh Khánh Hòa")],
        id="reporting-verb-under-a-modal-is-the-task",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_unmarked_targets(text: str, expected: list[tuple[str, str | None]]) -> None:
    rows = run_extractors(doc_of(text, published_at="2017-05-10"))["commitments"]
    assert len(rows) == len(expected), [row.evidence for row in rows]
    for row, (phrase, actor) in zip(rows, expected, strict=True):
        assert phrase in row.evidence
        assert row.actor == actor, row.evidence
