"""`rules/commitments.toml` compiled once per process: entries, groups, vetoes."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from pipeline.extractors.commitments.scan import _any_of, _AnyOf, _Group, _group, _words
from pipeline.rules import load
from pipeline.text.fastre import WordFinder

log = logging.getLogger(__name__)


_DIGIT = re.compile(r"\d")
# The look-behinds of these patterns stand after their first characters, not before: the
# regex engine then skips to the places where a year or a date can start instead of trying
# every character (three times faster; the same matches).
_YEAR_RE = re.compile(r"(?:19|20)(?<!\d\d\d)\d\d(?!\d)")
#: The words the code's own small patterns read (rules/commitments.toml, [words]).
_WORDS: dict = load("commitments")["words"]
_NEGATION = re.compile(rf"(?<!\w)(?:{_WORDS['negation']})\s+$", re.IGNORECASE)
_FULL_DATE = re.compile(r"\d(?<![\w/]\d)\d?/\d{1,2}/((?:19|20)\d\d)(?![\w/])")
_NGAY_TAIL = re.compile(rf"\s*{_WORDS['day']}\s*$", re.IGNORECASE)
_TIME_UNITS = tuple(_WORDS["time_units"])
_NOTHING = re.compile("")
_TYPE_ALIASES: dict[str, str] = dict(_WORDS["type_aliases"])
_YEAR = r"(?:19|20)\d\d"
_KEY_WORDS = 10


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
    opens: bool = False  # a body that is a subject only where it opens a phrase (`Việt Nam`)
    source: str = field(default="", compare=False)  # the pattern before any `follow` lookahead


@dataclass(frozen=True)
class _Rules:
    futures: _Group  # markers of the future or of obligation
    moods: _Group  # past markers and forecasts
    veto: _AnyOf  # every veto
    veto_continued: _AnyOf  # the vetoes that still hold in a public body's request list
    continuation: re.Pattern[str]  # a sentence opening with a bare verb of a directive
    breakdown: re.Pattern[str]  # a sentence opening a breakdown of the target before it
    breakdown_id: str  # the rule id its rows carry
    breakdown_chain: re.Pattern[str]  # a sentence running a breakdown on (`Có 3 dự án ...`)
    back_reference: re.Pattern[str]  # a sentence giving the tasks before it their deadline
    back_reference_id: str
    phase_back: re.Pattern[str]  # a sentence listing the items of the phase just dated
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
    addressee: re.Pattern[str]  # a generic body asked, right after a request verb
    anaphora: re.Pattern[str]  # words that make an addressee phrase point back (`đơn vị này`)
    lower_subject: re.Pattern[str]  # a lower-case subject ending right before a marker
    unstated: re.Pattern[str]  # a sentence opening with a schedule that names no actor

    @cached_property
    def deadline_words(self) -> WordFinder:
        """The indices of the `deadlines` whose words occur in a lower-cased text, in one
        scan (`events._deadlines`); a rule whose words are unknown is in none."""
        return WordFinder.of_parts([words for _entry, words in self.deadlines])


def _entries(rules: dict, section: str, substitutions: Mapping[str, str] | None = None) -> tuple:
    out = []
    for entry in rules.get(section, []):
        pattern = entry["pattern"]
        for placeholder, value in (substitutions or {}).items():
            pattern = pattern.replace(placeholder, value)
        flags = 0 if entry.get("case") else re.IGNORECASE
        wrapped = pattern if section == "veto" else _bounded(pattern)
        if entry.get("follow"):
            follow = rules["objects"][entry["follow"]]
            for placeholder, value in (substitutions or {}).items():
                follow = follow.replace(placeholder, value)
            wrapped += rf"(?=\s*(?:{follow}))"
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
                opens=bool(entry.get("opens", False)),
                source=pattern if section == "veto" else _bounded(pattern),
            )
        )
    return tuple(out)


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
    types = _WORDS["body_locality_types"]
    loc = rf"\s*(?:{types})(?:\.?\s*(?:{cap_word}(?:\s+{cap_word})*|\d+))?"
    # A department's words as usually written, first letter capitalised (`Tài nguyên`, `Giao
    # thông vận tải`), tried before a bare capitalised word so the name is not cut at `Tài`.
    known = "|".join(
        re.escape(w[0].upper() + w[1:])
        for w in sorted(rules["actors"]["name_tail"], key=len, reverse=True)
    )
    stops = rf"(?!(?:{rules['actors']['name_stops']})(?!\w))"
    word = rf"{stops}(?:(?:{known})(?!\w)|{abbr}|{cap_word})"
    name = (
        rf"(?:\s+{word})(?:\s+(?:{word}|(?:{_WORDS['name_joiners']})\s+{word}))*"
        rf"(?:\s+(?:{tail})(?!\w))*"
    )
    subs = {"{LOC}": loc, "{NAME}": name, "{TAIL}": rf"(?:\s+(?:{tail})(?!\w))+"}
    # The bare verbs opening a plan's or a request's next item (`[breakdown]`, `[continuation]`).
    item_verbs = [*rules["continuation"]["verbs"], *rules["breakdown"]["verbs"]]
    # A request's next task opens with one of its verbs or a bare modal (`Đồng thời, cần ...`).
    directives = [*rules["continuation"]["verbs"], *rules["continuation"]["modals"]]
    return _Rules(
        futures=_group(
            _entries(rules, "marker", {"{CAP}": cap, "{REQUEST}": rules["objects"]["request"]})
        ),
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
            rf"(?:{'|'.join(map(re.escape, directives))})(?!\w)",
            re.IGNORECASE,
        ),
        # Matched at the sentence's start in the article's text (`match(text, start)`).
        breakdown=re.compile(
            rf"\W*(?:{rules['breakdown']['openers']}"
            rf"|(?:(?:{rules['continuation']['connectives']})\s*,?\s+)?"
            rf"(?:{'|'.join(map(re.escape, item_verbs))}))(?!\w)",
            re.IGNORECASE,
        ),
        breakdown_id=rules["breakdown"]["id"],
        breakdown_chain=re.compile(
            rf"\W*(?:(?:{rules['breakdown']['chain']})\s+)?\d", re.IGNORECASE
        ),
        back_reference=re.compile(rf"\W*{rules['lists']['back_reference']}", re.IGNORECASE),
        back_reference_id=rules["lists"]["id"],
        phase_back=re.compile(rf"\W*{rules['lists']['phase_back']}", re.IGNORECASE),
        statuses=_group(_entries(rules, "status", {"{CAP}": cap})),
        # Exclusions first, whatever their place in the file, so that one appended in a later
        # block still takes its span before a deadline rule can (the first rule wins a place).
        deadlines=tuple(
            (e, _words(e))
            for e in sorted(
                _entries(rules, "deadline", {"Y": _YEAR}), key=lambda e: e.kind != "exclude"
            )
        ),
        durations=tuple(
            (e, _words(e)) for e in _entries(rules, "duration", {"N": f"(?:{number})"})
        ),
        bodies=_entries(rules, "body", subs),
        not_actors=_entries(rules, "not_actor"),
        reporting=_entries(rules, "reporting"),
        attribution=re.compile(rules["attribution"]["pattern"]),
        numbers=numbers,
        bare_type=re.compile(
            rf"(?<!\w)({_WORDS['bare_types']}|TP)(?!\w)"
            rf"(?!\.?\s*(?-i:{cap}|\d))",
            re.IGNORECASE,
        ),
        type_word=re.compile(rf"({_WORDS['bare_types']}|TP\.?)(?!\w)"),
        preposition=re.compile(rules["actors"]["prepositions"]),
        title=re.compile(rules["actors"]["titles"]),
        implied_type={k: v for k, v in rules["implied_type"].items() if k != "id"},
        adverbs=re.compile(rf"(?<!\w)(?:{rules['actors']['adverbs']})(?!\w)"),
        anaphora=re.compile(rf"(?<!\w)(?:{rules['actors']['addressee_anaphora']})(?!\w)"),
        unstated=re.compile(rf"\W*(?:{rules['actors']['unstated_openers']})(?!\w)"),
        lower_subject=re.compile(
            rf"(?:^|[,;:“\"(]\s*|(?<=\s))((?:{rules['actors']['subject_heads']})(?!\w)"
            rf"(?:\s+(?!(?:{rules['actors']['subject_stops']})(?!\w))[^\s,;:.()“”\"]+){{0,6}}?)"
            rf"\s+(?:(?:{rules['actors']['adverbs']})\s+)*$"
        ),
        addressee=re.compile(
            rf"\s*((?:{rules['actors']['addressee_heads']})(?!\w)"
            rf"(?:\s+(?!(?:{rules['actors']['addressee_stops']})(?!\w))[^\s,;.:()\"“”]+){{0,8}}?)"
            rf"(?=\s+(?:{rules['actors']['addressee_stops']})(?!\w)|\s*[,;.:()\"“”]|$)"
        ),
        unknown_subject=re.compile(
            rf"(?<!\w)((?!(?:{rules['actors']['known_heads']})(?!\w)){cap}[\w&.-]*"
            rf"(?:\s+{cap}[\w&.-]*){{0,2}})\s+(?:(?:{rules['actors']['adverbs']})\s+)*$"
        ),
    )


_FIGURE_ENTRY = _Entry("figure", _NOTHING)
