"""Finding article URLs: RSS/Atom feeds (feedparser), sitemaps (ultimate-sitemap-parser) and
listing pages (links matching the site's `article_url` pattern).

Everything is fetched through the `PoliteClient`, so discovery obeys robots.txt and the per-host
delay like article fetching does. A broken start point logs one line and discovery goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from time import struct_time
from urllib.parse import urljoin, urlsplit

import feedparser
from bs4 import BeautifulSoup
from usp.fetch_parse import SitemapFetcher
from usp.objects.sitemap import InvalidSitemap
from usp.web_client.abstract_client import (
    AbstractWebClient,
    AbstractWebClientResponse,
    AbstractWebClientSuccessResponse,
    WebClientErrorResponse,
)

from pipeline.io import first_line
from pipeline.scrape.encoding import decode_html
from pipeline.scrape.errors import FetchError
from pipeline.scrape.http import FEED_TYPES, HTML_TYPES, PoliteClient, Response
from pipeline.scrape.sites import Site
from pipeline.scrape.urls import canonical_url

log = logging.getLogger(__name__)

MAX_SITEMAP_URLS = 50_000
#: Sitemaps (index and children) fetched for one start point: an index may list thousands of
#: children, each a polite request seconds apart; past this many the rest are skipped.
MAX_SITEMAP_FETCHES = 100


@dataclass(frozen=True)
class Candidate:
    """A discovered article URL, with the date its feed or sitemap gave (if any)."""

    url: str
    published: datetime | None = None
    via: str = ""


def _as_datetime(value: struct_time | datetime | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(*value[:6], tzinfo=UTC)


def _too_old(published: datetime | None, since: date | None) -> bool:
    return bool(since and published and published.date() < since)


def _keep(site: Site, url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return site.serves(host) and site.is_article_url(url)


# ------------------------------------------------------------------------------------ feeds
def from_feed(
    client: PoliteClient, feed_url: str, site: Site, since: date | None = None
) -> list[Candidate]:
    """Article links of an RSS or Atom feed."""
    response = client.get(feed_url, accept=FEED_TYPES)
    parsed = feedparser.parse(
        response.content, response_headers={"content-type": response.content_type}
    )
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None) or "no entries"
        raise FetchError(feed_url, f"not a usable feed ({first_line(reason)})")
    found = []
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        if not isinstance(link, str) or not link.startswith(("http://", "https://", "/")):
            continue
        link = urljoin(feed_url, link)
        published = _as_datetime(entry.get("published_parsed") or entry.get("updated_parsed"))
        if _keep(site, link) and not _too_old(published, since):
            found.append(Candidate(link, published, f"feed {feed_url}"))
    return found


# --------------------------------------------------------------------------------- sitemaps
class _UspOk(AbstractWebClientSuccessResponse):
    def __init__(self, response: Response) -> None:
        self._response = response

    def status_code(self) -> int:
        return self._response.status

    def status_message(self) -> str:
        return "OK"

    def header(self, case_insensitive_name: str) -> str | None:
        return self._response.headers.get(case_insensitive_name.lower())

    def raw_data(self) -> bytes:
        return self._response.content

    def url(self) -> str:
        return self._response.final_url


class _UspError(WebClientErrorResponse):
    pass


class _UspClient(AbstractWebClient):
    """Lets ultimate-sitemap-parser fetch through our polite client (robots, delays, caps)."""

    def __init__(self, client: PoliteClient) -> None:
        self._client = client
        self.fetches = 0

    def set_max_response_data_length(self, max_response_data_length: int | None) -> None:
        """The polite client's own body cap applies."""

    def get(self, url: str) -> AbstractWebClientResponse:
        self.fetches += 1
        if self.fetches > MAX_SITEMAP_FETCHES:
            if self.fetches == MAX_SITEMAP_FETCHES + 1:
                log.warning(
                    "sitemap fan-out over %d sitemaps; the rest skipped", MAX_SITEMAP_FETCHES
                )
            return _UspError(f"over {MAX_SITEMAP_FETCHES} sitemaps; skipped", retryable=False)
        try:
            return _UspOk(self._client.get(url, accept=FEED_TYPES))
        except FetchError as error:
            log.warning("sitemap %s", error)
            return _UspError(error.reason, retryable=False)  # the client already retried


def from_sitemap(
    client: PoliteClient, sitemap_url: str, site: Site, since: date | None = None
) -> list[Candidate]:
    """Article links of a sitemap or sitemap index (sub-sitemaps are followed)."""
    tree = SitemapFetcher(sitemap_url, recursion_level=0, web_client=_UspClient(client)).sitemap()
    if isinstance(tree, InvalidSitemap):
        raise FetchError(sitemap_url, f"not a usable sitemap ({tree.reason})")
    found = []
    for page in tree.all_pages():
        published = page.news_story.publish_date if page.news_story else None
        published = _as_datetime(published or page.last_modified)
        if _keep(site, page.url) and not _too_old(published, since):
            found.append(Candidate(page.url, published, f"sitemap {sitemap_url}"))
        if len(found) >= MAX_SITEMAP_URLS:
            break
    return found


# --------------------------------------------------------------------------------- listings
def from_listing(client: PoliteClient, listing_url: str, site: Site) -> list[Candidate]:
    """Links of a home or section page that look like this site's articles."""
    response = client.get(listing_url, accept=HTML_TYPES)
    soup = BeautifulSoup(decode_html(response.content, response.content_type), "lxml")
    found = []
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if href.startswith(("javascript:", "mailto:", "#")):
            continue
        link = urljoin(response.final_url, href)
        if _keep(site, link):
            found.append(Candidate(link, None, f"listing {listing_url}"))
    return found


def discover(client: PoliteClient, site: Site, since: date | None = None) -> list[Candidate]:
    """All article candidates of a site's start points, de-duplicated by canonical URL."""
    candidates: list[Candidate] = []
    steps = [(from_feed, u) for u in site.feeds] + [(from_sitemap, u) for u in site.sitemaps]
    for finder, url in steps:
        try:
            found = finder(client, url, site, since)
        except FetchError as error:
            log.warning("discovery skipped %s", error)
            continue
        except Exception as error:  # a malformed start point must not stop the others
            log.warning("discovery skipped %s: %s: %s", url, type(error).__name__, error)
            continue
        log.info("%s: %d article links from %s", site.key, len(found), url)
        candidates.extend(found)
    for url in site.listings:
        try:
            found = from_listing(client, url, site)
        except FetchError as error:
            log.warning("discovery skipped %s", error)
            continue
        except Exception as error:
            log.warning("discovery skipped %s: %s: %s", url, type(error).__name__, error)
            continue
        log.info("%s: %d article links from %s", site.key, len(found), url)
        candidates.extend(found)
    unique: dict[str, Candidate] = {}
    for candidate in candidates:
        key = canonical_url(candidate.url)
        if key not in unique or (candidate.published and not unique[key].published):
            unique[key] = candidate
    return list(unique.values())
