"""Recordings of CCC-family talks from the media.ccc.de public API, by the event's guid.

Only when asked (``planner later --recordings``); at most :data:`MAX_LOOKUPS` requests a
command, only ``https://api.media.ccc.de/public/events/<guid>``, through planner's own
fetch (size and time limits) and cache. A found link is kept; a talk with no recording
yet (404, or no ``recordings``) is asked again after :data:`RECHECK_SECONDS`. The first
failure to reach the server stops the look-ups, with one line saying so.

Example::

    later = with_found_recordings(watch_later(planner), cache=Cache.default())
    print([talk.link for talk in later.talks])
"""

from __future__ import annotations

import dataclasses
import re
import time
from urllib.parse import urlsplit

import orjson

from .cache import Cache
from .errors import PlannerError, ScheduleError
from .frozen import frozen
from .later import LaterTalk, WatchLater
from .settings import MEDIA_CCC_API, from_environment

API = "https://api.media.ccc.de/public/events/"
# Where a test's own server stands in for the API: a loopback address only.
API_ENV = MEDIA_CCC_API
MAX_LOOKUPS = 20
MAX_ANSWER_BYTES = 1_000_000
RECHECK_SECONDS = 6 * 3600
# Hosts of CCC-family events (the Congress, camps, the regional events the c3voc records).
CCC_HOSTS = ("ccc.de", "c3voc.de", "cccv.de")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@frozen(kw_only=False)
class Found:
    """The list with the links found, how many requests were made, and a notice if one failed."""

    later: WatchLater
    requests: int
    notice: str | None = None


def api_base(value: str | None = None) -> str:
    """The API's address: media.ccc.de's, or ``value`` (``$PLANNER_MEDIA_CCC_API``, read in
    :mod:`planner.settings`) when it is a loopback ``http://`` address (a test's server);
    anything else there is refused.

    >>> api_base()
    'https://api.media.ccc.de/public/events/'
    >>> api_base("http://127.0.0.1:8000/events/")
    'http://127.0.0.1:8000/events/'
    """
    if not value:
        return API
    parts = urlsplit(value)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise PlannerError(f"{API_ENV} must be a loopback http:// address (a test's server), not {value!r}")
    return value if value.endswith("/") else value + "/"


def is_ccc_family(talk: LaterTalk) -> bool:
    """Whether the talk's own page is on a CCC host and it has a guid to ask by."""
    session = talk.session
    if not session.guid or not _GUID.match(session.guid):
        return False
    urls = [session.url or ""] + [url for _, url in session.links]
    hosts = {(urlsplit(url).hostname or "").lower() for url in urls}
    return any(host == h or host.endswith("." + h) for host in hosts for h in CCC_HOSTS)


def recording_link(answer: bytes) -> str | None:
    """The talk's page on media.ccc.de (``frontend_link``), else its first video file, from
    an API answer; None when it has no recording yet or the answer is not one.

    >>> recording_link(b'{"frontend_link": "https://media.ccc.de/v/38c3-1", "recordings": [{}]}')
    'https://media.ccc.de/v/38c3-1'
    >>> recording_link(b'{"frontend_link": "https://media.ccc.de/v/38c3-1", "recordings": []}') is None
    True
    >>> recording_link(b'{"frontend_link": "https://x/\\\\u001b[2J", "recordings": [{}]}') is None
    True
    """
    try:
        data = orjson.loads(answer)
    except orjson.JSONDecodeError:
        return None
    recordings = data.get("recordings") if isinstance(data, dict) else None
    if not isinstance(recordings, list) or not recordings:
        return None
    candidates = [data.get("frontend_link")] + [
        r.get("recording_url")
        for r in recordings
        if isinstance(r, dict) and str(r.get("mime_type", "")).startswith("video/")
    ]
    for url in candidates:
        # Shown in a terminal: printable ASCII only (no escapes, no spaces).
        if _showable(url):
            return url
    return None


def _showable(url: object) -> bool:
    return (
        isinstance(url, str)
        and url.startswith("https://")
        and url.isascii()
        and url.isprintable()
        and " " not in url
        and len(url) <= 2000
    )


def with_found_recordings(
    later: WatchLater, *, cache: Cache | None = None, limit: int = MAX_LOOKUPS, base: str | None = None
) -> Found:
    """``later`` with the recording links media.ccc.de has for its CCC-family talks that have none."""
    from .fetch import fetch

    base = base or api_base(from_environment().media_ccc_api)
    talks, requests, notice = [], 0, None
    for talk in later.talks:
        if talk.link or not is_ccc_family(talk) or notice:
            talks.append(talk)
            continue
        guid = talk.session.guid.lower()  # type: ignore[union-attr]  # is_ccc_family checked it
        kept = cache.read("media-ccc", guid, base) if cache else None
        if kept is not None and (kept[1] or time.time() - kept[0].get("at", 0) < RECHECK_SECONDS):
            link = kept[1].decode() or None
        elif requests >= limit:
            notice = notice or f"asked media.ccc.de about {limit} talks; the rest another time"
            link = None
        else:
            requests += 1
            try:
                link = recording_link(fetch(base + guid, max_bytes=MAX_ANSWER_BYTES, max_redirects=0).data)
            except ScheduleError as exc:
                if "answered 404" not in str(exc):
                    notice = f"media.ccc.de: {exc}; no more look-ups this time"
                    talks.append(talk)
                    continue
                link = None
            if cache is not None:
                cache.keep("media-ccc", guid, base, (link or "").encode(), {"at": time.time()})
        talks.append(dataclasses.replace(talk, found_link=link) if link else talk)
    return Found(WatchLater(tuple(talks)), requests, notice)
