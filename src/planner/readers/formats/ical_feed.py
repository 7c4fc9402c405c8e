"""An iCalendar feed of sessions (``.ics``), as sched and pretalx publish one.

    BEGIN:VCALENDAR
    PRODID:-//Sched.com KubeCon + CloudNativeCon North America 2025//EN
    X-WR-TIMEZONE:America/New_York
    BEGIN:VEVENT
    DTSTART:20251113T160000Z
    DTEND:20251113T163000Z
    SUMMARY:Autoscaling Spring Boot Apps in Kubernetes With KEDA
    CATEGORIES:APPLICATION DEVELOPMENT
    LOCATION:Building B | Level 4 | B406b-407\\, Atlanta\\, GA\\, USA
    UID:SCHED-0a8b4c1d2e3f
    END:VEVENT
    END:VCALENDAR

Each VEVENT is a session: SUMMARY the title, DTSTART and DTEND (or DURATION)
the time, LOCATION the place, CATEGORIES the type, DESCRIPTION the text, URL its
page. A LOCATION in sched's ``Building | Level | Room, City`` form (or one that
ends in a city the gazetteer knows) is split like the sched reader splits its
Venue line; any other is a room with no building.

Speakers: sched (PRODID ``-//Sched.com ...``) writes SUMMARY as ``Title - Speaker,
Role, Company; Speaker2, Company2``, read by the sched speaker grammar
(:mod:`planner.readers.sched_speakers`); pretalx (PRODID ``-//pretalx//...``)
writes ``Title - Speaker, Speaker``, the names after the last `` - ``. Other feeds
name no speakers in a standard property, so their sessions have none.

The zone times are shown in, first that applies: ``--tz``; the calendar's
X-WR-TIMEZONE, unless it is UTC (Sched writes UTC for every event); the TZID the
events' DTSTARTs name; the zone of its first VTIMEZONE (or a ``VTIMEZONE:`` property);
any of these slightly misspelt (``Europe/Berln``); the zone of the city the LOCATIONs
name (``Amsterdam, Netherlands``), of the events' GEO, or of a big city the calendar's
name or description names; else UTC. What planner chose is said once. Floating
times (no zone) are read in that zone. All-day events are not sessions: they are
left out with a warning.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import TYPE_CHECKING

import pytz

from ...errors import PlannerError, ScheduleError, SourceWarning
from ...models import Speaker
from ...timezones import Zone, get_zone, localize, zone_name
from ..base import BadBlock, Draft, Reader, ReadResult, register
from ..ical_people import (
    attendee_names,
    kinds_in_titles,
    known_names,
    names_after_speakers_line,
    shared_organizer,
    split_kind,
    title_and_speakers,
)
from ..ical_text import categories, decoded, description_text, named_tzids, text_of, zone_of_geo
from ..sched_lines import split_summary
from ..sched_speakers import Known
from ..venue_text import parse_place, parse_venue
from ..zones import zone_for_places, zone_for_spelling, zone_for_text

if TYPE_CHECKING:
    import icalendar

_TIME_FIELDS = ("DTSTART", "DTEND", "DURATION")
# icalendar quotes the line it could not read ("...: 'the line': reason"); the line may hold quotes.
_QUOTED = (re.compile(r"'(.+)': "), re.compile(r"'(.+)'"), re.compile(r"'(.+?)'"))


# Zone names that say "UTC" and nothing about where the conference is.
_UTC_NAMES = frozenset({"utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "universal", "etc/universal"})
# A fold (CRLF and a space) between a UTF-8 lead byte and its continuation bytes.
_SPLIT_CHARACTER = re.compile(rb"([\xc0-\xf7][\x80-\xbf]{0,2})(\r?\n[ \t])([\x80-\xbf]{1,3})")


def mend_folded_characters(data: bytes) -> bytes:
    """Move each fold that splits a UTF-8 character to after that character.

    RFC 5545 folds at 75 octets, and real feeds fold inside a multi-byte
    character: unfolding the octets is what makes such a line text again. The
    fold moves rather than goes, so every line keeps its number for messages.

    >>> mend_folded_characters(b"SUMMARY:Caf\\xc3\\r\\n \\xa9!")
    b'SUMMARY:Caf\\xc3\\xa9\\r\\n !'
    """
    return _SPLIT_CHARACTER.sub(rb"\1\3\2", data)


def _quoted(message: str) -> list[str]:
    return [match.group(1) for pattern in _QUOTED if (match := pattern.search(message))]


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines, each with the number of the line it starts on."""
    starts: list[int] = []
    # Each line's pieces, joined once at the end: adding each fold to the line so far copied
    # it again, and a description folded over 66,000 lines took 5 s.
    pieces: list[list[str]] = []
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        if raw[:1] in (" ", "\t") and pieces:
            pieces[-1].append(raw[1:])
        elif raw.strip():
            starts.append(number)
            pieces.append([raw])
    return [(number, "".join(parts)) for number, parts in zip(starts, pieces, strict=True)]


def _property_name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].strip().upper()


def _check_nesting(lines: list[tuple[int, str]], path: str) -> list[tuple[int, int]]:
    """Every BEGIN has its END, in order; returns the (first, last) lines of each VEVENT.

    icalendar accepts some broken nestings silently; this finds them with a line.
    """
    stack: list[tuple[str, int]] = []
    events: list[tuple[int, int]] = []
    closed_calendar = False
    for number, line in lines:
        key, _, value = line.partition(":")
        key, name = key.strip().upper(), value.strip().upper()
        if key == "BEGIN":
            if not stack and closed_calendar:
                raise ScheduleError(
                    f"a second BEGIN:{name} after the calendar ended; planner reads one calendar per file",
                    path=path,
                    line=number,
                )
            if outer := next((first for opened, first in stack if opened == name), None):
                raise ScheduleError(
                    f"BEGIN:{name} inside the {name} of line {outer} (is an END:{name} missing?)",
                    path=path,
                    line=number,
                )
            stack.append((name, number))
        elif key == "END":
            if not stack:
                raise ScheduleError(f"END:{name} without a BEGIN:{name}", path=path, line=number)
            opened, first = stack.pop()
            if opened != name:
                raise ScheduleError(
                    f"END:{name} where BEGIN:{opened} of line {first} is still open", path=path, line=number
                )
            if name == "VEVENT":
                events.append((first, number))
            closed_calendar = not stack
    if stack:
        name, first = stack[-1]
        raise ScheduleError(f"BEGIN:{name} is never closed by an END:{name}", path=path, line=first)
    return events


def _iana_name(name: str) -> str | None:
    """The IANA name for a TZID: itself, a Windows name, or a vendor-prefixed ID
    such as ``/freeassociation.sourceforge.net/Tzfile/Europe/Berlin``.

    >>> _iana_name("W. Europe Standard Time"), _iana_name("/example.org/Tzfile/America/New_York")
    ('Europe/Berlin', 'America/New_York')
    """
    try:
        return zone_name(get_zone(name))
    except PlannerError:
        pass
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    parts = name.strip().strip("/").split("/")
    candidates = [WINDOWS_TO_OLSON.get(name.strip(), "")] + [
        "/".join(parts[i:]) for i in range(1, len(parts))
    ]
    return next((c for c in candidates if c in pytz.all_timezones_set), None)


class _Feed:
    """The calendar being read: lines of the raw text, the display zone, the warnings."""

    def __init__(self, text: str, path: str, strict: bool) -> None:
        self.path = path
        self.strict = strict
        self.lines = _content_lines(text)
        self.numbers = [number for number, _ in self.lines]
        self._by_content: dict[str, int] | None = None
        self.event_spans = _check_nesting(self.lines, path)
        self.result = ReadResult(drafts=[], timezone="")
        self.zone: Zone = pytz.utc
        self.unknown_tzids: set[str] = set()
        # What the feed's shape says (generic feeds): the conference as every ORGANIZER,
        # a "[kind]" before every title.
        self.organizer: str | None = None
        self.kinds = False
        # Sched: what the feed's sure titles say of names, and the titles kept whole.
        self.known: Known | None = None
        self.unsure: list[str] = []

    def warn(self, message: str, line: int | None, skipped: bool = False, notice: bool = False) -> None:
        self.result.warnings.append(SourceWarning(message, self.path, line, skipped, notice))

    def unreadable_line(self, problem: str, line: int | None, named: str | None = None) -> None:
        """A content line icalendar could not read: ignored, or an error if strict."""
        where = f"{named}: " if named else ""
        if self.strict:
            raise ScheduleError(f"{where}a line icalendar cannot read ({problem})", path=self.path, line=line)
        self.warn(f"{where}ignored a line icalendar cannot read ({problem})", line)

    def line_of_message(self, message: str, span: tuple[int, int] | None = None) -> int | None:
        """The line that icalendar's ``message`` quotes (within ``span``, if given), if any."""
        if self._by_content is None:
            self._by_content = {}
            for number, line in self.lines:
                self._by_content.setdefault(line.strip(), number)
        for content in _quoted(message):
            if span is not None:
                found = self._find(span, None, content)
            else:
                found = self._by_content.get(content.strip())
            if found:
                return found
        return None

    def line_in(self, span: tuple[int, int] | None, name: str | None = None, content: str | None = None):
        """The line, within ``span``, of property ``name`` or of the content line
        ``content``; the span's first line if neither is there (None without a span)."""
        return self._find(span, name, content) or (span[0] if span else None)

    def _find(self, span: tuple[int, int] | None, name: str | None, content: str | None) -> int | None:
        if span is None:
            return None
        index = bisect.bisect_left(self.numbers, span[0])
        for number, line in self.lines[index:]:
            if number > span[1]:
                break
            if (name and _property_name(line) == name) or (content and line.strip() == content.strip()):
                return number
        return None

    def choose_zone(self, calendar: icalendar.Calendar, events: list, tz: str | None) -> None:
        """The zone to show times in (see the module docstring for the order)."""
        if tz:
            self.zone = get_zone(tz)
            return
        declared = str(calendar.get("X-WR-TIMEZONE") or "").strip()
        says_utc = declared.casefold() in _UTC_NAMES
        candidates = [declared] if declared and not says_utc else []
        candidates += named_tzids(events)
        for vtimezone in calendar.walk("VTIMEZONE")[:1]:
            candidates += [
                str(vtimezone.get(key)) for key in ("TZID", "X-LIC-LOCATION") if vtimezone.get(key)
            ]
        # "VTIMEZONE:Europe/Rome" written as a property of the calendar, not a component.
        if isinstance(calendar.get("VTIMEZONE"), str) and str(calendar.get("VTIMEZONE")).strip():
            candidates.append(str(calendar.get("VTIMEZONE")).strip())
        for candidate in candidates:
            if name := _iana_name(candidate):
                self.zone = pytz.timezone(name)
                return
        for candidate in candidates[:3]:  # each costs a fuzzy search of 600 names: a few at most
            if guess := zone_for_spelling(candidate):
                self._guessed(guess, "")
                return
        said = "says its times are UTC" if says_utc else "names no time zone"
        if candidates:
            # A zone name planner cannot read: the places the feed names may still say.
            said = f"names the unknown time zone {candidates[0]!r}"
        # The feed gives UTC times (Sched does) or none: the conference is where its rooms are,
        # where its GEO points, or the city its name or description names.
        guess = (
            zone_for_places(decoded(text_of(event, "LOCATION")) for event in events)
            or zone_of_geo(events)
            or zone_for_text(" ".join(text_of(calendar, k) for k in ("X-WR-CALNAME", "NAME", "X-WR-CALDESC")))
        )
        if guess is not None:
            self._guessed(guess, said)
            return
        if candidates:
            self.warn(
                f"unknown time zone {candidates[0]!r}; showing times in UTC (pass --tz)", 1, notice=True
            )
            return
        self.warn(
            f"the feed {said} and its locations name no city; showing times in UTC (pass --tz)",
            1,
            notice=True,
        )

    def _guessed(self, guess, said: str) -> None:
        self.zone = pytz.timezone(guess.zone)
        if said:
            message = f"the feed {said}; showing them in {guess.zone}: {guess.reason} (--tz to change)"
        else:
            message = f"showing times in {guess.zone}: {guess.reason} (--tz to change)"
        self.warn(message, 1, notice=True)


def _value(event: icalendar.Event, name: str, broken: dict[str, str]):
    """The decoded value of property ``name``, None if absent; BadBlock if unreadable."""
    if name in broken:
        raise BadBlock(f"unreadable {name}: {broken[name]}", name)
    prop = event.get(name)
    if isinstance(prop, list):
        prop = prop[0]
    try:
        return None if prop is None else prop.dt
    except (AttributeError, ValueError) as exc:
        raise BadBlock(f"unreadable {name}: {exc}", name) from None


@register
class IcalFeedReader(Reader):
    name = "ical-feed"
    verbose_name = "iCalendar feed of sessions (.ics: BEGIN:VCALENDAR, a VEVENT per session)"
    extensions = (".ics", ".ical")

    def sniff(self, head: str) -> bool:
        first = next((line.strip() for line in head.splitlines() if line.strip()), "")
        return first.upper() == "BEGIN:VCALENDAR"

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        if tz:
            get_zone(tz)  # an unknown --tz is an error before anything is read
        # Imported here: every reader is imported to sniff a file, and icalendar takes a
        # tenth of a second to import.
        import icalendar

        feed = _Feed(text, path, strict)
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except (ValueError, OSError) as exc:
            # OSError: icalendar looks a TZID up as a file (a 5,000-character one is too long a name).
            line = feed.line_of_message(str(exc)) if isinstance(exc, ValueError) else None
            reason = str(exc).splitlines()[0] if isinstance(exc, ValueError) else "a TZID no zone has"
            raise ScheduleError(f"is not a readable iCalendar file: {reason}", path=path, line=line) from None
        if calendar.name != "VCALENDAR":
            raise ScheduleError(f"holds a {calendar.name}, not a VCALENDAR", path=path, line=1)
        names = (text_of(calendar, key) for key in ("X-WR-CALNAME", "NAME", "X-WR-CALDESC"))
        feed.result.name = next((name for name in names if name), None)
        # icalendar parses every VEVENT as an Event: the filter keeps them all, and says so to mypy.
        events = [e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event)]
        feed.choose_zone(calendar, events, tz)
        for _, message in calendar.errors:
            feed.unreadable_line(message, feed.line_of_message(message))
        producer = text_of(calendar, "PRODID")
        dialect = "pretalx" if producer.startswith("-//pretalx//") else None
        if producer.casefold().startswith("-//sched.com"):
            dialect = "sched"
            # A feed whose titles carry speakers carries them in every title, a lone name too.
            if any(split_summary(text_of(e, "SUMMARY"))[1] for e in events):
                dialect = "sched-speakers"
        if dialect == "sched-speakers":
            feed.known = known_names(events, lone_names=True)
        if dialect is None:
            feed.organizer = shared_organizer(events)
            feed.kinds = kinds_in_titles([text_of(e, "SUMMARY") for e in events])
        spans = feed.event_spans if len(feed.event_spans) == len(events) else [None] * len(events)
        for position, (event, span) in enumerate(zip(events, spans, strict=True)):
            summary = text_of(event, "SUMMARY")
            named = f"session {summary!r}" if summary else f"event {position + 1}"
            if span is None:
                named += f" (event {position + 1} of the calendar)"
            try:
                draft = self._draft(event, feed, span, dialect, named)
            except OverflowError:
                # 9999-12-31T23:59Z plus a day, or shown east of UTC: past the last date.
                past = BadBlock("its time is past the last date a calendar can hold (year 9999)", "DTSTART")
                line = feed.line_in(span, past.field)
                if strict:
                    raise ScheduleError(f"{named}: {past}", path=path, line=line) from None
                feed.warn(f"skipped {named}: {past}", line, skipped=True)
                continue
            except BadBlock as exc:
                line = feed.line_in(span, exc.field)
                if strict:
                    raise ScheduleError(f"{named}: {exc}", path=path, line=line) from None
                feed.warn(f"skipped {named}: {exc}", line, skipped=True)
                continue
            if draft is not None:
                feed.result.drafts.append(draft)
        if feed.unsure:
            feed.warn(
                f"{len(feed.unsure)} title(s) kept whole, speakers unread: planner cannot tell whether a "
                f"name in them is a person or a company (first: {feed.unsure[0]!r})",
                None,
            )
        lost = [w for w in feed.result.warnings if w.skipped]
        if not feed.result.drafts and lost:
            raise ScheduleError(
                f"no session could be read ({len(lost)} problem(s); first: {lost[0].message})",
                path=path,
                line=lost[0].line,
            )
        feed.result.timezone = zone_name(feed.zone)
        return feed.result

    @staticmethod
    def _draft(
        event: icalendar.Event, feed: _Feed, span: tuple[int, int] | None, dialect: str | None, named: str
    ) -> Draft | None:
        broken: dict[str, str] = {}
        for name, message in event.errors:
            if name and name.upper() in _TIME_FIELDS:
                broken[name.upper()] = message
                continue
            if name:
                line = feed.line_in(span, name.upper())
            else:
                line = feed.line_of_message(message, span) or feed.line_in(span)
            feed.unreadable_line(message, line, named)
        start = _value(event, "DTSTART", broken)
        if start is None:
            raise BadBlock("no DTSTART", "DTSTART")
        if not isinstance(start, dt.date):
            raise BadBlock(f"unreadable DTSTART {start!r}", "DTSTART")
        if not isinstance(start, dt.datetime):
            # A day-long entry (registration open, a holiday) is not a session one goes to.
            what = f"event {text_of(event, 'SUMMARY')!r}"
            feed.warn(f"left out all-day {what} on {start}: not a session", span[0] if span else None)
            return None
        if str(event.get("STATUS") or "").upper() == "CANCELLED":
            feed.warn(f"left out cancelled {named}", feed.line_in(span, "STATUS"))
            return None
        end = _value(event, "DTEND", broken)
        duration = _value(event, "DURATION", broken)
        if end is not None and not isinstance(end, dt.datetime):
            raise BadBlock(f"DTEND {end} is not a date-time like DTSTART", "DTEND")
        start = IcalFeedReader._on_clock(start, event, "DTSTART", feed, span)
        if end is not None:
            end = IcalFeedReader._on_clock(end, event, "DTEND", feed, span)
        elif duration is not None:
            if not isinstance(duration, dt.timedelta):
                raise BadBlock("unreadable DURATION", "DURATION")
            # Added in UTC: a talk across the autumn clock change keeps its length.
            end = (start.astimezone(pytz.utc) + duration).astimezone(feed.zone)
        else:
            # RFC 5545: a date-time DTSTART alone is an event of no length.
            feed.warn(
                f"{named} has neither DTEND nor DURATION; read as ending when it starts",
                span[0] if span else None,
            )
            end = start
        if max(start, end).year >= 9999:
            # Within hours of datetime.max, any later step (UTC for a UID, a zone's look-ahead) overflows.
            raise BadBlock("its time is past the last date a calendar can hold (year 9999)", "DTSTART")
        if end < start:
            raise BadBlock(f"ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})", "DTEND")
        if event.get("RRULE") is not None:
            feed.warn(f"{named} repeats (RRULE); read only its first occurrence", feed.line_in(span, "RRULE"))

        if isinstance(event.get("SUMMARY"), list):
            feed.warn(f"{named} has more than one SUMMARY; kept the first", feed.line_in(span, "SUMMARY"))
        summary = decoded(text_of(event, "SUMMARY", strip=False))
        kind = None
        if feed.kinds:
            kind, summary = split_kind(summary)
        place = decoded(text_of(event, "LOCATION"))
        title, speakers = title_and_speakers(summary, dialect, feed, place)
        if not title:
            raise BadBlock("no SUMMARY (title)", "SUMMARY")
        raw_description = text_of(event, "DESCRIPTION")
        if dialect is None and not speakers:
            names = attendee_names(event, feed.organizer) or names_after_speakers_line(raw_description)
            speakers = tuple(Speaker(name=name) for name in names)
        location = (parse_venue(place) if "|" in place else parse_place(place)) if place else {}
        kinds = [decoded(c) for c in categories(event)]
        description = description_text(raw_description)
        return Draft(
            title=title,
            start=start,
            end=end,
            line=span[0] if span else None,
            speakers=speakers,
            location=location,
            type=", ".join(kinds) or kind or None,
            description=description or None,
            url=text_of(event, "URL") or None,
            # The feed's UID: a personal feed of the same site (Sched's "My Schedule") repeats it.
            feed_id=text_of(event, "UID") or None,
        )

    @staticmethod
    def _on_clock(
        moment: dt.datetime, event: icalendar.Event, name: str, feed: _Feed, span: tuple[int, int] | None
    ) -> dt.datetime:
        """``moment`` on the display zone's clock. A floating time, or one whose TZID
        neither icalendar nor the calendar defines, is read in the display zone."""
        if moment.tzinfo is not None:
            return moment.astimezone(feed.zone)
        prop = event.get(name)
        tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
        if tzid and tzid not in feed.unknown_tzids:
            feed.unknown_tzids.add(tzid)
            feed.warn(
                f"unknown time zone TZID={tzid}; read its times in {zone_name(feed.zone)} (pass --tz)",
                feed.line_in(span, name),
            )
        return localize(moment, feed.zone)
