"""`python -m pipeline scrape` and `python -m pipeline fetch`: argument parsing only.

`pipeline/cli.py` calls `add_subcommands(subparsers)`; each handler prints one summary line and
returns the exit code: 0 ok; 1 when a `fetch` URL failed, or when every URL a `scrape` queued
failed; 2 for usage errors (an unknown site).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

DEFAULT_OUT = Path("corpus/articles")
DEFAULT_RAW = Path("corpus/raw")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder for <id>.json articles (default {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--raw", type=Path, default=DEFAULT_RAW, help=f"raw archive folder (default {DEFAULT_RAW})"
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="fetch again what is already stored (conditional requests)",
    )
    parser.add_argument("--user-agent", default=None, help="User-Agent header to send")
    parser.add_argument(
        "--delay",
        type=float,
        default=None,
        help="minimum seconds between requests to one host (default 1)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: only on a terminal)",
    )


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Register `scrape` and `fetch` on the main parser's subcommands."""
    scrape = subparsers.add_parser("scrape", help="discover and fetch new articles of news sites")
    scrape.add_argument("--site", default=None, help="one site key from pipeline/rules/sites.toml")
    scrape.add_argument("--since", type=_date, default=None, help="only articles from this date")
    scrape.add_argument("--limit", type=int, default=None, help="fetch at most N new articles")
    scrape.add_argument(
        "--dry-run",
        action="store_true",
        help="discover and list the article URLs a run would fetch; fetch and write nothing",
    )
    scrape.add_argument(
        "--sites-file",
        type=Path,
        default=None,
        help="extra site adapters (TOML, same layout as sites.toml)",
    )
    _common(scrape)
    scrape.set_defaults(func=cmd_scrape)

    fetch = subparsers.add_parser("fetch", help="fetch article URLs into <out>/<id>.json")
    fetch.add_argument("urls", nargs="*", metavar="URL", help="article page addresses")
    fetch.add_argument(
        "-i",
        "--input-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read URLs from FILE too, one per line (`-`: standard input; `#` starts a comment)",
    )
    _common(fetch)
    fetch.set_defaults(func=cmd_fetch)


def _config(args: argparse.Namespace):
    from pipeline.scrape.http import FetchConfig

    config = FetchConfig(user_agent=args.user_agent)
    if args.delay is not None:
        config.host_delay = max(0.0, args.delay)
    return config


def _read_urls(source: Path) -> list[str]:
    """URLs of an input file, one per line; blank lines and `#` comments skipped."""
    text = sys.stdin.read() if str(source) == "-" else source.read_text(encoding="utf-8-sig")
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):  # a `#` inside a URL is its fragment: kept
            urls.append(line)
    return urls


def cmd_fetch(args: argparse.Namespace) -> int:
    from pipeline.scrape import fetch

    urls = list(args.urls)
    if args.input_file is not None:
        try:
            urls += _read_urls(args.input_file)
        except (OSError, UnicodeDecodeError) as error:
            print(f"error: cannot read URLs from {args.input_file}: {error}", file=sys.stderr)
            return 2
    if not urls:
        print("error: no URL given (as arguments or with -i FILE)", file=sys.stderr)
        return 2
    summary = fetch(
        urls,
        args.out,
        refresh=args.refresh,
        raw_dir=args.raw,
        config=_config(args),
        progress=args.progress,
    )
    print(f"fetch: {summary} -> {args.out}")
    return 1 if summary.failed else 0


def cmd_scrape(args: argparse.Namespace) -> int:
    from pipeline.scrape import scrape

    try:
        summary = scrape(
            args.site,
            args.since,
            args.limit,
            args.out,
            args.raw,
            refresh=args.refresh,
            config=_config(args),
            progress=args.progress,
            sites_file=args.sites_file,
            dry_run=args.dry_run,
        )
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    if args.dry_run:
        for url in summary.urls:
            print(url)
        print(summary, file=sys.stderr)
        return 0
    print(f"{summary} -> {args.out}")
    # Some dead links are normal on a live site; fail only when nothing queued could be fetched.
    return 1 if summary.queued and summary.fetch.failed == summary.queued else 0
