"""`planner team add`: a team assembled from what teammates send (an agenda file, a share
text, a file holding one). Real files, the real bundled schedule, the real CLI end to end:
the teammate's agenda is made with `planner pick`, the share text with `planner share`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.agenda_file import AgendaFile
from planner.team import plan_team

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "team.yaml"
# Two talks of the bundled day that do not overlap, and one kept as a maybe.
MUSTS = ("8q2qm", "fvrvd")
MAYBE = "22bw3"


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    path = tmp_path / "team" / "team.yaml"
    path.parent.mkdir()
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def sent_agenda(runner, cli, tmp_path: Path) -> Path:
    """A teammate's own agenda, in their own folder (not beside the team file)."""
    agenda = tmp_path / "dana" / "agenda.yaml"
    agenda.parent.mkdir()
    for args in (list(MUSTS), [MAYBE, "--maybe"]):
        result = runner.invoke(cli, ["pick", "--agenda", str(agenda), *args])
        assert result.exit_code == 0, result.output
    return agenda


def picks_of(path: Path) -> dict[str, str]:
    return {p.id: p.priority for p in AgendaFile(path).load().picks}


def test_a_teammates_agenda_file_makes_a_member(runner, cli, team_file: Path, sent_agenda: Path) -> None:
    before = sent_agenda.read_text(encoding="utf-8")
    result = runner.invoke(cli, ["team", "add", str(team_file), "dana", str(sent_agenda)])
    assert result.exit_code == 0, result.output
    assert "Added dana" in result.stdout and "3 picks" in result.stdout
    # Copied beside the team file; their own file is only read.
    assert picks_of(team_file.parent / "dana.yaml") == {**dict.fromkeys(MUSTS, "must"), MAYBE: "maybe"}
    assert sent_agenda.read_text(encoding="utf-8") == before
    # The team file names the new member and keeps its comments.
    text = team_file.read_text(encoding="utf-8")
    assert "  - name: dana\n" in text and "# the opening keynote: everyone goes" in text
    # The plan keeps dana's musts, and nobody else doubles up on them.
    plan = plan_team(team_file).plan
    assert set(MUSTS) <= {p.id for p in plan.member("dana").picks}
    others = {p.id for m in plan.members if m.name != "dana" for p in m.picks}
    assert not set(MUSTS) & others
    # team show lists dana's maybe too.
    shown = json.loads(runner.invoke(cli, ["team", "show", str(team_file), "--json"]).stdout)
    seats = {(s["member"], s["id"], s["priority"]) for slot in shown["slots"] for s in slot["seats"]}
    assert ("dana", MAYBE, "maybe") in seats


@pytest.mark.parametrize("as_file", [False, True])
def test_a_share_text_makes_a_member(
    runner, cli, team_file: Path, sent_agenda: Path, tmp_path: Path, as_file: bool
) -> None:
    share = runner.invoke(cli, ["share", "--agenda", str(sent_agenda)])
    assert share.exit_code == 0, share.output
    text = share.stdout.strip()
    source = text
    if as_file:
        source = str(tmp_path / "eve-share.txt")
        Path(source).write_text(share.stdout, encoding="utf-8")
    result = runner.invoke(cli, ["team", "add", str(team_file), "eve", source, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["joined"] and data["added"] == [*MUSTS, MAYBE] and data["agenda"].endswith("eve.yaml")
    assert picks_of(team_file.parent / "eve.yaml") == {**dict.fromkeys(MUSTS, "must"), MAYBE: "maybe"}
    # Sent again (with one more pick): merged, the member listed once.
    agenda = team_file.parent / "eve.yaml"
    again = runner.invoke(cli, ["team", "add", str(team_file), "EVE", text + ",qtqhf"])
    assert again.exit_code == 0, again.output
    assert "Updated eve: 1 pick" in again.stdout and "(3 already there)" in again.stdout
    assert team_file.read_text(encoding="utf-8").count("name: eve") == 1
    assert list(picks_of(agenda)) == [*MUSTS, MAYBE, "qtqhf"]


def test_picks_the_schedule_lacks_are_skipped_and_named(runner, cli, team_file: Path) -> None:
    share = "planner-share/1 bundled%3Akubecon-na-2025-thursday must:8q2qm,zzzzz"
    result = runner.invoke(cli, ["team", "add", str(team_file), "gus", share])
    assert result.exit_code == 0, result.output
    assert "1 pick not in the team's schedule, skipped: zzzzz" in result.stderr
    assert picks_of(team_file.parent / "gus.yaml") == {"8q2qm": "must"}


BAD = [
    ("dana", "planner-share/1 elsewhere must:nope1,nope2", "none of its 2 picks is in the team's schedule"),
    ("dana", "planner-share/1 elsewhere must:nope1", "its one pick is not in the team's schedule"),
    ("dana", "planner-share/1 x sometimes:8q2qm", "unreadable part"),
    ("../dana", "planner-share/1 x must:8q2qm", "not usable as a name"),
    ("dana", "no-such-file.yaml", "no-such-file.yaml"),
    ("dana", "FILE:version: 1\npicks:\n  - id: 8q2qm\n    priority: sometimes\n", "picks.0.priority"),
    ("dana", "FILE:just some words\n", "agenda"),
]


@pytest.mark.parametrize(("name", "source", "message"), BAD)
def test_what_cannot_be_added_exits_2_and_writes_nothing(
    runner, cli, team_file: Path, tmp_path: Path, name: str, source: str, message: str
) -> None:
    if source.startswith("FILE:"):
        sent = tmp_path / "sent.yaml"
        sent.write_text(source.removeprefix("FILE:"), encoding="utf-8")
        source = str(sent)
    before = team_file.read_text(encoding="utf-8")
    listing = sorted(p.name for p in team_file.parent.iterdir())
    result = runner.invoke(cli, ["team", "add", str(team_file), name, source])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert team_file.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in team_file.parent.iterdir()) == listing
