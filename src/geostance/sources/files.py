"""Local files and folders, and the choice of reader for any bytes.

A file's reader is chosen by its extension, else by sniffing its first bytes (a feed, an
HTML page, JSON Lines or text). A folder is walked recursively in sorted order, skipping
hidden files and folders; ``include``/``exclude`` are ``fnmatch`` globs on the path relative
to the folder (``*`` also crosses ``/``). Without ``include`` only files with a known
extension are read.

Before any reader runs, a file is checked: it exists, is a regular file (not a device or a
pipe that never ends), is not empty, not larger than ``settings.max_file_bytes`` and not
binary.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from geostance.config import Settings
from geostance.errors import SourceError
from geostance.sources.base import (
    SNIFF_BYTES,
    Item,
    SourceWarning,
    binary_message,
    binary_reason,
    decode,
)
from geostance.sources.html import HTML_EXTENSIONS, read_html
from geostance.sources.jsonl import JSON_EXTENSIONS, JSONL_EXTENSIONS, read_json_array, read_jsonl
from geostance.sources.rss import FEED_EXTENSIONS, read_feed
from geostance.sources.text import MARKDOWN_EXTENSIONS, TEXT_EXTENSIONS, read_text_owned
from geostance.sources.web import Fetcher

#: Reader kinds: what ``sniff_kind`` and ``kind_for_extension`` return.
KINDS = ("text", "markdown", "html", "feed", "jsonl", "json")
_BY_EXTENSION: dict[str, str] = {
    **dict.fromkeys(TEXT_EXTENSIONS, "text"),
    **dict.fromkeys(MARKDOWN_EXTENSIONS, "markdown"),
    **dict.fromkeys(HTML_EXTENSIONS, "html"),
    **dict.fromkeys(FEED_EXTENSIONS, "feed"),
    **dict.fromkeys(JSONL_EXTENSIONS, "jsonl"),
    **dict.fromkeys(JSON_EXTENSIONS, "json"),
}
KNOWN_EXTENSIONS = tuple(sorted(_BY_EXTENSION))
_CONTENT_TYPES: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+xml": "feed",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl",
    "application/json": "json",
}


def kind_for_extension(path: str) -> str | None:
    """The reader for a file name's extension, or ``None`` when it must be sniffed."""
    return _BY_EXTENSION.get(os.path.splitext(path)[1].lower())


def sniff_kind(head: bytes) -> str:
    """Guess the reader from the first bytes of (non-binary) content."""
    text, _ = decode(head[:SNIFF_BYTES])
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<?xml", "<rss", "<feed")):
        sample = start[:4096]
        if "<rss" in sample or "<feed" in sample or "<rdf:rdf" in sample:
            return "feed"
        return "html" if "<html" in sample else "feed"
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<!--")):
        return "html"
    if start.startswith("<") and any(t in start[:2048] for t in ("<p>", "<div", "<article")):
        return "html"
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("["):
        return "json"
    if start.startswith(("---\n", "# ")):
        return "markdown"
    return "text"


def kind_for_content_type(content_type: str, url: str, head: bytes) -> str:
    """The reader for a fetched body: its media type, else the URL's extension, else sniffing."""
    kind = _CONTENT_TYPES.get(content_type)
    if kind:
        return kind
    path = url.split("?", 1)[0].split("#", 1)[0]
    by_extension = kind_for_extension(path)
    if content_type in ("text/xml", "application/xml"):
        return "html" if sniff_kind(head) == "html" else "feed"
    if content_type == "text/plain":
        return by_extension if by_extension in ("markdown", "jsonl") else "text"
    return by_extension or sniff_kind(head)


def read_bytes(
    data: bytes,
    *,
    origin: str,
    kind: str,
    url: str | None = None,
    charset: str | None = None,
    fetch_page: Fetcher | None = None,
) -> Iterator[Item]:
    """Documents from content already in memory (a small file or a fetched page)."""
    yield from read_owned(
        [data], origin=origin, kind=kind, url=url, charset=charset, fetch_page=fetch_page
    )


def read_owned(
    box: list[bytes],
    *,
    origin: str,
    kind: str,
    url: str | None = None,
    charset: str | None = None,
    fetch_page: Fetcher | None = None,
) -> Iterator[Item]:
    """Like ``read_bytes``, taking the only reference to the content out of ``box``, so that
    a large file's bytes are freed once decoded (one copy alive at a time, not three)."""
    data = box.pop()
    if not data or data.removeprefix(b"\xef\xbb\xbf").isspace() or data == b"\xef\xbb\xbf":
        yield SourceError(
            origin, "empty file (nothing but whitespace or a byte-order mark); nothing to read"
        )
        return
    what = binary_reason(data[:SNIFF_BYTES])
    if what:
        yield SourceError(origin, binary_message(what))
        return
    if kind == "html":
        yield from read_html(data, origin=origin, url=url, charset=charset)
    elif kind == "feed":
        yield from read_feed(data, origin=origin, url=url, fetch_page=fetch_page)
    elif kind == "jsonl":
        yield from read_jsonl(data.splitlines(), origin=origin)
    elif kind == "json":
        yield from read_json_array(data, origin=origin)
    else:
        text, problem = decode(data, charset=charset)
        del data
        if problem:
            yield SourceWarning(origin, problem)
        owned = [text]
        del text
        yield from read_text_owned(owned, origin=origin, markdown=kind == "markdown")


def _check_file(path: str, origin: str, settings: Settings) -> SourceError | int:
    """The file's size, or the error that stops reading it."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return SourceError(origin, "no such file or directory; check the path")
    except PermissionError:
        return SourceError(origin, "permission denied; check the file's permissions")
    except (OSError, ValueError) as e:
        why = getattr(e, "strerror", None) or str(e)
        return SourceError(origin, f"cannot read it ({why}); check the path")
    if not stat.S_ISREG(info.st_mode):
        return SourceError(origin, "not a regular file (a device, pipe or socket); give a file")
    if info.st_size == 0:
        return SourceError(origin, "empty file; nothing to read")
    if info.st_size > settings.max_file_bytes:
        return SourceError(
            origin,
            f"file of {info.st_size} bytes is larger than max_file_bytes "
            f"({settings.max_file_bytes}); raise the max_file_bytes setting or split the file",
        )
    return info.st_size


def read_file(
    path: str,
    *,
    origin: str | None = None,
    settings: Settings,
    fetch_page: Fetcher | None = None,
) -> Iterator[Item]:
    """Documents from one local file (JSON Lines are streamed; other files read whole)."""
    origin = origin or path
    checked = _check_file(path, origin, settings)
    if isinstance(checked, SourceError):
        yield checked
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
            what = binary_reason(head)
            if what:
                yield SourceError(origin, binary_message(what))
                return
            kind = kind_for_extension(path) or sniff_kind(head)
            if kind == "jsonl":
                handle.seek(0)
                yield from read_jsonl(handle, origin=origin)
                return
            handle.seek(0)
            data = handle.read(settings.max_file_bytes + 1)
    except OSError as e:
        yield SourceError(origin, f"cannot read it ({e.strerror or e}); check the file")
        return
    if len(data) > settings.max_file_bytes:
        yield SourceError(origin, f"file grew past max_file_bytes ({settings.max_file_bytes})")
        return
    del head
    box = [data]
    del data
    charset = str(getattr(settings, "encoding", "") or "") or None
    yield from read_owned(box, origin=origin, kind=kind, charset=charset, fetch_page=fetch_page)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _wanted(relative: str, include: Sequence[str], exclude: Sequence[str]) -> bool | None:
    """True: read; False: excluded by the user; None: skipped for its extension."""
    if any(fnmatch.fnmatchcase(relative, pattern) for pattern in exclude):
        return False
    if include:
        return any(fnmatch.fnmatchcase(relative, pattern) for pattern in include) or False
    return True if kind_for_extension(relative) else None


def walk_folder(
    folder: str, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[tuple[str, str | None]]:
    """(path, None) for each file to read, in sorted order; (path, "skipped") for files left
    out only for their extension, and (path, "unreadable: ...") for folders that cannot be
    listed, so the caller can tell the user.
    """
    problems: list[tuple[str, str]] = []

    def unreadable(e: OSError) -> None:
        problems.append((str(e.filename or folder), f"unreadable: {e.strerror or e}"))

    for root, dirs, files in os.walk(folder, followlinks=False, onerror=unreadable):
        while problems:
            yield problems.pop(0)
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if _hidden(name):
                continue
            path = os.path.join(root, name)
            relative = Path(os.path.relpath(path, folder)).as_posix()
            wanted = _wanted(relative, include, exclude)
            if wanted:
                yield path, None
            elif wanted is None:
                yield path, "skipped"
    yield from problems


def read_folder(
    folder: str,
    *,
    settings: Settings,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    fetch_page: Fetcher | None = None,
) -> Iterator[Item]:
    """Documents from every wanted file under ``folder``, one file at a time."""
    read = 0
    for path, note in walk_folder(folder, include, exclude):
        if note == "skipped":
            ext = os.path.splitext(path)[1] or "(no extension)"
            yield SourceWarning(
                path,
                f"skipped: {ext} files are not read by default; use --include "
                f"'*{os.path.splitext(path)[1]}' to read it as text",
            )
            continue
        if note:
            yield SourceWarning(path, f"{note}; check the folder's permissions")
            continue
        read += 1
        yield from read_file(path, settings=settings, fetch_page=fetch_page)
    if read == 0:
        known = " ".join(KNOWN_EXTENSIONS)
        yield SourceError(
            folder,
            f"no files to read in this folder (read by default: {known}); "
            "check the path and --include/--exclude",
        )


def read_path(
    origin: str,
    *,
    settings: Settings,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    fetch_page: Fetcher | None = None,
) -> Iterator[Item]:
    """Documents from a local path: a folder or a file."""
    path = os.path.expanduser(origin)
    if os.path.isdir(path):
        yield from read_folder(
            path, settings=settings, include=include, exclude=exclude, fetch_page=fetch_page
        )
    else:
        yield from read_file(path, origin=origin, settings=settings, fetch_page=fetch_page)
