"""The `sector` of a commitment: weighted keywords from `rules/sectors.toml`.

Each case is a commitment clause written for this test with the sector an analyst would give
it. The table covers every sector, and the traps: money words that belong to no sector, the
`trường` of `môi trường`, and a more specific phrase beating a general one.
"""

from __future__ import annotations

import pytest

from pipeline.extractors import run_extractors
from pipeline.sectors import OTHER, sector_names, sector_of, sector_scores
from tests.helpers import doc_of

SECTOR_CASES = [
    # education
    pytest.param(
        "quận xây mới 25 trường với tổng kinh phí 1.134 tỷ đồng",
        "education",
        id="edu-schools-money",
    ),
    pytest.param("100% số trường công lập đạt chuẩn quốc gia", "education", id="edu-standard"),
    pytest.param(
        "tuyển dụng 500 giáo viên mầm non trong năm học tới", "education", id="edu-teachers"
    ),
    pytest.param("kiên cố hóa 880 phòng học cho các huyện nghèo", "education", id="edu-classrooms"),
    # health
    pytest.param(
        "giảm 30% tình trạng quá tải bệnh viện tuyến trung ương", "health", id="health-hospital"
    ),
    pytest.param("100% trạm y tế xã đạt chuẩn quốc gia", "health", id="health-station"),
    pytest.param("90% dân số tham gia bảo hiểm y tế", "health", id="health-insurance"),
    # transport
    pytest.param(
        "hoàn thành tuyến cao tốc dài 60 km trước năm 2020", "transport", id="transport-expressway"
    ),
    pytest.param(
        "rút ngắn thời gian thi công cầu vượt để giảm ùn tắc", "transport", id="transport-flyover"
    ),
    pytest.param(
        "dừng hoạt động xe máy tại các quận trung tâm", "transport", id="transport-motorbikes"
    ),
    pytest.param("mở mới 12 tuyến xe buýt kết nối sân bay", "transport", id="transport-bus"),
    # urban and infrastructure
    pytest.param(
        "nạo vét 25 tuyến kênh rạch để chống ngập", "urban and infrastructure", id="urban-flooding"
    ),
    pytest.param(
        "xây dựng 10.000 căn nhà ở xã hội", "urban and infrastructure", id="urban-housing"
    ),
    pytest.param(
        "cải tạo 40 chung cư cũ và chỉnh trang đô thị",
        "urban and infrastructure",
        id="urban-renewal",
    ),
    pytest.param(
        "trồng mới 1 triệu cây xanh trong nội thành", "urban and infrastructure", id="urban-trees"
    ),
    # economy and investment
    pytest.param(
        "tăng trưởng GDP bình quân 6,5 - 7% mỗi năm", "economy and investment", id="econ-growth"
    ),
    pytest.param("thu ngân sách đạt 16.000 tỷ đồng", "economy and investment", id="econ-revenue"),
    pytest.param("đón 5 triệu lượt khách du lịch", "economy and investment", id="econ-tourism"),
    pytest.param(
        "thu hút 50 dự án với vốn đầu tư nước ngoài 1 tỷ USD",
        "economy and investment",
        id="econ-fdi",
    ),
    # agriculture and new rural areas
    pytest.param(
        "50% số xã đạt chuẩn nông thôn mới", "agriculture and new rural areas", id="agri-ntm"
    ),
    pytest.param(
        "trở thành huyện Nông thôn mới vào năm 2021",
        "agriculture and new rural areas",
        id="agri-ntm-district",
    ),
    pytest.param(
        "chuyển đổi 1.000 ha lúa kém hiệu quả sang nuôi trồng thủy sản",
        "agriculture and new rural areas",
        id="agri-fisheries",
    ),
    pytest.param(
        "giảm tỷ lệ hộ nghèo xuống dưới 3%", "agriculture and new rural areas", id="agri-poverty"
    ),
    # land and environment
    pytest.param(
        "chuyển đổi gần 12.700 ha rừng để làm dự án", "land and environment", id="land-forest"
    ),
    pytest.param(
        "xử lý 95% chất thải rắn sinh hoạt và chấm dứt xả thải ra sông",
        "land and environment",
        id="env-waste",
    ),
    pytest.param(
        "cấp giấy chứng nhận quyền sử dụng đất cho 95% hộ dân",
        "land and environment",
        id="land-titles",
    ),
    # party building
    pytest.param(
        "xây dựng Đảng bộ và hệ thống chính trị trong sạch, vững mạnh",
        "party building",
        id="party-cleanliness",
    ),
    pytest.param("kết nạp 10.000 đảng viên mới", "party building", id="party-members"),
    pytest.param(
        "xây dựng chương trình công tác toàn khóa của Đảng ủy",
        "party building",
        id="party-programme",
    ),
    # administrative reform
    pytest.param(
        "100% thủ tục hành chính được giải quyết qua một cửa liên thông",
        "administrative reform",
        id="admin-one-stop",
    ),
    pytest.param(
        "tiến hành 23 cuộc thanh tra chính thức", "administrative reform", id="admin-inspections"
    ),
    pytest.param(
        "tinh giản 10% biên chế công chức, viên chức", "administrative reform", id="admin-staff"
    ),
    # security and order
    pytest.param("kéo giảm 5% số vụ phạm pháp hình sự", "security and order", id="security-crime"),
    pytest.param(
        "kiểm tra 100% cơ sở karaoke về phòng cháy chữa cháy",
        "security and order",
        id="security-fire",
    ),
    # culture and society
    pytest.param("trùng tu 8 di tích cấp quốc gia", "culture and society", id="culture-heritage"),
    pytest.param(
        "giải quyết việc làm cho 40.000 lao động", "culture and society", id="society-jobs"
    ),
    pytest.param(
        "xây 500 căn nhà tình nghĩa cho người có công", "culture and society", id="society-veterans"
    ),
    # other
    pytest.param("hoàn thành các mục tiêu, nhiệm vụ đã đề ra", OTHER, id="other-vague"),
]


@pytest.mark.parametrize(("text", "sector"), SECTOR_CASES)
def test_sector_of_clause(text: str, sector: str) -> None:
    assert sector_of(text)[0] == sector


def test_table_covers_every_sector() -> None:
    assert len(SECTOR_CASES) >= 30
    assert {case.values[1] for case in SECTOR_CASES} == set(sector_names())


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param("bảo vệ môi trường sinh thái", "education", id="moi-truong-is-not-a-school"),
        pytest.param(
            "ổn định thị trường bất động sản", "education", id="thi-truong-is-not-a-school"
        ),
        pytest.param("với tổng kinh phí 500 tỷ đồng", "economy and investment", id="money-alone"),
    ],
)
def test_traps(text: str, absent: str) -> None:
    assert absent not in sector_scores(text)


def test_more_specific_phrase_wins() -> None:
    # `xây dựng Đảng` (3 syllables) outweighs the `xây dựng` of infrastructure.
    assert sector_of("tiếp tục xây dựng Đảng bộ trong sạch")[0] == "party building"


def test_context_breaks_a_blank() -> None:
    assert sector_of("hơn 1.755 ha", "sử dụng đất cho các dự án an ninh, quốc phòng")[0] == (
        "security and order"
    )


def test_rule_id_names_the_sector() -> None:
    name, rule = sector_of("50% số xã đạt chuẩn nông thôn mới")
    assert (name, rule) == ("agriculture and new rural areas", "sec.agriculture")
    assert sector_of("không có gì") == (OTHER, "sec.other")


def test_commitment_rows_carry_a_sector() -> None:
    doc = doc_of("Huyện Sóc Sơn phấn đấu đến năm 2020 có 100% số xã đạt chuẩn nông thôn mới.")
    rows = run_extractors(doc)["commitments"]
    assert [row.sector for row in rows] == ["agriculture and new rural areas"]


def test_keywords_on_the_labelled_sector_set() -> None:
    # pipeline/data/sectors.tsv: the set `make train` uses to compare keywords with a classifier.
    from pipeline.commitments_model import load_sectors

    texts, labels = load_sectors()
    right = sum(sector_of(text)[0] == label for text, label in zip(texts, labels, strict=True))
    assert len(texts) >= 100
    assert right / len(texts) >= 0.9
