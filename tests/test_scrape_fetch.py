"""Fetching, archiving and discovery against a local HTTP server (127.0.0.1, random port).

The server serves the real saved pages of ../shared/fixtures/html (read in place) and the
fixtures of tests/data/scrape: feeds, a sitemap index, a listing, synthetic articles, a
windows-1258 page, plus routes that misbehave: robots-forbidden paths, 429 with Retry-After,
500 then 200, a response slower than the timeout, a redirect loop, an oversized body, a gzip
bomb, a PDF, a 404 and an ETag that answers 304. No test touches the network.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipeline.scrape import FetchConfig, PoliteClient, fetch, scrape
from pipeline.scrape.archive import RawArchive
from pipeline.scrape.discover import from_feed, from_listing, from_sitemap
from pipeline.scrape.sites import load_sites
from pipeline.scrape.urls import canonical_url
from tests.helpers import fundus_body

DATA = Path(__file__).parent / "data" / "scrape"
SHARED_HTML = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "html"
VNEXPRESS_2022 = "vnexpress_article_4420519_lythinhsunrise-videojs.html"
GOLD_GZ = "fundus-vnexpress/VnExpress_2025_10_22.html.gz"


@dataclass
class Server:
    base: str
    hits: Counter = field(default_factory=Counter)
    headers: dict = field(default_factory=dict)


def _handler(server_state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep the test output clean
            pass

        def _send(
            self,
            status: int,
            body: bytes = b"",
            ctype: str = "text/html; charset=utf-8",
            headers: dict | None = None,
            length: bool = True,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if body:
                self.wfile.write(body)

        def _fixture(self, name: str) -> bytes:
            return (
                (DATA / name)
                .read_text(encoding="utf-8")
                .replace("{base}", server_state.base)
                .encode()
            )

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            server_state.hits[path] += 1
            server_state.headers[path] = dict(self.headers)
            count = server_state.hits[path]
            if path == "/robots.txt":
                return self._send(200, (DATA / "robots.txt").read_bytes(), "text/plain")
            if path.startswith("/real/"):
                source = SHARED_HTML / path.removeprefix("/real/")
                if not source.is_file():
                    return self._send(404)
                if source.suffix == ".gz":  # served as gzip transfer encoding
                    return self._send(
                        200, source.read_bytes(), headers={"Content-Encoding": "gzip"}
                    )
                return self._send(200, source.read_bytes())
            if path == "/feeds/rss.xml":
                return self._send(200, self._fixture("rss.xml"), "application/rss+xml")
            if path == "/feeds/atom.xml":
                return self._send(200, self._fixture("atom.xml"), "application/atom+xml")
            if path in ("/sitemap_index.xml", "/sitemap-news.xml"):
                return self._send(200, self._fixture(path.lstrip("/")), "application/xml")
            if path == "/listing.html":
                return self._send(200, self._fixture("listing.html"))
            if (
                path.startswith("/news/")
                and (DATA / "site" / path.removeprefix("/news/")).is_file()
            ):
                return self._send(200, self._fixture("site/" + path.removeprefix("/news/")))
            if path.startswith("/news/dong-anh-tang-thu-ngan-sach-100008"):
                body = (DATA / "page-windows-1258.html").read_bytes()
                return self._send(
                    200, body.replace(b"{base}", server_state.base.encode()), "text/html"
                )
            if path.startswith("/retry429/"):
                if count == 1:
                    return self._send(429, b"slow down", headers={"Retry-After": "7"})
                return self._send(200, self._fixture("site/ha-noi-khoi-cong-cau-moi-100002.html"))
            if path.startswith("/flaky500/"):
                if count == 1:
                    return self._send(500, b"oops")
                return self._send(200, self._fixture("site/tin-cu-nam-2020-100003.html"))
            if path.startswith("/always503/"):
                return self._send(503, b"down", headers={"Retry-After": "3600"})
            if path == "/slow":
                time.sleep(1.0)
                return self._send(200, b"<html>late</html>")
            if path == "/loop-a":
                return self._send(302, headers={"Location": "/loop-b"})
            if path == "/loop-b":
                return self._send(302, headers={"Location": "/loop-a"})
            if path == "/to-private":
                return self._send(301, headers={"Location": "/private/bai-noi-bo-100009.html"})
            if path == "/big":  # no Content-Length: the cap must stop the stream itself
                return self._send(200, b"<html><body>" + b"x" * 3_000_000, length=False)
            if path == "/big-declared":
                return self._send(200, b"<p>" + b"x" * 3_000_000)
            if path == "/bomb":
                bomb = gzip.compress(b" " * 50_000_000, compresslevel=9)
                return self._send(200, bomb, headers={"Content-Encoding": "gzip"})
            if path == "/report.pdf":
                return self._send(200, b"%PDF-1.7\n" + b"\x00" * 100, "application/pdf")
            if path.startswith("/etag/"):
                if self.headers.get("If-None-Match") == '"v1"':
                    return self._send(304, headers={"ETag": '"v1"'})
                return self._send(
                    200,
                    self._fixture("site/ha-noi-khoi-cong-cau-moi-100002.html"),
                    headers={"ETag": '"v1"'},
                )
            if path.startswith("/private/"):
                return self._send(500, b"robots.txt was ignored")
            return self._send(404, b"not here")

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    state = Server(base="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    httpd.handle_error = lambda *args: None  # clients hanging up on /slow are expected
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def config(sleeps: list[float]) -> FetchConfig:
    """Tiny timeouts and no waiting: the retry waits are recorded, not slept."""
    return FetchConfig(
        timeout=0.4,
        attempts=2,
        backoff=0.01,
        host_delay=0.0,
        max_bytes=1_000_000,
        workers=4,
        max_retry_after=60,
        sleep=sleeps.append,
    )


@pytest.fixture
def need_shared() -> None:
    if not SHARED_HTML.is_dir():
        pytest.skip(f"shared html fixtures not found at {SHARED_HTML}")


@pytest.fixture
def sites_file(server: Server, tmp_path: Path) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text((DATA / "local_sites.toml").read_text().replace("{base}", server.base))
    return path


def _articles(folder: Path) -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
    }


# --------------------------------------------------------------------------- real pages
def test_fetch_real_page_writes_article_and_raw_archive(
    server: Server, tmp_path: Path, config: FetchConfig, need_shared: None
) -> None:
    url = f"{server.base}/real/{VNEXPRESS_2022}?utm_source=newsletter"
    summary = fetch([url], tmp_path / "out", raw_dir=tmp_path / "raw", config=config)
    assert summary.outcomes == {"written": 1}, summary.errors
    record = json.loads((tmp_path / "out" / "vne-4420519.json").read_text(encoding="utf-8"))
    assert record["title"] == "Công nhân mất việc chật vật lo Tết"
    assert record["published_at"] == "2022-01-25T06:00:00+07:00"
    assert record["authors"] == ["Lê Tuyết"]
    assert record["url"] == "https://vnexpress.net/cong-nhan-mat-viec-chat-vat-lo-tet-4420519.html"
    assert record["fetched_url"] == url
    assert (
        "ensure_ascii" not in record
        and "Tết" in (tmp_path / "out" / "vne-4420519.json").read_text()
    )

    manifest = [
        json.loads(line) for line in (tmp_path / "raw" / "manifest.jsonl").read_text().splitlines()
    ]
    assert len(manifest) == 1
    entry = manifest[0]
    assert entry["url"] == url and entry["status"] == 200
    assert (
        entry["canonical_url"] == canonical_url(url) and "utm_source" not in entry["canonical_url"]
    )
    assert entry["final_url"].startswith(server.base) and entry["fetched_at"]
    assert entry["headers"]["content-type"].startswith("text/html")
    blob = tmp_path / "raw" / entry["blob"]
    assert blob.suffix == ".gz" and not blob.stat().st_mode & 0o222  # compressed, read-only
    assert gzip.decompress(blob.read_bytes()) == (SHARED_HTML / VNEXPRESS_2022).read_bytes()
    assert RawArchive(tmp_path / "raw").lookup(canonical_url(url))["sha256"] == entry["sha256"]


def test_gzip_encoded_gold_page_round_trip(
    server: Server, tmp_path: Path, config: FetchConfig, need_shared: None
) -> None:
    fetch(
        [f"{server.base}/real/{GOLD_GZ}"], tmp_path / "out", raw_dir=tmp_path / "raw", config=config
    )
    gold = json.loads((SHARED_HTML / "fundus-vnexpress" / "VnExpress.json").read_text())["V1"]
    record = json.loads((tmp_path / "out" / "vne-4954454.json").read_text(encoding="utf-8"))
    assert record["paragraphs"] == fundus_body(gold)  # photo captions are not body text
    assert record["authors"] == gold["authors"] and record["title"] == gold["title"]


def test_stored_pages_are_not_fetched_again_unless_refresh(
    server: Server, tmp_path: Path, config: FetchConfig
) -> None:
    url = f"{server.base}/etag/one"
    out, raw = tmp_path / "out", tmp_path / "raw"
    first = fetch([url], out, raw_dir=raw, config=config)
    assert first.outcomes == {"written": 1} and first.downloaded == 1
    written = out / "loc-100002.json"
    if not written.exists():  # without the local adapter the id comes from the host label
        written = next(out.glob("*.json"))
    before = written.stat().st_mtime_ns

    second = fetch([url], out, raw_dir=raw, config=config)  # resume: nothing to download
    assert server.hits["/etag/one"] == 1
    assert second.outcomes == {"already stored": 1} and second.from_archive == 1
    assert written.stat().st_mtime_ns == before

    third = fetch([url], out, raw_dir=raw, config=config, refresh=True)  # conditional request
    assert server.hits["/etag/one"] == 2
    assert server.headers["/etag/one"].get("If-None-Match") == '"v1"'
    assert third.outcomes == {"written": 1} and third.from_archive == 1
    statuses = [
        json.loads(line)["status"] for line in (raw / "manifest.jsonl").read_text().splitlines()
    ]
    assert statuses == [200, 304]


# ------------------------------------------------------------------------------- faults
FAULTS = [
    pytest.param("/private/bai-noi-bo-100009.html", "forbidden by robots.txt", id="robots"),
    pytest.param("/to-private", "forbidden by robots.txt", id="redirect-into-robots"),
    pytest.param("/always503/x", "Retry-After 3600s", id="retry-after-over-cap"),
    pytest.param("/slow", "timed out", id="slow-timeout"),
    pytest.param("/loop-a", "redirect loop", id="redirect-loop"),
    pytest.param("/big", "after decompression", id="oversized-streamed"),
    pytest.param("/big-declared", "cap", id="oversized-declared"),
    pytest.param("/bomb", "after decompression", id="gzip-bomb"),
    pytest.param("/report.pdf", "unsupported content type 'application/pdf'", id="non-html"),
    pytest.param("/missing-page", "HTTP 404", id="not-found"),
]


@pytest.mark.parametrize(("path", "reason"), FAULTS)
def test_each_fault_ends_in_one_clear_log_line(
    server: Server,
    tmp_path: Path,
    config: FetchConfig,
    caplog: pytest.LogCaptureFixture,
    path: str,
    reason: str,
) -> None:
    url = server.base + path
    with caplog.at_level(logging.WARNING, logger="pipeline.scrape"):
        summary = fetch([url], tmp_path / "out", raw_dir=tmp_path / "raw", config=config)
    assert summary.outcomes == {"failed": 1}
    assert len(summary.errors) == 1 and reason in summary.errors[0] and url in summary.errors[0]
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1
    assert url in failures[0].getMessage() and reason in failures[0].getMessage()
    assert "\n" not in failures[0].getMessage()
    assert server.hits["/private/bai-noi-bo-100009.html"] == 0  # never requested, even via redirect


def test_faults_do_not_stop_the_run_or_lose_stored_articles(
    server: Server, tmp_path: Path, config: FetchConfig, sleeps: list[float], sites_file: Path
) -> None:
    out, raw = tmp_path / "out", tmp_path / "raw"
    good = f"{server.base}/news/giai-ngan-von-dau-tu-cong-100001.html"
    fetch([good], out, raw_dir=raw, config=config, sites_file=sites_file)
    stored = (out / "loc-100001.json").read_text(encoding="utf-8")

    urls = [server.base + p.values[0] for p in FAULTS] + [
        f"{server.base}/retry429/run",  # 429 + Retry-After: 7, then 200
        f"{server.base}/flaky500/run",  # 500, then 200
        f"{server.base}/news/dong-anh-tang-thu-ngan-sach-100008.html",  # windows-1258
        good,
    ]
    started = time.perf_counter()
    summary = fetch(urls, out, raw_dir=raw, config=config, sites_file=sites_file)
    assert time.perf_counter() - started < 15
    assert summary.outcomes["failed"] == len(FAULTS)
    assert summary.outcomes["written"] == 3
    assert summary.outcomes["already stored"] == 1
    assert 7.0 in sleeps  # the Retry-After wait was honoured (and recorded, not slept)
    assert server.hits["/retry429/run"] == 2 and server.hits["/flaky500/run"] == 2
    assert (out / "loc-100001.json").read_text(encoding="utf-8") == stored
    cp1258 = json.loads((out / "loc-100008.json").read_text(encoding="utf-8"))
    assert cp1258["title"] == "Huyện Đông Anh tăng thu ngân sách"
    assert "Bí thư Huyện ủy Đông Anh Nguyễn Hữu Đức" in cp1258["text"]


def test_duplicates_by_canonical_url_and_by_text(
    server: Server, tmp_path: Path, config: FetchConfig, sites_file: Path
) -> None:
    base = f"{server.base}/news"
    urls = [
        f"{base}/giai-ngan-von-dau-tu-cong-100001.html",
        f"{base}/giai-ngan-von-dau-tu-cong-100001.html?utm_source=zalo&fbclid=abc#top",
        f"{base}/bai-dang-lai-100004.html",  # the same text under another URL
    ]
    config.workers = 1  # the first URL wins deterministically
    summary = fetch(
        urls, tmp_path / "out", raw_dir=tmp_path / "raw", config=config, sites_file=sites_file
    )
    assert summary.outcomes == {"written": 1, "duplicate": 2}
    assert sorted(_articles(tmp_path / "out")) == ["loc-100001"]


def test_synthetic_article_is_cleaned_by_the_site_adapter(
    server: Server, tmp_path: Path, config: FetchConfig, sites_file: Path
) -> None:
    fetch(
        [f"{server.base}/news/giai-ngan-von-dau-tu-cong-100001.html"],
        tmp_path / "out",
        raw_dir=tmp_path / "raw",
        config=config,
        sites_file=sites_file,
    )
    record = _articles(tmp_path / "out")["loc-100001"]
    assert record["sapo"].startswith("Năm 2025, quận Hoàng Mai")  # "(TTĐT) - " stripped
    assert record["authors"] == ["Minh Anh"]
    assert record["category"] == "Thời sự"
    assert record["paragraphs"] == [
        "Theo Chủ tịch UBND quận Hoàng Mai Nguyễn Văn An, tổng vốn đầu tư công năm 2025 của quận "
        "là 1.250 tỷ đồng.",
        "Quận sẽ hoàn thành 12 dự án trường học trước tháng 9/2025, trong đó có 3 trường mầm non.",
    ]  # the photo caption ("... phường Yên Sở.") is not body text
    for noise in (
        "Quảng cáo",
        "Tin liên quan",
        "Xem thêm",
        "Chia sẻ",
        "Nguồn:",
        "phiên bản mobile",
        "Hà Nội khởi công 5 cây cầu",
    ):
        assert noise not in record["text"]


# ------------------------------------------------------------------------------ discovery
def test_discovery_from_rss_atom_sitemap_index_and_listing(
    server: Server, config: FetchConfig, sites_file: Path
) -> None:
    site = load_sites(sites_file).get("local")
    with PoliteClient(config) as client:
        rss = from_feed(client, f"{server.base}/feeds/rss.xml", site)
        atom = from_feed(client, f"{server.base}/feeds/atom.xml", site)
        sitemap = from_sitemap(client, f"{server.base}/sitemap_index.xml", site)
        listing = from_listing(client, f"{server.base}/listing.html", site)
        recent = from_feed(client, f"{server.base}/feeds/rss.xml", site, since=date(2025, 1, 1))
        assert client.robots_sitemaps(server.base) == []
    paths = lambda found: sorted(urlsplit(c.url).path.rsplit("-", 1)[-1] for c in found)  # noqa: E731
    assert paths(rss) == ["100001.html", "100002.html", "100003.html", "100009.html"]
    assert paths(atom) == ["100002.html", "100004.html"]
    assert paths(sitemap) == ["100001.html", "100003.html"]  # the section page is not an article
    assert paths(listing) == ["100001.html", "100002.html", "100002.html"]  # no external links
    assert paths(recent) == ["100001.html", "100002.html", "100009.html"]
    assert all(c.published is not None for c in rss)


def test_scrape_site_end_to_end(
    server: Server,
    tmp_path: Path,
    config: FetchConfig,
    sites_file: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    out, raw = tmp_path / "out", tmp_path / "raw"
    config.workers = 1  # newest first, so which of two same-text articles wins is fixed
    with caplog.at_level(logging.WARNING, logger="pipeline.scrape"):
        summary = scrape(
            "local", date(2025, 1, 1), None, out, raw, config=config, sites_file=sites_file
        )
    assert summary.sites == ["local"]
    assert summary.discovered == 4  # 100001, 100002, 100004 and the robots-forbidden 100009
    assert summary.queued == 3  # 100003 is too old for --since; 100009 is forbidden by robots
    assert summary.fetch.outcomes == {"written": 2, "duplicate": 1}
    assert sorted(_articles(out)) == ["loc-100002", "loc-100004"]  # 100001 repeats 100004's text
    assert "feeds/missing.xml" in caplog.text  # a broken start point is logged, discovery goes on
    assert server.hits["/private/bai-noi-bo-100009.html"] == 0

    again = scrape("local", None, 1, out, raw, config=config, sites_file=sites_file)
    assert again.queued == 1  # only the old article was never stored; the rest is skipped
    assert again.fetch.outcomes == {"written": 1}
    assert sorted(_articles(out)) == ["loc-100002", "loc-100003", "loc-100004"]


# ------------------------------------------------------------------------------ CLI
def test_cli_fetch_then_ingest(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], need_shared: None
) -> None:
    from pipeline.cli import main
    from pipeline.ingest import read_articles

    out = tmp_path / "articles"
    url = f"{server.base}/real/tienphong_pnj-kiem-dinh-kim-cuong-post1860261.html"
    code = main(
        [
            "fetch",
            url,
            "--out",
            str(out),
            "--raw",
            str(tmp_path / "raw"),
            "--delay",
            "0",
            "--no-progress",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert printed.count("\n") == 1 and "1 written" in printed
    record = json.loads((out / "tp-1860261.json").read_text(encoding="utf-8"))
    assert record["title"] == "PNJ sẽ thuê đơn vị quốc tế kiểm định độc lập về kim cương"
    articles = list(read_articles([out]))
    assert [a.article_id for a in articles] == ["tp-1860261"]
    assert articles[0].title == record["title"]
    assert articles[0].paragraphs[0] == record["sapo"]


def test_cli_scrape_rejects_unknown_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    code = main(
        ["scrape", "--site", "no-such-site", "--out", str(tmp_path), "--raw", str(tmp_path)]
    )
    assert code == 2
    assert "unknown site 'no-such-site'" in capsys.readouterr().err


def test_user_agent_and_per_host_delay(
    server: Server, tmp_path: Path, config: FetchConfig, sleeps: list[float]
) -> None:
    config.host_delay, config.workers = 5.0, 1
    urls = [f"{server.base}/news/ha-noi-khoi-cong-cau-moi-100002.html", f"{server.base}/etag/ua"]
    summary = fetch(
        urls,
        tmp_path / "out",
        raw_dir=tmp_path / "raw",
        config=config,
        user_agent="vn-news-test/1.0",
    )
    assert summary.failed == 0
    assert server.headers["/etag/ua"]["User-Agent"] == "vn-news-test/1.0"
    # robots.txt, then two pages: each request waits its turn, 5 s after the previous one
    waits = sorted(s for s in sleeps if s > 1)
    assert len(waits) == 2
    assert 4 < waits[0] <= 5 and 9 < waits[1] <= 10


def test_scrape_dry_run_lists_urls_and_fetches_no_article(
    server: Server, tmp_path: Path, config: FetchConfig, sites_file: Path
) -> None:
    out, raw = tmp_path / "out", tmp_path / "raw"
    before = dict(server.hits)
    summary = scrape(
        "local", date(2025, 1, 1), None, out, raw, config=config, sites_file=sites_file,
        dry_run=True,
    )  # fmt: skip
    assert summary.queued == 3 and len(summary.urls) == 3
    assert summary.fetch.outcomes == {}
    assert not out.exists() or not list(out.iterdir())
    paths = [url.removeprefix(server.base) for url in summary.urls]
    assert [server.hits.get(p, 0) - before.get(p, 0) for p in paths] == [0, 0, 0]
    assert "would be fetched; nothing fetched" in str(summary)


def test_cli_fetch_reads_urls_from_a_file(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], need_shared: None
) -> None:
    from pipeline.cli import main

    urls = tmp_path / "urls.txt"
    url = f"{server.base}/real/tienphong_pnj-kiem-dinh-kim-cuong-post1860261.html"
    urls.write_text(f"# one article\n\n{url}\n", encoding="utf-8")
    out = tmp_path / "articles"
    args = ["fetch", "-i", str(urls), "--out", str(out), "--raw", str(tmp_path / "raw"),
            "--delay", "0", "--no-progress"]  # fmt: skip
    assert main(args) == 0
    assert (out / "tp-1860261.json").exists()
    assert "1 written" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [(["fetch"], "no URL given"), (["fetch", "-i", "/no/such/urls.txt"], "cannot read URLs")],
    ids=["nothing-to-fetch", "missing-input-file"],
)
def test_cli_fetch_without_urls_is_a_usage_error(args, message, capsys) -> None:
    from pipeline.cli import main

    assert main(args) == 2
    assert message in capsys.readouterr().err
