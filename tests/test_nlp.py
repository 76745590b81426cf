"""The `Doc` contract: exact offsets, underthesea words, sentences without boilerplate."""

from pathlib import Path

import pytest

from pipeline.ingest import read_articles
from pipeline.nlp import align_words, make_doc
from tests.helpers import article_of, doc_of

EXAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "articles"


def assert_offsets_exact(doc) -> None:
    for token in doc:
        assert token.text == doc.text[token.idx : token.idx + len(token.text)]


def test_multi_syllable_words_are_single_tokens() -> None:
    doc = doc_of("Bí thư Quận ủy Bắc Từ Liêm Trần Thế Cương cho biết.")
    words = [token.text for token in doc]
    assert "Bí thư" in words
    assert "Trần Thế Cương" in words


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Bí thư Ðảng ủy phường Ðức Thắng, Nguyễn Thị Kim Dung cho biết.", id="eth"),
        pytest.param("Ông Nguyễn Văn Hoà - Phó Chủ tịch UBND huyện Thanh Thuỷ.", id="old-tones"),
        pytest.param("giai đoạn 2015- 2020 và 2020 -2025 (TP.HCM) “trích”...", id="odd-spacing"),
        pytest.param("nghành giáo dục tăng 12,5% lên 1.134 tỷ đồng", id="misspelling-kept"),
    ],
)
def test_token_offsets_are_exact(text: str) -> None:
    doc = doc_of(text)
    assert_offsets_exact(doc)


def test_underthesea_spelling_fixes_do_not_rewrite_text() -> None:
    doc = doc_of("nghành giáo dục")
    assert doc.text.endswith("nghành giáo dục")


def test_doc_layout_title_body_and_boilerplate() -> None:
    article = article_of("Câu một. Câu hai.\nNguồn: TTTĐ\ntuoitrethudo.com.vn", title="Tiêu đề bài")
    doc = make_doc(article)
    assert doc.text.split("\n") == [
        "Tiêu đề bài",
        "Câu một. Câu hai.",
        "Nguồn: TTTĐ",
        "tuoitrethudo.com.vn",
    ]
    labels = [span.label_ for span in doc.spans["paragraphs"]]
    assert labels == ["title", "body", "boilerplate", "boilerplate"]
    sentences = [(span.text, span.label_, span.kb_id_) for span in doc.spans["sentences"]]
    assert sentences == [
        ("Tiêu đề bài", "title", "0"),
        ("Câu một.", "body", "1"),
        ("Câu hai.", "body", "1"),
    ]


def test_metadata_is_carried_on_the_doc() -> None:
    doc = make_doc(
        article_of("Nội dung.", article_id="abc", published_at="2020-10-12", source="tttd")
    )
    assert (doc._.article_id, doc._.published_at, doc._.source) == ("abc", "2020-10-12", "tttd")


def test_align_words_splits_words_not_joined_by_one_space() -> None:
    text = "2015-  2020"
    assert align_words(text, 0, len(text), ["2015-", "2020"]) == [(0, 5), (7, 11)]
    assert align_words("a  b", 0, 4, ["a b"]) == [(0, 1), (3, 4)]


def test_example_articles_have_exact_offsets() -> None:
    articles = list(read_articles([EXAMPLES]))
    assert len(articles) >= 3
    for article in articles:
        assert_offsets_exact(make_doc(article))


def test_dev_corpus_offsets_are_exact(shared) -> None:
    """The offset property over every token of every dev article (the issue's requirement)."""
    articles = list(read_articles([shared / "corpus" / "dev" / "articles"]))
    assert len(articles) == 30
    for article in articles:
        doc = make_doc(article)
        assert_offsets_exact(doc)
        assert doc.text == "\n".join(span.text for span in doc.spans["paragraphs"])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Ông Nguyễn Văn An cho biết tỉnh đạt 5%.", id="sentence"),
        pytest.param("Một.\nHai  ba.\n\nBốn", id="paragraphs-and-spaces"),
        pytest.param("", id="empty-body"),
    ],
)
def test_count_words_equals_counting_non_space_tokens(text: str) -> None:
    from pipeline.nlp import count_words

    doc = doc_of(text)
    assert count_words(doc) == sum(1 for token in doc if not token.is_space)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        pytest.param(
            "Tiêu đề", "Tỉnh sẽ xây 5 trường. Huyện đạt 90%.\nXã có 3 cầu.", id="title-body"
        ),
        pytest.param("", "Một câu. Hai câu.", id="no-title"),
        pytest.param("Tiêu đề", "", id="title-only"),
    ],
)
def test_each_sentence_opens_at_a_sentence_start_and_nothing_else_does(
    title: str, text: str
) -> None:
    """The sentence starts set from one array are spaCy's own (`Doc(sent_starts=...)`): each
    extractor-visible sentence's first token, and no other token."""
    doc = doc_of(text, title=title)
    firsts = {span.start for span in doc.spans["sentences"]}
    assert firsts, "no sentence: the check would be vacuous"
    assert {t.i for t in doc if t.is_sent_start} == firsts
    assert all(t.is_sent_start is None for t in doc if t.i not in firsts)
