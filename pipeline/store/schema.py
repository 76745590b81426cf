"""The store's schema: SQL and Arrow types derived from the row dataclasses of
`pipeline.tables`, and the value converters (exact decimals, dates, lists)."""

from __future__ import annotations

import decimal
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.article import parse_date
from pipeline.tables import ROW_TYPES, TABLES

log = logging.getLogger(__name__)

#: Tables with one row per extracted item (the extractors' outputs), in contract order.
ROW_TABLES: tuple[str, ...] = tuple(name for name in TABLES if name != "articles")
#: Tables keyed by article: everything staged and published together.
ARTICLE_TABLES: tuple[str, ...] = ("articles", *ROW_TABLES)

DECIMAL_SQL = "DECIMAL(38,6)"
DECIMAL_ARROW = pa.decimal128(38, 6)
_QUANTUM = Decimal("0.000001")
_DECIMAL_LIMIT = Decimal(10) ** 32  # DECIMAL(38,6) holds 32 digits before the point
_DECIMAL_CONTEXT = decimal.Context(prec=60)

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
