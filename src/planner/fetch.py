"""Schedules at a URL: fetched with ``httpx``, kept in the user's cache folder,
revalidated on every read, and used from the cache when the server is away.

What a fetch does, and why:

- Only ``http`` and ``https``: a schedule URL is a web address; anything else
  (``file:``, ``ftp:``) is refused with one line.
- A repeat fetch sends ``If-None-Match`` (the ETag) and ``If-Modified-Since``
  (the Last-Modified) of the cached copy; a ``304 Not Modified`` downloads
  nothing, and parses nothing: the schedule parsed from that copy is kept
  beside it (see :func:`parsed_copy`), so a new process reuses it too.
- The body is read as a stream and the fetch stops as soon as it passes the
  size limit, so a runaway server cannot fill the disk or memory.
- Connect and read timeouts, and an overall deadline (a server that trickles
  a byte a second still ends); redirects followed at most ``MAX_REDIRECTS`` times.
- A server that is down (no connection, a timeout, a 5xx) with a cached copy
  present: the copy is used and the fetch says, in one line, how old it is.
  Without a copy, or for an answer such as 404 that is the server's word, the
  fetch fails with one line (:class:`~planner.errors.ScheduleError`, exit 2).

The cache folder is ``platformdirs.user_cache_dir("planner")/schedules``, or
``$PLANNER_CACHE_DIR/schedules``. Each URL has files named by a hash of
the URL: ``.body`` (the bytes as served), ``.json`` (URL, ETag,
Last-Modified, when fetched, the body's SHA-256) and ``.parsed`` (the schedule
read from those bytes, as JSON, under a first line saying which bytes, which
read options and which planner version it holds).

>>> is_url("https://example.org/schedule.json"), is_url("schedule.json")
(True, False)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import PlannerError, ScheduleError
from .files import atomic_write
from .settings import from_environment

# A conference schedule is rarely over 2 MB; the same ceiling as for files.
MAX_BYTES = 32 * 1024 * 1024
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
# A whole fetch, however the bytes trickle in.
TOTAL_TIMEOUT = 60.0
MAX_REDIRECTS = 5
USER_AGENT = f"planner/{__version__} (+https://github.com/planner/planner)"
_SCHEMES = ("http://", "https://")


def is_url(text: str | os.PathLike | None) -> bool:
    """Whether ``text`` names a schedule on the web (or tries to: ``ftp://`` counts, to be refused)."""
    if text is None:
        return False
    value = str(text)
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.isalpha() and len(scheme) > 1


def cache_dir() -> Path:
    """Where fetched schedules are kept: ``$PLANNER_CACHE_DIR/schedules`` or the user cache dir."""
    from .settings import cache_folder

    return cache_folder() / "schedules"


@dataclass(frozen=True)
class Fetched:
    """A schedule fetched (or taken from the cache): where its bytes are, and how it went."""

    url: str
    path: Path
    sha256: str
    # "downloaded": new bytes; "not-modified": the server said 304; "cached": the server was away.
    how: str
    fetched_at: dt.datetime
    warning: str | None = None

    @property
    def downloaded(self) -> bool:
        return self.how == "downloaded"


@dataclass(frozen=True)
class _Meta:
    url: str
    sha256: str
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def read(cls, path: Path) -> _Meta | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return None


def _paths(url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    folder = cache_dir()
    return folder / f"{key}.body", folder / f"{key}.json"


def _parsed_header(fetched: Fetched, options: tuple) -> str:
    # What the parsed copy depends on: the exact bytes (their hash, not the ETag,
    # which a server may reuse), the read options that change the result, and
    # planner's version, so that an upgrade reads the bytes again.
    record = {"planner": __version__, "url": fetched.url, "sha256": fetched.sha256}
    return json.dumps({**record, "options": list(options)}, sort_keys=True)


def parsed_copy(fetched: Fetched, options: tuple) -> str | None:
    """The schedule JSON kept for ``fetched``'s bytes read with ``options``, or ``None``.

    ``None`` whenever it cannot be trusted: missing, unreadable, written for other
    bytes, other options or another planner version. The caller then parses the body.
    """
    path = fetched.path.with_suffix(".parsed")
    try:
        header, sep, body = path.read_text(encoding="utf-8").partition("\n")
    except (OSError, ValueError):
        return None
    return body if sep and header == _parsed_header(fetched, options) else None


def keep_parsed(fetched: Fetched, options: tuple, schedule_json: str) -> None:
    """Keep ``schedule_json`` (the schedule read from ``fetched``) for the next process.

    Best effort: a cache that cannot be written only means the next read parses again.
    """
    text = _parsed_header(fetched, options) + "\n" + schedule_json
    with contextlib.suppress(OSError, PlannerError):
        atomic_write(fetched.path.with_suffix(".parsed"), text, label=str(fetched.path))


def _atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
        "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


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
    timeout: float | None = None,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """Fetch ``url`` into the cache (revalidating a cached copy) and say where its bytes are.

    ``timeout`` (seconds) bounds connecting and each read; default
    ``$PLANNER_FETCH_TIMEOUT`` or 10 s to connect and 20 s per read.
    Raises :class:`~planner.errors.ScheduleError` with one line on failure.
    """
    import httpx

    if not url.lower().startswith(_SCHEMES):
        raise ScheduleError("planner fetches schedules over http:// or https:// only", path=url)
    if timeout is None:
        timeout = from_environment().fetch_timeout_seconds()
    limits = (
        httpx.Timeout(timeout)
        if timeout is not None
        else httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    )
    deadline = time.monotonic() + max(TOTAL_TIMEOUT, 3 * (timeout or 0))
    body_path, meta_path = _paths(url)
    meta = _Meta.read(meta_path) if body_path.exists() else None
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if meta and meta.etag:
        headers["If-None-Match"] = meta.etag
    if meta and meta.last_modified:
        headers["If-Modified-Since"] = meta.last_modified

    def fall_back(reason: str) -> Fetched:
        if meta is None:
            raise ScheduleError(f"cannot fetch: {reason}", path=url) from None
        fetched_at = dt.datetime.fromisoformat(meta.fetched_at)
        age = age_text((dt.datetime.now(dt.UTC) - fetched_at).total_seconds())
        warning = f"{reason}; using the copy fetched {age} ago ({fetched_at:%Y-%m-%d %H:%M} UTC)"
        return Fetched(url, body_path, meta.sha256, "cached", fetched_at, warning)

    try:
        with (
            httpx.Client(
                timeout=limits, follow_redirects=True, max_redirects=max_redirects, headers=headers
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code == 304 and meta is not None:
                now = dt.datetime.now(dt.UTC)
                _write_meta(meta_path, meta, now, response)
                return Fetched(url, body_path, meta.sha256, "not-modified", now)
            if response.status_code >= 500:
                return fall_back(f"the server answered {response.status_code} {response.reason_phrase}")
            if response.status_code != 200:
                raise ScheduleError(
                    f"cannot fetch: the server answered {response.status_code} {response.reason_phrase}",
                    path=url,
                )
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(url, max_bytes)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise _too_big(url, max_bytes)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the whole fetch took too long")
                chunks.append(chunk)
            data = b"".join(chunks)
    except httpx.TooManyRedirects:
        raise ScheduleError(f"cannot fetch: more than {max_redirects} redirects", path=url) from None
    except httpx.UnsupportedProtocol as exc:
        raise ScheduleError(f"cannot fetch: {exc} (http:// or https:// only)", path=url) from None
    except httpx.InvalidURL as exc:
        raise ScheduleError(f"not a valid URL: {exc}", path=url) from None
    except httpx.TimeoutException:
        return fall_back(f"the server did not answer within {timeout or READ_TIMEOUT:g} s")
    except httpx.TransportError as exc:
        return fall_back(f"cannot reach the server ({_reason(exc)})")
    sha = hashlib.sha256(data).hexdigest()
    now = dt.datetime.now(dt.UTC)
    try:
        _atomic_bytes(body_path, data)
        fresh = _Meta(url, sha, now.isoformat())
        _write_meta(meta_path, fresh, now, response)
    except OSError as exc:
        where = cache_dir()
        raise ScheduleError(f"cannot write the cached copy in {where}: {exc.strerror}", path=url) from None
    return Fetched(url, body_path, sha, "downloaded", now)


def _write_meta(path: Path, meta: _Meta, now: dt.datetime, response) -> None:
    etag = response.headers.get("ETag") or meta.etag
    modified = response.headers.get("Last-Modified") or meta.last_modified
    record = {
        "url": meta.url,
        "sha256": meta.sha256,
        "fetched_at": now.isoformat(),
        "etag": etag,
        "last_modified": modified,
    }
    _atomic_bytes(path, json.dumps(record, indent=1).encode("utf-8"))


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
    return text.lower()


# Schedules parsed in this process, by URL and body hash and reader options: a 304
# (same bytes) is not parsed again.
_PARSED: dict[tuple, object] = {}


def remember(key: tuple, schedule: object) -> None:
    if len(_PARSED) > 16:
        _PARSED.clear()
    _PARSED[key] = schedule


def recall(key: tuple) -> object | None:
    return _PARSED.get(key)
