"""The DuckDB database of the store: connecting, reading tables, and the `Store` that stages,
publishes and writes the CSV and Parquet copies (see the package docstring)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.article import parse_date
from pipeline.io import atomic_write_text, first_line
from pipeline.runner import RunError
from pipeline.store.fingerprint import PACKAGE_DIR
from pipeline.store.schema import (
    ARTICLE_TABLES,
    ROW_TABLES,
    Column,
    _row_dict,
    arrow_query,
    quote,
    registry_columns,
    schema_statements,
    table_columns,
    to_arrow,
)
from pipeline.tables import ROW_TYPES, TABLES, TableWriter

log = logging.getLogger(__name__)

DEFAULT_STORE = Path("corpus/pipeline.duckdb")
STORE_ENV = "PIPELINE_STORE"


class StoreError(RunError):
    """The store cannot be used (missing, locked by another process, unreadable); the message
    is one line, fit for the CLI."""


def store_error(path: Path, error: BaseException) -> StoreError:
    """A DuckDB or OS error while using the store, as one line that says what to do."""
    text = str(error).strip()
    first = first_line(error)
    if "No space left" in text or getattr(error, "errno", None) == 28:
        return StoreError(
            f"disk full while writing the store {path}: free some space and run again "
            "(the published tables are unchanged)"
        )
    if any(sign in text for sign in ("Corrupt", "Could not read", "not a valid", "checksum")):
        return StoreError(
            f"the store {path} is damaged ({first}); move it away and run extract again: the "
            "store is rebuilt from the articles"
        )
    return StoreError(f"store {path}: {first}")


# --------------------------------------------------------------------------------------------
# Locating and opening the store


def default_path() -> Path:
    """Where the store is: `$PIPELINE_STORE`, else `corpus/pipeline.duckdb` found from the
    working directory upwards (notebooks run from `notebooks/`), else in the source checkout."""
    if env := os.environ.get(STORE_ENV):
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_STORE
        if candidate.exists():
            return candidate
    return PACKAGE_DIR.parent / DEFAULT_STORE


def connect(path: str | Path | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the store, for notebooks and exports (read-only by default).

    Raises `StoreError` with a one-line reason when the file is missing or locked by a run.
    """
    path = Path(path) if path else default_path()
    if read_only and not path.exists():
        raise StoreError(f"no store at {path}; run `make extract` first")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        reason = store_error(path, error)
        if not str(reason).startswith("store "):  # damaged, disk full: say what to do
            raise reason from error
        raise StoreError(
            f"cannot open the store {path}: {first_line(error, repr(error))}"
        ) from error


def read_table(
    table: str, path: str | Path | None = None, con: duckdb.DuckDBPyConnection | None = None
):
    """A whole store table as a pandas DataFrame (decimals as floats, dates as datetimes).

    For notebooks: floats are what pandas and matplotlib work with; exact values stay in the
    store and in `pipeline.export`.
    """
    own = con is None
    con = con or connect(path)
    try:
        return frame_of(arrow_query(con, ordered_select(table)))
    finally:
        if own:
            con.close()


def frame_of(table: pa.Table):
    """An Arrow table as an analysis-friendly DataFrame: decimals → float64, dates → datetime."""
    columns = []
    for name, column_type in zip(table.column_names, table.schema.types, strict=True):
        values = table.column(name)
        if pa.types.is_decimal(column_type):
            values = values.cast(pa.float64())
        elif pa.types.is_list(column_type) and pa.types.is_decimal(column_type.value_type):
            values = values.cast(pa.list_(pa.float64()))
        columns.append(values)
    converted = pa.table(columns, names=table.column_names)
    frame = converted.to_pandas(date_as_object=False)
    for name, column_type in zip(converted.column_names, converted.schema.types, strict=True):
        if pa.types.is_list(column_type):
            frame[name] = [list(v) if v is not None else [] for v in frame[name]]
    return frame


def ordered_select(table: str) -> str:
    """`SELECT *` of a main table in full-run order (input order of the articles, then `seq`);
    registry tables keep the order they were built in."""
    if table == "articles":
        return "SELECT * FROM main.articles ORDER BY position, article_id"
    if table in ROW_TABLES:
        return (
            f"SELECT t.* FROM main.{quote(table)} t JOIN main.articles a USING (article_id) "
            "ORDER BY a.position, t.seq"
        )
    return f"SELECT * FROM main.{quote(table)}"


# --------------------------------------------------------------------------------------------
# The store


@dataclass
class Published:
    """What one `Store.publish` changed."""

    changed: bool
    staged: int = 0
    removed: int = 0


class Store:
    """A read-write handle on the store file, held for the length of one run.

    DuckDB lets one process write a file at a time; a second run on the same store fails fast
    with a `StoreError` rather than waiting.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the store's folder {self.path.parent}: "
                f"{error.strerror or error}; choose a writable place with --store"
            ) from error
        self.con = connect(self.path, read_only=False)
        try:
            self._ensure_schema()
            self._ensure_sources()
        except duckdb.Error as error:
            self.con.close()
            raise store_error(self.path, error) from error
        except BaseException:
            self.con.close()
            raise

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: an exception (or a kill) inside leaves the store as it was."""
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def _ensure_schema(self) -> None:
        statements = schema_statements()
        fingerprint = hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]
        with self.transaction():
            if self._meta("schema") not in (None, fingerprint):
                log.warning("the store layout changed; rebuilding %s from scratch", self.path)
                for schema, table in self.con.execute(
                    "SELECT schema_name, table_name FROM duckdb_tables() "
                    "WHERE database_name = current_database()"
                ).fetchall():
                    self.con.execute(f"DROP TABLE {quote(schema)}.{quote(table)}")
            for statement in statements:
                self.con.execute(statement)
            self._set_meta("schema", fingerprint)

    def _ensure_sources(self) -> None:
        """`article_files`: the file each article was read from, so that only articles whose
        file is seen gone are ever pruned. Kept out of the schema fingerprint on purpose: adding
        it must not rebuild (and re-extract) existing stores."""
        if not self._table_exists("article_files"):
            self.con.execute(
                "CREATE TABLE main.article_files (article_id VARCHAR PRIMARY KEY, file VARCHAR)"
            )

    def _table_exists(self, name: str) -> bool:
        return bool(
            self.con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
                "AND table_name = ? AND database_name = current_database()",
                [name],
            ).fetchone()[0]
        )

    def sources(self) -> dict[str, str]:
        """article_id -> the file it was read from (absolute), for the articles that have one."""
        return dict(self.con.execute("SELECT article_id, file FROM main.article_files").fetchall())

    def order(self) -> list[str]:
        """The published article ids in their run order."""
        rows = self.con.execute(
            "SELECT article_id FROM main.articles ORDER BY position, article_id"
        ).fetchall()
        return [row[0] for row in rows]

    def _meta(self, key: str) -> str | None:
        exists = self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
            "AND table_name = 'meta' AND database_name = current_database()"
        ).fetchone()[0]
        if not exists:
            return None
        row = self.con.execute("SELECT value FROM main.meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO main.meta VALUES (?, ?)", [key, value])

    @property
    def generation(self) -> int:
        """How many times the main tables were published; changes whenever their rows do."""
        return int(self._meta("generation") or 0)

    # -- bookkeeping --------------------------------------------------------------------------

    def fingerprints(self, schema: str = "main") -> dict[str, tuple[str, str]]:
        """article_id -> (text hash, extractor version) of the articles in `schema`."""
        rows = self.con.execute(
            f"SELECT article_id, text_sha256, extractor_version FROM {schema}.articles"
        ).fetchall()
        return {article_id: (sha, version) for article_id, sha, version in rows}

    # -- writing ------------------------------------------------------------------------------

    def stage(self, results: Sequence[Any], version: str) -> None:
        """Add extracted articles (`ArticleResult`s without error) to staging, in one commit.

        Rows get `seq`, their index within the article, so their order survives the store.
        """
        if not results:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        records: dict[str, list[dict[str, Any]]] = {table: [] for table in ARTICLE_TABLES}
        for result in results:
            for row in result.tables.get("articles", []):
                record = _row_dict(row)
                record.update(
                    published=parse_date(record.get("published_at")),
                    extractor_version=version,
                    position=None,
                    extracted_at=now,
                )
                records["articles"].append(record)
            for table in ROW_TABLES:
                for seq, row in enumerate(result.tables.get(table, [])):
                    record = _row_dict(row)
                    record["article_id"] = result.article_id
                    record["seq"] = seq
                    records[table].append(record)
        ids = pa.table({"article_id": pa.array([r.article_id for r in results], pa.string())})
        with self.transaction():
            self.con.register("_batch_ids", ids)
            try:
                for table in ARTICLE_TABLES:
                    self.con.execute(
                        f"DELETE FROM staging.{quote(table)} "
                        "WHERE article_id IN (SELECT article_id FROM _batch_ids)"
                    )
                    self._insert(f"staging.{quote(table)}", table_columns(table), records[table])
            finally:
                self.con.unregister("_batch_ids")

    def _insert(self, target: str, columns: Sequence[Column], rows: list[dict]) -> None:
        if not rows:
            return
        self.con.register("_batch_rows", to_arrow(columns, rows))
        try:
            names = ", ".join(c.quoted for c in columns)
            self.con.execute(f"INSERT INTO {target} ({names}) SELECT {names} FROM _batch_rows")
        finally:
            self.con.unregister("_batch_rows")

    def publish(
        self,
        current: Sequence[str],
        failed: Mapping[str, tuple[str, str, str]] | None = None,
        stale: Iterable[str] = (),
        sources: Mapping[str, str] | None = None,
    ) -> Published:
        """Make the main tables mirror the corpus, in one transaction.

        `current` lists the ids of every article read this run, in input order. Staged articles
        replace their old rows; articles no longer in `current` lose theirs, and so do those
        whose extraction `failed` this run (id -> (text hash, extractor version, error)): a full
        run would not have them either. The failures are remembered, so an unchanged article
        that fails is not tokenized again by every run. `stale` staged entries (left by an
        interrupted run over other text) are dropped. `sources` (id -> file) updates the files
        the articles were read from. The registry is rebuilt when anything changed.
        """
        failed = dict(failed or {})
        ids = pa.table(
            {
                "article_id": pa.array(list(current), pa.string()),
                "position": pa.array(range(len(current)), pa.int64()),
            }
        )
        dropped = pa.table({"article_id": pa.array(sorted({*failed, *stale}), pa.string())})
        failures = to_arrow(
            table_columns("failures"),
            [
                {"article_id": i, "text_sha256": sha, "extractor_version": v, "error": error}
                for i, (sha, v, error) in sorted(failed.items())
            ],
        )
        self.con.register("_current_arrow", ids)
        self.con.register("_dropped_arrow", dropped)
        self.con.register("_failures_arrow", failures)
        try:
            with self.transaction():
                self.con.execute("CREATE OR REPLACE TEMP TABLE _current AS FROM _current_arrow")
                self.con.execute("CREATE OR REPLACE TEMP TABLE _dropped AS FROM _dropped_arrow")
                self._update_sources(sources or {})
                for table in ARTICLE_TABLES:
                    self.con.execute(
                        f"DELETE FROM staging.{quote(table)} "
                        "WHERE article_id IN (SELECT article_id FROM _dropped) "
                        "OR article_id NOT IN (SELECT article_id FROM _current)"
                    )
                self.con.execute(
                    "DELETE FROM main.failures "
                    "WHERE article_id NOT IN (SELECT article_id FROM _current) "
                    "OR article_id IN (SELECT article_id FROM staging.articles) "
                    "OR article_id IN (SELECT article_id FROM _failures_arrow)"
                )
                self.con.execute("INSERT INTO main.failures SELECT * FROM _failures_arrow")
                staged = self._count("SELECT count(*) FROM staging.articles")
                removed = self._count(
                    "SELECT count(*) FROM main.articles "
                    "WHERE article_id NOT IN (SELECT article_id FROM _current)"
                )
                lost = self._count(
                    "SELECT count(*) FROM main.articles "
                    "WHERE article_id IN (SELECT article_id FROM _failures_arrow)"
                )
                moved = self._count(
                    "SELECT count(*) FROM main.articles a JOIN _current c USING (article_id) "
                    "WHERE a.position IS DISTINCT FROM c.position"
                )
                if not (staged or removed or lost or moved):
                    return Published(changed=False)
                # Staging is emptied table by table below: keep its ids apart first.
                self.con.execute(
                    "CREATE OR REPLACE TEMP TABLE _staged AS "
                    "SELECT article_id FROM staging.articles"
                )
                for table in ARTICLE_TABLES:
                    self.con.execute(
                        f"DELETE FROM main.{quote(table)} "
                        "WHERE article_id IN (SELECT article_id FROM _staged) "
                        "OR article_id NOT IN (SELECT article_id FROM _current) "
                        "OR article_id IN (SELECT article_id FROM _failures_arrow)"
                    )
                    names = ", ".join(c.quoted for c in table_columns(table))
                    self.con.execute(
                        f"INSERT INTO main.{quote(table)} ({names}) "
                        f"SELECT {names} FROM staging.{quote(table)}"
                    )
                    self.con.execute(f"DELETE FROM staging.{quote(table)}")
                self.con.execute(
                    "UPDATE main.articles SET position = c.position FROM _current c "
                    "WHERE main.articles.article_id = c.article_id "
                    "AND main.articles.position IS DISTINCT FROM c.position"
                )
                self.rebuild_registry()
                self._set_meta("generation", str(self.generation + 1))
        finally:
            for name in ("_current_arrow", "_dropped_arrow", "_failures_arrow"):
                self.con.unregister(name)
        self.con.execute("CHECKPOINT")
        return Published(changed=True, staged=staged, removed=removed)

    def _update_sources(self, sources: Mapping[str, str]) -> None:
        """Record where the articles come from; forget articles no longer in `_current`.
        Writes only what differs, so a run that changes nothing leaves the file alone."""
        known = self.sources()
        changed = {i: f for i, f in sources.items() if known.get(i) != f}
        if changed:
            self.con.register(
                "_sources_arrow",
                pa.table(
                    {
                        "article_id": pa.array(list(changed), pa.string()),
                        "file": pa.array(list(changed.values()), pa.string()),
                    }
                ),
            )
            try:
                self.con.execute("INSERT OR REPLACE INTO main.article_files FROM _sources_arrow")
            finally:
                self.con.unregister("_sources_arrow")
        if self._count(
            "SELECT count(*) FROM main.article_files "
            "WHERE article_id NOT IN (SELECT article_id FROM _current)"
        ):
            self.con.execute(
                "DELETE FROM main.article_files "
                "WHERE article_id NOT IN (SELECT article_id FROM _current)"
            )

    def failures(self) -> dict[str, tuple[str, str, str]]:
        """article_id -> (text hash, extractor version, error) of remembered failures."""
        rows = self.con.execute(
            "SELECT article_id, text_sha256, extractor_version, error FROM main.failures"
        ).fetchall()
        return {article_id: (sha, version, error) for article_id, sha, version, error in rows}

    def _count(self, query: str) -> int:
        return int(self.con.execute(query).fetchone()[0])

    def rebuild_registry(self) -> None:
        """Recompute people, places and links from the main tables (inside the caller's
        transaction, so the registry always matches the rows it was built from)."""
        from pipeline.registry import build

        published = dict(
            self.con.execute("SELECT article_id, published FROM main.articles").fetchall()
        )
        registry = build(
            published,
            officials=list(self.rows("officials")),
            localities=list(self.rows("localities")),
            commitments=list(self.rows("commitments")),
        )
        for table, columns in registry_columns().items():
            self.con.execute(f"DELETE FROM main.{quote(table)}")
            self._insert(
                f"main.{quote(table)}", columns, [_row_dict(r) for r in registry.tables[table]]
            )

    # -- reading ------------------------------------------------------------------------------

    def rows(self, table: str, batch: int = 10_000) -> Iterator[Any]:
        """The rows of a main table as `pipeline.tables` dataclasses, in full-run order."""
        row_type = ROW_TYPES[table]
        names = ", ".join(f"t.{quote(name)}" for name in TABLES[table])
        if table == "articles":
            query = f"SELECT {names} FROM main.articles t ORDER BY t.position, t.article_id"
        else:
            query = (
                f"SELECT {names} FROM main.{quote(table)} t "
                "JOIN main.articles a USING (article_id) ORDER BY a.position, t.seq"
            )
        # The store's own connection, not a cursor: a cursor is another connection and would not
        # see the rows of the transaction in progress (`publish` reads them for the registry).
        # So the caller must not run other queries until the iterator is exhausted.
        result = self.con.execute(query)
        while chunk := result.fetchmany(batch):
            for values in chunk:
                yield row_type(*values)

    def counts(self) -> dict[str, int]:
        """Rows per contract table."""
        return {table: self._count(f"SELECT count(*) FROM main.{quote(table)}") for table in TABLES}

    # -- files beside the store ---------------------------------------------------------------

    def write_csvs(self, out_dir: str | Path, force: bool = False) -> bool:
        """Rewrite the contract CSVs from the store, unless they already hold this generation.

        Returns whether files were written. The marker `.store.json` remembers the generation
        and each file's size and mtime, so a CSV replaced by another run is rewritten.
        """
        out_dir = Path(out_dir)
        files = [out_dir / f"{table}.csv" for table in TABLES]
        if not force and _marker_current(out_dir, self.path, self.generation, files):
            return False
        with TableWriter(out_dir) as writer:
            for table in TABLES:
                batch: list[Any] = []
                for row in self.rows(table):
                    batch.append(row)
                    if len(batch) >= 10_000:
                        writer.add({table: batch})
                        batch = []
                writer.add({table: batch})
        _write_marker(out_dir, self.path, self.generation, files)
        return True

    def write_parquet(self, out_dir: str | Path, force: bool = False) -> bool:
        """One Parquet file per table (typed, zstd), each replaced atomically by a rename."""
        out_dir = Path(out_dir)
        tables = [*ARTICLE_TABLES, *registry_columns()]
        files = [out_dir / f"{table}.parquet" for table in tables]
        if not force and _marker_current(out_dir, self.path, self.generation, files):
            return False
        from pipeline.publish import folder_lock, publish_all

        # Written in full, then published in one step (`pipeline.publish`); the lock's clean-up
        # removes what a killed run left.
        with folder_lock(out_dir):
            pairs = []
            try:
                for table, target in zip(tables, files, strict=True):
                    temporary = out_dir / f".{target.name}.tmp"
                    pairs.append((temporary, target))
                    path_literal = str(temporary).replace("'", "''")
                    self.con.execute(
                        f"COPY ({ordered_select(table)}) TO '{path_literal}' "
                        "(FORMAT parquet, COMPRESSION zstd)"
                    )
                publish_all(out_dir, pairs)
            except BaseException:
                for temporary, _ in pairs:
                    temporary.unlink(missing_ok=True)
                raise
            _write_marker(out_dir, self.path, self.generation, files)
        return True


_MARKER = ".store.json"


def _stat(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _marker_current(out_dir: Path, store: Path, generation: int, files: list[Path]) -> bool:
    try:
        marker = json.loads((out_dir / _MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        marker.get("store") == str(store.resolve())
        and marker.get("generation") == generation
        and marker.get("files") == {path.name: _stat(path) for path in files}
    )


def _write_marker(out_dir: Path, store: Path, generation: int, files: list[Path]) -> None:
    marker = {
        "store": str(store.resolve()),
        "generation": generation,
        "files": {path.name: _stat(path) for path in files},
    }
    atomic_write_text(out_dir / _MARKER, json.dumps(marker, indent=1) + "\n")
