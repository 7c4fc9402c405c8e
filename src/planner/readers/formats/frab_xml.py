"""The frab/pentabarf ``schedule.xml`` that frab, pretalx and many conferences publish.

    <schedule>
      <version>1.2</version>
      <conference><title>...</title><acronym>oid2025</acronym>
        <time_zone_name>Europe/Berlin</time_zone_name>...</conference>
      <day index="1" date="2025-10-24" start="2025-10-24T04:00:00+02:00" end="...">
        <room name="Saal 1">
          <event guid="..." id="101"><date>2025-10-24T10:00:00+02:00</date>
            <start>10:00</start><duration>00:45</duration><room>Saal 1</room>
            <title>...</title><subtitle/><track>Security</track><type>Talk</type>
            <abstract>...</abstract><persons><person id="7">Ada Lovelace</person></persons>
          </event>
        </room>
      </day>
    </schedule>

The schema is ``validator/xsd/schedule.xml.xsd`` of https://github.com/voc/schedule.
It is the same data model as the JSON (:mod:`.pretalx_json`), and events become
sessions the same way (:func:`~.pretalx_json.frab_draft`): see that module for
how times and days are read.

The conference's ``<day_change>`` (06:00 at CCC, 09:00 at FOSDEM) is where one
conference day turns into the next, for days that give no ``start``; its
``<city>`` and ``<venue>`` name the zone when no ``<time_zone_name>`` does.

The standard library's parser expands entities declared in a DTD, so a document
with a ``<!DOCTYPE`` is refused before parsing (a schedule never needs one). The
prolog is read by a small scanner (:func:`scan_prolog`), linear in its length by
construction: a regular expression over it backtracked exponentially on comments.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ...errors import ScheduleError
from ...frozen import frozen
from ...timezones import get_zone
from ..base import BadBlock, Reader, ReadResult, register
from ..frab import MAX_LINKS, FrabEvent, FrabReading, LineIndex
from ..frab_days import FrabDay, parse_clock

# Blank space in a prolog: XML's own, and byte-order marks (a file may start with
# two; decoding strips only one).
_BLANK = " \t\r\n\ufeff"
# Comments and CDATA sections, blanked out before looking for tags in the raw text.
_OPAQUE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.DOTALL)
_EVENT_TAG = re.compile(r"<event[\s>/]")
_POSITION = re.compile(r":\s*line \d+, column \d+$")
FIELDS = ("date", "start", "duration", "room", "title", "subtitle", "track", "type")


@frozen(kw_only=False)
class Prolog:
    """What comes before the root element: where the root starts (``root``, -1 if
    the text ends first) and where a ``<!DOCTYPE`` is (-1 if none)."""

    root: int
    doctype: int = -1


def scan_prolog(text: str) -> Prolog:
    """Skip the XML declaration, comments, processing instructions, blanks and a
    DOCTYPE, each by one ``str.find``: linear in the prolog's length.

    >>> scan_prolog('\ufeff<?xml version="1.0"?><!-- a --><!DOCTYPE s [<!ENTITY c "x">]><schedule/>')
    Prolog(root=62, doctype=32)
    >>> scan_prolog("<!-- never closed")
    Prolog(root=-1, doctype=-1)
    """
    position, doctype, size = 0, -1, len(text)
    while position < size:
        if text[position] in _BLANK:
            position += 1
            continue
        if text.startswith("<?", position):
            after = _after(text, "?>", position + 2)
        elif text.startswith("<!--", position):
            after = _after(text, "-->", position + 4)
        elif text.startswith("<!DOCTYPE", position):
            doctype = position if doctype < 0 else doctype
            # The internal subset may hold '>' (in its declarations): skip it whole.
            # Each find stops at the first '>', so a run of DOCTYPEs stays linear.
            angle = text.find(">", position)
            bracket = text.find("[", position, angle) if angle >= 0 else -1
            if bracket >= 0:
                subset_end = _after(text, "]", bracket + 1)
                after = _after(text, ">", subset_end) if subset_end >= 0 else -1
            else:
                after = angle + 1 if angle >= 0 else -1
        elif text.startswith("<", position):
            return Prolog(position, doctype)
        else:
            return Prolog(-1, doctype)
        if after < 0:
            return Prolog(-1, doctype)
        position = after
    return Prolog(-1, doctype)


def _after(text: str, token: str, start: int) -> int:
    """The position just past the first ``token`` at or after ``start``; -1 if none."""
    found = text.find(token, start)
    return found + len(token) if found >= 0 else -1


def _text(element: ET.Element, tag: str) -> str | None:
    """The text of child ``tag`` (with any markup inside it), or None if there is none."""
    child = element.find(tag)
    return None if child is None else "".join(child.itertext())


class _EventPlaces:
    """Where each ``<event>`` start tag is in the raw text, in document order.

    ElementTree keeps no line numbers, but the n-th ``<event`` tag of the text
    (outside comments and CDATA) is the n-th event element of the tree.
    """

    def __init__(self, text: str, events: list[ET.Element]) -> None:
        self.text = _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        self.lines = LineIndex(self.text)
        offsets = [m.start() for m in _EVENT_TAG.finditer(self.text)]
        self.spans: dict[int, tuple[int, int]] = {}
        if len(offsets) == len(events):
            ends = [*offsets[1:], len(self.text)]
            self.spans = {
                id(e): span for e, span in zip(events, zip(offsets, ends, strict=True), strict=True)
            }

    def line(self, event: ET.Element) -> int | None:
        span = self.spans.get(id(event))
        return self.lines.line(span[0]) if span else None

    def field_lines(self, event: ET.Element) -> dict[str, int]:
        span = self.spans.get(id(event))
        if not span:
            return {}
        lines = {}
        for name in FIELDS:
            match = re.compile(rf"<{name}[\s>/]").search(self.text, span[0] + 1, span[1])
            if match:
                lines[name] = self.lines.line(match.start())
        return lines


@register
class FrabXmlReader(Reader):
    name = "frab-xml"
    verbose_name = "frab/pentabarf schedule.xml (<schedule><conference/><day><room><event>...)"
    extensions = (".xml",)

    def sniff(self, head: str) -> bool:
        root = scan_prolog(head).root
        return root >= 0 and head.startswith("<schedule", root) and head[root + 9 : root + 10] in " \t\r\n>/"

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        if tz:
            get_zone(tz)  # an unknown --tz is an error before anything is read
        prolog = scan_prolog(text)
        if prolog.doctype >= 0:
            raise ScheduleError(
                "has a <!DOCTYPE> declaration; planner refuses XML with a DTD, whose entities "
                "could expand without bound (a frab schedule.xml needs none)",
                path=path,
                line=text.count("\n", 0, prolog.doctype) + 1,
            )
        # A second byte-order mark (decoding took the first) is not XML, and the
        # declaration must come first: drop it (lines stay where they were).
        text = text.lstrip("\ufeff")
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            line, column = exc.position
            reason = _POSITION.sub("", str(exc))
            raise ScheduleError(
                f"is not well-formed XML: {reason} (column {column + 1})", path=path, line=line
            ) from None
        if root.tag != "schedule":
            raise ScheduleError(
                f"is XML but not a frab schedule: the root element is <{root.tag}>, not <schedule>",
                path=path,
                line=1,
            )
        conference = root.find("conference")
        if conference is None:
            raise ScheduleError("the <schedule> has no <conference>", path=path, line=1)
        reading = FrabReading(
            path=path, strict=strict, name=(_text(conference, "title") or "").strip() or None
        )
        places = _EventPlaces(text, list(root.iter("event")))
        zone_tag = re.search(r"<time_zone_name[\s>]", places.text)
        reading.set_zone(
            _text(conference, "time_zone_name"), tz, places.lines.line(zone_tag.start()) if zone_tag else None
        )
        change = self._day_change(conference, reading)
        found: list[tuple[FrabEvent, FrabDay]] = []
        for day_index, day_element in enumerate(root.findall("day")):
            day = self._day(day_element, day_index, reading)
            day.change = change
            for room_element in day_element.findall("room"):
                room_name = room_element.get("name") or ""
                for position, element in enumerate(room_element.findall("event")):
                    where = f"{day.label}, room {room_name!r}, event {position + 1}"
                    found.append((self._event(element, where, room_name, places), day))
        place = ", ".join(t for t in ((_text(conference, n) or "").strip() for n in ("venue", "city")) if t)
        return reading.finish_with(found, place or None)

    @staticmethod
    def _day_change(conference: ET.Element, reading: FrabReading):
        value = (_text(conference, "day_change") or "").strip()
        if not value:
            return None
        try:
            return parse_clock(value, "day_change")
        except BadBlock as exc:
            reading.warn(f"the conference's {exc}; ignored", None)
            return None

    @staticmethod
    def _day(element: ET.Element, position: int, reading: FrabReading) -> FrabDay:
        index = element.get("index")
        day = FrabDay(label=f"day {index}" if index else f"day {position + 1}")
        for attribute in ("date", "start", "end"):
            day.read(attribute, element.get(attribute), attribute, reading)
        return day

    @staticmethod
    def _event(element: ET.Element, where: str, room_name: str, places: _EventPlaces) -> FrabEvent:
        persons = element.findall("persons/person")
        return FrabEvent(
            where=where,
            line=places.line(element),
            guid=element.get("guid"),
            feed_id=element.get("id"),
            title=_text(element, "title"),
            subtitle=_text(element, "subtitle"),
            date=_text(element, "date"),
            start=_text(element, "start"),
            duration=_text(element, "duration"),
            room=(_text(element, "room") or "").strip() or room_name,
            track=_text(element, "track"),
            type=_text(element, "type"),
            abstract=_text(element, "abstract"),
            description=_text(element, "description"),
            persons=tuple("".join(p.itertext()) for p in persons),
            language=_text(element, "language"),
            url=_text(element, "url"),
            not_recorded=_opted_out(element),
            links=_links(element),
            field_lines=places.field_lines(element),
        )


def _links(element) -> tuple[tuple[str, str], ...]:
    """``<links><link href="...">Video recording</link>`` and the attachments, as (label, address)."""
    found = element.findall("links/link") + element.findall("attachments/attachment")
    return tuple(
        ("".join(link.itertext()).strip(), (link.get("href") or "").strip())
        for link in found[:MAX_LINKS]
        if link.get("href")
    )


def _opted_out(element) -> bool | None:
    """True when the event opts out of recording, False when the file says it does not,
    None when the file says nothing (then planner says "recording unknown", never "yes")."""
    said = [(_text(element, tag) or "").strip().lower() for tag in ("recording/optout", "do_not_record")]
    if "true" in said:
        return True
    if "false" in said:
        return False
    return None
