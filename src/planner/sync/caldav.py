"""The CalDAV target: one calendar collection, written with conditional PUT and DELETE.

Requests go through ``caldav.DAVClient`` (its authentication, TLS and session);
the bodies are the bytes planner built, sent with the ETag precondition planner
chose, so nothing re-serialises an event or raises its SEQUENCE on the way.
"""

from __future__ import annotations

import re
import urllib.parse
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from .store import Changed, Exists, Refused, Store, SyncError

TIMEOUT = 30
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_XML = {"Content-Type": "application/xml; charset=utf-8"}
_ICS = {"Content-Type": "text/calendar; charset=utf-8"}


class CalDAVStore(Store):
    """A CalDAV calendar collection, through ``caldav.DAVClient``'s requests.

    Events are written with plain conditional PUT/DELETE (RFC 4791 section
    5.3.2, RFC 9110 section 13): the bytes go as planner built them, with the
    ETag precondition planner chose.
    """

    def __init__(self, url: str, username: str | None, password: str | None, name: str | None = None):
        from ..extras import require

        require("sync")
        import caldav

        self.url = url if url.endswith("/") else url + "/"
        self.label = without_userinfo(self.url)
        self.name = name
        self.client = caldav.DAVClient(url=self.url, username=username, password=password, timeout=TIMEOUT)

    def _request(self, url: str, method: str, body: str = "", headers: dict | None = None):
        from caldav.lib import error

        try:
            return self.client.request(url, method, body, headers or {})
        except error.AuthorizationError:
            raise SyncError(
                "the server refused the user name or password (401); nothing was changed"
                if method in ("PROPFIND", "MKCALENDAR")
                else "the server refused the user name or password (401)",
                path=self.label,
                hint="set PLANNER_CALDAV_USERNAME and PLANNER_CALDAV_PASSWORD, or a ~/.netrc entry",
            ) from None
        except error.DAVError as exc:
            raise SyncError(f"the server failed: {exc}", path=self.label) from None
        except OSError as exc:  # niquests' ConnectionError and timeouts are OSErrors
            raise SyncError(f"cannot reach the server ({_short(exc)})", path=self.label) from None

    def _href(self, name: str) -> str:
        return urllib.parse.urljoin(self.url, urllib.parse.quote(name))

    def open(self, *, create: bool) -> bool:
        body = '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>'
        response = self._request(self.url, "PROPFIND", body, {"Depth": "0", **_XML})
        if response.status == 404:
            if not create:
                return True
            return self._make_calendar()
        if response.status != 207:
            raise SyncError(f"the server answered {response.status} {response.reason}", path=self.label)
        tree = ElementTree.fromstring(response.raw)
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
        )
        response = self._request(self.url, "MKCALENDAR", body, _XML)
        if response.status not in (200, 201):
            raise SyncError(
                f"cannot create the calendar: the server answered {response.status} {response.reason}",
                path=self.label,
            )
        return True

    def list(self) -> dict[str, str | None]:
        body = '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
        response = self._request(self.url, "PROPFIND", body, {"Depth": "1", **_XML})
        if response.status == 404:
            return {}
        if response.status != 207:
            raise SyncError(f"the server answered {response.status} {response.reason}", path=self.label)
        found: dict[str, str | None] = {}
        own = urllib.parse.urlparse(self.url).path.rstrip("/")
        for item in ElementTree.fromstring(response.raw).iter(f"{_DAV}response"):
            href = urllib.parse.urlparse((item.findtext(f"{_DAV}href") or "").strip()).path
            if href.rstrip("/") == own or href.endswith("/"):
                continue
            etag = item.findtext(f".//{_DAV}getetag")
            found[urllib.parse.unquote(href.rsplit("/", 1)[-1])] = etag.strip() if etag else None
        return found

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        response = self._request(self._href(name), "GET")
        if response.status == 404:
            return None
        if response.status != 200:
            raise SyncError(f"the server answered {response.status} {response.reason}", path=self.label)
        raw = response.raw if isinstance(response.raw, bytes) else str(response.raw).encode("utf-8")
        return raw, response.headers.get("ETag")

    def _put(self, name: str, body: bytes, headers: dict[str, str]) -> str | None:
        response = self._request(self._href(name), "PUT", body.decode("utf-8"), {**_ICS, **headers})
        if response.status in (200, 201, 204):
            return response.headers.get("ETag")
        if response.status == 412:
            raise Exists if "If-None-Match" in headers else Changed
        if response.status in (400, 403, 409) and "If-None-Match" in headers:
            raise Refused
        raise SyncError(f"the server refused {name}: {response.status} {response.reason}", path=self.label)

    def create(self, name: str, body: bytes) -> str | None:
        return self._put(name, body, {"If-None-Match": "*"})

    def update(self, name: str, body: bytes, etag: str | None) -> str | None:
        return self._put(name, body, {"If-Match": etag} if etag else {})

    def delete(self, name: str, etag: str | None) -> None:
        response = self._request(self._href(name), "DELETE", "", {"If-Match": etag} if etag else {})
        if response.status in (200, 204, 404):
            return
        if response.status == 412:
            raise Changed
        raise SyncError(f"the server refused to delete {name}: {response.status}", path=self.label)


def _short(exc: Exception) -> str:
    text = str(exc)
    found = re.search(r"\[Errno -?\d+\] ([^')\]]+)", text)
    if found:
        return found.group(1).lower()
    if "timed out" in text.lower():
        return "timed out"
    return (text.splitlines() or [type(exc).__name__])[0][:120]


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
