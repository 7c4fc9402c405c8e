"""Planning the day for you: ``suggest``, ``alternatives``, ``gaps``, ``next``."""

from __future__ import annotations

import click

from .app import cli
from .options import (
    AT_WITH_DAY,
    Workspace,
    agenda_options,
    buffer_option,
    complete_session_id,
    day_option,
    json_option,
    lunch_option,
    preference_options,
)
from .output import output, warn, with_walking_note

# What --prefer-live adds for a talk the schedule says will not be recorded: as much as a weight-2 track.
LIVE_POINTS = 2


@cli.command()
@click.option(
    "--must",
    "musts",
    multiple=True,
    metavar="QUERY",
    shell_complete=complete_session_id,
    help="A session the day must keep (ID, prefix or title words; repeatable).",
)
@lunch_option
@click.option("--no-fill", is_flag=True, help="Leave slots where nothing matches free.")
@click.option("--save", is_flag=True, help="Write the suggested picks into the agenda, as musts.")
@click.option(
    "--prefer-live",
    is_flag=True,
    help=f"Weigh talks the schedule says will not be recorded above those that will (+{LIVE_POINTS}).",
)
@day_option
@preference_options
@json_option
@buffer_option
@agenda_options
def suggest(
    workspace: Workspace,
    preferences,
    musts: tuple[str, ...],
    lunch,
    no_fill: bool,
    save: bool,
    prefer_live: bool,
    day,
    as_json: bool,
) -> None:
    """Plan the day for you: the highest-scoring agenda with no conflict of any kind.

    Interests score in the title (x3), the speakers (x2) and the description
    (x1); tracks and liked speakers add their weight. Your must picks (and --must)
    are kept, your maybe picks compete like any session, drop-ins are left out
    unless asked for. Each pick says why it scored. See the README for the rules.
    With --prefer-live, a talk the schedule says will not be recorded scores +2
    (one it says nothing of is neither; recorded ones can be watched later).

    \b
    Examples:
      planner suggest --interest "gitops:3, security:2, ebpf" --track "MAINTAINER TRACK:1" \\
                      --like-speaker "Stefan Prodan:5" --must keda --avoid "SOLUTIONS SHOWCASE"
      planner suggest --interest ebpf --lunch 12:15-13:00 --save
      planner suggest --interest gitops --json
      planner suggest --interest security --prefer-live   # go to what will not be on video
    """
    from ..terminal.render_suggest import suggestion_text

    planner = workspace.open()
    wanted = preferences.but(
        musts=musts, lunch=lunch, fill=not no_fill, prefer_live=LIVE_POINTS if prefer_live else None
    )
    suggestion = planner.suggest(wanted, workspace.day(planner, day))
    for notice in suggestion.notices:
        warn(notice)
    saved = planner.pick(suggestion.new_ids) if save and suggestion.new_ids else None
    output(
        suggestion,
        as_json,
        lambda s: with_walking_note(
            suggestion_text(
                s,
                [] if save and saved is None else saved,
                planner.file.label,
                show_days=len(planner.schedule.days) > 1,
            ),
            planner.venue,
        ),
    )


@cli.command()
@click.argument("when", metavar="TIME")
@click.option("--limit", type=click.IntRange(0), default=5, show_default=True, help="How many (0: all).")
@day_option
@preference_options
@json_option
@buffer_option
@agenda_options
def alternatives(workspace: Workspace, preferences, when: str, limit: int, day, as_json: bool) -> None:
    """What else fits at TIME instead of your must picks there, best first.

    An alternative is running at TIME, reachable from your pick before it and
    to your pick after it with the buffer to spare. TIME may also be a session
    (its start is used). Ranked by the scoring of suggest, then by the words it
    shares with your picks.

    \b
    Examples:
      planner alternatives 11:45
      planner alternatives 13:45 --interest "gitops:3, ebpf" --json
    """
    from ..terminal.render_suggest import alternatives_text

    planner = workspace.open()
    found = planner.alternatives(when, preferences, workspace.day(planner, day), limit or None)
    output(found, as_json, alternatives_text)


@cli.command()
@lunch_option
@click.option(
    "--min",
    "min_minutes",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="Leave out windows with less free time (minutes).",
)
@click.option(
    "--limit", type=click.IntRange(0), default=5, show_default=True, help="Sessions per window (0: all)."
)
@day_option
@preference_options
@json_option
@buffer_option
@agenda_options
def gaps(workspace: Workspace, preferences, lunch, min_minutes: int, limit: int, day, as_json: bool) -> None:
    """Free windows in your day, and the sessions that fit each one whole.

    A window's free time is what is left after the walk from the pick before
    to the pick after. Sessions that fit are reachable from both, and ranked by
    the scoring of suggest, then by the words they share with your picks.

    \b
    Examples:
      planner gaps
      planner gaps --lunch 12:15-13:00 --interest "ebpf:2, security" --json
    """
    from ..terminal.render_suggest import gaps_text

    planner = workspace.open()
    found = planner.gaps(
        preferences.but(lunch=lunch), workspace.day(planner, day), min_minutes, limit or None
    )
    output(found, as_json, gaps_text)


@cli.command("next")
@click.option(
    "--at", "at", metavar="TIME", help=f"The moment to look at (11:15, 2pm{AT_WITH_DAY}) [default: now]."
)
@day_option
@json_option
@agenda_options
def next_command(workspace: Workspace, at: str | None, day, as_json: bool) -> None:
    """Where your agenda has you now, where to go next, and when to leave.

    \b
    Examples:
      planner next
      planner next --at 13:40 --json
    """
    from ..terminal.render_suggest import next_text

    planner = workspace.open()
    output(planner.whats_next(at, workspace.day(planner, day)), as_json, next_text)
