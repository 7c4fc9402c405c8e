"""What the day view's template draws: a :class:`DayView` per day, built from a day plan.

Every text on it comes from :mod:`planner.wording`, the words the terminal uses too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING

from ....frozen import frozen
from ....wording import arrival, day_heading, day_summary, hm, span, walk_in_gap, walk_words
from .geometry import (
    GUTTER_PX,
    LANE_GAP_PX,
    MAX_PX_PER_MINUTE,
    SHEET_WIDTH_PX,
    TIMELINE_BUDGET_PX,
    WALK_LABEL_PX,
    Box,
    TextFit,
    alternative_rows,
    fit_text,
    half_hour_ceil,
    half_hour_floor,
    minutes_between,
    place_blocks,
    stack_labels,
)

if TYPE_CHECKING:
    from ....conflicts import Conflict
    from ....day import DayPlan, PlanEntry
    from ....models import Schedule, Session


@frozen(kw_only=False)
class Lane:
    key: str
    label: str
    left: float
    width: float


@frozen(kw_only=False)
class Tick:
    top: float
    label: str
    hour: bool


@frozen(kw_only=False)
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


@frozen(kw_only=False)
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


@frozen(kw_only=False)
class Alternative:
    id: str
    room: str
    title: str
    until: str


@frozen(kw_only=False)
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


@frozen(kw_only=False)
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
    # Once per day (each day prints as a page): the walks are planner's estimates.
    caveat: str | None = None


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
    time = span(item.start, item.end)
    tags: list[str] = [entry.pick.priority]
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
        minutes=round(minutes_between(item.start, item.end), 2),
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
    span_top = minutes_between(origin, before.item.end) * ppm
    span_height = max(0.0, entry.gap_minutes * ppm)
    tooltip = (
        f"{before.title} → {entry.title}: {words}, {rest}\n"
        + " -> ".join(walk.route)
        + (f"\n{walk_in_gap(walk.minutes, entry.gap_minutes)}" if walk.minutes else "")
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
    from ....conflicts import is_drop_in_type

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
        top = minutes_between(origin, start) * ppm
        group_height = min(minutes_between(start, common_end) * ppm, height - top)
        by_building = sorted(sessions, key=lambda s: (s.location.building or "?", s.location.place, s.title))
        for building, building_sessions in groupby(by_building, key=lambda s: s.location.building or "?"):
            members = list(building_sessions)
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
                f"{span(s.start, s.end)} {s.title} [{s.id}] · {s.location.place}" for s in members
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
    caveat: str | None = None,
) -> list[DayView]:
    """What the template draws: one view per day of ``plan``; with ``schedule``,
    the other sessions of each slot too; ``caveat`` (see
    :func:`planner.venue_infer.walking_caveat`) once under each day's timeline."""
    views: list[DayView] = []
    picked = {e.pick.id for e in plan.entries}
    for date, day_entries in groupby(plan.entries, key=lambda e: e.item.start.date()):
        entries = list(day_entries)
        ids = {e.pick.id for e in entries}
        conflicts = [c for c in plan.conflicts if set(c.ids) <= ids]
        origin = half_hour_floor(min(e.item.start for e in entries))
        last = half_hour_ceil(max(e.item.end for e in entries))
        total = max(30.0, minutes_between(origin, last))
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
            ticks.append(
                Tick(round(minutes_between(origin, moment) * ppm, 2), hm(moment), hour=moment.minute == 0)
            )
            moment += dt.timedelta(minutes=30)

        day_plan = replace(plan, entries=tuple(entries), conflicts=tuple(conflicts), unplaced=())
        summary = day_summary(day_plan)
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
                caveat=caveat,
            )
        )
    return views
