"""How planner says things: the CLI's output helper and options, the wording
layer, the writers' registry, terminal widths, and the papercuts of issue 10."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

from conftest import block
from planner.export import WRITERS, OptionSpec, Rendered, Writer, WriterOptions, register
from planner.planning import Planner
from planner.readers import ScheduleSource
from planner.slot_by_slot import plan_slot_by_slot
from planner.text import ONE_COLUMN, display_width, ellipsize, fit

TWO_DAYS = "Test Conf 2025#\nThursday, November 13, 2025#\n"
FRIDAY = "Friday, November 14, 2025#\n"


@pytest.fixture
def two_day_schedule(tmp_path):
    """Two days; on Friday two sessions overlap, in one room."""
    path = tmp_path / "two-days.txt"
    path.write_text(
        TWO_DAYS
        + block(title="Thursday Talk", time="11:00am EST - 11:30am EST")
        + FRIDAY
        + block(title="Friday Overlap One", time="11:00am EST - 11:30am EST")
        + block(title="Friday Overlap Two", time="11:15am EST - 11:45am EST"),
        encoding="utf-8",
    )
    return path


def run(runner, cli, *args, **kwargs):
    return runner.invoke(cli, [str(a) for a in args], **kwargs)


# -- terminal width ------------------------------------------------------------------


def test_a_joined_emoji_takes_two_columns():
    assert display_width("👩‍💻") == 2  # woman + zero-width joiner + laptop
    assert display_width("🚨 Contribfest") == 14
    assert display_width(fit("👩‍💻 Contribfest Session", 12)) == 12
    # Cut between graphemes, never inside the joined sequence.
    assert ellipsize("👩‍💻👩‍💻👩‍💻", 5) == "👩‍💻👩‍💻…"


def test_text_measured_without_wcwidth_is_measured_as_wcwidth_does():
    # display_width and ellipsize skip wcwidth for text of ONE_COLUMN characters only.
    from wcwidth import iter_graphemes, wcswidth, wcwidth

    simple = "".join(ch for ch in map(chr, range(0x3000)) if re.fullmatch(f"[{ONE_COLUMN}]", ch))
    assert len(simple) > 300 and "Käldström–·✗".strip(simple) == ""
    assert "\xad" not in simple and "\u0301" not in simple and "\x1b" not in simple
    assert [ch for ch in simple if wcwidth(ch) != 1] == []
    assert display_width(simple) == wcswidth(simple) == len(list(iter_graphemes(simple)))
    for width in (1, 5, 40):
        text = "Lucas Käldström – ✗ overlaps “Quotes” · …"
        assert display_width(ellipsize(text, width)) <= width
        assert ellipsize(simple, width) == "".join(list(iter_graphemes(simple))[: width - 1]).rstrip() + "…"


# -- the JSON output -------------------------------------------------------------------


def test_json_output_is_what_json_dumps_writes(runner, cli):
    result = run(runner, cli, "sessions", "--building", "C", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert result.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- warnings said where they help ---------------------------------------------------


def test_the_header_count_note_is_for_check_and_strict(runner, cli):
    note = "the header says 'Total Sessions: 101'"
    assert note not in run(runner, cli, "sessions").stderr
    assert note not in run(runner, cli, "show", "8q2qm").stderr
    assert note in run(runner, cli, "sessions", "--strict").stderr
    assert note in run(runner, cli, "check").stdout


# -- errors, all as planner: error -------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "said"),
    [("yesterday", "is not an ISO 8601 time"), ("2025-11-01T09:00", "give a UTC offset")],
)
def test_now_errors_are_planner_errors(runner, cli, tmp_path, now, said):
    run(runner, cli, "pick", "keda", "-a", tmp_path / "a.yaml")
    result = run(runner, cli, "export", "-a", tmp_path / "a.yaml", "-o", "-", "--now", now)
    assert result.exit_code == 2
    assert result.stderr.startswith("planner: error: --now: ")
    assert said in result.stderr


def test_a_day_outside_the_schedule_names_its_days(runner, cli, two_day_schedule):
    result = run(runner, cli, "sessions", "-s", two_day_schedule, "--day", "2025-11-20")
    assert result.exit_code == 2
    assert "planner: error: --day 2025-11-20: the schedule has no sessions on 2025-11-20" in result.stderr
    assert "1 = Thu 13 Nov (2025-11-13), 2 = Fri 14 Nov (2025-11-14)" in result.stderr
    inside = run(runner, cli, "sessions", "-s", two_day_schedule, "--day", "2", "--json")
    assert [s["title"] for s in json.loads(inside.stdout)] == ["Friday Overlap One", "Friday Overlap Two"]


def test_a_day_outside_the_schedule_fails_suggest_too(runner, cli, two_day_schedule, tmp_path):
    result = run(
        runner, cli, "suggest", "-s", two_day_schedule, "-a", tmp_path / "a.yaml", "--day", "2025-11-20"
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("planner: error: ")


# -- multi-day output names the day ---------------------------------------------------------


def test_conflicts_name_their_day_on_a_schedule_of_several_days(runner, cli, two_day_schedule, tmp_path):
    agenda = tmp_path / "a.yaml"
    assert run(runner, cli, "pick", "Friday Overlap One", "-s", two_day_schedule, "-a", agenda).exit_code == 0
    run(runner, cli, "pick", "Friday Overlap Two", "-s", two_day_schedule, "-a", agenda)
    result = run(runner, cli, "conflicts", "-a", agenda)
    assert result.exit_code == 1
    assert "OVERLAP (hard)  Fri 14 Nov 11:15–11:30" in result.stdout


def test_conflicts_on_one_day_do_not_repeat_it(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "-a", agenda)
    result = run(runner, cli, "conflicts", "-a", agenda)
    assert "Thu 13 Nov" not in result.stdout


def test_suggest_heads_each_day_on_a_schedule_of_several_days(runner, cli, two_day_schedule, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "Thursday Talk", "Friday Overlap One", "-s", two_day_schedule, "-a", agenda)
    result = run(runner, cli, "suggest", "-a", agenda, "--interest", "talk")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    thursday, friday = lines.index("Thursday 13 November 2025"), lines.index("Friday 14 November 2025")
    assert thursday < friday
    assert "Thursday Talk" in "\n".join(lines[thursday:friday])


def test_check_names_the_day_of_a_double_booked_room(runner, cli, two_day_schedule, tmp_path):
    result = run(runner, cli, "check", "-s", two_day_schedule, "-a", tmp_path / "a.yaml")
    assert result.exit_code == 1
    assert "B401-402: Fri 14 Nov " in result.stdout


# -- suggest keeps its markers ---------------------------------------------------------------


def test_the_must_marker_survives_a_long_title(runner, cli, tmp_path, write_schedule, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    long_title = "A Very Long Title About Kubernetes Operators And Their Many Careful Reconcilers"
    path = write_schedule(block(title=long_title))
    result = run(runner, cli, "suggest", "-s", path, "-a", tmp_path / "a.yaml", "--must", "operators")
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if "A Very Long" in line]
    assert line.endswith("… [must]")
    assert display_width(line) <= 60


# -- the slot-by-slot loop, without a terminal -------------------------------------------------


def test_the_slot_loop_runs_on_plain_callbacks(tmp_path):
    planner = Planner.open(tmp_path / "a.yaml", ScheduleSource())
    asked, complaints = [], []
    answers = iter(["nonsense", "1", "s", "b", "2", "q"])

    def ask(question):
        asked.append((question.index, question.total, len(question.options)))
        return next(answers)

    done = plan_slot_by_slot(planner, ask, complaints.append, after="11:00")
    assert complaints == [
        f"Answer a number from 1 to {asked[0][2]} to pick one, s to skip, b to go back or q to save and quit."
    ]
    assert [index for index, _, _ in asked] == [0, 0, 1, 2, 1, 2]
    assert done.added == 2
    assert len(Planner.open(tmp_path / "a.yaml").agenda().picks) == 2


# -- writers from the registry -------------------------------------------------------------------


@dataclass(frozen=True)
class _ListOptions(WriterOptions):
    numbered: bool = False


class _ListWriter(Writer):
    """A writer declared in a test: one line per pick."""

    name = "list"
    extension = ".txt"
    content_type = "text/plain"
    verbose_name = "plain list"
    Options = _ListOptions
    option_specs = (OptionSpec("--numbered", "numbered", "Number the lines."),)

    def render(self, request):
        titles = [e.title for e in request.day.entries]
        if request.options.numbered:
            titles = [f"{n}. {t}" for n, t in enumerate(titles, 1)]
        return "\n".join(titles) + "\n"

    def report(self, rendered: Rendered, path: str) -> str:
        return f"Listed {rendered.events} picks in {path}"


def test_a_writer_is_one_class(runner, cli, tmp_path):
    from planner.export import writer_classes

    writer_classes()  # the built-in writers first, as the CLI sees them
    register(_ListWriter)
    try:
        help_text = run(runner, cli, "export", "--help").stdout
        assert "[ics|html|ics-feed|list]" in help_text and "list: Number the lines." in help_text
        agenda = tmp_path / "a.yaml"
        run(runner, cli, "pick", "keda", "-a", agenda)
        result = run(runner, cli, "export", "--format", "list", "--numbered", "-a", agenda)
        assert result.exit_code == 0, result.output
        target = tmp_path / "a.txt"
        assert result.stdout.strip() == f"Listed 1 picks in {target}"
        assert target.read_text().startswith("1. Autoscaling Spring Boot")
    finally:
        WRITERS.pop("list")
    assert "list" not in run(runner, cli, "export", "--help").stdout


def test_view_goes_through_the_registry(runner, cli, tmp_path):
    agenda, page = tmp_path / "a.yaml", tmp_path / "day.html"
    run(runner, cli, "pick", "keda", "-a", agenda)
    result = run(runner, cli, "view", "-a", agenda, "-o", page, "--no-open", "--with-alternatives")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(page)
    assert "Autoscaling Spring Boot" in page.read_text(encoding="utf-8")


# -- who imports click ------------------------------------------------------------------------------


def test_only_the_cli_and_the_terminal_import_click():
    code = (
        "import sys\n"
        "import planner.export.writers.html, planner.export.writers.ics, planner.export.service, planner.readers\n"
        "import planner.planning, planner.suggest, planner.wording, planner.slot_by_slot\n"
        "import planner.readers\n"
        "planner.readers.reader_names()\n"
        "print('click' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_help_imports_no_heavy_library():
    code = (
        "import contextlib, io, sys\n"
        "sys.argv = ['planner', '--help']\n"
        "from planner.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main()\n"
        "print(sorted(m for m in ('pydantic', 'icalendar', 'jinja2', 'pytz', 'orjson') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- a walk said from either end keeps its direction -----------------------------------------------


def test_pick_says_an_unreachable_walk_the_right_way_round(runner, cli, tmp_path, write_schedule):
    path = write_schedule(
        block(
            title="Early Talk", time="11:00am EST - 11:30am EST", venue="Building A | Level 1 | A101, Atlanta"
        ),
        block(
            title="Late Talk", time="11:31am EST - 12:00pm EST", venue="Building C | Level 3 | C301, Atlanta"
        ),
    )
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "late talk", "-s", path, "-a", agenda)
    # Picking the earlier talk second: the walk still goes from it to the later one.
    result = run(runner, cli, "pick", "early talk", "-s", path, "-a", agenda)
    assert result.exit_code == 0, result.output
    assert "Late Talk [" in result.stdout and "cannot reach Late Talk [" in result.stdout
    assert "unreachable from Late Talk" not in result.stdout
    later = run(runner, cli, "pick", "late talk", "--note", "again", "-s", path, "-a", agenda)
    assert "unreachable from Early Talk [" in later.stdout


def test_a_day_number_past_the_last_day_names_the_days(runner, cli):
    result = run(runner, cli, "sessions", "--day", "2")
    assert result.exit_code == 2
    assert result.stderr == "planner: error: --day 2: the schedule has 1 day: 1 = Thu 13 Nov (2025-11-13)\n"


def test_the_schedule_format_help_lists_the_readers_of_the_registry(runner, cli):
    from planner.readers import READERS, reader_names

    help_text = " ".join(run(runner, cli, "sessions", "--help").stdout.split())
    for name in reader_names():
        assert f"{name} ({READERS[name].verbose_name.split(' (')[0]})" in help_text
