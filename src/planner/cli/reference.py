"""The CLI reference (``docs/cli.md``), made from the commands' own help.

The reference is never written by hand: ``python -m planner.cli.reference >
docs/cli.md`` writes it anew, and ``tests/test_docs.py`` fails when the file and
the commands disagree (as sqlite-utils keeps its CLI reference with cog).

>>> "## planner sessions" in reference()
True
"""

from __future__ import annotations

import click

from .app import cli

HEADER = (
    "# planner: command reference\n\n"
    "Every command's `--help`, as planner prints it. Made by\n"
    "`python -m planner.cli.reference > docs/cli.md`;\n"
    "a test fails when this file and the commands disagree.\n"
)


def _walk(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            sub = command.commands[name]
            if not sub.hidden:
                found.extend(_walk(sub, [*path, name]))
    return found


def _help(path: list[str], command: click.Command) -> str:
    parent: click.Context | None = None
    context: click.Context | None = None
    for info_name in path:
        if context is None:
            node: click.Command = cli
        else:
            # Every command on the path but the last is a group.
            assert isinstance(context.command, click.Group)
            node = context.command.commands[info_name]
        settings = {**node.context_settings, "terminal_width": 100, "max_content_width": 100}
        context = click.Context(node, info_name=info_name, parent=parent, **settings)
        parent = context
    assert context is not None and context.command is command
    return command.get_help(context)


def reference() -> str:
    """The whole reference, as Markdown: one section per command, its help verbatim."""
    parts = [HEADER]
    for path, command in _walk(cli.load_all(), ["planner"]):
        parts.append(f"\n## {' '.join(path)}\n\n```\n{_help(path, command).rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
