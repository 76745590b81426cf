"""The era of an article: which administrative map (before or after 1 July 2025) it is read in.

Sentences are written in the shapes of the press on each side of the reform: 2017-style
district news (`UBND huyện`, targets `đến năm 2030`) and 2025-style news of the two-level
government (`chính quyền địa phương hai cấp`, `(cũ)`, `đặc khu`, new communes).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pipeline.era as _era
from pipeline.era import NEW, OLD, article_era, doc_era, infer, parse_date, written_date
from pipeline.extract import extract_article
from tests.helpers import article_of, doc_of

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


@pytest.mark.parametrize(
    ("published_at", "as_of", "expected"),
    [
        pytest.param("2025-06-30T23:00:00+07:00", "", OLD, id="day-before-the-reform"),
        pytest.param("2025-07-01", "", NEW, id="reform-day"),
        pytest.param("3/9/2025 10:20", "", NEW, id="day-month-year"),
        pytest.param("2017-05-01", "2025-09-01", NEW, id="as-of-overrides-the-date"),
        pytest.param("2026-01-05", "2018-01-01", OLD, id="as-of-overrides-backwards"),
    ],
)
def test_date_decides_with_the_boundary(published_at: str, as_of: str, expected: str) -> None:
    text = "UBND huyện Mê Linh họp."  # text evidence is not read when a date is known
    assert article_era(text, published_at, as_of).name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Từ ngày 1/7/2025, tỉnh vận hành chính quyền địa phương hai cấp.", NEW, id="full-date"
        ),
        pytest.param(
            "Phường đông dân nhất sau sáp nhập vận hành mô hình chính quyền hai cấp.",
            NEW,
            id="two-level-government",
        ),
        pytest.param(
            "Đặc khu Côn Đảo đón khách. Lãnh đạo đặc khu cho biết sẽ mở thêm tuyến tàu.",
            NEW,
            id="special-zone-twice",
        ),
        pytest.param(
            "Nguyên lãnh đạo các tỉnh Hà Nam cũ, Nam Định cũ dự đại hội nhiệm kỳ 2025-2030.",
            NEW,
            id="former-provinces-in-2025",
        ),
        pytest.param(
            "Bí thư Đảng ủy phường Hoàn Kiếm cho biết phường sau sáp nhập có 120.000 dân.",
            NEW,
            id="commune-of-the-new-map-only",
        ),
        pytest.param(
            "Chủ tịch UBND phường Buôn Hồ Nguyễn Văn A cho biết, sau sắp xếp phường có 4 tổ.",
            NEW,
            id="buon-ho-ward-exists-only-after",
        ),
        pytest.param(
            "Năm 2017, UBND huyện Mê Linh phấn đấu đến năm 2030 có 100% xã đạt chuẩn.",
            OLD,
            id="district-news-with-a-target",
        ),
        pytest.param(
            "Theo dự báo, vào năm 2030 số ô tô tăng gấp đôi; cấm xe máy từ 2030.",
            OLD,
            id="targets-only",
        ),
        pytest.param(
            "Sau sáp nhập, Sở Kế hoạch tỉnh Hà Nam tổ chức hội nghị năm 2018 tại huyện Kim Bảng.",
            OLD,
            id="agency-merger-in-2018",
        ),
        pytest.param("Chợ quê ngày Tết đông vui.", OLD, id="no-evidence"),
        pytest.param("Anh mua iPhone cũ, điện thoại Android cũ.", OLD, id="cu-of-a-product"),
        pytest.param(
            "Ông Tập Cận Bình gặp Trưởng Đặc khu hành chính Hồng Kông.", OLD, id="foreign-zone"
        ),
    ],
)
def test_undated_text_is_read_for_evidence(text: str, expected: str) -> None:
    assert infer(text).name == expected


@pytest.mark.parametrize(
    ("text", "latest", "plain"),
    [
        pytest.param("Ngày 16-6-2025, Quốc hội thông qua.", date(2025, 6, 16), None, id="dash"),
        pytest.param("Trước ngày 31/12/2030 phải xong.", None, None, id="deadline-is-a-target"),
        pytest.param("Đại hội nhiệm kỳ 2025 - 2030.", None, 2025, id="span-start"),
        pytest.param(
            "Năm 2016 và năm 2017 tăng; đến khoảng năm 2035 đủ nhà.", None, 2016, id="tie-earliest"
        ),
        pytest.param(
            "Năm 2018 tăng; giai đoạn năm 2016-2020 và 2018-2019 cũng vậy.",
            None,
            2018,
            id="year-after-nam-opening-a-span-counts-once",
        ),
        pytest.param(
            "NGÀY 5 THÁNG 3 NĂM 2017, tỉnh họp.", date(2017, 3, 5), 2017, id="worded-upper-case"
        ),
        pytest.param("Số 1.2/3/2017 và 5/13/2017 sai.", None, None, id="no-date-inside-a-number"),
    ],
)
def test_written_date(text: str, latest, plain) -> None:
    assert written_date(text) == (latest, plain)


# The patterns `written_date` used as one alternation each, before they were split by shape:
# the reference the split scans must agree with.
_ONE_FULL_DATE = re.compile(
    r"(?=[\dNn])(?:(?<![\d.,/])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19[4-9]|20\d)\d)(?!\d)"
    r"|(?i:ngày) (\d{1,2}) (?i:tháng) (\d{1,2}) (?i:năm) ((?:19[4-9]|20\d)\d)(?!\d))"
)
_ONE_PLAIN_YEAR = re.compile(
    r"(?=[\dNn])(?:(?<![\d.,/-])(?:(?i:năm) |(?=(?:19|20)\d\d\s?[-–]\s?(?:19|20)\d\d))"
    r"((?:19[4-9]|20\d)\d)(?![\d.,]\d))"
)


def _written_date_by_alternation(text: str) -> tuple[date | None, int | None]:
    target = _era._rules().target
    latest = None
    for m in _ONE_FULL_DATE.finditer(text):
        if target.search(text, max(0, m.start() - 24), m.start()):
            continue
        day, month, year = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        latest = found if latest is None or found > latest else latest
    counts: dict[int, int] = {}
    for m in _ONE_PLAIN_YEAR.finditer(text):
        if not target.search(text, max(0, m.start() - 24), m.start()):
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    return latest, max(counts, key=lambda y: (counts[y], -y)) if counts else None


_PIECES = ["1", "2", "9", "0", "4", "19", "20", "2017", "1945", ".", ",", "/", "-", "–", " "]
_PIECES += ["\n", "n", "N", "năm", "Năm", "NĂM", "ngày", "Ngày", "tháng", "THÁNG", "đến ", "x"]


@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_written_date_scans_by_shape_as_one_alternation_did(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert written_date(text) == _written_date_by_alternation(text)


def test_undated_old_text_is_read_as_of_its_year_when_later_than_the_assumed_date() -> None:
    assert infer("Năm 2022, quận ủy họp. Năm 2022 tăng trưởng.").on == date(2022, 6, 30)
    assert infer("Năm 1975 đất nước thống nhất.").on == date(2018, 1, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2025-07-01T08:00:00+07:00", date(2025, 7, 1), id="iso"),
        pytest.param("Thứ ba, 1/7/2025 08:00", date(2025, 7, 1), id="vietnamese-site"),
        pytest.param("", None, id="empty"),
        pytest.param("31/2/2025", None, id="impossible"),
    ],
)
def test_parse_date(value: str, expected) -> None:
    assert parse_date(value) == expected


def test_doc_era_is_cached_and_reads_as_of() -> None:
    doc = doc_of("UBND huyện Mê Linh họp.")
    doc._.as_of = "2025-08-01"
    first = doc_era(doc)
    assert first.name == NEW and first.rule == "era.as_of"
    assert doc_era(doc) is first


def test_articles_row_has_the_era_and_as_of_travels_in_the_article() -> None:
    plain = extract_article(
        article_of("Người dân huyện Vân Đồn đón Tết.", published_at="2017-01-01")
    )
    assert plain.tables["articles"][0].era == OLD
    moved = article_of("Người dân đặc khu Vân Đồn đón Tết.", extra={"as_of": "2025-09-01"})
    assert extract_article(moved).tables["articles"][0].era == NEW


def test_post2025_gold_articles_are_mostly_read_in_the_new_map() -> None:
    folder = SHARED / "post2025" / "articles"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/post2025 is not available")
    eras = [infer(path.read_text(encoding="utf-8")).name for path in sorted(folder.glob("*.txt"))]
    assert eras.count(NEW) >= len(eras) - 1


@pytest.mark.slow
def test_bench_articles_of_2017_are_never_read_in_the_new_map() -> None:
    path = SHARED / "bench" / "baomoi-2017-3000.jsonl"
    if not path.is_file():
        pytest.skip("../shared/corpus/bench is not available")
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    wrong = [r["id"] for r in records if infer(f"{r['title']}\n{r['text']}").name == NEW]
    assert wrong == []


# The fast paths of `evidence` (cues on the lower-cased text; type word then name in two
# steps) must find what the plain case-insensitive patterns find.
_FAST_PATH_TEXTS = {
    "new-units": "Phường Hồng Hà và xã Thiên Lộc, đặc khu Vân Đồn; PHƯỜNG Bến Thành",
    "type-word-inside-a-name": "phường Xã Đàn Hà Nội, xã Phường Mới",
    "glued-type-word": "Ngoại xã Thiên Lộc, thịxã Hồng Hà, _phường Cửa Nam",
    "cues-in-any-case": "Sau Sáp Nhập, CHÍNH QUYỀN 2 CẤP, Đặc Khu Phú Quốc, xã MỚI",
    "fold-unsafe-text": "ſau sáp nhập phường İstanbul, xã Thiên Lộc",
    "no-unit": "Hôm nay trời đẹp.",
}


@pytest.mark.parametrize("text", _FAST_PATH_TEXTS.values(), ids=_FAST_PATH_TEXTS.keys())
def test_fast_paths_of_the_evidence_find_what_the_patterns_find(text: str) -> None:
    from pipeline.text import fastre

    rules = _era._rules()
    low = fastre.lowered(text)
    plain = [m.group(1) for m in rules.new_unit.finditer(text)]
    assert _era._new_unit_names(rules, text, low) == plain
    for _id, pattern, folded, _weight, _unit in rules.cues:
        if folded is not None and low is not None:
            assert [m.span() for m in folded.finditer(low)] == [
                m.span() for m in pattern.finditer(text)
            ]


@pytest.mark.parametrize("text", _FAST_PATH_TEXTS.values(), ids=_FAST_PATH_TEXTS.keys())
def test_a_cue_skipped_for_lacking_its_words_has_no_match(text: str) -> None:
    """`evidence` skips a cue when the lower-cased text lacks every word its matches need
    (`cue_words`): each skipped cue really finds nothing in the text."""
    from pipeline.text import fastre

    rules = _era._rules()
    low = fastre.lowered(text)
    for (_id, pattern, *_), words in zip(rules.cues, rules.cue_words, strict=True):
        if low is not None and words is not None and not any(w in low for w in words):
            assert not pattern.search(text), (_id, text)


def test_cue_words_are_known_and_found_where_the_cues_match() -> None:
    """The cues have words to test (not a vacuous skip), and a cue written in a text is
    still found there (`các tỉnh Ninh Bình cũ`)."""
    rules = _era._rules()
    words = dict(zip((c[0] for c in rules.cues), rules.cue_words, strict=True))
    assert words["era.cue.former_after"] == (" cũ",)
    assert "era.cue.former_after" in _era.evidence("Người dân các tỉnh Ninh Bình cũ")[1]
    assert "era.cue.former_after" not in _era.evidence("Người dân các tỉnh Ninh Bình")[1]
