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
    if args.store:
        from pipeline.store import StoreError as RunError
        from pipeline.store import extract_incremental

        def run():
            return extract_incremental(
                args.paths, args.out, args.store, prune=args.prune, **options
            )
    else:
        from pipeline.engine import EngineError as RunError
        from pipeline.runner import extract_to_dir

        def run():
            return extract_to_dir(args.paths, args.out, **options)

    options = {
        "engine": args.engine,
        "workers": args.workers,
        "progress": args.progress,
        "scheduler": args.scheduler,
        "article_timeout": args.article_timeout or None,
    }
    try:
        summary = run()
    except RunError as error:
        _traceback(args, error)
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in summary.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in getattr(summary, "warnings", ()):
        print(f"warning: {line}", file=sys.stderr)
    rows = ", ".join(f"{name} {count}" for name, count in summary.rows.items())
    print(
        f"extracted {summary.articles} articles ({summary.failed} failed) into {args.out}: {rows}"
    )
    if summary.refused:
        print(f"error: {summary.refused}", file=sys.stderr)
        return 1
    if args.store:
        print(
            f"store {args.store}: {summary.tokenized} tokenized, {summary.unchanged} unchanged, "
            f"{summary.resumed} resumed, {summary.removed} removed, {summary.kept} kept "
            f"in {summary.seconds:.1f} s"
        )
    if not summary.ok or (args.strict and summary.failed) or getattr(summary, "prune_refused", 0):
        return 1
    return 0


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.export import ExportError, export
    from pipeline.store import StoreError

    try:
        result = export(
            args.table,
            since=args.since,
            locality=args.locality,
            sector=args.sector,
            fmt=args.fmt,
            out_dir=args.out,
            store=args.store,
        )
    except (ExportError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"exported {result.rows} rows of {args.table} to {result.path}")
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
        choices=("serial", "process", "dask"),
        default=None,
        help="serial, a local process pool, or a Dask cluster "
        "(default: process when --workers > 1, dask when --scheduler is given)",
    )
    extract.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="Dask scheduler to run on (default with --engine dask: a LocalCluster of "
        "--workers processes); Parquet partitions go to OUT/parquet/",
    )
    extract.add_argument("--strict", action="store_true", help="exit 1 if any input failed")
    extract.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: only on a terminal)",
    )
    extract.add_argument(
        "--store",
        type=Path,
        default=None,
        help="DuckDB store (make extract: corpus/pipeline.duckdb): tokenize only new or changed "
        "articles, rewrite the CSVs from the store, write Parquet beside it",
    )
    extract.add_argument(
        "--article-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="CPU-time budget of one article (default 60; 0 for none): an article over it "
        "fails with one line and the run goes on (not applied on Dask worker threads)",
    )
    extract.add_argument(
        "--prune",
        action="store_true",
        help="with --store, also remove articles read from other paths or unknown files, and "
        "more than a few articles gone at once (default: only a few seen gone are removed)",
    )
    extract.set_defaults(func=cmd_extract)

    export = commands.add_parser("export", help="export a table of the store (csv, xlsx, parquet)")
    export.add_argument(
        "--table",
        default="commitments",
        help="commitments (default), officials, localities, figures, articles, people, "
        "people_titles, places",
    )
    export.add_argument(
        "--since", type=_iso_date, default=None, help="only articles published on/after YYYY-MM-DD"
    )
    export.add_argument("--locality", default=None, help="only rows about this place (name/code)")
    export.add_argument("--sector", default=None, help="only commitments of this sector")
    export.add_argument("--format", dest="fmt", choices=("csv", "xlsx", "parquet"), default="csv")
    export.add_argument("--out", type=Path, default=Path("exports"), help="output folder")
    export.add_argument(
        "--store", type=Path, default=None, help="the store (default: corpus/pipeline.duckdb)"
    )
    export.set_defaults(func=cmd_export)

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
        if args.scheduler:
            args.engine = "dask"
        else:
            args.engine = "process" if args.workers > 1 else "serial"
    return _run_command(args)


def _run_command(args: argparse.Namespace) -> int:
    """Run the command; a fault or Ctrl-C becomes one `error:` line (`-v` adds the traceback)."""
    try:
        return args.func(args)
    except KeyboardInterrupt as interrupt:
        message = "interrupted; the tables published before are unchanged: run again to resume"
        code, fault = 130, interrupt
    except Exception as error:  # every fault ends in one line, never a traceback
        message, code, fault = _fault_line(error), 1, error
    _traceback(args, fault)
    print(f"error: {message}", file=sys.stderr)
    return code


def _traceback(args: argparse.Namespace, error: BaseException) -> None:
    """With `-v`, the traceback behind an error line."""
    if getattr(args, "verbose", 0):
        import traceback

        traceback.print_exception(error)


def _fault_line(error: Exception) -> str:
    """What happened and what to do, on one line."""
    import errno

    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "No space left" in text:
        return "disk full: free some space and run again; the tables published before are unchanged"
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror or first}"
    if type(error).__module__.split(".")[0] in ("duckdb", "_duckdb"):
        return f"database error: {first}"
    known = ("StoreError", "EngineError", "FolderBusy", "ExportError", "ScrapeError", "FetchError")
    if type(error).__name__ in known:
        return first
    return f"unexpected {type(error).__name__}: {first} (run with -v for the traceback)"
