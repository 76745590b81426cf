"""Reading one sentence: titles, names, and the patterns that tie them (see `officials.py`).

`scan_sentence` walks the items of a sentence left to right. A title is parsed from the
lexicon (`official_titles._parse_title`); a run of capitalised syllables after it is cut into
place and name by `official_names._split_run`; honorifics, ranks and clause-opening names start
the name-first patterns; titles shared by lists, appositions and delegations are read here. What
comes out is a list of `Mention`s (a name with the titles attached to it in that sentence);
merging them into people and resolving localities is `officials.py`'s job.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.extractors.official_foreign import counterpart
from pipeline.extractors.official_lexicon import Item, Lexicon, gazetteer_province
from pipeline.extractors.official_names import (
    _KIEM,
    _LA,
    _VA,
    Context,
    Mention,
    Title,
    _blocked_name,
    _body_at,
    _good_name,
    _run_end,
    _title_start,
)
from pipeline.extractors.official_titles import (
    _mention_label,
    _parse_title,
    _place_label,
    _typed_place,
)
from pipeline.extractors.official_units import _private_at, after_age

__all__ = ["Context", "Mention", "Title", "scan_sentence"]


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
        if not parsed.title.has_body and _private_at(items, parsed.end, lex):
            parsed.title.private = True  # `Chủ tịch hội đồng quản trị trường ...`, `công ty X`
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
        joiner = lex.chain_joiners.match(items, k + 1) if k < n and items[k].key == "," else None
        if joiner is not None and _title_start(items, k + 1 + len(joiner.keys), lex):
            k += 1 + len(joiner.keys)  # `Phó Giám đốc Sở Y tế, đồng thời là đại biểu Quốc hội X`
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


def _name_after_gap(
    items: list[Item], k: int, titles: list[Title], ctx: Context, lex: Lexicon
) -> tuple[int, int] | None:
    """`Thủ tướng nước chủ nhà Angela Merkel`, `Thượng nghị sĩ đảng Cộng hòa John McCain`: a
    phrase from `name_gaps` after a finished title chain, then a foreign-looking name.

    Only a run of two or more syllables, one of which no Vietnamese syllable spells, is taken:
    the gap words alone are no evidence of a person. An `open` phrase may be followed by
    lower-case words, countries, capitalised words of no foreign syllable and one-word capitals,
    up to its `reach`."""
    n = len(items)
    gap = lex.name_gaps.match(items, k) if lex.name_gaps is not None else None
    if gap is None or not titles or titles[-1].private:
        return None
    j = k + len(gap.keys)
    limit = j + int(gap.get("reach", 0)) if gap.get("open") else j
    if gap.get("needs_body") and not (
        _body_at(items, j, lex)
        or lex.foreign.match(items, j)
        or (j < n and items[j].cap and not lex.foreign_word(items[j].key))
    ):
        # `chủ tịch của Phoenix Futures`, `của tòa nhà Helios Tower`: a firm or a building
        return None
    while j < n and items[j].is_word:
        private = lex.private.match(items, j)
        if private is not None:
            last = j + len(private.keys) - 1  # `Hội` of the word `Hội đồng` is no association
            if last + 1 < n and items[last + 1].token == items[last].token:
                private = None
        if private is not None or _title_start(items, j, lex):
            return None  # `của tập đoàn X`, `của Tổng thống X`: the title is not X's
        end = _run_end(items, j, lex) if items[j].name_like else j
        keys = tuple(it.key for it in items[j:end])
        if len(keys) >= 3 and not lex.foreign_word(keys[0]):
            # `đảng Xanh Dieter Brosz`: the capitalised end of the gap glued to the name
            first = next((x for x, key in enumerate(keys) if lex.foreign_word(key)), 0)
            if len(keys) - first >= 2:
                j, keys = j + first, keys[first:]
        if (
            len(keys) >= 2
            and any(lex.foreign_word(key) for key in keys)
            and _good_name(keys, ctx, lex, need_surname=False)
        ):
            return j, end
        if j >= limit:
            return None
        country = lex.foreign.match(items, j)
        if country is not None:
            j += len(country.keys)
        elif lex.name_gaps.match(items, j) is not None:
            j += 1  # `về Brexit của EU`: a second gap word
        elif end - j == 1 or (not items[j].cap and not lex.stop_words.match(items, j)):
            j += 1
        elif items[j].cap and end > j and not any(lex.foreign_word(key) for key in keys):
            j = end  # `của Ủy ban Châu Âu`: capitalised words of no foreign syllable
        elif items[j].cap and (body := _body_at(items, j, lex)) is not None:
            j += len(body.keys)  # `của Bộ Ngoại giao Nga`: a body's head
        else:
            return None
    return None


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
    first_end = spans[0][1] if spans else n
    if len(spans) == 1 and first_end < n and items[first_end].is_word and not items[first_end].cap:
        # `Tổng Thư ký QH: Ông Võ Kim Cự xin thôi...`: a headline quoting the title-holder
        # about someone, one name then a verb, is no list sharing the title.
        return []
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
    `X kiêm Trưởng ban`, `X nhận nhiệm vụ Bí thư Quận ủy` (rules/titles.toml `appointments`),
    `X - khi đó là Chủ tịch UBND tỉnh và hiện nay là Bí thư Tỉnh ủy -` (only the current one).

    A chain that ends in a name of its own belongs to the next person (`A, Phó Thủ tướng B`).
    """
    n = len(items)
    appointed = lex.appointments.match(items, e) if e < n and not items[e].cap else None
    after_verb = False  # the titles follow a verb of taking up a post
    if bare and e < n and items[e].cap and _title_start(items, e, lex):
        opener, j = "", e  # `Ông Nguyễn Văn Tám Phó giám đốc Sở`: a caption without its dash
    elif appointed is not None and _title_start(items, e + len(appointed.keys), lex):
        opener, j = "", e + len(appointed.keys)  # `ông X nhận nhiệm vụ Bí thư Quận ủy`
        after_verb = True
    elif e >= n or items[e].key not in (",", "-", "(", _KIEM):
        return [], e  # `kiêm`: `Phó Thủ tướng X kiêm Chủ tịch Ủy ban ATGT Quốc gia`
    else:
        opener, j = items[e].key, after_age(items, e + 1)  # `X (39 tuổi, nguyên Bí thư...)`
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
        k = _bracket_parent(items, k, titles, ctx, lex)
        if past is None:
            # After a verb (`làm chủ tịch hội đồng`) only a post with its body or a national one.
            kept.extend(t for t in titles if not after_verb or t.has_body or t.role.get("level"))
        end = j = k
        if (
            j + 1 < n
            and items[j].key == _VA
            and (lex.current_leads.match(items, j + 1) or lex.not_current.match(items, j + 1))
        ):
            j += 1
            continue
        verb = j + 1 if j < n and items[j].key == "," else j
        appointed = lex.appointments.match(items, verb) if verb < n else None
        if appointed is not None and _title_start(items, verb + len(appointed.keys), lex):
            j = verb + len(appointed.keys)  # `X, Ủy viên Bộ Chính trị, làm Trưởng ban Kinh tế`
            after_verb = True
            continue
        break
    if not kept:
        return [], e
    if opener == "(" and end < n and items[end].key == ")":
        end += 1
    return kept, end


def _bracket_parent(
    items: list[Item], k: int, titles: list[Title], ctx: Context, lex: Lexicon
) -> int:
    """`Trưởng phòng Tham mưu (Công an tỉnh Lâm Đồng)`, `Phó trưởng phòng An ninh Kinh tế, Công
    an TP. HCM`, `Phó Cục trưởng Cục Y dược cổ truyền (Bộ Y tế)`: a body in brackets, or after a
    comma or dash, right after a title is the one the title's unit belongs to. Its place is the
    title's locality; a national body (`Bộ`) makes the title national. The index after the
    brackets or the place read, or `k` when nothing was read."""
    n = len(items)
    if not titles or k + 2 >= n or items[k].key not in ("(", ",", "-"):
        return k
    body = _body_at(items, k + 1, lex)
    if body is None or not items[k + 1].cap:
        return k
    bracket = items[k].key == "("
    close = k + 1
    while close < n and close - k < 14 and items[close].key not in (")", "(", ",", ";", "."):
        close += 1
    if bracket and (close >= n or items[close].key != ")"):
        return k
    label, after = None, k
    for j in range(k + 1 + len(body.keys), close):
        after, label, _type, foreign, _name = _typed_place(items, j, ctx, lex, False)
        if label or foreign:
            break
    title = titles[-1]
    if title.place_label or title.national:
        return close + 1 if bracket else k
    if label:
        title.place_label = label
        return close + 1 if bracket else after
    if body.get("level") == "national":
        title.national = True
    return close + 1 if bracket else k


def _delegate(title: Title) -> bool:
    return bool(title.role.get("delegate") or title.role.get("assembly"))


def _delegation(items: list[Item], k: int, titles: list[Title], ctx: Context, lex: Lexicon) -> int:
    """`ĐBQH Trương Minh Hoàng (đoàn Cà Mau)`, `đại biểu Lê Văn Bình (Long An)`, `đại biểu X, đoàn
    Nghệ An,`: a place alone in brackets (or after `, đoàn`) following a deputy's name is the
    delegation's, the deputy's locality. The index after
    the brackets (or `k` when there are none)."""
    n = len(items)
    if k >= n or not any(_delegate(t) for t in titles):
        return k
    comma = items[k].key in (",", "-")
    if comma and not (k + 1 < n and items[k + 1].key in lex.delegation_words):
        return k  # `, đoàn Nghệ An,` needs the word `đoàn`; a bare place after a comma is not read
    if items[k].key != "(" and not comma:
        return k
    j = k + 1
    while j < n and items[j].key in lex.delegation_words:
        j += 1  # `đoàn`
    close = j
    if comma:  # `đại biểu Hoàng Thị Thu Trang, đoàn Nghệ An, cho biết`: up to the next mark
        while close < n and close - j < 6 and items[close].is_word and items[close].cap:
            close += 1
        if close == j or (close < n and items[close].is_word):
            return k
    else:
        while close < n and close - j < 6 and items[close].key != ")":
            close += 1
        if close >= n or items[close].key != ")" or close == j:
            return k
    label = _mention_label(items[j].start, ctx)
    if label is None:
        _end, label, _type, foreign, _name = _typed_place(items, j, ctx, lex, False)
        if label is None and not foreign:
            words = tuple(it.key for it in items[j:close] if it.is_word)
            label = _place_label(words, ctx) or gazetteer_province(" ".join(words))
    if not label:
        return k
    for title in titles:
        if _delegate(title) and not title.place_label:
            title.place_label = label
    return close if comma else close + 1


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
                if name is None and (name := _name_after_gap(items, end, titles, ctx, lex)):
                    rule = "official.title_gap_name"
                    for title in titles:
                        title.foreign = True
                    gap = lex.name_gaps.match(items, end) if lex.name_gaps else None
                    if gap is not None and gap.get("keep"):
                        words = " ".join(it.text for it in items[end : name[0]])
                        titles[-1].text = f"{titles[-1].text} {words}"
                if name is None and not past:  # `tranh cử tổng thống Pháp: Bà Le Pen`
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
        i = counterpart(items, i, out, ctx, lex, mention)
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
    if end - i < 2:
        return i + 1  # one capitalised word (`Theo`, `Ông`): no name opens here
    first = items[i].key
    if (
        end - i >= 3
        # `_good_name` wants a surname: tested first, as it is cheap and usually missing
        and (lex.surname_weight.get(first, 0.0) >= 2 or first in lex.prefixes)
        and _good_name(tuple(it.key for it in items[i:end]), ctx, lex, need_surname=True)
        and not _blocked_name(items, (i, end), lex)
    ):
        titles, end2 = _apposition(items, end, ctx, lex)
        mention((i, end), titles, "official.name_titles")
        return max(end2, end)
    if (
        end < len(items)
        and items[end].key == ","
        and lex.foreign_word(first)
        and _good_name(tuple(it.key for it in items[i:end]), ctx, lex, need_surname=False)
        and not _blocked_name(items, (i, end), lex)
    ):
        # `Jean-Claude Juncker, Chủ tịch Ủy ban châu Âu`: a foreign-looking name has no surname
        # to test, so the titles after it decide; a bare role could head a firm or a club.
        titles, end2 = _apposition(items, end, ctx, lex)
        if titles and all(
            not t.private and (t.has_body or t.role.get("level") in ("national", "foreign"))
            for t in titles
        ):
            for title in titles:
                title.foreign = True
            mention((i, end), titles, "official.name_titles")
            return max(end2, end)
    return max(end, i + 1)
