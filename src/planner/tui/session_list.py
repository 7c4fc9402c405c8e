"""The day as a list grouped by time slot, like ``planner sessions``.

A scroll view on Textual's line API: it renders only the lines on screen, one
line a row, so a day of 10,000 sessions opens and scrolls as fast as one of fifty
(an OptionList or a DataTable measures every row first: seconds for 10,000).
Each slot is a heading that the cursor skips; each session a line with its
marks as text, and a line under it for each conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from ..models import Session
from .board import CONFLICT, MAYBE, MUST, NONE, SUGGESTED, TIGHT, Mark, SlotView
from .scrollbar import RowScrolled

# Theme variables, so the colours follow a dark or a light theme.
MARK_STYLES = {"must": "$success bold", "maybe": "$warning bold", "suggested": "$accent"}
PROBLEM_STYLES = {"overlap": "$error bold", "unreachable": "$error bold", "tight": "$warning bold"}

# Lines kept drawn (about 1 KB each): a few days' worth, dropped all at once past it.
STRIPS_KEPT = 20_000


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


# The characters other than ASCII that the list's own words use (marks, the dash of a time,
# the slot's dot), those one cell wide: a line of these and printable ASCII has a cell a character.
ONE_CELL = {
    ord(c): None for c in (MUST, MAYBE, SUGGESTED, CONFLICT, TIGHT, NONE, "–", "…") if cell_len(c) == 1
}


def cut_to(content: Content, width: int) -> Content:
    """The line cut to ``width`` cells with an ellipsis, as ``text-overflow: ellipsis`` cuts it.

    Textual measures each character's cells (grapheme by grapheme) to cut a line: about a
    third of drawing a list row, and most titles are longer than the list. A line whose
    characters are each one cell (printable ASCII and the list's own marks) is cut here to
    the same text and styles; any other line is left for Textual to cut.
    """
    plain = content.plain
    if width < 1 or len(plain) <= width:
        return content
    rest = plain.translate(ONE_CELL)
    if not (rest.isascii() and rest.isprintable()):
        return content
    cut = content[:width]  # the styles as far as the ellipsis, which takes the last cell's
    return Content(plain[: width - 1] + "…", list(cut.spans), width, strip_control_codes=False)


@dataclass
class Row:
    """One line of the list: a slot heading, a session, or a conflict under its session.

    Its text is made when it is first drawn: filling the list stays cheap for 10,000 rows.
    ``key`` says what the line shows: two rows of one key draw the same line.
    """

    build: Callable[[], Content]
    key: Hashable
    session_id: str | None = None
    selectable: bool = False
    # A shorter line for a list too narrow for this one (a conflict without the other title).
    narrow: Callable[[], Content] | None = None
    _content: Content | None = field(default=None, repr=False)

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = self.build()
        return self._content

    @property
    def plain(self) -> str:
        return self.content.plain


class SessionList(RowScrolled, can_focus=True):
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

    # repaint=False: watch_cursor redraws only the rows it changes (a reactive redraws the whole list).
    cursor: reactive[int] = reactive(-1, always_update=True, repaint=False)

    class Highlighted(Message):
        """The highlight moved to another session (or to none)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        # Each row's line as drawn, by (what it shows, highlighted): a key redraws the two rows
        # whose highlight changed, or the rows scrolled in, never re-renders the text of the
        # others; a day shown again, or a search cleared, draws the lines it drew before.
        self._strips: dict[tuple[Hashable, bool], Strip] = {}
        self._strips_for: tuple | None = None
        # No line has a link: Textual's link styling (worked out again for each line drawn) is off.
        self.set_reactive(Widget.auto_links, False)

    def show(self, slots: Sequence[SlotView], marks: Mapping[str, Mark], keep: str | None = None) -> None:
        """Fill the list, keeping the highlight on ``keep`` (a session ID) if it is still shown."""
        keep = keep or self.current_id
        rows: list[Row] = []
        for slot in slots:
            suggestion = slot.suggestion.id if slot.suggestion else None
            heading = ("slot", slot.start, slot.end, len(slot.sessions), slot.picked, suggestion)
            rows.append(Row(partial(slot_heading, slot), heading))
            for session in slot.sessions:
                mark = marks.get(session.id)
                rows.append(Row(partial(session_line, session, mark), (session.id, mark), session.id, True))
                if mark is not None:
                    rows.extend(
                        Row(
                            partial(problem_line, p, mark),
                            (session.id, mark, index),
                            session.id,
                            narrow=partial(problem_line, brief, mark),
                        )
                        for index, (p, brief) in enumerate(zip(mark.problems, mark.briefs, strict=True))
                    )
        self.rows = rows
        if len(self._strips) > STRIPS_KEPT:
            self._strips.clear()
        self._set_length()
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
        top = self.scroll_offset.y
        if 0 <= new < len(self.rows):
            self._keep_visible(new)
        if self.scroll_offset.y != top:
            self.refresh()  # scrolled: every line on screen is another row
        else:
            # Only the rows whose highlight changed: the old session's and the new one's.
            for index in {old, new}:
                first, last = self._session_rows(index)
                if first <= last:
                    self.refresh_lines(first, last - first + 1)
        self.post_message(self.Highlighted())

    def _session_rows(self, index: int) -> tuple[int, int]:
        """The rows drawn highlighted with row ``index``: its session's line and conflict lines."""
        if not 0 <= index < len(self.rows) or self.rows[index].session_id is None:
            return 0, -1
        session_id = self.rows[index].session_id
        first = last = index
        while first > 0 and self.rows[first - 1].session_id == session_id:
            first -= 1
        while last + 1 < len(self.rows) and self.rows[last + 1].session_id == session_id:
            last += 1
        return first, last

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

    def _set_length(self) -> None:
        # Not through the reactive, which laid out the whole screen on each typed letter.
        self.set_scroll_range(Size(self.size.width, len(self.rows)))

    def on_resize(self) -> None:
        self._set_length()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips_for = None  # a theme or focus change: lines are drawn again

    def _drawing_with(self) -> tuple[int, Style, Style]:
        """The width, the style and the highlight's style the rows are drawn with now."""
        width = self.scrollable_content_region.width
        base = self.visual_style
        cursor = Style.from_styles(self.get_component_styles("session-list--cursor"))
        if self._strips_for != (width, base, cursor):
            self._strips_for = (width, base, cursor)
            self._strips.clear()
        return width, base, cursor

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once a pass, not once a line (a scrolled list draws every row).
        self._drawing_with()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width, base, cursor = self._strips_for or self._drawing_with()
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, base.rich_style)
        row = self.rows[index]
        current = self.current_id
        highlighted = row.session_id is not None and row.session_id == current
        strip = self._strips.get((row.key, highlighted))
        if strip is None:
            style = base + cursor if highlighted else base
            content = row.content
            if row.narrow is not None and content.cell_length > width:
                # Cut at the end, a conflict line lost the other session's ID and the minutes.
                content = row.narrow()
            strips = Visual.to_strips(self, cut_to(content, width), width, 1, style, pad=True)
            strip = strips[0].crop(0, width) if strips else Strip.blank(width, style.rich_style)
            self._strips[(row.key, highlighted)] = strip
        return strip
