"""Fetching http(s) URLs safely: timeouts, a size cap, and no private addresses.

A news URL given by a user (or found in a feed) must not become a way to read the machine's
own services (``http://127.0.0.1:8080/admin``, cloud metadata at ``169.254.169.254``). So,
unless ``settings.allow_private`` is set, every hop, redirects included, is checked: its host
must resolve only to public addresses, and the request then goes to the address that was
checked (the host name is kept for the ``Host`` header and TLS), so a name that resolves
differently a moment later cannot slip through.

Limits: each network wait is at most ``settings.fetch_timeout`` seconds and the whole fetch
at most three times that; the body is read in chunks and abandoned beyond
``settings.max_fetch_bytes`` (counted after decompression).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from geostance.config import Settings
from geostance.errors import FetchError
from geostance.sources.base import bom_encoding
from geostance.sources.html import html_charset

MAX_REDIRECTS = 10
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
ALLOWED_SCHEMES = ("http", "https")
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/plain;q=0.8, application/x-ndjson;q=0.8, */*;q=0.5"
)

_DANGEROUS_SCHEMES = frozenset({"file", "ftp", "javascript", "data", "mailto", "vbscript"})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched response body.

    ``url`` is the final URL after redirects, ``content_type`` the media type in lower case
    without parameters (``""`` when the server sent none) and ``encoding`` the charset the
    server declared or a BOM shows (``None``: unknown; readers then sniff or try UTF-8).
    """

    url: str
    content: bytes
    content_type: str
    encoding: str | None


Fetcher = Callable[[str], FetchedPage]


def is_url(origin: str) -> bool:
    """True for an http(s) URL (the only schemes fetched)."""
    head = origin[:8].lower()
    return head.startswith(("http://", "https://"))


def refused_scheme(origin: str) -> str | None:
    """The scheme of a non-http(s) URL-like origin (``file:``, ``ftp:``, ``javascript:``...),
    or ``None`` when the origin is not such a URL (then it is a local path).
    """
    scheme, sep, rest = origin.partition(":")
    if not sep or not scheme or not scheme.replace("+", "").replace(".", "").isalnum():
        return None
    scheme = scheme.lower()
    if scheme in ALLOWED_SCHEMES:
        return None
    if rest.startswith("//") or scheme in _DANGEROUS_SCHEMES:
        return scheme
    return None


def scheme_message(scheme: str) -> str:
    return (
        f"refusing the {scheme}: URL; only http and https URLs are fetched "
        "(give a local file as a plain path)"
    )


def is_public(ip: IPAddress) -> bool:
    """False for private, loopback, link-local, multicast, reserved, unspecified and other
    non-global addresses, including IPv4 addresses written inside IPv6 ones.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None and not is_public(embedded):
            return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in seen:
            seen.append(ip)
    return seen


def checked_address(url: httpx.URL) -> IPAddress:
    """The public address to connect to for ``url``, or a ``FetchError`` saying why not."""
    host = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError, OSError) as e:
        raise FetchError(
            str(url), f"could not resolve host {host} ({e}); check the address or your connection"
        ) from None
    if not addresses:
        raise FetchError(str(url), f"host {host} has no address; check the address")
    for ip in addresses:
        if not is_public(ip):
            raise FetchError(
                str(url),
                f"refusing to fetch {url}: {host} resolves to a private/loopback address {ip}; "
                "pass --allow-private if you trust it",
            )
    return addresses[0]


def pinned_request(
    client: httpx.Client,
    url: httpx.URL,
    ip: IPAddress | None,
    timeout: float,
    user_agent: str | None = None,
) -> httpx.Request:
    """A GET for ``url`` that connects to ``ip`` (when given) while keeping the host name for
    the ``Host`` header and for TLS (SNI and certificate check).
    """
    headers = {"Accept": ACCEPT}
    if user_agent:
        headers["User-Agent"] = user_agent
    extensions: dict[str, object] = {}
    target = url
    if ip is not None:
        target = url.copy_with(host=str(ip))
        headers["Host"] = url.netloc.decode("ascii")
        extensions["sni_hostname"] = url.raw_host.decode("ascii")
    return client.build_request(
        "GET", target, headers=headers, timeout=timeout, extensions=extensions
    )


def _check_scheme(url: httpx.URL) -> None:
    if url.scheme not in ALLOWED_SCHEMES:
        raise FetchError(str(url), scheme_message(url.scheme or "empty"))
    if not url.host:
        raise FetchError(str(url), "the URL has no host name; check the address")


def _parse_url(raw: str) -> httpx.URL:
    try:
        return httpx.URL(raw.strip())
    except (httpx.InvalidURL, ValueError, TypeError) as e:
        raise FetchError(raw, f"not a valid URL ({e}); check the address") from None


def _media_type(response: httpx.Response) -> tuple[str, str | None]:
    raw = response.headers.get("content-type", "")
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _guess_encoding(body: bytes, media: str) -> str | None:
    """The charset a BOM or, for HTML, a ``<meta charset>`` announces."""
    found = bom_encoding(body[:4])
    if found is None and "html" in media:
        found = html_charset(body)
    return found


def _read_body(response: httpx.Response, url: str, cap: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise FetchError(url, f"response larger than {cap} bytes; raise max_fetch_bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise FetchError(url, f"response larger than {cap} bytes; raise max_fetch_bytes")
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise FetchError(url, "the server is sending too slowly; raise fetch_timeout")
    return b"".join(chunks)


def fetch(url: str, *, settings: Settings, client: httpx.Client | None = None) -> FetchedPage:
    """GET an http(s) URL, following redirects with every hop checked; raise ``FetchError``.

    ``client`` is used when given (its transport, cookies and proxies apply); otherwise a
    client is made for this call, with ``trust_env=False`` so proxy variables cannot send
    the checked request elsewhere.
    """
    owned = client is None
    if client is None:
        client = make_client(settings)
    try:
        return _fetch(url, settings, client)
    finally:
        if owned:
            client.close()


def make_client(settings: Settings) -> httpx.Client:
    """The client ``fetch`` uses when none is given (callers may share one for many URLs)."""
    return httpx.Client(
        timeout=httpx.Timeout(settings.fetch_timeout),
        headers={"User-Agent": settings.user_agent},
        follow_redirects=False,
        trust_env=False,
    )


def _fetch(original: str, settings: Settings, client: httpx.Client) -> FetchedPage:
    timeout = float(settings.fetch_timeout)
    deadline = time.monotonic() + 3 * timeout
    url = _parse_url(original)
    for hop in range(MAX_REDIRECTS + 1):
        try:
            page, url = _hop(url, settings, client, deadline)
        except FetchError as e:
            if hop == 0 or str(url) in e.reason:
                raise FetchError(original, e.reason) from None
            raise FetchError(original, f"{e.reason} (at {url}, after a redirect)") from None
        if page is not None:
            return page
    raise FetchError(original, f"more than {MAX_REDIRECTS} redirects; check the address")


def _hop(
    url: httpx.URL, settings: Settings, client: httpx.Client, deadline: float
) -> tuple[FetchedPage | None, httpx.URL]:
    """One request: the page, or ``None`` and the URL a redirect points to."""
    timeout = float(settings.fetch_timeout)
    _check_scheme(url)
    ip = None if settings.allow_private else checked_address(url)
    request = pinned_request(client, url, ip, timeout, settings.user_agent)
    try:
        response = client.send(request, stream=True, follow_redirects=False)
    except httpx.TimeoutException:
        raise FetchError(
            str(url),
            f"no answer within {timeout:g} s; check the address or your connection, "
            "or raise fetch_timeout",
        ) from None
    except httpx.HTTPError as e:
        raise FetchError(
            str(url), f"could not fetch it ({e}); check the address or your connection"
        ) from None
    try:
        location = response.headers.get("location")
        if response.status_code in REDIRECT_CODES and location:
            try:
                return None, url.join(location)
            except (httpx.InvalidURL, ValueError) as e:
                raise FetchError(str(url), f"bad redirect target {location!r} ({e})") from None
        if response.status_code >= 400:
            raise FetchError(
                str(url),
                f"the server answered HTTP {response.status_code} {response.reason_phrase}; "
                "check the address",
            )
        try:
            body = _read_body(response, str(url), settings.max_fetch_bytes, deadline)
        except httpx.TimeoutException:
            raise FetchError(
                str(url), f"the body did not arrive within {timeout:g} s; raise fetch_timeout"
            ) from None
        except httpx.HTTPError as e:
            raise FetchError(
                str(url), f"the connection broke while reading ({e}); try again"
            ) from None
        media, charset = _media_type(response)
        return FetchedPage(str(url), body, media, charset or _guess_encoding(body, media)), url
    finally:
        response.close()
