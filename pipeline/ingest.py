"""Read `.txt`, `.html`, `.json` and `.jsonl` files (optionally gzipped) into `Article` records.

Bad input never stops a run: each unreadable file (or JSONL line) becomes one `IngestError`
with a one-line message naming the file, is logged, and the run goes on with the rest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pipeline.article import Article
from pipeline.io import first_line

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
# A JSONL file whose lines keep failing is not a corpus: past this many errors (bad lines and
# duplicate ids alike) the rest of the file is skipped. Only the first few are listed, then a
# count: a file of a million bad lines must not print (or hold) a million lines.
MAX_ERRORS_PER_FILE = 1000
MAX_ERRORS_SHOWN = 5
_BINARY_SNIFF = 8192
_SURROGATE = re.compile("[\ud800-\udfff]")
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


def shown(path: str | Path) -> str:
    """A path as printable UTF-8: bytes of a non-UTF-8 file name appear as `\\xe9` escapes.

    Python keeps such bytes as lone surrogates (PEP 383), which no log line, CSV cell or
    DuckDB string can hold; left as they are they abort the run far from the cause.
    """
    text = str(path)
    if not _SURROGATE.search(text):
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


@dataclass
class ReadReport:
    """What reading the inputs saw, besides the articles: what the store needs to tell an
    article whose file is gone from one that could not be read this time.

    Paths are absolute and `shown` (printable), so they can be kept in the store.
    """

    errors: list[IngestError] = field(default_factory=list)
    #: One-line notices that are not failures (escaped ids, skipped files, empty folders).
    warnings: list[str] = field(default_factory=list)
    #: The inputs as given, absolute; and those that could not be read at all.
    roots: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: Folders that could not be listed: nothing under them may be called gone.
    unreadable: list[str] = field(default_factory=list)
    #: Every article file found, and those whose reading reported any error.
    files: set[str] = field(default_factory=set)
    failed_files: set[str] = field(default_factory=set)
    #: article id -> the file it was read from.
    sources: dict[str, str] = field(default_factory=dict)

    def under_readable_root(self, file: str) -> bool:
        """Whether `file` lies under an input that was listed completely this run."""
        if any(_inside(file, folder) for folder in self.unreadable):
            return False
        return any(_inside(file, root) for root in self.roots if root not in self.missing)


def _inside(file: str, root: str) -> bool:
    return file == root or file.startswith(root.rstrip(os.sep) + os.sep)


def _absolute(path: Path) -> str:
    return shown(os.path.abspath(path))


def scan(paths: Iterable[str | Path], report: ReadReport | None = None) -> list[Path]:
    """Expand folders into their article files (sorted, hidden files skipped).

    A path that does not exist and a folder that cannot be listed are recorded in `report`
    (and logged), never silently read as empty. Files of other types found in folders are
    counted on one summary line per folder.
    """
    report = report if report is not None else ReadReport()
    found: list[Path] = []
    for raw in paths:  # (files given twice, or under two given folders, are read once: below)
        path = Path(raw)
        report.roots.append(_absolute(path))
        if not os.path.lexists(path) or (path.is_symlink() and not path.exists()):
            report.missing.append(_absolute(path))
            _fail(report.errors, shown(path), "no such file or folder")
            continue
        if not path.is_dir():
            found.append(path)
            continue
        skipped: Counter[str] = Counter()
        before = len(found)

        def unreadable(error: OSError, root: Path = path) -> None:
            where = error.filename or root
            report.unreadable.append(_absolute(Path(where)))
            reason = error.strerror or str(error)
            _fail(report.errors, shown(where), f"cannot read folder: {reason}")

        for folder, subfolders, names in os.walk(path, onerror=unreadable):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                child = Path(folder, name)
                suffix = _suffix(child)
                if suffix in SUFFIXES:
                    found.append(child)
                elif name.lower().endswith(".gz") or suffix not in _QUIET_SUFFIXES:
                    skipped["".join(child.suffixes[-2:]).lower() or "(no extension)"] += 1
        found[before:] = sorted(found[before:])
        if skipped:
            kinds = ", ".join(f"{kind} \u00d7{n}" for kind, n in skipped.most_common())
            total = sum(skipped.values())
            report.warnings.append(
                f"{shown(path)}: skipped {total} file{'s' * (total != 1)} of other types: {kinds}"
            )
        if len(found) == before and shown(path) not in {e.path for e in report.errors}:
            report.warnings.append(
                f"{shown(path)}: folder holds no article files ({', '.join(SUFFIXES)})"
            )
    unique: dict[str, Path] = {}
    for path in found:  # `corpus corpus/sub`: each file once, at its first place
        unique.setdefault(os.path.abspath(path), path)
    return list(unique.values())


#: Files commonly lying beside articles that are not worth a notice.
_QUIET_SUFFIXES = frozenset({".md", ".csv", ".parquet", ".duckdb", ".wal"})


def missing_inputs(paths: Iterable[str | Path]) -> list[str]:
    """One error line per input path that does not exist: a typo must never read as an empty
    corpus (which would replace the tables with empty ones, or prune a store)."""
    return [
        f"{shown(path)}: no such file or folder" for path in map(Path, paths) if not path.exists()
    ]


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their article files (sorted, hidden files skipped)."""
    return scan(paths)


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


def _name_without_suffix(path: Path) -> str:
    """`bao.2017-01-01.txt.gz` -> `bao.2017-01-01`: the name less its article suffixes."""
    name = path.name
    lower = name.lower()
    if lower.endswith(".gz"):
        name, lower = name[:-3], lower[:-3]
    suffix = _suffix(path)
    return name[: -len(suffix)] if suffix and lower.endswith(suffix) else name


def file_ids(files: Sequence[Path], report: ReadReport | None = None) -> dict[Path, str]:
    """The id of each file's article (the prefix of JSONL and JSON-list ids): unique per path.

    Today's id is the name up to its first dot; it is kept wherever it is unique, so stores
    stay valid. Colliding names (`bao.2017-01-01.txt` and `bao.2017-01-02.txt`) get their
    whole name less the suffix; names still colliding (`a/x.txt`, `b/x.txt`) add a hash of
    their path. Bytes of non-UTF-8 names are escaped (`\\xe9`), with a notice.
    """
    first = {path: shown(path.name.split(".")[0]) for path in files}
    counts = Counter(first.values())
    ids = {}
    for path, stem in first.items():
        if counts[stem] > 1:
            stem = shown(_name_without_suffix(path))
        ids[path] = stem
    counts = Counter(ids.values())
    for path, stem in ids.items():
        if counts[stem] > 1:
            digest = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:8]
            ids[path] = f"{stem}-{digest}"
    if report is not None:
        for path, stem in ids.items():
            if _SURROGATE.search(str(path.name)):
                report.warnings.append(
                    f"{shown(path)}: file name is not valid UTF-8; its bytes are escaped, id {stem}"
                )
    return ids


def read_articles(
    paths: Iterable[str | Path],
    errors: list[IngestError] | None = None,
    report: ReadReport | None = None,
) -> Iterator[Article]:
    """Yield every article found under `paths`; append what could not be read to `errors`.

    `report`, when given, also collects what the store needs to prune safely (see
    `ReadReport`); its `errors` are the same list as `errors`.
    """
    report = report if report is not None else ReadReport()
    if errors is not None:
        report.errors = errors
    errors = report.errors
    files = scan(paths, report)
    ids = file_ids(files, report)
    seen: dict[str, str] = {}  # article id -> file: the only state that grows with the corpus
    for path in files:
        where = shown(path)  # one string per file, shared by all its articles in `seen`
        absolute = _absolute(path)
        report.files.add(absolute)
        sink, before = _FileErrors(errors, where), len(errors)
        try:
            for article in _read_file(path, ids[path], sink):
                if article.article_id in seen:
                    _fail(
                        sink,
                        article.path or where,
                        f"duplicate article id {article.article_id!r} "
                        f"(first read from {seen[article.article_id]}); skipped",
                    )
                    continue
                seen[article.article_id] = where
                report.sources[article.article_id] = absolute
                yield article
        except BadInput as error:
            _fail(errors, where, str(error))
        except OSError as error:
            _fail(errors, where, f"cannot read: {error.strerror or error}")
        except Exception as error:  # a reader bug or a library choking: lose the file, not the run
            log.debug("%s: unexpected error while reading", where, exc_info=True)
            _fail(errors, where, f"cannot read: {_one_line(error)}")
        sink.close()
        if sink.count or len(errors) > before:
            report.failed_files.add(absolute)


class _FileErrors:
    """The errors of one file: the first `MAX_ERRORS_SHOWN` are kept, the rest only counted;
    past `MAX_ERRORS_PER_FILE` the file is given up (`BadInput`, one more line)."""

    def __init__(self, errors: list[IngestError], path: str) -> None:
        self.errors = errors
        self.path = path
        self.count = 0

    def append(self, error: IngestError) -> None:
        self.count += 1
        if self.count <= MAX_ERRORS_SHOWN:
            self.errors.append(error)
        if self.count >= MAX_ERRORS_PER_FILE:
            self.count = -self.count  # close() must not count these again
            raise BadInput(
                f"{MAX_ERRORS_PER_FILE} errors (bad lines, duplicate ids), the last at "
                f"{error.path}; rest of the file skipped"
            )

    def close(self) -> None:
        """One line for the errors that were counted, not listed."""
        hidden = abs(self.count) - MAX_ERRORS_SHOWN
        if hidden > 0:
            self.errors.append(
                IngestError(self.path, f"{hidden:,} more errors in this file not listed")
            )
        self.count = abs(self.count)


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


def _read_file(path: Path, stem: str, errors: list[IngestError] | None) -> Iterator[Article]:
    suffix = _suffix(path)
    if suffix not in SUFFIXES:
        raise BadInput(f"unsupported file type {suffix or '(none)'}; expected one of {SUFFIXES}")
    if suffix == ".txt":
        yield from_txt(decode_text(read_bytes(path)), stem, shown(path))
    elif suffix in (".html", ".htm"):
        yield from_html(read_bytes(path), stem, shown(path))
    elif suffix == ".json":
        payload = _loads(decode_text(read_bytes(path)))
        records = payload if isinstance(payload, list) else [payload]
        for index, record in enumerate(records):
            default_id = stem if len(records) == 1 else f"{stem}-{index + 1}"
            try:
                yield from_record(record, default_id, shown(path))
            except BadInput as error:
                _fail(errors, f"{shown(path)}[{index}]", str(error))
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
                    _fail(errors, f"{shown(path)}:{number}", message)
                    continue
                if not line.strip():
                    continue
                try:
                    record = _loads(decode_text(line))
                    yield from_record(record, f"{stem}-{number}", f"{shown(path)}:{number}")
                except BadInput as error:
                    _fail(errors, f"{shown(path)}:{number}", str(error))
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
    """An article object: id, url, title, text, published_at, source (scraper output too).

    A field of the wrong type (an id given as a list, a title as an object, a paragraph as
    null) makes the record an error: turned into text, it would become data such as
    `"['a', 'b']"` or `None` that nobody wrote.
    """
    if not isinstance(record, dict):
        raise BadInput("JSON article must be an object")
    text = _text_field(record, "text")
    if not text.strip():
        paragraphs = record.get("paragraphs")
        if paragraphs is not None and not isinstance(paragraphs, list):
            raise BadInput(
                f"JSON field 'paragraphs' must be a list of strings, not {_kind(paragraphs)}"
            )
        for index, paragraph in enumerate(paragraphs or ()):
            if not isinstance(paragraph, str):
                raise BadInput(
                    f"JSON field 'paragraphs' item {index} must be a string, not {_kind(paragraph)}"
                )
        if not paragraphs:
            raise BadInput("JSON article has no text")
        text = "\n".join(paragraphs)
    _check_size(text)
    title = _clean(_text_field(record, "title")).strip()
    body = _paragraphs(_clean(text))
    if not title:
        if not body:
            raise BadInput("JSON article has no text")
        title, body = body[0], body[1:]
    article_id = _id_field(record, default_id)
    return Article(
        article_id=article_id,
        title=title,
        paragraphs=body,
        source=_clean(_text_field(record, "source")),
        url=_clean(_text_field(record, "url")),
        published_at=_clean(_text_field(record, "published_at")),
        path=path,
    )


def _kind(value: object) -> str:
    return {type(None): "null", dict: "an object", list: "a list", bool: "a boolean"}.get(
        type(value), f"a {type(value).__name__}"
    )


def _text_field(record: dict, name: str) -> str:
    """A text field: a string, or absent/null (""); anything else is an error."""
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInput(f"JSON field {name!r} must be a string, not {_kind(value)}")
    return value


def _id_field(record: dict, default_id: str) -> str:
    """The article id: a non-blank string or an integer; absent or null takes `default_id`."""
    value = record.get("id")
    if value is None:
        return default_id
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise BadInput(f"JSON field 'id' must be a string, not {_kind(value)}")
    article_id = _clean(value).strip()
    if not article_id:
        raise BadInput("JSON field 'id' is blank")
    return article_id


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
        raise BadInput(f"cannot parse HTML: {first_line(error)}") from error
    if not record.get("id"):
        record = {**record, "id": article_id}
    return from_record({**record, "id": article_id}, article_id, path)
