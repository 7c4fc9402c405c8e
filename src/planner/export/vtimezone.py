"""VTIMEZONE components in the compact RRULE form that Outlook and Google write.

``icalendar``'s ``add_missing_timezones()`` lists every transition as an RDATE
(134 of them for New York, 1970-2038); Outlook misreads RDATE-only zones
(iCalcreator/iCalcreator#86, nextcloud/calendar#4429). Here the zone's current
rule is read off the tz database and written as one STANDARD and one DAYLIGHT
sub-component with a yearly RRULE, valid from the first year the rule held.

>>> print(vtimezone("America/New_York", {2025}).to_ical().decode().replace("\\r\\n", "\\n").strip())
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZNAME:EST
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZNAME:EDT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

import pytz
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from ..frozen import frozen

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EARLIEST_YEAR = 1970


@frozen(kw_only=False)
class Transition:
    local: dt.datetime  # wall-clock time of the change, in the offset before it
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    is_dst: bool


def _transitions(zone: pytz.BaseTzInfo, year: int) -> list[Transition]:
    times = getattr(zone, "_utc_transition_times", None)
    infos = getattr(zone, "_transition_info", None)
    if not times or not infos:
        return []
    found = []
    for index in range(1, len(times)):
        moment = times[index]
        if moment.year < year - 1 or moment.year > year + 1:
            continue
        before, after = infos[index - 1], infos[index]
        local = moment + before[0]
        if local.year != year:
            continue
        found.append(Transition(local, before[0], after[0], after[2], bool(after[1])))
    return found


def _rule(moment: dt.datetime) -> list[tuple[str, int]]:
    """Candidate BYDAY forms for a date: the nth weekday, and "last" if it is the last."""
    weekday = WEEKDAYS[moment.weekday()]
    forms = [(f"{(moment.day - 1) // 7 + 1}{weekday}", moment.month)]
    if moment.day + 7 > calendar.monthrange(moment.year, moment.month)[1]:
        forms.append((f"-1{weekday}", moment.month))
    return forms


def _date_for(year: int, month: int, byday: str, clock: dt.time) -> dt.datetime | None:
    """The date an RRULE BYDAY (``2SU``, ``-1SU``) gives in ``year``; None if there is none."""
    nth, weekday = int(byday[:-2]), WEEKDAYS.index(byday[-2:])
    days = [
        d
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    if abs(nth) > len(days) or nth == 0:
        return None
    return dt.datetime.combine(dt.date(year, month, days[nth - 1] if nth > 0 else days[nth]), clock)


def _matches(zone: pytz.BaseTzInfo, year: int, month: int, byday: str, clock: dt.time, is_dst: bool) -> bool:
    return any(
        t.is_dst == is_dst and t.local == _date_for(year, month, byday, clock)
        for t in _transitions(zone, year)
    )


def _component(zone: pytz.BaseTzInfo, transition: Transition, years: Iterable[int]):
    """A STANDARD or DAYLIGHT component with an RRULE that reproduces ``transition``
    in every year of ``years`` and the years either side; None if no yearly rule does.

    Of the candidate rules (``4SU`` and ``-1SU`` can both fit one year), the one
    that held longest is taken: Europe's "last Sunday" over a "fourth Sunday"
    that happens to coincide this year.
    """
    clock = transition.local.time()
    years = sorted(years)
    best = None
    for byday, month in _rule(transition.local):

        def holds(year: int, byday: str = byday, month: int = month) -> bool:
            return _matches(zone, year, month, byday, clock, transition.is_dst)

        if not all(holds(y) for y in range(years[0] - 1, years[-1] + 2)):
            continue
        first = years[0]
        while first > EARLIEST_YEAR and holds(first - 1):
            first -= 1
        last = years[-1]
        while last < years[-1] + 30 and holds(last + 1):
            last += 1
        if best is None or last - first > best[0]:
            best = (last - first, first, byday, month)
    if best is None:
        return None
    _, first, byday, month = best
    part = TimezoneDaylight() if transition.is_dst else TimezoneStandard()
    part.add("dtstart", _date_for(first, month, byday, clock))
    part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
    part.add("tzname", transition.name)
    part.add("tzoffsetfrom", transition.offset_from)
    part.add("tzoffsetto", transition.offset_to)
    return part


def vtimezone(name: str, years: Iterable[int]) -> Timezone:
    """A VTIMEZONE for the IANA zone ``name`` that is right for every year in ``years``."""
    zone = pytz.timezone(name)
    years = sorted(set(years)) or [dt.date.today().year]
    component = Timezone()
    component.add("tzid", name)
    yearly = _transitions(zone, years[0])
    parts = [_component(zone, t, years) for t in yearly] if len(yearly) == 2 else []
    if parts and all(parts):
        # STANDARD first, as Outlook and Google write it.
        for part in sorted(parts, key=lambda p: p.name != "STANDARD"):
            component.add_component(part)
        return component
    if yearly:
        # No yearly rule fits (a zone that changed its rules between these years):
        # list the actual transitions, each as its own dated component.
        for year in years:
            for t in _transitions(zone, year):
                part = TimezoneDaylight() if t.is_dst else TimezoneStandard()
                part.add("dtstart", t.local)
                part.add("tzname", t.name)
                part.add("tzoffsetfrom", t.offset_from)
                part.add("tzoffsetto", t.offset_to)
                component.add_component(part)
        return component
    # No transitions in these years: one fixed offset.
    sample = zone.localize(dt.datetime(years[0], 6, 1)) if hasattr(zone, "localize") else None
    offset = sample.utcoffset() if sample else dt.timedelta(0)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(EARLIEST_YEAR, 1, 1))
    standard.add("tzname", sample.tzname() if sample else name)
    standard.add("tzoffsetfrom", offset)
    standard.add("tzoffsetto", offset)
    component.add_component(standard)
    return component
