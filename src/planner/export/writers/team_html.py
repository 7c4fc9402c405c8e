"""The team's day as one self-contained HTML page, a writer of the registry
(``team-html``, for ``planner team export``): a column per member.

Each pick is a block on a shared time axis, sized to its duration, in its
member's column, with the walk there; duty blocks and together sessions are
marked; the best sessions nobody covers are listed under each day. Drawn by a
template beside the day view's, in its Jinja2 environment (every text of the
schedule escaped) and with its palette; no script, nothing loaded from elsewhere.
The request's ``team`` is the :class:`planner.team.model.TeamPlan`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ...errors import PlannerError
from ...frozen import frozen
from ..base import ExportRequest, Rendered, Writer, WriterOptions, register

if TYPE_CHECKING:
    from ...team.model import TeamPlan

PX_PER_MINUTE = 2.0
HEADER_PX = 28
UNCOVERED_SHOWN = 8


@frozen(kw_only=False)
class Block:
    id: str
    kind: str
    top: float
    height: float
    time: str
    title: str
    room: str
    value: int
    walk: str | None


@register
class TeamHtmlWriter(Writer):
    """The team plan as a day view with a column per member (see the module docstring)."""

    name = "team-html"
    extension = ".html"
    content_type = "text/html"
    verbose_name = "the team plan as a day view, a column per member"
    subject = "team"
    Options = WriterOptions
    option_specs = ()

    def build(self, request: ExportRequest) -> Rendered:
        plan = request.team
        if plan is None or not hasattr(plan, "members"):
            raise PlannerError("the team view is written by `planner team export`")
        text = team_page(plan, request.calendar_name)
        return Rendered(text, sum(len(m.picks) for m in plan.members))

    def render(self, request: ExportRequest) -> str:
        return self.build(request).text

    def report(self, rendered: Rendered, path: str) -> str:
        return f"Wrote {rendered.events} picks to {path}"


def team_page(plan: TeamPlan, title: str) -> str:
    """The page for ``plan`` (see the module docstring)."""
    from ... import __version__
    from .html.page import template

    picks = [p for m in plan.members for p in m.picks]
    # A walk from a duty block names the duty, not its internal ID.
    titles = {p.id: p.title for p in picks if p.kind == "duty"}
    dates = sorted({p.item.start.date() for p in picks} | {u.session.start.date() for u in plan.uncovered})
    days = []
    for date in dates:
        mine = [p for p in picks if p.item.start.date() == date]
        if not mine:
            continue
        origin = min(p.item.start for p in mine).replace(minute=0, second=0, microsecond=0)
        end = max(p.item.end for p in mine)

        def top(moment: dt.datetime, origin: dt.datetime = origin) -> float:
            return HEADER_PX + (moment - origin).total_seconds() / 60 * PX_PER_MINUTE

        columns = []
        for member in plan.members:
            blocks = []
            for pick in member.picks:
                if pick.item.start.date() != date:
                    continue
                walk = None
                if pick.walk is not None and pick.walk.minutes:
                    origin_name = titles.get(pick.previous or "", pick.previous)
                    walk = f"{pick.walk.minutes} min walk from {origin_name}"
                loc = pick.item.location
                minutes = (pick.item.end - pick.item.start).total_seconds() / 60
                blocks.append(
                    Block(
                        pick.id,
                        pick.kind,
                        round(top(pick.item.start), 1),
                        max(12.0, round(minutes * PX_PER_MINUTE, 1)),
                        f"{pick.item.start:%H:%M}",
                        pick.title,
                        loc.place if loc.room else "?",
                        pick.value,
                        walk,
                    )
                )
            columns.append({"name": member.name, "blocks": blocks})
        ticks = []
        hour = origin
        while hour <= end:
            ticks.append({"top": round(top(hour), 1), "label": f"{hour:%H:%M}"})
            hour += dt.timedelta(hours=1)
        uncovered = [
            f"{u.session.start:%H:%M} {u.session.title} [{u.session.id}], value {u.value} "
            f"(wanted by {', '.join(n for n, _ in u.wanted_by)})"
            for u in plan.uncovered
            if u.session.start.date() == date
        ][:UNCOVERED_SHOWN]
        days.append(
            {
                "heading": f"{date:%A %d %B %Y}",
                "height": round(top(end) + 4, 1),
                "ticks": ticks,
                "columns": columns,
                "uncovered": uncovered,
            }
        )
    shares = ", ".join(f"{m.name} {m.share}" for m in plan.members)
    return template("team.html.j2").render(
        title=title,
        total=plan.total,
        strategy=plan.strategy,
        shares=shares,
        days=days,
        header=HEADER_PX,
        version=__version__,
    )
