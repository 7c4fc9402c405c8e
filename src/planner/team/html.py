"""The team's day as one self-contained HTML page: a column per member.

Each pick is a block on a shared time axis, sized to its duration, in its
member's column, with the walk there; duty blocks and together sessions are
marked; the best sessions nobody covers are listed under each day. No script,
nothing loaded from elsewhere; every text of the schedule is escaped by Jinja2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import TeamPlan

PX_PER_MINUTE = 2.0
HEADER_PX = 28
UNCOVERED_SHOWN = 8

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font: 13px/1.3 system-ui, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 18px 0 6px; }
.team { display: flex; gap: 6px; align-items: flex-start; }
.axis, .member { position: relative; }
.axis { width: 44px; color: #666; }
.member { flex: 1; min-width: 120px; border-left: 1px solid #ddd; }
.member h3 { height: {{ header }}px; margin: 0; font-size: 14px; text-align: center; }
.tick { position: absolute; left: 0; font-size: 11px; }
.pick { position: absolute; left: 2px; right: 2px; box-sizing: border-box; overflow: hidden;
        border: 1px solid #4a7bd0; background: #e8f0ff; border-radius: 3px; padding: 0 4px; font-size: 11px; }
.pick.duty { border-color: #b36b00; background: #fff1dc; }
.pick.together { border-color: #3a8a3a; background: #e6f5e6; }
.pick .walk { color: #555; }
.uncovered li { margin: 2px 0; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p>Team value {{ total }} ({{ strategy }}): {{ shares }}</p>
{% for day in days %}
<h2>{{ day.heading }}</h2>
<div class="team">
  <div class="axis" style="height: {{ day.height }}px">
    {% for tick in day.ticks %}
    <div class="tick" style="top: {{ tick.top }}px">{{ tick.label }}</div>
    {% endfor %}
  </div>
  {% for column in day.columns %}
  <div class="member" data-member="{{ column.name }}" style="height: {{ day.height }}px">
    <h3>{{ column.name }}</h3>
    {% for block in column.blocks %}
    <div class="pick {{ block.kind }}" data-id="{{ block.id }}"
         style="top: {{ block.top }}px; height: {{ block.height }}px"
         title="{{ block.time }} {{ block.title }}">
      <b>{{ block.time }}</b> {{ block.title }} · {{ block.room }}
      {%- if block.value %} · value {{ block.value }}{% endif %}
      {% if block.walk %}<div class="walk">{{ block.walk }}</div>{% endif %}
    </div>
    {% endfor %}
  </div>
  {% endfor %}
</div>
{% if day.uncovered %}
<ul class="uncovered">
  {% for item in day.uncovered %}<li>Not covered: {{ item }}</li>{% endfor %}
</ul>
{% endif %}
{% endfor %}
</body>
</html>
"""


@dataclass(frozen=True)
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


def team_html(plan: TeamPlan, title: str) -> str:
    """The page for ``plan`` (see the module docstring)."""
    from jinja2 import Environment

    picks = [p for m in plan.members for p in m.picks]
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
                    walk = f"{pick.walk.minutes} min walk from {pick.previous}"
                loc = pick.item.location
                blocks.append(
                    Block(
                        pick.id,
                        pick.kind,
                        round(top(pick.item.start), 1),
                        max(
                            12.0,
                            round((pick.item.end - pick.item.start).total_seconds() / 60 * PX_PER_MINUTE, 1),
                        ),
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
    template = Environment(autoescape=True).from_string(TEMPLATE)
    shares = ", ".join(f"{m.name} {m.share}" for m in plan.members)
    return template.render(
        title=title, total=plan.total, strategy=plan.strategy, shares=shares, days=days, header=HEADER_PX
    )
