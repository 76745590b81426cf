"""Foreign officials on unseen text (issue 15, round 2): shapes of train sentences where a
foreign holder is named with a title, written for these tests, with the rows expected as
`(name, titles, locality)`. Foreign posts have no Vietnamese locality (GUIDELINES)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extractors import official_foreign
from pipeline.extractors.officials import extract_officials
from tests.helpers import doc_of

P = pytest.param
Row = tuple[str, list[str], str | None]


def rows_of(text: str) -> list[Row]:
    doc = doc_of(text, title="Tiêu đề")
    return [(r.name, r.titles, r.locality) for r in extract_officials(doc, {})]


# Offices that only foreign states have (rules/titles.toml roles, level = "foreign").
FOREIGN_ROLES = [
    P(
        "Thượng nghị sĩ Bernie Sanders chỉ trích dự luật mới.",
        [("Bernie Sanders", ["Thượng nghị sĩ"], None)],
        id="senator",
    ),
    P(
        "Hạ nghị sĩ Mỹ Nancy Pelosi cho biết sẽ bỏ phiếu chống.",
        [("Nancy Pelosi", ["Hạ nghị sĩ Mỹ"], None)],
        id="representative-with-country",
    ),
    P(
        "Theo nghị sĩ Boris Johnson, đề xuất này khó được thông qua.",
        [("Boris Johnson", ["nghị sĩ"], None)],
        id="lower-case-member-of-parliament",
    ),
    P("Có 120 nghị sĩ ký tên vào bản kiến nghị.", [], id="counted-members-are-nobody"),
    P("Các nghị sĩ Đức đã bỏ phiếu thông qua.", [], id="plural-members-without-names"),
]


@pytest.mark.parametrize(("text", "expected"), FOREIGN_ROLES)
def test_foreign_roles(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# A phrase between the title and a foreign-looking name (rules/titles.toml name_gaps).
NAME_GAPS = [
    P(
        "Thủ tướng nước chủ nhà Justin Trudeau phát biểu khai mạc hội nghị.",
        [("Justin Trudeau", ["Thủ tướng"], None)],
        id="host-country",
    ),
    P(
        "Báo chí đưa tin Tổng thống nước này Emmanuel Macron đã tới thăm.",
        [("Emmanuel Macron", ["Tổng thống"], None)],
        id="that-country",
    ),
    P(
        "Thượng nghị sĩ đảng Cộng hòa Lindsey Graham phản đối kế hoạch.",
        [("Lindsey Graham", ["Thượng nghị sĩ"], None)],
        id="party-phrase-with-capitalised-party-name",
    ),
    P(
        "Thứ trưởng phụ trách chính sách đối ngoại Indonesia Mahendra Siregar cho biết.",
        [("Mahendra Siregar", ["Thứ trưởng phụ trách chính sách đối ngoại Indonesia"], None)],
        id="in-charge-of-then-country",
    ),
    P(
        "Trưởng đoàn đàm phán về thương mại của EU Phil Hogan đã tới Hà Nội.",
        [("Phil Hogan", ["Trưởng đoàn đàm phán về thương mại của EU"], None)],
        id="on-then-of-then-union",
    ),
    P(
        "Đại sứ lưu động của Bộ Ngoại giao Pháp Pierre Vimont khẳng định.",
        [("Pierre Vimont", ["Đại sứ lưu động của Bộ Ngoại giao Pháp"], None)],
        id="roving-ambassador-of-a-ministry",
    ),
    P(
        "Chủ tịch Ủy ban Đối ngoại của Hội đồng Liên bang Nga Konstantin Kosachev nói.",
        [("Konstantin Kosachev", ["Chủ tịch Ủy ban Đối ngoại của Hội đồng Liên bang Nga"], None)],
        id="council-word-is-no-association",
    ),
    P(
        "Thượng nghị sĩ đảng Xanh Petra Bayr đã lên tiếng.",
        [("Petra Bayr", ["Thượng nghị sĩ"], None)],
        id="party-name-not-glued-to-the-name",
    ),
    P(
        "Trưởng ban quản lý của tòa nhà Helios Tower, ông Hoàng Minh Dương bức xúc.",
        [],
        id="of-then-a-building",
    ),
    P(
        "Theo Kevin Brady, chủ tịch của Phoenix Capital Management, giá vàng giảm.",
        [],
        id="of-then-a-firm-name",
    ),
    P(
        "Phó Chủ tịch của tập đoàn Baosteel Wang Xiaoming cho biết.",
        [],
        id="company-in-the-gap",
    ),
    P(
        "Cố vấn của Tổng thống Emmanuel Macron cho biết.",
        [("Emmanuel Macron", ["Tổng thống"], None)],
        id="adviser-of-the-president-names-the-president",
    ),
    P(
        "Bộ trưởng về thăm Hà Nội và làm việc với thành phố.",
        [],
        id="gap-word-before-a-vietnamese-place-is-no-name",
    ),
    P(
        "Thủ tướng nước này Nguyễn Văn Bình phát biểu.",
        [],
        id="vietnamese-looking-name-after-gap-is-not-taken",
    ),
    P(
        "Bộ trưởng đương nhiệm cho biết sẽ từ chức vào tháng tới.",
        [],
        id="gap-without-a-name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAME_GAPS)
def test_name_after_gap(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


def test_name_after_gap_is_foreign_in_scope() -> None:
    """The holder named after `nước chủ nhà` is a foreign official for the analyst columns."""
    doc = doc_of("Thủ tướng nước chủ nhà Justin Trudeau phát biểu.", title="Tiêu đề")
    assert [r.scope for r in extract_officials(doc, {})] == ["foreign"]


# A foreign-looking name (no surname to test) followed by `, <titles>`: the titles decide.
NAME_THEN_TITLES = [
    P(
        "Emmanuel Macron, Tổng thống Pháp, cho biết hai nước sẽ hợp tác.",
        [("Emmanuel Macron", ["Tổng thống Pháp"], None)],
        id="foreign-role-after-name",
    ),
    P(
        "Đi cùng có Saleumxay Kommasith, Bộ trưởng Bộ Ngoại giao; Khampheng Saysompheng, "
        "Bộ trưởng Bộ Lao động.",
        [
            ("Saleumxay Kommasith", ["Bộ trưởng Bộ Ngoại giao"], None),
            ("Khampheng Saysompheng", ["Bộ trưởng Bộ Lao động"], None),
        ],
        id="delegation-list-with-ministries",
    ),
    P("Mark Zuckerberg, Chủ tịch Facebook cho biết.", [], id="bare-role-of-a-firm"),
    P(
        "Phó Thủ tướng Thường trực Trương Hòa Bình kiêm Chủ tịch Ủy ban ATGT Quốc gia đã ký.",
        [("Trương Hòa Bình", ["Phó Thủ tướng Thường trực", "Chủ tịch Ủy ban ATGT Quốc gia"], None)],
        id="concurrent-post-after-the-name",
    ),
    P(
        "Tại Washington, Bộ trưởng Quốc phòng Mỹ cho biết.",
        [],
        id="place-after-preposition-is-no-name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAME_THEN_TITLES)
def test_foreign_name_then_titles(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        P(
            "Theo Sergei Lavrov, Bộ trưởng Ngoại giao Nga, hai bên đã nhất trí.",
            "Theo Sergei Lavrov",
            id="clause-opener-theo",
        ),
        P("Tại Washington, Bộ trưởng Mỹ cho biết.", "Tại Washington", id="preposition-tai"),
    ],
)
def test_vietnamese_word_never_opens_a_foreign_name(text: str, wrong: str) -> None:
    """A foreign name read without a surname starts with a foreign-looking syllable."""
    assert wrong not in [name for name, _titles, _locality in rows_of(text)]


# Foreign names whose parts are joined by a hyphen or an apostrophe; joined Vietnamese places
# (`Bà Rịa-Vũng Tàu`, `Lào-Việt Nam`) are not names.
JOINED_NAMES = [
    P(
        "Ông đã gửi thư cho Jean-Marc Ayrault, Bộ trưởng Ngoại giao Pháp, đề nghị hợp tác.",
        [("Jean-Marc Ayrault", ["Bộ trưởng Ngoại giao Pháp"], None)],
        id="hyphenated-given-name-then-titles",
    ),
    P(
        "Bức thư gửi Cao ủy LHQ về nhân quyền Raed Ra'ad al-Kassim nhấn mạnh điều đó.",
        [("Raed Ra'ad al-Kassim", ["Cao ủy LHQ về nhân quyền"], None)],
        id="apostrophe-inside-a-foreign-name",
    ),
    P(
        "Chủ tịch Ủy ban châu Âu Jean-Claude Juncker bình luận.",
        [("Jean-Claude Juncker", ["Chủ tịch Ủy ban châu Âu"], None)],
        id="europe-ends-the-body-not-the-name",
    ),
    P(
        "Chủ tịch UBND tỉnh Bà Rịa-Vũng Tàu Nguyễn Văn Trình cho biết.",
        [("Nguyễn Văn Trình", ["Chủ tịch UBND"], "tỉnh Bà Rịa - Vũng Tàu")],
        id="joined-vietnamese-place-is-no-name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), JOINED_NAMES)
def test_joined_foreign_names(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# The initial finder as first written, its look-behind before the first capital: the
# reference for the rewritten one, which opens with the capital so the engine can skip ahead.
_INITIAL_AS_WRITTEN = re.compile(r"(?<![\w.])[A-Z](?:\.[A-Z])*\.\s?[A-Z]")


@given(st.lists(st.sampled_from(["A", "J", "a", ".", " ", "\n", "J.", "É", "1", "_", "x.Y"])))
def test_initials_are_found_where_they_were(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = official_foreign._HAS_INITIAL(text)
    before = _INITIAL_AS_WRITTEN.search(text)
    assert (found and found.span()) == (before and before.span())


# Foreign seats of government written as the body of a role (rules/titles.toml: body.nha_trang,
# body.dien_kremlin, body.lau_nam_goc, body.fbi, body.cia): without them `Nhà` ended the title and `Trắng` opened
# the name, and the spokespeople of the Kremlin and the Pentagon and the heads of US agencies
# were not found.
FOREIGN_SEATS = [
    P(
        "Hôm qua, người phát ngôn Nhà Trắng Sean Spicer nói rằng ông chưa được báo.",
        [("Sean Spicer", ["người phát ngôn Nhà Trắng"], None)],
        id="white-house-spokesman",
    ),
    P(
        "Ông Reince Priebus, Chánh văn phòng Nhà Trắng, cho biết Mỹ sẽ xem xét.",
        [("Reince Priebus", ["Chánh văn phòng Nhà Trắng"], None)],
        id="white-house-chief-of-staff-after-name",
    ),
    P(
        "Người phát ngôn điện Kremlin Dmitry Peskov cho biết Nga sẽ đáp trả.",
        [("Dmitry Peskov", ["Người phát ngôn điện Kremlin"], None)],
        id="kremlin-spokesman-lower-case",
    ),
    P(
        "Phát ngôn viên Lầu Năm Góc Jeff Davis cho biết cuộc tập trận vẫn diễn ra.",
        [("Jeff Davis", ["Phát ngôn viên Lầu Năm Góc"], None)],
        id="pentagon-spokesman",
    ),
    P(
        "Tổng thống Trump đã sa thải Giám đốc FBI James Comey hôm qua.",
        [("James Comey", ["Giám đốc FBI"], None)],
        id="fbi-director",
    ),
    P(
        "Ông James Comey, cựu giám đốc FBI, sẽ điều trần trước Thượng viện.",
        [("James Comey", ["cựu giám đốc FBI"], None)],
        id="former-fbi-director-after-name",
    ),
    P(
        "Theo cựu Phó Giám đốc CIA David Cohen, đối phương đã có tên lửa.",
        [("David Cohen", ["cựu Phó Giám đốc CIA"], None)],
        id="former-deputy-cia-director",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOREIGN_SEATS)
def test_foreign_seat_as_body(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


# Countries the foreign markers lacked (rules/titles.toml foreign.litva, foreign.congo,
# foreign.montenegro): the country word was read as the first word of the holder's name.
LESS_COMMON_COUNTRIES = [
    P(
        "Trong cuộc họp báo chung với nữ tổng thống Litva Dalia Grybauskaite, ông nói rằng.",
        [("Dalia Grybauskaite", ["tổng thống Litva"], None)],
        id="lithuania-president",
    ),
    P(
        "Ngày 12-5, Bộ trưởng Y tế Congo Oly Ilunga xác nhận 3 trường hợp tử vong.",
        [("Oly Ilunga", ["Bộ trưởng Y tế Congo"], None)],
        id="congo-minister",
    ),
    P(
        "Hôm qua, Thủ tướng Montenegro Dusko Markovic đã tới Washington.",
        [("Dusko Markovic", ["Thủ tướng Montenegro"], None)],
        id="montenegro-prime-minister",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LESS_COMMON_COUNTRIES)
def test_less_common_countries_end_the_title(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected
