"""Progress counts articles: a bar on a terminal, a line every N articles or S seconds else."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from pipeline.progress import Progress, count_articles


def _write(folder, name, content: bytes):
    path = folder / name
    path.write_bytes(content)
    return path


# (id, file name, content, articles)
FILES = [
    ("txt-is-one", "a.txt", "Tiêu đề\nĐoạn một.\n".encode(), 1),
    ("jsonl-line-each", "b.jsonl", b'{"id": "1"}\n{"id": "2"}\n\n{"id": "3"}\n', 3),
    ("jsonl-gz", "c.jsonl.gz", gzip.compress(b'{"id": "1"}\n{"id": "2"}\n'), 2),
    ("json-list", "d.json", json.dumps([{"id": "1"}, {"id": "2"}]).encode(), 2),
    ("json-object", "e.json", b'{"id": "1"}', 1),
    ("broken-json-counts-one", "f.json", b"{not json", 1),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), [f[1:] for f in FILES], ids=[f[0] for f in FILES]
)
def test_count_articles(tmp_path, name, content, expected):
    assert count_articles([_write(tmp_path, name, content)]) == expected


def test_count_articles_of_a_folder(tmp_path):
    for _, name, content, _ in FILES:
        _write(tmp_path, name, content)
    assert count_articles([tmp_path]) == sum(f[3] for f in FILES)


def test_lines_every_n_articles_with_total_and_eta():
    stream = io.StringIO()
    meter = Progress(10, "lines", stream=stream, every=4, seconds=3600)
    list(meter.track(range(10)))
    lines = stream.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "progress: 4/10 articles (40%)",
        "progress: 8/10 articles (80%)",
    ]
    assert "left" in lines[0]


def test_lines_every_s_seconds_even_when_slow():
    stream = io.StringIO()
    meter = Progress(None, "lines", stream=stream, every=1000, seconds=0)
    meter.update()
    assert stream.getvalue().startswith("progress: 1 articles")


def test_off_says_nothing():
    stream = io.StringIO()
    meter = Progress(5, "off", stream=stream, every=1, seconds=0)
    list(meter.track(range(5)))
    assert stream.getvalue() == ""


def test_bar_shows_the_total():
    stream = io.StringIO()
    meter = Progress(3, "bar", stream=stream)
    list(meter.track(range(3)))
    meter.close()
    assert "3/3" in stream.getvalue()
