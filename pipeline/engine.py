"""Map `extract_article` over articles: serially, on a local process pool, or on Dask.

The serial engine and each Dask partition go through `extract.extract_articles`, which
tokenizes a few dozen articles before running their extractors (warmer CPU caches, same rows).

All engines yield results in input order, so the tables of a parallel run are byte-identical
to those of a serial run. Every engine streams: only a bounded window of articles is in
flight at any time, so memory stays flat however large the corpus.

The Dask engine sends *partitions* (lists of consecutive articles) to the workers of a
`distributed` cluster, either one given by its scheduler address or a `LocalCluster` started
for the run. The client keeps a window of partitions in flight, collects them in order and,
when asked, writes each partition's rows as one Parquet file per table
(`<parquet_dir>/<table>/part-00000.parquet`, ...), a layout that `pandas.read_parquet`,
`dask.dataframe.read_parquet` and DuckDB's `read_parquet('.../*.parquet')` read directly.
The client writes them, so the workers need no shared file system.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from pipeline.article import Article
from pipeline.extract import ArticleResult, extract_article, extract_articles
from pipeline.io import first_line
from pipeline.runner import RunError

log = logging.getLogger(__name__)

ENGINES = ("serial", "process", "dask")

#: Articles per Dask task: big enough that scheduling overhead (~1 ms a task) is noise next
#: to ~20 ms of tokenizing per article, small enough to spread a small corpus over workers.
PARTITION_SIZE = 64
#: Partitions in flight per worker thread: one running, one queued, so no worker waits.
WINDOW_PER_WORKER = 2
#: Seconds to wait for a remote scheduler before giving up with a clear error.
CONNECT_TIMEOUT = "20s"


class EngineError(RunError):
    """The engine itself cannot run (a cluster that cannot import the pipeline, say)."""


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_partition(articles: list[Article], timeout: float | None = None) -> list[ArticleResult]:
    """The unit of work on a Dask worker: one partition of articles, results in order."""
    return list(extract_articles(articles, timeout))


def _extract_one(article: Article, timeout: float | None = None) -> ArticleResult:
    """`extract_article`, with its time budget only when there is one (so that a stand-in
    taking only the article, as tests use, still fits)."""
    if timeout:
        return extract_article(article, timeout)
    return extract_article(article)


def _failed(articles: list[Article], reason: str) -> list[ArticleResult]:
    """Error results for a partition whose worker died, so the run goes on without it."""
    return [
        ArticleResult(
            article.article_id, {}, error=f"{article.path or article.article_id}: {reason}"
        )
        for article in articles
    ]


def run(
    articles: Iterable[Article],
    engine: str = "serial",
    workers: int = 1,
    *,
    scheduler: str | None = None,
    parquet_dir: str | Path | None = None,
    partition_size: int | None = None,
    timeout: float | None = None,
) -> Iterator[ArticleResult]:
    """Yield one `ArticleResult` per article, in input order.

    `timeout` is each article's time budget in seconds (see `extract.time_budget`).

    `scheduler` (a `tcp://host:port` address) and `parquet_dir` only apply to the Dask engine;
    `workers` sizes the process pool, or the `LocalCluster` when no scheduler is given.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
    if engine == "dask":
        yield from run_dask(
            articles,
            scheduler=scheduler,
            workers=workers,
            parquet_dir=parquet_dir,
            partition_size=partition_size,
            timeout=timeout,
        )
    elif engine == "serial" or workers <= 1:
        yield from extract_articles(articles, timeout)
    else:
        yield from _run_process(articles, workers, timeout)


def _die_with_parent(parent: int) -> None:
    """Pool worker initializer: exit when the parent process dies (kill -9 included).

    A killed parent never tells its pool to shut down; without this, each worker (~250 MB)
    would wait forever on its task queue. Linux is asked to kill the worker with its parent
    (PR_SET_PDEATHSIG); a thread watching the parent's pid covers other systems and the
    moment before the request took effect.
    """
    import os
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def _pool(workers: int) -> ProcessPoolExecutor:
    import os

    return ProcessPoolExecutor(
        max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def _run_process(
    articles: Iterable[Article], workers: int, timeout: float | None = None
) -> Iterator[ArticleResult]:
    pool = _pool(workers)
    try:
        # Bounded windows keep memory flat on huge corpora while every worker stays busy.
        for batch in _batches(articles, workers * 32):
            try:
                results = list(pool.map(_extract_one, batch, [timeout] * len(batch), chunksize=8))
            except BrokenProcessPool as error:  # a worker was killed (out of memory, signal)
                log.error("process pool broke on a batch of %d articles: %s", len(batch), error)
                results = _failed(batch, "worker process died; not extracted")
                pool.shutdown(cancel_futures=True)
                pool = _pool(workers)
            yield from results
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 1):
    """A `distributed.Client` on `scheduler`, or on a `LocalCluster` of `workers` processes.

    The local cluster uses one thread per worker process: tokenizing is CPU-bound Python, so
    threads would only fight over the GIL.
    """
    from distributed import Client, LocalCluster

    # Dask configures its loggers at INFO; follow the run's verbosity instead (`-v` shows them).
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            message = f"cannot connect to the Dask scheduler at {scheduler}: {error}"
            raise EngineError(message) from error
        with client:
            yield client
        return
    try:
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            scheduler_kwargs={"dashboard": False},
        )
    except Exception as error:  # ports, processes, memory: one line for all
        reason = first_line(error, repr(error))
        raise EngineError(
            f"cannot start a local Dask cluster ({reason}); try --engine process"
        ) from error
    with cluster, Client(cluster) as client:
        yield client


def run_dask(
    articles: Iterable[Article],
    *,
    scheduler: str | None = None,
    workers: int = 1,
    parquet_dir: str | Path | None = None,
    partition_size: int | None = None,
    client=None,
    timeout: float | None = None,
) -> Iterator[ArticleResult]:
    """Extract partitions of articles on a Dask cluster, yielding results in input order.

    Pass an open `client` to reuse a cluster across runs (tests do); otherwise one is opened
    on `scheduler`, or on a fresh `LocalCluster` of `workers` processes, and closed at the end.
    """
    if client is None:
        with dask_client(scheduler, workers) as own_client:
            yield from run_dask(
                articles,
                parquet_dir=parquet_dir,
                partition_size=partition_size,
                client=own_client,
                timeout=timeout,
            )
        return
    _check_cluster(client)
    partition_size = partition_size or PARTITION_SIZE
    slots = max(1, sum(client.nthreads().values())) * WINDOW_PER_WORKER
    log.info("dask: %s, %d partitions in flight", client.scheduler.address, slots)
    writer = ParquetPartitions(parquet_dir) if parquet_dir is not None else None
    pending: deque = deque()
    batches = _batches(articles, max(1, partition_size))
    exhausted = False
    while True:
        while not exhausted and len(pending) < slots:
            batch = next(batches, None)
            if batch is None:
                exhausted = True
                break
            # pure=False: two partitions with equal articles are still two tasks.
            pending.append((batch, client.submit(extract_partition, batch, timeout, pure=False)))
        if not pending:
            break
        batch, future = pending.popleft()
        try:
            results = future.result()
        except Exception as error:  # a worker died or the task was lost: keep the run going
            log.error("dask partition of %d articles failed: %r", len(batch), error)
            reason = first_line(error, repr(error))
            results = _failed(batch, f"failed on the Dask cluster ({reason})")
        finally:
            future.release()
        if writer is not None:
            writer.write(results)
        yield from results


def _version() -> str:
    from pipeline import __version__

    return __version__


def _check_cluster(client) -> None:
    """Fail the run with one clear line when the cluster cannot run the pipeline at all.

    Without this, a scheduler or workers lacking the `pipeline` package would fail every
    partition, one cryptic deserialisation error per article.
    """
    from pipeline import __version__

    address = client.scheduler.address
    if not client.nthreads():
        raise EngineError(f"the Dask cluster at {address} has no workers")
    try:
        remote = client.submit(_version, pure=False).result()
    except Exception as error:
        reason = first_line(error, repr(error))
        raise EngineError(
            f"the Dask cluster at {address} cannot run the pipeline ({reason}); install this "
            "project, at the same version, on the scheduler and every worker"
        ) from error
    if remote != __version__:
        log.warning("dask workers run pipeline %s, this client %s", remote, __version__)


class ParquetPartitions:
    """Write each partition's rows as one Parquet file per table, numbered in input order.

    Cells are the same strings as in the CSV tables (`pipeline.tables.to_frame`), so the
    Parquet and CSV outputs of a run hold identical values; empty partitions of a table are
    written too (with the schema), so part numbers line up across tables.
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.count = 0

    def write(self, results: list[ArticleResult]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from pipeline.tables import TABLES, to_frame

        for table in TABLES:
            rows = [row for result in results if not result.error for row in result.tables[table]]
            frame = to_frame(table, rows)
            schema = pa.schema([(column, pa.string()) for column in frame.columns])
            folder = self.out_dir / table
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(
                pa.Table.from_pandas(frame, schema=schema, preserve_index=False),
                folder / f"part-{self.count:05d}.parquet",
            )
        self.count += 1
