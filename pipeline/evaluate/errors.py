"""`pipeline errors`: every scoring error as one line, grouped by article, for error analysis.

Why: P/R/F1 say how much is wrong, not what. Rules and models improve by reading classes of
errors across many articles, so this lists, per article,

- ``MISS``: each required gold item no prediction matched (the scorer's false negatives);
- ``EXTRA``: each predicted row that matched nothing (the scorer's false positives);
- ``DIFF``: each matched pair whose attribute differs from gold (titles, locality, actor,
  deadline, values, qualifier, value_max), with the row's evidence.

The lines come from the scorer's own result, so their counts equal its fn and fp exactly
(tested). A MISS line shows the article's paragraph around the item when the article text is
found, since gold items carry no offsets.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluate.scoring import TABLES, score

CONTEXT_CHARS = 220  # how much of a paragraph a MISS line shows around the item

# The fields that identify an item of each table in a line, gold side and predicted side.
_GOLD_FIELDS: dict[str, tuple[str, ...]] = {
    "officials": ("name", "titles", "locality"),
    "localities": ("type", "name"),
    "figures": ("text", "kind", "value", "unit", "qualifier", "value_max"),
    "commitments": ("key", "actor", "deadline", "values"),
}
# Predicted commitments carry evidence, not a key: the evidence line shows it.
_PRED_FIELDS: dict[str, tuple[str, ...]] = {
    **_GOLD_FIELDS,
    "commitments": ("actor", "deadline", "values"),
}
# The gold field whose text is looked up in the article for a MISS line's context.
_ANCHOR = {"officials": "name", "localities": "name", "figures": "text", "commitments": "key"}


@dataclass
class ErrorListing:
    """The lines of a listing and, per table, how many MISS / EXTRA / DIFF lines it holds."""

    lines: list[str] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)
    expected: dict[str, tuple[int, int]] = field(default_factory=dict)  # table → (fn, fp)


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, list):
        return "[" + "; ".join(_cell(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _describe(item: dict[str, Any], fields: tuple[str, ...]) -> str:
    parts = []
    for name in fields:
        if name in item and item[name] not in (None, "", []):
            parts.append(f"{name}={_cell(item[name])}")
    return " ".join(parts)


def _article_lines(articles_dir: Path | None, article_id: str) -> list[str]:
    if articles_dir is None:
        return []
    path = articles_dir / f"{article_id}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [unicodedata.normalize("NFC", line) for line in text.splitlines() if line.strip()]


def _context(paragraphs: list[str], needle: Any) -> str | None:
    """The paragraph around the first occurrence of `needle`, cut to CONTEXT_CHARS."""
    if not isinstance(needle, str) or not needle.strip():
        return None
    needle = unicodedata.normalize("NFC", needle).lower()
    for paragraph in paragraphs:
        at = paragraph.lower().find(needle)
        if at < 0:
            continue
        start = max(0, at - CONTEXT_CHARS // 2)
        end = min(len(paragraph), at + len(needle) + CONTEXT_CHARS // 2)
        prefix = "…" if start else ""
        suffix = "…" if end < len(paragraph) else ""
        return prefix + paragraph[start:end] + suffix
    return None


def list_errors(
    gold_dir: str | Path,
    pred_dir: str | Path,
    table: str | None = None,
    article: str | None = None,
    articles_dir: str | Path | None = None,
) -> ErrorListing:
    """The error lines of `pred_dir` against `gold_dir`, optionally for one table or article.

    `articles_dir` defaults to the ``articles`` folder beside `gold_dir` (the layout of the
    shared corpora); without it MISS lines carry no context.
    """
    if table is not None and table not in TABLES:
        raise ValueError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")
    result = score(gold_dir, pred_dir)
    if article is not None and article not in result["articles"]:
        raise ValueError(f"article {article!r} has no gold file in {gold_dir}")
    if articles_dir is None:
        candidate = Path(gold_dir).parent / "articles"
        articles_dir = candidate if candidate.is_dir() else None
    tables = [table] if table else list(TABLES)
    by_article: dict[str, list[tuple[str, str, list[str]]]] = {}
    listing = ErrorListing()

    def add(aid: str, kind: str, table_name: str, text: str, extra: list[str]) -> None:
        line = f"{kind:<5} {table_name}  {text}".rstrip()
        by_article.setdefault(aid, []).append((kind, line, extra))
        listing.counts.setdefault(table_name.split(".")[0], Counter())[kind] += 1

    for name in tables:
        summary = result["tables"][name]
        if article is None:
            listing.expected[name] = (summary["fn"], summary["fp"])
        else:
            counts = result["articles"][article][name]
            listing.expected[name] = (counts["fn"], counts["fp"])
        listing.counts.setdefault(name, Counter())
        for item in summary["false_negatives"]:
            aid = item["article_id"]
            if article is not None and aid != article:
                continue
            context = _context(_article_lines(articles_dir, aid), item.get(_ANCHOR[name]))
            add(
                aid, "MISS", name, _describe(item, _GOLD_FIELDS[name]), [context] if context else []
            )
        for row in summary["false_positives"]:
            aid = row["article_id"]
            if article is not None and aid != article:
                continue
            text = f"row {row.get('_row')}  {_describe(row, _PRED_FIELDS[name])}"
            add(aid, "EXTRA", name, text, [f"evidence: {row.get('evidence') or '∅'}"])
        for error in summary["attribute_errors"]:
            aid = error["article_id"]
            if article is not None and aid != article:
                continue
            anchor = error["gold_item"].get(_ANCHOR[name])
            text = (
                f"row {error['row']}  gold={_cell(error['gold'])} "
                f"predicted={_cell(error['predicted'])}  ({_ANCHOR[name]}: {_cell(anchor)})"
            )
            evidence = error.get("evidence") or "∅"
            add(aid, "DIFF", f"{name}.{error['attribute']}", text, [f"evidence: {evidence}"])
    order = {"MISS": 0, "EXTRA": 1, "DIFF": 2}
    for aid in sorted(by_article):
        listing.lines.append(f"── {aid}")
        for _kind, line, extra in sorted(by_article[aid], key=lambda entry: order[entry[0]]):
            listing.lines.append(line)
            listing.lines.extend(f"        {text}" for text in extra)
    for name in tables:
        counts = listing.counts[name]
        fn, fp = listing.expected[name]
        listing.lines.append(
            f"{name}: {counts['MISS']} MISS (fn {fn}), {counts['EXTRA']} EXTRA (fp {fp}), "
            f"{counts['DIFF']} DIFF"
        )
    return listing
