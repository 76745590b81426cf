"""`make bench`: pipeline speed against the tokenizer floor, memory against corpus size.

Why a floor: every article must go through underthesea's `word_tokenize`, so no pipeline that
tokenizes can be faster than tokenizing alone. The **ratio** `full extract / tokenize alone`
is what the rest of the pipeline (normalising, building the `Doc`, the four extractors,
writing the tables) costs on top; the goal is at most 1.5.

Each measurement runs in its own subprocess pinned to one CPU core, so that the peak RSS of
one never leaks into another and a parallel library cannot borrow a second core:

- `speed`: warm up (models and rules load), then time `extract_to_dir` over the corpus
  (reading, extraction, CSV writing) with the floor interleaved: every 50 articles read, the
  tokenizer first runs alone over their sentences, timed apart and taken out of the run's
  time. Load from other programs thus hits floor and pipeline alike. CPU time
  (`time.process_time`) is reported beside wall time and makes the headline ratio: it is
  the steadier of the two on a shared machine.
- `memory`: the same run over only the first 100 articles; its peak RSS against the full
  run's shows whether memory grows with the corpus (goal: within 10%).
- `breakdown` (part of `speed`, over the first few hundred articles): where the time goes,
  stage by stage and extractor by extractor, to aim profiling.

The figures go to `corpus/bench/report.json` and `corpus/bench/report.md`, files that git
ignores: a bench run never edits README.md or any tracked file (the figures a release quotes
are copied by hand). `--readme FILE` writes the markdown between the `<!-- bench:start -->`
and `<!-- bench:end -->` markers of FILE, when asked explicitly.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_CORPUS = Path("../shared/corpus/bench/baomoi-2017-3000.jsonl")
EXAMPLES = Path("corpus/articles")
DEFAULT_OUT = Path("corpus/bench")
REPORT = "report"  # report.json and report.md in --out (ignored by git, never tracked)
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"
RATIO_GOAL = 1.5
MEMORY_TOLERANCE = 0.10
SMALL_RUN = 100
BREAKDOWN_ARTICLES = 300
FLOOR_BATCH = 50  # articles per floor/extract alternation


# --------------------------------------------------------------------------- measuring (child)


def _pin_to_one_core() -> int | None:
    """Run on a single CPU (the last one allowed), so the figures are one-core figures."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far.

    On Linux this reads `VmHWM`, which starts afresh at exec: `ru_maxrss` survives exec and
    so reports the parent's size at fork when the parent was larger (a test runner, say).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class _Clock:
    """Wall and CPU seconds spent inside its `with` blocks, summed over every entry."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> _Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


def _warm_up(corpus: Path) -> float:
    """Load the tokenizer model, rules and gazetteer on a real article, outside the timings.

    The new (2025) map of the gazetteer is read on first use, by the first article whose era
    inference meets a `phường X`: a one-off load like the tokenizer model's, so it is made
    here rather than left to land inside the timed run.
    """
    from pipeline import gazetteer
    from pipeline.extract import extract_article
    from pipeline.ingest import read_articles

    started = time.perf_counter()
    for article in islice(read_articles([corpus]), 1):
        extract_article(article)
    gazetteer.get().new_map  # noqa: B018 (the property loads the map)
    return time.perf_counter() - started


class _Floor:
    """underthesea `word_tokenize` alone, over the sentences the pipeline tokenizes.

    Called exactly as `pipeline.nlp` calls it. `aside` times everything the floor costs
    (finding the sentences too), so that it can be taken out of a run it was interleaved with;
    `tokenize` times the tokenizer calls alone: the floor itself.
    """

    def __init__(self) -> None:
        from underthesea import word_tokenize

        self._word_tokenize = word_tokenize
        word_tokenize("Khởi động mô hình.", use_token_normalize=False)
        self.aside = _Clock()
        self.tokenize = _Clock()
        self.sentences = 0

    def over(self, articles: list) -> None:
        from pipeline.nlp import layout

        with self.aside:
            sentences = []
            for article in articles:
                structure = layout(article)
                sentences.extend(structure.text[s:e] for s, e, _l, _p in structure.sentences)
            self.sentences += len(sentences)
            with self.tokenize:
                for sentence in sentences:
                    self._word_tokenize(sentence, use_token_normalize=False)


def _breakdown(corpus: Path, limit: int) -> dict[str, float]:
    """CPU seconds per stage over the first `limit` articles: where the pipeline's time goes."""
    from pipeline import nlp
    from pipeline.extract import article_row
    from pipeline.extractors import ORDER, run_extractors
    from pipeline.ingest import read_articles
    from pipeline.tables import to_cells
    from pipeline.timing import StageTimer

    articles = list(islice(read_articles([corpus]), limit))
    nlp.tokenize_words("Khởi động.")
    timer = StageTimer()  # the hooks of make_doc and run_extractors fill it
    for article in articles:
        with timer("make_doc"):
            doc = nlp.make_doc(article, timer=timer)
        rows = run_extractors(doc, timer=timer)
        rows["articles"] = [article_row(article, doc)]
        with timer("rows"):
            for table, table_rows in rows.items():
                to_cells(table, table_rows)
    seconds = timer.seconds
    stages: dict[str, float] = {
        "layout (normalise, split, boilerplate)": seconds["layout"],
        "underthesea word_tokenize": seconds["tokenize"],
        "rest of make_doc (align, spaCy Doc, spans)": (
            seconds["make_doc"] - seconds["layout"] - seconds["tokenize"]
        ),
        "article context (era, locality mentions)": seconds["context"],
        **{f"extract {table}": seconds[f"extract {table}"] for table, _ in ORDER},
        "rows to CSV cells": seconds["rows"],
    }
    return {"articles": len(articles), **{k: round(v, 3) for k, v in stages.items()}}


def measure(corpus: Path, *, floor: bool, breakdown: int) -> dict:
    """One isolated measurement (run in a child process by `main`).

    With `floor`, the floor is interleaved with the extract run: every `FLOOR_BATCH` articles
    read, the tokenizer first runs alone over their sentences, then the pipeline extracts
    them. Load from other programs thus hits both alike, which keeps the ratio steady on a
    busy machine; the floor's own time is taken out of the run's.
    """
    import csv

    from pipeline import runner

    cpu = _pin_to_one_core()
    warm = _warm_up(corpus)
    reference = _Floor() if floor else None

    def interleaved(articles):
        batch: list = []
        for article in articles:
            batch.append(article)
            if len(batch) >= FLOOR_BATCH:
                reference.over(batch)
                yield from batch
                batch = []
        if batch:
            reference.over(batch)
            yield from batch

    out = Path(tempfile.mkdtemp(prefix="bench-tables-"))
    run = _Clock()
    try:
        with run:
            summary = runner.extract_to_dir(
                [corpus],
                out,
                engine="serial",
                progress=False,
                tap=interleaved if reference is not None else None,
            )
        rss = peak_rss_mb()
        tokens = sentences_n = 0
        with (out / "articles.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                tokens += int(row["n_tokens"])
                sentences_n += int(row["n_sentences"])
    finally:
        shutil.rmtree(out, ignore_errors=True)
    aside = reference.aside if reference is not None else _Clock()
    result: dict = {
        "cpu": cpu,
        "warm_up_s": round(warm, 3),
        "articles": summary.articles,
        "failed": summary.failed,
        "sentences": sentences_n,
        "tokens": tokens,
        "rows": summary.rows,
        "extract_wall_s": round(run.wall - aside.wall, 3),
        "extract_cpu_s": round(run.cpu - aside.cpu, 3),
        "peak_rss_mb": round(rss, 1),
    }
    if reference is not None:
        result.update(
            floor_sentences=reference.sentences,
            floor_wall_s=round(reference.tokenize.wall, 3),
            floor_cpu_s=round(reference.tokenize.cpu, 3),
        )
    if breakdown:
        result["breakdown_s"] = _breakdown(corpus, breakdown)
    return result


# ------------------------------------------------------------------------- orchestrating (parent)


def _child(corpus: Path, *, floor: bool, breakdown: int) -> dict:
    """Run `measure` in a fresh interpreter and return its JSON result."""
    command = [sys.executable, "-m", "pipeline.bench", "--measure", str(corpus)]
    if floor:
        command.append("--floor")
    if breakdown:
        command += ["--breakdown", str(breakdown)]
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench child failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _head(source: Path, target: Path, limit: int) -> int:
    """Copy the first `limit` non-blank JSONL lines of `source` to a scratch file."""
    written = 0
    with source.open("rb") as reader, target.open("wb") as writer:
        for line in reader:
            if written >= limit:
                break
            if line.strip():
                writer.write(line if line.endswith(b"\n") else line + b"\n")
                written += 1
    return written


def _repeated_examples(target: Path, total: int) -> int:
    """The project's own example articles, repeated under distinct ids, as a JSONL corpus."""
    from pipeline.ingest import read_articles

    examples = list(read_articles([EXAMPLES]))
    if not examples:
        raise SystemExit(f"no bench corpus: {DEFAULT_CORPUS} is absent and {EXAMPLES} is empty")
    with target.open("w", encoding="utf-8") as writer:
        for index in range(total):
            article = examples[index % len(examples)]
            record = {
                "id": f"{article.article_id}-r{index}",
                "title": article.title,
                "text": "\n".join(article.paragraphs),
                "source": article.source,
                "published_at": article.published_at,
            }
            writer.write(json.dumps(record, ensure_ascii=False) + "\n")
    return total


def run_bench(
    corpus: Path | None,
    limit: int | None,
    out_dir: Path,
    readme: Path | None,
    breakdown: int = BREAKDOWN_ARTICLES,
) -> dict:
    """Measure, write `report.json`/`report.md` into `out_dir`; update `readme` only if given."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if corpus is not None and corpus.is_file():
            source = str(corpus)
            full = scratch / "full.jsonl"
            n_full = _head(corpus, full, limit or 10**9)
        else:
            source = f"{EXAMPLES}/*.txt repeated (the bench corpus {corpus} is absent)"
            full = scratch / "full.jsonl"
            n_full = _repeated_examples(full, limit or 3000)
        small = scratch / "small.jsonl"
        n_small = _head(full, small, SMALL_RUN)
        log.info("bench: %d articles from %s", n_full, source)
        speed = _child(full, floor=True, breakdown=min(breakdown, n_full))
        memory = _child(small, floor=True, breakdown=0)  # the same code path, fewer articles
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    figures = summarise(speed, memory, source, n_full, n_small)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{REPORT}.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    table = markdown(figures)
    (out_dir / f"{REPORT}.md").write_text(table, encoding="utf-8")
    if readme is not None:
        update_readme(readme, table)
    return figures


def summarise(speed: dict, memory: dict, source: str, n_full: int, n_small: int) -> dict:
    """The headline figures from the two child measurements."""
    ratio_wall = speed["extract_wall_s"] / speed["floor_wall_s"]
    ratio_cpu = speed["extract_cpu_s"] / speed["floor_cpu_s"]
    growth = speed["peak_rss_mb"] / memory["peak_rss_mb"] - 1
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, 1 core (pinned)",
        "corpus": source,
        "articles": speed["articles"],
        "failed": speed["failed"],
        "sentences": speed["sentences"],
        "tokens": speed["tokens"],
        "rows": speed["rows"],
        "floor_wall_s": speed["floor_wall_s"],
        "floor_cpu_s": speed["floor_cpu_s"],
        "extract_wall_s": speed["extract_wall_s"],
        "extract_cpu_s": speed["extract_cpu_s"],
        "ratio_cpu": round(ratio_cpu, 3),
        "ratio_wall": round(ratio_wall, 3),
        "ratio_goal": RATIO_GOAL,
        "articles_per_s": round(speed["articles"] / speed["extract_wall_s"], 2),
        "sentences_per_s": round(speed["sentences"] / speed["extract_wall_s"], 1),
        "floor_sentences_per_s": round(speed["floor_sentences"] / speed["floor_wall_s"], 1),
        "peak_rss_mb": {
            f"{n_small} articles": memory["peak_rss_mb"],
            f"{n_full} articles": speed["peak_rss_mb"],
        },
        "rss_growth": round(growth, 4),
        "rss_tolerance": MEMORY_TOLERANCE,
        "warm_up_s": speed["warm_up_s"],
        "breakdown_s": speed.get("breakdown_s", {}),
    }


def markdown(figures: dict) -> str:
    """The figures as the markdown block shown in the README."""
    rss = figures["peak_rss_mb"]
    # One entry only when the run is no longer than the small run (`--limit 100` or less).
    entries = list(rss.items())
    (small_label, small_rss), (full_label, full_rss) = entries[0], entries[-1]
    verdict = "meets" if figures["ratio_cpu"] <= figures["ratio_goal"] else "**misses**"
    growth_ok = "within" if abs(figures["rss_growth"]) <= figures["rss_tolerance"] else "**beyond**"
    lines = [
        f"`make bench`, {figures['date']}: {figures['articles']:,} articles "
        f"({figures['sentences']:,} sentences, {figures['tokens']:,} tokens) of "
        f"{figures['corpus']}; {figures['machine']}.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| underthesea `word_tokenize` alone (the floor) | {figures['floor_cpu_s']:.1f} s CPU "
        f"({figures['floor_wall_s']:.1f} s wall) |",
        f"| full `pipeline extract` (read, normalise, tokenize, 4 extractors, CSV) | "
        f"{figures['extract_cpu_s']:.1f} s CPU ({figures['extract_wall_s']:.1f} s wall) |",
        f"| **ratio** (goal ≤ {figures['ratio_goal']}) | **{figures['ratio_cpu']:.2f}** CPU, "
        f"{figures['ratio_wall']:.2f} wall: {verdict} the goal |",
        f"| throughput | {figures['articles_per_s']:.1f} articles/s, "
        f"{figures['sentences_per_s']:.0f} sentences/s |",
        f"| peak RSS | {small_rss:.0f} MB for {small_label}, {full_rss:.0f} MB for {full_label} "
        f"({figures['rss_growth']:+.1%}, {growth_ok} ±{figures['rss_tolerance']:.0%}) |",
    ]
    breakdown = dict(figures.get("breakdown_s") or {})
    n = breakdown.pop("articles", 0)
    if breakdown:
        lines += ["", f"Where the time goes (first {n} articles, CPU seconds):", ""]
        lines += ["| stage | s |", "| --- | --- |"]
        lines += [f"| {stage} | {seconds:.2f} |" for stage, seconds in breakdown.items()]
    return "\n".join(lines) + "\n"


def update_readme(readme: Path, block: str) -> bool:
    """Replace the text between the bench markers; leave the README alone when they are absent."""
    if not readme.is_file():
        return False
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(MARK_START) + r".*?" + re.escape(MARK_END), re.DOTALL)
    if not pattern.search(text):
        log.warning("%s has no %s ... %s markers; not updated", readme, MARK_START, MARK_END)
        return False
    updated = pattern.sub(lambda _m: f"{MARK_START}\n{block}{MARK_END}", text, count=1)
    readme.write_text(updated, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL bench corpus")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"where {REPORT}.json/.md go (untracked)"
    )
    parser.add_argument(
        "--readme",
        type=Path,
        default=None,
        help="also write the figures between the bench markers of this file (default: none)",
    )
    parser.add_argument(
        "--no-readme", action="store_true", help="touch no README (the default; kept for scripts)"
    )
    parser.add_argument(
        "--breakdown",
        type=int,
        default=BREAKDOWN_ARTICLES,
        help="articles for the per-stage breakdown (0: none)",
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.measure is not None:  # child mode: one measurement, JSON on the last stdout line
        logging.getLogger().setLevel(logging.ERROR)
        result = measure(args.measure, floor=args.floor, breakdown=args.breakdown)
        print(json.dumps(result))
        return 0
    figures = run_bench(
        args.corpus, args.limit, args.out, None if args.no_readme else args.readme, args.breakdown
    )
    print(markdown(figures))
    print(
        f"ratio {figures['ratio_cpu']:.2f} (CPU) / {figures['ratio_wall']:.2f} (wall), "
        f"goal ≤ {RATIO_GOAL}; peak RSS growth {figures['rss_growth']:+.1%} "
        f"(goal within ±{MEMORY_TOLERANCE:.0%}); figures in {args.out}/{REPORT}.json"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
