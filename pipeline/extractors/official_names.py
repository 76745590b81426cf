"""Names and the item look-ups the officials scanner shares (see `officials.py`).

What a sentence's items are (`official_lexicon.Item`) is read here: where a run of capitalised
syllables ends (`_run_end`), how much of it is a place and how much a personal name
(`_split_run`, scored with the surname list, the places the article and the gazetteer know and
the usual name lengths), and the one-item look-ups the title grammar needs (`_body_at`,
`_title_start`, `_stops`). The records the scanner makes (`Title`, `Mention`) and the per-article
`Context` are defined here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extractors.official_lexicon import Entry, Item, Lexicon, gazetteer_place
from pipeline.rules import load
from pipeline.text.keys import name_key

# Keys of the function words the scanner compares items with (keys are not plain text).
_WORDS = load("admin")["function_words"]
_VA, _SO, _KIEM, _LA, _CUA = (
    name_key(_WORDS[role]) for role in ("and", "number", "concurrently", "is", "of")
)
_LEN_BONUS = {2: 0.3, 3: 1.0, 4: 0.8, 5: 0.3}  # Vietnamese names: mostly three syllables
# Names without a known surname: four or five syllables are rarely one foreign name (`Samsung
# Electronics Lee Kun-hee` is a company, then a name).
_FOREIGN_LEN_BONUS = {2: 0.5, 3: 0.5, 4: -1.0, 5: -1.5}
_NO_NAME_BASE = 2.0
_BRACKETS = re.compile(r"\s*\([^()]*\)")
_FOREIGN_SHAPE = 3.0  # a run with a non-Vietnamese syllable after a title: a foreigner's name


@dataclass
class Title:
    """A parsed title: its text (without the place) and what its locality depends on."""

    text: str
    role: Entry
    organization: str
    place_label: str | None = None  # explicit Vietnamese place, `<type> <name>`
    implied_type: str | None = None  # a type word without a name, or the type a body implies
    level: str | None = None  # province | local: resolved from context when nothing is written
    national: bool = False
    foreign: bool = False
    private: bool = False
    has_body: bool = False
    start: int = 0  # character offset, for the nearest-mention search
    sentence_start: int = 0
    paragraph: int = 0


@dataclass
class Mention:
    """A name in a sentence, with the titles attached to it there."""

    keys: tuple[str, ...]
    text: str
    start: int
    end: int
    sentence: str
    paragraph: int
    titles: list[Title]
    rule: str


@dataclass
class Context:
    """Per-article facts: places the article names and what a bare `Đại biểu` sits in."""

    places: dict[str, str]  # name key -> label of a unit the article names
    mentions: list[
        tuple[int, str, str, int, str, int]
    ]  # (start, type, label, paragraph, province, end)
    assembly: str  # `HĐND` or `Quốc hội`
    mention_starts: list[int] = field(default_factory=list)


@dataclass
class Parsed:
    """A title, the index after what was read, and the name found right after it (if any)."""

    title: Title
    end: int
    name: tuple[int, int] | None = None
    short: bool = False


# --------------------------------------------------------------------------------------------
# Names and places inside capitalised runs.


def _place_label(keys: tuple[str, ...], ctx: Context) -> str | None:
    """The label of the Vietnamese place with these keys, if the article or gazetteer knows it."""
    key = " ".join(keys)
    if key in ctx.places:
        return ctx.places[key]
    found = gazetteer_place(key)
    return found if found else None


def _is_place(keys: tuple[str, ...], ctx: Context, lex: Lexicon) -> bool:
    key = " ".join(keys)
    if key in ctx.places or key in lex.countries or key in lex.not_names:
        return True
    return gazetteer_place(key) is not None


def _name_after_place(place: tuple[str, ...], first: str, lex: Lexicon) -> bool:
    """After a place, `first` starts someone's name: a country (`Thổ Nhĩ Kỳ Erdogan`), a surname
    (`Hà Nội Nguyễn...`) or a foreign syllable follows. `Đồng Văn Tám` is a name that merely
    begins like a district."""
    return (
        " ".join(place) in lex.countries or first in lex.surname_weight or lex.foreign_word(first)
    )


def _country_inside(keys: tuple[str, ...], a: int, lex: Lexicon) -> bool:
    """A country of two syllables (`New Zealand`, `Hoa Kỳ`), or of one no Vietnamese word has
    (`Canada`), starts at `a`. One-syllable Vietnamese ones are given names too (`Mỹ`, `Nga`),
    and Vietnamese names may hold a two-syllable one (`Dương Trung Quốc`): asked only of runs
    without a Vietnamese surname."""
    if " ".join(keys[a : a + 2]) in lex.country_names and a + 2 <= len(keys):
        return True
    return keys[a] in lex.country_names and lex.foreign_word(keys[a])


def _name_score(
    keys: tuple[str, ...],
    ctx: Context,
    lex: Lexicon,
    foreign_ok: float = 0.0,
    *,
    shape_ok: bool = True,
) -> float:
    """How much a run reads as a personal name: a surname (or an Ê Đê `Y`/`H'` prefix), a
    middle name, a usual length. Without a known surname a name is only likely where a
    foreigner is expected (`foreign_ok`: 0 with a foreign country in the title, 1 after a foreign
    office such as `Tổng thống`, -2 otherwise); a syllable no Vietnamese word has makes it
    likely where a foreign official may stand (`shape_ok`: not after a bare `Chủ tịch`, which
    as often heads a foreign club or firm)."""
    if keys and keys[0] in lex.particles:
        return float("-inf")  # `der Leyen`: a particle never starts a name
    m = len([k for k in keys if k not in lex.particles])  # `von der` not counted
    if m < 2 or m > 5 or _is_place(keys, ctx, lex) or " ".join(keys) in lex.historical:
        return float("-inf")
    if keys[0] in lex.delegation_words and _is_place(keys[1:], ctx, lex):
        return float(
            "-inf"
        )  # `Đại biểu Quốc hội Đoàn Gia Lai`: a delegation, not `Đoàn` the surname
    if keys[0] in lex.countries or any(
        _is_place(keys[:j], ctx, lex) and _name_after_place(keys[:j], keys[j], lex)
        for j in (2, 3)
        if j < m
    ):
        return float("-inf")  # `Thổ Nhĩ Kỳ Erdogan`, `Hà Nội Nguyễn...`: a place, then a name
    foreign_words = [lex.foreign_word(k) for k in keys]
    if keys[0] in lex.prefixes and m >= 3:
        score = 3.0
    elif keys[0] in lex.surname_weight and not _mixed(foreign_words):
        score = lex.surname_weight[keys[0]]
    else:
        if any(_country_inside(keys, a, lex) for a in range(len(keys))):
            return float("-inf")  # `Thương New Zealand`: a country inside is no foreign name
        # A syllable no Vietnamese word has (`Theresa`, `Modi`) is a foreigner's name.
        shape = _FOREIGN_SHAPE if shape_ok and any(foreign_words) else 0.0
        return foreign_ok + _FOREIGN_LEN_BONUS[m] + shape
    score += _LEN_BONUS[m]
    if m >= 3 and keys[1] in lex.middles:
        score += 1.0
    return score


def _split_run(
    run: tuple[str, ...],
    ctx: Context,
    lex: Lexicon,
    *,
    typed: bool,
    expect_name: bool,
    foreign_ok: float = 0.0,
    named: bool = False,
    shape_ok: bool = True,
) -> int:
    """How many leading syllables of a capitalised run are a place (`len(run)`: no name).

    Every cut is scored: a known place before it, a surname, a middle name and a usual length
    after it. After a type word (`huyện Hoàng Anh Tuấn`) an empty place costs a little (the
    name is usually there); where no name is expected (an apposition), a name costs more. Right
    after a named body's head (`named`: `Bộ`, `Sở`...) the leading part is the body's name.
    """
    n = len(run)
    best_k, best = n, float("-inf")
    known = max((j for j in range(2, n + 1) if _is_place(run[:j], ctx, lex)), default=0)
    for k in range(n, -1, -1):
        if 0 < k < known:
            continue  # never cut inside a known place (`Thổ Nhĩ | Kỳ Erdogan`)
        if k == 0:
            place = -1.5 if typed or named else 0.0
        elif named:
            place = 0.5 if k <= 4 else -2.0  # the body's own name: `Bộ Công Thương Trần Tuấn Anh`
        elif _is_place(run[:k], ctx, lex):
            place = 2.0
        elif typed:
            place = 0.5 if k <= 4 else -2.0
        else:
            place = -1.0 if k <= 3 else -3.0
        if k == n:
            score = place + _NO_NAME_BASE + (0.0 if expect_name else 1.0)
        else:
            shape = shape_ok or any(key in lex.countries for key in run[:k])  # `Anh John ...`
            score = place + _name_score(run[k:], ctx, lex, foreign_ok, shape_ok=shape)
        if score > best:
            best, best_k = score, k
    return best_k


def _mixed(foreign_words: list[bool]) -> bool:
    """A Vietnamese-looking first syllable before foreign ones (`Kim Jong-un`, `Âu Angela
    Merkel`): not a Vietnamese surname here, a Korean one or a place word."""
    return not foreign_words[0] and any(foreign_words[1:])


def _good_name(keys: tuple[str, ...], ctx: Context, lex: Lexicon, *, need_surname: bool) -> bool:
    """A run read as a whole name (after a comma, an honorific, or opening a clause)."""
    if _name_score(keys, ctx, lex) == float("-inf"):
        return False
    if not need_surname:
        return True
    if _mixed([lex.foreign_word(k) for k in keys]):
        return False  # `châu Âu Angela Merkel` opening a clause
    return lex.surname_weight.get(keys[0], 0.0) >= 2 or (keys[0] in lex.prefixes and len(keys) >= 3)


_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|an|as|ar)-[^\W\d_]")


def _particle(items: list[Item], j: int, lex: Lexicon) -> bool:
    """A lower-case particle inside a foreign name: `al-Abadi`, `von der` or `bin` between
    capitalised syllables (`Ursula von der Leyen`, `Sultan bin Ahmed`)."""
    item = items[j]
    if not item.is_word or item.cap or j == 0:
        return False
    if not (items[j - 1].name_like or _ARABIC_ARTICLE.match(items[j - 1].text)):
        if not (j >= 2 and items[j - 1].key in lex.particles and items[j - 2].name_like):
            return False
    if _ARABIC_ARTICLE.match(item.text):
        return True
    following = j + 1
    while following < len(items) and items[following].key in lex.particles:
        following += 1  # `von der`
    return item.key in lex.particles and following < len(items) and items[following].name_like


def _run_end(items: list[Item], i: int, lex: Lexicon) -> int:
    """End of the run of name-like syllables from `i` (up to a title, body or type word)."""
    j = i
    breaks = lex.run_breaks
    while j < len(items) and (
        items[j].name_like
        or (
            j > i
            and (items[j].key in lex.particles or "-" in items[j].text)
            and _particle(items, j, lex)
        )
    ):
        if items[j].key not in breaks:
            j += 1  # no title, body, type word, honorific or stop word starts here
            continue
        if _title_start(items, j, lex) or _body_at(items, j, lex) or lex.type_words.match(items, j):
            break
        if j > i and lex.honorifics.match(items, j):
            break  # `Việt Nam Ông Trần Quang Tấn`: a new sentence after a missing full stop
        if j > i and (stop := lex.stop_words.match(items, j)) is not None:
            after = j + len(stop.keys)
            if (
                after < len(items)
                and items[after].is_word
                and not items[after].cap
                and (j - i >= 3 or items[j].key not in lex.middles)
            ):
                break  # `Đỗ Văn Sinh Vì vậy`: a clause opener after a missing full stop
                # (`Trần Hữu Thế khẳng định`: `Thế` ends a two-syllable run as a given name)
        j += 1
    return j


def mark_name_tails(items: list[Item], lex: Lexicon) -> list[Item]:
    """The items with a given name typed in lower case made a name syllable (`Lê Minh tuấn`).

    Only a syllable of `lex.name_tails` (rules/surnames.toml `given_names` less
    `not_name_tails`), alone in its token (`tuấn`, not `bình` of `bình luận`), one space after
    two or three name syllables that open with a surname."""
    out = items
    for k in range(2, len(items)):
        item = items[k]
        if item.cap or not item.is_word or item.key not in lex.name_tails:
            continue
        if k + 1 < len(items) and items[k + 1].token == item.token:
            continue  # the first syllable of a word (`tâm sự`)
        if not items[k - 1].name_like or items[k - 1].end + 1 != item.start:
            continue
        opener = next(
            (
                j
                for j in (k - 3, k - 2)
                if j >= 0
                and all(it.name_like for it in items[j:k])
                and lex.surname_weight.get(items[j].key, 0.0) >= 2
            ),
            None,
        )
        if opener is None:
            continue  # `Ông Lê Minh tuấn`: the run may hold an honorific before the surname
        if out is items:
            out = list(items)
        out[k] = item._replace(cap=True, name_like=True)
    return out


def _blocked_before(items: list[Item], i: int, lex: Lexicon) -> bool:
    """A name right after `đường`, `tư tưởng`, `cử tri`, `Ảnh:`, `PV`... is not an official's."""
    j = i - 1
    if j >= 0 and items[j].key == ":":
        j -= 1
    for start in range(max(0, j - 2), j + 1):
        if start > 0 and _tail_of(items, start):
            continue  # `Môi trường Nguyễn Văn An`: the end of a word, not `trường` (school)
        for table in (lex.not_a_person_before, lex.reporters):
            entry = table.match(items, start)
            if entry and start + len(entry.keys) == j + 1:
                return True
    return False


# --------------------------------------------------------------------------------------------
# One-item look-ups of the title grammar.


def _body_at(items: list[Item], k: int, lex: Lexicon) -> Entry | None:
    """The body starting at `k`, unless it is a one-syllable word inside a name run
    (`Nguyễn Trường Giang`, `Vũ Văn Viện`: `Trường` and `Viện` are bodies elsewhere)."""
    if k >= len(items) or items[k].key not in lex.bodies.by_first:
        return None
    body = lex.bodies.match(items, k)
    if body is not None and lex.roles.match(items, k):
        return None  # `Bộ trưởng` is a role, not the body `Bộ`
    if (
        body is not None
        and len(body.keys) == 1
        and items[k].name_like
        and k > 0
        and items[k - 1].name_like
    ):
        if not (lex.roles.match(items, k - 1) or lex.modifiers.match(items, k - 1)):
            return None
    return body


def _modifier_at(items: list[Item], k: int, lex: Lexicon) -> Entry | None:
    """The modifier at `k`; one marked `after_mark` only right after `,` `-` `(` (`X, quyền
    Tổng cục trưởng`; `nắm quyền Tổng thống` is "power")."""
    mod = lex.modifiers.match(items, k)
    if mod is not None and mod.get("after_mark") and (k == 0 or items[k - 1].key not in ",-("):
        return None
    return mod


def _title_start(items: list[Item], i: int, lex: Lexicon) -> bool:
    """True when a title (modifiers, then a role) starts at `i`."""
    if i >= len(items) or items[i].key not in lex.title_firsts:
        return False
    k = i
    while lex.roles.match(items, k) is None:
        mod = _modifier_at(items, k, lex)
        if mod is None:
            return False
        k += len(mod.keys)
    return True


def _stops(items: list[Item], k: int, lex: Lexicon) -> bool:
    """True when a body's or role's own name cannot run on at `k`."""
    if not items[k].is_word:
        return True
    stop = lex.stop_words.match(items, k)
    if stop is not None:
        after = k + len(stop.keys)
        # A capitalised clause opener (`Trong thời gian`, `Theo Bộ trưởng`) stops a name;
        # `Từ Liêm` does not.
        if not items[k].cap or (
            after < len(items) and items[after].is_word and not items[after].cap
        ):
            return True
        if _title_start(items, after, lex) or _body_at(items, after, lex):
            return True
    return bool(
        lex.type_words.match(items, k)
        or lex.type_words.match(items, k)
        or lex.place_abbreviations.match(items, k)
        or _title_start(items, k, lex)
        or lex.honorifics.match(items, k)
        or lex.ranks.match(items, k)
    )


def _tail_of(items: list[Item], k: int) -> bool:
    """The item at `k` is the lower-case second syllable of a capitalised word (`trường` in
    `Môi trường`): the tokenizer made them one token."""
    prev = items[k - 1]
    item = items[k]
    return (
        not item.cap
        and prev.is_word
        and prev.cap
        and prev.token == item.token
        and prev.end + 1 == item.start
    )


def _blocked_name(items: list[Item], span: tuple[int, int], lex: Lexicon) -> bool:
    keys = " ".join(it.key for it in items[span[0] : span[1]])
    return keys in lex.historical or _blocked_before(items, span[0], lex)
