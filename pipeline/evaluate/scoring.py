"""SCORING.md as code: compare predicted table CSVs with the gold, article by article.

Everything here follows /work/shared/gold/SCORING.md; where it leaves a choice open, the
choice is written down in the docstring of the function that makes it, so a surprising number
can be traced to a rule rather than to an accident.

Conventions the scorer adds to SCORING.md (all conservative):

- Only articles that have a gold file are scored; predicted rows of other articles are ignored.
  A missing or empty CSV means "no predictions" for that table.
- Values are "within 0.5%" when ``|predicted - gold| <= 0.005 * |gold|`` (relative to the gold
  value, plus 1e-9 for float noise), so a gold value of 0 needs an exact 0.
- Precision with no predictions, and recall with nothing to find, are 1.0 when the other count
  is also empty (nothing to get wrong) and 0.0 otherwise; F1 is 0.0 when P + R = 0.
- **Attribute accuracies are computed over matched pairs whose gold item is required.** A
  prediction that matches an optional gold item is neither a true nor a false positive, so its
  attributes are not scored either. An accuracy with no such pair is ``None`` (reported as
  "n/a"; the gate reads it as 0.0).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.rules import load
from pipeline.tables import CONTRACT
from pipeline.text.keys import contains_words, name_key, place_key

log = logging.getLogger(__name__)

TABLES: tuple[str, ...] = ("officials", "localities", "figures", "commitments")

# Columns the scorer reads from each predicted CSV (the output contract); others are ignored.
PRED_COLUMNS: dict[str, tuple[str, ...]] = {table: CONTRACT[table] for table in TABLES}

REL_TOL = 0.005  # "within 0.5% (relative)"
_ABS_EPS = 1e-9  # float noise on top of the relative tolerance
_LIST_SEP = ";"  # titles and values are joined with "; " in the CSVs
#: Title modifiers compared apart (rules/admin.toml `title_words`: deputy, former, acting).
_MODIFIERS = tuple(
    name_key(w)
    for w in (
        *load("admin")["title_words"]["deputy"],
        load("admin")["title_words"]["former_norm"],
        *load("admin")["title_words"]["acting"],
    )
)
_NULL_WORDS = frozenset({"", "nan", "none", "null", "na", "<na>", "n/a"})


class ScoringError(ValueError):
    """The comparison cannot mean anything: no gold to score against, or no predictions.

    A scorer that prints 1.000 for a missing folder is a check that cannot fail, so these are
    errors with one line that names the folder, never a report.
    """


# --------------------------------------------------------------------------------------------
# Parsing helpers


def parse_number(value: Any) -> float | None:
    """A float from a CSV cell or a JSON value, or None when there is no number.

    Accepts what writers actually produce: ``2025``, ``2025.0``, ``1134000000000``, ``1.5``,
    ``1e12``, empty strings and null spellings (``nan``, ``None``). Non-finite values and text
    that is not a number give None (with a debug log), so a malformed cell counts as "no value"
    instead of crashing the whole evaluation.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if text.lower() in _NULL_WORDS:
            return None
        try:
            number = float(text)
        except ValueError:
            log.debug("not a number: %r", value)
            return None
    return number if math.isfinite(number) else None


def parse_list(cell: Any) -> list[str]:
    """Split a ``"; "``-joined CSV cell into its non-empty, stripped parts."""
    if cell is None:
        return []
    return [part.strip() for part in str(cell).split(_LIST_SEP) if part.strip()]


def parse_numbers(cell: Any) -> list[float]:
    """The numbers of a ``"; "``-joined cell (or a JSON list); unparseable parts are dropped."""
    parts = cell if isinstance(cell, list) else parse_list(cell)
    numbers = (parse_number(part) for part in parts)
    return [n for n in numbers if n is not None]


def within(predicted: float | None, gold: float | None) -> bool:
    """Whether `predicted` is within 0.5% of `gold`, relative to the gold value."""
    if predicted is None or gold is None:
        return False
    return abs(predicted - gold) <= REL_TOL * abs(gold) + _ABS_EPS


def _text(value: Any) -> str:
    """A stripped string, None as ``""``. Free text is never read as a null spelling: `Na` is
    a given name and a place name, not "not available"."""
    return "" if value is None else str(value).strip()


def _label(value: Any) -> str:
    """A categorical label (kind, qualifier), compared case-insensitively; ``None``, ``null``
    and ``none`` mean no label."""
    text = _text(value).lower()
    return "" if text in _NULL_WORDS else text


# --------------------------------------------------------------------------------------------
# Loading


def _gold_files(gold_dir: Path) -> list[Path]:
    """The gold JSON files; a corpus directory holding ``gold/`` is accepted too."""
    files = sorted(gold_dir.glob("*.json"))
    if not files and (gold_dir / "gold").is_dir():
        files = sorted((gold_dir / "gold").glob("*.json"))
    return files


def load_gold(gold_dir: str | Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Gold items per article id and table, each with an ``optional`` flag filled in."""
    gold: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for path in _gold_files(Path(gold_dir)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ScoringError(f"{path}: unreadable gold file ({error})") from error
        if not isinstance(data, dict):
            raise ScoringError(f"{path}: a gold file holds one JSON object")
        article_id = str(data.get("id") or path.stem)
        if article_id != path.stem:
            log.warning("gold file %s holds id %r; scoring it under the id", path, article_id)
        gold[article_id] = {
            table: [
                dict(item, optional=bool(item.get("optional"))) for item in data.get(table) or []
            ]
            for table in TABLES
        }
    if not gold:
        log.warning("no gold files in %s", gold_dir)
    return gold


def load_predictions(pred_dir: str | Path, table: str) -> list[dict[str, str]]:
    """Predicted rows of one table in file order, all cells as strings, plus a ``_row`` index.

    Read with ``dtype=str`` and ``keep_default_na=False`` so that ``NA``, ``2025.0`` or a
    leading zero reach the scorer as written. Missing or empty file: no rows. A missing column
    other than ``article_id`` reads as empty (logged), so an extractor that does not fill an
    attribute yet can still be scored on matching.
    """
    path = Path(pred_dir) / f"{table}.csv"
    if not path.is_file():
        log.info("no %s: no %s predictions", path, table)
        return []
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        return []
    if "article_id" not in frame.columns:
        raise ValueError(f"{path} has no article_id column (columns: {list(frame.columns)})")
    for column in PRED_COLUMNS[table]:
        if column not in frame.columns:
            log.warning("%s has no %s column; read as empty", path, column)
            frame[column] = ""
    rows = frame[list(PRED_COLUMNS[table])].to_dict("records")
    for index, row in enumerate(rows):
        row["article_id"] = row["article_id"].strip()
        row["_row"] = index
    return rows


# --------------------------------------------------------------------------------------------
# Matching and attribute rules, one small function per rule of SCORING.md


def titles_match(a: str, b: str) -> bool:
    """Two titles match when the words of the shorter are all among the words of the longer,
    and both or neither carry each of the modifiers ``phó``, ``nguyên``, ``quyền``."""
    words_a, words_b = name_key(a).split(), name_key(b).split()
    shorter, longer = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    if not set(shorter) <= set(longer):
        return False
    return all((m in words_a) == (m in words_b) for m in _MODIFIERS)


def titles_right(predicted: list[str], gold: list[str]) -> bool:
    """Each gold title matches some predicted title (extra predicted titles are not penalised)."""
    return all(any(titles_match(p, g) for p in predicted) for g in gold)


def locality_right(predicted: str, gold: str | None) -> bool:
    """Place keys (abbreviations expanded, type word removed) equal, or both empty."""
    return place_key(predicted) == place_key(gold)


def actor_right(predicted: str, gold: str | None) -> bool:
    """Gold null: right only when the prediction is empty. Otherwise an empty prediction is
    wrong, and a non-empty one is right when the place keys are equal or one is contained
    (as whole words) in the other."""
    predicted_key, gold_key = place_key(predicted), place_key(gold)
    if not gold_key:
        return not predicted_key
    if not predicted_key:
        return False
    return (
        predicted_key == gold_key
        or contains_words(predicted_key, gold_key)
        or contains_words(gold_key, predicted_key)
    )


def values_right(predicted: list[float], gold: list[float]) -> bool:
    """The two lists share at least one value within 0.5%, or both are empty."""
    if not predicted and not gold:
        return True
    return any(within(p, g) for g in gold for p in predicted)


def optional_number_right(predicted: float | None, gold: float | None) -> bool:
    """Both absent, or both present and within 0.5% (used for ``value_max``)."""
    if predicted is None and gold is None:
        return True
    return within(predicted, gold)


def deadline_right(predicted: float | None, gold: float | None) -> bool:
    """Equal years (``2025`` and ``2025.0`` are equal), or both absent."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return abs(predicted - gold) < _ABS_EPS


def unit_match(predicted: str, gold: str) -> bool:
    """Unit keys equal, or one a string prefix of the other (``m`` and ``m2``, ``dự`` and
    ``dự án``). Read literally, an empty unit is a prefix of every unit and so matches."""
    p, g = name_key(predicted), name_key(gold)
    return p.startswith(g) or g.startswith(p)


# Prepared items: the keys and numbers each rule needs, computed once per row.


def _prep_official(item: dict[str, Any], gold: bool) -> dict[str, Any]:
    titles = (
        [t for t in item.get("titles") or [] if _text(t)] if gold else parse_list(item["titles"])
    )
    return {
        "name": name_key(_text(item.get("name"))),
        "titles": titles,
        "locality": _text(item.get("locality")),
    }


def _prep_locality(item: dict[str, Any], gold: bool) -> dict[str, Any]:
    return {"type": name_key(_text(item.get("type"))), "name": name_key(_text(item.get("name")))}


def _prep_figure(item: dict[str, Any], gold: bool) -> dict[str, Any]:
    return {
        "kind": _label(item.get("kind")),
        "value": parse_number(item.get("value")),
        "value_max": parse_number(item.get("value_max")),
        "unit": _text(item.get("unit")),
        "qualifier": _label(item.get("qualifier")),
    }


def _prep_commitment(item: dict[str, Any], gold: bool) -> dict[str, Any]:
    return {
        "key": name_key(_text(item.get("key"))) if gold else "",
        "evidence": "" if gold else name_key(_text(item.get("evidence"))),
        "actor": _text(item.get("actor")),
        "deadline": parse_number(item.get("deadline")),
        "values": parse_numbers(item.get("values")),
    }


def _match_official(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return bool(g["name"]) and p["name"] == g["name"]


def _match_locality(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return bool(g["name"]) and p["type"] == g["type"] and p["name"] == g["name"]


def _match_locality_name(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return bool(g["name"]) and p["name"] == g["name"]


def _match_figure(p: dict[str, Any], g: dict[str, Any]) -> bool:
    if p["kind"] != g["kind"] or not within(p["value"], g["value"]):
        return False
    return g["kind"] != "quantity" or unit_match(p["unit"], g["unit"])


def _match_commitment(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return contains_words(p["evidence"], g["key"])


Prep = Callable[[dict[str, Any], bool], dict[str, Any]]
Match = Callable[[dict[str, Any], dict[str, Any]], bool]
Attribute = Callable[[dict[str, Any], dict[str, Any]], bool]

_ATTRIBUTE_RULES: dict[str, dict[str, Attribute]] = {
    "officials": {
        "titles": lambda p, g: titles_right(p["titles"], g["titles"]),
        "locality": lambda p, g: locality_right(p["locality"], g["locality"]),
    },
    "localities": {},
    "figures": {
        "qualifier": lambda p, g: p["qualifier"] == g["qualifier"],
        "value_max": lambda p, g: optional_number_right(p["value_max"], g["value_max"]),
    },
    "commitments": {
        "deadline": lambda p, g: deadline_right(p["deadline"], g["deadline"]),
        "actor": lambda p, g: actor_right(p["actor"], g["actor"]),
        "values": lambda p, g: values_right(p["values"], g["values"]),
    },
}

# Attribute scores per table, in report order.
ATTRIBUTES: dict[str, tuple[str, ...]] = {t: tuple(r) for t, r in _ATTRIBUTE_RULES.items()}

_RULES: dict[str, tuple[Prep, Match]] = {
    "officials": (_prep_official, _match_official),
    "localities": (_prep_locality, _match_locality),
    "figures": (_prep_figure, _match_figure),
    "commitments": (_prep_commitment, _match_commitment),
}

# --------------------------------------------------------------------------------------------
# Greedy one-to-one pairing


@dataclass
class _Pairing:
    """The outcome of pairing one table: counts, pairs and the items left over."""

    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    optional_matched: int = 0
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    false_negatives: list[dict[str, Any]] = field(default_factory=list)
    per_article: dict[str, dict[str, int]] = field(default_factory=dict)


def pair_items(
    predictions: Iterable[dict[str, Any]],
    gold: dict[str, list[dict[str, Any]]],
    matches: Match,
) -> _Pairing:
    """Greedy one-to-one pairing, SCORING.md's way.

    Predictions are taken in table order; each takes the first unmatched gold item of its
    article that it matches, preferring a required item to an optional one. Each element of
    `predictions` and of ``gold[article_id]`` is ``{"article_id", "optional", "prep", "raw"}``
    where ``prep`` is what `matches` reads and ``raw`` is reported in the error lists.
    """
    result = _Pairing(per_article={aid: {"tp": 0, "fp": 0, "fn": 0, "optional": 0} for aid in gold})
    used = {aid: [False] * len(items) for aid, items in gold.items()}
    for pred in predictions:
        aid = pred["article_id"]
        if aid not in gold:
            continue
        counts = result.per_article[aid]
        chosen_optional = None
        chosen = None
        for index, item in enumerate(gold[aid]):
            if used[aid][index] or not matches(pred["prep"], item["prep"]):
                continue
            if not item["optional"]:
                chosen = index
                break
            if chosen_optional is None:
                chosen_optional = index
        if chosen is None:
            chosen = chosen_optional
        if chosen is None:
            counts["fp"] += 1
            result.false_positives.append({"article_id": aid, **pred["raw"]})
            continue
        used[aid][chosen] = True
        item = gold[aid][chosen]
        if item["optional"]:
            counts["optional"] += 1
            result.optional_matched += 1
        else:
            counts["tp"] += 1
            result.pairs.append((pred, item))
    for aid, items in gold.items():
        for index, item in enumerate(items):
            if not used[aid][index] and not item["optional"]:
                result.per_article[aid]["fn"] += 1
                result.false_negatives.append({"article_id": aid, **item["raw"]})
    return result


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 with the empty-denominator conventions of the module docstring."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _summary(pairing: _Pairing) -> dict[str, Any]:
    tp = len(pairing.pairs)
    fp = len(pairing.false_positives)
    fn = len(pairing.false_negatives)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "optional_matched": pairing.optional_matched,
        **prf(tp, fp, fn),
        "false_positives": pairing.false_positives,
        "false_negatives": pairing.false_negatives,
    }


def _attribute_scores(table: str, pairing: _Pairing) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Accuracy of each attribute over the pairs (required gold only), and the wrong pairs."""
    scores: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for name, rule in _ATTRIBUTE_RULES[table].items():
        correct = 0
        for pred, gold in pairing.pairs:
            if rule(pred["prep"], gold["prep"]):
                correct += 1
            else:
                errors.append(
                    {
                        "article_id": pred["article_id"],
                        "attribute": name,
                        "row": pred["raw"].get("_row"),
                        "gold": gold["raw"].get(name),
                        "predicted": pred["raw"].get(name),
                        "evidence": pred["raw"].get("evidence"),
                        "gold_item": gold["raw"],
                    }
                )
        total = len(pairing.pairs)
        scores[name] = {
            "correct": correct,
            "total": total,
            "accuracy": correct / total if total else None,
        }
    return scores, errors


# --------------------------------------------------------------------------------------------
# Entry points


def _prepared(
    table: str, gold: dict[str, dict[str, list[dict[str, Any]]]], rows: list[dict[str, str]]
):
    prep, _ = _RULES[table]
    gold_items = {
        aid: [
            {"article_id": aid, "optional": item["optional"], "prep": prep(item, True), "raw": item}
            for item in tables[table]
        ]
        for aid, tables in gold.items()
    }
    predictions = [
        {"article_id": row["article_id"], "prep": prep(row, False), "raw": row}
        for row in rows
        if row["article_id"] in gold
    ]
    return gold_items, predictions


def _by_name(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per (article, name key), in first-seen order, for name-only F1.

    A gold name is optional only when all of its rows are optional (predictions carry no
    ``optional`` flag and are simply de-duplicated).
    """
    kept: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        slot = (item["article_id"], item["prep"]["name"])
        if slot not in kept:
            kept[slot] = dict(item)
        elif "optional" in item:
            kept[slot]["optional"] = kept[slot]["optional"] and item["optional"]
    for item in kept.values():
        if "optional" in item:
            item["raw"] = {"name": item["raw"].get("name"), "optional": item["optional"]}
    return list(kept.values())


def check_inputs(gold_dir: str | Path, pred_dir: str | Path) -> None:
    """Raise `ScoringError` naming the folder when gold or predictions are not there."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    if not gold_dir.is_dir():
        raise ScoringError(f"{gold_dir}: no such gold folder")
    if not _gold_files(gold_dir):
        raise ScoringError(f"{gold_dir}: no gold files (*.json) to score against")
    if not pred_dir.is_dir():
        raise ScoringError(f"{pred_dir}: no such prediction folder")
    if not any((pred_dir / f"{table}.csv").is_file() for table in TABLES):
        names = ", ".join(f"{table}.csv" for table in TABLES)
        raise ScoringError(f"{pred_dir}: no predicted tables in the folder (expected {names})")


def score(gold_dir: str | Path, pred_dir: str | Path) -> dict[str, Any]:
    """Score the CSVs in `pred_dir` against the gold JSON files in `gold_dir`.

    Returns plain JSON-serialisable data::

        {"n_articles": int, "gold_dir": str, "pred_dir": str,
         "tables": {table: {"tp", "fp", "fn", "optional_matched", "precision", "recall", "f1",
                            "attributes": {name: {"correct", "total", "accuracy"}},
                            "false_positives": [...], "false_negatives": [...],
                            "attribute_errors": [...]},
                    # localities also has "name_only": {tp, fp, fn, ..., f1, false_...}
                   },
         "articles": {article_id: {table: {"tp", "fp", "fn", "optional"}}}}

    Attribute accuracies are computed over matched pairs whose gold item is required: a
    prediction that lands on an optional gold item is neither right nor wrong, so its
    attributes are not judged either; ``accuracy`` is None when there is no such pair.

    Raises `ScoringError` when `gold_dir` is missing or holds no gold file, and when
    `pred_dir` is missing or holds none of the table CSVs: "nothing predicted" is a CSV with a
    header and no rows, never an absent folder.
    """
    check_inputs(gold_dir, pred_dir)
    gold = load_gold(gold_dir)
    if not gold:
        raise ScoringError(f"{gold_dir}: no gold files (*.json) to score against")
    result: dict[str, Any] = {
        "n_articles": len(gold),
        "gold_dir": str(gold_dir),
        "pred_dir": str(pred_dir),
        "tables": {},
        "articles": {aid: {} for aid in sorted(gold)},
    }
    for table in TABLES:
        rows = load_predictions(pred_dir, table)
        ignored = sum(1 for row in rows if row["article_id"] not in gold)
        if ignored:
            log.info("%s: %d predicted rows of articles without gold ignored", table, ignored)
        gold_items, predictions = _prepared(table, gold, rows)
        pairing = pair_items(predictions, gold_items, _RULES[table][1])
        summary = _summary(pairing)
        summary["attributes"], summary["attribute_errors"] = _attribute_scores(table, pairing)
        for aid, counts in pairing.per_article.items():
            result["articles"][aid][table] = counts
        if table == "localities":
            name_gold = {aid: _by_name(items) for aid, items in gold_items.items()}
            name_preds = _by_name(predictions)
            name_pairing = pair_items(name_preds, name_gold, _match_locality_name)
            summary["name_only"] = _summary(name_pairing)
            for aid, counts in name_pairing.per_article.items():
                result["articles"][aid]["localities_name_only"] = counts
        result["tables"][table] = summary
    return result


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def format_report(result: dict[str, Any]) -> str:
    """A compact text table: P/R/F1/TP/FP/FN per table, then the attribute accuracies."""
    lines = [
        f"{result.get('n_articles', 0)} gold articles",
        f"{'table':<22}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}{'opt':>6}",
    ]

    def row(label: str, s: dict[str, Any]) -> str:
        return (
            f"{label:<22}{_fmt(s['precision']):>7}{_fmt(s['recall']):>7}{_fmt(s['f1']):>7}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}{s['optional_matched']:>6}"
        )

    for table in TABLES:
        summary = result["tables"].get(table)
        if summary is None:
            continue
        lines.append(row(table, summary))
        if "name_only" in summary:
            lines.append(row("  name only", summary["name_only"]))
    lines.append("attributes (over matched required pairs)")
    for table in TABLES:
        for name, s in result["tables"].get(table, {}).get("attributes", {}).items():
            label = f"{table}.{name}"
            lines.append(f"  {label:<26}{_fmt(s['accuracy']):>7}  ({s['correct']}/{s['total']})")
    return "\n".join(lines)
