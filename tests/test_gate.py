"""The eval gate: floors fail the build, updates only raise them, saving never breaks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.evaluate.gate import (
    GATE_METRICS,
    check,
    flatten,
    load_baseline,
    save_baseline,
    update,
)


def _result(f1: float = 0.5, accuracy: float | None = 0.25) -> dict:
    """A minimal `score` result with every table filled the same way."""
    attributes = {
        "officials": ("titles", "locality"),
        "localities": (),
        "figures": ("qualifier", "value_max"),
        "commitments": ("deadline", "actor", "values"),
    }
    tables = {}
    for table, names in attributes.items():
        tables[table] = {
            "f1": f1,
            "attributes": {n: {"correct": 0, "total": 0, "accuracy": accuracy} for n in names},
        }
    tables["localities"]["name_only"] = {"f1": f1}
    return {"tables": tables}


def test_flatten_has_every_gated_metric() -> None:
    metrics = flatten(_result(f1=0.5, accuracy=0.25))
    assert set(metrics) == set(GATE_METRICS) and len(metrics) == 12
    assert metrics["localities.name_only_f1"] == 0.5
    assert metrics["commitments.actor_acc"] == 0.25


def test_flatten_reads_missing_accuracy_as_zero() -> None:
    assert flatten(_result(accuracy=None))["officials.titles_acc"] == 0.0
    assert flatten({"tables": {}})["figures.f1"] == 0.0


@pytest.mark.parametrize(
    ("value", "floor", "fails"),
    [
        pytest.param(0.80, 0.81, True, id="below"),
        pytest.param(0.81, 0.81, False, id="equal"),
        pytest.param(0.82, 0.81, False, id="above"),
        pytest.param(0.81 - 1e-12, 0.81, False, id="float-noise"),
        pytest.param(0.81 - 1e-6, 0.81, True, id="real-drop"),
    ],
)
def test_check(value: float, floor: float, fails: bool) -> None:
    failures = check({"figures.f1": value}, {"figures.f1": floor})
    assert bool(failures) is fails
    if fails:
        assert "figures.f1" in failures[0] and "floor" in failures[0]


def test_check_reports_each_failure_and_missing_metrics() -> None:
    baseline = {"figures.f1": 0.9, "officials.f1": 0.9, "old.metric": 0.1, "localities.f1": 0.1}
    failures = check({"figures.f1": 0.5, "officials.f1": 0.5, "localities.f1": 0.5}, baseline)
    assert len(failures) == 3
    assert any("old.metric" in f and "missing" in f for f in failures)


def test_update_raises_but_never_lowers() -> None:
    baseline = {"figures.f1": 0.6, "officials.f1": 0.6, "kept.metric": 0.3}
    new = update({"figures.f1": 0.7, "officials.f1": 0.5, "commitments.f1": 0.2}, baseline)
    assert new == {
        "figures.f1": 0.7,
        "officials.f1": 0.6,
        "kept.metric": 0.3,
        "commitments.f1": 0.2,
    }
    assert baseline == {"figures.f1": 0.6, "officials.f1": 0.6, "kept.metric": 0.3}


def test_update_lowers_only_when_allowed() -> None:
    new = update({"officials.f1": 0.5}, {"officials.f1": 0.6}, allow_lower=True)
    assert new == {"officials.f1": 0.5}


def test_save_rounds_down_sorts_and_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "eval" / "baseline.json"
    save_baseline(path, {"z.f1": 0.87659, "a.f1": 0.123, "m.f1": 1.0})
    first = path.read_text(encoding="utf-8")
    assert list(json.loads(first)) == ["a.f1", "m.f1", "z.f1"]
    assert load_baseline(path) == {"a.f1": 0.123, "m.f1": 1.0, "z.f1": 0.8765}
    save_baseline(path, load_baseline(path))
    assert path.read_text(encoding="utf-8") == first
    assert first.endswith("\n")


def test_load_baseline_missing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_baseline(tmp_path / "nope.json")


@given(st.floats(min_value=0.0, max_value=1.0))
def test_saved_floor_passes_its_own_measurement(value: float) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline.json"
        save_baseline(path, update({"figures.f1": value}, {}))
        floor = load_baseline(path)["figures.f1"]
    assert floor <= value
    assert value - floor < 1e-4 + 1e-12
    assert check({"figures.f1": value}, {"figures.f1": floor}) == []
