"""Candidate rows: the rule-made targets of an article, before the keep/drop decision."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from spacy.tokens import Doc

from pipeline.extractors.commitments.actors import (
    _actor,
    _may_name,
    _Mention,
    _mentions,
    _subject,
    _unknown_name,
)
from pipeline.extractors.commitments.approver import approving, plan_period
from pipeline.extractors.commitments.asides import aside_deadline
from pipeline.extractors.commitments.events import (
    _Article,
    _Deadline,
    _deadlines,
    _Event,
    _events,
    _Target,
)
from pipeline.extractors.commitments.mood import (
    _FOLLOW_UP,
    _addressee,
    _Carry,
    _continues_request,
    _first_target,
    _key,
    _official,
    _own_deadline,
    _phase_periods,
    _reporting_end,
    _sentence_deadline,
    _targets,
    _trailing_attribution,
)
from pipeline.extractors.commitments.paragraph_actors import (
    _names_own_subject,
    _previous_actor,
    _previous_addressee,
)
from pipeline.extractors.commitments.rules import _WORDS, _rules
from pipeline.extractors.context import as_context
from pipeline.sectors import sector_of
from pipeline.tables import CommitmentRow
from pipeline.text.clauses import DURATION, FIGURE, Clause, split_clauses

log = logging.getLogger(__name__)

#: A target with no actor in its sentence or paragraph goes to the article's main locality
#: (when the decision keeps it); one with no actor at all is marked `actor.none`.
_FALLBACK_MAIN_LOCALITY = True


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
    rules = _rules()
    article = _Article(doc, as_context(doc, context))
    full = article.text
    figures = context.get("figures", [])
    officials = context.get("officials", [])
    doc_year = article.doc_year
    floor_year = doc_year if doc_year is not None else article.latest_dated
    out: list[Candidate] = []
    figure_kinds = {f.start: f.kind for f in figures}
    # The paragraph's last actor: (label, public). A subject that is no public body (`Công ty X
    # sẽ đầu tư ...`) is kept too, so that the next sentence without a subject of its own
    # (`Vốn đầu tư dự kiến là 2 tỷ USD`) is read as that company's plan.
    last_actor: dict[str, tuple[str, bool]] = {}
    last_deadline: _Deadline | None = None
    carry = _Carry()
    # The sentence (paragraph, index) that broke the target before it down: the next one may
    # run the breakdown on (`Có 3 dự án ...`, rules `[breakdown] chain`).
    last_part: tuple[str, int] | None = None
    # The marker of the last kept target dated by a period, and where: the next sentence may
    # list that phase's items (`Trong giai đoạn này ...`, rules `[lists] phase_back`).
    last_phase: tuple[str, int, _Event, str] | None = None
    for index, sentence in enumerate(doc.spans["sentences"]):
        if sentence.label_ != "body":
            continue
        base, stop = sentence.start_char, sentence.end_char
        paragraph = sentence.kb_id_
        if carry.paragraph != paragraph:
            carry = _Carry(paragraph)
        continued = (
            carry.request
            if carry.request is not None and _continues_request(full[base:stop])
            else None
        )
        if carry.request is not None and continued is None:
            carry.request = None
        # `Trong đó có 50 dự án ...` right after a target: its figures are that target's parts.
        breakdown = (
            carry.target
            if carry.target is not None
            and continued is None
            and (
                rules.breakdown.match(full, base, stop)
                or (
                    last_part == (paragraph, index - 1)
                    and rules.breakdown_chain.match(full, base, stop)
                )
            )
            else None
        )
        if (
            breakdown is None
            and continued is None
            and last_phase is not None
            and last_phase[:2] == (paragraph, index - 1)
            and rules.phase_back.match(full, base, stop)
        ):
            breakdown, phase_actor = last_phase[2], last_phase[3]
        else:
            phase_actor = None
        carry.target = None
        events, deadlines = _events(
            article, base, stop, figures, doc_year, force=(continued or breakdown) is not None
        )
        if not events:
            continue  # no marker of the future
        veto = rules.veto_continued if continued is not None else rules.veto
        if veto.search(full[base:stop]):
            continue  # a question, a hypothetical, sport ...
        stop = base + _trailing_attribution(full[base:stop])
        if stop < sentence.end_char:
            events = [e for e in events if e.end <= stop]
            deadlines = [d for d in deadlines if d.end <= stop]
        text = full[base:stop]
        lead = _reporting_end(text)
        carried = continued or breakdown or carry.mood
        anchors = [e.anchor for e in events if e.kind == "anchor" and e.start >= base + lead]
        clauses = _phase_periods(full, split_clauses(text, base, anchors, start=lead), events)
        zone = [e for e in events if e.start >= base + lead]
        targets, mood = _targets(full, zone, clauses, carried, bare)
        # `giao X A; B; C. Các công việc nói trên phải hoàn thành trong quý I-2017.`
        listed, list_from, request = None, stop, None
        if ";" in text and continued is None:
            request = _request_of_list(zone, clauses)
            if request is not None:
                listed = _list_deadline(article, doc.spans["sentences"], index, paragraph)
            if listed is not None and request is not None:
                targets, list_from = _list_items(targets, clauses, request), request.start
        carry.mood = mood if mood is not None and mood.kind == "forecast" else None
        is_request = mood is not None and mood.kind == "marker" and mood.entry.kind == "request"
        mentions: list[_Mention] | None = None
        # A request naming no one asked (`Bộ X cũng yêu cầu báo cáo ... trước ngày 10-2`) asks
        # the body the paragraph's request before asked (`yêu cầu Sở Y ...`).
        asked_before, objectless = carry.addressee, False
        if is_request and mood is not continued:
            # Only the words right after the verb are read when no row needs the whole sentence.
            mentions = _mentions(
                article, base, stop if targets else min(stop, mood.end + 80), officials
            )
            carry.request, carry.addressee = mood, _addressee(full, mentions, mood)
            objectless = carry.addressee is None and asked_before is not None
            if not targets:
                mentions = None
        elif not is_request:
            carry.request = None
        outer = [c for c in clauses if not c.inner]
        if not any(not t.bare for t in targets):
            carry.target = _plan_head(mood)  # `Theo đó, phấn đấu hình thành ... . Xây dựng ...`
            marker = next(
                (e for e in zone if e.kind == "marker" and e.entry.kind != "deadline"), None
            )
            clause = (
                next((c for c in outer if c.start <= marker.start < c.end), None)
                if marker
                else None
            )
            if clause is not None and _may_name(
                full, max(clause.start, marker.start - 60), marker.start
            ):
                before = _mentions(article, clause.start, marker.start, officials)
                subject = _subject(full, before, clause, marker)
                if subject is not None:
                    last_actor[paragraph] = (subject.label, subject.public)
        if not targets:
            continue
        if mentions is None:
            mentions = _mentions(article, base, stop, officials)
        follow_up = bool(_FOLLOW_UP.search(text))
        # The one asked is the actor of every task of a list whose deadline comes after it.
        list_addressee = _addressee(full, mentions, request) if listed and request else None
        company: str | None = None  # the rule of a company named as an earlier item's subject
        first_target = _first_target(events, outer[0]) if outer else stop

        for target in targets:
            clause = target.clause
            deadline, how = _own_deadline(full, clause, deadlines, floor_year), ""
            if deadline is None and clause.inner:  # `(trong đó ...)`: its clause's deadline
                dated = partial(_dated, full, outer, deadlines, floor_year, base + lead)
                deadline, how = aside_deadline(full, clause, clauses, partial(dated, first_target))
            if deadline is None and not clause.inner:
                deadline, how = _sentence_deadline(
                    full, clause, outer, deadlines, base + lead, first_target
                )
                if how == "dl.inherit.head" and _own_task(target, zone, deadline):
                    deadline, how = None, ""
            # A part or next item of the target before (`Trong đó có ...`, a plan's next verb)
            part = breakdown is not None and (target.marker is breakdown or deadline is None)
            if deadline is None and (follow_up or part) and last_deadline is not None:
                deadline, how = last_deadline, "dl.inherit.follow_up"
            if deadline is None and listed is not None and clause.end > list_from:
                deadline, how = listed, rules.back_reference_id
            drops = ["anchor.none"] if target.bare else []
            passed = deadline is not None and deadline.year and article.passed_before
            if passed and deadline.year < article.passed_before:
                drops.append("deadline.passed")
            elif _history(article, target, deadline):
                drops.append("deadline.history")
            label, actor_rule, private = None, "", ""
            if continued is not None and target.marker is continued and carry.addressee:
                label, actor_rule = carry.addressee, "actor.request_list"
            elif list_addressee and target.marker is request and clause.end > list_from:
                label, actor_rule = list_addressee, "actor.request_list"
            elif phase_actor and part:
                # An item of the phase is that phase's plan: the places it names are its sites.
                label, actor_rule = phase_actor, "actor.paragraph"
            elif objectless and target.marker is mood:
                label, actor_rule = asked_before, "actor.asked_before"
            else:
                first_anchor = target.anchors[0].start if target.anchors else clause.end
                actor = _actor(full, mentions, clause, target.marker, first_anchor, base + lead)
                if actor is not None and actor.rule == "actor.anaphora":  # `Các cơ quan trên`
                    actor = _previous_addressee(article, index, officials)
                later = _later_company(full, mentions, clause, target.marker, zone)
                if later is not None and (actor is None or actor.public):
                    actor = later  # `Dự kiến cuối năm 2017, VNPT sẽ triển khai ...`
                if actor is not None and not actor.public:
                    private, actor_rule = "actor.private", actor.rule
                    company = actor.rule
                elif actor is None and company is not None:
                    # A later item of a company's sentence with no subject of its own (`Viettel
                    # đặt mục tiêu tăng 20% ... và nâng tỷ lệ ... lên 70%`) is its plan too.
                    private, actor_rule = "actor.private", company
                elif (
                    actor is not None
                    and actor.rule in _WORDS["state_bodies"]
                    and article.foreign_story
                ):
                    private, actor_rule = "actor.foreign_story", actor.rule
                elif actor is not None:
                    label, actor_rule = actor.label, actor.rule
            unstated = label is None and not private and rules.unstated.match(text, lead)
            if label is None and not private and paragraph in last_actor:
                label, public = last_actor[paragraph]
                if not public:  # the paragraph is about a company's (or a person's) own plan
                    label, private = None, "paragraph.private"
                actor_rule = "actor.paragraph"
            if label is None and not private and part and not unstated:  # an approved plan's item
                label, actor_rule = approving(article, officials) or (None, actor_rule)
                if label is not None and deadline is None:
                    deadline, how = plan_period(article) or (None, how)
            if (
                label is None
                and not private
                and _FALLBACK_MAIN_LOCALITY
                and not any(m.opens or m.rule == "na.foreign" for m in mentions)
                and (officials or article.names_public_body)
                and paragraph in article.main_locality_paragraphs
            ):  # a sentence about the country or a foreign state (`hợp tác Việt Nam - Lào`,
                # `Trung Quốc sẽ ...`) is no plan of the article's locality, nor is a story
                # that names no official and no public body (sport, showbiz, a court case)
                previous = _previous_actor(article, index, officials)
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
            elif label is None and not private:
                private = "actor.none"  # no public body acts: a private, foreign or personal plan
            drop = ";".join([*drops, private] if private else drops)
            if drop and not bare:
                continue  # the extractor never keeps it: no row to build
            row = _row(
                article, target, deadline, how, label, actor_rule, officials, full[base:stop]
            )
            if part:
                row = replace(row, rule=f"{row.rule};{rules.breakdown_id}")
            if not drop:
                if label and not part:  # a part names no new actor for the paragraph
                    last_actor[paragraph] = (label, True)
                if deadline is not None and deadline.year:
                    last_deadline = deadline
                if deadline is not None and deadline.period and target.marker and label:
                    last_phase = (paragraph, index, target.marker, label)
                if deadline is not None and deadline.year and _breaks_down(target.marker):
                    carry.target = target.marker
                    if part:
                        last_part = (paragraph, index)
            # A continued request is judged with the verb that governs it (`yêu cầu Thực hiện
            # nộp vào ngân sách ...`), as a `;`-list item is judged with its sentence's verb.
            governs = f"{full[continued.start : continued.end]} " if continued is not None else ""
            out.append(
                Candidate(
                    row=row,
                    context=governs + full[base + lead : clause.end],
                    drop=drop,
                    traits=_traits(
                        target,
                        deadline,
                        actor_rule,
                        drop,
                        events,
                        clause,
                        figure_kinds,
                        index,
                        continued is not None or target.marker is breakdown,
                        is_request,
                        doc_year,
                    ),
                )
            )
    return out


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


def _first_request(zone: list[_Event]) -> _Event | None:
    """The first request marker of a sentence's zone (`giao`, `yêu cầu` ...), else None."""
    return next((e for e in zone if e.kind == "marker" and e.entry.kind == "request"), None)


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


def _request_of_list(zone: list[_Event], clauses: list[Clause]) -> _Event | None:
    """The request verb that governs a `;`-list of tasks (`giao UBND quận X chấm dứt ...; xác
    định ...; tháo dỡ ...`): the first request marker with at least one `;`-item after its
    clause, else None."""
    request = _first_request(zone)
    if request is None:
        return None
    after = [c for c in clauses if not c.inner and c.strong and c.start > request.end]
    return request if after else None


def _list_deadline(
    article: _Article, sentences: Sequence, index: int, paragraph: str
) -> _Deadline | None:
    """The deadline the next sentence of the paragraph gives to the tasks listed before it,
    when it opens by referring back to them (`Các công việc nói trên phải hoàn thành ngay
    trong quý I-2017`; rules `[lists] back_reference`)."""
    if index + 1 >= len(sentences):
        return None
    after = sentences[index + 1]
    if after.kb_id_ != paragraph or after.label_ != "body":
        return None
    full = article.text
    if not _rules().back_reference.match(full, after.start_char, after.end_char):
        return None
    found = _deadlines(full[after.start_char : after.end_char], after.start_char)
    return next((d for d in found if d.year), None)


def _list_items(targets: list[_Target], clauses: list[Clause], request: _Event) -> list[_Target]:
    """One target per item of a request's `;`-list whose deadline a later sentence gives: an
    item with no anchor of its own (`xây dựng kế hoạch tháo dỡ ...`) is a target too, under
    the request, as the deadline makes it concrete."""
    kept = [t for t in targets if not t.bare]
    for clause in clauses:
        if clause.inner or clause.end <= request.start:
            continue
        if not any(t.clause is clause for t in kept):
            kept.append(_Target(clause, [], request))
    return sorted(kept, key=lambda t: t.clause.start)


def _plan_head(mood: _Event | None) -> _Event | None:
    """The marker a sentence with no concrete target hands on to the items after it: a plan's
    heading verb (`Theo đề án, phấn đấu hình thành khung kết nối hạ tầng ...`) is vague by itself,
    while the next sentence opening with a plan's bare verb states its item (`Xây dựng đồng bộ
    hạ tầng ..., đưa Việt Nam trở thành cửa ngõ ...`, rules `[breakdown] verbs`), concrete when it
    holds a figure, a deadline or a status of its own. Only a strong marker of a plan, a target or
    the future (`_breaks_down`), and only when the sentence ended in its mood."""
    return mood if _breaks_down(mood) else None


def _breaks_down(marker: _Event | None) -> bool:
    """Whether a dated target's marker may be carried on into the next sentence (a breakdown,
    a plan's next item): a strong marker of a plan, a target or the future. Not a request (its
    list runs on by its own rule), a bare deadline phrase, a decision or an obligation (what
    follows them on random news is the project's description: `Trong đó 12,3ha nằm trên ...`),
    nor a weak noun (`đã hoàn thành 100% chỉ tiêu ... Trong đó, hơn 30% ...` is a report)."""
    return (
        marker is not None
        and marker.kind == "marker"
        and marker.entry is not None
        and not marker.entry.weak
        and marker.entry.kind not in ("request", "deadline", "decision", "obligation")
    )


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
