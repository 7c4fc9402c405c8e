"""The day as a grid: time slots down, rooms (by building) across.

A :class:`~textual.widgets.DataTable`, which draws only the visible cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from ..models import Location, Session
from .board import NONE, Mark, SlotView
from .session_list import MARK_STYLES, PROBLEM_STYLES

CELL_WIDTH = 22


def cell(session: Session, mark: Mark | None) -> Content:
    mark = mark or Mark(NONE)
    style = MARK_STYLES.get(mark.priority or ("suggested" if mark.suggested else ""), "$text-muted")
    title = session.title if len(session.title) <= CELL_WIDTH - 3 else session.title[: CELL_WIDTH - 4] + "…"
    return Content.assemble(
        (mark.symbol, style), (mark.label[1:], PROBLEM_STYLES.get(mark.worst or "", "")), " " + title
    )


def room_label(location: Location) -> str:
    where = location.room or "(no room)"
    return f"{where} ({location.building})" if location.building else where


class SessionGrid(DataTable):
    """Time x room; the cursor is on a cell, and the cell's session is :attr:`current_id`."""

    DEFAULT_CSS = """
    SessionGrid { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)
        self._cells: dict[tuple[int, int], str] = {}

    def show(self, slots: Sequence[SlotView], marks: Mapping[str, Mark], keep: str | None = None) -> None:
        keep = keep or self.current_id
        rooms = sorted(
            {room_label(s.location): s.location for slot in slots for s in slot.sessions}.items(),
            key=lambda item: (item[1].building or "", item[1].room or ""),
        )
        columns = {label: index + 1 for index, (label, _) in enumerate(rooms)}
        self.clear(columns=True)
        self.fixed_columns = 1
        self.add_column("time", key="time")
        for label, _ in rooms:
            # A Text, not a str: DataTable reads a str label as markup (a room named `[/r]oom`).
            self.add_column(Text(label), width=CELL_WIDTH, key=label)
        self._cells = {}
        target = None
        for row, slot in enumerate(slots):
            values: list[Content | str] = [f"{slot.start:%H:%M}", *[""] * len(rooms)]
            for session in slot.sessions:
                column = columns[room_label(session.location)]
                if (row, column) in self._cells:  # two sessions in one room at once: the first shows
                    continue
                self._cells[(row, column)] = session.id
                values[column] = cell(session, marks.get(session.id))
                if session.id == keep:
                    target = Coordinate(row, column)
            self.add_row(*values, key=slot.start.isoformat())
        if target is None and self._cells:
            target = Coordinate(*min(self._cells))
        if target is not None:
            self.move_cursor(row=target.row, column=target.column, animate=False)

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        coordinate = self.cursor_coordinate
        return self._cells.get((coordinate.row, coordinate.column))

    def highlight(self, session_id: str) -> None:
        for (row, column), found in self._cells.items():
            if found == session_id:
                self.move_cursor(row=row, column=column, animate=False)
                return
