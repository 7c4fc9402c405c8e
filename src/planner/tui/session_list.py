"""The day as a list grouped by time slot, like ``planner sessions``.

An :class:`~textual.widgets.OptionList` (it renders only the lines on screen, so a
day of thousands of sessions scrolls as fast as one of fifty). Each slot is a
heading that the cursor skips; each session a line with its marks as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..models import Session
from .board import NONE, SUGGESTED, Mark, SlotView

# Theme variables, so the colours follow a dark or a light theme.
MARK_STYLES = {"must": "$success bold", "maybe": "$warning bold", "suggested": "$accent"}
PROBLEM_STYLES = {"overlap": "$error bold", "unreachable": "$error bold", "tight": "$warning bold"}


def session_line(session: Session, mark: Mark | None) -> Content:
    """``✓✗ 11:00–11:30 B406b-407 (B, L4)  Title``, and a line per conflict with its minutes."""
    mark = mark or Mark(NONE)
    style = MARK_STYLES.get(mark.priority or ("suggested" if mark.suggested else ""), "$text-muted")
    parts: list[str | tuple[str, str]] = [
        (mark.symbol, style),
        (mark.label[1:], PROBLEM_STYLES.get(mark.worst or "", "")),
        f" {session.start:%H:%M}–{session.end:%H:%M} ",
        (f"{session.location.short:<20} ", "$text-muted"),
        (session.title, "bold" if mark.priority else ""),
    ]
    if mark.suggested:
        parts.append((" (suggested)", "$accent italic"))
    for problem in mark.problems:
        parts.append(("\n      " + problem, PROBLEM_STYLES.get(mark.worst or "", "")))
    return Content.assemble(*parts)


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


class SessionList(OptionList):
    """Sessions of the day by slot; the option IDs are the session IDs."""

    DEFAULT_CSS = """
    SessionList { height: 1fr; }
    """

    def show(self, slots: Sequence[SlotView], marks: Mapping[str, Mark], keep: str | None = None) -> None:
        """Fill the list, keeping the highlight on ``keep`` (a session ID) if it is still shown."""
        keep = keep or self.current_id
        options: list[Option] = []
        for slot in slots:
            options.append(Option(slot_heading(slot), id=f"slot:{slot.start.isoformat()}", disabled=True))
            options.extend(Option(session_line(s, marks.get(s.id)), id=s.id) for s in slot.sessions)
        self.set_options(options)
        if keep is not None and not keep.startswith("slot:"):
            try:
                self.highlighted = self.get_option_index(keep)
                return
            except OptionDoesNotExist:  # filtered out: start from the top
                pass
        self.highlight_first()

    def highlight_first(self) -> None:
        """Move the highlight to the first session (not a slot heading)."""
        for index in range(self.option_count):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
        self.highlighted = None

    @property
    def current_id(self) -> str | None:
        option = self.highlighted_option
        if option is None or option.disabled or option.id is None:
            return None
        return option.id
