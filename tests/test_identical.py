"""The byte-identity checker of refactors (`pipeline.evaluate.identical`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.identical import differences, main


def tables(root: Path, **files: str) -> Path:
    for name, text in files.items():
        (root / f"{name}.csv").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{name}.csv").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("out_files", "expected"),
    [
        pytest.param({"dev/figures": "a\n"}, [], id="identical"),
        pytest.param({"dev/figures": "b\n"}, ["differs: dev/figures.csv"], id="one-byte"),
        pytest.param({}, ["missing:"], id="missing"),
        pytest.param({"dev/figures": "a\n", "dev/x": ""}, ["extra:"], id="extra"),
    ],
)
def test_differences(tmp_path: Path, out_files: dict[str, str], expected: list[str]) -> None:
    ref = tables(tmp_path / "ref", **{"dev/figures": "a\n"})
    out = tables(tmp_path / "out", **out_files)
    found = differences(ref, out)
    assert len(found) == len(expected)
    assert all(line.startswith(prefix) for line, prefix in zip(found, expected, strict=True))


def test_exit_code_says_whether_identical(tmp_path: Path) -> None:
    ref = tables(tmp_path / "ref", figures="a\n")
    assert main([str(ref), str(tables(tmp_path / "same", figures="a\n"))]) == 0
    assert main([str(ref), str(tables(tmp_path / "other", figures="b\n"))]) == 1
