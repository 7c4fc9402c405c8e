"""Human-readable text for suggest, alternatives, gaps and next.

Pure functions from the results of :mod:`planner.suggest` to strings, like
:mod:`planner.terminal.render`; both style the words of :mod:`planner.wording`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ..text import display_width, ellipsize
from ..wording import count, day_heading, day_label, hm, same_room, span, walk_phrase, where_code
from . import terminal_width

if TYPE_CHECKING:
    from ..day import WhatsNext
    from ..suggest import Alternatives, Gap, Option, Suggestion

INDENT = " " * 13
_STATUS = {"must": "must", "maybe": "maybe → must", "new": ""}


def _reason_parts(score, *, forced: bool = False) -> list[str]:
    """The reasons as pieces to wrap between, each with its own trailing comma."""
    if score.reasons:
        parts = [f"{r}," for r in score.reasons]
        parts[0] = f"score {score.points}: {parts[0]}"
        parts[-1] = parts[-1].rstrip(",")
        return parts
    return ["score 0: your must pick" if forced else "score 0: nothing matched; fills a free slot"]


def _wrap(parts: list[str], width: int, indent: str) -> list[str]:
    """``parts`` joined by spaces in lines of ``width``, never breaking inside a part."""
    lines = [indent]
    for part in parts:
        if lines[-1].strip() and len(lines[-1]) + 1 + len(part) > width:
            lines.append(indent + "  ")
        lines[-1] += (" " if lines[-1].strip() else "") + part
    return lines


def suggestion_text(
    suggestion: Suggestion,
    saved=None,
    agenda_label: str = "",
    width: int | None = None,
    *,
    show_days: bool = False,
) -> str:
    """The suggested day: picks in order, why each scored, the walks between them;
    with ``show_days`` (a schedule of several days), under a heading for each day."""
    width = width or terminal_width()
    if not suggestion.picks:
        return "Nothing to suggest: no session scores above 0 and fits (try more --interest terms)."
    title_width = max(30, width - len(INDENT) - 8)
    lines = []
    shown_day = None
    for pick in suggestion.picks:
        if show_days and pick.item.start.date() != shown_day:
            shown_day = pick.item.start.date()
            lines.append(click.style(day_heading(shown_day), bold=True, underline=True))
        if pick.walk is not None and pick.gap_minutes is not None:
            free = pick.gap_minutes - pick.walk.minutes
            lines.append(
                click.style(
                    f"     ↓ {walk_phrase(pick.walk, pick.item.location)} · {free} min free", dim=True
                )
            )
        tag = _STATUS.get(pick.status, "")
        if pick.forced and pick.status == "new":
            tag = "must"
        marker = f" [{tag}]" if tag else ""
        # The title is cut to make room; the marker never is.
        title = ellipsize(pick.title, title_width - display_width(marker)) + marker
        lines.append(
            f"{span(pick.item.start, pick.item.end)}  {click.style(pick.id, fg='cyan')}  "
            + click.style(title, bold=True)
        )
        lines.append(f"{INDENT}{pick.item.location.long}")
        colour = "green" if pick.score.points > 0 else None
        for line in _wrap(_reason_parts(pick.score, forced=pick.forced), width, INDENT):
            lines.append(click.style(line, fg=colour, dim=colour is None))
    lines.append("")
    conflicts = len(suggestion.conflicts)
    state = "no conflicts" if not conflicts else f"{count(conflicts, 'conflict')} between your own musts"
    lines.append(
        click.style(
            f"{count(len(suggestion.picks), 'pick')}, total score {suggestion.total_score}, {state}, "
            f"buffer {suggestion.buffer_minutes} min ({suggestion.considered} sessions considered)",
            bold=True,
            fg="green" if not conflicts else "yellow",
        )
    )
    if saved is not None:
        added = sum(1 for r in saved if r.status == "added")
        updated = sum(1 for r in saved if r.status == "updated")
        lines.append(f"Saved {count(added, 'new pick')}, {updated} made must, to {agenda_label}.")
    elif suggestion.new_ids:
        lines.append(
            click.style(
                f"Add --save to write {count(len(suggestion.new_ids), 'pick')} to {agenda_label}.", dim=True
            )
        )
    return "\n".join(lines)


def _move(walk, direction: str, other: str) -> str:
    if walk.minutes == 0 and len(walk.route) == 1:
        return f"same room as {other}"
    return f"{walk.minutes} min walk {direction} {other}"


def option_lines(number: int, option: Option, width: int) -> list[str]:
    """One ranked option: time, ID, title and room; why it scored; the walks around it."""
    s = option.session
    head = f"{number:>3}. {span(s.start, s.end)}  {s.id}  "
    where = ellipsize(where_code(s), 24)
    picked = f" ({option.picked} pick)" if option.picked else ""
    room = max(20, width - display_width(head) - 2 - display_width(where) - display_width(picked))
    title = ellipsize(s.title, room)
    head = head.replace(f"  {s.id}  ", f"  {click.style(s.id, fg='cyan')}  ")
    lines = [f"{head}{title}  {click.style(where, dim=True)}{click.style(picked, dim=True)}"]
    why = _reason_parts(option.score) if option.score.reasons else []
    near = option.closeness
    if near.like is not None:
        if why:
            why[-1] += " ·"
        like = f"like your pick “{ellipsize(near.like.title, 40)}”"
        why += (f"on {', '.join(near.words)}, {like}" if near.words else f"its abstract is {like}").split(" ")
    if not why:
        why = ["score 0"]
    for line in _wrap(why, width, " " * 7):
        lines.append(click.style(line, dim=not option.score.reasons))
    moves = []
    if option.before is not None:
        moves.append(_move(option.walk_from, "from", option.before.id))
    if option.after is not None:
        moves.append(_move(option.walk_to, "to", option.after.id))
    if moves:
        lines.append("       " + click.style(" · ".join(moves), dim=True))
    return lines


def alternatives_text(alternatives: Alternatives) -> str:
    width = terminal_width()
    at = hm(alternatives.at)
    lines = []
    for entry in alternatives.current:
        lines.append(
            f"At {at} you have {click.style(entry.pick.id, fg='cyan')} {entry.title} "
            f"({span(entry.item.start, entry.item.end)}, {entry.location.place})"
        )
    if not alternatives.options:
        lines.append(f"Nothing else fits at {at}.")
        return "\n".join(lines)
    lines.append(click.style(f"What fits at {at} instead, best first:", bold=True))
    for number, option in enumerate(alternatives.options, 1):
        lines += option_lines(number, option, width)
    return "\n".join(lines)


def gaps_text(gaps: Sequence[Gap]) -> str:
    width = terminal_width()
    if not gaps:
        return "No free windows: the day is full."
    lines: list[str] = []
    day: dt.date | None = None
    for gap in gaps:
        if gap.start.date() != day and len({g.start.date() for g in gaps}) > 1:
            day = gap.start.date()
            lines.append(click.style(day_heading(day), bold=True, underline=True))
        bounds = []
        if gap.before is not None:
            bounds.append(f"after {gap.before.id}")
        if gap.after is not None:
            bounds.append(f"before {gap.after.id}")
        walk = f" after a {gap.walk.minutes} min walk" if gap.walk and gap.walk.minutes else ""
        lines.append(
            click.style(f"{span(gap.start, gap.end)}  {gap.free_minutes} min free{walk}", bold=True)
            + click.style(f"  ({', '.join(bounds)})" if bounds else "", dim=True)
        )
        if not gap.options:
            lines.append(click.style("       no session fits whole", dim=True))
        for number, option in enumerate(gap.options, 1):
            lines += option_lines(number, option, width)
    return "\n".join(lines)


def _minutes(delta: dt.timedelta) -> int:
    return round(delta.total_seconds() / 60)


def _when(moment: dt.datetime, several_days: bool) -> str:
    """``11:15``, or ``Sat 1 Feb 11:15`` where a schedule has several days."""
    return f"{day_label(moment.date())} {hm(moment)}" if several_days else hm(moment)


def next_text(step: WhatsNext, width: int | None = None) -> str:
    """Where the agenda has you and where to go next, at ``step.at``; before or after
    the conference it says so (and names the day), never a bare time of another day."""
    width = width or terminal_width()
    several = step.several_days or (step.opens is not None and step.at.date() != step.opens.date())
    at = _when(step.at, several)
    lines = []
    if step.after_conference and step.closes is not None:
        ended = f"{day_label(step.closes.date())} at {hm(step.closes)}"
        lines.append(f"The conference is over: it ended {ended}.")
        if step.here is not None:
            lines.append(f"Your last pick was {step.here.title} ({step.here.location.place}).")
        return _wrapped(lines, width)
    if step.before_conference and step.opens is not None:
        lines.append(f"Now ({at}): the conference starts {day_label(step.opens.date())} at {hm(step.opens)}.")
    elif len(step.now) == 1:
        lines.append(f"Now ({at}): {_under_way(step.now[0], ' ')}")
    elif step.now:
        # A must and its backup, or a conflict: one heading, as the next picks have.
        lines.append(f"Now ({at}), {len(step.now)} picks at once:")
        lines += [f"  {_under_way(entry, '  ')}" for entry in step.now]
    elif step.here is not None and step.here.item.end.date() != step.at.date():
        last = f"{day_label(step.here.item.end.date())} {hm(step.here.item.end)}"
        lines.append(f"Now ({at}): free since {last} ({step.here.title}, {step.here.location.place})")
    elif step.here is not None:
        lines.append(f"Now ({at}): free; last at {step.here.title} ({step.here.location.place})")
    else:
        lines.append(f"Now ({at}): free; nothing picked before this.")
    if not step.next:
        lines.append("Nothing next: that was your last pick.")
        return _wrapped(lines, width)
    first = step.next[0].entry.item.start
    if first.date() != step.at.date():
        lines.append(click.style(f"Next on {day_heading(first.date())}, at {hm(first)}:", bold=True))
    else:
        lines.append(click.style(f"Next at {hm(first)} (in {_minutes(first - step.at)} min):", bold=True))
    for item in step.next:
        entry = item.entry
        extra = "" if entry.pick.must else " (maybe)"
        lines.append(
            f"  {click.style(entry.pick.id, fg='cyan')}  {entry.title}{extra}  "
            + click.style(entry.location.long, dim=True)
        )
        here = step.here
        if here is not None and entry.item.start < here.item.end and here.item.start <= step.at:
            overlap = _minutes(here.item.end - entry.item.start)
            lines.append(
                click.style(
                    f"      starts {overlap} min before {here.pick.id} ends: leave it early", fg="yellow"
                )
            )
        if item.walk is None or first.date() != step.at.date():
            continue
        if same_room(item.walk):
            # Already in the room: no walk, nothing to leave by.
            lines.append("      same room")
            continue
        left = _minutes(item.leave_by - step.at)
        when = f"leave by {hm(item.leave_by)}"
        if left > 0:
            when += f" (in {left} min)"
        elif left == 0:
            when += " (now)"
        else:
            when = click.style(when + f" ({-left} min ago)", fg="red")
        lines.append(f"      {walk_phrase(item.walk, entry.location)}: {when}")
    return _wrapped(lines, width)


def _under_way(entry, gap: str) -> str:
    """A pick under way: its ID, ``gap``, its title, when it ends and where."""
    extra = "" if entry.pick.must else " (maybe)"
    return (
        f"{click.style(entry.pick.id, fg='cyan')}{gap}{entry.title}{extra}, "
        f"until {hm(entry.item.end)} · {entry.location.place}"
    )


def _wrapped(lines: list[str], width: int) -> str:
    """``lines`` wrapped to ``width`` display columns, a continuation indented under its line."""
    from ..text import wrap_line

    return "\n".join(part for line in lines for part in wrap_line(line, width))
