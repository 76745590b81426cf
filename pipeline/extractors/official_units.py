"""Units named in a title the way the body table alone would miss them.

Two shapes seen on unseen bench text (silver-dev, issue "officials recall"):

- a state unit word written in lower case right after the role (`Phó giám đốc sở GD-ĐT Hà Nội`,
  `đội trưởng đội 3`, `Vụ trưởng vụ Ngân sách`, `Thứ trưởng bộ LĐ-TB&XH`). Bodies marked
  `after_role = true` in `rules/titles.toml` may then be lower case, but only when a
  capitalised word or a number follows (`Giám đốc bộ phận kinh doanh` is a firm's division);
- a field word of the private list inside a state unit's own name (`Cục Phát triển thị trường
  và doanh nghiệp khoa học và công nghệ`): bodies marked `fields = true` (Cục, Vụ...) name
  fields, and private entries marked `field = true` (`doanh nghiệp`) are then no firm;
- a team (`area = true`, `Đội`) followed by the unit it covers (`đội 3 phụ trách địa bàn quận
  Ninh Kiều`, `đội phó đội 7 (huyện Phong Điền)`): `area_start` skips the `area_words` so the
  place is read as the post's locality.

The private-word tests of a title (`_private_at`, `_outgrows_body`) live here too, beside the
field exception they now share.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.extractors.official_lexicon import Entry, Item, Lexicon, Table, _entries
from pipeline.extractors.official_names import _body_at, _tail_of
from pipeline.rules import load
from pipeline.text.keys import name_key

_AREA_WORDS = Table(_entries(load("titles")["area_words"]))
_AGE_WORDS = Table(_entries(load("titles")["age_words"]))

_LOWER_BODIES: dict[int, tuple[Table, dict[str, Entry]]] = {}


def _lower_bodies(lex: Lexicon) -> tuple[Table, dict[str, Entry]]:
    """The `after_role` bodies with their capital requirement lifted, and the entries as written
    by id (a lower-case `sở` is still read as the named body `Sở`). Built once per lexicon."""
    built = _LOWER_BODIES.get(id(lex))
    if built is None:
        entries = [e for bucket in lex.bodies.by_first.values() for e in bucket]
        originals = {e.id: e for e in entries if e.get("after_role")}
        built = (Table(replace(e, cap=False) for e in originals.values()), originals)
        _LOWER_BODIES[id(lex)] = built
    return built


def lowercase_body(items: list[Item], k: int, lex: Lexicon) -> Entry | None:
    """An `after_role` body written in lower case at `k` (right after a role), followed by a
    capitalised word or a number; else None."""
    if k >= len(items) or items[k].cap:
        return None
    table, originals = _lower_bodies(lex)
    body = table.match(items, k)
    if body is None:
        return None
    after = k + len(body.keys)
    if after >= len(items) or not items[after].is_word:
        return None
    nxt = items[after]
    return originals[body.id] if nxt.cap or nxt.text.isdigit() else None


def field_of_state_body(items: list[Item], k: int, bodies: list[Entry], lex: Lexicon) -> bool:
    """The private word at `k` is a field inside a state unit's name (`Cục ... doanh nghiệp`):
    a `field` entry, lower case, after a body that names fields."""
    entry = lex.private.match(items, k)
    return bool(
        entry is not None
        and entry.get("field")
        and not items[k].cap
        and any(b.get("fields") for b in bodies)
    )


def numbered(body: Entry | None, k: int, first: int) -> bool:
    """A number right after a `numbered` body's head (`Đội 3`, `đội 11`) is its own name."""
    return body is not None and k == first and bool(body.get("numbered"))


def area_start(items: list[Item], k: int, bodies: list[Entry]) -> int:
    """After a team's title (`area` body last) at `k`, the index after the words that lead to
    the unit it covers (`phụ trách địa bàn`, `(`), where a typed place is then read; else `k`."""
    if not bodies or not bodies[-1].get("area"):
        return k
    words = _AREA_WORDS.match(items, k)
    return k + len(words.keys) if words is not None else k


def after_age(items: list[Item], j: int) -> int:
    """Inside brackets after a name, the index after an age and its mark (`X (39 tuổi, nguyên
    Đội trưởng...)`, `(35 tuổi- Giám đốc...)`), where the titles start; else `j`."""
    if j < 1 or items[j - 1].key != "(" or j + 2 >= len(items) or not items[j].text.isdigit():
        return j
    age = _AGE_WORDS.match(items, j + 1)
    if age is None:
        return j
    mark = j + 1 + len(age.keys)
    return mark + 1 if mark < len(items) and items[mark].key in (",", "-", ";") else j


def names_country(text: str, role: Entry, lex: Lexicon) -> bool:
    """The title names a country right after its role (`lãnh đạo Triều Tiên`), not a gap word
    (`sự lãnh đạo của Lee Jae-Yong`, a firm's chairman)."""
    keys = name_key(text).split()
    size = len(role.keys)
    start = next((i for i in range(len(keys)) if tuple(keys[i : i + size]) == role.keys), None)
    if start is None:
        return False
    rest = keys[start + size :]
    return any(" ".join(rest[:n]) in lex.countries for n in range(1, min(len(rest), 4) + 1))


def _private_at(items: list[Item], k: int, lex: Lexicon) -> bool:
    """A private body's word starts at `k`, not the first syllable of a longer word the
    tokenizer kept whole and then a capitalised name (`Hội` of `Hội đồng Dân tộc`, the
    Assembly's ethnic council; `Hội đồng tín dụng` of a bank stays private)."""
    entry = lex.private.match(items, k)
    if entry is None:
        return False
    after = k + len(entry.keys)
    return not (
        len(entry.keys) == 1
        and after + 1 < len(items)
        and _tail_of(items, after)
        and items[after + 1].name_like  # a body's own name follows (`Hội đồng Bảo an`)
    )


def _outgrows_body(items: list[Item], k: int, lex: Lexicon) -> bool:
    """A private word longer than the body read at `k` (`Đội tuyển`, a sports team, over the
    body `Đội`): the longer reading wins."""
    private, body = lex.private.match(items, k), _body_at(items, k, lex)
    return private is not None and body is not None and len(private.keys) > len(body.keys)
