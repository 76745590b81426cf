"""Who acts when a clause names no one: the subject the paragraph's earlier sentences carry
on (`Ban soạn thảo đề án hiện đang rà soát ... . Trước mắt, sẽ rà soát ...`), the one asked
that an anaphoric subject points back to (`Các cơ quan trên xem xét ...`), and whether a clause
names a subject of its own, which no main-locality fallback may replace (`Dự án sẽ được triển
khai ...`). Read only for the rows no rule of `actors._actor` gives an actor to, or whose
subject points back (`[actor_context]` in rules/commitments.toml)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pipeline.extractors.commitments.actors import (
    _CONTEXT,
    _ORDER,
    _after_order,
    _context_subject,
    _subjects,
)
from pipeline.extractors.commitments.events import _Article, _Event
from pipeline.extractors.commitments.mentions import _Mention, _mentions
from pipeline.rules import load
from pipeline.text.clauses import Clause

_PREVIOUS_SENTENCES = int(_CONTEXT["previous_sentences"])
_THINGS = load("commitments")["actor_things"]
_THING_SUBJECT = re.compile(
    rf"(?:(?:{_THINGS['lead']})\s+)*(?:{_THINGS['heads']})(?!\w)", re.IGNORECASE
)
_CLAUSE_VERB = re.compile(rf"(?<!\w)(?:{_CONTEXT['clause_verbs']})(?!\w)", re.IGNORECASE)
_FRAME_WORDS = re.compile(rf"(?<!\w)(?:{_CONTEXT['frame_words']})(?!\w)|[\d\W_]+", re.IGNORECASE)


def _names_own_subject(text: str, clause: Clause, marker: _Event | None) -> bool:
    """Whether the clause's words before its marker name a subject of its own, which no body
    or place rule knows (`Dự án sẽ được triển khai trong vòng 30 tháng`, `Giai đoạn hai với
    1.000 căn hộ sẽ được bàn giao ...`): what is left once connectives, times and adverbs
    (`frame_words`) are taken out. A clause opening with its marker (`Phấn đấu đạt ...`, `Tới
    đây sẽ bàn giao ...`) or carried on from an earlier one names none."""
    if marker is None or not clause.start <= marker.start < clause.end:
        return False
    words = text[clause.start : marker.start]
    if marker.entry is not None and (marker.entry.kind == "deadline" or marker.entry.weak):
        # a deadline or a noun is no verb (`Giai đoạn hai với 1.000 căn hộ sẽ được bàn giao`,
        # `Mục tiêu của PCTI là ...`): the subject stands before the clause's first verb
        verb = _CLAUSE_VERB.search(text, marker.end, clause.end)
        words += " " + text[marker.end : verb.start() if verb else clause.end]
    return bool(_FRAME_WORDS.sub("", words).strip())


def _sentence_actor(
    text: str, mentions: list[_Mention], start: int, end: int
) -> tuple[_Mention | None, bool]:
    """Who acts in an earlier sentence, and whether one was named at all: the one its order
    asks (`UBND thành phố yêu cầu Sở Xây dựng phối hợp ...`), else its first subject (a body,
    an official's unit, `Ban soạn thảo đề án hiện đang ...`). A company, a person or a foreign
    state as that subject is named but no public actor (None, True)."""
    subjects = _subjects(text, mentions)
    for order in _ORDER.finditer(text, start, end):
        for mention in mentions:
            if mention.start >= order.end() and not text[order.end() : mention.start].strip():
                if mention.public:
                    return _Mention(
                        mention.start, mention.end, mention.label, "actor.previous"
                    ), True
                break
    lower = _context_subject(text, start, end)
    first = subjects[0] if subjects else None
    if lower is not None and (first is None or lower.start < first.start):
        return _Mention(lower.start, lower.end, lower.label, "actor.previous"), True
    if first is None:
        return None, False
    if not first.public:
        return None, True
    label = first.label
    if first.rule == "actor.official":  # `Bộ trưởng Bộ Y tế Nguyễn Thị Kim Tiến`: the body
        # written in the official's title here, whatever other posts the official holds
        titled = [m for m in mentions if m.public and 0 <= first.start - m.end <= 1]
        label = titled[-1].label if titled else label
    return _Mention(first.start, first.end, label, "actor.previous"), True


def _earlier_sentences(article: _Article, index: int) -> Iterator[tuple[int, int]]:
    """The spans of the body sentences before sentence `index` in its paragraph, nearest first,
    at most `previous_sentences` of them: how far back a clause naming no one is read."""
    sentences = article.doc.spans["sentences"]
    paragraph = sentences[index].kb_id_
    for back in range(1, min(_PREVIOUS_SENTENCES, index) + 1):
        sentence = sentences[index - back]
        if sentence.kb_id_ != paragraph or sentence.label_ != "body":
            return
        yield sentence.start_char, sentence.end_char


def _previous_actor(article: _Article, index: int, officials: Sequence = ()) -> _Mention | None:
    """The actor of the sentences before sentence `index` in its paragraph, nearest first (at
    most `previous_sentences`), for a clause that names none (`Ban soạn thảo đề án hiện đang
    rà soát ... . Trước mắt, sẽ rà soát ...`, `Bộ trưởng [Bộ Y tế] cho biết ... . Tới đây sẽ
    bàn giao cho tỉnh Lào Cai 7 bác sĩ`): the subject the story carries on, not the article's
    main locality. None when no earlier sentence names one, or the nearest names a company."""
    for start, end in _earlier_sentences(article, index):
        mentions = _mentions(article, start, end, officials)
        found, named = _sentence_actor(article.text, mentions, start, end)
        if named:
            return found
    return None


def _previous_addressee(article: _Article, index: int, officials: Sequence = ()) -> _Mention | None:
    """The one asked by the last order in the sentences before sentence `index` in its
    paragraph (`yêu cầu các bộ, cơ quan ngang bộ, ...`), which an anaphoric subject (`Các cơ
    quan trên xem xét ...`) points back to."""
    text = article.text
    for start, end in _earlier_sentences(article, index):
        orders = list(_ORDER.finditer(text, start, end))
        if not orders:
            continue
        mentions = _mentions(article, start, end, officials)
        for order in reversed(orders):
            named, generic = _after_order(text, mentions, order.end())
            if named is not None:
                return named if named.public else None
            if generic is not None:
                return _Mention(
                    generic.start(1), generic.end(1), generic.group(1), "actor.anaphora"
                )
    return None


def _thing_subject(text: str, clause: Clause, marker: _Event | None, opening: int) -> bool:
    """Whether the clause opens, after its connectives and times (`frame_words`), with a
    project, a work or a machine as its subject (`Bến xe Miền Tây cũng sẽ được hoàn thành
    ...`, `Sau đó máy khoan đào TBM sẽ ...`; `[actor_things]`): a schedule, which names no one
    who carries it out. A clause opening with its marker (`..., dự kiến đến ga X trong tháng
    6/2018`) has the subject of its sentence, read from `opening`."""
    if marker is None or not clause.start <= marker.start < clause.end:
        return False
    position = _after_frame(text, clause.start, marker.start)
    if position == marker.start and opening < clause.start:
        position = _after_frame(text, opening, clause.start)
    return _THING_SUBJECT.match(text, position, marker.start) is not None


def _after_frame(text: str, start: int, end: int) -> int:
    """Where the words of `text[start:end]` begin once its connectives and times are skipped."""
    position = start
    while (frame := _FRAME_WORDS.match(text, position, end)) and frame.end() > position:
        position = frame.end()
    return position


def _named_before(article: _Article, index: int, officials: Sequence = ()) -> bool:
    """Whether one of the sentences before sentence `index` in its paragraph (at most
    `previous_sentences`) names who acts (a body, an official, an order's addressee, or a
    company): the paragraph's last actor is still the story's subject there."""
    return any(
        _sentence_actor(article.text, _mentions(article, start, end, officials), start, end)[1]
        for start, end in _earlier_sentences(article, index)
    )
