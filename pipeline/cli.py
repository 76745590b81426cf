"""Command-line interface: parses arguments and calls the library's entry points, nothing more.

Of the library, only the command-line entry points print (this module, `scrape/cli.py`,
`bench`, `evaluate.identical`, the `commitments_model` trainer; progress lines go to a stream
the CLI gives); everything else logs through `logging`.

Exit codes: 0 success, 1 a gate or run failure (or an export whose filters matched nothing),
2 usage errors, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.io import first_line

DEFAULT_ARTICLES = Path("corpus/articles")
DEFAULT_TABLES = Path("corpus/tables")
DEFAULT_EVAL = Path("corpus/eval")
SHARED = Path("../shared")


def _configure_logging(verbose: int, quiet: bool = False) -> None:
    level = logging.ERROR if quiet else logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _say(args: argparse.Namespace, text: str) -> None:
    """A summary line on standard output, unless `-q` (errors still go to standard error)."""
    if not getattr(args, "quiet", False):
        print(text)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help that shows every default not already spelled out, and keeps the examples' lines."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or default in (None, False, argparse.SUPPRESS)
            or not action.option_strings
            or isinstance(action, argparse._CountAction)
        ):
            return text
        return f"{text} (default: %(default)s)"


#: `python -m pipeline COMMAND --help` ends with these examples.
EXAMPLES: dict[str, str] = {
    "extract": "python -m pipeline extract corpus/articles --out corpus/tables\n"
    "  python -m pipeline extract news.jsonl --store corpus/pipeline.duckdb --workers 2",
    "export": "python -m pipeline export --table officials --format xlsx\n"
    "  python -m pipeline export --sector 'giáo dục' --locality 'Quang Ninh' -o qn.csv\n"
    "  python -m pipeline export --since 2021-01-01 --out - | head",
    "columns": "python -m pipeline columns commitments",
    "score": "python -m pipeline score ../shared/corpus/dev/gold corpus/eval/pred",
    "errors": "python -m pipeline errors ../shared/corpus/train/gold corpus/eval/pred/train "
    "--table commitments",
    "eval": "python -m pipeline eval\n  python -m pipeline eval --sets train,silver\n"
    "  python -m pipeline eval --update",
    "fetch": "python -m pipeline fetch https://vnexpress.net/bai-viet-123.html\n"
    "  python -m pipeline fetch -i urls.txt --out corpus/articles",
    "scrape": "python -m pipeline scrape --site vnexpress --limit 50\n"
    "  python -m pipeline scrape --site vnexpress --dry-run",
}


def _conventions(commands: argparse._SubParsersAction) -> None:
    """What every subcommand accepts and shows: `-v`/`-q` after it, defaults and examples."""
    for name, sub in commands.choices.items():
        sub.formatter_class = _HelpFormatter
        if name in EXAMPLES and not sub.epilog:
            sub.epilog = "example:\n  " + EXAMPLES[name]
        options = sub._option_string_actions
        if "-v" not in options:
            sub.add_argument(
                "-v", "--verbose", action="count", default=argparse.SUPPRESS,
                help="more log output (-vv: debug)",
            )  # fmt: skip
        if "-q" not in options:
            sub.add_argument(
                "-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                help="only errors: no summary line, no warnings",
            )  # fmt: skip


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.runner import CsvSink, RunError, run

    if args.store:
        from pipeline.store import StoreSink

        sink = StoreSink(args.out, args.store, prune=args.prune)
    else:
        sink = CsvSink(args.out)
    try:
        summary = run(
            args.paths,
            sink,
            engine=args.engine,
            workers=args.workers,
            progress=args.progress,
            scheduler=args.scheduler,
            article_timeout=args.article_timeout or None,
            as_of=args.as_of,
        )
    except RunError as error:
        _traceback(args, error)
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in summary.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in summary.warnings:
        print(f"warning: {line}", file=sys.stderr)
    rows = ", ".join(f"{name} {count}" for name, count in summary.rows.items())
    _say(
        args,
        f"extracted {summary.articles} articles ({summary.failed} failed) into {args.out}: {rows}",
    )
    if summary.refused:
        print(f"error: {summary.refused}", file=sys.stderr)
        return 1
    if args.store:
        _say(
            args,
            f"store {args.store}: {summary.tokenized} tokenized, {summary.unchanged} unchanged, "
            f"{summary.resumed} resumed, {summary.removed} removed, {summary.kept} kept "
            f"in {summary.seconds:.1f} s",
        )
    if not summary.ok or (args.strict and summary.failed) or summary.prune_refused:
        return 1
    return 0


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.export import ExportError, arrow_table, export, write_csv
    from pipeline.store import StoreError

    to_stdout = str(args.out) == "-" or str(args.output) == "-"
    if to_stdout and args.fmt not in (None, "csv"):
        print(f"error: only csv can go to standard output, not {args.fmt}", file=sys.stderr)
        return 2
    try:
        if to_stdout:
            rows = arrow_table(args.table, args.since, args.locality, args.sector, args.store)
            write_csv(rows, sys.stdout, bom=False)
            sys.stdout.flush()
            if not args.quiet:
                print(f"exported {rows.num_rows} rows of {args.table}", file=sys.stderr)
            return 0
        result = export(
            args.table,
            since=args.since,
            locality=args.locality,
            sector=args.sector,
            era=args.era,
            fmt=args.fmt,
            out_dir=args.out,
            store=args.store,
            path=args.output,
        )
    except (ExportError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    _say(args, f"exported {result.rows} rows of {args.table} to {result.path}")
    return 0


def cmd_columns(args: argparse.Namespace) -> int:
    from pipeline.dictionary import meaning
    from pipeline.export import EXPORT_TABLES, column_types

    tables = [args.table] if args.table else list(EXPORT_TABLES)
    for index, table in enumerate(tables):
        if index:
            print()
        print(f"{table}:")
        described = column_types(table)
        width = max(len(name) for name, _ in described)
        kinds = max(len(kind) for _, kind in described)
        for name, kind in described:
            print(f"  {name:<{width}}  {kind:<{kinds}}  {meaning(table, name)}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from pipeline.evaluate.scoring import ScoringError, format_report, score

    try:
        result = score(args.gold, args.pred)
    except ScoringError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_report(result))
    return 0


def cmd_errors(args: argparse.Namespace) -> int:
    from pipeline.evaluate.errors import list_errors
    from pipeline.evaluate.scoring import ScoringError

    try:
        listing = list_errors(
            args.gold, args.pred, table=args.table, article=args.article, articles_dir=args.articles
        )
    except (ScoringError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in listing.lines:
        print(line)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate.gate import GateError
    from pipeline.evaluate.run import run_eval
    from pipeline.evaluate.scoring import ScoringError

    try:
        outcome = run_eval(
            shared=args.shared,
            out=args.out,
            baseline_path=args.baseline,
            set_names=args.sets,
            update=args.update,
            allow_lower=args.allow_lower,
            reason=args.reason,
        )
    except (GateError, ScoringError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if outcome.report:
        print(outcome.report)
    for note in outcome.notes:
        print(f"note: {note}")
    for failure in outcome.failures:
        print(f"GATE FAILED: {failure}")
    if not outcome.failures:
        print(f"eval gate passed (floors and per-set references in {args.baseline})")
    return outcome.exit_code


def _set_list(text: str) -> list[str]:
    from pipeline.evaluate.sets import SET_NAMES

    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SET_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown set(s) {', '.join(unknown) or text!r}; known: {', '.join(SET_NAMES)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn Vietnamese news articles into tables of officials, localities, "
        "figures and commitments.",
        epilog="exit codes: 0 success; 1 a run, gate or export failure; 2 usage error; "
        "130 interrupted",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="only errors: no summary line, no warnings"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract tables from articles")
    extract.add_argument(
        "paths", nargs="+", type=Path, help=".txt/.html/.json/.jsonl files or folders"
    )
    extract.add_argument(
        "--out", type=Path, default=DEFAULT_TABLES, help="output folder for the CSVs"
    )
    extract.add_argument(
        "--workers", type=_positive_int, default=1, help="parallel worker processes (1 or more)"
    )
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
        "--as-of",
        type=_iso_date,
        default=None,
        metavar="DATE",
        help="read every article in the administrative map of YYYY-MM-DD (the two-level map "
        "from 2025-07-01), whatever its date or text says",
    )
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
    export.add_argument(
        "--locality",
        default=None,
        help="only rows about this place: a name, with or without diacritics (`Quảng Ninh`, "
        "`Quang Ninh`, `TP Hạ Long`), or a gazetteer code (`22`)",
    )
    export.add_argument(
        "--sector",
        default=None,
        help=f"only commitments of this sector, in English or Vietnamese: {_sectors_help()}",
    )
    export.add_argument(
        "--era",
        choices=("new",),
        default=None,
        help="localities: add each pre-2025 unit's successors in the map of 1 July 2025",
    )
    export.add_argument(
        "--format",
        dest="fmt",
        choices=("csv", "xlsx", "parquet"),
        default=None,
        help="file format (default: from the suffix of -o, else csv)",
    )
    export.add_argument(
        "--out",
        default=Path("exports"),
        help="output folder, the file being <table>.<format>; `-` writes CSV to standard output",
    )
    export.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        help="write this one file instead (`-`: standard output)",
    )
    export.add_argument(
        "--store", type=Path, default=None, help="the store (default: corpus/pipeline.duckdb)"
    )
    export.set_defaults(func=cmd_export)

    columns = commands.add_parser(
        "columns", help="print every column of the exports with a one-line meaning"
    )
    columns.add_argument(
        "table",
        nargs="?",
        default=None,
        choices=_export_tables(),
        help="one table (default: every table)",
    )
    columns.set_defaults(func=cmd_columns)

    score = commands.add_parser("score", help="score predicted tables against gold (SCORING.md)")
    score.add_argument("gold", type=Path, help="folder of gold <id>.json files")
    score.add_argument("pred", type=Path, help="folder of predicted CSV tables")
    score.add_argument("--json", action="store_true", help="print the full result as JSON")
    score.set_defaults(func=cmd_score)

    errors = commands.add_parser(
        "errors", help="list every missed, extra and wrong-attribute item against gold"
    )
    errors.add_argument("gold", type=Path, help="folder of gold <id>.json files")
    errors.add_argument("pred", type=Path, help="folder of predicted CSV tables")
    errors.add_argument(
        "--table",
        choices=("officials", "localities", "figures", "commitments"),
        default=None,
        help="only this table (default: all four)",
    )
    errors.add_argument("--article", default=None, help="only this article id")
    errors.add_argument(
        "--articles",
        type=Path,
        default=None,
        help="article texts, for context on MISS lines (default: articles/ beside GOLD)",
    )
    errors.set_defaults(func=cmd_errors)

    evaluate = commands.add_parser(
        "eval", help="extract every gold set, score each and all together, check the gate"
    )
    evaluate.add_argument(
        "--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)"
    )
    evaluate.add_argument(
        "--sets",
        type=_set_list,
        default=None,
        help="comma-separated sets (default: all of dev, train, post2025, silver, silver-dev)",
    )
    evaluate.add_argument("--out", type=Path, default=DEFAULT_EVAL, help="report folder")
    evaluate.add_argument(
        "--baseline",
        type=Path,
        default=DEFAULT_EVAL / "baseline.json",
        help="the committed floors and per-set references",
    )
    evaluate.add_argument("--update", action="store_true", help="raise the floors to the scores")
    evaluate.add_argument(
        "--allow-lower",
        action="store_true",
        help="with --update, also lower floors (needs --reason, recorded in the baseline)",
    )
    evaluate.add_argument("--reason", default=None, help="why floors are lowered")
    evaluate.set_defaults(func=cmd_eval)

    try:
        from pipeline.scrape.cli import add_subcommands
    except ImportError:  # the scraper is optional at import time
        pass
    else:
        add_subcommands(commands)
    _conventions(commands)
    return parser


def _sectors_help() -> str:
    from pipeline.filters import sectors_help

    return sectors_help()


def _export_tables() -> tuple[str, ...]:
    from pipeline.export import EXPORT_TABLES

    return EXPORT_TABLES


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, args.quiet)
    if args.quiet and getattr(args, "progress", False) is None:
        args.progress = False  # -q: no progress lines either, unless --progress asks
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
    except BrokenPipeError:
        # The reader of our output went away (`... | head`): that is no error. Point stdout at
        # devnull so that the interpreter's final flush does not complain again.
        import contextlib
        import io
        import os

        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
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
    first = first_line(error)
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
