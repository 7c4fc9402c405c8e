"""A conference's web address -> the schedule export it publishes.

People have the address of a conference's page, not of its export. The platforms
publish their programme at fixed shapes of address:

- pretalx: ``https://<host>/<event>/schedule/export/schedule.json`` (and ``.xml``);
- Sched: ``https://<event>.sched.com/all.ics`` (its pages refuse scripts; the export is open);
- Sessionize: ``https://sessionize.com/api/v2/<id>/view/All`` (the id is in the
  conference site's embed, ``.../view/GridSmart`` and the like);
- Indico: ``https://<host>/export/event/<id>.json?detail=contributions`` for
  ``https://<host>/event/<id>/``;
- frab: ``https://<host>/<lang>/<conf>/public/schedule.xml``, and a Fahrplan's
  ``schedule.xml`` beside its ``index.html``.

:func:`discover` tries, in order: exports the address itself names (Sched, Sessionize,
Indico), the address itself (it may be the export), exports the page links to, then
the platforms' shapes guessed from the address. Each candidate is fetched and read
by the ``load`` given, :func:`planner.readers.load_schedule` (so it is cached); the first that reads
is the answer. Only ``http(s)`` addresses are ever fetched, whatever a page links to, and a page
on the web never leads into this machine or its network (:func:`may_lead`);
redirects are followed by hand, at most :data:`MAX_REDIRECTS`, each checked; a page
is read up to :data:`MAX_PAGE_BYTES`; at most :data:`MAX_CANDIDATES` are tried.

>>> [c.url for c in from_address("https://kccnceu2026.sched.com/event/abc")]
['https://kccnceu2026.sched.com/all.ics']
>>> [c.url for c in from_address("https://indico.cern.ch/event/304944/timetable/")]
['https://indico.cern.ch/export/event/304944.json?detail=contributions']
"""

from __future__ import annotations

import ipaddress
import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from .errors import AgendaError, PlannerError, ScheduleError
from .fetch import USER_AGENT, is_url, public_url
from .frozen import frozen

if TYPE_CHECKING:
    from collections.abc import Callable

    from .models import Schedule

    # How a candidate is read: planner.load_schedule (passed in: the readers use this module).
    Load = Callable[..., Schedule]

MAX_REDIRECTS = 5
# Enough for any conference page's head and links; the rest of a bigger page is not read.
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_CANDIDATES = 8
PAGE_TIMEOUT = 15.0
# A whole page fetch, however slowly the bytes come.
PAGE_DEADLINE = 30.0
_SCHEMES = ("http", "https")

_LINK = re.compile(r"""(?:href|src|content|data-[a-z-]{1,30})\s*=\s*["']([^"'<>\s]{1,2000})["']""", re.I)
_SESSIONIZE_API = re.compile(r"https?://sessionize\.com/api/v2/([A-Za-z0-9]{1,40})/view/", re.I)
_INDICO_EVENT = re.compile(r"^(.*?)/event/(\d{1,12})(?:/|$)")
_INDICO_EXPORT = re.compile(r"/export/event/\d{1,12}\.(?:json|ics)", re.I)
_FRAB_PUBLIC = re.compile(r"^(/[a-z]{2}/[^/]{1,100})/public(?:/|$)")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)
_SCHED_PAGE = re.compile(r"\bsched\.com\b|powered by sched\b", re.I)
_SCHED_HOST = re.compile(r"^[a-z0-9-]{1,63}\.sched\.com$", re.I)
# What a linked export looks like, best first (a JSON export carries the most).
_EXPORT_LINKS = (
    ("pretalx", re.compile(r"/schedule/export/schedule\.json$", re.I)),
    ("Indico", re.compile(r"/export/event/\d{1,12}\.json", re.I)),
    ("frab", re.compile(r"schedule\.json$", re.I)),
    ("pretalx", re.compile(r"/schedule/export/schedule\.xml$", re.I)),
    ("frab", re.compile(r"schedule\.xml$", re.I)),
    ("Sched", re.compile(r"/all\.ics$", re.I)),
    ("Indico", re.compile(r"/export/event/\d{1,12}\.ics", re.I)),
    ("iCalendar", re.compile(r"\.ics$", re.I)),
)


@frozen(kw_only=False)
class Candidate:
    """An address that may be the export, with the platform it would be and why it is tried."""

    url: str
    platform: str
    how: str


@dataclass
class Found:
    """The export found for an address: where it is, what it is, and what was tried first."""

    url: str
    platform: str
    how: str
    schedule: Schedule
    tried: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line: what was found, and how.

        >>> from planner import load_schedule
        >>> Found("https://x.org/s.json", "pretalx", "linked from the page", load_schedule()).describe()[:48]
        'found the pretalx export of KubeCon + CloudNativ'
        """
        name = f" of {self.schedule.name}" if self.schedule.name else ""
        return (
            f"found the {self.platform} export{name} {public_url(self.url)} ({self.how}; "
            f"{len(self.schedule)} sessions, times in {self.schedule.timezone})"
        )


def _web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in _SCHEMES and bool(parts.hostname)


def is_html(text: str) -> bool:
    """True if ``text`` starts as an HTML page (after comments): a page, not an export.
    Comments are skipped with ``find``, so the work is linear in the text.

    >>> is_html("<!-- a --><!DOCTYPE html><p>"), is_html("<?xml version='1.0'?><schedule>")
    (True, False)
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    while head.startswith("<!--"):
        end = head.find("-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    return _HTML_START.match(head) is not None


def _local(url: str) -> bool:
    """True for an address on this machine or its network (``localhost``, a loopback,
    private or link-local IP), as far as the address itself says (no DNS lookup)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


def may_lead(origin: str, target: str) -> bool:
    """Whether a page at ``origin`` may send planner to ``target``: http(s) only, and
    never from a public page into this machine or its network.

    >>> may_lead("https://conf.example/", "http://127.0.0.1:8080/admin"), may_lead("http://127.0.0.1/", "http://127.0.0.1/s.json")
    (False, True)
    """
    return _web(target) and (_local(origin) or not _local(target))


def _sessionize_all(key: str) -> str:
    return f"https://sessionize.com/api/v2/{key}/view/All"


def from_address(url: str) -> list[Candidate]:
    """The exports an address names by its shape alone (no fetch): a Sched site, a
    Sessionize API view, an Indico event."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    found = []
    if _SCHED_HOST.match(host):
        found.append(Candidate(f"https://{host}/all.ics", "Sched", "the Sched site's export"))
    if match := _SESSIONIZE_API.match(url):
        found.append(Candidate(_sessionize_all(match.group(1)), "Sessionize", "the Sessionize view 'All'"))
    if (match := _INDICO_EVENT.match(parts.path)) and not _INDICO_EXPORT.search(parts.path):
        export = urlunsplit(
            (parts.scheme, parts.netloc, f"{match.group(1)}/export/event/{match.group(2)}.json", "", "")
        )
        found.append(Candidate(export + "?detail=contributions", "Indico", "the Indico event's export"))
    return found


def guesses(url: str) -> list[Candidate]:
    """The pretalx and frab export shapes guessed from a page's address."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    origin = f"{parts.scheme}://{parts.netloc}"
    found = []
    if (match := _FRAB_PUBLIC.match(parts.path)) is not None:
        found.append(
            Candidate(f"{origin}{match.group(1)}/public/schedule.xml", "frab", "frab's export address")
        )
    if segments and segments[0] not in ("en", "de", "api", "event", "export"):
        event = segments[0]
        found.append(
            Candidate(
                f"{origin}/{event}/schedule/export/schedule.json", "pretalx", "pretalx's export address"
            )
        )
    folder = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    found.append(
        Candidate(f"{origin}{folder}schedule.xml", "frab", "a Fahrplan's schedule.xml beside the page")
    )
    return found


def page_links(html: str, base: str) -> list[Candidate]:
    """The exports a page links to (absolute http(s) addresses only), best first.

    >>> page = '<a href="/democon/schedule/export/schedule.xml">XML</a> <a href="file:///etc/passwd">x</a>'
    >>> [c.url for c in page_links(page, "https://pretalx.example/democon/")]
    ['https://pretalx.example/democon/schedule/export/schedule.xml']
    """
    ranked: list[tuple[int, int, Candidate]] = []
    for match in _SESSIONIZE_API.finditer(html):
        ranked.append(
            (
                -1,
                match.start(),
                Candidate(_sessionize_all(match.group(1)), "Sessionize", "embedded in the page"),
            )
        )
    for match in _LINK.finditer(html):
        link = match.group(1).replace("&amp;", "&").strip()
        if link.lower().startswith("webcal://"):  # a calendar subscription is an https address
            link = "https://" + link[len("webcal://") :]
        try:
            absolute = urljoin(base, link)
        except ValueError:
            continue
        if not _web(absolute):
            continue
        if not may_lead(base, absolute):
            continue
        path = urlsplit(absolute).path
        for rank, (platform, pattern) in enumerate(_EXPORT_LINKS):
            if pattern.search(path):
                ranked.append((rank, match.start(), Candidate(absolute, platform, "linked from the page")))
                break
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [candidate for _, _, candidate in ranked]


@dataclass
class Page:
    url: str
    status: int
    text: str


def fetch_page(url: str, *, timeout: float | None = None) -> Page:
    """GET ``url``, following at most :data:`MAX_REDIRECTS` redirects by hand (each to
    http(s) only), reading at most :data:`MAX_PAGE_BYTES` of the body."""
    import httpx

    from .settings import from_environment

    if timeout is None:
        timeout = from_environment().fetch_timeout_seconds() or PAGE_TIMEOUT
    deadline = time.monotonic() + max(PAGE_DEADLINE, 3 * timeout)
    current = url
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/json,*/*"}
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, headers=headers) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if not _web(current):
                raise ScheduleError(
                    "a redirect leads away from http(s); planner follows none", path=public_url(url)
                )
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect and "location" in response.headers:
                        target = urljoin(current, response.headers["location"].strip())
                        if not may_lead(current, target):
                            raise ScheduleError(
                                "a redirect leads away from http(s), or from the web into this "
                                "machine's network; planner follows none",
                                path=public_url(url),
                            )
                        current = target
                        continue
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) >= MAX_PAGE_BYTES or time.monotonic() > deadline:
                            break
                    return Page(current, response.status_code, _decode(bytes(body), response))
            except httpx.TimeoutException:
                raise ScheduleError(
                    f"cannot fetch: no answer within {timeout:g} s", path=public_url(current)
                ) from None
            except (httpx.TransportError, httpx.InvalidURL) as exc:
                raise ScheduleError(
                    f"cannot fetch: {str(exc)[:200] or type(exc).__name__}", path=public_url(current)
                ) from None
    raise ScheduleError(f"cannot fetch: more than {MAX_REDIRECTS} redirects", path=public_url(url))


def _decode(body: bytes, response) -> str:
    """The page's text in the charset it names, else UTF-8 (an unknown charset is no error)."""
    try:
        return body.decode(response.encoding or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def discover(url: str, *, load: Load, tz: str | None = None) -> Found:
    """The schedule export published for the conference at ``url``, read by ``load``
    (:func:`planner.load_schedule`, or one with the same ``(url, *, tz)`` call).

    Raises :class:`~planner.errors.ScheduleError` (one line, with what was tried)
    when none is found.
    """
    url = url.strip()
    if not is_url(url) or not _web(url):
        raise ScheduleError("a conference's address starts with http:// or https://", path=public_url(url))
    tried: list[str] = []
    seen: set[str] = set()

    def attempt(candidates: list[Candidate]) -> Found | None:
        for candidate in candidates:
            if candidate.url in seen or len(seen) >= MAX_CANDIDATES or not _web(candidate.url):
                continue
            seen.add(candidate.url)
            try:
                schedule = load(candidate.url, tz=tz)
            except PlannerError as exc:
                tried.append(f"{public_url(candidate.url)}: {exc.message[:120]}")
                continue
            return Found(candidate.url, candidate.platform, candidate.how, schedule, tried)
        return None

    if found := attempt(from_address(url)):
        return found
    page = fetch_page(url)
    if page.status == 200 and not is_html(page.text):
        if found := attempt([Candidate(url, "schedule", "the address is the export itself")]):
            return found
    elif page.status != 200:
        tried.append(f"{public_url(url)}: the server answered {page.status}")
    candidates = page_links(page.text, page.url) + from_address(page.url) + guesses(page.url)
    if _SCHED_PAGE.search(page.text):  # a Sched site on the conference's own domain
        parts = urlsplit(page.url)
        candidates.append(
            Candidate(f"{parts.scheme}://{parts.netloc}/all.ics", "Sched", "a Sched site's export")
        )
    if found := attempt(candidates):
        return found
    shown = "; ".join(tried[:MAX_CANDIDATES]) or "nothing to try"
    hint = None
    if (urlsplit(url).hostname or "").lower() == "sessionize.com":
        hint = (
            "a Sessionize event page does not name its schedule's API; give the conference "
            "site's schedule page, or https://sessionize.com/api/v2/<id>/view/All"
        )
    raise ScheduleError(
        f"found no schedule export for this address (tried {shown})", path=public_url(url), hint=hint
    )


def read_page_export(url: str, *, load: Load, tz: str | None = None) -> Schedule:
    """The schedule published for the page at ``url``, with a notice saying which
    export was read and how to follow it without looking again."""
    from .errors import SourceWarning

    found = discover(url, load=load, tz=tz)
    notice = SourceWarning(
        f"this address is a page, not a schedule: read {public_url(found.url)} ({found.how}); "
        "`planner open` writes an agenda that follows the export directly",
        path=public_url(url),
        notice=True,
    )
    return replace(found.schedule, warnings=(notice, *found.schedule.warnings))


@dataclass
class Opened:
    """What ``planner open`` did: the export found and the agenda that follows it."""

    found: Found
    agenda: Path
    created: bool


def open_conference(
    url: str, agenda: str | os.PathLike | None = None, *, load: Load, tz: str | None = None
) -> Opened:
    """Find the export of the conference at ``url`` and write an agenda that follows it.

    ``load`` reads a candidate (:func:`planner.load_schedule`). The agenda is ``agenda``,
    else ``$PLANNER_AGENDA``, else ./agenda.yaml; one that follows another schedule is
    left alone (an error), one that follows this one is kept.
    """
    from .agenda_file import DEFAULT_AGENDA, AgendaFile
    from .settings import from_environment

    found = discover(url, load=load, tz=tz)
    file = AgendaFile(Path(agenda or from_environment().agenda or DEFAULT_AGENDA))
    created = not file.exists()
    saved = public_url(found.url)  # a password in the address is never written
    if not created:
        current = file.load().schedule
        if current and public_url(current) != saved:
            raise AgendaError(
                f"already follows {current}; give another file with --agenda to follow {saved}",
                path=file.label,
            )
    with file.edit(create_for_schedule=saved) as document:
        if document.agenda().schedule != saved:
            document.set("schedule", saved, after="version")
        if tz:
            document.set("timezone", tz, after="schedule")
    return Opened(found, file.path, created)
