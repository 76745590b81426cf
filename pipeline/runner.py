"""`extract` end to end: read inputs, run the engine, stream the tables, count what happened."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline import engine as engines
from pipeline.ingest import IngestError, read_articles, with_as_of
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
    as_of: date | None = None,
) -> RunSummary:
    """Extract every article under `paths` into the CSV tables of `out_dir`.

    Bad files are logged and counted, never fatal. The tables are replaced atomically at the
    end, so a run interrupted half-way leaves the previous tables intact. The Dask engine also
    writes the tables as Parquet partitions under `out_dir/parquet/<table>/`, swapped in at
    the end the same way. `as_of` reads every article in the map of that day (`pipeline.era`).
    """
    paths = list(paths)
    summary = RunSummary()
    ingest_errors: list[IngestError] = []
    articles = with_as_of(read_articles(paths, ingest_errors), as_of)
    meter = Progress.for_run(paths, progress)  # articles, not files
    out_dir = Path(out_dir)
    staging = None
    if engine == "dask":
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".parquet.", dir=out_dir))
    try:
        with TableWriter(out_dir) as writer:
            results = engines.run(
                articles, engine=engine, workers=workers, scheduler=scheduler, parquet_dir=staging
            )
            for result in meter.track(results):
                if result.error:
                    summary.failed += 1
                    summary.errors.append(result.error)
                    continue
                writer.add(result.tables)
                summary.articles += 1
            summary.rows = dict(writer.counts)
        if staging is not None:
            shutil.rmtree(out_dir / "parquet", ignore_errors=True)
            staging.chmod(0o755)  # made private by mkdtemp; tables are meant to be shared
            staging.rename(out_dir / "parquet")
            staging = None
    finally:
        meter.close()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    summary.errors[:0] = [str(error) for error in ingest_errors]
    summary.failed += len(ingest_errors)
    return summary
