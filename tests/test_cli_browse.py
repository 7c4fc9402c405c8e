"""Browsing from the command line, as a user sees it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import block, run
from planner import __version__
from planner.text import display_width

ANSI = "\x1b["


def listed_ids(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line.startswith("  ")]


def test_at_1115_in_building_c_lists_exactly_the_three_sessions(runner, cli, schedule):
    result = run(runner, cli, "sessions", "--at", "11:15", "--building", "C")
    assert result.exit_code == 0, result.output
    titles = {schedule.get(i).title for i in listed_ids(result.stdout)}
    assert titles == {
        "etcd V3.6 and Beyond + etcd-operator Updates",
        "Longhorn: Intro, Deep Dive and Q&A",
        "Managing Data at Scale: Best Practices and Evolution of SIG-Apps",
    }


def test_human_table_is_grouped_by_slot_and_fits_80_columns(runner, cli):
    result = run(runner, cli, "sessions", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "11:00–11:30  (16 sessions)" in lines
    assert "13:45–14:15  (18 sessions)" in lines


def test_json_has_the_documented_keys(runner, cli):
    result = run(runner, cli, "sessions", "--json")
    data = json.loads(result.stdout)
    assert len(data) == 99
    keys = {
        "id",
        "title",
        "start",
        "end",
        "speakers",
        "building",
        "level",
        "room",
        "type",
        "description",
    }
    for item in data:
        assert keys <= item.keys()
        assert item["start"].endswith("-05:00")
        assert all(set(p) == {"name", "affiliation"} for p in item["speakers"])


@pytest.mark.parametrize(
    ("args", "expected_titles"),
    [
        (
            ["--search", "EBPF", "--type", "operations"],
            {"Fast and the Furious: CICD Pipeline for eBPF Programs at Meta Scale"},
        ),
        (
            ["--search", "kaldstrom"],
            {"Tools and Strategies for Making the Most of Kubernetes Access Control"},
        ),
        (
            ["--speaker", "Maciej Szulik"],
            {
                "Managing Data at Scale: Best Practices and Evolution of SIG-Apps",
                "What’s New With Kubectl and Kustomize … and How You Can Help!",
            },
        ),
        (
            ["--type", "contribfest", "--at", "2pm"],
            {
                "🚨 Contribfest: Create Your Own Generators for External Secrets!",
                "🚨 Contribfest: Meshery Contribfest: Dive Deep Into Extending Cloud Native Management",
            },
        ),
        (
            ["--room", "b401", "--between", "13:00", "15:00"],
            {
                "Intelligent Topology for AI Power: Network-Aware Scheduling Optimization With Volcano HyperNode",
                "Llm-d: Multi-Accelerator LLM Inference on Kubernetes",
            },
        ),
        (["--building", "Building A"], {"Coat + Bag Check"}),
    ],
)
def test_filters_combine(runner, cli, args, expected_titles):
    result = run(runner, cli, "sessions", *args, "--json")
    assert result.exit_code == 0, result.output
    assert {s["title"] for s in json.loads(result.stdout)} == expected_titles


def test_maintainer_track_filter(runner, cli, schedule):
    data = json.loads(run(runner, cli, "sessions", "--type", "MAINTAINER TRACK", "--json").stdout)
    assert len(data) == 18
    assert {d["type"] for d in data} == {"MAINTAINER TRACK"}


def test_no_match_says_so_on_stderr(runner, cli):
    result = run(runner, cli, "sessions", "--search", "cobol mainframes")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No sessions match." in result.stderr


def test_show_by_id_prefix_and_words(runner, cli, schedule):
    keda = schedule.find("keda")
    for query in (keda.id, keda.id[:3], "spring boot keda"):
        result = run(runner, cli, "show", query)
        assert result.exit_code == 0, result.output
        assert "Autoscaling Spring Boot Apps in Kubernetes With KEDA" in result.stdout
        assert "B406b-407, Building B, Level 4" in result.stdout
        assert "John Coyne (Distinguished Engineer, Capital One)" in result.stdout
    data = json.loads(run(runner, cli, "show", keda.id, "--json").stdout)
    assert data["id"] == keda.id and data["room"] == "B406b-407"


def test_ambiguous_show_lists_candidates_and_exits_2(runner, cli):
    result = run(runner, cli, "show", "keynote")
    assert result.exit_code == 2
    assert "'keynote' matches 8 sessions" in result.stderr
    assert result.stderr.count("Keynote") >= 8
    assert result.stdout == ""


@pytest.mark.parametrize("columns", [80, 60])  # planner draws no narrower than 60
def test_ambiguous_candidates_fit_the_terminal_and_keep_their_ids(runner, cli, schedule, columns):
    result = run(runner, cli, "show", "keynote", env={"COLUMNS": str(columns)})
    assert result.exit_code == 2
    listed = result.stderr.splitlines()[1:]
    keynotes = [s for s in schedule.sessions if "keynote" in s.title.lower()]
    assert len(listed) == len(keynotes) == 8
    assert all(display_width(line) <= columns for line in listed), listed
    assert {line.split()[0] for line in listed} == {s.id for s in keynotes}
    assert any(line.endswith("…") for line in listed)  # cut, not wrapped: one line each


def test_unknown_session(runner, cli):
    result = run(runner, cli, "show", "cobol")
    assert result.exit_code == 2
    assert "no session matches 'cobol'" in result.stderr
    assert "planner sessions --search 'cobol'" in result.stderr


def test_schedule_option_and_environment(runner, cli, write_schedule):
    path = write_schedule(block(title="Only Talk"))
    by_option = run(runner, cli, "sessions", "--schedule", str(path), "--json")
    by_env = run(runner, cli, "sessions", "--json", env={"PLANNER_SCHEDULE": str(path)})
    for result in (by_option, by_env):
        assert [s["title"] for s in json.loads(result.stdout)] == ["Only Talk"]


def test_version(runner, cli):
    result = run(runner, cli, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"planner, version {__version__}"


def test_every_command_has_help_with_an_example(runner, cli):
    for name in cli.commands:
        result = run(runner, cli, name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, name


def test_colour_only_when_asked_for_and_never_with_no_color(runner, cli):
    plain = run(runner, cli, "sessions", "--at", "11:15")
    assert ANSI not in plain.stdout  # not a terminal
    coloured = run(runner, cli, "sessions", "--at", "11:15", color=True)
    assert ANSI in coloured.stdout
    no_color = run(runner, cli, "sessions", "--at", "11:15", color=True, env={"NO_COLOR": "1"})
    assert ANSI not in no_color.stdout


def test_bad_time_option_is_an_input_error(runner, cli):
    result = run(runner, cli, "sessions", "--at", "25:99")
    assert result.exit_code == 2
    assert "unreadable time '25:99'" in result.stderr


@pytest.mark.parametrize("option", [["--at"], ["--day"], ["--between", "10:00"]])
def test_a_huge_bad_time_or_day_is_quoted_short(runner, cli, option):
    # One clear line, not the 100,000 characters typed (or pasted) back.
    result = run(runner, cli, "sessions", *option, "9" * 100_000)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("planner: error: ") and len(line) < 400, len(line)


@pytest.mark.parametrize("day", ["²", "٣", "0" * 5000 + "1"])
def test_a_day_number_in_other_digits_is_read_or_refused_not_a_crash(runner, cli, day):
    # '٣' (Arabic-Indic three) is a day number int() reads; '²' passes isdigit() but not int().
    result = run(runner, cli, "sessions", "--day", day)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("planner: error: ")


@pytest.mark.parametrize("word", ["maybe", "remove", "list"])
def test_a_command_people_reach_for_names_the_one_to_type(runner, cli, word):
    # `planner maybe X` was "No such command 'maybe'" and nothing more.
    result = runner.invoke(cli, [word, "keda"])
    assert result.exit_code == 2
    assert f"No such command '{word}'; " in result.stderr and "planner " in result.stderr.split(";", 1)[1]


def test_a_first_pick_that_matches_nothing_says_it_looked_in_the_bundled_day(runner, cli, tmp_path):
    # No agenda and no --schedule: the bundled example was searched, which a person new to
    # planner does not know; with their own schedule named, the message is the plain one.
    agenda = tmp_path / "agenda.yaml"
    result = runner.invoke(cli, ["pick", "j5d0z", "--agenda", str(agenda)])
    assert result.exit_code == 2 and not agenda.exists()
    assert "no session matches 'j5d0z' in the bundled example schedule" in result.stderr
    assert "--schedule" in result.stderr
    runner.invoke(cli, ["pick", "keda", "--agenda", str(agenda)])
    again = runner.invoke(cli, ["pick", "j5d0z", "--agenda", str(agenda)])
    assert again.exit_code == 2 and "bundled" not in again.stderr


FOSDEM_2025 = Path(__file__).parent / "data" / "corpus" / "fosdem-2025-excerpt.xml"


@pytest.mark.parametrize(("building", "rooms"), [("K", {"K.3.201"}), ("building ua", {"UA2.114 (Baudoux)"})])
def test_building_finds_the_rooms_whose_names_say_it(runner, cli, building, rooms):
    # Living a day at FOSDEM 2025: `planner agenda` placed K.3.401 in "Building K", and
    # `sessions --building K` then found nothing, the feed naming no building itself.
    result = run(runner, cli, "sessions", "--schedule", str(FOSDEM_2025), "--building", building, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found and {s["room"] for s in found} == rooms
