"""The title grammar: `[modifier]* role [suffix] [body [name]]* [place] [name]` read from one
item of a sentence (`_parse_title`, see `officials.py`), with the body names that run on across
tokenizer cuts, commas and brackets (`_continue_name`), the places written in a title
(`_typed_place`) and the flags that decide whether a title counts and where its locality comes
from (`_classify`).
"""

from __future__ import annotations

from bisect import bisect_right

from pipeline import gazetteer
from pipeline.extractors.official_lexicon import Entry, Item, Lexicon, gazetteer_place
from pipeline.extractors.official_names import (
    _BRACKETS,
    _CUA,
    _SO,
    _VA,
    Context,
    Parsed,
    Title,
    _body_at,
    _is_place,
    _modifier_at,
    _name_score,
    _particle,
    _place_label,
    _run_end,
    _split_run,
    _stops,
    _tail_of,
    _title_start,
)
from pipeline.extractors.official_units import (
    _outgrows_body,
    _private_at,
    area_start,
    field_of_state_body,
    lowercase_body,
    numbered,
)
from pipeline.rules import load
from pipeline.text.keys import name_key

#: Type words whose unknown names are checked against the gazetteer before a place is trusted
#: (provinces, cities and districts; communes may be unknown: merged away since).
_GAZETTEER_CHECKED = tuple(
    gazetteer.WORD[name] for name in ("province", "city", "urban_district", "district", "town")
)
_HOME_COUNTRY = name_key(load("admin")["title_words"]["country"])


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
            and _tail_type_ok(items, k, lex)
            and not _glued_to_name(items, k, lex)
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
        if item.text.isdigit() and numbered(body, k, first):
            k += 1
            break  # `đội 3 | địa bàn quận Ninh Kiều`: the number is the whole name
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


def _glued_to_name(items: list[Item], k: int, lex: Lexicon) -> bool:
    """The lower-case word at `k` shares its token with two or more capitalised syllables that
    open with a surname: the tokenizer glued a verb to a person's name (`Nguyễn Văn Hải trình`
    of `... trình Quốc hội`, `hải trình` being a word), not a lower-case tail of a body's word
    (`Giao thông`, `Bộ Giáo dục và Đào tạo`)."""
    j = k - 1
    while j > 0 and items[j - 1].cap and items[j - 1].token == items[k].token:
        j -= 1
    return k - j >= 2 and items[j].token == items[k].token and items[j].key in lex.surname_weight


def _tail_type_ok(items: list[Item], k: int, lex: Lexicon) -> bool:
    """A lower-case tail may be a type word only in the words its entry names (`tail_of`):
    `bang` in `Cục Dự trữ Liên bang Mỹ` is the second syllable of `Liên bang` (federal)."""
    type_word = lex.type_words.match(items, k)
    if type_word is None:
        return True
    return items[k - 1].key in {name_key(w) for w in type_word.get("tail_of", ())}


def _after_name_run(items: list[Item], k: int, first: int) -> bool:
    """Two or more capitalised syllables of a body's own name (from `first`) end right before
    `k`: a person's name may have been read."""
    return k - 2 >= first and items[k - 1].name_like and items[k - 2].name_like


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
        if lowercase_body(items, j, lex):
            return 0  # `sở Y tế | như bộ Y tế`: another body, written in lower case
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
    body = _body_at(items, k, lex) or lowercase_body(items, k, lex)  # `Giám đốc sở Y tế`
    while body is not None:
        bodies.append(body)
        heads.update((j, body.get("level") == "national") for j in range(k, k + len(body.keys)))
        if body.cap or body.get("institution"):
            named_ends.add(k + len(body.keys))
        body_start = k if body_start is None else body_start
        k = _continue_name(items, k + len(body.keys), body, lex)
        body = _body_at(items, k, lex)
    read_end = title_end = k
    foreign_role = role.get("level") == "foreign"
    foreign_marker = any(_country_at(items, j, lex) for j in range(role_end, read_end))
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
    country = lex.foreign.match(items, run_start - 1) if run_start > i else None
    if country is not None and len(country.keys) > 1:
        run_start = min(title_end, run_start - 1 + len(country.keys))  # `châu Âu` | `Angela Merkel`
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
                # A foreign-looking name after a bare `Chủ tịch` heads a club or firm as often.
                shape_ok=bool(foreign_ok or bodies or role.get("level")),
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
                foreign = head_key != _HOME_COUNTRY
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
        at = area_start(items, read_end, bodies)  # `đội 3 (quận Ninh Kiều)`
        after, place_label2, place_type, foreign2, name = _typed_place(
            items, at, ctx, lex, expect_name
        )
        if after == at and place_label2 is None:
            after = read_end
        elif at > read_end and after < len(items) and items[after].key == ")":
            after += 1
        place_label = place_label or place_label2
        foreign = foreign or foreign2
    text = _title_text(items, i, mods, title_end)
    if not text:
        return None
    title = Title(text=text, role=role, organization="")
    # The name is no part of the title: `Mỹ` of `Phan Thị Mỹ Dung` makes no office foreign.
    _classify(title, items, role, range(role_end, name[0] if name else after), bodies, heads, lex)
    if name is not None and foreign_marker and not foreign_role:
        # `Đại biểu Phan Thị Mỹ Dung`: a country word inside the name is no foreign office.
        foreign_marker = any(_country_at(items, j, lex) for j in range(role_end, name[0]))
    title.foreign = title.foreign or foreign_role or foreign_marker
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
    foreign_type = False
    abbr = lex.place_abbreviations.match(items, k)
    if abbr is None:
        tw = lex.type_words.match(items, k)
        if tw is None:
            return k, None, None, False, None
        type_ = tw.get("type")
        foreign_type = bool(tw.get("foreign"))
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
        while end < n and (
            items[end].name_like
            or (items[end].cap and "-" in items[end].text)
            or (end > k and _particle(items, end, lex))
        ):
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
        while name_from > k and (
            items[name_from - 1].name_like or _particle(items, name_from - 1, lex)
        ):
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
        if foreign_type or (label is None and type_ in _GAZETTEER_CHECKED):
            if foreign_type or not gazetteer.get().known(" ".join(place_keys)):
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


def _country_at(items: list[Item], k: int, lex: Lexicon) -> bool:
    """A foreign country or place starts at `k`, not the first syllable of a word the tokenizer
    kept whole (`Pháp luật`: law, `Ủy ban Pháp luật` is the Assembly's law committee)."""
    entry = lex.foreign.match(items, k)
    if entry is None:
        return False
    after = k + len(entry.keys)
    return not (after < len(items) and _tail_of(items, after))


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
    title.private = any(
        _private_at(items, k, lex)
        and (k not in in_body or _outgrows_body(items, k, lex))
        and not field_of_state_body(items, k, bodies, lex)
        for k in span
    )
    title.foreign = role.get("level") == "foreign" or any(
        _country_at(items, k, lex) and not _inside_place(items, k) for k in span
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
