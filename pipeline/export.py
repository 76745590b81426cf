"""Exports for analysts: one table of the store, filtered, as CSV, Excel or Parquet.

- CSV is UTF-8 **with a BOM** and CRLF line ends: without the BOM, Excel reads UTF-8 as the
  local code page and Vietnamese turns into mojibake. Lists are joined with `; ` and numbers
  are written exactly (`1134000000000`, never `1.134e12`), as in the contract CSVs.
- Excel (`.xlsx`, openpyxl) gets real numbers and dates, a frozen header and filters.
- Parquet keeps the store's types (DECIMAL, DATE, lists) for pandas, DuckDB, Spark or R.

Every row keeps its source: `article_id`, `published`, `article_title`, `url` and `source` come
first, and the row's own `evidence` stays. Commitments also carry their links (the locality
code and province of the actor, the official who stated them) and officials their `person_id`
from `pipeline.registry`.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from pipeline.filters import (
    FilterError,
    place_matcher,
    sector_matcher,
    why_locality_empty,
    why_sector_empty,
    why_since_empty,
)
from pipeline.io import atomic_path
from pipeline.store import arrow_query, connect, frame_of, quote
from pipeline.tables import TABLES, cell

log = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx", "parquet")
DEFAULT_OUT = Path("exports")
SOURCE = (
    "a.article_id",
    "a.published",
    "a.title AS article_title",
    "a.url",
    "a.source",
)
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL = 32_767


class ExportError(ValueError):
    """An export that cannot be made as asked; the message is one line, fit for the CLI."""


class NothingMatched(ExportError):
    """The filters matched no row: the message says why and what the store holds."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


@dataclass(frozen=True)
class _Spec:
    """How one table is exported: its query, and the columns the filters look at."""

    select: str  # SELECT ... FROM ... with `{where}` where the date filter goes
    order: str
    date_column: str  # compared with `since`
    place_columns: tuple[str, ...]  # compared with `locality` (names or gazetteer codes)
    by_article: bool = False  # `locality` means: the article names the place
    date_source: str = "main.articles a"  # where `date_column` lives (to explain an empty --since)


def _own_columns(table: str, prefix: str = "t") -> str:
    return ", ".join(f"{prefix}.{quote(name)}" for name in TABLES[table] if name != "article_id")


def _specs() -> dict[str, _Spec]:
    source = ", ".join(SOURCE)
    join = "JOIN main.articles a USING (article_id)"
    row_order = "ORDER BY a.position, t.seq"
    return {
        "commitments": _Spec(
            f"SELECT {source}, {_own_columns('commitments')}, l.locality_code, l.locality, "
            "l.province, l.locality_rule, l.person_id, l.person_name, l.person_rule "
            f"FROM main.commitments t {join} "
            "LEFT JOIN main.commitment_links l ON l.article_id = t.article_id AND l.seq = t.seq",
            row_order,
            "a.published",
            ("actor", "locality", "province", "locality_code"),
        ),
        "officials": _Spec(
            f"SELECT {source}, {_own_columns('officials')}, m.person_id, m.province, "
            "m.locality_code, m.rule AS person_rule "
            f"FROM main.officials t {join} "
            "LEFT JOIN main.person_mentions m ON m.article_id = t.article_id AND m.seq = t.seq",
            row_order,
            "a.published",
            ("locality", "province", "locality_code"),
        ),
        "localities": _Spec(
            f"SELECT {source}, {_own_columns('localities')} FROM main.localities t {join}",
            row_order,
            "a.published",
            ("name", "parent", "province", "code", "new_province"),
        ),
        "figures": _Spec(
            f"SELECT {source}, {_own_columns('figures')} FROM main.figures t {join}",
            row_order,
            "a.published",
            (),
            by_article=True,
        ),
        "articles": _Spec(
            f"SELECT {source}, a.published_at, a.n_paragraphs, a.n_sentences, a.n_tokens, "
            "a.text_sha256 FROM main.articles a",
            "ORDER BY a.position",
            "a.published",
            (),
            by_article=True,
        ),
        "people": _Spec(
            "SELECT * FROM main.people p",
            "",
            "p.last_seen",
            ("province", "locality", "locality_code"),
            date_source="main.people p",
        ),
        "people_titles": _Spec(
            f"SELECT {source}, p.person_id, p.name, p.title, p.locality, p.province, p.evidence "
            f"FROM main.people_titles p {join}",
            "ORDER BY p.person_id, a.published NULLS LAST, a.position",
            "a.published",
            ("locality", "province"),
        ),
        "places": _Spec(
            "SELECT * FROM main.places p",
            "",
            "p.last_seen",
            ("name", "province", "code", "new_province"),
            date_source="main.places p",
        ),
    }


EXPORT_TABLES: tuple[str, ...] = tuple(_specs())


# --------------------------------------------------------------------------------------------
# Filters


def _mask(table: pa.Table, columns: Sequence[str], test: Callable[[Sequence[Any]], bool]) -> list:
    data = [table.column(name).to_pylist() for name in columns]
    return [test(values) for values in zip(*data, strict=True)] if data else []


def _apply_filters(con, name: str, spec: _Spec, rows: pa.Table, locality, sector) -> pa.Table:
    if sector:
        if "sector" not in rows.column_names:
            raise ExportError("--sector applies to commitments only")
        matches_sector = sector_matcher(sector)
        before = rows
        rows = rows.filter(pa.array(_mask(rows, ["sector"], lambda v: matches_sector(v[0]))))
        if not rows.num_rows and before.num_rows:
            raise NothingMatched(why_sector_empty(sector, before["sector"].to_pylist()))
    if locality:
        matches = place_matcher(locality)
        before = rows
        if spec.by_article:
            places = arrow_query(
                con, "SELECT article_id, type, name, parent, province, code FROM main.localities"
            )
            label = [
                f"{t} {n}"
                for t, n in zip(places["type"].to_pylist(), places["name"].to_pylist(), strict=True)
            ]
            places = places.append_column("label", pa.array(label, pa.string()))
            hit = _mask(places, ["label", "name", "parent", "province", "code"], matches)
            ids = {i for i, h in zip(places["article_id"].to_pylist(), hit, strict=True) if h}
            rows = rows.filter(pa.array([i in ids for i in rows["article_id"].to_pylist()]))
            names = places["label"].to_pylist()
        else:
            columns = [c for c in spec.place_columns if c in rows.column_names]
            rows = rows.filter(pa.array(_mask(rows, columns, matches), pa.bool_()))
            shown = [c for c in columns if c not in ("actor", "code", "locality_code")]
            names = [v for c in shown for v in before[c].to_pylist()]
        if not rows.num_rows and before.num_rows:
            raise NothingMatched(why_locality_empty(locality, names))
    log.debug("export %s: %d rows after filters", name, rows.num_rows)
    return rows


# --------------------------------------------------------------------------------------------
# The map of 1 July 2025


def with_successors(rows: pa.Table) -> pa.Table:
    """`--era new`: localities rows with the units that replaced them on 1 July 2025.

    `new_units` and `new_codes` list, for a unit of the old map, every commune, ward or
    special zone (for a province, the province) of the new map that took it over, from the
    official conversion table (`Gazetteer.successors`): `huyện Mê Linh` of a 2017 article
    becomes the communes it was split among, so its commitments can be read beside 2026 ones
    of those communes. A unit of the new map is its own successor; an unlinked row has none.
    """
    from pipeline import gazetteer as gaz

    gazetteer = gaz.get()
    levels = {2: "province", 3: "district", 5: "ward"}
    labels: list[list[str]] = []
    codes: list[list[str]] = []
    columns = zip(
        rows["code"].to_pylist(), rows["era"].to_pylist(), rows["type"].to_pylist(), strict=True
    )
    for code, era, type_word in columns:
        if not code:
            labels.append([])
            codes.append([])
            continue
        level = levels.get(len(code), "ward")
        if era == "new":
            unit = gazetteer.new_map.units.get((level, code))
        else:
            unit = gazetteer.units.get((level, code))
            if unit is None and type_word == gaz.WORD["city"]:
                unit = gazetteer.units.get(("province", code))
        heirs = gazetteer.successors(unit) if unit is not None else []
        labels.append([h.label for h in heirs])
        codes.append([h.code for h in heirs])
    rows = rows.append_column("new_units", pa.array(labels, pa.list_(pa.string())))
    return rows.append_column("new_codes", pa.array(codes, pa.list_(pa.string())))


# --------------------------------------------------------------------------------------------
# Reading


def arrow_table(
    table: str = "commitments",
    since: date | str | None = None,
    locality: str | None = None,
    sector: str | None = None,
    store: str | Path | None = None,
    era: str | None = None,
) -> pa.Table:
    """The rows an export would hold, as a typed Arrow table (`era="new"`: with successors)."""
    specs = _specs()
    if table not in specs:
        raise ExportError(f"unknown table {table!r}; expected one of {', '.join(specs)}")
    spec = specs[table]
    if era is not None and (era != "new" or table != "localities"):
        raise ExportError("--era new applies to the localities table only")
    if isinstance(since, str):
        try:
            since = date.fromisoformat(since)
        except ValueError:
            raise ExportError(f"--since {since!r} is not a date (YYYY-MM-DD)") from None
    con = connect(store)
    try:
        where, params = "", None
        if since is not None:
            where, params = f"WHERE {spec.date_column} >= ?", [since]
        rows = arrow_query(con, f"{spec.select} {where} {spec.order}", params)
        if since is not None and not rows.num_rows:
            query = f"SELECT {spec.date_column} FROM {spec.date_source}"
            dates = [d for (d,) in con.execute(query).fetchall()]
            if dates:
                raise NothingMatched(why_since_empty(since, dates))
        try:
            rows = _apply_filters(con, table, spec, rows, locality, sector)
        except FilterError as error:
            raise ExportError(str(error)) from None
        return with_successors(rows) if era == "new" else rows
    finally:
        con.close()


def frame(
    table: str = "commitments",
    since: date | str | None = None,
    locality: str | None = None,
    sector: str | None = None,
    store: str | Path | None = None,
    era: str | None = None,
):
    """The export as a pandas DataFrame for notebooks (decimals as floats, dates as datetimes).

    Filters that match nothing give an empty frame (with its columns) and a warning saying why.
    """
    try:
        return frame_of(arrow_table(table, since, locality, sector, store, era))
    except NothingMatched as error:
        log.warning("%s", error)
        return frame_of(arrow_table(table, store=store).slice(0, 0))


# --------------------------------------------------------------------------------------------
# Writing


def export(
    table: str = "commitments",
    since: date | str | None = None,
    locality: str | None = None,
    sector: str | None = None,
    fmt: str | None = None,
    out_dir: str | Path = DEFAULT_OUT,
    store: str | Path | None = None,
    path: str | Path | None = None,
    era: str | None = None,
) -> ExportResult:
    """Write `out_dir/<table>.<fmt>` (or the file `path`) from the store, atomically.

    `fmt` defaults to the suffix of `path`, else csv. The previous file stays intact until
    the new one is complete.
    """
    if fmt is None:
        suffix = Path(path).suffix.lstrip(".").lower() if path else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    rows = arrow_table(table, since, locality, sector, store, era)
    if fmt == "xlsx" and rows.num_rows + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"{rows.num_rows:,} rows do not fit an Excel sheet; use --format csv or parquet, "
            "or narrow the export with --since/--locality"
        )
    if path is None:
        path = Path(out_dir) / f"{table}.{fmt}"
    path = Path(path)
    with atomic_path(path, suffix=".tmp") as temporary:
        if fmt == "xlsx":
            write_xlsx(rows, temporary, sheet_name=table, table=table)
        else:
            {"csv": write_csv, "parquet": write_parquet}[fmt](rows, temporary)
    log.info("exported %d rows to %s", rows.num_rows, path)
    return ExportResult(path, rows.num_rows)


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection"): titles and URLs
#: of scraped pages are written by strangers (`=HYPERLINK(...)`, `=cmd|...`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula, prefixed with `'` (OWASP's advice);
    other text unchanged. Only for exports meant for spreadsheets: Parquet and the store keep
    the exact value."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Any) -> str:
    """`cell`, with text neutralised; numbers (`-5`) stay numbers."""
    text = cell(value)
    if isinstance(value, Decimal | int | float | date):
        return text
    return neutralise(text)


def write_csv(rows: pa.Table, path: Path | IO[str], bom: bool = True) -> None:
    """UTF-8 with a BOM (for Excel), CRLF, contract cell formatting (exact numbers, `; ` lists),
    text that would start a formula neutralised.

    `path` may be an open text stream (standard output): then it is written as it is, and
    without a BOM unless asked (a BOM in a pipe confuses the next program).
    """
    if not isinstance(path, Path | str):
        _write_csv_rows(rows, path, bom)
        return
    with Path(path).open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        _write_csv_rows(rows, handle, False)


def _write_csv_rows(rows: pa.Table, handle: IO[str], bom: bool) -> None:
    if bom:
        handle.write("\ufeff")
    writer = csv.writer(handle)
    writer.writerow(rows.column_names)
    for batch in rows.to_batches(max_chunksize=10_000):
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        writer.writerows([_csv_cell(value) for value in row] for row in zip(*columns, strict=True))


def column_types(table: str) -> list[tuple[str, str]]:
    """(column, type) of every column an export of `table` has, without needing a store."""
    import duckdb

    from pipeline.store import schema_statements

    specs = _specs()
    if table not in specs:
        raise ExportError(f"unknown table {table!r}; expected one of {', '.join(specs)}")
    con = duckdb.connect(":memory:")
    try:
        for statement in schema_statements():
            con.execute(statement)
        schema = arrow_query(con, f"{specs[table].select} LIMIT 0").schema
    finally:
        con.close()
    return [(name, _type_name(kind)) for name, kind in zip(schema.names, schema.types, strict=True)]


def _type_name(kind: pa.DataType) -> str:
    """A type as an analyst reads it: text, integer, decimal, date, list of text..."""
    if pa.types.is_list(kind):
        return f"list of {_type_name(kind.value_type)}"
    if pa.types.is_decimal(kind):
        return "decimal"
    if pa.types.is_integer(kind):
        return "integer"
    if pa.types.is_floating(kind):
        return "number"
    if pa.types.is_date(kind):
        return "date"
    if pa.types.is_timestamp(kind):
        return "date and time"
    if pa.types.is_boolean(kind):
        return "true/false"
    return "text"


def write_parquet(rows: pa.Table, path: Path) -> None:
    """The typed rows as one Parquet file."""
    import pyarrow.parquet as pq

    pq.write_table(rows, path, compression="zstd")


def write_xlsx(
    rows: pa.Table, path: Path, sheet_name: str = "export", table: str | None = None
) -> None:
    """The rows on one sheet (numbers as numbers, dates as dates, lists joined, header frozen
    and filtered), and the data dictionary of their columns on a second sheet, `columns`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name[:31])  # Excel's limit on sheet names
    names = rows.column_names
    sheet.freeze_panes = "A2"
    if names:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(rows.num_rows + 1, 2)}"
    sample = rows.slice(0, 200).to_pylist()
    for index, name in enumerate(names, start=1):
        longest = max([len(name)] + [len(cell(row[name])) for row in sample])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
    bold = Font(bold=True)
    header = []
    for name in names:
        header_cell = WriteOnlyCell(sheet, value=name)
        header_cell.font = bold
        header.append(header_cell)
    sheet.append(header)
    for batch in rows.to_batches(max_chunksize=10_000):
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for row in zip(*columns, strict=True):
            sheet.append([_excel_cell(sheet, value) for value in row])
    _dictionary_sheet(workbook, rows, table or sheet_name)
    workbook.save(path)


def _dictionary_sheet(workbook, rows: pa.Table, table: str) -> None:
    """The `columns` sheet: every column of the export with its type and meaning."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from pipeline.dictionary import meaning

    sheet = workbook.create_sheet(title="columns")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABC", (18, 16, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    header = []
    for name in ("column", "type", "meaning"):
        header_cell = WriteOnlyCell(sheet, value=name)
        header_cell.font = Font(bold=True)
        header.append(header_cell)
    sheet.append(header)
    for name, kind in zip(rows.column_names, rows.schema.types, strict=True):
        sheet.append([name, _type_name(kind), meaning(table, name)])


def _excel_cell(sheet, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, Decimal):
        number = WriteOnlyCell(sheet, value=value)
        number.number_format = "#,##0" if value == value.to_integral_value() else "#,##0.######"
        return number
    if isinstance(value, date):
        day = WriteOnlyCell(sheet, value=value)
        day.number_format = "yyyy-mm-dd"
        return day
    if isinstance(value, bool | int | float):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", cell(value))
    if len(text) > EXCEL_MAX_CELL:
        log.warning("a cell of %d characters was cut to Excel's limit", len(text))
        text = text[: EXCEL_MAX_CELL - 1] + "…"
    if text.startswith(FORMULA_STARTS):
        # openpyxl writes any string starting with `=` as a live formula: write it as text,
        # prefixed as in the CSV so that re-entering the cell does not arm it either.
        literal = WriteOnlyCell(sheet, value=neutralise(text))
        literal.data_type = "s"
        return literal
    return text
