"""Extractor for the `commitments` table: one row per concrete target a public body commits to.

How a row is made (GUIDELINES.md, "commitments"), sentence by body sentence (the title is not
read: a target stated only there is optional in the gold):

1. Markers of the future or of obligation are looked for first (`phấn đấu`, `sẽ`, `dự kiến`,
   `yêu cầu`, `đến năm 2025` ...); four sentences in five have none and stop here. Then the
   vetoes: questions, hypotheticals, sport, listed companies' results, weather, critics, who
   attends an event, exam timetables, criminal cases in progress.
2. A reporting frame (`Bí thư Quận ủy ... cho biết,`) and a trailing attribution (`" - ông X
   nhấn mạnh`) are set aside: they name the official, may name the actor, are not evidence.
3. The rest is split into clauses (`pipeline.text.clauses`), cut only where a new target
   opens, so that each target keeps its own deadline and figures.
4. Walking each clause left to right, markers set a *mood*: a marker of the future makes the
   anchors after it targets; a past marker (`đã`, `vừa`, `so với`, `vượt ngưỡng cho phép`,
   `không đạt chỉ tiêu`) or a forecast (`dự báo`, `sẽ góp phần`, a meeting's schedule `sẽ
   chất vấn`, a consequence `đồng nghĩa`, a habit `như mọi năm`) makes them reports.
   Anchors before any marker wait for a verb that claims
   them (`Rạch ... dài 4 km sẽ được khơi thông`). The mood carries on into the next clause
   (`sẽ sử dụng hơn 4.000 ha ...; hơn 1.755 ha ...`), and so does a deadline heading the
   sentence (`Trong năm 2017, ...`) or closing a `;` list. A request carries on into the next
   sentences of its paragraph that open with a bare verb of a directive (`Bộ Tài chính yêu cầu
   UBND huyện X báo cáo ... . Thực hiện nộp vào ngân sách ... 3 tỷ đồng.`), with the body asked as
   their actor. A target's marker carries on likewise into a next sentence that breaks it down
   (`... sẽ triển khai 80 dự án. Trong đó có 50 dự án ...`) or opens with the bare verb of a
   plan's next item (`Tập trung ...`, `Xây dựng ...`), with the target's actor and deadline; the
   bracketed years of a phase (`Giai đoạn 2 (2021 - 2025), nhu cầu vốn ...`)
   belong to the clause around them.
5. A clause with at least one target anchor (a figure from the figures table, a deadline or
   period, a duration, a target status) becomes a row: its figures are the values, its own or
   inherited deadline the deadline, and the actor is the one asked (after `yêu cầu`, `giao`,
   `đề nghị`) or the subject (a body, a locality, a bare `huyện` resolved from the paragraph,
   an official's unit, the organiser in `do X chủ trì`), else the paragraph's last actor or
   subject (a company's `Công ty X sẽ đầu tư ...` makes the next subjectless sentence its plan),
   else the article's main locality.
6. The rules mark what they would drop: a company, foreign or unknown subject (`họ dự kiến`
   too), no actor at all, a deadline before the article's year (`published_at`, else the
   year the text reports most), and history (a period marked by nothing but its years that
   ended before the article's latest dated event: `Giai đoạn 2006-2011, ông X làm ...`).
   Such a candidate stays dropped.
7. The keep/drop decision among the rest is learned (`decision.py`, fitted by
   `pipeline.commitments_model` on the labelled candidates of the gold articles): a logistic
   regression over the
   words of the clause and its sentence and the rule features of the candidate (marker
   class, mood, deadline type, figure kinds, actor rule, position, past markers, and why the
   rules alone would drop it). Each row carries its probability in `score`. Cross-validated
   by article (`make cv`), it drops a few of the rules' rows (on the same folds, rules alone
   P 0.827, F1 0.763; learned P 0.838, F1 0.768); a candidate the rules drop is never kept,
   as the model never ranked one confidently enough to help in cross-validation.

The package follows these seams: `rules` (the compiled TOML) and `scan` (the regex speed-up
helper), `events` (markers, anchors, deadlines), `mentions` (the bodies, places and officials'
units a span names), `actors` (which of them acts in the sentence) and `paragraph_actors` (who
acts when the clause names no one), `actor_decision` (the order in which those readings decide
a target's actor), `mood` (a sentence's mood and the deadlines a clause inherits), `asides` (a
bracketed breakdown, `(trong đó 7 triệu lượt khách quốc tế)`, is a target under its clause's
marker), `approver` (an approved plan's items naming no one have the approving authority as
actor and the plan's period as deadline), `sentence_walk` (one sentence read into its targets,
with what the sentences before hand on), `candidates` (the rows the rules propose) and
`decision` (the model).

The vocabulary lives in `rules/commitments.toml` (entries with ids, and under `[words]` the
words of the code's own small patterns); the package holds no Vietnamese literal
(`tests/test_literals.py`). Every row's `rule` lists the ids that fired (marker, anchors,
deadline rule, actor rule, sector); the ids the code makes are declared under `[[emitted]]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

from spacy.tokens import Doc

from pipeline.extractors.commitments.candidates import Candidate, find_candidates
from pipeline.tables import CommitmentRow

#: How candidates are kept: `learned` (the model decides), `veto` (the rules decide, the old
#: hand-written clause classifier vetoes clearly weak ones) or `rules` (the rules alone).
Decision = Literal["learned", "veto", "rules"]
DECISION: Decision = "learned"


def extract_commitments(doc: Doc, context: Mapping[str, list]) -> list[CommitmentRow]:
    """One row per concrete target stated in the body (see the module docstring)."""
    return decide(find_candidates(doc, context), DECISION)


def decide(found: list[Candidate], how: Decision = "learned") -> list[CommitmentRow]:
    """The rows kept out of the candidates, each with its `score`."""
    if not found:
        return []
    if how == "learned":
        from pipeline.extractors.commitments.decision import learned_model

        model = learned_model()
        if model is not None:
            rows = []
            for candidate in found:
                kept, score = model.keeps(candidate)
                if kept:
                    rows.append(replace(candidate.row, score=round(score, 3)))
            return rows
    kept = [c for c in found if not c.drop]
    if how == "rules" or not kept:
        return [c.row for c in kept]
    from pipeline.commitments_model import THRESHOLD, commitment_probability

    scores = commitment_probability([c.context for c in kept])
    return [
        replace(c.row, score=round(s, 3))
        for c, s in zip(kept, scores, strict=True)
        if s >= THRESHOLD
    ]


__all__ = ["DECISION", "Candidate", "decide", "extract_commitments", "find_candidates"]
