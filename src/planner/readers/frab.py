"""The frab data model, shared by the JSON (:mod:`.pretalx_json`, :mod:`.schedule2`)
and XML (:mod:`.frab_xml`) readers: all turn an event into a session with
:func:`frab_draft`, so they cannot drift apart.

What a session takes from an event: the title (the subtitle is its own field),
start and end, room, speakers, track and event type (two fields, never mixed),
language, URL, ``recorded: false`` when the event opts out of recording, and the
abstract and description as plain text (they are HTML in most feeds).

The conference day: a session belongs to the day it is listed under, so a talk
at 00:30 after the first evening is on day 1. A schedule that lists no days
(schedule2's flat ``events``) or an event outside its day's hours gets the day
whose hours hold it, else its date, counted back one day before the
``day_change`` clock (06:00 at CCC, 04:00 by default, as pretalx's).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytz

from ..errors import PlannerError, ScheduleError, SourceWarning
from ..models import Speaker, is_recording_link
from ..timezones import Zone, fixed_zone_name, get_zone, localize, zone_name, zone_with_offset
from .base import BadBlock, Draft, ReadResult
from .frab_days import (
    _CLOCK,
    DEFAULT_DAY_START,
    UNREAD_DAY_CHANGE,
    FrabDay,
    conference_day,
    in_zone,
    parse_clock,
    parse_duration,
    parse_moment,
)
from .html_text import html_to_text
from .zones import zone_for_offsets, zone_for_place, zone_for_text


@dataclass
class FrabEvent:
    """One event as either serialisation gives it, fields still as text."""

    # Where it is, for messages: the line if known, else a path in the document.
    where: str
    line: int | None = None
    guid: str | None = None
    # The event's own short ID (frab's ``id``), beside its guid.
    feed_id: str | None = None
    title: str | None = None
    subtitle: str | None = None
    date: str | None = None
    start: str | None = None
    duration: str | None = None
    room: str | None = None
    track: str | None = None
    type: str | None = None
    abstract: str | None = None
    description: str | None = None
    persons: tuple[str, ...] = ()
    language: str | None = None
    url: str | None = None
    # The end, for formats that give one instead of a duration (schedule2).
    end: str | None = None
    # True if the event opts out of recording (do_not_record, <recording><optout>).
    not_recorded: bool | None = None
    # (label, address) of the event's links and attachments.
    links: tuple[tuple[str, str], ...] = ()
    # The line of each field, where the format lets a reader find it.
    field_lines: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``session 'Title'`` (and where, if no line is known) for messages."""
        title = (self.title or "").strip()
        named = f"session {title!r}" if title else "event"
        return named if self.line else f"{named} at {self.where}"


def _event_start(event: FrabEvent, day: FrabDay, zone: Zone, note: Callable) -> dt.datetime:
    start = (event.start or "").strip()
    if event.date and event.date.strip():
        moment = parse_moment(event.date, "date")
        if not isinstance(moment, dt.datetime):
            if not start:
                raise BadBlock(f"'date' {event.date.strip()!r} has no time and there is no 'start'", "date")
            moment = dt.datetime.combine(moment, parse_clock(start))
        else:
            local = in_zone(moment, zone)
            # 'start' is the clock of the conference's zone; 'date' may be written in
            # another offset (UTC, say) and still agree once converted.
            clocks = {moment.time().replace(microsecond=0), local.time().replace(microsecond=0)}
            if start and _CLOCK.match(start) and parse_clock(start) not in clocks:
                note(f"'start' says {start} but 'date' says {local:%H:%M}; used 'date'", "start")
            return local
        return in_zone(moment, zone)
    if not start:
        raise BadBlock("no start: neither 'date' nor 'start'", "date")
    clock = parse_clock(start)
    if day.date is None:
        raise BadBlock("no 'date', and its day gives no date for its 'start'", "start")
    # The night after a day belongs to that day: 01:30 under Friday is Saturday 01:30.
    if day.hours_unread:
        day_start = day.change or UNREAD_DAY_CHANGE
    else:
        day_start = day.start.astimezone(zone).time() if day.start else day.change or DEFAULT_DAY_START
    date = day.date + dt.timedelta(days=1) if clock < day_start else day.date
    return localize(dt.datetime.combine(date, clock), zone)


def _end(event: FrabEvent, start: dt.datetime, zone: Zone) -> dt.datetime:
    if event.duration and event.duration.strip():
        # Added in UTC: a talk that spans the autumn clock change is still 60 minutes long.
        return (start.astimezone(pytz.utc) + parse_duration(event.duration)).astimezone(zone)
    if event.end and event.end.strip():
        moment = parse_moment(event.end, "end")
        if not isinstance(moment, dt.datetime):
            raise BadBlock(f"'end' {event.end.strip()!r} has no time", "end")
        end = in_zone(moment, zone)
        if end < start:
            raise BadBlock(f"ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%H:%M})", "end")
        return end
    raise BadBlock("no duration", "duration")


def _text_or_none(value: str | None) -> str | None:
    return (value or "").strip() or None


def frab_draft(event: FrabEvent, day: FrabDay, zone: Zone, note: Callable) -> Draft:
    """A session draft from a frab event; raises :class:`BadBlock` if it cannot be read.

    ``note(message, field)`` records something odd that was worked around.
    """
    title = (event.title or "").strip()
    if not title:
        raise BadBlock("no title", "title")
    try:
        start = _event_start(event, day, zone, note)
        end = _end(event, start, zone)
        listed = conference_day(start, day, zone)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, BadBlock):
            raise
        # Year 9999 and the like: a real schedule never has them.
        raise BadBlock(f"its time is out of the range planner can read ({exc})", "date") from None
    hours = day.hours
    if (hours and not hours[0] <= start <= hours[1]) or (
        day.hours_unread and day.date not in (None, listed, start.astimezone(zone).date())
    ):
        note(f"is listed under {day.label} but starts {start:%Y-%m-%d %H:%M}; used its date", "date")
    texts = [html_to_text(t) for t in (event.abstract, event.description) if t and t.strip()]
    room = (event.room or "").strip()
    return Draft(
        title=title,
        start=start,
        end=end,
        line=event.line,
        speakers=tuple(Speaker(name=name.strip()) for name in event.persons if name.strip()),
        location={"room": room} if room else {},
        # Two vocabularies, two fields: the track says what a session is about
        # (Security, Kernel), the type what kind of event it is (Talk, Workshop).
        type=_text_or_none(event.type),
        track=_text_or_none(event.track),
        description="\n\n".join(dict.fromkeys(t for t in texts if t)) or None,
        day=listed,
        subtitle=_text_or_none(event.subtitle),
        language=_text_or_none(event.language),
        url=_text_or_none(event.url),
        # The schedule's own word: opted out -> not recorded; "do_not_record: false" or a link
        # to the video (FOSDEM's, after the event) -> recorded.
        recorded=not event.not_recorded
        if event.not_recorded is not None
        else (True if any(is_recording_link(label, url) for label, url in event.links) else None),
        guid=_text_or_none(event.guid),
        links=event.links,
        feed_id=_text_or_none(event.feed_id),
    )


class FrabReading:
    """Collects the sessions of a frab schedule (JSON or XML), skipping bad events
    with a warning, or failing on the first one when ``strict``."""

    def __init__(self, *, path: str, strict: bool, name: str | None) -> None:
        self.path = path
        self.strict = strict
        self.result = ReadResult(drafts=[], timezone="", name=name)
        self.zone: Zone | None = None

    def warn(self, message: str, line: int | None, notice: bool = False) -> None:
        self.result.warnings.append(SourceWarning(message, self.path, line, notice=notice))

    def bad(self, message: str, line: int | None) -> None:
        """Something that loses sessions: an error if strict, else a warning."""
        if self.strict:
            raise ScheduleError(message, path=self.path, line=line)
        self.result.warnings.append(SourceWarning(f"skipped {message}", self.path, line, skipped=True))

    def set_zone(self, declared: str | None, tz: str | None, line: int | None) -> None:
        if tz:
            self.zone = get_zone(tz)
        elif declared and declared.strip():
            try:
                self.zone = get_zone(declared)
            except PlannerError:
                raise ScheduleError(
                    f"unknown time_zone_name {declared.strip()!r}",
                    path=self.path,
                    line=line,
                    hint="pass --tz with an IANA zone such as Europe/Berlin",
                ) from None

    def guess_zone(self, events: list[FrabEvent], place: str | None = None) -> None:
        """No zone named: the zone of the conference's place (its city or venue), if
        one is known and agrees with the events' UTC offsets; else UTC. Said in a
        warning either way: a fixed offset (``Etc/GMT-1``) is never a conference's zone,
        it has no summer time."""
        offsets: set[dt.timedelta] = set()
        for event in events:
            try:
                moment = parse_moment(event.date or "", "date")
            except BadBlock:
                continue
            offset = moment.utcoffset() if isinstance(moment, dt.datetime) else None
            if offset is not None:
                offsets.add(offset)
        guess = None
        if place:
            guess = zone_for_offsets(offsets, place) if offsets else zone_for_place(place)
        if guess is None and (named := zone_for_text(self.result.name)):
            # A city in the conference's title ("DevFest Berlin"), if its clocks agree.
            guess = zone_for_offsets(offsets, named.zone, named) if offsets else named
        if guess is not None:
            self.zone = get_zone(guess.zone)
            self.warn(
                f"the schedule names no time zone; showing times in {guess.zone} ({guess.reason}; "
                "pass --tz to choose another)",
                1,
                notice=True,
            )
            return
        if offsets:
            self._fixed_offset(events, offsets)
            return
        self.zone = pytz.utc
        self.warn(
            "the schedule names no time zone and gives clock times only; showing times in UTC "
            "(pass --tz with the conference's zone, e.g. Europe/Brussels)",
            1,
            notice=True,
        )

    def _fixed_offset(self, events: list[FrabEvent], offsets: set[dt.timedelta]) -> None:
        """Only UTC offsets: the clock on the wall is the offset the file gives most
        (an attendee reads 14:00 where the file says 14:00+01:00), said once."""
        counts: dict[dt.timedelta, int] = {}
        for event in events:
            with contextlib.suppress(BadBlock):
                moment = parse_moment(event.date or "", "date")
                if isinstance(moment, dt.datetime) and (offset := moment.utcoffset()) is not None:
                    counts[offset] = counts.get(offset, 0) + 1
        offset = max(sorted(counts), key=counts.__getitem__) if counts else next(iter(offsets))
        self.zone = get_zone(fixed_zone_name(offset)) if offset else pytz.utc
        shown = fixed_zone_name(offset)
        given = " and ".join(fixed_zone_name(o) for o in sorted(offsets))
        example = zone_with_offset(offset)
        names = f"--tz {example} names the zone" if example else "--tz with the conference's zone names it"
        also = f"; shown at {shown}" if len(offsets) > 1 else ""
        self.warn(f"the schedule gives only {given}{also}; {names}", 1, notice=True)

    def add(self, event: FrabEvent, day: FrabDay) -> None:
        assert self.zone is not None

        def note(message: str, field_name: str | None = None) -> None:
            self.warn(f"{event.name}: {message}", event.field_lines.get(field_name or "", event.line))

        try:
            self.result.drafts.append(frab_draft(event, day, self.zone, note))
        except BadBlock as exc:
            self.bad(f"{event.name}: {exc}", event.field_lines.get(exc.field or "", event.line))

    def finish_with(self, found: list[tuple[FrabEvent, FrabDay]], place: str | None = None) -> ReadResult:
        """Add every event found (guessing the zone first if none was named) and finish.

        ``place`` is where the conference is (its city, venue), if the file says.
        """
        if self.zone is None:
            self.guess_zone([event for event, _ in found], place)
        for event, day in found:
            self.add(event, day)
        return self.finish()

    def finish(self) -> ReadResult:
        result = self.result
        lost = [w for w in result.warnings if w.skipped]
        if not result.drafts and lost:
            raise ScheduleError(
                f"no session could be read ({len(lost)} problem(s); first: {lost[0].message})",
                path=self.path,
                line=lost[0].line,
            )
        result.timezone = zone_name(self.zone) if self.zone else "UTC"
        return result


# -- the JSON serialisations (schedule JSON and schedule2 JSON) ------------------------

# A lone surrogate ("\ud800") is valid JSON but no text: it cannot be printed or saved.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Python refuses to turn longer digit strings into numbers (a denial-of-service guard).
MAX_DIGITS = sys.get_int_max_str_digits() or 4300


def json_string(value: Any) -> str | None:
    """A text field: strings as they are, numbers as text, anything else absent."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def json_flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _LongNumber(digits)
    return int(digits)


class _LongNumber(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def load_json(text: str, path: str) -> Any:
    """``text`` as JSON, or a :class:`ScheduleError` with its line."""
    try:
        return json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise ScheduleError(
            f"is not valid JSON: {exc.msg} (column {exc.colno})", path=path, line=exc.lineno
        ) from None
    except _LongNumber as exc:
        where = text.find(exc.digits)
        raise ScheduleError(
            f"holds a number of {len(exc.digits):,} digits; planner reads numbers of up to "
            f"{MAX_DIGITS:,} digits (a schedule needs a handful)",
            path=path,
            line=text.count("\n", 0, where) + 1 if where >= 0 else None,
        ) from None
    except RecursionError:
        raise ScheduleError("is nested too deeply to be a schedule", path=path) from None


_SCHEDULE2 = re.compile(r'schema2\b|"events"\s*:\s*\[')
_SCHEDULE_KEY = re.compile(r'"schedule"\s*:\s*\{')
_GUID = re.compile(r'"guid"\s*:\s*"([^"\\]+)"')
_TIME_ZONE = re.compile(r'"time_zone_name"\s*:')
# The event fields both JSON layouts write alike, as text under the field's own name.
_SAME_KEYS = ("title", "subtitle", "duration", "type", "language", "url")


def looks_like_schedule_json(head: str) -> bool:
    """True if the start of a file is a JSON object with a ``"schedule"`` object."""
    return head.lstrip().startswith("{") and _SCHEDULE_KEY.search(head) is not None


def load_schedule_json(text: str, path: str, tz: str | None) -> tuple[dict, Any]:
    """The ``schedule`` object of a schedule JSON (``{}`` if there is none) and its
    ``conference`` (whatever it is: the reader says what it expected).

    An unknown ``tz`` is an error before anything is read.
    """
    if tz:
        get_zone(tz)
    data = load_json(text, path)
    schedule = data.get("schedule") if isinstance(data, dict) else None
    schedule = schedule if isinstance(schedule, dict) else {}
    return schedule, schedule.get("conference")


def open_json_reading(
    text: str, conference: dict, *, path: str, strict: bool, tz: str | None
) -> tuple[FrabReading, dict[str, int]]:
    """A reading of a schedule JSON, named and in its zone (``tz``, else the
    conference's ``time_zone_name``), and the line of each event guid in ``text``.

    >>> reading, lines = open_json_reading('{\\n"guid": "a"}', {}, path="x", strict=False, tz="UTC")
    >>> lines, reading.zone.zone
    ({'a': 2}, 'UTC')
    """
    reading = FrabReading(path=path, strict=strict, name=json_string(conference.get("title")))
    lines = LineIndex(text)
    zone_match = _TIME_ZONE.search(text)
    reading.set_zone(
        json_string(conference.get("time_zone_name")),
        tz,
        lines.line(zone_match.start()) if zone_match else None,
    )
    guid_lines: dict[str, int] = {}
    for match in _GUID.finditer(text):
        guid_lines.setdefault(match.group(1), lines.line(match.start()))
    return reading, guid_lines


def json_event(data: dict, where: str, guid_lines: dict[str, int], **fields: Any) -> FrabEvent:
    """An event object of either JSON layout: what both write alike, then ``fields``."""
    guid = json_string(data.get("guid"))
    # Text fields of FrabEvent, by name.
    same: dict[str, Any] = {key: json_string(data.get(key)) for key in _SAME_KEYS}
    return FrabEvent(
        where=where,
        line=guid_lines.get(guid) if guid else None,
        guid=guid,
        feed_id=json_string(data.get("id")),
        links=json_links(data),
        **same,
        **fields,
    )


# Links kept per event at most: a feed's list is read no further.
MAX_LINKS = 20


def json_links(data: dict) -> tuple[tuple[str, str], ...]:
    """The event's ``links`` and ``attachments`` (``{"url", "title"|"type"}`` objects) as
    (label, address) pairs.

    >>> json_links({"links": [{"url": "https://x.org/v.mp4", "title": "Video"}], "attachments": "?"})
    (('Video', 'https://x.org/v.mp4'),)
    """
    found: list[tuple[str, str]] = []
    for key in ("links", "attachments"):
        values = data.get(key)
        for value in values[:MAX_LINKS] if isinstance(values, list) else ():
            url = json_string(value.get("url") or value.get("href")) if isinstance(value, dict) else None
            if url:
                label = json_string(value.get("title")) or json_string(value.get("type")) or ""
                found.append((label.strip(), url.strip()))
    return tuple(found[:MAX_LINKS])


def looks_like_schedule2(head: str) -> bool:
    """True if the start of a schedule JSON is the flat schedule2 layout (its
    ``$schema`` names schema2, or a top-level ``events`` list shows)."""
    return _SCHEDULE2.search(head) is not None


def person_name(person: Any) -> str:
    if isinstance(person, str):
        return person
    if isinstance(person, dict):
        # frab writes public_name, pretalx name (and, lately, both).
        return json_string(person.get("public_name")) or json_string(person.get("name")) or ""
    return ""


class LineIndex:
    """Line numbers of positions in ``text``, each found in O(log n).

    >>> LineIndex("one\\ntwo\\nthree").line(8)
    3
    """

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, position: int) -> int:
        return bisect.bisect_left(self.newlines, position) + 1
