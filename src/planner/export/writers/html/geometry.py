"""Where things go on the day view: plain functions of numbers, tested without a browser.

>>> t = lambda hm: dt.datetime.fromisoformat(f"2025-11-13T{hm}:00-05:00")
>>> place_blocks([(t("11:00"), t("11:30")), (t("11:15"), t("11:45"))], origin=t("11:00"), px_per_minute=2)
[Box(top=0.0, height=60.0, column=0, columns=2), Box(top=30.0, height=60.0, column=1, columns=2)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ....frozen import frozen

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


@frozen(kw_only=False)
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
        top = minutes_between(origin, start) * px_per_minute
        height = max(0.0, minutes_between(start, end) * px_per_minute)
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


@frozen(kw_only=False)
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


def minutes_between(a: dt.datetime, b: dt.datetime) -> float:
    return (b - a).total_seconds() / 60


def half_hour_floor(moment: dt.datetime) -> dt.datetime:
    return moment.replace(minute=moment.minute - moment.minute % 30, second=0, microsecond=0)


def half_hour_ceil(moment: dt.datetime) -> dt.datetime:
    floor = half_hour_floor(moment)
    return floor if floor == moment else floor + dt.timedelta(minutes=30)
