"""Who speaks, in an iCalendar feed that is not Sched's or pretalx's.

A generic feed names speakers in two places a person would see: the events'
``ATTENDEE`` / ``ORGANIZER`` (their ``CN``), and a ``Speaker:`` / ``Speakers:`` line
of the DESCRIPTION. Nothing is made up from a title.

>>> names_after_speakers_line("Talk about X.\\nSpeakers: Ana Lima, Bo Chen & Cy Dorr")
('Ana Lima', 'Bo Chen', 'Cy Dorr')
>>> names_after_speakers_line("Speakers:\\nAna Lima\\n<p>Ana builds things.</p>\\nBo Chen\\n<p>Bo too.</p>")
('Ana Lima', 'Bo Chen')
>>> names_after_speakers_line("Speakers:\\nHosted by Abigail, Chris, and Lorena\\n")
('Abigail', 'Chris', 'Lorena')
>>> split_kind("[talk] Looking At Audio")
('talk', 'Looking At Audio')
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from ..models import Speaker
from .ical_text import decoded, text_of
from .sched_lines import read_summary
from .sched_speakers import Known

# "Speaker:" or "Speakers:" at the start of a line, then names on that line or below it.
_SPEAKERS_LINE = re.compile(r"^[ \t]*(?:Speakers?|Presenters?|Presented by)[ \t]*:[ \t]*(.*)$", re.I | re.M)
# Names on one line: "Ana Lima, Bo Chen & Cy Dorr", "Ana Lima and Bo Chen", "A, B, and C".
_JOINERS = re.compile(r"\s*(?:,\s*and\b|,|;|&|\band\b)\s*")
# "[talk] Title": the kind in brackets in front of every title, as some generators write.
_KIND = re.compile(r"\[([^\[\]\n]{1,30})\]\s+(\S.*)", re.S)
# "Hosted by Abigail, Chris, and Lorena": the names are what follows.
_HOSTED = re.compile(r"^(?:hosted|presented|led)\s+by\s+", re.I)
MAX_NAME_LENGTH = 80
# A name is a few words, no markup, no sentence: what a bio line never is.
_NAME = re.compile(r"[^\W\d_][\w.'’\-]*(?:\s+[\w.'’\-]+){0,5}")


def _clean(text: str) -> str:
    """A name without the emoji and symbols people add to it (``Amethyst Reese 🌸``)."""
    return "".join(c for c in text if unicodedata.category(c) not in ("So", "Sk", "Cs")).strip()


def _split_names(text: str) -> list[str]:
    text = _HOSTED.sub("", text.strip())
    return [_clean(n) for n in _JOINERS.split(text) if _clean(n)]


def _is_name(text: str) -> bool:
    return len(text) <= MAX_NAME_LENGTH and _NAME.fullmatch(text) is not None and not text.endswith(".")


def names_after_speakers_line(description: str) -> tuple[str, ...]:
    """The names a ``Speakers:`` line gives: on its own line (split at commas, ``&``,
    ``and``), or one per line below it, each maybe followed by an HTML bio
    (``<p>...</p>``, over several lines). Empty when a piece is not a name."""
    match = _SPEAKERS_LINE.search(description)
    if match is None:
        return ()
    inline = match.group(1).strip()
    if inline:
        given = _split_names(inline)
        return tuple(given) if given and all(_is_name(n) for n in given) else ()
    names: list[str] = []
    in_bio = False
    for raw in description[match.end() :].split("\n"):
        line = raw.strip()
        if in_bio:
            in_bio = not line.endswith("</p>")
        elif not line:
            continue
        elif line.startswith("<"):
            in_bio = not line.endswith("</p>")
        elif _HOSTED.match(line) and all(_is_name(n) for n in _split_names(line)):
            names.extend(_split_names(line))
        elif _is_name(_clean(line)):
            names.append(_clean(line))
        else:
            break
    return tuple(names)


def attendee_names(event, shared_organizer: str | None) -> tuple[str, ...]:
    """The CNs of the event's ATTENDEEs and of its ORGANIZER, unless that organizer
    is ``shared_organizer`` (the conference itself, on every event)."""
    names: list[str] = []
    for key in ("ORGANIZER", "ATTENDEE"):
        value = event.get(key)
        for prop in value if isinstance(value, list) else [value] if value is not None else []:
            params = getattr(prop, "params", {})
            name = str(params.get("CN") or "").strip().strip('"').strip()
            if key == "ORGANIZER" and name == shared_organizer:
                continue
            if name and _is_name(name):
                names.append(name)
    return tuple(dict.fromkeys(names))  # in order, each once (a set test per name was quadratic)


def shared_organizer(events: list) -> str | None:
    """The ORGANIZER CN that every one of several events gives: the conference, not a person."""
    if len(events) < 2:
        return None
    counts = Counter(
        str(getattr(e.get("ORGANIZER"), "params", {}).get("CN") or "").strip().strip('"').strip()
        for e in events
        if e.get("ORGANIZER") is not None and not isinstance(e.get("ORGANIZER"), list)
    )
    name, count = counts.most_common(1)[0] if counts else ("", 0)
    return name if name and count == len(events) else None


def split_kind(summary: str) -> tuple[str | None, str]:
    """``[talk] Title`` -> (``talk``, ``Title``); a summary without it is all title."""
    match = _KIND.fullmatch(summary.strip())
    return (match.group(1).strip(), match.group(2).strip()) if match else (None, summary.strip())


def kinds_in_titles(summaries: list[str]) -> bool:
    """Whether the feed writes a ``[kind]`` before (nearly) every title: its shape says so."""
    marked = sum(1 for s in summaries if split_kind(s)[0] is not None)
    return bool(summaries) and marked >= 0.9 * len(summaries)


def title_and_speakers(
    summary: str, dialect: str | None, feed: Any = None, place: str = ""
) -> tuple[str, tuple[Speaker, ...]]:
    """A SUMMARY's title and the speakers its producer writes into it."""
    if dialect in ("sched", "sched-speakers"):
        known = feed.known if feed is not None else None
        title, people, unsure = read_summary(
            summary.strip(), dialect == "sched-speakers", known=known, strict=True, place=place
        )
        if unsure and feed is not None:
            feed.unsure.append(title)
        return title, tuple(Speaker(name=p.name, affiliation=p.affiliation) for p in people)
    if dialect == "pretalx":
        # "Title - Speaker, Speaker": the last " - " (rpartition: linear however many there are).
        head, dash, names = summary.rpartition(" - ")
        if dash and head.strip():
            return head.strip(), tuple(Speaker(name=n.strip()) for n in names.split(", ") if n.strip())
    return summary.strip(), ()


def known_names(events: list, lone_names: bool) -> Known:
    """The names the feed's titles give without doubt: as people, and as companies.
    A second reading settles ``A, B & C, Company`` by what B is elsewhere."""
    people: set[str] = set()
    affiliations: set[str] = set()
    for event in events:
        place = decoded(text_of(event, "LOCATION"))
        _, found, _ = read_summary(decoded(text_of(event, "SUMMARY")), lone_names, strict=True, place=place)
        for person in found:
            people.add(person.name)
            if person.affiliation:
                affiliations.add(person.affiliation)
                affiliations.add(person.affiliation.rsplit(",", 1)[-1].strip())
    return Known(frozenset(people), frozenset(affiliations))
