"""The schedule as data: frozen records of sessions and where they are (see :mod:`planner.frozen`).

Times are always timezone-aware datetimes; strings stop at the reader.

>>> from planner import load_schedule
>>> schedule = load_schedule()
>>> session = schedule.find("keda")
>>> session.location.building, session.location.level, session.location.room
('B', '4', 'B406b-407')
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Any

from .errors import SourceWarning
from .frozen import Aware, clean_fields, frozen, settle
from .lookup import resolve
from .text import clean_text, slug


@frozen
class Speaker:
    """A person on the programme, with the affiliation as the schedule gives it."""

    name: str
    affiliation: str | None = None

    def __post_init__(self) -> None:
        clean_fields(self, ("name", "affiliation"))

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@frozen
class Location:
    """Where a session is: building, level and room, plus an area within the room.

    ``Building B | Level 1 | Exhibit Hall B3-B5 | Learning Lounge, Atlanta, GA, USA``
    is building ``B``, level ``1``, room ``Exhibit Hall B3-B5``, area
    ``Learning Lounge``, city ``Atlanta, GA, USA``.
    """

    building: str | None = None
    level: str | None = None
    room: str | None = None
    area: str | None = None
    city: str | None = None

    def __post_init__(self) -> None:
        clean_fields(self, _PLACE_FIELDS)

    @property
    def place(self) -> str:
        """The room and area, as a person would look for it on a sign."""
        parts = [p for p in (self.room, self.area) if p]
        return ", ".join(parts) if parts else "(no room given)"

    @property
    def short(self) -> str:
        """``B401-402 (B, L4)``: compact, for tables and routes."""
        where = ", ".join(
            p for p in (self.building, f"L{self.level}" if self.level else None) if p is not None
        )
        return f"{self.place} ({where})" if where else self.place

    @property
    def long(self) -> str:
        """``B401-402, Building B, Level 4``: for prose and calendars."""
        parts = [self.place]
        if self.building:
            parts.append(f"Building {self.building}")
        if self.level:
            parts.append(f"Level {self.level}")
        return ", ".join(parts)

    @property
    def building_level(self) -> str:
        """``Building C, Level 3``, or what part of it is known."""
        parts = []
        if self.building:
            parts.append(f"Building {self.building}")
        if self.level:
            parts.append(f"Level {self.level}")
        return ", ".join(parts)


# Labels a schedule gives the talk's own recording (FOSDEM: "Video recording (mp4)"; a typed
# link: "RECORDING"). Speakers' links to other videos (YouTube, an older talk) say other things.
_RECORDING_LABELS = ("video recording", "recording", "video", "aufzeichnung")
# Hosts that hold only the event's own recordings.
_RECORDING_HOSTS = ("video.fosdem.org",)


def is_recording_link(label: str, url: str) -> bool:
    """Whether a schedule's link is the talk's own recording: its label says so, or the host
    holds nothing else (a speaker's link to another video is not).

    >>> is_recording_link("Video recording (mp4)", "https://video.fosdem.org/2019/a.mp4")
    True
    >>> is_recording_link("Our KVM Forum presentation", "https://www.youtube.com/watch?v=x")
    False
    >>> is_recording_link("Submit feedback", "https://submission.fosdem.org/feedback/1.php")
    False
    """
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    said = label.strip().lower()
    return (
        any(said == word or said.startswith(word + " (") for word in _RECORDING_LABELS)
        or said.startswith("video recording")
        or host in _RECORDING_HOSTS
    )


def web_address(value: str) -> str | None:
    """``value`` if it is one http(s) address with no white space in it, else None: anything
    else from a feed (a line break inside, a bare word) is dropped rather than exported.

    >>> web_address(" https://example.org/talk "), web_address("see https://x.org"), web_address("x")
    ('https://example.org/talk', None, None)
    """
    value = clean_text(value).strip()
    if (
        not value
        or any(ch.isspace() for ch in value)
        or not value.lower().startswith(("http://", "https://"))
    ):
        return None
    return value


def _web_links(links: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Only http(s) addresses without white space, each once (labels cleaned)."""
    kept = {url: clean_text(label) for label, url in links if web_address(url) == url}
    return tuple((label, url) for url, label in kept.items())


def is_slides_link(label: str) -> bool:
    """Whether a link's label says it is this talk's slides (a typed ``SLIDES`` attachment,
    "Slides", "Presentation slides"), not those of another talk.

    >>> is_slides_link("SLIDES"), is_slides_link("Slides from my previous talks")
    (True, False)
    """
    said = label.strip().lower()
    if any(word in said for word in ("previous", "other", "earlier", "older")):
        return False
    return said.startswith(("slides", "the slides", "presentation slides"))


_PLACE_FIELDS = ("building", "level", "room", "area", "city")
_SESSION_TEXTS = ("id", "title", "type", "description", "subtitle", "track", "language", "guid", "feed_id")
NOWHERE = Location()


@frozen
class Session:
    """One item of the programme: a talk, a keynote, a break, a lounge."""

    id: str
    title: str
    start: Annotated[dt.datetime, Aware()]
    end: Annotated[dt.datetime, Aware()]
    speakers: tuple[Speaker, ...] = ()
    location: Location = NOWHERE
    type: str | None = None
    description: str | None = None
    # The conference day the session is listed under. A talk at 00:30 after
    # the first evening belongs to the first day (frab's day_change), so this is
    # not always the calendar date of ``start``; it defaults to that date.
    day: dt.date = None  # type: ignore[assignment]  # filled in by __post_init__
    subtitle: str | None = None
    track: str | None = None
    language: str | None = None
    # The session's own page, as the feed gives it.
    url: str | None = None
    # False when the schedule says the session is not recorded (frab's do_not_record).
    recorded: bool | None = None
    # The line in the source file where the session starts, for messages.
    line: int | None = None
    # The feed's own ID of the event (frab/pretalx guid): media.ccc.de finds recordings by it.
    guid: str | None = None
    # The feed's short ID of the event (frab's ``id``, pretalx's numeric one): what Giggity's
    # shared favourites and FOSDEM Companion's bookmarks name an event by.
    feed_id: str | None = None
    # Links the schedule gives (frab/pretalx links and attachments): (label, http(s) address).
    links: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        clean_fields(self, _SESSION_TEXTS)
        # The day a session is listed under defaults to the date it starts.
        if self.day is None:
            settle(self, "day", self.start.date())
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("its times have no time zone")
        if self.end < self.start:
            raise ValueError(f"ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})")
        if self.url is not None:
            settle(self, "url", web_address(self.url))
        if self.links:
            settle(self, "links", _web_links(self.links))

    @property
    def recording_url(self) -> str | None:
        """The first link the schedule gives that is the talk's recording (see
        :func:`is_recording_link`), else None."""
        return next((url for label, url in self.links if is_recording_link(label, url)), None)

    @property
    def slides_url(self) -> str | None:
        """The first link labelled as this talk's slides (see :func:`is_slides_link`), else None."""
        return next((url for label, url in self.links if is_slides_link(label)), None)

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60

    @property
    def category(self) -> str | None:
        """The track, else the type: what ``--type``, ``--track`` and ``--avoid`` look at
        (sched writes its tracks as the type; frab keeps the two apart)."""
        return self.track or self.type

    @property
    def speaker_names(self) -> str:
        return ", ".join(s.name for s in self.speakers)

    def to_json(self) -> dict[str, Any]:
        """A flat dict for ``--json``: times in ISO 8601 with their UTC offset."""
        loc = self.location
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "speakers": [{"name": s.name, "affiliation": s.affiliation} for s in self.speakers],
            "building": loc.building,
            "level": loc.level,
            "room": loc.room,
            "area": loc.area,
            "city": loc.city,
            "type": self.type,
            "description": self.description,
            "day": self.day.isoformat(),
            "subtitle": self.subtitle,
            "track": self.track,
            "language": self.language,
            "url": self.url,
            "recorded": self.recorded,
            "guid": self.guid,
            "links": [{"label": label, "url": url} for label, url in self.links],
        }


@frozen
class Schedule:
    """A conference programme: sessions in time order, and what the reader noticed."""

    # Where it was read from: a path, or ``bundled:NAME`` for a bundled schedule.
    source: str
    timezone: str
    sessions: tuple[Session, ...]
    name: str | None = None
    declared_total: int | None = None
    warnings: tuple[SourceWarning, ...] = ()

    def __post_init__(self) -> None:
        clean_fields(self, ("name", "source", "timezone"))

    @cached_property
    def by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}

    @property
    def key(self) -> str:
        """A stable name for the schedule, used in calendar UIDs."""
        return slug(self.name or self.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "schedule"

    @property
    def days(self) -> list[dt.date]:
        return sorted({s.day for s in self.sessions})

    def get(self, session_id: str) -> Session | None:
        return self.by_id.get(session_id)

    def find(self, query: str) -> Session:
        """The one session ``query`` names: an ID, a unique ID prefix, or title words.

        Raises :class:`planner.errors.LookupFailed` when none or several match.
        """
        return resolve(query, self.sessions)

    def __len__(self) -> int:
        return len(self.sessions)
