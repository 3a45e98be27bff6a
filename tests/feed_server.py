"""A small threaded HTTP server on 127.0.0.1 (port 0) for the feed tests. Loopback only.

Routes are set per test: ``server.route(path, body, status=200, headers={...})`` or a
special behaviour (``slow``, ``redirect``, ``huge``, ``gzip``, a connection reset part way
through the body, a body that trickles for ever); ``server.chains[prefix] = n`` makes
``prefix0`` redirect to ``prefix1`` and so on, ``n`` times. Conditional GET is
answered with 304 when the request's If-None-Match or If-Modified-Since matches.
Requests are counted per path in ``server.hits``.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
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


class FeedServer:
    def __init__(self) -> None:
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

            def do_GET(self) -> None:  # noqa: N802
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
                body = route.body
                if route.gzip:
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

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # clients that hang up at their timeout or size cap are expected here

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        self.routes[path] = Route(body.encode() if isinstance(body, str) else body, **kwargs)
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
