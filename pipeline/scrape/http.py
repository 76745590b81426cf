"""Polite HTTP fetching: robots.txt, per-host delay and concurrency, retries, caps.

`PoliteClient.get(url)` returns a `Response` or raises `FetchError` with a one-line reason. It
wraps one `httpx.Client` (connection pooling, HTTP/1.1, gzip/deflate decoding) and adds, per
request hop:

* robots.txt, fetched once per host and parsed by protego (its Crawl-delay is honoured);
* a per-host semaphore (concurrency limit) and a minimum delay between requests to a host;
* retries with exponential backoff (tenacity) on 429/5xx, timeouts and connection errors,
  waiting at least the server's Retry-After (seconds or HTTP date) when it sends one;
* redirects followed by hand, up to `max_redirects`, each hop checked against robots.txt,
  loops detected;
* a cap on the body *after* decompression, so a gzip bomb is stopped after `max_bytes`;
* a content-type allow-list checked before the body is read;
* conditional requests (If-None-Match / If-Modified-Since) when the caller has validators.
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from pipeline.io import first_line
from pipeline.scrape.errors import FetchError
from pipeline.scrape.sites import load_sites
from pipeline.scrape.urls import host_of

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
    "application/rdf+xml", "text/plain", "application/x-gzip", "application/gzip",
    "application/octet-stream", "text/html",
)  # fmt: skip
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass
class FetchConfig:
    """Knobs of the polite client; tests shrink the times, users may slow it down further."""

    user_agent: str | None = None  # default: [defaults].user_agent of sites.toml
    timeout: float = 20.0  # seconds per read/write; connect gets min(timeout, 10)
    max_redirects: int = 5
    max_bytes: int = 10_000_000  # body cap after decompression
    attempts: int = 4  # first try + retries
    backoff: float = 1.0  # first retry wait (doubles each time, with jitter)
    max_backoff: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After gives up on the URL instead
    host_delay: float = 1.0  # minimum seconds between two requests to one host
    host_concurrency: int = 2  # simultaneous requests to one host
    max_crawl_delay: float = 30.0  # cap on robots.txt Crawl-delay
    # Seconds one request may take in all, headers and body: `timeout` bounds each read, so a
    # server dripping a byte every few seconds would otherwise hold a request for hours.
    deadline: float = 60.0
    # Seconds a scrape may spend on one host (requests and waits); then its URLs are skipped.
    host_budget: float = 1800.0
    respect_robots: bool = True
    workers: int = 4  # threads fetching different URLs at once
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


@dataclass
class Response:
    """What a fetch returns: the body after decompression plus what the manifest records."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: str
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class _Retryable(Exception):
    """A response worth retrying (429/5xx), carrying its Retry-After in seconds if any."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class _HostGate:
    """Per-host politeness: at most `concurrency` requests in flight, `delay` seconds apart.

    `next_time` also carries a Retry-After: one server asking to wait holds back every
    request to that host, not only the URL that got the answer. `spent` counts the seconds
    used on the host, against `FetchConfig.host_budget`.
    """

    def __init__(self, concurrency: int) -> None:
        self.semaphore = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_time = 0.0
        self.spent = 0.0


class DeadlinePassed(Exception):
    """A request ran past its total deadline (`FetchConfig.deadline`)."""


_deadline = threading.local()  # `.end`: monotonic time the current thread's request must end


def _remaining(timeout: float | None) -> float | None:
    """A socket timeout no longer than what is left of the thread's request deadline."""
    end = getattr(_deadline, "end", None)
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlinePassed
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write stops at the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self.inner.read(max_bytes, _remaining(timeout))
        except httpcore.ReadTimeout:
            _remaining(None)  # raises DeadlinePassed when that is why the read timed out
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(
            self.inner.start_tls(ssl_context, server_hostname, _remaining(timeout))
        )

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket layer, with `_DeadlineStream`s: the only place a total deadline can
    reach the headers' reads too."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self.inner.connect_tcp(
            host, port, _remaining(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _DeadlineStream(
            self.inner.connect_unix_socket(path, _remaining(timeout), socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _deadline_transport() -> httpx.BaseTransport:
    """httpx's own transport with deadline-aware sockets (plain httpx if its layout differs)."""
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None:
        pool._network_backend = _DeadlineBackend(backend)
    else:  # a future httpx: the body's deadline is still checked chunk by chunk
        log.debug("httpx transport layout unknown; deadlines checked between chunks only")
    return transport


class PoliteClient:
    """A thread-safe, polite HTTP client; see the module docstring."""

    def __init__(
        self, config: FetchConfig | None = None, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.config = config or FetchConfig()
        self.user_agent = self.config.user_agent or load_sites().defaults.user_agent
        timeout = httpx.Timeout(self.config.timeout, connect=min(self.config.timeout, 10.0))
        if transport is None:
            transport = _deadline_transport()
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={
                "User-Agent": self.user_agent,
                "Accept-Language": "vi,en;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
            transport=transport,
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        #: host -> why it could not be reached at all (robots.txt never answered).
        self.unreachable: dict[str, str] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------- robots
    def _robots_for(self, host: str) -> Protego | None:
        """Parsed robots.txt of a host (None: everything allowed), fetched once per run."""
        with self._lock:
            if host in self._robots:
                return self._robots[host]
            lock = self._robots_locks.setdefault(host, threading.Lock())
        with lock:
            with self._lock:
                if host in self._robots:
                    return self._robots[host]
            robots = self._fetch_robots(host)
            with self._lock:
                self._robots[host] = robots
            return robots

    def _fetch_robots(self, host: str) -> Protego | None:
        url = f"{host}/robots.txt"
        disallow_all = Protego.parse("User-agent: *\nDisallow: /")
        try:
            for _hop in range(self.config.max_redirects + 1):
                response = self._request_once(url, None, ("text/plain",), check_type=False)
                location = response.headers.get("location")
                if response.status not in REDIRECT_STATUSES or not location:
                    break
                url = urljoin(url, location)
        except _Retryable as error:
            # RFC 9309: an unreachable robots.txt (5xx, 429) means "disallow everything".
            log.warning("robots.txt gave HTTP %s, not crawling %s", error.status, host)
            return disallow_all
        except (httpx.TransportError, httpx.TimeoutException) as error:
            # No answer at all: the host (or the network) is down. Say so, not "robots.txt".
            self.unreachable[host] = _describe(error)
            log.warning("cannot reach %s: %s", host, _describe(error))
            return disallow_all
        except FetchError as error:
            if "in all" in error.reason or "budget" in error.reason:
                self.unreachable[host] = error.reason
                log.warning("cannot reach %s: %s", host, error.reason)
            else:
                log.warning("robots.txt unusable, not crawling %s: %s", host, error.reason)
            return disallow_all
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            log.warning("robots.txt unreachable, not crawling %s: %s", host, _describe(error))
            return disallow_all
        if response.status >= 400:
            return None  # no robots.txt (4xx): everything is allowed
        return Protego.parse(response.content.decode("utf-8", errors="replace"))

    def allowed(self, url: str) -> bool:
        """Does robots.txt let our user agent fetch `url`?"""
        if not self.config.respect_robots:
            return True
        robots = self._robots_for(host_of(url))
        return robots is None or robots.can_fetch(url, self.user_agent)

    def robots_sitemaps(self, url: str) -> list[str]:
        """Sitemaps declared in the robots.txt of the host of `url`."""
        robots = self._robots_for(host_of(url))
        return list(robots.sitemaps) if robots is not None else []

    def _delay_for(self, host: str) -> float:
        delay = self.config.host_delay
        if self.config.respect_robots:
            robots = self._robots.get(host)
            if robots is not None:
                crawl_delay = robots.crawl_delay(self.user_agent)
                if crawl_delay:
                    delay = max(delay, min(float(crawl_delay), self.config.max_crawl_delay))
        return delay

    # ------------------------------------------------------------------------- politeness
    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.config.host_concurrency)
            return gate

    def _wait_turn(self, gate: _HostGate, delay: float) -> None:
        with gate.lock:
            now = time.monotonic()
            wait = gate.next_time - now
            gate.next_time = max(now, gate.next_time) + delay
        if wait > 0:
            self.config.sleep(wait)

    # ----------------------------------------------------------------------------- fetch
    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[str, ...] = HTML_TYPES,
    ) -> Response:
        """Fetch `url` politely; raise `FetchError` with a one-line reason on any fault."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = {url}
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if not self.allowed(current):
                if reason := self.unreachable.get(host_of(current)):
                    raise FetchError(
                        url, f"network error: cannot reach {host_of(current)} ({reason})"
                    )
                raise FetchError(url, f"forbidden by robots.txt ({current})")
            response = self._with_retries(current, headers, accept)
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {response.status} redirect without Location")
                target = urljoin(current, location)
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(url, f"redirect to unsupported URL {target}")
                if target in seen:
                    raise FetchError(url, f"redirect loop ({current} -> {target})")
                seen.add(target)
                current = target
                continue
            response.url = url
            if response.status == 304:
                response.not_modified = True
                return response
            if response.status >= 400:
                raise FetchError(url, f"HTTP {response.status}")
            return response
        raise FetchError(url, f"more than {self.config.max_redirects} redirects")

    def _with_retries(self, url: str, headers: dict[str, str], accept: tuple[str, ...]) -> Response:
        config = self.config

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            backoff = min(config.max_backoff, config.backoff * 2 ** (state.attempt_number - 1))
            backoff *= 1 + random.uniform(0, 0.25)  # jitter, so threads do not retry in step
            if isinstance(error, _Retryable) and error.retry_after is not None:
                # The whole host is asked to wait, not only this URL.
                gate = self._gate(host_of(url))
                with gate.lock:
                    gate.next_time = max(gate.next_time, time.monotonic() + error.retry_after)
                return max(error.retry_after, 0.0)
            return backoff

        def before_sleep(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            seconds = state.next_action.sleep if state.next_action else 0
            log.info(
                "retrying %s in %.1fs after %s (attempt %d/%d)",
                url,
                seconds,
                _describe(error),
                state.attempt_number,
                config.attempts,
            )

        def retryable(error: BaseException) -> bool:
            if isinstance(error, _Retryable):
                if error.retry_after is not None and error.retry_after > config.max_retry_after:
                    return False
                return True
            return isinstance(error, httpx.TimeoutException | httpx.TransportError)

        retrying = Retrying(
            stop=stop_after_attempt(max(1, config.attempts)),
            wait=wait,
            retry=retry_if_exception(retryable),
            sleep=config.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            return retrying(self._request_once, url, headers, accept)
        except _Retryable as error:
            if error.retry_after is not None and error.retry_after > config.max_retry_after:
                raise FetchError(
                    url,
                    f"HTTP {error.status} with Retry-After {error.retry_after:.0f}s "
                    f"(over the {config.max_retry_after:.0f}s cap); gave up",
                ) from None
            raise FetchError(url, f"HTTP {error.status} after {config.attempts} attempts") from None
        except httpx.TimeoutException:
            raise FetchError(
                url, f"timed out (>{config.timeout:g}s) after {config.attempts} attempts"
            ) from None
        except httpx.TransportError as error:
            raise FetchError(url, f"{_describe(error)} after {config.attempts} attempts") from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:  # decoding errors, bad URLs
            raise FetchError(url, _describe(error)) from None

    def _request_once(
        self,
        url: str,
        headers: dict[str, str] | None,
        accept: tuple[str, ...],
        check_type: bool = True,
    ) -> Response:
        """One HTTP request (one hop, one attempt) under the host's gate."""
        host = host_of(url)
        gate = self._gate(host)
        if gate.spent > self.config.host_budget:
            raise FetchError(
                url, f"the {self.config.host_budget:g}s budget for {host} is spent; skipped"
            )
        started = time.monotonic()
        try:
            with gate.semaphore:
                self._wait_turn(gate, self._delay_for(host))
                _deadline.end = time.monotonic() + self.config.deadline
                return self._stream(url, headers, accept, check_type)
        except DeadlinePassed:
            raise FetchError(
                url, f"took more than {self.config.deadline:g}s in all (a slow server); aborted"
            ) from None
        finally:
            _deadline.end = None
            with gate.lock:
                gate.spent += time.monotonic() - started

    def _stream(
        self,
        url: str,
        headers: dict[str, str] | None,
        accept: tuple[str, ...],
        check_type: bool,
    ) -> Response:
        """The request itself, under the gate and the deadline set by `_request_once`."""
        request_headers = dict(headers or {})
        request_headers["Accept"] = ", ".join(t for t in accept if t) + ", */*;q=0.1"
        with self._client.stream("GET", url, headers=request_headers) as response:
            status = response.status_code
            if status in RETRY_STATUSES:
                raise _Retryable(status, parse_retry_after(response.headers.get("retry-after")))
            if status in REDIRECT_STATUSES or status == 304 or status >= 400:
                return self._response(url, response, b"")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if check_type and content_type and not any(content_type == t for t in accept):
                raise FetchError(url, f"unsupported content type {content_type!r}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.config.max_bytes:
                raise FetchError(
                    url,
                    f"body of {int(declared):,} bytes over the {self.config.max_bytes:,}-byte cap",
                )
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                _remaining(None)  # a transport without deadline sockets: check here
                total += len(chunk)
                if total > self.config.max_bytes:
                    raise FetchError(
                        url,
                        f"body over the {self.config.max_bytes:,}-byte cap "
                        "after decompression; aborted",
                    )
                chunks.append(chunk)
            return self._response(url, response, b"".join(chunks))

    @staticmethod
    def _response(url: str, response: httpx.Response, content: bytes) -> Response:
        return Response(
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=content,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "an error"
    if isinstance(error, httpx.TimeoutException):
        return "a timeout"
    if isinstance(error, _Retryable):
        return f"HTTP {error.status}"
    text = first_line(error, "")
    return f"{type(error).__name__}{': ' + text if text else ''}"
