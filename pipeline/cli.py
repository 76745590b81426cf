"""Command-line interface: parses arguments and calls the library's entry points, nothing more.

Only this module prints. Exit codes: 0 success, 1 a gate or run failure, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pipeline import __version__

DEFAULT_ARTICLES = Path("corpus/articles")
DEFAULT_TABLES = Path("corpus/tables")
DEFAULT_EVAL = Path("corpus/eval")
SHARED_DEV = Path("../shared/corpus/dev")


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.runner import extract_to_dir

    summary = extract_to_dir(
        args.paths, args.out, engine=args.engine, workers=args.workers, progress=args.progress
    )
    for line in summary.errors:
        print(f"error: {line}", file=sys.stderr)
    rows = ", ".join(f"{name} {count}" for name, count in summary.rows.items())
    print(
        f"extracted {summary.articles} articles ({summary.failed} failed) into {args.out}: {rows}"
    )
    if not summary.ok or (args.strict and summary.failed):
        return 1
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from pipeline.evaluate.scoring import format_report, score

    result = score(args.gold, args.pred)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_report(result))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate.run import run_eval

    return run_eval(
        articles=args.articles,
        gold=args.gold,
        out=args.out,
        baseline=args.baseline,
        update=args.update,
        allow_lower=args.allow_lower,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn Vietnamese news articles into tables of officials, localities, "
        "figures and commitments.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract tables from articles")
    extract.add_argument(
        "paths", nargs="+", type=Path, help=".txt/.html/.json/.jsonl files or folders"
    )
    extract.add_argument(
        "--out", type=Path, default=DEFAULT_TABLES, help="output folder for the CSVs"
    )
    extract.add_argument("--workers", type=int, default=1, help="parallel worker processes")
    extract.add_argument(
        "--engine",
        choices=("serial", "process"),
        default=None,
        help="serial, or a local process pool (default: process when --workers > 1)",
    )
    extract.add_argument("--strict", action="store_true", help="exit 1 if any input failed")
    extract.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: only on a terminal)",
    )
    extract.set_defaults(func=cmd_extract)

    score = commands.add_parser("score", help="score predicted tables against gold (SCORING.md)")
    score.add_argument("gold", type=Path, help="folder of gold <id>.json files")
    score.add_argument("pred", type=Path, help="folder of predicted CSV tables")
    score.add_argument("--json", action="store_true", help="print the full result as JSON")
    score.set_defaults(func=cmd_score)

    evaluate = commands.add_parser("eval", help="extract the dev corpus, score it, check floors")
    evaluate.add_argument("--articles", type=Path, default=SHARED_DEV / "articles")
    evaluate.add_argument("--gold", type=Path, default=SHARED_DEV / "gold")
    evaluate.add_argument("--out", type=Path, default=DEFAULT_EVAL)
    evaluate.add_argument("--baseline", type=Path, default=DEFAULT_EVAL / "baseline.json")
    evaluate.add_argument("--update", action="store_true", help="raise the floors to the scores")
    evaluate.add_argument(
        "--allow-lower",
        action="store_true",
        help="with --update, also lower floors (say why in the commit)",
    )
    evaluate.set_defaults(func=cmd_eval)

    try:
        from pipeline.scrape.cli import add_subcommands
    except ImportError:  # the scraper is optional at import time
        pass
    else:
        add_subcommands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    if getattr(args, "engine", "x") is None:
        args.engine = "process" if args.workers > 1 else "serial"
    return args.func(args)
