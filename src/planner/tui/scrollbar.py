"""A vertical scrollbar that redraws only its rows that changed.

Textual's scrollbar repaints itself whole when its position or range changes: a page of the
list, or a session whose details are longer than the pane, drew the list's and the pane's
bars again row by row (about 70 rows a PgDn at 120x40), each through the screen's
compositor, where a page moves the thumb by a row or two. This one works out the rows the
bar shows (Textual's own drawing, :class:`~textual.scrollbar.ScrollBarRender`) and marks
only those that differ as dirty. Its look and its mouse handling are Textual's.
"""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment, Segments
from rich.style import Style
from textual.dom import NoScreen
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget

# The mouse action of the bar's rows below its thumb (Textual's own).
SCROLL_DOWN = {"@mouse.down": "scroll_down"}
# Textual's colours for a bar drawn without a style.
BACK, BAR = Color.parse("#555555"), Color.parse("bright_magenta")


class RowBarRender(ScrollBarRender):
    """Textual's drawing, but a bar with nothing to scroll is drawn as the part below a thumb.

    Textual draws it as rows with no mouse action, and the rows under a thumb with "scroll
    down": details that fit the pane and the next that do not differed on every row (the same
    colour, another action), and the whole bar was drawn again. A click on a bar with nothing
    to scroll scrolls nothing either way.
    """

    @classmethod
    def render_bar(
        cls,
        size: int = 25,
        virtual_size: float = 50,
        window_size: float = 20,
        position: float = 0,
        thickness: int = 1,
        vertical: bool = True,
        back_color: Color = BACK,
        bar_color: Color = BAR,
    ) -> Segments:
        if vertical and not (window_size and size and virtual_size and size != virtual_size):
            below = Segment(cls.BLANK_GLYPH * thickness, Style(bgcolor=back_color, meta=SCROLL_DOWN))
            return Segments([below] * int(size), new_lines=True)
        return super().render_bar(
            size, virtual_size, window_size, position, thickness, vertical, back_color, bar_color
        )


class RowScrollBar(ScrollBar):
    """A vertical :class:`~textual.scrollbar.ScrollBar` that repaints the rows that changed."""

    renderer = RowBarRender

    # repaint=False: the watchers below mark the changed rows (a reactive repaints the whole bar).
    window_virtual_size: Reactive[int] = Reactive(100, repaint=False)
    window_size: Reactive[int] = Reactive(0, repaint=False)
    position: Reactive[float] = Reactive(0, repaint=False)

    def __init__(self, *, thickness: int = 1) -> None:
        super().__init__(vertical=True, name="vertical", thickness=thickness)
        self._drawn: tuple[Segment, ...] = ()

    def rows(self) -> tuple[Segment, ...]:
        """What each row of the bar shows now (one segment a row), as Textual draws it."""
        width, height = self.size
        if not height or self.parent is None:
            return ()
        try:
            bar = self.render()
        except NoScreen:  # being removed
            return ()
        if not isinstance(bar, ScrollBarRender):
            return ()
        style = bar.style if isinstance(bar.style, Style) else Style.parse(str(bar.style))
        drawn = bar.render_bar(
            size=height,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=width,
            vertical=True,
            back_color=style.bgcolor or BACK,
            bar_color=style.color or BAR,
        )
        return tuple(drawn.segments)

    def _redraw_changed_rows(self) -> None:
        if not self.is_mounted:
            return
        drawn, rows = self._drawn, self.rows()
        self._drawn = rows
        if not rows or len(drawn) != len(rows):
            self.refresh()  # not known row by row: the whole bar, as Textual does
            return
        width = self.size.width
        changed = [y for y, (old, new) in enumerate(zip(drawn, rows, strict=True)) if old != new]
        for first, last in runs(changed):
            self.refresh(Region(0, first, width, last - first + 1))

    def watch_window_virtual_size(self) -> None:
        self._redraw_changed_rows()

    def watch_window_size(self) -> None:
        self._redraw_changed_rows()

    def watch_position(self) -> None:
        self._redraw_changed_rows()

    def _on_resize(self) -> None:
        # Textual repaints a bar whose size changed whole: what it shows is known anew.
        self._drawn = self.rows()


class RowScrolled(ScrollView):
    """A scroll view (on the line API) whose vertical scrollbar is a :class:`RowScrollBar`."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            bar = RowScrollBar(thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def set_scroll_range(self, size: Size) -> None:
        """A new virtual size, without a layout of the screen or a repaint of the whole scrollbar.

        Not through the reactive, which lays out the whole screen (virtual_size is a layout
        reactive, for widgets sized by their content), nor Textual's scroll update, which
        repaints the scrollbar whole: the widget's size never depends on its content, only its
        scroll range does, and the bar redraws the rows whose look changed.
        """
        if size == self.virtual_size:
            return
        self.set_reactive(Widget.virtual_size, size)
        self._refresh_scrollbars()  # a bar that comes or goes lays out the screen (Textual does that)
        if self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = size.height
            bar.window_size = self.container_size.height - self.scrollbar_size_horizontal
        if self.show_horizontal_scrollbar and self.styles.scrollbar_size_horizontal:
            bar = self.horizontal_scrollbar
            bar.window_virtual_size = size.width
            bar.window_size = self.container_size.width - self.scrollbar_size_vertical
            bar.refresh()
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found
