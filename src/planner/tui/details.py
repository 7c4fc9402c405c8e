"""The side pane: everything about the highlighted session, and the walks to it."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from ..models import Session
from ..wording import move_words
from .board import MAYBE, MUST, SUGGESTED, Mark, Neighbour
from .scrollbar import RowScrolled, runs


def details(
    session: Session, mark: Mark | None, before: Neighbour | None, after: Neighbour | None
) -> Content:
    """The details as text: title, pick state, time, place, people, track, problems, walks, description."""
    loc = session.location
    lines: list[Content] = [Content.styled(session.title, "bold")]
    state = "not picked"
    if mark is not None and mark.priority == "must":
        state = f"{MUST} must pick"
    elif mark is not None and mark.priority == "maybe":
        state = f"{MAYBE} maybe (a backup)"
    elif mark is not None and mark.suggested:
        state = f"{SUGGESTED} suggested for this slot"
    lines.append(Content.assemble((state, "$accent"), (f"  [{session.id}]", "$text-muted")))
    lines.append(Content(""))

    def row(label: str, value: str | None) -> None:
        if value:
            lines.append(Content.assemble((f"{label:<9}", "$text-muted"), value))

    row("When", f"{session.start:%a %d %b %H:%M}–{session.end:%H:%M} ({round(session.minutes)} min)")
    row("Room", loc.place)
    row("Building", loc.building)
    row("Level", loc.level)
    row("Speakers", "; ".join(str(p) for p in session.speakers) or None)
    row("Track", session.track or session.type)
    if session.url:
        # The model keeps only http(s) links; the text is the address itself, so it is what opens.
        lines.append(
            Content.assemble((f"{'Page':<9}", "$text-muted"), (session.url, Style(link=session.url)))
        )
    for problem in mark.problems if mark else ():
        lines.append(Content.styled(problem, "$error bold" if problem[0] != "!" else "$warning bold"))
    lines.append(Content(""))
    if before is not None:
        row("From", f"{before.session.title} ({before.session.location.short})")
        row("", move_words(before.walk.minutes, before.gap_minutes))
    else:
        row("From", "no must pick before")
    if after is not None:
        row("To", f"{after.session.title} ({after.session.location.short})")
        row("", move_words(after.walk.minutes, after.gap_minutes))
    else:
        row("To", "no must pick after")
    if session.description:
        lines.append(Content(""))
        lines.append(Content(session.description))
    return Content("\n").join(lines)


# Paragraphs kept wrapped (a few lines each): a day's worth, dropped all at once past it.
PARAGRAPHS_KEPT = 5_000


class DetailsPane(RowScrolled):
    """A scrolling pane holding the details of one session.

    On the line API, as the list: a new session's details are drawn without a layout of the
    whole screen (a Static of changing height made every Down key cost a relayout). Each
    paragraph (a line of :func:`details`) is wrapped once and kept by what it says, so the
    lines two sessions share (the labels, the walks, the blank lines) are not wrapped again,
    and a key redraws only the pane's rows whose line changed.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.content: Content = Content("Nothing highlighted.")
        self._lines: list[Strip] = []
        self._width = 0
        # Each paragraph's lines as drawn, by (text, styles); for the width and style of _kept_for.
        self._kept: dict[tuple, list[Strip]] = {}
        self._kept_for: tuple | None = None
        self._blank: Strip | None = None

    @property
    def text(self) -> str:
        """What the pane shows, as plain text."""
        return self.content.plain

    def show(self, content: Content | str) -> None:
        self.content = content if isinstance(content, Content) else Content(content)
        shown = self._lines
        if not self._wrap(again=True):
            self._width = 0  # not laid out (or hidden): wrapped when next drawn
            return
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.refresh()
            return
        # Only the rows whose line changed: a run of them at a time.
        height = self.scrollable_content_region.height
        blank = self._blank_line()
        changed = [
            y
            for y in range(height)
            if (shown[y] if y < len(shown) else blank) != (self._lines[y] if y < len(self._lines) else blank)
        ]
        for first, last in runs(changed):
            self.refresh_lines(first, last - first + 1)

    def _wrap(self, again: bool = False) -> bool:
        """Wrap the content to the pane's width (again: even at the same width); False before
        the pane has a width."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return False
        if width == self._width and not again:
            return True
        self._width = width
        style = self.visual_style
        if self._kept_for != (width, style) or len(self._kept) > PARAGRAPHS_KEPT:
            self._kept_for = (width, style)
            self._kept.clear()
            self._blank = None
        lines: list[Strip] = []
        for paragraph in self.content.split("\n", allow_blank=True):
            key = (paragraph.plain, tuple(paragraph.spans))
            strips = self._kept.get(key)
            if strips is None:
                strips = Visual.to_strips(self, paragraph, width, None, style, pad=True)
                self._kept[key] = strips
            lines.extend(strips)
        self._lines = lines
        # At least the pane's height: details that fit leave the scroll range as it was, and so the
        # scrollbar, which a new range draws again whole.
        # (Its scrollbar is always shown, planner.tcss: one that came and went laid out the screen.)
        self.set_scroll_range(Size(width, max(len(lines), self.scrollable_content_region.height)))
        return True

    def _blank_line(self) -> Strip:
        if self._blank is None:
            self._blank = Strip.blank(self._width, self.visual_style.rich_style)
        return self._blank

    def on_resize(self) -> None:
        self._wrap(again=True)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._width = 0  # a theme change: wrapped again, in the new colours

    def render_line(self, y: int) -> Strip:
        if not self._width:
            self._wrap()
        index = self.scroll_offset.y + y
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return self._blank_line()
