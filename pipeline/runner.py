"""`extract` end to end, on one path: read the inputs, run the engine, hand each result to a sink.

`run(paths, sink, engine=...)` is the only way into an extract run. The run owns what every
output shares: the missing-path check (a typo is not an empty corpus), reading (`ingest`), the
`--as-of` day, the engine (serial, process pool or Dask; imported only once some article needs
it, so a store run over an unchanged corpus does no NLP), progress, and one `RunSummary`. A
sink owns what differs: which articles need the engine, where results go, and how the output
is published at the end, all at once or not at all.

- `CsvSink(out_dir)`: the CSV tables of a folder (plus Dask's Parquet partitions), written
  while the run goes and published together at the end; a run that read nothing replaces
  nothing.
- `StoreSink(store, out_dir)` (`pipeline.store.incremental`): the DuckDB store; articles
  whose text and extractor version are unchanged skip the engine, results are staged in
  committed batches, and the end publishes them, removes articles whose files are gone and
  rewrites the CSVs and Parquet files from the store.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.article import Article
from pipeline.ingest import ReadReport, missing_inputs, read_articles, with_as_of
from pipeline.progress import Progress

if TYPE_CHECKING:
    from pipeline.extract import ArticleResult
    from pipeline.tables import TableWriter

log = logging.getLogger(__name__)


class RunError(RuntimeError):
    """A run cannot go on at all (an engine that cannot start, a store that cannot be used).

    The message is one line that says what to do; the CLI prints it as the run's error.
    `engine.EngineError` and `store.StoreError` are kinds of it, so whatever its engine and
    sink, a run has one error to catch.
    """


@dataclass
class RunSummary:
    """What an extract run did: articles in, rows out per table, every error line; and, for
    the store, its bookkeeping.

    `tokenized` articles went through the engine (`extracted` of them successfully);
    `unchanged` and `resumed` (staged by an interrupted run) were skipped by the store;
    `removed` and `kept` count published articles not read this run. `articles` is what the
    published tables hold from this run: the articles extracted (CSV) or all the store's.
    """

    articles: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Why nothing was written or replaced (a missing input, nothing readable), else "".
    refused: str = ""
    extracted: int = 0
    tokenized: int = 0
    unchanged: int = 0
    resumed: int = 0
    removed: int = 0
    kept: int = 0
    published: bool = False
    seconds: float = 0.0
    #: Articles whose files are gone but were kept: more than `PRUNE_LIMIT`, without --prune.
    prune_refused: int = 0

    @property
    def ok(self) -> bool:
        return self.articles > 0


class Sink(Protocol):
    """Where a run's results go. `run` calls `open` once, then `select` and `add` while the
    engine runs, then `finish`; an exception anywhere leaves the published output intact."""

    #: The `refused` line of a run given a path that does not exist (nothing is opened).
    missing_refusal: str

    def open(
        self, summary: RunSummary, *, engine: str, as_of: date | None
    ) -> AbstractContextManager[Path | None]:
        """Take the output for one run (a lock, a connection); the value is the folder for
        Dask's Parquet partitions, or None. Leaving on an exception keeps what must be kept
        (the store's finished articles) and publishes nothing."""
        ...

    def select(self, articles: Iterator[Article], skip: Callable[[], None]) -> Iterator[Article]:
        """The articles that need the engine, in input order; `skip()` counts one that does
        not (for progress)."""
        ...

    def add(self, result: ArticleResult) -> None:
        """One result of the engine, in input order; failed ones too (their error line is
        already in the summary)."""
        ...

    def finish(self, report: ReadReport) -> None:
        """Every result is in and reading's errors are in the summary: publish, or refuse
        (set `summary.refused`) and replace nothing."""
        ...


def run(
    paths: Iterable[str | Path],
    sink: Sink,
    *,
    engine: str = "serial",
    workers: int = 1,
    progress: bool | None = None,
    scheduler: str | None = None,
    article_timeout: float | None = None,
    as_of: date | None = None,
    tap: Callable[[Iterator[Article]], Iterator[Article]] | None = None,
) -> RunSummary:
    """Extract every article under `paths` into `sink`.

    Bad files and failed articles are logged and counted, never fatal. A path that does not
    exist stops the run before anything is read or opened. `as_of` reads every article in the
    map of that day (`pipeline.era`). `tap` wraps the stream of articles read (`make bench`
    interleaves its tokenizer floor there). An engine or store that cannot run at all raises
    a `RunError` (one line).
    """
    started = time.perf_counter()
    paths = list(paths)
    summary = RunSummary()
    if missing := missing_inputs(paths):  # a typo is not an empty corpus: touch nothing
        summary.errors, summary.failed = missing, len(missing)
        summary.refused = sink.missing_refusal
        return summary
    report = ReadReport()
    articles = with_as_of(read_articles(paths, report=report), as_of)
    if tap is not None:
        articles = tap(articles)
    meter = Progress.for_run(paths, progress)  # articles, those a sink skips included
    try:
        with sink.open(summary, engine=engine, as_of=as_of) as parquet_dir:
            options = {
                "engine": engine,
                "workers": workers,
                "scheduler": scheduler,
                "parquet_dir": parquet_dir,
                "timeout": article_timeout,
            }
            try:
                for result in meter.track(_engine(sink.select(articles, meter.update), options)):
                    summary.tokenized += 1
                    if result.error:
                        summary.failed += 1
                        summary.errors.append(result.error)
                    else:
                        summary.extracted += 1
                    sink.add(result)
            finally:
                meter.close()
            summary.errors[:0] = [str(error) for error in report.errors]
            summary.failed += len(report.errors)
            summary.warnings = list(report.warnings)
            sink.finish(report)
    finally:
        meter.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _engine(articles: Iterator[Article], options: dict) -> Iterator[ArticleResult]:
    """The engine's results over `articles`; the NLP stack is imported only when some article
    needs it (a store run over an unchanged corpus never loads it)."""
    first = next(articles, None)
    if first is None:
        return
    from pipeline import engine as engines

    yield from engines.run(chain([first], articles), **options)


# --------------------------------------------------------------------------------------------
# The CSV sink


class CsvSink:
    """The CSV tables of `out_dir`, streamed while the run goes and published together at the
    end (`pipeline.publish`), so a run interrupted anywhere leaves the previous tables intact.
    The Dask engine also writes the tables as Parquet partitions under `out_dir/parquet/`,
    published in the same step. A run that extracted nothing replaces nothing."""

    missing_refusal = "an input path does not exist; nothing was read or written"

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self._writer: TableWriter | None = None
        self._summary = RunSummary()

    @contextmanager
    def open(
        self, summary: RunSummary, *, engine: str, as_of: date | None = None
    ) -> Iterator[Path | None]:
        from pipeline.tables import TableWriter

        self._summary = summary
        with TableWriter(self.out_dir) as writer:  # publishes on leaving, aborts on an error
            self._writer = writer
            staging = None
            if engine == "dask":  # inside the writer's lock: its clean-up would take it otherwise
                staging = Path(tempfile.mkdtemp(prefix=".parquet.", dir=self.out_dir))
                writer.extra.append((staging, self.out_dir / "parquet"))
            try:
                yield staging
            finally:
                self._writer = None

    def select(self, articles: Iterator[Article], skip: Callable[[], None]) -> Iterator[Article]:
        return articles  # every article is extracted

    def add(self, result: ArticleResult) -> None:
        if not result.error:
            self._writer.add(result.tables)

    def finish(self, report: ReadReport) -> None:
        summary = self._summary
        summary.articles = summary.extracted
        if not summary.articles:  # a run that read nothing replaces nothing
            self._writer.abort()
            summary.refused = "no article could be read; the previous tables are unchanged"
            summary.rows = {}
            return
        summary.rows = dict(self._writer.counts)


def extract_to_dir(paths: Iterable[str | Path], out_dir: str | Path, **options: Any) -> RunSummary:
    """`run(paths, CsvSink(out_dir), **options)`: the CSV tables of `out_dir` (evaluation,
    bench); `options` are `run`'s keywords (`engine`, `progress`, `as_of`, `tap`...)."""
    return run(paths, CsvSink(out_dir), **options)
