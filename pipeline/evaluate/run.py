"""`make eval`: extract every gold set, score each on its own and all together, hold the line.

Each set is extracted into ``OUT/pred/<set>/`` and scored against its own gold; the union is
the sum of the sets' counts (`sets.combine`). The report prints one table per set and a
comparison of F1 across sets, so a change that helps dev and hurts train shows at once; the
same figures go to ``OUT/report.json`` and ``OUT/report.txt``.
"""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluate import gate
from pipeline.evaluate.scoring import TABLES, format_report, score
from pipeline.evaluate.sets import EVAL_SETS, SILVER_SETS, UNION, SilverSet, combine, eval_set
from pipeline.io import atomic_write_text
from pipeline.runner import extract_to_dir

log = logging.getLogger(__name__)


@dataclass
class EvalOutcome:
    """What `run_eval` found: the printable report, the gate's failures and the exit code."""

    report: str
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


def _comparison(results: dict[str, dict[str, Any]]) -> str:
    """F1 per table (rows) and set (columns), with each set's article count in the header."""
    names = list(results)
    labels = [f"{name} ({results[name]['n_articles']})" for name in names]
    header = f"{'F1':<26}" + "".join(f"{label:>16}" for label in labels)
    lines = [header]
    for table in TABLES:
        cells = "".join(f"{results[n]['tables'][table]['f1']:>16.3f}" for n in names)
        lines.append(f"{table:<26}{cells}")
    for name, (_table, path) in gate.GATE_METRICS.items():
        if path == ("f1",):
            continue
        cells = "".join(f"{gate.flatten(results[n])[name]:>16.3f}" for n in names)
        lines.append(f"  {name:<24}{cells}")
    return "\n".join(lines)


def _silver_inputs(silver: SilverSet, shared: Path, folder: Path) -> Path:
    """A JSONL in `folder` holding the bench records that the silver gold annotates."""
    wanted = {path.stem for path in silver.gold(shared).glob("*.json")}
    target = folder / f"{silver.name}.jsonl"
    with silver.articles(shared).open(encoding="utf-8") as source, target.open("w") as out:
        for line in source:
            try:
                record_id = json.loads(line).get("id")
            except json.JSONDecodeError:
                continue
            if record_id in wanted:
                out.write(line)
    return target


def score_sets(
    shared: Path, set_names: list[str], out: Path
) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """Extract and score each named set present under `shared`: (scores, notes saying what was
    missing, failures). A set with an article that failed to extract is not scored: the
    extractor keeps the tables an earlier run wrote, so its scores would be stale, and a gate
    passed on them would hide the break (a rules file that no longer loads fails every article).
    """
    results: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    failures: list[str] = []
    for name in set_names:
        eval_set_ = eval_set(name)
        if not eval_set_.present(shared):
            notes.append(f"set {name}: not found ({eval_set_.gold(shared)}); skipped")
            continue
        pred = out / "pred" / name
        with tempfile.TemporaryDirectory() as folder:
            inputs = eval_set_.articles(shared)
            if isinstance(eval_set_, SilverSet):
                inputs = _silver_inputs(eval_set_, shared, Path(folder))
            summary = extract_to_dir([inputs], pred, progress=False)
        if summary.failed:
            failures.append(
                f"{name}: {summary.failed} articles failed to extract (see the log); not scored"
            )
            continue
        results[name] = score(eval_set_.gold(shared), pred)
    return results, notes, failures


def run_eval(
    shared: Path,
    out: Path,
    baseline_path: Path,
    set_names: list[str] | None = None,
    update: bool = False,
    allow_lower: bool = False,
    reason: str | None = None,
) -> EvalOutcome:
    """Score the gold sets, write the report, check (or with `update`, raise) the gate.

    The union floors are only judged when every known set was scored, since the union of a
    subset is another population; the per-set rule is judged for each set scored.
    """
    set_names = list(set_names or [s.name for s in EVAL_SETS + SILVER_SETS])
    scored, notes, extract_failures = score_sets(shared, set_names, out)
    gold_names = {s.name for s in EVAL_SETS}
    results = {name: result for name, result in scored.items() if name in gold_names}
    silver = {name: result for name, result in scored.items() if name not in gold_names}
    if not scored:
        found = extract_failures or [f"no gold set found under {shared / 'corpus'}"]
        return EvalOutcome(report="", failures=found, notes=notes)
    complete = len(results) == len(EVAL_SETS)
    all_results = dict(results)
    if len(results) > 1:
        all_results[UNION] = combine(results)
    all_results.update(silver)
    sections = []
    for name, result in all_results.items():
        title = f"== {name}"
        if name == UNION:
            title = f"== {UNION} ({' + '.join(results)}; the gate's floors)"
        elif name in silver:
            title = f"== {name} (made in this project, not gold: reported, never gated)"
        sections.append(f"{title}\n{format_report(result)}")
    sections.append("== F1 and attributes per set\n" + _comparison(all_results))
    report = "\n\n".join(sections)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(
        out / "report.json",
        json.dumps(all_results, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
    )
    atomic_write_text(out / "report.txt", report + "\n")

    if not results:
        notes.append("no gold set scored: nothing to gate")
        return EvalOutcome(
            report=report, failures=extract_failures, notes=notes, results=all_results
        )
    union_metrics = gate.flatten(all_results.get(UNION, next(iter(results.values()))))
    set_metrics = {name: gate.flatten(result) for name, result in results.items()}
    baseline = gate.load_baseline(baseline_path)
    if update:
        if not complete:
            notes.append("floors on the union left as they were: not every set was scored")
            union_metrics = {}
        baseline = gate.update(
            baseline, union_metrics, set_metrics, allow_lower=allow_lower, reason=reason
        )
        gate.save_baseline(baseline_path, baseline)
        notes.append(f"baseline updated: {baseline_path}")
    failures = gate.check_sets(set_metrics, baseline.sets, baseline.tolerance)
    if complete:
        failures = [f"all: {f}" for f in gate.check(union_metrics, baseline.floors)] + failures
    else:
        notes.append("union floors not judged: not every set was scored")
    failures = extract_failures + failures
    return EvalOutcome(report=report, failures=failures, notes=notes, results=all_results)
