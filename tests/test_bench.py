"""`make bench` plumbing: the README section, and one tiny end-to-end run on the examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import bench

README = """# Title

## Benchmark

<!-- bench:start -->
(old figures)
<!-- bench:end -->

## After
"""


def test_readme_section_between_markers_is_replaced(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    assert bench.update_readme(readme, "| new | table |\n")
    text = readme.read_text(encoding="utf-8")
    assert "(old figures)" not in text
    assert "<!-- bench:start -->\n| new | table |\n<!-- bench:end -->" in text
    assert text.startswith("# Title") and text.endswith("## After\n")
    assert bench.update_readme(readme, "| newer |\n")  # and again: still one section
    assert readme.read_text(encoding="utf-8").count("bench:start") == 1


@pytest.mark.parametrize(
    "content",
    [pytest.param("# No markers\n", id="no-markers"), pytest.param(None, id="no-readme")],
)
def test_readme_without_markers_is_left_alone(tmp_path: Path, content: str | None) -> None:
    readme = tmp_path / "README.md"
    if content is not None:
        readme.write_text(content, encoding="utf-8")
    assert not bench.update_readme(readme, "| table |\n")
    assert (readme.read_text(encoding="utf-8") if readme.exists() else None) == content


def test_bench_end_to_end_on_repeated_examples(tmp_path: Path, monkeypatch) -> None:
    """The fallback corpus (the project's examples, repeated) through both child runs."""
    monkeypatch.setattr(bench, "SMALL_RUN", 5)
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    figures = bench.run_bench(tmp_path / "absent.jsonl", 12, tmp_path / "out", readme, 3)
    saved = json.loads((tmp_path / "out" / "bench.json").read_text(encoding="utf-8"))
    assert saved == figures
    assert figures["articles"] == 12 and figures["failed"] == 0
    assert "repeated" in figures["corpus"]
    assert figures["floor_cpu_s"] > 0 and figures["ratio_cpu"] > 1  # tokenizing is part of it
    assert list(figures["peak_rss_mb"]) == ["5 articles", "12 articles"]
    assert figures["breakdown_s"]["articles"] == 3
    section = readme.read_text(encoding="utf-8")
    assert "**ratio**" in section and "(old figures)" not in section
    assert (tmp_path / "out" / "bench.md").read_text(encoding="utf-8") in section
