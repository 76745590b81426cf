"""The output contract: which tables exist, their columns, and how rows become CSV files.

This module is the single definition of the columns. The scorer reads the contract columns
(the first ones of each table); the extra columns after them are for analysts and debugging
(`rule` traces a row to the rule entry that made it; `start`/`end` are character offsets into
the normalised text). Changing a contract column breaks the held-out checks: don't.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

LIST_SEPARATOR = "; "


@dataclass
class ArticleRow:
    """One row per article read: what came in and how much text it had."""

    article_id: str
    source: str
    url: str
    title: str
    published_at: str
    n_paragraphs: int
    n_sentences: int
    n_tokens: int
    text_sha256: str
    era: str = ""  # extra: `old` or `new` administrative map (1 July 2025), see pipeline/era.py


@dataclass
class OfficialRow:
    """A named person holding a public position, once per article."""

    article_id: str
    name: str
    titles: list[str]
    locality: str | None
    evidence: str
    organization: str = ""
    mentions: int = 1
    rule: str = ""
    start: int = -1
    end: int = -1
    scope: str = ""  # domestic | foreign
    level: str = ""  # central | province | district | commune ("" when unknown)
    title_norm: list[str] = field(default_factory=list)  # titles spelt one way, for grouping


@dataclass
class LocalityRow:
    """An administrative unit named in the article, once per (type, name)."""

    article_id: str
    type: str
    name: str
    parent: str | None
    evidence: str
    code: str = ""
    province: str = ""
    new_province: str = ""
    new_ward: str = ""
    mentions: int = 1
    rule: str = ""
    start: int = -1
    end: int = -1
    era: str = ""  # the map `code` belongs to: `old` (before 1 July 2025) or `new`; "" unlinked


@dataclass
class FigureRow:
    """One occurrence of a money amount, percentage or quantity, in base units."""

    article_id: str
    text: str
    kind: str  # money | percent | quantity
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str | None  # more_than | less_than | approx | at_least | at_most | None
    evidence: str
    rule: str = ""
    start: int = -1
    end: int = -1


@dataclass
class CommitmentRow:
    """One concrete target a public body or official commits to, with its deadline and values."""

    article_id: str
    actor: str | None
    deadline: int | None
    values: list[Decimal]
    evidence: str
    official: str = ""
    period_start: int | None = None
    period_end: int | None = None
    figure_units: list[str] = field(default_factory=list)
    modality: str = ""
    sector: str = ""
    key: str = ""
    rule: str = ""
    start: int = -1
    end: int = -1
    # Columns to compute with (pipeline/commitment_columns.py): the money in đồng, the due date.
    amount_vnd: Decimal | None = None
    deadline_date: date | None = None
    score: float | None = None  # the keep/drop model's P(commitment), 0-1


ROW_TYPES: dict[str, type] = {
    "articles": ArticleRow,
    "officials": OfficialRow,
    "localities": LocalityRow,
    "figures": FigureRow,
    "commitments": CommitmentRow,
}

#: The fixed contract columns per table, read by the scorer and the held-out checks.
CONTRACT: dict[str, tuple[str, ...]] = {
    "articles": (
        "article_id",
        "source",
        "url",
        "title",
        "published_at",
        "n_paragraphs",
        "n_sentences",
        "n_tokens",
        "text_sha256",
    ),
    "officials": ("article_id", "name", "titles", "locality", "evidence"),
    "localities": ("article_id", "type", "name", "parent", "evidence"),
    "figures": (
        "article_id",
        "text",
        "kind",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "evidence",
    ),
    "commitments": ("article_id", "actor", "deadline", "values", "evidence"),
}

#: Every column written, contract columns first.
TABLES: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in fields(row_type)) for name, row_type in ROW_TYPES.items()
}


def format_number(value: Decimal | int | float | None) -> str:
    """Write a number exactly: whole numbers without `.0` or exponent, decimals in full."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def cell(value: object) -> str:
    """One CSV cell: lists joined with `; `, numbers exact, None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, Decimal | float):
        return format_number(value)
    return str(value)


def _columns(row_type: type) -> tuple[str, ...]:
    names = _COLUMNS.get(row_type)
    if names is None:
        names = _COLUMNS[row_type] = tuple(f.name for f in fields(row_type))
    return names


_COLUMNS: dict[type, tuple[str, ...]] = {}


def to_records(rows: Iterable[object]) -> list[dict[str, str]]:
    """Rows (dataclasses) as dictionaries of CSV cells.

    Reads the fields directly: `dataclasses.asdict` deep-copies every value first, which made
    it most of the cost of writing the tables. Row fields are flat (text, numbers, lists).
    """
    return [{name: cell(getattr(row, name)) for name in _columns(type(row))} for row in rows]


def to_cells(table: str, rows: Iterable[object]) -> list[list[str]]:
    """Rows of `table` as lists of CSV cells in the contract's column order: what both CSV
    writers write (a `csv.DictWriter` would check every row's keys and rebuild the list)."""
    columns = TABLES[table]
    return [[cell(getattr(row, column)) for column in columns] for row in rows]


def to_frame(table: str, rows: Iterable[object]) -> pd.DataFrame:
    """A table as a pandas DataFrame with the contract's columns in order (all cells as text)."""
    return pd.DataFrame(to_records(rows), columns=list(TABLES[table]))


def publish(temporary: str | Path, target: Path) -> None:
    """Rename a finished temporary file over `target`, readable by everyone like any output.

    Temporary files are created private (0600); tables are meant to be shared.
    """
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def write_table(path: Path, table: str, rows: Iterable[object]) -> int:
    """Write one CSV atomically (temporary file, then rename): a crash never leaves half a file."""
    lines = to_cells(table, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(TABLES[table])
            writer.writerows(lines)
        publish(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return len(lines)


def write_tables(out_dir: Path, tables: Mapping[str, Iterable[object]]) -> dict[str, int]:
    """Write every table of the contract (empty ones too, with their header) into `out_dir`."""
    return {
        name: write_table(out_dir / f"{name}.csv", name, tables.get(name, ())) for name in TABLES
    }


class TableWriter:
    """Stream rows of every table into CSVs, made visible all at once on `commit()`.

    Rows go to hidden temporary files beside the targets, so memory stays flat however many
    articles a run has, and an interrupted run leaves the previous tables untouched. The
    tables are published together (`pipeline.publish`): never a mix of two runs' tables. The
    folder is locked for the writer's life; temporary files of killed runs are cleaned first.
    """

    def __init__(self, out_dir: Path) -> None:
        from contextlib import ExitStack

        from pipeline.publish import folder_lock

        self.out_dir = Path(out_dir)
        self._lock = ExitStack()
        self._lock.enter_context(folder_lock(self.out_dir))
        #: More `(temporary, target)` pairs published with the tables (Dask's Parquet folder).
        self.extra: list[tuple[Path, Path]] = []
        self.counts = dict.fromkeys(TABLES, 0)
        self._files = {}
        self._writers = {}
        try:
            self._open()
        except BaseException:
            self.abort()
            raise

    def _open(self) -> None:
        for name, columns in TABLES.items():
            handle = tempfile.NamedTemporaryFile(
                "w",
                encoding="utf-8",
                newline="",
                dir=self.out_dir,
                prefix=f".{name}.csv.",
                delete=False,
            )
            writer = csv.writer(handle)
            writer.writerow(columns)
            self._files[name] = handle
            self._writers[name] = writer

    def add(self, tables: Mapping[str, Iterable[object]]) -> None:
        """Append the rows of one article."""
        for name, rows in tables.items():
            lines = to_cells(name, rows)
            self._writers[name].writerows(lines)
            self.counts[name] += len(lines)

    def commit(self) -> dict[str, int]:
        """Atomically replace the CSVs in `out_dir` with what was written, all at once."""
        from pipeline.publish import publish_all

        try:
            for handle in self._files.values():
                handle.close()
            pairs = [(Path(h.name), self.out_dir / f"{n}.csv") for n, h in self._files.items()]
            pairs += self.extra
            if pairs:
                publish_all(self.out_dir, pairs)
            self._files = {}
        finally:
            self._lock.close()
        return self.counts

    def abort(self) -> None:
        """Drop the temporary files; the previous tables stay as they were."""
        for handle in self._files.values():
            handle.close()
            Path(handle.name).unlink(missing_ok=True)
        self._files = {}
        for temporary, _ in self.extra:
            shutil.rmtree(temporary, ignore_errors=True)
        self.extra = []
        self._lock.close()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
