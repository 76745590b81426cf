"""The eval gate: scores may only go up.

Modelled on trafilatura's evaluation gate: a committed baseline file
(`corpus/eval/baseline.json`) holds a floor per metric; `make eval` scores the dev corpus,
`check` fails the build when any metric drops below its floor, and `update` ratchets the floors
up after a real improvement. A floor is never lowered by accident: that needs
``allow_lower=True`` and shows up as a diff of the committed file, to be justified in review.
"""

from __future__ import annotations

import json
import logging
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_BASELINE = Path("corpus/eval/baseline.json")
EPSILON = 1e-9  # float noise allowed below a floor
DECIMALS = 4

# The gated metrics: flattened name → (table, path into the table's summary).
GATE_METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "officials.f1": ("officials", ("f1",)),
    "officials.titles_acc": ("officials", ("attributes", "titles", "accuracy")),
    "officials.locality_acc": ("officials", ("attributes", "locality", "accuracy")),
    "localities.f1": ("localities", ("f1",)),
    "localities.name_only_f1": ("localities", ("name_only", "f1")),
    "figures.f1": ("figures", ("f1",)),
    "figures.qualifier_acc": ("figures", ("attributes", "qualifier", "accuracy")),
    "figures.value_max_acc": ("figures", ("attributes", "value_max", "accuracy")),
    "commitments.f1": ("commitments", ("f1",)),
    "commitments.deadline_acc": ("commitments", ("attributes", "deadline", "accuracy")),
    "commitments.actor_acc": ("commitments", ("attributes", "actor", "accuracy")),
    "commitments.values_acc": ("commitments", ("attributes", "values", "accuracy")),
}


def flatten(result: dict[str, Any]) -> dict[str, float]:
    """The gated metrics of a `score` result as ``{"officials.f1": 0.83, ...}``.

    An accuracy with no matched pair (None) reads as 0.0: nothing has been shown to be right,
    so it cannot hold up a floor above zero.
    """
    metrics: dict[str, float] = {}
    for name, (table, path) in GATE_METRICS.items():
        value: Any = result.get("tables", {}).get(table, {})
        for step in path:
            value = value.get(step) if isinstance(value, dict) else None
        metrics[name] = float(value) if value is not None else 0.0
    return metrics


def check(metrics: dict[str, float], baseline: dict[str, float]) -> list[str]:
    """One readable message per metric below its floor (empty list: the gate passes).

    A metric that has a floor but is missing from `metrics` fails too, so renaming a metric
    cannot silently switch its gate off.
    """
    failures = []
    for name in sorted(baseline):
        floor = float(baseline[name])
        if name not in metrics:
            failures.append(f"{name}: missing from the results (floor {floor:.4f})")
            continue
        value = metrics[name]
        if value < floor - EPSILON:
            failures.append(
                f"{name}: {value:.4f} is below its floor {floor:.4f} (-{floor - value:.4f})"
            )
    return failures


def update(
    metrics: dict[str, float], baseline: dict[str, float], allow_lower: bool = False
) -> dict[str, float]:
    """A new baseline with each floor raised to the current value.

    Floors only go up unless `allow_lower` is True (then every floor becomes the current
    value). Metrics new to the baseline get the current value as their floor; floors of
    metrics not measured now are kept. The input baseline is not modified.
    """
    new = dict(baseline)
    for name, value in metrics.items():
        old = new.get(name)
        if old is None or allow_lower or value > old:
            if old is not None and value < old:
                log.warning("lowering the floor of %s from %.4f to %.4f", name, old, value)
            new[name] = value
    return new


def _round_down(value: float) -> float:
    """`value` rounded down to DECIMALS places, so a measured value passes its own floor."""
    rounded = Decimal(repr(float(value))).quantize(
        Decimal(1).scaleb(-DECIMALS), rounding=ROUND_FLOOR
    )
    return float(rounded)


def load_baseline(path: str | Path = DEFAULT_BASELINE) -> dict[str, float]:
    """The floors stored at `path`. A missing file is an error: a gate with no floors would
    pass anything."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a baseline is a JSON object of metric floors")
    return {str(name): float(value) for name, value in data.items()}


def save_baseline(path: str | Path, baseline: dict[str, float]) -> None:
    """Write floors with sorted keys, two-space indent and a final newline (stable diffs),
    each rounded down to 4 decimals."""
    rounded = {name: _round_down(value) for name, value in sorted(baseline.items())}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rounded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
