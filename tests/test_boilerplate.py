"""Page furniture is marked (kept in the text, hidden from the extractors), and only furniture:
every rule has negative cases, sentences shaped like it that are article text and must stay."""

import csv
from pathlib import Path

import pytest

from pipeline.cli import main
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


BODY = "Sở Tài chính cho biết nguồn vốn đã được bố trí đủ cho các công trình trọng điểm."


@pytest.mark.parametrize(
    "last",
    [
        pytest.param("PV", id="reporter"),
        pytest.param("TTXVN", id="agency"),
        pytest.param("Minh Anh (TTXVN)", id="name-and-agency"),
        pytest.param("Hoàng Long (PV)", id="name-and-pv"),
        pytest.param("Theo VnExpress", id="theo-site"),
        pytest.param("Theo Trí thức trẻ", id="theo-site-lowercase-words"),
        pytest.param("Theo VTC14", id="theo-channel-with-digits-in-its-name"),
        pytest.param("Theo Hà Nội Mới", id="theo-newspaper-named-moi"),
        pytest.param("Theo Báo Nhân Dân.", id="theo-newspaper-with-period"),
    ],
)
def test_trailing_byline_is_furniture(last: str) -> None:
    assert boilerplate_paragraphs([BODY, last]) == {1: "boilerplate.byline"}


@pytest.mark.parametrize(
    "last",
    [
        pytest.param("Theo kế hoạch, tỉnh sẽ chi 50 tỷ đồng cho dự án.", id="theo-ke-hoach"),
        pytest.param("Theo kế hoạch tỉnh chi 50 tỷ đồng cho dự án", id="theo-ke-hoach-no-comma"),
        pytest.param("Theo lộ trình, năm 2030 thành phố dừng xe máy.", id="theo-lo-trinh"),
        pytest.param("Theo Sở Xây dựng, công trình đạt 80% khối lượng.", id="theo-source-clause"),
        pytest.param("Theo UBND tỉnh Nghệ An, 12 xã đã về đích", id="theo-agency-clause"),
        pytest.param("Theo Bộ Tài chính thu ngân sách tăng 9%", id="theo-agency-figure"),
        pytest.param("Theo Sở Y tế sẽ mở thêm 3 điểm tiêm", id="theo-agency-verb-figure"),
        pytest.param("Theo Quyết định 15 của UBND tỉnh", id="theo-decision-number"),
        pytest.param("Theo Ban Quản lý dự án đã bàn giao mặt bằng", id="theo-name-then-verb"),
        pytest.param("Theo Chủ tịch UBND tỉnh Nguyễn Văn An", id="theo-official"),
        pytest.param("Theo Cổng TTĐT tỉnh Quảng Ninh", id="theo-portal-of-a-province"),
        pytest.param("Theo Sở Y tế thành phố Hà Nội", id="theo-department-of-a-city"),
        pytest.param("Theo Sở Nông nghiệp và Môi trường", id="theo-long-name-is-text"),
        pytest.param("Hoàng Long (TTXVN) cho biết 30 hộ đã nhận nhà", id="agency-then-verb"),
    ],
)
def test_last_paragraph_that_reads_like_text_stays(last: str) -> None:
    assert boilerplate_paragraphs([BODY, last]) == {}


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param(["Theo kế hoạch, tỉnh sẽ chi 50 tỷ đồng cho dự án."], id="theo-ke-hoach"),
        pytest.param(["Theo Nguyễn Văn An"], id="name-shaped-brief"),
        pytest.param(["TTXVN"], id="agency-shaped-brief"),
        pytest.param(["Nguồn: Sở Tài chính", "Theo VnExpress"], id="all-furniture-but-byline"),
    ],
)
def test_a_byline_never_takes_the_only_paragraph_of_text(paragraphs: list[str]) -> None:
    marked = boilerplate_paragraphs(paragraphs)
    assert all(rule != "boilerplate.byline" for rule in marked.values())


def test_byline_block_after_text_is_marked_whole() -> None:
    paragraphs = [BODY, "Minh Anh (TTXVN)", "Nguồn: Báo Nhân Dân"]
    assert boilerplate_paragraphs(paragraphs) == {
        1: "boilerplate.byline",
        2: "boilerplate.source_line",
    }


# ------------------------------------------------------------------ end to end, through extract
THEO = "Theo kế hoạch, tỉnh sẽ chi 50 tỷ đồng làm 12 km đường."
OFFICIAL = "Theo Chủ tịch UBND tỉnh Nguyễn Văn An"
TITLE = "Tỉnh chi tiền làm đường"
MORE = "Công trình khởi công vào tháng tới.\n"


def _rows(tmp_path: Path, name: str, text: str, table: str, column: str) -> list[str]:
    folder = tmp_path / name
    folder.mkdir()
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(folder), "--out", str(folder / "out")]) == 0
    with (folder / "out" / f"{table}.csv").open(encoding="utf-8") as handle:
        return sorted(row[column] for row in csv.DictReader(handle))


@pytest.mark.parametrize(
    ("article", "table", "column", "wanted"),
    [
        pytest.param(
            f"{TITLE}\n{THEO}\n", "figures", "text", {"50 tỷ đồng", "12 km"}, id="one-para-brief"
        ),
        pytest.param(
            f"{TITLE}\n{BODY}\n{THEO}\n", "figures", "text", {"50 tỷ đồng", "12 km"}, id="last"
        ),
        pytest.param(
            f"{TITLE}\n{BODY}\n{OFFICIAL}\n", "officials", "name", {"Nguyễn Văn An"}, id="official"
        ),
    ],
)
def test_a_closing_paragraph_keeps_its_rows(
    tmp_path: Path, article: str, table: str, column: str, wanted: set[str]
) -> None:
    """A closing `Theo kế hoạch, ...` paragraph (or one naming an official) yields the rows it
    yields when more text follows it: it was read as text, not dropped as a byline."""
    control = _rows(tmp_path, "control", article + MORE, table, column)
    found = _rows(tmp_path, "article", article, table, column)
    assert wanted <= set(found)
    assert found == control


@pytest.mark.parametrize(
    "last",
    [
        pytest.param("Hà Giang", id="name-that-is-a-province"),
        pytest.param("Khánh Hòa", id="name-that-is-a-province-2"),
        pytest.param("Nguyễn Minh Anh", id="full-name"),
        pytest.param("./. Thái Bình", id="after-the-closing-mark"),
    ],
)
def test_a_signature_closing_the_article_is_furniture(last: str) -> None:
    assert boilerplate_paragraphs([BODY, last]) == {1: "boilerplate.signature"}


@pytest.mark.parametrize(
    "last",
    [
        pytest.param("Tỉnh Hà Giang", id="type-word"),
        pytest.param("UBND Hà Giang", id="agency"),
        pytest.param("Hà Giang đón 2 triệu khách", id="a-clause"),
        pytest.param("Hà", id="one-word"),
    ],
)
def test_a_closing_line_that_names_a_unit_is_no_signature(last: str) -> None:
    assert boilerplate_paragraphs([BODY, last]) == {}


_GLUED = {  # last paragraph -> whether its last sentence is left out of the sentences
    "signature-after-closing-mark": ("Nghị quyết được thông qua./. Hà Giang", "Hà Giang"),
    "signature-after-full-stop": ("Dự án khởi công năm nay. Khánh Hòa", "Khánh Hòa"),
    "byline-after-full-stop": ("Dự án khởi công năm nay. Theo VnExpress", "Theo VnExpress"),
    "place-in-a-clause": ("Dự án khởi công năm nay. Hà Giang đón khách.", ""),
    "one-sentence-paragraph": ("Hà Giang đón 2 triệu khách năm nay.", ""),
}


@pytest.mark.parametrize(("last", "left_out"), _GLUED.values(), ids=_GLUED.keys())
def test_a_signature_glued_to_the_last_paragraph_is_no_sentence(last: str, left_out: str) -> None:
    from pipeline.nlp import layout
    from tests.helpers import article_of

    structure = layout(article_of(f"{BODY}\n{last}"))
    sentences = [structure.text[s:e] for s, e, _label, _p in structure.sentences]
    assert (left_out not in sentences[-1]) if left_out else last.endswith(sentences[-1])
