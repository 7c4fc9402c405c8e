"""planner: pick conference sessions, see conflicts and walks, export to your calendar.

The library is the product; the ``planner`` command is a thin layer on top::

    from planner import load_schedule
    schedule = load_schedule()              # the bundled KubeCon NA 2025 Thursday
    for session in schedule.sessions[:3]:
        print(session.start, session.title)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# Public names and the module that defines each; imported on first use so that
# `planner --help` does not pay for pydantic, icalendar and friends.
_EXPORTS = {
    "load_schedule": "planner.readers",
    "Schedule": "planner.models",
    "Session": "planner.models",
    "Speaker": "planner.models",
    "Location": "planner.models",
    "SessionFilter": "planner.query",
    "PlannerError": "planner.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
