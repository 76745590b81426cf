"""Turn an `Article` into a spaCy `Doc` of underthesea words. The only module importing underthesea.

The `Doc` is the contract every extractor reads:

- `doc.text` is the normalised article: the title, then one body paragraph per line (`\\n`).
- Tokens are underthesea words: `Bí thư`, `Đức Thắng` are single tokens; `token.idx` and
  `token.text` index exactly into `doc.text` (tested over the whole dev corpus). Paragraph
  breaks are whitespace tokens.
- `doc.spans["paragraphs"]`: one span per line; label `title`, `body` or `boilerplate`.
- `doc.spans["sentences"]`: the sentences extractors should read (boilerplate excluded);
  label `title` or `body`, and `kb_id_` the paragraph index (0 is the title).
- `doc._.article_id`, `doc._.published_at`, `doc._.source`, `doc._.url`: article metadata;
  `doc._.as_of`: the `--as-of` date the article is read at (empty: its own date decides).
- `doc.user_data["text"]` is `doc.text`, kept as built: spaCy's `doc.text` rebuilds the
  string from a new `Token` object per word on every access (about 0.3 ms an article), so
  extractors read it with `doc_text(doc)`.

We build the `Doc` from a blank `Vocab` rather than `spacy.blank("vi")`, whose tokenizer needs
pyvi; underthesea does the segmentation and spaCy only carries the result.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.article import Article
from pipeline.text import boilerplate_paragraphs, normalize, signs_off, split_sentences
from pipeline.timing import Timer, no_timer

log = logging.getLogger(__name__)

for _name in ("article_id", "published_at", "source", "url", "title", "as_of"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default="")

_VOCAB: Vocab | None = None
_VOCAB_USES = 0
#: Docs built on one `Vocab` before a fresh one replaces it. A `Vocab` interns every new
#: word form for good, so a single one grows with the corpus (~30,000 strings per 1,000
#: articles); a fresh one costs ~10 µs, and a few hundred docs re-intern their words in
#: about 1 ms, so rotating keeps memory flat for free. Nothing downstream compares tokens
#: across docs by vocabulary entry (hashes are the same in every `Vocab`).
VOCAB_DOCS = 500
_TOKENIZE = None


def _vocab() -> Vocab:
    """The `Vocab` for the next `Doc`: shared by up to `VOCAB_DOCS` docs, then renewed."""
    global _VOCAB, _VOCAB_USES
    if _VOCAB is None or _VOCAB_USES >= VOCAB_DOCS:
        _VOCAB = Vocab()
        _VOCAB_USES = 0
    _VOCAB_USES += 1
    return _VOCAB


def tokenize_words(sentence: str) -> list[str]:
    """underthesea words of one normalised sentence, with its token normalisation turned off.

    `use_token_normalize=False` matters: the default rewrites spellings (`nghành`→`ngành`),
    which would make words that are not substrings of the text.
    """
    global _TOKENIZE
    if _TOKENIZE is None:
        from underthesea import word_tokenize

        _TOKENIZE = word_tokenize
    return _TOKENIZE(sentence, use_token_normalize=False)


@dataclass(frozen=True)
class Layout:
    """The normalised text of an article and where its paragraphs and sentences lie."""

    text: str
    paragraphs: list[tuple[int, int, str]]  # (start, end, label)
    sentences: list[tuple[int, int, str, int]]  # (start, end, label, paragraph index)


def layout(article: Article) -> Layout:
    """Normalise the article and find paragraphs, boilerplate and sentences (no NLP yet)."""
    title = normalize(article.title).replace("\n", " ")
    body = [p for p in (normalize(p).replace("\n", " ") for p in article.paragraphs) if p]
    furniture = boilerplate_paragraphs(body)
    lines = [title, *body]
    paragraphs: list[tuple[int, int, str]] = []
    sentences: list[tuple[int, int, str, int]] = []
    offset = 0
    for index, line in enumerate(lines):
        if index == 0:
            label = "title"
        else:
            label = "boilerplate" if (index - 1) in furniture else "body"
        paragraphs.append((offset, offset + len(line), label))
        if label != "boilerplate":
            bounds = split_sentences(line)
            if index == len(lines) - 1 and len(bounds) > 1:
                # A byline glued to the last paragraph (`./. Hà Giang`) is no sentence.
                if signs_off(line[bounds[-1][0] : bounds[-1][1]]):
                    bounds = bounds[:-1]
            for start, end in bounds:
                sentences.append((offset + start, offset + end, label, index))
        offset += len(line) + 1
    return Layout("\n".join(lines), paragraphs, sentences)


def align_words(text: str, start: int, end: int, words: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans, in `text`, of the tokenizer's `words` for the slice `text[start:end]`.

    A word whose syllables are not separated by exactly one space in the text (the tokenizer
    joined `2015-` and `2020` across a missing space, say) is split into its syllables, so
    that every token is an exact substring. Text the tokenizer dropped is recovered later by
    `_cover`, so nothing is lost even when alignment fails.
    """
    spans: list[tuple[int, int]] = []
    cursor = start
    for word in words:
        # Fast path (nearly every word): the word, syllables joined by single spaces, sits
        # right after the cursor and the white space that follows it. Same result as below.
        position = cursor
        while position < end and text[position] == " ":
            position += 1
        if (
            word
            and text.startswith(word, position, end)
            and word[0] != " "
            and word[-1] != " "
            and "  " not in word
        ):
            cursor = position + len(word)
            spans.append((position, cursor))
            continue
        pieces: list[tuple[int, int]] = []
        for syllable in word.split(" "):
            if not syllable:
                continue
            found = text.find(syllable, cursor, end)
            if found < 0:
                pieces = []
                break
            pieces.append((found, found + len(syllable)))
            cursor = found + len(syllable)
        if not pieces:
            continue
        joined = all(b[0] - a[1] == 1 and text[a[1]] == " " for a, b in pairwise(pieces))
        spans.extend([(pieces[0][0], pieces[-1][1])] if joined else pieces)
    return spans


def _cover(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fill the gaps between token spans so that the tokens cover every non-space character."""
    covered: list[tuple[int, int]] = []
    cursor = 0
    for start, end in [*spans, (len(text), len(text))]:
        if start < cursor:  # overlapping alignment: drop the later span
            continue
        if start == cursor or (start == cursor + 1 and text[cursor] == " "):
            # The usual case: nothing, or one space, between two tokens.
            if end > start:
                covered.append((start, end))
            cursor = end
            continue
        gap = text[cursor:start]
        position = cursor
        for piece in gap.split(" "):
            if piece:
                for sub_start, sub_end in _split_newlines(piece, position):
                    covered.append((sub_start, sub_end))
            position += len(piece) + 1
        if end > start:
            covered.append((start, end))
        cursor = end
    return covered


def _split_newlines(piece: str, offset: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    position = offset
    for index, part in enumerate(piece.split("\n")):
        if index:
            out.append((position, position + 1))
            position += 1
        if part:
            out.append((position, position + len(part)))
        position += len(part)
    return out


def make_doc(article: Article, timer: Timer | None = None) -> Doc:
    """Normalise, split and tokenize one article into a `Doc` (see the module docstring).

    `timer` (`pipeline.timing`) times the stages `layout` and `tokenize` (underthesea alone);
    `make bench` reads where the time goes from it."""
    timer = timer or no_timer
    with timer("layout"):
        structure = layout(article)
    text = structure.text
    spans: list[tuple[int, int]] = []
    for start, end, _label, _para in structure.sentences:
        with timer("tokenize"):
            words = tokenize_words(text[start:end])
        spans.extend(align_words(text, start, end, words))
    spans = _cover(text, spans)
    words = [text[s:e] for s, e in spans]
    length = len(text)
    following = [s for s, _e in spans[1:]]
    following.append(length + 1)
    spaces = [
        e < length and text[e] == " " and after > e
        for (_s, e), after in zip(spans, following, strict=False)  # both empty, or equal
    ]
    # Words are ordered, disjoint substrings and each space flag stands for a real space
    # right after its word, so equal lengths mean `doc.text == text`. (Comparing `doc.text`
    # itself would build a Python `Token` per word: a tenth of make_doc's own time.)
    if sum(map(len, words)) + sum(spaces) != length:  # pragma: no cover - property-tested
        raise AssertionError(f"{article.article_id}: Doc text drifted from the normalised text")
    # Sentence starts go in as one array: setting `token.is_sent_start` afterwards makes
    # spaCy scan the whole Doc once per sentence (quadratic on a very long article), and
    # `Doc(sent_starts=...)` fills the same array cell by cell in Python (a tenth of make_doc's
    # own time). This is the array and the `from_array` call that `Doc.__init__` makes of
    # `sent_starts` (1 at each sentence's first token, 0 elsewhere).
    token_starts = [s for s, _e in spans]
    doc = Doc(_vocab(), words=words, spaces=spaces)
    sent_starts = doc.to_array([SENT_START])  # the array `Doc.__init__` fills (one column)
    sent_starts[:] = 0
    for start, _end, _label, _para in structure.sentences:
        sent_starts[bisect_right(token_starts, start) - 1] = 1
    doc.from_array([SENT_START], sent_starts)
    doc.user_data["text"] = text
    doc._.article_id = article.article_id
    doc._.published_at = article.published_at
    doc._.source = article.source
    doc._.url = article.url
    doc._.as_of = str(article.extra.get("as_of") or "")
    doc._.title = structure.paragraphs[0] and text[: structure.paragraphs[0][1]]
    doc.spans["paragraphs"] = [_span(doc, s, e, label) for s, e, label in structure.paragraphs]
    sentence_spans = []
    for start, end, label, paragraph in structure.sentences:
        span = _span(doc, start, end, label)
        span.kb_id_ = str(paragraph)
        sentence_spans.append(span)
    doc.spans["sentences"] = sentence_spans
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text` without rebuilding it: the copy `make_doc` kept (any other Doc: rebuilt)."""
    text = doc.user_data.get("text")
    return text if text is not None else doc.text


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int]]:
    """(start_char, end_char, paragraph index) of each of `doc.spans["sentences"]`.

    Read once per article and kept in `doc.user_data["sentence_bounds"]`: every extractor
    walks the sentences, and each walk of the span group makes a Python `Span` per sentence.
    """
    cached = doc.user_data.get("sentence_bounds")
    if cached is None:
        cached = [(s.start_char, s.end_char, int(s.kb_id_ or 0)) for s in doc.spans["sentences"]]
        doc.user_data["sentence_bounds"] = cached
    return cached


def _span(doc: Doc, start: int, end: int, label: str) -> Span:
    if start == end:  # an empty title (nothing left after normalising): an empty span there
        index = next((token.i for token in doc if token.idx >= start), len(doc))
        return Span(doc, index, index, label=label)
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:  # pragma: no cover - spans always cover tokens after `_cover`
        raise AssertionError(f"no tokens at {start}:{end}")
    return span


def count_words(doc: Doc) -> int:
    """How many tokens of `doc` are not white space, read from spaCy's token array: iterating
    the Doc makes a Python `Token` per word, a measurable share of a run's time."""
    from spacy.attrs import IS_SPACE

    if not len(doc):
        return 0
    return len(doc) - int(doc.to_array([IS_SPACE]).sum())
