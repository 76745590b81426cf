"""The gold sets `make eval` scores, and how their results add up to the union.

Why several sets: the rules were written against the 30 dev articles, so dev alone measures
memory, not skill. Each set answers its own question (see `EVAL_SETS`), and the union is what
the gate's floors sit on, so that a change may trade one dev item for several train items.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.evaluate.scoring import TABLES, prf

UNION = "all"


@dataclass(frozen=True)
class EvalSet:
    """One gold set under ``<shared>/corpus/<name>/``: ``articles/*.txt`` and ``gold/*.json``."""

    name: str
    purpose: str

    def articles(self, shared: Path) -> Path:
        return Path(shared) / "corpus" / self.name / "articles"

    def gold(self, shared: Path) -> Path:
        return Path(shared) / "corpus" / self.name / "gold"

    def present(self, shared: Path) -> bool:
        return self.articles(shared).is_dir() and self.gold(shared).is_dir()


@dataclass(frozen=True)
class SilverSet(EvalSet):
    """Annotations made in this project (`corpus/<name>/`, see its README) of articles that
    stay in the shared bench corpus: they are read from the JSONL by id at eval time, never
    copied here. Reported beside the gold sets, never part of the union or its floors."""

    bench: str = "corpus/bench/baomoi-2017-3000.jsonl"

    def articles(self, shared: Path) -> Path:
        return Path(shared) / self.bench

    def gold(self, shared: Path) -> Path:
        return PROJECT / "corpus" / self.name / "gold"

    def present(self, shared: Path) -> bool:
        return self.articles(shared).is_file() and any(self.gold(shared).glob("*.json"))


PROJECT = Path(__file__).resolve().parents[2]

EVAL_SETS: tuple[EvalSet, ...] = (
    EvalSet("dev", "30 articles (2017-2020) the rules were first written against: optimistic"),
    EvalSet(
        "train",
        "128 baomoi 2017 articles annotated blind, 16 of them random news: error analysis and "
        "learning, cross-validated for learned parts",
    ),
    EvalSet("post2025", "5 openings of July-November 2025 articles, after the reform"),
)
SILVER_SETS: tuple[SilverSet, ...] = (
    SilverSet(
        "silver",
        "bench articles annotated blind in this project, never read while tuning: a held-out "
        "check (corpus/silver/README.md)",
    ),
    SilverSet(
        "silver-dev",
        "other bench articles annotated blind in this project, whose errors are read to find "
        "classes: optimistic once tuned on (corpus/silver-dev/README.md)",
    ),
)
SET_NAMES: tuple[str, ...] = tuple(s.name for s in EVAL_SETS + SILVER_SETS)


def eval_set(name: str) -> EvalSet:
    """The set called `name`; a ValueError lists the known ones."""
    for candidate in EVAL_SETS + SILVER_SETS:
        if candidate.name == name:
            return candidate
    raise ValueError(f"unknown eval set {name!r} (known: {', '.join(SET_NAMES)})")


def _add_counts(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key in ("tp", "fp", "fn", "optional_matched"):
        total[key] = total.get(key, 0) + part.get(key, 0)
    for key in ("false_positives", "false_negatives", "attribute_errors"):
        if key in part:
            total.setdefault(key, []).extend(part[key])


def combine(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The micro-averaged result of several `score` results, as if scored as one set.

    Pairing is per article and article ids are distinct across sets, so summing the counts of
    each set gives exactly the union's counts (tested against scoring the union directly).
    """
    combined: dict[str, Any] = {"n_articles": 0, "tables": {}, "articles": {}, "sets": []}
    for set_name, result in results.items():
        combined["sets"].append(set_name)
        combined["n_articles"] += result.get("n_articles", 0)
        for article_id, counts in result.get("articles", {}).items():
            combined["articles"][article_id] = counts
        for table in TABLES:
            part = result["tables"].get(table)
            if part is None:
                continue
            total = combined["tables"].setdefault(table, {"attributes": {}})
            _add_counts(total, part)
            for name, attribute in part.get("attributes", {}).items():
                slot = total["attributes"].setdefault(name, {"correct": 0, "total": 0})
                slot["correct"] += attribute["correct"]
                slot["total"] += attribute["total"]
            if "name_only" in part:
                _add_counts(total.setdefault("name_only", {}), part["name_only"])
    for summary in combined["tables"].values():
        summary.update(prf(summary["tp"], summary["fp"], summary["fn"]))
        if "name_only" in summary:
            name_only = summary["name_only"]
            name_only.update(prf(name_only["tp"], name_only["fp"], name_only["fn"]))
        for attribute in summary["attributes"].values():
            total = attribute["total"]
            attribute["accuracy"] = attribute["correct"] / total if total else None
    return combined
