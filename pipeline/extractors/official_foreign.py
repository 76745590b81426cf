"""Foreign officials' names and posts the title grammar alone does not reach (see `officials.py`).

- Initials: the sentence splitter takes the dot of `I.` in `Thứ trưởng Ngoại giao Nga I.
  Morgulov` for a full stop, and an initial is no name-like syllable. `join_initial_sentences`
  puts such sentences back together and `join_initials` makes `I.` one name-like item, both
  only before a foreign-looking word, so `Trong`, `Năm` after `hạng A.` are left alone.
- Counterparts: `Tổng thống Nga Putin và người đồng cấp Mỹ Donald Trump`: Trump holds the
  role of the title before `người đồng cấp` (`counterparts` in rules/titles.toml), abroad.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from pipeline.extractors.official_lexicon import Item, Lexicon, _word_keys
from pipeline.extractors.official_names import (
    Context,
    Mention,
    Title,
    _blocked_name,
    _good_name,
    _run_end,
)
from pipeline.extractors.official_titles import _HOME_COUNTRY
from pipeline.text.keys import name_key

# An initial of a foreign name: one Latin capital, or several joined by dots (`I`, `H.R`).
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])*")
# A sentence that ends in an initial (`... Nga I.`): the splitter took its dot for a full stop.
_ENDS_IN_INITIAL = re.compile(r"(?:^|[\s(])[A-Z](?:\.[A-Z])*\.$")
# Where an initial may stand before a name, within one sentence (`J. Yellen`, `Elijah E.`).
# Run over every article: the look-behind stands after the first capital, not before it, so
# that the regex engine skips at once to the next capital (twice as fast; the same matches).
_HAS_INITIAL = re.compile(r"[A-Z](?<![\w.][A-Z])(?:\.[A-Z])*\.\s?[A-Z]").search
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _foreign_start(text: str, lex: Lexicon) -> bool:
    """`text` opens with a capitalised word no Vietnamese syllable spells (`Morgulov`)."""
    word = _FIRST_WORD.match(text)
    return bool(word and word.group(0)[0].isupper() and lex.foreign_word(name_key(word.group(0))))


def join_initial_sentences(
    sentences: Iterable[tuple[int, int, int]], text: str, lex: Lexicon
) -> Iterable[tuple[int, int, int]]:
    """The sentences of an article with the cuts made after a foreign name's initial put back:
    `... Bộ Ngoại giao Nga I.` + `Morgulov đã thăm ...` is one sentence when the next one, in the
    same paragraph, opens with a foreign-looking word (`Trong`, `Năm` open real sentences).
    An article with no initial before a capital anywhere (most) keeps its sentences as they are."""
    if _HAS_INITIAL(text) is None:
        return sentences
    return _joined(sentences, text, lex)


def _joined(
    sentences: Iterable[tuple[int, int, int]], text: str, lex: Lexicon
) -> Iterator[tuple[int, int, int]]:
    pending: tuple[int, int, int] | None = None
    for start, end, paragraph in sentences:
        if pending is not None:
            last = pending[1]
            if (
                paragraph == pending[2]
                and text[last - 2 : last - 1].isupper()  # cheap test before the expression
                and _ENDS_IN_INITIAL.search(text, max(pending[0], last - 8), last)
                and _foreign_start(text[start : start + 40], lex)
            ):
                pending = (pending[0], end, paragraph)
                continue
            yield pending
        pending = (start, end, paragraph)
    if pending is not None:
        yield pending


def join_initials(items: list[Item], text: str, lex: Lexicon) -> list[Item]:
    """The items of a sentence with each initial and its dot made one name-like item (`I.`)
    when a foreign-looking name (or another initial) follows: the name runs over it."""
    if not _HAS_INITIAL(text):
        return items
    n = len(items)

    def name_follows(j: int) -> bool:
        while j + 1 < n and _INITIALS.fullmatch(items[j].text) and items[j + 1].key == ".":
            j += 2
        return j < n and items[j].name_like and lex.foreign_word(items[j].key)

    out: list[Item] = []
    i = 0
    while i < n:
        item = items[i]
        if (
            i + 2 < n
            and item.is_word
            and _INITIALS.fullmatch(item.text)
            and items[i + 1].key == "."
            and items[i + 1].start == item.end
            and name_follows(i + 2)
        ):
            written = item.text + "."
            out.append(
                Item(
                    written,
                    name_key(written),
                    item.start,
                    item.end + 1,
                    True,
                    True,
                    True,
                    item.token,
                )
            )
            i += 2
            continue
        out.append(item)
        i += 1
    return out


def counterpart(
    items: list[Item],
    i: int,
    out: list[Mention],
    ctx: Context,
    lex: Lexicon,
    mention: Callable[[tuple[int, int], list[Title], str], Mention],
) -> int:
    """`Tổng thống Nga Putin và người đồng cấp Mỹ Donald Trump`: after `người đồng cấp` and a
    country, a name holds the role of the sentence's last title before it, abroad. The title
    is that one without its country (`Bộ trưởng Ngoại giao Iran` → `Bộ trưởng Ngoại giao`)."""
    phrase = lex.counterparts.match(items, i) if lex.counterparts is not None else None
    earlier = [t for m in out for t in m.titles if t.start < items[i].start]
    if phrase is None or not earlier:
        return i + 1
    j = i + len(phrase.keys)
    country = lex.foreign.match(items, j)
    home = country is not None and " ".join(country.keys) == _HOME_COUNTRY  # `Việt Nam`
    j += len(country.keys) if country is not None else 0
    end = _run_end(items, j, lex)
    for size in (2, 1) if country is None else ():
        # `Anh Boris Johnson`, `Việt Nam Phạm Bình Minh`: a country the foreign table leaves
        # out (a given name too, or the home country) glued to the name
        if end - j >= size + 2 and " ".join(it.key for it in items[j : j + size]) in lex.countries:
            home, j = size == 2 and _HOME_COUNTRY.startswith(items[j].key + " "), j + size
            break
    keys = tuple(it.key for it in items[j:end])
    if end - j < 2 or not _good_name(keys, ctx, lex, need_surname=False):
        return j
    model = max(earlier, key=lambda t: t.start)
    title = Title(_without_country(model.text, lex), model.role, model.organization)
    title.has_body, title.national, title.foreign = model.has_body, True, not home
    title.start = items[i].start
    if not _blocked_name(items, (j, end), lex):
        mention((j, end), [title], "official.counterpart")
    return end


def _without_country(text: str, lex: Lexicon) -> str:
    """`text` without the countries written in it (`Ngoại trưởng Nhật Bản` → `Ngoại trưởng`)."""
    words = text.split()
    keys = [" ".join(_word_keys(w)) for w in words]
    kept: list[str] = []
    i = 0
    while i < len(words):
        size = next((m for m in (3, 2, 1) if " ".join(keys[i : i + m]) in lex.countries), 0)
        if size == 0 or i == 0:
            kept.append(words[i])
        i += max(size, 1) if i else 1
    return " ".join(kept)
