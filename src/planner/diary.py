"""After the talk: what the person went to, what they thought of it, and a trip report.

``attended`` and ``rating``/``review`` are the person's own words about their picks, so
they live in the agenda file (kept with the file's comments), beside the picks::

    - id: 8q2qm
      title: Spark on Kubernetes
      attended: true
      rating: 4
      review: great demo; slides on the speaker's site

Example::

    from planner.diary import mark_attended, rate, trip_report, report_markdown
    rate(planner, "spark on kubernetes", 4, review="great demo")
    print(report_markdown(trip_report(planner)))
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from typing import TYPE_CHECKING

from .agenda import Pick, ScheduledPick
from .conflicts import is_drop_in_type
from .errors import LookupFailed, PlannerError
from .frozen import frozen
from .lookup import resolve
from .models import Session

if TYPE_CHECKING:
    from .planning import Planner

STARS = range(1, 6)


@frozen(kw_only=False)
class TripReport:
    """The talks attended, in the order they happened."""

    conference: str | None
    entries: tuple[ScheduledPick, ...]


def _not_in_your_agenda(session: Session) -> LookupFailed:
    return LookupFailed(
        f"{session.id} {session.title!r} is not in your agenda",
        hint=f"planner attended {session.id} adds it as a talk you went to",
    )


def rate(
    planner: Planner, query: str, stars: int, review: str | None = None, now: dt.datetime | None = None
) -> Pick:
    """Give the pick ``query`` names ``stars`` (1-5) and, optionally, a few words.

    A talk can be rated once it has begun; rating it marks it attended.
    """
    if stars not in STARS:
        raise PlannerError(f"a rating is 1 to 5 stars, not {stars}")
    now = now or planner.now()
    pick = planner.named_pick(query, planner.agenda().picks, _not_in_your_agenda)
    scheduled = ScheduledPick.of(pick, planner.schedule)
    if not scheduled.begun(now):
        raise PlannerError(
            f"{pick.id} {scheduled.title!r} starts {scheduled.start:%a %H:%M}; rate it once it has begun"
        )
    with planner.file.edit() as document:
        fields: dict[str, object] = {"rating": stars, "attended": True}
        if review is not None:
            fields["review"] = review.strip() or None
        document.update_pick(pick.id, **fields)
        return document.agenda().get(pick.id) or pick


def mark_attended(
    planner: Planner, queries: Sequence[str] = (), *, attended: bool = True, now: dt.datetime | None = None
) -> list[Pick]:
    """Mark talks as attended (or, with ``attended=False``, as missed).

    Without ``queries``: every must pick that has begun and is not marked yet, as the
    day went to plan. A query may name a session that is not picked (you went to
    another talk instead): it is added as a pick, marked attended.
    """
    now = now or planner.now()
    picks = planner.agenda().picks
    if queries:
        sessions = [resolve(q, planner.schedule.sessions) for q in queries]
        for session in sessions:
            if session.start > now and attended:
                raise PlannerError(
                    f"{session.id} {session.title!r} starts {session.start:%a %H:%M}; "
                    "mark it once it has begun"
                )
        targets: dict[str, Session | None] = {s.id: s for s in sessions}
    else:
        scheduled = [ScheduledPick.of(p, planner.schedule) for p in picks if p.must and p.attended is None]
        targets = {s.id: s.session for s in scheduled if s.begun(now)}
        # Breaks and lounges are not talks; of two musts that clash, the person says which.
        drop_ins = planner.drop_in_types()
        targets = {i: s for i, s in targets.items() if s is None or not is_drop_in_type(s.type, drop_ins)}
        for conflict in planner.plan().conflicts:
            if conflict.hard and conflict.kind == "overlap":
                for session_id in conflict.ids:
                    targets.pop(session_id, None)
    marked = []
    reference = planner.schedule_reference_for(planner.source.reference)
    with planner.file.edit(create_for_schedule=reference) as doc:
        for session_id, target in targets.items():
            if doc.agenda().get(session_id) is None:
                if target is None or not attended:
                    continue
                doc.add_pick(replace(Pick.of(target), attended=True))
            else:
                doc.update_pick(session_id, attended=attended)
            marked.append(doc.agenda().get(session_id))
    return [p for p in marked if p is not None]


def trip_report(planner: Planner) -> TripReport:
    """The talks attended (marked attended, or rated), in the order they happened."""
    entries = [ScheduledPick.of(p, planner.schedule) for p in planner.agenda().picks if p.attended]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    entries.sort(key=lambda e: (e.start or far, e.title))
    return TripReport(planner.schedule.name, tuple(entries))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _stars(rating: int | None) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating else ""


def report_markdown(report: TripReport) -> str:
    """The trip report as Markdown: a heading per day, a bullet per talk."""
    title = f"# {_md(report.conference)}: talks attended" if report.conference else "# Talks attended"
    lines = [title, ""]
    if not report.entries:
        lines.append("No talk is marked attended yet: `planner attended` marks the picks that have begun.")
        return "\n".join(lines) + "\n"
    day = None
    for entry in report.entries:
        if entry.start is not None and entry.start.date() != day:
            day = entry.start.date()
            if lines[-1]:
                lines.append("")
            lines += [f"## {day:%A, %B} {day.day}", ""]
        when = f"{entry.start:%H:%M}–{entry.end:%H:%M} " if entry.start and entry.end else ""
        name = f"[{_md(entry.title)}]({entry.url})" if entry.url else _md(entry.title)
        lines.append(f"- {when}**{name}**" + (f" — {_md(entry.speakers)}" if entry.speakers else ""))
        details = [part for part in (entry.room and _md(entry.room), _stars(entry.pick.rating)) if part]
        if details:
            lines.append(f"  {' · '.join(details)}")
        if entry.pick.review:
            lines.append(f"  > {_md(entry.pick.review)}")
        if entry.media:
            lines.append("  " + " · ".join(f"[{label}]({url})" for label, url in entry.media))
    return "\n".join(lines) + "\n"


def report_html(report: TripReport) -> str:
    """The trip report as a page in the day view's style."""
    css = resources.files("planner.export").joinpath("templates", "day.css").read_text(encoding="utf-8")
    heading = f"{report.conference}: talks attended" if report.conference else "Talks attended"
    rows = []
    for entry in report.entries:
        when = f"{entry.start:%a %H:%M}–{entry.end:%H:%M}" if entry.start and entry.end else ""
        title = html.escape(entry.title)
        if entry.url:
            title = f'<a href="{html.escape(entry.url, quote=True)}">{title}</a>'
        parts = [f'<p class="when">{html.escape(when)}</p>', f"<h2>{title}</h2>"]
        if entry.speakers:
            parts.append(f'<p class="who">{html.escape(entry.speakers)}</p>')
        meta = " · ".join(x for x in (entry.room or "", _stars(entry.pick.rating)) if x)
        if meta:
            parts.append(f'<p class="where">{html.escape(meta)}</p>')
        if entry.pick.review:
            parts.append(f"<blockquote>{html.escape(entry.pick.review)}</blockquote>")
        if entry.media:
            links = (f'<a href="{html.escape(url, quote=True)}">{label}</a>' for label, url in entry.media)
            parts.append(f'<p class="where">{" · ".join(links)}</p>')
        rows.append(f'<article class="talk">{"".join(parts)}</article>')
    body = "".join(rows) or "<p>No talk is marked attended yet.</p>"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(heading)}</title><style>{css}\n"
        ".talk{margin:0 0 14px}.talk h2{font-size:16px;margin:2px 0}.talk p{margin:2px 0}"
        ".when,.where{color:var(--muted)}blockquote{margin:4px 0 0 12px;font-style:italic}</style></head>"
        f'<body><main class="day"><h1>{html.escape(heading)}</h1>{body}</main></body></html>\n'
    )
