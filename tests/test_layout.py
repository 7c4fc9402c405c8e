"""The shape of the code: no import cycles, no huge files, click only in the faces,
the environment read in one module.

The import graph is read from the source with :mod:`ast`, imports inside
functions and ``TYPE_CHECKING`` blocks included: a cycle hidden in a function
is still a cycle a reader has to hold in their head.
"""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "planner"
MAX_LINES = 500
# Where click may be imported: the command line and the terminal renderer.
CLICK_ALLOWED = ("cli", "terminal")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported_names(path: Path, name: str) -> set[str]:
    """Every module ``path`` imports (absolute names), at any depth of the file."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            found.add(stem)
            # `from . import x` and `from .pkg import module` import modules too.
            found.update(f"{stem}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = sources()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(path, name):
            # A module depends on the deepest of our modules that the import names.
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_reader_sees_function_level_imports(tmp_path):
    source = tmp_path / "planner" / "a.py"
    source.parent.mkdir()
    source.write_text("def f():\n    from .b import thing\n    import planner.c\n", encoding="utf-8")
    names = imported_names(source, "planner.a")
    assert {"planner.b", "planner.b.thing", "planner.c"} <= names


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def _describe(found: list[list[str]]) -> str:
    return "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, _describe(found)


def _too_long() -> list[str]:
    return [
        f"{name} ({lines} lines)"
        for name, path in sources().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


def _click_outside_the_faces() -> list[str]:
    found = []
    for name, path in sources().items():
        local = name.split(".")[1] if "." in name else ""
        if local.startswith(CLICK_ALLOWED):
            continue
        if any(i == "click" or i.startswith("click.") for i in imported_names(path, name)):
            found.append(name)
    return found


# The one module that reads the process environment.
ENVIRONMENT_READER = "planner.settings"
_ENVIRONMENT_NAMES = frozenset({"environ", "environb", "getenv", "getenvb"})


def _environment_readers() -> list[str]:
    """Modules that touch ``os.environ``/``os.getenv`` (or import them) outside settings."""
    found = []
    for name, path in sources().items():
        if name == ENVIRONMENT_READER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            attribute = isinstance(node, ast.Attribute) and node.attr in _ENVIRONMENT_NAMES
            imported = isinstance(node, ast.ImportFrom) and any(
                alias.name in _ENVIRONMENT_NAMES for alias in node.names
            )
            if attribute or imported:
                found.append(f"{name}:{node.lineno}")
    return found


def test_the_environment_is_read_in_one_place():
    assert not _environment_readers()


def test_the_environment_check_finds_a_reader(tmp_path, monkeypatch):
    # The check itself can fail: a module that reads os.environ is found.
    module = tmp_path / "planner" / "sneaky.py"
    module.parent.mkdir()
    module.write_text("import os\nTIMEOUT = os.environ.get('X')\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _environment_readers() == ["planner.sneaky:2"]


def test_long_files_are_a_warning_not_a_rule():
    # Files split by concern, not by line count: a long file is a place to look, said as a warning.
    for found in _too_long():
        warnings.warn(f"{found}: over {MAX_LINES} lines; split it if it holds two concerns", stacklevel=1)


def test_click_only_in_the_cli_and_the_terminal():
    assert not _click_outside_the_faces()


# The one module that writes the cache folder; settings only says where it is.
CACHE_WRITER = "planner.cache"
_CACHE_PLACES = frozenset({"cache_folder", "user_cache_dir", "user_cache_path"})


def _cache_folder_users() -> list[str]:
    """Modules outside the cache that name the cache folder: only what learns where it is
    can write there, so this keeps every write of it in planner.cache."""
    found = []
    for name, path in sources().items():
        if name in (CACHE_WRITER, ENVIRONMENT_READER):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = (isinstance(node, ast.Name) and node.id in _CACHE_PLACES) or (
                isinstance(node, ast.Attribute) and node.attr in _CACHE_PLACES
            )
            imported = isinstance(node, ast.ImportFrom) and any(a.name in _CACHE_PLACES for a in node.names)
            if named or imported:
                found.append(f"{name}:{node.lineno}")
    return found


def test_only_the_cache_module_writes_the_cache_folder():
    assert not _cache_folder_users()


def test_the_cache_check_finds_a_writer(tmp_path, monkeypatch):
    module = tmp_path / "planner" / "sneaky.py"
    module.parent.mkdir()
    module.write_text("from .settings import cache_folder\n(cache_folder() / 'x').write_text('')\n")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _cache_folder_users() == ["planner.sneaky:1", "planner.sneaky:2"]


# Writers render what they are handed (an ExportRequest); only the service that builds
# requests from a workspace may know the facade.
FACADE = "planner.planning"
WRITERS = "planner.export"
WRITER_SERVICE = "planner.export.service"


def _writers_importing_the_facade(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        name
        for name, targets in graph.items()
        if name.startswith(WRITERS) and name != WRITER_SERVICE and FACADE in targets
    )


def test_no_writer_imports_the_facade():
    assert not _writers_importing_the_facade(import_graph())


def test_the_writer_check_finds_a_writer_that_imports_the_facade():
    graph = {"planner.export.ics": {FACADE}, WRITER_SERVICE: {FACADE}, "planner.day": set()}
    assert _writers_importing_the_facade(graph) == ["planner.export.ics"]


# A format is one class: the team's calendar and day view are writers of the registry,
# and nothing else in the team package builds a calendar or a page of its own.
OUTPUT_LIBRARIES = ("icalendar", "jinja2")
TEAM = "planner.team"


def _team_modules_writing_outputs() -> list[str]:
    found = []
    for name, path in sources().items():
        if name == TEAM or name.startswith(TEAM + "."):
            used = {i.split(".")[0] for i in imported_names(path, name)} & set(OUTPUT_LIBRARIES)
            found += [f"{name}: {i}" for i in sorted(used)]
    return found


def test_the_team_outputs_are_registered_writers():
    from planner.export import writer_classes

    team = writer_classes("team")
    assert {"team-ics", "team-ics-feed", "team-html"} <= set(team)
    assert all(cls.subject == "team" and cls.__module__.startswith(WRITERS) for cls in team.values())
    # `planner export` offers the agenda's writers only.
    assert not set(team) & set(writer_classes())
    assert not _team_modules_writing_outputs()


def test_the_team_output_check_finds_a_module_that_writes_its_own(tmp_path, monkeypatch):
    module = tmp_path / "planner" / "team" / "page.py"
    module.parent.mkdir(parents=True)
    module.write_text("def page():\n    from jinja2 import Environment\n")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _team_modules_writing_outputs() == ["planner.team.page: jinja2"]
