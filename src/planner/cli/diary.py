"""Before and after the day: ``share``, ``import``, ``later``, ``rate``, ``attended``, ``log``."""

from __future__ import annotations

from pathlib import Path

import click

from ..wording import count as plural
from .app import cli
from .options import Workspace, agenda_options, complete_session_id, day_option, json_option, moment_option
from .output import EXIT_FINDING, echo, output, warn


def _write(path: str, data: str | bytes) -> None:
    from ..files import atomic_write

    atomic_write(path, data)


@cli.command()
@click.option("--qr", is_flag=True, help="Also draw the text as a QR code in the terminal.")
@click.option(
    "-o",
    "--output",
    "output_path",
    metavar="FILE",
    help="Write the QR code to FILE (.png or .svg) instead of drawing it.",
)
@agenda_options
def share(workspace: Workspace, qr: bool, output_path: str | None) -> None:
    """Print your picks as one line to send to a friend (or as a QR code).

    The line names the schedule and the picks with must/maybe; `planner import`
    reads it back. A QR code uses error correction M (15% of it may be lost).

    \b
    Examples:
      planner share
      planner share --qr
      planner share -o picks.png
    """
    from ..sharing import qr_code, share_text

    planner = workspace.open()
    text = share_text(planner.agenda(), planner.schedule_reference_for(planner.source.reference))
    click.echo(text)
    if not (qr or output_path):
        return
    code = qr_code(text)
    about = f"QR code version {code.version}, error correction {code.error}"
    if output_path:
        kind = Path(output_path).suffix.lower().lstrip(".")
        if kind not in ("png", "svg"):
            raise click.UsageError("the QR code is written as .png or .svg")
        import io

        buffer = io.BytesIO()
        code.save(buffer, kind=kind, scale=8, border=4)
        _write(output_path, buffer.getvalue())
        click.echo(f"{about}: wrote {output_path}")
    else:
        import io

        drawn = io.StringIO()
        code.terminal(out=drawn, compact=True, border=2)
        click.echo(drawn.getvalue().rstrip("\n"))
        click.echo(about)


@cli.command("import")
@click.argument("favourites", metavar="SOURCE")
@click.option("--dry-run", is_flag=True, help="Show the matching; change nothing.")
@click.option("--maybe", is_flag=True, help="Add every imported session as a maybe.")
@agenda_options
def import_command(workspace: Workspace, favourites: str, dry_run: bool, maybe: bool) -> None:
    """Add the favourites another tool exported as picks.

    SOURCE is a file or a web address: FOSDEM Companion's exported bookmarks,
    Sched's "My Schedule" feed, pretalx's starred talks, any .ics of sessions,
    a list of session links (one a line); or the link Giggity's "Share
    selections" sends, or the text `planner share` prints. Each is matched to the
    schedule by the tool's event ID, its link or UID, or its title and start;
    what matches nothing is listed with the closest titles, never guessed, and
    the exit status is 1 (the rest are added). Favourites of another schedule
    are refused (exit 2).

    \b
    Examples:
      planner import "FOSDEM 2025 bookmarks.ics" --dry-run
      planner import "https://ggt.gaa.st/#url=...&see=..."   # from Giggity
      planner import "$(cat from-ann.txt)"   # what planner share printed
    """
    from ..sharing import NothingMatched, import_picks

    planner = workspace.open()
    try:
        result = import_picks(planner, favourites, dry_run=dry_run, maybe=maybe)
    except NothingMatched as exc:
        _list_unmatched(exc.result.unmatched, exc.result.zone)
        raise
    for note in result.notes:
        warn(note)
    added = {p.id for p in result.added}
    for match in result.matched:
        session = match.session
        if dry_run:
            state = "would pick"
        elif session.id in added:
            state = "picked"
        else:
            state = "already picked"
        echo(f"{state:>14}  {session.id}  {session.start:%a %H:%M}  {session.title}  (by {match.how})")
    _list_unmatched(result.unmatched, result.zone)
    count = len(result.matched)
    verb = "would add" if dry_run else "added"
    echo(
        f"{result.kind}: {count} of {count + len(result.unmatched)} matched; "
        f"{verb} {len(added) if not dry_run else count} to {planner.file.label}"
    )
    if result.unmatched:
        # A finding, as a conflict is: a script sees that some favourites were left out.
        raise click.exceptions.Exit(EXIT_FINDING)


def _list_unmatched(unmatched: list, zone) -> None:
    for miss in unmatched:
        warn(f"no session matches {miss.wanted.label_in(zone)!r}")
        for candidate in miss.candidates:
            line = f"{'closest':>14}  {candidate.id}  {candidate.start:%a %H:%M}  {candidate.title}"
            echo(line, err=True)


@cli.command()
@json_option
@click.option("--md", "markdown", is_flag=True, help="As Markdown.")
@click.option(
    "--ics", "ics_path", metavar="FILE", help="Write the talks as events one after another to FILE."
)
@click.option(
    "--evening", metavar="TIME", default="20:00", show_default=True, help="When the --ics events begin."
)
@click.option(
    "--recordings",
    is_flag=True,
    help="Ask media.ccc.de for the recordings of CCC-family talks (by guid; at most 20 requests).",
)
@day_option
@agenda_options
def later(
    workspace: Workspace,
    as_json: bool,
    markdown: bool,
    ics_path: str | None,
    evening: str,
    recordings: bool,
    day,
) -> None:
    """Talks to watch later: picks lost to a clash, and related talks during your musts.

    Each says whether the schedule has it recorded ("recording unknown" where
    the schedule does not say), and its recording link once known: the schedule's
    own, or with --recordings media.ccc.de's for talks of CCC events. --ics writes
    them as calendar events, one after another from --evening on --day (default:
    the first day of the schedule).

    \b
    Examples:
      planner later
      planner later --md > watch-later.md
      planner later --ics watch.ics --evening 21:00 --day 2025-11-13
      planner later --recordings --md
    """
    from ..later import later_calendar, later_markdown, watch_later

    planner = workspace.open()
    found = watch_later(planner)
    if recordings:
        from ..cache import Cache
        from ..media_ccc import with_found_recordings

        looked = with_found_recordings(found, cache=Cache.default())
        if looked.notice:
            warn(looked.notice)
        found = looked.later
    if ics_path:
        start = planner.moment(evening, day or planner.schedule.days[0])
        _write(ics_path, later_calendar(found, start, planner.schedule.name))
        click.echo(f"Wrote {plural(len(found.talks), 'talk')} from {start:%a %d %b %H:%M} to {ics_path}")
        return

    def text(found) -> str:
        if markdown:
            return later_markdown(found, planner.schedule.name).rstrip("\n")
        if not found.talks:
            return "Nothing to watch later: no pick is lost to a clash."
        lines = []
        for talk in found.talks:
            session = talk.session
            lines.append(f"{session.id}  {session.start:%a %H:%M}  {session.title}  ({talk.recording})")
            lines.append(f"       {talk.why}")
            if talk.link:
                lines.append(f"       recording: {talk.link}")
        return "\n".join(lines)

    output(found, as_json, text, data=lambda found: found.to_json())


@cli.command()
@click.argument("query", shell_complete=complete_session_id)
@click.argument("stars", type=click.IntRange(1, 5))
@click.option("--note", metavar="TEXT", help="A few words on the talk, for your trip report.")
@moment_option
@day_option
@agenda_options
def rate(workspace: Workspace, query: str, stars: int, note: str | None, at: str | None, day) -> None:
    """Rate a talk you picked, 1 to 5 stars, once it has begun (it is then marked attended).

    \b
    Example:
      planner rate keda 4 --note "great demo"
    """
    from ..diary import _stars
    from ..diary import rate as rate_pick

    planner = workspace.open()
    pick = rate_pick(planner, query, stars, review=note, now=planner.moment(at, day))
    click.echo(f"rated {pick.id} {pick.title or ''} {_stars(pick.rating)}".rstrip())


@cli.command()
@click.argument("queries", nargs=-1, shell_complete=complete_session_id)
@click.option("--missed", is_flag=True, help="Mark these as not attended instead.")
@moment_option
@day_option
@agenda_options
def attended(workspace: Workspace, queries: tuple[str, ...], missed: bool, at: str | None, day) -> None:
    """Mark talks you went to; without QUERIES, every must pick that has begun.

    A talk you went to instead of your pick is added to the agenda, marked attended.

    \b
    Examples:
      planner attended
      planner attended 8q2qm n9db0
      planner attended keda --missed
    """
    from ..diary import mark_attended

    planner = workspace.open()
    marked = mark_attended(planner, queries, attended=not missed, now=planner.moment(at, day))
    if not marked:
        click.echo("Nothing to mark: no must pick has begun that is not marked already.")
    for pick in marked:
        click.echo(f"{'missed' if missed else 'attended'}  {pick.id}  {pick.title or ''}".rstrip())


@cli.command()
@click.option("--md", "markdown", is_flag=True, help="As Markdown (the default).")
@click.option("--html", "as_html", is_flag=True, help="As a web page, in the day view's style.")
@click.option("-o", "--output", "output_path", metavar="FILE", help="Write to FILE instead of printing.")
@agenda_options
def log(workspace: Workspace, markdown: bool, as_html: bool, output_path: str | None) -> None:
    """Your trip report: the talks you attended in order, with speakers, ratings and notes.

    \b
    Examples:
      planner log --md > trip.md
      planner log --html -o trip.html
    """
    from ..diary import report_html, report_markdown, trip_report

    planner = workspace.open()
    report = trip_report(planner)
    text = report_html(report) if as_html else report_markdown(report)
    if output_path:
        _write(output_path, text)
        click.echo(f"Wrote {plural(len(report.entries), 'talk')} to {output_path}")
    else:
        click.echo(text, nl=False)
