"""Canonical URLs and stable article ids.

Two links to the same article differ by tracking parameters (utm_*, fbclid, zarsrc...), the
fragment, the order of the query or an explicit default port. `canonical_url` removes those
differences so that de-duplication and the raw archive index agree on one key per article.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.scrape.sites import Site, SiteTable, load_sites

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LAST_NUMBER = re.compile(r"(\d{5,})(?=\D*$)")


def canonical_url(url: str, tracking: frozenset[str] | None = None) -> str:
    """Normalise a URL: lower-case scheme/host, no default port, fragment or tracking query."""
    if tracking is None:
        tracking = load_sites().defaults.tracking_params
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in tracking and not k.lower().startswith("utm_")
    ]
    path = parts.path or "/"
    path = re.sub(r"/{2,}", "/", path)
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def _short_for_host(host: str) -> str:
    host = host.lower()
    if re.fullmatch(r"[\d.:]+", host):
        return re.sub(r"[^0-9]+", "-", host).strip("-")
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    return labels[0] if labels else "page"


def article_id(url: str | None, site: Site | None = None, fallback_text: str = "") -> str:
    """`<site short name>-<numeric id in the URL>`, else `<host label>-<short hash>`.

    The number comes from the site's `article_url` pattern (group 1) when it matches, else the
    last run of five or more digits in the path. Without a URL the id hashes `fallback_text`.
    """
    if not url:
        digest = hashlib.sha1(fallback_text.encode("utf-8")).hexdigest()[:12]
        return f"page-{digest}"
    parts = urlsplit(url)
    short = site.short if site else _short_for_host(parts.hostname or "page")
    number = None
    if site and site.article_url is not None:
        match = site.article_url.search(parts.path)
        if match and match.groups():
            number = match.group(1)
    if number is None:
        match = _LAST_NUMBER.search(parts.path)
        number = match.group(1) if match else None
    if number is None:
        number = hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:10]
    return f"{short}-{number}"


def host_of(url: str) -> str:
    """`scheme://host[:port]`: the unit of politeness (robots.txt, delay, concurrency)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def site_for(url: str | None, table: SiteTable | None = None) -> Site | None:
    """The adapter for a URL's host, if one is known."""
    return (table or load_sites()).for_url(url)
