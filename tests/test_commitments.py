"""The commitments extractor: one row per concrete target, with its own deadline and values.

The main table runs the whole extractor chain (localities, figures, officials, commitments) on
one-sentence articles, the way the pipeline does, and checks the rows: how many, and for each
the phrase its evidence must contain, its deadline and its values. An empty list means "no
commitment here" (a past report, a forecast, a company's plan, a question ...). The sentences
were written for these tests; none comes from the dev corpus.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.commitments_model import (
    MODEL,
    ClauseModel,
    clause_model,
    commitment_probability,
    export,
    fit,
    load_training,
)
from pipeline.extractors import run_extractors
from pipeline.extractors.commitments import extract_commitments
from pipeline.tables import CommitmentRow, FigureRow
from pipeline.text.clauses import DEADLINE, FIGURE, STATUS, Anchor, split_clauses
from tests.helpers import commitment_rows, doc_of

B = 1_000_000_000  # tỷ
M = 1_000_000  # triệu

# (phrase the evidence contains, deadline, values)
CASES = [
    # --- targets with a deadline and figures -------------------------------------------------
    pytest.param(
        "Huyện Sóc Sơn phấn đấu đến năm 2020 có 100% số xã đạt chuẩn nông thôn mới.",
        [("100% số xã đạt chuẩn", 2020, [100])],
        id="phan-dau-den-nam",
    ),
    pytest.param(
        "Bộ Y tế đặt mục tiêu đến năm 2025 giảm 30% tình trạng quá tải bệnh viện.",
        [("giảm 30% tình trạng quá tải", 2025, [30])],
        id="dat-muc-tieu",
    ),
    pytest.param(
        "Bộ Nông nghiệp đề ra mục tiêu đến năm 2020 kim ngạch xuất khẩu cá tra đạt 3 tỷ USD và năm 2030 là 6 tỷ USD.",
        [("đạt 3 tỷ USD", 2020, [3 * B]), ("năm 2030 là 6 tỷ USD", 2030, [6 * B])],
        id="list-under-one-heading-va-nam",
    ),
    pytest.param(
        "UBND thành phố Hà Nội phấn đấu đến năm 2020 thị phần xe buýt đạt 30% tổng nhu cầu đi lại, năm 2030 khoảng 50%.",
        [("đạt 30%", 2020, [30]), ("năm 2030 khoảng 50%", 2030, [50])],
        id="list-under-one-heading-comma-nam",
    ),
    pytest.param(
        "UBND thành phố đề xuất Chính phủ cho tạm ứng 3.303 tỷ đồng vốn ODA năm 2018 cho dự án"
        " tuyến metro số 1.",
        [("tạm ứng 3.303 tỷ đồng vốn ODA năm 2018", 2018, [3303 * B])],
        id="bare-year-inside-the-clause-when-nothing-else-is-written",
    ),
    pytest.param(
        "Ông Trần Văn An sẽ làm giám đốc Sở Nội vụ, được biết ông An sinh năm 1968.",
        [],
        id="birth-year-is-no-deadline",
    ),
    pytest.param(
        "UBND tỉnh yêu cầu Sở Xây dựng báo cáo kết quả rà soát 12 dự án trước tháng 12.2018.",
        [("12 dự án trước tháng 12.2018", 2018, [12])],
        id="due-month-with-dotted-year",
    ),
    pytest.param(
        "Thành phố yêu cầu Sở Công Thương hoàn thành di dời 30 nhà hàng nổi trong tháng 2-2018.",
        [("30 nhà hàng nổi trong tháng 2-2018", 2018, [30])],
        id="due-month-with-dashed-year",
    ),
    pytest.param(
        "UBND thành phố Đà Nẵng cho biết từ nay đến 30-8 sẽ tạm dừng triển khai quy hoạch Khu du lịch Sơn Trà.",
        [("tạm dừng triển khai quy hoạch", None, [])],
        id="due-date-with-a-dash-no-year",
    ),
    pytest.param(
        "Dự kiến ngày 25/6, Sở Giao thông vận tải tỉnh Bình Định báo cáo kết luận giám định lên UBND tỉnh.",
        [("báo cáo kết luận giám định", None, [])],
        id="du-kien-ngay-no-year",
    ),
    pytest.param(
        "Từ tháng 9 năm nay, Sở Giáo dục tỉnh Bình Định sẽ đào tạo giáo viên cốt cán theo hình thức cuốn chiếu.",
        [("đào tạo giáo viên cốt cán", None, [])],
        id="tu-thang-no-year",
    ),
    pytest.param(
        "Xã Tân Lập quyết tâm về đích nông thôn mới trong năm 2018.",
        [("về đích nông thôn mới", 2018, [])],
        id="quyet-tam-status-no-figure",
    ),
    pytest.param(
        "Tỉnh Hà Giang đặt mục tiêu đón 1,5 triệu lượt khách du lịch vào năm 2020.",
        [("đón 1,5 triệu lượt khách", 2020, [1_500_000])],
        id="vao-nam",
    ),
    pytest.param(
        "Trong năm 2018, Công an tỉnh Đồng Nai phấn đấu kéo giảm 5% số vụ phạm pháp hình sự.",
        [("kéo giảm 5% số vụ", 2018, [5])],
        id="trong-nam-head",
    ),
    pytest.param(
        "Tỉnh Kiên Giang dự kiến thu ngân sách năm 2018 đạt 7.500 tỷ đồng.",
        [("thu ngân sách năm 2018", 2018, [7500 * B])],
        id="du-kien-nam-after-verb",
    ),
    pytest.param(
        "Quận Hoàng Mai dự kiến đầu tư 200 tỷ đồng cải tạo 5 hồ nước trong năm 2018.",
        [("cải tạo 5 hồ nước", 2018, [200 * B, 5])],
        id="du-kien-two-values",
    ),
    pytest.param(
        "Theo kế hoạch, đến năm 2019 tỉnh Bắc Giang sẽ hoàn thành cao tốc với tổng vốn 5.000 tỷ"
        " đồng.",
        [("hoàn thành cao tốc", 2019, [5000 * B])],
        id="theo-ke-hoach",
    ),
    pytest.param(
        "Tại huyện Ba Vì, Chủ tịch UBND huyện cho biết, huyện sẽ xây dựng 20 km đường giao thông"
        " trong năm 2018.",
        [("xây dựng 20 km đường", 2018, [20])],
        id="se-after-reporting-frame",
    ),
    pytest.param(
        "Ngành giáo dục tỉnh Nghệ An sẽ tuyển dụng 500 giáo viên mầm non trong năm học 2018 - 2019.",
        [("tuyển dụng 500 giáo viên", 2019, [500])],
        id="nam-hoc-period",
    ),
    pytest.param(
        "HĐND thành phố Hải Phòng quyết nghị tăng học phí 10% từ năm học 2018 - 2019.",
        [("tăng học phí 10%", 2019, [10])],
        id="decision-council",
    ),
    pytest.param(
        "Thủ tướng đồng ý bổ sung 2.000 tỷ đồng cho tỉnh Quảng Nam để khắc phục hậu quả bão.",
        [("bổ sung 2.000 tỷ đồng", None, [2000 * B])],
        id="decision-no-year",
    ),
    pytest.param(
        "Hà Nội sẽ trồng mới 1 triệu cây xanh trong giai đoạn 2016 - 2020.",
        [("trồng mới 1 triệu cây xanh", 2020, [M])],
        id="giai-doan-tail",
    ),
    # --- periods ------------------------------------------------------------------------------
    pytest.param(
        "Trong giai đoạn 2018 - 2020, tỉnh Nghệ An có kế hoạch nâng cấp 300 km đường giao thông"
        " nông thôn.",
        [("nâng cấp 300 km đường", 2020, [300])],
        id="period-head-ke-hoach",
    ),
    pytest.param(
        "Giai đoạn 2018 - 2020, thành phố Cần Thơ dành 3.000 tỷ đồng để chống ngập.",
        [("dành 3.000 tỷ đồng", 2020, [3000 * B])],
        id="period-as-marker",
    ),
    pytest.param(
        "Sở Xây dựng Hà Nội dự kiến cải tạo 10 chung cư cũ trong giai đoạn 2018 - 2022.",
        [("cải tạo 10 chung cư", 2022, [10])],
        id="period-own",
    ),
    pytest.param(
        "HĐND tỉnh Hà Tĩnh thông qua Đề án phát triển du lịch giai đoạn 2018 - 2025 với mục tiêu"
        " đón 5 triệu lượt khách.",
        [("đón 5 triệu lượt khách", 2025, [5 * M])],
        id="approved-scheme",
    ),
    # --- two targets in one sentence: each keeps its own deadline and values ------------------
    pytest.param(
        "Tỉnh Long An phấn đấu đến năm 2020 có 50% xã đạt chuẩn nông thôn mới, 2 huyện đạt chuẩn"
        " huyện nông thôn mới.",
        [("50% xã đạt chuẩn", 2020, [50]), ("2 huyện đạt chuẩn", 2020, [2])],
        id="two-targets-head-deadline-shared",
    ),
    pytest.param(
        "Huyện Mỹ Đức sẽ hoàn thành 19 tiêu chí nông thôn mới vào năm 2019, đồng thời xây dựng 5"
        " trường đạt chuẩn quốc gia.",
        [("hoàn thành 19 tiêu chí", 2019, [19]), ("xây dựng 5 trường", None, [5])],
        id="two-targets-tail-deadline-not-shared",
    ),
    pytest.param(
        "Tỉnh Quảng Ninh phấn đấu đến năm 2025 trở thành trung tâm du lịch quốc tế, thu hút 15"
        " triệu lượt khách mỗi năm.",
        [
            ("trở thành trung tâm du lịch", 2025, []),
            ("thu hút 15 triệu lượt khách", 2025, [15 * M]),
        ],
        id="status-then-figure",
    ),
    pytest.param(
        "Trong năm 2018, Thanh tra tỉnh Thanh Hóa sẽ tiến hành 25 cuộc thanh tra hành chính và 10"
        " cuộc thanh tra chuyên ngành.",
        [
            ("25 cuộc thanh tra hành chính", 2018, [25]),
            ("10 cuộc thanh tra chuyên ngành", 2018, [10]),
        ],
        id="two-figures-joined-by-va",
    ),
    pytest.param(
        "Thành phố Đà Nẵng phấn đấu năm 2018 thu ngân sách đạt 16.000 tỷ đồng, giải ngân 100% vốn"
        " đầu tư công.",
        [("16.000 tỷ đồng", 2018, [16000 * B]), ("giải ngân 100% vốn", 2018, [100])],
        id="list-of-targets-after-phan-dau",
    ),
    pytest.param(
        "Quận Cầu Giấy đã xây dựng 12 trường học trong năm 2016 và sẽ xây thêm 5 trường trong năm"
        " 2018.",
        [("xây thêm 5 trường", 2018, [5])],
        id="past-then-future-no-leak",
    ),
    pytest.param(
        "Tỉnh Bình Thuận sẽ sử dụng 1.200 ha cho các dự án năng lượng; 300 ha cho các dự án du lịch"
        " và 150 ha cho các khu tái định cư.",
        [
            ("1.200 ha cho các dự án năng lượng", None, [1200]),
            ("300 ha cho các dự án du lịch", None, [300]),
            ("150 ha cho các khu tái định cư", None, [150]),
        ],
        id="semicolon-list-inherits-se",
    ),
    pytest.param(
        "Tỉnh Hòa Bình sẽ chi 40 tỷ đồng cho dự án (năm 2016 đã chi 15 tỷ đồng) trong năm 2018.",
        [("chi 40 tỷ đồng", 2018, [40 * B])],
        id="bracketed-aside-does-not-leak",
    ),
    # --- requests, assignments, commitments with a due date ------------------------------------
    pytest.param(
        "UBND tỉnh Lâm Đồng yêu cầu Sở Giao thông vận tải hoàn thành sửa chữa đèo Prenn trước ngày"
        " 30/6/2018.",
        [("hoàn thành sửa chữa đèo Prenn", 2018, [])],
        id="request-due-date",
    ),
    pytest.param(
        "Chủ tịch UBND tỉnh giao Sở Nông nghiệp và Phát triển nông thôn hoàn thành đề án tái cơ cấu"
        " trong quý III năm 2018.",
        [("hoàn thành đề án tái cơ cấu", 2018, [])],
        id="assignment-quarter",
    ),
    pytest.param(
        "UBND tỉnh Thừa Thiên Huế cam kết giải phóng mặt bằng xong trước ngày 30/9/2018.",
        [("giải phóng mặt bằng", 2018, [])],
        id="cam-ket-date",
    ),
    pytest.param(
        "Tỉnh Bình Thuận đề nghị Bộ Tài nguyên và Môi trường cho phép chuyển đổi 150 ha rừng để làm"
        " dự án điện mặt trời.",
        [("chuyển đổi 150 ha rừng", None, [150])],
        id="request-with-figure",
    ),
    pytest.param(
        "UBND huyện Lục Nam đề nghị tỉnh Bắc Giang xem xét công nhận xã Bảo Sơn đạt chuẩn nông thôn"
        " mới.",
        [("đạt chuẩn nông thôn mới", None, [])],
        id="request-with-status",
    ),
    pytest.param(
        "Thủ tướng yêu cầu các bộ rút ngắn 1/3 thời gian thẩm định dự án.",
        [("rút ngắn 1/3 thời gian", None, [Decimal("0.3333")])],
        id="fraction-of-time",
    ),
    pytest.param(
        "Thanh tra Chính phủ sẽ thanh tra việc quản lý đất đai tại tỉnh Đồng Nai trong 45 ngày.",
        [("trong 45 ngày", None, [45])],
        id="duration-is-concrete",
    ),
    pytest.param(
        "Huyện Đông Anh bắt tay triển khai ngay 40 công trình giao thông nông thôn.",
        [("triển khai ngay 40 công trình", None, [40])],
        id="urgency",
    ),
    # --- not commitments ------------------------------------------------------------------
    pytest.param(
        "Năm 2016, tỉnh Bắc Ninh đã thu hút 120 dự án đầu tư với tổng vốn 2 tỷ USD.",
        [],
        id="no-past-report",
    ),
    pytest.param(
        "Trong 6 tháng đầu năm, thu ngân sách của tỉnh Bình Dương đạt 24.000 tỷ đồng, bằng 55% dự"
        " toán.",
        [],
        id="no-half-year-result",
    ),
    pytest.param(
        "Năm qua, huyện Thạch Thất đã xây dựng 15 km đường bê tông nông thôn.",
        [],
        id="no-nam-qua",
    ),
    pytest.param(
        "Tỉnh Tiền Giang vừa khánh thành cầu Mỹ Lợi với tổng vốn 1.800 tỷ đồng.",
        [],
        id="no-vua",
    ),
    pytest.param(
        "Huyện Gia Lâm đã hoàn thành 19 tiêu chí nông thôn mới từ năm 2016.",
        [],
        id="no-status-reached",
    ),
    pytest.param(
        "Số vụ tai nạn giao thông ở tỉnh Hải Dương giảm 15% so với cùng kỳ năm 2016.",
        [],
        id="no-comparison",
    ),
    pytest.param(
        "Hiện nay tỷ lệ hộ nghèo của huyện Mường Nhé còn 35%.",
        [],
        id="no-present-state",
    ),
    pytest.param(
        "Tỉnh sẽ tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân.",
        [],
        id="no-vague-intention",
    ),
    pytest.param(
        "Thành phố Huế sẽ tăng cường công tác quản lý trật tự đô thị.",
        [],
        id="no-vague-se",
    ),
    pytest.param(
        "Theo dự báo, đến năm 2020 dân số TP Hồ Chí Minh sẽ đạt 10 triệu người.",
        [],
        id="no-forecast",
    ),
    pytest.param(
        "Các chuyên gia dự báo tăng trưởng GDP của Việt Nam năm 2018 đạt 6,7%.",
        [],
        id="no-experts-forecast",
    ),
    pytest.param(
        "Sự kiện sẽ có ý nghĩa quan trọng đối với ngành du lịch tỉnh Khánh Hòa.",
        [],
        id="no-expected-effect",
    ),
    pytest.param(
        "Công ty cổ phần Vinamilk dự kiến đầu tư 500 tỷ đồng xây nhà máy mới tại tỉnh Bình Dương.",
        [],
        id="no-company-plan",
    ),
    pytest.param(
        "Tập đoàn Vingroup sẽ khởi công 5 bệnh viện trong năm 2018.",
        [],
        id="no-group-plan",
    ),
    pytest.param(
        "Năm 2018, công ty đặt mục tiêu lợi nhuận sau thuế 500 tỷ đồng.",
        [],
        id="no-business-target",
    ),
    pytest.param(
        "Chính phủ Nhật Bản sẽ hỗ trợ 300 triệu USD cho các nước ASEAN.",
        [],
        id="no-foreign-government",
    ),
    pytest.param(
        "Tổng thống Mỹ cam kết cắt giảm 20% thuế doanh nghiệp vào năm 2018.",
        [],
        id="no-foreign-leader",
    ),
    pytest.param(
        "Phân khúc nhà giá rẻ của thành phố Hà Nội sẽ rất sôi động trong năm 2018.",
        [],
        id="no-state-foreseen-se-rat",
    ),
    pytest.param(
        "Năm 2018, thị trường căn hộ giá rẻ của thành phố Hà Nội được đánh giá sẽ sôi động hơn.",
        [],
        id="no-state-foreseen-duoc-danh-gia-se",
    ),
    pytest.param(
        "Lãi suất cho vay mua nhà ở xã hội tại thành phố Hà Nội sẽ bị thả nổi sau năm 2018.",
        [],
        id="no-state-foreseen-se-bi",
    ),
    pytest.param(
        "Các nhà mạng cho biết họ dự kiến khai trương dịch vụ 4G tại Hà Nội trong quý 1/2017.",
        [],
        id="no-they-pronoun-subject",
    ),
    pytest.param(
        "Tại buổi gặp, các chủ tàu cho biết họ đề nghị UBND tỉnh Bình Định hỗ trợ 100 triệu đồng mỗi tàu trong năm 2017.",
        [],
        id="no-they-pronoun-request",
    ),
    pytest.param(
        "Năm Du lịch Quốc gia tỉnh Lào Cai năm 2017 sẽ chính thức diễn ra vào ngày 11/2 tại thành phố Lào Cai.",
        [],
        id="no-event-scheduled-chinh-thuc",
    ),
    pytest.param(
        "Đội tuyển Việt Nam sẽ có 2 trận giao hữu trước vòng loại World Cup 2022.",
        [],
        id="no-sport",
    ),
    pytest.param(
        "Tiền vệ người Lâm Đồng sẽ phải trải qua 2 lần phẫu thuật trong tháng 5/2018.",
        [],
        id="no-sport-player-by-position",
    ),
    pytest.param(
        "Câu lạc bộ Hà Nội đặt mục tiêu vô địch V.League với 60 điểm.",
        [],
        id="no-club-target",
    ),
    pytest.param(
        "Liệu thành phố Hà Nội có đạt mục tiêu tăng trưởng 8,5% trong năm nay?",
        [],
        id="no-question",
    ),
    pytest.param(
        "Nếu được Trung ương hỗ trợ, tỉnh Cà Mau sẽ xây dựng 50 km đê biển.",
        [],
        id="no-hypothetical",
    ),
    pytest.param(
        "Theo Chủ tịch UBND tỉnh nếu làm tốt việc tầm soát, mỗi năm tỉnh sẽ có 5.000 người được"
        " phát hiện sớm bệnh.",
        [],
        id="no-hypothetical-inside-the-sentence",
    ),
    pytest.param(
        "UBND quận yêu cầu các hộ tháo dỡ 20 ki-ốt nếu chưa có giấy phép, chậm nhất ngày"
        " 30/6/2018.",
        [("tháo dỡ 20 ki-ốt", 2018, [])],
        id="condition-inside-a-request-without-se-is-no-hypothetical",
    ),
    pytest.param(
        "Nhiều chuyên gia cho rằng thành phố Hồ Chí Minh cần đầu tư 10.000 tỷ đồng cho chống ngập.",
        [],
        id="no-critics",
    ),
    pytest.param(
        "Dự án được UBND tỉnh Quảng Ngãi phê duyệt năm 2010 với tổng mức đầu tư 400 tỷ đồng.",
        [],
        id="no-approved-long-ago",
    ),
    pytest.param(
        "Năm 2005 ông được bổ nhiệm làm Giám đốc Sở Tài chính tỉnh Bình Định.",
        [],
        id="no-career",
    ),
    pytest.param(
        "Mức hỗ trợ hiện nay là 2 triệu đồng mỗi tháng cho mỗi hộ nghèo ở huyện Mường Nhé.",
        [],
        id="no-standing-policy",
    ),
    pytest.param(
        "Lễ hội hoa Đà Lạt sẽ diễn ra từ ngày 20 đến 24/12 tại tỉnh Lâm Đồng.",
        [],
        id="no-festival",
    ),
    pytest.param(
        "Hội nghị dự kiến được tổ chức vào ngày 25/6 tại thành phố Hà Nội với 300 đại biểu.",
        [],
        id="no-meeting-scheduled",
    ),
    pytest.param(
        "Tôi sẽ cố gắng tiết kiệm 5 triệu đồng mỗi tháng để mua nhà ở Hà Nội.",
        [],
        id="no-personal-plan",
    ),
    pytest.param(
        "Tỉnh Quảng Bình đã đặt mục tiêu đón 3 triệu lượt khách nhưng đến nay mới đạt 40%.",
        [],
        id="no-missed-target",
    ),
    pytest.param(
        "Tỉnh sẽ tiếp tục quan tâm đến đời sống của 2.000 hộ nghèo.",
        [],
        id="no-vague-with-count",
    ),
    # --- shapes met in unseen articles ------------------------------------------------------
    pytest.param(
        "Sở Tài chính yêu cầu UBND huyện Bảo Lâm báo cáo việc sử dụng 12 tỷ đồng vốn sự nghiệp."
        " Thực hiện nộp vào ngân sách tỉnh số tiền 3 tỷ 250 triệu đồng chi sai chế độ. Đồng thời"
        " rà soát lại dự toán để giảm trừ 1 tỷ 480 triệu đồng khi thanh toán.",
        [
            ("báo cáo việc sử dụng", None, [12 * B]),
            ("Thực hiện nộp vào ngân sách", None, [3250 * M]),
            ("giảm trừ 1 tỷ 480 triệu đồng", None, [1480 * M]),
        ],
        id="request-list-runs-on-over-sentences",
    ),
    # --- a breakdown after a target carries its own figures under that target ---------------
    pytest.param(
        "Trong năm 2018, tỉnh Long An sẽ khởi công tổng cộng 40 công trình giao thông."
        " Trong đó có 25 công trình dùng vốn ngân sách tỉnh với 1.200 tỷ đồng.",
        [
            ("khởi công tổng cộng 40 công trình", 2018, [40]),
            ("Trong đó có 25 công trình", 2018, [25, 1200 * B]),
        ],
        id="breakdown-trong-do-after-a-target",
    ),
    pytest.param(
        "Năm 2017, tỉnh Long An đã khởi công 40 công trình giao thông."
        " Trong đó có 25 công trình dùng vốn ngân sách tỉnh.",
        [],
        id="no-breakdown-after-a-report",
    ),
    pytest.param(
        "Dự báo năm 2018 giá lúa sẽ tăng 10%. Trong đó, giá lúa chất lượng cao tăng 15%.",
        [],
        id="no-breakdown-after-a-forecast",
    ),
    pytest.param(
        "Năm 2018, tỉnh Long An phấn đấu trồng mới 500 ha rừng."
        " Tập trung hoàn thành 30 km đê bao chống ngập.",
        [("trồng mới 500 ha rừng", 2018, [500]), ("hoàn thành 30 km đê bao", 2018, [30])],
        id="plan-item-bare-directive-verb-after-a-target",
    ),
    pytest.param(
        "Đến năm 2020, tỉnh Quảng Ninh phấn đấu đón 15 triệu lượt khách du lịch. Phát triển hạ"
        " tầng du lịch đồng bộ, đưa Hạ Long trở thành trung tâm du lịch quốc gia.",
        [("đón 15 triệu lượt khách", 2020, [15 * M]), ("đưa Hạ Long trở thành", 2020, [])],
        id="plan-item-bare-plan-verb-with-a-status",
    ),
    pytest.param(
        "Năm 2017, tỉnh Long An đã trồng mới 500 ha rừng."
        " Tập trung hoàn thành 30 km đê bao chống ngập.",
        [],
        id="no-plan-item-after-a-report",
    ),
    pytest.param(
        "Tỉnh Long An sẽ khởi công 40 công trình giao thông trong năm 2018."
        " Ngoài ra, nhiều hộ dân có 25 ha lúa bị ngập.",
        [("khởi công 40 công trình", 2018, [40])],
        id="no-breakdown-without-its-opener",
    ),
    pytest.param(
        "Sở Tài chính yêu cầu UBND huyện Bảo Lâm báo cáo việc sử dụng 12 tỷ đồng vốn sự nghiệp."
        " Huyện đã nộp 3 tỷ đồng vào ngân sách tỉnh.",
        [("báo cáo việc sử dụng", None, [12 * B])],
        id="request-list-ends-at-a-sentence-with-a-subject",
    ),
    pytest.param(
        "Sở Tài chính yêu cầu UBND huyện Bảo Lâm thực hiện các kiến nghị và báo cáo kết quả thực"
        " hiện về Sở trước ngày 30/9/2018.",
        [("báo cáo kết quả thực hiện", 2018, [])],
        id="report-of-results-asked-for-is-no-past",
    ),
    pytest.param(
        "Sau nhiều năm chờ đợi, đến đầu năm 2018, huyện Mường Tè mới xây được 3 cây cầu treo.",
        [],
        id="no-moi-duoc-so-far-report",
    ),
    pytest.param(
        "Kết quả phân tích cho thấy 4 chỉ tiêu kim loại nặng của tỉnh Cà Mau đều nằm trong giới"
        " hạn cho phép.",
        [],
        id="no-counted-chi-tieu-lab-result",
    ),
    pytest.param(
        "Thanh tra tỉnh Phú Thọ đã ký quyết định thanh tra. Thời hạn thanh tra trong vòng 30 ngày"
        " kể từ ngày công bố quyết định.",
        [("trong vòng 30 ngày", None, [30])],
        id="inspection-term-duration",
    ),
    pytest.param(
        "UBND huyện Vân Đồn cho doanh nghiệp thuê đất với thời hạn thuê là 50 năm.",
        [],
        id="no-lease-term",
    ),
    pytest.param(
        "Thanh tra tỉnh Phú Thọ cho biết thời gian kiểm tra từ tháng 3/2016 đến nay.",
        [],
        id="no-inspection-period-so-far",
    ),
    pytest.param(
        "Theo đề án của UBND tỉnh Quảng Trị, giai đoạn 2 (từ năm 2021 đến năm 2025), tổng nhu cầu"
        " vốn khoảng 9.000 tỷ đồng.",
        [("tổng nhu cầu vốn", 2025, [9000 * B])],
        id="phase-years-in-brackets",
    ),
    pytest.param(
        "Theo UBND tỉnh Quảng Trị, giai đoạn 3, sau năm 2025, mở rộng toàn tuyến đường ven biển"
        " theo quy hoạch được duyệt.",
        [("mở rộng toàn tuyến", None, [])],
        id="phase-after-a-year-has-no-deadline",
    ),
    pytest.param(
        "Trong năm 2018 sẽ diễn ra nhiều hoạt động văn hóa, trong đó có 8 hoạt động do Sở Văn hóa"
        " tỉnh Hà Giang chủ trì tổ chức; 5 hoạt động do huyện Đồng Văn chủ trì tổ chức.",
        [("8 hoạt động", 2018, [8]), ("5 hoạt động", 2018, [5])],
        id="programme-counted-by-organiser",
    ),
    pytest.param(
        "Hội nghị sẽ diễn ra vào ngày 12/5 tại tỉnh Hà Giang với 300 đại biểu.",
        [],
        id="no-event-without-organiser",
    ),
    pytest.param(
        "Công ty Hòa Phát sẽ đầu tư nhà máy thép tại tỉnh Quảng Ngãi. Quy mô vốn đầu tư dự kiến"
        " là 2 tỷ USD.",
        [],
        id="no-company-plan-in-next-sentence",
    ),
    pytest.param(
        "UBND tỉnh Quảng Ngãi tổ chức hội nghị xúc tiến đầu tư. Vinacapital sẽ đầu tư 500 triệu"
        " USD vào khu du lịch trong năm 2018.",
        [],
        id="no-company-named-at-sentence-start",
    ),
    pytest.param(
        "UBND quận Hà Đông ra quyết định đình chỉ xây dựng. Quyết định yêu cầu chủ đầu tư thực"
        " hiện trong vòng 10 ngày, nếu không sẽ bị cưỡng chế thi hành.",
        [("trong vòng 10 ngày", None, [10])],
        id="demand-with-sanction-is-no-hypothetical",
    ),
    pytest.param(
        "Nếu không có vốn, tỉnh Bắc Kạn sẽ dừng 5 dự án trong năm 2018.",
        [],
        id="no-hypothetical-neu-khong-at-head",
    ),
    pytest.param(
        "UBND phường Phú Lương yêu cầu trong vòng 60 ngày, chủ công trình phải phá dỡ phần xây"
        " dựng sai phép.",
        [("trong vòng 60 ngày", None, [60])],
        id="request-verb-before-its-term",
    ),
]


def _values(row: CommitmentRow) -> list[float]:
    return [float(v) for v in row.values]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_clause_table(text: str, expected: list[tuple[str, int | None, list]]) -> None:
    rows = commitment_rows(text)
    assert len(rows) == len(expected), [row.evidence for row in rows]
    for row, (phrase, deadline, values) in zip(rows, expected, strict=True):
        assert phrase in row.evidence
        assert row.deadline == deadline, row.evidence
        assert _values(row) == pytest.approx([float(v) for v in values], rel=1e-3)


def test_table_has_enough_cases_of_both_kinds() -> None:
    positives = sum(1 for case in CASES if case.values[1])
    negatives = sum(1 for case in CASES if not case.values[1])
    assert positives + negatives >= 60
    assert positives >= 25 and negatives >= 25


# --- actors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        pytest.param(
            "Tại huyện Ba Vì, Chủ tịch UBND huyện cho biết, huyện sẽ xây dựng 20 km đường giao"
            " thông trong năm 2018.",
            "huyện Ba Vì",
            id="bare-huyen-resolved-from-paragraph",
        ),
        pytest.param(
            "UBND tỉnh Lâm Đồng yêu cầu Sở Giao thông vận tải hoàn thành sửa chữa đèo Prenn trước"
            " ngày 30/6/2018.",
            "Sở Giao thông vận tải",
            id="request-the-one-asked",
        ),
        pytest.param(
            "Trong năm 2018, Thanh tra tỉnh Thanh Hóa sẽ tiến hành 25 cuộc thanh tra hành chính.",
            "Thanh tra tỉnh Thanh Hóa",
            id="body-with-locality",
        ),
        pytest.param(
            "Hội đồng nhân dân thành phố Hải Phòng quyết nghị tăng học phí 10% từ năm học 2018 -"
            " 2019.",
            "HĐND thành phố Hải Phòng",
            id="council-abbreviated",
        ),
        pytest.param(
            "Huyện Sóc Sơn phấn đấu đến năm 2020 có 100% số xã đạt chuẩn nông thôn mới.",
            "huyện Sóc Sơn",
            id="locality-subject",
        ),
        pytest.param(
            "Sở Tài chính yêu cầu UBND huyện Bảo Lâm báo cáo tình hình thu chi. Thực hiện nộp vào"
            " ngân sách tỉnh số tiền 3 tỷ 250 triệu đồng.",
            "UBND huyện Bảo Lâm",
            id="request-list-actor-is-the-one-asked",
        ),
        pytest.param(
            "Bộ Xây dựng cho biết chương trình gặp khó khăn. Tuy nhiên, Bộ sẽ hoàn thành 20"
            " đồ án quy hoạch trong năm 2018.",
            "Bộ Xây dựng",
            id="bare-bo-is-the-ministry-named-last",
        ),
        pytest.param(
            "Trong năm 2018 sẽ phân bổ 5.000 tỷ đồng vốn trái phiếu Chính phủ cho tỉnh Quảng Trị.",
            "tỉnh Quảng Trị",
            id="bond-name-is-no-subject",
        ),
        pytest.param(
            "Bộ Giao thông vận tải cho biết, đến năm 2020, tuyến cao tốc sẽ khai thác đoạn Cần"
            " Thơ-Thành phố Hồ Chí Minh với tổng chiều dài 150 km.",
            "Bộ Giao thông vận tải",
            id="place-in-route-name-is-no-subject",
        ),
        pytest.param(
            "Trong năm 2018 sẽ diễn ra nhiều hoạt động, trong đó có 8 hoạt động do Sở Văn hóa"
            " tỉnh Hà Giang chủ trì tổ chức.",
            "Sở Văn hóa tỉnh Hà Giang",
            id="agent-after-do-organises",
        ),
        pytest.param(
            "Cục Hàng hải yêu cầu doanh nghiệp cảng báo cáo sự cố. Đồng thời khẩn trương lắp đặt"
            " 12 camera giám sát trước ngày 30/9/2018.",
            "Cục Hàng hải",
            id="request-to-a-company-acts-through-the-body-asking",
        ),
        pytest.param(
            "Tổng cục Đường bộ Việt Nam sẽ hoàn thành 5 trạm cân tải trọng trong năm 2018.",
            "Tổng cục Đường bộ Việt Nam",
            id="body-name-with-lower-case-words",
        ),
        pytest.param(
            "UBND thành phố Vinh yêu cầu các sở ban ngành phải trả lời kiến nghị của người dân"
            " trong vòng 15 ngày.",
            "các sở ban ngành",
            id="request-to-generic-bodies-named-by-head-word",
        ),
        pytest.param(
            "Chủ tịch UBND quận đã giao Phòng Quản lý đô thị tham mưu xây dựng lộ trình di dời"
            " 40 ki-ốt trước ngày 15/3/2018.",
            "Phòng Quản lý đô thị",
            id="request-to-a-department-no-body-entry-names",
        ),
        pytest.param(
            "Bộ trưởng đề nghị các địa phương không nên đặt chỉ tiêu 100% số trường đạt chuẩn"
            " trong năm 2018.",
            "các địa phương",
            id="request-addressee-stops-at-a-negation",
        ),
        pytest.param(
            "Sở Giao thông vận tải cho biết, nút giao Nguyễn Kiệm (quận Gò Vấp) sẽ được khởi công"
            " trong năm 2018 với kinh phí 500 tỷ đồng.",
            "Sở Giao thông vận tải",
            id="place-in-brackets-says-where-not-who",
        ),
        pytest.param(
            "Về vốn, Bộ KH&ĐT lý giải trong năm 2018 sẽ bố trí 5.000 tỷ đồng cho 20 dự án.",
            "Bộ KH&ĐT",
            id="verb-after-an-abbreviated-body-is-not-its-name",
        ),
        pytest.param(
            "Ban Quản lý dự án đường sắt sẽ hoàn thành 2 nhà ga trong năm 2018.",
            "Ban Quản lý dự án đường sắt",
            id="quan-ly-still-continues-a-body-name",
        ),
    ],
)
def test_actor(text: str, actor: str) -> None:
    rows = commitment_rows(text)
    assert rows and rows[0].actor == actor


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Theo Sở Giao thông vận tải, trong năm 2018 tỉnh Long An sẽ khởi công 40 công trình."
            " Trong đó có 25 công trình dùng vốn ngân sách với 1.200 tỷ đồng.",
            id="breakdown-part",
        ),
        pytest.param(
            "Năm 2018, tỉnh Long An phấn đấu trồng mới 500 ha rừng. Tập trung hoàn thành 30 km"
            " đê bao chống ngập.",
            id="plan-item",
        ),
    ],
)
def test_carried_part_keeps_the_targets_actor(text: str) -> None:
    rows = commitment_rows(text)
    assert len(rows) == 2
    assert rows[1].actor == rows[0].actor == "tỉnh Long An"
    assert "carry.breakdown" in rows[1].rule


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "UBND tỉnh Long An đồng ý bố trí 4.000 tỷ đồng cho dự án bến xe trong năm 2018."
            " Trong đó 12 ha nằm trên địa bàn huyện Bến Lức.",
            id="after-a-decision",
        ),
        pytest.param(
            "Huyện Bến Lức sẽ giao 170 thanh niên nhập ngũ. Trong đó, hơn 30% có trình độ"
            " trung cấp.",
            id="after-an-undated-target",
        ),
        pytest.param(
            "Năm 2018, UBND tỉnh Long An yêu cầu các sở hoàn thành 40 công trình. Trong đó có"
            " 25 công trình dùng vốn ngân sách.",
            id="after-a-request",
        ),
    ],
)
def test_no_carried_part_after(text: str) -> None:
    rows = commitment_rows(text)
    assert not any("carry.breakdown" in r.rule for r in rows)


def test_actor_of_bare_huyen_comes_from_an_earlier_paragraph() -> None:
    text = (
        "Huyện Mê Linh tổ chức hội nghị triển khai nghị quyết.\n"
        "Theo lãnh đạo huyện, huyện sẽ hoàn thành 3 tiêu chí còn lại trong năm 2019."
    )
    rows = commitment_rows(text)
    assert [row.actor for row in rows] == ["huyện Mê Linh"]


# --- the article's date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published_at", "count"),
    [
        pytest.param("2017-03-01", 1, id="deadline-ahead"),
        pytest.param("2018-06-01", 1, id="deadline-this-year"),
        pytest.param("2019-05-01", 0, id="deadline-passed"),
        pytest.param("", 1, id="date-unknown"),
    ],
)
def test_passed_deadlines_are_not_commitments(published_at: str, count: int) -> None:
    text = "Tỉnh Long An phấn đấu đến năm 2018 có 60% số xã đạt chuẩn nông thôn mới."
    rows = run_extractors(doc_of(text, published_at=published_at))["commitments"]
    assert len(rows) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param(
            "Ngày 12/3/2016, ông Nam đã về xã. "
            "Tỉnh Long An phấn đấu đến năm 2015 có 60% số xã đạt chuẩn nông thôn mới.",
            0,
            id="undated-deadline-before-the-latest-date-reported",
        ),
        pytest.param(
            "Năm 2016, tỉnh Long An đã khánh thành cầu. "
            "Tỉnh Long An phấn đấu đến năm 2014 có 60% số xã đạt chuẩn nông thôn mới.",
            0,
            id="undated-deadline-before-the-year-most-reported",
        ),
        pytest.param(
            "Ngày 12/3/2016, đoàn công tác đã về xã. "
            "Tỉnh Long An phấn đấu đến năm 2016 có 60% số xã đạt chuẩn nông thôn mới.",
            1,
            id="undated-deadline-in-the-year-reported",
        ),
        pytest.param(
            "Tỉnh Long An phấn đấu đến năm 2018 có 60% số xã đạt chuẩn nông thôn mới.",
            1,
            id="undated-no-year-reported",
        ),
    ],
)
def test_undated_article_passes_deadlines_before_the_year_it_reports(text: str, count: int) -> None:
    rows = commitment_rows(text)
    assert len(rows) == count


def test_title_is_not_read() -> None:
    doc = doc_of("Tỉnh tổ chức hội nghị.", title="Huyện Sóc Sơn phấn đấu có 100% xã đạt chuẩn")
    assert run_extractors(doc)["commitments"] == []


# --- values come from the figures table, clause by clause --------------------------------------


def _figure(doc, phrase: str, value: int) -> FigureRow:
    start = doc.text.index(phrase)
    return FigureRow(doc._.article_id, phrase, "quantity", Decimal(value), None, "", None, "",
                     "test", start, start + len(phrase))  # fmt: skip


def test_values_are_the_figures_rows_inside_the_clause() -> None:
    doc = doc_of(
        "Quận Tây Hồ phấn đấu đến năm 2025 có 30 trường đạt chuẩn quốc gia; 12 trạm y tế đạt chuẩn."
    )
    figures = [_figure(doc, "30 trường", 30), _figure(doc, "12 trạm", 12)]
    rows = extract_commitments(doc, {"figures": figures, "localities": [], "officials": []})
    assert [_values(row) for row in rows] == [[30.0], [12.0]]
    assert [row.figure_units for row in rows] == [[""], [""]]


def test_no_figures_table_still_finds_deadline_targets() -> None:
    doc = doc_of("Tỉnh Long An phấn đấu về đích nông thôn mới vào năm 2019.")
    rows = extract_commitments(doc, {})
    assert [(row.deadline, row.values) for row in rows] == [(2019, [])]


# --- the row contract ------------------------------------------------------------------------


def test_rows_are_traceable() -> None:
    doc = doc_of(
        "Bí thư Quận ủy Ba Đình cho biết, trong giai đoạn 2020 - 2025, quận có kế hoạch cải tạo,"
        " xây mới 25 trường với tổng kinh phí đầu tư dự kiến hơn 1.134 tỷ đồng."
    )
    rows = run_extractors(doc)["commitments"]
    assert len(rows) == 1
    row = rows[0]
    assert doc.text[row.start : row.end] == row.evidence
    assert row.evidence.startswith("trong giai đoạn 2020 - 2025")  # the frame is left out
    assert (row.period_start, row.period_end, row.deadline) == (2020, 2025, 2025)
    assert _values(row) == [25.0, 1134e9]
    assert row.modality == "kế hoạch"
    assert row.sector == "education"
    assert row.key and row.key in row.evidence
    assert row.rule.startswith("mk.ke_hoach") and "sec.education" in row.rule
    assert all(part for part in row.rule.split(";"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "tỉnh",
                "sẽ",
                "phấn đấu",
                "đến năm 2020",
                "giai đoạn 2018 - 2020",
                "100%",
                "25 trường",
                "đã",
                "dự báo",
                ",",
                ";",
                "(",
                ")",
                "và",
                "huyện",
                "yêu cầu",
                "Sở Y tế",
                "trở thành",
                "?",
                "nếu",
            ]
        ),
        min_size=1,
        max_size=25,
    )
)
def test_any_word_salad_gives_traceable_rows(words: list[str]) -> None:
    text = " ".join(words) + "."
    doc = doc_of(text)
    for row in run_extractors(doc)["commitments"]:
        assert doc.text[row.start : row.end] == row.evidence
        assert row.deadline is None or 1990 <= row.deadline <= 2099


# --- clause splitting ------------------------------------------------------------------------


def _anchors(text: str, figures: list[str], statuses=(), deadlines=()) -> list[Anchor]:
    found = []
    for kind, phrases in ((FIGURE, figures), (STATUS, statuses), (DEADLINE, deadlines)):
        for phrase in phrases:
            start = text.index(phrase)
            found.append(Anchor(start, start + len(phrase), kind))
    return found


@pytest.mark.parametrize(
    ("text", "figures", "statuses", "deadlines", "clauses"),
    [
        pytest.param(
            "quận phấn đấu đến năm 2025 nằm trong nhóm dẫn đầu, 100% số trường đạt chuẩn",
            ["100%"],
            ["nằm trong nhóm", "đạt chuẩn"],
            ["đến năm 2025"],
            ["quận phấn đấu đến năm 2025 nằm trong nhóm dẫn đầu", "100% số trường đạt chuẩn"],
            id="comma-before-figure",
        ),
        pytest.param(
            "quận có kế hoạch cải tạo, xây mới 25 trường",
            ["25 trường"],
            [],
            [],
            ["quận có kế hoạch cải tạo, xây mới 25 trường"],
            id="list-of-verbs-kept",
        ),
        pytest.param(
            "Trong năm 2017, Thanh tra Chính phủ sẽ tiến hành 23 cuộc thanh tra",
            ["23 cuộc"],
            [],
            ["Trong năm 2017"],
            ["Trong năm 2017, Thanh tra Chính phủ sẽ tiến hành 23 cuộc thanh tra"],
            id="heading-deadline-not-cut",
        ),
        pytest.param(
            "rạch dài 4 km được khơi thông và nạo vét với kinh phí 50 tỷ đồng",
            ["4 km", "50 tỷ đồng"],
            [],
            [],
            ["rạch dài 4 km được khơi thông và nạo vét với kinh phí 50 tỷ đồng"],
            id="va-between-verbs-kept",
        ),
        pytest.param(
            "tiến hành 23 cuộc thanh tra và 6 cuộc thanh tra dự phòng",
            ["23 cuộc", "6 cuộc"],
            [],
            [],
            ["tiến hành 23 cuộc thanh tra", "6 cuộc thanh tra dự phòng"],
            id="va-between-figures-cut",
        ),
        pytest.param(
            "sử dụng 400 ha cho nhà ở; 100 ha cho trường học",
            ["400 ha", "100 ha"],
            [],
            [],
            ["sử dụng 400 ha cho nhà ở", "100 ha cho trường học"],
            id="semicolon",
        ),
        pytest.param(
            "tăng trưởng đạt khá (7,37%), song chưa đạt mục tiêu (kế hoạch là 8,5%)",
            ["7,37%", "8,5%"],
            [],
            [],
            [
                "tăng trưởng đạt khá (7,37%), song chưa đạt mục tiêu (kế hoạch là 8,5%)",
                "7,37%",
                "kế hoạch là 8,5%",
            ],
            id="brackets-are-asides",
        ),
        pytest.param(
            "Hà Nội dự kiến thu 10.000 tỷ đồng từ đấu giá đất Năm 2017, Sở đã đề xuất giải pháp",
            ["10.000 tỷ đồng"],
            [],
            [],
            [
                "Hà Nội dự kiến thu 10.000 tỷ đồng từ đấu giá đất",
                "Năm 2017, Sở đã đề xuất giải pháp",
            ],
            id="run-in-heading",
        ),
    ],
)
def test_split_clauses(text, figures, statuses, deadlines, clauses) -> None:
    found = split_clauses(text, 0, _anchors(text, figures, statuses, deadlines))
    assert [text[c.start : c.end] for c in found] == clauses


def test_split_clauses_keeps_offsets_absolute() -> None:
    text = "xây 5 trường; sửa 3 cầu"
    clauses = split_clauses(text, base=100, anchors=[])
    assert [(c.start, c.end) for c in clauses] == [(100, 112), (114, 123)]


# --- the clause classifier ---------------------------------------------------------------------


def test_exported_model_scores_like_scikit_learn() -> None:
    texts, _ = load_training()
    fitted = fit()
    exported = export(fitted)
    mine = ClauseModel(exported["vocabulary"], exported["idf"], exported["coef"],
                       exported["intercept"])  # fmt: skip
    positive = list(fitted.classes_).index(1)
    theirs = fitted.predict_proba(texts[:80])[:, positive]
    assert [mine.probability(t) for t in texts[:80]] == pytest.approx(list(theirs), abs=1e-6)


def test_training_is_reproducible_and_matches_the_shipped_model() -> None:
    shipped = json.loads(Path(MODEL).read_text(encoding="utf-8"))
    again = export(fit())
    assert again["vocabulary"] == shipped["vocabulary"]
    assert again["coef"] == pytest.approx(shipped["coef"], abs=1e-6)


def test_classifier_separates_obvious_cases() -> None:
    public, private = commitment_probability(
        [
            "tỉnh phấn đấu đến năm 2020 có 80% xã đạt chuẩn nông thôn mới",
            "công ty đặt mục tiêu lợi nhuận sau thuế 200 tỷ đồng và chia cổ tức 15%",
        ]
    )
    assert public > 0.7 > 0.3 > private
    assert clause_model() is clause_model()  # loaded once


def test_training_set_is_labelled_and_balanced() -> None:
    texts, labels = load_training()
    assert len(texts) >= 400
    assert 0.35 <= sum(labels) / len(labels) <= 0.65
    assert all(re.search(r"\w", t) for t in texts)


# --- the dev corpus (slow) -------------------------------------------------------------------


@pytest.mark.slow
def test_dev_corpus_floors(shared: Path, tmp_path: Path) -> None:
    from pipeline.evaluate.scoring import score
    from pipeline.ingest import read_articles
    from pipeline.nlp import make_doc
    from pipeline.tables import write_tables

    tables: dict[str, list] = {}
    for article in read_articles([shared / "corpus" / "dev" / "articles"]):
        for table, rows in run_extractors(make_doc(article)).items():
            tables.setdefault(table, []).extend(rows)
    write_tables(tmp_path, tables)
    result = score(shared / "corpus" / "dev" / "gold", tmp_path)["tables"]["commitments"]
    attributes = result["attributes"]
    assert result["f1"] >= 0.75
    assert attributes["deadline"]["accuracy"] >= 0.85
    assert attributes["values"]["accuracy"] >= 0.80
