"""Extractor for the `commitments` table: one row per concrete target a public body commits to.

How a row is made (GUIDELINES.md, "commitments"), sentence by body sentence (the title is not
read: a target stated only there is optional in the gold):

1. Markers of the future or of obligation are looked for first (`phấn đấu`, `sẽ`, `dự kiến`,
   `yêu cầu`, `đến năm 2025` ...); four sentences in five have none and stop here. Then the
   vetoes: questions, hypotheticals, sport, listed companies' results, weather, critics.
2. A reporting frame (`Bí thư Quận ủy ... cho biết,`) and a trailing attribution (`" - ông X
   nhấn mạnh`) are set aside: they name the official, may name the actor, are not evidence.
3. The rest is split into clauses (`pipeline.text.clauses`), cut only where a new target
   opens, so that each target keeps its own deadline and figures.
4. Walking each clause left to right, markers set a *mood*: a marker of the future makes the
   anchors after it targets; a past marker (`đã`, `vừa`, `so với`) or a forecast (`dự báo`,
   `sẽ góp phần`) makes them reports. Anchors before any marker wait for a verb that claims
   them (`Rạch ... dài 4 km sẽ được khơi thông`). The mood carries on into the next clause
   (`sẽ sử dụng hơn 4.000 ha ...; hơn 1.755 ha ...`), and so does a deadline heading the
   sentence (`Trong năm 2017, ...`) or closing a `;` list. A request carries on into the next
   sentences of its paragraph that open with a bare verb of a directive (`Bộ Tài chính yêu cầu
   UBND huyện X báo cáo ... . Thực hiện nộp vào ngân sách ... 3 tỷ đồng.`), with the body asked as
   their actor; the bracketed years of a phase (`Giai đoạn 2 (2021 - 2025), nhu cầu vốn ...`)
   belong to the clause around them.
5. A clause with at least one target anchor (a figure from the figures table, a deadline or
   period, a duration, a target status) becomes a row: its figures are the values, its own or
   inherited deadline the deadline, and the actor is the one asked (after `yêu cầu`, `giao`,
   `đề nghị`) or the subject (a body, a locality, a bare `huyện` resolved from the paragraph,
   an official's unit, the organiser in `do X chủ trì`), else the paragraph's last actor or
   subject (a company's `Công ty X sẽ đầu tư ...` makes the next subjectless sentence its plan),
   else the article's main locality.
6. Rows are dropped when the deadline passed before the article's year, when the subject is a
   company, a foreign state, a private person or an unknown capitalised name, when no actor
   is found at all, and when the clause classifier (`pipeline.commitments_model`) scores the
   clause as clearly not a commitment.

All vocabulary lives in `rules/commitments.toml`; every row's `rule` lists the ids that fired
(marker, anchors, deadline rule, actor rule, sector).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from re import _constants as _C
from re import _parser
from re._casefix import _EXTRA_CASES

from spacy.tokens import Doc

from pipeline.extractors.localities import LocalityMention, locality_mentions
from pipeline.rules import load
from pipeline.sectors import sector_of
from pipeline.tables import CommitmentRow
from pipeline.text.clauses import DEADLINE, DURATION, FIGURE, STATUS, Anchor, Clause, split_clauses

log = logging.getLogger(__name__)

_DIGIT = re.compile(r"\d")
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NEGATION = re.compile(r"(?<!\w)(?:chưa|không|chẳng)\s+$", re.IGNORECASE)
_FULL_DATE = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}/((?:19|20)\d\d)(?![\w/])")
_NGAY_TAIL = re.compile(r"\s*ngày\s*$", re.IGNORECASE)
_TIME_UNITS = ("ngày", "tuần", "tháng", "năm")
_NOTHING = re.compile("")
_TYPE_ALIASES = {"tp": "thành phố", "tp.": "thành phố"}
_YEAR = r"(?:19|20)\d\d"
_KEY_WORDS = 10
#: A target with no actor in its sentence or paragraph goes to the article's main locality;
#: one with no actor at all is dropped (a foreign, private or personal plan). Measured on the
#: dev corpus and on a bench sample: together they drop half the bench rows, no dev target.
_FALLBACK_MAIN_LOCALITY = True
_REQUIRE_ACTOR = True
#: Whether the clause classifier (`pipeline.commitments_model`) vetoes weak candidates.
USE_CLASSIFIER = True


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
    attach: bool = False
    alone: bool = True
    lifts_past: bool = True
    weak: bool = False
    source: str = field(default="", compare=False)  # the pattern before any `follow` lookahead


@dataclass(frozen=True)
class _Rules:
    futures: _Group  # markers of the future or of obligation
    moods: _Group  # past markers and forecasts
    veto: _AnyOf  # every veto
    veto_continued: _AnyOf  # the vetoes that still hold in a public body's request list
    continuation: re.Pattern[str]  # a sentence opening with a bare verb of a directive
    statuses: _Group
    deadlines: tuple[tuple[_Entry, tuple[str, ...] | None], ...]  # with the words they need
    durations: tuple[tuple[_Entry, tuple[str, ...] | None], ...]
    bodies: tuple[_Entry, ...]
    not_actors: tuple[_Entry, ...]
    reporting: tuple[_Entry, ...]
    attribution: re.Pattern[str]
    numbers: dict[str, int]
    bare_type: re.Pattern[str]
    type_word: re.Pattern[str]
    preposition: re.Pattern[str]
    title: re.Pattern[str]
    implied_type: dict[str, str]
    unknown_subject: re.Pattern[str]
    adverbs: re.Pattern[str]  # words that may stand between a subject and its marker


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
                attach=bool(entry.get("attach", False)),
                alone=bool(entry.get("alone", True)),
                lifts_past=bool(entry.get("lifts_past", True)),
                weak=bool(entry.get("weak", False)),
                source=pattern if section == "veto" else _bounded(pattern),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class _Group:
    """Several entries compiled into one alternation (one scan instead of one per entry).

    `triggers` pairs each entry's index with words one of which any match of it starts with
    (`sẽ`, `kế hoạch`): most sentences contain none of them, and most of the rest those of
    a single entry, whose own regex is then run instead of the whole alternation. An entry
    that can match no text cannot change what the alternation finds, so the result is the
    same."""

    entries: tuple[_Entry, ...]
    regex: re.Pattern[str]
    triggers: tuple[tuple[str, int], ...] | None = None

    def finditer(self, text: str, low: str | None = None) -> list[tuple[re.Match[str], _Entry]]:
        """(match, entry) for each match, leftmost first; `low` is `_lower(text)`."""
        if self.triggers is not None and low is not None:
            hits = {i for word, i in self.triggers if word in low}
            if not hits:
                return []
            if len(hits) == 1:
                entry = self.entries[hits.pop()]
                return [(match, entry) for match in entry.regex.finditer(text)]
        entries = self.entries
        return [(m, entries[int(m.lastgroup[1:])]) for m in self.regex.finditer(text)]


_WORD_START = r"(?<!\w)"

#: Characters for which `str.lower()` does not give what a case-insensitive regex compares
#: (`İ` lowers to two characters, `ı` and `ſ` match `i` and `s`): a sentence with one of them
#: is scanned with the whole alternation.
_UNSAFE_CASE = re.compile(
    "["
    + re.escape(
        "".join(
            sorted(
                {"\u0130"} | {chr(c) for k, v in _EXTRA_CASES.items() for c in (k, *v) if c > 0x7F}
            )
        )
    )
    + "]"
)


def _lower(text: str) -> str | None:
    """`text.lower()`, where a word's presence in it says whether a case-insensitive regex
    may find the word in `text`; None where it may not (`_UNSAFE_CASE`)."""
    return None if _UNSAFE_CASE.search(text) else text.lower()


def _words(entry: _Entry) -> tuple[str, ...] | None:
    """Words one of which every match of the entry contains (None when unknown)."""
    words = _needed(list(_parser.parse(entry.source or entry.regex.pattern, entry.regex.flags)))
    if words is None or any(_UNSAFE_CASE.search(w) for w in words):
        return None
    return tuple(sorted(words))


def _prefixes(items: list) -> set[str]:
    """Lower-cased literal words one of which every match of a parsed pattern starts with
    ("" when a match may start with anything)."""
    out = {""}
    for op, av in items:
        if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            continue  # zero-width
        if op is _C.LITERAL:
            out = {p + chr(av).lower() for p in out}
        elif op is _C.IN and all(o is _C.LITERAL for o, _ in av):
            out = {p + chr(v).lower() for p in out for _, v in av}
        elif op is _C.SUBPATTERN:
            out = {p + s for p in out for s in _prefixes(list(av[-1]))}
            break
        elif op is _C.BRANCH:
            alternatives = set().union(*(_prefixes(list(a)) for a in av[1]))
            out = {p + s for p in out for s in alternatives}
            break
        else:
            break
    return out


def _triggers(entries: tuple[_Entry, ...]) -> tuple[tuple[str, int], ...] | None:
    """(word, entry index) for the words that start the entries' matches, the shortest kept
    (`cần` covers `cần phải`); None when some entry may start with any word."""
    out = []
    for i, entry in enumerate(entries):
        source = entry.source or entry.regex.pattern
        words = _prefixes(list(_parser.parse(source, entry.regex.flags)))
        if "" in words or any(_UNSAFE_CASE.search(w) for w in words):
            return None
        for word in sorted(words, key=len):
            if not any(w in word for w, j in out if j == i):
                out.append((word, i))
    return tuple(out)


def _needed(items: list) -> set[str] | None:
    """Lower-cased literal words one of which every match of a parsed pattern contains, the
    longest such set found; None when none is known."""
    best: set[str] | None = None
    run: set[str] = {""}

    def consider(words: set[str] | None) -> None:
        nonlocal best
        if words and "" not in words:
            if best is None or min(map(len, words)) > min(map(len, best)):
                best = words

    for op, av in items:
        if op is _C.LITERAL:
            run = {p + chr(av).lower() for p in run}
            continue
        if op is _C.IN and len(av) <= 8 and all(o is _C.LITERAL for o, _ in av):
            run = {p + chr(v).lower() for p in run for _, v in av}
            continue
        consider(run)
        run = {""}
        if op is _C.SUBPATTERN:
            consider(_needed(list(av[-1])))
        elif op is _C.BRANCH:
            alternatives = [_needed(list(a)) for a in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            consider(_needed(list(av[2])))
    consider(run)
    return best


@dataclass(frozen=True)
class _AnyOf:
    """Whether any of several case-insensitive patterns occurs in a text (the vetoes).

    Each pattern is searched on its own, and only when the lower-cased text holds one of
    the words every match of it contains (`nếu`, `?`): the same answer as one alternation
    of them all, which is slow because it tries every pattern at every character."""

    parts: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...]

    def search(self, text: str) -> bool:
        """Whether some pattern matches somewhere in `text`."""
        low = _lower(text)
        for regex, words in self.parts:
            if low is not None and words is not None:
                for word in words:  # a loop, not any(): this runs for every sentence
                    if word in low:
                        break
                else:
                    continue
            if regex.search(text):
                return True
        return False


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (`a|b(c|d)` → `a`, `b(c|d)`)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _any_of(patterns: list[str]) -> _AnyOf:
    """The patterns, each top-level alternative apart, with the words each one needs."""
    parts = []
    for pattern in (alt for whole in patterns for alt in _alternatives(whole)):
        regex = re.compile(f"(?:{pattern})", re.IGNORECASE)
        words = _needed(list(_parser.parse(regex.pattern, regex.flags)))
        if words is not None and any(_UNSAFE_CASE.search(w) for w in words):
            words = None
        parts.append((regex, tuple(sorted(words)) if words is not None else None))
    return _AnyOf(tuple(parts))


def _group(entries: tuple[_Entry, ...]) -> _Group:
    r"""One alternation of whole-word entries; the shared `(?<!\w)` is hoisted out front,
    which lets the regex engine skip mid-word positions at once (ten times faster)."""
    parts = []
    for i, entry in enumerate(entries):
        flags = "(?i:" if entry.regex.flags & re.IGNORECASE else "(?:"
        pattern = entry.regex.pattern.removeprefix(_WORD_START)
        parts.append(f"(?P<g{i}>{flags}{pattern}))")
    regex = re.compile(_WORD_START + "(?:" + "|".join(parts) + ")")
    return _Group(entries, regex, _triggers(entries))


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
    tail = "|".join(
        re.escape(w) for w in sorted(rules["actors"]["name_tail"], key=len, reverse=True)
    )
    types = r"tỉnh|thành phố|TP\.?|Tp\.?|quận|huyện|thị xã|phường|xã|thị trấn"
    loc = rf"\s*(?:{types})(?:\.?\s*(?:{cap_word}(?:\s+{cap_word})*|\d+))?"
    # A department's words as usually written, first letter capitalised (`Tài nguyên`, `Giao
    # thông vận tải`), tried before a bare capitalised word so the name is not cut at `Tài`.
    known = "|".join(
        re.escape(w[0].upper() + w[1:])
        for w in sorted(rules["actors"]["name_tail"], key=len, reverse=True)
    )
    word = rf"(?:(?:{known})(?!\w)|{abbr}|{cap_word})"
    name = (
        rf"(?:\s+{word})(?:\s+(?:{word}|(?:và|&)\s+{word}))*"
        rf"(?:\s+(?:{tail})(?!\w))*"
    )
    subs = {"{LOC}": loc, "{NAME}": name, "{TAIL}": rf"(?:\s+(?:{tail})(?!\w))+"}
    return _Rules(
        futures=_group(_entries(rules, "marker")),
        moods=_group(
            tuple(
                replace(entry, kind=section)
                for section in ("past", "forecast")
                for entry in _entries(rules, section)
            )
        ),
        veto=_any_of([e["pattern"] for e in rules["veto"]]),
        veto_continued=_any_of([e["pattern"] for e in rules["veto"] if not e.get("private")]),
        continuation=re.compile(
            rf"^\W*(?:(?:{rules['continuation']['connectives']})\s*,?\s+)?"
            rf"(?:{'|'.join(re.escape(v) for v in rules['continuation']['verbs'])})(?!\w)",
            re.IGNORECASE,
        ),
        statuses=_group(_entries(rules, "status")),
        deadlines=tuple((e, _words(e)) for e in _entries(rules, "deadline", {"Y": _YEAR})),
        durations=tuple(
            (e, _words(e)) for e in _entries(rules, "duration", {"N": f"(?:{number})"})
        ),
        bodies=_entries(rules, "body", subs),
        not_actors=_entries(rules, "not_actor"),
        reporting=_entries(rules, "reporting"),
        attribution=re.compile(rules["attribution"]["pattern"]),
        numbers=numbers,
        bare_type=re.compile(
            rf"(?<!\w)(thành phố|thị xã|thị trấn|tỉnh|quận|huyện|phường|xã|TP)(?!\w)"
            rf"(?!\.?\s*(?-i:{cap}|\d))",
            re.IGNORECASE,
        ),
        type_word=re.compile(r"(thành phố|thị xã|thị trấn|tỉnh|quận|huyện|phường|xã|TP\.?)(?!\w)"),
        preposition=re.compile(rules["actors"]["prepositions"]),
        title=re.compile(rules["actors"]["titles"]),
        implied_type={k: v for k, v in rules["implied_type"].items() if k != "id"},
        adverbs=re.compile(rf"(?<!\w)(?:{rules['actors']['adverbs']})(?!\w)"),
        unknown_subject=re.compile(
            rf"(?<!\w)((?!(?:{rules['actors']['known_heads']})(?!\w)){cap}[\w&.-]*"
            rf"(?:\s+{cap}[\w&.-]*){{0,2}})\s+(?:(?:{rules['actors']['adverbs']})\s+)*$"
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
class _Mention:
    """A possible actor: a body or a locality, at absolute offsets, with its label."""

    start: int
    end: int
    label: str
    rule: str
    public: bool = True
    bare: bool = False  # a bare type word (`huyện`), a subject only where it opens a phrase


@dataclass
class _Target:
    clause: Clause
    anchors: list[_Event] = field(default_factory=list)
    marker: _Event | None = None
    rules: list[str] = field(default_factory=list)


def _text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy rebuilds the string from the tokens on every access (2-3
    ms an article). Reuses the copy the Doc builder or the localities extractor kept."""
    text = (
        doc.user_data.get("text")
        or doc.user_data.get("localities.text")
        or doc.user_data.get("commitments_text")
    )
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
        text = _text(doc)
        # Dates of due (`đến 30/9/2017`) may lie ahead; a document's date (`Nghị quyết số
        # 916/NQ-UBTVQH13 ngày 05/05/2015`) may be old: neither says when the article was written.
        years = []
        for match in _FULL_DATE.finditer(text):
            before = _NGAY_TAIL.sub("", text[max(0, match.start() - 40) : match.start()])
            word = before.split()[-1].lower() if before.split() else ""
            if word not in {"đến", "trước", "hạn", "nhất", "tới"} and "/" not in word:
                years.append(int(match.group(1)))
        year = max(years) if years else None
    doc.user_data["commitments_doc_year"] = year
    return year


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
    for entry, words in rules.deadlines:
        if not _may_match(low, words):
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


def _events(
    doc: Doc,
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
    text = _text(doc)[start:end]
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
        modality = "giai đoạn" if d.kind == "period" else "đến năm"
        entry = _Entry(d.rule, _NOTHING, modality=modality, kind="deadline", head=d.head, weak=True)
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
            value = _number(m.group("n"))
            a = Anchor(s, e, DURATION)
            unit = next((w for w in m.group(0).split() if w in _TIME_UNITS), "")
            events.append(_Event(s, e, "anchor", entry, a, value=value, unit=unit))
    # A marker word inside a deadline phrase or a status (`kế hoạch năm 2017`) stays a marker;
    # past markers inside an anchor (`đạt được` in a status) do not count, and neither do
    # markers inside a past phrase (`so với kế hoạch`, `được giao`).
    anchors = [(e.start, e.end) for e in events if e.kind == "anchor"]
    full = _text(doc)
    events = [  # `chưa được giao`, `không đạt được`: a negated past is no report
        e
        for e in events
        if e.kind != "past" or not _NEGATION.search(full[max(0, e.start - 6) : e.start])
    ]
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
    """The locality a bare `huyện`/`quận`/`tỉnh` at `position` stands for, as `<type> <name>`.

    The nearest one of that type named before it, else after it, else the parent of a named
    unit (`huyện Quỳnh Lưu` → its `tỉnh Nghệ An`, when the localities table knows the parent).
    """
    wanted = _TYPE_ALIASES.get(type_word.lower().rstrip("."), type_word.lower())
    mentions = locality_mentions(doc)
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
    doc: Doc, text: str, entry: _Entry, head: str, end: int, by_start: dict[int, LocalityMention]
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
        resolved = _resolve_type(doc, type_match.group(1), position)
        if resolved:
            return f"{head} {resolved}", type_match.end()
    if implied:
        resolved = _resolve_type(doc, implied, position)
        if resolved:
            return f"{head} {resolved.split(' ', len(implied.split()))[-1]}", end
    return (head, end) if entry.alone else None


def _mentions(doc: Doc, start: int, end: int, officials: Sequence = ()) -> list[_Mention]:
    """Bodies, localities and bare type words in the document text `[start:end]`, in order."""
    rules = _rules()
    text = _text(doc)
    found: list[_Mention] = []
    locs = [m for m in locality_mentions(doc) if start <= m.start and m.end <= end]
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
                attached = _attached(doc, text, entry, label, stop, by_start)
                if attached is None:
                    continue
                label, stop = attached
            found.append(_Mention(m.start(), stop, _abbreviate(label), entry.id))
    for loc in locs:
        found.append(_Mention(loc.start, loc.end, loc.label, f"loc.{loc.rule}"))
    for m in rules.bare_type.finditer(text, start, end):
        resolved = _resolve_type(doc, m.group(1), m.start())
        if resolved:
            found.append(_Mention(m.start(), m.end(), resolved, "actor.bare_type", bare=True))
    for m in _BARE_MINISTRY.finditer(text, start, end):
        named = _last_ministry(doc, text, m.start())
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


_COUNCILS = (
    (re.compile(r"^Ủy ban nhân dân", re.IGNORECASE), "UBND"),
    (re.compile(r"^Hội đồng nhân dân", re.IGNORECASE), "HĐND"),
)


def _abbreviate(label: str) -> str:
    """`Hội đồng Nhân dân thành phố Hà Nội` → `HĐND thành phố Hà Nội`: one spelling per body,
    the one analysts (and the gold) use."""
    for pattern, short in _COUNCILS:
        label = pattern.sub(short, label)
    return label


_PHRASE_START = re.compile(r"(?:^|[,;:.!“\"(]|\s(?:thì|mà|và|đồng thời|nay|đó))\s*$")


#: A bare `Bộ` as a subject (`Tuy nhiên, Bộ sẽ ...`, `Bộ chỉ được ...`): the ministry named last.
_BARE_MINISTRY = re.compile(
    r"(?<!\w)(?<!\w\s)Bộ(?=\s+(?:chỉ|sẽ|đã|đang|cũng|vẫn|còn|được|đề nghị|kiến nghị|yêu cầu"
    r"|dự kiến|phấn đấu|đặt|cho biết|cần|phải|tiếp tục)(?!\w))"
)


def _last_ministry(doc: Doc, text: str, position: int) -> str | None:
    """The last `Bộ X` named before `position` in the article (`Bộ Giao thông Vận tải`); the
    article's ministries are found once and kept on the Doc."""
    named = doc.user_data.get("commitments_ministries")
    if named is None:
        department = next(e for e in _rules().bodies if e.id == "body.department")
        named = [
            (m.start(), m.group(0))
            for m in department.regex.finditer(text)
            if m.group(0).startswith("Bộ ")
        ]
        doc.user_data["commitments_ministries"] = named
    before = [label for start, label in named if start < position]
    return before[-1] if before else None


#: A place written right after a dash is the end of a route's name (`đoạn Cần Thơ-Thành phố
#: Hồ Chí Minh`, `cao tốc Hà Nội - Hải Phòng`), not a subject.
_AFTER_DASH = re.compile(r"\w\s?[-–]\s?$")


def _is_subject(text: str, mention: _Mention) -> bool:
    """Not after a preposition (`tại quận X`) nor a person's title (`Bí thư Thành ủy`); a bare
    type word only where it opens a phrase (`nhiệm kỳ mới, huyện sẽ ...`), not inside one
    (`dẫn đầu thành phố về giáo dục`)."""
    rules = _rules()
    before = text[max(0, mention.start - 24) : mention.start]
    if mention.bare and not _PHRASE_START.search(before):
        return False
    if _AFTER_DASH.search(before):
        return False
    return not rules.preposition.search(before) and not rules.title.search(before)


def _actor(
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
    subjects = [m for m in mentions if _is_subject(text, m)]
    before = [m for m in subjects if clause.start <= m.start and m.end <= pivot]
    subject = None
    if before:
        subject = before[-1]
        if not subject.public:
            backing = [  # `các cấp, các ngành, các doanh nghiệp ...`: a list led by public bodies
                m
                for m in before
                if m.public
                and 0 <= subject.start - m.end <= 30
                and re.search(r",|\svà\s", text[m.end : subject.start])
            ]
            subject = backing[-1] if backing else subject
    if marker is not None and marker.entry.kind == "request":
        if subject is not None and not subject.public and subject.rule != "na.speaker":
            return subject  # a company's or a citizen's request is not a commitment
        after = [m for m in mentions if marker.end <= m.start <= marker.end + 12 and m.public]
        if after:
            return after[0]
    if subject is not None:
        return subject
    agent = next((m for m in mentions if m.public and _in(m, clause) and _is_agent(text, m)), None)
    if agent is not None:  # `9 hoạt động do tỉnh Lào Cai chủ trì tổ chức`
        return agent
    earlier = [m for m in subjects if zone_start <= m.start and m.end <= clause.start]
    if earlier:
        return earlier[-1]
    inside = [m for m in subjects if pivot <= m.start and m.end <= max(first_anchor, pivot)]
    if inside:
        return inside[0]
    later = [m for m in subjects if m.public and pivot <= m.start and m.end <= clause.end]
    if later:  # `phấn đấu đến năm 2020 đạt ..., Việt Nam chú trọng ...`
        return later[0]
    speaker = [m for m in mentions if m.public and m.end <= zone_start]
    if speaker:  # the body of the official who states it (`Giám đốc Trung tâm ... cho biết,`)
        return speaker[-1]
    rest = [m for m in mentions if m.public and m.end <= pivot]
    return rest[-1] if rest else None


def _may_name(text: str, start: int, end: int) -> bool:
    """Whether the last words of `text[start:end]` may be a subject: a capitalised word, or a
    company word (a cheap test before the mentions are looked for)."""
    window = " ".join(_rules().adverbs.sub("", text[start:end]).split()[-4:])
    return any(ch.isupper() for ch in window) or bool(_COMPANY.search(window))


_COMPANY = re.compile(r"(?<!\w)(?:công ty|doanh nghiệp|tập đoàn|nhà đầu tư)(?!\w)", re.IGNORECASE)


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
    r"(?:chủ trì|tổ chức|chỉ đạo|đăng cai|thực hiện|triển khai|làm chủ đầu tư)(?!\w)"
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


def _main_locality(doc: Doc) -> str | None:
    """The locality the article is about: the most mentioned province, city or district."""
    cached = doc.user_data.get("commitments_main_locality", "unset")
    if cached != "unset":
        return cached
    counts: dict[str, int] = {}
    for mention in locality_mentions(doc):
        if mention.type in ("tỉnh", "thành phố", "quận", "huyện", "thị xã"):
            counts[mention.label] = counts.get(mention.label, 0) + 1
    main = max(counts, key=lambda k: counts[k]) if counts else None
    doc.user_data["commitments_main_locality"] = main
    return main


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


def _lifts(entry: _Entry, mood: _Event | None) -> bool:
    """Whether a marker ends the current mood (always, when the mood is a marker or none)."""
    if mood is None or mood.kind == "marker":
        return True
    if mood.kind == "past" and not entry.lifts_past:
        return False
    return entry.kind in _LIFT[mood.kind]


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
    doc_text: str, events: list[_Event], clauses: list[Clause], carried: _Event | None = None
) -> tuple[list[_Target], _Event | None]:
    """Walk the clauses in order, setting the mood, and collect the target anchors of each.

    The mood is the last marker seen (future), or a past or forecast event. Anchors seen under
    a future mood are targets, at once for a real marker, or at the end of the clause for a
    deadline phrase (a past marker later in the clause turns them into a report). Anchors seen
    before any mood wait for a verb marker (`back`) that claims them. `carried` is the mood
    the sentence starts in; the mood it ends in is returned with the targets.
    """
    targets: list[_Target] = []
    forecast_here = False
    # `voice` is the marker the row names as its modality: the request that frames it (`yêu
    # cầu X ... cho phép`), else the last real marker (`phấn đấu đến năm 2025` is phấn đấu).
    voice: _Event | None = carried if carried is not None and carried.kind == "marker" else None
    for clause in clauses:
        mood = None if clause.inner or clause.fresh else carried
        if clause.inner or clause.fresh:
            voice = None
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

        for event in inside:
            if event.kind == "marker":
                entry = event.entry
                if entry.needs == "deadline" and not own_deadline:
                    continue
                if entry.needs == "time" and not own_time:
                    continue
                if entry.head and not _at_head(doc_text, event, clause):
                    continue
                if not _lifts(entry, mood):
                    continue
                if entry.back and pending:
                    _accept(target, pending, event, voice)
                    pending = []
                if not entry.weak and weak:
                    _accept(target, weak, mood, voice)
                    weak = []
                mood = event
                if entry.kind != "deadline" and not (
                    voice is not None and voice.entry.kind == "request"
                ):
                    voice = event
            elif event.kind in ("past", "forecast"):
                # A forecast made in this sentence stays one through `hiện nay`, `so với`.
                if not (forecast_here and mood is not None and mood.kind == "forecast"):
                    mood = event
                forecast_here = forecast_here or event.kind == "forecast"
                pending, weak = [], []
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
        if not clause.inner:
            carried = mood
    return targets, carried


def _own_deadline(text: str, clause: Clause, deadlines: list[_Deadline]) -> _Deadline | None:
    """The first deadline written in the clause (a bare `năm 2017` only where it heads it)."""
    for d in deadlines:
        if clause.start <= d.start and d.end <= clause.end:
            if d.kind != "bare" or len(text[clause.start : d.start].split()) <= 2:
                return d
    return None


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
    - the deadline that ends the last `;`-clause of the sentence (`...; kiện toàn ... trong
      năm 2017.` covers the whole list).
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
        tail = [d for d in deadlines if last.start <= d.start and last.end - d.end <= 2 and d.year]
        if tail:
            return tail[-1], "dl.inherit.list"
    return None, ""


def _scopes(text: str, deadline: _Deadline) -> bool:
    """Whether a deadline heading a sentence may cover its later clauses: any but a bare `năm
    2017`, which often names a thing (`Nghị quyết năm 2017`); `cả năm 2017`, `trong năm 2017`
    do cover them (`Xuyên suốt cả năm 2017 sẽ diễn ra ...; 9 hoạt động ...`)."""
    if deadline.kind != "bare":
        return True
    return text[deadline.start : deadline.end].lower().startswith(("cả ", "trong "))


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


_FOLLOW_UP = re.compile(r"^\W*(?:Theo đó|Cụ thể|Trong đó)\b", re.IGNORECASE)


@dataclass
class _Carry:
    """What a sentence hands on to the next one of its paragraph.

    `mood`: a forecast goes on (`Dự báo ... Trong đó, ... sẽ`). `request`: a request whose list
    of tasks runs on over the next sentences, each opening with a bare verb (`Sở Tài chính yêu
    cầu UBND huyện X báo cáo ... . Thực hiện nộp vào ngân sách ... 3 tỷ đồng. Đồng thời ...`),
    with the body asked (`addressee`), who is the actor of each of them.
    """

    paragraph: str = ""
    mood: _Event | None = None
    request: _Event | None = None
    addressee: str | None = None


_PHASE_BEFORE = re.compile(
    r"giai đoạn\s+(?:\d|I{1,3}|IV|V|một|hai|ba)(?!\w)[^()]{0,30}\($", re.IGNORECASE
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
    return None


def extract_commitments(doc: Doc, context: Mapping[str, list]) -> list[CommitmentRow]:
    """One row per concrete target stated in the body (see the module docstring)."""
    rules = _rules()
    full = _text(doc)
    figures = context.get("figures", [])
    officials = context.get("officials", [])
    doc_year = _doc_year(doc)
    rows: list[CommitmentRow] = []
    contexts: list[str] = []  # what the classifier reads: the sentence up to the clause's end
    # The paragraph's last actor: (label, public). A subject that is no public body (`Công ty X
    # sẽ đầu tư ...`) is kept too, so that the next sentence without a subject of its own
    # (`Vốn đầu tư dự kiến là 2 tỷ USD`) is read as that company's plan.
    last_actor: dict[str, tuple[str, bool]] = {}
    last_deadline: _Deadline | None = None
    carry = _Carry()
    for sentence in doc.spans["sentences"]:
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
        events, deadlines = _events(doc, base, stop, figures, doc_year, force=continued is not None)
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
        carried = continued or carry.mood
        anchors = [e.anchor for e in events if e.kind == "anchor" and e.start >= base + lead]
        clauses = _phase_periods(full, split_clauses(text, base, anchors, start=lead), events)
        zone = [e for e in events if e.start >= base + lead]
        targets, mood = _targets(full, zone, clauses, carried)
        carry.mood = mood if mood is not None and mood.kind == "forecast" else None
        is_request = mood is not None and mood.kind == "marker" and mood.entry.kind == "request"
        mentions: list[_Mention] | None = None
        if is_request and mood is not continued:
            # Only the words right after the verb are read when no row needs the whole sentence.
            mentions = _mentions(
                doc, base, stop if targets else min(stop, mood.end + 80), officials
            )
            carry.request, carry.addressee = mood, _addressee(full, mentions, mood)
            if not targets:
                mentions = None
        elif not is_request:
            carry.request = None
        outer = [c for c in clauses if not c.inner]
        if not targets:
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
                before = _mentions(doc, clause.start, marker.start, officials)
                subject = _subject(full, before, clause, marker)
                if subject is not None:
                    last_actor[paragraph] = (subject.label, subject.public)
            continue
        if mentions is None:
            mentions = _mentions(doc, base, stop, officials)
        follow_up = bool(_FOLLOW_UP.search(text))
        first_target = _first_target(events, outer[0]) if outer else stop
        for target in targets:
            clause = target.clause
            deadline, how = _own_deadline(full, clause, deadlines), ""
            if deadline is None and not clause.inner:
                deadline, how = _sentence_deadline(
                    full, clause, outer, deadlines, base + lead, first_target
                )
            if deadline is None and follow_up and last_deadline is not None:
                deadline, how = last_deadline, "dl.inherit.follow_up"
            if deadline is not None and deadline.year and doc_year and deadline.year < doc_year:
                continue
            label, actor_rule = None, ""
            if continued is not None and target.marker is continued and carry.addressee:
                label, actor_rule = carry.addressee, "actor.request_list"
            else:
                first_anchor = target.anchors[0].start
                actor = _actor(full, mentions, clause, target.marker, first_anchor, base + lead)
                if actor is not None and not actor.public:
                    continue
                if actor is not None:
                    label, actor_rule = actor.label, actor.rule
            if label is None and paragraph in last_actor:
                label, public = last_actor[paragraph]
                if not public:
                    continue  # the paragraph is about a company's (or a person's) own plan
                actor_rule = "actor.paragraph"
            if label is None and _FALLBACK_MAIN_LOCALITY:
                label, actor_rule = _main_locality(doc), "actor.main_locality"
            if label is None and _REQUIRE_ACTOR:
                continue  # no public body acts: a private, foreign or personal plan
            row = _row(doc, target, deadline, how, label, actor_rule, officials, full[base:stop])
            if label:
                last_actor[paragraph] = (label, True)
            if deadline is not None and deadline.year:
                last_deadline = deadline
            rows.append(row)
            # A continued request is judged with the verb that governs it (`yêu cầu Thực hiện
            # nộp vào ngân sách ...`), as a `;`-list item is judged with its sentence's verb.
            governs = f"{full[continued.start : continued.end]} " if continued is not None else ""
            contexts.append(governs + full[base + lead : clause.end])
    return _classified(rows, contexts)


def _classified(rows: list[CommitmentRow], contexts: list[str]) -> list[CommitmentRow]:
    """The rows the clause classifier does not veto (all of them when it is switched off).

    The classifier reads the sentence up to the end of the clause, so that a clause continuing
    a list (`...; hơn 1.755 ha cho các dự án an ninh`) is judged with the verb that governs it.
    """
    if not USE_CLASSIFIER or not rows:
        return rows
    from pipeline.commitments_model import THRESHOLD, commitment_probability

    scores = commitment_probability(contexts)
    return [row for row, score in zip(rows, scores, strict=True) if score >= THRESHOLD]


def _row(
    doc: Doc,
    target: _Target,
    deadline: _Deadline | None,
    deadline_rule: str,
    actor: str | None,
    actor_rule: str,
    officials: Sequence,
    sentence: str,
) -> CommitmentRow:
    """The row for one target."""
    full = _text(doc)
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
        article_id=doc._.article_id,
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


__all__ = ["extract_commitments"]
