"""Officials on unseen articles (issue 15), one table per class of error found in train.

Each case is a small article written for this test in a shape seen in the train corpus, and the
rows expected from it as `(name, titles, locality)`.
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
        "Chủ tịch UBND tỉnh Hà Nam Nguyễn Xuân Đông phát biểu.",
        [("Nguyễn Xuân Đông", ["Chủ tịch UBND"], "tỉnh Hà Nam")],
        id="province-then-name-still-cut",
    ),
]

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


@pytest.mark.parametrize(("text", "expected"), DELEGATES)
def test_delegates(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), FOREIGN_NAMES)
def test_foreign_officials(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names(text: str, expected: list[Row]) -> None:
    assert rows_of(text) == expected
