"""Map `extract_article` over articles: serially, on a local process pool, or on Dask.

All engines yield results in input order, so the tables of a parallel run are identical to
those of a serial run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from pipeline.article import Article
from pipeline.extract import ArticleResult, extract_article

log = logging.getLogger(__name__)

ENGINES = ("serial", "process")


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def run(
    articles: Iterable[Article], engine: str = "serial", workers: int = 1
) -> Iterator[ArticleResult]:
    """Yield one `ArticleResult` per article, in input order."""
    if engine == "serial" or (engine == "process" and workers <= 1):
        for article in articles:
            yield extract_article(article)
        return
    if engine == "process":
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # Bounded windows keep memory flat on huge corpora while every worker stays busy.
            for batch in _batches(articles, workers * 32):
                yield from pool.map(extract_article, batch, chunksize=8)
        return
    raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
