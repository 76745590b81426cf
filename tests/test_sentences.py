"""Sentence splitting per paragraph: split on sentence ends, never inside names or numbers."""

import importlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import split_sentences

_sentences = importlib.import_module("pipeline.text.sentences")


def sentences(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in split_sentences(paragraph)]


CASES = [
    pytest.param("Hà Nội đẹp. Huế buồn.", ["Hà Nội đẹp.", "Huế buồn."], id="two-sentences"),
    pytest.param(
        "Theo tuoitrethudo.com.vn, quận đạt 100%. Tiếp theo là huyện.",
        ["Theo tuoitrethudo.com.vn, quận đạt 100%.", "Tiếp theo là huyện."],
        id="domain-name-kept",
    ),
    pytest.param("Tại TP. Hồ Chí Minh có mưa.", ["Tại TP. Hồ Chí Minh có mưa."], id="abbrev-TP"),
    pytest.param("Ở Tp. Huế có nắng.", ["Ở Tp. Huế có nắng."], id="abbrev-Tp"),
    pytest.param(
        "Ông TS. Nguyễn Văn A phát biểu.", ["Ông TS. Nguyễn Văn A phát biểu."], id="abbrev-TS"
    ),
    pytest.param("Có PGS.TS. Trần B dự.", ["Có PGS.TS. Trần B dự."], id="abbrev-PGS-TS"),
    pytest.param(
        "Tại Q. Hoàn Kiếm và P. Hàng Bạc.", ["Tại Q. Hoàn Kiếm và P. Hàng Bạc."], id="abbrev-Q-P"
    ),
    pytest.param("Tăng 1,5 lần. Đạt 2.", ["Tăng 1,5 lần.", "Đạt 2."], id="decimal-comma"),
    pytest.param("Vốn 1.134 tỷ đồng. Xong.", ["Vốn 1.134 tỷ đồng.", "Xong."], id="thousands-dot"),
    pytest.param(
        "Ông nói: “Tốt lắm.” Sau đó về.", ["Ông nói: “Tốt lắm.”", "Sau đó về."], id="closing-quote"
    ),
    pytest.param("Thật sao? Đúng vậy!", ["Thật sao?", "Đúng vậy!"], id="question-exclamation"),
    pytest.param("Chờ đợi... Rồi đến.", ["Chờ đợi...", "Rồi đến."], id="ellipsis"),
    pytest.param(
        "phát triển . Năm 2018 tăng .",
        ["phát triển .", "Năm 2018 tăng ."],
        id="detokenized-space-before-dot",
    ),
    pytest.param("giảm 3 %. 2 xã đạt.", ["giảm 3 %.", "2 xã đạt."], id="next-starts-with-digit"),
    pytest.param(
        "về v.v. và các việc khác.", ["về v.v. và các việc khác."], id="lowercase-after-dot"
    ),
    pytest.param(
        "Giá đất tăng ở vùng ven TP. Cũng theo ông A, cần có giải pháp.",
        ["Giá đất tăng ở vùng ven TP.", "Cũng theo ông A, cần có giải pháp."],
        id="abbrev-then-sentence-opener",
    ),
    pytest.param(
        "Bị cáo là Nguyễn Văn H. Theo cáo trạng, H. đã trốn.",
        ["Bị cáo là Nguyễn Văn H.", "Theo cáo trạng, H. đã trốn."],
        id="initial-then-sentence-opener",
    ),
    pytest.param(
        "Về TP. Tuy Hòa và TP. Đồng Hới.",
        ["Về TP. Tuy Hòa và TP. Đồng Hới."],
        id="abbrev-unit-name-not-an-opener",
    ),
    pytest.param("", [], id="empty"),
    pytest.param("   ", [], id="blank"),
    pytest.param("Không dấu chấm cuối", ["Không dấu chấm cuối"], id="no-final-period"),
]


@pytest.mark.parametrize(("paragraph", "expected"), CASES)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert sentences(paragraph) == expected


@given(st.text())
def test_sentences_cover_all_text(paragraph: str) -> None:
    """Spans are ordered, disjoint, in bounds, and together hold every non-space character."""
    spans = split_sentences(paragraph)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(paragraph)
        previous_end = end
    kept = "".join(paragraph[s:e] for s, e in spans)
    assert "".join(kept.split()) == "".join(paragraph.split())


# Long runs of what the splitter looks at. The old end-of-sentence regex rescanned the rest of
# a run of dots from every dot (hours on 1 MB); these must split in milliseconds. The budget
# below is a hang guard 100 times the expected time, not a speed measurement.
PATHOLOGICAL = [
    pytest.param("." * 1_000_000, 1, id="1mb-of-dots"),
    pytest.param("…" * 200_000, 1, id="ellipses"),
    pytest.param("!?" * 200_000, 1, id="bangs-and-questions"),
    pytest.param(".)" * 200_000 + " A", 2, id="dots-and-closers"),
    pytest.param("TP. Hà " * 100_000, 1, id="abbreviation-after-abbreviation"),
    pytest.param("x. " * 200_000, 1, id="lowercase-after-every-dot"),
    pytest.param("A. " * 100_000, 100_000, id="a-sentence-per-letter"),
]


@pytest.mark.parametrize(("paragraph", "count"), PATHOLOGICAL)
def test_pathological_paragraphs_split_in_linear_time(paragraph: str, count: int) -> None:
    from pipeline.extract import time_budget

    with time_budget(5.0):
        spans = split_sentences(paragraph)
    assert len(spans) == count
    assert spans[0][0] == 0 and spans[-1][1] == len(paragraph.rstrip())


# The end-mark pattern as first written, its look-behind before the first mark: the reference
# for the rewritten one, which opens with the mark so that the regex engine can skip ahead.
_END_AS_WRITTEN = re.compile(r"(?<![.!?…])[.!?…]++[\"”’'»)\]]*+(?=\s)")
_PIECES = [".", "!", "?", "…", '"', "”", ")", "]", " ", "\n", "a", "A", "..", "1", "TP."]


@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_sentence_ends_are_found_where_they_were(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = [m.span() for m in _sentences._END.finditer(text)]
    assert found == [m.span() for m in _END_AS_WRITTEN.finditer(text)]
