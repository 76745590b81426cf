"""Extractor for the `localities` table.

PLACEHOLDER (the localities issue replaces it): a naive `<type word> <Capitalised Name>` regex,
there only so that `locality_mentions(doc)`, the interface officials and commitments rely on,
exists from day one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.tables import LocalityRow

_NAIVE = re.compile(
    r"\b(tỉnh|thành phố|quận|huyện|thị xã|phường|xã|thị trấn)\s+"
    r"((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*)(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*){0,3})"
)


@dataclass(frozen=True)
class LocalityMention:
    """One mention of an administrative unit at `doc.text[start:end]`.

    `type` is the full lowercase type word (`quận`), `name` the standard name (`Bắc Từ Liêm`),
    `parent` the containing unit as `<type> <name>` when known.
    """

    start: int
    end: int
    type: str
    name: str
    rule: str
    parent: str | None = None

    @property
    def label(self) -> str:
        """`<type> <name>`, the form used in officials.locality and commitments.actor."""
        return f"{self.type} {self.name}"


def locality_mentions(doc: Doc) -> list[LocalityMention]:
    """Every locality mention in the extractor-visible sentences, in text order (cached per Doc)."""
    cached = doc.user_data.get("locality_mentions")
    if cached is not None:
        return cached
    mentions = []
    for sentence in doc.spans["sentences"]:
        for match in _NAIVE.finditer(sentence.text):
            start = sentence.start_char + match.start()
            mentions.append(
                LocalityMention(
                    start, start + len(match.group(0)), match.group(1), match.group(2), "naive"
                )
            )
    doc.user_data["locality_mentions"] = mentions
    return mentions


def extract_localities(doc: Doc, context: Mapping[str, list]) -> list[LocalityRow]:
    """One row per (type, name), from the mentions."""
    rows: dict[tuple[str, str], LocalityRow] = {}
    for mention in locality_mentions(doc):
        key = (mention.type, mention.name)
        if key in rows:
            rows[key].mentions += 1
            continue
        rows[key] = LocalityRow(
            article_id=doc._.article_id,
            type=mention.type,
            name=mention.name,
            parent=mention.parent,
            evidence=doc.text[mention.start : mention.end],
            rule=mention.rule,
            start=mention.start,
            end=mention.end,
        )
    return list(rows.values())
