"""The day view: one self-contained HTML page with the agenda as a timeline.

Each pick is a block on a vertical time axis, sized to its duration; picks that
overlap stand side by side; between consecutive picks, a marker gives the walk
and the free time; ``--with-alternatives`` adds the other sessions of each
slot, faded, in a column per building. The page has no script and loads
nothing; its print stylesheet puts each day on one A4 or Letter page.

Where things go is decided here, in Python (:func:`place_blocks`,
:func:`stack_labels`, :func:`fit_text`); the Jinja2 template only draws the
boxes it is given, and escapes every text of the schedule.

>>> t = lambda hm: dt.datetime.fromisoformat(f"2025-11-13T{hm}:00-05:00")
>>> place_blocks([(t("11:00"), t("11:30")), (t("11:15"), t("11:45"))], origin=t("11:00"), px_per_minute=2)
[Box(top=0.0, height=60.0, column=0, columns=2), Box(top=30.0, height=60.0, column=1, columns=2)]
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import PlannerError
from ..files import atomic_write

# The terminal's words for the same things: times, the day's heading, its summary.
from ..render import arrival, day_heading, hm, summary_line
from . import ExportOptions, ExportRequest, Writer, calendar_name, register

if TYPE_CHECKING:
    from ..agenda import Agenda
    from ..conflicts import Conflict
    from ..day import DayPlan, PlanEntry
    from ..models import Location, Schedule, Session
    from ..planning import Planner
    from ..venue import Walk

# The printed page: the smaller of A4 and Letter in each direction (A4 is
# narrower, Letter shorter), less 10 mm margins, in CSS px (96 per inch).
# The timeline gets what the header leaves; the template's CSS uses the same figures.
SHEET_WIDTH_PX = 700
TIMELINE_BUDGET_PX = 860
# A short day is not blown up beyond this.
MAX_PX_PER_MINUTE = 3.0
GUTTER_PX = 40
LANE_GAP_PX = 6
# Pick blocks: a 1 px border top and bottom, no vertical padding.
BLOCK_CHROME_PX = 2
# Text sizes of a block, by the height it has: (name, min content px, line px).
# The smallest sizes are for 5-minute items on a long day: tiny, but there.
TEXT_SIZES = (("m", 36, 12), ("s", 10, 10), ("xs", 8, 8), ("xxs", 6, 6))
ALT_LINE_PX = 8
WALK_LABEL_PX = 2 * 10 + 2


# -- layout: plain functions of numbers, tested without a browser ---------------


@dataclass(frozen=True)
class Box:
    """Where a block goes: ``top`` and ``height`` in px from the timeline's top,
    and its ``column`` among the ``columns`` side-by-side columns of its group."""

    top: float
    height: float
    column: int
    columns: int


def place_blocks(
    spans: Sequence[tuple[dt.datetime, dt.datetime]], origin: dt.datetime, px_per_minute: float
) -> list[Box]:
    """A box for each ``(start, end)`` span, in the order given.

    Top and height are proportional to the time from ``origin`` and to the
    duration. Spans that overlap go side by side: each group of (transitively)
    overlapping spans shares its columns, and a span takes the first column free
    at its start (of spans starting together, the longest goes first).
    Back-to-back spans (11:00-11:30, 11:30-12:00) do not overlap.

    >>> t = lambda hm: dt.datetime.fromisoformat(f"2025-11-13T{hm}:00-05:00")
    >>> for box in place_blocks([(t("09:00"), t("09:30")), (t("09:30"), t("10:00"))], t("09:00"), 1.5):
    ...     print(box)
    Box(top=0.0, height=45.0, column=0, columns=1)
    Box(top=45.0, height=45.0, column=0, columns=1)
    """
    # By start, the longest first, so it takes the leftmost column.
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][0] - spans[i][1], i))
    column_of: dict[int, int] = {}
    group_of: dict[int, int] = {}
    group_columns: list[int] = []
    column_ends: list[dt.datetime] = []
    group_end: dt.datetime | None = None
    for i in order:
        start, end = spans[i]
        end = max(end, start + dt.timedelta(seconds=1))  # an empty span still takes its place
        if group_end is None or start >= group_end:
            group_columns.append(0)
            column_ends = []
            group_end = end
        group_end = max(group_end, end)
        column = next((c for c, busy_until in enumerate(column_ends) if busy_until <= start), None)
        if column is None:
            column = len(column_ends)
            column_ends.append(end)
        else:
            column_ends[column] = end
        column_of[i] = column
        group_of[i] = len(group_columns) - 1
        group_columns[-1] = max(group_columns[-1], column + 1)
    boxes = []
    for i, (start, end) in enumerate(spans):
        top = _minutes(origin, start) * px_per_minute
        height = max(0.0, _minutes(start, end) * px_per_minute)
        boxes.append(Box(round(top, 2), round(height, 2), column_of[i], group_columns[group_of[i]]))
    return boxes


def stack_labels(wanted: Sequence[float], height: float, limit: float, gap: float = 1.0) -> list[float]:
    """Tops for labels of ``height`` px, each as near its ``wanted`` top as it
    can be without covering another, and inside ``[0, limit]`` when they fit.

    >>> stack_labels([10, 15, 100], height=20, limit=200)
    [10.0, 31.0, 100.0]
    >>> stack_labels([170, 175], height=20, limit=200)
    [159.0, 180.0]
    """
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    tops = [0.0] * len(wanted)
    floor = 0.0
    for i in order:
        tops[i] = max(float(wanted[i]), floor)
        floor = tops[i] + height + gap
    ceiling = float(limit)
    for i in reversed(order):
        tops[i] = max(0.0, min(tops[i], ceiling - height))
        ceiling = tops[i] - gap
    return [round(top, 2) for top in tops]


@dataclass(frozen=True)
class TextFit:
    """How much of a pick's text its block shows: a text size (a CSS class, with
    its line height in px) and the rows given to each part."""

    size: str
    line_px: int
    title_lines: int
    place: bool = False
    speakers: bool = False
    note: bool = False

    @property
    def rows(self) -> int:
        return self.title_lines + self.place + self.speakers + self.note


def fit_text(height: float, *, speakers: bool = True, note: bool = False) -> TextFit:
    """The text a block of ``height`` px shows, so that none of it overflows:
    the title (with the time) first, then the room, the speakers and the note.

    >>> fit_text(75, speakers=True)  # 30 minutes at 2.5 px a minute
    TextFit(size='m', line_px=12, title_lines=3, place=True, speakers=True, note=False)
    >>> fit_text(11)  # 5 minutes at 2.2 px a minute: one small line
    TextFit(size='xs', line_px=8, title_lines=1, place=False, speakers=False, note=False)
    >>> fit_text(6).rows
    0
    """
    content = height - BLOCK_CHROME_PX
    size, line_px = next(((name, px) for name, least, px in TEXT_SIZES if content >= least), ("none", 0))
    if size == "none":
        return TextFit(size, 0, 0)
    rows = int(content // line_px)
    if size in ("xs", "xxs") or rows == 1:
        return TextFit(size, line_px, 1)
    if rows <= 3:
        return TextFit(size, line_px, rows - 1, place=True)
    rest = rows - 1 - speakers
    with_note = note and rest >= 3
    return TextFit(size, line_px, min(3, rest - with_note), True, speakers, with_note)


def alternative_rows(height: float, count: int) -> tuple[int, int]:
    """How many alternatives a group of ``height`` px lists, and how many it
    leaves to a "+N more" line.

    >>> alternative_rows(67, 12)
    (7, 5)
    >>> alternative_rows(67, 3)
    (3, 0)
    """
    rows = max(0, int((height - BLOCK_CHROME_PX) // ALT_LINE_PX))
    if count <= rows:
        return count, 0
    shown = max(0, rows - 1)
    return shown, count - shown


def _minutes(a: dt.datetime, b: dt.datetime) -> float:
    return (b - a).total_seconds() / 60


def _half_hour_floor(moment: dt.datetime) -> dt.datetime:
    return moment.replace(minute=moment.minute - moment.minute % 30, second=0, microsecond=0)


def _half_hour_ceil(moment: dt.datetime) -> dt.datetime:
    floor = _half_hour_floor(moment)
    return floor if floor == moment else floor + dt.timedelta(minutes=30)


# -- what the template draws ------------------------------------------------------


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    left: float
    width: float


@dataclass(frozen=True)
class Tick:
    top: float
    label: str
    hour: bool


@dataclass(frozen=True)
class Block:
    """A pick as drawn."""

    id: str
    title: str
    time: str
    place: str
    speakers: str
    note: str
    tooltip: str
    classes: str
    start: str
    end: str
    minutes: float
    top: float
    height: float
    left: float
    width: float
    fit: TextFit


@dataclass(frozen=True)
class WalkMarker:
    """The walk into a pick from the one before: a bar over the gap and a label."""

    to: str
    origin: str
    walk: str
    rest: str
    state: str
    tooltip: str
    span_top: float
    span_height: float
    label_top: float
    left: float
    width: float


@dataclass(frozen=True)
class Alternative:
    id: str
    room: str
    title: str
    until: str


@dataclass(frozen=True)
class AlternativeGroup:
    """The other sessions of one slot in one building."""

    building: str
    start: str
    items: tuple[Alternative, ...]
    more: int
    tooltip: str
    top: float
    height: float
    left: float
    width: float


@dataclass(frozen=True)
class DayView:
    date: str
    heading: str
    summary: str
    hard: bool
    origin: str
    px_per_minute: float
    height: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    blocks: tuple[Block, ...]
    walks: tuple[WalkMarker, ...]
    alternatives: tuple[AlternativeGroup, ...]


def walk_words(walk: Walk, origin: Location, destination: Location) -> str:
    """``6 min, B to C``: the walk in a few words, for a marker.

    >>> from planner.models import Location
    >>> from planner.venue import Walk
    >>> walk_words(Walk(minutes=6, route=()), Location(building="B"), Location(building="C"))
    '6 min, B to C'
    >>> lobby, ballroom = Location(building="B", level="1"), Location(building="B", level="4")
    >>> walk_words(Walk(minutes=7, route=()), lobby, ballroom)
    '7 min, B L1 to L4'
    """
    if walk.minutes == 0 and len(walk.route) == 1:
        return "same room"
    a, b = origin, destination
    if a.building and b.building and a.building != b.building:
        return f"{walk.minutes} min, {a.building} to {b.building}"
    building = a.building or b.building
    if a.level and b.level and a.level != b.level:
        return f"{walk.minutes} min, {building + ' ' if building else ''}L{a.level} to L{b.level}"
    return f"{walk.minutes} min, within {building}" if building else f"{walk.minutes} min"


def _lanes(buildings: Sequence[str]) -> tuple[Lane, ...]:
    """The picks lane, the walks lane and a lane per building of the alternatives."""
    width = SHEET_WIDTH_PX - GUTTER_PX
    if buildings:
        picks, walks = 0.37 * width, 0.17 * width
    else:
        picks, walks = 0.64 * width, width - 0.64 * width - LANE_GAP_PX
    lanes = [Lane("picks", "Your picks", GUTTER_PX, picks - LANE_GAP_PX)]
    lanes.append(Lane("walks", "Walks and free time", GUTTER_PX + picks, walks - LANE_GAP_PX))
    if buildings:
        left = GUTTER_PX + picks + walks
        share = (SHEET_WIDTH_PX - left) / len(buildings)
        for index, building in enumerate(buildings):
            label = f"Building {building}" if building != "?" else "Elsewhere"
            lanes.append(Lane(f"building-{building}", label, left + index * share, share - LANE_GAP_PX))
    return tuple(Lane(lane.key, lane.label, round(lane.left, 2), round(lane.width, 2)) for lane in lanes)


def _classes(entry: PlanEntry, conflicts: Sequence[Conflict]) -> str:
    mine = [c for c in conflicts if entry.pick.id in c.ids]
    classes = ["pick", "must" if entry.pick.must else "maybe"]
    if entry.item.drop_in:
        classes.append("drop-in")
    if entry.session is None:
        classes.append("gone")
    if any(c.hard for c in mine):
        classes.append("hard")
    if any(c.hard and c.kind == "overlap" for c in mine):
        classes.append("clash")
    elif any(c.kind == "overlap" and not c.hard for c in mine):
        classes.append("overlap")
    return " ".join(classes)


def _block(entry: PlanEntry, box: Box, lane: Lane, conflicts: Sequence[Conflict]) -> Block:
    item, session = entry.item, entry.session
    speakers = session.speaker_names if session else ""
    place = item.location.place
    if item.location.building_level:
        place += f" · {item.location.building_level}"
    time = f"{hm(item.start)}–{hm(item.end)}"
    tags = [entry.pick.priority]
    if item.drop_in:
        tags.append("drop-in")
    if session is None:
        tags.append("no longer in the schedule")
    tooltip = "\n".join(
        line
        for line in (
            f"{time} {entry.title} [{entry.pick.id}] ({', '.join(tags)})",
            item.location.long,
            speakers,
            f"note: {entry.pick.note}" if entry.pick.note else "",
            *entry.changes,
        )
        if line
    )
    column_width = lane.width / box.columns
    return Block(
        id=entry.pick.id,
        title=entry.title,
        time=time,
        place=place,
        speakers=speakers,
        note=entry.pick.note or "",
        tooltip=tooltip,
        classes=_classes(entry, conflicts),
        start=item.start.isoformat(),
        end=item.end.isoformat(),
        minutes=round(_minutes(item.start, item.end), 2),
        top=box.top,
        height=box.height,
        left=round(lane.left + box.column * column_width, 2),
        width=round(column_width - 2, 2),
        fit=fit_text(box.height, speakers=bool(speakers), note=bool(entry.pick.note)),
    )


def _walk_marker(
    entry: PlanEntry, before: PlanEntry, conflicts: Sequence[Conflict], origin: dt.datetime, ppm: float
) -> tuple[WalkMarker, float]:
    """The marker for the walk into ``entry``, and the top its label wants."""
    item, walk = entry.item, entry.walk
    assert walk is not None and entry.gap_minutes is not None
    rest, case = arrival(entry, before)
    pair = (before.pick.id, entry.pick.id)
    state = "ok"
    if case == "free" and any(c.kind == "tight" and c.ids == pair for c in conflicts):
        state = "tight"
    elif case == "short":
        hard = any(c.kind == "unreachable" and c.hard and c.ids == pair for c in conflicts)
        state = "short hard" if hard else "short"
    words = walk_words(walk, before.item.location, item.location)
    span_top = _minutes(origin, before.item.end) * ppm
    span_height = max(0.0, entry.gap_minutes * ppm)
    tooltip = (
        f"{before.title} → {entry.title}: {words}, {rest}\n"
        + " -> ".join(walk.route)
        + (f"\n{walk.minutes} min walk in a {entry.gap_minutes} min gap" if walk.minutes else "")
    )
    marker = WalkMarker(
        to=entry.pick.id,
        origin=before.pick.id,
        walk=words,
        rest=rest,
        state=state,
        tooltip=tooltip,
        span_top=round(span_top, 2),
        span_height=round(span_height, 2),
        label_top=0.0,
        left=0.0,
        width=0.0,
    )
    return marker, span_top + span_height / 2 - WALK_LABEL_PX / 2


def _alternatives(
    entries: Sequence[PlanEntry],
    schedule: Schedule,
    picked: set[str],
    drop_in_types: Sequence[str],
) -> dict[dt.datetime, list[Session]]:
    """The other sessions of each slot a pick starts: same start, not picked, not drop-in."""
    from ..conflicts import is_drop_in_type

    starts = {e.item.start for e in entries if not e.item.drop_in}
    slots: dict[dt.datetime, list[Session]] = {}
    for session in schedule.sessions:
        other = session.start in starts and session.id not in picked
        if other and not is_drop_in_type(session.type, drop_in_types):
            slots.setdefault(session.start, []).append(session)
    return slots


def _alternative_groups(
    slots: dict[dt.datetime, list[Session]],
    lanes: Sequence[Lane],
    origin: dt.datetime,
    ppm: float,
    height: float,
) -> list[AlternativeGroup]:
    lane_of = {lane.key.removeprefix("building-"): lane for lane in lanes if lane.key.startswith("building-")}
    groups: list[AlternativeGroup] = []
    starts = sorted(slots)
    for index, start in enumerate(starts):
        sessions = slots[start]
        ends = Counter(s.end for s in sessions)
        # A slot lasts as long as most of its sessions; the others say when they end.
        common_end = max(ends, key=lambda e: (ends[e], -e.timestamp()))
        if index + 1 < len(starts):
            common_end = min(common_end, starts[index + 1])
        top = _minutes(origin, start) * ppm
        group_height = min(_minutes(start, common_end) * ppm, height - top)
        by_building = sorted(sessions, key=lambda s: (s.location.building or "?", s.location.place, s.title))
        for building, members in groupby(by_building, key=lambda s: s.location.building or "?"):
            members = list(members)
            shown, more = alternative_rows(group_height, len(members))
            lane = lane_of[building]
            items = tuple(
                Alternative(
                    s.id,
                    s.location.place,
                    s.title,
                    f"until {hm(s.end)}" if s.end != common_end else "",
                )
                for s in members[:shown]
            )
            tooltip = "\n".join(
                f"{hm(s.start)}–{hm(s.end)} {s.title} [{s.id}] · {s.location.place}" for s in members
            )
            groups.append(
                AlternativeGroup(
                    building,
                    start.isoformat(),
                    items,
                    more,
                    tooltip,
                    round(top, 2),
                    round(group_height, 2),
                    lane.left,
                    lane.width,
                )
            )
    return groups


def day_views(
    plan: DayPlan,
    schedule: Schedule | None = None,
    drop_in_types: Sequence[str] = (),
) -> list[DayView]:
    """What the template draws: one view per day of ``plan``; with ``schedule``,
    the other sessions of each slot too."""
    views = []
    picked = {e.pick.id for e in plan.entries}
    for date, day_entries in groupby(plan.entries, key=lambda e: e.item.start.date()):
        entries = list(day_entries)
        ids = {e.pick.id for e in entries}
        conflicts = [c for c in plan.conflicts if set(c.ids) <= ids]
        origin = _half_hour_floor(min(e.item.start for e in entries))
        last = _half_hour_ceil(max(e.item.end for e in entries))
        total = max(30.0, _minutes(origin, last))
        ppm = round(min(MAX_PX_PER_MINUTE, TIMELINE_BUDGET_PX / total), 4)
        height = round(total * ppm, 2)
        slots = _alternatives(entries, schedule, picked, drop_in_types) if schedule is not None else {}
        buildings = sorted({s.location.building or "?" for group in slots.values() for s in group})
        lanes = _lanes(buildings)
        picks_lane, walks_lane = lanes[0], lanes[1]

        boxes = place_blocks([(e.item.start, e.item.end) for e in entries], origin, ppm)
        blocks = tuple(_block(e, box, picks_lane, conflicts) for e, box in zip(entries, boxes, strict=True))

        by_id = {e.pick.id: e for e in entries}
        markers, wanted = [], []
        for entry in entries:
            before = by_id.get(entry.previous) if entry.previous else None
            if entry.walk is None or before is None:
                continue  # the first pick of the day, or a walk from another day
            marker, top = _walk_marker(entry, before, conflicts, origin, ppm)
            markers.append(marker)
            wanted.append(top)
        tops = stack_labels(wanted, WALK_LABEL_PX, height)
        walks = tuple(
            replace(marker, label_top=top, left=walks_lane.left, width=walks_lane.width)
            for marker, top in zip(markers, tops, strict=True)
        )

        ticks = []
        moment = origin
        while moment <= last:
            ticks.append(Tick(round(_minutes(origin, moment) * ppm, 2), hm(moment), hour=moment.minute == 0))
            moment += dt.timedelta(minutes=30)

        day_plan = replace(plan, entries=tuple(entries), conflicts=tuple(conflicts), unplaced=())
        summary = click.unstyle(summary_line(day_plan))
        if plan.unplaced and not views:
            summary += "; not placed (gone from the schedule): " + ", ".join(p.id for p in plan.unplaced)
        views.append(
            DayView(
                date=date.isoformat(),
                heading=day_heading(date),
                summary=summary,
                hard=any(c.hard for c in conflicts),
                origin=origin.isoformat(),
                px_per_minute=ppm,
                height=height,
                lanes=lanes,
                ticks=tuple(ticks),
                blocks=blocks,
                walks=walks,
                alternatives=tuple(_alternative_groups(slots, lanes, origin, ppm, height)),
            )
        )
    return views


# -- the writer ---------------------------------------------------------------------


@functools.cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@register
class HtmlWriter(Writer):
    """The agenda as a printable day view (see the module docstring)."""

    name = "html"
    extension = ".html"
    content_type = "text/html"
    verbose_name = "HTML day view"

    def render(self, request: ExportRequest) -> str:
        if request.day is None:
            raise PlannerError(
                "the HTML day view shows an agenda, not a list of sessions",
                hint="export the agenda (without --all), or use another format for all sessions",
            )
        from .. import __version__
        from ..planning import Planner

        day = request.day
        if request.options.must_only:
            musts = {e.pick.id for e in day.entries if e.pick.must}
            day = replace(
                day,
                entries=tuple(e for e in day.entries if e.pick.id in musts),
                conflicts=tuple(c for c in day.conflicts if set(c.ids) <= musts),
            )
        schedule = request.schedule if request.options.with_alternatives else None
        days = day_views(day, schedule, Planner.drop_in_types(request.agenda))
        return (
            _environment()
            .get_template("day.html.j2")
            .render(
                title=request.calendar_name,
                days=days,
                version=__version__,
                sheet_width=SHEET_WIDTH_PX,
                gutter=GUTTER_PX,
                alternatives=request.options.with_alternatives,
            )
        )


def html_for(
    planner: Planner,
    with_alternatives: bool = False,
    day: DayPlan | None = None,
    agenda: Agenda | None = None,
) -> str:
    """The day view of ``planner``'s agenda (``day``, if already planned), as HTML.

    ``planner view`` writes this to a file; ``planner export --format html``
    gets the same page through :class:`HtmlWriter`.
    """
    agenda = agenda if agenda is not None else planner.agenda()
    request = ExportRequest(
        schedule=planner.schedule,
        venue=planner.venue,
        options=ExportOptions(with_alternatives=with_alternatives),
        calendar_name=calendar_name(planner.schedule),
        day=day if day is not None else planner.plan(agenda),
        agenda=agenda,
    )
    return HtmlWriter().render(request)


def write_view(
    planner: Planner,
    path: str | os.PathLike | None = None,
    *,
    with_alternatives: bool = False,
    day: DayPlan | None = None,
) -> Path:
    """Write the day view to ``path`` (a new temporary file if None) and return where."""
    text = html_for(planner, with_alternatives, day)
    if path is None:
        handle, name = tempfile.mkstemp(prefix="planner-day-", suffix=HtmlWriter.extension)
        os.close(handle)
        path = name
    atomic_write(path, text)
    return Path(path)


__all__ = [
    "Box",
    "HtmlWriter",
    "TextFit",
    "day_views",
    "fit_text",
    "html_for",
    "place_blocks",
    "stack_labels",
    "walk_words",
    "write_view",
]
