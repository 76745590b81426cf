"""The extractors, one module per table, and the order in which they run.

Each extractor is a pure function `extract_<table>(doc, context) -> list[Row]`: it reads the
article's `Doc` (see `pipeline.nlp`) and `context`, an `ArticleContext`
(`pipeline.extractors.context`: the text, publication date, era and locality mentions of the
article, read once) that also maps each table to the rows already produced for this article
by the extractors before it. The order is declared here, once: officials read localities, and
commitments read figures, localities and officials.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module

from spacy.tokens import Doc

from pipeline.timing import Timer, no_timer

Extractor = Callable[[Doc, Mapping[str, list]], list]

#: (table, "module:function") in run order.
ORDER: tuple[tuple[str, str], ...] = (
    ("localities", "pipeline.extractors.localities:extract_localities"),
    ("figures", "pipeline.extractors.figures:extract_figures"),
    ("officials", "pipeline.extractors.officials:extract_officials"),
    ("commitments", "pipeline.extractors.commitments:extract_commitments"),
)


def extractors() -> list[tuple[str, Extractor]]:
    """Resolve `ORDER` into callables (imported lazily so the CLI starts fast)."""
    resolved = []
    for table, target in ORDER:
        module_name, function_name = target.split(":")
        resolved.append((table, getattr(import_module(module_name), function_name)))
    return resolved


def run_extractors(doc: Doc, timer: Timer | None = None) -> dict[str, list]:
    """Run every extractor over one `Doc` in `ORDER`, handing each the article's context
    (`ArticleContext`: text, date, era, locality mentions) with the rows of those before it.

    `timer` (`pipeline.timing`) times the stages `context` and `extract <table>`."""
    from pipeline.extractors.context import article_context

    timer = timer or no_timer
    with timer("context"):
        context = article_context(doc)
    for table, extract in extractors():
        with timer(f"extract {table}"):
            rows = extract(doc, context)
        context = context.with_rows(table, rows)
    return dict(context.rows)
