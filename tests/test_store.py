"""The DuckDB store and incremental `make extract`: typed tables, bookkeeping by text hash and
extractor version, removal, remembered failures, and atomicity under Ctrl-C and kill -9.

Most tests replace the per-article extraction by `fake_tables` (rows built from the article's
text, so a changed text gives changed rows): they test the store, not the extractors, run in
milliseconds, and do not depend on extractors that are still being written. One test runs the
real NLP and counts `make_doc` calls; tests/test_export.py times a second `make extract`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipeline import engine
from pipeline.extract import ArticleResult
from pipeline.store import (
    Store,
    StoreError,
    column,
    extract_incremental,
    extractor_version,
    parse_date,
    table_columns,
    to_decimal,
)
from pipeline.tables import (
    ROW_TYPES,
    TABLES,
    ArticleRow,
    CommitmentRow,
    FigureRow,
    LocalityRow,
    OfficialRow,
)
from tests.helpers import one_by_one

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "corpus" / "articles"

ARTICLES = {
    "a-ngan-sach": (
        "Quảng Ninh đặt mục tiêu thu ngân sách hơn 50.000 tỷ đồng\n"
        "Năm 2022, tỉnh Quảng Ninh phấn đấu thu ngân sách hơn 50.000 tỷ đồng.\n"
        "Tỉnh sẽ dành 3.500 tỷ đồng cho đường bao biển.\n"
    ),
    "b-nong-thon": (
        "Huyện Đông Anh phấn đấu lên quận\n"
        "Huyện ủy Đông Anh (thành phố Hà Nội) phấn đấu đến năm 2025 trở thành quận.\n"
    ),
    "c-nhan-su": (
        "Bình Dương có Phó Bí thư Tỉnh ủy mới\n"
        "Đồng chí Võ Văn Minh giữ chức Phó Bí thư Tỉnh ủy Bình Dương.\n"
        "Ông Minh sinh năm 1975.\n"
    ),
}


def fake_tables(article) -> dict[str, list]:
    """Rows made from the article's text: one figure per paragraph, evidence = paragraph."""
    aid = article.article_id
    first = article.paragraphs[0] if article.paragraphs else article.title
    day = 1 + sum(map(ord, aid)) % 27
    return {
        "articles": [
            ArticleRow(
                aid,
                "baomau.vn",
                f"https://baomau.vn/{aid}",
                article.title,
                f"2021-12-{day:02d}T08:00:00+07:00",
                len(article.paragraphs),
                len(article.paragraphs),
                len(article.raw_text.split()),
                article.text_sha256,
            )
        ],
        "localities": [
            LocalityRow(aid, "tỉnh", "Quảng Ninh", None, "tỉnh Quảng Ninh", code="22",
                        province="tỉnh Quảng Ninh", mentions=2)
        ],
        "figures": [
            FigureRow(aid, f"{i},5%", "percent", Decimal(f"{i}.5"), None, "%", None, paragraph)
            for i, paragraph in enumerate(article.paragraphs)
        ]
        + [FigureRow(aid, "hơn 50.000 tỷ đồng", "money", Decimal("5E+13"),
                     Decimal("51000000000000"), "VND", "more_than", first)],
        "officials": [
            OfficialRow(aid, "Cao Tường Huy", ["Phó Chủ tịch UBND"], "tỉnh Quảng Ninh", first)
        ],
        "commitments": [
            CommitmentRow(aid, "UBND tỉnh Quảng Ninh", 2022,
                          [Decimal("3500000000000"), Decimal("0.25")], first,
                          figure_units=["VND", "%"], sector="giao thông",
                          period_start=2021, period_end=None)
        ],
    }  # fmt: skip


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.txt"):
        if stale.stem not in articles:
            stale.unlink()
    for article_id, text in articles.items():
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """Replace the per-article extraction by `fake_tables`; return the ids it was called on.

    Articles whose text contains `LỖI` fail, as an extractor crash would.
    """
    seen: list[str] = []

    def fake(article):
        seen.append(article.article_id)
        if "LỖI" in article.raw_text:
            return ArticleResult(article.article_id, {}, error=f"{article.path}: failed (boom)")
        return ArticleResult(article.article_id, fake_tables(article))

    monkeypatch.setattr(engine, "extract_articles", one_by_one(fake))
    return seen


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "articles", ARTICLES)


def run(corpus: Path, tmp_path: Path, version: str = "v1", **options):
    return extract_incremental(
        [corpus],
        tmp_path / "tables",
        tmp_path / "store.duckdb",
        version=version,
        progress=False,
        **options,
    )


def csv_bytes(folder: Path) -> dict[str, bytes]:
    return {table: (folder / f"{table}.csv").read_bytes() for table in TABLES}


def store_rows(path: Path) -> dict[str, list]:
    """Every main table's rows, bookkeeping timestamps left out."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            table: con.execute(
                f"SELECT * EXCLUDE (extracted_at) FROM main.{table} ORDER BY ALL"
                if table == "articles"
                else f'SELECT * FROM main."{table}" ORDER BY ALL'
            ).fetchall()
            for table in ("articles", "officials", "localities", "figures", "commitments",
                          "people", "places", "commitment_links", "failures")
        }  # fmt: skip
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# Types


@pytest.mark.parametrize(
    ("table", "name", "sql"),
    [
        pytest.param("articles", "published", "DATE", id="published-is-date"),
        pytest.param("articles", "n_tokens", "INTEGER", id="counts-are-integers"),
        pytest.param("articles", "position", "BIGINT", id="position-bigint"),
        pytest.param("figures", "value", "DECIMAL(38,6)", id="figure-value-decimal"),
        pytest.param("figures", "value_max", "DECIMAL(38,6)", id="figure-value-max-decimal"),
        pytest.param("commitments", "deadline", "INTEGER", id="deadline-integer"),
        pytest.param("commitments", "values", "DECIMAL(38,6)[]", id="values-decimal-list"),
        pytest.param("commitments", "figure_units", "VARCHAR[]", id="units-text-list"),
        pytest.param("officials", "titles", "VARCHAR[]", id="titles-text-list"),
        pytest.param("officials", "locality", "VARCHAR", id="locality-text"),
        pytest.param("localities", "seq", "INTEGER", id="row-order-kept"),
    ],
)
def test_store_columns_are_typed(calls, corpus, tmp_path, table, name, sql):
    run(corpus, tmp_path)
    con = duckdb.connect(str(tmp_path / "store.duckdb"), read_only=True)
    types = dict(
        con.execute(f"SELECT column_name, column_type FROM (DESCRIBE main.{table})").fetchall()
    )
    con.close()
    assert types[name] == sql


def test_every_contract_field_has_a_known_type(caplog):
    """A field type the store does not know is stored as text, with a warning naming it."""
    with caplog.at_level("WARNING", logger="pipeline.store"):
        for table in ROW_TYPES:
            table_columns(table)
    assert not caplog.records, (
        "give these fields a type in pipeline/store/schema.py _TYPES: "
        + "; ".join(r.getMessage() for r in caplog.records)
    )


def test_unknown_annotation_is_kept_as_text():
    col = column("weird", "complex")
    assert col.sql == "VARCHAR"
    assert col.convert([Decimal("1.50"), 2]) == "1.5; 2"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(Decimal("6.2"), Decimal("6.200000"), id="decimal"),
        pytest.param(Decimal("5E+13"), Decimal("50000000000000.000000"), id="exponent"),
        pytest.param(3, Decimal("3.000000"), id="int"),
        pytest.param(0.1, Decimal("0.100000"), id="float-via-repr"),
        pytest.param(Decimal("0.3333333333"), Decimal("0.333333"), id="rounded-to-6-places"),
        pytest.param(Decimal("1E+40"), None, id="out-of-range-is-null"),
        pytest.param(None, None, id="none"),
    ],
)
def test_to_decimal(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2017-05-03", date(2017, 5, 3), id="iso"),
        pytest.param("2017-05-03T10:20:00+07:00", date(2017, 5, 3), id="iso-datetime"),
        pytest.param("Thứ hai, 3/5/2017 10:20 (GMT+7)", date(2017, 5, 3), id="vietnamese-dmy"),
        pytest.param("31/12/2020", date(2020, 12, 31), id="dmy"),
        pytest.param("2017-02-30", None, id="impossible-date"),
        pytest.param("hôm qua", None, id="no-date"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# --------------------------------------------------------------------------------------------
# Incremental runs


def test_first_run_fills_store_csvs_and_parquet(calls, corpus, tmp_path):
    summary = run(corpus, tmp_path)
    assert sorted(calls) == sorted(ARTICLES)
    assert (summary.articles, summary.extracted, summary.unchanged) == (3, 3, 0)
    assert summary.rows["figures"] == (2 + 1 + 2) + 3  # one per body paragraph, plus money
    for table, columns in TABLES.items():
        header = (tmp_path / "tables" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(columns)
    import pyarrow.parquet as pq

    figures = pq.read_table(tmp_path / "parquet" / "figures.parquet")
    assert str(figures.schema.field("value").type) == "decimal128(38, 6)"
    assert figures.num_rows == summary.rows["figures"]
    assert (tmp_path / "parquet" / "people.parquet").exists()


def test_csvs_match_a_full_run_byte_for_byte(calls, corpus, tmp_path):
    from pipeline.runner import extract_to_dir

    run(corpus, tmp_path)
    extract_to_dir([corpus], tmp_path / "full", progress=False)
    assert csv_bytes(tmp_path / "tables") == csv_bytes(tmp_path / "full")


def test_second_run_does_no_work(calls, corpus, tmp_path):
    run(corpus, tmp_path)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "tables").glob("*.csv")}
    calls.clear()
    summary = run(corpus, tmp_path)
    assert calls == []
    assert (summary.tokenized, summary.unchanged, summary.published) == (0, 3, False)
    assert summary.articles == 3
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "tables").glob("*.csv")}
    assert after == before, "unchanged tables must not be rewritten"


def test_deleted_csv_is_rewritten_without_extraction(calls, corpus, tmp_path):
    run(corpus, tmp_path)
    expected = csv_bytes(tmp_path / "tables")
    (tmp_path / "tables" / "figures.csv").unlink()
    calls.clear()
    run(corpus, tmp_path)
    assert calls == []
    assert csv_bytes(tmp_path / "tables") == expected


def test_changed_added_and_removed_articles(calls, corpus, tmp_path):
    run(corpus, tmp_path)
    changed = dict(ARTICLES)
    changed["a-ngan-sach"] += "UBND tỉnh giao Sở Tài chính báo cáo trước quý II/2022.\n"
    del changed["c-nhan-su"]
    changed["d-moi"] = "Bài mới\nTỉnh Quảng Ninh khởi công 3 dự án.\n"
    write_corpus(corpus, changed)
    calls.clear()
    summary = run(corpus, tmp_path)
    assert sorted(calls) == ["a-ngan-sach", "d-moi"]
    assert (summary.unchanged, summary.removed, summary.articles) == (1, 1, 3)
    from pipeline.runner import extract_to_dir

    extract_to_dir([corpus], tmp_path / "full", progress=False)
    assert csv_bytes(tmp_path / "tables") == csv_bytes(tmp_path / "full")


def test_reordered_corpus_keeps_full_run_order(calls, tmp_path):
    """Article order comes from the input (here JSONL lines), as in a full run."""
    import json

    records = [{"id": aid, "title": t.split("\n")[0], "text": t} for aid, t in ARTICLES.items()]
    source = tmp_path / "in" / "corpus.jsonl"
    source.parent.mkdir()
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    run(source.parent, tmp_path)
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in reversed(records)))
    calls.clear()
    summary = run(source.parent, tmp_path)
    assert calls == [] and summary.published
    from pipeline.runner import extract_to_dir

    extract_to_dir([source.parent], tmp_path / "full", progress=False)
    assert csv_bytes(tmp_path / "tables") == csv_bytes(tmp_path / "full")


def test_new_extractor_version_reextracts_everything(calls, corpus, tmp_path):
    run(corpus, tmp_path, version="v1")
    calls.clear()
    summary = run(corpus, tmp_path, version="v2")
    assert sorted(calls) == sorted(ARTICLES)
    assert summary.extracted == 3
    con = duckdb.connect(str(tmp_path / "store.duckdb"), read_only=True)
    versions = con.execute("SELECT DISTINCT extractor_version FROM main.articles").fetchall()
    con.close()
    assert versions == [("v2",)]


def test_failed_article_is_remembered_until_it_changes(calls, corpus, tmp_path):
    broken = {**ARTICLES, "e-loi": "Bài lỗi\nĐoạn này gây LỖI cho bộ trích xuất.\n"}
    write_corpus(corpus, broken)
    first = run(corpus, tmp_path)
    assert (first.failed, first.articles) == (1, 3)
    calls.clear()
    second = run(corpus, tmp_path)
    assert calls == [], "an unchanged failing article is not tokenized again"
    assert second.failed == 1 and "failed (boom)" in second.errors[0]
    write_corpus(corpus, {**ARTICLES, "e-loi": "Bài đã sửa\nĐoạn này đã được sửa.\n"})
    calls.clear()
    third = run(corpus, tmp_path)
    assert calls == ["e-loi"]
    assert (third.failed, third.articles) == (0, 4)


def test_article_that_starts_failing_loses_its_old_rows(calls, corpus, tmp_path):
    run(corpus, tmp_path)
    write_corpus(corpus, {**ARTICLES, "b-nong-thon": "Huyện Đông Anh\nLỖI ở đây.\n"})
    summary = run(corpus, tmp_path)
    assert summary.failed == 1 and summary.articles == 2
    text = (tmp_path / "tables" / "commitments.csv").read_text(encoding="utf-8")
    assert "b-nong-thon" not in text


def test_nothing_read_leaves_the_store_alone(calls, corpus, tmp_path):
    run(corpus, tmp_path)
    before = store_rows(tmp_path / "store.duckdb")
    empty = tmp_path / "empty"
    empty.mkdir()
    summary = run(empty, tmp_path)
    assert not summary.ok
    assert store_rows(tmp_path / "store.duckdb") == before


def test_changed_store_layout_rebuilds(calls, corpus, tmp_path):
    run(corpus, tmp_path)
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    con.execute("UPDATE main.meta SET value = 'old-layout' WHERE key = 'schema'")
    con.close()
    calls.clear()
    summary = run(corpus, tmp_path)
    assert summary.extracted == 3 and summary.articles == 3


def test_extractor_version_follows_rules_not_plumbing(tmp_path, monkeypatch):
    import shutil

    import pipeline.store.fingerprint as fingerprint

    package = tmp_path / "pipeline"
    shutil.copytree(fingerprint.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE_DIR", package)
    base = extractor_version()
    assert extractor_version() == base
    (package / "cli.py").write_text("# the CLI changed\n", encoding="utf-8")
    (package / "registry.py").write_text("# so did the registry\n", encoding="utf-8")
    assert extractor_version() == base
    with (package / "rules" / "text.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a new rule\n")
    assert extractor_version() != base


# --------------------------------------------------------------------------------------------
# Atomicity


def test_ctrl_c_keeps_previous_tables_and_next_run_resumes(calls, corpus, tmp_path, monkeypatch):
    run(corpus, tmp_path)
    before_csv, before_rows = csv_bytes(tmp_path / "tables"), store_rows(tmp_path / "store.duckdb")
    write_corpus(corpus, {aid: text + "Đoạn thêm.\n" for aid, text in ARTICLES.items()})
    seen: list[str] = []

    def interrupted(article):
        seen.append(article.article_id)
        if len(seen) == 3:
            raise KeyboardInterrupt
        return ArticleResult(article.article_id, fake_tables(article))

    monkeypatch.setattr(engine, "extract_articles", one_by_one(interrupted))
    with pytest.raises(KeyboardInterrupt):
        run(corpus, tmp_path, batch_size=1)
    assert csv_bytes(tmp_path / "tables") == before_csv
    assert store_rows(tmp_path / "store.duckdb") == before_rows

    calls.clear()
    monkeypatch.setattr(engine, "extract_articles", one_by_one(lambda a: (
        calls.append(a.article_id) or ArticleResult(a.article_id, fake_tables(a))
    )))  # fmt: skip
    summary = run(corpus, tmp_path)
    assert (summary.resumed, summary.tokenized) == (2, 1)
    from pipeline.runner import extract_to_dir

    extract_to_dir([corpus], tmp_path / "full", progress=False)
    assert csv_bytes(tmp_path / "tables") == csv_bytes(tmp_path / "full")


KILLED_RUN = """
import os, signal, sys
sys.path[:0] = [{root!r}, {tests!r}]
from pipeline import engine
from pipeline.extract import ArticleResult
from pipeline.store import extract_incremental
from test_store import fake_tables
from helpers import one_by_one

calls = []

def fake(article):
    calls.append(article.article_id)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return ArticleResult(article.article_id, fake_tables(article))

engine.extract_articles = one_by_one(fake)
extract_incremental([sys.argv[1]], sys.argv[2], sys.argv[3], version="v1", progress=False,
                    batch_size=1)
"""


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="POSIX signals")
def test_kill_9_keeps_previous_tables_and_next_run_resumes(calls, corpus, tmp_path):
    run(corpus, tmp_path)
    before_csv, before_rows = csv_bytes(tmp_path / "tables"), store_rows(tmp_path / "store.duckdb")
    write_corpus(corpus, {aid: text + "Đoạn thêm.\n" for aid, text in ARTICLES.items()})
    script = tmp_path / "killed.py"
    script.write_text(
        KILLED_RUN.format(root=str(ROOT), tests=str(Path(__file__).parent)), encoding="utf-8"
    )
    killed = subprocess.run(
        [sys.executable, str(script), str(corpus), str(tmp_path / "tables"),
         str(tmp_path / "store.duckdb")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    assert csv_bytes(tmp_path / "tables") == before_csv
    assert store_rows(tmp_path / "store.duckdb") == before_rows

    calls.clear()
    summary = run(corpus, tmp_path)
    assert (summary.resumed, summary.tokenized) == (2, 1)
    from pipeline.runner import extract_to_dir

    extract_to_dir([corpus], tmp_path / "full", progress=False)
    assert csv_bytes(tmp_path / "tables") == csv_bytes(tmp_path / "full")


def test_store_in_use_by_another_process_is_a_clear_error(tmp_path):
    path = tmp_path / "store.duckdb"
    with Store(path):
        result = subprocess.run(
            [sys.executable, "-c",
             "import sys; from pipeline.store import Store, StoreError\n"
             f"try:\n    Store({str(path)!r})\nexcept StoreError as e:\n"
             "    print(e); sys.exit(3)"],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert "cannot open the store" in result.stdout


def test_missing_store_for_reading_is_a_clear_error(tmp_path):
    from pipeline.store import connect

    with pytest.raises(StoreError, match="make extract"):
        connect(tmp_path / "nope.duckdb")


# --------------------------------------------------------------------------------------------
# With the real NLP


def test_second_run_on_the_examples_tokenizes_nothing(tmp_path, monkeypatch):
    """The acceptance check of issue 8 in-process: count the real `make_doc` calls."""
    import shutil

    import pipeline.extract as extract

    corpus = tmp_path / "articles"
    shutil.copytree(EXAMPLES, corpus)
    made: list[str] = []
    real = extract.make_doc

    def counting(article):
        made.append(article.article_id)
        return real(article)

    monkeypatch.setattr(extract, "make_doc", counting)
    package = Path(extract.__file__).parent
    files = {p for p in package.rglob("*") if "__pycache__" not in p.parts}
    first = extract_incremental(
        [corpus], tmp_path / "tables", tmp_path / "s.duckdb", progress=False, version="pinned"
    )
    assert len(made) == len(list(corpus.glob("*.txt")))
    assert first.articles + first.failed == len(made)
    made.clear()
    started = time.perf_counter()
    second = extract_incremental(
        [corpus], tmp_path / "tables", tmp_path / "s.duckdb", progress=False, version="pinned"
    )
    elapsed = time.perf_counter() - started
    assert made == [] and second.tokenized == 0
    assert elapsed < 5, f"second run took {elapsed:.1f} s"
    # A run must not write into the package: a cache file there would change the extractor
    # version and make every `make extract` re-extract everything.
    assert {p for p in package.rglob("*") if "__pycache__" not in p.parts} == files


# --------------------------------------------------------------------------------------------
# Mistakes never lose published rows (issue 20 items 1-3, issue 19 item 1)


def file_bytes(tmp_path: Path) -> dict[str, bytes]:
    """The store, its CSVs and its Parquet files, byte for byte."""
    return {
        str(p.relative_to(tmp_path)): p.read_bytes()
        for folder in ("tables", "parquet")
        for p in sorted((tmp_path / folder).glob("*"))
        if p.is_file()
    } | {"store.duckdb": (tmp_path / "store.duckdb").read_bytes()}


def mistyped_second_path(corpus: Path, monkeypatch) -> list[Path]:
    return [corpus, corpus.parent / "secnod"]


def mistyped_only_path(corpus: Path, monkeypatch) -> list[Path]:
    return [corpus.parent / "articels"]


def second_path_forgotten(corpus: Path, monkeypatch) -> list[Path]:
    return [corpus]


def unreadable_subfolder(corpus: Path, monkeypatch) -> list[Path]:
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return [corpus, corpus.parent / "second"]


def file_fails_to_read(corpus: Path, monkeypatch) -> list[Path]:
    (corpus / "b-nong-thon.txt").write_bytes(b"\xff\xfe\x00 not utf-8 \x00" * 10)
    return [corpus, corpus.parent / "second"]


def file_vanished_with_its_folder_unreadable(corpus: Path, monkeypatch) -> list[Path]:
    unreadable_subfolder(corpus, monkeypatch)
    (corpus / "sub" / "d-xa.txt").unlink()
    return [corpus, corpus.parent / "second"]


def folder_given_twice(corpus: Path, monkeypatch) -> list[Path]:
    return [corpus, corpus / "sub", corpus, corpus.parent / "second"]


MISTAKES = [
    pytest.param(folder_given_twice, id="folder-and-subfolder-given-twice"),
    pytest.param(mistyped_second_path, id="mistyped-second-path"),
    pytest.param(mistyped_only_path, id="mistyped-only-path"),
    pytest.param(second_path_forgotten, id="second-path-forgotten"),
    pytest.param(unreadable_subfolder, id="unreadable-subfolder"),
    pytest.param(file_fails_to_read, id="file-fails-to-read"),
    pytest.param(file_vanished_with_its_folder_unreadable, id="gone-under-unreadable-folder"),
]


@pytest.fixture
def nested(tmp_path) -> Path:
    corpus = write_corpus(tmp_path / "articles", ARTICLES)
    write_corpus(corpus / "sub", {"d-xa": "Xã mới\nXã Hòa Bình có 1.200 hộ dân.\n"})
    write_corpus(tmp_path / "second", {"e-hai": "Bài hai\nHuyện Đông Anh có 3 dự án.\n"})
    return corpus


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistaken_run_keeps_store_csvs_and_parquet_byte_identical(
    calls, nested, tmp_path, monkeypatch, mistake
):
    extract_incremental(
        [nested, tmp_path / "second"], tmp_path / "tables", tmp_path / "store.duckdb",
        version="v1", progress=False,
    )  # fmt: skip
    before = file_bytes(tmp_path)
    paths = mistake(nested, monkeypatch)
    summary = extract_incremental(
        paths, tmp_path / "tables", tmp_path / "store.duckdb", version="v1", progress=False
    )
    assert summary.removed == 0
    assert file_bytes(tmp_path) == before


def test_mistyped_path_is_named_and_nothing_is_read(calls, nested, tmp_path):
    summary = extract_incremental(
        [nested, tmp_path / "articels"], tmp_path / "tables", tmp_path / "store.duckdb"
    )
    assert summary.errors == [f"{tmp_path / 'articels'}: no such file or folder"]
    assert summary.refused and calls == []
    assert not (tmp_path / "store.duckdb").exists()


def test_a_deleted_file_is_pruned_and_said(calls, nested, tmp_path):
    run(nested, tmp_path)
    (nested / "c-nhan-su.txt").unlink()
    summary = run(nested, tmp_path)
    assert summary.removed == 1
    assert any("removing 1 articles" in line and "c-nhan-su" in line for line in summary.warnings)


def test_a_store_built_from_another_path_is_not_pruned(calls, nested, tmp_path):
    """Issue 19: a run over another corpus adds to the store; it never empties it."""
    run(nested, tmp_path)
    other = write_corpus(tmp_path / "other", {"e-khac": "Bài khác\nTỉnh Nghệ An có 5 dự án.\n"})
    summary = run(other, tmp_path)
    assert (summary.removed, summary.kept, summary.articles) == (0, 4, 5)
    assert any("other paths" in line and "--prune" in line for line in summary.warnings)
    pruned = run(other, tmp_path, prune=True)
    assert (pruned.removed, pruned.articles) == (4, 1)


def test_many_articles_gone_at_once_need_prune(calls, tmp_path):
    import pipeline.store as store

    many = {f"bai-{i:02d}": f"Bài {i}\nTỉnh Quảng Ninh có {i} dự án.\n" for i in range(15)}
    corpus = write_corpus(tmp_path / "articles", many)
    run(corpus, tmp_path)
    before = file_bytes(tmp_path)
    write_corpus(corpus, dict(list(many.items())[:2]))
    summary = run(corpus, tmp_path)
    assert summary.prune_refused == 13 > store.PRUNE_LIMIT
    assert any("--prune" in line for line in summary.errors)
    assert summary.articles == 15 and file_bytes(tmp_path) == before
    assert run(corpus, tmp_path, prune=True).removed == 13


def test_a_read_error_keeps_only_that_files_rows(calls, nested, tmp_path):
    run(nested, tmp_path)
    (nested / "b-nong-thon.txt").write_bytes(b"\x00\x01 binary")
    (nested / "c-nhan-su.txt").unlink()
    summary = run(nested, tmp_path)
    assert summary.removed == 1 and summary.kept == 1
    ids = [
        line.split(",")[0] for line in csv_bytes(tmp_path / "tables")["articles"].decode().split()
    ]
    assert "b-nong-thon" in ids and "c-nhan-su" not in ids
