"""The raw archive: every fetched response kept immutably, compressed, with a manifest.

Layout under `raw_dir` (default `corpus/raw/`):

    manifest.jsonl             one line per fetch: url, canonical_url, final_url, status,
                               headers, fetched_at, sha256, size, blob (path of the body)
    blobs/<aa>/<sha256>.gz     the body, gzip-compressed, named by the SHA-256 of its bytes

Blobs are content-addressed and written once (temp file + atomic rename, then made read-only),
so a re-fetch of an unchanged page stores nothing new and nothing stored is ever overwritten.
The manifest is append-only: a crash loses at most the line being written, and `lookup` reads
the latest good entry per canonical URL, which is what makes runs resumable.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import threading
from pathlib import Path
from typing import Any

from pipeline.io import atomic_path
from pipeline.scrape.http import Response

log = logging.getLogger(__name__)

MANIFEST = "manifest.jsonl"
# Response headers worth keeping (the rest is cookies, CDN noise and tracking).
KEEP_HEADERS = (
    "content-type", "content-length", "content-encoding", "etag", "last-modified", "date",
    "cache-control", "expires", "server", "retry-after", "location",
)  # fmt: skip


class RawArchive:
    """Append-only store of raw responses; thread-safe within one process."""

    def __init__(self, raw_dir: Path | str) -> None:
        self.root = Path(raw_dir)
        self.root.mkdir(parents=True, exist_ok=True)
        self.manifest = self.root / MANIFEST
        self._lock = threading.Lock()
        self._latest: dict[str, dict[str, Any]] = {}
        self._load()

    def _load(self) -> None:
        if not self.manifest.exists():
            return
        with self.manifest.open("r", encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    log.warning("%s:%d: unreadable manifest line skipped", self.manifest, number)
                    continue
                key = entry.get("canonical_url") or entry.get("url")
                if key and entry.get("blob"):
                    self._latest[key] = entry

    def lookup(self, canonical_url: str) -> dict[str, Any] | None:
        """The latest stored (bodied) entry for a canonical URL whose blob is on disk."""
        entry = self._latest.get(canonical_url)
        if entry and (self.root / entry["blob"]).exists():
            return entry
        return None

    def read(self, entry: dict[str, Any]) -> bytes:
        """The body of an entry, checked against its SHA-256."""
        data = gzip.decompress((self.root / entry["blob"]).read_bytes())
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            raise OSError(f"raw blob {entry['blob']} does not match its sha256")
        return data

    def store(
        self, response: Response, canonical_url: str, note: str | None = None
    ) -> dict[str, Any]:
        """Keep a response (its body as a blob) and append its manifest line."""
        entry: dict[str, Any] = {
            "url": response.url,
            "canonical_url": canonical_url,
            "final_url": response.final_url,
            "status": response.status,
            "headers": {k: v for k, v in response.headers.items() if k in KEEP_HEADERS},
            "fetched_at": response.fetched_at,
            "sha256": None,
            "size": len(response.content),
            "blob": None,
        }
        if note:
            entry["note"] = note
        if response.content:
            digest = hashlib.sha256(response.content).hexdigest()
            entry["sha256"] = digest
            entry["blob"] = self._write_blob(digest, response.content)
        self._append(entry)
        return entry

    def record(self, entry: dict[str, Any]) -> None:
        """Append an entry for a response answered from an earlier blob (e.g. a 304)."""
        self._append(entry)

    def _write_blob(self, digest: str, content: bytes) -> str:
        relative = Path("blobs") / digest[:2] / f"{digest}.gz"
        path = self.root / relative
        if path.exists():
            return relative.as_posix()
        with atomic_path(path, prefix=".tmp-", suffix=".gz", permissions=0o444) as tmp:
            tmp.write_bytes(gzip.compress(content, compresslevel=6, mtime=0))
        return relative.as_posix()

    def _append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            with self.manifest.open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
            key = entry.get("canonical_url") or entry.get("url")
            if key and entry.get("blob"):
                self._latest[key] = entry
