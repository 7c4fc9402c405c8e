"""Optional parts of planner and how to install them.

The core install is what a person running ``planner agenda``, ``export`` and ``sync``
needs. Two features bring large or specialised libraries and are extras:

- ``team``: the exact team plan (scipy's HiGHS solver, with numpy: ~200 MB);
- ``tui``: the terminal UI (Textual).

A feature whose library is missing stops with one line that says what to run.
The line names the libraries themselves (with the tested version range, read
from planner's own package metadata), never ``<distribution>[extra]`` from the
package index, so it cannot install someone else's package of a similar name.

>>> EXTRAS["team"].modules
('numpy', 'scipy')
"""

from __future__ import annotations

import importlib.util
import re
from importlib import metadata

from .errors import PlannerError
from .frozen import frozen

# The name planner is published under: "planner" on the package index is an unrelated project.
DISTRIBUTION = "conference-planner"


@frozen(kw_only=False)
class Extra:
    name: str
    feature: str
    # The import names that must be present.
    modules: tuple[str, ...]
    # The requirements to install when planner's metadata cannot be read (a source checkout).
    fallback: tuple[str, ...]


EXTRAS = {
    "team": Extra("team", "the team plan", ("numpy", "scipy"), ("scipy>=1.15,<2",)),
    "tui": Extra("tui", "the terminal UI", ("textual",), ("textual>=8.2,<9",)),
}


class MissingExtra(PlannerError):
    """A feature's optional libraries are not installed."""


def _present(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a broken or blocked install
        return False


def requirements(extra: str) -> tuple[str, ...]:
    """The requirements of ``extra`` as planner's package metadata lists them.

    >>> requirements("tui")
    ('textual>=8.2,<9',)
    """
    marker = re.compile(rf"""extra\s*==\s*["']{re.escape(extra)}["']""")
    try:
        listed = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        listed = []
    found = tuple(_lower_bound_first(req.split(";")[0]) for req in listed if marker.search(req))
    return found or EXTRAS[extra].fallback


def _lower_bound_first(requirement: str) -> str:
    """``scipy<2,>=1.15`` as a person writes it: ``scipy>=1.15,<2``."""
    match = re.match(r"\s*([A-Za-z0-9._\[\]-]+)\s*(.*)", requirement)
    if match is None:  # not a name first: said as it is
        return requirement.strip()
    name, specifiers = match.groups()
    parts = sorted(
        (p.strip() for p in specifiers.split(",") if p.strip()), key=lambda p: not p.startswith(">")
    )
    return name + ",".join(parts)


def install_command(extra: str) -> str:
    """The command that installs what ``extra`` needs."""
    quoted = " ".join(f"'{req}'" for req in requirements(extra))
    return f"python3 -m pip install {quoted}"


def require(extra: str) -> None:
    """Raise :class:`MissingExtra` with the install command when ``extra``'s libraries are missing."""
    wanted = EXTRAS[extra]
    missing = [module for module in wanted.modules if not _present(module)]
    if missing:
        raise MissingExtra(
            f"{wanted.feature} needs {' and '.join(missing)}, which "
            f"{'are' if len(missing) > 1 else 'is'} not installed: {install_command(extra)}"
        )
