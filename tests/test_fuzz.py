"""Fuzzing the text layer: arbitrary Unicode never crashes it and never loses text.

"Never loses text" is made precise per stage:

- `normalize` may only rewrite white space, drop the invisible characters listed in
  `rules/text.toml`, map the look-alikes listed there (Ð→Đ) and move tone marks (hoà→hòa). So
  the multiset of the remaining code points, in NFD, is unchanged.
- `split_sentences` returns ordered, disjoint, trimmed spans that together hold every
  non-space character of the paragraph.
- `make_doc` gives tokens that are exact substrings of `doc.text` and that, joined, hold every
  non-space character of the normalised article.
- the number parser and the locality matcher return offsets inside the text they were given.

The strategies mix real Vietnamese fragments with combining marks, right-to-left text,
control and format characters, and anything else Unicode has.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.article import Article
from pipeline.nlp import doc_text, layout, make_doc
from pipeline.rules import load
from pipeline.text import normalize, split_sentences

FRAGMENTS = [
    "Chủ tịch UBND tỉnh Nghệ An",
    "Nguyễn Văn An",
    "huyện Quỳnh Lưu",
    "TP. Hồ Chí Minh",
    "Q.1",
    "P. Bến Nghé",
    "xã Hòa Bình",
    "hoà bình",
    "Thuỷ",
    "ÐẢNG",
    "1.134 tỷ đồng",
    "12,5%",
    "hơn 300 ha",
    "năm 2025",
    "10-15%",
    "1/7/2025",
    "200 triệu USD",
    "khoảng 1,2 nghìn tỷ",
    ".",
    "...",
    "!",
    "?",
    "“",
    "”",
    "(",
    ")",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "e\u0301\u0323",  # stacked combining marks
    "\u0301",  # a combining mark with nothing to combine with
    "\u202e",  # right-to-left override
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ud7ff",
    "😀",
    "\U0001f1fb\U0001f1f3",  # flag: two regional indicators
]

vietnamese_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=25
).map("".join)
anything = st.one_of(st.text(max_size=200), vietnamese_like)
# FUZZ_EXAMPLES=5000 make test (or pytest tests/test_fuzz.py) for a deeper hunt.
_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW_FUZZ = settings(  # these run underthesea on every example
    max_examples=max(1, _EXAMPLES * 2 // 5),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _visible(text: str) -> Counter[str]:
    """The code points normalisation must keep: NFD, minus white space, controls, dropped."""
    rules = load("text")
    dropped = set(rules["drop"]["chars"])
    mapped = str.maketrans({k: v for k, v in rules["characters"].items()})
    decomposed = unicodedata.normalize("NFD", text.translate(mapped))
    return Counter(
        char
        for char in decomposed
        if not char.isspace() and char not in dropped and not (ord(char) < 0x20 or char == "\x7f")
    )


def _non_space(text: str) -> str:
    return "".join(char for char in text if not char.isspace())


@FUZZ
@given(anything)
def test_normalize_is_idempotent_and_keeps_every_visible_character(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert _visible(once) == _visible(text)
    assert once == once.strip() and "  " not in once and "\n\n" not in once


@FUZZ
@given(anything)
def test_split_sentences_covers_every_character_in_order(text: str) -> None:
    paragraph = normalize(text).replace("\n", " ")
    spans = split_sentences(paragraph)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(paragraph)
        assert not paragraph[start].isspace() and not paragraph[end - 1].isspace()
        previous_end = end
    assert "".join(_non_space(paragraph[s:e]) for s, e in spans) == _non_space(paragraph)


@SLOW_FUZZ
@given(anything, st.lists(anything, max_size=4))
def test_make_doc_offsets_are_exact_and_nothing_is_lost(title: str, paragraphs: list[str]) -> None:
    article = Article(article_id="fuzz", title=title, paragraphs=tuple(paragraphs))
    doc = make_doc(article)
    text = layout(article).text
    assert doc.text == text == doc_text(doc)
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    assert "".join(_non_space(t.text) for t in doc) == _non_space(text)
    assert _visible(text) == _visible(title + " " + " ".join(paragraphs))
    for sentence in doc.spans["sentences"]:
        assert sentence.label_ in {"title", "body"} and sentence.text.strip()
        assert int(sentence.kb_id_) < len(doc.spans["paragraphs"])


@SLOW_FUZZ
@given(st.lists(anything, min_size=1, max_size=4))
def test_locality_matcher_never_crashes_and_stays_in_the_text(paragraphs: list[str]) -> None:
    from pipeline.extractors.localities import locality_mentions

    doc = make_doc(Article(article_id="fuzz", title="Tin địa phương", paragraphs=tuple(paragraphs)))
    for mention in locality_mentions(doc):
        assert 0 <= mention.start < mention.end <= len(doc.text)
        assert mention.name and mention.type


@FUZZ
@given(anything)
def test_gazetteer_match_accepts_any_name(name: str) -> None:
    gazetteer = pytest.importorskip("pipeline.gazetteer")
    for unit in gazetteer.get().match(name):
        assert unit.name


number_like = st.lists(
    st.one_of(
        st.from_regex(r"\A\d{1,4}([.,]\d{1,4}){0,3}\Z"),
        st.sampled_from(
            [
                "tỷ",
                "triệu",
                "nghìn",
                "ngàn",
                "trăm",
                "mươi",
                "lăm",
                "mốt",
                "hai",
                "một",
                "rưỡi",
                "hơn",
                "khoảng",
                "gần",
                "từ",
                "đến",
                "-",
                "–",
                "trở lên",
                "đồng",
                "%",
                "USD",
                "ha",
                "km",
                "vài",
                "hàng chục",
                ",",
                ".",
                " ",
                "\u0301",
            ]
        ),
        st.text(max_size=4),
    ),
    max_size=14,
).map(" ".join)


@FUZZ
@given(st.one_of(anything, number_like))
def test_number_parser_never_crashes_and_stays_in_the_text(text: str) -> None:
    numbers = pytest.importorskip("pipeline.text.numbers")
    text = normalize(text)
    for expr in numbers.scan(text):
        assert 0 <= expr.start <= expr.num_start < expr.end <= len(text)
        assert expr.value.is_finite()
        assert expr.value_max is None or expr.value_max.is_finite()
    whole = numbers.parse(text)
    assert whole is None or whole.value.is_finite()
    for word in text.split():
        value = numbers.parse_digits(word)
        assert value is None or value.is_finite()
    numbers.parse_words(text.lower().split())
