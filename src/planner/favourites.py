"""Favourites as other tools export them: one small reader class per format, one registry.

Each reader turns a file's text into :class:`Favourites`: the events it names
(:class:`Wanted`, with whatever the tool carries: its own event ID, a link, a UID,
a title and start) and what it says about the schedule they were taken from. The
formats, as their exporters write them:

- FOSDEM Companion's "Export bookmarks": an iCalendar file whose UIDs are
  ``<event id>@<year>@be.digitalia.fosdem`` (``BookmarksExportProvider.kt``);
- Giggity's "Share selections": one link,
  ``https://ggt.gaa.st/#url=<schedule URL>&see=<IDs>``, the IDs a JSON list,
  zlib-compressed and base64url-encoded (``ScheduleUI.exportLink``);
- any other iCalendar file of sessions (Sched's "My Schedule" feed, pretalx's
  starred talks, planner's own export);
- a list of session links, one a line.

>>> found = read_favourites("https://fosdem.org/2025/schedule/event/x/\\n", "links.txt")
>>> found.kind, found.wanted[0].url
('list of session links', 'https://fosdem.org/2025/schedule/event/x/')
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import zlib
from typing import Any, ClassVar
from urllib.parse import unquote_plus, urlsplit

from .agenda import Priority
from .errors import PlannerError
from .frozen import frozen

# An export of favourites is small; a whole conference's .ics is a few MB.
MAX_EVENTS = 20_000
# A Giggity link's IDs, once inflated: a few KB for a few hundred favourites.
MAX_INFLATED_BYTES = 1024 * 1024


class FavouritesError(PlannerError):
    """Favourites that cannot be read or that belong to another conference."""


@frozen(kw_only=False)
class Wanted:
    """One favourite as another tool wrote it."""

    title: str | None = None
    start: dt.datetime | None = None
    url: str | None = None
    uid: str | None = None
    # The tool's ID of the event: the schedule feed's own (frab ``id`` or guid).
    event_id: str | None = None
    # A planner session ID (the share text).
    session_id: str | None = None
    priority: Priority = "must"
    line: int | None = None

    @property
    def label(self) -> str:
        return self.label_in(None)

    def label_in(self, zone: dt.tzinfo | None) -> str:
        """How to name the event, its start on ``zone``'s clock (the schedule's)."""
        start = self.start.astimezone(zone) if self.start and zone and self.start.tzinfo else self.start
        when = f" at {start:%a %H:%M}" if start else ""
        named = self.title or self.url or self.uid or (self.event_id and f"event {self.event_id}")
        return f"{named or self.session_id}{when}"


@frozen(kw_only=False)
class Favourites:
    """What a favourites file holds: its events, and what it says of their schedule."""

    kind: str
    wanted: tuple[Wanted, ...]
    # The schedule the favourites were taken from, when the file names it (Giggity, share text).
    schedule: str | None = None
    # The conference year the file is bound to (FOSDEM Companion's UIDs carry it).
    year: int | None = None


class FavouritesReader:
    """One format of favourites: ``recognises`` its text, ``read`` turns it into Favourites."""

    kind: ClassVar[str]

    def recognises(self, text: str) -> bool:
        raise NotImplementedError

    def read(self, text: str, label: str) -> Favourites:
        raise NotImplementedError


# -- Giggity ----------------------------------------------------------------------

GIGGITY_PREFIX = "https://ggt.gaa.st/#"


def is_giggity_link(text: str) -> bool:
    """Whether ``text`` is a link Giggity's "Share selections" writes (a link, not a file)."""
    return text.strip().startswith(GIGGITY_PREFIX) and "\n" not in text.strip()


def _inflate_ids(value: str, label: str) -> list[str]:
    """Giggity's ``see=``: base64url (unpadded) of zlib of a JSON list of numbers and strings."""
    problem = "its see= part is not Giggity's list of IDs"
    try:
        packed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, MAX_INFLATED_BYTES)
        if inflater.unconsumed_tail:
            raise FavouritesError(f"{problem} (over {MAX_INFLATED_BYTES} bytes inflated)", path=label)
        ids = json.loads(data)
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError):
        raise FavouritesError(problem, path=label) from None
    if not isinstance(ids, list) or not all(
        isinstance(i, int | str) and not isinstance(i, bool) for i in ids
    ):
        raise FavouritesError(f"{problem} (a JSON list of numbers and strings)", path=label)
    if len(ids) > MAX_EVENTS:
        raise FavouritesError(f"has over {MAX_EVENTS} IDs; planner imports up to {MAX_EVENTS}", path=label)
    return [str(i) for i in ids]


class GiggityLink(FavouritesReader):
    """``https://ggt.gaa.st/#url=SCHEDULE&see=IDS&del=IDS``: ``see`` the selected events
    (``del`` the hidden ones, not imported). An ID is the event's short ID (frab ``id``)
    or, where a schedule has none, its guid (iCalendar: its UID)."""

    kind = "Giggity shared selections"

    def recognises(self, text: str) -> bool:
        return is_giggity_link(text)

    def read(self, text: str, label: str) -> Favourites:
        fragment = urlsplit(text.strip()).fragment
        params = dict(part.split("=", 1) for part in fragment.split("&") if "=" in part)
        schedule = unquote_plus(params["url"]) if params.get("url") else None
        ids = _inflate_ids(params["see"], label) if params.get("see") else []
        return Favourites(self.kind, tuple(Wanted(event_id=i) for i in ids), schedule=schedule)


# -- iCalendar --------------------------------------------------------------------


def _calendar_events(text: str, label: str) -> list:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as exc:
        reason = (str(exc).splitlines() or ["no calendar"])[0][:120]
        raise FavouritesError(f"not a readable iCalendar file: {reason}", path=label) from None
    events = calendar.walk("VEVENT")
    if len(events) > MAX_EVENTS:
        raise FavouritesError(f"has over {MAX_EVENTS} events; planner imports up to that many", path=label)
    return events


def _event_wanted(event, **more: Any) -> Wanted:
    moment = getattr(event.get("DTSTART"), "dt", None)
    if not isinstance(moment, dt.datetime):
        moment = None  # a whole day says nothing of which session
    url = event.get("URL")
    return Wanted(
        title=str(event.get("SUMMARY") or "").strip() or None,
        start=moment,
        url=str(url).strip() if url else None,
        uid=str(event.get("UID") or "") or None,
        **more,
    )


def _is_calendar(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCALENDAR")


# FOSDEM Companion: "${event.id}@$conferenceId@$applicationId", the conference ID its year.
_FOSDEM_COMPANION_UID = re.compile(r"^\s*UID:(\d+)@(\d*)@(be\.digitalia\.fosdem[\w.]*)\s*$", re.MULTILINE)


class FosdemCompanionBookmarks(FavouritesReader):
    """FOSDEM Companion's exported bookmarks: iCalendar, times in UTC, the URL of each
    talk's page, and a UID naming the event's ID and the conference's year."""

    kind = "FOSDEM Companion bookmarks"

    def recognises(self, text: str) -> bool:
        return _is_calendar(text) and _FOSDEM_COMPANION_UID.search(text) is not None

    def read(self, text: str, label: str) -> Favourites:
        wanted, years = [], set()
        for event in _calendar_events(text, label):
            uid = str(event.get("UID") or "")
            found = _FOSDEM_COMPANION_UID.match(f"UID:{uid}")
            if found and found.group(2):
                years.add(int(found.group(2)))
            wanted.append(_event_wanted(event, event_id=found.group(1) if found else None))
        # The app refuses a file of another year; so does planner, once it knows the schedule's.
        year = years.pop() if len(years) == 1 else None
        return Favourites(self.kind, tuple(wanted), year=year)


class CalendarOfSessions(FavouritesReader):
    """Any other iCalendar file of sessions: matched by URL, UID, or title and start."""

    kind = "iCalendar file"

    def recognises(self, text: str) -> bool:
        return _is_calendar(text)

    def read(self, text: str, label: str) -> Favourites:
        wanted = (_event_wanted(e) for e in _calendar_events(text, label))
        # An event with no title, link or UID names no session: there is nothing to match.
        return Favourites(self.kind, tuple(w for w in wanted if w.title or w.url or w.uid))


# -- links ------------------------------------------------------------------------


class ListOfLinks(FavouritesReader):
    """Web addresses of sessions, one a line; blank lines and ``#`` comments are skipped."""

    kind = "list of session links"

    def recognises(self, text: str) -> bool:
        return True

    def read(self, text: str, label: str) -> Favourites:
        wanted = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not re.match(r"https?://\S+$", line, re.IGNORECASE):
                raise FavouritesError(
                    "not a favourites file planner reads (an .ics, a list of session links, "
                    "a Giggity link, or a share text)",
                    path=label,
                    line=number,
                )
            wanted.append(Wanted(url=line, line=number))
            if len(wanted) > MAX_EVENTS:
                raise FavouritesError(
                    f"has over {MAX_EVENTS} links; planner imports up to that many", path=label
                )
        return Favourites(self.kind, tuple(wanted))


# The first that recognises a text reads it: the specific before the general.
READERS: tuple[FavouritesReader, ...] = (
    GiggityLink(),
    FosdemCompanionBookmarks(),
    CalendarOfSessions(),
    ListOfLinks(),
)


def read_favourites(text: str, label: str) -> Favourites:
    """The favourites in ``text``, read by the first reader of :data:`READERS` that recognises it."""
    reader = next(r for r in READERS if r.recognises(text))
    return reader.read(text, label)
