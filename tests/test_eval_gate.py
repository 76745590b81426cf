"""The evaluation gate in CI: the dev corpus must score at or above the committed floors."""

import json
from pathlib import Path

from pipeline.cli import main
from pipeline.evaluate import gate

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "corpus" / "eval" / "baseline.json"


def test_dev_corpus_meets_the_committed_floors(shared, tmp_path: Path, capsys) -> None:
    dev = shared / "corpus" / "dev"
    code = main(
        [
            "eval",
            "--articles",
            str(dev / "articles"),
            "--gold",
            str(dev / "gold"),
            "--out",
            str(tmp_path),
            "--baseline",
            str(BASELINE),
        ]
    )
    output = capsys.readouterr().out
    assert code == 0, output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    metrics = gate.flatten(report)
    assert gate.check(metrics, gate.load_baseline(BASELINE)) == []


def test_score_cli_prints_json(shared, tmp_path: Path, capsys) -> None:
    dev = shared / "corpus" / "dev"
    (tmp_path / "pred").mkdir()
    assert main(["score", str(dev / "gold"), str(tmp_path / "pred"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["tables"]["officials"]["f1"] == 0.0  # no predictions at all: honest zeros
