"""The era of an article: the administrative map in force when it was written.

Vietnam changed maps on 1 July 2025 (63 → 34 provinces, no districts, communes and wards
directly under a province, special zones). The localities extractor types and links units in
the map of the article's era (`pipeline.gazetteer`: legacy units, and `NewMap`).

Which era, in order:
1. `--as-of DATE` (`doc._.as_of`, set by `pipeline.nlp.make_doc`): the user knows;
2. `published_at`, with 1 July 2025 as the boundary;
3. for an undated article, evidence in the text (rules/era.toml): the latest year it reports
   (not a target year: `đến năm 2030`), wording of the reform (`chính quyền địa phương hai
   cấp`, `sau sáp nhập`, `(cũ)`, `đặc khu`), communes only the new map has and districts
   written as living units. A full date on or after 1 July 2025 decides; otherwise the weight
   of the new evidence against the old decides, with a higher bar the earlier the year.

The result is computed once per article and kept in `doc.user_data["era"]`; the `articles`
table shows it in its `era` column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from pipeline import gazetteer as gaz
from pipeline.article import parse_date
from pipeline.rules import load
from pipeline.text import fastre
from pipeline.text.keys import name_key

OLD = "old"
NEW = "new"

# A full date (`16-6-2025`, `1/7/2025`, `ngày 1 tháng 7 năm 2025`) and a plain year (after
# `năm`, or the start of a span `2025-2030`); four digits 1945-2099, not inside a number.
# Each shape is scanned apart by a pattern that opens with the character class of its first
# character and only then looks behind it: the regex engine then skips at once to the places
# where a match can start instead of trying every character (a third faster than one
# alternation behind a look-ahead; the same matches, see `written_date`). `[Nn]` is what
# `(?i:n)` matches.
_DMY = re.compile(r"(\d(?<![\d.,/]\d)\d?)[/.-](\d{1,2})[/.-]((?:19[4-9]|20\d)\d)(?!\d)")
_WORDED_DATE = re.compile(
    r"[Nn](?i:gày) (\d{1,2}) (?i:tháng) (\d{1,2}) (?i:năm) ((?:19[4-9]|20\d)\d)(?!\d)"
)
_YEAR_AFTER_NAM = re.compile(r"[Nn](?<![\d.,/-][Nn])(?i:ăm) ((?:19[4-9]|20\d)\d)(?![\d.,]\d)")
_YEAR_OPENING_RANGE = re.compile(
    r"((?:1(?<![\d.,/-]1)9[4-9]|2(?<![\d.,/-]2)0\d)\d)(?=\s?[-–]\s?(?:19|20)\d\d)(?![\d.,]\d)"
)
_UPPER = "A-ZĐÀ-ỸẠ-Ỹ"
_NAME = rf"[{_UPPER}]\w*(?: [{_UPPER}]\w*)*"


@dataclass(frozen=True)
class Era:
    """`name` is `old` or `new`; `on` the day the map is read at (for an undated old-era article,
    30 June of the year it reports, when later than the assumed corpus date); `rule` why."""

    name: str
    on: date
    rule: str
    #: `written_date` of the text when the era was read from it (undated articles), so that
    #: extractors needing the reported year read it here instead of scanning the text again.
    written: tuple[date | None, int | None] | None = None

    @property
    def is_new(self) -> bool:
        return self.name == NEW


class _Rules:
    """rules/era.toml compiled once."""

    def __init__(self) -> None:
        rules = load("era")
        settings = rules["settings"]
        self.boundary = date.fromisoformat(settings["boundary"])
        self.assumed = date.fromisoformat(settings["assumed_date"])
        self.needs_without_year = int(settings["needs_without_year"])
        self.needs_before = int(settings["needs_before_2025"])
        self.needs_in_2025 = int(settings["needs_in_2025"])
        self.cap = int(settings["cap_per_cue"])
        years = rules["years"]
        self.year_id = years["id"]
        targets = "|".join(map(re.escape, sorted(years["target_before"], key=len, reverse=True)))
        between = "|".join(map(re.escape, years["target_between"]))
        self.target = re.compile(rf"(?i:(?:{targets})(?: (?:{between}))?(?: năm| ngày)?)\s*$")
        self.cues = [
            (
                entry["id"],
                re.compile(f"(?i:{entry['pattern']})"),
                _folded_twin(entry),
                int(entry["weight"]),
                bool(entry.get("unit", False)),
            )
            for entry in rules["cue"]
        ]
        #: For each cue, the words one of which its every match holds (` cũ`), None when
        #: unknown: a lower-cased text with none of them is not scanned for the cue.
        self.cue_words = [
            fastre.needed_words(pattern.pattern, pattern.flags) for _id, pattern, *_ in self.cues
        ]
        units = rules["units"]
        self.units = units
        self.new_unit = re.compile(rf"(?<!\w)(?i:{units['new_types']}) ({_NAME})")
        # The same in two steps, when the text lower-cases safely: the type word found in the
        # lower-cased text (fast), then the capitalised name after it in the text itself.
        # (No look-behind in it: one at the front stops `re` from skipping ahead to the
        # letters a type word can start with; `_new_unit_names` checks the word start.)
        self.new_type_folded = re.compile(rf"(?:{units['new_types'].lower()}) ")
        self.name_run = re.compile(_NAME)
        self.old_unit = re.compile(rf"(?<!\w)(?:{units['old_types']}|(?i:huyện|quận)) ({_NAME})")
        self.former = re.compile(units["former_after"])


def _folded_twin(entry: dict) -> re.Pattern[str] | None:
    """The cue compiled case-sensitively, to run on the lower-cased text (`fastre.lowered`):
    a case-insensitive pattern is several times slower, and every undated article tries every
    cue. None when that would change what matches: a cue with a case-sensitive part
    (`(?-i:…)`) or an upper-case letter or escape (`\\S`), or whose group must name a unit."""
    pattern = entry["pattern"]
    if entry.get("unit") or "(?-i:" in pattern or pattern != pattern.lower():
        return None
    return re.compile(pattern)


@cache
def _rules() -> _Rules:
    return _Rules()


def written_date(text: str) -> tuple[date | None, int | None]:
    """(latest full date, most frequent plain year) the text reports as past or present.

    Targets are not evidence of when it was written: a year or date right after `đến`,
    `trước`, `tầm nhìn`... (rules/era.toml `[years]`) is skipped. Plain years are counted and
    the most frequent wins (the earliest on a tie): targets without a marker are rarely
    repeated, and a tie of a past and a future year is more often a target than not.
    """
    rules = _rules()
    latest: date | None = None
    # A digit date and a worded one never overlap (one is digits and separators, the other
    # opens with `ngày`), so scanning them apart finds what one alternation of both finds.
    for pattern in (_DMY, _WORDED_DATE):
        for match in pattern.finditer(text):
            if rules.target.search(text, max(0, match.start() - 24), match.start()):
                continue
            day, month, year = (int(g) for g in match.groups())
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            latest = found if latest is None or found > latest else latest
    counts: dict[int, int] = {}
    # A year after `năm`, or opening a range of years (`2016-2020`). The year of `năm
    # 2016-2020` is both and counts once, as `năm 2016` (one alternation of the two shapes
    # would have taken it so, and gone on after it).
    after_nam: set[int] = set()
    for match in _YEAR_AFTER_NAM.finditer(text):
        after_nam.add(match.start(1))
        if not rules.target.search(text, max(0, match.start() - 24), match.start()):
            year = int(match.group(1))
            counts[year] = counts.get(year, 0) + 1
    for match in _YEAR_OPENING_RANGE.finditer(text):
        if match.start() in after_nam:
            continue
        if not rules.target.search(text, max(0, match.start() - 24), match.start()):
            year = int(match.group(1))
            counts[year] = counts.get(year, 0) + 1
    plain = max(counts, key=lambda y: (counts[y], -y)) if counts else None
    return latest, plain


def _new_only(key: str) -> bool:
    """True when a commune, ward or special zone of this name key exists in the new map only
    (`phường Buôn Hồ`: the old map has the thị xã, no ward; `Thổ Châu` was a commune before
    it became a special zone, so it is in both)."""
    gazetteer = gaz.get()
    return bool(gazetteer.new_map.match(key, "ward")) and not gazetteer.match(key, level="ward")


def _unit_name(run: str, known) -> str:
    """The longest front of a capitalised run that `known` accepts, as a name key, else "":
    `Buôn Hồ` of `phường Buôn Hồ Phạm Văn Dũng` (the run goes on into a person's name)."""
    words = name_key(run).split(" ")
    for count in range(min(len(words), 5), 0, -1):
        key = " ".join(words[:count])
        if known(key):
            return key
    return ""


def _any_ward(key: str) -> bool:
    gazetteer = gaz.get()
    return bool(gazetteer.new_map.match(key, "ward") or gazetteer.match(key, level="ward"))


def _is_word_char(char: str) -> bool:
    """What `\\w` matches in a `str` pattern: letters, digits and numerics of any script, `_`."""
    return char.isalnum() or char == "_"


def _new_unit_names(rules: _Rules, text: str, low: str | None) -> list[str]:
    """Group 1 of every match of `rules.new_unit` in `text`, found through its lower-cased
    twin when `low` (`fastre.lowered(text)`) allows: a type word inside a name already taken
    (`phường Xã Đàn`) starts no match of its own, as in one `finditer`."""
    if low is None:
        return [m.group(1) for m in rules.new_unit.finditer(text)]
    names: list[str] = []
    taken = 0
    for found in rules.new_type_folded.finditer(low):
        start = found.start()
        if start < taken or (start and _is_word_char(low[start - 1])):
            continue
        name = rules.name_run.match(text, found.end())
        if name is not None:
            names.append(name.group())
            taken = name.end()
    return names


def evidence(text: str, needs: int | None = None) -> tuple[int, list[str]]:
    """(weight for the new map minus weight for the old, ids of the cues found).

    With `needs`, the old-map evidence (units written as still existing: the costly part, a
    gazetteer look-up per capitalised run) is only weighed when the new-map evidence reaches
    `needs`: it can only lower the score, so below `needs` the verdict is the old map anyway.
    """
    rules = _rules()
    score, found = 0, []
    known = gaz.get().known
    low = fastre.lowered(text)
    for (rule_id, pattern, folded, weight, unit), words in zip(
        rules.cues, rules.cue_words, strict=True
    ):
        if low is not None and words is not None and not any(word in low for word in words):
            continue  # no match can be found: count 0
        if folded is not None and low is not None:
            matches = folded.finditer(low)
        else:
            matches = pattern.finditer(text)
        if unit:  # group 1 must name a unit (`Ninh Bình cũ`, not `iPhone cũ`)
            matches = (m for m in matches if known(name_key(m.group(1))))
        count = min(sum(1 for _ in matches), rules.cap)
        if count:
            score += count * weight
            found.append(rule_id)
    units = rules.units
    new_names = {_unit_name(run, _any_ward) for run in _new_unit_names(rules, text, low)}
    new_names = {key for key in new_names if key and _new_only(key)}
    if new_names:
        score += min(len(new_names), rules.cap) * int(units["new_weight"])
        found.append(units["new_id"])
    if needs is not None and score < needs:
        return score, found
    living = {
        _unit_name(m.group(1), known)
        for m in rules.old_unit.finditer(text)
        if not rules.former.match(text, m.end())
    }
    living.discard("")
    if living:
        score += min(len(living), rules.cap) * int(units["old_weight"])
        found.append(units["old_id"])
    return score, found


def infer(text: str) -> Era:
    """The era of an undated text (module docstring, step 3)."""
    rules = _rules()
    written = latest, plain = written_date(text)
    if latest is not None and latest >= rules.boundary:
        return Era(NEW, latest, f"{rules.year_id}:{latest.isoformat()}", written)
    year = latest.year if latest is not None else plain
    if year is None:
        needs = rules.needs_without_year
    elif year >= rules.boundary.year:
        needs = rules.needs_in_2025
    else:
        needs = rules.needs_before
    score, found = evidence(text, needs)
    why = ",".join(found)
    tag = f"{rules.year_id}:{year};{why}".rstrip(";") if year else why
    if score >= needs:
        on = date(year, 1, 1) if year and year > rules.boundary.year else rules.boundary
        return Era(NEW, on, tag, written)
    if year is None or year >= rules.boundary.year:
        # No year, or a year of 2025 or later without reform wording: a target (`dự báo năm
        # 2030`), so the year says nothing of when the article was written.
        return Era(OLD, rules.assumed, tag or "era.assumed", written)
    # What a text reports happened by the time it was written: its year is a lower bound
    # (`năm 1975` in a 2017 story says little), so the assumed date holds unless later.
    return Era(OLD, max(rules.assumed, date(year, 6, 30)), tag, written)


def article_era(text: str, published_at: str = "", as_of: str = "") -> Era:
    """The era of one article: `as_of`, else `published_at`, else the text (module docstring)."""
    rules = _rules()
    for value, rule in ((as_of, "era.as_of"), (published_at, "era.published_at")):
        day = parse_date(value)
        if day is not None:
            return Era(NEW if day >= rules.boundary else OLD, day, rule)
    return infer(text)


def doc_era(doc) -> Era:
    """The era of the article of `doc`, computed once and kept in `doc.user_data["era"]`."""
    cached = doc.user_data.get("era")
    if cached is not None:
        return cached
    from pipeline.nlp import doc_text  # nlp imports nothing of this module; kept lazy anyway

    text = doc_text(doc)
    published = str(getattr(doc._, "published_at", "") or "")
    era = article_era(text, published, str(getattr(doc._, "as_of", "") or ""))
    doc.user_data["era"] = era
    return era


__all__ = ["NEW", "OLD", "Era", "article_era", "doc_era", "infer", "parse_date", "written_date"]
