"""The shape of the code: no import cycles, long files only a warning, click only in the
faces, the environment read in one module, and each rule in one home: names imported
from the module that defines them, conflict phrases in wording.py, the overlap rule in
conflicts.py, atomic writes in files.py, no writer importing the facade.

The import graph is read from the source with :mod:`ast`, imports inside
functions and ``TYPE_CHECKING`` blocks included: a cycle hidden in a function
is still a cycle a reader has to hold in their head.
"""

from __future__ import annotations

import ast
import functools
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


def nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of the file's syntax tree (parsed once per text: the checks below read
    the same ~100 files again and again)."""
    return _nodes_of(path.read_text(encoding="utf-8"))


@functools.cache
def _nodes_of(text: str) -> tuple[ast.AST, ...]:
    return tuple(ast.walk(ast.parse(text)))


def imported_names(path: Path, name: str) -> set[str]:
    """Every module ``path`` imports (absolute names), at any depth of the file."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in nodes(path):
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
        for node in nodes(path):
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
        for node in nodes(path):
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
    graph = {"planner.export.writers.ics": {FACADE}, WRITER_SERVICE: {FACADE}, "planner.day": set()}
    assert _writers_importing_the_facade(graph) == ["planner.export.writers.ics"]


# A name is imported from the module that defines it: a module that only passes on a
# name it imported (``planning.PlanOptions`` once it moved) is a shim for old import
# paths, which a 0.x project does not keep. A package's ``__init__`` may gather its
# package's names: that is the package's API (``from planner.suggest import Preferences``).
def _top_level_names(path: Path) -> tuple[set[str], set[str]]:
    """(names ``path`` defines, names it imports and does not define), anywhere in the file."""
    defined: set[str] = set()
    imported: set[str] = set()
    for node in nodes(path):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            imported.update(a.asname or a.name.split(".")[0] for a in node.names)
    return defined, imported - defined


def _names_passed_on() -> list[str]:
    modules = sources()
    names = {name: _top_level_names(path) for name, path in modules.items()}
    found = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in nodes(path):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            if stem not in modules or modules[stem].name == "__init__.py":
                continue
            for alias in node.names:
                if f"{stem}.{alias.name}" not in modules and alias.name in names[stem][1]:
                    found.append(f"{name}:{node.lineno} takes {alias.name} from {stem}, which imports it")
    return found


def test_names_are_imported_from_the_module_that_defines_them():
    assert not _names_passed_on()


def test_the_pass_on_check_finds_a_shim(tmp_path, monkeypatch):
    package = tmp_path / "planner"
    package.mkdir()
    (package / "clock.py").write_text("def parse_clock(text):\n    return text\n", encoding="utf-8")
    (package / "query.py").write_text("from .clock import parse_clock\n", encoding="utf-8")
    (package / "cli.py").write_text("from .query import parse_clock\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", package)
    assert _names_passed_on() == ["planner.cli:1 takes parse_clock from planner.query, which imports it"]


# How planner says a conflict is composed in wording.py only: the terminal, the TUI,
# the calendar and the day view call it, so the same clash reads the same everywhere.
PHRASE_HOME = "planner.wording"
_CONFLICT_WORDS = (
    "min short",
    "min walk in a",
    "backup for ",
    "tight after",
    "tight before",
    "unreachable from",
)


def _conflict_phrases_outside_wording() -> list[str]:
    found = []
    for name, path in sources().items():
        if name == PHRASE_HOME:
            continue
        for node in nodes(path):
            if not isinstance(node, ast.JoinedStr):
                continue
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if any(w in text for w in _CONFLICT_WORDS) or ("overlaps " in text and " by " in text):
                found.append(f"{name}:{node.lineno}")
    return found


def test_only_wording_composes_conflict_phrases():
    assert not _conflict_phrases_outside_wording()


def test_the_phrase_check_finds_a_phrase(tmp_path, monkeypatch):
    module = tmp_path / "planner" / "tui.py"
    module.parent.mkdir()
    module.write_text("def f(c, t):\n    return f'overlaps {t!r} by {c.minutes} min'\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _conflict_phrases_outside_wording() == ["planner.tui:2"]


# The overlap rule is written in conflicts.py only (half-open intervals, a zero-length
# item overlapping its twin); elsewhere code calls conflicts.overlaps.
RULE_HOME = "planner.conflicts"


def _starts_before_an_end(node: ast.expr) -> bool:
    """``x.start < y.end`` or ``y.end > x.start``."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        return False
    op, left, right = node.ops[0], node.left, node.comparators[0]
    if isinstance(op, ast.Gt):
        left, right = right, left
    elif not isinstance(op, ast.Lt):
        return False
    return (
        isinstance(left, ast.Attribute)
        and left.attr == "start"
        and isinstance(right, ast.Attribute)
        and right.attr == "end"
    )


def _inline_overlaps() -> list[str]:
    """``a.start < b.end and b.start < a.end`` (in any spelling) outside conflicts.py."""
    found = []
    for name, path in sources().items():
        if name == RULE_HOME:
            continue
        for node in nodes(path):
            conjunction = isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And)
            if conjunction and sum(_starts_before_an_end(v) for v in node.values) >= 2:
                found.append(f"{name}:{node.lineno}")
    return found


def test_the_overlap_rule_is_written_once():
    assert not _inline_overlaps()


def test_the_overlap_check_finds_an_inline_rule(tmp_path, monkeypatch):
    module = tmp_path / "planner" / "board.py"
    module.parent.mkdir()
    module.write_text("def f(a, b):\n    return a.start < b.end and b.end > a.start\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _inline_overlaps() == ["planner.board:2"]


# Every atomic write goes through files.py (temporary file, fsync, rename): a store of
# its own (the cache, a vdir) calls files.replace_file rather than renaming itself.
ATOMIC_HOME = "planner.files"
_RENAMES = frozenset({"replace", "rename", "renames"})


def _renames_outside_files() -> list[str]:
    found = []
    for name, path in sources().items():
        if name == ATOMIC_HOME:
            continue
        for node in nodes(path):
            call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            of_os = call and isinstance(node.func.value, ast.Name) and node.func.value.id == "os"
            if of_os and node.func.attr in _RENAMES:
                found.append(f"{name}:{node.lineno}")
            if call and node.func.attr == "NamedTemporaryFile":
                found.append(f"{name}:{node.lineno}")
    return found


def test_only_files_does_atomic_writes():
    assert not _renames_outside_files()


def test_the_atomic_write_check_finds_a_rename(tmp_path, monkeypatch):
    module = tmp_path / "planner" / "cache.py"
    module.parent.mkdir()
    module.write_text("import os\n\ndef f(a, b):\n    os.replace(a, b)\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _renames_outside_files() == ["planner.cache:4"]


# An option more than one command takes is declared once, in cli/options.py: the same
# flag with the same help written in two commands is a twin that will drift.
OPTIONS_HOME = "planner.cli.options"


def _options_declared_twice() -> list[str]:
    seen: dict[tuple[str, str], str] = {}
    found = []
    for name, path in sources().items():
        if not name.startswith("planner.cli") or name == OPTIONS_HOME:
            continue
        for node in nodes(path):
            is_option = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if not (is_option and node.func.attr == "option" and node.args):
                continue
            flag = node.args[0]
            helps = [k.value for k in node.keywords if k.arg == "help"]
            if isinstance(flag, ast.Constant) and helps and isinstance(helps[0], ast.Constant):
                key = (flag.value, helps[0].value)
                where = f"{name}:{node.lineno}"
                if key in seen:
                    found.append(f"{flag.value} at {seen[key]} and {where}")
                seen.setdefault(key, where)
    return found


def test_an_option_of_several_commands_is_declared_once():
    assert not _options_declared_twice()


def test_the_option_check_finds_a_twin(tmp_path, monkeypatch):
    folder = tmp_path / "planner" / "cli"
    folder.mkdir(parents=True)
    option = '@click.option("--dry-run", is_flag=True, help="Send nothing.")\ndef {}():\n    pass\n'
    (folder / "sync.py").write_text("import click\n" + option.format("a"), encoding="utf-8")
    (folder / "team.py").write_text("import click\n" + option.format("b"), encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _options_declared_twice() == ["--dry-run at planner.cli.sync:2 and planner.cli.team:2"]


# Readers and writers each have a package of their own, which the registries load whole:
# every module there registers a format, and no module elsewhere does (helpers live
# beside the package, so no list of modules to skip is needed).
REGISTERED_PACKAGES = ("planner.readers.formats", "planner.export.writers")


def _registration_out_of_place() -> list[str]:
    found = []
    for name, path in sources().items():
        registers = any(
            isinstance(d, ast.Name) and d.id == "register"
            for node in nodes(path)
            if isinstance(node, ast.ClassDef)
            for d in node.decorator_list
        )
        inside = name.startswith(tuple(f"{p}." for p in REGISTERED_PACKAGES))
        # A writer may be a package (html/): its __init__ registers, its other modules help it.
        top = inside and name.count(".") == 3
        if registers and not inside:
            found.append(f"{name} registers outside {' and '.join(REGISTERED_PACKAGES)}")
        elif top and not registers:
            found.append(f"{name} registers nothing")
    return found


def test_formats_and_writers_live_in_their_own_packages():
    assert not _registration_out_of_place()


def test_the_registration_check_finds_a_format_out_of_place(tmp_path, monkeypatch):
    formats = tmp_path / "planner" / "readers" / "formats"
    formats.mkdir(parents=True)
    (formats / "helper.py").write_text("def parse(text):\n    return text\n", encoding="utf-8")
    (tmp_path / "planner" / "readers" / "odd.py").write_text(
        "@register\nclass OddReader:\n    pass\n", encoding="utf-8"
    )
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "planner")
    assert _registration_out_of_place() == [
        "planner.readers.formats.helper registers nothing",
        "planner.readers.odd registers outside planner.readers.formats and planner.export.writers",
    ]


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
