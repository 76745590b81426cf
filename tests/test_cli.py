"""The command line end to end: `extract` on articles the test writes, and `make extract`."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.tables import CONTRACT, TABLES

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = """Quận Ba Đình phấn đấu đến năm 2025 có 100% trường đạt chuẩn
Sáng 12/10, Quận ủy Ba Đình (thành phố Hà Nội) tổ chức hội nghị.
Bí thư Quận ủy Ba Đình Hoàng Minh Dũng Tiến cho biết, quận phấn đấu đến năm 2025 có 100% số trường công lập đạt chuẩn quốc gia.
"""


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_extract_writes_every_table_with_contract_header(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ba-dinh.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    for table, columns in TABLES.items():
        assert header(tmp_path / "out" / f"{table}.csv") == list(columns)
        assert tuple(columns[: len(CONTRACT[table])]) == CONTRACT[table]
    rows = list(csv.DictReader((tmp_path / "out" / "articles.csv").open(encoding="utf-8")))
    assert [r["article_id"] for r in rows] == ["ba-dinh"]
    assert rows[0]["n_paragraphs"] == "2" and int(rows[0]["n_tokens"]) > 20
    assert "extracted 1 articles (0 failed)" in capsys.readouterr().out


def test_extract_counts_failures_and_exits_zero_unless_strict(tmp_path: Path, capsys) -> None:
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    args = [
        "extract",
        str(tmp_path / "ok.txt"),
        str(tmp_path / "empty.txt"),
        "--out",
        str(tmp_path / "out"),
    ]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "1 articles (1 failed)" in captured.out
    assert "empty.txt: empty file" in captured.err
    assert main([*args, "--strict"]) == 1


def test_extract_exits_nonzero_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out")]) == 1


def test_interrupted_run_keeps_previous_tables(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "a.txt"), "--out", str(out)]) == 0
    before = (out / "articles.csv").read_bytes()

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.engine.extract_article", boom)
    assert main(["extract", str(tmp_path / "a.txt"), "--out", str(out)]) == 130
    assert (out / "articles.csv").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".lock"]


def test_python_dash_m_pipeline_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0 and "extract" in result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_extract_on_the_examples(tmp_path: Path) -> None:
    """`make extract` (the README's first command) on the bundled examples, in a scratch copy."""
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "corpus" / "articles", work / "corpus" / "articles")
    shutil.copy(ROOT / "Makefile", work / "Makefile")
    # The venv running this test stands in for .venv: its install stamp is newer than pyproject.
    shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
    (work / "stamp").touch()
    env_python = Path(sys.executable)
    result = subprocess.run(
        ["make", "-s", "extract", f"PY={env_python}", f"STAMP={work / 'stamp'}"],
        cwd=work,
        capture_output=True,
        text=True,
        env={"PATH": f"{env_python.parent}:/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    articles = list(
        csv.DictReader((work / "corpus" / "tables" / "articles.csv").open(encoding="utf-8"))
    )
    assert len(articles) == len(list((ROOT / "corpus" / "articles").glob("*.txt")))
