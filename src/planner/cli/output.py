"""The one way a command prints its result: text or ``--json``, then its exit code.

A command hands over the library's result, how to say it as text, and whether
it is a finding (exit 1: conflicts, changes); :func:`output` does the rest.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..errors import PlannerError
    from ..models import Session

EXIT_FINDING = 1  # e.g. conflicts found
EXIT_INPUT = 2  # usage or input error


def report_error(exc: PlannerError) -> None:
    """``planner: error: ...`` on stderr, with the candidates and hint it carries."""
    from ..errors import LookupFailed

    click.echo(click.style("planner: error: ", fg="red", bold=True) + str(exc), err=True)
    if isinstance(exc, LookupFailed) and exc.candidates:
        from ..terminal import known_width

        click.echo(candidate_lines(exc.candidates, known_width()), err=True)
    if exc.hint:
        click.echo(click.style("hint: ", fg="yellow") + exc.hint, err=True)


def candidate_lines(sessions: Iterable[Session], width: int | None) -> str:
    """``ID  time  title`` lines for an ambiguous query's candidates, each title cut with "…"
    to fit ``width`` when it is known (the ID is what a person types next: never cut)."""
    from ..text import display_width, ellipsize
    from ..wording import span

    lines = []
    for s in sessions:
        head = f"  {s.id}  {s.start:%a} {span(s.start, s.end)}  "
        room = width - display_width(head) if width else 0
        lines.append(head + (ellipsize(s.title, room) if room > 10 else s.title))
    return "\n".join(lines)


def warn(message: object) -> None:
    """``planner: warning: ...`` on stderr: one line, wrapped (continuation indented)
    only where the terminal's width is known, as :func:`echo` wraps."""
    _echo_err(click.style("planner: warning: ", fg="yellow") + str(message))


def hint(message: str) -> None:
    _echo_err(click.style("hint: ", fg="yellow") + message)


def _echo_err(line: str) -> None:
    from ..terminal import known_width
    from ..text import wrap_line

    width = known_width()
    click.echo("\n".join(wrap_line(line, width)) if width else line, err=True)


def echo(text: str, *, err: bool = False) -> None:
    """Print ``text`` fitted to the terminal's width when it is known (a terminal, or
    $COLUMNS): a line too long is wrapped between words, its continuation indented
    under it (display cells, by wcwidth). Piped, lines stay whole for scripts.
    Warnings and hints wrap the same way; an error stays one line."""
    from ..terminal import known_width
    from ..text import wrap_text

    width = known_width()
    click.echo(wrap_text(text, width) if width else text, err=err)


def to_json(result: Any) -> Any:
    """What ``--json`` prints for ``result``: its ``to_json()``, item by item for a list."""
    if isinstance(result, list | tuple):
        return [to_json(item) for item in result]
    return result.to_json() if hasattr(result, "to_json") else result


def emit_json(data: Any) -> None:
    """Indented JSON, as ``json.dumps(data, indent=2, ensure_ascii=False)`` writes it.

    orjson writes the same bytes some 30 times faster than the standard
    library's pure-Python indenting encoder (see bench/README.md).
    """
    import orjson

    # Bytes go to the binary stream as they are: decoding 10 MB only to encode it again costs.
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def output(
    result: Any,
    as_json: bool,
    text: Callable[[Any], str | None],
    *,
    data: Callable[[Any], Any] = to_json,
    finding: bool = False,
    empty: str | None = None,
) -> None:
    """Print ``result`` as JSON (``data(result)``) or as ``text(result)``, then
    exit 1 if it is a ``finding``. ``text`` may return None to print nothing;
    an empty ``result`` is said as ``empty`` on stderr, if given, instead of ``text``."""
    if as_json:
        # The JSON of 10,000 sessions is some 60,000 dicts and lists, none in a cycle: the collector
        # would walk them, and the schedule's, again and again as they are made.
        collecting = gc.isenabled()
        gc.disable()
        try:
            emit_json(data(result))
        finally:
            if collecting:
                gc.enable()
    elif empty is not None and not result:
        click.echo(empty, err=True)
    else:
        said = text(result)
        if said is not None:
            echo(said)
    if finding:
        raise click.exceptions.Exit(EXIT_FINDING)


def with_walking_note(text: str | None, venue: Any) -> str | None:
    """``text``, then once (not per line) a note that its walking times are
    planner's default estimates, when the venue is one planner does not know."""
    from ..venue_infer import walking_caveat

    caveat = walking_caveat(venue)
    if text is None or not caveat:
        return text
    return f"{text}\n{click.style(f'note: {caveat}', dim=True)}"
