"""Which published articles a store run may remove: only those whose files were seen gone.

A run used to remove every published article it did not read, so a typo in a path, a folder
that could not be listed, a file that failed to read or a store pointed at another corpus
deleted rows with exit code 0. Now an article is removed only when its file (recorded in the
store's `article_files`) lies under a path of this run that was listed without error, and that
file is gone or was read cleanly without the article. Everything else is kept and counted.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.ingest import ReadReport
    from pipeline.runner import RunSummary
    from pipeline.store import Store

#: More articles than this gone from their files in one run is more likely a mistake (a
#: folder moved, a wrong path) than an edit: their rows are kept unless `--prune` is given.
PRUNE_LIMIT = 10


def prune_plan(
    store: Store, current: list[str], report: ReadReport, prune: bool, summary: RunSummary
) -> list[str]:
    """The article ids the store keeps, in run order: those read this run, plus those not read
    that must not be removed.

    A published article not read this run is removed only when its file lies under an input
    of this run that was listed without error, and that file is gone or was read without
    error (the article left it). Articles read from other paths, from files that failed to
    read, or of unknown origin (stores older than `article_files`) are kept, and counted;
    `prune` removes all but those whose file failed. Kept articles keep their place after
    the article that preceded them, so an unchanged store keeps its order byte for byte.
    """
    read = set(current)
    old_order = store.order()
    sources = store.sources()
    gone: list[str] = []
    kept: dict[str, list[str]] = {"other": [], "unknown": [], "failed": []}
    for article_id in old_order:
        if article_id in read:
            continue
        file = sources.get(article_id)
        if file is None:
            kept["unknown"].append(article_id)
        elif not any(_inside(file, root) for root in report.roots):
            kept["other"].append(article_id)
        elif file in report.failed_files or not report.under_readable_root(file):
            kept["failed"].append(article_id)
        else:
            gone.append(article_id)
    if prune:
        gone += kept.pop("other") + kept.pop("unknown")
    elif len(gone) > PRUNE_LIMIT:
        summary.prune_refused = len(gone)
        summary.errors.append(
            f"{len(gone)} articles are gone from their files (e.g. {gone[0]!r}); their rows are "
            "kept: run again with --prune to remove them"
        )
        kept["gone"] = gone
        gone = []
    reasons = {
        "other": "were read from other paths than this run's",
        "unknown": "come from files this store did not record",
        "failed": "come from files or folders that could not be read",
        "gone": "are gone from their files",
    }
    for kind, ids in kept.items():
        if ids:
            summary.kept += len(ids)
            hint = "" if kind in ("failed", "gone") else "; --prune removes them"
            summary.warnings.append(
                f"kept {len(ids)} published articles that {reasons[kind]}{hint}"
            )
    if gone:
        shown = ", ".join(repr(i) for i in gone[:3]) + (", ..." if len(gone) > 3 else "")
        summary.warnings.append(f"removing {len(gone)} articles gone from their files: {shown}")
    keep = read | {i for ids in kept.values() for i in ids}
    # Each kept article follows the article that preceded it in the old order.
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for article_id in old_order:
        if article_id in read:
            anchor = article_id
        elif article_id in keep:
            after.setdefault(anchor, []).append(article_id)
    order = list(after.get(None, []))
    for article_id in current:
        order.append(article_id)
        order.extend(after.get(article_id, []))
    return order


def _inside(file: str, root: str) -> bool:
    return file == root or file.startswith(root.rstrip(os.sep) + os.sep)
