"""``planner venue``: the venue file of a schedule planner does not know.

Thin: options in, one library call (:meth:`planner.planning.Planner.init_venue`), output.
"""

from __future__ import annotations

import click

from ..wording import count
from .app import cli
from .options import Workspace, agenda_options
from .output import echo, warn


@cli.group()
def venue() -> None:
    """The venue whose walking times planner uses.

    \b
    Example:
      planner venue init --schedule fosdem-2025.xml
    """


@venue.command("init")
@click.option(
    "--output", "-o", metavar="FILE", help="Where to write it [default: venue.yaml beside the agenda]."
)
@click.option("--force", is_flag=True, help="Replace a venue file that is already there.")
@agenda_options
def venue_init(workspace: Workspace, output: str | None, force: bool) -> None:
    """Write the venue planner infers from the schedule's room names as an editable
    YAML file, each figure with its reason, and point the agenda at it (``venue:``).

    \b
    Examples:
      planner venue init --schedule fosdem-2025.xml
      planner venue init -o walks.yaml --force
    """
    done = workspace.open().init_venue(output, force=force)
    buildings = len(done.venue.buildings)
    offsite = sum(b.offsite for b in done.venue.buildings.values())
    echo(
        f"Wrote {done.path} ({count(buildings, 'building')}, {count(len(done.venue.rooms), 'room')} placed"
        + (f", {offsite} off-site" if offsite else "")
        + f"); {done.agenda} now says venue: {done.reference}"
    )
    warn("every figure in it is a default estimate: correct what you know, then set estimated: false")
