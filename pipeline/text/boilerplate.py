"""Mark page furniture in article paragraphs: source blocks, bare domains, repeated captions.

Such lines stay in the raw and normalised text (nothing is thrown away), but the extractors do
not see them as sentences: `Nguồn: TTTĐ` is not a locality mention and a caption repeated
verbatim is not a second occurrence of its figures.

A furniture rule that fires on content costs rows silently, so each rule is narrow: a rule may
carry an `unless` regex (a figure, a clause, a verb: the line reads like text), and the rules
that only count at the end of the article (bylines) never take the article's last paragraph of
text: a one-paragraph brief keeps its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.rules import load


@dataclass(frozen=True)
class _Rule:
    """One `[[boilerplate.pattern]]` entry of rules/text.toml."""

    id: str
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None
    trailing_only: bool

    def matches(self, paragraph: str) -> bool:
        if not self.regex.match(paragraph):
            return False
        return self.unless is None or not self.unless.search(paragraph)


@cache
def _rules() -> tuple[_Rule, ...]:
    return tuple(
        _Rule(
            entry["id"],
            re.compile(entry["regex"]),
            re.compile(entry["unless"]) if entry.get("unless") else None,
            bool(entry.get("trailing_only")),
        )
        for entry in load("text")["boilerplate"]["pattern"]
    )


def boilerplate_paragraphs(paragraphs: list[str]) -> dict[int, str]:
    """Return `{paragraph index: rule id}` for the paragraphs that are not article text.

    `paragraphs` are normalised body paragraphs. A paragraph that repeats an earlier one
    verbatim (a caption printed twice) is marked `boilerplate.repeated`; the first copy stays.
    """
    rules = _rules()
    marked: dict[int, str] = {}
    seen: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        if paragraph in seen:
            marked[index] = "boilerplate.repeated"
        seen.add(paragraph)
        for rule in rules:
            if not rule.trailing_only and rule.matches(paragraph):
                marked[index] = rule.id
                break
    # The trailing block: walk back from the end while lines look like furniture.
    trailing: dict[int, str] = {}
    start = len(paragraphs)
    for index in range(len(paragraphs) - 1, -1, -1):
        rule_id = marked.get(index) or next(
            (rule.id for rule in rules if rule.matches(paragraphs[index])), None
        )
        if rule_id is None:
            break
        trailing[index] = rule_id
        start = index
    if any(index not in marked for index in range(start)):
        marked.update(trailing)  # some text stays before the block: it is furniture
    return marked


def signs_off(sentence: str) -> str | None:
    """The id of the closing-line rule (`trailing_only`: a byline, a signature) that the
    article's last sentence matches, else None.

    For a closing line glued to the last paragraph (`... thời gian tới./. Hà Giang`): the
    paragraph reads as text, so only its last sentence is furniture."""
    return next(
        (rule.id for rule in _rules() if rule.trailing_only and rule.matches(sentence)), None
    )
