"""The day as a list grouped by time slot, like ``planner sessions``.

A scroll view on Textual's line API: it renders only the lines on screen, one
line a row, so a day of 10,000 sessions opens and scrolls as fast as one of fifty
(an OptionList or a DataTable measures every row first: seconds for 10,000).
Each slot is a heading that the cursor skips; each session a line with its
marks as text, and a line under it for each conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from ..models import Session
from .board import NONE, SUGGESTED, Mark, SlotView

# Theme variables, so the colours follow a dark or a light theme.
MARK_STYLES = {"must": "$success bold", "maybe": "$warning bold", "suggested": "$accent"}
PROBLEM_STYLES = {"overlap": "$error bold", "unreachable": "$error bold", "tight": "$warning bold"}


def session_line(session: Session, mark: Mark | None) -> Content:
    """``✓✗ 11:00–11:30 Title  B406b-407 (B, L4)``, and a line per conflict with its minutes."""
    mark = mark or Mark(NONE)
    style = MARK_STYLES.get(mark.priority or ("suggested" if mark.suggested else ""), "$text-muted")
    parts: list[str | tuple[str, str]] = [
        (mark.symbol, style),
        (mark.label[1:], PROBLEM_STYLES.get(mark.worst or "", "")),
        f" {session.start:%H:%M}–{session.end:%H:%M} ",
        (session.title, "bold" if mark.priority else ""),
        (f"  {session.location.short}", "$text-muted"),
    ]
    if mark.suggested:
        parts.append((" (suggested)", "$accent italic"))
    return Content.assemble(*parts)


def problem_line(problem: str, mark: Mark) -> Content:
    return Content.assemble(("      " + problem, PROBLEM_STYLES.get(mark.worst or "", "")))


def slot_heading(slot: SlotView) -> Content:
    """``11:00–11:30 · 12 sessions · nothing picked: suggest ☆ Title``."""
    count = len(slot.sessions)
    parts: list[str | tuple[str, str]] = [
        (f"{slot.start:%H:%M}–{slot.end:%H:%M}", "bold $primary"),
        (f"  {count} session{'s' if count != 1 else ''}", "$text-muted"),
    ]
    if not slot.picked:
        parts.append(("  · nothing picked", "$text-muted"))
        if slot.suggestion is not None:
            parts.append((f"; suggest {SUGGESTED} {slot.suggestion.title}", "$accent italic"))
    return Content.assemble(*parts)


@dataclass
class Row:
    """One line of the list: a slot heading, a session, or a conflict under its session.

    Its text is made when it is first drawn: filling the list stays cheap for 10,000 rows.
    """

    build: Callable[[], Content]
    session_id: str | None = None
    selectable: bool = False
    _content: Content | None = field(default=None, repr=False)

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = self.build()
        return self._content

    @property
    def plain(self) -> str:
        return self.content.plain


class SessionList(ScrollView, can_focus=True):
    """Sessions of the day by slot; :attr:`current_id` is the highlighted session."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"session-list--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("home", "edge(-1)", show=False),
        Binding("end", "edge(1)", show=False),
    ]

    cursor: reactive[int] = reactive(-1, always_update=True)

    class Highlighted(Message):
        """The highlight moved to another session (or to none)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []

    def show(self, slots: Sequence[SlotView], marks: Mapping[str, Mark], keep: str | None = None) -> None:
        """Fill the list, keeping the highlight on ``keep`` (a session ID) if it is still shown."""
        keep = keep or self.current_id
        rows: list[Row] = []
        for slot in slots:
            rows.append(Row(partial(slot_heading, slot)))
            for session in slot.sessions:
                mark = marks.get(session.id)
                rows.append(Row(partial(session_line, session, mark), session.id, True))
                if mark is not None:
                    rows.extend(Row(partial(problem_line, p, mark), session.id) for p in mark.problems)
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        self.refresh()
        if keep is None or not self.highlight(keep):
            self.highlight_first()
        # Again once the new length is laid out: a scroll is clamped to the old (a filtered list's) length.
        self.call_after_refresh(self._keep_cursor_visible)

    def _keep_cursor_visible(self) -> None:
        if 0 <= self.cursor < len(self.rows):
            self._keep_visible(self.cursor)

    def index_of(self, session_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.selectable and r.session_id == session_id), None)

    def highlight(self, session_id: str) -> bool:
        """Move the highlight to ``session_id``; False if it is not in the list."""
        index = self.index_of(session_id)
        if index is None:
            return False
        self.cursor = index
        return True

    def highlight_first(self) -> None:
        """Move the highlight to the first session (not a slot heading)."""
        self.cursor = self._selectable(0, 1)

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].session_id
        return None

    def _selectable(self, start: int, step: int) -> int:
        """The first session row from ``start`` going ``step`` (-1 when there is none)."""
        index = start
        while 0 <= index < len(self.rows):
            if self.rows[index].selectable:
                return index
            index += step
        return -1

    def _go(self, target: int, step: int) -> None:
        target = min(max(target, 0), len(self.rows) - 1)
        found = self._selectable(target, step)
        if found < 0:
            found = self._selectable(target, -step)
        if found >= 0:
            self.cursor = found

    def action_move(self, step: int) -> None:
        self._go(self.cursor + step, step)

    def action_page(self, step: int) -> None:
        self._go(self.cursor + step * max(1, self.scrollable_content_region.height - 1), step)

    def action_edge(self, step: int) -> None:
        self._go(len(self.rows) - 1 if step > 0 else 0, -step if step > 0 else 1)

    def watch_cursor(self, old: int, new: int) -> None:
        if 0 <= new < len(self.rows):
            self._keep_visible(new)
        self.refresh()
        self.post_message(self.Highlighted())

    def _keep_visible(self, index: int) -> None:
        # The session and the conflict lines under it.
        last = index
        while (
            last + 1 < len(self.rows)
            and not self.rows[last + 1].selectable
            and self.rows[last + 1].session_id
        ):
            last += 1
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if index < top:
            self.scroll_to(y=max(0, index - 1), animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.visual_style
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, base.rich_style)
        row = self.rows[index]
        current = self.current_id
        if row.session_id is not None and row.session_id == current:
            base = base + Style.from_styles(self.get_component_styles("session-list--cursor"))
        strips = Visual.to_strips(self, row.content, width, 1, base, pad=True)
        return strips[0].crop(0, width) if strips else Strip.blank(width, base.rich_style)
