"""Officials whose unit words the body table alone missed (silver-dev recall classes).

Each case is a small article written for this test in a shape seen on unseen bench text, and
the rows expected from it as `(name, titles, locality)`: unit words in lower case after the
role, numbered teams and the area they cover, field words inside a state unit's name, titles
written after an age in brackets, and leaders of countries (not the late ones).
"""

from __future__ import annotations

import pytest

from pipeline.extractors.officials import extract_officials
from tests.helpers import doc_of

P = pytest.param
Row = tuple[str, list[str], str | None]


def rows_of(text: str) -> list[Row]:
    doc = doc_of(text, title="Tiêu đề")
    return [(r.name, r.titles, r.locality) for r in extract_officials(doc, {})]


# A state unit word in lower case right after the role, before a capitalised name or a number.
LOWER_CASE_UNITS = [
    P(
        "Ông Hoàng Văn Khải, Phó giám đốc sở GD-ĐT Hà Nội cho biết sở đã kiểm tra trường.",
        [("Hoàng Văn Khải", ["Phó giám đốc sở GD-ĐT"], "thành phố Hà Nội")],
        id="deputy-director-lower-case-department",
    ),
    P(
        "Chiều qua, ông Lê Minh Tú, Giám đốc sở Y tế tỉnh Hòa Bình đã công bố kết luận.",
        [("Lê Minh Tú", ["Giám đốc sở Y tế"], "tỉnh Hòa Bình")],
        id="director-lower-case-department-typed-province",
    ),
    P(
        "Trao đổi với PV, Thứ trưởng bộ LĐ-TB&XH Phan Văn Hòa cho biết bộ đã có chỉ đạo.",
        [("Phan Văn Hòa", ["Thứ trưởng bộ LĐ-TB&XH"], None)],
        id="vice-minister-lower-case-ministry",
    ),
    P(
        "Ông Trịnh Quốc Bảo - Vụ trưởng vụ Ngân sách, Bộ Tài chính - cho biết lương sẽ tăng.",
        [("Trịnh Quốc Bảo", ["Vụ trưởng vụ Ngân sách"], None)],
        id="head-lower-case-ministry-department",
    ),
    P(
        "Bà Đỗ Thị Lan, Giám đốc sở Y tế như bộ Y tế yêu cầu, được giao làm chủ tịch hội đồng.",
        [("Đỗ Thị Lan", ["Giám đốc sở Y tế"], None)],
        id="lower-case-body-ends-the-name-before-another",
    ),
]

# Not a unit: a lower-case word after the role that only looks like one.
NOT_UNITS = [
    P(
        "Ông Phạm Văn Toàn, Giám đốc bộ phận kinh doanh của công ty, cho biết doanh số tăng.",
        [],
        id="company-division-is-no-ministry",
    ),
    P(
        "Ông Đinh Văn Sơn, Giám đốc sở hữu ba cửa hàng, cho biết giá tăng.",
        [],
        id="owning-is-no-department",
    ),
]

# Numbered teams of an inspectorate or the police, and the unit each covers.
TEAMS = [
    P(
        "Các bị cáo gồm Trần Văn Lâm – đội trưởng đội 5 phụ trách địa bàn quận Cái Răng, "
        "bị truy tố tội nhận hối lộ.",
        [("Trần Văn Lâm", ["đội trưởng đội 5"], "quận Cái Răng")],
        id="team-leader-number-area",
    ),
    P(
        "Các bị cáo gồm Nguyễn Văn Hậu – đội phó đội 2 (huyện Cờ Đỏ) bị truy tố.",
        [("Nguyễn Văn Hậu", ["đội phó đội 2"], "huyện Cờ Đỏ")],
        id="deputy-team-leader-area-in-brackets",
    ),
    P(
        "Bị cáo Lê Văn Mạnh (nguyên Đội phó Đội TTGT số 4, phụ trách quận Ô Môn) bị xét xử.",
        [("Lê Văn Mạnh", ["nguyên Đội phó Đội TTGT số 4"], "quận Ô Môn")],
        id="former-deputy-numbered-team-comma-area",
    ),
    P(
        "Thiếu tá Lê Văn Cường - Trưởng CA phường Văn Quán cho biết đã triệu tập các đối tượng.",
        [("Lê Văn Cường", ["Trưởng CA"], "phường Văn Quán")],
        id="police-chief-abbreviated",
    ),
    P(
        "Anh Trần Văn Nam, trưởng ca trực của nhà máy, cho biết máy đã dừng.",
        [],
        id="shift-leader-is-no-police-chief",
    ),
    P(
        "Ông Phạm Văn Tài, Phó Chánh TTGT TP Cần Thơ, bị khởi tố.",
        [("Phạm Văn Tài", ["Phó Chánh TTGT"], "thành phố Cần Thơ")],
        id="deputy-chief-transport-inspectorate",
    ),
]

# Field words of the private list inside a state unit's own name are no firm.
FIELDS = [
    P(
        "Ông Vũ Đức Thành, Cục trưởng Cục Phát triển thị trường và doanh nghiệp khoa học và "
        "công nghệ, cho biết quỹ sẽ hỗ trợ.",
        [
            (
                "Vũ Đức Thành",
                ["Cục trưởng Cục Phát triển thị trường và doanh nghiệp khoa học và công nghệ"],
                None,
            )
        ],
        id="department-named-after-enterprises",
    ),
    P(
        "Ông Ngô Văn Khánh, Chủ tịch Hội doanh nghiệp trẻ tỉnh, cho biết hội có 300 hội viên.",
        [],
        id="business-association-stays-private",
    ),
]


# An age written first in the brackets after a name, then the titles (court and police news).
AGES = [
    P(
        "Công an bắt giữ ông Lê Văn Thuận (78 tuổi, nguyên Bí thư Đảng ủy xã Đông Sơn).",
        [("Lê Văn Thuận", ["nguyên Bí thư Đảng ủy"], "xã Đông Sơn")],
        id="age-comma-former-title",
    ),
    P(
        "Tòa tuyên phạt Phan Văn Lợi (35 tuổi- nguyên đội trưởng đội TTGT quận Cái Răng) 9 năm tù.",
        [("Phan Văn Lợi", ["nguyên đội trưởng đội TTGT"], "quận Cái Răng")],
        id="age-dash-lower-case-team",
    ),
    P(
        "Tòa tuyên phạt Phan Văn Lợi (35 tuổi, trú tại quận Cái Răng) 9 năm tù.",
        [],
        id="age-then-residence-is-no-title",
    ),
]


# `lãnh đạo` names a country's leader only with the country right after it; a dead holder
# (`cố`, "the late") holds no post.
LEADERS = [
    P(
        "Nhà lãnh đạo Triều Tiên Kim Jong-un giám sát vụ phóng thử tên lửa.",
        [("Kim Jong-un", ["lãnh đạo Triều Tiên"], None)],
        id="leader-of-a-country",
    ),
    P(
        "Lãnh đạo Sở Y tế Nguyễn Văn Bình cho biết sẽ kiểm tra.",
        [],
        id="leadership-of-a-department-is-anonymous",
    ),
    P(
        "Dưới sự lãnh đạo của Lee Jae-Yong, tập đoàn đã bán nhiều mảng kinh doanh.",
        [],
        id="leadership-of-a-firm-is-no-title",
    ),
    P(
        "Người dân tưởng nhớ cố lãnh đạo Triều Tiên Kim Jong-il.",
        [],
        id="the-late-leader-holds-no-post",
    ),
    P(
        "Đại sứ bày tỏ lòng biết ơn đối với cố Quốc vương Norodom Sihanouk.",
        [],
        id="the-late-king-holds-no-post",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LEADERS)
def test_leaders_of_countries(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_titles_after_an_age(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), LOWER_CASE_UNITS)
def test_lower_case_units(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), NOT_UNITS)
def test_words_that_only_look_like_units(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), TEAMS)
def test_teams_and_their_areas(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), FIELDS)
def test_fields_inside_state_unit_names(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# The presiding judge of a court's division (role.chanh_toa), often after `Thẩm phán`, which
# is skipped before a name like a rank (rank.tham_phan) and is never a title on its own.
COURT_DIVISIONS = [
    P(
        "Thẩm phán Lê Văn Hào, Chánh tòa Hình sự TAND tỉnh Kiên Giang, cho rằng tòa có quyền.",
        [("Lê Văn Hào", ["Chánh tòa Hình sự TAND"], "tỉnh Kiên Giang")],
        id="judge-then-division-chief",
    ),
    P(
        "Ông Vũ Văn Lâm, nguyên Phó Chánh Tòa Hình sự TAND TP.HCM, trả lời báo chí.",
        [("Vũ Văn Lâm", ["nguyên Phó Chánh Tòa Hình sự TAND"], "thành phố Hồ Chí Minh")],
        id="former-deputy-division-chief",
    ),
    P(
        "Thẩm phán Trần Thị Mai, Chánh tòa Hình sự, TAND tỉnh Bắc Ninh sẽ ngồi ghế chủ tọa.",
        [("Trần Thị Mai", ["Chánh tòa Hình sự"], "tỉnh Bắc Ninh")],
        id="division-chief-court-after-comma",
    ),
    P(
        "Thẩm phán James Robart ở Seattle bất ngờ ra phán quyết đình chỉ sắc lệnh.",
        [],
        id="judge-alone-is-no-title",
    ),
]


@pytest.mark.parametrize(("text", "expected"), COURT_DIVISIONS)
def test_court_division_chiefs(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# The standing member of the Party Secretariat (role.thuong_truc_bbt): `Thường trực` is only a
# suffix elsewhere (`Phó Bí thư Thường trực Tỉnh ủy`), so the post was not read at all.
SECRETARIAT = [
    P(
        "Ngày 6-2, Thường trực Ban Bí thư Lê Văn Quý đã ký quyết định chỉ định.",
        [("Lê Văn Quý", ["Thường trực Ban Bí thư"], None)],
        id="standing-member-before-name",
    ),
    P(
        "Ông Lê Văn Quý, Thường trực Ban Bí thư, khi tiếp xúc cử tri đã nói.",
        [("Lê Văn Quý", ["Thường trực Ban Bí thư"], None)],
        id="standing-member-after-name",
    ),
    P(
        "Ông Trần Văn Bình, Phó Bí thư Thường trực Tỉnh ủy Nghệ An, cho biết.",
        [("Trần Văn Bình", ["Phó Bí thư Thường trực Tỉnh ủy"], "tỉnh Nghệ An")],
        id="standing-deputy-secretary-unchanged",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECRETARIAT)
def test_standing_member_of_the_secretariat(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected
