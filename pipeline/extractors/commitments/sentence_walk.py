"""Reading one body sentence into its targets, with what the sentences before hand on to it.

`find_candidates` walks the body sentence by sentence. Each sentence is read here once: the
request or breakdown it continues, its markers and deadlines, its clauses and targets, the list
a request governs, and who a request asks. What the sentence hands on (the paragraph's last
actor, the request whose list runs on, the dated target a breakdown may carry) lives in one
`_Walk`, so every hand-over between sentences is visible in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.extractors.commitments.actors import _may_name, _subject
from pipeline.extractors.commitments.events import (
    _Article,
    _Deadline,
    _deadlines,
    _Event,
    _events,
    _Target,
)
from pipeline.extractors.commitments.mentions import _Mention, _mentions
from pipeline.extractors.commitments.mood import (
    _FOLLOW_UP,
    _addressee,
    _Carry,
    _continues_request,
    _first_target,
    _phase_periods,
    _reporting_end,
    _targets,
    _trailing_attribution,
)
from pipeline.extractors.commitments.rules import _rules
from pipeline.text.clauses import Clause, split_clauses


@dataclass
class _Walk:
    """What the sentences read so far hand on to the next ones.

    `last_actor`: per paragraph, the last actor and whether it is public. A subject that is no
    public body (`Công ty X sẽ đầu tư ...`) is kept too, so that the next sentence without a
    subject of its own (`Vốn đầu tư dự kiến là 2 tỷ USD`) is read as that company's plan.
    `last_deadline`: the last kept dated deadline, which a follow-up or a part inherits.
    `carry`: what a sentence hands on within its paragraph (`mood._Carry`). `last_part`: the
    sentence (paragraph, index) that broke the target before it down: the next one may run the
    breakdown on (`Có 3 dự án ...`, rules `[breakdown] chain`). `last_phase`: the marker of the
    last kept target dated by a period, where, and its actor: the next sentence may list that
    phase's items (`Trong giai đoạn này ...`, rules `[lists] phase_back`)."""

    last_actor: dict[str, tuple[str, bool]] = field(default_factory=dict)
    last_deadline: _Deadline | None = None
    carry: _Carry = field(default_factory=_Carry)
    last_part: tuple[str, int] | None = None
    last_phase: tuple[str, int, _Event, str] | None = None


@dataclass
class _Sentence:
    """A body sentence with targets, and what each of its targets is judged with.

    `base`/`stop`: its offsets (`stop` before a trailing attribution); `lead`: where the
    reported words start within `text`. `continued`: the request of an earlier sentence whose
    list this one runs on; `breakdown`: the marker of the target this one breaks down;
    `phase_actor`: the actor of the phase this one lists the items of. `listed`/`list_from`/
    `request`: the deadline a later sentence gives to a request's `;`-list, where the list
    starts and its request verb. `asked_before`/`objectless`: the body the paragraph's request
    before asked, and whether this sentence's request names no one of its own."""

    index: int
    paragraph: str
    base: int
    stop: int
    lead: int
    text: str
    events: list[_Event]
    deadlines: list[_Deadline]
    zone: list[_Event]
    clauses: list[Clause]
    outer: list[Clause]
    targets: list[_Target]
    mood: _Event | None
    is_request: bool
    continued: _Event | None
    breakdown: _Event | None
    phase_actor: str | None
    listed: _Deadline | None
    list_from: int
    request: _Event | None
    asked_before: str | None
    objectless: bool
    mentions: list[_Mention]
    follow_up: bool
    list_addressee: str | None
    first_target: int


def _read_sentence(
    article: _Article,
    sentences: Sequence,
    index: int,
    walk: _Walk,
    figures: Sequence,
    officials: Sequence,
    bare: bool,
) -> _Sentence | None:
    """The sentence `sentences[index]` with its targets, or None when it has none; updates
    `walk.carry` and, for a sentence without targets of its own, the paragraph's last actor."""
    rules = _rules()
    full = article.text
    sentence = sentences[index]
    base, stop = sentence.start_char, sentence.end_char
    paragraph = sentence.kb_id_
    carry = walk.carry
    if carry.paragraph != paragraph:
        carry = walk.carry = _Carry(paragraph)
    continued = (
        carry.request if carry.request is not None and _continues_request(full[base:stop]) else None
    )
    if carry.request is not None and continued is None:
        carry.request = None
    breakdown, phase_actor = _carried_target(full, base, stop, paragraph, index, walk, continued)
    carry.target = None
    events, deadlines = _events(
        article,
        base,
        stop,
        figures,
        article.doc_year,
        force=(continued or breakdown) is not None,
    )
    if not events:
        return None  # no marker of the future
    veto = rules.veto_continued if continued is not None else rules.veto
    if veto.search(full[base:stop]):
        return None  # a question, a hypothetical, sport ...
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
            listed = _list_deadline(article, sentences, index, paragraph)
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
        if carry.addressee is None:
            # `Bộ X yêu cầu Sở Y chỉ đạo ...; chỉ đạo tổ chức ...`: the mood is the last
            # request verb, which names no one; the one asked is the earlier verb's.
            carry.addressee = _earlier_addressee(full, mentions, zone, mood)
        objectless = carry.addressee is None and asked_before is not None
        if not targets:
            mentions = None
    elif not is_request:
        carry.request = None
    outer = [c for c in clauses if not c.inner]
    if not any(not t.bare for t in targets):
        carry.target = _plan_head(mood)  # `Theo đó, phấn đấu hình thành ... . Xây dựng ...`
        _remember_subject(article, walk, paragraph, zone, outer, officials)
    if not targets:
        return None
    if mentions is None:
        mentions = _mentions(article, base, stop, officials)
    return _Sentence(
        index=index,
        paragraph=paragraph,
        base=base,
        stop=stop,
        lead=lead,
        text=text,
        events=events,
        deadlines=deadlines,
        zone=zone,
        clauses=clauses,
        outer=outer,
        targets=targets,
        mood=mood,
        is_request=is_request,
        continued=continued,
        breakdown=breakdown,
        phase_actor=phase_actor,
        listed=listed,
        list_from=list_from,
        request=request,
        asked_before=asked_before,
        objectless=objectless,
        mentions=mentions,
        follow_up=bool(_FOLLOW_UP.search(text)),
        # The one asked is the actor of every task of a list whose deadline comes after it.
        list_addressee=_addressee(full, mentions, request) if listed and request else None,
        first_target=_first_target(events, outer[0]) if outer else stop,
    )


def _carried_target(
    full: str,
    base: int,
    stop: int,
    paragraph: str,
    index: int,
    walk: _Walk,
    continued: _Event | None,
) -> tuple[_Event | None, str | None]:
    """The marker of the target the sentence breaks down or lists the items of, and the
    actor of that phase when it lists a phase's items; (None, None) when it carries none.

    `Trong đó có 50 dự án ...` right after a target: its figures are that target's parts
    (rules `[breakdown]`, and `chain` right after another part); `Trong giai đoạn này ...`
    right after a target dated by a period lists that phase's items (`[lists] phase_back`)."""
    rules = _rules()
    target = walk.carry.target
    if (
        target is not None
        and continued is None
        and (
            rules.breakdown.match(full, base, stop)
            or (
                walk.last_part == (paragraph, index - 1)
                and rules.breakdown_chain.match(full, base, stop)
            )
        )
    ):
        return target, None
    phase = walk.last_phase
    if (
        continued is None
        and phase is not None
        and phase[:2] == (paragraph, index - 1)
        and rules.phase_back.match(full, base, stop)
    ):
        return phase[2], phase[3]
    return None, None


def _remember_subject(
    article: _Article,
    walk: _Walk,
    paragraph: str,
    zone: list[_Event],
    outer: list[Clause],
    officials: Sequence,
) -> None:
    """For a sentence with no concrete target, its subject before the first marker as the
    paragraph's last actor (`Công ty X sẽ đầu tư ...` makes the next sentence its plan)."""
    full = article.text
    marker = next((e for e in zone if e.kind == "marker" and e.entry.kind != "deadline"), None)
    clause = next((c for c in outer if c.start <= marker.start < c.end), None) if marker else None
    if clause is not None and _may_name(full, max(clause.start, marker.start - 60), marker.start):
        before = _mentions(article, clause.start, marker.start, officials)
        subject = _subject(full, before, clause, marker)
        if subject is not None:
            walk.last_actor[paragraph] = (subject.label, subject.public)


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


def _plan_head(mood: _Event | None) -> _Event | None:
    """The marker a sentence with no concrete target hands on to the items after it: a plan's
    heading verb (`Theo đề án, phấn đấu hình thành khung kết nối hạ tầng ...`) is vague by itself,
    while the next sentence opening with a plan's bare verb states its item (`Xây dựng đồng bộ
    hạ tầng ..., đưa Việt Nam trở thành cửa ngõ ...`, rules `[breakdown] verbs`), concrete when it
    holds a figure, a deadline or a status of its own. Only a strong marker of a plan, a target or
    the future (`_breaks_down`), and only when the sentence ended in its mood."""
    return mood if _breaks_down(mood) else None


def _first_request(zone: list[_Event]) -> _Event | None:
    """The first request marker of a sentence's zone (`giao`, `yêu cầu` ...), else None."""
    return next((e for e in zone if e.kind == "marker" and e.entry.kind == "request"), None)


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


def _earlier_addressee(
    full: str, mentions: list[_Mention], zone: list[_Event], mood: _Event
) -> str | None:
    """The one asked by a request verb of the sentence before its mood (`yêu cầu Sở Y ...;
    chỉ đạo ...`), which a later request naming no one asks again."""
    for event in zone:
        if event.start >= mood.start:
            break
        if event.kind == "marker" and event.entry.kind == "request":
            asked = _addressee(full, mentions, event)
            if asked is not None:
                return asked
    return None
