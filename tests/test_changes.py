"""Schedule changes: `planner update` against the agenda, and `planner diff` of two versions."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import BUNDLED
from planner.agenda_file import AgendaFile

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
ETCD_VENUE = "Venue: Building C | Level 3 | Georgia Ballroom 2, Atlanta, GA, USA"
LONGHORN_VENUE = "Venue: Building C | Level 1 | C111-112, Atlanta, GA, USA"


def edit_block(text: str, title: str, old: str, new: str) -> str:
    """Replace ``old`` with ``new`` inside the block of the session titled ``title``."""
    start = text.index(f"\n{title}#\n") + 1
    end = text.index("#\n", start + len(title) + 2)
    end = text.rindex("\n", start, end) + 1
    block = text[start:end]
    assert old in block, (title, old)
    return text[:start] + block.replace(old, new, 1) + text[end:]


def remove_block(text: str, title: str) -> str:
    start = text.index(f"\n{title}#\n") + 1
    end = text.index("#\n", start + len(title) + 2)
    end = text.rindex("\n", start, end) + 1
    return text[:start] + text[end:]


def second_version(text: str) -> str:
    """The bundled schedule a week later: one of each kind of change."""
    # A moved talk: KEDA from 11:00 to 14:30.
    text = edit_block(
        text,
        "Autoscaling Spring Boot Apps in Kubernetes With KEDA",
        "Time: 11:00am EST - 11:30am EST",
        "Time: 2:30pm EST - 3:00pm EST",
    )
    # A room swap: etcd and Longhorn trade rooms.
    text = edit_block(text, "etcd V3.6 and Beyond + etcd-operator Updates", ETCD_VENUE, "@@ETCD@@")
    text = edit_block(text, "Longhorn: Intro, Deep Dive and Q&A", LONGHORN_VENUE, ETCD_VENUE)
    text = text.replace("@@ETCD@@", LONGHORN_VENUE)
    # A cancellation.
    text = remove_block(text, "GitOps Without Variables")
    # A retitle.
    text = text.replace(
        "SIG API Machinery and AI: What Comes Next?#",
        "SIG API Machinery and AI: What Comes Next for Kubernetes?#",
    )
    # An added session.
    return text.replace(
        "Pet-a-Pup#",
        "Lightning Talks: Five Minutes of Fame#\nTime: 12:30pm EST - 1:00pm EST\n"
        "Venue: Building B | Level 3 | B302-303, Atlanta, GA, USA\nType: CLOUD NATIVE EXPERIENCE\nPet-a-Pup#",
    )


@pytest.fixture
def versions(tmp_path):
    v1 = tmp_path / "v1.txt"
    shutil.copy(BUNDLED, v1)
    v2 = tmp_path / "v2.txt"
    v2.write_text(second_version(v1.read_text(encoding="utf-8")), encoding="utf-8")
    return v1, v2


@pytest.fixture
def agenda(tmp_path, versions, runner, cli):
    """The example agenda, made from v1, with etcd picked too, and exported once."""
    path = tmp_path / "agenda.yaml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "schedule: bundled:kubecon-na-2025-thursday", "schedule: v1.txt"
        ),
        encoding="utf-8",
    )
    assert runner.invoke(cli, ["pick", "etcd", "-a", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["export", "-a", str(path), "--now", "2025-11-01T09:00:00Z"])
    assert result.exit_code == 0, result.output
    return path


def by_id(report):
    return {p["id"]: p for p in report["picks"]}


def test_update_reports_each_kind_of_change(runner, cli, agenda, versions):
    _, v2 = versions
    result = runner.invoke(cli, ["update", str(v2), "-a", str(agenda), "--json"])
    assert result.exit_code == 1  # something changed
    report = json.loads(result.stdout)
    picks = by_id(report)
    assert picks["8q2qm"]["status"] == ["moved"]
    assert picks["8q2qm"]["before"]["start"] == "2025-11-13T11:00:00-05:00"
    assert picks["8q2qm"]["after"]["start"] == "2025-11-13T14:30:00-05:00"
    assert picks["n9db0"]["status"] == ["room_changed"]
    assert (picks["n9db0"]["before"]["room"], picks["n9db0"]["after"]["room"]) == (
        "Georgia Ballroom 2",
        "C111-112",
    )
    assert "min walk from" in picks["n9db0"]["note"]
    assert picks["qtqhf"]["status"] == ["cancelled"] and picks["qtqhf"]["after"] is None
    renamed = picks["m54fx"]
    assert renamed["status"] == ["renamed"] and renamed["matched_by"] == "title"
    assert renamed["after"]["title"] == "SIG API Machinery and AI: What Comes Next for Kubernetes?"
    assert renamed["after"]["id"] != "m54fx"
    unchanged = [p for p in report["picks"] if p["status"] == ["unchanged"]]
    assert len(unchanged) == 11
    assert [s["title"] for s in report["new_sessions"]] == ["Lightning Talks: Five Minutes of Fame"]
    # KEDA now sits at 14:30 against Kubeflow, a must: a new hard overlap.
    new = {(c["kind"], tuple(c["sessions"])) for c in report["new_conflicts"]}
    assert ("overlap", ("8q2qm", "vtpx6")) in new


def test_update_in_words(runner, cli, agenda, versions):
    _, v2 = versions
    out = runner.invoke(cli, ["update", str(v2), "-a", str(agenda)]).stdout
    assert "Thu 11:00–11:30 → Thu 14:30–15:00" in out
    assert "Georgia Ballroom 2 → C111-112, Building C, Level 1" in out
    assert "cancelled" in out and "GitOps Without Variables" in out
    assert "now: SIG API Machinery and AI: What Comes Next for Kubernetes?" in out
    assert "planner update" in out and "--apply" in out


def test_the_apply_hint_is_the_command_to_type(runner, cli, agenda, versions, tmp_path):
    """The hint names the agenda the update was about (without it, --apply would change
    ./agenda.yaml), quoted for the shell, and it does what it says."""
    _, v2 = versions
    spaced = tmp_path / "my agenda.yaml"
    shutil.copy(agenda, spaced)
    out = runner.invoke(cli, ["update", str(v2), "-a", str(spaced)], env={"COLUMNS": "400"}).stdout
    (hint,) = [line for line in out.splitlines() if line.startswith("Take these changes")]
    command = hint.split(": ", 1)[1]
    assert command == f"planner update {v2} --agenda '{spaced}' --apply"
    before = agenda.read_bytes()
    result = runner.invoke(cli, shlex.split(command)[1:])
    assert result.exit_code == 1, result.output  # changes were found, and taken in
    assert "schedule: v2.txt" in spaced.read_text(encoding="utf-8")
    assert agenda.read_bytes() == before


def test_an_agenda_named_with_control_characters_is_named_as_text(runner, cli, agenda, versions, tmp_path):
    """A path (from a glob, a team file) with a terminal escape in it: every line that names
    the agenda, the hint to type included, shows it without its control characters."""
    _, v2 = versions
    odd = tmp_path / "agenda\x1b]0;pwned\x07.yaml"
    shutil.copy(agenda, odd)
    result = runner.invoke(cli, ["update", str(v2), "-a", str(odd)], env={"COLUMNS": "400"})
    assert result.exit_code == 1, result.output
    assert "agenda]0;pwned.yaml" in result.stdout and "Take these changes" in result.stdout
    assert "\x1b" not in result.output and "\x07" not in result.output
    picked = runner.invoke(cli, ["pick", "longhorn", "-a", str(odd)])
    assert "agenda]0;pwned.yaml" in picked.output and "\x1b" not in picked.output


def test_update_does_not_touch_the_agenda_without_apply(runner, cli, agenda, versions):
    before = agenda.read_bytes()
    runner.invoke(cli, ["update", str(versions[1]), "-a", str(agenda)])
    assert agenda.read_bytes() == before


def test_nothing_changed_exits_0(runner, cli, agenda, versions):
    result = runner.invoke(cli, ["update", str(versions[0]), "-a", str(agenda)])
    assert result.exit_code == 0
    assert "Nothing changed for your picks." in result.stdout


def test_apply_follows_the_new_schedule_and_keeps_notes(runner, cli, agenda, versions):
    _, v2 = versions
    result = runner.invoke(cli, ["update", str(v2), "-a", str(agenda), "--apply"])
    assert "Updated 3 picks and removed 1 cancelled pick in" in result.stdout
    saved = AgendaFile(agenda).load()
    assert saved.schedule == "v2.txt"
    picks = {p.id: p for p in saved.picks}
    assert "qtqhf" not in picks
    keda = picks["8q2qm"]
    assert (keda.start.hour, keda.note, keda.priority) == (
        14,
        "our Spring services scale on CPU today; ask about Kafka lag",
        "must",
    )
    assert picks["n9db0"].room == "C111-112"
    assert "m54fx" not in picks
    (retitled,) = [p for p in picks.values() if p.title.startswith("SIG API Machinery")]
    assert retitled.title.endswith("for Kubernetes?")
    text = agenda.read_text(encoding="utf-8")
    assert text.startswith("# My KubeCon + CloudNativeCon NA 2025")  # comments survive
    again = runner.invoke(cli, ["update", str(v2), "-a", str(agenda)])
    assert again.exit_code == 0  # the agenda now matches


def test_export_after_apply_updates_the_calendar_in_place(runner, cli, agenda, versions, tmp_path):
    first = Calendar.from_ical(agenda.with_suffix(".ics").read_bytes())
    first_uids = {str(e["UID"]) for e in first.walk("VEVENT")}
    runner.invoke(cli, ["update", str(versions[1]), "-a", str(agenda), "--apply"])
    result = runner.invoke(
        cli, ["export", "-a", str(agenda), "--now", "2025-11-05T09:00:00Z", "--cancel-dropped"]
    )
    assert result.exit_code == 0, result.output
    events = {
        str(e["UID"]): e for e in Calendar.from_ical(agenda.with_suffix(".ics").read_bytes()).walk("VEVENT")
    }
    assert set(events) == first_uids  # nothing new: the retitled talk kept its UID

    def event(session_id):
        return events[f"{session_id}-kubecon-cloudnativecon-north-america-2025@planner"]

    assert int(event("8q2qm")["SEQUENCE"]) == 1 and event("8q2qm")["DTSTART"].dt.hour == 14
    assert int(event("n9db0")["SEQUENCE"]) == 1 and "C111-112" in str(event("n9db0")["LOCATION"])
    assert str(event("m54fx")["SUMMARY"]).endswith("for Kubernetes?") and int(event("m54fx")["SEQUENCE"]) == 1
    assert str(event("qtqhf")["STATUS"]) == "CANCELLED"
    assert int(event("ymmrs")["SEQUENCE"]) == 0  # an untouched keynote stays as it was


def test_diff_of_two_versions(runner, cli, versions):
    v1, v2 = versions
    result = runner.invoke(cli, ["diff", str(v1), str(v2), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    changed = {c["before"]["title"]: c["status"] for c in report["changed"]}
    assert changed == {
        "Autoscaling Spring Boot Apps in Kubernetes With KEDA": ["moved"],
        "etcd V3.6 and Beyond + etcd-operator Updates": ["room_changed"],
        "Longhorn: Intro, Deep Dive and Q&A": ["room_changed"],
        "SIG API Machinery and AI: What Comes Next?": ["renamed"],
    }
    assert [c["before"]["title"] for c in report["removed"]] == ["GitOps Without Variables"]
    assert [s["title"] for s in report["added"]] == ["Lightning Talks: Five Minutes of Fame"]
    assert report["unchanged"] == 99 - 5
    human = runner.invoke(cli, ["diff", str(v1), str(v2)]).stdout
    assert "4 changed, 1 removed, 1 added, 94 unchanged" in human


def test_a_long_title_in_a_change_goes_on_under_itself(runner, cli, versions, tmp_path):
    # Living a day at PyCon US 2025: "cancelled  25vmc  Design Pressure: … Shapes Your" then
    # "    Code" under the label, where the lines after it start under the title.
    v1, _ = versions
    title = "Keynote: Beyond Operations: Scaling Platform Engineering in the CNCF Community"
    assert f"\n{title}#\n" in v1.read_text(encoding="utf-8")
    v2 = tmp_path / "v3.txt"
    v2.write_text(remove_block(v1.read_text(encoding="utf-8"), title), encoding="utf-8")
    result = runner.invoke(cli, ["diff", str(v1), str(v2)], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("  cancelled")]
    column = lines[at].index("Keynote")
    assert lines[at + 1].startswith(" " * column) and not lines[at + 1].startswith(" " * (column + 1))
    assert all(len(line) <= 80 for line in lines[at : at + 2])


def test_diff_of_identical_schedules(runner, cli, versions):
    result = runner.invoke(cli, ["diff", str(versions[0]), str(versions[0])])
    assert result.exit_code == 0
    assert "0 changed, 0 removed, 0 added, 99 unchanged" in result.stdout


def test_a_retitle_that_also_moves_is_still_found_by_its_room(runner, cli, versions, tmp_path):
    v1, _ = versions
    text = v1.read_text(encoding="utf-8")
    text = edit_block(
        text,
        "Spark on Kubernetes, a Practical Guide",
        "Time: 11:00am EST - 11:30am EST",
        "Time: 3:15pm EST - 3:45pm EST",
    )
    text = text.replace(
        "Spark on Kubernetes, a Practical Guide#", "Apache Spark on Kubernetes: A Practical Guide#"
    )
    v3 = tmp_path / "v3.txt"
    v3.write_text(text, encoding="utf-8")
    report = json.loads(runner.invoke(cli, ["diff", str(v1), str(v3), "--json"]).stdout)
    (change,) = report["changed"]
    assert change["status"] == ["moved", "renamed"]
    assert report["removed"] == [] and report["added"] == []


@pytest.mark.parametrize(
    ("gone", "alike"),
    [
        # The same room hours later, a title 0.70-0.73 alike (difflib's ratio).
        ("Longhorn: Intro, Deep Dive and Q&A", "Prometheus Intro, Deep Dive, and Open Q+A"),
        ("Keynote: Closing Remarks", "Keynote: Welcome Back + Opening Remarks"),
    ],
)
def test_a_cancelled_pick_is_not_taken_for_a_talk_alike_in_its_room(runner, cli, tmp_path, gone, alike):
    schedule = tmp_path / "s.txt"
    shutil.copy(BUNDLED, schedule)
    agenda = tmp_path / "a.yaml"
    assert runner.invoke(cli, ["pick", "-s", str(schedule), "-a", str(agenda), gone]).exit_code == 0
    schedule.write_text(remove_block(schedule.read_text(encoding="utf-8"), gone), encoding="utf-8")
    report = json.loads(runner.invoke(cli, ["update", "-a", str(agenda), "--json"]).stdout)
    (pick,) = report["picks"]
    assert pick["status"] == ["cancelled"], pick
    shown = runner.invoke(cli, ["agenda", "-a", str(agenda)])
    assert alike not in shown.stdout and "(no longer in the schedule)" in shown.stdout


def test_update_with_an_unreadable_new_schedule(runner, cli, agenda, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a schedule\n", encoding="utf-8")
    result = runner.invoke(cli, ["update", str(bad), "-a", str(agenda)])
    assert result.exit_code == 2
    assert "is not a schedule planner can read" in result.stderr
