"""Engines: a process pool and a Dask cluster give byte-identical tables to a serial run.

The articles are a handful of short ones written for these tests (enough for several Dask
partitions), so the whole module runs in well under a minute on two cores. The determinism
test runs the CLI twice in fresh interpreters with different hash seeds: any iteration over
a `set` of strings that leaks into the output order shows up as a diff.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import engine
from pipeline.cli import main
from pipeline.runner import extract_to_dir
from pipeline.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "corpus" / "articles"

ARTICLES = {
    "nghe-an": (
        "Nghệ An thu ngân sách vượt dự toán",
        "Chủ tịch UBND tỉnh Nghệ An Nguyễn Văn An cho biết năm 2024 tổng thu ngân sách đạt "
        "21.000 tỷ đồng, tăng 12% so với năm trước.\n"
        "Tỉnh phấn đấu đến năm 2025 thu ngân sách đạt trên 23.000 tỷ đồng.",
    ),
    "quynh-luu": (
        "Quỳnh Lưu về đích nông thôn mới",
        "Huyện Quỳnh Lưu (tỉnh Nghệ An) phấn đấu đến năm 2025 có 100% số xã đạt chuẩn nông "
        "thôn mới.\nBí thư Huyện ủy Quỳnh Lưu Trần Văn Bình chủ trì hội nghị.",
    ),
    "ha-noi": (
        "Hà Nội xây thêm cầu qua sông Hồng",
        "Phó Chủ tịch UBND TP Hà Nội Lê Thị Hoa cho biết thành phố sẽ đầu tư khoảng 5.000 tỷ "
        "đồng để xây dựng 3 cây cầu qua sông Hồng trước năm 2030.",
    ),
    "an-giang": (
        "Giá lúa tăng",
        "Giá lúa tại tỉnh An Giang tăng khoảng 300 đồng/kg so với tuần trước.\n"
        "Nhiều hộ dân ở huyện Châu Thành phấn khởi.",
    ),
    "tp-hcm": (
        "TP.HCM mở rộng đường sắt đô thị",
        "Ông Phạm Minh Tuấn, Giám đốc Sở Giao thông vận tải TP Hồ Chí Minh, cho biết đến năm "
        "2035 thành phố sẽ có 200 km đường sắt đô thị.",
    ),
    "phu-yen": (
        "Xã Hòa Bình có thêm đường mới",
        "Xã Hòa Bình, huyện Tây Hòa, tỉnh Phú Yên có hơn 1.200 hộ dân.\n"
        "Đường mới dài 2,5 km, vốn đầu tư 15 tỷ đồng.",
    ),
    "quang-ninh": (
        "Quảng Ninh đặt mục tiêu tăng trưởng cao",
        "UBND tỉnh Quảng Ninh đặt mục tiêu tăng trưởng GRDP đạt trên 10% trong năm 2025.\n"
        "Bí thư Tỉnh ủy Quảng Ninh Vũ Đức Minh yêu cầu các sở, ngành hoàn thành kế hoạch.",
    ),
    "y-te": (
        "Tiêm vắc xin",
        "Theo Bộ Y tế, cả nước có 1,5 triệu người được tiêm vắc xin trong tuần qua, chiếm "
        "khoảng 1,5% dân số.",
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Eight `.txt` articles plus a `.jsonl` of two more, in one folder."""
    folder = tmp_path_factory.mktemp("articles")
    for article_id, (title, body) in ARTICLES.items():
        (folder / f"{article_id}.txt").write_text(f"{title}\n{body}\n", encoding="utf-8")
    records = [
        {"id": "feed-1", "title": "Tin thêm", "text": "Xã Phú Mỹ, huyện Phú Tân có 900 hộ."},
        {"id": "feed-2", "title": "Tin nữa", "text": "Tỉnh Hà Tĩnh đạt 8% tăng trưởng."},
    ]
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return folder


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


@pytest.fixture(scope="module")
def serial(corpus: Path, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    summary = extract_to_dir([corpus], out, engine="serial", progress=False)
    assert summary.articles == len(ARTICLES) + 2 and not summary.errors
    return tables(out)


@pytest.fixture(scope="module")
def cluster():
    """A two-worker `LocalCluster` (one thread each), shared by the Dask tests."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        scheduler_kwargs={"dashboard": False},
    ) as local:
        yield local


def test_serial_tables_are_not_empty(serial: dict[str, bytes]) -> None:
    # An identical-output check over empty tables would prove nothing.
    assert serial["articles"].count(b"\n") == len(ARTICLES) + 3
    assert serial["localities"].count(b"\n") > 5


def test_process_pool_gives_identical_tables(corpus: Path, serial, tmp_path: Path) -> None:
    summary = extract_to_dir([corpus], tmp_path, engine="process", workers=2, progress=False)
    assert summary.articles == len(ARTICLES) + 2
    assert tables(tmp_path) == serial


def test_dask_local_cluster_gives_identical_tables(
    corpus: Path, serial, cluster, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(engine, "PARTITION_SIZE", 3)  # 10 articles: 4 partitions, out of order
    summary = extract_to_dir(
        [corpus], tmp_path, engine="dask", scheduler=cluster.scheduler_address, progress=False
    )
    assert summary.articles == len(ARTICLES) + 2 and not summary.errors
    assert tables(tmp_path) == serial
    pandas = pytest.importorskip("pandas")
    for name in TABLES:
        parts = sorted((tmp_path / "parquet" / name).glob("part-*.parquet"))
        assert [p.name for p in parts] == [f"part-{i:05d}.parquet" for i in range(4)]
        from_parquet = pandas.concat(
            [pandas.read_parquet(p) for p in parts], ignore_index=True
        ).astype(str)
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            from_csv = [list(row.values()) for row in csv.DictReader(handle)]
        assert from_parquet.values.tolist() == from_csv, name
    assert not list(tmp_path.glob(".parquet.*"))  # the staging folder was swapped in


def test_cli_scheduler_option_runs_on_that_cluster(
    corpus: Path, serial, cluster, tmp_path: Path, capsys
) -> None:
    code = main(
        ["extract", str(corpus), "--out", str(tmp_path), "--scheduler", cluster.scheduler_address]
    )
    assert code == 0, capsys.readouterr().err
    assert tables(tmp_path) == serial
    assert (tmp_path / "parquet" / "figures").is_dir()


def test_unreachable_scheduler_is_one_clear_error(
    corpus: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    code = main(
        ["extract", str(corpus), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: cannot connect to the Dask scheduler at tcp://127.0.0.1:9")
    assert not (tmp_path / "articles.csv").exists()  # nothing half-written


def test_unknown_engine_is_refused(corpus: Path) -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        list(engine.run([], engine="spark"))


def test_two_runs_give_byte_identical_tables(tmp_path: Path, shared_or_examples: Path) -> None:
    """Fresh interpreters with different hash seeds, so set-order leaks would show.

    The two runs go side by side (two cores), which also halves the test's wall time.
    """
    runs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run-{seed}"
        command = [sys.executable, "-m", "pipeline", "extract", str(shared_or_examples)]
        process = subprocess.Popen(
            [*command, "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        runs.append((process, out))
    outputs = []
    for process, out in runs:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        outputs.append(tables(out))
    for name in TABLES:
        first, second = (o[name].decode("utf-8").splitlines() for o in outputs)
        differing = [(a, b) for a, b in zip(first, second, strict=False) if a != b]
        assert first == second, f"{name}.csv differs, first at: {differing[:1]}"


@pytest.fixture
def shared_or_examples() -> Path:
    """The 30 dev articles when `../shared` is there (real text), else the project examples."""
    from tests.conftest import SHARED

    dev = SHARED / "corpus" / "dev" / "articles"
    return dev if dev.is_dir() else EXAMPLES


# --------------------------------------------------------------------------------------------
# Tokenizing ahead (`extract.extract_articles`): same results as one article at a time


_AHEAD_ARTICLES = {
    "several-batches": 7,
    "one-short-batch": 2,
    "exactly-one-batch": 3,
}


@pytest.mark.parametrize("count", _AHEAD_ARTICLES.values(), ids=_AHEAD_ARTICLES.keys())
def test_tokenizing_ahead_gives_the_results_of_one_article_at_a_time(monkeypatch, count) -> None:
    from pipeline import extract
    from tests.helpers import article_of

    monkeypatch.setattr(extract, "TOKENIZE_AHEAD", 3)
    articles = [
        article_of(f"UBND tỉnh Nghệ An sẽ đầu tư {n + 1} tỷ đồng.", article_id=f"a{n}")
        for n in range(count)
    ]
    alone = [extract.extract_article(article) for article in articles]
    ahead = list(extract.extract_articles(articles))
    assert [r.article_id for r in ahead] == [a.article_id for a in articles]
    assert [(r.tables, r.error) for r in ahead] == [(r.tables, r.error) for r in alone]


def test_an_article_failing_while_tokenized_ahead_fails_alone(monkeypatch) -> None:
    from pipeline import extract
    from tests.helpers import article_of

    real = extract.make_doc

    def make_doc(article):
        if article.article_id == "bad":
            raise ValueError("broken")
        return real(article)

    monkeypatch.setattr(extract, "make_doc", make_doc)
    ids = ["a", "bad", "b"]
    results = list(extract.extract_articles([article_of("Hà Nội.", article_id=i) for i in ids]))
    assert [r.article_id for r in results] == ids
    assert [bool(r.error) for r in results] == [False, True, False]
    assert "bad: extraction failed (ValueError('broken'))" in results[1].error


def test_an_article_past_its_budget_while_tokenized_ahead_times_out_alone(monkeypatch) -> None:
    from pipeline import extract
    from tests.helpers import article_of

    real = extract.make_doc

    def make_doc(article):
        if article.article_id == "slow":
            started = time.process_time()
            while time.process_time() - started < 5:  # burns CPU, as a pathological input
                pass
        return real(article)

    monkeypatch.setattr(extract, "make_doc", make_doc)
    ids = ["a", "slow", "b"]
    articles = [article_of("Hà Nội.", article_id=i) for i in ids]
    results = list(extract.extract_articles(articles, timeout=0.5))
    assert [bool(r.error) for r in results] == [False, True, False]
    assert "took more than 0.5 s of CPU" in results[1].error
