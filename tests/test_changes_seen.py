"""One answer about a changed schedule from `agenda` and `update`, and new sessions heard of.

Through the CLI, with the schedule file replaced in place (as a followed URL is):
``update`` lists the sessions added since the last look (kept in the state
folder, not the agenda), once; ``agenda`` calls a retitled pick retitled, as
``update`` does, and a cancelled pick collides with nothing.
"""

from __future__ import annotations

import json

import pytest

from conftest import block, run, sched_text
from planner.agenda_file import AgendaFile
from test_fetch import site  # noqa: F401 - a real HTTP server on 127.0.0.1

ROOM_A = "Building B | Level 4 | B401-402, Atlanta, GA, USA"
ROOM_B = "Building B | Level 4 | B403-404, Atlanta, GA, USA"


def test_update_lists_the_sessions_new_since_the_last_look_once(runner, cli, tmp_path, write_schedule):
    schedule = write_schedule(
        block("Keep Me", "11:00am EST - 11:30am EST"),
        block("Other Talk", "1:00pm EST - 1:30pm EST"),
        name="conf.txt",
    )
    agenda = tmp_path / "agenda.yaml"
    assert run(runner, cli, "pick", "keep me", "-a", agenda, "-s", schedule).exit_code == 0
    schedule.write_text(
        schedule.read_text(encoding="utf-8") + block("Brand New Talk", "3:00pm EST - 3:30pm EST"),
        encoding="utf-8",
    )

    first = run(runner, cli, "update", "-a", agenda, "--json")
    assert first.exit_code == 1, first.output
    assert [s["title"] for s in json.loads(first.stdout)["new_sessions"]] == ["Brand New Talk"]

    again = run(runner, cli, "update", "-a", agenda, "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["new_sessions"] == []
    # What was seen is planner's own state, not the person's file.
    assert "Brand New Talk" not in agenda.read_text(encoding="utf-8")
    assert AgendaFile(agenda).state.path("seen").exists()


def test_update_text_names_the_new_session(runner, cli, tmp_path, write_schedule):
    schedule = write_schedule(block("Keep Me"), name="conf.txt")
    agenda = tmp_path / "agenda.yaml"
    assert run(runner, cli, "pick", "keep me", "-a", agenda, "-s", schedule).exit_code == 0
    schedule.write_text(
        schedule.read_text(encoding="utf-8") + block("Brand New Talk", "3:00pm EST - 3:30pm EST"),
        encoding="utf-8",
    )
    result = run(runner, cli, "update", "-a", agenda)
    assert result.exit_code == 1
    assert "Brand New Talk" in result.stdout
    assert "cannot be told apart" not in result.output


def test_agenda_and_update_agree_about_a_changed_schedule(runner, cli, tmp_path, write_schedule):
    schedule = write_schedule(
        block("Alpha Talk", "11:00am EST - 11:30am EST", venue=ROOM_A),
        block("Beta Talk", "12:00pm EST - 12:30pm EST", venue=ROOM_B),
        block("Gamma Rays, Explained Simply", "2:00pm EST - 2:30pm EST", venue=ROOM_A),
        name="conf.txt",
    )
    agenda = tmp_path / "agenda.yaml"
    picked = run(runner, cli, "pick", "alpha talk", "beta talk", "gamma rays", "-a", agenda, "-s", schedule)
    assert picked.exit_code == 0, picked.output
    ids = {p.title: p.id for p in AgendaFile(agenda).load().picks}
    # Alpha is cancelled, Beta moves into its slot, Gamma is retitled (a new ID).
    text = schedule.read_text(encoding="utf-8")
    alpha = text.index("Alpha Talk#")
    text = text[:alpha] + text[text.index("Beta Talk#") :]
    text = text.replace("12:00pm EST - 12:30pm EST", "11:00am EST - 11:30am EST")
    text = text.replace("Gamma Rays, Explained Simply#", "Gamma Rays Explained#")
    schedule.write_text(text, encoding="utf-8")

    conflicts = run(runner, cli, "conflicts", "-a", agenda, "--json")
    assert ids["Alpha Talk"] not in conflicts.stdout, conflicts.stdout  # a cancelled pick books nothing
    upcoming = run(runner, cli, "next", "--at", "10:50", "-a", agenda)
    assert "Beta Talk" in upcoming.stdout and "Alpha Talk" not in upcoming.stdout, upcoming.stdout

    shown = run(runner, cli, "conflicts", "-a", agenda)
    gamma = ids["Gamma Rays, Explained Simply"]
    assert "retitled from 'Gamma Rays, Explained Simply'" in shown.stderr
    assert f"pick {gamma}: the schedule no longer has this session" not in shown.stderr
    assert f"pick {ids['Alpha Talk']}: the schedule no longer has this session" in shown.stderr

    report = json.loads(run(runner, cli, "update", "-a", agenda, "--json").stdout)
    status = {p["id"]: p["status"] for p in report["picks"]}
    assert status[gamma] == ["renamed"] and status[ids["Alpha Talk"]] == ["cancelled"]
    assert report["new_conflicts"] == []


@pytest.mark.servers
def test_an_agenda_following_a_url_hears_of_new_sessions(runner, cli, site, tmp_path):  # noqa: F811
    url = f"{site.url}/s.txt"
    site.serve("/s.txt", sched_text(block("Keep Me")), etag='"v1"')
    agenda = tmp_path / "agenda.yaml"
    assert run(runner, cli, "pick", "keep me", "-a", agenda, "-s", url).exit_code == 0
    site.serve(
        "/s.txt", sched_text(block("Keep Me"), block("Late Addition", "4:00pm EST - 4:30pm EST")), etag='"v2"'
    )
    report = run(runner, cli, "update", "-a", agenda, "--json")
    assert report.exit_code == 1, report.output
    assert [s["title"] for s in json.loads(report.stdout)["new_sessions"]] == ["Late Addition"]
    assert run(runner, cli, "update", "-a", agenda).exit_code == 0  # told once
