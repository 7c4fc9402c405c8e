"""Watch later: the talks a person will not see live, and whether a recording is to be had.

Two kinds of talk land on the list:

- picks lost to a clash or a walk that does not fit: a maybe pick that collides
  with a must, or two musts that collide (only one can be seen live);
- talks not picked that run while a must pick does and share its subject (title
  words or track), ranked by how much they share.

Whether a talk will be recorded is what the schedule says (frab and pretalx say
``do_not_record``); where it says nothing, planner says "unknown", never "yes".

Example::

    for talk in watch_later(planner).talks:
        print(talk.session.title, talk.recording)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .conflicts import is_drop_in_type, overlaps
from .frozen import frozen
from .models import Session
from .suggest.scoring import Profile

if TYPE_CHECKING:
    from .planning import Planner

# Related talks listed at most, after the lost picks.
MAX_RELATED = 10


def recording_of(session: Session) -> str:
    """``recorded``, ``not recorded`` or ``recording unknown``, as the schedule says."""
    if session.recorded is True:
        return "recorded"
    if session.recorded is False:
        return "not recorded"
    return "recording unknown"


@frozen(kw_only=False)
class LaterTalk:
    session: Session
    # Why it is on the list, in words.
    why: str
    picked: bool
    # A recording found elsewhere (media.ccc.de) when the schedule gives none.
    found_link: str | None = None

    @property
    def recording(self) -> str:
        return "recorded" if self.found_link else recording_of(self.session)

    @property
    def link(self) -> str | None:
        """The recording's address, once known: the schedule's own link, else one found."""
        return self.session.recording_url or self.found_link

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.session.id,
            "title": self.session.title,
            "start": self.session.start.isoformat(),
            "why": self.why,
            "picked": self.picked,
            "recorded": True if self.found_link else self.session.recorded,
            "url": self.session.url,
            "recording_url": self.link,
        }


@frozen(kw_only=False)
class WatchLater:
    talks: tuple[LaterTalk, ...]

    def to_json(self) -> list[dict[str, object]]:
        return [t.to_json() for t in self.talks]


def watch_later(planner: Planner) -> WatchLater:
    """The talks to watch later, lost picks first (in time order), then related talks."""
    agenda = planner.agenda()
    plan = planner.plan(agenda)
    sessions = {s.id: s for s in planner.schedule.sessions}
    picks = {p.id: p for p in agenda.picks}
    lost: dict[str, str] = {}
    for conflict in plan.conflicts:
        if not conflict.hard and conflict.kind != "backup":
            continue
        first, second = conflict.first, conflict.second
        if first.must and not second.must:
            lost.setdefault(second.id, f"runs during your must {_title(sessions, first.id)}")
        elif second.must and not first.must:
            lost.setdefault(first.id, f"runs during your must {_title(sessions, second.id)}")
        elif conflict.hard:
            lost.setdefault(second.id, f"clashes with {_title(sessions, first.id)}: one of the two live")
    talks = [LaterTalk(sessions[i], why, True) for i, why in lost.items() if i in sessions]
    talks.sort(key=lambda t: (t.session.start, t.session.title))
    drop_ins = planner.drop_in_types(agenda)
    musts = [
        sessions[p.id]
        for p in agenda.picks
        if p.must and p.id in sessions and not is_drop_in_type(sessions[p.id].type, drop_ins)
    ]
    profile = Profile.of(sessions[i] for i in picks if i in sessions)
    related: list[tuple[int, LaterTalk]] = []
    for session in planner.schedule.sessions:
        if session.id in picks or session.recorded is False:
            continue
        during = next((m for m in musts if overlaps(m, session)), None)
        if during is None:
            continue
        shared = profile.shared(session)
        if shared:
            why = f"during your must {during.title!r}; like your picks: {', '.join(shared[:3])}"
            related.append((len(shared), LaterTalk(session, why, False)))
    related.sort(key=lambda pair: (-pair[0], pair[1].session.start, pair[1].session.title))
    return WatchLater(tuple(talks + [talk for _, talk in related[:MAX_RELATED]]))


def _title(sessions: dict[str, Session], session_id: str) -> str:
    session = sessions.get(session_id)
    return repr(session.title) if session else session_id


def later_markdown(later: WatchLater, conference: str | None) -> str:
    """The list as Markdown, for notes or a message to oneself."""
    from .diary import _md

    lines = [f"# Watch later{': ' + _md(conference) if conference else ''}", ""]
    if not later.talks:
        lines.append("Nothing: no pick is lost to a clash, and nothing related runs against your musts.")
    for talk in later.talks:
        session = talk.session
        name = f"[{_md(session.title)}]({session.url})" if session.url else _md(session.title)
        lines.append(f"- **{name}** ({session.start:%a %H:%M}, {talk.recording})")
        lines.append(f"  {_md(talk.why)}")
        if talk.link:
            lines.append(f"  [recording]({talk.link})")
    return "\n".join(lines) + "\n"


def later_calendar(
    later: WatchLater, evening: dt.datetime, conference: str | None = None, stamp: dt.datetime | None = None
) -> bytes:
    """The list as calendar events one after another from ``evening``, each as long as its talk,
    to watch the recordings (events, not tasks: every calendar app imports events).

    Built from the export's parts, as ``planner export`` builds its calendars: the same
    header (PRODID, METHOD:PUBLISH, the name as TEXT) and text escaped as RFC 5545 says.
    """
    from icalendar import Event

    from .export.ics_parts import Text, new_calendar

    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = new_calendar(f"Watch later: {conference}" if conference else "Watch later")
    at = evening.astimezone(dt.UTC)
    for talk in later.talks:
        session = talk.session
        length = max(session.end - session.start, dt.timedelta(minutes=5))
        event = Event()
        event.add("uid", f"later-{session.id}-{evening:%Y%m%d}@planner")
        event.add("dtstamp", stamp)
        event.add("sequence", 0)
        event.add("dtstart", at)
        event.add("dtend", at + length)
        event.add("summary", Text(f"Watch: {session.title}"))
        lines = [talk.why, f"{session.start:%a %d %b %H:%M}, {talk.recording}"]
        if talk.link:
            lines.append(f"recording: {talk.link}")
        if session.url:
            lines.append(session.url)
        if talk.link or session.url:
            event.add("url", talk.link or session.url)
        event.add("description", Text("\n".join(lines)))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
        at += length
    return calendar.to_ical()
