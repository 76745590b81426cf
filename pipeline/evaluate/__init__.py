"""SCORING.md as code and the eval gate that keeps scores from sliding back.

`score` compares predicted CSVs with gold JSON; `format_report` prints the result; the gate
(`pipeline.evaluate.gate`) checks the flattened metrics against committed floors.
"""

from pipeline.evaluate.scoring import format_report, score

__all__ = ["format_report", "score"]
