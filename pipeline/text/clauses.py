"""Split a sentence into clauses so that each target keeps its own deadline and figures.

One Vietnamese sentence often carries several targets: `quận phấn đấu đến năm 2025 nằm trong
nhóm dẫn đầu ..., 100% số trường công lập cơ bản đạt chuẩn quốc gia` is two. Cutting at every
comma would break lists (`cải tạo, xây mới 25 trường`) and cutting at none would give both
targets the same figures. So the cut points are graded:

- `;` always cuts (a strong boundary), and a bracketed aside `( ... )` is a clause of its own
  (its figures must not leak into the sentence around it: `đạt khá (7,37%)`);
- a comma, or the word `đồng thời`, cuts only where a new target *opens* (the next piece starts
  with a verb of doing, a marker, a connective, or a figure) and both sides already hold an
  anchor of their own (a figure, a status, a duration, or a deadline that closes the left side);
- `và` cuts between two figures (`23 cuộc thanh tra chính thức và 6 cuộc thanh tra dự
  phòng`), and between two verbs only when each has a figure of its own (`xây mới 5 trường
  học và nâng cấp 10 trạm y tế`), never when they share one (`được khơi thông và nạo vét với
  kinh phí ...`);
- a piece that opens with a deadline followed at once by a marker or a verb is the next dated
  step of a list (`..., sau năm 2019 sẽ áp dụng ...`, `... và 30/6/2017 phải vận hành ...`).

Anchors come from the caller (the commitments extractor knows the figures, statuses and
deadlines); this module only knows words, read from `rules/commitments.toml` `[clauses]`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.rules import load

#: Anchor kinds a caller may pass. A deadline anchors the left side of a cut only when it
#: closes it (`... vào năm 2021, tập trung ...`); a deadline at the head of a clause scopes
#: over what follows and must not license a cut after the first verb (`trong giai đoạn 2020 -
#: 2025, quận có kế hoạch cải tạo, xây mới 25 trường`).
FIGURE, STATUS, DEADLINE, DURATION = "figure", "status", "deadline", "duration"


@dataclass(frozen=True)
class Anchor:
    """Something that makes a target concrete, at absolute offsets `start:end`."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Clause:
    """A clause at absolute offsets `start:end` of the document text.

    `strong` is true when it opens the sentence or follows a `;`; `inner` when it is the
    content of a bracketed aside, `fresh` when a heading ran into it without a stop (`... quyền
    sử dụng đất Năm 2017, Sở ...`). Neither an inner nor a fresh clause inherits the mood of
    the clauses before it.
    """

    start: int
    end: int
    strong: bool
    inner: bool = False
    fresh: bool = False


@cache
def _vocabulary() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(opener, connective, qualifier) patterns, compiled once from the rules."""
    rules = load("commitments")
    section = rules["clauses"]
    markers = [entry["pattern"] for entry in rules["marker"]]
    starters = sorted(section["starters"], key=len, reverse=True)
    # Starters are matched as written (lower case): after a comma a verb is lower case, while
    # `Thanh tra Chính phủ` is a body, not the verb `thanh tra`.
    words = "|".join([*(re.escape(w) for w in starters), *(f"(?i:{m})" for m in markers)])
    opener = re.compile(rf"^(?:{words})(?!\w)")
    connective = re.compile(
        rf"^(?:{'|'.join(re.escape(w) for w in section['connectives'])})(?!\w)", re.IGNORECASE
    )
    qualifier = re.compile(
        rf"^(?:(?:{'|'.join(re.escape(w) for w in section['qualifiers'])})\s+)+", re.IGNORECASE
    )
    return opener, connective, qualifier


@cache
def _marker() -> re.Pattern[str]:
    """A marker of a pair (`[[marker]]` of the kinds `[clauses] pair_marker_kinds`: `sẽ`,
    `phải`, `dự kiến` ...), searched anywhere in a piece."""
    rules = load("commitments")
    kinds = set(rules["clauses"]["pair_marker_kinds"])
    patterns = [entry["pattern"] for entry in rules["marker"] if entry.get("kind") in kinds]
    # Fixed-width lookbehinds, one per noun (`nợ phải trả` is a debt, not an obligation).
    not_after = "".join(f"(?<!{re.escape(w)} )" for w in rules["clauses"]["pair_marker_not_after"])
    return re.compile(rf"(?<!\w){not_after}(?:{'|'.join(f'(?i:{p})' for p in patterns)})(?!\w)")


_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# `;`, or a heading run into the next sentence with no stop: a lower-case word followed by a
# capitalised sentence opener (`... quyền sử dụng đất Năm 2017, Sở ...`).
#: The words of the cuts (rules/commitments.toml, [clauses]).
_WORDS = load("commitments")["clauses"]
_AND, _ALSO, _BUT = _WORDS["and_word"], _WORDS["also_word"], _WORDS["but_word"]
#: A lower-case Vietnamese letter or a digit (`a-z`, `à`-`ỹ`, `đ`), written as escapes.
_LOWER = r"a-z\u00e0-\u1ef9\u01110-9"
_STRONG = re.compile(rf";|(?<=[{_LOWER}]) (?=(?:{'|'.join(_WORDS['sentence_openers'])})(?!\w))")
# A comma followed by a space (not the decimal comma of `1,5`), `và`, `đồng thời`, or the
# place before `nhưng` (the contrast word stays in the clause it opens).
#: Words of a paired target that may cut with no comma before them (`... còn cầu thứ hai sẽ ...`).
_PAIR = "|".join(re.escape(w) for w in _WORDS["pair_words"])
# One `\s+` shared by the word cuts: the alternatives after it are tried only where a blank
# is, which keeps this scan as cheap as it was before the pair words.
_WEAK = re.compile(rf",\s+|\s+(?:{_AND}\s+|{_ALSO},?\s+|(?=(?:{_BUT}|{_PAIR})\s))")
_PAIR_HEAD = re.compile(rf"^(?:{_PAIR})\s")
_TRIM = " \t,;:.-–—…\"“”'‘’"


def _pair_opens(piece: str) -> bool:
    """Whether `piece` opens with a pair word and a subject of its own before a marker: `còn cầu
    thứ hai sẽ hoàn thành ...` does, `còn có thể tăng` (still may) and `còn 10 tỷ` do not."""
    head = _PAIR_HEAD.match(piece)
    if head is None:
        return False
    marker = _marker().search(piece, head.end())
    return marker is not None and marker.start() > head.end()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`start:end` without surrounding blanks and punctuation (closing brackets kept)."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _masked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with bracketed asides blanked out, and the inner spans of those asides."""
    inner: list[tuple[int, int]] = []
    chars = list(text)
    for match in _BRACKETS.finditer(text):
        group = 1 if match.group(1) is not None else 2
        inner.append((match.start(group), match.end(group)))
        for i in range(match.start(), match.end()):
            chars[i] = "\x00"
    return "".join(chars), inner


def _has_anchor(
    anchors: Sequence[Anchor], start: int, end: int, *, closing: bool, text: str = "", base: int = 0
) -> bool:
    """Whether `start:end` holds an anchor.

    With `closing` (the left side of a cut), a deadline counts only when it ends the side and
    follows a verb phrase of its own (four words or more): `trở thành huyện Nông thôn mới vào
    năm 2021, ...` may be cut after, a heading `Trong năm 2017, ...` may not.
    """
    for anchor in anchors:
        if anchor.start >= start and anchor.end <= end:
            if anchor.kind != DEADLINE or not closing:
                return True
            words_before = len(text[start - base : anchor.start - base].split())
            if end - anchor.end <= 2 and words_before >= 4:
                return True
    return False


def _starts_with_figure(anchors: Sequence[Anchor], text: str, base: int, start: int) -> bool:
    """Whether the piece at `start` opens with a figure, maybe after a qualifier (`hơn`)."""
    _, _, qualifier = _vocabulary()
    match = qualifier.match(text, start - base) if start - base < len(text) else None
    offset = start + (match.end() - match.start() if match else 0)
    return any(a.kind == FIGURE and a.start == offset for a in anchors)


def _opens_with_year(anchors: Sequence[Anchor], base: int, start: int, end: int) -> bool:
    """Whether the piece at `start:end` opens with a deadline and holds a figure: the next item
    of a list of targets under one heading (`đến năm 2020 đạt 4,5 tỷ USD và năm 2030 là 10 tỷ
    USD`, `..., năm 2030 khoảng 50%`)."""
    heads = any(a.kind == DEADLINE and a.start == start for a in anchors)
    return heads and any(a.kind == FIGURE and start <= a.start and a.end <= end for a in anchors)


def _opens_with_dated_step(anchors: Sequence[Anchor], text: str, base: int, start: int) -> bool:
    """Whether the piece at `start` opens with a deadline followed at once by a marker or a
    verb of doing: the next dated step of a list (`... trên 1 - 2 làn, sau năm 2019 sẽ áp dụng
    trên tất cả các làn`, `... và đến năm 2020 phải hoàn thành ...`), whose own time must not
    be shared with the step before it."""
    opener, _, _ = _vocabulary()
    for anchor in anchors:
        if anchor.kind == DEADLINE and anchor.start == start:
            return bool(opener.match(text[anchor.end - base :].lstrip(" ,")))
    return False


def _verb_before_figure(
    anchors: Sequence[Anchor], masked: str, base: int, start: int, end: int
) -> bool:
    """Whether the piece `start:end` (relative) holds a figure with a verb of doing or a marker
    before it in the piece (`phấn đấu xây mới 5 trường`), not only a figure that describes the
    subject before its verb (`rạch dài 4 km được khơi thông`)."""
    opener, _, _ = _vocabulary()
    figures = [
        a.start - base for a in anchors if a.kind == FIGURE and start <= a.start - base < end
    ]
    if not figures:
        return False
    stop = figures[-1]
    for word in re.finditer(r"\S+", masked[start:stop]):
        if opener.match(masked[start + word.start() : stop]):
            return True
    return False


def split_clauses(
    text: str, base: int = 0, anchors: Sequence[Anchor] = (), start: int = 0
) -> list[Clause]:
    """The clauses of `text` (one sentence) as absolute offsets (`base` is its offset).

    `start` (relative) skips a lead-in that is not part of any clause, such as the reporting
    frame `Bí thư Quận ủy ... cho biết,`. Bracketed asides come last, flagged `inner`.
    """
    opener, connective, _ = _vocabulary()
    masked, inner_spans = _masked(text)
    clauses: list[Clause] = []
    cursor = start
    fresh = False
    strong_spans: list[tuple[int, int, bool]] = []
    for match in _STRONG.finditer(masked, start):
        strong_spans.append((cursor, match.start(), fresh))
        cursor = match.end()
        fresh = match.group(0) != ";"
    strong_spans.append((cursor, len(text), fresh))

    for s_start, s_end, s_fresh in strong_spans:
        # (start, end, word, bare pair word). A pair word with no comma is weighed only where
        # a marker stands before it and its piece opens a marked target, and it never bounds
        # the piece of another cut: `giảm từ 20 tỷ còn 10 tỷ` keeps the cuts it had without it.
        cuts = []
        for m in _WEAK.finditer(masked, s_start, s_end):
            if "\x00" in m.group(0):
                continue
            bare = m.group(0).isspace() and bool(_PAIR_HEAD.match(masked[m.end() : m.end() + 12]))
            if bare and not (
                _marker().search(masked, s_start, m.start())
                and _pair_opens(masked[m.end() : s_end])
            ):
                continue
            cuts.append((m.start(), m.end(), m.group(0).strip().rstrip(","), bare))
        first = True
        current = s_start
        for cut_start, cut_end, word, bare in cuts:
            following = next((c[0] for c in cuts if c[0] > cut_start and not c[3]), s_end)
            piece = masked[cut_end:following]
            left_ok = _has_anchor(
                anchors, base + current, base + cut_start, closing=True, text=text, base=base
            )
            right_ok = _has_anchor(anchors, base + cut_end, base + following, closing=False)
            verb_pair = False
            # A paired target (`... sau 6 tháng thi công còn cầu thứ hai sẽ ...`, with or
            # without a comma): only where each side holds its own marker, else `còn` is "down
            # to" or "still". Its own marker is what makes the left side a target: it needs no
            # anchor (`sau 6 tháng thi công` is none); the right side still does.
            pair = _pair_opens(piece) and bool(_marker().search(masked, current, cut_start))
            if bare and not pair:
                continue  # `... còn 10 tỷ`: a bare `còn` with no marked pair is no cut
            if word == _AND:
                # Two figures (`23 cuộc ... và 6 cuộc ...`), or a second verb with its own
                # deadline (`... sẽ bàn giao 5 hạng mục ... và hoàn thành toàn bộ dự án vào
                # quý III năm 2018`); never a verb pair sharing one figure (`khơi thông và nạo
                # vét với ...`). Two verbs each with its own figure are two targets (`xây mới 5
                # trường học và nâng cấp 10 trạm y tế`, `mở rộng đoạn A quy mô 4 làn xe và xây
                # dựng mới đoạn B, C với quy mô 4 làn xe`: the second's figure may follow a comma).
                verb_pair = (
                    bool(opener.match(piece))
                    and any(
                        a.kind == FIGURE and base + cut_end <= a.start and a.end <= base + s_end
                        for a in anchors
                    )
                    and _verb_before_figure(anchors, masked, base, current, cut_start)
                )
                opens = (
                    _starts_with_figure(anchors, text, base, base + cut_end)
                    or _opens_with_year(anchors, base, base + cut_end, base + following)
                    or _opens_with_dated_step(anchors, text, base, base + cut_end)
                ) or (
                    bool(opener.match(piece))
                    and _has_anchor(anchors, base + cut_end, base + following, closing=False)
                    and any(
                        a.kind == DEADLINE
                        and base + cut_end <= a.start
                        and a.end <= base + following
                        for a in anchors
                    )
                )
            elif word.startswith(_ALSO) or connective.match(piece) or piece.startswith(_BUT):
                opens = True
            else:
                opens = (
                    bool(opener.match(piece))
                    or _starts_with_figure(anchors, text, base, base + cut_end)
                    or _opens_with_year(anchors, base, base + cut_end, base + following)
                    or _opens_with_dated_step(anchors, text, base, base + cut_end)
                    # `..., còn đối với các bệnh viện ... phải báo cáo ...`: after a comma a
                    # marked pair opens a clause even when the left side's marker is missing.
                    or _pair_opens(piece)
                )
            if (opens and left_ok and right_ok) or verb_pair or (pair and right_ok):
                clause_start, clause_end = _trimmed(text, current, cut_start)
                if clause_end > clause_start:
                    clauses.append(
                        Clause(
                            base + clause_start, base + clause_end, first, fresh=s_fresh and first
                        )
                    )
                    first = False
                current = cut_end
        clause_start, clause_end = _trimmed(text, current, s_end)
        if clause_end > clause_start:
            clauses.append(
                Clause(base + clause_start, base + clause_end, first, fresh=s_fresh and first)
            )

    for i_start, i_end in inner_spans:
        if i_start < start:
            continue
        clause_start, clause_end = _trimmed(text, i_start, i_end)
        if clause_end > clause_start:
            clauses.append(Clause(base + clause_start, base + clause_end, True, inner=True))
    return clauses
