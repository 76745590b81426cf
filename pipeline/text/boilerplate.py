"""Mark page furniture in article paragraphs: source blocks, bare domains, repeated captions.

Such lines stay in the raw and normalised text (nothing is thrown away), but the extractors do
not see them as sentences: `Nguồn: TTTĐ` is not a locality mention and a caption repeated
verbatim is not a second occurrence of its figures.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.rules import load


@cache
def _patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    return [
        (entry["id"], re.compile(entry["regex"]), bool(entry.get("trailing_only")))
        for entry in load("text")["boilerplate"]["pattern"]
    ]


def boilerplate_paragraphs(paragraphs: list[str]) -> dict[int, str]:
    """Return `{paragraph index: rule id}` for the paragraphs that are not article text.

    `paragraphs` are normalised body paragraphs. A paragraph that repeats an earlier one
    verbatim (a caption printed twice) is marked `boilerplate.repeated`; the first copy stays.
    """
    patterns = _patterns()
    marked: dict[int, str] = {}
    seen: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        if paragraph in seen:
            marked[index] = "boilerplate.repeated"
        seen.add(paragraph)
        for rule_id, pattern, trailing_only in patterns:
            if not trailing_only and pattern.match(paragraph):
                marked[index] = rule_id
                break
    # The trailing block: walk back from the end while lines look like furniture.
    for index in range(len(paragraphs) - 1, -1, -1):
        rule_id = marked.get(index) or next(
            (rid for rid, pattern, _ in patterns if pattern.match(paragraphs[index])), None
        )
        if rule_id is None:
            break
        marked[index] = rule_id
    return marked
