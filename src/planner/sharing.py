"""Favourites in and out: a compact share text (and QR code), and importing picks from other tools.

``share_text`` writes an agenda's picks as one line that fits a chat message or a
QR code, naming the schedule they belong to::

    planner-share/1 https://fosdem.org/2025/schedule/xml must:k0tc8,3vq1a maybe:hh2ns

``import_picks`` reads that line back, or the favourites another tool exported (the
formats are in :mod:`planner.favourites`: FOSDEM Companion's bookmarks, Giggity's
shared selections, Sched's "My Schedule" feed, pretalx's starred talks, any ``.ics``
of sessions, a list of session links). Each event is matched to a session of the
schedule by the tool's event ID, its link (URL) or UID, else its title and start
time; an event that matches nothing is listed with the closest titles, never guessed.

Example::

    result = import_picks(planner, Path("starred.ics"), dry_run=True)
    for match in result.matched:
        print(match.session.id, match.how)
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from .agenda import Agenda, Pick, Priority
from .favourites import Favourites, FavouritesError, Wanted, is_giggity_link, read_favourites
from .files import decode_text, read_input
from .frozen import frozen
from .models import Schedule, Session
from .text import normalize

if TYPE_CHECKING:
    from .planning import Planner

SHARE_PREFIX = "planner-share/1"
# An export of favourites is small; a whole conference's .ics is a few MB.
MAX_IMPORT_BYTES = 16 * 1024 * 1024
# Unmatched events beyond this many are listed without their closest titles (each look is linear).
MAX_CLOSEST_LOOKUPS = 50
# A share text for a QR code: error correction M (15% of the code may be lost) reads
# well off a phone screen or paper.
QR_ERROR = "m"


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


@frozen(kw_only=False)
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


@frozen(kw_only=False)
class Match:
    wanted: Wanted
    session: Session
    # "event ID", "link", "UID", "id", "title and time", "title (the schedule has it at another time)"
    how: str


@frozen(kw_only=False)
class Unmatched:
    wanted: Wanted
    candidates: tuple[Session, ...]


@dataclass
class ImportResult:
    source: str
    # What the file is, as planner read it ("FOSDEM Companion bookmarks", ...).
    kind: str = ""
    matched: list[Match] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    added: list[Pick] = field(default_factory=list)
    dry_run: bool = False
    # What the user should know about how the favourites were matched.
    notes: list[str] = field(default_factory=list)
    # The schedule's clock, to name the events' times on.
    zone: dt.tzinfo | None = None


class NothingMatched(FavouritesError):
    """No favourite is in the schedule; ``result`` lists each with its closest sessions."""

    def __init__(self, message: str, *, path: str, result: ImportResult) -> None:
        super().__init__(message, path=path)
        self.result = result


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return (host + (f":{parts.port}" if parts.port else "") + parts.path.rstrip("/")).lower()


def _as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is None:
        return None
    return moment.astimezone(dt.UTC)


class _Index:
    def __init__(self, schedule: Schedule) -> None:
        self.sessions = schedule.sessions
        self.by_id = {s.id: s for s in self.sessions}
        self.by_url = {_url_key(s.url): s for s in self.sessions if s.url}
        # The feed's own IDs: its short ID (frab id, an iCalendar UID) and its guid.
        self.by_feed_id = {s.feed_id: s for s in self.sessions if s.feed_id}
        self.by_guid = {s.guid.lower(): s for s in self.sessions if s.guid}
        self.by_title: dict[str, list[Session]] = {}
        self.by_start: dict[dt.datetime, list[Session]] = {}
        for session in self.sessions:
            self.by_title.setdefault(normalize(session.title), []).append(session)
            self.by_start.setdefault(session.start.astimezone(dt.UTC), []).append(session)

    def match(self, wanted: Wanted) -> Match | Unmatched:
        if wanted.session_id and wanted.session_id in self.by_id:
            return Match(wanted, self.by_id[wanted.session_id], "id")
        if wanted.event_id:
            found = self.by_feed_id.get(wanted.event_id) or self.by_guid.get(wanted.event_id.lower())
            if found is not None:
                return Match(wanted, found, "event ID")
        if wanted.url and _url_key(wanted.url) in self.by_url:
            return Match(wanted, self.by_url[_url_key(wanted.url)], "link")
        if wanted.uid:
            # planner's own export: UID "<id>-<conference>@planner".
            head = wanted.uid.split("-", 1)[0].lower()
            if wanted.uid.endswith("@planner") and head in self.by_id:
                return Match(wanted, self.by_id[head], "id")
            # A personal feed of the site the schedule came from (Sched) repeats its UIDs.
            if wanted.uid in self.by_feed_id:
                return Match(wanted, self.by_feed_id[wanted.uid], "UID")
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


def favourites_in(text: str, label: str) -> Favourites:
    """The favourites in ``text``: a share text, or any format :mod:`planner.favourites` reads."""
    stripped = text.lstrip()
    if stripped.startswith(SHARE_PREFIX):
        shared = parse_share(stripped.splitlines()[0], label)
        wanted = tuple(Wanted(session_id=i, priority=p) for i, p in shared.picks)
        return Favourites("planner share text", wanted, schedule=shared.schedule)
    return read_favourites(text, label)


def _runs(days: Sequence[dt.date]) -> str:
    if not days:
        return "no day"
    return f"{days[0]}" + (f"..{days[-1]}" if days[-1] != days[0] else "")


def _days_of(wanted: Sequence[Wanted], schedule: Schedule) -> list[dt.date]:
    """The days of the events that carry a time, on the schedule's clock."""
    zone = schedule.sessions[0].start.tzinfo if schedule.sessions else dt.UTC
    timed = [w.start for w in wanted if w.start is not None and w.start.tzinfo is not None]
    return sorted({start.astimezone(zone).date() for start in timed})


def _check_it_belongs(favourites: Favourites, planner: Planner, label: str, notes: list[str]) -> bool:
    """Refuse favourites that say they are of another schedule; True when they say they are
    of this one (so a file that matches nothing has lost its events, not its conference)."""
    from .fetch import is_url

    schedule = planner.schedule
    days = sorted({s.day for s in schedule.sessions})
    if favourites.year is not None:
        if favourites.year not in {d.year for d in days}:
            raise FavouritesError(
                f"these are {favourites.kind} of {favourites.year}; this schedule runs {_runs(days)}",
                path=label,
                hint="import them with that year's schedule: "
                f"--schedule https://fosdem.org/{favourites.year}/schedule/xml",
            )
        return True
    named, reference = favourites.schedule, planner.source.reference
    if named and is_url(named):
        if is_url(reference):
            if _url_key(named) != _url_key(reference):
                raise FavouritesError(
                    f"these favourites are of the schedule at {named}, not this agenda's ({reference})",
                    path=label,
                    hint=f"import them with that schedule: --schedule {named}",
                )
            return True
        notes.append(f"the favourites name the schedule at {named}; matched against {reference}")
    return False


def import_picks(
    planner: Planner, source: str, *, dry_run: bool = False, maybe: bool = False
) -> ImportResult:
    """Add the favourites in ``source`` (a file, a web address, a share text or a Giggity
    link) as picks.

    Nothing is saved when the favourites say they are of another schedule (a FOSDEM
    Companion export of another year, a Giggity link to another schedule) or when no
    event matches the schedule: :class:`NothingMatched` then says whether the schedule
    has dropped them or they look like another conference's, and lists each event with
    the closest sessions.
    """
    if source.lstrip().startswith(SHARE_PREFIX):
        text, label = source, "share text"
    elif is_giggity_link(source):
        text, label = source, "Giggity link"
    else:
        text, label = _read_source(planner, source)
    favourites = favourites_in(text, label)
    wanted = favourites.wanted
    sessions = planner.schedule.sessions
    zone = sessions[0].start.tzinfo if sessions else None
    result = ImportResult(label, favourites.kind, dry_run=dry_run, zone=zone)
    if not wanted:
        raise FavouritesError(f"holds no favourites ({favourites.kind})", path=label)
    ours = _check_it_belongs(favourites, planner, label, result.notes)
    index = _Index(planner.schedule)
    for number, item in enumerate(wanted):
        found = index.match(item)
        if isinstance(found, Unmatched) and number >= MAX_CLOSEST_LOOKUPS:
            found = Unmatched(item, ())
        (result.matched if isinstance(found, Match) else result.unmatched).append(found)  # type: ignore[arg-type]
    if not result.matched:
        raise NothingMatched(_nothing_matched(favourites, planner.schedule, ours), path=label, result=result)
    if not dry_run:
        result.added = _add(planner, result.matched, maybe)
    return result


def _nothing_matched(favourites: Favourites, schedule: Schedule, ours: bool) -> str:
    count = len(favourites.wanted)
    theirs = _days_of(favourites.wanted, schedule)
    days = sorted({s.day for s in schedule.sessions})
    span = f" (its events are on {_runs(theirs)})" if theirs else ""
    none = f"none of its {count} favourites is" if count > 1 else "its one favourite is not"
    if ours or (theirs and set(theirs) <= set(days)):
        them = "them" if count > 1 else "it"
        return f"{none} in this schedule any more{span}: the schedule has dropped or renamed {them}"
    named = f"; it names the schedule at {favourites.schedule}" if favourites.schedule else ""
    runs = f"the schedule runs {_runs(days)}"
    return f"{none} in this schedule{span}{named}; {runs}: is it from another conference?"


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
