"""Reading one sentence: titles, names, and the patterns that tie them (see `officials.py`).

`scan_sentence` walks the items of a sentence left to right. A title is parsed from the
lexicon (`_parse_title`); a run of capitalised syllables after it is cut into place and name by
`_split_run`; honorifics, ranks and clause-opening names start the name-first patterns. What
comes out is a list of `Mention`s (a name with the titles attached to it in that sentence);
merging them into people and resolving localities is `officials.py`'s job.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline import gazetteer
from pipeline.extractors.official_lexicon import Entry, Item, Lexicon, gazetteer_place
from pipeline.text.keys import name_key

# Keys of the function words the scanner compares items with (keys are not plain text).
_VA, _SO, _KIEM, _LA, _HIEN = (name_key(w) for w in ("và", "số", "kiêm", "là", "hiện"))
_CUA = name_key("của")
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


def _name_score(
    keys: tuple[str, ...], ctx: Context, lex: Lexicon, foreign_ok: float = 0.0
) -> float:
    """How much a run reads as a personal name: a surname (or an Ê Đê `Y`/`H'` prefix), a
    middle name, a usual length. Without a known surname a name is only likely where a
    foreigner is expected (`foreign_ok`: 0 with a foreign country in the title, 1 after a foreign
    office such as `Tổng thống`, -2 otherwise)."""
    if keys and keys[0] in lex.particles:
        return float("-inf")  # `der Leyen`: a particle never starts a name
    m = len([k for k in keys if k not in lex.particles])  # `von der` not counted
    if m < 2 or m > 5 or _is_place(keys, ctx, lex) or " ".join(keys) in lex.historical:
        return float("-inf")
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
        # A syllable no Vietnamese word has (`Theresa`, `Modi`) is a foreigner's name.
        return foreign_ok + _FOREIGN_LEN_BONUS[m] + (_FOREIGN_SHAPE if any(foreign_words) else 0)
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
            score = place + _name_score(run[k:], ctx, lex, foreign_ok)
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
    while j < len(items) and (items[j].name_like or (j > i and _particle(items, j, lex))):
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
# Titles.


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
    while lex.roles.match(items, k) is None and (mod := _modifier_at(items, k, lex)) is not None:
        k += len(mod.keys)
    return lex.roles.match(items, k) is not None


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


def _continue_name(items: list[Item], k: int, body: Entry | None, lex: Lexicon) -> int:
    """Run a body's (or role's) own name on from `k`.

    Capitalised words go in, and so do the lower-case tails of capitalised words (`Xây dựng`,
    `Y tế`: same underthesea token), `và`/`-` between capitalised words (`Văn hóa - Thể thao
    và Du lịch`), and, for open bodies (`Ban Quản lý...`, `Trung tâm chống ngập`), lower-case
    words up to a stop word.
    """
    n = len(items)
    open_body = bool(body and body.get("open"))
    started = False  # a capitalised word of the name has been read
    first = k
    while k < n:
        item = items[k]
        if started and body is not None and (skip := _bracket_abbreviation(items, k, lex)):
            k = skip  # `Sở Giáo dục và Đào tạo (GD-ĐT)`: the abbreviation in brackets
            continue
        if started and body is not None and item.key == "," and _comma_list(items, k, lex):
            k += 1  # `Bộ Văn hóa, Thể thao và Du lịch`: a list of fields with commas
            continue
        if started and body is not None and (after := _of_national(items, k, lex)):
            k = after  # `Ủy ban Khoa học, Công nghệ và Môi trường của Quốc hội`
            continue
        joined = (
            k > 0
            and items[k - 1].is_word
            and not items[k - 1].cap
            and items[k - 1].token == items[k - 2].token
            if k > 1
            else False
        )
        if (
            item.key in (_VA, "-", "&")
            and joined
            and k + 1 < n
            and items[k + 1].cap
            and not _stops(items, k + 1, lex)
        ):
            if item.key == "-":
                tail = (
                    k + 2 < n and items[k + 2].token == items[k + 1].token and not items[k + 2].cap
                )
                if not tail:
                    break
            k += 1
            continue
        if not item.is_word:
            break
        if k > 0 and _body_at(items, k, lex) and not _tail_of(items, k):
            break  # `Sở`, `Bệnh viện` start another body; `Môi trường` is no school (`trường`)
        if item.cap:
            if _stops(items, k, lex):
                break
            started = True
            k += 1
            continue
        prev = items[k - 1] if k > 0 else None
        if started and _particle(items, k, lex):
            k += 1  # `Thủ tướng Haider al-Abadi`
            continue
        stop = lex.stop_words.match(items, k) is not None
        if (
            prev is not None
            and prev.is_word
            and prev.cap
            and prev.token == item.token
            and prev.end + 1 == item.start
            and (not stop or (body is not None and k - 1 == first))
        ):
            # A lower-case tail of a capitalised word; a stop word only as the second syllable
            # of a body's first word (`Cục Đăng ký`, but not `Bộ ... Nguyễn Thị Nghĩa ký`).
            k += 1
            continue
        if stop:
            break
        if (
            started
            and prev is not None
            and k > 1
            and not prev.cap
            and prev.token == items[k - 2].token
            and items[k - 2].cap
            and (resume := _lower_words_to_name(items, k, lex))
        ):
            k = resume  # `Sở Giao thông vận tải Hà Nội`: the tokenizer cut a lower-case tail
            continue
        if item.text.isdigit() and prev is not None and prev.key == _SO:
            k += 1
            continue
        if open_body and not _stops(items, k, lex) and not _after_name_run(items, k, first):
            # lower-case words of an open body's name, but not right after a run of capitalised
            # words (`... của Quốc hội Phan Xuân Dũng | trình bày`)
            k += 1
            continue
        break
    return k


def _after_name_run(items: list[Item], k: int, first: int) -> bool:
    """Two or more capitalised syllables of a body's own name (from `first`) end right before
    `k`: a person's name may have been read."""
    return k - 2 >= first and items[k - 1].name_like and items[k - 2].name_like


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


def _comma_list(items: list[Item], k: int, lex: Lexicon) -> bool:
    """At the `,` of `Văn hóa, Thể thao và Du lịch`: capitalised fields (with their lower-case
    tails) separated by commas, the last joined by `và`, all inside one body's name."""
    n = len(items)
    j = k
    for _field in range(6):
        if j >= n or items[j].key != ",":
            return False
        j += 1
        if j >= n or not items[j].cap or not items[j].is_word or _stops(items, j, lex):
            return False
        while j < n and items[j].is_word and (items[j].cap or items[j].token == items[j - 1].token):
            if j > k + 1 and items[j].cap and (_stops(items, j, lex) or _body_at(items, j, lex)):
                return False
            j += 1
        if j + 1 < n and items[j].key == _VA and items[j + 1].cap:
            return not _stops(items, j + 1, lex)
    return False


def _of_national(items: list[Item], k: int, lex: Lexicon) -> int:
    """`của Quốc hội` after a committee's name: the index after it, else 0."""
    if items[k].key != _CUA or k + 1 >= len(items):
        return 0
    body = _body_at(items, k + 1, lex)
    if body is None or body.get("level") != "national" or not items[k + 1].cap:
        return 0
    return k + 1 + len(body.keys)


def _bracket_abbreviation(items: list[Item], k: int, lex: Lexicon) -> int:
    """The index after `(GD-ĐT)` at `k`: one upper-case word in brackets, not a place, else 0."""
    if k + 2 >= len(items) or items[k].key != "(" or items[k + 2].key != ")":
        return 0
    if lex.place_abbreviations.match(items, k + 1) or lex.type_words.match(items, k + 1):
        return 0
    word = items[k + 1]
    if not word.is_word or not word.text[:1].isupper():
        return 0
    if word.name_like and gazetteer_place(word.key) is not None:
        return 0  # `(Huế)`: a place, read as such
    return k + 3


def _lower_words_to_name(items: list[Item], k: int, lex: Lexicon) -> int:
    """Inside a capitalised body name, up to three lower-case words that lead on to more
    capitalised words (`Giao thông vận tải Hà Nội Vũ Văn Viện`, `Phát triển nông thôn Nguyễn
    Xuân Cường`): the index of that capitalised word, else 0. Stop and type words end a name."""
    n = len(items)
    j = k
    while j < n and j - k < 3:
        item = items[j]
        if not item.is_word or item.cap or item.text.isdigit():
            break
        if lex.stop_words.match(items, j) or lex.type_words.match(items, j):
            return 0
        j += 1
    if j == k or j >= n or not items[j].name_like:
        return 0
    if _stops(items, j, lex) or _body_at(items, j, lex):
        return 0
    return j


def _heads_end(items: list[Item], i: int, end: int, lex: Lexicon) -> int:
    """Index after the last role, modifier or body head before `end`: a name run starts later."""
    k, last = i, i
    while k < end:
        entry = (
            lex.modifiers.match(items, k)
            or lex.roles.match(items, k)
            or lex.role_suffixes.match(items, k)
            or (_body_at(items, k, lex) if k > i else None)
        )
        if entry:
            k += len(entry.keys)
            last = k
        else:
            k += 1
    return last


def _parse_title(
    items: list[Item], i: int, ctx: Context, lex: Lexicon, *, expect_name: bool
) -> Parsed | None:
    """Read `[modifier]* role [suffix] [body [name]]* [place] [name]` from `i`."""
    n = len(items)
    k = i
    mods: list[Entry] = []
    while lex.roles.match(items, k) is None and (mod := _modifier_at(items, k, lex)) is not None:
        mods.append(mod)
        k += len(mod.keys)
    role = lex.roles.match(items, k)
    if role is None:
        return None
    k += len(role.keys)
    role_end = k
    if (suffix := lex.role_suffixes.match(items, k)) is not None and suffix.id != "suffix.kiem":
        k += len(suffix.keys)
    k = _continue_name(items, k, role if role.get("open") else None, lex)
    if role.get("connector") and k + 1 < n and items[k].key == name_key(role.get("connector")):
        k = _continue_name(items, k + 1, None, lex)
    bodies: list[Entry] = []
    heads: set[int] = set()  # words of body names (`Quốc hội` in `Đoàn đại biểu Quốc hội`)
    named_ends: set[int] = set()  # where the head of a named body (`Bộ`, `Sở`) ends
    body_start: int | None = None
    while (body := _body_at(items, k, lex)) is not None:
        bodies.append(body)
        heads.update((j, body.get("level") == "national") for j in range(k, k + len(body.keys)))
        if body.cap or body.get("institution"):
            named_ends.add(k + len(body.keys))
        body_start = k if body_start is None else body_start
        k = _continue_name(items, k + len(body.keys), body, lex)
    read_end = title_end = k
    foreign_role = role.get("level") == "foreign"
    foreign_marker = any(lex.foreign.match(items, j) for j in range(role_end, read_end))
    foreign_ok = foreign_role or foreign_marker
    foreign_bonus = 1.0 if foreign_role else 0.0 if foreign_marker else -2.0
    place_label: str | None = None
    place_type: str | None = None
    foreign = False
    name: tuple[int, int] | None = None
    short = False
    # The capitalised tail of what was read may hold a place and the person's name.
    run_start = title_end
    while run_start > i and (
        items[run_start - 1].name_like or _particle(items, run_start - 1, lex)
    ):
        run_start -= 1
    run_start = max(run_start, _heads_end(items, i, title_end, lex))
    if run_start < title_end:
        run = tuple(it.key for it in items[run_start:title_end])
        if (
            len(run) == 1
            and not bodies
            and expect_name
            and run_start == _heads_end(items, i, title_end, lex)
            and not _is_place(run, ctx, lex)
        ):
            name, short, title_end = (run_start, title_end), True, run_start  # `Bí thư Thăng`
        else:
            named = run_start in named_ends or bool(bodies and bodies[-1].get("institution"))
            cut = _split_run(
                run,
                ctx,
                lex,
                typed=False,
                expect_name=expect_name,
                foreign_ok=foreign_bonus,
                named=named,
            )
            if cut < len(run):
                name = (run_start + cut, title_end)
            head = run[:cut]
            head_key = " ".join(head)
            if named:
                title_end = run_start + cut  # the body's own name, not a place
            elif head_key in lex.foreign_places:
                foreign, title_end = True, run_start  # `Tỉnh trưởng Phúc Kiến`: a foreign place
            elif head and head_key in lex.countries:
                foreign = head_key != name_key("Việt Nam")
                title_end = run_start + cut  # a country stays in the title (`Đại sứ Trung Quốc`)
            elif head:
                place_label = _place_label(head, ctx) or _implied_label(
                    bodies, items[run_start : run_start + cut]
                )
                # An unknown name after a bare role is an organisation (`Chủ tịch Đảng Công Minh`).
                title_end = run_start if place_label else run_start + cut
            else:
                title_end = run_start
    after = name[1] if name else read_end
    if name is None and run_start >= read_end:
        after, place_label2, place_type, foreign2, name = _typed_place(
            items, read_end, ctx, lex, expect_name
        )
        place_label = place_label or place_label2
        foreign = foreign or foreign2
    text = _title_text(items, i, mods, title_end)
    if not text:
        return None
    title = Title(text=text, role=role, organization="")
    _classify(title, items, role, range(role_end, after), bodies, heads, lex)
    title.foreign = title.foreign or foreign_ok
    complement = [it for it in items[role_end:title_end] if it.is_word]
    if (
        not bodies
        and complement
        and role.get("level") is None
        and not role.get("body")
        and not lex.role_suffixes.match(items, role_end)
        and not (title.foreign or foreign or place_label)
        and all(it.text[:1].isupper() for it in complement)
        and " ".join(it.key for it in complement) not in lex.not_names
        and complement[0].key not in lex.public_heads
    ):
        # `Chủ tịch BRG`, `Chủ tịch Him Lam`: an organisation the lexicon does not know as public
        title.private = True
    title.organization = _organization(items, role, body_start, title_end, after, name)
    title.place_label = place_label
    title.implied_type = place_type or next(
        (b.get("implies") for b in bodies if b.get("implies")), None
    )
    title.foreign = title.foreign or foreign
    title.start = items[i].start
    return Parsed(title, after, name, short)


def _implied_label(bodies: list[Entry], words: list[Item]) -> str | None:
    """`Tỉnh ủy Yên Bái` → `tỉnh Yên Bái` when neither article nor gazetteer knows the name."""
    implied = next((b.get("implies") for b in bodies if b.get("implies")), None)
    return f"{implied} {' '.join(w.text for w in words)}" if implied else None


def _typed_place(
    items: list[Item], k: int, ctx: Context, lex: Lexicon, expect_name: bool
) -> tuple[int, str | None, str | None, bool, tuple[int, int] | None]:
    """A place written with a type word (`huyện Quỳnh Lưu`, `quận 2`, `TP HCM`, `tỉnh`) or as an
    abbreviation (`TP.HCM`), and a name right after it: (end, label, type, foreign, name)."""
    n = len(items)
    type_ = None
    abbr = lex.place_abbreviations.match(items, k)
    if abbr is None:
        tw = lex.type_words.match(items, k)
        if tw is None:
            return k, None, None, False, None
        type_ = tw.get("type")
        k += len(tw.keys)
        if k < n and items[k].key == "." and tw.text.isupper():
            k += 1
        abbr = lex.place_abbreviations.match(items, k)
    label = None
    if abbr is not None:
        k += len(abbr.keys)
        label = abbr.get("label")
    elif k < n and items[k].is_word and items[k].text.isdigit():
        label = f"{type_} {items[k].text}"
        k += 1
    else:
        end = k
        while end < n and (items[end].name_like or (items[end].cap and "-" in items[end].text)):
            if _title_start(items, end, lex) or _body_at(items, end, lex):
                break
            end += 1
            if (
                end < n
                and items[end].is_word
                and not items[end].cap
                and gazetteer_place(f"{items[end - 1].key} {items[end].key}")
            ):
                end += 1  # `thành phố Đà nẵng`: a place with a lower-case typo
            if end + 1 < n and items[end].key == "-" and items[end + 1].cap:
                end += 1
        if end == k:
            return k, None, type_, False, None
        name_from = end
        while name_from > k and items[name_from - 1].name_like:
            name_from -= 1
        tail = tuple(it.key for it in items[name_from:end])
        cut = _split_run(tail, ctx, lex, typed=name_from == k, expect_name=expect_name)
        cut_at = name_from + cut
        if cut_at == k:
            return k, None, type_, False, (k, end)
        place_keys = tuple(it.key for it in items[k:cut_at] if it.is_word)
        if " ".join(place_keys) in lex.countries:
            return cut_at, None, None, True, (cut_at, end) if cut_at < end else None
        text = " ".join(it.text for it in items[k:cut_at])
        label = _mention_label(items[k].start, ctx) or ctx.places.get(" ".join(place_keys))
        if label is None and type_ in ("tỉnh", "thành phố", "quận", "huyện", "thị xã"):
            if not gazetteer.get().known(" ".join(place_keys)):
                return (
                    cut_at,
                    None,
                    None,
                    True,
                    ((cut_at, end) if cut_at < end else None),
                )  # `tỉnh Kanagawa`
        if label is None and type_:
            known = gazetteer_place(" ".join(place_keys))
            if known and known.startswith(type_ + " "):
                label = known  # the standard spelling (`thành phố Đà nẵng` → `Đà Nẵng`)
        label = label or (f"{type_} {text}" if type_ else _place_label(place_keys, ctx))
        return cut_at, label, type_, False, ((cut_at, end) if cut_at < end else None)
    # After `quận 2` or `TP HCM` the name may follow directly.
    if expect_name and k < n and items[k].name_like:
        end = _run_end(items, k, lex)
        if _name_score(tuple(it.key for it in items[k:end]), ctx, lex, -2.0) > 0:
            return k, label, type_, False, (k, end)  # not `TP HCM Theo Sở GTVT...`
    return k, label, type_, False, None


def _mention_label(position: int, ctx: Context) -> str | None:
    """The label of the localities extractor's mention covering `position` (its standard name:
    `BR-VT` → `tỉnh Bà Rịa - Vũng Tàu`), if there is one."""
    index = bisect_right(ctx.mention_starts, position) - 1
    while index >= 0 and ctx.mentions[index][0] + 40 > position:
        start, end, label = ctx.mentions[index][0], ctx.mentions[index][5], ctx.mentions[index][2]
        if start <= position < end:
            return label
        index -= 1
    return None


def _title_text(items: list[Item], i: int, mods: list[Entry], end: int) -> str:
    """The title as written from its first kept modifier or role to `end`."""
    parts: list[str] = []
    k = i
    for mod in mods:
        if mod.get("keep", True):
            words = " ".join(it.text for it in items[k : k + len(mod.keys)])
            parts.append(words.lower() if mod.get("lower") else words)
        k += len(mod.keys)
    out = " ".join(parts)
    for it in items[k:end]:
        if it.is_word or it.key in ("-", "&"):
            out += (" " if out else "") + it.text
        else:
            out += it.text
    if "(" in out:
        out = _BRACKETS.sub("", out)
    return out.strip(" -,;:(")


def _organization(
    items: list[Item],
    role: Entry,
    body_start: int | None,
    title_end: int,
    after: int,
    name: tuple[int, int] | None,
) -> str:
    """The body with its place as written (`UBND tỉnh Yên Bái`), or the body the role names."""
    if body_start is None:
        return role.get("body", "")
    end = name[0] if name else after
    words = [it.text for it in items[body_start:end] if it.is_word or it.key == "-"]
    return " ".join(words)


def _inside_place(items: list[Item], k: int) -> bool:
    """`Mỹ` in `huyện Phù Mỹ`: a country word that ends a Vietnamese place name."""
    if k == 0 or not items[k - 1].name_like:
        return False
    return bool(gazetteer_place(f"{items[k - 1].key} {items[k].key}"))


def _classify(
    title: Title,
    items: list[Item],
    role: Entry,
    span: range,
    bodies: list[Entry],
    heads: set[tuple[int, bool]],
    lex: Lexicon,
) -> None:
    """Set the flags that decide whether a title counts and where its locality comes from.

    `heads` holds (index, national) for the words of recognised bodies: markers inside a public
    body's own name (`Quốc hội` in `Đoàn đại biểu Quốc hội`, `Hội` in `Hội Nông dân`) do not count.
    """
    in_body = {j for j, _national in heads}
    local_heads = {j for j, national in heads if not national}
    title.has_body = bool(bodies)
    title.private = any(lex.private.match(items, k) for k in span if k not in in_body)
    title.foreign = role.get("level") == "foreign" or any(
        lex.foreign.match(items, k) and not _inside_place(items, k) for k in span
    )
    title.national = (
        role.get("level") in ("national", "foreign")
        or any(b.get("level") == "national" for b in bodies)
        or any(lex.national.match(items, k) for k in span if k not in local_heads)
    )
    levels = [b.get("level") for b in bodies]
    if "province" in levels:
        title.level = "province"
    elif "local" in levels:
        title.level = "local"


# --------------------------------------------------------------------------------------------
# Chains and the sentence scanner.


def _chain(
    items: list[Item], i: int, ctx: Context, lex: Lexicon, *, expect_name: bool
) -> tuple[list[Title], int, tuple[int, int] | None, bool]:
    """Titles separated by `,` or `kiêm` from `i`, and the name that ends them (if one does)."""
    n = len(items)
    titles: list[Title] = []
    k = i
    while True:
        parsed = _parse_title(items, k, ctx, lex, expect_name=expect_name)
        if parsed is None:
            break
        titles.append(parsed.title)
        if parsed.title.private:  # `Phó Chủ tịch, Tổng thư ký Hội Môi trường`: bare roles share it
            for earlier in titles:
                if not earlier.has_body and earlier.role.get("level") is None:
                    earlier.private = True
        k = parsed.end
        if parsed.name:
            return titles, k, parsed.name, parsed.short
        if k < n and items[k].key in (",", _KIEM, ";") and _title_start(items, k + 1, lex):
            k += 1
            continue
        break
    return titles, k, None, False


def _name_after_chain(
    items: list[Item], k: int, ctx: Context, lex: Lexicon
) -> tuple[tuple[int, int] | None, str]:
    """A name after a finished title chain: `, Nguyễn Thị Kim Dung`, `, ông X`, `Đại tá X`."""
    n = len(items)
    j = k
    rule = "official.title_name"
    comma = j < n and items[j].key in (",", "-")
    if comma:
        j += 1
        rule = "official.title_comma_name"
    honoured = False
    while (
        j < n and (entry := lex.honorifics.match(items, j) or lex.ranks.match(items, j)) is not None
    ):
        j += len(entry.keys)
        honoured = True
        rule = "official.title_honorific_name"
    if j >= n or not items[j].name_like or (not comma and not honoured):
        return None, rule
    end = _run_end(items, j, lex)
    keys = tuple(it.key for it in items[j:end])
    if _good_name(keys, ctx, lex, need_surname=not honoured):
        return (j, end), rule
    return None, rule


def _list_after_chain(
    items: list[Item], k: int, ctx: Context, lex: Lexicon
) -> list[tuple[int, int]]:
    """`các đồng chí Ủy viên Trung ương Đảng: A, B và C` → the spans of A, B and C.

    A few lower-case words may stand before the colon (`Các Phó ban chuyên trách, gồm:`), and
    each person listed may carry titles of their own (`ông A, Ủy viên Trung ương Đảng; ông B,
    Thứ trưởng...`): those are read again by the scanner, the shared title is added here."""
    n = len(items)
    while (
        k < n
        and items[k].key != ":"
        and (items[k].key == "," or (items[k].is_word and not items[k].cap))
    ):
        k += 1
    if k >= n or items[k].key != ":":
        return []
    spans = []
    j = k + 1
    while j < n:
        while j < n and (entry := lex.honorifics.match(items, j)) is not None:
            j += len(entry.keys)
        end = _run_end(items, j, lex)
        keys = tuple(it.key for it in items[j:end])
        if not _good_name(keys, ctx, lex, need_surname=False):
            break
        spans.append((j, end))
        j = end
        own, after = _apposition(items, j, ctx, lex)
        if own:
            j = after
            # `Phó bí thư Đảng ủy cơ quan và ông C`: words the titles did not read, up to the
            # next person of the list (a `;`, or `và` before an honorific).
            tail = j
            while tail < n and tail - j < 10 and items[tail].is_word:
                if items[tail].key == _VA and lex.honorifics.match(items, tail + 1):
                    break
                tail += 1
            if (
                tail > j
                and tail < n
                and (
                    items[tail].key == ";"
                    or (items[tail].key in (",", _VA) and lex.honorifics.match(items, tail + 1))
                )
            ):
                j = tail
        if j < n and items[j].key in (",", ";", _VA):
            j += 1
            continue
        break
    return spans


def _more_names(items: list[Item], k: int, ctx: Context, lex: Lexicon) -> list[tuple[int, int]]:
    """The full names listed after a first one (`, B, C và D`, `và bà D`): each needs a surname
    unless an honorific introduces it."""
    n = len(items)
    spans = []
    while k + 1 < n and items[k].key in (",", _VA):
        j = k + 1
        honoured = False
        while j < n and (entry := lex.honorifics.match(items, j)) is not None:
            j, honoured = j + len(entry.keys), True
        end = _run_end(items, j, lex)
        keys = tuple(it.key for it in items[j:end])
        if end - j < 2 or not _good_name(keys, ctx, lex, need_surname=not honoured):
            break
        spans.append((j, end))
        k = end
    return spans


def _apposition(
    items: list[Item], e: int, ctx: Context, lex: Lexicon, *, bare: bool = False
) -> tuple[list[Title], int]:
    """Titles written after a name: `X, Bí thư Tỉnh ủy`, `X - Phó Chủ tịch UBND huyện`, `X (...)`,
    `X - khi đó là Chủ tịch UBND tỉnh và hiện nay là Bí thư Tỉnh ủy -` (only the current one).

    A chain that ends in a name of its own belongs to the next person (`A, Phó Thủ tướng B`).
    """
    n = len(items)
    if bare and e < n and items[e].cap and _title_start(items, e, lex):
        opener, j = "", e  # `Ông Nguyễn Văn Tám Phó giám đốc Sở`: a caption without its dash
    elif e >= n or items[e].key not in (",", "-", "("):
        return [], e
    else:
        opener, j = items[e].key, e + 1
    kept: list[Title] = []
    end = e
    while j < n:
        past = lex.not_current.match(items, j)
        if past is not None:
            j += len(past.keys)
        while (lead := lex.current_leads.match(items, j)) is not None:
            j += len(lead.keys)
        member = _body_at(items, j, lex)
        if member is not None and member.get("member_title"):
            k = j + len(member.keys)
            k, label, type_, _foreign, _name = _typed_place(items, k, ctx, lex, False)
            title = Title(
                text=member.get("member_title"),
                role=member,
                organization=" ".join(it.text for it in items[j:k]),
            )
            title.place_label, title.implied_type, title.level = label, type_, member.get("level")
            title.start, title.has_body = items[j].start, True
            titles = [title]
        else:
            titles, k, name, _short = _chain(items, j, ctx, lex, expect_name=False)
            if name is not None and len(titles) > 1:
                # `X - Chủ tịch UBND thị xã, Phó Chủ tịch Y`: the last title is Y's.
                last = next(idx for idx in range(j, n) if items[idx].start == titles[-1].start)
                titles, k, name = titles[:-1], last - 1, None
            if not titles or name is not None:
                break
        if past is None:
            kept.extend(titles)
        end = j = k
        if (
            j + 1 < n
            and items[j].key == _VA
            and (lex.current_leads.match(items, j + 1) or lex.not_current.match(items, j + 1))
        ):
            j += 1
            continue
        break
    if not kept:
        return [], e
    if opener == "(" and end < n and items[end].key == ")":
        end += 1
    return kept, end


def _delegate(title: Title) -> bool:
    return bool(title.role.get("delegate") or title.role.get("assembly"))


def _delegation(items: list[Item], k: int, titles: list[Title], ctx: Context, lex: Lexicon) -> int:
    """`ĐBQH Trương Minh Hoàng (đoàn Cà Mau)`, `đại biểu Lê Văn Bình (Long An)`: a place alone in
    brackets after a deputy's name is the delegation's, the deputy's locality. The index after
    the brackets (or `k` when there are none)."""
    n = len(items)
    if k >= n or items[k].key != "(" or not any(_delegate(t) for t in titles):
        return k
    j = k + 1
    while j < n and items[j].key in lex.delegation_words:
        j += 1  # `đoàn`
    close = j
    while close < n and close - j < 6 and items[close].key != ")":
        close += 1
    if close >= n or items[close].key != ")" or close == j:
        return k
    label = _mention_label(items[j].start, ctx)
    if label is None:
        _end, label, _type, foreign, _name = _typed_place(items, j, ctx, lex, False)
        if label is None and not foreign:
            words = tuple(it.key for it in items[j:close] if it.is_word)
            label = _place_label(words, ctx) or None
    if not label:
        return k
    for title in titles:
        if _delegate(title) and not title.place_label:
            title.place_label = label
    return close + 1


def _past_before(items: list[Item], i: int, lex: Lexicon) -> bool:
    """True when a career-history or nomination marker stands shortly before `i` (`từng là`,
    `giữ chức`, `trong thời gian giữ các chức vụ`), at most its `reach` words away."""
    for start in range(max(0, i - 8), i):
        entry = lex.not_current.match(items, start)
        if entry and i - (start + len(entry.keys)) <= int(entry.get("reach", 1)) - 1 + (
            items[i - 1].key == _LA
        ):
            if all(it.is_word for it in items[start:i]):
                return True
    return False


def scan_sentence(
    items: list[Item], ctx: Context, lex: Lexicon, sentence: str, paragraph: int
) -> list[Mention]:
    """Every name in the sentence with the titles the patterns attach to it."""
    out: list[Mention] = []

    def mention(span: tuple[int, int], titles: list[Title], rule: str) -> Mention:
        words = items[span[0] : span[1]]
        m = Mention(
            keys=tuple(w.key for w in words),
            text=" ".join(w.text for w in words),
            start=words[0].start,
            end=words[-1].end,
            sentence=sentence,
            paragraph=paragraph,
            titles=titles,
            rule=rule,
        )
        for title in titles:
            title.paragraph = paragraph
            title.sentence_start = items[0].start
        out.append(m)
        return m

    starters = lex.starters
    # Tables tested by first key before `match` is called (most candidates start none).
    body_firsts, anonymous_firsts = lex.bodies.by_first, lex.anonymous.by_first
    honorific_firsts, rank_firsts = lex.honorifics.by_first, lex.ranks.by_first
    title_firsts = lex.title_firsts
    # Only items with a starter key or a name-like word opening a run can start anything: the
    # loop jumps from one such candidate to the next at or after `i`.
    candidates = [
        j
        for j, it in enumerate(items)
        if it.key in starters or (it.name_like and (j == 0 or not items[j - 1].name_like))
    ]
    count = len(candidates)
    at = 0
    i = 0
    while True:
        while at < count and candidates[at] < i:
            at += 1
        if at == count:
            break
        i = candidates[at]
        key = items[i].key
        if key not in starters:
            # Nothing but a clause-opening name can start here (the branches below test keys
            # no title, body, honorific or rank starts with).
            if items[i].name_like and (i == 0 or not items[i - 1].name_like):
                i = _opening_name(items, i, ctx, lex, mention)
            else:
                i += 1
            continue
        body = _body_at(items, i, lex) if key in body_firsts else None
        if body is not None and len(body.keys) >= 2 and items[i].cap:
            i += len(body.keys)  # `Ban Bí thư`, `Đoàn đại biểu Quốc hội`: an organ, not a title
            continue
        anon = lex.anonymous.match(items, i) if key in anonymous_firsts else None
        if anon is not None and _title_start(items, i + len(anon.keys), lex):
            titles, end, name, _short = _chain(
                items, i + len(anon.keys), ctx, lex, expect_name=bool(anon.get("plural"))
            )
            if name is not None:  # `các Phó Thủ tướng A, B, C`
                spans = [name, *_more_names(items, name[1], ctx, lex)]
                end = max(end, spans[-1][1])
            else:
                spans = _list_after_chain(items, end, ctx, lex)
            if not spans and anon.get("plural"):  # `hai cựu Ngoại trưởng – ông A và bà B`
                first, _rule = _name_after_chain(items, end, ctx, lex)
                if first is not None:
                    spans = [first, *_more_names(items, first[1], ctx, lex)]
                    end = max(end, spans[-1][1])
            for span in spans:
                if not _blocked_name(items, span, lex):
                    mention(span, list(titles), "official.title_list")
            i = max(end, i + 1)
            continue
        if key in title_firsts and _title_start(items, i, lex):
            past = _past_before(items, i, lex)
            titles, end, name, short = _chain(items, i, ctx, lex, expect_name=True)
            rule = "official.title_name"
            if name is None and titles:
                name, rule = _name_after_chain(items, end, ctx, lex)
                if name is None:
                    for span in _list_after_chain(items, end, ctx, lex):
                        mention(span, list(titles), "official.title_list")
            if name is not None and not _blocked_name(items, name, lex):
                if titles and titles[0].role.get("assembly") and not titles[0].has_body:
                    rule = "official.delegate"
                m = mention(name, [] if past else titles, "official.short_form" if short else rule)
                after_name = _delegation(items, name[1], m.titles, ctx, lex)
                extra, end2 = _apposition(items, after_name, ctx, lex)
                m.titles.extend(extra)
                end = max(end2, name[1])
            i = max(end, i + 1)
            continue
        hon = (lex.honorifics.match(items, i) if key in honorific_firsts else None) or (
            lex.ranks.match(items, i) if key in rank_firsts else None
        )
        if hon is not None:
            j = i + len(hon.keys)
            while (rank := lex.ranks.match(items, j)) is not None:
                j += len(rank.keys)
            end = _run_end(items, j, lex)
            keys = tuple(it.key for it in items[j:end])
            if len(keys) == 1 and end - j == 1:
                mention((j, end), [], "official.short_form")
                i = end
                continue
            if (
                keys
                and _good_name(keys, ctx, lex, need_surname=False)
                and not _blocked_name(items, (j, end), lex)
            ):
                titles, end2 = _apposition(items, end, ctx, lex, bare=True)
                mention((j, end), titles, "official.name_titles")
                i = max(end2, end)
                continue
            i = max(j, i + 1)
            continue
        if items[i].name_like and (i == 0 or not items[i - 1].name_like):
            i = _opening_name(items, i, ctx, lex, mention)
            continue
        i += 1
    _share_bodies(out)
    return out


def _share_bodies(mentions: list[Mention]) -> None:
    """`A - Chủ tịch UBND thị xã Sông Cầu, Phó Chủ tịch B`: a bare role after the same role
    with a body in the sentence belongs to that body, and takes its unit."""
    seen: dict[str, Title] = {}
    for m in mentions:
        for title in m.titles:
            if title.has_body:
                seen.setdefault(title.role.id, title)
            elif (
                title.role.id in seen
                and title.role.get("level") is None
                and not (title.place_label or title.implied_type or title.foreign)
            ):
                model = seen[title.role.id]
                title.place_label, title.implied_type = model.place_label, model.implied_type
                title.level, title.national = model.level, model.national


def _opening_name(
    items: list[Item],
    i: int,
    ctx: Context,
    lex: Lexicon,
    mention: Callable[[tuple[int, int], list[Title], str], Mention],
) -> int:
    """A clause-opening full name at `i`, with the titles written after it: the next index."""
    end = _run_end(items, i, lex)
    if (
        end - i >= 3
        and _good_name(tuple(it.key for it in items[i:end]), ctx, lex, need_surname=True)
        and not _blocked_name(items, (i, end), lex)
    ):
        titles, end2 = _apposition(items, end, ctx, lex)
        mention((i, end), titles, "official.name_titles")
        return max(end2, end)
    return max(end, i + 1)


def _blocked_name(items: list[Item], span: tuple[int, int], lex: Lexicon) -> bool:
    keys = " ".join(it.key for it in items[span[0] : span[1]])
    return keys in lex.historical or _blocked_before(items, span[0], lex)
