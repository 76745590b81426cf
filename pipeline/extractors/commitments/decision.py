"""The keep/drop decision on candidate rows: a linear model learned from the gold articles.

The rules find where a target is, with its deadline, values, period and actor; whether a
candidate clause is a public body's commitment at all is decided by a logistic regression
(`pipeline.commitments_model` fits it from the labelled clauses of `corpus/dev` and
`corpus/train`). It reads three groups of features, all computed here so that training and
prediction share one definition:

- `c:` the words and word pairs of the context (the sentence up to the clause's end), numbers
  and years folded into placeholders, l2-normalised;
- `e:` the same for the evidence clause alone (where the marker and its target stand);
- `t:` the rule features of the candidate (`Candidate.traits`), each worth 1.

The fitted weights are exported to a small JSON file beside the code and scored in plain
Python: importing scikit-learn would cost each worker process two seconds.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.extractors.commitments.candidates import Candidate

log = logging.getLogger(__name__)

MODEL = Path(__file__).resolve().parents[2] / "data" / "commitments_decision.json"
#: The format of the model file; a file of another version is refused, not misread.
FORMAT = 1

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")
_TOKEN = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """Lower-case words, years and numbers folded into `_year_` and `_num_`."""
    text = _NUMBER.sub(" _num_ ", _YEAR.sub(" _year_ ", text))
    return _TOKEN.findall(text.lower())


def _bag(prefix: str, text: str) -> dict[str, float]:
    """Word and word-pair presence, l2-normalised."""
    words = _words(text)
    terms = {prefix + w for w in words}
    terms.update(f"{prefix}{a} {b}" for a, b in itertools.pairwise(words))
    if not terms:
        return {}
    weight = 1.0 / math.sqrt(len(terms))
    return dict.fromkeys(terms, weight)


def features(candidate: Candidate) -> dict[str, float]:
    """The feature vector of one candidate, as {name: value}."""
    out = _bag("c:", candidate.context)
    out.update(_bag("e:", candidate.row.evidence))
    out.update({f"t:{trait}": 1.0 for trait in candidate.traits})
    return out


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over named features, with its keep threshold."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def keeps(self, candidate: Candidate) -> tuple[bool, float]:
        """Whether the candidate is kept, and its probability.

        A candidate the rules drop (a company's, foreign or actorless target, a deadline
        already passed, a clause with nothing concrete) stays dropped: in cross-validation the
        model never ranked one of them above the rules' own rows, and such a row would have no
        public actor or no future. The model decides among the rest."""
        score = self.probability(candidate)
        return not candidate.drop and score >= self.threshold, score

    def probability(self, candidate: Candidate) -> float:
        """P(commitment) for one candidate."""
        weights = self.weights
        total = self.intercept
        for name, value in features(candidate).items():
            weight = weights.get(name)
            if weight is not None:
                total += weight * value
        if total < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-total))

    def to_json(self, **meta: object) -> str:
        """The model file's text (weights rounded: the file stays small and diffable)."""
        data = {
            "format": FORMAT,
            **meta,
            "threshold": self.threshold,
            "intercept": round(self.intercept, 6),
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-4},
        }
        return json.dumps(data, ensure_ascii=False, indent=0) + "\n"


def read_model(path: Path) -> LinearModel:
    """A model file written by `LinearModel.to_json`; a clear error for anything else."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: model format {data.get('format')!r}, expected {FORMAT}")
    return LinearModel(
        data["weights"],
        float(data["intercept"]),
        float(data["threshold"]),
    )


@cache
def learned_model() -> LinearModel | None:
    """The committed model, loaded once per process; None when the file is missing."""
    if not MODEL.is_file():
        log.warning("%s is missing: commitments fall back to the rules alone", MODEL)
        return None
    return read_model(MODEL)
