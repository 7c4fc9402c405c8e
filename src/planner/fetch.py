"""Schedules at a URL, fetched with ``httpx``: HTTP only (what is kept between
processes is :mod:`planner.cache`'s job, and only when one is handed in).

What a fetch does, and why:

- Only ``http`` and ``https``: a schedule URL is a web address; anything else
  (``file:``, ``ftp:``) is refused with one line.
- Given the ``previous`` copy, it sends its ``If-None-Match`` (ETag) and
  ``If-Modified-Since`` (Last-Modified); a ``304 Not Modified`` downloads nothing.
  A validator that is not printable ASCII is never kept nor sent.
- The body is read raw and decoded here (gzip, deflate, stacked or not) a bounded
  piece at a time, and the fetch stops as soon as the raw or the decoded bytes pass
  the size limit: neither a runaway server nor a compression bomb fills memory.
  A body that does not decode is one line, not a crash.
- A deadline for the whole fetch, checked on every read and write of the socket (a
  server that drips header bytes or floods ``100 Continue`` still ends), besides
  the connect and read timeouts; redirects followed at most ``MAX_REDIRECTS`` times.
- A server that is down (no connection, a timeout, a 5xx) with a previous copy: that
  copy is used and the fetch says, in one line, how old it is. Without one, or for an
  answer such as 404 that is the server's word, one line (:class:`ScheduleError`).
- A user name and password in the URL are sent to the server, never kept:
  :func:`public_url` is the URL planner shows, keys its cache on and saves.

>>> is_url("https://example.org/schedule.json"), is_url("schedule.json")
(True, False)
>>> public_url("https://ann:secret@example.org/s.json")
'https://example.org/s.json'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import time
import zlib
from collections.abc import Iterable
from typing import Any

from . import __version__
from .errors import ScheduleError
from .frozen import frozen
from .settings import from_environment

# A conference schedule is rarely over 2 MB; the same ceiling as for files.
MAX_BYTES = 32 * 1024 * 1024
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
# A whole fetch, however the bytes trickle in (when $PLANNER_FETCH_TIMEOUT is not set).
TOTAL_TIMEOUT = 60.0
MAX_REDIRECTS = 5
USER_AGENT = f"planner/{__version__} (+https://github.com/planner/planner)"
_SCHEMES = ("http://", "https://")
# The codings planner asks for and decodes itself (each a zlib window setting).
_CODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
# Decoded a piece at a time, so one small chunk cannot inflate to gigabytes at once.
_PIECE = 256 * 1024
_MAX_VALIDATOR = 512


def is_url(text: str | os.PathLike | None) -> bool:
    """Whether ``text`` names a schedule on the web (or tries to: ``ftp://`` counts, to be refused)."""
    if text is None:
        return False
    value = str(text)
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.isalpha() and len(scheme) > 1


def public_url(url: str) -> str:
    """``url`` without a user name or password: what planner shows, keeps and saves."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    host = authority.rpartition("@")[2]
    return f"{scheme}{sep}{host}{slash}{path}"


def validator(value: Any) -> str | None:
    """An ETag or Last-Modified worth keeping and sending back: printable ASCII, not huge.

    >>> validator('"abc"'), validator("caf\\u00e9"), validator(None)
    ('"abc"', None, None)
    """
    if not isinstance(value, str) or not value or len(value) > _MAX_VALIDATOR:
        return None
    return value if value.isascii() and value.isprintable() else None


@frozen(kw_only=False)
class Fetched:
    """A schedule's bytes as fetched (or as kept from before), and how it went."""

    url: str
    data: bytes
    sha256: str
    # "downloaded": new bytes; "not-modified": the server said 304; "cached": the previous copy.
    how: str
    fetched_at: dt.datetime
    warning: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def downloaded(self) -> bool:
        return self.how == "downloaded"

    def stale(self, reason: str) -> Fetched:
        """This copy, used because of ``reason``, with a line saying how old it is."""
        age = age_text((dt.datetime.now(dt.UTC) - self.fetched_at).total_seconds())
        warning = f"{reason}; using the copy fetched {age} ago ({self.fetched_at:%Y-%m-%d %H:%M} UTC)"
        return dataclasses.replace(self, how="cached", warning=warning)


def age_text(seconds: float) -> str:
    """How long ago, in the largest unit that reads well.

    >>> age_text(30), age_text(600), age_text(7300), age_text(200000)
    ('less than a minute', '10 min', '2 h', '2 days')
    """
    if seconds < 60:
        return "less than a minute"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


def fetch(
    url: str,
    *,
    previous: Fetched | None = None,
    timeout: float | None = None,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """Fetch ``url`` (revalidating ``previous``, the copy kept from before) and return its bytes.

    ``timeout`` (seconds) bounds the whole fetch, and connecting and each read within
    it; default ``$PLANNER_FETCH_TIMEOUT``, else 10 s to connect, 20 s per read and
    60 s in all. Raises :class:`~planner.errors.ScheduleError` with one line on failure.
    """
    import httpx

    from .http_deadline import DeadlineTransport

    shown = public_url(url)
    if not url.lower().startswith(_SCHEMES):
        raise ScheduleError("planner fetches schedules over http:// or https:// only", path=shown)
    if timeout is None:
        timeout = from_environment().fetch_timeout_seconds()
    if timeout is not None:
        limits, total = httpx.Timeout(timeout), timeout
    else:
        limits, total = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT), TOTAL_TIMEOUT
    transport = DeadlineTransport(time.monotonic() + total)
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
    if previous is not None and previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous is not None and previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified

    def fall_back(reason: str) -> Fetched:
        if previous is None:
            raise ScheduleError(f"cannot fetch: {reason}", path=shown) from None
        return previous.stale(reason)

    try:
        with (
            httpx.Client(
                timeout=limits,
                follow_redirects=True,
                max_redirects=max_redirects,
                headers=headers,
                transport=transport,
            ) as client,
            client.stream("GET", url) as response,
        ):
            now = dt.datetime.now(dt.UTC)
            etag, modified = (
                validator(response.headers.get("ETag")),
                validator(response.headers.get("Last-Modified")),
            )
            if response.status_code == 304 and previous is not None:
                return dataclasses.replace(
                    previous,
                    how="not-modified",
                    fetched_at=now,
                    warning=None,
                    etag=etag or previous.etag,
                    last_modified=modified or previous.last_modified,
                )
            if response.status_code >= 500:
                return fall_back(f"the server answered {response.status_code} {response.reason_phrase}")
            if response.status_code != 200:
                raise ScheduleError(
                    f"cannot fetch: the server answered {response.status_code} {response.reason_phrase}",
                    path=shown,
                )
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(shown, max_bytes)
            codings = _codings(response.headers.get_list("Content-Encoding"), shown)
            data = _decoded(response.iter_raw(), codings, max_bytes, shown)
    except httpx.TooManyRedirects:
        raise ScheduleError(f"cannot fetch: more than {max_redirects} redirects", path=shown) from None
    except httpx.UnsupportedProtocol as exc:
        raise ScheduleError(f"cannot fetch: {exc} (http:// or https:// only)", path=shown) from None
    except httpx.InvalidURL as exc:
        raise ScheduleError(f"not a valid URL: {exc}", path=shown) from None
    except httpx.TimeoutException as exc:
        return fall_back(_timeout_reason(exc, transport.expired, limits, total, timeout is not None))
    except httpx.TransportError as exc:
        return fall_back(f"cannot reach the server ({_reason(exc)})")
    except httpx.HTTPError as exc:
        return fall_back(f"the server's answer is broken ({_reason(exc)})")
    sha = hashlib.sha256(data).hexdigest()
    return Fetched(shown, data, sha, "downloaded", now, etag=etag, last_modified=modified)


def _timeout_reason(exc: Exception, expired: bool, limits: Any, total: float, from_env: bool) -> str:
    import httpx

    if expired:
        setting = " (PLANNER_FETCH_TIMEOUT)" if from_env else ""
        return f"the whole fetch took over {total:g} s, its limit{setting}"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"the server did not accept a connection within {limits.connect:g} s"
    return f"the server sent nothing for {limits.read:g} s"


def _codings(values: list[str], shown: str) -> list[int]:
    """The zlib settings to undo ``Content-Encoding``, last applied first."""
    named = [part.strip().lower() for value in values for part in value.split(",")]
    named = [name for name in named if name and name != "identity"]
    if len(named) > 4:
        raise ScheduleError(f"cannot fetch: the body is encoded {len(named)} times over", path=shown)
    unknown = [name for name in named if name not in _CODINGS]
    if unknown:
        raise ScheduleError(
            f"cannot fetch: the server sent a body encoded as {unknown[0][:40]!r}, which planner "
            "did not ask for",
            path=shown,
        )
    return [_CODINGS[name] for name in reversed(named)]


def _decoded(raw: Iterable[bytes], codings: list[int], max_bytes: int, shown: str) -> bytes:
    """The body undone of ``codings``; every stage's output bounded by ``max_bytes``
    (an honest compressed stage is smaller than what it decodes to)."""
    stages = [_Stage(wbits) for wbits in codings]
    out: list[bytes] = []
    sizes = [0] * (len(stages) + 1)

    def push(level: int, data: bytes) -> None:
        sizes[level] += len(data)
        if sizes[level] > max_bytes:
            raise _too_big(shown, max_bytes)
        if level == len(stages):
            out.append(data)
            return
        for piece in stages[level].feed(data):
            push(level + 1, piece)

    try:
        for chunk in raw:
            push(0, chunk)
        for level, stage in enumerate(stages):
            if not stage.done:
                raise ScheduleError("cannot fetch: the compressed body ends before its end", path=shown)
            for piece in stage.rest():
                push(level + 1, piece)
    except zlib.error as exc:
        raise ScheduleError(f"cannot fetch: the compressed body is broken ({exc})", path=shown) from None
    return b"".join(out)


class _Stage:
    """One coding undone: gzip members one after another, or a deflate stream."""

    def __init__(self, wbits: int) -> None:
        self.wbits = wbits
        self.inflate = zlib.decompressobj(wbits)
        # What was fed before any output: fed again if "deflate" turns out to be raw.
        self.head: bytes | None = b"" if wbits == zlib.MAX_WBITS else None
        self.done = False

    def feed(self, data: bytes) -> Iterable[bytes]:
        if self.head is not None:
            self.head += data
        while data:
            if self.inflate.eof:
                # Another gzip member after the first (whitespace after a stream is let be).
                if not data.strip(b"\0\r\n \t"):
                    return
                self.inflate = zlib.decompressobj(self.wbits)
            try:
                piece = self.inflate.decompress(data, _PIECE)
            except zlib.error:
                if self.head is None:
                    raise
                # "deflate" sent raw, without its zlib wrapper, as some servers do.
                self.wbits, data, self.head = -zlib.MAX_WBITS, self.head, None
                self.inflate = zlib.decompressobj(self.wbits)
                continue
            if piece or self.inflate.eof or (self.head is not None and len(self.head) > _PIECE):
                self.head = None  # output (or enough input) proves the wrapper right
            data = self.inflate.unconsumed_tail or self.inflate.unused_data
            self.done = self.inflate.eof
            if piece:
                yield piece

    def rest(self) -> Iterable[bytes]:
        piece = self.inflate.flush()
        if piece:
            yield piece


def _too_big(url: str, max_bytes: int) -> ScheduleError:
    return ScheduleError(
        f"cannot fetch: the schedule is over {max_bytes / 1e6:g} MB; planner stopped reading",
        path=url,
    )


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    # httpx passes the OS error on: "[Errno 111] Connection refused" reads better without the number.
    if "] " in text and text.startswith("[Errno"):
        text = text.split("] ", 1)[1]
    return text.lower()[:200]
