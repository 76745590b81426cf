"""What the extractors of one article share: one frozen `ArticleContext`, declared here.

Why: extractors used to pass results through undeclared `doc.user_data` keys and call one
another's functions, so that a change in one room broke another. Now `run_extractors`
builds the context once per article (the text read once, the publication date parsed once,
the era, the one locality-mention pass) and, in the declared `ORDER`, hands each extractor
the context holding the rows of those before it. An extractor reads `context.text`,
`context.locality_mentions`, `context["figures"]`...; a context is never changed, only
replaced by a fuller one (`with_rows`).

The context is also a `Mapping` of table → rows (the rows so far), so an extractor written
against the older `(doc, rows)` signature reads it unchanged, and a test may still pass a
plain dict: `as_context` builds the rest from the `Doc`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from pipeline.article import parse_date
from pipeline.era import Era, doc_era
from pipeline.nlp import doc_text

if TYPE_CHECKING:
    from pipeline.extractors.locality_rules import LocalityMention


@dataclass(frozen=True)
class ArticleContext(Mapping[str, list]):
    """One article as every extractor sees it, and the rows made so far (in `ORDER`)."""

    text: str
    published: date | None
    era: Era
    locality_mentions: tuple[LocalityMention, ...]
    rows: Mapping[str, list] = field(default_factory=dict)

    def __getitem__(self, table: str) -> list:
        return self.rows[table]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def with_rows(self, table: str, rows: list) -> ArticleContext:
        """A new context that also holds `table`'s rows."""
        return replace(self, rows={**self.rows, table: rows})


def article_context(doc: Doc, rows: Mapping[str, list] | None = None) -> ArticleContext:
    """The context of `doc`, built once: text, date, era and locality mentions."""
    from pipeline.extractors.localities import locality_mentions  # it reads this module

    return ArticleContext(
        text=doc_text(doc),
        published=parse_date(str(doc._.published_at or "")),
        era=doc_era(doc),
        locality_mentions=tuple(locality_mentions(doc)),
        rows=dict(rows or {}),
    )


def as_context(doc: Doc, context: Mapping[str, list]) -> ArticleContext:
    """`context` itself when it is an `ArticleContext`; else one built from `doc` around the
    rows it holds (tests and callers that pass a plain dict)."""
    if isinstance(context, ArticleContext):
        return context
    return article_context(doc, context)
