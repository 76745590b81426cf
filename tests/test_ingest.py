"""Reading inputs: every format into `Article`, every bad file into one clear line."""

import gzip
import json
from pathlib import Path

import pytest

from pipeline.ingest import IngestError, read_articles


def read(paths) -> tuple[list, list[IngestError]]:
    errors: list[IngestError] = []
    return list(read_articles(paths, errors)), errors


def test_txt_first_line_is_title_blank_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bai-1.txt"
    path.write_text("Tiêu đề\n\nĐoạn một.\n\nĐoạn hai.\n", encoding="utf-8")
    (article,), errors = read([path])
    assert errors == []
    assert (article.article_id, article.title, article.paragraphs) == (
        "bai-1",
        "Tiêu đề",
        ("Đoạn một.", "Đoạn hai."),
    )


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    record = {
        "id": "x1",
        "url": "https://a.vn/x1",
        "title": "T",
        "text": "Một.\nHai.",
        "published_at": "2021-01-02",
        "source": "a.vn",
    }
    (tmp_path / "one.json").write_text(json.dumps(record), encoding="utf-8")
    lines = [json.dumps({**record, "id": f"y{i}"}) for i in range(3)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles, errors = read([tmp_path])
    assert errors == []
    assert sorted(a.article_id for a in articles) == ["x1", "y0", "y1", "y2"]
    first = next(a for a in articles if a.article_id == "x1")
    assert (first.url, first.source, first.published_at, first.paragraphs) == (
        "https://a.vn/x1",
        "a.vn",
        "2021-01-02",
        ("Một.", "Hai."),
    )


def test_gzipped_jsonl(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "g1", "title": "T", "text": "Nội dung."}) + "\n")
    (article,), errors = read([tmp_path])
    assert article.article_id == "g1" and errors == []


BAD_FILES = [
    pytest.param("empty.txt", b"", "empty file", id="empty"),
    pytest.param("blank.txt", b"  \n\n ", "empty file", id="only-whitespace"),
    pytest.param("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary", id="binary"),
    pytest.param(
        "cp1258.txt",
        "Hà Nam, Đà Lạt".encode("cp1258", errors="replace"),
        "not valid UTF-8",
        id="windows-1258",
    ),
    pytest.param("u16.txt", "Hà Nội".encode("utf-16"), "UTF-16", id="utf16-bom"),
    pytest.param("bad.json", b'{"id": "x", "text": ', "malformed JSON", id="malformed-json"),
    pytest.param("list.json", b"[1, 2]", "must be an object", id="json-not-object"),
    pytest.param("notext.json", b'{"id": "x"}', "no text", id="json-without-text"),
    pytest.param("a.zip", b"PK\x03\x04", "unsupported file type", id="zip"),
    pytest.param("bomb.txt.gz", b"not gzip at all", "broken gzip", id="broken-gzip"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_file_gives_one_line_naming_it_and_run_goes_on(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Tiêu đề\nNội dung.", encoding="utf-8")
    articles, errors = read([tmp_path / name, good])
    assert [a.article_id for a in articles] == ["good"]
    assert len(errors) >= 1
    line = str(errors[0])
    assert name in line and message in line and "\n" not in line


def test_jsonl_with_one_broken_line_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(
        '{"id": "a", "title": "T", "text": "x"}\n{"id": broken\n{"id": "b", "title": "T", "text": "y"}\n',
        encoding="utf-8",
    )
    articles, errors = read([path])
    assert [a.article_id for a in articles] == ["a", "b"]
    assert len(errors) == 1 and "c.jsonl:2" in str(errors[0])


def test_duplicate_ids_are_reported_not_merged(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"id": "same", "title": "T", "text": "x"}', encoding="utf-8")
    (tmp_path / "b.json").write_text('{"id": "same", "title": "T", "text": "y"}', encoding="utf-8")
    articles, errors = read([tmp_path])
    assert len(articles) == 1 and "duplicate article id" in str(errors[0])


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    articles, errors = read([tmp_path / "nope.txt"])
    assert articles == [] and "no such file" in str(errors[0])
