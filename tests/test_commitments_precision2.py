"""Precision of commitments on random news, second pass: private persons, foreign parties,
targets reported as met, foreseen shortages and traffic, standing terms, spans of a story,
exam days and generic mission language.

Each class has sentences that must give no row, and beside them sentences of the same shape
that are commitments and must still give one, so that a rule that drops everything fails. The
sentences were written for these tests, after shapes read on bench articles.
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

NOT_COMMITMENTS = [
    pytest.param(
        "Sau khi nhận tiền đền bù, anh Nguyễn Văn Hùng sẽ mua thêm 2 chiếc xe tải.",
        id="person-anh",
    ),
    pytest.param(
        "Tài xế xe khách khẳng định sẽ chờ thêm 30 phút tại bến xe Mỹ Đình.",
        id="person-driver",
    ),
    pytest.param(
        "Tại bệnh viện, có 3 bệnh nhân sẽ được truyền máu trong 2 giờ tới.",
        id="person-patients",
    ),
    pytest.param(
        "Theo thỏa thuận, Chính phủ Hungary sẽ cung cấp 500.000 Euro cho bệnh viện này.",
        id="foreign-government",
    ),
    pytest.param(
        "Từ nay đến tháng 11/2017, các vòng đàm phán TPP sẽ tiếp tục được tổ chức ở 5 nước.",
        id="foreign-pact",
    ),
    pytest.param(
        "Đến nay, huyện Ba Vì đã hoàn thành 100% chỉ tiêu giao quân với 150 thanh niên.",
        id="met-quota",
    ),
    pytest.param(
        "Năm qua, tỉnh đã huy động vốn ODA với tổng trị giá cam kết đạt 2,5 tỷ USD.",
        id="met-pledged-total",
    ),
    pytest.param(
        "Từ nay đến năm 2020, Việt Nam sẽ thiếu 300.000 lao động ngành công nghệ thông tin.",
        id="forecast-shortage",
    ),
    pytest.param(
        "Theo tính toán, tổng tài sản công của tỉnh sẽ gấp 3 lần con số này.",
        id="forecast-ratio",
    ),
    pytest.param(
        "Làm tốt các việc trên, chắc chắn năm 2017 này huyện sẽ giảm 3 tiêu chí về tai nạn.",
        id="forecast-surely",
    ),
    pytest.param(
        "Dự kiến, mùa lễ hội chùa Hương năm nay sẽ đón trên 1,5 triệu lượt khách.",
        id="forecast-visitors",
    ),
    pytest.param(
        "Khi đưa vào sử dụng, tuyến xe buýt nhanh sẽ chuyên chở được khoảng 2.000 hành khách mỗi giờ.",
        id="forecast-capacity",
    ),
    pytest.param(
        "Xe tải biển số 29C của Công ty Hòa Bình có hạn kiểm định đến 30/4/2019.",
        id="standing-test-term",
    ),
    pytest.param(
        "Các giao dịch của sổ tiết kiệm tại tỉnh Lào Cai được thực hiện trong khoảng thời gian từ"
        " tháng 01/2017 đến tháng 4/2017.",
        id="span-of-a-story",
    ),
    pytest.param(
        "Sáng 9/5, học sinh lớp 11 toàn tỉnh Đồng Tháp sẽ thi 2 môn Lịch sử và Toán.",
        id="exam-day",
    ),
    pytest.param(
        "Chủ tịch Quốc hội đề nghị Chính phủ có giải pháp quyết liệt để hoàn thành nhiệm vụ phát"
        " triển kinh tế - xã hội những tháng còn lại của năm 2017.",
        id="generic-mission",
    ),
]

STILL_COMMITMENTS = [
    pytest.param(
        "UBND huyện Ba Vì sẽ hỗ trợ 2 tỷ đồng cho các hộ dân bị thiệt hại trong năm 2017.",
        id="body-with-sẽ",
    ),
    pytest.param(
        "Bộ Y tế yêu cầu các bệnh viện bảo đảm 100% bệnh nhân được khám trong ngày trước năm 2018.",
        id="request-about-patients",
    ),
    pytest.param(
        "Chính phủ sẽ bố trí 500 tỷ đồng để thực hiện cam kết trong Hiệp định TPP trong năm 2017.",
        id="government-on-a-pact",
    ),
    pytest.param(
        "Năm 2017, huyện Ba Vì phấn đấu hoàn thành 100% chỉ tiêu giao quân với 150 thanh niên.",
        id="quota-to-meet",
    ),
    pytest.param(
        "Năm 2017, Sở Du lịch tỉnh Quảng Bình phấn đấu đón 3 triệu lượt khách du lịch.",
        id="visitors-target",
    ),
    pytest.param(
        "UBND tỉnh Quảng Nam yêu cầu hoàn thành kiểm định toàn bộ 200 tàu cá trước 30/4/2018.",
        id="request-with-a-due-date",
    ),
    pytest.param(
        "Sở GD&ĐT tỉnh Đồng Tháp có kế hoạch tổ chức cho 2.000 học sinh thi lại trước ngày 30/5/2017.",
        id="authority-plans-a-resit",
    ),
    pytest.param(
        "UBND tỉnh Nam Định phấn đấu hoàn thành nhiệm vụ năm 2017 với tốc độ tăng trưởng đạt 8%.",
        id="mission-with-a-figure",
    ),
]


MORE_NOT_COMMITMENTS = [
    pytest.param(
        "Dự kiến cuối năm nay, sân bay Tân Sơn Nhất sẽ đạt 36 triệu lượt khách.",
        id="forecast-airport-traffic",
    ),
    pytest.param(
        "Việc thanh toán này áp dụng đối với người tham gia bảo hiểm y tế vào viện trước ngày"
        " 1/7/2017.",
        id="standing-rule-by-entry-day",
    ),
    pytest.param(
        "Theo ông Nam, lãi suất các khoản vay ODA của tỉnh giai đoạn tới năm 2010 chỉ khoảng 1%.",
        id="report-only-about",
    ),
]

MORE_NOT_COMMITMENTS += [
    pytest.param(
        "Báo cáo tài chính của nhà máy đến cuối năm 2016 cho thấy khoản lỗ lên tới 2.000 tỷ đồng.",
        id="report-finding",
    ),
]

MORE_STILL_COMMITMENTS = [
    pytest.param(
        "Bộ GTVT yêu cầu Cục Hàng không nâng công suất sân bay Tân Sơn Nhất lên 50 triệu lượt"
        " khách trước năm 2020.",
        id="traffic-target",
    ),
    pytest.param(
        "Bộ Y tế yêu cầu các bệnh viện thanh toán đủ cho người bệnh vào viện trước ngày"
        " 1/7/2017 và báo cáo trước ngày 30/9/2017.",
        id="request-beside-a-rule",
    ),
    pytest.param(
        "Kết quả kiểm tra cho thấy nhiều sai phạm, vì vậy UBND tỉnh Nghệ An yêu cầu thu hồi 2 tỷ"
        " đồng trước ngày 30/6/2017.",
        id="request-after-a-finding",
    ),
]


@pytest.mark.parametrize("text", NOT_COMMITMENTS + MORE_NOT_COMMITMENTS)
def test_no_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows == [], [row.evidence for row in rows]


@pytest.mark.parametrize("text", STILL_COMMITMENTS + MORE_STILL_COMMITMENTS)
def test_still_a_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows, "no row"


def test_scans_keep_their_trigger_words() -> None:
    """Every marker, past and forecast entry opens with known words, so that a sentence is
    scanned only by the entries whose words it holds (an entry that may open with anything,
    such as one opening with a look-behind alternation, makes the scan run the whole
    alternation on every sentence: the commitments stage then costs about a tenth more)."""
    from pipeline.extractors.commitments.rules import _rules
    from pipeline.text import fastre

    if fastre.constants() is None:
        pytest.skip("no regex internals here: the scan runs every entry by design")
    rules = _rules()
    assert rules.futures.triggers is not None
    assert rules.moods.triggers is not None
