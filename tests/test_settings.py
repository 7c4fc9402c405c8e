"""The environment is read in one place, at each call, and the facade follows it."""

from __future__ import annotations

import re
import shutil

from planner.planning import Planner
from planner.settings import Settings, from_environment
from planner.venue import bundled_venue_path


def test_settings_from_a_mapping():
    env = {
        "PLANNER_AGENDA": "a.yaml",
        "PLANNER_SCHEDULE": "",
        "PLANNER_VENUE": "v.yaml",
        "PLANNER_DEBUG": "1",
    }
    assert from_environment(env) == Settings(agenda="a.yaml", venue="v.yaml", debug=True)
    assert from_environment({}) == Settings(has_display=from_environment({}).has_display)


def test_every_variable_planner_reads_is_in_the_settings():
    env = {
        "PLANNER_FETCH_TIMEOUT": "2.5",
        "PLANNER_CALDAV_USERNAME": "ana",
        "PLANNER_CALDAV_PASSWORD": "s3cret",
        "NETRC": "/tmp/my-netrc",
        "COLORFGBG": "0;15",
        "DISPLAY": ":0",
    }
    settings = from_environment(env)
    assert settings.fetch_timeout_seconds() == 2.5
    assert (settings.caldav_username, settings.caldav_password) == ("ana", "s3cret")
    assert settings.netrc == "/tmp/my-netrc"
    assert settings.light_terminal and not from_environment({"COLORFGBG": "15;0"}).light_terminal
    assert settings.has_display
    # A password never shows in a repr (a log line, a traceback's locals).
    assert "s3cret" not in repr(settings)


def test_the_facade_reads_the_environment_when_called(tmp_path, monkeypatch):
    venue = tmp_path / "my-venue.yaml"
    shutil.copy(bundled_venue_path("gwcc"), venue)
    text = venue.read_text(encoding="utf-8")
    venue.write_text(re.sub(r"(?m)^name: .*$", "name: Mine", text, count=1), encoding="utf-8")
    monkeypatch.setenv("PLANNER_AGENDA", str(tmp_path / "from-env.yaml"))
    monkeypatch.setenv("PLANNER_VENUE", str(venue))
    planner = Planner.open()
    assert planner.file.path == tmp_path / "from-env.yaml"
    assert planner.venue.name == "Mine"
    monkeypatch.delenv("PLANNER_VENUE")
    assert Planner.open().venue.name != "Mine"


def test_the_facade_takes_the_schedule_from_the_environment_like_the_cli(
    tmp_path, monkeypatch, write_schedule
):
    from conftest import block

    path = write_schedule(block("Only Talk"))
    monkeypatch.setenv("PLANNER_SCHEDULE", str(path))
    assert [s.title for s in Planner.open(tmp_path / "a.yaml").schedule.sessions] == ["Only Talk"]
