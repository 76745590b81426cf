"""Linking locality mentions to the gazetteer, in the map of the article's era.

`pipeline.extractors.localities` finds the mentions; this module decides which unit each one
names. Mentions of an article of the old map (before 1 July 2025) are linked in the legacy map
as of the article's date; in an article of the new map, provinces, communes, wards and special
zones are looked for in the two-level map first (`Gazetteer.link_new`), and former units
(`huyện Vân Đồn trước đây`, `tỉnh Bà Rịa - Vũng Tàu (cũ)`, district-level units) in the legacy
map as of its last day, from where `new_province`/`new_ward` lead to their successors.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from pipeline import gazetteer as gaz

_SPECIAL_ZONE = gaz.WORD["special_zone"]  # `đặc khu`: the one district-level type of 2025

if TYPE_CHECKING:
    from pipeline.extractors.locality_rules import _Raw


def explicit_parents(text: str, mentions: list[_Raw]) -> None:
    """A unit right after another, in parentheses or after a comma or dash, and of a higher
    level, is its parent: `xã Đặng Xá (huyện Gia Lâm)`, `xã Lương Hòa, huyện Giồng Trôm`."""
    for current, following in pairwise(mentions):
        between = text[current.end : following.start]
        if re.fullmatch(r"\s*(?:\(|,|-|–|thuộc|của)\s*", between) and following.rank < current.rank:
            current.explicit_parent = following


def _link_new(
    mention: _Raw, mentions: list[_Raw], rank: int = 0, on: date | None = None
) -> gaz.Unit | None:
    """The unit of the new map a mention of a new-era article names, or None (then the old
    map is tried: a former unit). Provinces must be unique by name; communes, wards and
    special zones are looked for in the new provinces around them, nearest first: of the
    stated parent, then of the higher units in the text (a former province counts as its
    successor: `xã A, tỉnh Kiên Giang (cũ)` is looked for in An Giang)."""
    if mention.former or mention.type not in gaz.NEW_LEVELS_OF_TYPE:
        return None
    if mention.type != _SPECIAL_ZONE and (mention.level == "district" or mention.rank == 1):
        return None  # `thành phố Vinh`: a district-level city, gone in 2025
    gazetteer = gaz.get()
    if mention.rank == 0:
        unit = gazetteer.link_new(mention.type, mention.name)
        return unit if unit is not None and unit.level == "province" else None
    around = [mention.explicit_parent] if mention.explicit_parent is not None else []
    around += sorted(
        (m for m in mentions if m.unit is not None and m.rank < 2),
        key=lambda m: abs(m.start - mention.start),
    )
    provinces: list[gaz.Unit] = []
    for other in around:
        province = gazetteer.new_province(other.unit) if other.unit is not None else None
        if province is not None and province not in provinces:
            provinces.append(province)
    return gazetteer.link_new(mention.type, mention.name, provinces=provinces)


def link(mentions: list[_Raw], on: date, new: bool = False) -> None:
    """Link every mention to a gazetteer unit, highest levels first.

    The context of a mention is its stated parent, then the already linked higher units of
    the province it is read in: the province of its stated parent, or else of the nearest
    higher unit in the text. Units of other provinces are not context: a commune of a Sơn La
    story is not the namesake in a Hà Nội paragraph far away. In a new-era article (`new`)
    the new map is tried first (`_link_new`); the old map reads former units. A special zone
    exists only in the new map, whatever the era. A name of a list under several type words
    (`các xã, phường A, B`) takes the first of its `types` that links to a unit of that type.
    """
    for rank in (0, 1, 2):
        for mention in mentions:
            if mention.rank != rank or mention.unit is not None:
                continue
            guess = mention.type
            types = mention.types or (guess,)
            maps = (_link_new, _link_old) if new or guess == _SPECIAL_ZONE else (_link_old,)
            unit = None
            for linker in maps:
                for type_word in types:
                    mention.type = type_word
                    unit = linker(mention, mentions, rank, on)
                    if unit is not None and (len(types) == 1 or unit.type == type_word):
                        break
                    unit = None
                if unit is not None:
                    break
            if unit is None:
                mention.type = guess
                if mention.types:
                    unit = _link_old(mention, mentions, rank, on)
            mention.unit = unit


def _link_old(mention: _Raw, mentions: list[_Raw], rank: int, on: date) -> gaz.Unit | None:
    """The unit of the old map (as of `on`) that a mention names, or None (`_link`)."""
    gazetteer = gaz.get()
    parent = mention.explicit_parent
    within = parent.unit if parent is not None else None
    if within is not None and within.era == "new":
        within = None  # a new province is no parent in the old map
    nearest = sorted(
        (m for m in mentions if m.unit is not None and m.rank < rank),
        key=lambda m: abs(m.start - mention.start),
    )
    higher = [m for m in nearest if m.unit.era == "old"]
    context: list[gaz.Unit] = [within] if within is not None else []
    anchor = within or (higher[0].unit if higher else None)
    if anchor is not None:
        province = anchor.code if anchor.level == "province" else anchor.province
        context.extend(m.unit for m in higher if province in (m.unit.code, m.unit.province))
        province_unit = gazetteer.units.get(("province", province))
        if province_unit is not None:
            context.append(province_unit)
    elif nearest:
        # Only units of the new map around: a former commune lies in one of the provinces
        # merged into the nearest new province (`xã A (cũ)` near `tỉnh An Giang`).
        context.extend(gazetteer.old_provinces(nearest[0].unit))
    unit = gazetteer.link(mention.type, mention.name, context=context, within=within, on=on)
    if unit is None and rank < 2 and within is None:
        # District names rarely repeat and were rarely merged away: a name unique in
        # the gazetteer is that district even in a story about another province.
        unit = gazetteer.link(mention.type, mention.name, on=on)
    return unit


__all__ = ["explicit_parents", "link"]
