"""Officials missed or misread on unannotated bench articles (issue 15, second pass).

Each case is a sentence written for this test in a shape an analyst found on several bench
articles, with the rows expected from it as `(name, titles, locality)`.
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


# A given name that is also a clause opener (`Nhân dịp...`) ends a name, not cuts it.
NAME_ENDINGS = [
    P(
        "Chiều 26-5, Bí thư Thành ủy TP.HCM, Nguyễn Thiện Nhân đã làm việc với Công an.",
        [("Nguyễn Thiện Nhân", ["Bí thư Thành ủy"], "thành phố Hồ Chí Minh")],
        id="given-name-nhan-before-a-verb",
    ),
    P(
        "Bộ trưởng Nguyễn Thị Kim Tiến Những vấn đề này cần làm rõ.",
        [("Nguyễn Thị Kim Tiến", ["Bộ trưởng"], None)],
        id="next-sentence-opener-after-a-lost-full-stop",
    ),
    P(
        "Ủy viên thường trực Ủy ban Pháp luật Lê Thanh Vân Điều này phù hợp với nghị quyết.",
        [("Lê Thanh Vân", ["Ủy viên thường trực Ủy ban Pháp luật"], None)],
        id="dieu-nay-after-a-caption-name",
    ),
    P(
        "Phó Chủ tịch UBND tỉnh Quảng Nam Lê Văn Nhân cho biết tỉnh sẽ kiểm tra.",
        [("Lê Văn Nhân", ["Phó Chủ tịch UBND"], "tỉnh Quảng Nam")],
        id="given-name-nhan-before-cho-biet",
    ),
]


# The tokenizer glues the verb after a name into the name's token (`Nguyễn Văn Hải trình`):
# the verb is no lower-case tail of the body's name, and the name stays a name.
GLUED_VERBS = [
    P(
        "Báo cáo do Chủ nhiệm Ủy ban Kinh tế Nguyễn Văn Hải trình Quốc hội nêu rõ.",
        [("Nguyễn Văn Hải", ["Chủ nhiệm Ủy ban Kinh tế"], None)],
        id="name-hai-glued-to-trinh",
    ),
    P(
        "Báo cáo do Chủ nhiệm Ủy ban Tài chính - Ngân sách Nguyễn Đức Hải trình Quốc hội.",
        [("Nguyễn Đức Hải", ["Chủ nhiệm Ủy ban Tài chính - Ngân sách"], None)],
        id="hyphenated-committee-then-glued-name",
    ),
    P(
        "Sáng 6/2 Thứ trưởng Bộ Giáo dục và Đào tạo Trần Thị Hoa ký công văn.",
        [("Trần Thị Hoa", ["Thứ trưởng Bộ Giáo dục và Đào tạo"], None)],
        id="body-word-with-two-capitals-keeps-its-tail",
    ),
]


# Teams of the police and of inspection bodies are public bodies; a sports team is not.
TEAMS = [
    P(
        "Theo Đại úy Phạm Văn Khánh, Phó Đội trưởng Đội Cảnh sát hình sự, vụ việc đang được làm rõ.",
        [("Phạm Văn Khánh", ["Phó Đội trưởng Đội Cảnh sát hình sự"], None)],
        id="rank-name-then-deputy-team-head",
    ),
    P(
        "Ông Đỗ Văn Hùng, Đội trưởng Đội Quản lý thị trường số 3, cho biết đã thu giữ hàng.",
        [("Đỗ Văn Hùng", ["Đội trưởng Đội Quản lý thị trường số 3"], None)],
        id="market-inspection-team-head",
    ),
    P(
        "Đội trưởng Đội tuyển Việt Nam Nguyễn Văn Quyết ghi bàn ở phút cuối.",
        [],
        id="sports-team-captain-is-no-official",
    ),
]


# `quỹ đất` (land bank) inside a public centre's name is no private fund.
FUNDS = [
    P(
        "Ông Trương Văn Học (nguyên Giám đốc Trung tâm Phát triển quỹ đất) bị phê bình.",
        [("Trương Văn Học", ["nguyên Giám đốc Trung tâm Phát triển quỹ đất"], None)],
        id="land-bank-centre-is-public",
    ),
    P(
        "PGS Văn Như Cương, Chủ tịch hội đồng quản trị trường THPT Lương Thế Vinh, cho biết.",
        [],
        id="bare-role-then-lower-case-board-is-private",
    ),
    P(
        "Ông Nguyễn Văn Bình, chủ tịch hội đồng quản trị công ty Hoàng Long cho biết.",
        [],
        id="bare-role-then-lower-case-company-is-private",
    ),
    P(
        "Ông Lê Văn Bình, Giám đốc Quỹ Đầu tư Sao Vàng, cho biết lợi nhuận tăng.",
        [],
        id="capitalised-fund-stays-private",
    ),
]


# Words after a title that are not part of it, and colons that introduce no list.
TITLE_ENDS = [
    P(
        "Đoàn do đồng chí Võ Văn Thành, Trưởng Ban Tuyên giáo T.Ư làm Trưởng đoàn.",
        [("Võ Văn Thành", ["Trưởng Ban Tuyên giáo T.Ư"], None)],
        id="lam-truong-doan-ends-the-title",
    ),
    P(
        "Tổng Thư ký QH: Ông Võ Kim Hòa xin thôi vì sức khỏe là bình thường",
        [],
        id="headline-colon-quotes-the-title-holder",
    ),
    P(
        "Dự họp có đồng chí Ủy viên Trung ương Đảng: Nguyễn Văn Bình.",
        [("Nguyễn Văn Bình", ["Ủy viên Trung ương Đảng"], None)],
        id="one-name-list-after-colon-still-shares-the-title",
    ),
]


# Posts the lexicon had no role or body for: heads of hospital and faculty departments, heads of
# missions abroad, and the Assembly committee whose name holds stop words.
POSTS = [
    P(
        "Theo bác sĩ Hoàng Công Tình, Phó Trưởng khoa Hồi sức tích cực - Bệnh viện Bạch Mai, "
        "bệnh nhân đã ổn định.",
        [("Hoàng Công Tình", ["Phó Trưởng khoa Hồi sức tích cực - Bệnh viện Bạch Mai"], None)],
        id="deputy-head-of-hospital-department",
    ),
    P(
        "PGS Trần Văn Hùng, Trưởng khoa Đô thị học, cho biết chương trình sẽ đổi mới.",
        [("Trần Văn Hùng", ["Trưởng khoa Đô thị học"], None)],
        id="head-of-faculty",
    ),
    P(
        "Đón đoàn có Đại sứ, Trưởng Phái đoàn Việt Nam tại Liên hợp quốc Lê Thị Hằng và cán bộ.",
        [("Lê Thị Hằng", ["Đại sứ", "Trưởng Phái đoàn Việt Nam tại Liên hợp quốc"], None)],
        id="head-of-mission-abroad",
    ),
    P(
        "Phó chủ nhiệm Ủy ban Về các vấn đề xã hội Bùi Văn Lợi cho rằng cần đánh giá thêm.",
        [("Bùi Văn Lợi", ["Phó chủ nhiệm Ủy ban Về các vấn đề xã hội"], None)],
        id="assembly-social-affairs-committee",
    ),
]


# A deputy's delegation: in brackets with `Đoàn` glued to the place by the tokenizer, after a
# comma with `đoàn`, a province that shares its name with its capital, a country word in a name.
DELEGATIONS = [
    P(
        "Về tố cáo, đại biểu Thạch Văn Bình (Đoàn Trà Vinh) tán thành với Chính phủ.",
        [("Thạch Văn Bình", ["đại biểu Quốc hội"], "tỉnh Trà Vinh")],
        id="bracketed-doan-and-province-named-like-its-city",
    ),
    P(
        "Tuy nhiên, đại biểu Lê Văn Tâm, đoàn Long An, quan ngại về quyền thu giữ tài sản.",
        [("Lê Văn Tâm", ["đại biểu Quốc hội"], "tỉnh Long An")],
        id="comma-doan-province",
    ),
    P(
        "Đại biểu Quốc hội Hoàng Thị Thu Trang, đoàn Nghệ An, cho biết việc thu hồi còn khó.",
        [("Hoàng Thị Thu Trang", ["Đại biểu Quốc hội"], "tỉnh Nghệ An")],
        id="full-title-then-comma-doan",
    ),
    P(
        "Đại biểu Phan Thị Mỹ Dung (Long An) quan ngại về quy định này.",
        [("Phan Thị Mỹ Dung", ["Đại biểu Quốc hội"], "tỉnh Long An")],
        id="country-word-inside-a-name-is-no-foreign-office",
    ),
    P(
        "Ông Bùi Văn Cường, Đại biểu Quốc hội Đoàn Gia Lai cho rằng cần xử lý nghiêm.",
        [("Bùi Văn Cường", ["Đại biểu Quốc hội Đoàn Gia Lai"], None)],
        id="doan-before-a-province-is-a-delegation-not-a-surname",
    ),
    P(
        "Đại biểu Lê Văn Tâm, Phó Chủ tịch UBND tỉnh Long An, cho biết.",
        [("Lê Văn Tâm", ["Đại biểu Quốc hội", "Phó Chủ tịch UBND"], "tỉnh Long An")],
        id="comma-without-doan-is-an-apposition",
    ),
]


# `Đảng ủy cơ quan`: the party committee of an agency takes the agency's unit, none of its own.
AGENCY_COMMITTEES = [
    P(
        "Tại TP.HCM, ông Nguyễn Ngọc Bảo, Phó bí thư Đảng ủy cơ quan, cho biết.",
        [("Nguyễn Ngọc Bảo", ["Phó bí thư Đảng ủy cơ quan"], None)],
        id="agency-committee-takes-no-city-from-context",
    ),
    P(
        "Ông Nguyễn Ngọc Bảo, Phó bí thư Đảng ủy cơ quan UBND tỉnh Quảng Nam, cho biết.",
        [("Nguyễn Ngọc Bảo", ["Phó bí thư Đảng ủy cơ quan UBND"], "tỉnh Quảng Nam")],
        id="agency-committee-with-its-agency-place",
    ),
]


# A verb of taking up a post right after a name (rules/titles.toml `appointments`).
APPOINTMENTS = [
    P(
        "Thành ủy đã trao quyết định cho ông Lê Mạnh Cường nhận nhiệm vụ Bí thư Quận ủy quận "
        "Thủ Đức.",
        [("Lê Mạnh Cường", ["Bí thư Quận ủy"], "quận Thủ Đức")],
        id="nhan-nhiem-vu-then-title",
    ),
    P(
        "Tỉnh bổ nhiệm ông Trần Đình Hưng làm Phó Giám đốc Sở Xây dựng tỉnh Bình Định.",
        [("Trần Đình Hưng", ["Phó Giám đốc Sở Xây dựng"], "tỉnh Bình Định")],
        id="lam-then-title",
    ),
    P(
        "Hiện ông Nguyễn Văn Tâm, Ủy viên Bộ Chính trị, làm Trưởng ban Kinh tế Trung ương.",
        [("Nguyễn Văn Tâm", ["Ủy viên Bộ Chính trị", "Trưởng ban Kinh tế Trung ương"], None)],
        id="title-then-comma-lam-second-title",
    ),
    P(
        "Ông Nguyễn Văn Tâm từng làm Chủ tịch UBND huyện Mê Linh.",
        [],
        id="career-history-is-not-an-appointment",
    ),
    P(
        "Ông Nguyễn Văn Tâm, Giám đốc Sở Y tế, làm việc với đoàn công tác.",
        [("Nguyễn Văn Tâm", ["Giám đốc Sở Y tế"], None)],
        id="lam-viec-is-no-appointment",
    ),
    P(
        "Đại biểu Quốc hội Bùi Thu Hằng làm chủ tịch hội đồng chuyên môn.",
        [("Bùi Thu Hằng", ["Đại biểu Quốc hội"], None)],
        id="bare-role-after-a-verb-is-left-out",
    ),
]


# Two titles of one person joined by `, đồng thời là`; a post one only runs for is none.
CHAINS = [
    P(
        "Phó Giám đốc Sở Y tế Hòa Bình, đồng thời là đại biểu Quốc hội Bùi Thu Hà làm chủ tịch.",
        [("Bùi Thu Hà", ["Phó Giám đốc Sở Y tế", "đại biểu Quốc hội"], "tỉnh Hòa Bình")],
        id="dong-thoi-la-joins-two-titles-before-the-name",
    ),
    P(
        "Ông Lê Văn Hùng, Phó Giám đốc Sở Y tế Hòa Bình, đồng thời là đại biểu Quốc hội, nói.",
        [("Lê Văn Hùng", ["Phó Giám đốc Sở Y tế", "đại biểu Quốc hội"], "tỉnh Hòa Bình")],
        id="dong-thoi-la-joins-two-titles-after-the-name",
    ),
    P(
        "Chính trị gia chống nhập cư tranh cử tổng thống Pháp: Bà Marine Le Pen (48 tuổi) hôm "
        "qua đã vận động tranh cử.",
        [],
        id="candidate-before-a-colon-holds-no-post",
    ),
]


# The place written with a title in one mention wins over the one the context gives the same
# title in another mention (a city named later in passing is more local, but not the post's).
WRITTEN_PLACES = [
    P(
        "Bí thư Thành ủy TP HCM Nguyễn Văn Nhân đến thăm ban chuyên án. Kẻ cầm đầu đặt xưởng ở "
        "Đồng Nai, TP Nha Trang. Bí thư Thành ủy Nguyễn Văn Nhân chúc mừng ban chuyên án.",
        [("Nguyễn Văn Nhân", ["Bí thư Thành ủy"], "thành phố Hồ Chí Minh")],
        id="written-city-beats-a-later-context-city",
    ),
]


# A body in brackets after a title is its parent: its place is the locality, a ministry makes
# the post national.
BRACKET_PARENTS = [
    P(
        "Sáng 1-6, Thượng tá Trịnh Hồng Sơn, Phó trưởng phòng An ninh Kinh tế, Công an TP. HCM "
        "đã trao quyết định khen thưởng.",
        [("Trịnh Hồng Sơn", ["Phó trưởng phòng An ninh Kinh tế"], "thành phố Hồ Chí Minh")],
        id="parent-body-after-a-comma",
    ),
    P(
        "Ông Nguyễn Văn Bình, Trưởng phòng Tài chính, UBND huyện Mê Linh cho biết.",
        [("Nguyễn Văn Bình", ["Trưởng phòng Tài chính"], "huyện Mê Linh")],
        id="district-committee-after-a-comma",
    ),
    P(
        "Ông Nguyễn Văn Bình, Giám đốc Sở Y tế, Chủ tịch UBND huyện Mê Linh cho biết.",
        [("Nguyễn Văn Bình", ["Giám đốc Sở Y tế", "Chủ tịch UBND"], "huyện Mê Linh")],
        id="a-second-title-after-a-comma-is-no-parent",
    ),
    P(
        "ĐB Nguyễn Thị Phúc (Hưng Yên) hỏi. Bà Nguyễn Thị Minh, TGĐ BHXH VN cho biết.",
        [
            ("Nguyễn Thị Phúc", ["Đại biểu Quốc hội"], "tỉnh Hưng Yên"),
            ("Nguyễn Thị Minh", ["TGĐ BHXH VN"], None),
        ],
        id="vn-abbreviation-makes-the-post-national",
    ),
    P(
        "Đại tá Phùng Văn Thành - Trưởng phòng Tham mưu (Công an tỉnh Lâm Đồng) cho biết.",
        [("Phùng Văn Thành", ["Trưởng phòng Tham mưu"], "tỉnh Lâm Đồng")],
        id="police-of-a-province-in-brackets",
    ),
    P(
        "Theo Đại úy Đỗ Duy Khánh, Phó Đội trưởng Đội điều tra hình sự (Công an huyện Kiến "
        "Thụy), đơn vị đã nhận thư.",
        [("Đỗ Duy Khánh", ["Phó Đội trưởng Đội điều tra hình sự"], "huyện Kiến Thụy")],
        id="police-of-a-district-in-brackets",
    ),
    P(
        "Tại Hà Nội, ông Nguyễn Văn Hùng, Giám đốc Ban Quản lý dự án đường sắt (Bộ GTVT) cho biết.",
        [("Nguyễn Văn Hùng", ["Giám đốc Ban Quản lý dự án đường sắt"], None)],
        id="ministry-in-brackets-makes-the-post-national",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BRACKET_PARENTS)
def test_bracket_parents(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), WRITTEN_PLACES)
def test_written_places(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), CHAINS)
def test_chains(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), APPOINTMENTS)
def test_appointments(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), DELEGATIONS)
def test_delegations(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), AGENCY_COMMITTEES)
def test_agency_committees(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), POSTS)
def test_posts(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), NAME_ENDINGS)
def test_name_endings(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), GLUED_VERBS)
def test_glued_verbs(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), TEAMS)
def test_teams(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), FUNDS)
def test_funds(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), TITLE_ENDS)
def test_title_ends(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected
