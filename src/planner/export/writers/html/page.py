"""The day view's page: the Jinja2 template, given the views to draw."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from .geometry import GUTTER_PX, SHEET_WIDTH_PX
from .view import DayView

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@functools.cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template(name: str):
    """A template of ``export/templates`` (the day view's, the team view's), in the one
    environment that escapes every text and refuses an undefined name."""
    return _environment().get_template(name)


def render_page(title: str, days: Sequence[DayView], *, alternatives: bool) -> str:
    """The self-contained HTML page of ``days``; the template escapes every text."""
    from .... import __version__

    return template("day.html.j2").render(
        title=title,
        days=days,
        version=__version__,
        sheet_width=SHEET_WIDTH_PX,
        gutter=GUTTER_PX,
        alternatives=alternatives,
    )
