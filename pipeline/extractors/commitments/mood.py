"""The mood walk over a sentence's clauses, and the deadlines a clause inherits."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extractors.commitments.actors import _generic_addressee
from pipeline.extractors.commitments.asides import aside_mood
from pipeline.extractors.commitments.events import _Deadline, _Event, _in, _Target
from pipeline.extractors.commitments.mentions import _is_subject, _Mention
from pipeline.extractors.commitments.rules import _KEY_WORDS, _WORDS, _Entry, _rules
from pipeline.extractors.commitments.scan import _lower
from pipeline.text.clauses import DEADLINE, DURATION, Clause

log = logging.getLogger(__name__)
_FRONTED_DATES = frozenset(_WORDS["fronted_dates"])


def _reporting_end(text: str) -> int:
    """Offset just after a reporting frame (`X cho biết,`) or a photo credit (`Ảnh: `) in the
    first part of `text`, the later of them, else 0.

    A reporting verb that a modal or a request governs is the task asked, not a frame
    (`các đồng chí phải có văn bản chính thức trả lời, ...`, `yêu cầu các sở báo cáo, ...`)."""
    end = 0
    for entry in _rules().reporting:
        match = entry.regex.search(text)
        if (
            match
            and match.start() < 0.6 * len(text)
            and not (entry.kind == "verb" and _governed(text, match.start()))
        ):
            end = max(end, match.end())
    return end


def _governed(text: str, verb: int) -> bool:
    """Whether a strong marker of obligation, request or the future stands shortly before
    `verb` (`_GOVERNS` characters), in the same clause."""
    start = max(0, verb - _GOVERNS)
    window = text[start:verb]
    if not window.strip():
        return False
    cut = max(window.rfind(","), window.rfind(";"), window.rfind(":"))
    window = window[cut + 1 :]
    return any(
        entry.kind in _GOVERNING and not entry.weak
        for _, entry in _rules().futures.finditer(window, _lower(window))
    )


#: How far before a reporting verb a governing marker may stand, and which kinds govern.
_GOVERNS = 50
_GOVERNING = frozenset({"obligation", "request", "future"})


#: Which marker kinds end a past mood (`đã ... và sẽ ...`, `đã ban hành ... với mục tiêu ...`)
#: and which end a forecast (`dự báo ... sẽ` stays a forecast). Decisions do not end a past
#: mood: `đã bố trí 1.999 tỷ đồng` reports an allocation made.
_LIFT = {
    "past": frozenset({"target", "plan", "future", "resolve", "request", "obligation"}),
    "forecast": frozenset({"target", "plan", "resolve", "request", "decision"}),
}


def _lifts(entry: _Entry, mood: _Event | None) -> bool:
    """Whether a marker ends the current mood (always, when the mood is a marker or none)."""
    if mood is None or mood.kind == "marker":
        return True
    if mood.kind == "past" and not entry.lifts_past:
        return False
    return entry.kind in _LIFT[mood.kind]


#: Which marker kinds, with a deadline in their sentence, end a forecast carried over from the
#: sentence before: `Dự báo ... sẽ đạt 50 triệu lượt khách. Vì vậy, cần khẩn trương đầu tư ...
#: đến năm 2025` is a task of its own, while `Trong đó, ... sẽ tăng 3%` (a bare future) goes on
#: with the forecast.
_ENDS_CARRIED_FORECAST = frozenset({"obligation", "urgency", "request"})


def _ends_carried(entry: _Entry, mood: _Event | None, dated: bool) -> bool:
    """Whether a strong marker of obligation, urgency or request, in a sentence with a deadline
    of its own, ends a forecast mood carried from an earlier sentence."""
    return (
        dated
        and mood is not None
        and mood.kind == "forecast"
        and entry.kind in _ENDS_CARRIED_FORECAST
        and not entry.weak
    )


def _timed(pending: list[_Event]) -> bool:
    """Whether the anchors waiting before a marker are all times (deadlines, durations)."""
    return all(e.anchor is not None and e.anchor.kind in (DEADLINE, DURATION) for e in pending)


def _claims_time_before(entry: _Entry, pending: list[_Event]) -> bool:
    """Whether a request or an obligation claims the times written before it in its clause.

    A request claims any time (`Trong ba tháng tới, Phó Thủ tướng yêu cầu Bộ X ...`). An
    obligation is due by a day or month fronted before its subject as much as by one after
    its verb (`Trước ngày 30/6, Sở X phải hoàn thành ...`; `[words] fronted_dates`), not by a
    fronted year alone (`Năm 2017, hai bên cần tăng cường ...` is mission language)."""
    if not _timed(pending):
        return False
    if entry.kind == "request":
        return True
    return entry.kind == "obligation" and all(e.entry.id in _FRONTED_DATES for e in pending)


def _at_head(doc_text: str, event: _Event, clause: Clause) -> bool:
    """Whether a phrase heads its clause (at most two words before it) or precedes a colon."""
    before = doc_text[clause.start : event.start].split()
    return len(before) <= 2 or doc_text[event.end : event.end + 2].lstrip().startswith(":")


def _accept(target: _Target, found: list[_Event], marker: _Event, voice: _Event | None) -> None:
    """Add target anchors to the clause's target, naming its modality on the first ones."""
    target.anchors.extend(found)
    if found and (target.marker is None or target.marker.entry.kind == "deadline"):
        target.marker = voice if voice is not None else marker


def _targets(
    doc_text: str,
    events: list[_Event],
    clauses: list[Clause],
    carried: _Event | None = None,
    bare: bool = False,
) -> tuple[list[_Target], _Event | None]:
    """Walk the clauses in order, setting the mood, and collect the target anchors of each.

    The mood is the last marker seen (future), or a past or forecast event. Anchors seen under
    a future mood are targets, at once for a real marker, or at the end of the clause for a
    deadline phrase (a past marker later in the clause turns them into a report). Anchors seen
    before any mood wait for a verb marker (`back`) that claims them. `carried` is the mood
    the sentence starts in; the mood it ends in is returned with the targets. With `bare`,
    a clause under a marker of its own with no anchor is a (bare) target too.
    """
    targets: list[_Target] = []
    forecast_here = False
    # `voice` is the marker the row names as its modality: the request that frames it (`yêu
    # cầu X ... cho phép`), else the last real marker (`phấn đấu đến năm 2025` is phấn đấu).
    voice: _Event | None = carried if carried is not None and carried.kind == "marker" else None
    # A sentence that dates a task of its own (a point in time, not a span `2018 - 2019` that
    # may only say when something happens) may end a forecast carried into it.
    dated = carried is not None and any(
        e.kind == "anchor" and e.anchor.kind == DEADLINE and e.period is None for e in events
    )
    ends: dict[Clause, _Event] = {}  # the marker each outer target clause ended in
    for clause in clauses:
        mood = None if clause.inner or clause.fresh else carried
        if clause.inner or clause.fresh:
            # `(trong đó 7 triệu lượt khách quốc tế)`: a breakdown aside keeps its clause's marker
            voice = mood = aside_mood(doc_text, clause, clauses, ends) if clause.inner else None
        inside = [e for e in events if _in(e, clause)]
        if not clause.inner:
            inside = [
                e
                for e in inside
                if not any(c.inner and _in(e, c) for c in clauses if c is not clause)
            ]
        own_deadline = any(e.kind == "anchor" and e.anchor.kind == DEADLINE for e in inside)
        own_time = own_deadline or any(
            e.kind == "anchor" and e.anchor.kind == DURATION for e in inside
        )
        target = _Target(clause)
        pending: list[_Event] = []
        weak: list[_Event] = []
        own: _Event | None = None  # the clause's own marker of the future, if any

        for event in inside:
            if event.kind == "marker":
                entry = event.entry
                if entry.needs == "deadline" and not own_deadline:
                    continue
                if entry.needs == "time" and not own_time:
                    continue
                if entry.head and not _at_head(doc_text, event, clause):
                    continue
                if not _lifts(entry, mood) and not (
                    not forecast_here and _ends_carried(entry, mood, dated)
                ):
                    continue
                # A request claims the time written before it too (`Trong ba tháng tới, Phó
                # Thủ tướng yêu cầu Bộ X tổ chức ...`): a request with a deadline is concrete.
                if pending and (entry.back or _claims_time_before(entry, pending)):
                    _accept(target, pending, event, voice)
                    pending = []
                if not entry.weak and weak:
                    _accept(target, weak, mood, voice)
                    weak = []
                mood = event
                if entry.kind != "deadline":
                    own = event
                # A request of an earlier clause frames this one's markers (`yêu cầu X ...,
                # cho phép ...`), not a request of its own (`giao Sở A ...; giao Sở B ...`).
                if entry.kind != "deadline" and not (
                    voice is not None
                    and voice.entry.kind == "request"
                    and not (entry.kind == "request" and voice.start < clause.start)
                ):
                    voice = event
            elif event.kind in ("past", "forecast"):
                # A forecast made in this sentence stays one through `hiện nay`, `so với`.
                if not (forecast_here and mood is not None and mood.kind == "forecast"):
                    mood = event
                forecast_here = forecast_here or event.kind == "forecast"
                pending, weak, own = [], [], None
                voice = None
            elif mood is None:
                pending.append(event)
            elif mood.kind == "marker":
                if mood.entry.weak:
                    weak.append(event)
                else:
                    _accept(target, [event], mood, voice)
        if weak:
            _accept(target, weak, mood, voice)
        if clause.inner and all(e.anchor.kind == DEADLINE for e in target.anchors):
            target.anchors = []  # `(2016-2020)`: an aside that only restates a period
        if target.anchors:
            target.anchors.sort(key=lambda e: e.start)
            targets.append(target)
        elif bare and own is not None and not clause.inner and mood is own:
            targets.append(_Target(clause, [], voice or own, bare=True))
        if not clause.inner:
            carried = mood
            if target.anchors and mood is not None and mood.kind == "marker":
                ends[clause] = target.marker or mood
    return targets, carried


def _own_deadline(
    text: str, clause: Clause, deadlines: list[_Deadline], doc_year: int | None = None
) -> _Deadline | None:
    """The first deadline written in the clause: a bare `năm 2017` where it heads it, else,
    when nothing else is written, a bare year not before the article's (`tạm ứng 3.303 tỷ đồng
    vốn ODA năm 2017`: the gold reads it as the target's year five times in six). `doc_year`
    is the article's year, else the latest year the text dates with a month (`sinh năm 1964`
    in an undated article is no deadline)."""
    inside = [d for d in deadlines if clause.start <= d.start and d.end <= clause.end]
    for d in inside:
        if d.kind != "bare" or len(text[clause.start : d.start].split()) <= 2:
            return d
    return next((d for d in inside if d.year and d.year >= (doc_year or 0)), None)


_ADVERBIAL_BEFORE = re.compile(r"(?:^|[,;:.“\"]\s*|\s)$")


def _sentence_deadline(
    text: str,
    clause: Clause,
    outer: list[Clause],
    deadlines: list[_Deadline],
    lead: int,
    first_target: int,
) -> tuple[_Deadline | None, str]:
    """A deadline the clause inherits from its sentence, with the rule that passed it on.

    - an adverbial before the clause that opens a phrase and is followed by a comma or colon
      (`Trong năm 2017, ...`, `Từ nay đến năm 2020, ...`, `Năm 2017, ...`);
    - a deadline heading the first clause, before its first target (`phấn đấu đến năm 2025
      nằm trong ..., 100% ...`);
    - the deadline that ends or opens the last `;`-clause of the sentence (`...; kiện toàn ...
      trong năm 2017.`, `...; trong tháng 7/2017 phải hoàn thành ...` cover the whole list).
    """
    before = [d for d in deadlines if lead <= d.start and d.end <= clause.start and d.year]
    for d in reversed(before):
        opens = d.start == lead or _ADVERBIAL_BEFORE.search(text[max(0, d.start - 3) : d.start])
        capital = text[d.start].isupper()
        follows = text[d.end : d.end + 2].lstrip()[:1] in (",", ":")
        if follows and (
            capital or (opens and text[d.start - 2 : d.start].strip() in ("", ",", ";", ":"))
        ):
            return d, "dl.inherit.adverbial"
    if outer and clause is not outer[0] and clause.start > outer[0].start:
        first = outer[0]
        own = [d for d in deadlines if first.start <= d.start < first.end and d.year]
        if own and _scopes(text, own[0]) and own[0].start < first_target:
            return own[0], "dl.inherit.head"
    if outer and clause is not outer[-1] and outer[-1].strong and clause.start < outer[-1].start:
        last = outer[-1]
        tail = [  # closing the last clause, or opening it (`...; trong tháng 7/2017 phải
            # hoàn thành toàn bộ số tàu này`: the deadline of the whole list)
            d
            for d in deadlines
            if last.start <= d.start
            and d.end <= last.end
            and d.year
            and (last.end - d.end <= 2 or not text[last.start : d.start].strip())
        ]
        if tail:
            return tail[-1], "dl.inherit.list"
    return None, ""


def _scopes(text: str, deadline: _Deadline) -> bool:
    """Whether a deadline heading a sentence may cover its later clauses: any but a bare `năm
    2017`, which often names a thing (`Nghị quyết năm 2017`); `cả năm 2017`, `trong năm 2017`
    do cover them (`Xuyên suốt cả năm 2017 sẽ diễn ra ...; 9 hoạt động ...`)."""
    if deadline.kind != "bare":
        return True
    return text[deadline.start : deadline.end].lower().startswith(tuple(_WORDS["year_covers"]))


def _key(text: str, target: _Target) -> str:
    """A short phrase naming the target: from the marker (or clause start), at most 10 words."""
    clause = target.clause
    start = clause.start
    if target.marker is not None and clause.start <= target.marker.start < clause.end:
        start = target.marker.start
    words = text[start : clause.end].split()
    return " ".join(words[:_KEY_WORDS]).rstrip(",;:")


def _official(officials: Sequence, text: str) -> str:
    """The official named in the sentence (the one stating it), if the officials table has one."""
    for official in officials:
        name = getattr(official, "name", "")
        if name and name in text:
            return name
    return ""


def _trailing_attribution(text: str) -> int:
    """Where a closing quote is followed by its attribution (`...” - ông Thăng nhấn mạnh`)."""
    match = _rules().attribution.search(text)
    return match.start() + 1 if match else len(text)


def _first_target(events: list[_Event], clause: Clause) -> int:
    """Where the first anchor that is not a deadline stands in `clause` (its end if none)."""
    return min(
        (
            e.start
            for e in events
            if e.kind == "anchor" and e.anchor.kind != DEADLINE and _in(e, clause)
        ),
        default=clause.end,
    )


_FOLLOW_UP = re.compile(rf"^\W*(?:{_WORDS['follow_up']})\b", re.IGNORECASE)


@dataclass
class _Carry:
    """What a sentence hands on to the next one of its paragraph.

    `mood`: a forecast goes on (`Dự báo ... Trong đó, ... sẽ`). `request`: a request whose list
    of tasks runs on over the next sentences, each opening with a bare verb (`Sở Tài chính yêu
    cầu UBND huyện X báo cáo ... . Thực hiện nộp vào ngân sách ... 3 tỷ đồng. Đồng thời ...`),
    with the body asked (`addressee`), who is the actor of each of them. `target`: the marker
    of the future under which the sentence before stated a target the rules keep, which a
    breakdown opening the next sentence (`Trong đó có 50 dự án ...`) carries on.
    """

    paragraph: str = ""
    mood: _Event | None = None
    request: _Event | None = None
    addressee: str | None = None
    target: _Event | None = None


_PHASE_BEFORE = re.compile(
    rf"{_WORDS['phase']}\s+(?:\d|I{{1,3}}|IV|V|{_WORDS['phase_numerals']})(?!\w)[^()]{{0,30}}\($",
    re.IGNORECASE,
)


def _phase_periods(text: str, clauses: list[Clause], events: list[_Event]) -> list[Clause]:
    """The clauses without the bracketed years of a phase, which belong to the clause around them.

    `Giai đoạn 2 (từ năm 2021 đến năm 2025), nhu cầu vốn khoảng ...`: the years say when
    the phase runs, so its targets take them as their period, unlike an aside that restates a
    period already given (`(2016-2020)` after `kế hoạch trung hạn`), which stays apart.
    """
    kept = []
    for clause in clauses:
        if clause.inner and _PHASE_BEFORE.search(text, max(0, clause.start - 45), clause.start):
            inside = [e for e in events if _in(e, clause)]
            if inside and all(e.entry is not None and e.entry.kind == "deadline" for e in inside):
                continue
        kept.append(clause)
    return kept


def _continues_request(text: str) -> bool:
    """Whether a sentence opens with a bare verb of a directive (no subject of its own)."""
    return bool(_rules().continuation.match(text))


def _addressee(text: str, mentions: list[_Mention], marker: _Event) -> str | None:
    """The public body or place named right after a request verb (`yêu cầu UBND tỉnh X`); when
    a company or a person is asked (`yêu cầu doanh nghiệp phải ...`), the public body that asks
    (GUIDELINES: for a request to a private firm, the public body imposing it)."""
    after = [m for m in mentions if marker.end <= m.start <= marker.end + 12]
    if after and after[0].public:
        return after[0].label
    if after and after[0].rule in ("na.company", "na.people"):
        asking = [
            m for m in mentions if m.end <= marker.start and m.public and _is_subject(text, m)
        ]
        return asking[-1].label if asking else None
    asked = _generic_addressee(text, marker, mentions)
    return asked.label if asked is not None else None
