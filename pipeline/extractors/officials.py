"""Extractor for the `officials` table: named people holding public positions, once per article.

Why a hand-written scanner rather than NER: underthesea's CRF `ner()` runs at a tenth of the
tokenizer's speed and its PER spans, used as officials, scored F1 0.35–0.38 on the dev gold.
What makes someone an official is the *title* next to the name, and Vietnamese titles follow a
small, regular grammar whose vocabulary lives in `rules/titles.toml`:

    [modifier]* role [Thường trực] [body [body name]]* [place]   name
    nguyên      Phó Bí thư          Quận ủy            Bắc Từ Liêm Trần Thế Cương

Seven modules share the work:

- `official_lexicon`: the rules compiled once per process, and each sentence cut into words and
  marks with their name keys (`sentence_items`). Most sentences name nobody: `may_name` skips
  those without a role, honorific, rank, seat or surname-led name run before any item is made;
- `official_names`: names inside runs of capitalised syllables. The hard call is where a place
  ends and a name starts inside one run (`Tây Hồ Đỗ Anh Tuấn`): `_split_run` scores every cut
  with the surname list (`rules/surnames.toml`), the places the article and the gazetteer know,
  the usual name lengths and the shape of Vietnamese syllables (a syllable none has, `Merkel`,
  marks a foreigner's name), and keeps the best;
- `official_titles`: the title grammar below, read from one item (`_parse_title`);
- `official_scan`: a sentence read left to right (`scan_sentence`): titles tied to names by the
  patterns, titles shared by lists, delegations in brackets;
- `official_units`: unit words the body table alone misses (`Giám đốc sở Y tế` in lower case,
  `đội 3`, the area a team covers) and private words that are fields of a state unit's name;
- `official_foreign`: foreign names written with initials (`I. Morgulov`, which the sentence
  splitter cuts) and counterparts (`người đồng cấp Mỹ Donald Trump`);
- this module: mentions merged into people, titles de-duplicated, localities resolved, rows.

Patterns tying names to titles (ids in titles.toml `patterns`, copied into `rule`): title chain
then name (directly, after a comma, an honorific or a rank); ông/bà/đồng chí or a clause-opening
name then `,` `-` `(` and the titles; more titles after a titled name; short forms (`Bí thư
Thăng`, `ông Thăng`) merged into the full name the article gives elsewhere.

Localities: an explicit place in a title gives it. Otherwise the type the title implies (`Chủ
tịch UBND huyện` → huyện, `Quận ủy` → quận, `Sở` → the province) is resolved to the nearest
mention of that type (sentence, paragraph, article) from the localities extractor, whose
mentions also carry their province. National and foreign positions have none; with several
titles the most local wins. A deputy's delegation in brackets (`ĐBQH X (Cà Mau)`) is a place
written in the title.

Analyst columns (not scored): `scope` (`foreign` for a foreign office or a name no Vietnamese
has), `level` (`central` for national posts, else the tier of the locality) and `title_norm`
(each title spelt one way, `rules/titles.toml` `title_norms`; the registry groups posts by it).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extractors.context import ArticleContext, as_context
from pipeline.extractors.official_foreign import join_initial_sentences, join_initials
from pipeline.extractors.official_lexicon import (
    Lexicon,
    lexicon,
    may_have_name_tail,
    may_name,
    raw_items,
    sentence_items,
    token_bounds,
)
from pipeline.extractors.official_names import mark_name_tails
from pipeline.extractors.official_scan import Context, Mention, Title, scan_sentence
from pipeline.extractors.official_units import names_country
from pipeline.gazetteer import TIER_OF_TYPE, TYPE_RANK, WORD
from pipeline.nlp import sentence_bounds
from pipeline.rules import load
from pipeline.tables import OfficialRow
from pipeline.text.keys import name_key

log = logging.getLogger(__name__)

#: How local a place's type word is: the administrative tier from rules/localities.toml, plus
#: one so that an unknown type (0) ranks below every province.
_LOCAL_RANK = {type_: rank + 1 for type_, rank in TYPE_RANK.items()}
_PROVINCE, _CITY = WORD["province"], WORD["city"]
_ASSEMBLY = load("admin")["assembly"]
_TITLE_WORDS = load("admin")["title_words"]


# --------------------------------------------------------------------------------------------
# People: merging mentions, titles and localities.


@dataclass
class Person:
    keys: tuple[str, ...]
    text: str
    mentions: list[Mention]
    first: int


def _similar(a: str, b: str) -> bool:
    """Two syllables one typo apart (`Henandez`/`Hernandez`)."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= 1


def _initialled(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name written with initials where the other spells them out or leaves them out
    (`V. Putin` / `Vladimir Putin`, `Donald J. Trump` / `Donald Trump`)."""
    if a == b or not any(len(k) == 1 for k in a + b):
        return False
    if len(a) == len(b):
        pairs = zip(a, b, strict=True)
        return all(x == y or (x[0] == y[0] and min(len(x), len(y)) == 1) for x, y in pairs)
    return tuple(k for k in a if len(k) > 1) == tuple(k for k in b if len(k) > 1)


def _same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`short` names the person called `full`: a final part (`Kim Ngân`), a one-typo variant or
    the same name with initials."""
    if _initialled(short, full):
        return True
    if len(short) >= len(full):
        return False
    if full[-len(short) :] == short:
        return True
    missing = [s for s in short if s not in full]
    return len(short) >= 3 and len(missing) == 1 and any(_similar(missing[0], f) for f in full)


def _typo_case(text: str) -> bool:
    """A name with a syllable in lower case (`Lê Minh tuấn`; `von der` counts too)."""
    return any(word[:1].islower() for word in text.split())


def _people(mentions: list[Mention]) -> list[Person]:
    """Group mentions by person: full names first, then shorter forms into the fuller names."""
    people: list[Person] = []
    by_key: dict[tuple[str, ...], Person] = {}
    fulls = sorted((m for m in mentions if len(m.keys) >= 2), key=lambda m: -len(m.keys))
    for m in fulls:
        person = by_key.get(m.keys)
        if person is None:
            person = next((p for p in people if _same_person(m.keys, p.keys)), None)
        if person is None:
            person = Person(m.keys, m.text, [], m.start)
            people.append(person)
        elif _initialled(m.keys, person.keys) and len("".join(m.keys)) > len("".join(person.keys)):
            person.keys, person.text = m.keys, m.text  # `Vladimir Putin` rather than `V. Putin`
        elif m.keys == person.keys and _typo_case(person.text) and not _typo_case(m.text):
            person.text = m.text  # `Lê Minh Tuấn` rather than the typo `Lê Minh tuấn`
        by_key[m.keys] = person
        person.mentions.append(m)
        person.first = min(person.first, m.start)
    for m in (m for m in mentions if len(m.keys) == 1):
        candidates = [p for p in people if p.keys[-1] == m.keys[0]]
        if not candidates:
            continue
        before = [p for p in candidates if p.first <= m.start]
        person = max(before, key=lambda p: p.first) if before else candidates[0]
        person.mentions.append(m)
    return sorted(people, key=lambda p: p.first)


def _valid(title: Title) -> bool:
    if title.private:
        return False
    if title.role.get("needs_country") and not names_country(title.text, title.role, lexicon()):
        return False  # `lãnh đạo` heads a country here only with the country written after it
    return not (title.role.get("needs_body") and not title.has_body)


def _modifiers_of(words: set[str]) -> tuple[bool, bool, bool]:
    return (
        not words.isdisjoint(_TITLE_WORDS["deputy"]),
        not words.isdisjoint(_TITLE_WORDS["former"]),
        not words.isdisjoint(_TITLE_WORDS["acting"]),
    )


def _dedupe(titles: list[Title]) -> list[Title]:
    """Drop a title whose words are all in a longer one with the same modifiers (`Bí thư` in
    `Bí thư Thành ủy`), so each position is listed once, in its fullest form."""
    keyed = [(t, set(name_key(t.text).split())) for t in titles]
    kept: list[Title] = []
    for index, (title, words) in enumerate(keyed):
        redundant = False
        for other_index, (_other, other_words) in enumerate(keyed):
            if other_index == index or _modifiers_of(words) != _modifiers_of(other_words):
                continue
            if words < other_words or (words == other_words and other_index < index):
                redundant = True
                break
        if not redundant:
            kept.append(title)
    return kept


def _resolve(title: Title, chain: list[Title], ctx: Context, lex: Lexicon) -> str | None:
    """The locality of one title: written, shared in its chain, implied and found in context."""
    if title.foreign:
        return None
    if title.place_label:
        return title.place_label
    if title.national:
        return None
    wanted = title.implied_type
    if wanted is None and title.level:
        if any(
            t.national and not t.place_label and not t.implied_type for t in chain if t is not title
        ):
            return None  # `Ủy viên Ban cán sự đảng, Thứ trưởng Bộ Công thương`: the ministry's
        local_types = [t.implied_type for t in chain if t.implied_type]
        wanted = local_types[0] if local_types else "province"
    if wanted is None:
        return None
    for other in chain:
        if other.place_label and (
            wanted == "province" or other.place_label.startswith(wanted + " ")
        ):
            return other.place_label
    return _nearest(wanted, title, ctx, lex)


def _nearest(wanted: str, title: Title, ctx: Context, lex: Lexicon) -> str | None:
    """The nearest mention of the wanted type: before in the sentence, paragraph, article; after."""

    def fits(type_: str, label: str) -> bool:
        if wanted == "province":
            return type_ == _PROVINCE or (
                type_ == _CITY and name_key(label[len(type_) + 1 :]) in lex.central_cities
            )
        return type_ == wanted

    candidates = [m for m in ctx.mentions if fits(m[1], m[2])]
    before = [m for m in candidates if m[0] < title.start]
    # An article whose headline names one unit of the wanted type is about it: that unit
    # answers before the paragraph's other mentions (`Hà Tĩnh: ...`, then `Nghệ An` in passing).
    headline = {m[2] for m in candidates if m[3] == 0}
    for group in (
        [m for m in before if m[0] >= title.sentence_start],
        [m for m in candidates if m[3] == 0] if len(headline) == 1 and title.paragraph else [],
        [m for m in before if m[3] == title.paragraph],
        before,
    ):
        if group:
            return group[-1][2]
    after = [m for m in candidates if m[0] >= title.start]
    same = [m for m in after if m[3] == title.paragraph]
    if same or after:
        return (same or after)[0][2]
    if wanted in ("province", _PROVINCE, _CITY):
        provinces = [m[4] for m in ctx.mentions if m[4]]
        if provinces:
            before_p = [m[4] for m in ctx.mentions if m[4] and m[0] < title.start]
            choice = before_p[-1] if before_p else provinces[0]
            if wanted == "province" or choice.startswith(wanted + " "):
                return choice
    return None


def _most_local(labels: list[tuple[str, Title]], lex: Lexicon) -> tuple[str, Title] | None:
    def rank(label: str) -> int:
        type_ = next(
            (t for t in sorted(_LOCAL_RANK, key=len, reverse=True) if label.startswith(t + " ")), ""
        )
        value = _LOCAL_RANK.get(type_, 1)
        if type_ == _CITY and name_key(label[len(type_) + 1 :]) not in lex.central_cities:
            value = 2
        return value

    return max(labels, key=lambda pair: rank(pair[0])) if labels else None


def title_norm(title: str, lex: Lexicon) -> str:
    """`title` spelt one way for grouping (rules/titles.toml `title_norms`): known spellings of
    a body replaced by one, other words lower-cased except abbreviations (`Phó chủ tịch UBND`)."""
    words = title.split()
    keys = [name_key(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 8), i, -1):
            key = " ".join(k for k in keys[i:j] if k)
            norm = lex.title_norms.get(key)
            if norm is None and j - i <= 3 and (key in lex.countries or key in lex.foreign_places):
                norm = " ".join(words[i:j])  # `Tổng thống Mỹ`: a country keeps its capital
            if norm is not None:
                out.append(norm)
                i = j
                break
        else:
            word = words[i]
            out.append(word if sum(c.isupper() for c in word) >= 2 else word.lower())
            i += 1
    text = " ".join(w for w in out if w.strip("-,&"))
    return text if text.startswith(_TITLE_WORDS["former_norm"]) else text[:1].upper() + text[1:]


_VIET_NAM = f" {name_key(_TITLE_WORDS['country'])} "

#: The tier of a locality's type word, for the `level` column (rules/admin.toml).
_TIERS = {word: tier for word, tier in TIER_OF_TYPE.items() if tier}


def _level(locality: str | None, titles: list[Title], lex: Lexicon) -> str:
    """`central` for a national post, else the tier of the unit the post belongs to."""
    if locality is None:
        return "central" if any(t.national for t in titles) else ""
    if locality.startswith(_CITY + " "):
        central = name_key(locality[len(_CITY) + 1 :]) in lex.central_cities
        return "province" if central else "district"
    type_ = next((t for t in sorted(_TIERS, key=len, reverse=True) if locality.startswith(t)), "")
    return _TIERS.get(type_, "")


def _foreign_name(keys: tuple[str, ...], lex: Lexicon) -> bool:
    """A name no Vietnamese person has: a syllable outside Vietnamese phonology, with no known
    surname or Central Highlands prefix (`Ksor`, `Y`) to say otherwise."""
    if keys[0] in lex.surname_weight or keys[0] in lex.prefixes:
        return False
    return any(lex.foreign_word(k) for k in keys)


def _row(person: Person, doc: Doc, ctx: Context, lex: Lexicon) -> OfficialRow | None:
    titled = [m for m in person.mentions if any(_valid(t) for t in m.titles)]
    if not titled:
        return None
    titles: list[Title] = []
    localities: list[tuple[str, Title]] = []
    foreign = False
    written: set[str] = set()  # titles whose place the article writes in some mention
    for m in titled:
        chain = [t for t in m.titles if _valid(t)]
        for title in chain:
            titles.append(title)
            foreign = foreign or title.foreign
            label = _resolve(title, chain, ctx, lex)
            if label:
                localities.append((label, title))
                if title.place_label:
                    written.add(name_key(title.text))
    # `Bí thư Thành ủy TP HCM X`, later `Bí thư Thành ủy X` in a paragraph on Nha Trang: the
    # place written with the title wins over the one the context gives the same title.
    localities = [
        (label, t) for label, t in localities if t.place_label or name_key(t.text) not in written
    ]
    titles = _dedupe(titles)
    # A descriptor (`lãnh đạo Triều Tiên`, `fallback`) only for someone no post is named for.
    titles = [t for t in titles if not t.role.get("fallback")] or titles
    if not titles:
        return None
    best = max(
        titled, key=lambda m: (len([t for t in m.titles if _valid(t)]), len(m.keys), -m.start)
    )
    foreign_name = _foreign_name(person.keys, lex)
    foreign = foreign or foreign_name
    # `Đại sứ Việt Nam tại Ấn Độ`: a foreign place, a Vietnamese post.
    vietnamese_post = any(_VIET_NAM in f" {name_key(t.text)} " for t in titles)
    scope = "foreign" if foreign_name or (foreign and not vietnamese_post) else "domestic"
    local = None if foreign else _most_local(localities, lex)
    role_id = titles[0].role.id
    organization = local[1].organization if local else titles[0].organization
    return OfficialRow(
        article_id=doc._.article_id,
        name=person.text,
        titles=[t.text for t in titles],
        locality=local[0] if local else None,
        evidence=best.sentence,
        organization=organization,
        mentions=len(person.mentions),
        rule=f"{best.rule}:{role_id}",
        start=best.start,
        end=best.end,
        scope=scope,
        level="" if scope == "foreign" else _level(local[0] if local else None, titles, lex),
        title_norm=[title_norm(t.text, lex) for t in titles],
    )


# --------------------------------------------------------------------------------------------
# Entry point.


def _context(doc: Doc, article: ArticleContext) -> Context:
    places: dict[str, str] = {}
    mentions: list[tuple[int, str, str, int, str, int]] = []
    starts = [span.start_char for span in doc.spans["paragraphs"]]
    for m in sorted(article.locality_mentions, key=lambda m: m.start):
        places.setdefault(name_key(m.name), m.label)
        paragraph = bisect_right(starts, m.start) - 1
        mentions.append(
            (m.start, m.type, m.label, paragraph, getattr(m, "province", "") or "", m.end)
        )
    lowered = article.text.lower()
    council = sum(lowered.count(word) for word in _ASSEMBLY["council_words"])
    national = sum(lowered.count(word) for word in _ASSEMBLY["national_words"])
    assembly = _ASSEMBLY["council"] if council > national else _ASSEMBLY["national"]
    return Context(places, mentions, assembly, [m[0] for m in mentions])


def _add_title_places(ctx: Context, mentions: list[Mention]) -> None:
    """Places written inside titles (`Bí thư Tỉnh ủy tỉnh BR-VT`) also answer later implicit
    titles (`ông Nguyễn Văn Trình, Chủ tịch UBND tỉnh`), even where the localities extractor
    has no mention of them."""
    for m in mentions:
        for title in m.titles:
            if title.place_label:
                type_ = next(
                    (
                        t
                        for t in sorted(_LOCAL_RANK, key=len, reverse=True)
                        if title.place_label.startswith(t + " ")
                    ),
                    "",
                )
                if type_:
                    ctx.mentions.append(
                        (title.start, type_, title.place_label, title.paragraph, "", title.start)
                    )
    ctx.mentions.sort(key=lambda m: m[0])
    ctx.mention_starts = [m[0] for m in ctx.mentions]


def extract_officials(doc: Doc, context: Mapping[str, list]) -> list[OfficialRow]:
    """One row per person named with a public position, in order of first mention."""
    lex = lexicon()
    article = as_context(doc, context)
    full_text = article.text  # `doc.text` would rebuild the string on every access
    ctx = _context(doc, article)
    token_starts = doc.to_array("IDX").tolist()  # cheaper than making a Token per word
    bounds = token_bounds(token_starts, len(full_text))
    mentions: list[Mention] = []
    for start, end, paragraph in join_initial_sentences(sentence_bounds(doc), full_text, lex):
        # Slicing the text is much cheaper than Span.text, which builds a Token per word.
        text = full_text[start:end]
        raws = raw_items(text)
        if not may_name(raws, lex):
            continue
        items = join_initials(sentence_items(text, start, token_starts, bounds, raws), text, lex)
        if may_have_name_tail(raws):
            items = mark_name_tails(items, lex)
        found = scan_sentence(items, ctx, lex, text, paragraph)
        for m in found:
            for title in m.titles:
                written = title.role.get("written")
                if written and title.role.text in title.text:
                    title.text = title.text.replace(title.role.text, written, 1)
                if title.role.get("assembly") and not title.has_body:
                    title.text = f"{title.text} {ctx.assembly}"
                    title.level = "province" if ctx.assembly == _ASSEMBLY["council"] else None
                    title.national = ctx.assembly != _ASSEMBLY["council"]
        mentions.extend(found)
    _add_title_places(ctx, mentions)
    rows = []
    for person in _people(mentions):
        row = _row(person, doc, ctx, lex)
        if row is not None:
            rows.append(row)
    return rows
