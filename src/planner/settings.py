"""What planner takes from the environment, read in this one place.

The facade (:class:`planner.planning.Planner`) and the CLI both ask
:func:`from_environment`; nothing else reads ``os.environ``. It is read at each
call, not at import, so a test (or a long-lived program) sees the current value.

>>> from_environment({"PLANNER_AGENDA": "team.yaml", "NO_COLOR": ""}).agenda
'team.yaml'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

AGENDA = "PLANNER_AGENDA"
SCHEDULE = "PLANNER_SCHEDULE"
VENUE = "PLANNER_VENUE"
DEBUG = "PLANNER_DEBUG"
CACHE = "PLANNER_CACHE_DIR"
# https://no-color.org: any non-empty value turns colour off.
NO_COLOR = "NO_COLOR"


@dataclass(frozen=True)
class Settings:
    """The environment's say: files to use when none is given, and how to report."""

    agenda: str | None = None
    schedule: str | None = None
    venue: str | None = None
    # Where fetched schedules and the city index are kept (default: the user cache folder).
    cache: str | None = None
    debug: bool = False
    no_color: bool = False


def from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in ``environ`` (default: the process environment); empty means unset."""
    env = os.environ if environ is None else environ
    return Settings(
        agenda=env.get(AGENDA) or None,
        schedule=env.get(SCHEDULE) or None,
        venue=env.get(VENUE) or None,
        cache=env.get(CACHE) or None,
        debug=bool(env.get(DEBUG)),
        no_color=bool(env.get(NO_COLOR)),
    )


def cache_folder() -> Path:
    """``$PLANNER_CACHE_DIR``, else the user's cache folder for planner (platformdirs)."""
    base = from_environment().cache
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("planner", appauthor=False)
    return Path(base)
