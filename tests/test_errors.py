"""`pipeline errors`: one line per scoring error, and exactly as many as the scorer counts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import score
from pipeline.evaluate.errors import list_errors
from pipeline.evaluate.scoring import PRED_COLUMNS, TABLES

GOLD = {
    "id": "a1",
    "officials": [
        {"name": "Đỗ Đức Duy", "titles": ["Phó Bí thư Tỉnh ủy"], "locality": "tỉnh Yên Bái"},
        {"name": "Nguyễn Văn A", "titles": ["Chủ tịch UBND"], "locality": "huyện Mê Linh"},
    ],
    "localities": [{"type": "tỉnh", "name": "Yên Bái"}],
    "figures": [
        {
            "text": "hơn 5 tỷ đồng",
            "kind": "money",
            "value": 5e9,
            "unit": "VND",
            "qualifier": "more_than",
        },
        {
            "text": "30%",
            "kind": "percent",
            "value": 30,
            "unit": "%",
            "qualifier": None,
            "optional": True,
        },
    ],
    "commitments": [
        {
            "key": "100% số trường công lập",
            "actor": "quận Ba Đình",
            "deadline": 2025,
            "values": [100],
        },
        {"key": "xây dựng 5 cầu", "actor": "UBND tỉnh Yên Bái", "deadline": 2020, "values": [5]},
    ],
}
ARTICLE = (
    "Yên Bái đặt mục tiêu\n"
    "Phó Bí thư Tỉnh ủy Đỗ Đức Duy cho biết tỉnh sẽ xây dựng 5 cầu đến năm 2020.\n"
    "Ông Nguyễn Văn A, Chủ tịch UBND huyện Mê Linh, dự họp.\n"
)
PREDS = {
    "officials": [
        # matched, locality wrong → DIFF officials.locality
        {
            "name": "Đỗ Đức Duy",
            "titles": "Phó Bí thư Tỉnh ủy",
            "locality": "",
            "evidence": "Phó Bí thư Tỉnh ủy Đỗ Đức Duy",
        },
        # matches nothing → EXTRA
        {
            "name": "Trần Văn B",
            "titles": "Giám đốc Sở",
            "locality": "",
            "evidence": "Giám đốc Sở Trần Văn B",
        },
    ],  # Nguyễn Văn A is missed → MISS
    "localities": [{"type": "tỉnh", "name": "Yên Bái", "parent": "", "evidence": "tỉnh Yên Bái"}],
    "figures": [
        # matched, qualifier wrong → DIFF figures.qualifier
        {
            "text": "5 tỷ đồng",
            "kind": "money",
            "value": "5000000000",
            "unit": "VND",
            "qualifier": "",
            "evidence": "5 tỷ đồng",
        },
        # matches the optional gold item: neither TP nor FP, no line
        {"text": "30%", "kind": "percent", "value": "30", "unit": "%", "evidence": "30%"},
    ],
    "commitments": [
        # matched; deadline and actor wrong → two DIFF lines
        {
            "actor": "Bộ Xây dựng",
            "deadline": "2021",
            "values": "5",
            "evidence": "tỉnh sẽ xây dựng 5 cầu đến năm 2020",
        },
        {
            "actor": "",
            "deadline": "",
            "values": "",
            "evidence": "tiếp tục đẩy mạnh cải cách",
        },  # EXTRA
    ],  # 100% số trường công lập is missed → MISS
}


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "set"
    (corpus / "gold").mkdir(parents=True)
    (corpus / "articles").mkdir()
    (corpus / "gold" / "a1.json").write_text(json.dumps(GOLD, ensure_ascii=False), "utf-8")
    (corpus / "gold" / "quiet.json").write_text('{"id": "quiet"}', "utf-8")
    (corpus / "articles" / "a1.txt").write_text(ARTICLE, "utf-8")
    pred = tmp_path / "pred"
    pred.mkdir()
    for table in TABLES:
        with (pred / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=PRED_COLUMNS[table])
            writer.writeheader()
            for row in PREDS[table]:
                writer.writerow({"article_id": "a1", **row})
    return corpus / "gold", pred


def test_every_kind_of_line(case) -> None:
    gold, pred = case
    lines = list_errors(gold, pred).lines
    assert lines[0] == "── a1"
    body = "\n".join(lines)
    expected = [
        "MISS  officials  name=Nguyễn Văn A titles=[Chủ tịch UBND] locality=huyện Mê Linh",
        "        Ông Nguyễn Văn A, Chủ tịch UBND huyện Mê Linh, dự họp.",
        "EXTRA officials  row 1  name=Trần Văn B titles=Giám đốc Sở",
        "        evidence: Giám đốc Sở Trần Văn B",
        "DIFF  officials.locality  row 0  gold=tỉnh Yên Bái predicted=∅  (name: Đỗ Đức Duy)",
        "        evidence: Phó Bí thư Tỉnh ủy Đỗ Đức Duy",
        "DIFF  figures.qualifier  row 0  gold=more_than predicted=∅  (text: hơn 5 tỷ đồng)",
        "MISS  commitments  key=100% số trường công lập actor=quận Ba Đình deadline=2025 values=[100]",
        "EXTRA commitments  row 1",
        "        evidence: tiếp tục đẩy mạnh cải cách",
        "DIFF  commitments.deadline  row 0  gold=2020 predicted=2021  (key: xây dựng 5 cầu)",
        "DIFF  commitments.actor  row 0  gold=UBND tỉnh Yên Bái predicted=Bộ Xây dựng  (key: xây dựng 5 cầu)",
        "        evidence: tỉnh sẽ xây dựng 5 cầu đến năm 2020",
    ]
    for line in expected:
        assert line in lines, f"missing line {line!r} in\n{body}"
    assert "quiet" not in body  # an article without errors gets no heading
    assert "30%" not in body  # a prediction on an optional item is no error
    assert lines[-4:] == [
        "officials: 1 MISS (fn 1), 1 EXTRA (fp 1), 1 DIFF",
        "localities: 0 MISS (fn 0), 0 EXTRA (fp 0), 0 DIFF",
        "figures: 0 MISS (fn 0), 0 EXTRA (fp 0), 1 DIFF",
        "commitments: 1 MISS (fn 1), 1 EXTRA (fp 1), 2 DIFF",
    ]


def test_miss_and_extra_lines_equal_the_scorers_fn_and_fp(case) -> None:
    gold, pred = case
    result = score(gold, pred)
    listing = list_errors(gold, pred)
    for table in TABLES:
        summary = result["tables"][table]
        assert listing.counts[table]["MISS"] == summary["fn"], table
        assert listing.counts[table]["EXTRA"] == summary["fp"], table


@pytest.mark.parametrize(
    ("options", "present", "absent"),
    [
        pytest.param(
            ["--table", "commitments"], ["MISS  commitments"], ["officials"], id="one-table"
        ),
        pytest.param(
            ["--article", "quiet"], ["commitments: 0 MISS (fn 0)"], ["── a1"], id="one-article"
        ),
        pytest.param(
            ["--table", "figures", "--article", "a1"],
            ["DIFF  figures.qualifier"],
            ["MISS  ", "officials"],
            id="both",
        ),
    ],
)
def test_filters(case, capsys, options, present, absent) -> None:
    gold, pred = case
    assert main(["errors", str(gold), str(pred), *options]) == 0
    out = capsys.readouterr().out
    for text in present:
        assert text in out
    for text in absent:
        assert text not in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(
            ["--article", "nope"], "article 'nope' has no gold file", id="unknown-article"
        ),
        pytest.param([], "no such prediction folder", id="missing-pred"),
    ],
)
def test_errors_cli_fails_in_one_line(case, capsys, tmp_path, options, message) -> None:
    gold, pred = case
    target = tmp_path / "missing" if not options else pred
    assert main(["errors", str(gold), str(target), *options]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_train_commitments_lines_equal_the_score(shared: Path, tmp_path: Path) -> None:
    """On the real train set, MISS and EXTRA lines equal the scorer's fn and fp exactly."""
    from pipeline.runner import extract_to_dir

    train = shared / "corpus" / "train"
    if not train.is_dir():
        pytest.skip(f"no train set at {train}")
    extract_to_dir([train / "articles"], tmp_path, progress=False)
    result = score(train / "gold", tmp_path)["tables"]["commitments"]
    listing = list_errors(train / "gold", tmp_path, table="commitments")
    lines = listing.lines
    assert sum(line.startswith("MISS  commitments") for line in lines) == result["fn"]
    assert sum(line.startswith("EXTRA commitments") for line in lines) == result["fp"]
    assert sum(line.startswith("DIFF  commitments.") for line in lines) == len(
        result["attribute_errors"]
    )
