"""Candidate rows: the rule-made targets of an article, before the keep/drop decision."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from spacy.tokens import Doc

from pipeline.extractors.commitments.actor_decision import _target_actor
from pipeline.extractors.commitments.approver import APPROVER_ID, plan_period
from pipeline.extractors.commitments.asides import aside_deadline
from pipeline.extractors.commitments.events import _Article, _Deadline, _Event, _Target
from pipeline.extractors.commitments.mood import _key, _official, _own_deadline, _sentence_deadline
from pipeline.extractors.commitments.rules import _rules
from pipeline.extractors.commitments.sentence_walk import (
    _breaks_down,
    _first_request,
    _read_sentence,
    _Sentence,
    _Walk,
)
from pipeline.extractors.context import as_context
from pipeline.sectors import sector_of
from pipeline.tables import CommitmentRow
from pipeline.text.clauses import DURATION, FIGURE, Clause

log = logging.getLogger(__name__)


@dataclass
class Candidate:
    """A rule-made target and what the keep/drop decision reads about it.

    `context`: the sentence up to the clause's end (with the governing request verb of a
    continued list), so a `;`-list item is judged with the verb that governs it. `drop`: why
    the rules alone would drop it (`actor.private`, `paragraph.private`, `actor.none`,
    `deadline.passed`), empty when they keep it. `traits`: the rule features (marker class,
    mood, deadline type, figure kinds, actor rule, position, past markers) as words."""

    row: CommitmentRow
    context: str
    drop: str = ""
    traits: tuple[str, ...] = ()


def find_candidates(doc: Doc, context: Mapping[str, list], bare: bool = False) -> list[Candidate]:
    """Every target the rules find in the body, each with what the keep/drop decision reads.

    With `bare` (the training set and the recall ceiling), the candidates the rules alone
    would drop are returned too, each with its reason in `drop`: a company's or foreign
    subject, no actor at all, a deadline passed, history, and clauses under a marker with
    nothing concrete (`anchor.none`). They never feed the paragraph's actor or deadline to the
    sentences after them, so the rows the rules keep are the same either way; the extractor
    asks for none of them (one is never kept, and building its row costs time)."""
    article = _Article(doc, as_context(doc, context))
    full = article.text
    figures = context.get("figures", [])
    officials = context.get("officials", [])
    floor_year = article.doc_year if article.doc_year is not None else article.latest_dated
    figure_kinds = {f.start: f.kind for f in figures}
    sentences = doc.spans["sentences"]
    walk = _Walk()
    out: list[Candidate] = []
    for index, span in enumerate(sentences):
        if span.label_ != "body":
            continue
        sentence = _read_sentence(article, sentences, index, walk, figures, officials, bare)
        if sentence is None:
            continue
        company: str | None = None  # the rule of a company named as an earlier item's subject
        for target in sentence.targets:
            deadline, how, part = _target_deadline(article, sentence, target, walk, floor_year)
            drops = _deadline_drops(article, target, deadline)
            choice = _target_actor(article, sentence, target, part, walk, company, officials)
            company = choice.company
            if choice.rule == APPROVER_ID and deadline is None:  # an approved plan's item
                deadline, how = plan_period(article) or (None, how)
            drop = ";".join([*drops, choice.private] if choice.private else drops)
            if drop and not bare:
                continue  # the extractor never keeps it: no row to build
            evidence = full[sentence.base : sentence.stop]
            row = _row(
                article, target, deadline, how, choice.label, choice.rule, officials, evidence
            )
            if part:
                row = replace(row, rule=f"{row.rule};{_rules().breakdown_id}")
            if not drop:
                _remember(walk, sentence, target, deadline, choice.label, part)
            # A continued request is judged with the verb that governs it (`yêu cầu Thực hiện
            # nộp vào ngân sách ...`), as a `;`-list item is judged with its sentence's verb.
            continued = sentence.continued
            governs = f"{full[continued.start : continued.end]} " if continued is not None else ""
            out.append(
                Candidate(
                    row=row,
                    context=governs + full[sentence.base + sentence.lead : target.clause.end],
                    drop=drop,
                    traits=_traits(
                        target,
                        deadline,
                        choice.rule,
                        drop,
                        sentence.events,
                        target.clause,
                        figure_kinds,
                        index,
                        continued is not None or target.marker is sentence.breakdown,
                        sentence.is_request,
                        article.doc_year,
                    ),
                )
            )
    return out


def _target_deadline(
    article: _Article,
    sentence: _Sentence,
    target: _Target,
    walk: _Walk,
    floor_year: int | None,
) -> tuple[_Deadline | None, str, bool]:
    """The deadline of `target`, the rule that found it (empty for the deadline's own), and
    whether the target is a part of the one before (`Trong đó có ...`, a plan's next verb).

    Its own deadline first; else the sentence's (not a head's deadline for another body's
    task of its own); else, for a part or a follow-up, the last kept deadline; else the one a
    later sentence gives to a request's list."""
    full = article.text
    clause = target.clause
    deadline, how = _own_deadline(full, clause, sentence.deadlines, floor_year), ""
    if deadline is None and clause.inner:  # `(trong đó ...)`: its clause's deadline
        dated = partial(
            _dated,
            full,
            sentence.outer,
            sentence.deadlines,
            floor_year,
            sentence.base + sentence.lead,
            sentence.first_target,
        )
        deadline, how = aside_deadline(full, clause, sentence.clauses, dated)
    if deadline is None and not clause.inner:
        deadline, how = _sentence_deadline(
            full,
            clause,
            sentence.outer,
            sentence.deadlines,
            sentence.base + sentence.lead,
            sentence.first_target,
        )
        if how == "dl.inherit.head" and _own_task(target, sentence.zone, deadline):
            deadline, how = None, ""
    breakdown = sentence.breakdown
    part = breakdown is not None and (target.marker is breakdown or deadline is None)
    if deadline is None and (sentence.follow_up or part) and walk.last_deadline is not None:
        deadline, how = walk.last_deadline, "dl.inherit.follow_up"
    if deadline is None and sentence.listed is not None and clause.end > sentence.list_from:
        deadline, how = sentence.listed, _rules().back_reference_id
    return deadline, how, part


def _dated(
    text: str,
    outer: list[Clause],
    deadlines: list[_Deadline],
    floor_year: int | None,
    lead: int,
    first_target: int,
    clause: Clause,
) -> _Deadline | None:
    """A clause's own deadline, else the one it inherits from its sentence (the two steps the
    extractor takes for a clause, without the list and follow-up rules)."""
    own = _own_deadline(text, clause, deadlines, floor_year)
    return own or _sentence_deadline(text, clause, outer, deadlines, lead, first_target)[0]


def _deadline_drops(article: _Article, target: _Target, deadline: _Deadline | None) -> list[str]:
    """Why the rules drop a target for its marker or deadline: nothing concrete under the
    marker (`anchor.none`), a deadline before the article's year (`deadline.passed`), or a
    period of history (`deadline.history`)."""
    drops = ["anchor.none"] if target.bare else []
    passed = deadline is not None and deadline.year and article.passed_before
    if passed and deadline.year < article.passed_before:
        drops.append("deadline.passed")
    elif _history(article, target, deadline):
        drops.append("deadline.history")
    return drops


def _remember(
    walk: _Walk,
    sentence: _Sentence,
    target: _Target,
    deadline: _Deadline | None,
    label: str | None,
    part: bool,
) -> None:
    """What a kept target hands on: its actor to the paragraph (a part names no new one), its
    dated deadline to follow-ups, its phase to a next sentence listing that phase's items, and
    its marker to a breakdown opening the next sentence."""
    if label and not part:
        walk.last_actor[sentence.paragraph] = (label, True)
    if deadline is not None and deadline.year:
        walk.last_deadline = deadline
    if deadline is not None and deadline.period and target.marker and label:
        walk.last_phase = (sentence.paragraph, sentence.index, target.marker, label)
    if deadline is not None and deadline.year and _breaks_down(target.marker):
        walk.carry.target = target.marker
        if part:
            walk.last_part = (sentence.paragraph, sentence.index)


def _row(
    article: _Article,
    target: _Target,
    deadline: _Deadline | None,
    deadline_rule: str,
    actor: str | None,
    actor_rule: str,
    officials: Sequence,
    sentence: str,
) -> CommitmentRow:
    """The row for one target."""
    full = article.text
    clause = target.clause
    figures = [
        e for e in target.anchors if e.anchor.kind in (FIGURE, DURATION) and e.value is not None
    ]
    rule_ids = [target.marker.entry.id] if target.marker is not None else []
    rule_ids += sorted({e.entry.id for e in target.anchors if e.entry is not None})
    if deadline is not None:
        rule_ids.append(deadline_rule or deadline.rule)
    if actor_rule:
        rule_ids.append(actor_rule)
    evidence = full[clause.start : clause.end]
    sector, sector_rule = sector_of(evidence, sentence)
    rule_ids.append(sector_rule)
    period = deadline.period if deadline is not None else None
    return CommitmentRow(
        article_id=article.doc._.article_id,
        actor=actor or None,
        deadline=deadline.year if deadline is not None else None,
        values=[e.value for e in figures],
        evidence=evidence,
        official=_official(officials, sentence),
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        figure_units=[e.unit for e in figures],
        modality=target.marker.entry.modality if target.marker is not None else "",
        sector=sector,
        key=_key(full, target),
        rule=";".join(dict.fromkeys(rule_ids)),
        start=clause.start,
        end=clause.end,
    )


__all__ = ["Candidate", "find_candidates"]


def _own_task(target: _Target, zone: list[_Event], deadline: _Deadline | None) -> bool:
    """Whether a clause is a task given by a request verb of its own, to another body than the
    first clause's, whose deadline stands inside that first task (`giao Sở A trong quý I/2018
    hoàn thành ...; giao Sở B nâng cấp ...`): the first task's time is not the second's."""
    marker = target.marker
    if deadline is None or marker is None or marker.entry.kind != "request":
        return False
    if not target.clause.start <= marker.start < target.clause.end:
        return False
    first = _first_request(zone)
    return first is not None and first is not marker and deadline.start > first.start


def _history(article: _Article, target: _Target, deadline: _Deadline | None) -> bool:
    """Whether a target marked by nothing but its deadline ended before the latest dated
    event of the article (`Giai đoạn 2006-2011, ông Thăng làm ...` beside `tháng 2/2016`)."""
    if deadline is None or not deadline.year or target.marker is None:
        return False
    if target.marker.entry is None or target.marker.entry.kind != "deadline":
        return False
    latest = article.latest_dated
    return latest is not None and deadline.year < latest


def _traits(
    target: _Target,
    deadline: _Deadline | None,
    actor_rule: str,
    drop: str,
    events: list[_Event],
    clause: Clause,
    figure_kinds: Mapping[int, str],
    index: int,
    continued: bool,
    request: bool,
    doc_year: int | None,
) -> tuple[str, ...]:
    """The rule features of a candidate, as words the model weighs (`mk=plan`, `dl=period`)."""
    out = []
    marker = target.marker
    if marker is not None and marker.entry is not None:
        out += [f"mk={marker.entry.id}", f"mkind={marker.entry.kind}"]
        out.append("mood.weak" if marker.entry.weak else "mood.strong")
    else:
        out.append("mk=none")
    if deadline is None:
        out.append("dl=none")
    else:
        out += [f"dl={deadline.kind}", f"dlrule={deadline.rule}"]
        if deadline.year and doc_year:
            delta = deadline.year - doc_year
            out.append("dly=past" if delta < 0 else f"dly={min(delta, 6)}")
    for event in target.anchors:
        kind = event.anchor.kind
        out.append(f"anchor={kind}")
        if event.anchor.kind == FIGURE:
            out.append(f"fig={figure_kinds.get(event.start, '')}")
    out.append(f"n_anchors={min(len(target.anchors), 3)}")
    if target.bare:
        out.append("bare")
    out.append(f"actor={actor_rule or 'none'}")
    out += [f"drop={reason}" for reason in drop.split(";") if reason]
    out.append(f"pos={min(index, 6)}")
    sentence_moods = {e.kind for e in events if e.kind in ("past", "forecast")}
    out += [f"has.{kind}" for kind in sorted(sentence_moods)]
    before = {e.kind for e in events if e.kind in ("past", "forecast") and e.end <= clause.start}
    out += [f"before.{kind}" for kind in sorted(before)]
    if clause.inner:
        out.append("inner")
    if continued:
        out.append("continued")
    if request:
        out.append("request")
    return tuple(dict.fromkeys(out))
