"""The examples in docstrings are part of the documentation; they must stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import planner

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(planner.__path__, prefix="planner.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
