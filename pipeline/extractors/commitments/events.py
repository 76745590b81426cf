"""Events found in a sentence: markers, past markers, forecasts and anchors, and deadlines."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from pipeline.era import doc_era, written_date
from pipeline.extractors.commitments.rules import (
    _DIGIT,
    _FIGURE_ENTRY,
    _FULL_DATE,
    _NEGATION,
    _NGAY_TAIL,
    _NOTHING,
    _TIME_UNITS,
    _WORDS,
    _YEAR,
    _YEAR_RE,
    _Entry,
    _rules,
)
from pipeline.extractors.commitments.scan import _lower
from pipeline.text.clauses import DEADLINE, DURATION, FIGURE, STATUS, Anchor, Clause

if TYPE_CHECKING:
    from pipeline.extractors.context import ArticleContext
    from pipeline.extractors.locality_rules import LocalityMention

log = logging.getLogger(__name__)


def _rules_toml() -> dict:
    from pipeline.rules import load

    return load("commitments")


@dataclass(frozen=True)
class _Event:
    """A marker, past marker, forecast or anchor at absolute offsets, in reading order."""

    start: int
    end: int
    kind: str  # marker | past | forecast | anchor
    entry: _Entry | None = None
    anchor: Anchor | None = None
    year: int | None = None
    period: tuple[int, int] | None = None
    value: Decimal | None = None  # figures and durations
    unit: str = ""  # figures and durations


@dataclass
class _Deadline:
    start: int
    end: int
    year: int | None
    period: tuple[int, int] | None
    rule: str
    kind: str  # deadline | period | bare | date
    marker: bool
    head: bool = False


@dataclass
class _Target:
    clause: Clause
    anchors: list[_Event] = field(default_factory=list)
    marker: _Event | None = None
    rules: list[str] = field(default_factory=list)
    #: A clause under a marker of the future with nothing concrete the rules recognise
    #: (`sẽ công bố kết luận thanh tra`): a candidate only the learned decision may keep.
    bare: bool = False


@dataclass(eq=False)
class _Article:
    """One article as the commitments rules read it: the Doc, the shared `ArticleContext`
    (text, locality mentions), and what the rules derive from them once per article.

    Why an object and not `doc.user_data`: the derived values (the article's year, its latest
    dated year, its ministries, its main locality) are declared here, computed on first use
    and kept on this object, which lives for one `find_candidates` call; no other extractor
    sees or shares them."""

    doc: Doc
    context: ArticleContext

    @property
    def text(self) -> str:
        """The Doc text (`ArticleContext.text`, built once)."""
        return self.context.text

    @property
    def mentions(self) -> Sequence[LocalityMention]:
        """The article's locality mentions (`ArticleContext.locality_mentions`)."""
        return self.context.locality_mentions

    @cached_property
    def doc_year(self) -> int | None:
        """See `_doc_year`."""
        return _doc_year(str(self.doc._.published_at or ""), self.text)

    @cached_property
    def passed_before(self) -> int | None:
        """The year before which a deadline has passed: `doc_year`, and for an article with
        no `published_at` also the year the text reports (`era.written_date`: its latest full
        date, else its most frequent plain year when it is never written as a time of due and
        not later than the era's reading day), whichever is later. An undated story that
        tells `trước năm 1975, ...` or `tăng ... so với năm 2014` reports them; read only when
        a row has a deadline, so it costs nothing in most articles."""
        published = str(self.doc._.published_at or "")
        if re.search(_YEAR, published):
            return self.doc_year
        era = doc_era(self.doc)
        latest, plain = era.written if era.written is not None else written_date(self.text)
        if latest is not None:
            written: int | None = latest.year
        elif plain is not None and plain <= era.on.year:
            # A plain year never written as a time of due (`lùi sang năm 2020`), and none
            # later than the day the era reads the article at (`và năm 2030 là 6 tỷ USD`).
            written = _text_year(self.text, among=plain)
        else:
            written = None
        years = [y for y in (self.doc_year, written) if y is not None]
        return max(years) if years else None

    @cached_property
    def names_public_body(self) -> bool:
        """Whether the text names a public body (`[[body]]` entries, the country aside): a
        story of a club, a singer or a court case that names none has no plan of its main
        locality, which it names only as where things happen. Read only when a row would fall
        back to the main locality. The police, a court or a prosecutor (`justice_bodies`) does not
        count: a crime story that names only them states no plan of the place it happens in."""
        return any(
            not _JUSTICE.match(m.group(0))
            for entry in _rules().bodies
            if not entry.opens
            for m in entry.regex.finditer(self.text)
        )

    @cached_property
    def latest_dated(self) -> int | None:
        """See `_latest_dated`."""
        return _latest_dated(self.text)

    @cached_property
    def ministries(self) -> list[tuple[int, str]]:
        """(start, label) of each `Bộ X` the article names (`mentions._ministries`)."""
        from pipeline.extractors.commitments.mentions import _ministries

        return _ministries(self.text)

    @cached_property
    def main_locality_paragraphs(self) -> frozenset[str]:
        """The paragraphs (`kb_id_`) that name the main locality or a place in it (`bán đảo Sơn
        Trà` in `thành phố Đà Nẵng`), and the lead: a row falls back to the main locality only
        in one of them. A story naming the city once, in passing (a court case, a teacher, a
        concert), states no plan of the city in its other paragraphs."""
        main = self.main_locality
        if main is None:
            return frozenset()
        sentences = [(s.start_char, s.end_char, s.kb_id_) for s in self.doc.spans["sentences"]]
        starts = [start for start, _, _ in sentences]
        # The lead sums the story up (`Từ nay đến 30-8 sẽ tạm dừng ...`); its place is named
        # in the paragraphs after it.
        found = {next((s.kb_id_ for s in self.doc.spans["sentences"] if s.label_ == "body"), "")}
        for mention in self.mentions:
            if main not in (mention.label, mention.parent):  # a place in it counts too
                continue
            at = bisect_right(starts, mention.start) - 1
            if at >= 0 and mention.start < sentences[at][1]:
                found.add(sentences[at][2])
        return frozenset(found)

    @cached_property
    def foreign_story(self) -> bool:
        """Whether the article is news of abroad: it names foreign states (`na.foreign`) many
        times more often than Vietnamese places and the country (`foreign_story_ratio`; a
        Vietnamese project with a foreign contractor, a bilateral visit name both). There a
        court, a parliament or a government named by itself (`Tòa án Hiến pháp sẽ ...`,
        `Chính phủ của ông Abe`) is the foreign state's, whose plans are no commitments
        (GUIDELINES). Read only when a row's actor is such a body."""
        foreign = next(e for e in _rules().not_actors if e.id == "na.foreign")
        country = next(e for e in _rules().bodies if e.opens)
        text = self.text
        abroad = sum(1 for m in foreign.regex.finditer(text) if _names_a_state(text, m.start()))
        home = len(self.mentions) + sum(1 for _ in country.regex.finditer(self.text))
        return abroad > _WORDS["foreign_story_ratio"] * home

    @cached_property
    def main_locality(self) -> str | None:
        """The locality the article is about (`actors._main_locality`)."""
        from pipeline.extractors.commitments.actors import _main_locality

        return _main_locality(self.mentions)


_NAME_BEFORE = re.compile(r"(?<!\w)[^\W\d_][^\W_]*\s+$")
_NOT_STATE_BEFORE = re.compile(rf"(?<!\w)(?:{_WORDS['foreign_not_state']})\s+$", re.IGNORECASE)


def _names_a_state(text: str, start: int) -> bool:
    """Whether a foreign state's name at `start` names the state: not when it ends a personal
    name (`Nguyễn Văn Đức`, `Lê Thị Nga`, `Tuấn Anh`: a capitalised word right before it) or
    follows a currency word (`đô la Mỹ`, `foreign_not_state`). A home story that quotes a
    minister named Đức is no news of abroad."""
    before = text[max(0, start - 20) : start]
    word = _NAME_BEFORE.search(before)
    if word is not None and word.group(0)[0].isupper():
        return False
    return not _NOT_STATE_BEFORE.search(before)


def _doc_year(published: str, text: str) -> int | None:
    """The article's year: from `published_at` (as written), else the later of the latest
    full date the text reports and the year it reports most often; None when it names no year
    of report."""
    match = re.search(_YEAR, published)
    if match:
        return int(match.group(0))
    years = [y for y in (_dated_year(text), _text_year(text)) if y is not None]
    return max(years) if years else None


#: Bodies of justice and the police, named in crime and court stories (`justice_bodies`).
_JUSTICE = re.compile(rf"(?:{_WORDS['justice_bodies']})(?!\w)")
_DUE_BEFORE_DATE = frozenset(_WORDS["due_before_date"])


def _dated_year(text: str) -> int | None:
    """The latest full date (`ngày 15/5/2017`) the text reports, not one of due."""
    # Dates of due (`đến 30/9/2017`) may lie ahead; a document's date (`Nghị quyết số
    # 916/NQ-UBTVQH13 ngày 05/05/2015`) may be old: neither says when the article was written.
    years = []
    for match in _FULL_DATE.finditer(text):
        before = _NGAY_TAIL.sub("", text[max(0, match.start() - 40) : match.start()])
        word = before.split()[-1].lower() if before.split() else ""
        if word not in _DUE_BEFORE_DATE and "/" not in word:
            years.append(int(match.group(1)))
    return max(years) if years else None


# (`rules._YEAR_RE` says why the look-behinds stand after the first digit.)
_MONTH_DATE = re.compile(r"\d(?<![\w/.]\d)(?:\d?[/.-]\d)?\d?[/.-]((?:19|20)\d\d)(?![\w/])")


def _latest_dated(text: str) -> int | None:
    """The latest year written with its month (`tháng 4/2016`, `15/5/2017`).

    Such dates lie close to when the article was written, due dates included (`trước
    30/6/2017`); plans years ahead are written as bare years (`đến năm 2030`). A period that
    ended before it, marked by nothing but its own years (`Từ năm 2001 đến năm 2006, ông X là
    ...`), is history, not a target."""
    years = [int(m.group(1)) for m in _MONTH_DATE.finditer(text)]
    return max(years) if years else None


_YEAR_MENTION = re.compile(r"((?:19|20)(?<!\w\d\d)\d\d)(?!\w)")
_DOCUMENT_NUMBER = re.compile(r"\d+/$")
_PERIOD_AFTER = re.compile(r"^\s*[-–]\s*(?:19|20)\d\d")
_PERIOD_BEFORE = re.compile(r"(?:19|20)\d\d\s*[-–]\s*$")


def _text_year(text: str, among: int | None = None) -> int | None:
    """The year of report most often written in `text` (rules/commitments.toml, [doc_year]).

    A year written anywhere as a time of due, a period's bound or a birth year is left out
    everywhere (`Năm 2030 sẽ có ...` after `đến năm 2030`), and so are document numbers: too
    late a year would drop the article's real targets as past, so a year must be written twice
    and a tie goes to the earlier year. With `among` (a year another reading found), that
    year is returned when it is written at least once and never as a time of due."""
    due, skip = _year_words()
    counts: dict[int, int] = {}
    banned: set[int] = set()  # a year written anywhere as a time of due is a target's year
    for match in _YEAR_MENTION.finditer(text):
        year = int(match.group(1))
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 8]
        if after.startswith("/"):
            continue  # a document number (`26/2016/QH14`)
        if _PERIOD_AFTER.match(after) or _PERIOD_BEFORE.search(before):
            banned.add(year)  # a period (`2016-2020`)
            continue
        words = re.sub(r"[\d/.\-]+\s*$", "", before).split()
        while words and words[-1].strip(",").lower() in skip:
            words.pop()
        last = " ".join(words[-2:]).lower()
        if words and (words[-1].lower() in due or last in due):
            banned.add(year)
            continue
        counts[year] = counts.get(year, 0) + 1
    if among is not None:
        return among if among in counts and among not in banned else None
    counts = {y: n for y, n in counts.items() if y not in banned and n >= 2}
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], -y))


@cache
def _year_words() -> tuple[frozenset[str], frozenset[str]]:
    """The due and skipped words of `[doc_year]`, lower-cased."""
    section = _rules_toml()["doc_year"]
    return (
        frozenset(w.lower() for w in section["due"]),
        frozenset(w.lower() for w in section["skip"]),
    )


def _may_match(low: str | None, words: tuple[str, ...] | None) -> bool:
    """Whether a rule needing one of `words` can match a text whose lower case is `low`
    (always, when either is unknown)."""
    return low is None or words is None or any(word in low for word in words)


def _deadlines(text: str, base: int, low: str | None = None) -> list[_Deadline]:
    """Deadlines, periods and dates in `text`, the first rule winning at each place (a rule
    whose words `low`, the lower-cased text, lacks cannot match and is skipped)."""
    rules = _rules()
    found: list[_Deadline] = []
    taken: list[tuple[int, int]] = []
    # `_may_match(low, words)` for every rule at once: the rules whose words occur in `low`
    possible = rules.deadline_words.payloads(low) if low is not None else None
    for index, (entry, words) in enumerate(rules.deadlines):
        if possible is not None and words is not None and index not in possible:
            continue
        for match in entry.regex.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            kind = entry.kind
            if kind == "exclude":
                continue
            groups = match.groupdict()
            end_year = int(groups["end"]) if groups.get("end") else None
            marker = entry.marker and (groups.get("word") or "").lower() != _WORDS["term_of_office"]
            period = None
            if kind == "period":
                start_year = int(groups["start"])
                if not (0 < (end_year or 0) - start_year <= 30):
                    continue
                period = (start_year, end_year)
            found.append(
                _Deadline(
                    base + match.start(),
                    base + match.end(),
                    end_year,
                    period,
                    entry.id,
                    kind,
                    marker,
                    entry.head,
                )
            )
    found.sort(key=lambda d: d.start)
    return found


def _number(word: str) -> Decimal | None:
    """The value of a duration's number: digits, a number word, or a fraction (`1/3`)."""
    numbers = _rules().numbers
    if word.lower() in numbers:
        return Decimal(numbers[word.lower()])
    try:
        if "/" in word:
            top, bottom = word.split("/")
            return (Decimal(top) / Decimal(bottom)).quantize(Decimal("0.0001"))
        return Decimal(word.replace(",", "."))
    except (ArithmeticError, ValueError):
        return None


_OCCASIONS: dict = _rules_toml()["occasions"]
_OCCASION_UNITS = frozenset(_OCCASIONS["units"])
_RATIO_BEFORE = re.compile(
    rf"(?<!\w)(?:{_OCCASIONS['ratio_before']})\s+(?:\S+\s+)?$", re.IGNORECASE
)


_PARTIES: dict = _rules_toml()["parties"]
_PARTY_UNITS = frozenset(_PARTIES["units"])
_PARTY_COUNT = re.compile(rf"(?:{_PARTIES['count']})\s", re.IGNORECASE)


def _parties(text: str, unit: str, at: int) -> bool:
    """Whether a figure counts the two parties of a meeting (`Hai nhà lãnh đạo sẽ tăng cường
    hợp tác`, `kết nối hai nền kinh tế`): a rhetorical count (GUIDELINES), so no anchor that
    makes a vague bilateral intention concrete (`[parties]` in commitments.toml)."""
    return unit in _PARTY_UNITS and _PARTY_COUNT.match(text, at) is not None


def _occasions(text: str, unit: str, at: int) -> bool:
    """Whether a figure counts occasions (`10 lần`), which says how often something happened
    and is no target, unlike a ratio (`tăng gấp 2 lần`) (`[occasions]` in commitments.toml)."""
    if unit not in _OCCASION_UNITS:
        return False
    return not _RATIO_BEFORE.search(text[max(0, at - 20) : at])


def _events(
    article: _Article,
    start: int,
    end: int,
    figures: Sequence,
    doc_year: int | None,
    force: bool = False,
) -> tuple[list[_Event], list[_Deadline]]:
    """Every marker and anchor in the document text `[start:end]`, sorted by position.

    With `force`, the anchors are read even when the sentence has no marker of its own (it
    continues a request made in the sentence before)."""
    rules = _rules()
    text = article.text[start:end]
    low = _lower(text)
    events = [
        _Event(start + m.start(), start + m.end(), "marker", entry)
        for m, entry in rules.futures.finditer(text, low)
    ]
    # Four sentences in five have no marker of the future: stop there, cheaply.
    if not events and not force and not _YEAR_RE.search(text):
        return [], []
    deadlines = _deadlines(text, start, low) if _DIGIT.search(text) else []
    if not events and not force and not any(d.marker for d in deadlines):
        return [], deadlines
    for m, entry in rules.moods.finditer(text, low):
        events.append(_Event(start + m.start(), start + m.end(), entry.kind, entry))
    for m, entry in rules.statuses.finditer(text, low):
        a = Anchor(start + m.start(), start + m.end(), STATUS)
        events.append(_Event(a.start, a.end, "anchor", entry, a))
    for d in deadlines:
        modality = _WORDS["period_modality" if d.kind == "period" else "year_modality"]
        entry = _Entry(d.rule, _NOTHING, modality=modality, kind="deadline", head=d.head, weak=True)
        a = Anchor(d.start, d.end, DEADLINE)
        if d.marker:
            passed = d.year is not None and doc_year is not None and d.year < doc_year
            events.append(_Event(d.start, d.end, "past" if passed else "marker", entry))
        if _past_date(article, d, doc_year):
            continue
        events.append(_Event(d.start, d.end, "anchor", entry, a, d.year, d.period))
    figure_spans = []
    for f in figures:
        if start <= f.start and f.end <= end:
            if _occasions(article.text, f.unit, f.start) or _parties(article.text, f.unit, f.start):
                continue
            a = Anchor(f.start, f.end, FIGURE)
            figure_spans.append((f.start, f.end))
            entry = _FIGURE_ENTRY
            value = Decimal(str(f.value))
            events.append(_Event(f.start, f.end, "anchor", entry, a, value=value, unit=f.unit))
    # A noun marker counted by a figure (`4 chỉ tiêu kim loại nặng đều nằm trong giới hạn`,
    # `3 kế hoạch`) names things, it does not set a target.
    events = [
        e
        for e in events
        if not (
            e.kind == "marker"
            and e.entry.weak
            and e.entry.kind != "deadline"
            and any(fs < e.start and e.end <= fe for fs, fe in figure_spans)
        )
    ]
    for entry, words in rules.durations:
        if not _may_match(low, words):
            continue
        for m in entry.regex.finditer(text):
            s, e = start + m.start(), start + m.end()
            if any(fs < e and s < fe for fs, fe in figure_spans):
                continue
            # A relative time (`trong tuần này`, `ngày mai`) has no number: concrete, no value
            number = m.groupdict().get("n")
            value = _number(number) if number else None
            a = Anchor(s, e, DURATION)
            unit = next((w for w in m.group(0).split() if w in _TIME_UNITS), "")
            events.append(_Event(s, e, "anchor", entry, a, value=value, unit=unit))
    # A marker word inside a deadline phrase or a status (`kế hoạch năm 2017`) stays a marker;
    # past markers inside an anchor (`đạt được` in a status) do not count, and neither do
    # markers inside a past phrase (`so với kế hoạch`, `được giao`).
    anchors = [(e.start, e.end) for e in events if e.kind == "anchor"]
    full = article.text
    events = [  # `chưa được giao`, `không đạt được`: a negated past is no report
        e
        for e in events
        if e.kind != "past" or not _NEGATION.search(full[max(0, e.start - 6) : e.start])
    ]
    moods = [(e.start, e.end) for e in events if e.kind in ("past", "forecast")]
    # A marker phrase that holds a past or forecast word (`Quốc hội đã cho phép sử dụng ...
    # giai đoạn 2017-2020`, `UBND mong muốn được tiếp nhận ...`) says what the words mean there.
    phrases = [
        (e.start, e.end) for e in events if e.kind == "marker" and e.entry.kind != "deadline"
    ]
    events = [
        e
        for e in events
        if not (
            e.kind in ("past", "forecast")
            and e.entry.kind != "deadline"
            and any(s <= e.start and e.end <= t for s, t in anchors)
        )
        and not (
            e.kind in ("past", "forecast")
            and e.entry.kind != "deadline"
            and any(s <= e.start and e.end <= t and t - s > e.end - e.start for s, t in phrases)
        )
        and not (
            e.kind == "marker"
            and e.entry.kind != "deadline"
            and any(s <= e.start and e.end <= t and t - s > e.end - e.start for s, t in moods)
        )
    ]
    order = {"marker": 0, "past": 0, "forecast": 0, "anchor": 1}
    events.sort(key=lambda e: (e.start, order[e.kind], -(e.end - e.start)))
    return events, deadlines


def _past_date(article: _Article, deadline: _Deadline, doc_year: int | None) -> bool:
    """Whether a bare year that marks nothing lies before the article's year (its `doc_year`,
    else the latest year the text dates with a month): the date of a past fact (`cho phép sử
    dụng bản đồ địa chính đo vẽ năm 1995`, `Hội nghị Trung ương lần thứ 8 năm 1941` in a
    biography) makes no clause concrete, so it is no anchor (issue 14, decisions with nothing
    to achieve and history). `_own_deadline` never takes such a year as a deadline either."""
    if deadline.kind != "bare" or deadline.marker or deadline.year is None:
        return False
    floor = doc_year if doc_year is not None else article.latest_dated
    return floor is not None and deadline.year < floor


def _in(event: _Event, clause: Clause) -> bool:
    return clause.start <= event.start and event.end <= clause.end
