"""Small builders shared by the tests: an `Article` or a `Doc` from a literal sentence."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.article import Article
from pipeline.nlp import make_doc


def article_of(text: str, title: str = "Tiêu đề", article_id: str = "t", **extra) -> Article:
    """An article whose body paragraphs are the lines of `text`."""
    paragraphs = tuple(line for line in text.split("\n") if line.strip())
    return Article(article_id=article_id, title=title, paragraphs=paragraphs, **extra)


def doc_of(text: str, title: str = "Tiêu đề", article_id: str = "t", **extra) -> Doc:
    """The `Doc` the extractors would see for an article made of `text`."""
    return make_doc(article_of(text, title=title, article_id=article_id, **extra))


def commitment_rows(text: str) -> list:
    """The commitments table the extractors give for an article made of `text`."""
    from pipeline.extractors import run_extractors

    return run_extractors(doc_of(text))["commitments"]


def kept_commitments(text: str) -> list:
    """The commitment rows the rules keep for an article made of `text` (the candidates with
    no reason to drop them), in reading order."""
    from pipeline.extractors import run_extractors
    from pipeline.extractors.commitments import find_candidates

    doc = doc_of(text)
    return [c.row for c in find_candidates(doc, run_extractors(doc)) if not c.drop]


def commitment_actor(text: str, phrase: str) -> str | None:
    """The actor of the first kept commitment whose evidence holds `phrase`; fails, listing the
    kept rows, when none does."""
    rows = [r for r in kept_commitments(text) if phrase in r.evidence]
    assert rows, [(r.actor, r.evidence) for r in kept_commitments(text)]
    return rows[0].actor


def fundus_body(gold: dict) -> list[str]:
    """The body paragraphs of a fundus gold extraction, photo captions left out: fundus keeps
    a caption ("<caption> Ảnh: <credit>") as a paragraph; this project's pages leave it out."""
    captions = {
        f"{image['caption']} Ảnh: {', '.join(image.get('authors') or [])}".strip()
        for image in gold.get("images", [])
        if image.get("caption")
    }
    paragraphs = [p for section in gold["body"]["sections"] for p in section["paragraphs"]]
    return [p for p in paragraphs if p not in captions]


def one_by_one(extract_one):
    """A stand-in for `pipeline.extract.extract_articles` made of a per-article stand-in for
    `extract_article` (a fake, a fault), called and yielded article by article, as the real
    one yields: an exception at the third article leaves the first two delivered."""

    def extract_articles(articles, timeout=None):
        for article in articles:
            yield extract_one(article)

    return extract_articles
