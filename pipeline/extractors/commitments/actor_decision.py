"""Whose target it is: the actor of one candidate, or why no public body acts.

The order of the readings is the order of their evidence: a request's list gives its items the
one asked; a phase's items go to that phase's actor; a request naming no one asks the body the
paragraph asked before; else the clause's own subject (`actors._actor`), a company named later
in the clause, the paragraph's last actor, and last the article's main locality. A schedule
that names no one who acts (`Theo kế hoạch, nút giao này sẽ ...`) keeps a null actor, and so
does a work's or machine's schedule (`Bến xe Miền Tây cũng sẽ được hoàn thành năm 2018`) when
no sentence just before it names who acts: the paragraph's last actor is then too far back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pipeline.extractors.commitments.actors import _actor, _unknown_name
from pipeline.extractors.commitments.approver import approving
from pipeline.extractors.commitments.events import _Article, _Event, _Target
from pipeline.extractors.commitments.mentions import _Mention
from pipeline.extractors.commitments.paragraph_actors import (
    _named_before,
    _names_own_subject,
    _previous_actor,
    _previous_addressee,
    _thing_subject,
)
from pipeline.extractors.commitments.rules import _WORDS, _rules
from pipeline.extractors.commitments.sentence_walk import _Sentence, _Walk
from pipeline.text.clauses import Clause

#: A target with no actor in its sentence or paragraph goes to the article's main locality
#: (when the decision keeps it); one with no actor at all is marked `actor.none`.
_FALLBACK_MAIN_LOCALITY = True


class ActorChoice(NamedTuple):
    """The actor of a target (`label`, None when not stated), the rule that chose it, why no
    public body acts (`private`: `actor.private`, `paragraph.private`, `actor.foreign_story`,
    `actor.none`; empty when one does), and the company rule later items inherit."""

    label: str | None
    rule: str
    private: str
    company: str | None


def _target_actor(
    article: _Article,
    sentence: _Sentence,
    target: _Target,
    part: bool,
    walk: _Walk,
    company: str | None,
    officials: Sequence,
) -> ActorChoice:
    """The actor of `target`. `part`: the target is a part of the one before (a breakdown or
    a phase's item); `company`: the rule of a company named as an earlier item's subject."""
    full = article.text
    clause = target.clause
    carry = walk.carry
    label, actor_rule, private = None, "", ""
    if sentence.continued is not None and target.marker is sentence.continued and carry.addressee:
        label, actor_rule = carry.addressee, "actor.request_list"
    elif (
        sentence.list_addressee
        and target.marker is sentence.request
        and clause.end > sentence.list_from
    ):
        label, actor_rule = sentence.list_addressee, "actor.request_list"
    elif sentence.phase_actor and part:
        # An item of the phase is that phase's plan: the places it names are its sites.
        label, actor_rule = sentence.phase_actor, "actor.paragraph"
    elif sentence.objectless and target.marker is sentence.mood:
        label, actor_rule = sentence.asked_before, "actor.asked_before"
    else:
        mentions = sentence.mentions
        lead = sentence.base + sentence.lead
        first_anchor = target.anchors[0].start if target.anchors else clause.end
        actor = _actor(full, mentions, clause, target.marker, first_anchor, lead)
        if actor is not None and actor.rule == "actor.anaphora":  # `Các cơ quan trên`
            actor = _previous_addressee(article, sentence.index, officials)
        later = _later_company(full, mentions, clause, target.marker, sentence.zone)
        if later is not None and (actor is None or actor.public):
            actor = later  # `Dự kiến cuối năm 2017, VNPT sẽ triển khai ...`
        if actor is not None and not actor.public:
            private, actor_rule = "actor.private", actor.rule
            company = actor.rule
        elif actor is None and company is not None:
            # A later item of a company's sentence with no subject of its own (`Viettel
            # đặt mục tiêu tăng 20% ... và nâng tỷ lệ ... lên 70%`) is its plan too.
            private, actor_rule = "actor.private", company
        elif actor is not None and actor.rule in _WORDS["state_bodies"] and article.foreign_story:
            private, actor_rule = "actor.foreign_story", actor.rule
        elif actor is not None:
            label, actor_rule = actor.label, actor.rule
    unstated = (
        label is None and not private and _rules().unstated.match(sentence.text, sentence.lead)
    )
    paragraph = sentence.paragraph
    if label is None and not private and paragraph in walk.last_actor:
        label, public = walk.last_actor[paragraph]
        if not public:  # the paragraph is about a company's (or a person's) own plan
            label, private = None, "paragraph.private"
        actor_rule = "actor.paragraph"
        if label is not None and _distant_schedule(article, sentence, target, part, officials):
            label, actor_rule = None, "actor.thing_subject"
    if label is None and not private and part and not unstated:  # an approved plan's item
        label, actor_rule = approving(article, officials) or (None, actor_rule)
    if (
        label is None
        and not private
        and actor_rule != "actor.thing_subject"
        and _FALLBACK_MAIN_LOCALITY
        and not any(m.opens or m.rule == "na.foreign" for m in sentence.mentions)
        and (officials or article.names_public_body)
        and paragraph in article.main_locality_paragraphs
    ):  # a sentence about the country or a foreign state (`hợp tác Việt Nam - Lào`,
        # `Trung Quốc sẽ ...`) is no plan of the article's locality, nor is a story
        # that names no official and no public body (sport, showbiz, a court case)
        previous = _previous_actor(article, sentence.index, officials)
        if previous is not None:  # the subject the paragraph carries on
            label, actor_rule = previous.label, previous.rule
        elif unstated or not _names_own_subject(full, clause, target.marker):
            # `Dự án sẽ được triển khai ...` is no plan of the article's locality (a
            # schedule, `Theo kế hoạch, nút giao này sẽ ...`, keeps its null actor)
            label, actor_rule = article.main_locality, "actor.main_locality"
    if unstated and label is not None and not private:
        # `Theo kế hoạch, nút giao này sẽ hoàn thành ...`: a schedule that names no one
        # who acts has no actor (null), not one guessed from the paragraph or article;
        # a row no fallback would give an actor to stays dropped (`actor.none`).
        label, actor_rule = None, "actor.unstated"
    elif label is None and not private and actor_rule != "actor.thing_subject":
        private = "actor.none"  # no public body acts: a private, foreign or personal plan
    return ActorChoice(label, actor_rule, private, company)


def _distant_schedule(
    article: _Article, sentence: _Sentence, target: _Target, part: bool, officials: Sequence
) -> bool:
    """Whether a target the paragraph's last actor would go to is a project's schedule named
    far from that actor: its clause's subject is a work or a machine (`Bến xe Miền Tây cũng sẽ
    được hoàn thành năm 2018`) and none of the sentences just before it names who acts. Its
    actor is then not stated (null). A part of the target before (`Có 3 dự án ...`) keeps
    that target's actor."""
    opening = sentence.base + sentence.lead
    if part or not _thing_subject(article.text, target.clause, target.marker, opening):
        return False
    return not _named_before(article, sentence.index, officials)


def _later_company(
    text: str,
    mentions: list[_Mention],
    clause: Clause,
    marker: _Event | None,
    zone: list[_Event],
) -> _Mention | None:
    """A name no rule knows standing right before another marker of the clause (`Dự kiến cuối
    năm 2017, VNPT sẽ triển khai ...`, `năm 2017, VNPT tiếp tục đặt mục tiêu sẽ có ...`): the
    target is that company's own plan, though its own marker stands elsewhere."""
    if marker is None:
        return None
    for event in zone:
        if (
            event.kind != "marker"
            or event is marker
            or not clause.start <= event.start < clause.end
            or event.entry.kind in ("obligation", "request")  # imposed: `cơ sở X phải ...`
        ):
            continue
        found = _unknown_name(text, mentions, max(clause.start, event.start - 40), event.start)
        if found is not None:
            return found
    return None
