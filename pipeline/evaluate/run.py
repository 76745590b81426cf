"""`make eval`: extract the dev corpus, score it against gold, and hold the line on the floors.

Modelled on trafilatura's evaluation gate: the floors live in a committed baseline file, a run
below any floor fails, and floors only go up (`--update`) unless lowering is asked for
explicitly (`--allow-lower`), so a regression can never slip in unnoticed.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.evaluate import gate
from pipeline.evaluate.scoring import format_report, score
from pipeline.runner import extract_to_dir

log = logging.getLogger(__name__)


def run_eval(
    articles: Path,
    gold: Path,
    out: Path,
    baseline: Path,
    update: bool = False,
    allow_lower: bool = False,
) -> int:
    """Run the gate; print the report; return the process exit code (1 below a floor)."""
    if not articles.is_dir() or not gold.is_dir():
        print(f"eval: the dev corpus is missing ({articles}, {gold}); nothing to evaluate")
        return 1
    pred = out / "pred"
    summary = extract_to_dir([articles], pred, progress=False)
    result = score(gold, pred)
    metrics = gate.flatten(result)
    out.mkdir(parents=True, exist_ok=True)
    report = format_report(result)
    (out / "report.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (out / "report.txt").write_text(report + "\n", encoding="utf-8")
    print(report)
    print(f"({summary.articles} articles extracted, {summary.failed} failed; report in {out})")
    floors = gate.load_baseline(baseline)
    if update:
        floors = gate.update(metrics, floors, allow_lower=allow_lower)
        gate.save_baseline(baseline, floors)
        print(f"baseline updated: {baseline}")
    failures = gate.check(metrics, floors)
    for failure in failures:
        print(f"BELOW FLOOR: {failure}")
    if failures:
        return 1
    print(f"eval gate passed ({len(floors)} floors in {baseline})")
    return 0
