"""Favourites in and out: a compact share text (and QR code), and importing picks from other tools.

``share_text`` writes an agenda's picks as one line that fits a chat message or a
QR code, naming the schedule they belong to::

    planner-share/1 https://fosdem.org/2025/schedule/xml must:k0tc8,3vq1a maybe:hh2ns

``import_picks`` reads that line back, or the favourites another tool exported: an
iCalendar file of sessions (Sched's "My Schedule" feed, pretalx's starred talks,
planner's own export, any ``.ics`` of sessions) or a list of session web
addresses, one a line. Each event is matched to a session of the schedule by its
link (URL), else planner's own UID, else its title and start time; an event that
matches nothing is listed with the closest titles, never guessed.

Example::

    result = import_picks(planner, Path("starred.ics"), dry_run=True)
    for match in result.matched:
        print(match.session.id, match.how)
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from .agenda import Agenda, Pick, Priority
from .errors import PlannerError
from .files import decode_text, read_input
from .models import Schedule, Session
from .text import normalize

if TYPE_CHECKING:
    from .planning import Planner

SHARE_PREFIX = "planner-share/1"
# An export of favourites is small; a whole conference's .ics is a few MB.
MAX_IMPORT_BYTES = 16 * 1024 * 1024
MAX_EVENTS = 20_000
# Unmatched events beyond this many are listed without their closest titles (each look is linear).
MAX_CLOSEST_LOOKUPS = 50
# A share text for a QR code: error correction M (15% of the code may be lost) reads
# well off a phone screen or paper.
QR_ERROR = "m"


class FavouritesError(PlannerError):
    """Favourites that cannot be read or that belong to another conference."""


# -- share -------------------------------------------------------------------------


def _item(text: str) -> str:
    # Percent-encode anything that could break the line apart (spaces, commas, colons).
    return quote(text, safe="")


def share_text(agenda: Agenda, schedule_reference: str) -> str:
    """The agenda's picks as one line: ``planner-share/1 SCHEDULE must:IDS maybe:IDS``.

    >>> from planner.agenda import Agenda, Pick
    >>> share_text(Agenda(picks=(Pick(id="8q2qm"), Pick(id="n9db0", priority="maybe"))), "bundled:day")
    'planner-share/1 bundled%3Aday must:8q2qm maybe:n9db0'
    """
    parts = [SHARE_PREFIX, _item(schedule_reference)]
    # Runs of one priority, in the agenda's order: the order survives the round trip.
    for priority, run in itertools.groupby(agenda.picks, key=lambda p: p.priority):
        parts.append(f"{priority}:{','.join(_item(p.id) for p in run)}")
    return " ".join(parts)


@dataclass(frozen=True)
class Shared:
    """What a share text holds: the schedule it names and the picks, in order."""

    schedule: str
    picks: tuple[tuple[str, Priority], ...]


def parse_share(text: str, label: str = "share text") -> Shared:
    """Read a :func:`share_text` line back.

    >>> parse_share("planner-share/1 bundled%3Aday must:8q2qm maybe:n9db0").picks
    (('8q2qm', 'must'), ('n9db0', 'maybe'))
    """
    fields = text.strip().split()
    if not fields or fields[0] != SHARE_PREFIX or len(fields) < 2:
        raise FavouritesError(f"not a planner share text (it starts {SHARE_PREFIX!r})", path=label, line=1)
    picks: list[tuple[str, Priority]] = []
    for part in fields[2:]:
        priority, _, ids = part.partition(":")
        if priority not in ("must", "maybe") or not ids:
            problem = f"unreadable part {part[:40]!r} (must:IDS or maybe:IDS)"
            raise FavouritesError(problem, path=label, line=1)
        picks += [(unquote(i), priority) for i in ids.split(",") if i]  # type: ignore[misc]
    return Shared(unquote(fields[1]), tuple(picks))


def qr_code(text: str):
    """A QR code of ``text`` (segno), at error correction M in the smallest version that holds it."""
    import segno

    return segno.make(text, error=QR_ERROR, micro=False, boost_error=False)


# -- import ------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """One favourite as another tool wrote it."""

    title: str | None = None
    start: dt.datetime | None = None
    url: str | None = None
    uid: str | None = None
    session_id: str | None = None
    priority: Priority = "must"
    line: int | None = None

    @property
    def label(self) -> str:
        when = f" at {self.start:%a %H:%M}" if self.start else ""
        return f"{self.title or self.url or self.uid or self.session_id}{when}"


@dataclass(frozen=True)
class Match:
    wanted: Wanted
    session: Session
    # "link", "id", "title and time", "title (the schedule moved it)"
    how: str


@dataclass(frozen=True)
class Unmatched:
    wanted: Wanted
    candidates: tuple[Session, ...]


@dataclass
class ImportResult:
    source: str
    matched: list[Match] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    added: list[Pick] = field(default_factory=list)
    dry_run: bool = False


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).lower()


def _as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is None:
        return None
    return moment.astimezone(dt.UTC)


class _Index:
    def __init__(self, schedule: Schedule) -> None:
        self.sessions = schedule.sessions
        self.by_id = {s.id: s for s in self.sessions}
        self.by_url = {_url_key(s.url): s for s in self.sessions if s.url}
        self.by_title: dict[str, list[Session]] = {}
        self.by_start: dict[dt.datetime, list[Session]] = {}
        for session in self.sessions:
            self.by_title.setdefault(normalize(session.title), []).append(session)
            self.by_start.setdefault(session.start.astimezone(dt.UTC), []).append(session)

    def match(self, wanted: Wanted) -> Match | Unmatched:
        if wanted.session_id and wanted.session_id in self.by_id:
            return Match(wanted, self.by_id[wanted.session_id], "id")
        if wanted.url and _url_key(wanted.url) in self.by_url:
            return Match(wanted, self.by_url[_url_key(wanted.url)], "link")
        if wanted.uid:
            # planner's own export: UID "<id>-<conference>@planner".
            head = wanted.uid.split("-", 1)[0].lower()
            if wanted.uid.endswith("@planner") and head in self.by_id:
                return Match(wanted, self.by_id[head], "id")
        if wanted.title:
            same = self.by_title.get(normalize(wanted.title), [])
            start = _as_utc(wanted.start)
            timed = [s for s in same if start is not None and _as_utc(s.start) == start]
            if len(timed) == 1:
                return Match(wanted, timed[0], "title and time")
            if len(same) == 1:
                return Match(wanted, same[0], "title (the schedule has it at another time)")
            # Sched writes its speakers after the title ("Title - Ana Lima, Acme"): the session
            # at that time whose title the summary begins with, the longest such title.
            summary = normalize(wanted.title)
            at_start = self.by_start.get(start, []) if start is not None else []
            begins = [s for s in at_start if summary.startswith(normalize(s.title))]
            if begins:
                return Match(wanted, max(begins, key=lambda s: len(s.title)), "title and time")
        return Unmatched(wanted, self.closest(wanted))

    def closest(self, wanted: Wanted, count: int = 3) -> tuple[Session, ...]:
        """The sessions whose titles are nearest the event's (its summary may carry speakers after
        the title, so each title is compared with as much of the summary as it is long)."""
        if not wanted.title:
            return ()
        summary = normalize(wanted.title)
        scored = []
        for title, sessions in self.by_title.items():
            matcher = difflib.SequenceMatcher(None, title, summary[: len(title) + 3], autojunk=False)
            if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
                ratio = matcher.ratio()
                if ratio >= 0.6:
                    scored.append((ratio, sessions[0]))
        scored.sort(key=lambda pair: -pair[0])
        return tuple(session for _, session in scored[:count])


def _read_source(planner: Planner, source: str) -> tuple[str, str]:
    """The text of a file or a web address, and how to name it in messages."""
    from .fetch import fetch, is_url

    if is_url(source):
        fetched = fetch(source, max_bytes=MAX_IMPORT_BYTES)  # in memory: fetch writes nothing
        return decode_text(fetched.data, what="favourites file", label=fetched.url), fetched.url
    if source == "-":
        raise FavouritesError("give a file or a web address (or the share text itself)")
    data = read_input(Path(source), what="favourites file", limit=MAX_IMPORT_BYTES, label=source)
    return decode_text(data, what="favourites file", label=source, error=FavouritesError), source


def read_favourites(text: str, label: str) -> tuple[list[Wanted], str | None]:
    """The favourites in ``text`` (share text, iCalendar, or web addresses), and the schedule a
    share text names."""
    stripped = text.lstrip()
    if stripped.startswith(SHARE_PREFIX):
        shared = parse_share(stripped.splitlines()[0], label)
        return [Wanted(session_id=i, priority=p) for i, p in shared.picks], shared.schedule
    if stripped.upper().startswith("BEGIN:VCALENDAR"):
        return _from_ical(text, label), None
    wanted = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not re.match(r"https?://\S+$", line, re.IGNORECASE):
            raise FavouritesError(
                "not a favourites file planner reads (an .ics, a list of session links, or a share text)",
                path=label,
                line=number,
            )
        wanted.append(Wanted(url=line, line=number))
    if len(wanted) > MAX_EVENTS:
        raise FavouritesError(f"has over {MAX_EVENTS} links; planner imports up to {MAX_EVENTS}", path=label)
    return wanted, None


def _from_ical(text: str, label: str) -> list[Wanted]:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as exc:
        reason = (str(exc).splitlines() or ["no calendar"])[0][:120]
        raise FavouritesError(f"not a readable iCalendar file: {reason}", path=label) from None
    wanted: list[Wanted] = []
    for event in calendar.walk("VEVENT"):
        if len(wanted) >= MAX_EVENTS:
            raise FavouritesError(
                f"has over {MAX_EVENTS} events; planner imports up to that many", path=label
            )
        start = event.get("DTSTART")
        moment = getattr(start, "dt", None)
        if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
            moment = None
        url = event.get("URL")
        wanted.append(
            Wanted(
                title=str(event.get("SUMMARY") or "").strip() or None,
                start=moment,
                url=str(url) if url else None,
                uid=str(event.get("UID") or "") or None,
            )
        )
    return wanted


def _span_of(wanted: Sequence[Wanted]) -> str:
    days = sorted({w.start.date() for w in wanted if w.start is not None})
    if not days:
        return ""
    return f" (its events are on {days[0]}" + (f"..{days[-1]})" if days[-1] != days[0] else ")")


def import_picks(
    planner: Planner, source: str, *, dry_run: bool = False, maybe: bool = False
) -> ImportResult:
    """Add the favourites in ``source`` (a file, a web address, or a share text) as picks.

    Nothing is saved when no event matches the schedule (favourites of another
    conference, or of a schedule that no longer has them): that is an error naming
    the dates of the events and of the schedule.
    """
    if source.lstrip().startswith(SHARE_PREFIX):
        text, label = source, "share text"
    else:
        text, label = _read_source(planner, source)
    wanted, _shared_schedule = read_favourites(text, label)
    result = ImportResult(label, dry_run=dry_run)
    if not wanted:
        raise FavouritesError("holds no favourites", path=label)
    index = _Index(planner.schedule)
    for number, item in enumerate(wanted):
        found = index.match(item)
        if isinstance(found, Unmatched) and number >= MAX_CLOSEST_LOOKUPS:
            found = Unmatched(item, ())
        (result.matched if isinstance(found, Match) else result.unmatched).append(found)  # type: ignore[arg-type]
    if not result.matched:
        days = sorted({s.day for s in planner.schedule.sessions})
        runs = f"{days[0]}" + (f"..{days[-1]}" if days and days[-1] != days[0] else "") if days else "no day"
        raise FavouritesError(
            f"none of its {len(wanted)} favourites is in this schedule{_span_of(wanted)}; the schedule runs "
            f"{runs}: is it from another conference?",
            path=label,
        )
    if not dry_run:
        result.added = _add(planner, result.matched, maybe)
    return result


def _add(planner: Planner, matches: Iterable[Match], maybe: bool) -> list[Pick]:
    added = []
    reference = planner.schedule_reference_for(planner.source.reference)
    with planner.file.edit(create_for_schedule=reference) as document:
        for match in matches:
            if document.agenda().get(match.session.id) is not None:
                continue
            priority: Priority = "maybe" if maybe else match.wanted.priority
            pick = Pick.of(match.session, priority)
            document.add_pick(pick)
            added.append(pick)
    return added
