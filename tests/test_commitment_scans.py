"""The commitments extractor's filtered marker scans find exactly what the full scans find.

`_Group.finditer` skips the big alternation when a sentence lacks every entry's leading words,
and runs a single entry's regex when only its words occur. That is a speed-up, never a change
of output: these cases compare it with the unfiltered alternation.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extractors.commitments.rules import _rules
from pipeline.extractors.commitments.scan import _lower, _merged

SENTENCES = [
    "Quận phấn đấu đến năm 2025 có 100% số trường công lập đạt chuẩn quốc gia.",
    "Trong giai đoạn 2021 - 2025, huyện dự kiến đầu tư xây mới 15 trường học.",
    "UBND tỉnh giao Sở Tài chính rà soát 120 dự án, báo cáo trước quý II/2022.",
    "Tỉnh sẽ dành khoảng 3.500 tỷ đồng để hoàn thành tuyến đường trong năm 2022.",
    "Năm 2016, tỉnh đã cấp phép 8 dự án với tổng vốn 311 triệu USD.",
    "Theo dự báo, giá cát sẽ còn tăng trong thời gian tới.",
    "Huyện quyết tâm về đích nông thôn mới vào năm 2021.",
    "Bộ Kế hoạch và Đầu tư đề nghị các địa phương khẩn trương hoàn thành kế hoạch.",
    "Cầu thủ này sẽ ra sân nếu đội tuyển cần.",
    "Không có dấu hiệu nào của một mục tiêu ở đây.",
    "İstanbul sẽ tổ chức hội nghị vào năm 2018.",  # a character whose case folding is unsafe
]


def full_scan(group, text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), group.entries[int(m.lastgroup[1:])].id) for m in group.regex.finditer(text)]


def filtered_scan(group, text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), entry.id) for m, entry in group.finditer(text, _lower(text))]


@pytest.mark.parametrize("group_name", ["futures", "moods", "statuses"])
@pytest.mark.parametrize("variant", ["as-written", "upper", "title"])
@pytest.mark.parametrize("sentence", SENTENCES, ids=[s[:30] for s in SENTENCES])
def test_filtered_scan_equals_full_scan(group_name: str, variant: str, sentence: str) -> None:
    text = {"as-written": sentence, "upper": sentence.upper(), "title": sentence.title()}[variant]
    group = getattr(_rules(), group_name)
    assert filtered_scan(group, text) == full_scan(group, text)


def test_a_marker_sentence_is_found_at_all() -> None:
    """Guard against a vacuous comparison: the markers really are found."""
    assert filtered_scan(_rules().futures, SENTENCES[0])


#: Sentences holding the words of several entries of a group (the merged path of the scan),
#: with overlapping and adjacent markers (`có thể sẽ` and `sẽ`, `khẩn trương thực hiện ngay`).
SEVERAL = [
    ("futures", "Dự kiến trong năm tới, tỉnh sẽ phải hoàn thành kế hoạch đề ra và cần bố trí vốn."),
    (
        "futures",
        "UBND tỉnh yêu cầu các sở khẩn trương thực hiện ngay và đề nghị Bộ cho phép giao vốn.",
    ),
    ("moods", "Theo dự báo, giá điện có thể sẽ tăng, trong khi năm qua đã tăng 5% so với cùng kỳ."),
    ("statuses", "Huyện có 10 xã đạt chuẩn và đưa vào sử dụng 2 cầu, hoàn thành xóa nhà tạm."),
]


@pytest.mark.parametrize(("group_name", "sentence"), SEVERAL, ids=[s[:30] for _, s in SEVERAL])
def test_merged_entries_find_what_their_alternation_finds(group_name: str, sentence: str) -> None:
    """Each entry's own regex, merged leftmost first (the first entry at a tie), finds the
    matches of the whole alternation, several of them (so the case is not vacuous)."""
    group = getattr(_rules(), group_name)
    low = _lower(sentence)
    hits = sorted({i for word, i in group.triggers if word in low})
    merged = _merged(sentence, [group.entries[i] for i in hits])
    assert merged is not None
    found = [(m.span(), entry.id) for m, entry in merged]
    assert len(hits) >= 2 and len(found) >= 2
    assert found == full_scan(group, sentence)


MARKER_WORDS = [
    "phấn đấu",
    "sẽ",
    "dự kiến",
    "kế hoạch",
    "mục tiêu",
    "giao",
    "yêu cầu",
    "đề nghị",
    "đã",
    "dự báo",
    "nông thôn mới",
    "đạt chuẩn",
    "năm 2025",
    "Sẽ",
    "KẾ HOẠCH",
]


@given(
    st.lists(
        st.sampled_from([*MARKER_WORDS, "huyện", "tỉnh", "100%", ",", "trường", "xã"]), max_size=12
    )
)
def test_filtered_scan_equals_full_scan_on_word_soup(words: list[str]) -> None:
    text = " ".join(words)
    for group_name in ("futures", "moods", "statuses"):
        group = getattr(_rules(), group_name)
        assert filtered_scan(group, text) == full_scan(group, text)


def _commitment_rows(paths: list) -> list[tuple[str, tuple]]:
    """(article id, row) of every commitments row extracted from the articles under `paths`."""
    from dataclasses import astuple

    from pipeline.extract import extract_article
    from pipeline.ingest import read_articles

    out = []
    for article in read_articles(paths, []):
        result = extract_article(article)
        assert not result.error, result.error
        out.extend((article.article_id, astuple(row)) for row in result.tables["commitments"])
    return out


@pytest.mark.slow
def test_fallback_path_gives_the_same_commitments_on_dev_and_train(
    shared, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Python's private parser forced off (`PIPELINE_FASTRE=0`) the scans know no words
    and run every regex: the commitments of dev and train are the same rows."""
    from pipeline.text import fastre

    paths = [shared / "corpus" / "dev" / "articles", shared / "corpus" / "train" / "articles"]
    monkeypatch.delenv(fastre.ENV, raising=False)
    _rules.cache_clear()
    private = _commitment_rows(paths)
    assert private, "no commitments found: the comparison would be vacuous"
    assert _rules().futures.triggers is not None
    monkeypatch.setenv(fastre.ENV, "0")
    _rules.cache_clear()
    try:
        assert _rules().futures.triggers is None  # really the fallback path
        fallback = _commitment_rows(paths)
    finally:
        _rules.cache_clear()
    assert fallback == private
