"""The footer of keys, built again only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` builds its keys anew (a widget each, styled,
mounted and laid out) whenever the screen says its bindings were updated, and the screen
says so on every focus change and every mount, whatever the keys. Before the first paint
of ``planner tui`` had settled it built the same ten keys four times: about 70 ms of CPU and
a layout of the screen, a third of the first paint on a day of 700 sessions
(``bench/tui_profile.py --first-paint``). This one builds them when what it would show
(each key, its words, whether it is enabled) differs from what it shows.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> Hashable:
    """What the footer shows for the screen's bindings now: each shown binding, whether it is
    enabled and its tooltip (all that :meth:`Footer.compose` reads from them)."""
    return tuple(
        (binding, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class KeysFooter(Footer):
    """Textual's footer, its look and its mouse handling, built once per set of keys shown."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._built_for: Hashable | None = None

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's own conditions for building them again (no focus: not now, as it has it).
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        shown = (shown_keys(screen), self.show_command_palette)
        if shown == self._built_for:
            return
        self._built_for = shown
        super().bindings_changed(screen)
