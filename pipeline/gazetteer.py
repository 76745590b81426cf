"""The official list of Vietnamese administrative units, for matching and linking localities.

The data is the one bundled with the `vietnamadminunits` package (MIT): the legacy 63-province
/ district / ward list (as it stood just before the 1 July 2025 reform) with General Statistics
Office (GSO) codes, and its table mapping each legacy ward to the 2025 34-province units.

We read the package's *data files* (`data/dataset.db`, `data/converter_2025.json`) and never
import or call its code, for three reasons:

- `convert_address` can call a network geocoder (ArcGIS via geopy) for divided wards; the
  pipeline must never touch the network;
- its default `FROM_2025` parse mode silently maps an old name to a *different* new ward
  (`Đức Thắng` comes back as `Phường Từ Liêm`); the converter table is explicit instead;
- importing the package costs ~0.65 s (geopy, shapely); reading the two files costs ~0.1 s.

This is the only module that knows about `vietnamadminunits`. Everything is loaded lazily,
once per process, and kept in memory only (`get()`).

Names are compared with `pipeline.text.keys.name_key`, so `Ð`/`Đ`, tone placement (`Thuỷ` /
`Thủy`), hyphens and spaces (`Bà Rịa-Vũng Tàu`) and case never matter. Units that existed at
the time of an article but are gone from the bundled list (Quận 2 of Hồ Chí Minh City before
2021, the province of Thừa Thiên Huế before 2025...) come from `[[historical]]` entries of
`pipeline/rules/localities.toml`.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sqlite3
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from pipeline.rules import load
from pipeline.text.keys import name_key

log = logging.getLogger(__name__)

PACKAGE = "vietnamadminunits"

#: The `[[type_word]]` entries of rules/admin.toml, in their order.
_ADMIN_TYPES: tuple[dict, ...] = tuple(load("admin")["type_word"])
#: Type words, longest first, as they prefix the full names of the bundled data.
TYPE_WORDS: tuple[str, ...] = tuple(entry["word"] for entry in _ADMIN_TYPES)
#: The type word of each role (`WORD["province"]` is `tỉnh`, `WORD["city"]` `thành phố`).
WORD: dict[str, str] = {entry["name"]: entry["word"] for entry in _ADMIN_TYPES}
#: The tier of a unit of each type word for an official's `level` column ("" for none).
TIER_OF_TYPE: dict[str, str] = {entry["word"]: entry["tier"] for entry in _ADMIN_TYPES}

#: Administrative level of each unit in the legacy (three-level) system.
LEVELS = ("province", "district", "ward")


@dataclass(frozen=True)
class Unit:
    """One administrative unit.

    `code` is the GSO code (2 digits for a province, 3 for a district, 5 for a ward);
    `type` the full lowercase type word and `name` the official name without it (`quận`,
    `Bắc Từ Liêm`; numbered units keep the number: `quận`, `1`). `province` and `district` are
    the codes of the containing units (empty when not applicable). `new_province` and
    `new_ward` are the labels of the unit that replaced it in the 2025 reform, `new_ward`
    empty when the unit was divided among several new wards or is above ward level.
    `until` is set for historical units (the first day they no longer existed), with
    `successor` the code of the bundled unit that took their place; `renamed` when that is
    the same unit under another type or name (not a merger).

    `era` is `old` for the units of the three-level map (up to 30 June 2025) and `new` for
    those of the two-level map (`NewMap`): a new unit has level `province` or `ward` (a
    commune, ward or special zone directly under its province, so `district` is empty), and
    its GSO code is one of the new map. Codes of the two eras overlap (`91` is the old Kiên
    Giang and the new An Giang), so a unit is identified by its era too.
    """

    level: str
    code: str
    type: str
    name: str
    province: str = ""
    district: str = ""
    new_province: str = ""
    new_ward: str = ""
    until: str = ""
    successor: str = ""
    renamed: bool = False
    rule: str = ""
    era: str = "old"

    @property
    def label(self) -> str:
        """`<type> <name>`, as in the `parent` and `province` columns."""
        return f"{self.type} {self.name}"

    @property
    def key(self) -> str:
        return name_key(self.name)

    def exists_on(self, day: date | None) -> bool:
        """True when the unit existed on `day` (always, for current units or an unknown day)."""
        if not self.until or day is None:
            return True
        return day < date.fromisoformat(self.until)


def split_type(full_name: str) -> tuple[str, str]:
    """(`type`, `name`) of a full unit name such as `Thị Xã Việt Yên` → (`thị xã`, `Việt Yên`)."""
    text = unicodedata.normalize("NFC", full_name).strip()
    lowered = text.lower()
    for word in TYPE_WORDS:
        if lowered.startswith(word + " "):
            return word, text[len(word) + 1 :].strip()
    return "", text


def data_dir() -> Path:
    """The `data/` folder of the installed package, found without importing (executing) it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


class Gazetteer:
    """Name index of the legacy units, their parents and their 2025 successors.

    Build it with `get()` (cached); the constructor reads the files.
    """

    def __init__(self, directory: Path | None = None) -> None:
        started = time.perf_counter()
        directory = directory or data_dir()
        self._directory = directory
        self._new: NewMap | None = None
        self._district_wards: dict[str, list[str]] | None = None
        self.units: dict[tuple[str, str], Unit] = {}
        self._by_key: dict[str, list[Unit]] = {}
        self._history: dict[tuple[str, str], list[Unit]] = {}
        self._compact: dict[str, str] = {}
        self._load(directory)
        self._fix_spelling()
        self._add_historical()
        for key, units in self._by_key.items():
            units.sort(key=lambda u: (LEVELS.index(u.level), u.code))
            self._compact.setdefault(key.replace(" ", ""), key)
        self.load_seconds = time.perf_counter() - started
        log.debug("gazetteer: %d units in %.3f s", len(self.units), self.load_seconds)

    # -- building -----------------------------------------------------------------------------

    def _load(self, directory: Path) -> None:
        with (directory / "converter_2025.json").open(encoding="utf-8") as handle:
            converter = json.load(handle)
        uri = f"file:{directory / 'dataset.db'}?mode=ro"
        with sqlite3.connect(uri, uri=True) as connection:
            new_names = {
                (p, w): (pn, wn)
                for p, w, pn, wn in connection.execute(
                    "SELECT provinceKey, wardKey, province, ward FROM admin_units"
                )
            }
            legacy = connection.execute(
                "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey,"
                " ward, wardCode, wardKey FROM admin_units_legacy"
            ).fetchall()
        new_province_names = {p: pn for (p, _), (pn, _) in new_names.items()}
        old_to_new_province = {
            old: new for new, olds in converter["DICT_PROVINCE"].items() for old in olds
        }
        old_to_new_ward: dict[str, tuple[str, str]] = {}
        for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward, olds in wards.items():
                for old in olds:
                    old_to_new_ward[old] = (new_province, new_ward)

        @cache
        def label(full_name: str | None) -> str:
            if not full_name:
                return ""
            kind, name = split_type(full_name)
            return f"{kind} {name}"

        seen: set[tuple[str, str]] = set()
        for p_name, p_code, p_key, d_name, d_code, d_key, w_name, w_code, w_key in legacy:
            new_p = label(new_province_names.get(old_to_new_province.get(p_key, ""), ""))
            if ("province", p_code) not in seen:
                seen.add(("province", p_code))
                self._add(Unit("province", p_code, *split_type(p_name), new_province=new_p))
            if d_code and ("district", d_code) not in seen:
                seen.add(("district", d_code))
                # Island districts without wards map straight to a new special zone.
                new_w = ""
                mapped = old_to_new_ward.get(f"{p_key}_{d_key}_")
                if mapped and not w_code:
                    new_w = label(new_names.get(mapped, ("", ""))[1])
                unit = Unit("district", d_code, *split_type(d_name), p_code, "", new_p, new_w)
                self._add(unit)
            if w_code:
                mapped = old_to_new_ward.get(f"{p_key}_{d_key}_{w_key}")
                new_w = label(new_names.get(mapped, ("", ""))[1]) if mapped else ""
                self._add(Unit("ward", w_code, *split_type(w_name), p_code, d_code, new_p, new_w))

    def _add(self, unit: Unit) -> None:
        ident = (unit.level, unit.code)
        if ident in self.units:
            return
        self.units[ident] = unit
        self._by_key.setdefault(unit.key, []).append(unit)

    def _fix_spelling(self) -> None:
        """Apply the `[[spelling]]` rules: the official spelling where the bundled list differs."""
        for entry in load("localities").get("spelling", []):
            ident = (entry["level"], entry["code"])
            unit = self.units.get(ident)
            if unit is None:
                log.warning("spelling %s: no %s %s", entry["id"], *ident)
                continue
            fixed = replace(unit, name=entry["name"], rule=entry["id"])
            self._by_key[unit.key].remove(unit)
            if not self._by_key[unit.key]:
                del self._by_key[unit.key]
            self.units[ident] = fixed
            self._by_key.setdefault(fixed.key, []).append(fixed)

    def _add_historical(self) -> None:
        """Units of the `[[historical]]` rules: gone or renamed before the bundled list.

        Each names the bundled unit that took its place (`successor`, a GSO code at the same
        level, or the unit itself with another type or name) so that its province and 2025
        successors can be filled in.
        """
        for entry in load("localities").get("historical", []):
            level = entry["level"]
            successor = self.units.get((level, entry["successor"]))
            if successor is None:
                log.warning("historical %s: no %s %s", entry["id"], level, entry["successor"])
                continue
            province = successor.province if level != "province" else ""
            unit = Unit(
                level,
                entry.get("code", successor.code),
                entry["type"],
                entry["name"],
                province,
                successor.district,
                successor.new_province,
                successor.new_ward if level == "ward" else "",
                entry["until"],
                successor.code,
                bool(entry.get("renamed", False)),
                entry["id"],
            )
            self.units[(level, f"{unit.code}@{unit.until}:{unit.key}")] = unit
            self._by_key.setdefault(unit.key, []).append(unit)
            self._history.setdefault((level, successor.code), []).append(unit)

    # -- look-ups -----------------------------------------------------------------------------

    def match(self, name: str, *, level: str | None = None, on: date | None = None) -> list[Unit]:
        """Every unit called `name` (any spelling with the same name key), optionally at one level.

        With `on`, only units that existed that day are returned: a historical unit before its
        `until`, and a bundled unit only once none of its predecessors exists any more
        (`Thủ Đức` in 2017 is the quận, not the city; in 2017 there was no `Long Đất`).
        """
        key = name_key(name)
        units = self._by_key.get(key)
        if units is None:
            # `Krông Ana` / `Krông A Na`, `Ea Hleo` / `Ea H'leo`: spacing varies in minority names.
            units = self._by_key.get(self._compact.get(key.replace(" ", ""), ""), [])
        if level is not None:
            units = [u for u in units if u.level == level]
        if on is not None:
            units = [u for u in units if u.exists_on(on) and not self._replaced(u, on)]
        return list(units)

    def _replaced(self, unit: Unit, on: date) -> bool:
        """True when a bundled unit did not exist yet on `on`: a predecessor still did."""
        if unit.until:
            return False
        return any(h.exists_on(on) for h in self._history.get((unit.level, unit.code), ()))

    def known(self, key: str) -> bool:
        """True when some unit (any level, any time) has this name key."""
        return key in self._by_key or key.replace(" ", "") in self._compact

    def province(self, unit: Unit, on: date | None = None) -> Unit | None:
        """The province containing `unit` (the unit itself for a province)."""
        if unit.level == "province":
            return unit
        return self._as_of(self.units.get(("province", unit.province)), on)

    def parent(self, unit: Unit, on: date | None = None) -> Unit | None:
        """The unit directly above `unit` (ward → district → province), None for a province."""
        if unit.level == "ward":
            return self._as_of(self.units.get(("district", unit.district)), on)
        if unit.level == "district":
            return self._as_of(self.units.get(("province", unit.province)), on)
        return None

    def _as_of(self, unit: Unit | None, on: date | None) -> Unit | None:
        """`unit`, or the historical unit with its code that existed on `on` (`Thừa Thiên Huế`)."""
        if unit is None or on is None or unit.until:
            return unit
        history = self._history.get((unit.level, unit.code), ())
        earlier = [u for u in history if u.renamed and u.exists_on(on)]
        return min(earlier, key=lambda u: u.until) if earlier else unit

    def link(
        self,
        type_word: str,
        name: str,
        *,
        context: Iterable[Unit] = (),
        within: Unit | None = None,
        on: date | None = None,
    ) -> Unit | None:
        """The unit meant by `<type_word> <name>`, or None when it cannot be decided.

        Candidates have the name and a level the type word allows (`thành phố` is a province
        or a district-level city); a candidate of the written type wins over one of another
        type (`thành phố Yên Bái` is the city, not the province). `within`, a parent the text
        states, must contain the answer (`xã Sơn Hải, huyện Quỳnh Lưu` is not the Sơn Hải of
        Lào Cai). `context` is the units around the mention, nearest first: the first of them
        that contains any candidate decides, and must contain exactly one; when no context
        unit contains a candidate there is no answer (a commune merged away since is not
        linked to a namesake elsewhere). Without context the name must be unique.
        """
        levels = LEVELS_OF_TYPE.get(type_word, LEVELS)
        candidates = self.match(name, on=on) or self.match(name)
        candidates = [u for u in candidates if u.level in levels]
        if len(candidates) > 1:
            typed = [u for u in candidates if u.type == type_word]
            candidates = typed or candidates
        if within is not None:
            candidates = [u for u in candidates if self.contains(within, u)]
        context = list(context)
        if not context:
            return candidates[0] if len(candidates) == 1 else None
        for around in context:
            inside = [u for u in candidates if self.contains(around, u)]
            if inside:
                return inside[0] if len(inside) == 1 else None
        return None

    # -- the new map (from 1 July 2025) ------------------------------------------------------

    @property
    def new_map(self) -> NewMap:
        """The two-level map, read on first use (about 0.1 s) and kept."""
        if self._new is None:
            started = time.perf_counter()
            self._new = NewMap(self._directory)
            log.debug("gazetteer: new map in %.3f s", time.perf_counter() - started)
        return self._new

    def successors(self, unit: Unit) -> list[Unit]:
        """The units of the new map that took over the legacy `unit`, in code order.

        A province maps to its new province; a ward to its new ward (several when it was
        divided); a district to every new unit that took over one of its wards. A historical unit
        maps as its bundled successor does. A new unit is its own successor.
        """
        new = self.new_map
        if unit.era == "new":
            return [unit]
        code = unit.successor or unit.code
        if unit.level == "province":
            found = new.units.get(("province", new.provinces.get(code, "")))
            return [found] if found else []
        if unit.level == "ward":
            codes: set[str] = set(new.successors.get(code, ()))
        else:
            if self._district_wards is None:
                wards: dict[str, list[str]] = {}
                for other in self.units.values():
                    if other.level == "ward" and not other.until:
                        wards.setdefault(other.district, []).append(other.code)
                self._district_wards = wards
            codes = {
                c for w in self._district_wards.get(code, ()) for c in new.successors.get(w, ())
            }
            if code in new.island:
                codes.add(new.island[code])
        return sorted((new.units[("ward", c)] for c in codes), key=lambda u: u.code)

    def new_province(self, unit: Unit) -> Unit | None:
        """The province of the new map that holds `unit` (or its successors), of either era."""
        new = self.new_map
        if unit.era == "new":
            return unit if unit.level == "province" else new.units.get(("province", unit.province))
        code = unit.successor or unit.code if unit.level == "province" else unit.province
        return new.units.get(("province", new.provinces.get(code, "")))

    def old_provinces(self, unit: Unit) -> list[Unit]:
        """The legacy provinces merged into the new province of `unit` (any era)."""
        province = self.new_province(unit)
        if province is None:
            return []
        return [
            u
            for (level, code), u in self.units.items()
            if level == "province" and self.new_map.provinces.get(code) == province.code
        ]

    def link_new(self, type_word: str, name: str, *, provinces: Iterable[Unit] = ()) -> Unit | None:
        """The new-map unit meant by `<type_word> <name>`, or None when it cannot be decided.

        Like `link`: a candidate of the written type wins; `provinces` (new provinces around the
        mention, nearest first) decide among namesakes, and without them the name must be unique.
        """
        levels = NEW_LEVELS_OF_TYPE.get(type_word, ("province", "ward"))
        candidates = [u for u in self.new_map.match(name) if u.level in levels]
        typed = [u for u in candidates if u.type == type_word]
        candidates = typed or candidates
        provinces = list(provinces)
        if not provinces:
            return candidates[0] if len(candidates) == 1 else None
        for province in provinces:
            inside = [u for u in candidates if self.contains(province, u)]
            if inside:
                return inside[0] if len(inside) == 1 else None
        return None

    def contains(self, outer: Unit, inner: Unit) -> bool:
        """True when `inner` lies in `outer` (or is the same unit), both of one era."""
        if outer.era != inner.era:
            return False
        if outer.level == inner.level:
            return outer.code == inner.code
        if outer.level == "province":
            return inner.province == outer.code
        if outer.level == "district":
            return inner.district == outer.code
        return False


#: Which levels each type word may name.
LEVELS_OF_TYPE: dict[str, tuple[str, ...]] = {
    entry["word"]: tuple(entry["levels"]) for entry in _ADMIN_TYPES
}

#: The administrative tier of each type word (0 province, 1 district, 2 commune), from the
#: `rank` of the `[[type_word]]` entries in rules/localities.toml (read by localities and
#: officials alike).
TYPE_RANK: dict[str, int] = {
    entry["type"]: entry["rank"] for entry in load("localities")["type_word"]
}


#: The first day of the two-level map (Nghị quyết 202/2025/QH15 and the commune-level
#: resolutions of the Standing Committee of the National Assembly took effect).
NEW_ERA_START = date(2025, 7, 1)
#: The last day of the three-level map: the date at which a former unit is looked up.
OLD_ERA_END = date(2025, 6, 30)

#: Which levels of the new map each type word may name (districts are gone).
NEW_LEVELS_OF_TYPE: dict[str, tuple[str, ...]] = {
    entry["word"]: tuple(entry["new_levels"]) for entry in _ADMIN_TYPES if entry["new_levels"]
}


class NewMap:
    """The two-level map in force from 1 July 2025, and the official mapping to it.

    34 provinces and 3,321 communes, wards and special zones (`đặc khu`) from the package's
    `admin_units` table, each with its GSO code; `successors` maps each legacy ward (by code)
    to the new units that took it over, from `converter_2025.json` (one unit, or several for a
    divided commune), and the legacy provinces to the new ones. Built on first use only: an
    all-2017 corpus never pays for it. Codes are kept as short strings in tuples (about 15,000
    of them), the units as the same frozen `Unit` the legacy map uses (with `era="new"`).
    """

    def __init__(self, directory: Path) -> None:
        self.units: dict[tuple[str, str], Unit] = {}
        self.by_key: dict[str, list[Unit]] = {}
        self.successors: dict[str, tuple[str, ...]] = {}  # legacy ward code -> new ward codes
        self.provinces: dict[str, str] = {}  # legacy province code -> new province code
        self.island: dict[str, str] = {}  # legacy district code without wards -> new ward
        with (directory / "converter_2025.json").open(encoding="utf-8") as handle:
            converter = json.load(handle)
        uri = f"file:{directory / 'dataset.db'}?mode=ro"
        with sqlite3.connect(uri, uri=True) as connection:
            rows = connection.execute(
                "SELECT province, provinceCode, provinceKey, ward, wardCode, wardKey"
                " FROM admin_units"
            ).fetchall()
            legacy = connection.execute(
                "SELECT provinceKey, provinceCode, districtKey, districtCode, wardKey, wardCode"
                " FROM admin_units_legacy"
            ).fetchall()
        codes: dict[tuple[str, str], str] = {}
        province_codes: dict[str, str] = {}
        for p_name, p_code, p_key, w_name, w_code, w_key in rows:
            if ("province", p_code) not in self.units:
                p_type, p_short = split_type(p_name)
                label = f"{p_type} {p_short}"
                self._add(Unit("province", p_code, p_type, p_short, new_province=label, era="new"))
                province_codes[p_key] = p_code
            province = self.units[("province", p_code)]
            ward_type, ward_name = split_type(w_name)
            self._add(
                Unit(
                    "ward", w_code, ward_type, ward_name, p_code, "", province.label,
                    f"{ward_type} {ward_name}", era="new",
                )
            )  # fmt: skip
            codes[(p_key, w_key)] = w_code
        for new_key, olds in converter["DICT_PROVINCE"].items():
            for old_key in olds:
                self.provinces[old_key] = province_codes[new_key]
        old_codes = {
            f"{p}_{d}_{w or ''}": (d_code, w_code) for p, _, d, d_code, w, w_code in legacy
        }
        self.provinces.update(
            {code: self.provinces[key] for key, code, *_ in legacy if key in self.provinces}
        )
        for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for w_key, olds in wards.items():
                for old in olds:
                    d_code, w_code = old_codes.get(old, ("", ""))
                    if w_code:
                        self.successors[w_code] = (codes[(p_key, w_key)],)
                    elif d_code:
                        self.island[d_code] = codes[(p_key, w_key)]
        for p_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, news in divided.items():
                w_code = old_codes.get(old, ("", ""))[1]
                if w_code:
                    self.successors[w_code] = tuple(codes[(p_key, n["newWardKey"])] for n in news)
        for units in self.by_key.values():
            units.sort(key=lambda u: (LEVELS.index(u.level), u.code))

    def _add(self, unit: Unit) -> None:
        self.units[(unit.level, unit.code)] = unit
        self.by_key.setdefault(unit.key, []).append(unit)

    def match(self, name: str, level: str | None = None) -> list[Unit]:
        """Every new unit called `name` (by name key), optionally at one level."""
        units = self.by_key.get(name_key(name), [])
        return [u for u in units if level is None or u.level == level]


@cache
def get() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about 0.1 s) and kept in memory."""
    return Gazetteer()
