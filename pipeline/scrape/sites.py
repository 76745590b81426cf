"""Site adapters, read from `pipeline/rules/sites.toml` (data, not code).

A `Site` is one [sites.<key>] table; `Defaults` is the [defaults] table shared by every site and
by the generic extractor. Extra site files (a user's own adapters, a test server's) are merged
over the shipped ones with `load_sites(extra=...)`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SITES_FILE = Path(__file__).resolve().parents[1] / "rules" / "sites.toml"


@dataclass(frozen=True)
class Pattern:
    """A regex rule with the id that names it in logs."""

    id: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Site:
    """How to discover and read the articles of one news site."""

    key: str
    name: str
    hosts: tuple[str, ...]
    short: str
    article_url: re.Pattern[str] | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    sapo: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    sapo_prefix: tuple[Pattern, ...] = ()
    suffix: dict[str, str] = field(default_factory=dict)
    tz: str | None = None

    def serves(self, host: str) -> bool:
        """True when `host` is one of the site's hosts or a sub-domain of one."""
        host = host.lower().split(":")[0]
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def is_article_url(self, url: str) -> bool:
        """True when the URL looks like one of this site's article pages."""
        if self.article_url is None:
            return True
        return bool(self.article_url.search(urlsplit(url).path))


@dataclass(frozen=True)
class Defaults:
    """Settings shared by all sites: generic selectors, boilerplate patterns, thresholds."""

    user_agent: str
    tz: str
    tracking_params: frozenset[str]
    body: tuple[str, ...]
    drop: tuple[str, ...]
    drop_text: tuple[Pattern, ...]
    captions: tuple[str, ...]
    caption_text: tuple[Pattern, ...]
    authors: tuple[str, ...]
    date: tuple[str, ...]
    sapo: tuple[str, ...]
    sapo_prefix: tuple[Pattern, ...]
    author_reject: tuple[re.Pattern[str], ...]
    tag_reject: frozenset[str]
    min_body_chars: int
    min_vietnamese_ratio: float
    max_link_share: float


@dataclass(frozen=True)
class SiteTable:
    """All known sites plus the defaults; looks a site up by key or host."""

    defaults: Defaults
    sites: dict[str, Site]

    def for_host(self, host: str | None) -> Site | None:
        """The site serving `host`, preferring the most specific host match."""
        if not host:
            return None
        matches = [s for s in self.sites.values() if s.serves(host)]
        if not matches:
            return None
        return max(matches, key=lambda s: max(len(h) for h in s.hosts if s.serves(host)))

    def for_url(self, url: str | None) -> Site | None:
        """The site serving the host of `url`, if any."""
        if not url:
            return None
        return self.for_host(urlsplit(url).hostname)

    def get(self, name: str) -> Site:
        """A site by key, name or host; raises `KeyError` listing the known keys."""
        lowered = name.strip().lower()
        for site in self.sites.values():
            if lowered in (site.key.lower(), site.name.lower()) or site.serves(lowered):
                return site
        raise KeyError(f"unknown site {name!r}; known: {', '.join(sorted(self.sites))}")


def _patterns(entries: list[dict[str, str]] | None, where: str) -> tuple[Pattern, ...]:
    out = []
    for index, entry in enumerate(entries or []):
        if isinstance(entry, str):
            entry = {"id": f"{where}-{index}", "pattern": entry}
        out.append(Pattern(entry["id"], re.compile(entry["pattern"], re.IGNORECASE)))
    return tuple(out)


def _site(key: str, raw: dict[str, Any]) -> Site:
    hosts = tuple(h.lower() for h in raw.get("hosts", ()))
    if not hosts:
        raise ValueError(f"site {key!r} in sites.toml has no hosts")
    article_url = raw.get("article_url")
    return Site(
        key=key,
        name=raw.get("name", key),
        hosts=hosts,
        short=raw.get("short", key),
        article_url=re.compile(article_url) if article_url else None,
        feeds=tuple(raw.get("feeds", ())),
        sitemaps=tuple(raw.get("sitemaps", ())),
        listings=tuple(raw.get("listings", ())),
        title=tuple(raw.get("title", ())),
        sapo=tuple(raw.get("sapo", ())),
        body=tuple(raw.get("body", ())),
        authors=tuple(raw.get("authors", ())),
        date=tuple(raw.get("date", ())),
        category=tuple(raw.get("category", ())),
        tags=tuple(raw.get("tags", ())),
        drop=tuple(raw.get("drop", ())),
        captions=tuple(raw.get("captions", ())),
        sapo_prefix=_patterns(raw.get("sapo_prefix"), f"{key}-sapo"),
        suffix=dict(raw.get("suffix", {})),
        tz=raw.get("tz"),
    )


def _defaults(raw: dict[str, Any]) -> Defaults:
    return Defaults(
        user_agent=raw["user_agent"],
        tz=raw.get("tz", "+07:00"),
        tracking_params=frozenset(p.lower() for p in raw.get("tracking_params", ())),
        body=tuple(raw.get("body", ())),
        drop=tuple(raw.get("drop", ())),
        drop_text=_patterns(raw.get("drop_text"), "drop-text"),
        captions=tuple(raw.get("captions", ())),
        caption_text=_patterns(raw.get("caption_text"), "caption-text"),
        authors=tuple(raw.get("authors", ())),
        date=tuple(raw.get("date", ())),
        sapo=tuple(raw.get("sapo", ())),
        sapo_prefix=_patterns(raw.get("sapo_prefix"), "sapo-prefix"),
        author_reject=tuple(re.compile(p, re.IGNORECASE) for p in raw.get("author_reject", ())),
        tag_reject=frozenset(t.lower() for t in raw.get("tag_reject", ())),
        min_body_chars=int(raw.get("min_body_chars", 80)),
        min_vietnamese_ratio=float(raw.get("min_vietnamese_ratio", 0.2)),
        max_link_share=float(raw.get("max_link_share", 0.8)),
    )


def _read(path: Path) -> dict[str, Any]:
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


@cache
def _load_cached(extra: Path | None, _stamp: int = 0) -> SiteTable:
    raw = _read(SITES_FILE)
    sites_raw = dict(raw.get("sites", {}))
    defaults_raw = dict(raw["defaults"])
    if extra is not None:
        more = _read(extra)
        sites_raw.update(more.get("sites", {}))
        defaults_raw.update(more.get("defaults", {}))
    return SiteTable(
        defaults=_defaults(defaults_raw),
        sites={key: _site(key, value) for key, value in sites_raw.items()},
    )


def load_sites(extra: Path | str | None = None) -> SiteTable:
    """The shipped adapters, with the [sites.*] of `extra` (a TOML file) added or overriding."""
    if not extra:
        return _load_cached(None)
    path = Path(extra).resolve()
    return _load_cached(path, path.stat().st_mtime_ns)  # an edited file is read again
