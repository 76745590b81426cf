"""Every notebook runs headlessly, top to bottom, with no error.

Each notebook runs twice: on the store `make extract` builds from the example corpus (whatever
the extractors find today, possibly nearly nothing), and on a store of hand-made rows that
exercises every chart with data (people over time, money by province, an eval report). Each
run gets its own kernel, started from this venv's python, so the notebooks are tested the way
`make notebooks` runs them. Charts must render Vietnamese without missing glyphs.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.extract import ArticleResult
from pipeline.store import Store, extract_incremental
from pipeline.tables import ArticleRow, CommitmentRow, FigureRow, LocalityRow, OfficialRow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NOTEBOOK_IDS = [path.stem for path in NOTEBOOKS]


def test_the_three_notebooks_exist():
    assert NOTEBOOK_IDS == ["01-commitments", "02-officials", "03-corpus-and-quality"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_is_stored_without_outputs_and_imports_pipeline(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code), (
        "store notebooks without outputs (clear them before committing)"
    )
    source = "\n".join(cell.source for cell in code)
    assert "from pipeline import" in source, "notebooks import pipeline, never copy it"


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> Path:
    """`make extract` on a copy of the example corpus (the real extractors, as they are)."""
    root = tmp_path_factory.mktemp("examples")
    shutil.copytree(ROOT / "corpus" / "articles", root / "articles")
    store = root / "corpus" / "pipeline.duckdb"
    extract_incremental(
        [root / "articles"], root / "corpus" / "tables", store, progress=False, version="test"
    )
    return store


def _article(aid, published, title, source, tables) -> ArticleResult:
    row = ArticleRow(aid, source, f"https://{source}/{aid}", title, published, 4, 6, 120,
                     f"sha-{aid}")  # fmt: skip
    return ArticleResult(aid, {"articles": [row], **tables})


def _rich_rows() -> list[ArticleResult]:
    """Three provinces, people who change posts over time, money commitments, no-date article."""
    rows = []
    provinces = [("22", "Quảng Ninh"), ("74", "Bình Dương"), ("01", "Hà Nội")]
    for month in range(1, 13):
        code, name = provinces[month % 3]
        type_ = "thành phố" if name == "Hà Nội" else "tỉnh"
        label = f"{type_} {name}"
        aid = f"bai-{month:02d}"
        title = "Phó Chủ tịch UBND" if month < 7 else "Chủ tịch UBND"
        rows.append(_article(aid, f"2021-{month:02d}-15", f"{name} đặt mục tiêu năm 2025",
                             ["baomau.vn", "tinmau.vn"][month % 2], {
            "localities": [LocalityRow(aid, type_, name, None, label, code=code)],
            "figures": [FigureRow(aid, f"{month}.000 tỷ đồng", "money",
                                  Decimal(month * 10**12), None, "VND", None, "câu có số")],
            "officials": [
                OfficialRow(aid, "Nguyễn Văn Hùng", [title], label, f"{title} Nguyễn Văn Hùng"),
                OfficialRow(aid, "Lê Thị Hoà", ["Bí thư Tỉnh ủy"], label, "Bí thư Lê Thị Hoà"),
            ],
            "commitments": [CommitmentRow(
                aid, f"UBND {label}", 2025 + month % 3, [Decimal(month * 10**12), Decimal("95.5")],
                f"Ông Nguyễn Văn Hùng cho biết {label} sẽ đầu tư {month}.000 tỷ đồng.",
                official="Nguyễn Văn Hùng", figure_units=["VND", "%"],
                sector=["giao thông", "giáo dục", "y tế"][month % 3],
                amount_vnd=Decimal(month * 10**12))],
        }))  # fmt: skip
    rows.append(_article("khong-ngay", "", "Bài không ngày", "", {
        "commitments": [CommitmentRow("khong-ngay", None, None, [], "Sẽ làm sớm.")],
    }))  # fmt: skip
    return rows


@pytest.fixture(scope="module")
def rich_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rich")
    store = root / "corpus" / "pipeline.duckdb"
    rows = _rich_rows()
    with Store(store) as handle:
        handle.stage(rows, "test")
        handle.publish([r.article_id for r in rows])
    report = {
        "tables": {
            table: {"precision": 0.8, "recall": 0.6, "f1": 0.69, "attributes": {}}
            for table in ("officials", "localities", "figures", "commitments")
        }
    }
    (root / "corpus" / "eval").mkdir()
    (root / "corpus" / "eval" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return store


def _execute(path: Path, store: Path, monkeypatch, reports: Path) -> nbformat.NotebookNode:
    monkeypatch.setenv("PIPELINE_STORE", str(store))
    monkeypatch.setenv("PIPELINE_REPORTS", str(reports))  # charts' PNGs, never into the checkout
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout's pipeline
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> tuple[str, int]:
    stderr, images = [], 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                stderr.append(output.get("text", ""))
            images += "image/png" in output.get("data", {})
    return "".join(stderr), images


#: What each notebook prints about the hand-made store: proof that its charts had data.
RICH_OUTPUT = {
    "01-commitments": "13 commitments in 13 articles",
    "02-officials": "24 official mentions, 6 people",  # two names in three provinces each
    "03-corpus-and-quality": "13 articles in the tables, 0 failed extraction",
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
@pytest.mark.parametrize("which", ["example_store", "rich_store"])
def test_notebook_executes(path, which, request, monkeypatch, tmp_path):
    store = request.getfixturevalue(which)
    notebook = _execute(path, store, monkeypatch, tmp_path)
    stderr, images = _outputs(notebook)
    assert "missing from" not in stderr, f"a Vietnamese glyph did not render:\n{stderr}"
    assert images >= 2, "every notebook draws its charts, with data or without"
    saved = sorted(p.name for p in tmp_path.glob(f"{path.stem[:2]}-*.png"))
    assert len(saved) >= 2, f"each chart is saved as PNG under reports/: {saved}"
    if which == "rich_store":
        text = json.dumps([cell.get("outputs", []) for cell in notebook.cells], ensure_ascii=False)
        assert RICH_OUTPUT[path.stem] in text


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_notebooks_reads_the_store_named_by_pipeline_store(example_store, tmp_path):
    """`make notebooks` honours PIPELINE_STORE, never extracts into it, leaves its bytes as
    they were, and leaves the default store alone."""
    import os
    import subprocess

    files = sorted(example_store.parent.glob("pipeline.duckdb*"))
    before = {path.name: _digest(path) for path in files}
    default = tmp_path / "no-such-store.duckdb"  # STORE: would be built if make extracted
    reports = tmp_path / "reports"
    env = {**os.environ, "PIPELINE_STORE": str(example_store)}
    env.pop("MAKEFLAGS", None)
    done = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "notebooks", f"STORE={default}",
         f"REPORTS={reports}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    after = {p.name: _digest(p) for p in sorted(example_store.parent.glob("pipeline.duckdb*"))}
    assert after == before
    assert not default.exists()
    assert sorted(p.name for p in reports.glob("*.html")) == [f"{i}.html" for i in NOTEBOOK_IDS]
    assert len(list(reports.glob("*.png"))) >= 6


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_notebooks_without_a_store_says_so(tmp_path):
    import os
    import subprocess

    missing = tmp_path / "missing.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("PIPELINE_STORE", "MAKEFLAGS")}
    done = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "notebooks", f"STORE={missing}",
         f"REPORTS={tmp_path}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert f"no store at {missing}" in done.stderr
    assert not missing.exists()


BENCH = (
    Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bench" / "baomoi-2017-3000.jsonl"
)


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory) -> Path:
    """The store of the 3,000 bench articles, built once (a minute or two of tokenizing)."""
    if not BENCH.exists():
        pytest.skip(f"the bench corpus is absent: {BENCH}")
    root = tmp_path_factory.mktemp("bench")
    store = root / "corpus" / "pipeline.duckdb"
    summary = extract_incremental([BENCH], root / "tables", store, progress=False)
    assert summary.articles == 3000 and summary.failed == 0
    return store


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_runs_on_the_bench_store(path, bench_store, monkeypatch, tmp_path):
    before = _digest(bench_store)
    notebook = _execute(path, bench_store, monkeypatch, tmp_path)
    stderr, images = _outputs(notebook)
    assert "missing from" not in stderr, f"a Vietnamese glyph did not render:\n{stderr}"
    assert images >= 2
    assert _digest(bench_store) == before, "notebooks only read the store"
    text = json.dumps([cell.get("outputs", []) for cell in notebook.cells], ensure_ascii=False)
    assert re.search(BENCH_OUTPUT[path.stem], text), BENCH_OUTPUT[path.stem]


#: What each notebook prints about the bench store: proof that its charts had real data.
BENCH_OUTPUT = {
    "01-commitments": r"[1-9]\d+ commitments have an amount in đồng; [1-9]\d+ targets",
    "02-officials": r"[1-9]\d+ official mentions, [1-9]\d+ people",
    "03-corpus-and-quality": r"3000 articles in the tables, 0 failed extraction",
}
