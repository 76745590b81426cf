"""The `Article` record: what every input format (txt, html, json, scraped page) becomes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Vietnamese sites write day/month/year (`Thứ hai, 3/5/2017 10:20`, `3.5.2017`).
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def parse_date(text: str | None) -> date | None:
    """The calendar date of a `published_at` or `--as-of` value (ISO or day/month/year), else
    None. The one date reader of article metadata (era, store, extractors' context)."""
    if not text:
        return None
    if match := _ISO_DATE.search(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY_DATE.search(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Article:
    """One news article, as read from disk, before normalisation.

    `paragraphs` are the body paragraphs (the lead first), without the title. Keeping the title
    apart matters because the gold treats it specially (figures in it are optional).
    """

    article_id: str
    title: str
    paragraphs: tuple[str, ...]
    source: str = ""
    url: str = ""
    published_at: str = ""
    path: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def raw_text(self) -> str:
        """Title and paragraphs, one per line: the `.txt` layout of the corpus."""
        return "\n".join((self.title, *self.paragraphs))

    @property
    def text_sha256(self) -> str:
        """Hash of the raw text; the key for incremental runs and de-duplication."""
        return hashlib.sha256(self.raw_text.encode("utf-8")).hexdigest()
