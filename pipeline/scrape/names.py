"""Author names from bylines: splitting a byline into names, telling a name from a sentence,
and recognising a closing paragraph that only repeats the byline.

Bylines print names in many ways ("Bài và ảnh: MINH ANH - HOÀNG LAN", "Lê Phương (TTXVN)");
authors come out one per name, in the page's casing, or in title case when the page shouts.
"""

from __future__ import annotations

import logging
import re

from pipeline.scrape.metadata import clean
from pipeline.scrape.sites import Defaults

log = logging.getLogger(__name__)

NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\n|\s[-–—]\s|\svà\s|\s/\s)\s*", re.IGNORECASE)
NAME_PREFIX = re.compile(
    r"^(bài\s*(và|,|&)?\s*ảnh|bài|ảnh|tác giả|phóng viên|pv|nhóm phóng viên|thực hiện|by)\s*:\s*",
    re.IGNORECASE,
)


def split_names(value: str) -> list[str]:
    """The names of a byline, its labels ("Bài và ảnh:") and bracketed agencies removed; an
    all-capitals name (longer than an acronym) in title case."""
    value = re.sub(r"\([^)]*\)", " ", value)
    names = []
    for part in NAME_SPLIT.split(value):
        part = clean(NAME_PREFIX.sub("", clean(part))).strip(" .:-–")
        if part:
            names.append(part.title() if part.isupper() and len(part) > 3 else part)
    return names


def plausible_name(name: str, defaults: Defaults) -> bool:
    """Letters, no digits, links or e-mail, at most 6 words, and not the publisher's name."""
    if not re.search(r"[^\W\d_]", name) or re.search(r"\d|https?:|@", name):
        return False
    if len(name) > 60 or len(name.split()) > 6:
        return False
    return not any(pattern.search(name) for pattern in defaults.author_reject)


def name_shaped(name: str, defaults: Defaults) -> bool:
    """A person's name as bylines print it: a plausible name of 2-5 words, each capitalised
    ("Lê Phương", "HOÀNG LAN"); not a sentence, a date or a source line."""
    words = name.split()
    return (
        2 <= len(words) <= 5
        and all(w[0].isupper() for w in words)
        and plausible_name(name, defaults)
    )


def drop_closing_byline(paragraphs: list[str], authors: list[str]) -> list[str]:
    """Drop closing paragraphs that only name the article's authors ("Lê Phương", "MINH ANH -
    HOÀNG LAN"): the byline printed at the end of the body by templates without an adapter.
    The article's first paragraph always stays."""
    known = {name.lower() for name in authors}
    while len(paragraphs) > 1 and known:
        names = [n.lower() for n in split_names(paragraphs[-1])]
        if not names or not all(n in known for n in names):
            break
        log.debug("dropped closing byline: %.60s", paragraphs[-1])
        paragraphs = paragraphs[:-1]
    return paragraphs
