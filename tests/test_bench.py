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
    saved = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved == figures
    assert figures["articles"] == 12 and figures["failed"] == 0
    assert "repeated" in figures["corpus"]
    assert figures["floor_cpu_s"] > 0 and figures["ratio_cpu"] > 1  # tokenizing is part of it
    assert list(figures["peak_rss_mb"]) == ["5 articles", "12 articles"]
    assert figures["breakdown_s"]["articles"] == 3
    section = readme.read_text(encoding="utf-8")
    assert "**ratio**" in section and "(old figures)" not in section
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8") in section


def test_make_bench_touches_no_tracked_file(monkeypatch, tmp_path: Path) -> None:
    """`make bench` runs `python -m pipeline.bench` with no --readme: README.md and the
    tracked files stay as they are; the report goes to ignored files under corpus/bench/."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    calls = []
    monkeypatch.setattr(bench, "run_bench", lambda *args: calls.append(args) or _FIGURES)
    monkeypatch.setattr(bench, "markdown", lambda figures: "")
    assert bench.main(["--corpus", str(tmp_path / "none.jsonl")]) == 0
    (_corpus, _limit, out, readme, _breakdown) = calls[0]
    assert readme is None
    assert out == Path("corpus/bench")
    ignored = subprocess.run(
        ["git", "check-ignore", "corpus/bench/report.json", "corpus/bench/report.md"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if ignored.returncode == 128:
        pytest.skip(f"not a git checkout: {ignored.stderr.strip()}")
    assert ignored.returncode == 0, "the bench report must be ignored by git"
    assert len(ignored.stdout.splitlines()) == 2


_FIGURES = {"ratio_cpu": 1.0, "ratio_wall": 1.0, "rss_growth": 0.0}


def test_a_run_no_longer_than_the_small_run_reports_one_memory_figure(tmp_path: Path) -> None:
    """`--limit 5` with a small run of 5: one peak RSS entry, and the report is still written."""
    figures = {
        "date": "2026-12-07",
        "articles": 5,
        "sentences": 50,
        "tokens": 900,
        "corpus": "c.jsonl",
        "machine": "x86_64",
        "floor_cpu_s": 1.0,
        "floor_wall_s": 1.0,
        "extract_cpu_s": 1.4,
        "extract_wall_s": 1.4,
        "ratio_cpu": 1.4,
        "ratio_wall": 1.4,
        "ratio_goal": 1.5,
        "articles_per_s": 3.6,
        "sentences_per_s": 36.0,
        "peak_rss_mb": {"5 articles": 250.0},
        "rss_growth": 0.0,
        "rss_tolerance": 0.1,
        "breakdown_s": {},
    }
    assert "250 MB for 5 articles" in bench.markdown(figures)
