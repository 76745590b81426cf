"""Precision of commitments on random news: shapes that look like targets and are not.

Each class of false positive seen on bench articles (reports against a limit, meeting
schedules, exam timetables, consequences, habits, questions raised ...) has a sentence that
must give no row, and beside it a sentence of the same shape that is a commitment and must
still give one, so that a rule that simply drops everything fails. The sentences were written
for these tests.
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

NOT_COMMITMENTS = [
    pytest.param(
        "Tỉnh Bắc Giang có tỷ lệ mẫu rau tồn dư hóa chất vượt ngưỡng cho phép là 6,2%.",
        id="limit-test-result",
    ),
    pytest.param(
        "Khoảng 1.500 lãnh đạo doanh nghiệp tại Hà Nội và 63 tỉnh, thành sẽ đối thoại với Thủ tướng Chính phủ.",
        id="meeting-attendance-dialogue",
    ),
    pytest.param(
        "Tuần tới, Quốc hội sẽ dành 2 ngày để thực hiện chất vấn với 3 Bộ trưởng.",
        id="meeting-questioning-schedule",
    ),
    pytest.param(
        "Tham dự lễ công bố sẽ có lãnh đạo UBND tỉnh Nghệ An và dự kiến 20 hộ dân.",
        id="meeting-attendance-list",
    ),
    pytest.param(
        "Phiên tòa của TAND tỉnh Đắk Lắk dự kiến sẽ xét xử kéo dài trong 5 ngày.",
        id="meeting-trial-schedule",
    ),
    pytest.param(
        "Sáng mai, hơn 80.000 thí sinh tỉnh Thanh Hóa sẽ tập trung tại các điểm thi.",
        id="exam-candidates",
    ),
    pytest.param(
        "Kết quả phúc khảo kỳ thi vào lớp 10 tại TP Hà Nội sẽ được thông báo tới 2.000 em vào"
        " ngày 15/7.",
        id="exam-review-results",
    ),
    pytest.param(
        "Khoảng 9.000 thí sinh ngoại tỉnh đăng ký vào trường ở TP.HCM sẽ phải thay đổi nguyện vọng.",
        id="exam-candidates-change",
    ),
    pytest.param(
        "Mất 3 vạn tấn lúa đồng nghĩa hơn 10 vạn người dân huyện Kỳ Anh sẽ thiếu đói.",
        id="consequence-dong-nghia",
    ),
    pytest.param(
        "Theo Bộ Tài chính, việc tăng phí sẽ làm tăng doanh thu của cảng thêm 200 tỷ đồng.",
        id="consequence-lam-tang",
    ),
    pytest.param(
        "Ở xã Kỳ Tân, như mọi năm 3 sào ruộng của gia đình sẽ cho khoảng 20 bao thóc.",
        id="habit-nhu-moi-nam",
    ),
    pytest.param(
        "Ở xã Kỳ Tân, thường khoảng 70% số hộ sẽ thu hoạch xong trong tháng 5.",
        id="habit-thuong-khoang",
    ),
    pytest.param(
        "Câu hỏi được đặt ra với UBND TP Hà Nội là vì sao 30 dự án chậm tiến độ vẫn chưa bị thu hồi.",
        id="question-dat-ra",
    ),
    pytest.param(
        "Theo Bộ GTVT, vấn đề đặt ra là giảm số người chết vì tai nạn từ 20 xuống 10 người mỗi ngày.",
        id="problem-dat-ra",
    ),
    pytest.param(
        "Tính đến hết năm 2016, tỉnh Hưng Yên có 1.467 dự án đầu tư còn hiệu lực.",
        id="as-of-tinh-den",
    ),
    pytest.param(
        "Xổ số kiến thiết Bình Dương đặt kế hoạch lợi nhuận năm 2017 đạt 399 tỷ đồng.",
        id="business-profit-plan",
    ),
    pytest.param(
        "Thủ tướng Anh Theresa May cam kết sẽ tái định cư cho 600 người dân London trong vòng 3"
        " tuần. Ông Boris Johnson ở Anh, bà Angela Merkel ở Đức, ông Macron ở Pháp và Mỹ đều lên"
        " tiếng.",
        id="foreign-official-in-news-of-abroad",
    ),
    pytest.param(
        "Năm 2016, kết quả thu hồi tài sản của tỉnh Nghệ An không đạt chỉ tiêu 70% nêu trong"
        " nghị quyết.",
        id="report-target-missed",
    ),
    pytest.param(
        "Theo Sở Y tế tỉnh Hòa Bình, 12 bệnh nhân này sẽ tiếp tục quá trình lọc máu chu kỳ.",
        id="patients-care-goes-on",
    ),
    pytest.param(
        "Theo Sở Y tế tỉnh Hòa Bình, cả 12 bệnh nhân đều sẽ được xuất viện.",
        id="patients-discharged",
    ),
    pytest.param(
        "Ông Chung cho biết thành phố Hà Nội chưa rõ 500 cây xà cừ nếu được đánh chuyển đi sẽ"
        " trồng lại ở đâu.",
        id="hypothetical-without-comma",
    ),
    pytest.param(
        "Đến ngày 28-3-2017, Công an tỉnh Cà Mau ra quyết định khởi tố vụ án.",
        id="narrative-den-ngay",
    ),
    pytest.param(
        "Đến năm 2016, tỷ lệ chi đầu tư phát triển của tỉnh Nghệ An chỉ chiếm còn 19,7%.",
        id="report-only-a-share",
    ),
    pytest.param(
        "Viện KSND huyện Bình Chánh đề nghị cấp phúc thẩm sửa bản án, tịch thu 12 tổ máy phát điện.",
        id="case-appeal-request",
    ),
    pytest.param(
        "Công an huyện Ngọc Hiển đang khẩn trương điều tra làm rõ 2 vụ trộm cắp xảy ra trên địa bàn.",
        id="case-investigation",
    ),
    pytest.param(
        "Rãnh thấp sẽ tiếp tục gây mưa rào cho hầu khắp các tỉnh, thành phố, nhiệt độ cao nhất"
        " không vượt quá 31 độ C.",
        id="weather-forecast",
    ),
    pytest.param(
        "Theo chị Hoa, năm 2008 anh lại bỏ đi khỏi huyện Thạch Thất tới năm 2014 mới về.",
        id="biography-toi-nam-moi",
    ),
    pytest.param(
        "HĐND TP Hà Nội thông qua đề án giai đoạn 2017-2020, tỷ lệ đại biểu tán thành trên 91%.",
        id="vote-result",
    ),
    pytest.param(
        "Năm 2016, sân bay Tân Sơn Nhất ở TP.HCM đón 32 triệu khách, vượt 28% so với quy hoạch"
        " đến năm 2020 là 25 triệu hành khách/năm.",
        id="report-against-a-plan",
    ),
    pytest.param(
        "Than Quảng Ninh và SHB Đà Nẵng gần như sẽ nắm tay nhau vào vòng bán kết, bởi lượt về 2"
        " đội sẽ được thi đấu trên sân nhà.",
        id="sport-semi-final",
    ),
]

STILL_COMMITMENTS = [
    pytest.param(
        "UBND tỉnh Bắc Ninh phấn đấu đến năm 2020 giảm tỷ lệ mẫu rau có dư lượng hóa chất xuống"
        " dưới 2%.",
        id="target-below-a-share",
    ),
    pytest.param(
        "UBND TP Hà Nội sẽ xây dựng lộ trình đến năm 2020, tỷ lệ tối đa chất thải rắn thông thường"
        " được chôn lấp là 50%.",
        id="target-maximum-share-ordinary-waste",
    ),
    pytest.param(
        "Tại kỳ họp, HĐND tỉnh Nam Định đặt mục tiêu năm 2018 tăng trưởng kinh tế đạt 9%.",
        id="target-set-at-a-meeting",
    ),
    pytest.param(
        "Sở GD&ĐT tỉnh Hà Tĩnh đặt ra mục tiêu năm 2018 có 95% số trường đạt chuẩn quốc gia.",
        id="target-dat-ra-muc-tieu",
    ),
    pytest.param(
        "UBND huyện Ba Vì cho phép xã Tản Lĩnh sử dụng 5 tỷ đồng để làm đường trong năm 2017.",
        id="decision-cho-phep",
    ),
    pytest.param(
        "Sở GD&ĐT tỉnh Nghệ An phấn đấu năm 2018 tỷ lệ thí sinh đỗ tốt nghiệp đạt 97%.",
        id="target-on-exam-candidates",
    ),
    pytest.param(
        "Bộ trưởng Nguyễn Văn Đức cho biết Chính phủ quyết tâm đạt tăng trưởng 6,7% trong năm 2017.",
        id="given-name-is-no-foreign-state",
    ),
    pytest.param(
        "UBND huyện Ba Vì yêu cầu chủ đầu tư tháo dỡ công trình trong vòng 15 ngày nếu không sẽ"
        " bị cưỡng chế.",
        id="demand-with-a-sanction",
    ),
    pytest.param(
        "UBND tỉnh Nghệ An phấn đấu đến năm 2020 tỷ lệ hộ nghèo chỉ còn 5%.",
        id="target-only-a-share-left",
    ),
    pytest.param(
        "Ban Chỉ đạo yêu cầu TAND tỉnh Nghệ An đưa ra xét xử 5 vụ án tham nhũng, khởi tố bị can"
        " trong năm 2017.",
        id="directive-on-cases",
    ),
    pytest.param(
        "Bắt đầu từ năm 2018, Bộ GD-ĐT sẽ bỏ mức điểm sàn mà thí sinh cần đạt khi xét tuyển.",
        id="exam-policy-of-the-ministry",
    ),
]


@pytest.mark.parametrize("text", NOT_COMMITMENTS)
def test_no_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows == [], [row.evidence for row in rows]


@pytest.mark.parametrize("text", STILL_COMMITMENTS)
def test_still_a_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows, "no row"
