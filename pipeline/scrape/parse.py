"""Turn any news page into an article record.

`parse_page` is the one entry point, used by the fetcher and by `pipeline.ingest` for `.html`
files. It picks the site adapter (pipeline/rules/sites.toml) by host, falls back field by field to
the generic extractor (JSON-LD, OpenGraph and meta tags, common body containers, trafilatura),
and decides whether the page is a Vietnamese article at all.

The record (a plain dict, written as `<id>.json`):
    id, url, source, title, sapo, text (sapo then body paragraphs, one per line),
    paragraphs (body only), published_at (ISO 8601 with offset, or None), authors, category,
    tags, language ("vi", "en", ... or "und"), is_article (bool), extractor (which path read
    the body: "site:<key>", "generic:<selector>" or "trafilatura").

Pages that are not Vietnamese articles (an English edition, a home or section page, a page with
no body) raise `NotArticleError` / `NotVietnameseError` by default; with `strict=False` they are
returned with `is_article: False` and their `language`, for callers that want to look anyway.
Broken, empty or pathological pages raise `ScrapeError` (a `ValueError`) with one clear line.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from pipeline.scrape.body import (
    Block,
    clean_paragraphs,
    closing_lines,
    drop_elements,
    flatten_tables,
    iter_blocks,
    mark_captions,
    safe_select,
    strip_prefix,
)
from pipeline.scrape.encoding import decode_html
from pipeline.scrape.errors import NotArticleError, NotVietnameseError, ScrapeError
from pipeline.scrape.language import detect_language, vietnamese_ratio
from pipeline.scrape.metadata import (
    PageMeta,
    clean,
    ld_people,
    ld_text,
    most_precise,
    parse_date,
    read_meta,
)
from pipeline.scrape.names import drop_closing_byline, name_shaped, plausible_name, split_names
from pipeline.scrape.sites import Defaults, Pattern, Site, SiteTable, load_sites
from pipeline.scrape.urls import article_id

log = logging.getLogger(__name__)

MAX_PAGE_CHARS = 15_000_000
# Real news pages have a few thousand elements nested a few dozen deep. Pages far beyond that
# (a 100,000-deep tag chain, hundreds of thousands of tags) are refused before parsing: they
# are not articles, and every selector would crawl through them.
MAX_ELEMENTS = 150_000
MAX_DEPTH = 1_000
_SCRIPTS = re.compile(
    r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# Void elements, and elements HTML closes implicitly, do not deepen the tree.
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option thead tbody tfoot colgroup rp rt".split()
)
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—]\s+")
# Where the article's own <h1> is, most specific first; `select_values(many=True)` returns the
# hits of the first selector that has any.
_H1 = ("article h1", "main h1", "[data-role=title]", "h1")


def parse_page(
    html: str | bytes,
    url: str | None = None,
    site: str | None = None,
    *,
    strict: bool = True,
    content_type: str | None = None,
    sites_file: str | None = None,
) -> dict[str, Any]:
    """Parse one page into an article record (see the module docstring).

    `url` is where the page came from (used for relative links, the site and the id when the
    page declares no canonical URL); `site` forces an adapter by key, name or host;
    `content_type` is the HTTP header, whose charset wins over the page's own declaration.
    """
    where = f" ({url})" if url else ""
    try:
        return _parse(html, url, site, strict, content_type, load_sites(sites_file))
    except RecursionError as error:
        raise ScrapeError(f"page too deeply nested to parse{where}") from error
    except MemoryError as error:
        raise ScrapeError(f"page too large to parse{where}") from error


def _parse(
    html: str | bytes,
    url: str | None,
    site_name: str | None,
    strict: bool,
    content_type: str | None,
    table: SiteTable,
) -> dict[str, Any]:
    where = f" ({url})" if url else ""
    if isinstance(html, bytes | bytearray):
        text = decode_html(bytes(html), content_type)
    elif isinstance(html, str):
        text = unicodedata.normalize("NFC", html)
    else:
        raise ScrapeError(f"expected HTML as str or bytes, got {type(html).__name__}{where}")
    if not text.strip():
        raise ScrapeError(f"empty page{where}")
    if len(text) > MAX_PAGE_CHARS:
        raise ScrapeError(f"page of {len(text):,} characters is too large{where}")
    if "<" not in text[:5000] and "<" not in text:
        raise ScrapeError(f"not HTML (no tags at all){where}")
    _check_shape(text, where)
    soup = BeautifulSoup(text, "lxml")
    if soup.find(True) is None:
        raise ScrapeError(f"no HTML elements found{where}")

    meta = read_meta(soup)
    page_url = _page_url(meta, url)
    adapter = _adapter(table, site_name, url, page_url)
    defaults = table.defaults
    tz = (adapter.tz if adapter else None) or defaults.tz
    ld = meta.article_ld() or {}

    title = _title(soup, meta, ld, adapter)
    sapo = _sapo(soup, meta, ld, adapter, defaults)
    published_at = _date(soup, meta, ld, adapter, defaults, tz)
    authors = _authors(soup, meta, ld, adapter, defaults)
    category = _category(soup, meta, ld, adapter)
    tags = _tags(soup, meta, ld, adapter, defaults)
    paragraphs, extractor, closing = _body(
        soup, text, page_url or url, adapter, defaults, title, sapo
    )
    if not authors:
        authors = closing
    if paragraphs:
        paragraphs[0] = strip_prefix(
            paragraphs[0], (*(adapter.sapo_prefix if adapter else ()), *defaults.sapo_prefix)
        )
        paragraphs = [p for p in paragraphs if p]
    paragraphs = drop_closing_byline(paragraphs, authors)

    body_text = "\n".join(paragraphs)
    sample = " ".join((title, sapo, body_text)) if body_text else _page_text(soup)
    language = detect_language(sample, meta.lang, defaults.min_vietnamese_ratio)
    reasons = _not_article_reasons(
        page_url, adapter, meta, ld, title, sapo, body_text, published_at, defaults
    )
    record = {
        "id": article_id(page_url, adapter, fallback_text=title + body_text),
        "url": page_url or "",
        "source": _source(adapter, page_url),
        "title": title,
        "sapo": sapo,
        "text": "\n".join(p for p in (sapo, *paragraphs) if p),
        "paragraphs": paragraphs,
        "published_at": published_at,
        "authors": authors,
        "category": category,
        "tags": tags,
        "language": language,
        "is_article": language == "vi" and not reasons,
        "extractor": extractor,
    }
    if strict and language != "vi":
        ratio = vietnamese_ratio(sample)
        raise NotVietnameseError(
            f"not a Vietnamese page (language {language}, {ratio:.0%} Vietnamese-marked words)"
            f"{where}"
        )
    if strict and reasons:
        raise NotArticleError(f"not an article page: {'; '.join(reasons)}{where}")
    return record


def _check_shape(text: str, where: str) -> None:
    """Refuse pathological markup (see MAX_DEPTH) with one clear line, before parsing it."""
    depth = deepest = count = 0
    for match in _TAG.finditer(_SCRIPTS.sub(" ", text)):
        closing, name, self_closing = match.groups()
        count += 1
        if count > MAX_ELEMENTS:
            raise ScrapeError(f"page has more than {MAX_ELEMENTS:,} tags; refused{where}")
        if self_closing or name.lower() in _FLAT:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                raise ScrapeError(f"tags nested more than {MAX_DEPTH:,} deep; refused{where}")


# ------------------------------------------------------------------------------ selection
def _page_url(meta: PageMeta, url: str | None) -> str | None:
    """The page's canonical URL (absolute http[s]) if it declares one, else `url`."""
    for candidate in (meta.canonical, meta.first("og:url")):
        if not candidate:
            continue
        absolute = urljoin(url, candidate) if url else candidate
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.hostname:
            return absolute
    return url


def _adapter(
    table: SiteTable, name: str | None, url: str | None, page_url: str | None
) -> Site | None:
    if name:
        try:
            return table.get(name)
        except KeyError as error:
            raise ScrapeError(str(error.args[0])) from error
    # The page's own canonical host first: a page saved or mirrored elsewhere keeps its adapter.
    return table.for_url(page_url) or table.for_url(url)


def _source(adapter: Site | None, page_url: str | None) -> str:
    if adapter:
        return adapter.hosts[0]
    host = urlsplit(page_url).hostname if page_url else None
    return (host or "").removeprefix("www.")


def select_values(
    soup: BeautifulSoup | Tag, selectors: tuple[str, ...] | list[str], *, many: bool = False
) -> list[str]:
    """Values of the first selector that yields any: element text, or `css@attr` attributes."""
    for selector in selectors:
        css, _, attr = selector.partition("@")
        values = []
        for element in safe_select(soup, css.strip()):
            if attr:
                raw = element.get(attr.strip())
                value = clean(" ".join(raw) if isinstance(raw, list) else raw)
            else:
                value = clean(element.get_text(""))
            if value:
                values.append(value)
                if not many:
                    break
        if values:
            return values
    return []


def _apply_suffixes(soup: BeautifulSoup, adapter: Site | None) -> None:
    """Append each `suffix` text after its element (e.g. " - " after a dateline stamp)."""
    if not adapter:
        return
    for selector, suffix in adapter.suffix.items():
        for element in safe_select(soup, selector):
            if clean(element.get_text("")):
                element.append(suffix)


# ---------------------------------------------------------------------------------- fields
def _title(soup: BeautifulSoup, meta: PageMeta, ld: dict, adapter: Site | None) -> str:
    """The article's visible <h1> when there is one, else the headline of the metadata.

    Sites often shorten or reword og:title for sharing; the reader sees the <h1>. An <h1> is
    the article's when it shares most words with the metadata headline (or, without one, the
    <title> minus the site name): a page whose only <h1> is the site's logo keeps the metadata
    headline. A page with no metadata headline and no matching <h1> takes its first <h1>.
    """
    found = select_values(soup, adapter.title) if adapter else []
    if found:
        return found[0]
    headline = ld_text(ld.get("headline")) or meta.first("og:title", "twitter:title")
    page_title = _without_site_name(meta.title_tag)
    h1s = select_values(soup, _H1, many=True)
    for h1 in h1s:
        if _same_headline(h1, headline or page_title):
            return h1
    if headline:
        return headline
    return h1s[0] if h1s else page_title


def _without_site_name(title: str) -> str:
    """A <title> without its closing " - Site name" part."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and len(parts[-1]) <= 40:
        return " - ".join(parts[:-1])
    return title


def _same_headline(h1: str, headline: str) -> bool:
    """True when at least half the words of the <h1> are words of the metadata headline."""
    words = re.findall(r"\w+", h1.lower())
    known = set(re.findall(r"\w+", headline.lower()))
    return bool(words) and sum(w in known for w in words) * 2 >= len(words)


def _sapo(
    soup: BeautifulSoup, meta: PageMeta, ld: dict, adapter: Site | None, defaults: Defaults
) -> str:
    _apply_suffixes(soup, adapter)
    found = select_values(soup, adapter.sapo) if adapter else []
    if not found:  # the visible lead of the template; og:description is often shortened
        found = select_values(soup, defaults.sapo)
    value = found[0] if found else ""
    if not value:
        value = ld_text(ld.get("description")) or meta.first(
            "og:description", "twitter:description", "description"
        )
    prefixes = (*(adapter.sapo_prefix if adapter else ()), *defaults.sapo_prefix)
    return strip_prefix(value, prefixes)


def _date(
    soup: BeautifulSoup,
    meta: PageMeta,
    ld: dict,
    adapter: Site | None,
    defaults: Defaults,
    tz: str,
) -> str | None:
    """When the article was published: machine-readable values first (the site's attribute
    selectors, JSON-LD, meta tags, <time datetime>), then the date the page prints (the site's
    selectors, then the common date elements of [defaults].date)."""
    adapter_dates = adapter.date if adapter else ()
    candidates: list[str] = []
    for selector in (s for s in adapter_dates if "@" in s):
        candidates.extend(select_values(soup, [selector]))
    candidates.append(ld_text(ld.get("datePublished")))
    candidates.append(
        meta.first(
            "article:published_time",
            "datepublished",
            "pubdate",
            "og:published_time",
            "dc.date.issued",
            "dcterms.created",
            "publishdate",
            "date",
        )
    )
    candidates.extend(select_values(soup, ["article time@datetime", "time@datetime"]))
    for selector in (s for s in adapter_dates if "@" not in s):
        candidates.extend(select_values(soup, [selector]))
    candidates.append(ld_text(ld.get("dateCreated")))
    candidates.extend(select_values(soup, defaults.date))
    parsed = [p for p in (parse_date(c, tz) for c in candidates) if p]
    if not parsed:
        return None
    return most_precise(parsed)


def _authors(
    soup: BeautifulSoup, meta: PageMeta, ld: dict, adapter: Site | None, defaults: Defaults
) -> list[str]:
    raw: list[str] = []
    if adapter:
        raw = select_values(soup, adapter.authors, many=True)
    if not raw:
        raw = [name for name in ld_people(ld.get("author")) if name]
    if not raw:  # the byline block of the template
        raw = select_values(soup, defaults.authors, many=True)
    if not raw:
        raw = [
            v for v in meta.all("article:author") + meta.all("author") if not v.startswith("http")
        ]
    names: list[str] = []
    for value in raw:
        for name in split_names(value):
            if plausible_name(name, defaults) and name not in names:
                names.append(name)
    return names


def _category(soup: BeautifulSoup, meta: PageMeta, ld: dict, adapter: Site | None) -> str:
    found = select_values(soup, adapter.category) if adapter else []
    if found:
        return found[0].split(",")[0].strip()
    section = ld_text(ld.get("articleSection")) or meta.first("article:section")
    if section:
        return section.split(",")[0].strip()
    crumbs = [c for c in meta.breadcrumb_ld() if c.lower() not in ("trang chủ", "home")]
    return crumbs[0] if crumbs else ""


def _tags(
    soup: BeautifulSoup, meta: PageMeta, ld: dict, adapter: Site | None, defaults: Defaults
) -> list[str]:
    raw: list[str] = []
    if adapter:
        raw = select_values(soup, adapter.tags, many=True)
    if not raw:
        raw = meta.all("article:tag")
    if not raw:
        keywords = ld.get("keywords")
        raw = keywords if isinstance(keywords, list) else [ld_text(keywords)] if keywords else []
    if not raw:
        raw = meta.all("news_keywords")[:1] or meta.all("keywords")[:1]
    tags: list[str] = []
    seen: set[str] = set()
    for value in raw:
        for tag in str(value).split(","):
            tag = clean(tag).lstrip("#").strip()
            key = tag.lower()
            if tag and key not in seen and key not in defaults.tag_reject and len(tag) <= 80:
                seen.add(key)
                tags.append(tag)
    return tags


# ------------------------------------------------------------------------------------ body
def _container(
    soup: BeautifulSoup, selectors: tuple[str, ...], min_chars: int
) -> tuple[Tag | None, str]:
    for selector in selectors:
        for element in safe_select(soup, selector):
            if len(clean(element.get_text(" "))) >= min_chars:
                return element, selector
    return None, ""


def _body(
    soup: BeautifulSoup,
    text: str,
    url: str | None,
    adapter: Site | None,
    defaults: Defaults,
    title: str,
    sapo: str,
) -> tuple[list[str], str, list[str]]:
    """Body paragraphs, the name of the path that found them, and the authors named by a
    closing byline (short right-aligned name lines ending the body, taken out of it)."""
    container, how = None, ""
    if adapter:
        container, selector = _container(soup, adapter.body, 1)
        how = f"site:{adapter.key}" if container is not None else ""
    if container is None:
        container, selector = _container(soup, defaults.body, defaults.min_body_chars)
        how = f"generic:{selector}" if container is not None else ""
    prefixes = (*(adapter.sapo_prefix if adapter else ()), *defaults.sapo_prefix)
    paragraphs: list[str] = []
    closing: list[str] = []
    if container is not None:
        drop_elements(container, (*defaults.drop, *(adapter.drop if adapter else ())))
        mark_captions(container, (*defaults.captions, *(adapter.captions if adapter else ())))
        flatten_tables(container, soup)
        blocks = iter_blocks(container)
        for block in closing_lines(blocks):
            names = split_names(block.text)
            if not names or not all(name_shaped(n, defaults) for n in names):
                break
            closing = [*names, *closing]
            blocks = blocks[:-1]
        paragraphs = clean_paragraphs(blocks, defaults, title=title, sapo=sapo, prefixes=prefixes)
    if sum(len(p) for p in paragraphs) >= defaults.min_body_chars:
        return paragraphs, how, closing
    fallback = _trafilatura(text, url, defaults, title, sapo, prefixes)
    if sum(len(p) for p in fallback) > sum(len(p) for p in paragraphs):
        return fallback, "trafilatura", []
    return paragraphs, how or "none", closing


def _trafilatura(
    text: str,
    url: str | None,
    defaults: Defaults,
    title: str,
    sapo: str,
    prefixes: tuple[Pattern, ...] = (),
) -> list[str]:
    """Main text by trafilatura, for pages no selector understands."""
    try:
        import trafilatura

        quiet = logging.getLogger("trafilatura")
        if quiet.level == logging.NOTSET:  # its "discarding data" warnings would double our line
            quiet.setLevel(logging.ERROR)
        extracted = trafilatura.extract(
            text,
            url=url,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as error:  # trafilatura must never take a run down
        log.debug("trafilatura failed on %s: %s", url, error)
        return []
    if not extracted:
        return []
    blocks = [Block(clean(line)) for line in extracted.splitlines() if clean(line)]
    return clean_paragraphs(blocks, defaults, title=title, sapo=sapo, prefixes=prefixes)


def _page_text(soup: BeautifulSoup, limit: int = 20000) -> str:
    body = soup.body or soup
    pieces: list[str] = []
    total = 0
    for node in body.find_all(string=True):
        if node.parent is not None and node.parent.name in (
            "script",
            "style",
            "noscript",
            "template",
        ):
            continue
        piece = clean(str(node))
        if piece:
            pieces.append(piece)
            total += len(piece)
            if total > limit:
                break
    return " ".join(pieces)


# ----------------------------------------------------------------------------- is article?
def _not_article_reasons(
    page_url: str | None,
    adapter: Site | None,
    meta: PageMeta,
    ld: dict,
    title: str,
    sapo: str,
    body_text: str,
    published_at: str | None,
    defaults: Defaults,
) -> list[str]:
    reasons = []
    if page_url:
        parts = urlsplit(page_url)
        if parts.path in ("", "/") and not parts.query:
            reasons.append(f"{page_url} is a home page")
        elif (
            adapter
            and adapter.serves(parts.hostname or "")
            and not adapter.is_article_url(page_url)
        ):
            reasons.append(f"{page_url} is not an article URL of {adapter.name}")
    if not title:
        reasons.append("no title")
    if len(body_text) < defaults.min_body_chars and len(sapo) < defaults.min_body_chars:
        reasons.append("no article body")
    signals = bool(ld) or meta.first("og:type").lower() == "article" or published_at is not None
    if not signals:
        reasons.append("no article metadata (no date, JSON-LD article or og:type article)")
    return reasons
