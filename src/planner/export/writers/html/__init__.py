"""The day view: one self-contained HTML page with the agenda as a timeline.

Each pick is a block on a vertical time axis, sized to its duration; picks that
overlap stand side by side; between consecutive picks, a marker gives the walk
and the free time; ``--with-alternatives`` adds the other sessions of each
slot, faded, in a column per building. The page has no script and loads
nothing; its print stylesheet puts each day on one A4 or Letter page.

Where things go is decided in Python (:mod:`.geometry`: :func:`place_blocks`,
:func:`stack_labels`, :func:`fit_text`), what is drawn in :mod:`.view` (with
the words of :mod:`planner.wording`), and the Jinja2 template of :mod:`.page`
only draws the boxes it is given, escaping every text of the schedule.
:func:`planner.export.service.html_for` and ``write_view`` give the page as a
string or a file to library users.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from typing import Any

from ....errors import PlannerError
from ....frozen import frozen
from ....wording import count, walk_words
from ...base import MUST_ONLY, ExportRequest, OptionSpec, Rendered, Writer, WriterOptions, register

# The page's parts load when a page is drawn: every `planner export` registers this writer
# (its --format and options), and an .ics export would otherwise build the day view's
# classes and template machinery for nothing.
_LAZY = {
    "BLOCK_CHROME_PX": "geometry",
    "Box": "geometry",
    "TextFit": "geometry",
    "alternative_rows": "geometry",
    "fit_text": "geometry",
    "place_blocks": "geometry",
    "stack_labels": "geometry",
    "DayView": "view",
    "day_views": "view",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@frozen(kw_only=False)
class HtmlOptions(WriterOptions):
    """What ``planner export --format html`` and ``planner view`` take."""

    with_alternatives: bool = False


@register
class HtmlWriter(Writer):
    """The agenda as a printable day view (see the module docstring)."""

    name = "html"
    extension = ".html"
    content_type = "text/html"
    verbose_name = "HTML day view"
    Options = HtmlOptions
    option_specs = (
        MUST_ONLY,
        OptionSpec("--with-alternatives", "with_alternatives", "Show the other sessions of each slot."),
    )

    def render(self, request: ExportRequest) -> str:
        if request.day is None:
            raise PlannerError(
                "the HTML day view shows an agenda, not a list of sessions",
                hint="export the agenda (without --all), or use another format for all sessions",
            )
        from ....day import drop_in_types_for
        from ....venue_infer import walking_caveat
        from .page import render_page
        from .view import day_views

        day = request.day
        if request.options.must_only:
            musts = {e.pick.id for e in day.entries if e.pick.must}
            day = replace(
                day,
                entries=tuple(e for e in day.entries if e.pick.id in musts),
                conflicts=tuple(c for c in day.conflicts if set(c.ids) <= musts),
            )
        alternatives = request.options.with_alternatives
        schedule = request.schedule if alternatives else None
        caveat = walking_caveat(request.venue)
        days = day_views(day, schedule, drop_in_types_for(request.agenda), caveat=caveat)
        return render_page(request.calendar_name, days, alternatives=alternatives)

    def report(self, rendered: Rendered, path: str) -> str:
        return f"Wrote the day view ({count(rendered.events, 'pick')}) to {path}"


__all__ = [
    "BLOCK_CHROME_PX",
    "Box",
    "DayView",
    "HtmlOptions",
    "HtmlWriter",
    "TextFit",
    "alternative_rows",
    "day_views",
    "fit_text",
    "place_blocks",
    "stack_labels",
    "walk_words",
]
