"""People and places across articles: the officials registry, the places keyed on gazetteer
codes, and the links from each commitment to its actor's locality and to its official.

The extractors work one article at a time; analysts ask about people ("every post Nguyễn Văn
Thành held"). Vietnamese names repeat a lot (many officials share a handful of surnames and
given names), so the name alone cannot identify a person. Two mentions of one name key
(`pipeline.text.keys.name_key`, the scorer's notion of "the same name") are one person when:

- **locality evidence**: their posts lie in the same province (`province`); or
- **title evidence**: a mention with no locality (a national post, or a locality the extractor
  could not tell) names the same post as the mentions of exactly one province, or as another
  mention with no locality (`title`). The same post means: the words of the shorter title are
  all among those of the longer, once `nguyên`/`quyền` are dropped, and both or neither are
  `Phó` (pipeline/rules/registry.toml). Titles are compared in their `title_norm` spelling
  (the officials table's column), so two spellings of one post are one post.

Mentions whose provinces differ are never merged, whatever their titles. A mention without a
locality whose post matches two provinces stays apart rather than being guessed into one.

A mention's province is the `province` column of its locality row (filled from the gazetteer);
without it, the unit itself when it is a province, else its `parent` (followed upwards), else
the locality itself as a stand-in (which can only keep people apart, never merge two provinces).

Everything here is pure: rows in, rows out, deterministic; `pipeline.store` writes the result.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from pipeline.rules import load
from pipeline.text.keys import contains_words, expand_abbreviations, name_key, place_key

log = logging.getLogger(__name__)


@dataclass
class Person:
    """One person across the corpus."""

    person_id: str  # stable: a hash of the name key and the province (or the post)
    name: str  # the spelling seen most often
    province: str  # `<type> <name>` of the province of their posts; "" for national posts
    locality: str  # the locality most often attached to their posts
    locality_code: str  # its gazetteer code, when linked
    titles: list[str]  # every title seen, in order of first appearance
    n_articles: int
    mentions: int
    first_seen: date | None
    last_seen: date | None
    name_variants: list[str]


@dataclass
class PersonTitle:
    """One title of one person in one article: positions over time."""

    person_id: str
    name: str
    title: str
    article_id: str
    published: date | None
    locality: str
    province: str
    evidence: str


@dataclass
class PersonMention:
    """Which person an `officials` row (article_id, seq) belongs to, and why."""

    article_id: str
    seq: int
    person_id: str
    province: str
    locality_code: str
    rule: str  # province | title | alone


@dataclass
class Place:
    """One administrative unit across the corpus, keyed on its gazetteer code."""

    place_id: str  # the gazetteer code (`new:<code>` in the 2025 map), or `name:<type> <name>`
    code: str
    type: str
    name: str
    province: str
    new_province: str
    new_ward: str
    n_articles: int
    mentions: int
    first_seen: date | None
    last_seen: date | None


@dataclass
class CommitmentLink:
    """A `commitments` row (article_id, seq) linked to a place and to a person."""

    article_id: str
    seq: int
    locality_code: str
    locality: str
    province: str
    locality_rule: str  # actor (named in the actor) | official (the official's post) | ""
    person_id: str
    person_name: str
    person_rule: str  # official (the row's `official`) | evidence (named in it) | ""


REGISTRY_TYPES: dict[str, type] = {
    "people": Person,
    "people_titles": PersonTitle,
    "person_mentions": PersonMention,
    "places": Place,
    "commitment_links": CommitmentLink,
}


@dataclass
class Registry:
    """The registry tables, in `REGISTRY_TYPES` order."""

    people: list[Person] = field(default_factory=list)
    people_titles: list[PersonTitle] = field(default_factory=list)
    person_mentions: list[PersonMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    commitment_links: list[CommitmentLink] = field(default_factory=list)

    @property
    def tables(self) -> dict[str, list]:
        return {name: getattr(self, name) for name in REGISTRY_TYPES}


# --------------------------------------------------------------------------------------------
# Rules


@cache
def _rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    rules = load("registry")
    ignored = frozenset(name_key(e["word"]) for e in rules["ignored_title_word"])
    distinct = frozenset(name_key(e["word"]) for e in rules["distinct_title_word"])
    province_types = frozenset(name_key(e["word"]) for e in rules["province_type"])
    return ignored, distinct, province_types


def post_words(title: str) -> frozenset[str]:
    """The words of a title that name the post (`nguyên`, `quyền` dropped)."""
    ignored, _, _ = _rules()
    return frozenset(word for word in name_key(title).split() if word not in ignored)


def same_post(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two titles (as `post_words`) name the same post: the shorter's words are all in the
    longer, and both or neither carry each distinct word (`phó`)."""
    if not a or not b:
        return False
    _, distinct, _ = _rules()
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return shorter <= longer and all((w in a) == (w in b) for w in distinct)


def _any_same_post(a: Iterable[frozenset[str]], b: Iterable[frozenset[str]]) -> bool:
    b = list(b)
    return any(same_post(x, y) for x in a for y in b)


# --------------------------------------------------------------------------------------------
# Places


def label(row: Any) -> str:
    """`<type> <name>` of a locality row."""
    return f"{row.type} {row.name}".strip()


def resolve(rows: Sequence[Any], locality: str | None) -> Any | None:
    """The locality row of an article that a `<type> <name>` string names, if any.

    Compared as the scorer compares localities (type word removed, `TP` expanded); among rows
    of that name, the one of the same type wins (`thị xã Quảng Yên` over a `huyện Quảng Yên`).
    """
    if not locality:
        return None
    key = place_key(locality)
    if not key:
        return None
    full = expand_abbreviations(locality)
    candidates = [row for row in rows if name_key(row.name) == key]
    for row in candidates:
        if name_key(label(row)) == full:
            return row
    return candidates[0] if candidates else None


def province_of(row: Any, rows: Sequence[Any], depth: int = 0) -> str:
    """The province label of a locality row (see the module docstring for the fallbacks)."""
    if getattr(row, "province", ""):
        return row.province
    _, _, province_types = _rules()
    code = getattr(row, "code", "") or ""
    if name_key(row.type) in province_types or (len(code) == 2 and code.isdigit()):
        return label(row)
    if row.parent and depth < 3:
        parent = resolve(rows, row.parent)
        return province_of(parent, rows, depth + 1) if parent is not None else row.parent
    return label(row)


def actor_place(actor: str | None, rows: Sequence[Any]) -> Any | None:
    """The locality row named inside a commitment's actor (`UBND tỉnh Quảng Ninh`, `Huyện ủy
    Đông Anh`): the type and name win over the bare name, the longer over the shorter."""
    if not actor:
        return None
    actor_key = expand_abbreviations(actor)
    best, best_score = None, (0, 0)
    for row in rows:
        full, bare = name_key(label(row)), name_key(row.name)
        if contains_words(actor_key, full):
            score = (2, len(full))
        elif bare and not bare.isdigit() and contains_words(actor_key, bare):
            score = (1, len(bare))  # a bare number (`Quận 2`'s `2`) is not evidence
        else:
            continue
        if score > best_score:
            best, best_score = row, score
    return best


# --------------------------------------------------------------------------------------------
# People


@dataclass
class _Mention:
    row: Any
    article_id: str
    seq: int
    key: str
    published: date | None
    province: str = ""
    province_key: str = ""
    locality_code: str = ""
    posts: tuple[frozenset[str], ...] = ()
    person_id: str = ""
    rule: str = ""


def _person_id(key: str, anchor: str) -> str:
    return "p-" + hashlib.sha1(f"{key}|{anchor}".encode()).hexdigest()[:12]


def _components(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions linked by naming the same post, as connected components (input order kept).

    Mentions are first grouped by their set of posts, so the pairwise comparison runs over the
    few distinct post sets of a name, not over its mentions (a minister may be named in
    thousands of articles with the same title).
    """
    index: dict[frozenset, int] = {}
    for mention in mentions:
        if mention.posts:
            index.setdefault(frozenset(mention.posts), len(index))
    keys = list(index)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if _any_same_post(keys[i], keys[j]):
                parent[find(j)] = find(i)
    groups: dict[Any, list[_Mention]] = defaultdict(list)
    for number, mention in enumerate(mentions):  # input order, whatever the grouping
        if mention.posts:
            groups[find(index[frozenset(mention.posts)])].append(mention)
        else:  # no post, no evidence: a person of its own
            groups[("alone", number)].append(mention)
    return list(groups.values())


def _cluster(mentions: list[_Mention]) -> list[tuple[str, list[_Mention]]]:
    """Split the mentions of one name key into people: (anchor, mentions) pairs."""
    by_province: dict[str, list[_Mention]] = defaultdict(list)
    floating: list[_Mention] = []
    for mention in mentions:
        if mention.province_key:
            mention.rule = "province"
            by_province[mention.province_key].append(mention)
        else:
            floating.append(mention)
    province_posts = {
        province: {post for m in members for post in m.posts}
        for province, members in by_province.items()
    }
    people: list[tuple[str, list[_Mention]]] = []
    for component in _components(floating):
        posts = {post for mention in component for post in mention.posts}
        matches = [
            province for province, known in province_posts.items() if _any_same_post(posts, known)
        ]
        for mention in component:
            mention.rule = "title" if len(component) > 1 or len(matches) == 1 else "alone"
        if len(matches) == 1:
            by_province[matches[0]].extend(component)
            continue
        if posts:
            anchor = "post:" + min(" ".join(sorted(post)) for post in posts)
        else:
            first = component[0]
            anchor = f"mention:{first.article_id}:{first.seq}"
        people.append((anchor, component))
    people.extend((f"province:{province}", members) for province, members in by_province.items())
    return people


def _most_common(values: Iterable[str]) -> str:
    """The most frequent non-empty value; ties go to the longer, then the first in order."""
    counts = Counter(value for value in values if value)
    if not counts:
        return ""
    return max(counts, key=lambda value: (counts[value], len(value), -_first(counts, value)))


def _first(counts: Counter, value: str) -> int:
    return list(counts).index(value)


def _person(person_id: str, mentions: list[_Mention]) -> Person:
    titles: dict[str, tuple[date, int]] = {}
    for order, mention in enumerate(mentions):
        when = mention.published or date.max
        for title in mention.row.titles or []:
            if title and (title not in titles or (when, order) < titles[title]):
                titles[title] = (when, order)
    dates = [m.published for m in mentions if m.published]
    return Person(
        person_id=person_id,
        name=_most_common(m.row.name for m in mentions),
        province=_most_common(m.province for m in mentions if m.province_key),
        locality=_most_common(m.row.locality or "" for m in mentions),
        locality_code=_most_common(m.locality_code for m in mentions),
        titles=sorted(titles, key=lambda title: titles[title]),
        n_articles=len({m.article_id for m in mentions}),
        mentions=sum(int(m.row.mentions or 1) for m in mentions),
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        name_variants=sorted({m.row.name for m in mentions}),
    )


# --------------------------------------------------------------------------------------------
# The whole registry


def build(
    published: Mapping[str, date | None],
    officials: Iterable[Any],
    localities: Iterable[Any],
    commitments: Iterable[Any],
) -> Registry:
    """The registry of the given rows (`pipeline.tables` rows, in table order).

    `published` maps article ids to their dates. A row's `seq` is its index among the rows of
    its article, as in the store.
    """
    places_of: dict[str, list[Any]] = defaultdict(list)
    for row in localities:
        places_of[row.article_id].append(row)

    mentions: list[_Mention] = []
    seqs: Counter[str] = Counter()
    for row in officials:
        seq = seqs[row.article_id]
        seqs[row.article_id] += 1
        mention = _Mention(
            row=row,
            article_id=row.article_id,
            seq=seq,
            key=name_key(row.name or ""),
            published=published.get(row.article_id),
            # `title_norm` spells one post one way (`Thống đốc NHNN` = `Thống đốc Ngân hàng
            # Nhà nước`); rows without it (older stores) fall back to the titles as written.
            posts=tuple(
                p
                for p in (
                    post_words(t) for t in getattr(row, "title_norm", None) or row.titles or []
                )
                if p
            ),
        )
        if row.locality:
            rows = places_of[row.article_id]
            place = resolve(rows, row.locality)
            mention.province = province_of(place, rows) if place else row.locality
            mention.province_key = place_key(mention.province)
            mention.locality_code = (getattr(place, "code", "") or "") if place else ""
        mentions.append(mention)

    registry = Registry()
    by_key: dict[str, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        by_key[mention.key].append(mention)
    people: list[Person] = []
    for key, group in by_key.items():
        if not key:
            for mention in group:
                mention.rule = "alone"
            continue
        for anchor, members in _cluster(group):
            person_id = _person_id(key, anchor)
            for mention in members:
                mention.person_id = person_id
            people.append(_person(person_id, members))
    people.sort(key=lambda p: (-p.n_articles, -p.mentions, name_key(p.name), p.person_id))
    registry.people = people
    names = {person.person_id: person.name for person in people}

    for mention in mentions:
        registry.person_mentions.append(
            PersonMention(
                mention.article_id,
                mention.seq,
                mention.person_id,
                mention.province,
                mention.locality_code,
                mention.rule,
            )
        )
        for title in mention.row.titles or []:
            registry.people_titles.append(
                PersonTitle(
                    person_id=mention.person_id,
                    name=names.get(mention.person_id, mention.row.name),
                    title=title,
                    article_id=mention.article_id,
                    published=mention.published,
                    locality=mention.row.locality or "",
                    province=mention.province,
                    evidence=mention.row.evidence,
                )
            )
    registry.places = _places(published, places_of)
    registry.commitment_links = _links(commitments, places_of, mentions, names)
    return registry


def _places(published: Mapping[str, date | None], places_of: Mapping[str, list]) -> list[Place]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for rows in places_of.values():
        for row in rows:
            code = getattr(row, "code", "") or ""
            if code and getattr(row, "era", "") == "new":
                code = f"new:{code}"  # codes of the 2025 map reuse old ones (91: Kiên Giang)
            groups[code or f"name:{name_key(row.type)} {name_key(row.name)}"].append(row)
    places = []
    for key, rows in groups.items():
        dates = [published[r.article_id] for r in rows if published.get(r.article_id)]
        type_, name = _most_common(r.type for r in rows), _most_common(r.name for r in rows)
        # Keys are for comparing, not for reading: an unlinked place is named by its spelling.
        place_id = key if not key.startswith("name:") else f"name:{type_} {name}".lower()
        places.append(
            Place(
                place_id=place_id,
                code=rows[0].code or "",
                type=type_,
                name=name,
                province=_most_common(province_of(r, places_of[r.article_id]) for r in rows),
                new_province=_most_common(getattr(r, "new_province", "") for r in rows),
                new_ward=_most_common(getattr(r, "new_ward", "") for r in rows),
                n_articles=len({r.article_id for r in rows}),
                mentions=sum(int(getattr(r, "mentions", 1) or 1) for r in rows),
                first_seen=min(dates) if dates else None,
                last_seen=max(dates) if dates else None,
            )
        )
    places.sort(key=lambda p: (-p.n_articles, -p.mentions, p.place_id))
    return places


def _links(
    commitments: Iterable[Any],
    places_of: Mapping[str, list],
    mentions: list[_Mention],
    names: Mapping[str, str],
) -> list[CommitmentLink]:
    mentions_of: dict[str, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.person_id:
            mentions_of[mention.article_id].append(mention)
    links = []
    seqs: Counter[str] = Counter()
    for row in commitments:
        seq = seqs[row.article_id]
        seqs[row.article_id] += 1
        rows = places_of.get(row.article_id, [])
        speaker, person_rule = _speaker(row, mentions_of.get(row.article_id, []))
        place = actor_place(row.actor, rows)
        locality_rule = "actor" if place is not None else ""
        code = locality = province = ""
        if place is not None:
            code, locality, province = place.code or "", label(place), province_of(place, rows)
        elif speaker is not None and speaker.row.locality:
            locality_rule = "official"
            code, locality, province = (
                speaker.locality_code,
                speaker.row.locality,
                speaker.province,
            )
        person_id = speaker.person_id if speaker is not None else ""
        links.append(
            CommitmentLink(
                article_id=row.article_id,
                seq=seq,
                locality_code=code,
                locality=locality,
                province=province,
                locality_rule=locality_rule,
                person_id=person_id,
                person_name=names.get(person_id, ""),
                person_rule=person_rule if person_id else "",
            )
        )
    return links


def _speaker(row: Any, mentions: list[_Mention]) -> tuple[_Mention | None, str]:
    """The official who stated a commitment: its `official` column, matched by name key (a
    short form such as `Minh` matches the one full name ending in it), else the one official
    named in its evidence. Ambiguity links no one."""
    official = name_key(getattr(row, "official", "") or "")
    if official:
        hits = [m for m in mentions if m.key == official] or [
            m for m in mentions if m.key.endswith(" " + official)
        ]
        rule = "official"
    else:
        evidence = name_key(row.evidence or "")
        hits = [m for m in mentions if contains_words(evidence, m.key)]
        rule = "evidence"
    if len({m.person_id for m in hits}) == 1:
        return hits[0], rule
    return None, ""
