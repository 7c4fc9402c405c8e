"""Where in a hand-written YAML file a problem is: the line of a node, and a
pydantic error told as ``invalid WHAT: where: message`` with that line.

Shared by the agenda file and the team file, which are both loaded with
ruamel.yaml's round-trip mode (its nodes know their lines) and validated by
pydantic (its errors know their path in the document).

>>> from ruamel.yaml import YAML
>>> line_of(YAML().load("version: 1\\npicks:\\n  - id: a\\n  - id: b\\n"), ("picks", 1, "id"))
4
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Invalid(Protocol):
    """pydantic's ``ValidationError``, or planner's :class:`planner.frozen.Invalid`."""

    def errors(self) -> Any: ...


def line_of(document: Any, loc: tuple) -> int | None:
    """The 1-based line of the node at ``loc`` in a ruamel round-trip document.

    Where ``loc`` leaves the document (a key the file does not have), the line
    of the deepest node found; None only for a document that knows no lines.
    """
    node, line = document, None
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                position = lc.item(key) if isinstance(key, int) else lc.value(key)
                line = position[0] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    # A document made in memory (not parsed) knows no lines.
    if line is None and getattr(document, "lc", None) is not None and document.lc.line is not None:
        line = document.lc.line + 1
    return line


def validation_problem(
    exc: Invalid, document: Any, what: str, *, aliases: Mapping[str, str] | None = None
) -> tuple[str, int | None]:
    """The first error of ``exc`` as ``invalid WHAT: where: message``, and its line in ``document``.

    ``aliases`` renames fields to the keys the file uses (``{"start": "from"}``),
    both in the message and to find the line.
    """
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    if aliases:
        loc = tuple(aliases.get(p, p) if isinstance(p, str) else p for p in loc)
    where = ".".join(str(p) for p in loc)
    message = error["msg"].removeprefix("Value error, ")
    text = f"invalid {what}: {where}: {message}" if where else f"invalid {what}: {message}"
    return text, line_of(document, loc)
