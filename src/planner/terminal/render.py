"""Human-readable text for the terminal: tables and session details.

Pure functions from data to strings; the CLI decides where they go and
click decides whether colour survives (only on a terminal, never with NO_COLOR).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

import click

from ..text import display_width, ellipsize, fit, wrap_line
from ..wording import (
    arrival,
    conflict_phrase,
    count,
    day_heading,
    day_label,
    day_summary,
    hm,
    recording_hint,
    same_room,
    span,
    walk_phrase,
    where_code,
)
from . import known_width, terminal_width

if TYPE_CHECKING:
    from ..models import Session


def room_column(sessions: Sequence[Session], width: int) -> int:
    """The width of a room column: what its longest entry needs, up to 22 (30 from 100
    columns); 10 when there is none."""
    cap = 30 if width >= 100 else 22
    return min(cap, max((display_width(where_code(s)) for s in sessions), default=10))


def session_table(
    sessions: Sequence[Session],
    width: int | None = None,
    *,
    picks: Mapping[str, str] | None = None,
    show_days: bool = False,
) -> str:
    """Sessions grouped by time slot, one line each, fitting ``width`` columns.

    ``picks`` (ID -> must/maybe) marks the agenda's picks; ``show_days`` heads each
    day with its name even when one day is listed (a schedule of several days).
    A session that ends after its slot says ``(until 12:15)``: the title is cut, never the time.
    """
    width = width or terminal_width()
    picks = picks or {}
    has_tracks = any(s.track for s in sessions)
    show_track = width >= 100 or has_tracks
    longest_track = max((display_width(s.category or "") for s in sessions), default=0)
    track_width = min(longest_track, 24 if width >= 100 else 16) if show_track else 0
    show_track = show_track and track_width > 0
    id_width = max((len(s.id) for s in sessions), default=5)
    mark_width = 5 if picks else 0
    # The room column takes what its longest entry needs (room_column); the title the rest.
    where_width = room_column(sessions, width)

    def title_room() -> int:
        marks = mark_width + 2 if mark_width else 0
        return width - 2 - id_width - 2 - marks - where_width - 2 - (2 + track_width if show_track else 0)

    # The title comes first: the track, then the room, give way (down to 10 and 12) until it has 36.
    short = max(0, 36 - title_room())
    if show_track:
        given = min(short, max(0, track_width - 10))
        track_width, short = track_width - given, short - given
    where_width -= min(short, max(0, where_width - 12))
    title_width = title_room()
    lines: list[str] = []
    days = {s.day for s in sessions}
    ordered = sorted(sessions, key=lambda s: (s.start, s.end, where_code(s), s.title))
    for day, day_sessions in groupby(ordered, key=lambda s: s.day):
        if len(days) > 1 or show_days:
            lines.append(click.style(day_heading(day), bold=True, underline=True))
        # A slot is the sessions that start together; most share an end, the others say theirs.
        for start, slot_sessions in groupby(day_sessions, key=lambda s: s.start):
            slot = list(slot_sessions)
            ends = [s.end for s in slot]
            common_end = max(set(ends), key=lambda e: (ends.count(e), -e.timestamp()))
            count = f"  ({len(slot)} sessions)" if len(slot) > 1 else ""
            lines.append(click.style(span(start, common_end), bold=True) + click.style(count, dim=True))
            for s in slot:
                until = "" if s.end == common_end else f" (until {hm(s.end)})"
                title = ellipsize(s.title, title_width - display_width(until)) + until
                row = f"  {click.style(s.id.ljust(id_width), fg='cyan')}  "
                if mark_width:
                    mark = picks.get(s.id, "")
                    row += click.style(mark.ljust(mark_width), fg="green", bold=mark == "must") + "  "
                row += f"{fit(title, title_width)}  {fit(where_code(s), where_width)}"
                if show_track:
                    row += f"  {fit(s.category or '', track_width)}"
                lines.append(row.rstrip())
    return "\n".join(lines)


def session_details(session: Session, width: int | None = None) -> str:
    width = min(width or terminal_width(), 100)
    loc = session.location
    minutes = round(session.minutes)
    rows = [
        ("ID", session.id),
        (
            "When",
            f"{day_heading(session.day)}, {span(session.start, session.end)} "
            f"{session.start.tzname()} ({minutes} min)",
        ),
        ("Where", loc.long + (f" — {loc.city}" if loc.city else "")),
    ]
    rows += [(k, v) for k, v in (("Track", session.track), ("Type", session.type)) if v]
    for index, person in enumerate(session.speakers):
        rows.append(("Speakers" if index == 0 else "", str(person)))
    rows += [(k, v) for k, v in (("Language", session.language), ("Link", session.url)) if v]
    if session.recorded is False:
        rows.append(("Recorded", "no (the speakers opted out)"))
    out = [click.style(session.title, bold=True)] + ([session.subtitle] if session.subtitle else [])
    out += [f"{click.style(f'{label:<9}', dim=True)} {value}" for label, value in rows]
    if session.description:
        out.append("")
        for paragraph in session.description.split("\n"):
            out.append(textwrap.fill(paragraph, width=width))
    return "\n".join(out)


# -- the agenda -----------------------------------------------------------------

_FLAG = {
    "overlap": ("✗", "red"),
    "unreachable": ("✗", "red"),
    "tight": ("!", "yellow"),
    "backup": ("↔", None),
    "soft": ("·", None),
}


def _recorded(day) -> dict[str, bool | None]:
    """Whether the schedule says each pick is recorded (None: it does not say)."""
    return {e.pick.id: e.session.recorded if e.session else None for e in day.entries}


def _styled_flag(conflict, text: str) -> str:
    mark, colour = _FLAG[conflict.kind]
    if conflict.kind in ("overlap", "unreachable") and not conflict.hard:
        colour = "yellow"
    return click.style(f"{mark} {text}", fg=colour, dim=colour is None)


def day_plan(day, width: int | None = None) -> str:
    """The agenda as a day plan: picks in order, the walk and free time between
    them, conflicts flagged in place."""
    width = width or terminal_width()
    if not day.entries and not day.unplaced:
        return "The agenda has no picks yet. Add some with: planner pick SESSION"
    titles = {e.pick.id: e.title for e in day.entries}
    recorded = _recorded(day)
    title_width = max(30, width - 2 - 11 - 2 - 5 - 2)
    lines: list[str] = []
    shown_previous: str | None = None
    # The conference day a session is listed under: a talk at 00:30 stays with its evening.
    listed = lambda e: e.session.day if e.session else e.item.start.date()  # noqa: E731
    for day_key, entries in groupby(day.entries, key=listed):
        if lines:
            lines.append("")
        lines.append(click.style(day_heading(day_key), bold=True, underline=True))
        shown_previous = None
        for entry in entries:
            item = entry.item
            if entry.walk is not None:
                lines.append(_walk_line(entry, titles, shown_previous, day, width))
            tags = []
            if not entry.pick.must:
                tags.append("maybe")
            if item.drop_in:
                tags.append("drop-in")
            if entry.session is None:
                tags.append("no longer in the schedule")
            tag = f" ({', '.join(tags)})" if tags else ""
            title = ellipsize(entry.title, title_width - len(tag)) + tag  # the tag is never cut
            head = f"{span(item.start, item.end)}  {click.style(entry.pick.id, fg='cyan')}  "
            lines.append(head + click.style(title, bold=entry.pick.must))
            place = item.location.long
            lines.append(f"{'':13}{place}" + (f" · note: {entry.pick.note}" if entry.pick.note else ""))
            for change in entry.changes:
                lines.append(click.style(f"{'':13}~ {change}", fg="yellow"))
            for conflict in day.conflicts:
                if conflict.second.id == item.id:
                    lines.append(f"{'':13}" + _styled_flag(conflict, conflict_phrase(conflict, titles)))
                    hint = recording_hint(conflict, recorded, titles)
                    if hint:
                        lines.append(click.style(f"{'':15}{hint}", dim=True))
                elif conflict.kind == "backup" and conflict.first.id == item.id and not item.must:
                    lines.append(
                        f"{'':13}"
                        + _styled_flag(conflict, conflict_phrase(conflict, titles, for_second=False))
                    )
            shown_previous = item.id
    for pick in day.unplaced:
        lines.append(
            click.style(f"?            {pick.id}  {pick.title or ''} (not in the schedule)", fg="yellow")
        )
    lines.append("")
    lines.append(summary_line(day))
    return "\n".join(lines)


def _walk_line(entry, titles: dict[str, str], shown_previous: str | None, day, width: int = 80) -> str:
    """``↓ 6 min walk to Building C, Level 3 · 9 min free`` before a pick; the title
    of the pick it comes from (when not just above) is cut to keep the line in ``width``."""
    rest, case = arrival(entry, day.entry(entry.previous))
    shown = entry.previous == shown_previous or case == "leave"
    bare = f"     ↓ {walk_phrase(entry.walk, entry.item.location)} · {rest}"
    room = max(12, min(32, width - display_width(bare) - len(" from ")))
    origin = "" if shown else f" from {ellipsize(titles[entry.previous], room)}"
    text = f"     ↓ {walk_phrase(entry.walk, entry.item.location)}{origin} · {rest}"
    colour = "red" if case == "short" else None
    return click.style(text, fg=colour, dim=colour is None)


def summary_line(day) -> str:
    """The day's summary line, red when it has a hard conflict."""
    return click.style(day_summary(day), fg="red" if day.hard_conflicts else "green", bold=True)


def conflict_list(
    day, width: int | None = None, alternatives: dict | None = None, *, show_days: bool = False
) -> str:
    """Each conflict with its picks; under a hard one, up to three ``alternatives``
    (options by conflict IDs, as ``Planner.conflict_alternatives`` gives them).
    With ``show_days`` (a schedule of several days), each conflict names its day."""
    width = width or terminal_width()
    titles = {e.pick.id: e.title for e in day.entries}
    if not day.conflicts:
        return click.style("No conflicts.", fg="green")
    recorded = _recorded(day)
    lines = []
    for conflict in day.conflicts:
        a, b = conflict.first, conflict.second
        label = conflict.kind.upper() + (" (hard)" if conflict.hard else "")
        if conflict.walk is None:
            when = f"{span(max(a.start, b.start), min(a.end, b.end))}, {conflict.minutes} min"
        else:
            when = (
                f"{hm(a.end)} → {hm(b.start)}, {conflict.walk.minutes} min walk in {conflict.gap_minutes} min"
            )
            when += f" ({conflict.minutes} min {'short' if conflict.kind == 'unreachable' else 'spare'})"
        if show_days:
            when = f"{day_label(b.start.date())} {when}"
        mark, colour = _FLAG[conflict.kind]
        lines.append(
            click.style(
                f"{mark} {label}",
                fg=colour if conflict.hard or conflict.kind == "tight" else None,
                bold=True,
            )
            + f"  {when}"
        )
        for item in (a, b):
            lines.append(
                f"    {click.style(item.id, fg='cyan')}  {span(item.start, item.end)}  "
                f"{ellipsize(titles.get(item.id, item.id), width - 24)}"
            )
        hint = recording_hint(conflict, recorded, titles)
        if hint:
            lines += wrap_line(f"    {hint}", width, indent=4)
        if conflict.walk is not None:
            route = wrap_line(f"    route: {' -> '.join(conflict.walk.route)}", width, indent=11)
            lines += [click.style(line, dim=True) for line in route]
        options = (alternatives or {}).get(conflict.ids, ())[:3] if conflict.hard else ()
        if options:
            lines.append(click.style("    fits instead:", fg="green"))
        elif conflict.hard and alternatives is not None and conflict.ids in alternatives:
            # Asked and found none: say so, rather than leave the reader to wonder.
            lines.append(click.style("    nothing fits instead beside your other must picks", dim=True))
        # One column for the titles and one for the rooms, as in the session lists; the rooms do
        # not give way to the titles, since rooms that differ at their end ("Ballroom 1",
        # "Ballroom 3") would read the same.
        if options:
            id_width = max(len(option.session.id) for option in options)
            fixed = 6 + id_width + 2 + 11 + 2 + 2
            column = room_column([option.session for option in options], width)
            longest = max(display_width(option.session.title) for option in options)
            title_width = min(longest, width - fixed - column)
        for option in options:
            s = option.session
            lines.append(
                f"      {click.style(s.id.ljust(id_width), fg='cyan')}  {span(s.start, s.end)}  "
                f"{fit(s.title, title_width)}  {click.style(ellipsize(where_code(s), column), dim=True)}"
            )
    lines.append("")
    lines.append(summary_line(day))
    return "\n".join(lines)


def walk_text(origin: str, destination: str, walk) -> str:
    lines = [
        f"{click.style(str(walk.minutes), bold=True)} min walk from {origin} to {destination}"
        if not walk.unknown
        else f"walking time from {origin} to {destination} unknown (off-site); {walk.minutes} min allowed",
        "  " + "\n  -> ".join(walk.route),
    ]
    return "\n".join(lines)


def pick_report(results, day, agenda_label: str) -> str:
    """What ``planner pick`` says: each pick, and the conflicts it takes part in."""
    titles = {e.pick.id: e.title for e in day.entries}
    lines = []
    verbs = {"added": "Picked", "unchanged": "Already picked", "updated": "Updated"}
    for result in results:
        s, p = result.session, result.pick
        extra = " (maybe)" if p.priority == "maybe" else ""
        lines.append(
            f"{verbs[result.status]} {click.style(s.id, fg='cyan')} {s.title}{extra}\n"
            f"    {s.start:%a} {span(s.start, s.end)}, {s.location.long}"
        )
        for conflict in day.conflicts:
            if s.id in conflict.ids and conflict.kind != "soft":
                mine = conflict.second.id == s.id
                lines.append(
                    "    " + _styled_flag(conflict, conflict_phrase(conflict, titles, for_second=mine))
                )
    changed = sum(1 for r in results if r.status != "unchanged")
    if changed:
        lines.append(click.style(f"Saved to {agenda_label}.", dim=True))
    return "\n".join(lines)


def slot_menu(slot, options, index: int, total: int, width: int | None = None) -> str:
    """One slot of ``planner plan``: the options in aligned columns (number, end, ID,
    title, room, minutes of walking), the title taking the room the line has."""
    width = width or terminal_width()
    walks = []
    for option in options:
        walk = ""
        if option.walk is not None:
            walk = "same room" if same_room(option.walk) else f"{option.walk.minutes} min"
            if not option.reachable:
                walk += " (too far)"
        walks.append(walk)
    header = click.style(f"[{index + 1}/{total}] {slot.start:%a} {hm(slot.start)}", bold=True)
    header += click.style(f"  {count(len(options), 'option')}", dim=True)
    if any(walks):
        header += click.style(" · the walk from your pick before", dim=True)
    lines = ["", header]
    number_width = len(str(len(options)))
    id_width = max((len(o.session.id) for o in options), default=5)
    cap = 18 if width < 100 else 30
    where_width = min(cap, max((display_width(where_code(o.session)) for o in options), default=0))
    walk_width = max((display_width(w) for w in walks), default=0)
    walk_column = 2 + walk_width if walk_width else 0
    fixed = 1 + number_width + 2 + 7 + 2 + id_width + 2 + 2 + where_width + walk_column
    title_width = max(12, width - fixed)
    for number, (option, walk) in enumerate(zip(options, walks, strict=True), 1):
        s = option.session
        mark = "*" if option.picked else " "
        row = (
            f"{mark}{number:>{number_width}}. –{hm(s.end)}  {click.style(s.id.ljust(id_width), fg='cyan')}  "
            f"{fit(s.title, title_width)}  {fit(where_code(s), where_width)}"
        )
        if walk:
            row += "  " + click.style(walk, fg="red" if not option.reachable else None)
        lines.append(row.rstrip())
    numbers = "1" if len(options) == 1 else f"1-{len(options)}"
    lines.append(click.style(f"  {numbers} = pick, s = skip, b = back, q = save and quit", dim=True))
    return "\n".join(lines)


def check_report(report) -> str:
    lines = [
        count(report.sessions, "session")
        + (
            f" (the header says {report.declared_total})"
            if report.declared_total not in (None, report.sessions)
            else ""
        )
        + f", {count(report.days, 'day')}, {count(report.rooms, 'room')}"
        + (f" in buildings {', '.join(report.buildings)}" if report.buildings else "")
        + f"; venue: {report.venue}",
    ]
    for warning in report.warnings:
        lines.append(click.style(f"warning: {warning}", fg="yellow"))
    if report.double_booked:
        lines.append(
            click.style(f"{count(len(report.double_booked), 'double-booked room')}:", fg="red", bold=True)
        )
        for a, b in report.double_booked:
            on = f" {day_label(a.day)}" if report.days > 1 else ""
            lines.append(
                f"  {a.location.place}:{on} {a.id} {span(a.start, a.end)} {ellipsize(a.title, 30)}"
                f"  ×  {b.id} {span(b.start, b.end)} {ellipsize(b.title, 30)}"
            )
    else:
        lines.append(click.style("No room is booked twice at once.", fg="green"))
    if report.unknown_rooms:
        lines.append(
            click.style("Rooms the venue cannot place (walks use default times): ", fg="yellow")
            + ", ".join(report.unknown_rooms)
        )
    return "\n".join(lines)


_STATUS_WORDS = {
    "moved": "moved",
    "room_changed": "room",
    "renamed": "renamed",
    "cancelled": "cancelled",
}


def _change_lines(change, width: int | None) -> list[str]:
    """A changed pick's lines; its title wrapped at its own column when ``width`` is known."""
    before, after = change.before, change.after
    label = ", ".join(_STATUS_WORDS[s] for s in change.status)
    colour = "red" if "cancelled" in change.status else "yellow"
    title = before.title or before.id
    head = click.style(f"  {label:<18}", fg=colour) + f"{click.style(before.id, fg='cyan')}  {title}"
    pad = " " * 27
    # A long title goes on under itself, as the lines below it do, not under the label.
    lines = wrap_line(head, width, indent=len(pad)) if width else [head]
    if "moved" in change.status and before.start and before.end:
        lines.append(
            f"{pad}{before.start:%a} {span(before.start, before.end)} → "
            f"{after.start:%a} {span(after.start, after.end)}"
        )
    if "room_changed" in change.status:
        lines.append(
            f"{pad}{before.room} → {after.location.long}" + (f" ({change.note})" if change.note else "")
        )
    if "renamed" in change.status:
        lines.append(f"{pad}now: {after.title}" + (f" [{after.id}]" if after.id != before.id else ""))
    return lines


def update_report(report, agenda_label: str, new_label: str, *, apply_with: str | None) -> str:
    """The update's report; ``apply_with`` is the command that takes the changes in (None
    when they are being taken in)."""
    changed = [c for c in report.picks if c.changed]
    lines = [f"{agenda_label} ({count(len(report.picks), 'pick')}) against {new_label}:"]
    width = known_width()
    for change in changed:
        lines += _change_lines(change, width)
    unchanged = len(report.picks) - len(changed)
    lines.append(click.style(f"  unchanged: {count(unchanged, 'pick')}", dim=True))
    if report.new_conflicts:
        titles = {c.after.id: c.after.title for c in report.picks if c.after is not None}
        lines.append(click.style("New conflicts:", bold=True))
        for conflict in report.new_conflicts:
            name = (
                f"{ellipsize(titles.get(conflict.second.id, conflict.second.id), 40)} [{conflict.second.id}]"
            )
            lines.append("  " + _styled_flag(conflict, f"{name} {conflict_phrase(conflict, titles)}"))
    if report.new_sessions:
        lines.append(click.style(f"New in the schedule ({len(report.new_sessions)}):", bold=True))
        lines += [f"  {s.id}  {s.start:%a} {span(s.start, s.end)}  {s.title}" for s in report.new_sessions]
    elif not report.compared_schedules:
        lines.append(
            click.style(
                "(The agenda already names this schedule: new sessions cannot be told apart.)", dim=True
            )
        )
    if changed and apply_with is not None:
        lines.append(f"Take these changes into the agenda with: {apply_with}")
    if not report.any:
        lines.append(click.style("Nothing changed for your picks.", fg="green"))
    return "\n".join(lines)


def diff_report(result) -> str:
    lines = []
    width = known_width()
    for change in result.changed + result.removed:
        lines += _change_lines(change, width)
    for session in result.added:
        lines.append(
            click.style("  added             ", fg="green") + f"{click.style(session.id, fg='cyan')}  "
            f"{session.start:%a} {span(session.start, session.end)}  {session.title}"
        )
    lines.append(
        click.style(
            f"{len(result.changed)} changed, {len(result.removed)} removed, {len(result.added)} added, "
            f"{result.unchanged} unchanged",
            bold=True,
        )
    )
    return "\n".join(lines)


def drop_report(dropped, agenda_label: str) -> str:
    """``Dropped abc12 Title from agenda.yaml``."""
    return f"Dropped {click.style(dropped.id, fg='cyan')} {dropped.title or ''} from {agenda_label}"


def slot_plan_report(done, agenda_label: str) -> str:
    """What ``planner plan`` says at the end (a :class:`~planner.slot_by_slot.SlotPlan`)."""
    if not done.slots:
        return "No slots to plan."
    if done.results:
        return f"Saved {count(done.added, 'new pick')} to {agenda_label}."
    return "Nothing new to save."
