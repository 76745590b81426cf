"""Officials on unseen articles (issue 15), one table per class of error found in train.

Each case is a small article written for this test in a shape seen in the train corpus, and the
rows expected from it as `(name, titles, locality)`.
"""

from __future__ import annotations

import pytest

from pipeline.extractors.officials import extract_officials
from pipeline.registry import build
from tests.helpers import doc_of

P = pytest.param
Row = tuple[str, list[str], str | None]


def rows_of(text: str) -> list[Row]:
    doc = doc_of(text, title="Tiêu đề")
    return [(r.name, r.titles, r.locality) for r in extract_officials(doc, {})]


# Foreign officials named with a title: a syllable no Vietnamese word has marks the name.
FOREIGN_NAMES = [
    P(
        "Thủ tướng Ấn Độ Narendra Modi thông báo khoản tín dụng mới.",
        [("Narendra Modi", ["Thủ tướng Ấn Độ"], None)],
        id="country-then-foreign-name",
    ),
    P(
        "Trong chuyến thăm, Thủ tướng Narendra Modi đã phát biểu.",
        [("Narendra Modi", ["Thủ tướng"], None)],
        id="national-role-then-foreign-name",
    ),
    P(
        "Thủ tướng Anh Theresa May cho rằng cần đối thoại cứng rắn.",
        [("Theresa May", ["Thủ tướng Anh"], None)],
        id="short-country-word-then-foreign-name",
    ),
    P(
        "Chủ tịch Hạ viện Anh John Berkow nói rằng ông phản đối.",
        [("John Berkow", ["Chủ tịch Hạ viện Anh"], None)],
        id="foreign-parliament-speaker",
    ),
    P(
        "Kinh tế lớn nhất châu Âu Angela Merkel không kỳ vọng. Thủ tướng Đức Angela Merkel đón "
        "đoàn.",
        [("Angela Merkel", ["Thủ tướng Đức"], None)],
        id="surname-like-place-word-before-foreign-name",
    ),
    P(
        "Nhà lãnh đạo Triều Tiên, Chủ tịch Triều Tiên Kim Jong-un tuyên bố.",
        [("Kim Jong-un", ["Chủ tịch Triều Tiên"], None)],
        id="korean-surname-shared-with-vietnamese",
    ),
    P(
        "Chủ tịch Samsung Electronics Lee Kun-hee đã bị buộc tội lập quỹ đen.",
        [],
        id="foreign-company-then-name-is-private",
    ),
    P(
        "Trong số đó có hai cựu Ngoại trưởng – ông John Kerry và bà Madeleine Albright.",
        [
            ("John Kerry", ["cựu Ngoại trưởng"], None),
            ("Madeleine Albright", ["cựu Ngoại trưởng"], None),
        ],
        id="counted-title-then-honorific-names",
    ),
    P(
        "Bộ trưởng Quốc phòng Ursula von der Leyen cho biết hai nước đang bàn bạc.",
        [("Ursula von der Leyen", ["Bộ trưởng Quốc phòng"], None)],
        id="lower-case-particles-inside-a-foreign-name",
    ),
    P(
        "Tổng thống Bashar al-Assad phát biểu trên truyền hình.",
        [("Bashar al-Assad", ["Tổng thống"], None)],
        id="arabic-article-inside-a-foreign-name",
    ),
    P(
        "Chủ tịch Florentino Perez hy vọng kế hoạch chiêu mộ cầu thủ sẽ thành công.",
        [],
        id="foreign-name-after-bare-chairman-is-a-club-or-firm",
    ),
    P(
        "Con số được thị trưởng thành phố New York Bill de Blasio chia sẻ.",
        [("Bill de Blasio", ["thị trưởng"], None)],
        id="foreign-city-then-name-with-particle",
    ),
    P(
        "Đánh giá về TPP, Bộ trưởng Bộ Công Thương New Zealand Todd McClay cho biết.",
        [("Todd McClay", ["Bộ trưởng Bộ Công Thương New Zealand"], None)],
        id="two-syllable-country-is-not-part-of-a-name",
    ),
    P(
        "Chủ tịch Ủy ban đoàn kết Ấn Độ-Việt Nam bang Tây Bengal phát biểu khai mạc.",
        [],
        id="foreign-state-is-no-name",
    ),
    P(
        "Đồng chí Phan Thị Mỹ Thanh, Phó Bí thư Tỉnh ủy Đồng Nai cho biết.",
        [("Phan Thị Mỹ Thanh", ["Phó Bí thư Tỉnh ủy"], "tỉnh Đồng Nai")],
        id="country-syllable-as-vietnamese-given-name",
    ),
    P(
        "Thủ tướng Nguyễn Xuân Phúc phát biểu tại hội nghị.",
        [("Nguyễn Xuân Phúc", ["Thủ tướng"], None)],
        id="vietnamese-name-unchanged",
    ),
]

# Vietnamese names that begin like a place are still names when no surname follows the place.
NAMES = [
    P(
        "Ông Đồng Văn Tám - Chủ tịch UBND xã Hợp Thịnh cho biết các tàu hút cát.",
        [("Đồng Văn Tám", ["Chủ tịch UBND"], "xã Hợp Thịnh")],
        id="name-that-starts-like-a-district",
    ),
    P(
        "Ông Lê Văn SơnPhó giám đốc Sở GTVT TP HCM Theo Sở GTVT, năm nay có 80 dự án.",
        [("Lê Văn Sơn", ["Phó giám đốc Sở GTVT"], "thành phố Hồ Chí Minh")],
        id="caption-with-glued-words-and-no-dash",
    ),
    P(
        "Thi công đường dẫn cao tốc mang tên ông Võ Văn Chí. Đường Võ Văn Chí dài 4 km.",
        [],
        id="road-word-is-not-a-surname-opening-a-clause",
    ),
    P(
        "Chủ tịch Hòa Lâm Dương Văn Minh cho biết tập đoàn sẽ đầu tư.",
        [],
        id="unknown-capitalised-organisation-after-bare-role",
    ),
    P(
        "Chủ tịch UBND tỉnh Hà Nam Nguyễn Xuân Đông phát biểu.",
        [("Nguyễn Xuân Đông", ["Chủ tịch UBND"], "tỉnh Hà Nam")],
        id="province-then-name-still-cut",
    ),
]

# Localities resolved from what the title and article say.
LOCALITIES = [
    P(
        "Tại kỳ họp HĐND thành phố Hà Nội, ông Lê Hoài Nam - Trưởng Ban pháp chế HĐND Thành phố "
        "cho biết việc giải quyết khiếu nại còn chậm.",
        [("Lê Hoài Nam", ["Trưởng Ban pháp chế HĐND"], "thành phố Hà Nội")],
        id="lower-case-country-word-is-no-country",
    ),
    P(
        "Bà Đặng Thị Kim Liên, Chủ tịch Ủy ban MTTQ thành phố Đà nẵng cho biết.",
        [("Đặng Thị Kim Liên", ["Chủ tịch Ủy ban MTTQ"], "thành phố Đà Nẵng")],
        id="place-with-lower-case-typo-standardised",
    ),
]


def test_headline_province_answers_an_implicit_provincial_post() -> None:
    """An article headed by one province keeps it for `Bí thư Tỉnh ủy`, though another province
    was named in passing earlier in the paragraph."""
    doc = doc_of(
        "Nông dân mất mùa vì giống lúa, giống này cũng được trồng ở Nghệ An. Ngay đến Bí thư "
        "Tỉnh ủy Lê Đình Sơn cũng gay gắt với ngành nông nghiệp.",
        title="Hà Tĩnh: Mất mùa nặng nề",
    )
    assert [(r.name, r.locality) for r in extract_officials(doc, {})] == [
        ("Lê Đình Sơn", "tỉnh Hà Tĩnh")
    ]


@pytest.mark.parametrize(("text", "expected"), LOCALITIES)
def test_localities(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# Deputies: the place in brackets after the name is the delegation's; abbreviations spelt out.
DELEGATES = [
    P(
        "Phát biểu tại hội trường, ĐBQH Trần Văn Lâm (đoàn Cà Mau) lấy ví dụ về chế tài.",
        [("Trần Văn Lâm", ["Đại biểu Quốc hội"], "tỉnh Cà Mau")],
        id="dbqh-delegation-word-and-province",
    ),
    P(
        "Thảo luận về dự luật Quốc hội, ĐB Lê Thị Hồng (Ninh Bình) khẳng định việc trù dập có thật.",
        [("Lê Thị Hồng", ["Đại biểu Quốc hội"], "tỉnh Ninh Bình")],
        id="db-abbreviation-bare-province",
    ),
    P(
        "Chất vấn tại kỳ họp Quốc hội, đại biểu Phạm Văn Hòa (Đồng Tháp) nêu rõ.",
        [("Phạm Văn Hòa", ["đại biểu Quốc hội"], "tỉnh Đồng Tháp")],
        id="lower-case-delegate-province",
    ),
    P(
        "Tại phiên họp Quốc hội, ĐBQH Ngô Thị Lan (TP.HCM) đề nghị làm rõ.",
        [("Ngô Thị Lan", ["Đại biểu Quốc hội"], "thành phố Hồ Chí Minh")],
        id="dbqh-abbreviated-city",
    ),
    P(
        "Tại kỳ họp Quốc hội, đại biểu Vũ Văn Hải (Chủ nhiệm Đoàn Luật sư Hà Nội) cho rằng.",
        [("Vũ Văn Hải", ["đại biểu Quốc hội"], None)],
        id="bar-association-in-brackets-is-not-a-post",
    ),
]

# Positions whose body name the tokenizer cuts, abbreviates in brackets, or writes in lower case.
BODY_NAMES = [
    P(
        "Giám đốc Sở Giao thông vận tải Hải Phòng Lê Văn Hùng cho hay, thẩm quyền thuộc UBND.",
        [("Lê Văn Hùng", ["Giám đốc Sở Giao thông vận tải"], "thành phố Hải Phòng")],
        id="lower-case-tail-then-place-and-name",
    ),
    P(
        "Theo dõi phiên chất vấn Bộ trưởng Nông nghiệp và Phát triển nông thôn Trần Văn Phú, tôi thấy.",
        [("Trần Văn Phú", ["Bộ trưởng Nông nghiệp và Phát triển nông thôn"], None)],
        id="minister-without-bo-lower-case-tail",
    ),
    P(
        "Giám đốc Sở Giáo dục và Đào tạo (GD-ĐT) Nguyễn Văn Độ cho hay quận đã chỉ đạo.",
        [("Nguyễn Văn Độ", ["Giám đốc Sở Giáo dục và Đào tạo"], None)],
        id="abbreviation-in-brackets-after-body",
    ),
    P(
        "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch Nguyễn Văn Thiện cho biết.",
        [("Nguyễn Văn Thiện", ["Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch"], None)],
        id="ministry-name-with-commas",
    ),
    P(
        "Chủ nhiệm Ủy ban Khoa học, Công nghệ và Môi trường của Quốc hội Phan Xuân Dũng trình "
        "bày báo cáo.",
        [
            (
                "Phan Xuân Dũng",
                ["Chủ nhiệm Ủy ban Khoa học, Công nghệ và Môi trường của Quốc hội"],
                None,
            )
        ],
        id="assembly-committee-of-the-assembly",
    ),
    P(
        "Giám đốc Sở Tài nguyên và Môi trường Nguyễn Văn An cho biết tỉnh đã làm.",
        [("Nguyễn Văn An", ["Giám đốc Sở Tài nguyên và Môi trường"], None)],
        id="end-of-a-word-is-not-a-school",
    ),
    P(
        "Đến ngày 27/6, Cục trưởng Cục Chống tham nhũng Phạm Trọng Đạt cho biết.",
        [("Phạm Trọng Đạt", ["Cục trưởng Cục Chống tham nhũng"], None)],
        id="open-body-lower-case-after-one-capitalised-word",
    ),
    P(
        "Sáng 6/2 Thứ trưởng Bộ Giáo dục và Đào tạo Nguyễn Thị Nghĩa ký công văn gửi Sở.",
        [("Nguyễn Thị Nghĩa", ["Thứ trưởng Bộ Giáo dục và Đào tạo"], None)],
        id="stop-word-after-a-name-ends-it",
    ),
    P(
        "Cục trưởng Cục Đăng ký quốc gia giao dịch bảo đảm Phạm Văn Ngọc cho biết công tác đăng ký.",
        [("Phạm Văn Ngọc", ["Cục trưởng Cục Đăng ký quốc gia giao dịch bảo đảm"], None)],
        id="stop-word-as-tail-of-a-capitalised-word",
    ),
    P(
        "Bà Lê Thị Thu, Phó trưởng Phòng GD-ĐT quận Đống Đa, cho hay đơn vị đã xử lý.",
        [("Lê Thị Thu", ["Phó trưởng Phòng GD-ĐT"], "quận Đống Đa")],
        id="division-head-with-upper-case-abbreviation",
    ),
    P(
        "Phó ban Tổ chức Trung ương Nguyễn Thanh Sơn vừa ban hành kế hoạch thi tuyển.",
        [("Nguyễn Thanh Sơn", ["Phó ban Tổ chức Trung ương"], None)],
        id="deputy-head-of-central-committee-board",
    ),
    P(
        "Giám đốc bệnh viện Đa khoa huyện Quan Hóa Cầm Văn Thể cho biết bệnh viện sẽ xử lý.",
        [("Cầm Văn Thể", ["Giám đốc bệnh viện Đa khoa"], "huyện Quan Hóa")],
        id="lower-case-hospital",
    ),
    P(
        "Ông Hà Văn Tân, Phó chủ tịch UBND huyện Phù Mỹ (Bình Định), cho rằng đây là lừa đảo.",
        [("Hà Văn Tân", ["Phó chủ tịch UBND"], "huyện Phù Mỹ")],
        id="country-word-inside-a-district-name",
    ),
    P(
        "Hai bên cố thông qua hiệp định trước khi cựu Tổng thống Barack Obama rời Nhà Trắng.",
        [("Barack Obama", ["cựu Tổng thống"], None)],
        id="verb-after-foreign-name-ends-it",
    ),
]

# A title shared by a list belongs to each person listed; each keeps their own titles too.
ENUMERATIONS = [
    P(
        "Dự họp có Thủ tướng Nguyễn Văn An, các Phó Thủ tướng Lê Văn Bình, Trần Đức Cường, "
        "Phạm Minh Dũng, cùng 4 Bộ trưởng.",
        [
            ("Nguyễn Văn An", ["Thủ tướng"], None),
            ("Lê Văn Bình", ["Phó Thủ tướng"], None),
            ("Trần Đức Cường", ["Phó Thủ tướng"], None),
            ("Phạm Minh Dũng", ["Phó Thủ tướng"], None),
        ],
        id="plural-title-then-names",
    ),
    P(
        "Các Phó ban Kinh tế Trung ương chuyên trách, gồm: ông Cao Văn Phát, Ủy viên Trung ương "
        "Đảng; ông Ngô Văn Hải, Ủy viên dự khuyết Trung ương Đảng và ông Lê Văn Tú, Phó bí thư "
        "Đảng ủy cơ quan.",
        [
            ("Cao Văn Phát", ["Phó ban Kinh tế Trung ương", "Ủy viên Trung ương Đảng"], None),
            (
                "Ngô Văn Hải",
                ["Phó ban Kinh tế Trung ương", "Ủy viên dự khuyết Trung ương Đảng"],
                None,
            ),
            ("Lê Văn Tú", ["Phó ban Kinh tế Trung ương", "Phó bí thư Đảng ủy cơ quan"], None),
        ],
        id="colon-list-each-with-own-titles",
    ),
    P(
        "Hai Phó Chủ tịch UBND tỉnh Nghệ An Lê Văn Minh và Nguyễn Thị Hoa cùng dự.",
        [
            ("Lê Văn Minh", ["Phó Chủ tịch UBND"], "tỉnh Nghệ An"),
            ("Nguyễn Thị Hoa", ["Phó Chủ tịch UBND"], "tỉnh Nghệ An"),
        ],
        id="counted-title-two-names",
    ),
    P(
        "Ông Lê Văn Hùng, Ủy viên Trung ương Đảng, vừa có quyết định thôi chức Bí thư Tỉnh ủy.",
        [("Lê Văn Hùng", ["Ủy viên Trung ương Đảng"], None)],
        id="post-given-up-is-not-held",
    ),
]

# Positions that count (public bodies, state groups, acting heads) and those that do not.
POSITIONS = [
    P(
        "Trao đổi với báo chí, trung tướng Trần Văn Hòa, quyền Tổng cục trưởng Tổng cục Cảnh sát, "
        "cho biết cơ quan điều tra đã vào cuộc.",
        [("Trần Văn Hòa", ["quyền Tổng cục trưởng Tổng cục Cảnh sát"], None)],
        id="lower-case-acting-after-comma",
    ),
    P(
        "Phe đối lập đã nắm quyền Tổng thống trong nhiều năm.",
        [],
        id="quyen-as-power-is-not-a-modifier",
    ),
    P(
        "Theo phát ngôn viên Bộ Ngoại giao Trung Quốc Lục Minh Khảng, hội nghị diễn ra suôn sẻ.",
        [("Lục Minh Khảng", ["phát ngôn viên Bộ Ngoại giao Trung Quốc"], None)],
        id="foreign-ministry-spokesperson",
    ),
    P(
        "Theo ông Đặng Văn Hải, Tổng Giám đốc TKV, tập đoàn đã hoàn thành nhiệm vụ.",
        [("Đặng Văn Hải", ["Tổng Giám đốc TKV"], None)],
        id="state-owned-group",
    ),
    P(
        "Bà Nguyễn Thị Minh, Thứ trưởng, Tổng Giám đốc BHXH Việt Nam phát biểu.",
        [("Nguyễn Thị Minh", ["Thứ trưởng", "Tổng Giám đốc BHXH Việt Nam"], None)],
        id="social-security-abbreviation",
    ),
    P(
        "Trong 7 ứng viên, ông Trần Văn Thắng, Chủ tịch kiêm TGĐ CTCP Địa ốc Sao Mai, không nắm "
        "giữ cổ phiếu.",
        [],
        id="joint-stock-company-chairman",
    ),
]

# Who a title belongs to when a sentence names several people.
PEOPLE_IN_A_SENTENCE = [
    P(
        "Phó Chủ tịch UBND tỉnh Phú Yên – ông Trần Hữu Thế khẳng định, chưa có kết quả.",
        [("Trần Hữu Thế", ["Phó Chủ tịch UBND"], "tỉnh Phú Yên")],
        id="given-name-that-is-also-a-clause-opener",
    ),
    P(
        "Trả lời phóng viên, các ông Phạm Kiên - Chủ tịch UBND thị xã Sông Cầu, Phó Chủ tịch "
        "Lương Công Tuấn cho biết.",
        [
            ("Phạm Kiên", ["Chủ tịch UBND"], "thị xã Sông Cầu"),
            ("Lương Công Tuấn", ["Phó Chủ tịch"], "thị xã Sông Cầu"),
        ],
        id="apposition-followed-by-next-person-title",
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSITIONS)
def test_positions(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), PEOPLE_IN_A_SENTENCE)
def test_people_in_a_sentence(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), ENUMERATIONS)
def test_enumerations(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), BODY_NAMES)
def test_body_names(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), DELEGATES)
def test_delegates(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), FOREIGN_NAMES)
def test_foreign_officials(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# Analyst columns: scope, level and title_norm.
COLUMNS = [
    P(
        "Chủ tịch UBND xã Hợp Thịnh Đồng Văn Tám cho biết.",
        ("domestic", "commune", ["Chủ tịch UBND"]),
        id="commune-chairman",
    ),
    P(
        "Phó chủ tịch Ủy ban nhân dân tỉnh Nghệ An Lê Văn Minh phát biểu.",
        ("domestic", "province", ["Phó chủ tịch UBND"]),
        id="spelt-out-committee-normalised",
    ),
    P(
        "Thống đốc Ngân hàng Nhà nước Lê Minh Hưng cho biết.",
        ("domestic", "central", ["Thống đốc NHNN"]),
        id="state-bank-governor-central",
    ),
    P(
        "Bí thư Quận ủy Ba Đình Hoàng Minh Dũng phát biểu.",
        ("domestic", "district", ["Bí thư quận ủy"]),
        id="district-secretary",
    ),
    P(
        "Thủ tướng Narendra Modi đã thông báo khoản tín dụng.",
        ("foreign", "", ["Thủ tướng"]),
        id="foreign-head-of-government",
    ),
    P(
        "Đại sứ Việt Nam tại Ấn Độ Tôn Sinh Thành đã gặp gỡ các cầu thủ.",
        ("domestic", "central", ["Đại sứ Việt Nam tại Ấn Độ"]),
        id="vietnamese-ambassador-abroad-is-domestic",
    ),
    P(
        "Tại Quốc hội, ông Phạm Văn Hòa, Ủy viên Ủy ban Pháp luật của Quốc hội cho biết.",
        ("domestic", "central", ["Ủy viên ủy ban Pháp luật của Quốc hội"]),
        id="country-word-starting-a-longer-word-is-no-country",
    ),
    P(
        "Tổng thống Mỹ Donald Trump phát biểu.",
        ("foreign", "", ["Tổng thống Mỹ"]),
        id="country-keeps-its-capital",
    ),
    P(
        "Cựu Bộ trưởng Bộ Y tế Nguyễn Thị Kim Tiến phát biểu.",
        ("domestic", "central", ["nguyên Bộ trưởng y tế"]),
        id="former-minister-normalised",
    ),
]


@pytest.mark.parametrize(("text", "expected"), COLUMNS)
def test_analyst_columns(text: str, expected: tuple[str, str, list[str]]) -> None:
    rows = extract_officials(doc_of(text, title="Tiêu đề"), {})
    assert [(r.scope, r.level, r.title_norm) for r in rows] == [expected]


def test_registry_merges_spellings_of_one_post() -> None:
    """One person named with two spellings of one national post is one person."""
    rows = []
    for article, text in (
        ("a", "Thống đốc NHNN Lê Minh Hưng cho biết lãi suất giảm."),
        ("b", "Thống đốc Ngân hàng Nhà nước Lê Minh Hưng cho biết lãi suất giảm."),
    ):
        doc = doc_of(text, title="Tiêu đề", article_id=article)
        rows.extend(extract_officials(doc, {}))
    registry = build({}, rows, [], [])
    assert len({m.person_id for m in registry.person_mentions}) == 1


# Foreign names written with initials: the splitter cut after `I.`, the name keeps the initial.
INITIALS = [
    P(
        "Thứ trưởng Bộ Ngoại giao Nga I. Morgulov đã thăm Việt Nam trong hai ngày.",
        [("I. Morgulov", ["Thứ trưởng Bộ Ngoại giao Nga"], None)],
        id="initial-cut-by-splitter",
    ),
    P(
        "Hạ nghị sĩ Mỹ Elijah E. Cummings yêu cầu điều tra.",
        [("Elijah E. Cummings", ["Hạ nghị sĩ Mỹ"], None)],
        id="middle-initial",
    ),
    P(
        "Tổng thống Nga V.Putin đã phát biểu. Sau đó Tổng thống Nga Vladimir Putin tiếp khách.",
        [("Vladimir Putin", ["Tổng thống Nga"], None)],
        id="initial-merged-into-full-name",
    ),
    P(
        "Trường được xếp hạng A. Trong năm nay Bí thư Tỉnh ủy Nguyễn Văn An sẽ đến thăm.",
        [("Nguyễn Văn An", ["Bí thư Tỉnh ủy"], None)],
        id="letter-before-vietnamese-sentence-stays-cut",
    ),
]


# `người đồng cấp`: the counterpart holds the role of the title before it, abroad.
COUNTERPARTS = [
    P(
        "Bộ trưởng Ngoại giao Iran Mohammad Zarif và người đồng cấp Canada Chrystia Freeland hội đàm.",
        [
            ("Mohammad Zarif", ["Bộ trưởng Ngoại giao Iran"], None),
            ("Chrystia Freeland", ["Bộ trưởng Ngoại giao"], None),
        ],
        id="country-then-name",
    ),
    P(
        "Ngoại trưởng Nhật Bản Fumio Kishida điện đàm với người đồng cấp Hàn Quốc Kang Kyung Wha.",
        [
            ("Fumio Kishida", ["Ngoại trưởng Nhật Bản"], None),
            ("Kang Kyung Wha", ["Ngoại trưởng"], None),
        ],
        id="two-word-countries-left-out",
    ),
    P(
        "Ngoại trưởng Mỹ Rex Tillerson gặp người đồng cấp Anh Boris Johnson tại London.",
        [
            ("Rex Tillerson", ["Ngoại trưởng Mỹ"], None),
            ("Boris Johnson", ["Ngoại trưởng"], None),
        ],
        id="one-word-country-glued-to-name",
    ),
    P(
        "Sau cuộc gặp với người đồng cấp Nhật Bản Tomomi Inada, ông Mattis phát biểu.",
        [],
        id="no-title-before",
    ),
]


# A title word inside a body's own name does not end the body (`bang` of `Liên bang`, `Hội` of
# `Hội đồng`); a private council stays private.
WORDS_INSIDE_BODIES = [
    P(
        "Chủ tịch Cục Dự trữ Liên bang Mỹ (Fed) Janet Yellen cảnh báo về tăng trưởng.",
        [("Janet Yellen", ["Chủ tịch Cục Dự trữ Liên bang Mỹ"], None)],
        id="lien-bang",
    ),
    P(
        "Chủ tịch Hội đồng Dân tộc Hà Ngọc Chiến phát biểu tại phiên họp.",
        [("Hà Ngọc Chiến", ["Chủ tịch Hội đồng Dân tộc"], None)],
        id="hoi-dong-named",
    ),
    P(
        "Ông Trần Văn Bê, Chủ tịch Hội đồng tín dụng ngân hàng, từ chối trả lời.",
        [],
        id="hoi-dong-lower-case-stays-private",
    ),
]


@pytest.mark.parametrize(("text", "expected"), INITIALS)
def test_initials(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), COUNTERPARTS)
def test_counterparts(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), WORDS_INSIDE_BODIES)
def test_words_inside_bodies(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# A given name typed in lower case after the rest of the name (`Lê Minh tuấn`) ends the name;
# everyday words after a name do not.
NAME_TAILS = [
    P(
        "Phó Chủ tịch UBND tỉnh Lê Minh tuấn cho biết dự án sẽ xong.",
        [("Lê Minh tuấn", ["Phó Chủ tịch UBND"], None)],
        id="after-title",
    ),
    P(
        "Ông Lê Minh tuấn, Giám đốc Sở Tài chính, cho biết dự án sẽ xong.",
        [("Lê Minh tuấn", ["Giám đốc Sở Tài chính"], None)],
        id="after-honorific",
    ),
    P(
        "Ông Lê Minh tuấn phát biểu. Phó Chủ tịch UBND tỉnh Lê Minh Tuấn cho biết dự án sẽ xong.",
        [("Lê Minh Tuấn", ["Phó Chủ tịch UBND"], None)],
        id="capitalised-spelling-preferred",
    ),
    P(
        "Bí thư Tỉnh ủy Trần Văn Hùng tâm sự về dự án.",
        [("Trần Văn Hùng", ["Bí thư Tỉnh ủy"], None)],
        id="first-syllable-of-a-word",
    ),
    P(
        "Chủ tịch UBND tỉnh Trần Văn An sang Nhật Bản công tác.",
        [("Trần Văn An", ["Chủ tịch UBND"], None)],
        id="verb-that-is-a-given-name",
    ),
    P(
        "Chủ tịch UBND tỉnh Trần Văn Hùng anh trai của ông cho biết.",
        [("Trần Văn Hùng", ["Chủ tịch UBND"], None)],
        id="pronoun",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAME_TAILS)
def test_lower_case_name_tails(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected
