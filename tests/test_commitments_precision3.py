"""Precision of commitments on random news, third pass (issue 14): telling the press, a
private person's request, and a question raised.

Each class has sentences that must give no row and, beside them, sentences of the same shape
that are commitments and must still give one, so that a rule that drops everything fails. The
sentences were written for these tests, after shapes read on bench articles.
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

NOT_COMMITMENTS = [
    pytest.param(
        "Ông Nguyễn Văn A, Trưởng phòng Kế hoạch tổng hợp (Bệnh viện Bạch Mai) cho biết, bệnh "
        "viện sẽ thông tin về sức khỏe của 10 bệnh nhân được chuyển về từ vụ tai biến.",
        id="inform-the-press",
    ),
    pytest.param(
        "Sau khi có kết quả kiểm tra, UBND tỉnh Yên Bái sẽ thông tin cho báo chí trước ngày "
        "15/8/2017.",
        id="inform-with-a-date",
    ),
    pytest.param(
        "Cuối đơn, nữ diễn viên yêu cầu cơ quan chức năng làm rõ 2 tài khoản mạo danh trong năm 2017.",
        id="request-by-an-actress",
    ),
    pytest.param(
        "Đây là câu hỏi ĐBQH Nguyễn Văn A, Phó giám đốc Sở Y tế TP.HCM đặt ra về tình hình "
        "năm 2017 tại phiên thảo luận.",
        id="question-raised",
    ),
]

STILL_COMMITMENTS = [
    pytest.param(
        "Sở Thông tin và Truyền thông sẽ xây dựng hệ thống thông tin cho 100% xã trong năm 2018.",
        id="information-system-to-build",
    ),
    pytest.param(
        "UBND tỉnh Yên Bái đề nghị Công an tỉnh làm rõ 3 nội dung trước ngày 10/9/2017.",
        id="request-by-an-authority",
    ),
    pytest.param(
        "Thành phố Hà Nội đặt ra mục tiêu trồng mới 1 triệu cây xanh đến năm 2020.",
        id="target-set",
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


PRIVATE_REQUESTS = [
    pytest.param(
        "Cơ quan công an đã tiếp nhận đơn của anh Trần Văn Dũng đề nghị làm rõ 3 nội dung.",
        True,
        id="complaint-of-a-man",
    ),
    pytest.param("Chị Lợi tiếp tục làm đơn yêu cầu cơ quan chức năng vào cuộc.", True, id="woman"),
    pytest.param("Luật sư Quynh đề nghị HĐXX hoãn phiên tòa trong 30 ngày.", True, id="lawyer"),
    pytest.param(
        "Ông Nguyễn Thanh Bình cũng đề nghị tỉnh Yên Bái đạt 100% vào năm 2020.",
        False,
        id="official-ong",
    ),
    pytest.param(
        "Bộ trưởng Trần Tuấn Anh đề nghị các địa phương hoàn thành trong năm 2017.",
        False,
        id="minister-named-anh",
    ),
    pytest.param(
        "Cảng vụ Hàng hải Thanh Hóa đã yêu cầu Công ty X dừng ngay hoạt động.",
        False,
        id="authority-named-thanh",
    ),
]


@pytest.mark.parametrize(("sentence", "vetoed"), PRIVATE_REQUESTS)
def test_a_private_persons_request_is_vetoed(sentence: str, vetoed: bool) -> None:
    """`veto.private_request`: a request counts only when an authority or a deputy makes it."""
    from pipeline.extractors.commitments.rules import _rules

    assert bool(_rules().veto.search(sentence)) is vetoed


OWNED_PLANS = [
    pytest.param(
        "Đây là một trong những mục tiêu phát triển bền vững của Liên hợp quốc đến năm 2030.",
        "fc.others_plan",
        id="un-goal",
    ),
    pytest.param(
        "Lễ khánh thành nhấn mạnh cam kết của công ty nhằm mở rộng sản xuất.",
        "fc.others_plan",
        id="the-companys-pledge",
    ),
    pytest.param(
        "Thành phố đặt mục tiêu thu hút vốn của doanh nghiệp đạt 10 tỷ USD.",
        None,
        id="owner-not-next-to-the-noun",
    ),
]


@pytest.mark.parametrize(("sentence", "entry_id"), OWNED_PLANS)
def test_a_plan_owned_by_others_is_no_target(sentence: str, entry_id: str | None) -> None:
    """`fc.others_plan`: a plan noun whose owner right after it is an international body, a
    foreign state or "the company" sets a forecast mood, so the anchors after it are reports."""
    from pipeline.extractors.commitments.rules import _rules
    from pipeline.extractors.commitments.scan import _lower

    found = {entry.id for _, entry in _rules().moods.finditer(sentence, _lower(sentence))}
    assert ("fc.others_plan" in found) is (entry_id is not None)


IF_THEN = [
    pytest.param(
        "Tôi rất tin rằng nếu Chính phủ có một chiến lược, một chính sách hợp với thực tế hỗ trợ "
        "các doanh nghiệp đầu tư thì 10 năm nữa, ngành ô tô trong nước sẽ đóng góp 5% GDP.",
        True,
        id="hypothetical-if-then",
    ),
    pytest.param(
        "UBND quận yêu cầu tháo dỡ trong 10 ngày và nếu chủ đầu tư không thực hiện thì sẽ "
        "bị cưỡng chế.",
        False,
        id="sanction-of-a-demand",
    ),
]


@pytest.mark.parametrize(("sentence", "vetoed"), IF_THEN)
def test_a_hypothetical_closed_by_thi_is_vetoed(sentence: str, vetoed: bool) -> None:
    """`veto.if_then`: `nếu ... thì ... sẽ` inside a sentence is a hypothetical, not a sanction."""
    from pipeline.extractors.commitments.rules import _rules

    assert bool(_rules().veto.search(sentence)) is vetoed


NEEDS = [
    pytest.param(
        "Thành phố có đến 81.000 hộ cần nhà ở xã hội trong giai đoạn 2016-2020.",
        True,
        id="households-need",
    ),
    pytest.param("Bác sĩ khuyến cáo người dân cần đến cơ sở y tế trong 24 giờ.", True, id="advice"),
    pytest.param(
        "Thành phố cần hoàn thành 5.000 căn nhà ở xã hội trong năm 2018.",
        False,
        id="the-city-needs",
    ),
]


@pytest.mark.parametrize(("sentence", "found"), NEEDS)
def test_what_people_need_is_no_target(sentence: str, found: bool) -> None:
    """`fc.need`: households' or people's needs set a forecast mood (a statistic, advice)."""
    from pipeline.extractors.commitments.rules import _rules
    from pipeline.extractors.commitments.scan import _lower

    ids = {entry.id for _, entry in _rules().moods.finditer(sentence, _lower(sentence))}
    assert ("fc.need" in ids) is found


PAST_DATES = [
    pytest.param(
        "Ngày 5/6/2017, Chủ tịch UBND tỉnh Quảng Ngãi Trần Ngọc Căng cho phép sử dụng bản đồ địa "
        "chính đo vẽ năm 1995 để làm cơ sở xác định diện tích đất.",
        False,
        id="permission-dated-in-the-past",
    ),
    pytest.param(
        "Ngày 5/6/2017, Chủ tịch UBND tỉnh Quảng Ngãi Trần Ngọc Căng cho phép sử dụng bản đồ địa "
        "chính đo vẽ năm 2018 để làm cơ sở xác định diện tích đất.",
        True,
        id="year-ahead-still-an-anchor",
    ),
    pytest.param(
        "Ngày 5/6/2017, Chủ tịch UBND tỉnh Quảng Ngãi Trần Ngọc Căng cho phép sử dụng 5.000 tỉ "
        "đồng từ nguồn vốn năm 2016 để bồi thường.",
        True,
        id="figure-beside-a-past-year",
    ),
]


@pytest.mark.parametrize(("text", "kept"), PAST_DATES)
def test_a_bare_past_year_makes_no_clause_concrete(text: str, kept: bool) -> None:
    """`events._past_date`: a bare year before the article's year is a past fact's date."""
    rows = commitment_rows(text)
    assert bool(rows) is kept, [r.evidence for r in rows]


BUSINESS_REQUESTS = [
    pytest.param(
        "Ông Nguyễn Văn C, Tổng Giám đốc Công ty KOSY kiến nghị với Thủ tướng là: nên cho nhà "
        "đầu tư thỏa thuận tối thiểu 70%.",
        True,
        id="company-head",
    ),
    pytest.param(
        "Chủ tịch Hiệp hội BĐS TP.HCM Lê Hoàng Châu kiến nghị cho phép thế chấp trong năm 2017.",
        True,
        id="business-association-head",
    ),
    pytest.param(
        "UBND tỉnh đề nghị Công ty Formosa hoàn thành lắp đặt thiết bị trước ngày 30/6/2017.",
        False,
        id="company-asked",
    ),
    pytest.param(
        "Giám đốc Sở Công Thương đề nghị các doanh nghiệp hoàn thành trước ngày 30/6/2017.",
        False,
        id="department-head",
    ),
]


@pytest.mark.parametrize(("sentence", "vetoed"), BUSINESS_REQUESTS)
def test_a_business_heads_request_is_vetoed(sentence: str, vetoed: bool) -> None:
    """`veto.business_request`: a company's or a business association's request is no target."""
    from pipeline.extractors.commitments.rules import _rules

    assert bool(_rules().veto.search(sentence)) is vetoed
