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

An incremental run (`runner.run` into a `StoreSink`; `extract_incremental` in one call) reads
every article (cheap: no NLP), and tokenizes only those whose (text hash, extractor version)
differs from the stored one. The extractor version is a fingerprint of every source file that
shapes the rows (`extractor_version`), so editing a rule re-extracts what it affects without
anyone remembering to bump a number.

Atomicity: extracted articles go to `staging` in small committed batches; the main tables change
in one transaction at the end (`Store.publish`), then the CSVs and Parquet files are replaced by
renames. A run stopped anywhere (Ctrl-C, kill -9) leaves the previous tables intact; the next run
finds the staged articles, does not tokenize them again, and completes the work.
"""

from __future__ import annotations

from pipeline.article import parse_date
from pipeline.pruning import PRUNE_LIMIT
from pipeline.store.database import (
    DEFAULT_STORE,
    STORE_ENV,
    Published,
    Store,
    StoreError,
    connect,
    default_path,
    frame_of,
    ordered_select,
    read_table,
    store_error,
)
from pipeline.store.fingerprint import PACKAGE_DIR, VERSION_ENV, extractor_version
from pipeline.store.incremental import StoreSink, extract_incremental
from pipeline.store.schema import (
    ARTICLE_TABLES,
    DECIMAL_ARROW,
    DECIMAL_SQL,
    ROW_TABLES,
    Column,
    arrow_query,
    column,
    dataclass_columns,
    quote,
    registry_columns,
    schema_statements,
    table_columns,
    to_arrow,
    to_decimal,
)

__all__ = [
    "ARTICLE_TABLES",
    "DECIMAL_ARROW",
    "DECIMAL_SQL",
    "DEFAULT_STORE",
    "PACKAGE_DIR",
    "PRUNE_LIMIT",
    "ROW_TABLES",
    "STORE_ENV",
    "VERSION_ENV",
    "Column",
    "Published",
    "Store",
    "StoreError",
    "StoreSink",
    "arrow_query",
    "column",
    "connect",
    "dataclass_columns",
    "default_path",
    "extract_incremental",
    "extractor_version",
    "frame_of",
    "ordered_select",
    "parse_date",
    "quote",
    "read_table",
    "registry_columns",
    "schema_statements",
    "store_error",
    "table_columns",
    "to_arrow",
    "to_decimal",
]
