"""Read `.txt`, `.html`, `.json` and `.jsonl` files (optionally gzipped) into `Article` records.

Bad input never stops a run: each unreadable file (or JSONL line) becomes one `IngestError`
with a one-line message naming the file, is logged, and the run goes on with the rest.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pipeline.article import Article

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
MAX_FILE_BYTES = 50_000_000  # a JSONL file of many articles may be large; it is streamed
MAX_ARTICLE_CHARS = 2_000_000  # one article beyond this is refused, not processed
# One JSONL line holds one article: 2 million characters take at most 12 MB even with every
# character \u-escaped. Longer lines are skipped without ever being held in memory.
MAX_LINE_BYTES = 16_000_000
# Text JSON compresses 3-10 times; a gzip stream inflating 100 times past its first MBs is a
# bomb, refused before it costs minutes.
MAX_GZIP_RATIO = 100
# A JSONL file whose lines keep failing is not a corpus: stop listing its errors one by one.
MAX_ERRORS_PER_FILE = 1000
_BINARY_SNIFF = 8192
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters but \t \n \r


@dataclass(frozen=True)
class IngestError:
    """One input that could not be read, with a message fit for a single log line."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class BadInput(ValueError):
    """Raised inside the readers; turned into an `IngestError` by `read_articles`."""


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their article files (sorted, hidden files skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                child
                for child in sorted(path.rglob("*"))
                if child.is_file()
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
                and _suffix(child) in SUFFIXES
            )
        else:
            found.append(path)
    return found


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def with_as_of(articles: Iterable[Article], as_of: date | None) -> Iterator[Article]:
    """The articles, each to be read in the administrative map of `as_of` (`extract --as-of`).

    The day travels in `Article.extra["as_of"]` (to worker processes and Dask too) and
    `pipeline.era` prefers it to the article's own date; None leaves the articles as they are.
    """
    for article in articles:
        if as_of is not None:
            article = replace(article, extra={**article.extra, "as_of": as_of.isoformat()})
        yield article


def read_articles(
    paths: Iterable[str | Path], errors: list[IngestError] | None = None
) -> Iterator[Article]:
    """Yield every article found under `paths`; append what could not be read to `errors`."""
    seen: dict[str, str] = {}  # article id -> file: the only state that grows with the corpus
    for path in discover(paths):
        where = str(path)  # one string per file, shared by all its articles in `seen`
        try:
            for article in _read_file(path, errors):
                if article.article_id in seen:
                    _fail(
                        errors,
                        article.path or where,
                        f"duplicate article id {article.article_id!r} "
                        f"(first read from {seen[article.article_id]}); skipped",
                    )
                    continue
                seen[article.article_id] = where
                yield article
        except BadInput as error:
            _fail(errors, str(path), str(error))
        except OSError as error:
            _fail(errors, str(path), f"cannot read: {error.strerror or error}")
        except Exception as error:  # a reader bug or a library choking: lose the file, not the run
            log.debug("%s: unexpected error while reading", path, exc_info=True)
            _fail(errors, str(path), f"cannot read: {_one_line(error)}")


def _one_line(error: BaseException) -> str:
    """`TypeError: first line of the message`, fit for a one-line report."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def _fail(errors: list[IngestError] | None, path: str, message: str) -> None:
    error = IngestError(path, message)
    if errors is None:
        log.error("%s", error)
    else:  # the caller collects and reports it: log it once, quietly, for debugging
        log.debug("%s", error)
        errors.append(error)


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a file, gunzipping `.gz`, refusing anything past `limit` bytes (zip bombs too)."""
    if not path.exists():
        raise BadInput("no such file")
    if path.suffix.lower() == ".zip":
        raise BadInput("zip archives are not read; unpack them first")
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise BadInput(f"broken gzip file ({error})") from error
    if len(data) > limit:
        raise BadInput(f"larger than {limit:,} bytes (after decompression); refused")
    return data


def decode_text(data: bytes) -> str:
    """Decode UTF-8 text, explaining precisely why other bytes are refused."""
    if not data.strip():
        raise BadInput("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput("UTF-16 text (byte-order mark found); convert it to UTF-8")
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise BadInput("not a text file (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "legacy encodings such as windows-1258 must be converted to UTF-8"
        ) from error
    sample = text[:_BINARY_SNIFF]
    if len(_CONTROLS.findall(sample)) > len(sample) * 0.05:
        raise BadInput("not a text file (too many control characters)")
    return text


def _read_file(path: Path, errors: list[IngestError] | None) -> Iterator[Article]:
    suffix = _suffix(path)
    if suffix not in SUFFIXES:
        raise BadInput(f"unsupported file type {suffix or '(none)'}; expected one of {SUFFIXES}")
    stem = path.name.split(".")[0]
    if suffix == ".txt":
        yield from_txt(decode_text(read_bytes(path)), stem, str(path))
    elif suffix in (".html", ".htm"):
        yield from_html(read_bytes(path), stem, str(path))
    elif suffix == ".json":
        payload = _loads(decode_text(read_bytes(path)))
        records = payload if isinstance(payload, list) else [payload]
        for index, record in enumerate(records):
            default_id = stem if len(records) == 1 else f"{stem}-{index + 1}"
            try:
                yield from_record(record, default_id, str(path))
            except BadInput as error:
                _fail(errors, f"{path}[{index}]", str(error))
    else:
        yield from _read_jsonl(path, stem, errors)


def _read_jsonl(path: Path, stem: str, errors: list[IngestError] | None) -> Iterator[Article]:
    """Stream a JSONL file line by line, so a huge file never sits in memory at once.

    Each line is read with a size cap, so neither a giant line nor a gzip bomb without
    newlines can fill memory; a broken line costs only itself.
    """
    gzipped = path.suffix.lower() == ".gz"
    opener = gzip.open if gzipped else open
    raw_size = path.stat().st_size
    inflated = 0
    failures = 0
    try:
        with opener(path, "rb") as handle:
            number = 0
            while line := handle.readline(MAX_LINE_BYTES + 1):
                number += 1
                inflated += len(line)
                if gzipped and inflated > 10_000_000 and inflated > MAX_GZIP_RATIO * raw_size:
                    raise BadInput(
                        f"gzip stream inflates over {MAX_GZIP_RATIO} times "
                        f"(line {number}); refused as a gzip bomb"
                    )
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    budget = MAX_GZIP_RATIO * raw_size - inflated if gzipped else None
                    inflated += _skip_line(handle, budget, number)
                    message = f"line longer than {MAX_LINE_BYTES:,} bytes; skipped"
                    failures += 1
                    _fail(errors, f"{path}:{number}", message)
                    continue
                if not line.strip():
                    continue
                try:
                    record = _loads(decode_text(line))
                    yield from_record(record, f"{stem}-{number}", f"{path}:{number}")
                except BadInput as error:
                    failures += 1
                    if failures > MAX_ERRORS_PER_FILE:
                        raise BadInput(
                            f"more than {MAX_ERRORS_PER_FILE} bad lines (last at line {number}); "
                            "rest of the file skipped"
                        ) from error
                    _fail(errors, f"{path}:{number}", str(error))
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise BadInput(f"broken gzip file ({error})") from error


def _skip_line(handle, budget: int | None, number: int) -> int:
    """Read past the rest of an over-long line in bounded chunks; return the bytes skipped.

    `budget` caps how much a gzip stream may inflate while skipping, so a bomb without
    newlines is refused quickly instead of being inflated to the end.
    """
    skipped = 0
    while chunk := handle.readline(1_000_000):
        skipped += len(chunk)
        if budget is not None and skipped > budget:
            raise BadInput(
                f"gzip stream inflates over {MAX_GZIP_RATIO} times (line {number}); "
                "refused as a gzip bomb"
            )
        if chunk.endswith(b"\n"):
            break
    return skipped


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"malformed JSON ({error.msg} at line {error.lineno})") from error


def _check_size(text: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise BadInput(f"article of {len(text):,} characters exceeds {MAX_ARTICLE_CHARS:,}")


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def from_txt(text: str, article_id: str, path: str = "") -> Article:
    """The corpus layout: line 1 is the title, then one paragraph per (non-blank) line."""
    _check_size(text)
    lines = _paragraphs(text)
    if not lines:
        raise BadInput("empty file")
    return Article(article_id=article_id, title=lines[0], paragraphs=lines[1:], path=path)


def from_record(record: object, default_id: str, path: str = "") -> Article:
    """An article object: id, url, title, text, published_at, source (scraper output too)."""
    if not isinstance(record, dict):
        raise BadInput("JSON article must be an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        paragraphs = record.get("paragraphs")
        if isinstance(paragraphs, list) and paragraphs:
            text = "\n".join(str(p) for p in paragraphs)
        else:
            raise BadInput("JSON article has no text")
    _check_size(text)
    title = _clean(record.get("title") or "").strip()
    body = _paragraphs(_clean(text))
    if not title:
        if not body:
            raise BadInput("JSON article has no text")
        title, body = body[0], body[1:]
    article_id = _clean(record.get("id") or default_id).strip()
    return Article(
        article_id=article_id,
        title=title,
        paragraphs=body,
        source=_clean(record.get("source") or ""),
        url=_clean(record.get("url") or ""),
        published_at=_clean(record.get("published_at") or ""),
        path=path,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: object) -> str:
    """A JSON string as text: lone surrogates (`"\\ud800"` escapes) become U+FFFD.

    They are not characters, cannot be written as UTF-8 and would fail the article later,
    in the tokenizer or the CSV writer, far from the cause.
    """
    text = str(value)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def from_html(data: bytes, article_id: str, path: str = "") -> Article:
    """Any news page: the scraper's page parser takes out the title and the main text."""
    from pipeline.scrape.parse import parse_page

    try:
        record = parse_page(data, url=None)
    except (ValueError, RecursionError) as error:
        first_line = (str(error) or type(error).__name__).splitlines()[0]
        raise BadInput(f"cannot parse HTML: {first_line}") from error
    if not record.get("id"):
        record = {**record, "id": article_id}
    return from_record({**record, "id": article_id}, article_id, path)
