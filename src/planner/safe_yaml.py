"""Limits on a YAML text checked *before* it is composed or constructed.

A YAML file can be small and still expand to gigabytes (an alias bomb: nine
levels of ``&a [*a, *a, ...]`` in 345 bytes), or nest so deeply that a recursive
composer overflows the stack. :func:`check_yaml_limits` walks ruamel's event
stream, which builds nothing, and stops at the first event past a limit: too deep,
too many aliases, or too many nodes once aliases are counted as expanded.

Files planner reads by hand-edited YAML (agendas, venues, team files) need no
aliases at all; a few are allowed for people who like them.

:func:`load_yaml_file` is the one way those files come in: a regular file of
bounded size (:func:`planner.files.read_input`), UTF-8 text, these limits, then a
load in which a value no Python type can hold (``2025-13-45``, Feb 30, a
5,000-digit integer, ``!!int abc``) is an error naming its line, never a crash.
"""

from __future__ import annotations

import os
import re
from typing import Any

from .errors import PlannerError

# Far deeper than any agenda (4 levels) or venue (5) needs.
MAX_DEPTH = 64
MAX_ALIASES = 20
# Nodes with every alias expanded; a 1,000-pick agenda with its export record is ~20,000.
MAX_NODES = 200_000


_BRACKET_RUN = re.compile(rf"(?:[\[{{][ \t]*){{{MAX_DEPTH + 1}}}")


def check_yaml_limits(
    text: str,
    *,
    label: str,
    error: type[PlannerError] = PlannerError,
    max_depth: int = MAX_DEPTH,
    max_aliases: int = MAX_ALIASES,
    max_nodes: int = MAX_NODES,
    fast: bool = False,
) -> None:
    """Raise ``error`` (with the line) if ``text`` nests deeper than ``max_depth``, holds
    more than ``max_aliases`` aliases, or expands to more than ``max_nodes`` nodes.

    Syntax errors are left for the real load to report (it raises ruamel's
    ``YAMLError``, as this does when it meets one first). ``fast`` walks the events
    of the C parser (libyaml, YAML 1.1 syntax) where it is installed; it may refuse
    with a ``YAMLError`` a text that the YAML 1.2 round-trip parser takes.

    >>> check_yaml_limits("a: &x [1, 2]\\nb: *x\\n", label="ok.yaml")
    >>> check_yaml_limits("a: " + "[" * 100, label="deep.yaml")
    Traceback (most recent call last):
    ...
    planner.errors.PlannerError: deep.yaml:1: nests deeper than 64 levels; planner refuses such a file
    """
    # ruamel's scanner costs O(depth) per token for up to 1,024 characters ahead of a
    # flow collection, so a long run of brackets is refused before it is scanned.
    run = _BRACKET_RUN.search(text)
    if run:
        line = text.count("\n", 0, run.start()) + 1
        raise error(
            f"nests deeper than {MAX_DEPTH} levels; planner refuses such a file", path=label, line=line
        )

    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    # Each open collection: [its anchor, nodes counted inside it so far].
    stack: list[list] = []
    sizes: dict[str, int] = {}
    aliases = 0
    nodes = 0

    def add(count: int) -> None:
        nonlocal nodes
        nodes += count
        for frame in stack:
            frame[1] += count

    for event in (YAML(typ="safe", pure=False) if fast else YAML()).parse(text):
        at = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, AliasEvent):
            aliases += 1
            if aliases > max_aliases:
                raise error(
                    f"uses more than {max_aliases} YAML aliases (*name); planner refuses such a file",
                    path=label,
                    line=at,
                )
            add(sizes.get(event.anchor, 1))
        elif isinstance(event, CollectionStartEvent):
            add(1)
            stack.append([event.anchor, 1])
            if len(stack) > max_depth:
                raise error(
                    f"nests deeper than {max_depth} levels; planner refuses such a file",
                    path=label,
                    line=at,
                )
        elif isinstance(event, CollectionEndEvent):
            anchor, count = stack.pop()
            if anchor is not None:
                sizes[anchor] = count
        elif isinstance(event, NodeEvent):  # a scalar
            add(1)
            if event.anchor is not None:
                sizes[event.anchor] = 1
        if nodes > max_nodes:
            raise error(
                f"expands to more than {max_nodes:,} YAML nodes; planner refuses such a file",
                path=label,
                line=at,
            )


def _checked(constructor: type) -> type:
    """``constructor`` whose every node's value error (a bad date, a huge integer, a
    tag on the wrong text) becomes ruamel's ConstructorError marked at that node."""
    from ruamel.yaml.constructor import ConstructorError

    class Checked(constructor):
        def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
            try:
                return super().construct_non_recursive_object(node, tag)
            except (ValueError, OverflowError, TypeError, ArithmeticError) as exc:
                value = str(node.value)
                shown = repr(value if len(value) <= 40 else value[:40] + "…")
                # The first clause only: Python's own messages run on (int's digit limit).
                reason = str(exc).splitlines()[0].split(";")[0]
                problem = f"{shown} is not a valid {node.tag.rsplit(':', 1)[-1]}: {reason}"
                raise ConstructorError(None, None, problem, node.start_mark) from None

    return Checked


def load_yaml(
    text: str,
    *,
    label: str,
    error: type[PlannerError] = PlannerError,
    yaml: Any = None,
    hint: str | None = None,
    fast: bool = False,
    limits_checked: bool = False,
) -> Any:
    """``text`` loaded by ``yaml`` (default: ruamel's round-trip loader) after
    :func:`check_yaml_limits`; any YAML problem is ``error`` with its line. ``fast``
    checks the limits with the C parser: for planner's own files, whose wording never shows.
    ``limits_checked``: the caller has checked this very text already (not checked again).

    >>> load_yaml("when: 2025-13-45\\n", label="a.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    planner.errors.PlannerError: a.yaml:1: not valid YAML: '2025-13-45' is not a valid timestamp: ...
    """
    from ruamel.yaml import YAML, YAMLError

    if yaml is None:
        yaml = YAML()
    yaml.Constructor = _checked(yaml.Constructor)
    try:
        if not limits_checked:
            check_yaml_limits(text, label=label, error=error, fast=fast)
        return yaml.load(text)
    except YAMLError as exc:
        # Where the broken construct began reads better than where parsing gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        context = getattr(exc, "context", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if context:
            problem = f"{context}: {problem}"
        raise error(
            f"not valid YAML: {problem}", path=label, line=mark.line + 1 if mark else None, hint=hint
        ) from None
    except RecursionError:
        raise error("nests too deeply; planner refuses such a file", path=label, hint=hint) from None


def load_yaml_file(
    path: str | os.PathLike,
    *,
    what: str,
    limit: int,
    label: str | None = None,
    error: type[PlannerError] = PlannerError,
    yaml: Any = None,
    hint: str | None = None,
    fast: bool = False,
) -> Any:
    """The YAML document in the regular file ``path`` (at most ``limit`` bytes), or
    ``error`` with one line: the one safe way agendas, venues and team files are read.

    >>> load_yaml_file("/dev/zero", what="team file", limit=1024)
    Traceback (most recent call last):
    ...
    planner.errors.PlannerError: /dev/zero: is a device, not a team file (planner reads regular files)
    """
    from .files import read_text_input

    label = label if label is not None else str(path)
    text = read_text_input(path, what=what, limit=limit, label=label, error=error)
    return load_yaml(text, label=label, error=error, yaml=yaml, hint=hint, fast=fast)
