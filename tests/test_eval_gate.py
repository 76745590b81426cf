"""The evaluation gate in CI: every gold set is scored, the union holds its floors, and no set
takes a large loss against its reference."""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import gate, score
from pipeline.evaluate.sets import EVAL_SETS, combine

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "corpus" / "eval" / "baseline.json"


def _all_sets(shared: Path) -> None:
    missing = [s.name for s in EVAL_SETS if not s.present(shared)]
    if missing:
        pytest.skip(f"gold sets missing under {shared / 'corpus'}: {', '.join(missing)}")


@pytest.fixture(scope="module")
def eval_run(tmp_path_factory) -> tuple[int, str, Path]:
    """One `pipeline eval` over every set against the committed baseline (about 15 s)."""
    from tests.conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    _all_sets(SHARED)
    out = tmp_path_factory.mktemp("eval")
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(
            ["eval", "--shared", str(SHARED), "--out", str(out), "--baseline", str(BASELINE)]
        )
    return code, buffer.getvalue(), out


def test_gold_sets_meet_the_committed_gate(eval_run) -> None:
    code, output, _ = eval_run
    assert code == 0, output
    assert "eval gate passed" in output


def test_eval_prints_each_set_and_the_union(eval_run) -> None:
    _, output, out = eval_run
    for heading in ("== dev", "== train", "== post2025", "== all (dev + train + post2025;"):
        assert heading in output
    assert "dev (30)" in output and "train (128)" in output and "all (163)" in output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report) - {"silver", "silver-dev"} == {"dev", "train", "post2025", "all"}
    assert report["all"]["n_articles"] == 163


def test_union_is_the_same_as_scoring_all_gold_at_once(shared: Path, eval_run, tmp_path) -> None:
    """`combine` of the per-set results equals scoring one folder holding every set."""
    _, _, out = eval_run
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    results = {}
    for eval_set in EVAL_SETS:
        for path in eval_set.gold(shared).glob("*.json"):
            shutil.copy(path, gold / path.name)
        results[eval_set.name] = score(eval_set.gold(shared), out / "pred" / eval_set.name)
    for table in ("officials", "localities", "figures", "commitments", "articles"):
        frames = [(out / "pred" / s.name / f"{table}.csv").read_text("utf-8") for s in EVAL_SETS]
        body = [line for f in frames for line in f.splitlines()[1:]]
        (pred / f"{table}.csv").write_text("\n".join([frames[0].splitlines()[0], *body]) + "\n")
    direct = score(gold, pred)
    combined = combine(results)
    assert gate.flatten(combined) == pytest.approx(gate.flatten(direct))
    for table in ("officials", "localities", "figures", "commitments"):
        for key in ("tp", "fp", "fn", "optional_matched"):
            assert combined["tables"][table][key] == direct["tables"][table][key], (table, key)


def test_eval_update_refuses_to_lower_without_allow_lower(
    eval_run, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The gate's update path on the real results (re-used, not re-extracted)."""
    _, _, out = eval_run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    results = {name: report[name] for name in ("dev", "train", "post2025")}
    monkeypatch.setattr(
        "pipeline.evaluate.run.score_sets",
        lambda shared, names, out: ({n: results[n] for n in names if n in results}, [], []),
    )
    baseline = tmp_path / "baseline.json"
    gate.save_baseline(baseline, gate.Baseline(floors={"officials.f1": 1.0}))
    args = ["eval", "--out", str(tmp_path), "--baseline", str(baseline)]
    assert main([*args, "--sets", "dev"]) == 0  # the union is not judged on one set
    assert main([*args, "--update"]) == 1
    assert "GATE FAILED: all: officials.f1" in capsys.readouterr().out
    assert gate.load_baseline(baseline).floors["officials.f1"] == 1.0
    assert main([*args, "--update", "--allow-lower"]) == 1  # no reason given
    assert "needs a reason" in capsys.readouterr().err
    assert main([*args, "--update", "--allow-lower", "--reason", "test"]) == 0
    lowered = gate.load_baseline(baseline)
    assert lowered.floors["officials.f1"] < 1.0
    assert lowered.history[-1]["reason"] == "test"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["/nonexistent", "/nonexistent"],
            "/nonexistent: no such gold folder",
            id="no-gold-folder",
        ),
        pytest.param(
            ["{gold}", "/nonexistent"],
            "/nonexistent: no such prediction folder",
            id="no-pred-folder",
        ),
        pytest.param(["{empty}", "{pred}"], "no gold files", id="gold-folder-without-files"),
        pytest.param(["{gold}", "{empty}"], "no predicted tables", id="empty-pred-folder"),
    ],
)
def test_score_without_gold_or_predictions_fails_in_one_line(
    tmp_path: Path, capsys, args: list[str], message: str
) -> None:
    folders = {name: tmp_path / name for name in ("gold", "pred", "empty")}
    for folder in folders.values():
        folder.mkdir()
    (folders["gold"] / "a1.json").write_text('{"id": "a1"}', encoding="utf-8")
    (folders["pred"] / "figures.csv").write_text("article_id,kind,value\n", encoding="utf-8")
    argv = [arg.format(**folders) for arg in args]
    assert main(["score", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_score_cli_prints_json(shared, tmp_path: Path, capsys) -> None:
    dev = shared / "corpus" / "dev"
    (tmp_path / "pred").mkdir()
    (tmp_path / "pred" / "officials.csv").write_text("article_id,name\n", encoding="utf-8")
    assert main(["score", str(dev / "gold"), str(tmp_path / "pred"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["tables"]["officials"]["f1"] == 0.0  # nothing predicted: honest zeros


def test_a_set_whose_articles_fail_to_extract_fails_the_gate(tmp_path: Path) -> None:
    """The extractor keeps the tables an earlier run wrote when an article fails, so scoring
    them would grade stale rows: a failed article fails the eval instead."""
    from pipeline.evaluate.run import run_eval

    shared = tmp_path / "shared"
    articles, gold_dir = shared / "corpus" / "dev" / "articles", shared / "corpus" / "dev" / "gold"
    articles.mkdir(parents=True)
    gold_dir.mkdir(parents=True)
    text = "UBND TP Hà Nội đặt mục tiêu đến năm 2025 xây mới 100 trường học.\n"
    (articles / "a1.txt").write_text(text, encoding="utf-8")
    empty = {"officials": [], "localities": [], "figures": [], "commitments": []}
    (gold_dir / "a1.json").write_text(json.dumps({"id": "a1", **empty}), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    gate.save_baseline(baseline, gate.Baseline(floors={}))
    out = tmp_path / "out"
    first = run_eval(shared, out, baseline, set_names=["dev"])
    assert not first.failures and "dev" in first.results
    (articles / "a1.txt").write_bytes(b"")  # now fails to extract: an empty file
    second = run_eval(shared, out, baseline, set_names=["dev"])
    assert second.failures == ["dev: 1 articles failed to extract (see the log); not scored"]
    assert "dev" not in second.results
