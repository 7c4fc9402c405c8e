"""``planner open URL``: follow a conference by its web address.

Thin: options in, one library call (:func:`planner.discover.open_conference`), output.
"""

from __future__ import annotations

import functools

import click

from .app import cli
from .options import json_option
from .output import output, warn


@cli.command("open")
@click.argument("url")
@click.option(
    "--agenda",
    "-a",
    "agenda_path",
    metavar="FILE",
    help="Agenda file to write [env PLANNER_AGENDA; default ./agenda.yaml].",
)
@click.option(
    "--tz", metavar="ZONE", help="Time zone of the schedule's times (IANA name); kept in the agenda."
)
@json_option
def open_command(url: str, agenda_path: str | None, tz: str | None, as_json: bool) -> None:
    """Find the schedule a conference publishes from its web address (a pretalx
    event page, a Sched site, a page embedding Sessionize, an Indico event, a frab
    conference), say what was found, and write an agenda that follows it.

    \b
    Examples:
      planner open https://pretalx.com/democon/
      planner open https://kccnceu2026.sched.com/ -a kubecon.yaml
      planner open https://indico.cern.ch/event/304944/ --tz Asia/Tokyo
    """
    from ..cache import Cache
    from ..discover import open_conference
    from ..readers import load_schedule

    # Candidates are read through the cache, so the agenda's next command revalidates the export.
    opened = open_conference(
        url, agenda_path, load=functools.partial(load_schedule, cache=Cache.default()), tz=tz
    )
    for warning in opened.found.schedule.warnings:
        if warning.notice:
            warn(warning)

    def text(done) -> str:
        verb = "wrote" if done.created else "kept"
        follow = f"{verb} {done.agenda}, which follows it (next: planner pick TITLE -a {done.agenda})"
        return f"{done.found.describe()}\n{follow}"

    def data(done) -> dict:
        from ..fetch import public_url  # here: `planner --help` need not load the fetcher

        return {
            "url": public_url(done.found.url),
            "platform": done.found.platform,
            "how": done.found.how,
            "sessions": len(done.found.schedule),
            "timezone": done.found.schedule.timezone,
            "name": done.found.schedule.name,
            "agenda": str(done.agenda),
            "created": done.created,
            "tried": done.found.tried,
        }

    output(opened, as_json, text, data=data)
