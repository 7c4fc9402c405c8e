"""The ``planner`` command: click commands over the library, nothing more.

Each command parses its options, makes one library call and hands the result
to :func:`~planner.cli.output.output`, which prints text or ``--json`` and sets
the exit code. Errors are handled in one place (:class:`~planner.cli.app.PlannerGroup`):
a :class:`~planner.errors.PlannerError` becomes ``planner: error: ...`` and exit 2.

The package::

    app.py      the group, and the one place errors become messages
    options.py  every shared option (schedule, agenda, filters, --day, --json, scoring)
    output.py   text or JSON, warnings, exit codes
    browse.py   sessions, show, walk, check
    agenda.py   pick, drop, agenda, conflicts, plan
    suggest.py  suggest, alternatives, gaps, next
    export.py   export, view (writers from the registry)
    changes.py  update, diff

Heavy modules are imported inside the commands so ``planner --help`` starts fast.
"""

from __future__ import annotations

from typing import Any

from .app import PlannerGroup, cli, main

# The command modules register their commands on `cli` when imported, which the group
# does when a command is asked for (app.COMMANDS); the helpers here are imported on
# first use, so `planner --help` builds no command's options.
_HELPERS = {
    "report_notices": "agenda",
    **dict.fromkeys(
        (
            "Workspace",
            "agenda_options",
            "agenda_options_with",
            "buffer_option",
            "build_filter",
            "complete_session_id",
            "day_option",
            "filter_options",
            "json_option",
            "load_schedule_for",
            "lunch_option",
            "preference_options",
            "schedule_options",
            "schedule_options_with",
        ),
        "options",
    ),
    **dict.fromkeys(("EXIT_FINDING", "EXIT_INPUT", "emit_json", "output", "report_error", "warn"), "output"),
}


def __getattr__(name: str) -> Any:
    module = _HELPERS.get(name)
    if module is None:
        raise AttributeError(f"module 'planner.cli' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "EXIT_FINDING",
    "EXIT_INPUT",
    "PlannerGroup",
    "Workspace",
    "agenda_options",
    "agenda_options_with",
    "buffer_option",
    "build_filter",
    "cli",
    "complete_session_id",
    "day_option",
    "emit_json",
    "filter_options",
    "json_option",
    "load_schedule_for",
    "lunch_option",
    "main",
    "output",
    "preference_options",
    "report_error",
    "report_notices",
    "schedule_options",
    "schedule_options_with",
    "warn",
]

# -- commands from other modules ---------------------------------------------------
# A feature's commands live in a module of this package (e.g. `cli/team.py`, written
# like the modules above: options in, one library call, output) and are named in
# app.COMMANDS, one line each: the module and the line `planner --help` shows.
