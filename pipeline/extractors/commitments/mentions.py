"""What a stretch of the article names as a possible actor: bodies, localities, bare type
words (`huyện`, a bare `Bộ`), officials' units and words that name no public body.

`actors` decides which of these mentions acts; this module only finds them, at absolute
offsets, once per span read, and says whether one stands as a subject (`_is_subject`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extractors.commitments.events import _Article
from pipeline.extractors.commitments.rules import _TYPE_ALIASES, _WORDS, _Entry, _rules
from pipeline.extractors.locality_rules import LocalityMention


@dataclass
class _Mention:
    """A possible actor: a body or a locality, at absolute offsets, with its label."""

    start: int
    end: int
    label: str
    rule: str
    public: bool = True
    bare: bool = False  # a bare type word (`huyện`) or the country (`Việt Nam`): a subject
    # only where it opens a phrase
    opens: bool = False  # the country (`Việt Nam`): not even a fallback actor inside a phrase


def _resolve_type(article: _Article, type_word: str, position: int) -> str | None:
    """The locality a bare `huyện`/`quận`/`tỉnh` at `position` stands for, as `<type> <name>`.

    The nearest one of that type named before it, else after it, else the parent of a named
    unit (`huyện Quỳnh Lưu` → its `tỉnh Nghệ An`, when the localities table knows the parent).
    """
    wanted = _TYPE_ALIASES.get(type_word.lower().rstrip("."), type_word.lower())
    mentions = article.mentions
    typed = [m for m in mentions if m.type == wanted]
    before = [m for m in typed if m.end <= position]
    if before:
        return before[-1].label
    after = [m for m in typed if m.start >= position]
    if after:
        return after[0].label
    parents = [m.parent for m in mentions if m.parent and m.parent.startswith(wanted + " ")]
    return parents[0] if parents else None


def _attached(
    article: _Article,
    text: str,
    entry: _Entry,
    head: str,
    end: int,
    by_start: dict[int, LocalityMention],
) -> tuple[str, int] | None:
    """The body's label and end once the locality written after its head is attached."""
    rules = _rules()
    position = end
    while position < len(text) and text[position] == " ":
        position += 1
    implied = rules.implied_type.get(head)
    mention = by_start.get(position)
    if mention is not None:
        name = mention.name if implied else mention.label
        return f"{head} {name}", mention.end
    type_match = rules.type_word.match(text, position)
    if type_match:
        resolved = _resolve_type(article, type_match.group(1), position)
        if resolved:
            return f"{head} {resolved}", type_match.end()
    if implied:
        resolved = _resolve_type(article, implied, position)
        if resolved:
            return f"{head} {resolved.split(' ', len(implied.split()))[-1]}", end
    return (head, end) if entry.alone else None


def _mentions(article: _Article, start: int, end: int, officials: Sequence = ()) -> list[_Mention]:
    """Bodies, localities and bare type words in the document text `[start:end]`, in order."""
    rules = _rules()
    text = article.text
    found: list[_Mention] = []
    locs = [m for m in article.mentions if start <= m.start and m.end <= end]
    by_start = {m.start: m for m in locs}
    names = [o.name for o in officials if getattr(o, "name", "")]
    officials = [o for o in officials if getattr(o, "name", "")]
    for entry in rules.bodies:
        for m in entry.regex.finditer(text, start, end):
            label, stop = m.group(0), m.end()
            for name in names:  # `Sở GTVT Bùi Xuân Cường`: the person is not part of the body
                cut = label.find(" " + name)
                if cut > 0:
                    label, stop = label[:cut], m.start() + cut
            if entry.attach:
                attached = _attached(article, text, entry, label, stop, by_start)
                if attached is None:
                    continue
                label, stop = attached
            found.append(
                _Mention(
                    m.start(),
                    stop,
                    _abbreviate(label),
                    entry.id,
                    bare=entry.opens,
                    opens=entry.opens,
                )
            )
    for loc in locs:
        found.append(_Mention(loc.start, loc.end, loc.label, f"loc.{loc.rule}"))
    for m in rules.bare_type.finditer(text, start, end):
        resolved = _resolve_type(article, m.group(1), m.start())
        if resolved:
            found.append(_Mention(m.start(), m.end(), resolved, "actor.bare_type", bare=True))
    for m in _BARE_MINISTRY.finditer(text, start, end):
        named = _last_ministry(article, m.start())
        if named:
            found.append(_Mention(m.start(), m.end(), named, "actor.bare_ministry", bare=True))
    for official in officials:  # `đồng chí Đỗ Đức Duy sẽ ...`: the official's unit acts
        name = getattr(official, "name", "")
        label = getattr(official, "locality", None) or getattr(official, "organization", "")
        if not name or not label:
            continue
        for m in re.finditer(re.escape(name), text[start:end]):
            found.append(_Mention(start + m.start(), start + m.end(), label, "actor.official"))
    for entry in rules.not_actors:
        if entry.id == "na.speaker" and officials:
            continue  # `Tôi xin hứa sẽ ...` in an article about officials: one of them speaks
        for m in entry.regex.finditer(text, start, end):
            found.append(_Mention(m.start(), m.end(), m.group(0), entry.id, False))
    # Keep the longest of overlapping mentions (a body containing its locality wins).
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


_COUNCILS = tuple(
    (re.compile(council["pattern"], re.IGNORECASE), council["short"])
    for council in _WORDS["councils"]
)


def _abbreviate(label: str) -> str:
    """`Hội đồng Nhân dân thành phố Hà Nội` → `HĐND thành phố Hà Nội`: one spelling per body,
    the one analysts (and the gold) use."""
    for pattern, short in _COUNCILS:
        label = pattern.sub(short, label)
    return label


_PHRASE_START = re.compile(rf"(?:^|[,;:.!“\"(]|\s(?:{_WORDS['phrase_openers']}))\s*$")


#: A bare `Bộ` as a subject (`Tuy nhiên, Bộ sẽ ...`, `Bộ chỉ được ...`): the ministry named last.
_BARE_MINISTRY = re.compile(
    rf"(?<!\w)(?<!\w\s){_WORDS['ministry']}(?=\s+(?:{_WORDS['bare_ministry_verbs']})(?!\w))"
)


def _ministries(text: str) -> list[tuple[int, str]]:
    """(start, label) of each `Bộ X` the article names (`Bộ Giao thông Vận tải`), found once
    per article (`_Article.ministries`)."""
    department = next(e for e in _rules().bodies if e.id == "body.department")
    return [
        (m.start(), m.group(0))
        for m in department.regex.finditer(text)
        if m.group(0).startswith(_WORDS["ministry"] + " ")
    ]


def _last_ministry(article: _Article, position: int) -> str | None:
    """The last `Bộ X` named before `position` in the article."""
    before = [label for start, label in article.ministries if start < position]
    return before[-1] if before else None


#: A place written right after a dash is the end of a route's name (`đoạn Cần Thơ-Thành phố
#: Hồ Chí Minh`, `cao tốc Hà Nội - Hải Phòng`), not a subject.
_AFTER_DASH = re.compile(r"\w\s?[-–]\s?$")
#: A place in brackets says where a thing is (`nút giao Nguyễn Kiệm (Q.Gò Vấp) sẽ ...`).
_IN_BRACKETS = re.compile(r"\(\s*$")


def _is_subject(text: str, mention: _Mention) -> bool:
    """Not after a preposition (`tại quận X`), a person's title (`Bí thư Thành ủy`) or an
    opening bracket (`nút giao Nguyễn Kiệm (Q.Gò Vấp) sẽ ...` says where); a bare
    type word only where it opens a phrase (`nhiệm kỳ mới, huyện sẽ ...`), not inside one
    (`dẫn đầu thành phố về giáo dục`)."""
    rules = _rules()
    before = text[max(0, mention.start - 24) : mention.start]
    if mention.bare and not _PHRASE_START.search(before):
        return False
    if _AFTER_DASH.search(before) or _IN_BRACKETS.search(before):
        return False
    if _in_open_bracket(text, mention.start):
        return False
    return not rules.preposition.search(before) and not rules.title.search(before)


#: How far back an opening bracket is looked for (`(quận 1, 3, 10, 12, Tân Bình, Tân Phú)`).
_BRACKET_REACH = 160


def _in_open_bracket(text: str, position: int) -> bool:
    """Whether `position` stands inside a bracket opened before it and not yet closed: a list
    or an aside there says where or which (`các quận huyện nơi dự án đi qua (quận 1, 3, Tân
    Bình, Tân Phú) đã ban hành ...`, `gói thầu CP2 (... đến địa bàn tỉnh Bình Dương)`); the
    body named before the bracket is the subject, not the last place inside it."""
    before = text[max(0, position - _BRACKET_REACH) : position]
    opened = before.rfind("(")
    return opened >= 0 and ")" not in before[opened:]
