"""Human-readable text for the terminal: tables and session details.

Pure functions from data to strings; the CLI decides where they go and
click decides whether colour survives (only on a terminal, never with NO_COLOR).
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Iterable, Sequence
from itertools import groupby

import click

from .models import Session
from .text import fit


def hm(moment: dt.datetime) -> str:
    """``11:00``: the time of day in the moment's own zone."""
    return moment.strftime("%H:%M")


def span(start: dt.datetime, end: dt.datetime) -> str:
    return f"{hm(start)}–{hm(end)}"


def day_heading(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def terminal_width() -> int:
    return max(60, shutil.get_terminal_size((80, 24)).columns)


def where_code(session: Session) -> str:
    """``C3 Georgia Ballroom 2``: building and level as a code, then the room."""
    loc = session.location
    code = f"{loc.building or ''}{loc.level or ''}"
    return f"{code} {loc.place}" if code else loc.place


def session_table(sessions: Sequence[Session], width: int | None = None) -> str:
    """Sessions grouped by time slot, one line each, fitting ``width`` columns."""
    width = width or terminal_width()
    show_type = width >= 100
    type_width = 16 if show_type else 0
    # The room column takes what its longest entry needs, up to 30; the title the rest.
    where_width = min(30, max((len(where_code(s)) for s in sessions), default=10))
    title_width = width - 2 - 5 - 2 - 2 - where_width - (2 + type_width if show_type else 0)
    lines: list[str] = []
    days = {s.day for s in sessions}
    ordered = sorted(sessions, key=lambda s: (s.start, s.end, where_code(s), s.title))
    for day, day_sessions in groupby(ordered, key=lambda s: s.day):
        if len(days) > 1:
            lines.append(click.style(day_heading(day), bold=True, underline=True))
        # A slot is the sessions that start together; most share an end, the others say theirs.
        for start, slot in groupby(day_sessions, key=lambda s: s.start):
            slot = list(slot)
            ends = [s.end for s in slot]
            common_end = max(set(ends), key=lambda e: (ends.count(e), -e.timestamp()))
            count = f"  ({len(slot)} sessions)" if len(slot) > 1 else ""
            lines.append(
                click.style(span(start, common_end), bold=True) + click.style(count, dim=True)
            )
            for s in slot:
                title = s.title if s.end == common_end else f"{s.title} (until {hm(s.end)})"
                row = (
                    f"  {click.style(s.id, fg='cyan')}  "
                    f"{fit(title, title_width)}  {fit(where_code(s), where_width)}"
                )
                if show_type:
                    row += f"  {fit(s.type or '', type_width)}"
                lines.append(row.rstrip())
    return "\n".join(lines)


def session_list(sessions: Iterable[Session]) -> str:
    """``ID  time  title`` lines, for candidates of an ambiguous query."""
    return "\n".join(f"  {s.id}  {s.start:%a} {span(s.start, s.end)}  {s.title}" for s in sessions)


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
    if session.type:
        rows.append(("Type", session.type))
    for index, person in enumerate(session.speakers):
        rows.append(("Speakers" if index == 0 else "", str(person)))
    out = [click.style(session.title, bold=True)]
    out += [f"{click.style(f'{label:<9}', dim=True)} {value}" for label, value in rows]
    if session.description:
        out.append("")
        for paragraph in session.description.split("\n"):
            out.append(textwrap.fill(paragraph, width=width))
    return "\n".join(out)
