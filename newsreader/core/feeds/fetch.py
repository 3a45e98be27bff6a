"""Fetching feeds and pages over HTTP(S) with httpx: careful about everything it is sent.

Only http and https addresses are fetched, each redirect hop checked again (a loop or
more than ``MAX_REDIRECTS`` hops is an error). Each network operation has a timeout and
the whole fetch a deadline; the body is read as a stream and refused as soon as it
passes the size cap (counted after gzip/deflate decoding, so a compression bomb stops
there too). Conditional GET: pass the ETag and Last-Modified from the last fetch and a
``304 Not Modified`` comes back as ``Fetched.not_modified``. Every failure is a
``FetchError``: one line naming the address and the problem.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newsreader import __version__
from newsreader.core.errors import InputError
from newsreader.core.ingest.fields import clean_line
from newsreader.core.ingest.textfile import MAX_BYTES
from newsreader.core.sanitize import visible

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "FEED_ACCEPT",
    "PAGE_ACCEPT",
    "FetchError",
    "Fetched",
    "check_url",
    "make_client",
    "fetch",
]

DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
USER_AGENT = f"newsreader/{__version__} (terminal newsreader; feed reader)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(InputError):
    """A fetch that failed: timeout, HTTP error, refused address, too big, ..."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # where the body came from, after redirects
    status: int  # 200 (or another 2xx), or 304
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    """``url`` stripped, if it is an http(s) address with a host; else ``InputError``."""
    url = (url or "").strip()
    shown = visible(url if len(url) <= 200 else url[:199] + "…")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InputError(shown or "''", "not a valid address") from None
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"{parts.scheme}: addresses" if parts.scheme else "addresses without http:// or https://"
        raise InputError(shown or "''", f"only http and https addresses can be fetched, not {scheme}")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise InputError(shown, "not a valid address (bad port)") from None
    if not host:
        raise InputError(shown, "not a valid address (no host)")
    if any(c.isspace() for c in url) or visible(url) != url:  # C0, C1 and bidi controls too
        raise InputError(shown, "not a valid address (spaces or control characters)")
    return url


def make_client(timeout: float = DEFAULT_TIMEOUT, *, max_connections: int = 8):
    """An httpx client for ``fetch``: no automatic redirects, a timeout on every operation."""
    import httpx

    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    )


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"


def fetch(
    url: str,
    *,
    client=None,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    accept: str = FEED_ACCEPT,
) -> Fetched:
    """GET ``url``; raises ``FetchError``. A 304 comes back with ``not_modified`` set."""
    import httpx

    original = check_url(url)
    try:
        httpx.URL(original)
    except httpx.InvalidURL as exc:
        raise InputError(original, f"not a valid address ({_reason(exc)})") from None
    own_client = client is None
    if own_client:
        client = make_client(timeout)
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + max(timeout * 3, timeout + 5)
    seen = {original}
    current = original
    try:
        for _hop in range(max_redirects + 1):
            try:
                with client.stream("GET", current, headers=headers, timeout=timeout) as response:
                    status = response.status_code
                    if status in _REDIRECTS:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(original, f"HTTP {status} redirect without a Location")
                        try:
                            target = urljoin(current, location.strip())
                        except ValueError:
                            raise FetchError(original, "redirect to an invalid address") from None
                        try:
                            target = check_url(target)
                        except InputError as exc:
                            raise FetchError(original, f"redirect refused: {exc.problem}") from None
                        if target in seen:
                            raise FetchError(original, "redirect loop")
                        seen.add(target)
                        current = target
                        continue
                    if status == 304:
                        return Fetched(current, 304, b"", response.headers.get("etag") or etag,
                                       response.headers.get("last-modified") or last_modified)
                    if status >= 400 or status < 200:
                        reason = clean_line(response.reason_phrase or "")[:60]
                        raise FetchError(original, f"HTTP {status} {reason}".rstrip())
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(original, f"response is {_size(int(declared))}, over the "
                                                   f"{_size(max_bytes)} limit")
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in response.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise FetchError(original, f"response over the {_size(max_bytes)} limit")
                        if time.monotonic() > deadline:
                            raise FetchError(original, f"timed out (slower than {timeout:g} s per step)")
                        chunks.append(chunk)
                    return Fetched(
                        current,
                        status,
                        b"".join(chunks),
                        response.headers.get("etag"),
                        response.headers.get("last-modified"),
                        response.headers.get("content-type"),
                    )
            except FetchError:
                raise
            except httpx.TimeoutException:
                raise FetchError(original, f"timed out after {timeout:g} s") from None
            except httpx.ConnectError as exc:
                raise FetchError(original, f"cannot connect ({_reason(exc)})") from None
            except httpx.InvalidURL:
                # httpx reads a redirect's Location before we see it, and gives up on one like
                # "javascript:..." or "data:..." (a scheme without a host).
                raise FetchError(original, "redirect refused: not an http or https address") from None
            except httpx.DecodingError:
                raise FetchError(original, "response could not be decompressed") from None
            except httpx.HTTPError as exc:
                raise FetchError(original, f"network error: {type(exc).__name__} ({_reason(exc)})") from None
            except (OSError, ValueError) as exc:
                raise FetchError(original, f"network error: {type(exc).__name__}") from None
        raise FetchError(original, f"more than {max_redirects} redirects")
    finally:
        if own_client:
            client.close()


def _reason(exc: Exception) -> str:
    text = clean_line(str(exc))
    return (text[:100] + "…") if len(text) > 100 else (text or type(exc).__name__)
