"""Extractor for the `commitments` table (placeholder until its issue lands: returns no rows)."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc

from pipeline.tables import CommitmentRow


def extract_commitments(doc: Doc, context: Mapping[str, list]) -> list[CommitmentRow]:
    """Not built yet: the table is written with its header and scores 0, which is honest."""
    return []
