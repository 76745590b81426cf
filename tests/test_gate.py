"""The eval gate: union floors and per-set losses fail the build, updates only raise them (a
lowering needs a reason that is kept), saving never breaks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.evaluate.gate import (
    GATE_METRICS,
    Baseline,
    GateError,
    check,
    check_sets,
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
    baseline = Baseline(floors={"figures.f1": 0.6, "officials.f1": 0.6, "kept.metric": 0.3})
    new = update(baseline, {"figures.f1": 0.7, "officials.f1": 0.5, "commitments.f1": 0.2}, {})
    assert new.floors == {
        "figures.f1": 0.7,
        "officials.f1": 0.6,
        "kept.metric": 0.3,
        "commitments.f1": 0.2,
    }
    assert baseline.floors["figures.f1"] == 0.6  # the input is not modified
    assert new.history == []


def test_update_raises_set_references_but_never_lowers() -> None:
    baseline = Baseline(sets={"dev": {"officials.f1": 1.0, "figures.f1": 0.9}})
    new = update(
        baseline,
        {},
        {"dev": {"officials.f1": 0.99, "figures.f1": 0.95}, "train": {"figures.f1": 0.8}},
    )
    assert new.sets == {
        "dev": {"officials.f1": 1.0, "figures.f1": 0.95},
        "train": {"figures.f1": 0.8},
    }


def test_update_keeps_only_table_f1_per_set() -> None:
    new = update(Baseline(), {}, {"dev": {"figures.f1": 0.9, "figures.qualifier_acc": 0.5}})
    assert new.sets == {"dev": {"figures.f1": 0.9}}


def test_lowering_needs_a_reason() -> None:
    with pytest.raises(GateError, match="reason"):
        update(Baseline(floors={"officials.f1": 0.6}), {"officials.f1": 0.5}, {}, allow_lower=True)


def test_lowering_with_a_reason_is_recorded() -> None:
    baseline = Baseline(floors={"officials.f1": 0.6}, sets={"dev": {"officials.f1": 1.0}})
    new = update(
        baseline,
        {"officials.f1": 0.5},
        {"dev": {"officials.f1": 0.97}},
        allow_lower=True,
        reason="broader enumeration rule: -1 dev, +9 train",
        today="2026-12-06",
    )
    assert new.floors == {"officials.f1": 0.5}
    assert new.sets == {"dev": {"officials.f1": 0.97}}
    assert new.history == [
        {
            "date": "2026-12-06",
            "reason": "broader enumeration rule: -1 dev, +9 train",
            "lowered": [
                {"where": "all", "metric": "officials.f1", "from": 0.6, "to": 0.5},
                {"where": "dev", "metric": "officials.f1", "from": 1.0, "to": 0.97},
            ],
        }
    ]


@pytest.mark.parametrize(
    ("value", "reference", "fails"),
    [
        pytest.param(0.97, 1.0, True, id="loss-over-tolerance"),
        pytest.param(0.98, 1.0, False, id="loss-at-tolerance"),
        pytest.param(0.99, 1.0, False, id="small-loss"),
        pytest.param(1.0, 0.9, False, id="gain"),
    ],
)
def test_check_sets(value: float, reference: float, fails: bool) -> None:
    failures = check_sets(
        {"train": {"commitments.f1": value}}, {"train": {"commitments.f1": reference}}
    )
    assert bool(failures) is fails
    if fails:
        assert failures[0].startswith("set train: commitments.f1")


def test_check_sets_ignores_unmeasured_sets_and_attributes() -> None:
    references = {"dev": {"officials.f1": 1.0}, "post2025": {"officials.f1": 1.0}}
    assert check_sets({"dev": {"officials.f1": 1.0, "officials.titles_acc": 0.1}}, references) == []
    assert check_sets({"new": {"officials.f1": 0.1}}, references) == []


def test_save_rounds_down_sorts_and_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "eval" / "baseline.json"
    baseline = Baseline(
        floors={"z.f1": 0.87659, "a.f1": 0.123, "m.f1": 1.0}, sets={"dev": {"figures.f1": 0.99999}}
    )
    save_baseline(path, baseline)
    first = path.read_text(encoding="utf-8")
    assert list(json.loads(first)["floors"]) == ["a.f1", "m.f1", "z.f1"]
    loaded = load_baseline(path)
    assert loaded.floors == {"a.f1": 0.123, "m.f1": 1.0, "z.f1": 0.8765}
    assert loaded.sets == {"dev": {"figures.f1": 0.9999}}
    save_baseline(path, loaded)
    assert path.read_text(encoding="utf-8") == first
    assert first.endswith("\n")
    assert [p.name for p in path.parent.iterdir()] == ["baseline.json"]  # no temp file left


def test_save_is_atomic_when_writing_fails(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "baseline.json"
    save_baseline(path, Baseline(floors={"a.f1": 0.5}))
    before = path.read_text(encoding="utf-8")

    def broken_dumps(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("os.fsync", lambda fd: broken_dumps())
    with pytest.raises(RuntimeError):
        save_baseline(path, Baseline(floors={"a.f1": 0.9}))
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "no baseline file", id="missing"),
        pytest.param("{", "unreadable", id="malformed-json"),
        pytest.param('{"figures.f1": 0.9}', "format 2", id="old-flat-format"),
        pytest.param('{"format": 2, "floors": {"a": "x"}}', "not a number", id="bad-value"),
    ],
)
def test_load_baseline_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GateError, match=message):
        load_baseline(path)


@given(st.floats(min_value=0.0, max_value=1.0))
def test_saved_floor_passes_its_own_measurement(value: float) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline.json"
        save_baseline(path, update(Baseline(), {"figures.f1": value}, {}))
        floor = load_baseline(path).floors["figures.f1"]
    assert floor <= value
    assert value - floor < 1e-4 + 1e-12
    assert check({"figures.f1": value}, {"figures.f1": floor}) == []
