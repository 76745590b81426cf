"""`extract` end to end: read inputs, run the engine, stream the tables, count what happened."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline import engine as engines
from pipeline.article import Article
from pipeline.ingest import ReadReport, missing_inputs, read_articles, with_as_of
from pipeline.progress import Progress
from pipeline.tables import TableWriter

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    """What an extract run did: articles in, rows out per table, and every error line."""

    articles: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Why nothing was written or replaced (a missing input, nothing readable), else "".
    refused: str = ""

    @property
    def ok(self) -> bool:
        return self.articles > 0


def extract_to_dir(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    engine: str = "serial",
    workers: int = 1,
    progress: bool | None = None,
    scheduler: str | None = None,
    article_timeout: float | None = None,
    as_of: date | None = None,
    tap: Callable[[Iterator[Article]], Iterator[Article]] | None = None,
) -> RunSummary:
    """Extract every article under `paths` into the CSV tables of `out_dir`.

    Bad files are logged and counted, never fatal. The tables are replaced atomically at the
    end, all together (`pipeline.publish`), so a run interrupted anywhere leaves the previous
    tables intact. The Dask engine also writes the tables as Parquet partitions under
    `out_dir/parquet/<table>/`, published in the same step. `as_of` reads every article in
    the map of that day (`pipeline.era`). `tap` wraps the stream of articles read (`make
    bench` interleaves its tokenizer floor there).
    """
    paths = list(paths)
    summary = RunSummary()
    if missing := missing_inputs(paths):
        summary.errors = missing
        summary.failed = len(missing)
        summary.refused = "an input path does not exist; nothing was read or written"
        return summary
    report = ReadReport()
    articles = with_as_of(read_articles(paths, report=report), as_of)
    if tap is not None:
        articles = tap(articles)
    meter = Progress.for_run(paths, progress)  # articles, not files
    out_dir = Path(out_dir)
    try:
        with TableWriter(out_dir) as writer:
            staging = None
            if engine == "dask":  # inside the writer's lock: its clean-up would take it otherwise
                staging = Path(tempfile.mkdtemp(prefix=".parquet.", dir=out_dir))
                writer.extra.append((staging, out_dir / "parquet"))
            results = engines.run(
                articles,
                engine=engine,
                workers=workers,
                scheduler=scheduler,
                parquet_dir=staging,
                timeout=article_timeout,
            )
            for result in meter.track(results):
                if result.error:
                    summary.failed += 1
                    summary.errors.append(result.error)
                    continue
                writer.add(result.tables)
                summary.articles += 1
            summary.rows = dict(writer.counts)
            if not summary.articles:  # a run that read nothing replaces nothing
                writer.abort()
                summary.refused = "no article could be read; the previous tables are unchanged"
                summary.rows = {}
    finally:
        meter.close()
    return _finish(summary, report)


def _finish(summary: RunSummary, report: ReadReport) -> RunSummary:
    summary.errors[:0] = [str(error) for error in report.errors]
    summary.failed += len(report.errors)
    summary.warnings = list(report.warnings)
    return summary
