"""`planner team`: the team file, the plan on the bundled day, saving, show and export.

Real files in a temporary folder, the real bundled schedule and venue, the real
CLI; the saved agendas are checked with `planner conflicts` itself, the team
calendar with the icalendar parser.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.team import Team, TeamError, load_team_spec, plan_team
from planner.team.show import view

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "team.yaml"

PLAIN = """\
version: 1
schedule: bundled:kubecon-na-2025-thursday
members:
  - name: ana
    interests: "gitops:3, security:2, supply chain"
    tracks: "SECURITY:2"
    speakers: "Stefan Prodan:5"
  - name: ben
    interests: "ebpf:3, observability:2, networking"
  - name: cy
    interests: "autoscaling:3, gpu:2, ai, security"
"""


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    path = tmp_path / "team" / "team.yaml"
    path.parent.mkdir()
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def write(tmp_path: Path, text: str, name: str = "team.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the team file -------------------------------------------------------------------


def test_the_example_team_file_loads() -> None:
    spec = load_team_spec(EXAMPLE)
    assert [m.name for m in spec.members] == ["ana", "ben", "cy"]
    assert spec.members[0].window == (dt.time(9), dt.time(15))
    assert spec.duty[0].where == "Solutions Showcase" and spec.duty[0].need == 1


BAD_FILES = [
    ("version: 1\nmembers:\n  - name: ana\n    interests: [gitops\n", 4, "not valid YAML"),
    ("members:\n  - name: ana\n", 1, "no 'version' key"),
    ("version: 1\nmembers:\n  - name: ana\n    hobbies: golf\n", 4, "members.0.hobbies"),
    (
        "version: 1\nmembers:\n  - name: ana\n  - name: ben\n    available: 15:00-09:00\n",
        5,
        "ends before it starts",
    ),
    ("version: 1\nmembers:\n  - name: ana\n  - name: Ana\n", 4, "listed twice"),
    ("version: 1\nmembers:\n  - name: ../ana\n", 3, "not usable as a name"),
    ("version: 1\nmembers:\n  - name: ana\n    interests: 'gitops:x'\n", 3, "whole number"),
    ("version: 2\nmembers:\n  - name: ana\n", 1, "version"),
    ("version: 1\nmembers: []\n", 2, "members"),
    (
        "version: 1\nmembers:\n  - name: ana\nduty:\n  - where: Booth\n    from: '14:00'\n    to: '10:00'\n",
        5,
        "ends (10:00) before it starts",
    ),
    (
        "version: 1\nmembers:\n  - name: ana\nduty:\n  - where: Booth\n    from: 10\n    to: '11:00'\n",
        6,
        "quotes",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_FILES)
def test_a_bad_team_file_names_its_line_exits_2_and_writes_nothing(
    runner, cli, tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = write(tmp_path, text)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(cli, ["team", "plan", str(path), "--save"])
    assert result.exit_code == 2, result.output
    error = result.stderr.strip().splitlines()[0]
    assert message in error
    assert error.startswith(f"planner: error: {path}:{line}: " if line else f"planner: error: {path}: ")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_broken_member_agenda_is_reported_and_left_alone(runner, cli, team_file: Path) -> None:
    agenda = team_file.parent / "ben.yaml"
    broken = "version: 1\npicks:\n  - id: qtqhf\n    priority: sometimes\n"
    agenda.write_text(broken, encoding="utf-8")
    result = runner.invoke(cli, ["team", "plan", str(team_file), "--save"])
    assert result.exit_code == 2
    assert "ben.yaml:4: invalid agenda: picks.0.priority" in result.stderr
    assert agenda.read_text(encoding="utf-8") == broken
    assert not (team_file.parent / "ana.yaml").exists()


def test_too_few_members_for_a_duty_is_an_input_error(runner, cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PLAIN + "duty:\n  - where: Solutions Showcase\n    from: '10:30'\n    to: '11:00'\n    need: 4\n",
    )
    result = runner.invoke(cli, ["team", "plan", str(path)])
    assert result.exit_code == 2
    assert "duty" in result.stderr


# -- the plan ----------------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["exact", "greedy"])
def test_the_plan_keeps_every_rule(runner, cli, team_file: Path, strategy: str) -> None:
    result = runner.invoke(cli, ["team", "plan", str(team_file), "--json", "--strategy", strategy])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    team = Team.open(team_file)
    by_name = {m["name"]: m for m in data["members"]}
    assert list(by_name) == ["ana", "ben", "cy"]
    for member in data["members"]:
        for pick in member["picks"]:
            assert {"id", "start", "end", "value", "reasons"} <= set(pick)
    # Everyone goes to the together keynote.
    assert all("rxtnw" in {p["id"] for p in m["picks"]} for m in data["members"])
    # ana leaves at 15:00.
    assert all(dt.datetime.fromisoformat(p["end"]).time() <= dt.time(15) for p in by_name["ana"]["picks"])
    # One member holds the whole duty window at the Solutions Showcase.
    duty = [(m["name"], p) for m in data["members"] for p in m["picks"] if p["kind"] == "duty"]
    assert len(duty) == 1
    assert (duty[0][1]["start"][11:16], duty[0][1]["end"][11:16]) == ("10:30", "11:30")
    assert duty[0][1]["room"] == "Solutions Showcase"
    # Nobody doubles up, apart from the together session.
    attended = [p["id"] for m in data["members"] for p in m["picks"] if p["id"] != "rxtnw"]
    assert len(attended) == len(set(attended))
    # The total is each covered session's value, once; the shares add up to it.
    scores = team.scores()
    covered = {p["id"] for m in data["members"] for p in m["picks"] if p["kind"] != "duty"}
    assert data["total"] == sum(team.team_value(scores[s]) for s in covered)
    assert data["total"] == sum(p["value"] for m in data["members"] for p in m["picks"])
    # What nobody covers is wanted by someone and is not in anyone's day.
    for item in data["uncovered"]:
        assert item["id"] not in covered and item["value"] > 0 and item["wanted_by"]
        assert len(item["why"]) == 3


def test_the_text_goes_slot_by_slot(runner, cli, team_file: Path) -> None:
    result = runner.invoke(cli, ["team", "plan", str(team_file)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Team plan (exact): team value ")
    assert "\n09:00\n  ana  Keynote: Welcome Back + Opening Remarks [rxtnw]" in out
    assert "Duty: Solutions Showcase" in out and "on duty" in out
    assert "not covered: " in out and "walk " in out
    assert "ana: not there then (available 09:00-15:00)" in out


def test_exact_beats_greedy_beats_everyone_alone_on_the_bundled_day(tmp_path: Path) -> None:
    team = Team.open(write(tmp_path, PLAIN))
    exact, greedy, alone = (team.plan(s).total for s in ("exact", "greedy", "independent"))
    assert exact >= greedy >= alone
    assert exact > alone


def test_saved_agendas_keep_what_was_there_and_have_no_conflict(runner, cli, team_file: Path) -> None:
    folder = team_file.parent
    ana = folder / "ana.yaml"
    ana.write_text(
        "# ana's own notes: keep me\n"
        "version: 1\n"
        "schedule: bundled:kubecon-na-2025-thursday\n"
        "picks:\n"
        "  - id: qtqhf  # GitOps Without Variables, maybe\n"
        "    priority: maybe\n"
        "    note: ask about Kustomize\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["team", "plan", str(team_file), "--save", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = ana.read_text(encoding="utf-8")
    assert text.startswith("# ana's own notes: keep me\n")
    assert "# GitOps Without Variables, maybe" in text and "note: ask about Kustomize" in text
    for member in data["members"]:
        path = folder / f"{member['name']}.yaml"
        assert path.exists()
        check = runner.invoke(cli, ["conflicts", "--agenda", str(path), "--json"])
        assert check.exit_code == 0, check.output
        kinds = {c["kind"] for c in json.loads(check.stdout)}
        assert not kinds & {"overlap", "unreachable", "tight"}, (member["name"], check.stdout)
        ids = {p["id"] for p in member["picks"] if p["kind"] != "duty"}
        saved = runner.invoke(cli, ["agenda", "--agenda", str(path), "--json"])
        musts = {p["id"] for p in json.loads(saved.stdout) if p["priority"] == "must"}
        assert ids <= musts
    # A second save finds nothing to change.
    again = runner.invoke(cli, ["team", "plan", str(team_file), "--save"])
    assert again.exit_code == 0 and again.stdout.count("already holds this plan") == 3


def test_musts_are_kept_and_conflicting_musts_refused(runner, cli, tmp_path: Path) -> None:
    path = write(tmp_path, PLAIN)
    # ben must see a GitOps talk; the team plan keeps it in his day.
    (tmp_path / "ben.yaml").write_text("version: 1\npicks:\n  - id: qtqhf\n", encoding="utf-8")
    plan = plan_team(path).plan
    assert "qtqhf" in {p.id for p in plan.member("ben").picks}
    assert "qtqhf" not in {p.id for p in plan.member("ana").picks}
    # Two musts at the same time cannot both be kept.
    (tmp_path / "ben.yaml").write_text("version: 1\npicks:\n  - id: qtqhf\n  - id: 22bw3\n", encoding="utf-8")
    result = runner.invoke(cli, ["team", "plan", str(path)])
    assert result.exit_code == 2
    assert "ben's must picks" in result.stderr and "qtqhf" in result.stderr


# -- show and export -------------------------------------------------------------------


def test_show_flags_doubled_up_sessions_and_exits_1(runner, cli, tmp_path: Path) -> None:
    path = write(tmp_path, PLAIN)
    for name in ("ana", "cy"):
        (tmp_path / f"{name}.yaml").write_text("version: 1\npicks:\n  - id: 22bw3\n", encoding="utf-8")
    result = runner.invoke(cli, ["team", "show", str(path)])
    assert result.exit_code == 1, result.output
    assert "DOUBLED UP with cy" in result.stdout and "DOUBLED UP with ana" in result.stdout
    assert "not covered: " in result.stdout
    found = view(Team.open(path))
    assert found.doubled == {"22bw3": ("ana", "cy")}
    assert found.uncovered and all(u.session.id != "22bw3" for u in found.uncovered)
    (tmp_path / "cy.yaml").write_text("version: 1\npicks:\n  - id: fvrvd\n", encoding="utf-8")
    assert runner.invoke(cli, ["team", "show", str(path), "--json"]).exit_code == 0


def test_the_team_calendar_names_who_goes(runner, cli, team_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "team.ics"
    result = runner.invoke(cli, ["team", "export", str(team_file), "-o", str(output)])
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(output.read_bytes())
    events = list(calendar.walk("VEVENT"))
    plan = plan_team(team_file).plan
    going: dict[str, set[str]] = {}
    for member in plan.members:
        for pick in member.picks:
            going.setdefault(pick.id, set()).add(member.name)
    assert len(events) == len(going)
    keynote = next(e for e in events if "planner session rxtnw" in str(e["DESCRIPTION"]))
    assert str(keynote["SUMMARY"]).endswith("(ana, ben, cy)")
    assert str(keynote["DESCRIPTION"]).startswith("Who goes: ana, ben, cy")
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert any(str(e["SUMMARY"]).startswith("Duty: Solutions Showcase") for e in events)


@pytest.mark.parametrize("columns", [80, 120])
def test_show_and_plan_agree_on_who_is_on_duty(runner, cli, team_file: Path, columns: int) -> None:
    from planner.text import display_width

    env = {"COLUMNS": str(columns)}
    saved = runner.invoke(cli, ["team", "plan", str(team_file), "--save", "--json"])
    assert saved.exit_code == 0, saved.output
    planned = {
        m["name"] for m in json.loads(saved.stdout)["members"] for p in m["picks"] if p["kind"] == "duty"
    }
    assert len(planned) == 1
    (holder,) = planned
    shown = runner.invoke(cli, ["team", "show", str(team_file), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert [d["on_duty"] for d in data["duties"]] == [[holder]]
    assert holder in data["duties"][0]["free"] and not data["duties"][0]["clashes"]
    # The holder is at the booth in the merged day, not "free then" for a session during it.
    seats = [s for slot in data["slots"] for s in slot["seats"] if s["priority"] == "duty"]
    assert [(s["member"], s["title"]) for s in seats] == [(holder, "Duty: Solutions Showcase")]
    during = [u for u in data["uncovered"] if u["start"][11:16] < "11:30" and u["end"][11:16] > "10:30"]
    for item in during:
        (reason,) = [w for w in item["why"] if w.startswith(f"{holder}: ")]
        assert "on duty at Solutions Showcase" in reason, item["why"]
    assert during
    # Planned again over the saved agendas, the same member holds it.
    again = runner.invoke(cli, ["team", "plan", str(team_file), "--json"])
    assert {
        m["name"] for m in json.loads(again.stdout)["members"] for p in m["picks"] if p["kind"] == "duty"
    } == {holder}
    # The text says it in words, with no internal duty ID, and fits the terminal.
    text = runner.invoke(cli, ["team", "show", str(team_file)], env=env).stdout
    assert f"on duty: {holder}" in text and f"{holder}  Duty: Solutions Showcase" in text
    plan_text = runner.invoke(cli, ["team", "plan", str(team_file)], env=env).stdout
    for out in (text, plan_text):
        assert "duty-1" not in out
        assert max(display_width(line) for line in out.splitlines()) <= columns


def test_every_plan_line_says_whose_interest_it_serves(runner, cli, team_file: Path) -> None:
    result = runner.invoke(cli, ["team", "plan", str(team_file)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The line under each pick (room · kind ...) names who it is for.
    details = [b for a, b in itertools.pairwise(lines) if a.startswith("  ") and "·" in b]
    assert details and all(" for " in line for line in details), details


def test_team_errors_are_planner_errors() -> None:
    with pytest.raises(TeamError):
        load_team_spec("no-such-team.yaml")


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("together: [no such talk at all]\n", 12, "together: 'no such talk at all'"),
        ("duty:\n  - where: Mars Base\n    from: '10:00'\n    to: '11:00'\n", 13, "duty: where 'Mars Base'"),
    ],
)
def test_unknown_sessions_and_places_name_their_line(
    runner, cli, tmp_path: Path, extra, line, message
) -> None:
    path = write(tmp_path, PLAIN + extra)
    result = runner.invoke(cli, ["team", "plan", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"planner: error: {path}:{line}: {message}")


# -- the day view, in a real browser ----------------------------------------------------

# Run in a child process: the HTML view tests keep a Playwright session open in this one,
# and Playwright's sync API allows one per process.
MEASURE_PAGE = """
import json, sys
from playwright.sync_api import sync_playwright
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=sys.argv[1], args=flags)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(sys.argv[2])
    columns = []
    for column in page.locator(".member").all():
        blocks = [
            {"id": b.get_attribute("data-id"), "class": b.get_attribute("class"), "box": b.bounding_box()}
            for b in column.locator(".pick").all()
        ]
        columns.append({"name": column.get_attribute("data-member"), "box": column.bounding_box(), "blocks": blocks})
    print(json.dumps({"requests": requests, "columns": columns}))
    browser.close()
"""


# A real headless Chromium lays the page out: a browser test.
@pytest.mark.browser
def test_the_day_view_has_a_column_per_member_and_each_pick_in_it(
    runner, cli, team_file: Path, tmp_path: Path
) -> None:
    import os
    import shutil
    import subprocess
    import sys

    wanted = os.environ.get("PLANNER_CHROMIUM", "/usr/bin/chromium")
    chromium = shutil.which(wanted)
    if chromium is None:
        if os.environ.get("PLANNER_REQUIRE_BROWSER"):
            pytest.fail(f"no Chromium at {wanted}, and PLANNER_REQUIRE_BROWSER is set")
        pytest.skip(f"no Chromium at {wanted}")
    output = tmp_path / "team.html"
    result = runner.invoke(cli, ["team", "export", str(team_file), "-o", str(output)])
    assert result.exit_code == 0, result.output
    plan = plan_team(team_file).plan
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE_PAGE, chromium, output.as_uri()],
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    page = json.loads(measured.stdout)
    assert page["requests"] == [output.as_uri()]  # self-contained: nothing else is loaded
    assert [c["name"] for c in page["columns"]] == ["ana", "ben", "cy"]
    for column, member in zip(page["columns"], plan.members, strict=True):
        frame = column["box"]
        assert [b["id"] for b in column["blocks"]] == [p.id for p in member.picks]
        tops = []
        for block in column["blocks"]:
            box = block["box"]
            assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5
            tops.append(box["y"])
        assert tops == sorted(tops)
    classes = [b["class"] for c in page["columns"] for b in c["blocks"]]
    assert classes.count("pick duty") == 1 and classes.count("pick together") == 3


def test_the_team_writer_is_chosen_by_format_or_suffix(runner, cli, team_file: Path, tmp_path: Path) -> None:
    page = tmp_path / "team.page"
    result = runner.invoke(cli, ["team", "export", str(team_file), "-o", str(page), "--format", "team-html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote ") and "picks to" in result.stdout
    text = page.read_text(encoding="utf-8")
    assert (
        text.startswith("<!DOCTYPE html>") and 'data-member="ana"' in text and "walk from duty-" not in text
    )
    unknown = runner.invoke(cli, ["team", "export", str(team_file), "-o", str(page), "--format", "csv"])
    assert unknown.exit_code == 2
    assert "unknown team export format 'csv' (known: team-ics, team-html, team-ics-feed)" in unknown.stderr
