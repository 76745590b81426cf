"""Body paragraphs from a body container: text blocks in document order, boilerplate removed.

A paragraph is a maximal run of text whose nearest block-level ancestor is the same element,
so "<p>a <a>b</a> c</p>" is one paragraph, a caption's <p> inside <figcaption> is one, and loose
text around nested blocks ("<div>x<p>y</p>z</div>") gives three. Table rows become one
paragraph each, cells joined by " | ". The walk is iterative: a page of 100,000 nested tags
costs time, never a RecursionError.

What is not the article leaves, by markup shape first and text shape second, so that a site
without an adapter gets the same treatment: captions (figure/figcaption and the caption
classes of [defaults].captions, then paragraphs ending in a photo credit), the header of the
article when the container holds it (title, byline, dateline and sapo before the body), date
lines, "read also" boxes and link lists.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, Tag
from soupsieve import SelectorSyntaxError

from pipeline.scrape.metadata import clean
from pipeline.scrape.sites import Defaults, Pattern

log = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    "p div section article main header footer aside nav h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "blockquote figure figcaption table thead tbody tfoot tr td th caption pre address details "
    "summary center form fieldset hr".split()
)
_SKIP_STRINGS = (Comment,)
CAPTION_MARK = "data-pipeline-caption"
# The header a body container may hold (title, byline, dateline, sapo) is a few short blocks;
# a repeat of the sapo further down, or after a long paragraph, is not the header.
HEADER_BLOCKS = 8
HEADER_BLOCK_CHARS = 80


@dataclass
class Block:
    """One paragraph candidate: its text, how much of it sits inside links, and whether the
    markup makes it a photo or video caption."""

    text: str
    link_chars: int = 0
    caption: bool = False
    right_aligned: bool = False


def safe_select(root: Tag, selector: str) -> list[Tag]:
    """`root.select(selector)`, logging (not raising) a malformed selector from the data file."""
    try:
        return list(root.select(selector))
    except (SelectorSyntaxError, ValueError, NotImplementedError) as error:
        log.warning("bad CSS selector %r in sites.toml: %s", selector, error)
        return []


def drop_elements(container: Tag, selectors: Iterable[str]) -> None:
    """Remove every element matching any selector from the container (in place)."""
    for selector in selectors:
        for element in safe_select(container, selector):
            if element is container:
                continue
            element.decompose()


def mark_captions(container: Tag, selectors: Iterable[str]) -> None:
    """Mark (not remove) the caption elements: a photo story's captions are its text, and
    whether it is one is decided once all blocks are read (see `clean_paragraphs`)."""
    for selector in selectors:
        for element in safe_select(container, selector):
            if element is not container:
                element[CAPTION_MARK] = "1"


def flatten_tables(container: Tag, soup: BeautifulSoup) -> None:
    """Turn data-table rows into one <p> each ("cell | cell"); leave layout tables (whose
    cells hold paragraphs or figures, like VnExpress image captions) to the block walk."""
    for row in list(container.find_all("tr")):
        if row.find(["p", "div", "figure", "table", "ul", "ol"]):
            continue
        cells = [clean(cell.get_text(" ")) for cell in row.find_all(["td", "th"])]
        cells = [c for c in cells if c]
        replacement = soup.new_tag("p")
        replacement.string = " | ".join(cells)
        row.replace_with(replacement)


class _Ancestry:
    """Memoised "nearest block ancestor" and "inside a link" lookups, so that a text node deep
    in thousands of nested inline tags costs one walk for all its siblings, not one each."""

    def __init__(self, container: Tag) -> None:
        self.container = container
        self._block: dict[int, Tag] = {}
        self._link: dict[int, bool] = {}
        self._caption: dict[int, bool] = {}

    def block_of(self, element: Tag) -> Tag:
        path: list[Tag] = []
        node: Tag | None = element
        found: Tag | None = None
        while node is not None:
            key = id(node)
            if key in self._block:
                found = self._block[key]
                break
            if node is self.container or node.name in BLOCK_TAGS:
                found = node
                break
            path.append(node)
            node = node.parent
        found = found if found is not None else self.container
        for visited in path:
            self._block[id(visited)] = found
        self._block[id(element)] = found
        return found

    def in_link(self, element: Tag, block: Tag) -> bool:
        """True when the element or an ancestor below `block` is a link."""
        return _cached_ancestor(element, block, self._link, lambda node: node.name == "a")

    def in_caption(self, element: Tag) -> bool:
        """True when the element or an ancestor inside the container is a marked caption."""
        return _cached_ancestor(
            element, self.container, self._caption, lambda node: node.has_attr(CAPTION_MARK)
        )


def _cached_ancestor(
    element: Tag, stop: Tag, cache: dict[int, bool], test: Callable[[Tag], bool]
) -> bool:
    """Whether `test` holds for the element or an ancestor below `stop`, memoised per node in
    `cache`: every text node of a page asks this, and siblings share their ancestors."""
    path: list[Tag] = []
    node: Tag | None = element
    found = False
    while node is not None and node is not stop:
        key = id(node)
        if key in cache:
            found = cache[key]
            break
        if test(node):
            found = True
            break
        path.append(node)
        node = node.parent
    for visited in path:
        cache[id(visited)] = found
    return found


def iter_blocks(container: Tag) -> list[Block]:
    """Text blocks of the container in document order (see the module docstring)."""
    blocks: list[Block] = []
    ancestry = _Ancestry(container)
    current: Tag | None = None
    pieces: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal pieces, link_chars
        text = clean("".join(pieces))
        if text:
            caption = current is not None and ancestry.in_caption(current)
            right = current is not None and _right_aligned(current)
            blocks.append(Block(text, link_chars, caption, right))
        pieces, link_chars = [], 0

    for node in container.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                flush()
            continue
        if isinstance(node, _SKIP_STRINGS) or type(node).__name__ in (
            "Script", "Stylesheet", "TemplateString", "Doctype", "Declaration",
            "ProcessingInstruction", "CData",
        ):  # fmt: skip
            continue
        parent = node.parent
        if parent is None:
            continue
        block = ancestry.block_of(parent)
        if block is not current:
            flush()
            current = block
        pieces.append(str(node))
        if ancestry.in_link(parent, block):
            link_chars += len(str(node).strip())
    flush()
    return blocks


_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)


def _right_aligned(element: Tag) -> bool:
    """Right-aligned by its own style or `align` (the closing byline of many templates)."""
    style = element.get("style")
    align = element.get("align")
    return bool(
        (isinstance(style, str) and _RIGHT.search(style))
        or (isinstance(align, str) and align.lower() == "right")
    )


def closing_lines(blocks: list[Block], max_chars: int = 80) -> list[Block]:
    """The short right-aligned blocks that close the body (bylines, usually), last first."""
    found: list[Block] = []
    for block in reversed(blocks):
        if not block.right_aligned or len(block.text) > max_chars:
            break
        found.append(block)
    return found


def clean_paragraphs(
    blocks: list[Block],
    defaults: Defaults,
    *,
    title: str = "",
    sapo: str = "",
    prefixes: Iterable[Pattern] = (),
) -> list[str]:
    """Drop boilerplate paragraphs: captions, pattern matches, link lists, the article header
    (title, byline, dateline, sapo) when the container holds it, repeats of title or sapo."""
    kept = [b for b in blocks if re.search(r"\w", b.text)]  # not a lone bullet or dash
    captions = {
        index
        for index, block in enumerate(kept)
        if block.caption or _matching(defaults.caption_text, block.text) is not None
    }
    text_chars = sum(len(b.text) for i, b in enumerate(kept) if i not in captions)
    photo_story = text_chars < defaults.min_body_chars  # only captions: they are the text
    out: list[str] = []
    for index, block in enumerate(kept):
        text = block.text
        if index in captions and not photo_story:
            log.debug("dropped caption: %.60s", text)
            continue
        rule = _matching(defaults.drop_text, text)
        if rule is not None:
            log.debug("dropped paragraph by rule %s: %.60s", rule, text)
            continue
        if len(text) < 400 and block.link_chars >= defaults.max_link_share * len(text):
            log.debug("dropped link-only paragraph: %.60s", text)
            continue
        if out and out[-1] == text:
            continue  # a caption or line printed twice in a row
        out.append(text)
    return _drop_header(out, title, sapo, tuple(prefixes))


def _drop_header(paragraphs: list[str], title: str, sapo: str, prefixes: tuple) -> list[str]:
    """Cut the article header when the container holds it: everything up to the last of the
    first few short paragraphs that repeats the title or the sapo (agency tag aside)."""
    wanted = {clean(v).lower() for v in (title, strip_prefix(sapo, prefixes)) if clean(v)}
    cut = 0
    for index, text in enumerate(paragraphs[:HEADER_BLOCKS]):
        if clean(strip_prefix(text, prefixes)).lower() in wanted:
            cut = index + 1
        elif len(text) > HEADER_BLOCK_CHARS:
            break  # the body has begun
    return paragraphs[cut:]


def _matching(patterns: tuple[Pattern, ...], text: str) -> str | None:
    for pattern in patterns:
        if pattern.regex.search(text):
            return pattern.id
    return None


def strip_prefix(text: str, patterns: Iterable[Pattern]) -> str:
    """Remove an agency tag ("(Dân trí) - ", "TPO - ") from the start of a paragraph."""
    for pattern in patterns:
        stripped = pattern.regex.sub("", text, count=1)
        if stripped != text:
            return stripped.strip()
    return text
