"""The CalDAV target: one calendar collection, written with conditional PUT and DELETE.

The bodies are the bytes planner built, sent with the ETag precondition planner
chose (RFC 4791 section 5.3.2, RFC 9110 section 13), so nothing re-serialises an
event or raises its SEQUENCE on the way. Every answer goes through
:class:`~.http.DavHttp` (bounded in size and time) and every XML answer through
:func:`parse_xml` (no DTD, no entities): a hostile server is one clear line.
"""

from __future__ import annotations

import urllib.parse
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from .http import Answer, DavHttp
from .records import is_safe_name
from .store import Changed, Exists, Refused, Store, SyncError

TIMEOUT = 30
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_XML = {"Content-Type": "application/xml; charset=utf-8"}
_ICS = {"Content-Type": "text/calendar; charset=utf-8"}
_CREATE_IT = "create the calendar in your calendar app or the server's web page, then sync to its URL"
_PROPFIND_TYPE = b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>'
_PROPFIND_ETAG = b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'


def parse_xml(data: bytes, label: str) -> ElementTree.Element:
    """A server's XML answer, refused when empty, malformed or declaring a DTD or entities.
    (ElementTree would expand an internal entity, however many times it is nested.)

    >>> parse_xml(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "dav")
    Traceback (most recent call last):
    ...
    planner.sync.store.SyncError: dav: the server's answer declares a DTD or entities (refused)
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise SyncError("the server's answer declares a DTD or entities (refused)", path=label)
    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError, RecursionError) as exc:
        reason = "is empty" if not data.strip() else f"is not well-formed XML ({str(exc)[:60]})"
        raise SyncError(f"the server's answer {reason}", path=label) from None


class CalDAVStore(Store):
    """A CalDAV calendar collection at ``url``.

    >>> CalDAVStore("https://dav.example.org/ann/kubecon", "ann", "x").url
    'https://dav.example.org/ann/kubecon/'
    """

    def __init__(
        self,
        url: str,
        username: str | None,
        password: str | None,
        name: str | None = None,
        timeout: float | None = None,
    ):
        from ..extras import require

        # Kept from the extras layout (planner.extras); the requests themselves go through httpx.
        require("sync")
        self.url = without_userinfo(url if url.endswith("/") else url + "/")
        self.label = self.url
        self.name = name
        self.http = DavHttp((username, password), label=self.label, timeout=timeout)

    def _request(self, url: str, method: str, body: bytes = b"", headers: dict | None = None) -> Answer:
        answer = self.http.request(method, url, body, headers or {})
        if answer.status == 401:
            raise SyncError(
                "the server refused the user name or password (401); nothing was changed"
                if method in ("PROPFIND", "MKCALENDAR")
                else "the server refused the user name or password (401)",
                path=self.label,
                hint="set PLANNER_CALDAV_USERNAME and PLANNER_CALDAV_PASSWORD, or a ~/.netrc entry",
            )
        if 300 <= answer.status < 400:
            where = without_userinfo(answer.headers.get("location", "elsewhere"))[:200]
            raise SyncError(
                f"the server answered {answer.status} (moved to {where}); planner does not follow it",
                path=self.label,
                hint="give the calendar's own URL",
            )
        return answer

    def _href(self, name: str) -> str:
        # Checked where used: whatever a state file or a server said, a request stays under the calendar.
        if not is_safe_name(name):
            raise SyncError(f"refused the resource name {name[:80]!r}: not one plain name", path=self.label)
        return self.url + urllib.parse.quote(name)

    def _failed(self, answer: Answer, what: str = "") -> SyncError:
        return SyncError(
            f"{what}the server answered {answer.status} {answer.reason}".strip(), path=self.label
        )

    def open(self, *, create: bool) -> bool:
        answer = self._request(self.url, "PROPFIND", _PROPFIND_TYPE, {"Depth": "0", **_XML})
        if answer.status == 404:
            return self._make_calendar() if create else True
        if answer.status != 207:
            raise self._failed(answer)
        tree = parse_xml(answer.body, self.label)
        if _missing(tree):
            # Xandikos, and Cyrus before 2026-07, say "not found" inside a 207.
            return self._make_calendar() if create else True
        if tree.find(f".//{_DAV}resourcetype/{_CALDAV}calendar") is None:
            raise SyncError(
                "is not a calendar collection (give the URL of one calendar); nothing was changed",
                path=self.label,
            )
        return False

    def _make_calendar(self) -> bool:
        name = escape(self.name or "planner")
        body = (
            '<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f"<D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"
        ).encode()
        answer = self._request(self.url, "MKCALENDAR", body, _XML)
        if answer.status == 409:
            # The folder above is missing (a fresh Radicale has no user folder until first use).
            parent = self.url.rstrip("/").rsplit("/", 1)[0] + "/"
            made = self._request(parent, "MKCOL")
            if made.status not in (200, 201):
                raise SyncError(
                    f"cannot create the calendar: the folder above it ({without_userinfo(parent)}) does not "
                    f"exist and the server would not create it ({made.status} {made.reason})",
                    path=self.label,
                    hint=_CREATE_IT,
                )
            answer = self._request(self.url, "MKCALENDAR", body, _XML)
        if answer.status not in (200, 201):
            raise SyncError(
                f"cannot create the calendar: the server answered {answer.status} {answer.reason}",
                path=self.label,
                hint=_CREATE_IT,
            )
        return True

    def list(self) -> dict[str, str | None]:
        answer = self._request(self.url, "PROPFIND", _PROPFIND_ETAG, {"Depth": "1", **_XML})
        if answer.status == 404:
            return {}
        if answer.status != 207:
            raise self._failed(answer)
        found: dict[str, str | None] = {}
        own = urllib.parse.urlparse(self.url).path.rstrip("/")
        for item in parse_xml(answer.body, self.label).iter(f"{_DAV}response"):
            href = urllib.parse.urlparse((item.findtext(f"{_DAV}href") or "").strip()).path
            if href.rstrip("/") == own or href.endswith("/") or _status_missing(item):
                continue
            etag = item.findtext(f".//{_DAV}getetag")
            # Only names planner could use count; anything else in the calendar is not its own.
            name = urllib.parse.unquote(href.rsplit("/", 1)[-1])
            if is_safe_name(name):
                found[name] = etag.strip() if etag else None
        return found

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        answer = self._request(self._href(name), "GET")
        if answer.status == 404:
            return None
        if answer.status != 200:
            raise self._failed(answer)
        return answer.body, answer.headers.get("etag")

    def _put(self, name: str, body: bytes, headers: dict[str, str]) -> str | None:
        answer = self._request(self._href(name), "PUT", body, {**_ICS, **headers})
        if answer.status in (200, 201, 204):
            return answer.headers.get("etag")
        if answer.status == 412:
            raise Exists if "If-None-Match" in headers else Changed
        if answer.status in (400, 403, 409) and "If-None-Match" in headers:
            raise Refused
        raise self._failed(answer, f"the server refused {name}: ")

    def create(self, name: str, body: bytes) -> str | None:
        return self._put(name, body, {"If-None-Match": "*"})

    def update(self, name: str, body: bytes, etag: str | None) -> str | None:
        return self._put(name, body, {"If-Match": etag} if etag else {})

    def delete(self, name: str, etag: str | None) -> None:
        answer = self._request(self._href(name), "DELETE", b"", {"If-Match": etag} if etag else {})
        if answer.status in (200, 204, 404):
            return
        if answer.status == 412:
            raise Changed
        raise self._failed(answer, f"the server refused to delete {name}: ")


def _status_missing(item: ElementTree.Element) -> bool:
    status = item.findtext(f"{_DAV}status") or ""
    return " 404" in status


def _missing(tree: ElementTree.Element) -> bool:
    """A 207 whose answer is "404 not found" (for the resource, or for every property asked)."""
    first = tree.find(f"{_DAV}response")
    if first is None:
        return False
    if _status_missing(first):
        return True
    statuses = [propstat.findtext(f"{_DAV}status") or "" for propstat in first.iter(f"{_DAV}propstat")]
    return bool(statuses) and all(" 404" in s for s in statuses)


def without_userinfo(url: str) -> str:
    """``url`` without a user name or password in it: what planner shows and keeps.

    >>> without_userinfo("https://ann:secret@dav.example.org:8443/ann/kubecon/")
    'https://dav.example.org:8443/ann/kubecon/'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
