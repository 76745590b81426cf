"""Scrapers: discover, fetch politely, archive raw responses, parse pages into articles.

Entry points (see pipeline/scrape/run.py and parse.py):

* `fetch(urls, out_dir, *, refresh=False, user_agent=None, raw_dir=...)` -> `FetchSummary`
* `scrape(site, since, limit, out_dir, raw_dir, ...)` -> `ScrapeSummary`
* `parse_page(html, url=None, site=None)` -> article record dict

Site adapters are data: pipeline/rules/sites.toml.
"""

from pipeline.scrape.errors import (
    FetchError,
    NotArticleError,
    NotVietnameseError,
    ScrapeError,
)
from pipeline.scrape.http import FetchConfig, PoliteClient
from pipeline.scrape.parse import parse_page
from pipeline.scrape.run import FetchSummary, ScrapeSummary, fetch, scrape

__all__ = [
    "FetchConfig",
    "FetchError",
    "FetchSummary",
    "NotArticleError",
    "NotVietnameseError",
    "PoliteClient",
    "ScrapeError",
    "ScrapeSummary",
    "fetch",
    "parse_page",
    "scrape",
]
