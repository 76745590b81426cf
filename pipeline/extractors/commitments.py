"""Extractor for the `commitments` table: one row per concrete target a public body commits to.

How a row is made (GUIDELINES.md, "commitments"):

1. Each body sentence is checked against the vetoes (questions, hypotheticals, critics).
2. A reporting frame (`Bí thư Quận ủy ... cho biết,`) is set aside: it names the official and
   may name the actor, but it is not part of the evidence.
3. The rest is split into clauses (`pipeline.text.clauses`), cut where a new target opens, so
   that each target keeps its own deadline and figures.
4. Walking each clause left to right, markers set a *mood*: a marker of the future or of
   obligation (`phấn đấu`, `sẽ`, `dự kiến`, `yêu cầu`, `đến năm 2025` ...) makes the anchors that
   follow it targets; a past marker (`đã`, `vừa`) or a forecast (`dự báo`) makes them reports.
   Anchors before any marker wait for the next one (`Rạch ... dài 4 km sẽ được khơi thông`).
   The mood carries on into the next clause of the sentence (`sẽ sử dụng hơn 4.000 ha ...;
   hơn 1.755 ha ...`), and so does a deadline that heads the sentence (`Trong năm 2017, ...`).
5. A clause with at least one target anchor (a figure, a deadline or period, a duration, a
   target status) becomes a row: its figures are the values, its deadline (or the inherited
   one) the deadline, the body or locality acting on it the actor.
6. Rows whose deadline passed before the article's year, whose subject is a company or a
   foreign state, or that an optional clause classifier (`pipeline.commitments_model`) scores
   as not a commitment, are dropped.

All vocabulary lives in `rules/commitments.toml`; every row's `rule` lists the ids that fired.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from spacy.tokens import Doc

from pipeline.extractors.localities import LocalityMention, locality_mentions
from pipeline.rules import load
from pipeline.sectors import sector_of
from pipeline.tables import CommitmentRow
from pipeline.text.clauses import DEADLINE, DURATION, FIGURE, STATUS, Anchor, Clause, split_clauses

log = logging.getLogger(__name__)

_DIGIT = re.compile(r"\d")
_NOTHING = re.compile("")
_TYPE_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "quận", "huyện", "phường", "xã")
_TYPE_ALIASES = {"tp": "thành phố", "tp.": "thành phố"}
_YEAR = r"(?:19|20)\d\d"
_KEY_WORDS = 10


# ---------------------------------------------------------------------------------------------
# Compiled rules


def _bounded(pattern: str) -> str:
    """Wrap a pattern so that it matches whole words only."""
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def _upper_class() -> str:
    """A character class of the capital letters of Vietnamese (Latin with diacritics)."""
    chars = [chr(c) for c in range(0x41, 0x1EFF) if chr(c).isalpha() and chr(c).isupper()]
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@dataclass(frozen=True)
class _Entry:
    id: str
    regex: re.Pattern[str]
    modality: str = ""
    kind: str = ""
    needs: str = ""
    marker: bool = False
    back: bool = False
    head: bool = False


@dataclass(frozen=True)
class _Rules:
    markers: tuple[_Entry, ...]
    moods: _Group  # markers, past markers and forecasts
    vetoes: tuple[_Entry, ...]
    statuses: _Group
    deadlines: tuple[_Entry, ...]
    durations: tuple[_Entry, ...]
    bodies: tuple[_Entry, ...]
    not_actors: tuple[_Entry, ...]
    reporting: tuple[_Entry, ...]
    numbers: dict[str, int]
    bare_type: re.Pattern[str]
    preposition: re.Pattern[str]


def _entries(rules: dict, section: str, substitutions: Mapping[str, str] | None = None) -> tuple:
    out = []
    for entry in rules.get(section, []):
        pattern = entry["pattern"]
        for placeholder, value in (substitutions or {}).items():
            pattern = pattern.replace(placeholder, value)
        flags = 0 if entry.get("case") else re.IGNORECASE
        wrapped = pattern if section == "veto" else _bounded(pattern)
        if entry.get("follow"):
            wrapped += rf"(?=\s*(?:{rules['objects'][entry['follow']]}))"
        out.append(
            _Entry(
                id=entry["id"],
                regex=re.compile(wrapped, flags),
                modality=entry.get("modality", ""),
                kind=entry.get("kind", ""),
                needs=entry.get("needs", ""),
                marker=bool(entry.get("marker", False)),
                back=bool(entry.get("back", False)),
                head=bool(entry.get("head", False)),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class _Group:
    """Several entries compiled into one alternation (one scan instead of one per entry)."""

    entries: tuple[_Entry, ...]
    regex: re.Pattern[str]

    def finditer(self, text: str):
        """(match, entry) for each match, leftmost first."""
        for match in self.regex.finditer(text):
            yield match, self.entries[int(match.lastgroup[1:])]


_WORD_START = r"(?<!\w)"


def _group(entries: tuple[_Entry, ...]) -> _Group:
    """One alternation of whole-word entries; the shared `(?<!\w)` is hoisted out front,
    which lets the regex engine skip mid-word positions at once (ten times faster)."""
    parts = []
    for i, entry in enumerate(entries):
        flags = "(?i:" if entry.regex.flags & re.IGNORECASE else "(?:"
        pattern = entry.regex.pattern.removeprefix(_WORD_START)
        parts.append(f"(?P<g{i}>{flags}{pattern}))")
    return _Group(entries, re.compile(_WORD_START + "(?:" + "|".join(parts) + ")"))


@cache
def _rules() -> _Rules:
    """Compile `rules/commitments.toml` once per process."""
    rules = load("commitments")
    numbers = {k: int(v) for k, v in rules["numbers"].items()}
    number = "|".join(
        [r"\d+(?:,\d+)?", *sorted((re.escape(w) for w in numbers), key=len, reverse=True)]
    )
    cap = _upper_class()
    cap_word = rf"{cap}[\w]*"
    abbr = rf"{cap}[{cap[1:-1]}0-9&\-]+"
    tail = "|".join(re.escape(w) for w in sorted(rules["actors"]["name_tail"], key=len, reverse=True))
    types = r"tỉnh|thành phố|TP\.?|Tp\.?|quận|huyện|thị xã|phường|xã|thị trấn"
    loc = rf"\s*(?:{types})(?:\.?\s*(?:{cap_word}(?:\s+{cap_word})*|\d+))?"
    name = (
        rf"(?:\s+(?:{abbr}|{cap_word}))(?:\s+(?:{abbr}|{cap_word}|(?:và|&)\s+{cap_word}))*"
        rf"(?:\s+(?:{tail})(?!\w))*"
    )
    subs = {"{LOC}": loc, "{NAME}": name, "{TAIL}": rf"(?:\s+(?:{tail})(?!\w))+"}
    return _Rules(
        markers=_entries(rules, "marker"),
        moods=_group(
            tuple(
                replace(entry, kind=entry.kind or section)
                for section in ("marker", "past", "forecast")
                for entry in _entries(rules, section)
            )
        ),
        vetoes=_entries(rules, "veto"),
        statuses=_group(_entries(rules, "status")),
        deadlines=_entries(rules, "deadline", {"Y": _YEAR}),
        durations=_entries(rules, "duration", {"N": f"(?:{number})"}),
        bodies=_entries(rules, "body", subs),
        not_actors=_entries(rules, "not_actor"),
        reporting=_entries(rules, "reporting"),
        numbers=numbers,
        bare_type=re.compile(
            rf"(?<!\w)(thành phố|thị xã|thị trấn|tỉnh|quận|huyện|phường|xã|TP)(?!\w)(?!\.?\s*(?:{cap}|\d))",
            re.IGNORECASE,
        ),
        preposition=re.compile(
            r"(?:tại|ở|của|cho|với|thuộc|về|từ|trên địa bàn|đối với|giữa|như)\s*$", re.IGNORECASE
        ),
    )


_FIGURE_ENTRY = _Entry("figure", _NOTHING)

# ---------------------------------------------------------------------------------------------
# Events found in a sentence


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
    value: Decimal | None = None  # durations only


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
class _Mention:
    """A possible actor: a body or a locality, at absolute offsets, with its label."""

    start: int
    end: int
    label: str
    rule: str
    public: bool = True


@dataclass
class _Target:
    clause: Clause
    anchors: list[_Event] = field(default_factory=list)
    marker: _Event | None = None
    rules: list[str] = field(default_factory=list)


def _text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy rebuilds the string from the tokens on every access."""
    text = doc.user_data.get("commitments_text")
    if text is None:
        text = doc.user_data["commitments_text"] = doc.text
    return text


def _doc_year(doc: Doc) -> int | None:
    """The article's year: from `published_at`, else the latest plain date the text reports."""
    cached = doc.user_data.get("commitments_doc_year", "unset")
    if cached != "unset":
        return cached
    year: int | None = None
    published = str(doc._.published_at or "")
    match = re.search(_YEAR, published)
    if match:
        year = int(match.group(0))
    else:
        dates = re.finditer(
            rf"(?<![\w/])(\w+\s+)?(?:ngày\s+)?\d{{1,2}}/\d{{1,2}}/({_YEAR})(?![\w/])", _text(doc)
        )
        years = [
            int(m.group(2))
            for m in dates
            if not (m.group(1) or "").strip().lower()
            in {"đến", "trước", "hạn", "từ", "vào", "nhất", "tới"}
        ]
        year = max(years) if years else None
    doc.user_data["commitments_doc_year"] = year
    return year


def _deadlines(text: str, base: int) -> list[_Deadline]:
    """Deadlines, periods and dates in `text`, the first rule winning at each place."""
    rules = _rules()
    found: list[_Deadline] = []
    taken: list[tuple[int, int]] = []
    for entry in rules.deadlines:
        for match in entry.regex.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            kind = entry.kind
            if kind == "exclude":
                continue
            groups = match.groupdict()
            end_year = int(groups["end"]) if groups.get("end") else None
            marker = entry.marker and (groups.get("word") or "").lower() != "nhiệm kỳ"
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
    numbers = _rules().numbers
    if word.lower() in numbers:
        return Decimal(numbers[word.lower()])
    try:
        return Decimal(word.replace(",", "."))
    except ArithmeticError:
        return None


def _events(
    doc: Doc,
    start: int,
    end: int,
    figures: Sequence,
    doc_year: int | None,
) -> tuple[list[_Event], list[_Deadline]]:
    """Every marker and anchor in the document text `[start:end]`, sorted by position."""
    rules = _rules()
    text = _text(doc)[start:end]
    events: list[_Event] = []
    for m, entry in rules.moods.finditer(text):
        kind = entry.kind if entry.kind in ("past", "forecast") else "marker"
        events.append(_Event(start + m.start(), start + m.end(), kind, entry))
    has_digit = _DIGIT.search(text) is not None
    deadlines = _deadlines(text, start) if has_digit else []
    if not any(e.kind == "marker" for e in events) and not any(d.marker for d in deadlines):
        return [], deadlines  # no marker of the future: nothing here can be a target
    for m, entry in rules.statuses.finditer(text):
        a = Anchor(start + m.start(), start + m.end(), STATUS)
        events.append(_Event(a.start, a.end, "anchor", entry, a))
    for d in deadlines:
        modality = "giai đoạn" if d.kind == "period" else "đến năm"
        entry = _Entry(d.rule, _NOTHING, modality=modality, kind="deadline", head=d.head)
        a = Anchor(d.start, d.end, DEADLINE)
        if d.marker:
            passed = d.year is not None and doc_year is not None and d.year < doc_year
            events.append(_Event(d.start, d.end, "past" if passed else "marker", entry))
        events.append(_Event(d.start, d.end, "anchor", entry, a, d.year, d.period))
    figure_spans = []
    for f in figures:
        if start <= f.start and f.end <= end:
            a = Anchor(f.start, f.end, FIGURE)
            figure_spans.append((f.start, f.end))
            entry = _FIGURE_ENTRY
            events.append(_Event(f.start, f.end, "anchor", entry, a, value=Decimal(f.value)))
    for entry in rules.durations:
        for m in entry.regex.finditer(text):
            s, e = start + m.start(), start + m.end()
            if any(fs < e and s < fe for fs, fe in figure_spans):
                continue
            value = _number(m.group("n"))
            a = Anchor(s, e, DURATION)
            events.append(_Event(s, e, "anchor", entry, a, value=value))
    # A marker word inside a deadline phrase or a status (`kế hoạch năm 2017`) stays a marker;
    # past markers inside an anchor (`đạt được` in a status) do not count, and neither do
    # markers inside a past phrase (`so với kế hoạch`, `được giao`).
    anchors = [(e.start, e.end) for e in events if e.kind == "anchor"]
    moods = [(e.start, e.end) for e in events if e.kind in ("past", "forecast")]
    events = [
        e
        for e in events
        if not (
            e.kind in ("past", "forecast")
            and e.entry.kind != "deadline"
            and any(s <= e.start and e.end <= t for s, t in anchors)
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


# ---------------------------------------------------------------------------------------------
# Actors


def _resolve_type(doc: Doc, type_word: str, position: int) -> str | None:
    """The locality a bare `huyện`/`quận`/`tỉnh` at `position` stands for: the nearest one of
    that type named before it (after it if none), as `<type> <name>`."""
    wanted = _TYPE_ALIASES.get(type_word.lower(), type_word.lower())
    mentions = [m for m in locality_mentions(doc) if m.type == wanted]
    before = [m for m in mentions if m.end <= position]
    if before:
        return before[-1].label
    after = [m for m in mentions if m.start >= position]
    return after[0].label if after else None


def _label_body(doc: Doc, text: str, start: int) -> str:
    """A body name as written, with a bare type word resolved (`UBND huyện` → `UBND huyện Mê
    Linh`)."""
    match = _rules().bare_type.search(text)
    if match and match.end() == len(text):
        resolved = _resolve_type(doc, match.group(1), start)
        if resolved:
            return text[: match.start()] + resolved
    return text


def _mentions(doc: Doc, start: int, end: int) -> list[_Mention]:
    """Bodies, localities and bare type words in the document text `[start:end]`, in order."""
    rules = _rules()
    text = _text(doc)[start:end]
    found: list[_Mention] = []
    for entry in rules.bodies:
        for m in entry.regex.finditer(text):
            s = start + m.start()
            found.append(_Mention(s, start + m.end(), _label_body(doc, m.group(0), s), entry.id))
    for loc in locality_mentions(doc):
        if start <= loc.start and loc.end <= end:
            found.append(_Mention(loc.start, loc.end, loc.label, f"loc.{loc.rule}"))
    for m in rules.bare_type.finditer(text):
        s = start + m.start()
        resolved = _resolve_type(doc, m.group(1), s)
        if resolved:
            found.append(_Mention(s, start + m.end(), resolved, "actor.bare_type"))
    for entry in rules.not_actors:
        for m in entry.regex.finditer(text):
            found.append(_Mention(start + m.start(), start + m.end(), m.group(0), entry.id, False))
    # Keep the longest of overlapping mentions (a body containing its locality wins).
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _actor(
    doc: Doc, mentions: list[_Mention], clause: Clause, marker: _Event | None, zone_start: int
) -> _Mention | None:
    """Who must act: the one asked after a request, else the subject before the marker."""
    rules = _rules()
    if marker is not None and marker.entry is not None and marker.entry.kind == "request":
        after = [m for m in mentions if marker.end <= m.start <= marker.end + 12]
        if after:
            return after[0]
    pivot = marker.start if marker is not None and marker.start >= clause.start else clause.start
    candidates = [m for m in mentions if m.end <= pivot and m.start >= zone_start]
    if pivot == clause.start:
        candidates = [m for m in mentions if m.end <= clause.end and m.start >= zone_start]
    subjects = [
        m for m in candidates if not rules.preposition.search(_text(doc)[max(0, m.start - 14) : m.start])
    ]
    for pool in (subjects, candidates):
        if pool:
            return pool[-1] if pivot != clause.start else pool[0]
    earlier = [m for m in mentions if m.end <= clause.start]
    return earlier[-1] if earlier else None


# ---------------------------------------------------------------------------------------------
# The walk


def _reporting_end(text: str) -> int:
    """Offset just after a reporting frame (`X cho biết,`) in the first part of `text`, else 0."""
    for entry in _rules().reporting:
        match = entry.regex.search(text)
        if match and match.start() < 0.6 * len(text):
            return match.end()
    return 0


def _in(event: _Event, clause: Clause) -> bool:
    return clause.start <= event.start and event.end <= clause.end


#: Which marker kinds end a past mood (`đã ... và sẽ ...`, `đã ban hành ... với mục tiêu ...`)
#: and which end a forecast (`dự báo ... sẽ` stays a forecast). Decisions do not end a past
#: mood: `đã bố trí 1.999 tỷ đồng` reports an allocation made.
_LIFT = {
    "past": frozenset({"target", "plan", "future", "resolve", "request", "obligation"}),
    "forecast": frozenset({"target", "plan", "resolve", "request", "decision"}),
}


def _at_head(doc_text: str, event: _Event, clause: Clause) -> bool:
    """Whether a phrase heads its clause (at most two words before it) or precedes a colon."""
    before = doc_text[clause.start : event.start].split()
    return len(before) <= 2 or doc_text[event.end : event.end + 2].lstrip().startswith(":")


def _targets(doc_text: str, events: list[_Event], clauses: list[Clause]) -> list[_Target]:
    """Walk the clauses in order, setting the mood, and collect the target anchors of each.

    The mood is the last marker seen (future), or a past or forecast event. Anchors seen under
    a future mood are targets, at once for a real marker, or at the end of the clause for a
    deadline phrase (a past marker later in the clause turns them into a report). Anchors seen
    before any mood wait for a verb marker (`back`) that claims them.
    """
    targets: list[_Target] = []
    carried: _Event | None = None
    for clause in clauses:
        mood = None if clause.inner else carried
        inside = [e for e in events if _in(e, clause)]
        if not clause.inner:
            inside = [
                e
                for e in inside
                if not any(c.inner and _in(e, c) for c in clauses if c is not clause)
            ]
        own_deadline = any(e.kind == "anchor" and e.anchor.kind == DEADLINE for e in inside)
        target = _Target(clause)
        pending: list[_Event] = []
        weak: list[_Event] = []
        for event in inside:
            if event.kind == "marker":
                entry = event.entry
                if entry.needs == "deadline" and not own_deadline:
                    continue
                if entry.head and not _at_head(doc_text, event, clause):
                    continue
                if mood is not None and mood.kind != "marker" and entry.kind not in _LIFT[mood.kind]:
                    continue
                mood = event
                if entry.back and pending:
                    target.anchors.extend(pending)
                    pending = []
                if entry.kind != "deadline":
                    target.anchors.extend(weak)
                    weak = []
                if target.marker is None or target.marker.entry.kind == "deadline":
                    target.marker = event
            elif event.kind in ("past", "forecast"):
                mood = event
                pending, weak = [], []
            elif mood is None:
                pending.append(event)
            elif mood.kind == "marker":
                if mood.entry.kind == "deadline":
                    weak.append(event)
                else:
                    target.anchors.append(event)
                if target.marker is None:
                    target.marker = mood
        target.anchors.extend(weak)
        if target.anchors:
            target.anchors.sort(key=lambda e: e.start)
            targets.append(target)
        if not clause.inner:
            carried = mood
    return targets


def _deadline_of(
    target: _Target, deadlines: list[_Deadline], head: _Deadline | None
) -> _Deadline | None:
    """The clause's own deadline (the first in it), else the one heading the sentence."""
    clause = target.clause
    own = [d for d in deadlines if clause.start <= d.start and d.end <= clause.end]
    for d in own:
        if d.kind != "bare" or d.start - clause.start <= 12 or d.year is not None:
            return d
    return head


def _key(doc: Doc, target: _Target) -> str:
    """A short phrase naming the target: from the marker (or clause start), at most 10 words."""
    clause = target.clause
    start = clause.start
    if target.marker is not None and clause.start <= target.marker.start < clause.end:
        start = target.marker.start
    words = _text(doc)[start : clause.end].split()
    return " ".join(words[:_KEY_WORDS]).rstrip(",;:")


def _official(doc: Doc, officials: Sequence, start: int, end: int) -> str:
    """The official named in the sentence (the one stating it), if the officials table has one."""
    text = _text(doc)[start:end]
    for official in officials:
        name = getattr(official, "name", "")
        if name and name in text:
            return name
    return ""


def extract_commitments(doc: Doc, context: Mapping[str, list]) -> list[CommitmentRow]:
    """One row per concrete target stated in the body (see the module docstring)."""
    rules = _rules()
    figures = context.get("figures", [])
    officials = context.get("officials", [])
    doc_year = _doc_year(doc)
    rows: list[CommitmentRow] = []
    last_actor: dict[str, str] = {}
    for sentence in doc.spans["sentences"]:
        if sentence.label_ != "body":
            continue
        text = _text(doc)[sentence.start_char : sentence.end_char]
        veto = next((v for v in rules.vetoes if v.regex.search(text)), None)
        if veto is not None:
            continue
        base = sentence.start_char
        lead = _reporting_end(text)
        events, deadlines = _events(doc, base, sentence.end_char, figures, doc_year)
        anchors = [e.anchor for e in events if e.kind == "anchor" and e.start >= base + lead]
        clauses = split_clauses(text, base, anchors, start=lead)
        targets = _targets(_text(doc), [e for e in events if e.start >= base + lead], clauses)
        if not targets:
            continue
        mentions = _mentions(doc, base, sentence.end_char)
        outer = [c for c in clauses if not c.inner]
        head = None
        if outer:
            first_clause = outer[0]
            in_first = [d for d in deadlines if first_clause.start <= d.start < first_clause.end]
            first_other = min(
                (
                    e.start
                    for e in events
                    if e.kind == "anchor" and e.anchor.kind != DEADLINE and _in(e, first_clause)
                ),
                default=first_clause.end,
            )
            head = next((d for d in in_first if d.start < first_other and d.year), None)
        paragraph = sentence.kb_id_
        for target in targets:
            row = _row(doc, target, deadlines, head, mentions, base + lead, doc_year, officials)
            if row is None:
                continue
            if not row.actor and paragraph in last_actor:
                row.actor = last_actor[paragraph]
                row.rule += ";actor.paragraph"
            if row.actor:
                last_actor[paragraph] = row.actor
            rows.append(row)
    return rows


def _row(
    doc: Doc,
    target: _Target,
    deadlines: list[_Deadline],
    head: _Deadline | None,
    mentions: list[_Mention],
    zone_start: int,
    doc_year: int | None,
    officials: Sequence,
) -> CommitmentRow | None:
    """The row for one target, or None when it is not a commitment after all."""
    clause = target.clause
    deadline = _deadline_of(target, deadlines, head if not clause.inner else None)
    if deadline is not None and deadline.year and doc_year and deadline.year < doc_year:
        return None
    actor = _actor(doc, mentions, clause, target.marker, zone_start)
    if actor is not None and not actor.public:
        return None
    figures = [e for e in target.anchors if e.anchor.kind in (FIGURE, DURATION) and e.value is not None]
    values = [e.value for e in figures]
    units = [_unit(doc, e) for e in figures]
    rule_ids = [target.marker.entry.id] if target.marker is not None else []
    rule_ids += sorted({e.entry.id for e in target.anchors if e.entry is not None})
    if deadline is not None:
        rule_ids.append(deadline.rule)
    if actor is not None:
        rule_ids.append(actor.rule)
    evidence = _text(doc)[clause.start : clause.end]
    sector, sector_rule = sector_of(evidence)
    rule_ids.append(sector_rule)
    sentence_bounds = _sentence_bounds(doc, clause.start)
    return CommitmentRow(
        article_id=doc._.article_id,
        actor=actor.label if actor is not None else None,
        deadline=deadline.year if deadline is not None else None,
        values=values,
        evidence=evidence,
        official=_official(doc, officials, *sentence_bounds),
        period_start=deadline.period[0] if deadline is not None and deadline.period else None,
        period_end=deadline.period[1] if deadline is not None and deadline.period else None,
        figure_units=units,
        modality=target.marker.entry.modality if target.marker is not None else "",
        sector=sector,
        key=_key(doc, target),
        rule=";".join(dict.fromkeys(rule_ids)),
        start=clause.start,
        end=clause.end,
    )


def _unit(doc: Doc, event: _Event) -> str:
    """The unit of a linked figure (from the figures table), or the word after a duration."""
    if event.anchor.kind == DURATION:
        words = _text(doc)[event.start : event.end].split()
        return next((w for w in words if w in ("ngày", "tuần", "tháng", "năm")), "")
    return ""


def _sentence_bounds(doc: Doc, position: int) -> tuple[int, int]:
    for sentence in doc.spans["sentences"]:
        if sentence.start_char <= position < sentence.end_char:
            return sentence.start_char, sentence.end_char
    return position, position


__all__ = ["extract_commitments", "LocalityMention"]
