"""Page metadata shared by every site: JSON-LD, OpenGraph / article:* / itemprop meta tags, the
canonical link, and date parsing into ISO 8601 with an offset.

These are what the generic extractor relies on for sites without an adapter, and the fallback
for an adapter whose selectors stopped matching.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from bs4 import BeautifulSoup, Tag

log = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "livebloposting",
    "liveblogposting", "scholarlyarticle", "techarticle", "report",
}  # fmt: skip
_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean(text: str | None) -> str:
    """Collapse whitespace (NBSP included) and drop invisible characters."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


@dataclass
class PageMeta:
    """Everything the <head> (and JSON-LD scripts) say about the page."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    canonical: str | None = None
    lang: str | None = None
    title_tag: str = ""

    def first(self, *keys: str) -> str:
        """The first non-empty meta value among `keys` (name, property or itemprop)."""
        for key in keys:
            for value in self.meta.get(key.lower(), ()):
                if clean(value):
                    return clean(value)
        return ""

    def all(self, key: str) -> list[str]:
        return [clean(v) for v in self.meta.get(key.lower(), ()) if clean(v)]

    def article_ld(self) -> dict[str, Any] | None:
        """The first JSON-LD object typed as an article (NewsArticle, Article, ...)."""
        for item in self.jsonld:
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
                return item
        return None

    def breadcrumb_ld(self) -> list[str]:
        for item in self.jsonld:
            if str(item.get("@type", "")).lower() == "breadcrumblist":
                names = []
                for element in item.get("itemListElement") or []:
                    if not isinstance(element, dict):
                        continue
                    inner = element.get("item")
                    name = element.get("name") or (
                        inner.get("name") if isinstance(inner, dict) else None
                    )
                    if isinstance(name, str) and clean(name):
                        names.append(clean(name))
                return names
        return []


def _walk_ld(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    """Flatten JSON-LD: top-level lists and @graph arrays into one list of objects."""
    if depth > 4:
        return
    if isinstance(node, list):
        for child in node:
            _walk_ld(child, out, depth + 1)
    elif isinstance(node, dict):
        if "@graph" in node:
            _walk_ld(node["@graph"], out, depth + 1)
        if "@type" in node:
            out.append(node)


def read_meta(soup: BeautifulSoup) -> PageMeta:
    """Collect meta tags, JSON-LD objects, the canonical link, <html lang> and <title>."""
    page = PageMeta()
    for tag in soup.find_all("meta"):
        value = tag.get("content")
        if value is None:
            value = tag.get("value")
        if value is None:
            continue
        if "&" in value:  # some CMSes escape twice: "Th&#225;ng 3" in og:description
            value = html.unescape(value)
        for attr in ("name", "property", "itemprop"):
            key = tag.get(attr)
            if isinstance(key, str) and key:
                page.meta.setdefault(key.lower(), []).append(str(value))
    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        raw = script.string or script.get_text()
        if not raw or len(raw) > 500_000:
            continue
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except (json.JSONDecodeError, RecursionError):
            # Publishers often leave raw newlines or trailing commas in JSON-LD; try once more.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ")))
            except (json.JSONDecodeError, RecursionError):
                log.debug("unreadable JSON-LD block skipped")
                continue
        _walk_ld(data, page.jsonld)
    link = soup.find("link", rel=lambda v: v and "canonical" in v)
    if isinstance(link, Tag) and link.get("href"):
        page.canonical = str(link["href"]).strip()
    root = soup.find("html")
    if isinstance(root, Tag) and root.get("lang"):
        page.lang = str(root["lang"])
    if soup.title and soup.title.string:
        page.title_tag = clean(soup.title.string)
    return page


def ld_text(value: Any) -> str:
    """A JSON-LD value as text: strings as is (HTML entities decoded: some CMSes escape
    "Chiến" as "Chi&amp;#7871;n"), {name: ...} objects by name."""
    if isinstance(value, str):
        for _ in range(2):
            if "&" not in value:
                break
            value = html.unescape(value)
        return clean(value)
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@value"))
    if isinstance(value, list) and value:
        return ld_text(value[0])
    return ""


def ld_people(value: Any) -> list[str]:
    """Names of the Person authors in a JSON-LD `author` value (organisations skipped)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(ld_text(item))
        elif isinstance(item, dict) and str(item.get("@type", "Person")).lower() == "person":
            name = ld_text(item.get("name"))
            if name:
                names.append(name)
    return [n for n in names if n]


# ------------------------------------------------------------------------------------- dates
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_HM = re.compile(r"(?<!\d)(\d{1,2})\s*[:hH]\s*(\d{2})(?::(\d{2}))?(?!\d)")
_GMT = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _tz(default: str) -> timezone:
    return _offset(default) or timezone(timedelta(hours=7))


def _plausible(moment: datetime) -> bool:
    return 1990 <= moment.year <= datetime.now(UTC).year + 1


def parse_date(text: str | None, default_tz: str = "+07:00") -> str | None:
    """ISO 8601 with an offset, from the date formats Vietnamese sites print.

    Handles ISO strings (with or without an offset; "2025-05-09 11:02"), epoch seconds, and
    day-first dates such as "Thứ tư, 22/10/2025, 19:25 (GMT+7)" or "16/07/2026 21:43". A date
    without an offset is local Vietnamese time (`default_tz`). Returns None when unparsable.
    """
    text = clean(text)
    if not text:
        return None
    tzinfo = _tz(default_tz)
    try:
        moment = _parse(text, tzinfo)
    except (ValueError, OverflowError):
        return None
    if moment is None or not _plausible(moment):
        return None
    return moment.isoformat(timespec="seconds")


def _parse(text: str, tzinfo: timezone) -> datetime | None:
    if re.fullmatch(r"\d{9,10}", text):
        return datetime.fromtimestamp(int(text), tz=tzinfo)
    match = _ISO.search(text)
    if match:
        year, month, day, hour, minute, second, off = match.groups()
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=_offset(off) or tzinfo,
        )  # fmt: skip
    match = _DMY.search(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        rest = text[match.end() :] + " " + text[: match.start()]
        hm = _HM.search(rest)
        gmt = _GMT.search(text)
        zone = tzinfo
        if gmt:
            sign = -1 if gmt.group(1) == "-" else 1
            zone = timezone(
                sign * timedelta(hours=int(gmt.group(2)), minutes=int(gmt.group(3) or 0))
            )
        hour, minute, second = (
            (int(hm.group(1)), int(hm.group(2)), int(hm.group(3) or 0)) if hm else (0, 0, 0)
        )
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    return None


def most_precise(moments: list[str]) -> str:
    """The first date, or a later one naming the same minute with its seconds: a page that
    prints "08:52" and declares "08:52:11" elsewhere was published at 08:52:11."""
    first = datetime.fromisoformat(moments[0])
    if first.second:
        return moments[0]
    for moment in moments[1:]:
        other = datetime.fromisoformat(moment)
        if other.second and other.replace(second=0) == first:
            return moment
    return moments[0]
