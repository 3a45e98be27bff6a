"""A small threaded HTTP server on 127.0.0.1 (port 0) for the feed tests. Loopback only.

Routes are set per test: ``server.route(path, body, status=200, headers={...})`` or a
special behaviour (``slow``, ``redirect``, ``huge``, ``gzip``, a connection reset part way
through the body, a body that trickles for ever); ``server.chains[prefix] = n`` makes
``prefix0`` redirect to ``prefix1`` and so on, ``n`` times. Conditional GET is
answered with 304 when the request's If-None-Match or If-Modified-Since matches.
Requests are counted per path in ``server.hits``.

The hostile ones, from the reliability trials: ``slow_headers`` (the status line, then a header
that never ends, one byte per so many seconds), ``encodings`` with ``zeros`` (a body of that many
zero bytes compressed once per encoding, ``("gzip", "gzip")`` for ``Content-Encoding: gzip,
gzip``; built as a stream, never held whole) and ``HOSTILE_ETAG`` (an ETag whose bytes are not
ASCII: ``"\xc2\x9b2J`` is a C1 CSI in UTF-8). ``python tests/feed_server.py`` serves them on
127.0.0.1 until stopped, for trying a real ``newsreader refresh`` by hand.
"""

from __future__ import annotations

import gzip
import socket
import struct
import sys
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (capped, and cut short when the server stops)
    location: str | None = None  # a redirect target
    gzip: bool = False
    stream_bytes: int = 0  # send this many bytes in chunks, with no Content-Length
    etag: str | None = None
    last_modified: str | None = None
    reset_after: int = -1  # send this many bytes of the body, then reset the connection
    trickle: float = 0.0  # send the body one byte per this many seconds, for ever (chunked)
    slow_headers: float = 0.0  # send the status line, then a header one byte per this many seconds, for ever
    encodings: tuple[str, ...] = ()  # the body compressed once per entry ("gzip", "deflate"), in this order
    zeros: int = 0  # with encodings: the body is this many zero bytes (compressed as a stream)


# An ETag whose bytes are not ASCII (sent as they are; a C1 CSI once decoded as UTF-8).
HOSTILE_ETAG = '"\xc2\x9b2J\xff"'


def _compressor(encoding: str):
    if encoding in ("gzip", "x-gzip"):
        return zlib.compressobj(6, zlib.DEFLATED, 31)
    if encoding == "deflate":
        return zlib.compressobj(6, zlib.DEFLATED, 15)
    raise ValueError(f"unknown encoding {encoding!r}")


@lru_cache(maxsize=8)
def compressed(encodings: tuple[str, ...], body: bytes = b"", zeros: int = 0) -> bytes:
    """``body`` (or ``zeros`` zero bytes, made a megabyte at a time) with each encoding applied
    in turn: ``("gzip", "gzip")`` over a gigabyte of zeros is a few kilobytes."""
    layers = [_compressor(e) for e in encodings]
    out = bytearray()

    def push(data: bytes, level: int) -> None:
        for layer in layers[level:]:
            if not data:
                return
            data = layer.compress(data)
        out.extend(data)

    if zeros:
        block = bytes(1 << 20)
        left = zeros
        while left > 0:
            push(block[: min(left, len(block))], 0)
            left -= len(block)
    else:
        push(body, 0)
    for level, layer in enumerate(layers):
        push(layer.flush(), level + 1)
    return bytes(out)


class FeedServer:
    def __init__(self, port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.chains: dict[str, int] = {}  # path prefix -> hops: /p/0 redirects to /p/1 ... up to /p/hops
        self.hits: Counter[str] = Counter()
        self.requests: list[dict[str, str]] = []
        self._stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] += 1
                server.requests.append({k.lower(): v for k, v in self.headers.items()} | {"path": path})
                for prefix, hops in server.chains.items():
                    step = path[len(prefix):]
                    if path.startswith(prefix) and step.isdigit() and int(step) < hops:
                        return self._send(302, b"", {"Location": f"{prefix}{int(step) + 1}"})
                route = server.routes.get(path)
                if route is None:
                    return self._send(404, b"not found", {"Content-Type": "text/plain"})
                if route.delay:
                    server._stopping.wait(min(route.delay, 10.0))
                    if server._stopping.is_set():
                        return
                if route.location is not None:
                    return self._send(route.status if route.status in (301, 302, 303, 307, 308) else 302,
                                      b"", {"Location": route.location})
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
                ):
                    return self._send(304, b"", headers)
                if route.stream_bytes:
                    return self._stream(route.stream_bytes, headers)
                if route.reset_after >= 0:
                    return self._reset(route.body, route.reset_after, headers)
                if route.trickle:
                    return self._trickle(route.body or b"<", route.trickle, headers)
                if route.slow_headers:
                    return self._slow_headers(route.slow_headers)
                body = route.body
                if route.encodings:  # route() compressed the body already
                    headers["Content-Encoding"] = ", ".join(route.encodings)
                elif route.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                return self._send(route.status, body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def _stream(self, total: int, headers: dict[str, str]) -> None:
                self.send_response(200)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<!-- " + b"x" * 65000 + b" -->"
                sent = 0
                try:
                    while sent < total and not server._stopping.is_set():
                        piece = chunk[: total - sent]
                        self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                        sent += len(piece)
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    pass  # the client stopped reading at its cap

            def _reset(self, body: bytes, after: int, headers: dict[str, str]) -> None:
                """Promise the whole body, send ``after`` bytes of it, then reset the connection."""
                self.send_response(200)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:after])
                self.wfile.flush()
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()

            def _trickle(self, body: bytes, every: float, headers: dict[str, str]) -> None:
                """A body that never ends: one byte of ``body`` (round and round) per ``every`` seconds."""
                self.send_response(200)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.close_connection = True
                n = 0
                try:
                    while not server._stopping.wait(every):
                        self.wfile.write(b"1\r\n" + body[n % len(body) : n % len(body) + 1] + b"\r\n")
                        self.wfile.flush()
                        n += 1
                except OSError:
                    pass  # the client gave up

            def _slow_headers(self, every: float) -> None:
                """A status line, then a header that never ends: one byte per ``every`` seconds."""
                self.close_connection = True
                try:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                    self.wfile.flush()
                    while not server._stopping.wait(every):
                        self.wfile.write(b"z")
                        self.wfile.flush()
                except OSError:
                    pass  # the client gave up

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # clients that hang up at their timeout or size cap are expected here

        self.httpd = Server(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        route = Route(body.encode() if isinstance(body, str) else body, **kwargs)
        if route.encodings:  # compressed now, so answering takes no time
            route.encodings = tuple(route.encodings)
            route.body = compressed(route.encodings, route.body, route.zeros)
        self.routes[path] = route
        return self.url(path)

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def rss(title: str, items: list[dict], *, link: str = "https://outlet.example/") -> str:
    """An RSS 2.0 document; each item has title, link, and description or content."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
             f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
             f"<title>{title}</title><link>{link}</link><description>News</description>"]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "pubDate", "author", "category"):
            if key in item:
                parts.append(f"<{key}>{item[key]}</{key}>")
        if "description" in item:
            parts.append(f"<description><![CDATA[{item['description']}]]></description>")
        if "content" in item:
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>\n")
    return "".join(parts)


def wait_until(predicate, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _serve_hostile(argv: list[str]) -> int:
    """Serve the hostile routes (and a few good feeds) on 127.0.0.1 until interrupted."""
    port = int(argv[0]) if argv else 0
    server = FeedServer(port=port)
    good = rss("Good Wire", [{"title": f"Story {i}", "link": f"https://wire.example/{i}",
                              "description": "Text."} for i in range(3)])
    print("preparing the compressed bodies...", file=sys.stderr, flush=True)
    urls = {
        "slow headers (one byte every 2 s)": server.route("/slow-headers", slow_headers=2.0),
        "Content-Encoding: gzip, gzip over 1 GB of zeros": server.route(
            "/double-gzip", encodings=("gzip", "gzip"), zeros=1 << 30),
        "Content-Encoding: gzip, gzip, gzip over 3 GB of zeros": server.route(
            "/triple-gzip", encodings=("gzip", "gzip", "gzip"), zeros=3 << 30),
        "a feed with a non-ASCII ETag": server.route("/etag.xml", good, etag=HOSTILE_ETAG),
    }
    for i in range(30):
        server.route(f"/good/{i}.xml", good)
    urls["30 good feeds"] = server.url("/good/{0..29}.xml")
    server.start()
    for what, url in urls.items():
        print(f"{url}  {what}", flush=True)
    try:
        server.thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(_serve_hostile(sys.argv[1:]))
