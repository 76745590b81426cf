"""Incremental runs: `extract_incremental` tokenizes only the articles whose text or
extractor version changed, stages them and publishes all tables in one step."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from pipeline.progress import Progress
from pipeline.pruning import prune_plan
from pipeline.store.database import DEFAULT_STORE, Store, StoreError, store_error
from pipeline.store.fingerprint import VERSION_ENV, extractor_version

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# The incremental run


@dataclass
class SyncSummary:
    """What an incremental extract run did: the fields of `runner.RunSummary`, plus the
    bookkeeping counts. `tokenized` articles went through the NLP (`extracted` of them
    successfully); `unchanged` and `resumed` (staged by an interrupted run) did not."""

    articles: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    extracted: int = 0
    tokenized: int = 0
    unchanged: int = 0
    resumed: int = 0
    removed: int = 0
    kept: int = 0
    published: bool = False
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    #: Why nothing was written (a missing input path), else "".
    refused: str = ""
    #: Articles whose files are gone but were kept: more than `PRUNE_LIMIT`, without --prune.
    prune_refused: int = 0

    @property
    def ok(self) -> bool:
        return self.articles > 0


def extract_incremental(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    store_path: str | Path = DEFAULT_STORE,
    *,
    engine: str = "serial",
    workers: int = 1,
    progress: bool | None = None,
    scheduler: str | None = None,
    version: str | None = None,
    parquet_dir: str | Path | None = None,
    batch_size: int = 200,
    batch_seconds: float = 30.0,
    as_of: date | None = None,
    prune: bool = False,
    article_timeout: float | None = None,
) -> SyncSummary:
    """`make extract`: bring the store, the CSVs of `out_dir` and the Parquet files up to date
    with the articles under `paths`, tokenizing only new or changed articles.

    The NLP stack is imported only when some article needs it, so a run over an unchanged
    corpus costs reading the files and a few queries. Published articles not read this run
    are removed only when their file is seen gone (see `prune_plan`); `prune` also removes
    those read from other paths, or from files the store does not know.
    """
    from pipeline.ingest import ReadReport, missing_inputs, read_articles, with_as_of

    started = time.perf_counter()
    paths = list(paths)
    summary = SyncSummary()
    if missing := missing_inputs(paths):  # a typo is not an empty corpus: touch nothing
        summary.errors, summary.failed = missing, len(missing)
        summary.refused = "an input path does not exist; the store and tables are unchanged"
        return summary
    version = version or os.environ.get(VERSION_ENV) or extractor_version()
    if as_of is not None:  # another map, other rows: every article is extracted again
        version = f"{version}+as-of-{as_of.isoformat()}"
    parquet_dir = Path(parquet_dir) if parquet_dir else Path(store_path).parent / "parquet"
    report = ReadReport()
    current: list[str] = []
    stale: set[str] = set()
    keys: dict[str, tuple[str, str]] = {}  # of the articles sent to the engine
    failed: dict[str, tuple[str, str, str]] = {}
    meter = Progress.for_run(paths, progress)  # articles, unchanged ones included

    try:
        with Store(store_path) as store:
            published = store.fingerprints("main")
            staged = store.fingerprints("staging")
            known_failures = store.failures()

            def pending() -> Iterator[Any]:
                for article in with_as_of(read_articles(paths, report=report), as_of):
                    article_id = article.article_id
                    current.append(article_id)
                    key = (article.text_sha256, version)
                    previous = staged.get(article_id)
                    if previous == key:
                        summary.resumed += 1
                        meter.update()
                        continue
                    if previous is not None:
                        stale.add(article_id)
                    if published.get(article_id) == key:
                        summary.unchanged += 1
                        meter.update()
                        continue
                    failure = known_failures.get(article_id)
                    if failure is not None and failure[:2] == key:
                        summary.unchanged += 1
                        summary.failed += 1
                        summary.errors.append(f"{failure[2]} (unchanged since it failed)")
                        meter.update()
                        continue
                    keys[article_id] = key
                    yield article

            buffer: list[Any] = []
            last_flush = time.monotonic()

            def flush() -> None:
                nonlocal last_flush
                store.stage(buffer, version)
                stale.difference_update(result.article_id for result in buffer)
                buffer.clear()
                last_flush = time.monotonic()

            try:
                for result in _extract(
                    pending(), engine, workers, meter, scheduler, article_timeout
                ):
                    summary.tokenized += 1
                    if result.error:
                        summary.failed += 1
                        summary.errors.append(result.error)
                        failed[result.article_id] = (
                            *keys.get(result.article_id, ("", "")),
                            result.error,
                        )
                        continue
                    summary.extracted += 1
                    buffer.append(result)
                    if len(buffer) >= batch_size or time.monotonic() - last_flush > batch_seconds:
                        flush()
            except BaseException:
                # Finished articles are worth keeping: the next run will not tokenize them again.
                with contextlib.suppress(Exception):
                    flush()
                log.info("run interrupted; the published tables are unchanged, run again")
                raise
            finally:
                meter.close()
            flush()

            summary.errors[:0] = [str(error) for error in report.errors]
            summary.failed += len(report.errors)
            summary.warnings = list(report.warnings)
            if not current:
                log.error("no article could be read; the store is left as it was")
                summary.refused = "no article could be read; the store and tables are unchanged"
                summary.seconds = time.perf_counter() - started
                return summary
            order = prune_plan(store, current, report, prune, summary)
            sources = {i: report.sources[i] for i in current if i in report.sources}
            outcome = store.publish(order, failed=failed, stale=stale, sources=sources)
            summary.published = outcome.changed
            summary.removed = outcome.removed
            store.write_parquet(parquet_dir)
            store.write_csvs(out_dir)
            summary.rows = store.counts()
            summary.articles = summary.rows["articles"]
    except duckdb.Error as error:  # a damaged store, a full disk: one line, not a traceback
        raise store_error(Path(store_path), error) from error
    summary.seconds = time.perf_counter() - started
    return summary


def _extract(
    articles: Iterator[Any],
    engine: str,
    workers: int,
    meter: Any,
    scheduler: str | None,
    timeout: float | None = None,
) -> Iterator[Any]:
    """Run the engine over the articles that need it; import the NLP stack only then."""
    first = next(articles, None)
    if first is None:
        return
    from itertools import chain

    from pipeline import engine as engines

    options: dict[str, Any] = {"engine": engine, "workers": workers, "timeout": timeout}
    if scheduler:
        options["scheduler"] = scheduler
    try:
        results = engines.run(chain([first], articles), **options)
        yield from meter.track(results)
    except engines.EngineError as error:
        raise StoreError(str(error)) from error
