"""The command line end to end: `extract` on articles the test writes, and `make extract`."""

import argparse
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main
from pipeline.tables import CONTRACT, TABLES
from tests.helpers import one_by_one

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


@pytest.mark.parametrize(
    ("options", "era"),
    [
        pytest.param([], "old", id="undated-district-news"),
        pytest.param(["--as-of", "2025-09-01"], "new", id="as-of-new-map"),
    ],
)
def test_extract_as_of_sets_the_era(tmp_path: Path, options: list[str], era: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ba-dinh.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "--out", str(out), *options]) == 0
    rows = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8")))
    assert rows[0]["era"] == era


def test_extract_rejects_a_bad_as_of(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["extract", str(tmp_path), "--as-of", "1/7/2025"])
    assert "not a date" in capsys.readouterr().err


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

    monkeypatch.setattr("pipeline.engine.extract_articles", one_by_one(boom))
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


# ---------------------------------------------------------------------------- conventions


def test_version(capsys) -> None:
    from pipeline import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"pipeline {__version__}"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store of the one test article, built through the CLI."""
    root = tmp_path_factory.mktemp("cli")
    (root / "in").mkdir()
    (root / "in" / "ba-dinh.txt").write_text(ARTICLE, encoding="utf-8")
    path = root / "pipeline.duckdb"
    args = ["extract", str(root / "in"), "--out", str(root / "out"), "--store", str(path)]
    assert main([*args, "--no-progress"]) == 0
    return path


@pytest.mark.parametrize(
    "flags", [["-q"], ["--quiet"], ["-q", "-v"]], ids=["short", "long", "with-verbose"]
)
def test_quiet_after_the_subcommand_prints_no_summary(store, tmp_path, capsys, flags) -> None:
    args = ["export", "--store", str(store), "--out", str(tmp_path), *flags]
    assert main(args) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "commitments.csv").exists()


@pytest.mark.parametrize(
    ("args", "verbose"),
    [(["export", "-v"], 1), (["export", "-vv"], 2), (["-v", "export"], 1), (["export"], 0)],
    ids=["after", "after-twice", "before", "none"],
)
def test_verbose_before_or_after_the_subcommand(args, verbose) -> None:
    assert build_parser().parse_args(args).verbose == verbose


@pytest.mark.parametrize("flag", ["--out", "-o"])
def test_export_to_standard_output(store, capsys, flag) -> None:
    assert main(["export", "--store", str(store), flag, "-", "--table", "articles"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("article_id,published,article_title")  # no BOM in a pipe
    assert lines[1].startswith("ba-dinh,")
    assert "exported 1 rows of articles" in captured.err


def test_export_to_standard_output_is_csv_only(store, capsys) -> None:
    assert main(["export", "--store", str(store), "--out", "-", "--format", "xlsx"]) == 2
    assert "only csv" in capsys.readouterr().err


def test_export_one_file_with_dash_o(store, tmp_path, capsys) -> None:
    target = tmp_path / "officials.xlsx"
    assert main(["export", "--store", str(store), "--table", "officials", "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert str(target) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "must be 1 or more"), ("-2", "must be 1 or more"), ("two", "not a whole number")],
    ids=["zero", "negative", "not-a-number"],
)
def test_workers_must_be_one_or_more(tmp_path, capsys, value, message) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(tmp_path), "--workers", value])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_columns_prints_every_column_with_a_meaning(capsys) -> None:
    from pipeline.export import column_types

    assert main(["columns", "commitments"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "commitments:"
    names = [line.split()[0] for line in lines[1:]]
    assert names == [name for name, _ in column_types("commitments")]
    described = {line.split()[0]: line for line in lines[1:]}
    for column in ("key", "rule", "start", "end", "amount_vnd", "deadline_date"):
        assert len(described[column].split()) > 3, f"{column} has no meaning"


def test_columns_of_every_table(capsys) -> None:
    from pipeline.export import EXPORT_TABLES

    assert main(["columns"]) == 0
    out = capsys.readouterr().out
    assert [line[:-1] for line in out.splitlines() if line.endswith(":")] == list(EXPORT_TABLES)
    assert "mentions" in out


def _subcommands():
    return build_parser()._subparsers._group_actions[0].choices


@pytest.mark.parametrize("command", list(_subcommands()))
def test_every_option_has_help_and_every_command_an_example(command) -> None:
    parser = _subcommands()[command]
    missing = [
        action.dest
        for action in parser._actions
        if not action.help or action.help == argparse.SUPPRESS
    ]
    assert not missing, f"{command}: options without help: {missing}"
    assert parser.epilog and "python -m pipeline " + command in parser.epilog


def test_help_shows_defaults_and_sectors() -> None:
    text = _subcommands()["export"].format_help()
    assert "default: exports" in text
    assert "education (giáo dục)" in text
    assert "default: 1" in _subcommands()["extract"].format_help()


def test_a_closed_pipe_is_no_error(capsys) -> None:
    """`python -m pipeline columns | head -1`: the reader leaving early is not a fault."""
    from pipeline.cli import _run_command

    def closed_pipe(args):
        raise BrokenPipeError(32, "Broken pipe")

    assert _run_command(argparse.Namespace(func=closed_pipe, verbose=0)) == 0
    assert "error" not in capsys.readouterr().err
