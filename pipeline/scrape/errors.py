"""Errors of the scraper. All are `ValueError`s, so callers such as `pipeline.ingest` can treat a
page that cannot become an article like any other bad input: one clear line, and move on."""

from __future__ import annotations


class ScrapeError(ValueError):
    """A page or a URL could not become an article; the message is one line naming why."""


class NotArticleError(ScrapeError):
    """The page is readable but is not a news article (a home page, a section listing, ...)."""


class NotVietnameseError(NotArticleError):
    """The page is not in Vietnamese (e.g. the English edition e.vnexpress.net)."""


class FetchError(ScrapeError):
    """A URL could not be fetched: robots.txt, HTTP status, timeout, size cap, content type."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
