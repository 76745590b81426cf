"""Every real saved page with an expected extraction is a test (pages read in place from
../shared/fixtures/html; skipped, with the reason, when that folder is absent).

Compared: title, published_at, authors (case-insensitively, as the pages' README says), sapo
(its agency tag "(Dân trí) - " removed: the parser strips it) and the body paragraph by
paragraph, in order. A failure names the first paragraph that differs.

Each page is read twice: with its site adapter (if any), and by the generic parser alone, as a
page from a site without an adapter would be.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

import pipeline.scrape.parse as parse_module
from pipeline.scrape import parse_page
from tests.conftest import SHARED
from tests.helpers import fundus_body

HTML = SHARED / "fixtures" / "html"
_AGENCY_TAG = re.compile(r"^\([^()]{2,30}\)\s*[-–—]\s*")


def _norm(text: str) -> str:
    """The expected files' convention: NFC, NBSP as a space, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\xa0", " ")).strip()


def _expected_pages() -> list:
    """(page file, expected dict) for each `<name>.expected.json` and the fundus gold."""
    if not HTML.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{HTML} not found"))]
    pages = []
    for path in sorted(HTML.rglob("*.expected.json")):
        page = path.with_name(path.name.removesuffix(".expected.json") + ".html")
        expected = json.loads(path.read_text(encoding="utf-8"))
        pages.append(pytest.param(page, expected, id=page.stem))
    fundus = HTML / "fundus-vnexpress" / "VnExpress.json"
    if fundus.is_file():
        gold = json.loads(fundus.read_text(encoding="utf-8"))["V1"]
        expected = {
            "title": gold["title"],
            "sapo": " ".join(gold["body"]["summary"]),
            "published_at": gold["publishing_date"],
            "authors": gold["authors"],
            "body": fundus_body(gold),
        }
        pages.append(
            pytest.param(
                fundus.with_name("VnExpress_2025_10_22.html.gz"), expected, id="fundus-vnexpress"
            )
        )
    return pages


def _read(page: Path) -> bytes:
    data = page.read_bytes()
    return gzip.decompress(data) if page.suffix == ".gz" else data


def _first_difference(got: list[str], want: list[str]) -> str:
    for index, (mine, theirs) in enumerate(zip(got, want, strict=False)):
        if mine != theirs:
            return f"paragraph {index}:\n  got:      {mine!r}\n  expected: {theirs!r}"
    if len(got) > len(want):
        return f"extra paragraph {len(want)}: {got[len(want)]!r}"
    return f"missing paragraph {len(got)}: {want[len(got)]!r}"


def _check(record: dict, expected: dict) -> None:
    assert record["title"] == _norm(expected["title"])
    assert datetime.fromisoformat(record["published_at"]) == datetime.fromisoformat(
        expected["published_at"]
    )
    assert record["published_at"][-6] in "+-"  # ISO with its zone
    assert [a.lower() for a in record["authors"]] == [a.lower() for a in expected["authors"]]
    assert _norm(record["sapo"]) == _AGENCY_TAG.sub("", _norm(expected["sapo"]))
    got = [_norm(p) for p in record["paragraphs"]]
    want = [_norm(p) for p in expected["body"]]
    assert got == want, _first_difference(got, want)


@pytest.mark.parametrize(("page", "expected"), _expected_pages())
def test_real_page_matches_its_expected_extraction(page: Path, expected: dict) -> None:
    _check(parse_page(_read(page)), expected)


@pytest.mark.parametrize(("page", "expected"), _expected_pages())
def test_real_page_without_its_site_adapter(
    page: Path, expected: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hidden pages come from sites without adapters: the generic parser must do as well."""
    monkeypatch.setattr(parse_module, "_adapter", lambda *args, **kwargs: None)
    record = parse_page(_read(page))
    assert not record["extractor"].startswith("site:")
    _check(record, expected)
