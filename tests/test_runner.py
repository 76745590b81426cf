"""The one run path: `runner.run(paths, sink, ...)` with a recording sink, the CSV sink and the
store sink.

The per-article extraction is replaced by a fake (rows from the article's title, no NLP), so
these tests check the run's plumbing (what reaches the sink, in which order, what is counted,
what is refused), not the extractors; they run in milliseconds.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from pipeline import engine
from pipeline.extract import ArticleResult
from pipeline.ingest import ReadReport
from pipeline.runner import CsvSink, RunSummary, run
from pipeline.store import StoreSink
from pipeline.tables import ArticleRow
from tests.helpers import one_by_one

ROOT = Path(__file__).resolve().parents[1]

#: Three small articles; the one whose text holds `LỖI` fails in the fake extraction.
ARTICLES = {
    "a-cau": "Tỉnh khởi công cầu mới\nTỉnh sẽ xây cầu trong năm 2025.\n",
    "b-loi": "Bài lỗi\nĐoạn này gây LỖI khi trích xuất.\n",
    "c-duong": "Huyện mở đường\nHuyện phấn đấu mở 10 km đường.\n",
}


def write_articles(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article_id, text in articles.items():
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def extracted(monkeypatch) -> list[str]:
    """Replace the per-article extraction; return the ids it was called on, in order."""
    seen: list[str] = []

    def fake(article, timeout=None):
        seen.append(article.article_id)
        if "LỖI" in article.raw_text:
            return ArticleResult(article.article_id, {}, error=f"{article.path}: failed (boom)")
        row = ArticleRow(
            article.article_id, "", "", article.title, "", 1, 1, 3, article.text_sha256
        )
        return ArticleResult(article.article_id, {"articles": [row]})

    monkeypatch.setattr(engine, "extract_articles", one_by_one(fake))
    return seen


class RecordingSink:
    """A sink that records every call; `skip` names articles it passes over."""

    missing_refusal = "refused: a path is missing"

    def __init__(self, skip: frozenset[str] = frozenset()) -> None:
        self.skip = skip
        self.calls: list[tuple[str, str]] = []
        self.summary: RunSummary | None = None

    @contextmanager
    def open(self, summary: RunSummary, *, engine: str, as_of: date | None) -> Iterator[None]:
        self.summary = summary
        self.calls.append(("open", engine))
        try:
            yield None
        except BaseException as error:
            self.calls.append(("abandon", type(error).__name__))
            raise
        self.calls.append(("close", ""))

    def select(self, articles: Iterator, skip: Callable[[], None]) -> Iterator:
        for article in articles:
            self.calls.append(("read", article.article_id))
            if article.article_id in self.skip:
                skip()
                continue
            yield article

    def add(self, result: ArticleResult) -> None:
        self.calls.append(("add", result.article_id + (" error" if result.error else "")))

    def finish(self, report: ReadReport) -> None:
        self.calls.append(("finish", f"{len(report.errors)} read errors"))
        self.summary.articles = self.summary.extracted


# --------------------------------------------------------------------------------------------
# The run, seen from a recording sink


@pytest.mark.parametrize(
    ("skip", "expected_calls", "counts"),
    [
        pytest.param(
            frozenset(),
            [("open", "serial"), ("read", "a-cau"), ("add", "a-cau"), ("read", "b-loi"),
             ("add", "b-loi error"), ("read", "c-duong"), ("add", "c-duong"),
             ("finish", "0 read errors"), ("close", "")],
            (3, 2, 1),
            id="every-article-in-order-failed-one-too",
        ),
        pytest.param(
            frozenset({"a-cau", "b-loi"}),
            [("open", "serial"), ("read", "a-cau"), ("read", "b-loi"), ("read", "c-duong"),
             ("add", "c-duong"), ("finish", "0 read errors"), ("close", "")],
            (1, 1, 0),
            id="skipped-articles-never-reach-the-engine",
        ),
    ],
)  # fmt: skip
def test_run_hands_each_result_to_the_sink(extracted, tmp_path, skip, expected_calls, counts):
    sink = RecordingSink(skip)
    summary = run([write_articles(tmp_path / "in")], sink, progress=False)
    assert sink.calls == expected_calls
    assert (summary.tokenized, summary.extracted, summary.failed) == counts
    assert extracted == [i for i in ARTICLES if i not in skip]


def test_a_failed_article_is_one_error_line_naming_its_file(extracted, tmp_path):
    summary = run([write_articles(tmp_path / "in")], RecordingSink(), progress=False)
    assert summary.errors == [f"{tmp_path / 'in' / 'b-loi.txt'}: failed (boom)"]


def test_read_errors_come_first_and_are_counted(extracted, tmp_path):
    folder = write_articles(tmp_path / "in")
    (folder / "hong.txt").write_bytes(b"\xff\xfe\x00bad")
    sink = RecordingSink()
    summary = run([folder], sink, progress=False)
    assert ("finish", "1 read errors") in sink.calls
    assert summary.failed == 2 and "hong.txt" in summary.errors[0]
    assert "b-loi.txt" in summary.errors[1]


def test_a_missing_path_opens_nothing(extracted, tmp_path):
    sink = RecordingSink()
    summary = run([write_articles(tmp_path / "in"), tmp_path / "nope"], sink, progress=False)
    assert sink.calls == [] and extracted == []
    assert summary.refused == sink.missing_refusal
    assert summary.errors == [f"{tmp_path / 'nope'}: no such file or folder"]


def test_an_interrupted_run_tells_the_sink(monkeypatch, tmp_path):
    def interrupted(article, timeout=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "extract_articles", one_by_one(interrupted))
    sink = RecordingSink()
    with pytest.raises(KeyboardInterrupt):
        run([write_articles(tmp_path / "in")], sink, progress=False)
    assert sink.calls[-1] == ("abandon", "KeyboardInterrupt")
    assert not any(call == "finish" for call, _ in sink.calls)


def test_the_tap_sees_every_article_read(extracted, tmp_path):
    tapped: list[str] = []

    def tap(articles):
        for article in articles:
            tapped.append(article.article_id)
            yield article

    run([write_articles(tmp_path / "in")], RecordingSink(frozenset({"a-cau"})), tap=tap,
        progress=False)  # fmt: skip
    assert tapped == list(ARTICLES)


NO_ENGINE = """
import sys
from contextlib import nullcontext
sys.path[:0] = [{root!r}]
from pipeline.runner import run

class SkipAll:
    missing_refusal = ""
    def open(self, summary, *, engine, as_of):
        return nullcontext()
    def select(self, articles, skip):
        for article in articles:
            skip()
        yield from ()
    def finish(self, report):
        pass

run([sys.argv[1]], SkipAll(), progress=False)
print("pipeline.engine" in sys.modules, "underthesea" in sys.modules)
"""


def test_a_run_with_nothing_to_extract_never_loads_the_nlp(tmp_path):
    """A store run over an unchanged corpus must stay a matter of seconds."""
    script = NO_ENGINE.format(root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", script, str(write_articles(tmp_path / "in"))],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------------------------
# The two sinks


def csv_sink(tmp_path: Path) -> CsvSink:
    return CsvSink(tmp_path / "out")


def store_sink(tmp_path: Path) -> StoreSink:
    return StoreSink(tmp_path / "out", tmp_path / "store" / "s.duckdb", version="v1")


SINKS = [pytest.param(csv_sink, id="csv"), pytest.param(store_sink, id="store")]


def article_ids(out: Path) -> list[str]:
    lines = (out / "articles.csv").read_text(encoding="utf-8").splitlines()
    return [line.split(",")[0] for line in lines[1:]]


@pytest.mark.parametrize("make_sink", SINKS)
def test_sink_publishes_the_extracted_articles_in_input_order(extracted, tmp_path, make_sink):
    summary = run([write_articles(tmp_path / "in")], make_sink(tmp_path), progress=False)
    assert article_ids(tmp_path / "out") == ["a-cau", "c-duong"]
    assert (summary.articles, summary.failed, summary.rows["articles"]) == (2, 1, 2)
    assert summary.ok and not summary.refused


@pytest.mark.parametrize("make_sink", SINKS)
def test_sink_missing_path_writes_nothing(extracted, tmp_path, make_sink):
    sink = make_sink(tmp_path)
    summary = run([tmp_path / "nope"], sink, progress=False)
    assert summary.refused == sink.missing_refusal and not summary.ok
    assert not (tmp_path / "out").exists() and not (tmp_path / "store").exists()


@pytest.mark.parametrize(
    ("make_sink", "refusal"),
    [
        pytest.param(csv_sink, "the previous tables are unchanged", id="csv"),
        pytest.param(store_sink, "the store and tables are unchanged", id="store"),
    ],
)
def test_sink_keeps_the_tables_when_nothing_is_read(extracted, tmp_path, make_sink, refusal):
    run([write_articles(tmp_path / "in")], make_sink(tmp_path), progress=False)
    before = (tmp_path / "out" / "articles.csv").read_bytes()
    (tmp_path / "empty").mkdir()
    summary = run([tmp_path / "empty"], make_sink(tmp_path), progress=False)
    assert summary.refused == f"no article could be read; {refusal}"
    assert (tmp_path / "out" / "articles.csv").read_bytes() == before


@pytest.mark.parametrize("make_sink", SINKS)
def test_sink_keeps_the_tables_when_interrupted(extracted, monkeypatch, tmp_path, make_sink):
    run([write_articles(tmp_path / "in")], make_sink(tmp_path), progress=False)
    before = (tmp_path / "out" / "articles.csv").read_bytes()
    write_articles(tmp_path / "in", {"d-moi": "Bài mới\nMột đoạn mới.\n"})

    def interrupted(article, timeout=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "extract_articles", one_by_one(interrupted))
    with pytest.raises(KeyboardInterrupt):
        run([tmp_path / "in"], make_sink(tmp_path), progress=False)
    assert (tmp_path / "out" / "articles.csv").read_bytes() == before


def test_store_sink_skips_unchanged_articles_and_remembers_failures(extracted, tmp_path):
    folder = write_articles(tmp_path / "in")
    run([folder], store_sink(tmp_path), progress=False)
    extracted.clear()
    summary = run([folder], store_sink(tmp_path), progress=False)
    assert extracted == []
    assert (summary.tokenized, summary.unchanged, summary.failed) == (0, 3, 1)
    assert summary.errors == [f"{folder / 'b-loi.txt'}: failed (boom) (unchanged since it failed)"]


def test_store_sink_removes_an_article_whose_file_is_gone(extracted, tmp_path):
    folder = write_articles(tmp_path / "in")
    run([folder], store_sink(tmp_path), progress=False)
    (folder / "a-cau.txt").unlink()
    summary = run([folder], store_sink(tmp_path), progress=False)
    assert summary.removed == 1 and summary.tokenized == 0
    assert article_ids(tmp_path / "out") == ["c-duong"]
