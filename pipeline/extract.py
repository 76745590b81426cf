"""One article in, all its table rows out: the unit of work every engine maps over."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from spacy.tokens import Doc

from pipeline.article import Article
from pipeline.commitment_columns import add_columns
from pipeline.era import doc_era
from pipeline.extractors import run_extractors
from pipeline.nlp import count_words, doc_text, make_doc
from pipeline.tables import ArticleRow

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds one article may take (`--article-timeout`): ~2,000 times a typical article, so only
#: input that makes some step blow up (a pathological string) ever reaches it.
DEFAULT_ARTICLE_TIMEOUT = 60.0


class ArticleTimeout(Exception):
    """An article took longer than its time budget."""


@dataclass
class ArticleResult:
    """The rows of every table for one article, or the one-line error that stopped it."""

    article_id: str
    tables: dict[str, list]
    error: str = ""


def article_row(article: Article, doc) -> ArticleRow:
    """The `articles.csv` row: counts over the normalised text the extractors saw."""
    paragraphs = [span for span in doc.spans["paragraphs"] if span.label_ != "title"]
    return ArticleRow(
        article_id=article.article_id,
        source=article.source,
        url=article.url,
        title=doc._.title,
        published_at=article.published_at,
        n_paragraphs=len(paragraphs),
        n_sentences=len(doc.spans["sentences"]),
        n_tokens=count_words(doc),
        text_sha256=article.text_sha256,
        era=doc_era(doc).name,
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `ArticleTimeout` in the block after `seconds` of CPU time of this process.

    CPU time, not wall time: on a loaded machine a wall-clock budget fails articles that are
    merely waiting for a core. Uses SIGPROF, which interrupts Python code and the regex engine
    alike; signals reach only the main thread of a process (serial runs and process-pool
    workers). Elsewhere (Dask worker threads) or when `seconds` is falsy, there is no budget.
    """
    if (
        not seconds
        or seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expired(signum, frame) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def extract_article(article: Article, timeout: float | None = None) -> ArticleResult:
    """Tokenize one article and run the extractors; never raises on a bad article.

    An article that takes more than `timeout` seconds fails with one line; the run goes on.
    """
    return next(extract_articles([article], timeout))


#: Articles tokenized together before their extractors run (`extract_articles`).
TOKENIZE_AHEAD = 25


def extract_articles(
    articles: Iterable[Article], timeout: float | None = None
) -> Iterator[ArticleResult]:
    """`extract_article` of each article, in order, tokenizing `TOKENIZE_AHEAD` at a time.

    Why in two passes: underthesea's model and the extractors' rules and tables do not fit in
    the CPU caches together. Alternating them article by article makes each evict the other;
    tokenizing a few dozen articles, then running the extractors over their Docs, keeps each
    pass's working set warm, about 3% of a run's CPU time (`make bench`). The rows are the
    same. Results are yielded one by one in the second pass, so a run interrupted there keeps
    the articles already finished; each article keeps its own time budget over both passes.
    """
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= TOKENIZE_AHEAD:
            yield from _extract_batch(batch, timeout)
            batch = []
    if batch:
        yield from _extract_batch(batch, timeout)


def _extract_batch(articles: list[Article], timeout: float | None) -> Iterator[ArticleResult]:
    prepared: list[tuple[Article, Doc | None, float, ArticleResult | None]] = []
    for article in articles:
        started = time.process_time()
        doc, failure = _guarded(article, timeout, timeout, lambda a=article: make_doc(a))
        prepared.append((article, doc, time.process_time() - started, failure))
    for article, doc, spent, failure in prepared:
        if failure is not None:
            yield failure
            continue
        left = None if not timeout else max(timeout - spent, _LEAST_BUDGET)
        tables, failure = _guarded(
            article, left, timeout, lambda a=article, d=doc: _tables_of(a, d)
        )
        yield failure if failure is not None else ArticleResult(article.article_id, tables)


#: CPU seconds an article still gets for its extractors when tokenizing used up its budget
#: (a zero budget would mean none at all to `time_budget`).
_LEAST_BUDGET = 1e-3


def _tables_of(article: Article, doc: Doc) -> dict[str, list]:
    tables = run_extractors(doc)
    add_columns(tables.get("commitments", ()), doc_text(doc))
    tables["articles"] = [article_row(article, doc)]
    return tables


def _guarded(
    article: Article, budget: float | None, timeout: float | None, step: Callable[[], T]
) -> tuple[T | None, ArticleResult | None]:
    """(what `step` returns, None), or (None, the one-line failure of the article) when it
    raised or ran past `budget` CPU seconds (`timeout`: the article's whole budget, named in
    the message)."""
    try:
        with time_budget(budget):
            return step(), None
    except ArticleTimeout:
        message = (
            f"{article.path or article.article_id}: took more than {timeout:g} s of CPU "
            "(--article-timeout); skipped"
        )
    except Exception as error:  # one bad article must not take the run down
        # The one-line message travels back in the result; the traceback is for `-vv` runs.
        log.debug("%s: extraction failed", article.path or article.article_id, exc_info=True)
        message = f"{article.path or article.article_id}: extraction failed ({error!r})"
    return None, ArticleResult(article.article_id, {}, error=message)
