"""Page furniture is marked (kept in the text, hidden from the extractors)."""

import pytest

from pipeline.text import boilerplate_paragraphs

CASES = [
    pytest.param(
        ["Nội dung.", "Nguồn: TTTĐ", "tuoitrethudo.com.vn", "Xem phiên bản mobile"],
        {1: "boilerplate.source_line", 2: "boilerplate.bare_domain", 3: "boilerplate.mobile_link"},
        id="trailing-source-block",
    ),
    pytest.param(
        ["Chú thích ảnh", "Chú thích ảnh", "Nội dung."],
        {1: "boilerplate.repeated"},
        id="caption-repeated-verbatim",
    ),
    pytest.param(["Nội dung.", "PV"], {1: "boilerplate.byline"}, id="trailing-reporter-byline"),
    pytest.param(["PV", "Nội dung tiếp."], {}, id="byline-pattern-only-at-the-end"),
    pytest.param(
        ["Nguồn vốn tăng mạnh trong năm nay, đạt 5 tỷ đồng."], {}, id="nguon-in-prose-is-text"
    ),
    pytest.param(
        ["Ảnh: Minh Anh", "Nội dung."], {0: "boilerplate.photo_credit"}, id="photo-credit"
    ),
    pytest.param(["Ảnh hưởng của bão là rất lớn."], {}, id="anh-huong-is-text"),
]


@pytest.mark.parametrize(("paragraphs", "expected"), CASES)
def test_boilerplate(paragraphs: list[str], expected: dict[int, str]) -> None:
    assert boilerplate_paragraphs(paragraphs) == expected
