"""The `Article` record: what every input format (txt, html, json, scraped page) becomes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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
