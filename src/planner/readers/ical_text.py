"""The text of an iCalendar feed's properties, as a person should read it, and the
hints of place its events carry (their TZIDs, their GEO).

>>> decoded("Fish &amp; Chips&nbsp;Bar")
'Fish & Chips Bar'
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

from .html_text import html_to_text, looks_like_html
from .zones import ZoneGuess, zone_for_geo

if TYPE_CHECKING:
    import icalendar


def zone_of_geo(events: list) -> ZoneGuess | None:
    """The zone near the GEO most events give (each distinct point looked up once)."""
    points: dict[tuple[float, float], int] = {}
    for event in events:
        geo = event.get("GEO")
        with contextlib.suppress(AttributeError, TypeError, ValueError):
            point = (round(float(geo.latitude), 3), round(float(geo.longitude), 3))
            points[point] = points.get(point, 0) + 1
    if not points:
        return None
    return zone_for_geo(*max(points, key=points.__getitem__))


def named_tzids(events: list) -> list[str]:
    """The TZIDs the events' DTSTARTs name, the most used first."""
    counts: dict[str, int] = {}
    for event in events:
        prop = event.get("DTSTART")
        params = getattr(prop, "params", None)
        if params is not None and (tzid := params.get("TZID")):
            counts[str(tzid)] = counts.get(str(tzid), 0) + 1
    return sorted(counts, key=lambda name: -counts[name])


def text_of(component: icalendar.cal.Component, name: str, strip: bool = True) -> str:
    """The text of property ``name`` (the first, if the component repeats it), stripped."""
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    text = str(value or "")
    return text.strip() if strip else text


def decoded(text: str) -> str:
    """A one-line text with its HTML entities (``&amp;``, ``&nbsp;``) decoded, once.

    >>> decoded("Fish &amp; Chips&nbsp;Bar")
    'Fish & Chips Bar'
    """
    if "&" not in text or not looks_like_html(text):
        return text
    import html

    return html.unescape(text).replace("\xa0", " ")


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}[\s/>]")


def description_text(text: str) -> str:
    """A DESCRIPTION as text. iCalendar's text is plain and its line breaks are meant;
    some feeds put HTML in it (PyCon's bios, Sched's ``&nbsp;``): tags are laid out with
    each line break kept, entities alone are decoded once.

    >>> description_text("Must be&nbsp;registered.\\nRead more.")
    'Must be registered.\\nRead more.'
    >>> description_text("Kind: talk\\n<p>Fish &amp; chips</p>")
    'Kind: talk\\n\\nFish & chips'
    """
    if not text:
        return ""
    if _TAG.search(text) is None:
        return decoded(text).strip()
    return html_to_text(text.replace("\n", "<br>\n"))


def categories(event: icalendar.Event) -> list[str]:
    value = event.get("CATEGORIES")
    props = value if isinstance(value, list) else [value] if value is not None else []
    return [str(c).strip() for prop in props for c in getattr(prop, "cats", [prop]) if str(c).strip()]
