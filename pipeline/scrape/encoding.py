"""Turn the bytes of a web page into text, whatever the publisher declared.

Order of trust: a byte-order mark, then the charset of the HTTP Content-Type header, then the
page's own <meta charset> / http-equiv declaration, then strict UTF-8, then charset_normalizer's
guess. Older Vietnamese sites still serve windows-1258, whose tone marks are *combining*
characters; the result is NFC-normalised so "ố" is one character either way.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
# Labels browsers treat as something else (WHATWG encoding standard): iso-8859-1 is cp1252.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "windows-1258": "cp1258",
    "x-user-defined": "cp1252",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


def _codec(label: str | None) -> str | None:
    """A Python codec name for a declared label, or None if Python has no such codec."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 16 KiB (<meta charset> or http-equiv)."""
    match = _META_CHARSET.search(data[:16384])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes to NFC text; never raises on odd bytes (they become U+FFFD)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _finish(data[len(bom) :].decode(name, errors="replace"))
    for label in (header_charset(content_type), declared_charset(data)):
        codec = _codec(label)
        if codec is None:
            continue
        if codec in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            continue  # a page that declares UTF-16 but has no BOM is lying: bytes are ASCII-ish
        try:
            return _finish(data.decode(codec))
        except UnicodeDecodeError:
            if codec != "utf-8":
                return _finish(data.decode(codec, errors="replace"))
            # declared UTF-8 but it is not: fall through to detection
    try:
        return _finish(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    codec = _codec(best.encoding) if best is not None else None
    return _finish(data.decode(codec or "cp1258", errors="replace"))


def _finish(text: str) -> str:
    return unicodedata.normalize("NFC", text)
