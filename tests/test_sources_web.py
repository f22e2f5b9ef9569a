"""Fetching http(s) URLs and reading them, against a real HTTP server on loopback
(geostance.sources.web, and iter_documents for URLs and feeds with ``follow``).

Loopback is a private address, so most tests pass ``allow_private=True``. To test the
checks on a *redirect*, a client maps one public address to the loopback server at the
transport (the check sees the public address, as it would for a real site); the redirect
target is then refused before any connection is made to it.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from geostance.config import Settings
from geostance.errors import FetchError, SourceError
from geostance.models import Document
from geostance.sources import Item, SourceWarning, fetch, iter_documents
from geostance.sources.web import is_public, pinned_request, refused_scheme

DATA = Path(__file__).parent / "data" / "sources"
#: A public address the alias transport sends to the loopback server (nothing goes to it).
PUBLIC_ALIAS = "203.0.114.10"
PAGE_TEXT = (
    "The full page says more than the feed summary: the two envoys agreed on a timetable "
    "for the next three rounds of talks and on a hotline between their border posts."
)


class Server:
    """A ThreadingHTTPServer on 127.0.0.1 with named routes, stopped after the tests."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        routes = self._routes()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                route = routes.get(self.path.split("?", 1)[0])
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- routes -------------------------------------------------------------------------
    def _routes(self) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
        def send(
            body: bytes, ctype: str, status: int = 200, headers: dict[str, str] | None = None
        ) -> Callable[[BaseHTTPRequestHandler], None]:
            def handler(h: BaseHTTPRequestHandler) -> None:
                h.send_response(status)
                h.send_header("Content-Type", ctype)
                for key, value in (headers or {}).items():
                    h.send_header(key, value)
                if "Content-Length" not in (headers or {}) and not (headers or {}).get(
                    "X-No-Length"
                ):
                    h.send_header("Content-Length", str(len(body)))
                h.end_headers()
                h.wfile.write(body)

            return handler

        def redirect(location: Callable[[], str]) -> Callable[[BaseHTTPRequestHandler], None]:
            def handler(h: BaseHTTPRequestHandler) -> None:
                h.send_response(302)
                h.send_header("Location", location())
                h.send_header("Content-Length", "0")
                h.end_headers()

            return handler

        def slow(h: BaseHTTPRequestHandler) -> None:
            self.stop.wait(5)
            send(b"late", "text/plain")(h)

        def drip(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            h.end_headers()
            deadline = time.monotonic() + 5
            while not self.stop.is_set() and time.monotonic() < deadline:
                try:
                    h.wfile.write(b"a ")
                    h.wfile.flush()
                except OSError:
                    return
                self.stop.wait(0.05)

        def host(h: BaseHTTPRequestHandler) -> None:
            send(str(h.headers.get("Host")).encode(), "text/plain")(h)

        def agent(h: BaseHTTPRequestHandler) -> None:
            send(str(h.headers.get("User-Agent")).encode(), "text/plain")(h)

        big = b"word " * 400_000  # 2 MB
        bomb = gzip.compress(b" " * 20_000_000)

        def feed(ctype: str) -> Callable[[BaseHTTPRequestHandler], None]:
            return lambda h: send(self._feed().encode(), ctype)(h)

        return {
            "/article": send((DATA / "article.html").read_bytes(), "text/html; charset=utf-8"),
            "/links": send((DATA / "links.html").read_bytes(), "text/html"),
            "/page/1": send(
                f"<html><body><article><p>{PAGE_TEXT}</p></article></body></html>".encode(),
                "text/html",
            ),
            "/feed": feed("application/rss+xml"),
            "/feed-as-xml": feed("text/xml"),
            "/text-latin1": send(
                "Caf\u00e9 owners in the old town said the new rules would close them.".encode(
                    "latin-1"
                ),
                "text/plain; charset=iso-8859-1",
            ),
            "/meta-latin1": send(
                b'<html><head><meta charset="iso-8859-1"></head><body><article><p>'
                + "Caf\u00e9 owners in the old town protested against the new closing hours "
                "set by the council.".encode("latin-1")
                + b"</p></article></body></html>",
                "text/html",
            ),
            "/jsonl": send(
                b'{"text": "A record served as JSON Lines over http."}\n{oops}\n',
                "application/x-ndjson",
            ),
            "/binary": send(b"\x89PNG\r\n\x1a\n" + bytes(200), "application/octet-stream"),
            "/empty": send(b"", "text/html"),
            "/big-declared": send(big, "text/plain"),
            "/big-undeclared": send(big, "text/plain", headers={"X-No-Length": "1"}),
            "/gzip-bomb": send(bomb, "text/plain", headers={"Content-Encoding": "gzip"}),
            "/slow": slow,
            "/drip": drip,
            "/host": host,
            "/agent": agent,
            "/redirect-ok": redirect(lambda: "/article"),
            "/redirect-loop": redirect(lambda: "/redirect-loop"),
            "/redirect-private": redirect(lambda: "http://169.254.169.254/latest/meta-data/"),
            "/redirect-loopback": redirect(lambda: f"http://127.0.0.1:{self.port}/article"),
            "/redirect-ftp": redirect(lambda: "ftp://files.example.org/article.txt"),
            "/redirect-alias-ok": redirect(lambda: "/article"),
        }

    def _feed(self) -> str:
        items = [
            ("Envoys agree on a timetable", "/page/1", "Envoys met again on Monday."),
            ("A link that is gone", "/gone", "The summary survives a broken link."),
            ("A link to a list", "/links", "The summary survives a page of links."),
            ("No link and no text", "", ""),
        ]
        xml = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Loop Wire</title>']
        for title, path, summary in items:
            link = f"<link>http://127.0.0.1:{{port}}{path}</link>" if path else ""
            desc = f"<description>{summary}</description>" if summary else ""
            xml.append(f"<item><title>{title}</title>{link}{desc}</item>")
        xml.append("</channel></rss>")
        return "".join(xml).replace("{port}", str(self.port))


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


OPEN = Settings(allow_private=True, fetch_timeout=3.0, max_fetch_bytes=1_000_000)


class AliasTransport(httpx.BaseTransport):
    """Sends requests for PUBLIC_ALIAS to the loopback server; everything else as usual."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.HTTPTransport()
        self.seen: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(str(request.url))
        if request.url.host == PUBLIC_ALIAS:
            request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture()
def alias(server: Server) -> Iterator[tuple[httpx.Client, AliasTransport]]:
    transport = AliasTransport(server.port)
    client = httpx.Client(transport=transport)
    yield client, transport
    client.close()


def alias_url(server: Server, path: str) -> str:
    return f"http://{PUBLIC_ALIAS}:{server.port}{path}"


def fetch_error(
    url: str, settings: Settings = OPEN, client: httpx.Client | None = None
) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(url, settings=settings, client=client)
    assert info.value.origin == url
    return info.value


# -- fetch ---------------------------------------------------------------------------------


def test_fetch_html_page(server: Server) -> None:
    page = fetch(f"{server.base}/article", settings=OPEN)
    assert page.url == f"{server.base}/article"
    assert page.content_type == "text/html" and page.encoding == "utf-8"
    assert b"grain corridor" in page.content


def test_meta_charset_is_the_encoding_guess_when_the_header_has_none(server: Server) -> None:
    page = fetch(f"{server.base}/meta-latin1", settings=OPEN)
    assert page.encoding == "iso-8859-1"
    (doc,) = collect([f"{server.base}/meta-latin1"])
    assert isinstance(doc, Document) and doc.text.startswith("Caf\u00e9 owners")


def test_loopback_is_refused_unless_allowed(server: Server) -> None:
    url = f"{server.base}/article"
    error = fetch_error(url, settings=Settings())
    assert error.reason == (
        f"refusing to fetch {url}: 127.0.0.1 resolves to a private/loopback address 127.0.0.1; "
        "pass --allow-private if you trust it"
    )
    named = f"http://localhost:{server.port}/article"
    assert "private/loopback address" in fetch_error(named, settings=Settings()).reason
    assert fetch(url, settings=Settings(allow_private=True)).content


def test_redirects_are_followed_and_reported_as_final_url(server: Server) -> None:
    page = fetch(f"{server.base}/redirect-ok", settings=OPEN)
    assert page.url == f"{server.base}/article"
    assert "more than 10 redirects" in fetch_error(f"{server.base}/redirect-loop").reason


def test_public_address_is_fetched_with_its_host_name_kept(
    server: Server, alias: tuple[httpx.Client, AliasTransport]
) -> None:
    client, _ = alias
    page = fetch(alias_url(server, "/host"), settings=Settings(), client=client)
    assert page.content.decode() == f"{PUBLIC_ALIAS}:{server.port}"
    followed = fetch(alias_url(server, "/redirect-alias-ok"), settings=Settings(), client=client)
    assert followed.url == alias_url(server, "/article")


@pytest.mark.parametrize(
    ("path", "address"),
    [("/redirect-private", "169.254.169.254"), ("/redirect-loopback", "127.0.0.1")],
)
def test_redirect_to_a_private_address_is_refused_before_connecting(
    server: Server, alias: tuple[httpx.Client, AliasTransport], path: str, address: str
) -> None:
    client, transport = alias
    url = alias_url(server, path)
    error = fetch_error(url, settings=Settings(), client=client)
    assert f"private/loopback address {address}" in error.reason
    assert "--allow-private" in error.reason
    assert transport.seen == [url]  # the redirect target was never requested


def test_redirect_to_another_scheme_is_refused(server: Server) -> None:
    error = fetch_error(f"{server.base}/redirect-ftp")
    assert "ftp" in error.reason and "only http and https" in error.reason


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://files.example.org/a.txt", "javascript:alert(1)", "http://"]
)
def test_other_schemes_and_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(FetchError):
        fetch(url, settings=OPEN)


def test_http_errors_and_unreachable_hosts(server: Server) -> None:
    error = fetch_error(f"{server.base}/gone")
    assert "HTTP 404" in error.reason
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    assert "check the address or your connection" in fetch_error(closed).reason
    unknown = "http://no-such-host.invalid/"
    assert "check the address or your connection" in fetch_error(unknown, Settings()).reason


@pytest.mark.parametrize("path", ["/big-declared", "/big-undeclared", "/gzip-bomb"])
def test_body_over_the_cap_is_refused(server: Server, path: str) -> None:
    error = fetch_error(f"{server.base}{path}")
    assert error.reason == "response larger than 1000000 bytes; raise max_fetch_bytes"


def test_slow_server_times_out(server: Server) -> None:
    settings = Settings(allow_private=True, fetch_timeout=0.3)
    error = fetch_error(f"{server.base}/slow", settings)
    assert "no answer within 0.3 s" in error.reason and "fetch_timeout" in error.reason


def test_server_that_drips_bytes_is_cut_off(server: Server) -> None:
    settings = Settings(allow_private=True, fetch_timeout=0.3)
    error = fetch_error(f"{server.base}/drip", settings)
    assert "fetch_timeout" in error.reason


def test_pinned_request_connects_to_the_checked_address_with_the_name_kept(
    server: Server,
) -> None:
    url = httpx.URL(f"http://localhost:{server.port}/host")
    with httpx.Client() as client:
        request = pinned_request(client, url, ipaddress.ip_address("127.0.0.1"), 3.0)
        assert request.url.host == "127.0.0.1"
        response = client.send(request)
    assert response.text == f"localhost:{server.port}"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_public_address_table(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_refused_scheme_detection() -> None:
    assert refused_scheme("ftp://x/y") == "ftp"
    assert refused_scheme("FILE:///etc") == "file"
    assert refused_scheme("gopher://x") == "gopher"
    assert refused_scheme("http://x") is None
    assert refused_scheme("notes:2023.txt") is None
    assert refused_scheme("folder/file.txt") is None


# -- URLs through iter_documents -------------------------------------------------------------


def collect(origins: list[str], **kw: object) -> list[Item]:
    settings = kw.pop("settings", OPEN)
    assert isinstance(settings, Settings)
    return list(iter_documents(origins, settings=settings, **kw))  # type: ignore[arg-type]


def test_urls_are_read_by_content_type(server: Server) -> None:
    items = collect(
        [
            f"{server.base}/article",
            f"{server.base}/text-latin1",
            f"{server.base}/jsonl",
            f"{server.base}/feed-as-xml",
            f"{server.base}/binary",
            f"{server.base}/empty",
            f"{server.base}/gone",
        ]
    )
    docs = [i for i in items if isinstance(i, Document)]
    html = docs[0]
    assert html.kind == "html" and html.origin == f"{server.base}/article"
    assert html.url == "https://herald.example.org/world/2023/05/grain-corridor"  # canonical
    assert docs[1].kind == "text" and docs[1].text.startswith("Caf\u00e9 owners")
    assert docs[2].kind == "jsonl" and docs[2].origin == f"{server.base}/jsonl:1"
    assert {d.kind for d in docs[3:]} == {"feed"}
    failures = {i.origin: i.reason for i in items if isinstance(i, SourceError)}
    assert "not valid JSON" in failures[f"{server.base}/jsonl:2"]
    assert "binary file (looks like a PNG image)" in failures[f"{server.base}/binary"]
    assert "empty" in failures[f"{server.base}/empty"]
    assert "HTTP 404" in failures[f"{server.base}/gone"]


def test_feed_without_follow_uses_summaries(server: Server) -> None:
    items = collect([f"{server.base}/feed"])
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.text for d in docs] == [
        "Envoys met again on Monday.",
        "The summary survives a broken link.",
        "The summary survives a page of links.",
    ]
    assert all(d.source == "Loop Wire" for d in docs)
    (error,) = [i for i in items if isinstance(i, SourceError)]
    assert error.origin == f"{server.base}/feed#entry-4"


def test_feed_with_follow_reads_linked_pages_and_falls_back_with_warnings(
    server: Server,
) -> None:
    origin = f"{server.base}/feed"
    items = collect([origin], follow=True)
    docs = {i.origin: i for i in items if isinstance(i, Document)}
    warnings = {i.origin: i.message for i in items if isinstance(i, SourceWarning)}
    assert docs[f"{origin}#entry-1"].text == PAGE_TEXT
    assert docs[f"{origin}#entry-1"].title == "Envoys agree on a timetable"
    assert docs[f"{origin}#entry-2"].text == "The summary survives a broken link."
    assert "HTTP 404" in warnings[f"{origin}#entry-2"]
    assert docs[f"{origin}#entry-3"].text == "The summary survives a page of links."
    assert "no article text" in warnings[f"{origin}#entry-3"]
    positions = {getattr(i, "origin", None): n for n, i in enumerate(items)}
    assert (
        items.index(next(i for i in items if isinstance(i, SourceWarning)))
        < positions[f"{origin}#entry-2"]
    )


def test_follow_respects_the_private_address_check(server: Server, tmp_path: Path) -> None:
    """A local feed whose links point at loopback: links are refused, summaries kept."""
    path = tmp_path / "loop.xml"
    path.write_bytes(fetch(f"{server.base}/feed", settings=OPEN).content)
    items = list(iter_documents([str(path)], settings=Settings(), follow=True))
    warnings = [i for i in items if isinstance(i, SourceWarning)]
    assert len(warnings) == 3
    assert all("private/loopback" in w.message for w in warnings)
    assert len([i for i in items if isinstance(i, Document)]) == 3


def test_user_agent_setting_is_sent_even_with_a_given_client(server: Server) -> None:
    settings = Settings(allow_private=True, user_agent="geostance-test/9")
    assert fetch(f"{server.base}/agent", settings=settings).content == b"geostance-test/9"
    with httpx.Client() as client:
        page = fetch(f"{server.base}/agent", settings=settings, client=client)
    assert page.content == b"geostance-test/9"


def test_a_bare_string_is_one_origin_not_characters() -> None:
    items = list(iter_documents(str(DATA / "plain.txt"), settings=OPEN))
    assert len(items) == 1 and isinstance(items[0], Document)


def test_a_given_client_is_used_and_left_open(server: Server) -> None:
    client = httpx.Client()
    items = collect([f"{server.base}/article"], client=client)
    assert isinstance(items[0], Document)
    assert not client.is_closed
    client.close()


def test_refused_urls_in_a_batch_do_not_stop_it(server: Server) -> None:
    items = collect(["ftp://files.example.org/x", f"{server.base}/article"], settings=Settings())
    assert [type(i).__name__ for i in items] == ["FetchError", "FetchError"]
    items = collect(["file:///etc/passwd", f"{server.base}/article"])
    assert [type(i).__name__ for i in items] == ["FetchError", "Document"]
