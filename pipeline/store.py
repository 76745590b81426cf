"""The analysts' store: one DuckDB file with a typed table per output, Parquet beside it, and the
bookkeeping that makes `make extract` incremental.

Why DuckDB: one file and no server, typed columns (dates as `DATE`, values as `DECIMAL(38,6)`,
deadlines as `INTEGER`, lists as lists), fast SQL over millions of rows, and native Parquet, so
other engines (Spark, Polars, R) read `corpus/parquet/*.parquet` without going through Python.

Layout of `corpus/pipeline.duckdb`:

- `articles`: the `ArticleRow` columns, plus `published` (the date parsed from `published_at`),
  `extractor_version`, `position` (input order, so the CSVs come out in the order of a full
  run) and `extracted_at`;
- `officials`, `localities`, `figures`, `commitments`: `article_id`, `seq` (the row's index
  within its article), then the row dataclass's columns from `pipeline.tables`, typed;
- `people`, `people_titles`, `person_mentions`, `places`, `commitment_links`: the registry of
  people and places across articles (`pipeline.registry`), rebuilt whenever the tables change;
- `failures`: articles whose extraction failed, with the text hash and extractor version they
  failed with, so that an unchanged failing article is not tokenized again by every run;
- `staging.*`: articles extracted by a run and not yet published;
- `meta`: the schema fingerprint and the publish generation.

An incremental run (`extract_incremental`) reads every article (cheap: no NLP), and tokenizes
only those whose (text hash, extractor version) differs from the stored one. The extractor
version is a fingerprint of every source file that shapes the rows (`extractor_version`), so
editing a rule re-extracts what it affects without anyone remembering to bump a number.

Atomicity: extracted articles go to `staging` in small committed batches; the main tables change
in one transaction at the end (`Store.publish`), then the CSVs and Parquet files are replaced by
renames. A run stopped anywhere (Ctrl-C, kill -9) leaves the previous tables intact; the next run
finds the staged articles, does not tokenize them again, and completes the work.
"""

from __future__ import annotations

import contextlib
import decimal
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline import __version__
from pipeline.article import parse_date
from pipeline.io import atomic_write_text, first_line
from pipeline.pruning import PRUNE_LIMIT, prune_plan
from pipeline.tables import ROW_TYPES, TABLES, TableWriter

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_STORE = Path("corpus/pipeline.duckdb")
STORE_ENV = "PIPELINE_STORE"
#: Pins the extractor version (tests, or keeping rows across a code change on purpose).
VERSION_ENV = "PIPELINE_EXTRACTOR_VERSION"

#: Tables with one row per extracted item (the extractors' outputs), in contract order.
ROW_TABLES: tuple[str, ...] = tuple(name for name in TABLES if name != "articles")
#: Tables keyed by article: everything staged and published together.
ARTICLE_TABLES: tuple[str, ...] = ("articles", *ROW_TABLES)

DECIMAL_SQL = "DECIMAL(38,6)"
DECIMAL_ARROW = pa.decimal128(38, 6)
_QUANTUM = Decimal("0.000001")
_DECIMAL_LIMIT = Decimal(10) ** 32  # DECIMAL(38,6) holds 32 digits before the point
_DECIMAL_CONTEXT = decimal.Context(prec=60)

#: Files whose changes never change a row: left out of the extractor fingerprint.
_NOT_EXTRACTION = frozenset(
    {
        "__main__.py",
        "analysis.py",
        "bench.py",
        "charts.py",
        "cli.py",
        "dictionary.py",
        "engine.py",
        "export.py",
        "pruning.py",
        "publish.py",
        "registry.py",
        "runner.py",
        "store.py",
    }
)
_NOT_EXTRACTION_DIRS = frozenset({"evaluate", "__pycache__"})
_NOT_EXTRACTION_FILES = frozenset({"rules/registry.toml", "rules/sector_names.toml"})
_FINGERPRINT_SUFFIXES = frozenset({".py", ".toml", ".json", ".tsv", ".txt", ".joblib", ".pkl"})
_FINGERPRINT_PACKAGES = ("underthesea", "vietnamadminunits", "spacy")


class StoreError(RuntimeError):
    """The store cannot be used (missing, locked by another process, unreadable), or the
    engine feeding it could not start; the message is one line, fit for the CLI."""


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
# Versions and dates


def extractor_version() -> str:
    """`<package version>+<fingerprint>` of everything that shapes the rows.

    The fingerprint hashes the package's source and rule files (minus the modules that only
    move rows around: CLI, store, exports...) and the versions of the NLP and gazetteer
    packages. A hand-bumped constant would be forgotten; a stale store would then silently
    serve rows from old rules.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if (
            not path.is_file()
            or path.suffix not in _FINGERPRINT_SUFFIXES
            or _NOT_EXTRACTION_DIRS.intersection(relative.parts)
            or (len(relative.parts) == 1 and relative.name in _NOT_EXTRACTION)
            or relative.as_posix() in _NOT_EXTRACTION_FILES
        ):
            continue
        digest.update(relative.as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for package in _FINGERPRINT_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


# --------------------------------------------------------------------------------------------
# Schema: SQL and Arrow types derived from the row dataclasses


def to_decimal(value: Any) -> Decimal | None:
    """A value as DECIMAL(38,6): rounded to 6 places; None (with a warning) when out of range."""
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif not isinstance(value, Decimal):
        value = Decimal(value)
    if not value.is_finite() or abs(value) >= _DECIMAL_LIMIT:
        log.warning("value %s does not fit DECIMAL(38,6); stored as NULL", value)
        return None
    return value.quantize(_QUANTUM, context=_DECIMAL_CONTEXT)


def _to_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _to_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _to_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _to_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _to_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(str(value))


def _list_of(convert: Callable[[Any], Any]) -> Callable[[Any], list | None]:
    def to_list(value: Any) -> list | None:
        if value is None:
            return None
        if isinstance(value, str):  # a bare string is one item, not a list of characters
            value = [value]
        return [convert(item) for item in value]

    return to_list


#: annotation (without `| None`) -> (SQL type, Arrow type, converter)
_TYPES: dict[str, tuple[str, pa.DataType, Callable[[Any], Any]]] = {
    "str": ("VARCHAR", pa.string(), _to_str),
    "int": ("INTEGER", pa.int32(), _to_int),
    "bigint": ("BIGINT", pa.int64(), _to_int),
    "float": ("DOUBLE", pa.float64(), _to_float),
    "bool": ("BOOLEAN", pa.bool_(), _to_bool),
    "Decimal": (DECIMAL_SQL, DECIMAL_ARROW, to_decimal),
    "date": ("DATE", pa.date32(), _to_date),
    "datetime": ("TIMESTAMP", pa.timestamp("us"), lambda v: v),
    "list[str]": ("VARCHAR[]", pa.list_(pa.string()), _list_of(_to_str)),
    "list[int]": ("INTEGER[]", pa.list_(pa.int32()), _list_of(_to_int)),
    "list[Decimal]": (f"{DECIMAL_SQL}[]", pa.list_(DECIMAL_ARROW), _list_of(to_decimal)),
}


@dataclass(frozen=True)
class Column:
    """One typed column of a store table."""

    name: str
    sql: str
    arrow: pa.DataType
    convert: Callable[[Any], Any]

    @property
    def quoted(self) -> str:
        return quote(self.name)


def quote(name: str) -> str:
    """An SQL identifier, quoted: the contract uses reserved words (`end`, `values`)."""
    return '"' + name.replace('"', '""') + '"'


def column(name: str, annotation: str) -> Column:
    """The typed column for a dataclass field annotation such as `Decimal | None`.

    An annotation the store does not know is kept as text (via `tables.cell`) with a warning,
    so that a new field added by an extractor never breaks a run.
    """
    base = re.sub(r"\s+", "", str(annotation)).replace("|None", "").replace("None|", "")
    base = base.replace("typing.", "")
    if base in _TYPES:
        sql, arrow, convert = _TYPES[base]
        return Column(name, sql, arrow, convert)
    from pipeline.tables import cell

    log.warning("column %s: unknown type %r, stored as text", name, annotation)
    return Column(name, "VARCHAR", pa.string(), lambda v: None if v is None else cell(v))


def dataclass_columns(row_type: type) -> list[Column]:
    """The columns of a dataclass, in field order."""
    return [column(f.name, f.type) for f in fields(row_type)]


_ARTICLE_EXTRA: tuple[tuple[str, str], ...] = (
    ("published", "date"),
    ("extractor_version", "str"),
    ("position", "bigint"),
    ("extracted_at", "datetime"),
)


_FAILURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "str"),
    ("text_sha256", "str"),
    ("extractor_version", "str"),
    ("error", "str"),
)


def table_columns(table: str) -> list[Column]:
    """All columns of one article-keyed store table (bookkeeping included)."""
    if table == "failures":
        return [column(name, kind) for name, kind in _FAILURE_COLUMNS]
    row_columns = dataclass_columns(ROW_TYPES[table])
    if table == "articles":
        return row_columns + [column(name, kind) for name, kind in _ARTICLE_EXTRA]
    return [row_columns[0], column("seq", "int"), *row_columns[1:]]


def registry_columns() -> dict[str, list[Column]]:
    """The registry tables and their columns (rebuilt at every publish)."""
    from pipeline.registry import REGISTRY_TYPES

    return {name: dataclass_columns(row_type) for name, row_type in REGISTRY_TYPES.items()}


def _ddl(schema: str, table: str, columns: Sequence[Column]) -> str:
    body = ", ".join(f"{c.quoted} {c.sql}" for c in columns)
    return f"CREATE TABLE IF NOT EXISTS {schema}.{quote(table)} ({body})"


def schema_statements() -> list[str]:
    """Every CREATE statement of the store; their hash tells when the layout changed."""
    statements = ["CREATE SCHEMA IF NOT EXISTS staging"]
    for table in ARTICLE_TABLES:
        columns = table_columns(table)
        statements.append(_ddl("main", table, columns))
        statements.append(_ddl("staging", table, columns))
    for table, columns in registry_columns().items():
        statements.append(_ddl("main", table, columns))
    statements.append(_ddl("main", "failures", table_columns("failures")))
    statements.append(
        "CREATE TABLE IF NOT EXISTS main.meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
    )
    return statements


def to_arrow(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (mappings) as an Arrow table of the given typed columns."""
    data: dict[str, list] = {c.name: [] for c in columns}
    for row in rows:
        for c in columns:
            data[c.name].append(c.convert(row.get(c.name)))
    return pa.table(
        {c.name: pa.array(data[c.name], type=c.arrow) for c in columns},
    )


def _row_dict(row: object) -> dict[str, Any]:
    """A dataclass row as a shallow dict (no deep copy: lists are only read)."""
    return {f.name: getattr(row, f.name) for f in fields(row)}


def arrow_query(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> pa.Table:
    """The result of a query as an Arrow table (DuckDB 1.x and 2.x spell this differently)."""
    relation = con.sql(query, params=params) if params else con.sql(query)
    to_table = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return to_table()


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
    from pipeline.progress import Progress

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


__all__ = [
    "DEFAULT_STORE",
    "PRUNE_LIMIT",
    "Store",
    "StoreError",
    "SyncSummary",
    "connect",
    "default_path",
    "extract_incremental",
    "extractor_version",
    "parse_date",
    "read_table",
]
