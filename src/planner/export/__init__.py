"""Agenda writers: one class per output format, behind one registry.

Like pretalx's exporters, a writer declares ``name`` (what ``--format`` takes),
``extension``, ``content_type`` and ``verbose_name``, the options it takes
(``option_specs``, read into its own ``Options`` dataclass), and has one
method, ``render(request) -> str`` (or ``build`` for a :class:`Rendered` with
counts), plus ``report`` for the line the command prints. Adding a format is
adding a module to :mod:`.writers` with one ``@register``-ed class: the CLI's
``--format`` choices, its options and its report all come from the registry.
Nothing here imports click.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..errors import PlannerError
from .base import (
    MUST_ONLY,
    WRITERS,
    ExportRequest,
    OptionSpec,
    Rendered,
    Writer,
    WriterOptions,
    calendar_name,
    parse_moment,
    register,
)

__all__ = [
    "MUST_ONLY",
    "WRITERS",
    "ExportRequest",
    "OptionSpec",
    "Rendered",
    "Writer",
    "WriterOptions",
    "calendar_name",
    "get_writer",
    "parse_moment",
    "register",
    "writer_classes",
]


def _load_builtin_writers() -> None:
    """Import every module of :mod:`.writers`, for its ``@register`` side effect."""
    from . import writers

    for module in pkgutil.iter_modules(writers.__path__):
        importlib.import_module(f"{writers.__name__}.{module.name}")


def writer_classes(subject: str = "agenda") -> dict[str, type[Writer]]:
    """Every writer of ``subject`` ("agenda": ``planner export``; "team": ``planner team
    export``) by name, in the order ``--format`` lists them (ics first: the default)."""
    _load_builtin_writers()
    mine = {name: cls for name, cls in WRITERS.items() if cls.subject == subject}
    return dict(sorted(mine.items(), key=lambda item: (item[0] not in ("ics", "team-ics"), item[0])))


def get_writer(name: str) -> Writer:
    _load_builtin_writers()
    try:
        return WRITERS[name]()
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise PlannerError(f"unknown export format {name!r} (known: {known})") from None
