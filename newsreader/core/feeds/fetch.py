"""Fetching feeds and pages over HTTP(S) with httpx: careful about everything it is sent.

Only http and https addresses are fetched, each redirect hop checked again (a loop or
more than ``MAX_REDIRECTS`` hops is an error). Each network operation has a timeout (the
"step" timeout) and the whole fetch a deadline (``fetch_deadline``: 3 × the timeout, at
least the timeout + 5 s) that holds over connecting, the TLS handshake, sending, the
headers and the body alike: clients from ``make_client`` read through a network backend
that cuts every wait at the deadline, so a server that sends its headers one byte at a
time stops there too. The same backend looks at ``cancelled`` at least every
``POLL`` seconds while it waits, so a fetch can be stopped from another thread.

The body is read raw and decoded here, layer by layer (``Content-Encoding: gzip, gzip``
is two layers, at most ``MAX_ENCODINGS``), each as a stream: no layer may give more than
the size cap, so a compression bomb, single or nested, stops at the cap having held at
most the cap in memory. Conditional GET: pass the ETag and Last-Modified from the last
fetch and a ``304 Not Modified`` comes back as ``Fetched.not_modified``; a validator that
is not plain printable ASCII (sent or received) is dropped with a warning in
``Fetched.warnings`` rather than sent or kept. Every failure is a ``FetchError``: one line
naming the address and the problem, and a timeout says which limit fired.
"""

from __future__ import annotations

import functools
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newsreader import __version__
from newsreader.core.errors import InputError
from newsreader.core.ingest.fields import clean_line
from newsreader.core.ingest.textfile import MAX_BYTES
from newsreader.core.sanitize import visible

__all__ = [
    "DEFAULT_TIMEOUT",
    "FEED_ACCEPT",
    "MAX_ENCODINGS",
    "MAX_REDIRECTS",
    "PAGE_ACCEPT",
    "FetchCancelled",
    "FetchError",
    "Fetched",
    "check_url",
    "fetch",
    "fetch_deadline",
    "make_client",
    "valid_validator",
]

DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
MAX_ENCODINGS = 3  # "gzip, gzip, gzip" at most; more is refused
POLL = 0.25  # seconds: a wait on the network looks at the deadline and ``cancelled`` this often
MAX_VALIDATOR = 512  # characters in an ETag or Last-Modified that is kept and sent back
USER_AGENT = f"newsreader/{__version__} (terminal newsreader; feed reader)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
ACCEPT_ENCODING = "gzip, deflate"  # the encodings decoded here (never br or zstd, whatever is installed)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_OUT = 64 * 1024  # bytes a decoding layer gives at a time
_UNREAD = frozenset({"br", "zstd", "compress", "x-compress"})  # known, not decoded here: an error


class FetchError(InputError):
    """A fetch that failed: timeout, HTTP error, refused address, too big, ..."""


class FetchCancelled(FetchError):
    """The fetch was stopped by its ``cancelled`` callable (the app quits, a refresh gave up)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # where the body came from, after redirects
    status: int  # 200 (or another 2xx), or 304
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    warnings: tuple[str, ...] = ()  # validators dropped (not plain ASCII), one line each

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch_deadline(timeout: float) -> float:
    """Seconds a whole fetch may take, redirects and body included, for a ``timeout`` per step."""
    return max(timeout * 3, timeout + 5)


def _deadline_problem(timeout: float) -> str:
    limit = fetch_deadline(timeout)
    why = f"3 × the {timeout:g} s step timeout" if limit == timeout * 3 else f"the {timeout:g} s step timeout + 5 s"
    return f"timed out: the whole fetch took over {limit:g} s (its deadline: {why})"


def valid_validator(value: object) -> bool:
    """An ETag or Last-Modified that can be kept and sent back: printable ASCII, not too long."""
    return (isinstance(value, str) and 0 < len(value) <= MAX_VALIDATOR and value.isascii()
            and value.isprintable() and value.strip() == value)


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return visible(text if len(text) <= 40 else text[:39] + "…")


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


# -- the deadline and cancellation, below httpx ---------------------------------------------
#
# httpx has a timeout per operation only: a read that gets one byte every 2 s never times out
# at 5 s, and a response's headers are read before ``fetch`` sees anything. So the clients
# made here read and write through a governed stream, which cuts every wait at the deadline of
# the fetch running in that thread (httpx does a request's I/O in the thread that sends it) and
# looks at its ``cancelled`` every ``POLL`` seconds.


class _Stop(Exception):
    """Raised inside httpx by the governed backend; ``fetch`` turns it into a FetchError."""

    def __init__(self, problem: str, cancelled: bool = False) -> None:
        super().__init__(problem)
        self.problem, self.cancelled = problem, cancelled


@dataclass(slots=True)
class _Budget:
    deadline: float  # time.monotonic() by which the whole fetch must be done
    timeout: float  # the step timeout, for the message
    cancelled: Callable[[], bool] | None

    def check(self) -> float:
        """Seconds left; raises ``_Stop`` when cancelled or past the deadline."""
        if self.cancelled is not None and self.cancelled():
            raise _Stop("cancelled", cancelled=True)
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Stop(_deadline_problem(self.timeout))
        return left


_local = threading.local()


def _budget() -> _Budget | None:
    return getattr(_local, "budget", None)


def _bounded(timeout: float | None, left: float) -> tuple[float, bool]:
    """The timeout to use for one operation, and whether the deadline is what bounds it."""
    return (left, True) if timeout is None or left < timeout else (timeout, False)


@functools.cache
def _governed_types():
    """The governed stream and backend classes (made once, when httpcore is first needed)."""
    import httpcore

    class GovernedStream(httpcore.NetworkStream):
        def __init__(self, stream) -> None:
            self._inner = stream

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            budget = _budget()
            if budget is None:
                return self._inner.read(max_bytes, timeout)
            step_end = None if timeout is None else time.monotonic() + timeout
            while True:
                wait = min(POLL, budget.check())
                if step_end is not None:
                    step_left = step_end - time.monotonic()
                    if step_left <= 0:
                        raise httpcore.ReadTimeout("timed out")
                    wait = min(wait, step_left)
                try:
                    return self._inner.read(max_bytes, wait)
                except httpcore.ReadTimeout:
                    continue  # the next turn says which limit it was, if one was reached

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            budget = _budget()
            if budget is None:
                return self._inner.write(buffer, timeout)
            bound, by_deadline = _bounded(timeout, budget.check())
            try:
                self._inner.write(buffer, bound)
            except httpcore.WriteTimeout:
                if by_deadline:
                    raise _Stop(_deadline_problem(budget.timeout)) from None
                raise

        def close(self) -> None:
            self._inner.close()

        def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
            budget = _budget()
            if budget is None:
                return GovernedStream(self._inner.start_tls(ssl_context, server_hostname, timeout))
            bound, by_deadline = _bounded(timeout, budget.check())
            try:
                return GovernedStream(self._inner.start_tls(ssl_context, server_hostname, bound))
            except httpcore.ConnectTimeout:
                if by_deadline:
                    raise _Stop(_deadline_problem(budget.timeout)) from None
                raise

        def get_extra_info(self, info: str):
            return self._inner.get_extra_info(info)

    class GovernedBackend(httpcore.NetworkBackend):
        governed = True

        def __init__(self, inner) -> None:
            self._inner = inner

        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            budget = _budget()
            if budget is None:
                return GovernedStream(self._connect(host, port, timeout, local_address, socket_options))
            bound, by_deadline = _bounded(timeout, budget.check())
            try:
                return GovernedStream(self._connect(host, port, bound, local_address, socket_options))
            except httpcore.ConnectTimeout:
                if by_deadline:
                    raise _Stop(_deadline_problem(budget.timeout)) from None
                raise

        def _connect(self, host, port, timeout, local_address, socket_options):
            return self._inner.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)

        def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover - not used
            return GovernedStream(self._inner.connect_unix_socket(path, timeout=timeout,
                                                                  socket_options=socket_options))

        def sleep(self, seconds: float) -> None:
            self._inner.sleep(seconds)

    return GovernedStream, GovernedBackend


def _govern(client) -> int:
    """Put the governed backend under every connection pool of ``client``; how many pools."""
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    governed = 0
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            continue
        if not getattr(backend, "governed", False):
            pool._network_backend = _governed_types()[1](backend)
        governed += 1
    return governed


def make_client(timeout: float = DEFAULT_TIMEOUT, *, max_connections: int = 8):
    """An httpx client for ``fetch``: no automatic redirects, a timeout on every operation, and
    the whole-fetch deadline and cancellation enforced on every read and write."""
    import httpx

    client = httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    )
    _govern(client)
    return client


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"


# -- decoding, a layer at a time ------------------------------------------------------------


class _TooBig(Exception):
    pass


class _Undecodable(Exception):
    pass


def _layers(header: str | None, original: str) -> list[str]:
    """The decodings to apply to the raw body, in the order to apply them (last applied first)."""
    tokens = [t.strip().lower() for t in (header or "").split(",")]
    tokens = [t for t in tokens if t and t != "identity"]
    for token in tokens:
        if token in _UNREAD:
            raise FetchError(original, f"response is compressed with {token}, which is not read here")
    layers = [t for t in tokens if t in ("gzip", "x-gzip", "deflate")]  # anything else: ignored, as httpx does
    if len(layers) > MAX_ENCODINGS:
        raise FetchError(original, f"response is compressed {len(layers)} times (at most {MAX_ENCODINGS} are read)")
    return list(reversed(layers))


def _inflate(chunks: Iterable[bytes], encoding: str, limit: int) -> Iterator[bytes]:
    """Decode one gzip or deflate layer as a stream, at most ``_OUT`` bytes at a time;
    ``_TooBig`` as soon as it has given more than ``limit`` bytes in all."""
    gz = encoding != "deflate"
    d = zlib.decompressobj(31 if gz else 15)
    fresh = True  # nothing read by this decompressor yet
    total = 0
    for data in chunks:
        while True:
            if d is None:  # gzip: a member ended; another may follow (zero padding is ignored)
                if not data.strip(b"\0"):
                    break
                d, fresh = zlib.decompressobj(31), True
            try:
                out = d.decompress(data, _OUT)
            except zlib.error:
                if not fresh:
                    raise _Undecodable from None
                if gz:
                    if total:
                        return  # bytes that are not gzip after a whole member: ignored
                    raise _Undecodable from None
                d = zlib.decompressobj(-15)  # "deflate" sent raw, as some servers do
                try:
                    out = d.decompress(data, _OUT)
                except zlib.error:
                    raise _Undecodable from None
            fresh = False
            total += len(out)
            if total > limit:
                raise _TooBig
            if out:
                yield out
            data = d.unconsumed_tail
            if d.eof:
                if not gz:
                    return  # the end; anything after it is ignored
                data, d = d.unused_data, None
                continue
            if not data and len(out) < _OUT:
                break  # all of this chunk read, and no output waiting (a full buffer may have more)


def _read_body(response, original: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    layers = _layers(response.headers.get("content-encoding"), original)

    def raw() -> Iterator[bytes]:
        total = 0
        for chunk in response.iter_raw():
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(original, f"response over the {_size(max_bytes)} limit")
            if time.monotonic() > deadline:  # also enforced below httpx; this is the fallback
                raise FetchError(original, _deadline_problem(timeout))
            yield chunk

    stream: Iterable[bytes] = raw()
    for encoding in layers:
        stream = _inflate(stream, encoding, max_bytes)
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in stream:
            total += len(chunk)
            if total > max_bytes:
                raise _TooBig
            chunks.append(chunk)
    except _TooBig:
        raise FetchError(original, f"response over the {_size(max_bytes)} limit"
                                   + (" once decompressed" if layers else "")) from None
    except _Undecodable:
        raise FetchError(original, "response could not be decompressed") from None
    return b"".join(chunks)


# -- fetch ----------------------------------------------------------------------------------


def _validator(value: object, name: str, given: bool, warnings: list[str]) -> str | None:
    if value is None or value == "":
        return None
    if valid_validator(value):
        return value  # type: ignore[return-value]
    if given:
        warnings.append(f"the saved {name} {_shown(value)} is not plain ASCII text: dropped (fetched in full)")
    else:
        warnings.append(f"the server's {name} {_shown(value)} is not plain ASCII text: not kept")
    return None


def _step_problem(exc: Exception, timeout: float) -> str:
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        what = f"no connection within {timeout:g} s"
    elif isinstance(exc, httpx.WriteTimeout):
        what = f"could not send for {timeout:g} s"
    elif isinstance(exc, httpx.PoolTimeout):
        what = f"no free connection within {timeout:g} s"
    else:
        what = f"nothing received for {timeout:g} s"
    return f"timed out: {what} (the step timeout)"


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
    cancelled: Callable[[], bool] | None = None,
) -> Fetched:
    """GET ``url``; raises ``FetchError`` (``FetchCancelled`` once ``cancelled()`` is true).
    A 304 comes back with ``not_modified`` set."""
    import httpx

    original = check_url(url)
    try:
        httpx.URL(original)
    except httpx.InvalidURL as exc:
        raise InputError(original, f"not a valid address ({_reason(exc)})") from None
    warnings: list[str] = []
    etag = _validator(etag, "ETag", True, warnings)
    last_modified = _validator(last_modified, "Last-Modified", True, warnings)
    own_client = client is None
    if own_client:
        client = make_client(timeout)
    headers = {"Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + fetch_deadline(timeout)
    budget = _Budget(deadline, timeout, cancelled)
    outer, _local.budget = _budget(), budget
    seen = {original}
    current = original
    try:
        for _hop in range(max_redirects + 1):
            try:
                budget.check()
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
                        return Fetched(current, 304, b"",
                                       _validator(response.headers.get("etag"), "ETag", False, warnings) or etag,
                                       _validator(response.headers.get("last-modified"), "Last-Modified", False,
                                                  warnings) or last_modified,
                                       warnings=tuple(warnings))
                    if status >= 400 or status < 200:
                        reason = clean_line(response.reason_phrase or "")[:60]
                        raise FetchError(original, f"HTTP {status} {reason}".rstrip())
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(original, f"response is {_size(int(declared))}, over the "
                                                   f"{_size(max_bytes)} limit")
                    data = _read_body(response, original, max_bytes, deadline, timeout)
                    return Fetched(
                        current,
                        status,
                        data,
                        _validator(response.headers.get("etag"), "ETag", False, warnings),
                        _validator(response.headers.get("last-modified"), "Last-Modified", False, warnings),
                        response.headers.get("content-type"),
                        tuple(warnings),
                    )
            except FetchError:
                raise
            except _Stop as exc:
                raise (FetchCancelled if exc.cancelled else FetchError)(original, exc.problem) from None
            except httpx.TimeoutException as exc:
                if time.monotonic() >= deadline:
                    raise FetchError(original, _deadline_problem(timeout)) from None
                raise FetchError(original, _step_problem(exc, timeout)) from None
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
        _local.budget = outer
        if own_client:
            client.close()


def _reason(exc: Exception) -> str:
    text = clean_line(str(exc))
    return (text[:100] + "…") if len(text) > 100 else (text or type(exc).__name__)
