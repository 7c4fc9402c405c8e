"""What planner takes from the environment, read in this one place.

The facade (:class:`planner.planning.Planner`), the CLI, the fetcher, CalDAV
sync and the terminal UI all ask :func:`from_environment`; nothing else reads
``os.environ`` (``tests/test_layout.py`` checks). It is read at each call, not at
import, so a test (or a long-lived program) sees the current value.

>>> from_environment({"PLANNER_AGENDA": "team.yaml", "NO_COLOR": ""}).agenda
'team.yaml'
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from .errors import PlannerError
from .frozen import frozen

AGENDA = "PLANNER_AGENDA"
SCHEDULE = "PLANNER_SCHEDULE"
VENUE = "PLANNER_VENUE"
DEBUG = "PLANNER_DEBUG"
CACHE = "PLANNER_CACHE_DIR"
# https://no-color.org: any non-empty value turns colour off.
NO_COLOR = "NO_COLOR"
FETCH_TIMEOUT = "PLANNER_FETCH_TIMEOUT"
# Where `planner later --recordings` asks media.ccc.de's API: for tests, a loopback server only.
MEDIA_CCC_API = "PLANNER_MEDIA_CCC_API"
CALDAV_USERNAME = "PLANNER_CALDAV_USERNAME"
CALDAV_PASSWORD = "PLANNER_CALDAV_PASSWORD"
# Where the netrc file is, as curl and Python's netrc module read it.
NETRC = "NETRC"
# "foreground;background" colour numbers, set by rxvt, Konsole and others.
COLORFGBG = "COLORFGBG"
# What says a web browser can be opened without taking over the terminal.
DISPLAYS = ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY")


@frozen(kw_only=False)
class Settings:
    """The environment's say: files to use when none is given, and how to report."""

    agenda: str | None = None
    schedule: str | None = None
    venue: str | None = None
    # Where fetched schedules and the city index are kept (default: the user cache folder).
    cache: str | None = None
    debug: bool = False
    no_color: bool = False
    # Seconds for connecting and for each read, as written (see fetch_timeout_seconds).
    fetch_timeout: str | None = None
    caldav_username: str | None = None
    # Kept out of the repr, so that no log or traceback of the settings shows it.
    caldav_password: str | None = field(default=None, repr=False)
    netrc: str | None = None
    media_ccc_api: str | None = None
    terminal_colours: str | None = None
    # A browser can be opened beside the terminal (a display, $BROWSER, macOS, Windows).
    has_display: bool = False

    def fetch_timeout_seconds(self) -> float | None:
        """``$PLANNER_FETCH_TIMEOUT`` as seconds, None when unset; anything but a
        positive number is an error that names the variable.

        >>> Settings(fetch_timeout="2.5").fetch_timeout_seconds()
        2.5
        >>> Settings(fetch_timeout="soon").fetch_timeout_seconds()
        Traceback (most recent call last):
        ...
        planner.errors.PlannerError: PLANNER_FETCH_TIMEOUT='soon' is not a number of seconds above 0
        """
        if not self.fetch_timeout:
            return None
        try:
            seconds = float(self.fetch_timeout)
        except ValueError:
            seconds = math.nan
        if not (math.isfinite(seconds) and seconds > 0):
            raise PlannerError(f"{FETCH_TIMEOUT}={self.fetch_timeout!r} is not a number of seconds above 0")
        return seconds

    @property
    def light_terminal(self) -> bool:
        """True when ``$COLORFGBG`` says the terminal's background is light (7 or 15)."""
        background = (self.terminal_colours or "").rsplit(";", 1)[-1]
        return background.isdigit() and int(background) in (7, 15)


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
        fetch_timeout=env.get(FETCH_TIMEOUT) or None,
        caldav_username=env.get(CALDAV_USERNAME) or None,
        caldav_password=env.get(CALDAV_PASSWORD) or None,
        netrc=env.get(NETRC) or None,
        media_ccc_api=env.get(MEDIA_CCC_API) or None,
        terminal_colours=env.get(COLORFGBG) or None,
        has_display=any(env.get(name) for name in DISPLAYS) or sys.platform in ("darwin", "win32"),
    )


def cache_folder() -> Path:
    """``$PLANNER_CACHE_DIR``, else the user's cache folder for planner (platformdirs)."""
    base = from_environment().cache
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("planner", appauthor=False)
    return Path(base)
