"""Who must act: bodies, localities and subjects around a target."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from pipeline.extractors.commitments.events import _Event, _in
from pipeline.extractors.commitments.mentions import (
    _IN_BRACKETS,
    _PHRASE_START,
    _in_open_bracket,
    _is_subject,
    _Mention,
)
from pipeline.extractors.commitments.rules import _WORDS, _rules
from pipeline.extractors.locality_rules import LocalityMention
from pipeline.rules import load
from pipeline.text.clauses import Clause

log = logging.getLogger(__name__)


def _actor(
    text: str,
    mentions: list[_Mention],
    clause: Clause,
    marker: _Event | None,
    first_anchor: int,
    zone_start: int,
) -> _Mention | None:
    """Who must act (`_subject_actor`); a company obliged by a public body named before it
    in the sentence acts through that body (`_imposer`)."""
    actor = _subject_actor(text, mentions, clause, marker, first_anchor, zone_start)
    if actor is not None and not actor.public and actor.rule == "na.company":
        return _imposer(text, mentions, actor, zone_start) or actor
    return actor


def _subject_actor(
    text: str,
    mentions: list[_Mention],
    clause: Clause,
    marker: _Event | None,
    first_anchor: int,
    zone_start: int,
) -> _Mention | None:
    """Who must act (GUIDELINES: for a request, the one asked; otherwise the subject).

    In order: the body named right after a request verb; the subject nearest before the
    marker; a subject between the marker and the first target; a subject earlier in the
    sentence; any other public body or place named before, in the sentence (the speaker's
    body among them). A company or foreign state as the subject, with no public body listed
    with it, makes the row no commitment: the returned mention is then not `public`.
    """
    pivot = marker.start if marker is not None and marker.start >= clause.start else clause.start
    unknown = _unknown_name(text, mentions, max(clause.start, pivot - 40), pivot)
    if unknown is not None:
        return unknown
    subjects = _subjects(text, mentions)
    before = _chair(text, [m for m in subjects if clause.start <= m.start and m.end <= pivot])
    # `Các cơ quan trên xem xét ..., báo cáo Thủ tướng ...`: the subject opening the clause
    # points back to the bodies asked before (resolved by the caller)
    anaphora = _ANAPHORA.search(text, clause.start, max(pivot, clause.start + 60))
    if (
        anaphora is not None
        and (not before or anaphora.end() <= before[0].start)
        and _opens_phrase(text, clause.start, anaphora.start())
    ):
        return _Mention(anaphora.start(), anaphora.end(), anaphora.group(0), "actor.anaphora")
    subject = None
    if before:
        subject = before[-1]
        if not subject.public:
            backing = [  # `các cấp, các ngành, các doanh nghiệp ...`: a list led by public bodies
                m
                for m in before
                if m.public
                and 0 <= subject.start - m.end <= 30
                and re.search(rf",|\s{_WORDS['conjunction']}\s", text[m.end : subject.start])
            ]
            subject = backing[-1] if backing else subject
    if marker is not None and marker.entry.kind == "request":
        if subject is not None and not subject.public and subject.rule != "na.speaker":
            return subject  # a company's or a citizen's request is not a commitment
        if _PURPOSE.search(text, marker.end, clause.start):
            # the aim of the body asking (`... nhằm ..., đồng thời kịp đưa ...`)
            asking = [m for m in subjects if zone_start <= m.start and m.end <= marker.start]
            if asking and asking[-1].public:
                return asking[-1]
        after = [m for m in mentions if marker.end <= m.start <= marker.end + 12 and m.public]
        if after:
            return after[0]
        asked = _generic_addressee(text, marker, mentions)
        if asked is not None:
            return asked
    if subject is not None:
        directed = _directed(text, mentions, subject, pivot) if subject.public else None
        return directed if directed is not None else subject
    lower = _lower_subject(text, max(clause.start, pivot - 80), pivot) if before == [] else None
    if lower is None and before == [] and _subject_acts(mentions, marker, clause):
        # `Bên cạnh đó, ngành Thanh tra cần ...`, `Tổ công tác kiến nghị Công ty X phải ...`
        lower = _context_subject(text, clause.start, min(clause.end, pivot + 40), limit=pivot)
    if lower is not None:
        return lower
    agent = next((m for m in mentions if m.public and _in(m, clause) and _is_agent(text, m)), None)
    if agent is not None:  # `9 hoạt động do tỉnh Lào Cai chủ trì tổ chức`
        return agent
    asking = _asking(text, subjects, zone_start, clause.start)
    if asking is not None:
        return asking
    earlier = [m for m in subjects if zone_start <= m.start and m.end <= clause.start]
    # `ngành Thanh tra cần tăng cường ...; xây dựng kế hoạch ...`: the sentence's own subject
    context = (
        _context_subject(text, zone_start, clause.start) if zone_start < clause.start else None
    )
    if earlier and (context is None or earlier[-1].start > context.start):
        return earlier[-1]
    if context is not None:
        return context
    inside = [m for m in subjects if pivot <= m.start and m.end <= max(first_anchor, pivot)]
    after = _context_subject(text, pivot, clause.end, first=True)
    if after is not None and (not inside or after.start < inside[0].start):
        return after  # `Dự kiến ngày 25/6, đoàn công tác chính thức báo cáo ...`
    if inside:
        return inside[0]
    later = [m for m in subjects if m.public and pivot <= m.start and m.end <= clause.end]
    if later:  # `phấn đấu đến năm 2020 đạt ..., Việt Nam chú trọng ...`
        return later[0]
    speaker = [m for m in mentions if m.public and m.end <= zone_start]
    if speaker:  # the body of the official who states it (`Giám đốc Trung tâm ... cho biết,`)
        return speaker[-1]
    rest = [  # the country inside a name (`nhà máy may mặc Việt Nam`) names no one
        m
        for m in mentions
        if m.public and m.end <= pivot and not _bracketed(text, m) and not m.opens
    ]
    if not rest:
        return None
    source = _SOURCE.match(text, zone_start)
    if source is not None and rest[-1].end <= source.end():
        # `Theo Thủ tướng, ..., phấn đấu ...`: the person speaking is not stated as the actor
        return _Mention(rest[-1].start, rest[-1].end, "", "actor.source")
    return rest[-1]


def _subjects(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """The mentions that may be a subject (`_is_subject`). An official named right after his
    title and its body is part of that noun phrase, and no subject after a preposition
    (`chỉ đạo của Bí thư Thành ủy TP HCM Đinh La Thăng`)."""
    rules = _rules()
    found = []
    previous: _Mention | None = None
    for mention in mentions:
        subject = _is_subject(text, mention)
        if (
            subject
            and mention.rule == "actor.official"
            and previous is not None
            and 0 <= mention.start - previous.end <= 1
        ):
            title = rules.title.search(text, max(0, previous.start - 24), previous.start)
            if title is not None:
                head = text[max(0, title.start() - 24) : title.start()]
                subject = not rules.preposition.search(head)
        if subject:
            found.append(mention)
        previous = mention
    return found


def _lower_subject(text: str, start: int, pivot: int) -> _Mention | None:
    """A subject written in lower case right before the marker (`Từ tháng 9, các trường sẽ
    đào tạo ...`, `đoàn công tác chính thức báo cáo ...`): no [[body]] entry names it, yet it
    is the one that acts, not the article's main locality (`[actors] subject_heads`)."""
    rules = _rules()
    match = rules.lower_subject.search(text, start, pivot)
    if match is None:
        return None
    if rules.preposition.search(text, max(0, match.start(1) - 24), match.start(1)):
        return None  # `hỗ trợ của các trường sẽ ...`: the subject is before the preposition
    return _Mention(match.start(1), match.end(1), match.group(1), "actor.lower_subject")


def _bracketed(text: str, mention: _Mention) -> bool:
    """Whether a mention opens a bracket (`(Q.Gò Vấp)`) or stands in one (`(quận 1, 3,
    Tân Phú)`): a place said in passing, no actor."""
    return bool(
        _IN_BRACKETS.search(text, max(0, mention.start - 3), mention.start)
        or _in_open_bracket(text, mention.start)
    )


def _generic_addressee(text: str, marker: _Event, mentions: list[_Mention]) -> _Mention | None:
    """The one asked when it is a body no [[body]] entry names (`yêu cầu các sở ban ngành phải
    trả lời`, `giao Phòng Quản lý đô thị tham mưu`): a head word right after the request verb
    and its words up to the verb of the task (GUIDELINES: for a request, the one asked). A
    company or person named there (`yêu cầu doanh nghiệp`) is left to the caller."""
    if any(m.start == marker.end + 1 and not m.public for m in mentions):
        return None
    match = _rules().addressee.match(text, marker.end)
    if match is None or _rules().anaphora.search(match.group(1)):
        return None
    start, end = match.span(1)
    return _Mention(start, end, match.group(1), "actor.addressee")


def _may_name(text: str, start: int, end: int) -> bool:
    """Whether the last words of `text[start:end]` may be a subject: a capitalised word, or a
    company word (a cheap test before the mentions are looked for)."""
    window = " ".join(_rules().adverbs.sub("", text[start:end]).split()[-4:])
    return any(ch.isupper() for ch in window) or bool(_COMPANY.search(window))


_COMPANY = re.compile(rf"(?<!\w)(?:{_WORDS['company']})(?!\w)", re.IGNORECASE)


def _subject(
    text: str, mentions: list[_Mention], clause: Clause, marker: _Event
) -> _Mention | None:
    """The subject written right before a marker (`Công ty X sẽ đầu tư ...`, `Bộ GTVT sẽ ...`),
    if any: a body, a place, or a company or foreign state (then not `public`)."""
    unknown = _unknown_name(text, mentions, max(clause.start, marker.start - 40), marker.start)
    if unknown is not None:
        return unknown
    before = [
        m
        for m in mentions
        if clause.start <= m.start and m.end <= marker.start and _is_subject(text, m)
    ]
    if not before:
        return None
    between = _rules().adverbs.sub("", text[before[-1].end : marker.start]).split()
    if not all(word[:1].isupper() for word in between):  # `Công ty Hòa Phát sẽ ...` is one name
        return None
    subject = before[-1]
    if not subject.public and subject.rule in ("na.company", "na.foreign", "na.unknown_name"):
        return subject
    return None


_AGENT_BEFORE = re.compile(r"(?<!\w)do\s+$")
_AGENT_VERB = re.compile(
    r"[^,;.()]{0,40}?(?<!\w)"
    rf"(?:{_WORDS['agent_verbs']})(?!\w)"
)


def _is_agent(text: str, mention: _Mention) -> bool:
    """Whether a body is named as the one that carries a thing out (`do Sở Văn hóa chủ trì`)."""
    return bool(
        _AGENT_BEFORE.search(text, max(0, mention.start - 5), mention.start)
        and _AGENT_VERB.match(text, mention.end)
    )


def _unknown_name(text: str, mentions: list[_Mention], start: int, pivot: int) -> _Mention | None:
    """A capitalised name right before the marker that is no body, place or official we know
    (`Viettel đặt mục tiêu ...`, `VNPT sẽ ...`): most often a company, so not a public actor."""
    match = _rules().unknown_subject.search(text, start, pivot)
    if match is None:
        return None
    name_start, name_end = match.span(1)
    if any(m.start <= name_start < m.end or name_start <= m.start < name_end for m in mentions):
        return None
    if not _PHRASE_START.search(text[max(0, name_start - 24) : name_start]):
        return None  # inside a noun phrase (`kênh Tham Lương - Bến Cát sẽ ...`): a place
    return _Mention(name_start, name_end, match.group(1), "na.unknown_name", public=False)


_MAIN_TYPES = tuple(_WORDS["main_locality_types"])


def _main_locality(mentions: Sequence[LocalityMention]) -> str | None:
    """The locality the article is about: the most mentioned province, city or district
    (computed once per article, `_Article.main_locality`)."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.type in _MAIN_TYPES:
            counts[mention.label] = counts.get(mention.label, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


# --------------------------------------------------------------------------------------------
# Who acts, read from the clause's context (`[actor_context]` in rules/commitments.toml).

_CONTEXT = load("commitments")["actor_context"]
#: A subject no [[body]] entry names, up to the verb of its task (`ngành Thanh tra cần ...`,
#: `Ban soạn thảo đề án hiện đang rà soát`, `các cơ sở đóng tàu X và Y phải ...`).
_CONTEXT_SUBJECT = re.compile(
    rf"(?<!\w)((?i:{_CONTEXT['heads']})(?!\w)"
    rf"(?:\s+(?!(?:{_CONTEXT['stops']}|{_CONTEXT['verbs']})(?!\w))[^\s,;:.()“”\"]+){{0,8}}?)"
    rf"\s+(?=(?:{_CONTEXT['verbs']})(?!\w))"
)
_TOPIC_BEFORE = re.compile(rf"(?<!\w)(?:{_CONTEXT['topic']})\s+$", re.IGNORECASE)
_ORDER = re.compile(rf"(?<!\w)(?:{_CONTEXT['orders']})(?!\w)")
_ANAPHORA = re.compile(rf"(?<!\w)(?:{_CONTEXT['anaphora']})(?!\w)", re.IGNORECASE)
_OBLIGED = re.compile(rf"\s+(?:{_CONTEXT['obliged']})(?!\w)")
_SOURCE = re.compile(rf"\W*(?:{_CONTEXT['source']})")
_PURPOSE = re.compile(rf"(?<!\w)(?:{_CONTEXT['purpose']})(?!\w)")
_PARTNERS = re.compile(rf"(?<!\w)(?:{_CONTEXT['partners']})(?!\w)")


def _opens_phrase(text: str, start: int, position: int) -> bool:
    """Whether `position` opens a phrase: the start of the range read, after a punctuation
    mark or a phrase opener (`_PHRASE_START`), or after the topic word (`đối với ...`)."""
    before = text[max(start, position - 24) : position]
    if not before.strip():
        return True
    return bool(_PHRASE_START.search(before) or _TOPIC_BEFORE.search(before))


def _context_subject(
    text: str, start: int, end: int, limit: int | None = None, first: bool = False
) -> _Mention | None:
    """The last (or `first`) subject opening a phrase in `text[start:end]` that no [[body]]
    entry names (`Bên cạnh đó, ngành Thanh tra cần ...`), ending by `limit` when given (the
    verb after it may stand beyond `limit`, not the subject)."""
    found = None
    for match in _CONTEXT_SUBJECT.finditer(text, start, end):
        if limit is not None and match.end(1) > limit:
            break
        if _opens_phrase(text, start, match.start(1)):
            found = match
            if first:
                break
    if found is None:
        return None
    return _Mention(found.start(1), found.end(1), found.group(1), "actor.context_subject")


def _directed(
    text: str, mentions: list[_Mention], subject: _Mention, pivot: int
) -> _Mention | None:
    """The one an order of `subject` directs, when the order stands between the subject and
    the marker (`Thủ tướng Chính phủ vừa chỉ đạo ngành nông nghiệp tới năm 2025 ... phải ...`):
    GUIDELINES, for a request the one asked acts. The body named right after the order verb,
    else a generic addressee (`ngành nông nghiệp`)."""
    order = _ORDER.search(text, subject.end, pivot)
    if order is None:
        return None
    if order.start() - subject.end > 12:
        return None  # not the subject's own verb (`Thủ tướng Chính phủ vừa chỉ đạo ...`)
    named, generic = _after_order(text, mentions, order.end())
    if named is not None:
        return (
            _Mention(named.start, named.end, named.label, "actor.directed")
            if named.public
            else None
        )
    if generic is None:
        return None
    return _Mention(generic.start(1), generic.end(1), generic.group(1), "actor.directed")


def _after_order(
    text: str, mentions: list[_Mention], end: int
) -> tuple[_Mention | None, re.Match[str] | None]:
    """Who an order verb ending at `end` is given to: the mention right after it (public or
    not: the caller decides), else the generic addressee there (`ngành nông nghiệp`, rules
    `[actors] addressee`) unless it points back (`các cơ quan trên`); (None, None) when neither."""
    for mention in mentions:
        if mention.start >= end and not text[end : mention.start].strip():
            return mention, None
    match = _rules().addressee.match(text, end)
    if match is None or _rules().anaphora.search(match.group(1)):
        return None, None
    return None, match


def _chair(text: str, before: list[_Mention]) -> list[_Mention]:
    """The subjects before the marker without the partners of a joint task (`Bộ GTVT chủ trì,
    phối hợp với các Bộ ..., UBND TP HCM ..., khẩn trương báo cáo`): the body named before
    `phối hợp với` chairs it and acts."""
    if len(before) < 2:
        return before
    for match in _PARTNERS.finditer(text, before[0].end, before[-1].start):
        leading = [m for m in before if m.end <= match.start()]
        if leading and leading[-1].public:
            return leading
    return before


def _asking(text: str, subjects: list[_Mention], start: int, end: int) -> _Mention | None:
    """The body asking, for a clause in the purpose of its request (`UBND TPHCM đề nghị Chính
    phủ bố trí đủ vốn ... nhằm đảm bảo tiến độ ..., đồng thời kịp đưa dự án vào khai thác vào
    năm 2020`): the aim is the asking body's own, not a task of the body asked."""
    purposes = list(_PURPOSE.finditer(text, start, end))
    if not purposes:
        return None
    order = _ORDER.search(text, start, purposes[-1].start())
    if order is None:
        return None
    asking = [m for m in subjects if start <= m.start and m.end <= order.start()]
    return asking[-1] if asking and asking[-1].public else None


def _imposer(
    text: str, mentions: list[_Mention], company: _Mention, zone_start: int
) -> _Mention | None:
    """The public body that puts an obligation on a company (`Bộ trưởng Bộ GTVT Trương Quang
    Nghĩa đã chốt ... tất cả 28 nhà đầu tư phải hoàn thành ...`): the last public subject named
    before the company in the sentence, when an obligation word follows the company's name."""
    if not _OBLIGED.match(text, company.end):
        return None
    before = [
        m
        for m in mentions
        if zone_start <= m.start
        and m.end <= company.start
        and m.public
        and _is_subject(text, m)
        and not m.opens
    ]
    return before[-1] if before else None


def _subject_acts(mentions: list[_Mention], marker: _Event | None, clause: Clause) -> bool:
    """Whether the subject before the clause's marker acts: always, but for a request
    (`Tổ công tác đề nghị Bộ giải trình ...`), whose subject asks and the one asked acts;
    unless the one asked is a company (`Tổ công tác kiến nghị Công ty X phải ...`), when the
    body asking imposes it (GUIDELINES)."""
    if marker is None or marker.entry is None or marker.entry.kind != "request":
        return True
    if marker.start < clause.start:
        return True
    return any(m.start == marker.end + 1 and not m.public for m in mentions)
