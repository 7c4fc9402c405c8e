"""Everyday use, finding by finding (issue 19): each through the CLI, as a user meets it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from wcwidth import wcswidth

from conftest import BUNDLED, block, run, sched_text

FOSDEM = Path(__file__).parent / "data" / "corpus" / "fosdem-2025-excerpt.xml"
EXAMPLES = Path(__file__).parent.parent / "examples"


def widest(text: str) -> int:
    return max((wcswidth(line) for line in text.splitlines()), default=0)


@pytest.fixture
def fosdem_folder(tmp_path, monkeypatch, runner, cli):
    """A folder whose agenda names FOSDEM (one pick), the bundled KubeCon day elsewhere."""
    shutil.copy(FOSDEM, tmp_path / "fosdem.xml")
    monkeypatch.chdir(tmp_path)
    assert run(runner, cli, "pick", "--schedule", "fosdem.xml", "the state of go").exit_code == 0
    return tmp_path


# -- one rule for the schedule ----------------------------------------------------------

# Every command that reads a schedule, with arguments that name FOSDEM things.
READERS = [
    ("sessions", "--search", "maptcha"),
    ("sessions", "--json"),
    ("show", "maptcha"),
    ("pick", "maptcha", "--maybe"),
    ("agenda", "--json"),
    ("conflicts", "--json"),
    ("walk", "AW1.120", "K.3.201"),
    ("check", "--json"),
    ("suggest", "--interest", "go", "--day", "1", "--json"),
    ("alternatives", "10:40", "--day", "1", "--json"),
    ("gaps", "--day", "1", "--json"),
    ("next", "--day", "1", "--at", "10:00", "--json"),
    ("update", "--json"),
    ("export", "-o", "-"),
    ("view", "--no-open", "-o", "day.html"),
    ("venue", "init"),
    ("drop", "the state of go"),
]


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a))
def test_every_command_reads_the_schedule_the_agenda_names(runner, cli, fosdem_folder, args):
    result = run(runner, cli, *args)
    assert result.exit_code in (0, 1), result.output
    assert "no session matches" not in result.output
    # Nothing of the bundled KubeCon day (its IDs, its rooms, its zone) shows up.
    written = [
        Path(name).read_text(encoding="utf-8") for name in ("day.html", "venue.yaml") if Path(name).exists()
    ]
    for kubecon in ("8q2qm", "Georgia Ballroom", "B401-402", "-05:00", "America/New_York"):
        assert kubecon not in result.stdout, (args, kubecon)
        assert all(kubecon not in text for text in written), (args, kubecon)


def test_plan_walks_the_slots_of_the_schedule_the_agenda_names(runner, cli, fosdem_folder):
    result = run(runner, cli, "plan", input="q\n")
    assert result.exit_code == 0, result.output
    assert "Sat 10:30" in result.stdout and "Welcome to the Legal" in result.stdout


def test_schedule_option_then_environment_then_agenda(runner, cli, fosdem_folder):
    env_wins = run(runner, cli, "sessions", "--json", env={"PLANNER_SCHEDULE": str(BUNDLED)})
    assert len(json.loads(env_wins.stdout)) == 99
    option_wins = run(runner, cli, "sessions", "--json", "--schedule", "fosdem.xml")
    assert len(json.loads(option_wins.stdout)) == 7


# -- next --------------------------------------------------------------------------------


def overlapping(write_schedule):
    return write_schedule(
        block(title="Current Talk", time="11:30am EST - 11:55am EST"),
        block(
            title="Must After",
            time="11:50am EST - 12:20pm EST",
            venue="Building C | Level 3 | C301, Atlanta, GA, USA",
        ),
    )


def test_next_sees_a_pick_that_starts_before_the_current_one_ends(runner, cli, write_schedule, tmp_path):
    path, agenda = overlapping(write_schedule), tmp_path / "a.yaml"
    run(runner, cli, "pick", "current talk", "must after", "-s", path, "-a", agenda)
    result = run(runner, cli, "next", "--at", "11:35", "-a", agenda)
    assert "Nothing next" not in result.stdout
    assert "Next at 11:50" in result.stdout and "Must After" in result.stdout
    assert "starts 5 min before" in result.stdout


def test_next_after_the_conference_says_it_is_over(runner, cli, write_schedule, tmp_path):
    path, agenda = overlapping(write_schedule), tmp_path / "a.yaml"
    run(runner, cli, "pick", "current talk", "-s", path, "-a", agenda)
    result = run(runner, cli, "next", "--at", "18:00", "-a", agenda)
    assert result.stdout.startswith("The conference is over: it ended Thu 13 Nov at 12:20.")
    assert "Now (18:00)" not in result.stdout


def test_next_during_two_picks_at_once_says_now_once(runner, cli, write_schedule, tmp_path):
    """A must and its backup (or a conflict) at the same time: one "Now" heading over both,
    as the next picks have, not two "Now" lines a reader takes for two moments."""
    path = write_schedule(
        block(title="Current Talk", time="11:30am EST - 11:55am EST"),
        block(
            title="Its Backup",
            time="11:30am EST - 11:55am EST",
            venue="Building C | Level 3 | C301, Atlanta, GA, USA",
        ),
    )
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "current talk", "-s", path, "-a", agenda)
    run(runner, cli, "pick", "its backup", "--maybe", "-a", agenda)
    result = run(runner, cli, "next", "--at", "11:35", "-a", agenda)
    assert result.stdout.count("Now (") == 1, result.stdout
    assert result.stdout.startswith("Now (11:35), 2 picks at once:")
    assert "Current Talk, until 11:55" in result.stdout and "Its Backup (maybe), until 11:55" in result.stdout


def test_at_takes_a_moment_as_the_agenda_file_writes_it(runner, cli, write_schedule, tmp_path):
    """ISO 8601 (2025-11-13T11:35), as the agenda file shows its times, means the same as
    "2025-11-13 11:35", in next and in sessions."""
    path, agenda = overlapping(write_schedule), tmp_path / "a.yaml"
    run(runner, cli, "pick", "current talk", "-s", path, "-a", agenda)
    spaced = run(runner, cli, "next", "--at", "2025-11-13 11:35", "-a", agenda)
    iso = run(runner, cli, "next", "--at", "2025-11-13T11:35", "-a", agenda)
    assert iso.exit_code == spaced.exit_code == 0, iso.output
    assert iso.stdout == spaced.stdout and "Current Talk" in iso.stdout
    listed = run(runner, cli, "sessions", "-s", path, "--at", "2025-11-13T11:35")
    assert listed.exit_code == 0 and "Current Talk" in listed.stdout


# -- end times, rooms, relations, drop ---------------------------------------------------


def test_an_end_time_is_never_cut(runner, cli, write_schedule):
    long_title = "A Seventy-Five Minute Workshop With A Title Long Enough To Be Cut Anywhere At All"
    path = write_schedule(
        block(title="Short One", time="11:00am EST - 11:30am EST"),
        block(title="Short Two", time="11:00am EST - 11:30am EST"),
        block(title=long_title, time="11:00am EST - 12:15pm EST"),
    )
    for columns in ("80", "120"):
        result = run(runner, cli, "sessions", "-s", path, env={"COLUMNS": columns})
        line = next(line for line in result.stdout.splitlines() if "Seventy-Five" in line)
        assert "(until 12:15)" in line and "…" in line


@pytest.mark.parametrize("typed", ["B4 B401-402", "B401-402, Building B, Level 4", "B401-402 (B, L4)"])
def test_a_room_as_planner_prints_it_can_be_typed_back(runner, cli, typed):
    listed = run(runner, cli, "sessions", "--room", typed, "--at", "11:15")
    assert listed.exit_code == 0 and "B401-402" in listed.stdout
    walked = run(runner, cli, "walk", typed, "C3 Georgia Ballroom 2")
    assert walked.exit_code == 0, walked.output
    assert "min walk from B401-402 to Georgia Ballroom 2" in walked.stdout


def test_repicking_a_must_says_it_has_the_backup(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "-a", agenda)
    run(runner, cli, "pick", "longhorn", "--maybe", "-a", agenda)
    again = run(runner, cli, "pick", "keda", "-a", agenda)
    assert "has a backup: Longhorn" in again.stdout
    assert "backup for" not in again.stdout


def test_drop_of_a_session_not_picked_says_so(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "-a", agenda)
    result = run(runner, cli, "drop", "longhorn", "-a", agenda)
    assert result.exit_code == 2
    assert "is not in the agenda" in result.stderr and "no session matches" not in result.stderr


# -- gaps --------------------------------------------------------------------------------


def test_gaps_explain_with_words_that_mean_something(runner, cli, write_schedule, tmp_path):
    path = write_schedule(
        block(
            title="Scaling Amazon.com Checkout With GitOps",
            time="10:00am EST - 10:30am EST",
            description="How Amazon.com runs GitOps with Flux across regions.",
        ),
        block(
            title="What Comes Next for Our Community",
            time="11:00am EST - 11:30am EST",
            description="The community's plans.",
        ),
        block(
            title="GitOps Pipelines With Flux",
            time="11:00am EST - 11:30am EST",
            venue="Building C | Level 3 | C301, Atlanta, GA, USA",
            description="Flux and GitOps in practice.",
        ),
        block(title="Closing", time="1:00pm EST - 1:30pm EST"),
        # A programme has more than four sessions: in a tiny one every word is common
        # (BM25 gives a word in half the documents no weight).
        *(
            block(title=f"{topic} Office Hours", time="2:00pm EST - 2:30pm EST")
            for topic in ("Storage", "Networking", "Security", "Observability", "Scheduling", "Billing")
        ),
    )
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "scaling amazon", "closing", "-s", path, "-a", agenda)
    result = run(runner, cli, "gaps", "-a", agenda, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    first = result.stdout.index("GitOps Pipelines With Flux")
    assert first < result.stdout.index("What Comes Next")
    assert "like your pick “Scaling Amazon.com Checkout With GitOps”" in result.stdout
    assert "gitops" in result.stdout and ": com" not in result.stdout and " com," not in result.stdout


# -- 80 columns --------------------------------------------------------------------------

EXAMPLE = EXAMPLES / "kubecon-thursday.yaml"
WIDE_COMMANDS = [
    ("sessions",),
    ("show", "keda"),
    ("agenda", "-a", EXAMPLE),
    ("conflicts", "-a", EXAMPLE),
    ("next", "--at", "11:20", "-a", EXAMPLE),
    ("gaps", "-a", EXAMPLE),
    ("alternatives", "11:45", "-a", EXAMPLE),
    ("suggest", "--interest", "gitops, ebpf"),
    ("check",),
    ("walk", "B406b-407", "Georgia Ballroom 2"),
    ("team", "plan", EXAMPLES / "team.yaml", "--time-limit", "20"),
    ("team", "show", EXAMPLES / "team.yaml"),
]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("args", WIDE_COMMANDS, ids=lambda a: " ".join(str(x) for x in a[:2]))
def test_every_text_output_fits_the_terminal(runner, cli, args, columns, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a team plan never saves here, but stay out of the repo anyway
    result = run(runner, cli, *args, env={"COLUMNS": str(columns)})
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.strip()
    assert widest(result.stdout) <= columns


def test_a_wrapped_line_continues_under_its_item(runner, cli):
    result = run(runner, cli, "conflicts", "-a", EXAMPLE, env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert any(line.startswith(" " * 11 + "->") for line in lines)  # a route went on under itself
    for line in lines:
        # Only a conflict's head and the day's summary start at column 0.
        assert not line or line.startswith((" ", "✗", "!", "↔", "·")) or "hard conflict" in line, line


# -- sessions: picks, filters, days ------------------------------------------------------


def test_sessions_mark_picks_and_filter_by_them(runner, cli, fosdem_folder):
    run(runner, cli, "pick", "maptcha", "--maybe")
    listing = run(runner, cli, "sessions").stdout
    go = next(line for line in listing.splitlines() if "The state of Go" in line)
    maptcha = next(line for line in listing.splitlines() if "MapTCHA" in line)
    assert " must " in go and " maybe " in maptcha
    picked = run(runner, cli, "sessions", "--picked", "--json").stdout
    assert {s["title"][:7] for s in json.loads(picked)} == {"The sta", "MapTCHA"}
    assert {s["picked"] for s in json.loads(picked)} == {"must", "maybe"}
    others = json.loads(run(runner, cli, "sessions", "--not-picked", "--json").stdout)
    assert len(others) == 5


def test_track_and_type_are_two_filters(runner, cli, fosdem_folder):
    by_track = run(runner, cli, "sessions", "--track", "geospatial", "--json")
    assert [s["title"][:7] for s in json.loads(by_track.stdout)] == ["MapTCHA"]
    by_type = json.loads(run(runner, cli, "sessions", "--type", "devroom", "--json").stdout)
    assert len(by_type) == 7
    assert run(runner, cli, "sessions", "--type", "geospatial").stderr == "No sessions match.\n"
    listing = run(runner, cli, "sessions", env={"COLUMNS": "80"}).stdout
    assert "Geospatial" in listing and "devroom" not in listing  # the list shows the track
    # The bundled sched day writes its tracks as types: --track finds them there too.
    assert run(runner, cli, "sessions", "--track", "maintainer track", "-s", BUNDLED).stdout


def test_a_day_the_schedule_lacks_names_the_days_it_has(runner, cli, fosdem_folder):
    for args in (("sessions", "--day", "friday"), ("agenda", "--day", "friday"), ("gaps", "--day", "fri")):
        result = run(runner, cli, *args)
        assert result.exit_code == 2
        assert "the schedule has no Friday; its days: 1 = Sat 1 Feb" in result.stderr
        assert "unreadable" not in result.stderr


def test_sessions_of_one_day_have_its_heading(runner, cli, fosdem_folder):
    result = run(runner, cli, "sessions", "--day", "2")
    assert result.stdout.startswith("Sunday 2 February 2025\n")


def test_agenda_of_one_day(runner, cli, fosdem_folder):
    run(runner, cli, "pick", "top accessibility")
    sunday = run(runner, cli, "agenda", "--day", "2").stdout
    assert "Top Accessibility" in sunday and "The state of Go" not in sunday
    assert "1 pick," in sunday


# -- small words -------------------------------------------------------------------------


def test_one_of_a_thing_is_said_in_the_singular(runner, cli, write_schedule, tmp_path):
    path = write_schedule(block(title="Only Talk"))
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "only talk", "-s", path, "-a", agenda)
    assert "1 pick, " in run(runner, cli, "agenda", "-a", agenda).stdout
    check = run(runner, cli, "check", "-s", path).stdout
    assert check.startswith("1 session, 1 day, 1 room")
    for said in (check, run(runner, cli, "agenda", "-a", agenda).stdout):
        assert "(s)" not in said and "1 picks" not in said


def test_posters_book_no_room(runner, cli, write_schedule):
    hall = "Building A | Level 1 | Poster Pavilion, Atlanta, GA, USA"
    posters = [
        block(title=f"Poster {n}", time="2:00pm EST - 3:00pm EST", venue=hall, type_="Poster")
        for n in range(9)
    ]
    path = write_schedule(*posters)
    result = run(runner, cli, "check", "-s", path)
    assert result.exit_code == 0, result.output
    assert "No room is booked twice at once." in result.stdout


def test_the_plan_says_same_room_and_asks_right_for_one_option(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "-a", agenda)
    result = run(runner, cli, "plan", "--from", "11:45", "-a", agenda, input="x\nq\n", env={"COLUMNS": "80"})
    assert "0 min" not in result.stdout and "same room" in result.stdout
    assert widest(result.stdout) <= 80
    rows = [line for line in result.stdout.splitlines() if "–12:15" in line]
    # Aligned: every option's ID starts in the same column.
    assert len({line.index("  ", line.index("–12:15")) for line in rows}) == 1
    first = run(runner, cli, "plan", "-a", tmp_path / "b.yaml", input="x\nq\n")
    assert "Answer 1 to pick it" in first.stderr and "1-1" not in first.stderr + first.stdout


# -- the team plan -----------------------------------------------------------------------


def test_the_team_plan_explains_itself(runner, cli, tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text((EXAMPLES / "team.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run(runner, cli, "team", "plan", team, "--time-limit", "20", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "duty-1" not in result.stdout
    assert "Duty: Solutions Showcase" in result.stdout
    assert " for ana" in result.stdout and " for ben" in result.stdout


def test_the_sched_text_fixture_is_plain(write_schedule):
    # The schedules above are sched text files; the helper builds one from blocks.
    assert write_schedule(block()).read_text(encoding="utf-8") == sched_text(block())


def test_a_hall_and_a_room_in_it_as_printed(runner, cli, write_schedule):
    path = write_schedule(
        block(title="Alpha", venue="Building Hall 3 | Room B, Madrid, Spain"),
        block(title="Beta", time="11:45am EST - 12:15pm EST", venue="Building Hall 4, Madrid, Spain"),
    )
    listed = run(runner, cli, "sessions", "-s", path, "--room", "Hall 3 Room B")
    assert "Hall 3 Room B" in listed.stdout and "Beta" not in listed.stdout
    walked = run(runner, cli, "walk", "-s", path, "Hall 3 Room B", "Hall 4")
    assert walked.exit_code == 0, walked.output
    assert "min walk from Room B to Hall 4" in walked.stdout


def test_team_show_agrees_with_the_plan_about_the_duty(runner, cli, tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text((EXAMPLES / "team.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    plan = json.loads(run(runner, cli, "team", "plan", team, "--time-limit", "20", "--save", "--json").stdout)
    on_duty = {m["name"] for m in plan["members"] for p in m["picks"] if p["kind"] == "duty"}
    shown = run(runner, cli, "team", "show", team, "--json")
    duties = json.loads(shown.stdout)["duties"]
    assert [d["where"] for d in duties] == ["Solutions Showcase"]
    assert on_duty and on_duty <= set(duties[0]["free"])
    text = run(runner, cli, "team", "show", team, env={"COLUMNS": "80"}).stdout
    assert "Duty at Solutions Showcase, Thu 10:30–11:30, needs 1" in text and "duty-1" not in text


def test_two_backups_are_counted_as_backups(runner, cli, write_schedule, tmp_path):
    """Living a day at PyCon US 2025: a maybe that backs up two musts said "2 backup"."""
    path = write_schedule(
        block(title="First Must", time="11:00am EST - 11:30am EST"),
        block(
            title="Second Must",
            time="11:15am EST - 11:45am EST",
            venue="Building C | Level 3 | C301, Atlanta, GA, USA",
        ),
        block(
            title="The Maybe",
            time="11:00am EST - 11:45am EST",
            venue="Building C | Level 3 | C302, Atlanta, GA, USA",
        ),
    )
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "first must", "second must", "-s", path, "-a", agenda)
    run(runner, cli, "pick", "the maybe", "--maybe", "-a", agenda)
    result = runner.invoke(cli, ["agenda", "-a", str(agenda)])
    assert "1 hard conflict, 2 backups, buffer" in result.stdout, result.stdout
