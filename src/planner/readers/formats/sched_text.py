"""The text scrape of a sched-hosted schedule (the bundled KubeCon file).

    KubeCon + CloudNativeCon North America 2025#
    Thursday, November 13, 2025#
    Total Sessions: 101
    Autoscaling Spring Boot Apps in Kubernetes With KEDA#
    Time: 11:00am EST - 11:30am EST
    Speakers: John Coyne (Distinguished Engineer, Capital One)
    Venue: Building B | Level 4 | B406b-407, Atlanta, GA, USA
    Type: APPLICATION DEVELOPMENT
    Description: ...

A line ending in ``#`` is the conference name, a day, or a session title
(a title is followed by field lines), even when it begins with a field word
(``Time: The Missing Dimension in Your Traces#``). Any field but ``Time`` may be
missing. A session is on the day it is listed under; one that ends after midnight
(``10:30pm EST - 12:30am EST``) ends on the next date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from typing import Any

from dateutil import parser as dateparser

from ...errors import ScheduleError, SourceWarning
from ...models import Speaker
from ...timezones import ABBREVIATIONS, get_zone, localize, zone_name
from ..base import BadBlock, Draft, Reader, ReadResult, register
from ..sched_lines import parse_speakers
from ..sched_speakers import Known
from ..venue_text import parse_venue

FIELDS = ("Time", "Speakers", "Venue", "Type", "Description")
_FIELD = re.compile(r"^(Time|Speakers|Venue|Type|Description):[ \t]?(.*)$")
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?m?\.?"
_ZONE = r"(?-i:([A-Z]{2,5}))?"
_TIME_RANGE = re.compile(rf"^{_CLOCK}\s*{_ZONE}\s*[-–—]+\s*{_CLOCK}\s*{_ZONE}$", re.IGNORECASE)
# "11:30am EST - 12:15pm EST" is 25 characters; what is far longer is no time range.
MAX_TIME_LENGTH = 60
_DAY_FORMATS = ("%A, %B %d, %Y", "%A %B %d, %Y", "%B %d, %Y", "%Y-%m-%d")
# Days planner reads: a conference outside these years is a typo or hostile input.
FIRST_YEAR, LAST_YEAR = 1970, 2200
# A range whose end is earlier on the clock than its start ends the next day, if the
# session is then no longer than this (a party until 12:30am); else it is an error.
MAX_OVERNIGHT = dt.timedelta(hours=12)


def parse_day(text: str) -> dt.date | None:
    """``Thursday, November 13, 2025`` -> a date, or None if it is not a day line."""
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    if not re.search(r"\d{4}", text) or len(text) > 40:
        return None
    try:
        return dateparser.parse(text, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def _to_24h(hour: int, minute: int, meridiem: str | None) -> tuple[int, int]:
    if minute > 59:
        raise BadBlock(f"minute {minute} is out of range")
    if meridiem is None:
        if hour > 23:
            raise BadBlock(f"hour {hour} is out of range")
        return hour, minute
    if not 1 <= hour <= 12:
        raise BadBlock(f"{hour}{meridiem}m is not a 12-hour time")
    # 12am is midnight, 12pm is noon.
    return (hour % 12) + (12 if meridiem == "p" else 0), minute


# A pure function of its arguments, and parallel tracks share their slots: a day of
# a hundred sessions has a dozen time ranges. Bounded, so memory stays flat.
@functools.lru_cache(maxsize=4096)
def parse_time_range(
    text: str, day: dt.date, tz_override: str | None, last_zone: str | None
) -> tuple[dt.datetime, dt.datetime, str | None]:
    """``11:00am EST - 11:30am EST`` on ``day`` -> aware start and end, and the abbreviation.

    >>> start, end, _ = parse_time_range("10:30pm EST - 12:30am EST", dt.date(2025, 11, 13), None, None)
    >>> start.isoformat(), end.isoformat()
    ('2025-11-13T22:30:00-05:00', '2025-11-14T00:30:00-05:00')
    """
    # Runs of spaces become one first: the pattern then cannot backtrack over them
    # (its optional parts sit between \s* that each match at most one character).
    squeezed = " ".join(text.split())
    match = _TIME_RANGE.match(squeezed) if len(squeezed) <= MAX_TIME_LENGTH else None
    if not match:
        shown = squeezed if len(squeezed) <= MAX_TIME_LENGTH else squeezed[: MAX_TIME_LENGTH - 1] + "…"
        raise BadBlock(f"unreadable time {shown!r} (expected e.g. '11:00am EST - 11:30am EST')")
    h1, m1, ap1, tz1, h2, m2, ap2, tz2 = match.groups()
    ap1, ap2 = (ap1 or "").lower() or None, (ap2 or "").lower() or None
    if ap1 is None and ap2 is not None:
        # "9:00 - 10:30am": the start shares the end's half of the day, if that keeps it first.
        ap1 = ap2
        if _to_24h(int(h1), int(m1 or 0), ap1) > _to_24h(int(h2), int(m2 or 0), ap2):
            ap1 = "a"
    start_hm = _to_24h(int(h1), int(m1 or 0), ap1)
    end_hm = _to_24h(int(h2), int(m2 or 0), ap2)
    abbreviation = tz2 or tz1
    if tz_override:
        zone_label, is_dst = tz_override, None
    elif abbreviation:
        if abbreviation not in ABBREVIATIONS:
            raise BadBlock(f"unknown time zone {abbreviation!r} (pass --tz with an IANA name)")
        zone_label, is_dst = ABBREVIATIONS[abbreviation]
    elif last_zone:
        zone_label, is_dst = last_zone, None
    else:
        raise BadBlock(f"no time zone in {text.strip()!r} (pass --tz)")
    zone = get_zone(zone_label)
    start = localize(dt.datetime.combine(day, dt.time(*start_hm)), zone, is_dst)
    end = localize(dt.datetime.combine(day, dt.time(*end_hm)), zone, is_dst)
    if end < start:
        overnight = _next_day(day, end_hm, zone, is_dst)
        if overnight is None or overnight - start > MAX_OVERNIGHT:
            raise BadBlock(f"ends ({end:%H:%M}) before it starts ({start:%H:%M})")
        end = overnight
    return start, end, (None if tz_override else abbreviation)


def _next_day(day: dt.date, hm: tuple[int, int], zone, is_dst: bool | None) -> dt.datetime | None:
    """``hm`` on the day after ``day``, or None past the last day a calendar has."""
    if day >= dt.date(LAST_YEAR, 12, 31):
        return None
    return localize(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(*hm)), zone, is_dst)


def _day_in_range(day: dt.date, line: int, path: str) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ScheduleError(
            f"the day line says {day:%Y-%m-%d}, outside the years planner reads ({FIRST_YEAR}-{LAST_YEAR})",
            path=path,
            line=line,
        )
    return day


class _Block:
    def __init__(self, title: str, line: int) -> None:
        self.title = title
        self.line = line
        self.fields: dict[str, str] = {}
        self.field_lines: dict[str, int] = {}
        self.last_field: str | None = None
        # A description's further lines, joined once the block ends: adding each to the text
        # so far copied it again, and a description of 200,000 lines took a quarter of a minute.
        self.more_description: list[str] = []

    def ended(self) -> _Block:
        """The block, its description's lines joined."""
        if self.more_description:
            self.fields["Description"] = "\n".join([self.fields["Description"], *self.more_description])
            self.more_description = []
        return self


@register
class SchedTextReader(Reader):
    name = "sched-text"
    verbose_name = "sched text scrape (title lines ending in '#', then Time:/Venue:/... lines)"
    extensions = (".txt",)

    def sniff(self, head: str) -> bool:
        lines = [line.strip() for line in head.splitlines() if line.strip()]
        return (
            bool(lines)
            and lines[0].endswith("#")
            and any(line.startswith(("Time:", "Total Sessions:")) for line in lines[:60])
        )

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        if tz:
            get_zone(tz)  # an unknown --tz is an error before any line is read
        lines = text.split("\n")
        result = ReadResult(drafts=[], timezone=tz or "")
        # What the lines so far have set: the day, the zone, the speakers' lines.
        state: dict[str, Any] = {
            "day": None,
            "override": tz,
            "last_zone": None,
            "abbrev_checked": set(),
            "speaker_lines": {},
        }
        block: _Block | None = None

        def warn(message: str, line: int, skipped: bool = False) -> None:
            result.warnings.append(SourceWarning(message, path, line, skipped))

        def close(current: _Block | None) -> None:
            if current is None:
                return
            try:
                result.drafts.append(self._draft(current.ended(), state, warn))
            except ScheduleError as exc:
                exc.path = exc.path or path
                raise
            except BadBlock as exc:
                message = f"session {current.title!r}: {exc}"
                line = current.field_lines.get(exc.field, current.line) if exc.field else current.line
                if strict:
                    raise ScheduleError(message, path=path, line=line) from None
                warn(f"skipped {message}", line, skipped=True)

        def next_field(index: int) -> str | None:
            """The field name on the next non-blank line, if it is a field line
            (a line ending in '#' is a heading, even "Time: The Missing Dimension#")."""
            for position in range(index + 1, len(lines)):
                if following := lines[position].strip():
                    match = None if following.endswith("#") else _FIELD.match(following)
                    return match.group(1) if match else None
            return None

        for index, raw in enumerate(lines):
            number = index + 1
            line = raw.strip()
            if not line:
                continue
            titled = line.endswith("#")
            # The field after a '#' line, looked for once (a title line is seen twice below).
            following = next_field(index) if titled else None
            heading_line = titled and following == "Time"
            if not heading_line and (field := _FIELD.match(line)):
                name, value = field.group(1), field.group(2).strip()
                if block is None:
                    problem = f"'{name}:' line outside any session"
                    if strict:
                        raise ScheduleError(problem, path=path, line=number)
                    warn(f"ignored {problem}", number)
                    continue
                if name in block.fields:
                    warn(
                        f"session {block.title!r} has a second '{name}:' line; kept the first",
                        number,
                    )
                    continue
                block.fields[name] = value
                block.field_lines[name] = number
                block.last_field = name
            elif line.startswith("Total Sessions:"):
                count = line.partition(":")[2].strip()
                # ASCII digits ('²' is a digit to str.isdigit), and no more than any schedule holds:
                # a 20-digit count fits no 64-bit field of the kept copy.
                if count.isascii() and count.isdigit() and len(count) <= 7:
                    result.declared_total = int(count)
                else:
                    warn(f"unreadable session count {count!r}", number)
            elif titled or (following := next_field(index)):
                if not titled:
                    warn(f"title line without a closing '#': {line!r}", number)
                heading = line.removesuffix("#").strip()
                # A title is followed by its Time: line; a day line or the conference name is not.
                if following != "Time" and (day := parse_day(heading)):
                    close(block)
                    block = None
                    state["day"] = _day_in_range(day, number, path)
                    continue
                if following is None and result.name is None and not result.drafts and not block:
                    result.name = heading
                    continue
                close(block)
                block = _Block(heading, number)
            elif block is not None and block.last_field == "Description":
                # A description that runs over several lines.
                block.more_description.append(line)
            else:
                problem = f"unrecognised line {ellipsize_repr(line)}"
                if strict:
                    raise ScheduleError(problem, path=path, line=number)
                warn(f"ignored {problem}", number)
        close(block)

        if not result.drafts and result.warnings:
            first = result.warnings[0]
            if not any(w.skipped for w in result.warnings):
                # Nothing here was a session at all: say so without quoting the file
                # (it may be any file, /etc/passwd included).
                raise ScheduleError(
                    "is not a sched text scrape: no session title (a line ending in '#' "
                    "followed by a 'Time:' line) was found",
                    path=path,
                    line=first.line,
                )
            raise ScheduleError(
                f"no session could be read ({len(result.warnings)} problem(s); first: {first.message})",
                path=path,
                line=first.line,
            )
        if result.declared_total is not None and result.declared_total != len(result.drafts):
            found = len(result.drafts)
            warn(
                f"the header says 'Total Sessions: {result.declared_total}' "
                f"but {found} {'session was' if found == 1 else 'sessions were'} found",
                1,
            )
        zones = [zone_name(d.start.tzinfo) for d in result.drafts]
        if zones:
            result.timezone = max(set(zones), key=zones.count)
        _settle_names(result.drafts, state["speaker_lines"])
        return result

    @staticmethod
    def _draft(block: _Block, state: dict, warn) -> Draft:
        if state["day"] is None:
            raise ScheduleError(
                "no day line before the first session (expected e.g. 'Thursday, November 13, 2025#')",
                line=block.line,
            )
        if "Time" not in block.fields:
            raise BadBlock("no 'Time:' line")
        try:
            start, end, abbreviation = parse_time_range(
                block.fields["Time"], state["day"], state["override"], state["last_zone"]
            )
        except BadBlock as exc:
            exc.field = "Time"
            raise
        state["last_zone"] = zone_name(start.tzinfo)
        if abbreviation and abbreviation not in state["abbrev_checked"]:
            state["abbrev_checked"].add(abbreviation)
            actual = start.tzname()
            if actual != abbreviation and ABBREVIATIONS[abbreviation][1] is not None:
                warn(
                    f"times say {abbreviation} but {state['day']} is in {actual}; used {actual}",
                    block.line,
                )
        title = block.title
        speakers: tuple[Speaker, ...] = ()
        if block.fields.get("Speakers"):
            state["speaker_lines"][block.line] = block.fields["Speakers"]
            people, subtitle = parse_speakers(block.fields["Speakers"])
            speakers = tuple(Speaker(name=p.name, affiliation=p.affiliation) for p in people)
            if subtitle:
                title = f"{title} - {subtitle}"
        if not title:
            raise BadBlock("empty title")
        return Draft(
            title=title,
            start=start,
            end=end,
            line=block.line,
            speakers=speakers,
            location=parse_venue(block.fields["Venue"]) if block.fields.get("Venue") else {},
            type=block.fields.get("Type") or None,
            description=block.fields.get("Description") or None,
            day=state["day"],
        )


def _settle_names(drafts: list[Draft], lines: dict[int, str]) -> None:
    """Read again the Speakers lines where an affiliation is a name the schedule gives as a
    speaker elsewhere (``Ana Lima (Bo Chen & Cy Dorr, Initech)``): that name is a person."""
    people = {p.name for d in drafts for p in d.speakers}
    affiliations = {p.affiliation for d in drafts for p in d.speakers if p.affiliation}
    doubtful = {a for a in affiliations if a in people}
    if not doubtful:
        return
    known = Known(frozenset(people), frozenset(affiliations - doubtful))
    for index, draft in enumerate(drafts):
        line = lines.get(draft.line) if draft.line is not None else None
        if line and any(p.affiliation in doubtful for p in draft.speakers):
            found, _ = parse_speakers(line, known)
            speakers = tuple(Speaker(name=p.name, affiliation=p.affiliation) for p in found)
            drafts[index] = dataclasses.replace(draft, speakers=speakers)


def ellipsize_repr(line: str, width: int = 60) -> str:
    return repr(line if len(line) <= width else line[: width - 1] + "…")
