"""The two entry points: `fetch(urls)` and `scrape(site)`.

Each URL goes: canonical URL -> raw archive (reuse, unless refresh) or polite fetch (stored) ->
`parse_page` -> de-duplication by article id and by text hash -> `out_dir/<id>.json`, written
atomically. Every fault ends in one logged line naming the URL and the run goes on; nothing
already written is touched unless `refresh`. Re-running the same command resumes: stored
responses are not fetched again and finished articles are not rewritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from pipeline.io import atomic_path
from pipeline.scrape.archive import RawArchive
from pipeline.scrape.discover import discover
from pipeline.scrape.errors import FetchError, NotArticleError, ScrapeError
from pipeline.scrape.http import HTML_TYPES, FetchConfig, PoliteClient, Response
from pipeline.scrape.parse import parse_page
from pipeline.scrape.sites import load_sites
from pipeline.scrape.urls import canonical_url

log = logging.getLogger(__name__)

DEFAULT_OUT = Path("corpus/articles")
DEFAULT_RAW = Path("corpus/raw")

# Outcome of one URL; the summary counts them.
WRITTEN, EXISTS, DUPLICATE, OLD, NOT_ARTICLE, FAILED = (
    "written", "already stored", "duplicate", "older than --since", "not an article", "failed",
)  # fmt: skip


@dataclass
class FetchSummary:
    """What a `fetch` run did, URL by URL, in counts; `errors` has one line per fault."""

    requested: int = 0
    downloaded: int = 0
    from_archive: int = 0
    outcomes: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.outcomes[FAILED]

    def __str__(self) -> str:
        parts = ", ".join(f"{count} {name}" for name, count in self.outcomes.most_common())
        return (
            f"{self.requested} URLs: {parts or 'nothing to do'} "
            f"({self.downloaded} downloaded, {self.from_archive} from the raw archive)"
        )


@dataclass
class ScrapeSummary:
    """What a `scrape` run did: discovery per site, then the fetch of the new URLs."""

    sites: list[str] = field(default_factory=list)
    discovered: int = 0
    queued: int = 0
    fetch: FetchSummary = field(default_factory=FetchSummary)
    urls: list[str] = field(default_factory=list)  # what was queued (listed by --dry-run)
    dry_run: bool = False

    @property
    def errors(self) -> list[str]:
        return self.fetch.errors

    def __str__(self) -> str:
        found = f"{', '.join(self.sites) or 'no site'}: {self.discovered} article links found"
        if self.dry_run:
            return f"dry run of {found}, {self.queued} would be fetched; nothing fetched"
        return f"scraped {found}, {self.queued} queued; {self.fetch}"


def text_sha256(text: str) -> str:
    """Hash of an article's text with whitespace runs collapsed (the text de-dup key)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def write_json(path: Path, record: dict[str, Any]) -> None:
    """Write UTF-8 JSON atomically (temp file + rename): a crash never leaves half a file."""
    with atomic_path(path, prefix=".tmp-", suffix=".json") as tmp:
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=2)
            handle.write("\n")


class _Run:
    """State shared by the worker threads of one run."""

    def __init__(
        self,
        client: PoliteClient,
        archive: RawArchive,
        out_dir: Path,
        refresh: bool,
        since: date | None,
        sites_file: Path | None,
    ) -> None:
        self.client = client
        self.archive = archive
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.refresh = refresh
        self.since = since
        self.sites_file = sites_file
        self.lock = threading.Lock()
        self.summary = FetchSummary()
        self.ids_this_run: set[str] = set()
        self.texts: dict[str, str] = self._index_texts()

    def _index_texts(self) -> dict[str, str]:
        """text hash -> article id of the articles already in `out_dir`."""
        index: dict[str, str] = {}
        for path in self.out_dir.glob("*.json"):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                index.setdefault(
                    text_sha256(record.get("text") or ""), record.get("id") or path.stem
                )
            except (OSError, ValueError, AttributeError):
                continue
        return index

    # ---------------------------------------------------------------------- one URL
    def process(self, url: str) -> str:
        try:
            return self._process(url)
        except FetchError as error:
            return self._fail(url, error.reason)
        except NotArticleError as error:
            log.warning("skipped %s", error)
            return NOT_ARTICLE
        except ScrapeError as error:
            return self._fail(url, str(error))
        except OSError as error:
            return self._fail(url, f"storage error: {error}")
        except Exception as error:  # a bug on one page must not end the run
            log.exception("unexpected error on %s", url)
            return self._fail(url, f"unexpected {type(error).__name__}: {error}")

    def _fail(self, url: str, reason: str) -> str:
        log.error("failed %s: %s", url, reason)
        with self.lock:
            self.summary.errors.append(f"{url}: {reason}")
        return FAILED

    def _process(self, url: str) -> str:
        key = canonical_url(url)
        data, content_type, final_url = self._obtain(url, key)
        record = parse_page(
            data, url=final_url, content_type=content_type, sites_file=self.sites_file
        )
        if (
            self.since
            and record["published_at"]
            and record["published_at"][:10] < self.since.isoformat()
        ):
            log.info("skipped %s: published %s, before %s", url, record["published_at"], self.since)
            return OLD
        record["fetched_url"] = url
        path = self.out_dir / f"{record['id']}.json"
        digest = text_sha256(record["text"])
        with self.lock:
            if record["id"] in self.ids_this_run:
                log.info("skipped %s: duplicate of %s in this run", url, record["id"])
                return DUPLICATE
            owner = self.texts.get(digest)
            if owner is not None and owner != record["id"]:
                log.info("skipped %s: same text as %s", url, owner)
                return DUPLICATE
            if path.exists() and not self.refresh:
                self.ids_this_run.add(record["id"])
                return EXISTS
            self.ids_this_run.add(record["id"])
            self.texts[digest] = record["id"]
        write_json(path, record)
        with self.lock:
            self.summary.written.append(path)
        log.debug("wrote %s from %s", path, url)
        return WRITTEN

    def _obtain(self, url: str, key: str) -> tuple[bytes, str | None, str]:
        """The page bytes: from the raw archive when stored (and not refreshing), else fetched
        (conditionally when refreshing a stored page) and archived."""
        entry = self.archive.lookup(key)
        if entry is not None and not self.refresh:
            with self.lock:
                self.summary.from_archive += 1
            return (
                self.archive.read(entry),
                entry["headers"].get("content-type"),
                entry["final_url"],
            )
        validators = entry["headers"] if entry else {}
        response = self.client.get(
            url, etag=validators.get("etag"), last_modified=validators.get("last-modified"),
            accept=HTML_TYPES,
        )  # fmt: skip
        if response.not_modified and entry is not None:
            self.archive.record(
                {**entry, "status": 304, "fetched_at": response.fetched_at, "url": url}
            )
            with self.lock:
                self.summary.from_archive += 1
            return (
                self.archive.read(entry),
                entry["headers"].get("content-type"),
                entry["final_url"],
            )
        if response.not_modified:
            raise FetchError(url, "HTTP 304 but nothing stored to reuse")
        self._store(response, key)
        return response.content, response.content_type, response.final_url

    def _store(self, response: Response, key: str) -> None:
        self.archive.store(response, key)
        with self.lock:
            self.summary.downloaded += 1

    # ------------------------------------------------------------------------ many URLs
    def run(self, urls: Iterable[str], progress: bool | None, workers: int) -> FetchSummary:
        unique: dict[str, str] = {}
        for url in urls:
            url = url.strip()
            if not url:
                continue
            key = canonical_url(url)
            if key in unique:
                log.info("skipped %s: same canonical URL as %s", url, unique[key])
                self.summary.outcomes[DUPLICATE] += 1
                continue
            unique[key] = url
        self.summary.requested = len(unique) + self.summary.outcomes[DUPLICATE]
        show = sys.stderr.isatty() if progress is None else progress
        bar = tqdm(total=len(unique), unit="url", desc="fetch", disable=not show, leave=False)
        try:
            with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
                futures = [pool.submit(self.process, url) for url in unique.values()]
                for future in as_completed(futures):
                    outcome = future.result()
                    with self.lock:
                        self.summary.outcomes[outcome] += 1
                    bar.update(1)
        finally:
            bar.close()
        return self.summary


def _config(config: FetchConfig | None, user_agent: str | None) -> FetchConfig:
    config = config or FetchConfig()
    if user_agent:
        config.user_agent = user_agent
    return config


def fetch(
    urls: list[str],
    out_dir: Path = DEFAULT_OUT,
    *,
    refresh: bool = False,
    user_agent: str | None = None,
    raw_dir: Path = DEFAULT_RAW,
    since: date | None = None,
    config: FetchConfig | None = None,
    progress: bool | None = None,
    sites_file: Path | None = None,
    client: PoliteClient | None = None,
) -> FetchSummary:
    """Fetch article URLs into `out_dir/<id>.json`, keeping raw responses under `raw_dir`."""
    config = _config(config, user_agent)
    own_client = client is None
    client = client or PoliteClient(config)
    try:
        run = _Run(client, RawArchive(raw_dir), Path(out_dir), refresh, since, sites_file)
        summary = run.run(urls, progress, config.workers)
    finally:
        if own_client:
            client.close()
    log.info("fetch: %s", summary)
    return summary


def scrape(
    site: str | None,
    since: date | None = None,
    limit: int | None = None,
    out_dir: Path = DEFAULT_OUT,
    raw_dir: Path = DEFAULT_RAW,
    *,
    refresh: bool = False,
    user_agent: str | None = None,
    config: FetchConfig | None = None,
    progress: bool | None = None,
    sites_file: Path | None = None,
    dry_run: bool = False,
) -> ScrapeSummary:
    """Discover new articles of one site (or all) and fetch them (see `fetch`).

    `dry_run` discovers (feeds, sitemaps, robots.txt) but fetches no article: `urls` lists
    what a real run would fetch, and nothing is written.

    `since` drops feed/sitemap entries dated before it and articles published before it;
    `limit` caps how many new URLs are fetched in this run (stored ones are not counted).
    """
    table = load_sites(sites_file)
    chosen = [table.get(site)] if site else list(table.sites.values())
    config = _config(config, user_agent)
    summary = ScrapeSummary(sites=[s.key for s in chosen], dry_run=dry_run)
    archive = RawArchive(raw_dir)
    with PoliteClient(config) as client:
        queue: list[str] = []
        seen: set[str] = set()
        for each in chosen:
            candidates = discover(client, each, since)
            summary.discovered += len(candidates)
            candidates.sort(
                key=lambda c: c.published.timestamp() if c.published else 0, reverse=True
            )
            for candidate in candidates:
                key = canonical_url(candidate.url)
                if key in seen:
                    continue
                seen.add(key)
                if not refresh and archive.lookup(key) is not None:
                    continue  # stored already: nothing to fetch
                if not client.allowed(candidate.url):
                    log.info("not queued %s: forbidden by robots.txt", candidate.url)
                    continue
                queue.append(candidate.url)
        if client.unreachable and not queue:
            hosts = ", ".join(f"{host} ({why})" for host, why in client.unreachable.items())
            raise ScrapeError(f"network error: cannot reach {hosts}; nothing was fetched")
        if limit is not None:
            queue = queue[: max(0, limit)]
        summary.queued = len(queue)
        summary.urls = queue
        if dry_run:
            log.info("%s", summary)
            return summary
        summary.fetch = fetch(
            queue, out_dir, refresh=refresh, raw_dir=raw_dir, since=since, config=config,
            progress=progress, sites_file=sites_file, client=client,
        )  # fmt: skip
    log.info("%s", summary)
    return summary
