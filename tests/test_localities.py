"""The localities extractor: which administrative units a sentence names, and their columns.

The table of cases covers every bullet of the localities issue (type words, abbreviations,
numbered units, bare provinces, districts shown as places by their context, organisation
names, lists) and the names that are not places (people, streets, projects, routes, regions,
foreign places). Each case is a small article built with `doc_of`; the expected value is the
set of `<type> <name>` rows.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extractors.localities import (
    LocalityMention,
    extract_localities,
    locality_mentions,
)
from pipeline.tables import write_tables
from pipeline.text.keys import name_key
from tests.helpers import doc_of


def labels(text: str, title: str = "Tiêu đề", **extra) -> set[str]:
    """The `<type> <name>` of every row extracted from an article with body `text`."""
    rows = extract_localities(doc_of(text, title=title, **extra), {})
    return {f"{row.type} {row.name}" for row in rows}


def key_set(items: set[str]) -> set[str]:
    """Labels compared as the scorer compares them: name keys."""
    return {name_key(item) for item in items}


CASES = [
    # --- type word + name --------------------------------------------------------------------
    pytest.param("Đảng bộ quận Bắc Từ Liêm họp.", {"quận Bắc Từ Liêm"}, id="type-quan"),
    pytest.param("Tại phường Đức Thắng có 5 tổ.", {"phường Đức Thắng"}, id="type-phuong"),
    pytest.param("Người dân xã Đặng Xá phấn khởi.", {"xã Đặng Xá"}, id="type-xa"),
    pytest.param("UBND thị xã Sơn Tây họp.", {"thị xã Sơn Tây"}, id="type-thi-xa"),
    pytest.param("Chợ thị trấn Trâu Quỳ đông.", {"thị trấn Trâu Quỳ"}, id="type-thi-tran"),
    pytest.param("Tinh thần của huyện Mê Linh.", {"huyện Mê Linh"}, id="type-huyen"),
    pytest.param("Lãnh đạo tỉnh Yên Bái tiếp.", {"tỉnh Yên Bái"}, id="type-tinh"),
    pytest.param("Đảng bộ thành phố Hà Nội.", {"thành phố Hà Nội"}, id="type-thanh-pho"),
    pytest.param("Huyện Mê Linh khẩn trương.", {"huyện Mê Linh"}, id="type-capitalised"),
    pytest.param("Thành phố Hồ Chí Minh mưa.", {"thành phố Hồ Chí Minh"}, id="type-thanh-pho-hcm"),
    pytest.param("Ông đi thị sát huyện đảo Cần Giờ.", {"huyện Cần Giờ"}, id="type-qualifier-dao"),
    pytest.param(
        "Về tỉnh miền núi Hà Giang công tác.", {"tỉnh Hà Giang"}, id="type-qualifier-mien-nui"
    ),
    pytest.param(
        "Bí thư Quận ủy Bắc Từ Liêm Trần Thế Cương cho biết.",
        {"quận Bắc Từ Liêm"},
        id="type-name-stops-before-person",
    ),
    pytest.param(
        "Chủ tịch UBND huyện Hoàng Anh Tuấn khẳng định.", set(), id="type-then-person-not-place"
    ),
    pytest.param(
        "Dự án khác tại xã Xuân Tô với tổng công suất 150 MW.",
        {"xã Xuân Tô"},
        id="type-commune-merged-away-kept",
    ),
    pytest.param("Phát triển kinh tế - xã hội bền vững.", set(), id="neg-xa-hoi-lowercase"),
    pytest.param("Các tỉnh, thành phố trực thuộc Trung ương.", set(), id="neg-generic-type"),
    pytest.param("Hỗ trợ cho Hợp tác xã An Phát vay vốn.", set(), id="neg-hop-tac-xa"),
    pytest.param("Hiện tại, bà xã Quang Huy đã giảm cân.", set(), id="neg-ba-xa-wife"),
    pytest.param("Cả nước có 2.358 xã đạt chuẩn NTM.", set(), id="neg-xa-acronym"),
    pytest.param("Theo TTXVN, sự việc xảy ra hôm qua.", set(), id="neg-ttxvn"),
    pytest.param("Vụ việc ở thị trấn Abu Kamal khiến 25 người chết.", set(), id="neg-foreign-town"),
    pytest.param("Các tỉnh Tây Nguyên và Tây Bắc.", set(), id="neg-region-after-type"),
    # --- abbreviations -----------------------------------------------------------------------
    pytest.param("Dự án tại TP. Vũng Tàu.", {"thành phố Vũng Tàu"}, id="abbr-tp-dot-space"),
    pytest.param("Lãnh đạo TP Hà Nội chỉ đạo.", {"thành phố Hà Nội"}, id="abbr-tp-space"),
    pytest.param("Ông ở Tp.Hà Tĩnh.", {"thành phố Hà Tĩnh"}, id="abbr-tp-lower-dot"),
    pytest.param("Kẹt xe ở TP.HCM ngày càng nặng.", {"thành phố Hồ Chí Minh"}, id="abbr-tp-hcm"),
    pytest.param("Giá nhà TPHCM tăng.", {"thành phố Hồ Chí Minh"}, id="abbr-tphcm"),
    pytest.param(
        "Bí thư Thành ủy TP HCM phát biểu.", {"thành phố Hồ Chí Minh"}, id="abbr-tp-hcm-space"
    ),
    pytest.param(
        "Công an TP. HCM cho biết.", {"thành phố Hồ Chí Minh"}, id="abbr-tp-dot-space-hcm"
    ),
    pytest.param("Ra mắt tại Tp.HCM hôm qua.", {"thành phố Hồ Chí Minh"}, id="abbr-tp-lower-hcm"),
    pytest.param("Tại TP.Hồ Chí Minh, mưa lớn.", {"thành phố Hồ Chí Minh"}, id="abbr-tp-full-name"),
    pytest.param(
        "Căn nhà ở Q.1 (TP.HCM).", {"quận 1", "thành phố Hồ Chí Minh"}, id="abbr-q-number"
    ),
    pytest.param(
        "Quán ở Q.Cẩm Lệ, Đà Nẵng.", {"quận Cẩm Lệ", "thành phố Đà Nẵng"}, id="abbr-q-name"
    ),
    pytest.param(
        "Nhà số 5 (P.15, Q.11, TP.HCM).",
        {"phường 15", "quận 11", "thành phố Hồ Chí Minh"},
        id="abbr-p-q-address",
    ),
    pytest.param("Ông ở P. Bến Nghé, Q.1.", {"phường Bến Nghé", "quận 1"}, id="abbr-p-name"),
    pytest.param("Mô hình ở TX Đông Triều.", {"thị xã Đông Triều"}, id="abbr-tx"),
    pytest.param(
        "Trường ở TX.Dĩ An, Bình Dương.", {"thị xã Dĩ An", "tỉnh Bình Dương"}, id="abbr-tx-dot"
    ),
    pytest.param("Xã ở H.Củ Chi bị ngập.", {"huyện Củ Chi"}, id="abbr-h"),
    pytest.param("Trụ sở ở TT. Buôn Trấp.", {"thị trấn Buôn Trấp"}, id="abbr-tt-dot"),
    pytest.param("Theo Q.H (Tổng hợp).", set(), id="neg-abbr-q-initials"),
    pytest.param("Anh P.A. xuống xe.", set(), id="neg-abbr-p-initials"),
    pytest.param("Bài: H. Nam (Tổng hợp).", set(), id="neg-abbr-h-initials"),
    pytest.param("Lợi nhuận Q1/2017 tăng.", set(), id="neg-q1-quarter"),
    pytest.param("Đoàn đến TP Phúc Châu.", set(), id="neg-abbr-tp-foreign-city"),
    # --- numbered units ----------------------------------------------------------------------
    pytest.param("Quận 2 có nhiều dự án.", {"quận 2"}, id="numbered-quan-2"),
    pytest.param("Người dân quận 11 phấn khởi.", {"quận 11"}, id="numbered-quan-11-lower"),
    pytest.param("Công an Phường 15 vào cuộc.", {"phường 15"}, id="numbered-phuong-15"),
    pytest.param("Ở phường 04 có chợ.", {"phường 4"}, id="numbered-leading-zero"),
    # --- bare provinces and cities ------------------------------------------------------------
    pytest.param(
        "Hà Nội quyết tâm đưa nghị quyết vào cuộc sống.", {"thành phố Hà Nội"}, id="bare-ha-noi"
    ),
    pytest.param("Doanh nghiệp Bình Dương tăng tốc.", {"tỉnh Bình Dương"}, id="bare-binh-duong"),
    pytest.param(
        "Du lịch Bà Rịa - Vũng Tàu phát triển.", {"tỉnh Bà Rịa - Vũng Tàu"}, id="bare-brvt"
    ),
    pytest.param(
        "Khách đến Bà Rịa-Vũng Tàu đông.", {"tỉnh Bà Rịa - Vũng Tàu"}, id="bare-brvt-hyphen"
    ),
    pytest.param("Lãnh đạo BR-VT cho biết.", {"tỉnh Bà Rịa - Vũng Tàu"}, id="bare-brvt-abbr"),
    pytest.param("Mưa lớn ở Thừa Thiên - Huế.", {"tỉnh Thừa Thiên Huế"}, id="bare-thua-thien-hue"),
    pytest.param("Cà phê Đắc Lắc nổi tiếng.", {"tỉnh Đắk Lắk"}, id="bare-alias-dac-lac"),
    pytest.param("Du khách đến Khánh Hoà.", {"tỉnh Khánh Hòa"}, id="bare-old-tone-placement"),
    pytest.param("Bãi tắm Ðà Nẵng đông khách.", {"thành phố Đà Nẵng"}, id="bare-eth"),
    pytest.param(
        "Cần Thơ và Hải Phòng tăng trưởng.",
        {"thành phố Cần Thơ", "thành phố Hải Phòng"},
        id="bare-centrally-run-cities",
    ),
    pytest.param(
        "Giới thượng lưu ở Sài Gòn.", {"thành phố Hồ Chí Minh"}, id="bare-sai-gon-as-city"
    ),
    pytest.param("Công ty Bia Sài Gòn báo lãi.", set(), id="neg-sai-gon-brand"),
    pytest.param("Hoa đào Hà Giang khoe sắc.", {"tỉnh Hà Giang"}, id="bare-after-lowercase-noun"),
    pytest.param("Quảng Nam FC thắng trên sân Cần Thơ.", set(), id="neg-team-and-stadium"),
    pytest.param("Nhà máy Bia Hà Nội tăng sản lượng.", set(), id="neg-beer-brand"),
    # --- district-level names shown as places by their context --------------------------------
    pytest.param("Căn hộ tại Ba Đình rất đắt.", {"quận Ba Đình"}, id="district-tai"),
    pytest.param("Xây trường ở Cần Giờ.", {"huyện Cần Giờ"}, id="district-o"),
    pytest.param(
        "Làng đô thị xanh của Đà Lạt (Lâm Đồng).",
        {"thành phố Đà Lạt", "tỉnh Lâm Đồng"},
        id="district-before-province-in-parens",
    ),
    pytest.param(
        "Nhà máy ở huyện Tân Thành, Bà Rịa - Vũng Tàu.",
        {"huyện Tân Thành", "tỉnh Bà Rịa - Vũng Tàu"},
        id="district-historical-typed",
    ),
    pytest.param(
        "Tỉnh Hải Dương có vùng hành củ (Kinh Môn, Nam Sách).",
        {"tỉnh Hải Dương", "huyện Kinh Môn", "huyện Nam Sách"},
        id="district-list-in-province-article",
    ),
    pytest.param(
        "Xây dựng Quảng trường Ba Đình lịch sử.", set(), id="neg-district-without-context"
    ),
    pytest.param("Chị Hoàng Mai cho biết.", set(), id="neg-district-name-is-person"),
    pytest.param("Ông về Thủ Đức sống.", {"quận Thủ Đức"}, id="district-type-at-article-date"),
    pytest.param("Cô có gia đình ở Huế.", {"thành phố Huế"}, id="district-hue-city"),
    # --- names inside organisation names ------------------------------------------------------
    pytest.param("Thành ủy Hà Nội tổ chức hội nghị.", {"thành phố Hà Nội"}, id="org-thanh-uy"),
    pytest.param("UBND tỉnh Yên Bái chỉ đạo.", {"tỉnh Yên Bái"}, id="org-ubnd-tinh"),
    pytest.param("Công an Sóc Trăng bắt giữ.", {"tỉnh Sóc Trăng"}, id="org-cong-an"),
    pytest.param("Đảng bộ quận Nam Từ Liêm.", {"quận Nam Từ Liêm"}, id="org-dang-bo-quan"),
    pytest.param("Huyện ủy Quỳnh Lưu chỉ đạo.", {"huyện Quỳnh Lưu"}, id="org-huyen-uy"),
    pytest.param("Ban Thường vụ Tỉnh ủy Yên Bái.", {"tỉnh Yên Bái"}, id="org-tinh-uy"),
    pytest.param("Bí thư Quận ủy Ba Đình phát biểu.", {"quận Ba Đình"}, id="org-quan-uy"),
    pytest.param("Đại học Quốc gia Hà Nội tuyển sinh.", {"thành phố Hà Nội"}, id="org-university"),
    pytest.param("Sở GD-ĐT Hà Nội công bố.", {"thành phố Hà Nội"}, id="org-department-acronym"),
    # --- names that are not places here -------------------------------------------------------
    pytest.param("Học tập tư tưởng Hồ Chí Minh.", set(), id="neg-tu-tuong-hcm"),
    pytest.param("Tai nạn trên đường Hồ Chí Minh.", set(), id="neg-duong-hcm"),
    pytest.param("Lời dạy của Chủ tịch Hồ Chí Minh.", set(), id="neg-chu-tich-hcm"),
    pytest.param("Đoàn TNCS Hồ Chí Minh ra quân.", set(), id="neg-doan-tncs-hcm"),
    pytest.param("Ông Nguyễn Thái Bình cho biết.", set(), id="neg-thai-binh-person"),
    pytest.param("Chị Phạm Thị Hòa Bình đến.", set(), id="neg-hoa-binh-person"),
    pytest.param("Anh Lê Hà Nam và em gái.", set(), id="neg-ha-nam-person"),
    pytest.param("Nhà ở đường Nguyễn Viết Xuân.", set(), id="neg-street"),
    pytest.param("Tiến độ Khu công nghiệp Nhân Cơ.", set(), id="neg-industrial-zone"),
    pytest.param("Nhà máy ở KCN Phú Mỹ.", set(), id="neg-kcn"),
    pytest.param("Dự án Sân bay Long Thành.", set(), id="neg-airport"),
    pytest.param("Đường cao tốc Hà Nội - Hải Phòng thông xe.", set(), id="neg-expressway"),
    pytest.param("Tuyến Cát Linh - Hà Đông chạy thử.", set(), id="neg-rail-line"),
    pytest.param("Kẹt xe trên xa lộ Hà Nội sáng nay.", set(), id="neg-xa-lo-highway"),
    pytest.param("Tiền đạo của SHB Đà Nẵng ghi hat-trick.", set(), id="neg-club-sponsor"),
    pytest.param("FLC Thanh Hóa thắng 5-3.", set(), id="neg-club-sponsor-opening"),
    pytest.param("Sự cố môi trường do Formosa Hà Tĩnh gây ra.", set(), id="neg-company-plant"),
    pytest.param("Tai nạn tại ngã ba Huế, xe tải lật.", set(), id="neg-junction-nga-ba"),
    pytest.param("Ùn tắc ở ngã tư Bình Phước kéo dài.", set(), id="neg-junction-nga-tu"),
    pytest.param("Xe qua trạm thu phí Đắk Nông mất 40 nghìn.", set(), id="neg-toll-station"),
    pytest.param("Cao tốc đoạn Hà Nội - Bắc Giang thông xe.", set(), id="neg-route-section"),
    pytest.param(
        "Giai đoạn Hà Nội tăng tốc đầu tư.", {"thành phố Hà Nội"}, id="giai-doan-is-no-section"
    ),
    pytest.param("Nước sông Đồng Nai ô nhiễm.", set(), id="neg-river"),
    pytest.param("Bão trên Thái Bình Dương.", set(), id="neg-pacific-ocean"),
    pytest.param("Chiến thắng Điện Biên Phủ lừng lẫy.", set(), id="neg-dien-bien-phu-battle"),
    pytest.param("Vùng Tây Bắc và Tây Nguyên.", set(), id="neg-regions"),
    pytest.param("Đoàn thăm tỉnh Phúc Kiến (Trung Quốc).", set(), id="neg-foreign-province"),
    pytest.param(
        "Tam giác kinh tế Hà Nội - Hải Phòng - Quảng Ninh.", set(), id="neg-economic-triangle"
    ),
    pytest.param("Chuyến bay Hà Nội - Đà Nẵng bị hoãn.", set(), id="neg-flight-route"),
    pytest.param("TGĐ Cty Giống cây trồng Thái Bình phát biểu.", set(), id="neg-company-name"),
    pytest.param("Trà sữa Hà Nội - Hải Phòng - Hạ Long.", set(), id="neg-dash-chain"),
    pytest.param("Bộ yêu cầu tỉnh Yên Bái báo cáo.", {"tỉnh Yên Bái"}, id="yeu-cau-is-no-bridge"),
    pytest.param("Ùn tắc ở cầu Thăng Long, Hà Nội.", {"thành phố Hà Nội"}, id="bridge-then-city"),
    pytest.param(
        "Nhà ở Cầu Giấy, Hà Nội.",
        {"quận Cầu Giấy", "thành phố Hà Nội"},
        id="trigger-word-begins-name",
    ),
    # --- lists -------------------------------------------------------------------------------
    pytest.param(
        "Thí điểm tại 4 xã là Ngọc Sơn, Sơn Hải, Quỳnh Lương, Quỳnh Đôi.",
        {"xã Ngọc Sơn", "xã Sơn Hải", "xã Quỳnh Lương", "xã Quỳnh Đôi"},
        id="list-n-xa-la",
    ),
    pytest.param(
        "Công an các quận Gò Vấp, Phú Nhuận vào cuộc.",
        {"quận Gò Vấp", "quận Phú Nhuận"},
        id="list-after-typed",
    ),
    pytest.param(
        "Mô hình ở huyện Hoa Lư, Ninh Bình.",
        {"huyện Hoa Lư", "tỉnh Ninh Bình"},
        id="list-province-after-district-is-parent",
    ),
    pytest.param(
        "Kiểm tra ở tỉnh Thái Bình và Hà Giang.",
        {"tỉnh Thái Bình", "tỉnh Hà Giang"},
        id="list-provinces-va",
    ),
    pytest.param(
        "Tại các quận 2, quận 9, Thủ Đức.",
        {"quận 2", "quận 9", "quận Thủ Đức"},
        id="list-numbered-then-name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_localities_of_a_sentence(text: str, expected: set[str]) -> None:
    found = labels(text)
    assert key_set(found) == key_set(expected), found


def test_title_line_counts_like_the_body() -> None:
    assert labels("Nội dung không có địa danh.", title="Hà Nội: cấm xe máy") == {"thành phố Hà Nội"}


@pytest.mark.parametrize(
    ("published_at", "expected"),
    [
        pytest.param("2017-05-01", "quận Thủ Đức", id="thu-duc-2017-district"),
        pytest.param("2022-05-01", "thành phố Thủ Đức", id="thu-duc-2022-city"),
    ],
)
def test_bare_name_takes_its_type_at_the_article_date(published_at: str, expected: str) -> None:
    assert labels("Ông về Thủ Đức sống.", published_at=published_at) == {expected}


def test_thua_thien_hue_is_a_province_before_2025() -> None:
    assert labels("Mưa lớn ở Thừa Thiên Huế.", published_at="2019-10-01") == {"tỉnh Thừa Thiên Huế"}


@pytest.mark.parametrize(
    ("published_at", "code", "parent"),
    [
        pytest.param("2019-10-01", "474", "tỉnh Thừa Thiên Huế", id="hue-2019-provincial-city"),
        pytest.param("2025-03-01", "46", None, id="hue-2025-centrally-run-city"),
    ],
)
def test_hue_is_linked_as_of_the_article_date(published_at: str, code: str, parent) -> None:
    (row,) = extract_localities(doc_of("Cô sống ở Huế.", published_at=published_at), {})
    assert (row.type, row.name, row.code, row.parent) == ("thành phố", "Huế", code, parent)


# --- parents, gazetteer columns and mention counts ---------------------------------------------


def rows_of(text: str, **extra) -> dict[str, object]:
    return {f"{r.type} {r.name}": r for r in extract_localities(doc_of(text, **extra), {})}


@pytest.mark.parametrize(
    ("text", "unit", "parent"),
    [
        pytest.param(
            "Xã Đặng Xá (huyện Gia Lâm) đạt chuẩn.", "xã Đặng Xá", "huyện Gia Lâm", id="parens"
        ),
        pytest.param(
            "Trường ở xã Lương Hòa, huyện Giồng Trôm, tỉnh Bến Tre.",
            "huyện Giồng Trôm",
            "tỉnh Bến Tre",
            id="comma-chain",
        ),
        pytest.param(
            "Trường ở xã Lương Hòa, huyện Giồng Trôm, tỉnh Bến Tre.",
            "xã Lương Hòa",
            "huyện Giồng Trôm",
            id="comma-chain-ward",
        ),
        pytest.param(
            "Tại phường Đức Thắng có 5 tổ.",
            "phường Đức Thắng",
            "quận Bắc Từ Liêm",
            id="gazetteer-unique",
        ),
        pytest.param("Lãnh đạo TP Yên Bái họp.", "thành phố Yên Bái", "tỉnh Yên Bái", id="city"),
        pytest.param(
            "Đất thuộc phường Minh Tân, TP Yên Bái (tỉnh Yên Bái).",
            "phường Minh Tân",
            "thành phố Yên Bái",
            id="ward-of-city",
        ),
        pytest.param(
            "Du lịch ở huyện Phong Điền, Cần Thơ.",
            "huyện Phong Điền",
            "thành phố Cần Thơ",
            id="context-picks-among-same-names",
        ),
        pytest.param(
            "Hoa ở Đà Lạt (Lâm Đồng).", "thành phố Đà Lạt", "tỉnh Lâm Đồng", id="bare-district"
        ),
        pytest.param("Người dân xã Tân Thành phấn khởi.", "xã Tân Thành", None, id="ambiguous"),
    ],
)
def test_parent(text: str, unit: str, parent: str | None) -> None:
    assert rows_of(text)[unit].parent == parent


def test_gazetteer_columns_and_2025_successor() -> None:
    row = rows_of("Tại phường Đức Thắng (quận Bắc Từ Liêm) có 5 tổ.")["phường Đức Thắng"]
    assert (row.code, row.province) == ("00602", "thành phố Hà Nội")
    assert row.new_province == "thành phố Hà Nội"
    assert row.new_ward == "phường Đông Ngạc"  # not the 'Phường Từ Liêm' of FROM_2025 parsing


def test_divided_commune_has_no_new_ward() -> None:
    row = rows_of("Dân xã Cẩm Lĩnh, huyện Ba Vì phấn khởi.")["xã Cẩm Lĩnh"]
    assert row.code == "09673"
    assert row.new_province == "thành phố Hà Nội"
    assert row.new_ward == ""


def test_one_row_per_unit_with_mentions_evidence_and_first_offsets() -> None:
    doc = doc_of("Quận Ba Đình phấn đấu.\nBa Đình có 25 trường. Tại quận Ba Đình, mưa.")
    rows = extract_localities(doc, {})
    assert [(r.type, r.name) for r in rows] == [("quận", "Ba Đình")]
    row = rows[0]
    assert row.mentions == 3
    assert row.evidence == "Quận Ba Đình phấn đấu."
    assert doc.text[row.start : row.end] == "Quận Ba Đình"
    assert row.rule == "loc.type.quan"
    assert row.article_id == "t"


def test_mentions_interface_is_labelled() -> None:
    doc = doc_of("Bí thư Quận ủy Bắc Từ Liêm và UBND phường Đức Thắng.")
    mentions = locality_mentions(doc)
    assert "locality_mentions" not in doc.user_data  # shared through the context, not the Doc
    assert all(isinstance(m, LocalityMention) for m in mentions)
    assert [m.label for m in mentions] == ["quận Bắc Từ Liêm", "phường Đức Thắng"]
    assert mentions[1].parent == "quận Bắc Từ Liêm"
    assert [m.rule for m in mentions] == ["loc.org.quan_uy", "loc.type.phuong"]


def test_rule_ids_exist_in_the_rules_file() -> None:
    from pipeline.rules import load

    rules = load("localities")
    ids = {
        e["id"]
        for section in ("type_word", "abbreviation", "fixed", "alias")
        for e in rules[section]
    }
    ids |= set(rules["bare"].values())
    doc = doc_of(
        "TP.HCM, Sài Gòn, Hà Nội, quận Gò Vấp, Phú Nhuận, tại Ba Đình, Quận ủy Ba Đình, BR-VT."
    )
    used = {m.rule for m in locality_mentions(doc)}
    assert used and used <= ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "tỉnh",
                "Hà Nội",
                "TP.",
                "xã",
                "Q.",
                "1",
                "(",
                ")",
                ",",
                "-",
                "Nguyễn",
                "Thái Bình",
                "huyện",
                "Mê Linh",
                "đường",
                "tại",
                "Ba Đình",
                "và",
                "các",
                "HCM",
                "P.",
                "Sài Gòn",
            ]
        ),
        max_size=25,
    )
)
def test_mentions_are_sorted_spans_inside_the_text(words: list[str]) -> None:
    doc = doc_of(" ".join(words) + ".")
    mentions = locality_mentions(doc)
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(doc.text)
        assert mention.type in {
            "tỉnh",
            "thành phố",
            "quận",
            "huyện",
            "thị xã",
            "phường",
            "xã",
            "thị trấn",
            "đặc khu",
        }
        assert mention.name


# --- the dev corpus ---------------------------------------------------------------------------


@pytest.mark.slow
def test_dev_corpus_scores(shared: Path, tmp_path: Path) -> None:
    """Localities F1 >= 0.93 (type and name) and name-only F1 >= 0.95 on the dev corpus."""
    from pipeline.evaluate.scoring import score
    from pipeline.ingest import read_articles
    from pipeline.nlp import make_doc

    dev = shared / "corpus" / "dev"
    rows = []
    for article in read_articles([dev / "articles"], []):
        rows.extend(extract_localities(make_doc(article), {}))
    write_tables(tmp_path, {"localities": rows})
    table = score(dev / "gold", tmp_path)["tables"]["localities"]
    assert table["f1"] >= 0.93, table["false_positives"] + table["false_negatives"]
    assert table["name_only"]["f1"] >= 0.95


def test_gold_localities_are_found_in_their_own_sentences(shared: Path) -> None:
    """Every required gold locality of one dev article, from the article read in place."""
    dev = shared / "corpus" / "dev"
    article_id = "tttd-nghi-quyet-dai-hoi"
    gold = json.loads((dev / "gold" / f"{article_id}.json").read_text(encoding="utf-8"))
    from pipeline.ingest import read_articles
    from pipeline.nlp import make_doc

    (article,) = read_articles([dev / "articles" / f"{article_id}.txt"], [])
    found = {(r.type, name_key(r.name)) for r in extract_localities(make_doc(article), {})}
    wanted = {(g["type"], name_key(g["name"])) for g in gold["localities"] if not g.get("optional")}
    assert wanted <= found


def test_csv_round_trip_keeps_the_columns(tmp_path: Path) -> None:
    rows = extract_localities(doc_of("Xã Đặng Xá (huyện Gia Lâm), Hà Nội."), {})
    write_tables(tmp_path, {"localities": rows})
    with (tmp_path / "localities.csv").open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert [r["name"] for r in records] == ["Đặng Xá", "Gia Lâm", "Hà Nội"]
    assert records[0]["parent"] == "huyện Gia Lâm"
    assert records[0]["code"] == "00556"


# -- the lower-cased fast path for the case-insensitive trigger patterns -----------------------


def _slow_spans(pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Dự án KCN Quế Võ và Công ty TNHH An Phát ở Bắc Ninh.", id="mixed-case"),
        pytest.param("CẦU NHẬT TÂN nối QUỐC LỘ 5 với khu công nghiệp Thăng Long", id="upper"),
        pytest.param("Cầu Giấy, Chợ Mới, nhu cầu Hà Nội, yêu cầu Đà Nẵng", id="lookbehind"),
        pytest.param("İstanbul cầu Galata, DỰ ÁN Σ", id="length-changing-lower"),
        pytest.param("Dıự án ſân bay Long Thành", id="special-folding"),
    ],
)
def test_lowered_trigger_spans_equal_case_insensitive_ones(text: str) -> None:
    from pipeline.extractors.locality_rules import _companies, _rules, _triggers

    rules = _rules()
    assert _triggers(rules, text) == _slow_spans(rules.trigger_re, text)
    assert _companies(rules, text) == _slow_spans(rules.company_re, text)


_TRIGGER_ALPHABET = st.sampled_from(
    [
        *"aAcCdDđĐăâêôơưƯỦũŨ ,.-",
        *("cầu ", "Cầu ", "CẦU ", "dự án ", "công ty ", "KCN ", "yêu ", "Sông "),
        *("İ", "ı", "ſ", "Σ", "\u212a", "\u0301"),  # case-folding oddities and a loose mark
    ]
)


@given(st.lists(_TRIGGER_ALPHABET, max_size=40).map("".join))
def test_lowered_trigger_spans_equal_case_insensitive_ones_fuzzed(text: str) -> None:
    from pipeline.extractors.locality_rules import _companies, _rules, _triggers

    rules = _rules()
    assert _triggers(rules, text) == _slow_spans(rules.trigger_re, text)
    assert _companies(rules, text) == _slow_spans(rules.company_re, text)


def test_lowered_trigger_spans_over_the_dev_corpus(shared: Path) -> None:
    """The fast path finds exactly the spans of the case-insensitive patterns, paragraph by
    paragraph over the dev articles (the bench corpus was checked the same way once)."""
    from pipeline.extractors.locality_rules import _companies, _rules, _triggers
    from pipeline.ingest import read_articles
    from pipeline.text import normalize

    rules = _rules()
    checked = 0
    for article in read_articles([shared / "corpus" / "dev" / "articles"], []):
        for paragraph in (article.title, *article.paragraphs):
            text = normalize(paragraph)
            spans = _slow_spans(rules.trigger_re, text)
            assert _triggers(rules, text) == spans, text
            assert _companies(rules, text) == _slow_spans(rules.company_re, text), text
            checked += len(spans)
    assert checked > 100


@given(
    st.lists(
        st.sampled_from(
            ["thành phố ", "Thành phố ", "TP.", "TP.HCM", "Q.", "huyện ", "HUYỆN ", "xã ", "Xã ",
             "Hà ", "Nội ", "1", ", ", ".", "đặc khu ", "Tỉnh ủy ", "a", "x"]
        ),
        max_size=30,
    ).map("".join)
)  # fmt: skip
def test_head_prefilter_keeps_the_matches_fuzzed(text: str) -> None:
    from pipeline.extractors.locality_rules import _rules

    rules = _rules()
    from pipeline.text import fastre

    # The prefilter is in use (unless the private parser is forced off: PIPELINE_FASTRE=0).
    assert (rules.head_re is not rules.head_plain_re) is fastre.private_enabled()

    def heads(pattern):
        return [(m.span(), m.lastgroup) for m in pattern.finditer(text)]

    assert heads(rules.head_re) == heads(rules.head_plain_re)


def test_head_prefilter_over_the_dev_corpus(shared: Path) -> None:
    from pipeline.extractors.locality_rules import _rules
    from pipeline.ingest import read_articles
    from pipeline.text import normalize

    rules = _rules()
    found = 0
    for article in read_articles([shared / "corpus" / "dev" / "articles"], []):
        for paragraph in (article.title, *article.paragraphs):
            text = normalize(paragraph)
            fast = [(m.span(), m.lastgroup) for m in rules.head_re.finditer(text)]
            assert fast == [(m.span(), m.lastgroup) for m in rules.head_plain_re.finditer(text)]
            found += len(fast)
    assert found > 50


# --- the map of the article's era (1 July 2025) -------------------------------------------------

AFTER = "2025-09-15"  # an article of the two-level map
BEFORE = "2017-05-01"


@pytest.mark.parametrize(
    ("text", "published_at", "expected"),
    [
        pytest.param("Ông về Buôn Hồ (Đắk Lắk) sống.", BEFORE, "thị xã Buôn Hồ", id="buon-ho-2017"),
        pytest.param("Ông về Buôn Hồ (Đắk Lắk) sống.", AFTER, "phường Buôn Hồ", id="buon-ho-2025"),
        pytest.param("Du khách đổ về Phú Quốc (Kiên Giang).", BEFORE, "huyện Phú Quốc",
                     id="phu-quoc-district-before"),
        pytest.param("Du khách đổ về Phú Quốc (An Giang).", AFTER, "đặc khu Phú Quốc",
                     id="phu-quoc-special-zone-after"),
    ],
)  # fmt: skip
def test_a_bare_name_takes_the_type_of_its_era(text: str, published_at: str, expected: str) -> None:
    assert expected in labels(text, published_at=published_at)


@pytest.mark.parametrize(
    ("text", "unit", "code", "parent"),
    [
        pytest.param("UBND phường Buôn Hồ, tỉnh Đắk Lắk họp.", "phường Buôn Hồ", "24305",
                     "tỉnh Đắk Lắk", id="ward-under-its-province"),
        pytest.param("Chủ tịch UBND đặc khu Vân Đồn cho biết.", "đặc khu Vân Đồn", "06994",
                     "tỉnh Quảng Ninh", id="special-zone"),
        pytest.param("Phường Dĩ An là phường đông dân nhất TP.HCM.", "phường Dĩ An", "25942",
                     "thành phố Hồ Chí Minh", id="ward-of-a-moved-province"),
        pytest.param("Xã Mê Linh (Hà Nội) có 30.000 dân.", "xã Mê Linh", "09022",
                     "thành phố Hà Nội", id="namesake-picked-by-province"),
        pytest.param("Người dân đặc khu Thổ Châu đón tàu.", "đặc khu Thổ Châu", "31105",
                     "tỉnh An Giang", id="unit-new-in-2025"),
    ],
)  # fmt: skip
def test_new_units_have_new_codes_and_their_province_as_parent(
    text: str, unit: str, code: str, parent: str
) -> None:
    row = rows_of(text, published_at=AFTER)[unit]
    assert (row.code, row.parent, row.era) == (code, parent, "new")
    assert row.province == row.new_province == parent


@pytest.mark.parametrize(
    ("text", "unit", "code", "new_province"),
    [
        pytest.param("Người dân tỉnh Bà Rịa - Vũng Tàu (cũ) nay thuộc TP.HCM.",
                     "tỉnh Bà Rịa - Vũng Tàu", "77", "thành phố Hồ Chí Minh", id="province-paren"),
        pytest.param("Đặc khu gồm 2 phường của TP Phú Quốc cũ.", "thành phố Phú Quốc", "911",
                     "tỉnh An Giang", id="city-cu"),
        pytest.param("Xã được lập từ các xã của huyện Mê Linh trước đây.", "huyện Mê Linh",
                     "250", "thành phố Hà Nội", id="district-truoc-day"),
        pytest.param("Lãnh đạo các tỉnh Ninh Bình cũ, Hà Nam cũ dự họp.", "tỉnh Hà Nam", "35",
                     "tỉnh Ninh Bình", id="province-in-a-list"),
    ],
)  # fmt: skip
def test_former_units_keep_their_old_type_and_code_and_link_to_successors(
    text: str, unit: str, code: str, new_province: str
) -> None:
    row = rows_of(text, published_at=AFTER)[unit]
    assert (row.code, row.era, row.new_province) == (code, "old", new_province)


def test_former_commune_keeps_its_former_parent() -> None:
    text = "Đặc khu gồm 2 phường Dương Đông, An Thới và 6 xã Dương Tơ, Hàm Ninh của TP Phú Quốc cũ."
    rows = rows_of(text, published_at=AFTER)
    assert rows["phường An Thới"].parent == "thành phố Phú Quốc"
    assert rows["phường An Thới"].new_ward == "đặc khu Phú Quốc"
    assert "phường 6" not in rows  # `6 xã` counts communes


@pytest.mark.parametrize(
    ("text", "published_at", "expected"),
    [
        pytest.param("Các xã, phường Hồng Hà, Ba Đình và Thiên Lộc của Hà Nội đã xong.", AFTER,
                     {"phường Hồng Hà", "phường Ba Đình", "xã Thiên Lộc", "thành phố Hà Nội"},
                     id="new-communes-and-wards"),
        pytest.param("Tại các xã, thị trấn Phú Minh, Phú Cường của huyện Sóc Sơn.", BEFORE,
                     {"xã Phú Minh", "xã Phú Cường", "huyện Sóc Sơn"},
                     id="old-communes-and-townships"),
        pytest.param("Các phường Hoàn Kiếm, Cửa Nam (Hà Nội) vận hành chính quyền hai cấp.", AFTER,
                     {"phường Hoàn Kiếm", "phường Cửa Nam", "thành phố Hà Nội"},
                     id="single-type-list"),
        pytest.param("Lãnh đạo các tỉnh, thành phố Hà Nội, Hải Phòng và Quảng Ninh dự họp.",
                     BEFORE, {"thành phố Hà Nội", "thành phố Hải Phòng", "tỉnh Quảng Ninh"},
                     id="provinces-and-cities"),
        pytest.param("Các xã, phường, thị trấn trên địa bàn tỉnh Quảng Ninh họp.", BEFORE,
                     {"tỉnh Quảng Ninh"}, id="type-words-without-names"),
    ],
)  # fmt: skip
def test_a_list_under_several_type_words_types_each_name_from_the_map(
    text: str, published_at: str, expected: set[str]
) -> None:
    assert labels(text, published_at=published_at) == expected


def test_special_zone_is_linked_in_the_new_map_whatever_the_era() -> None:
    row = rows_of("Đặc khu Côn Đảo đón khách.", published_at=BEFORE)["đặc khu Côn Đảo"]
    assert (row.code, row.era) == ("26732", "new")


def test_undated_article_with_reform_wording_is_read_in_the_new_map() -> None:
    text = "Sau sáp nhập, phường Buôn Hồ (Đắk Lắk) vận hành chính quyền địa phương hai cấp."
    assert rows_of(text)["phường Buôn Hồ"].code == "24305"
    assert "thị xã Buôn Hồ" in labels("Thị xã Buôn Hồ (Đắk Lắk) có 7 phường.")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param("2025-07-01", "phường Buôn Hồ", id="as-of-new"),
        pytest.param("2018-01-01", "thị xã Buôn Hồ", id="as-of-old"),
    ],
)
def test_as_of_decides_the_map(as_of: str, expected: str) -> None:
    doc = doc_of("Ông về Buôn Hồ (Đắk Lắk) sống.", published_at="2021-01-01")
    doc._.as_of = as_of
    assert expected in {f"{r.type} {r.name}" for r in extract_localities(doc, {})}


_ADDRESSES = {  # sentence -> the commune or ward read before its district (None: none)
    "in-brackets": ("Ông Lâm (Phương Canh, Nam Từ Liêm, Hà Nội) cho biết.", "phường Phương Canh"),
    "after-place-word": ("Tai nạn thuộc địa bàn Lạc Đạo, Văn Lâm, Hưng Yên.", "xã Lạc Đạo"),
    "after-address-word": ("Nạn nhân ngụ Cẩm Hà, thành phố Hội An.", "xã Cẩm Hà"),
    "typed-district": (
        "Ông quê quán Hòa Thọ Đông, quận Cẩm Lệ, TP Đà Nẵng.",
        "phường Hòa Thọ Đông",
    ),
    "district-in-brackets": (
        "Tại Hà Tĩnh, một số xã như Phù Việt, Thạch Xuân (Thạch Hà) đã gieo.",
        "xã Thạch Xuân",
    ),
    "not-a-ward-of-that-district": ("Ông về Cẩm Hà, Văn Lâm, Hưng Yên.", None),
    "person-whose-name-ends-in-a-ward": ("Ông Nguyễn Văn Cẩm Hà, thành phố Hội An nói.", None),
    "house-number-is-a-street": ("Nhà số 283 Khương Trung, quận Thanh Xuân, Hà Nội.", None),
    "name-of-a-hospital": ("Bệnh viện Đa khoa Bãi Cháy, TP Hạ Long tiếp nhận.", None),
    "bay-of-the-name": ("Tôm chết ở vịnh Xuân Đài, thị xã Sông Cầu (Phú Yên).", None),
}


@pytest.mark.parametrize(("sentence", "ward"), _ADDRESSES.values(), ids=_ADDRESSES.keys())
def test_a_bare_commune_right_before_its_district_is_a_place(sentence: str, ward) -> None:
    rows = extract_localities(doc_of(sentence, published_at="2017-06-01"), {})
    wards = {f"{r.type} {r.name}" for r in rows if r.rule == "loc.bare.ward_before_district"}
    assert wards == ({ward} if ward else set())


_LISTS_WITH_ASIDES = {  # bare districts listed with a short aside in brackets after each
    "semicolons": (
        "Tại Hà Tĩnh, các huyện thiệt hại nặng là Thạch Hà (3.382ha); Cẩm Xuyên (3.679ha); "
        "Hương Sơn (2.256,8ha).",
        {"huyện Cẩm Xuyên", "huyện Hương Sơn"},
    ),
    "commas": (
        "Ở Hà Tĩnh, lúa mất trắng tại Can Lộc (hơn 2.600ha), Đức Thọ (2.018ha).",
        {"huyện Can Lộc", "huyện Đức Thọ"},
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"), _LISTS_WITH_ASIDES.values(), ids=_LISTS_WITH_ASIDES.keys()
)
def test_bare_districts_listed_with_asides_in_brackets(text: str, expected: set[str]) -> None:
    found = {f"{r.type} {r.name}" for r in extract_localities(doc_of(text), {})}
    assert expected <= found


_SHARED_DISTRICT_NAMES = {  # a bare name several districts share: the article's province decides
    "province-named-elsewhere": (
        "Lãnh đạo huyện Phúc Thọ (Hà Nội) cho biết người dân ở Sơn Tây, Ba Vì chặn xe rác.",
        {"thị xã Sơn Tây"},
    ),
    "no-province-no-guess": ("Người dân ở Sơn Tây, Ba Vì chặn xe rác.", set()),
}


@pytest.mark.parametrize(
    ("text", "expected"), _SHARED_DISTRICT_NAMES.values(), ids=_SHARED_DISTRICT_NAMES.keys()
)
def test_a_bare_district_name_shared_by_several_takes_the_articles_province(
    text: str, expected: set[str]
) -> None:
    rows = extract_localities(doc_of(text, published_at="2017-06-01"), {})
    assert {f"{r.type} {r.name}" for r in rows if r.name == "Sơn Tây"} == expected


def _scanner(text: str):
    """A `_Sentence` over `text` (a one-sentence article), its typed units read."""
    from datetime import date

    from pipeline.extractors.locality_rules import _rules
    from pipeline.extractors.locality_scan import _Sentence

    scanner = _Sentence(doc_of(text), _rules(), text, 0, date(2017, 6, 1))
    scanner.typed()
    return scanner


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        pytest.param("Đội bóng thắng trận thứ ba liên tiếp.", False, id="no-place-word"),
        pytest.param("Dự án cầu Sông Hàn ở thành phố Đà Nẵng.", True, id="trigger-and-type-word"),
        pytest.param("Công ty TNHH An Phát mở nhà máy tại huyện Quế Võ.", True, id="company"),
    ],
)
def test_not_a_place_spans_are_found_only_when_asked_and_as_before(text: str, asked: bool) -> None:
    """Step 1 runs when a type word or a name first asks for its spans, and then finds what
    running it first would have found (`cầu Sông Hàn`, `Công ty TNHH An Phát` are blocked)."""
    scanner = _scanner(text)
    assert (scanner._blocked is not None) == asked
    eager = _scanner(text)
    eager._blocked = []
    eager._block_not_places()
    assert scanner.blocked == eager._blocked
    assert bool(eager._blocked) == asked
