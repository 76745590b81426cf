"""Incremental runs: `StoreSink`, the sink of `runner.run` that keeps the DuckDB store. Only
articles whose text or extractor version changed go to the engine; their results are staged in
committed batches and published with all tables in one step at the end."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipeline.pruning import prune_plan
from pipeline.store.database import DEFAULT_STORE, Store, store_error
from pipeline.store.fingerprint import VERSION_ENV, extractor_version

if TYPE_CHECKING:
    from pipeline.article import Article
    from pipeline.extract import ArticleResult
    from pipeline.ingest import ReadReport
    from pipeline.runner import RunSummary

log = logging.getLogger(__name__)


class StoreSink:
    """`make extract`: bring the store, the CSVs of `out_dir` and the Parquet files up to date
    with the articles of a run, sending to the engine only new or changed articles.

    An article is skipped when its (text hash, extractor version) is the published one, the
    one staged by an interrupted run (`resumed`), or the one it failed with before. Results
    are staged every `batch_size` articles or `batch_seconds`; a run stopped anywhere keeps
    them (the next run does not tokenize them again) and leaves the published tables intact.
    At the end, published articles not read this run are removed only when their file is
    seen gone (see `prune_plan`); `prune` also removes those read from other paths, or from
    files the store does not know.
    """

    missing_refusal = "an input path does not exist; the store and tables are unchanged"

    def __init__(
        self,
        out_dir: str | Path,
        store_path: str | Path = DEFAULT_STORE,
        *,
        version: str | None = None,
        parquet_dir: str | Path | None = None,
        batch_size: int = 200,
        batch_seconds: float = 30.0,
        prune: bool = False,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.store_path = Path(store_path)
        self.version = version
        self.parquet_dir = Path(parquet_dir) if parquet_dir else self.store_path.parent / "parquet"
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.prune = prune

    @contextlib.contextmanager
    def open(
        self, summary: RunSummary, *, engine: str = "serial", as_of: date | None = None
    ) -> Iterator[None]:
        version = self.version or os.environ.get(VERSION_ENV) or extractor_version()
        if as_of is not None:  # another map, other rows: every article is extracted again
            version = f"{version}+as-of-{as_of.isoformat()}"
        self._summary = summary
        self._run_version = version
        self._current: list[str] = []  # every article read, in input order
        self._stale: set[str] = set()  # staged by an older run, with another key
        self._keys: dict[str, tuple[str, str]] = {}  # of the articles sent to the engine
        self._failed: dict[str, tuple[str, str, str]] = {}
        self._buffer: list[Any] = []
        self._last_flush = time.monotonic()
        self._finishing = False
        try:
            with Store(self.store_path) as store:
                self._store = store
                self._published = store.fingerprints("main")
                self._staged = store.fingerprints("staging")
                self._known_failures = store.failures()
                try:
                    yield None
                except BaseException:
                    if not self._finishing:
                        # Finished articles are worth keeping: the next run will not redo them.
                        with contextlib.suppress(Exception):
                            self._flush()
                        log.info("run interrupted; the published tables are unchanged, run again")
                    raise
        except duckdb.Error as error:  # a damaged store, a full disk: one line, not a traceback
            raise store_error(self.store_path, error) from error

    def select(self, articles: Iterator[Article], skip: Callable[[], None]) -> Iterator[Article]:
        summary, key_of = self._summary, self._run_version
        for article in articles:
            article_id = article.article_id
            self._current.append(article_id)
            key = (article.text_sha256, key_of)
            previous = self._staged.get(article_id)
            if previous == key:
                summary.resumed += 1
                skip()
                continue
            if previous is not None:
                self._stale.add(article_id)
            if self._published.get(article_id) == key:
                summary.unchanged += 1
                skip()
                continue
            failure = self._known_failures.get(article_id)
            if failure is not None and failure[:2] == key:
                summary.unchanged += 1
                summary.failed += 1
                summary.errors.append(f"{failure[2]} (unchanged since it failed)")
                skip()
                continue
            self._keys[article_id] = key
            yield article

    def add(self, result: ArticleResult) -> None:
        if result.error:
            key = self._keys.get(result.article_id, ("", ""))
            self._failed[result.article_id] = (*key, result.error)
            return
        self._buffer.append(result)
        if (
            len(self._buffer) >= self.batch_size
            or time.monotonic() - self._last_flush > self.batch_seconds
        ):
            self._flush()

    def _flush(self) -> None:
        self._store.stage(self._buffer, self._run_version)
        self._stale.difference_update(result.article_id for result in self._buffer)
        self._buffer.clear()
        self._last_flush = time.monotonic()

    def finish(self, report: ReadReport) -> None:
        self._flush()
        self._finishing = True
        summary, store, current = self._summary, self._store, self._current
        if not current:
            log.error("no article could be read; the store is left as it was")
            summary.refused = "no article could be read; the store and tables are unchanged"
            return
        order = prune_plan(store, current, report, self.prune, summary)
        sources = {i: report.sources[i] for i in current if i in report.sources}
        outcome = store.publish(order, failed=self._failed, stale=self._stale, sources=sources)
        summary.published = outcome.changed
        summary.removed = outcome.removed
        store.write_parquet(self.parquet_dir)
        store.write_csvs(self.out_dir)
        summary.rows = store.counts()
        summary.articles = summary.rows["articles"]


#: The keywords of `extract_incremental` that go to its `StoreSink`; the rest go to `run`.
_SINK_OPTIONS = ("version", "parquet_dir", "batch_size", "batch_seconds", "prune")


def extract_incremental(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    store_path: str | Path = DEFAULT_STORE,
    **options: Any,
) -> RunSummary:
    """`runner.run(paths, StoreSink(out_dir, store_path, ...), ...)` in one call: `version`,
    `parquet_dir`, `batch_size`, `batch_seconds` and `prune` configure the sink (see
    `StoreSink`), the other keywords are `run`'s (`engine`, `progress`, `as_of`...)."""
    from pipeline.runner import run

    sink_options = {name: options.pop(name) for name in _SINK_OPTIONS if name in options}
    return run(paths, StoreSink(out_dir, store_path, **sink_options), **options)
