"""`planner suggest`: scoring, the exact solver against brute force, and the command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import block, examples
from planner.agenda_file import AgendaFile
from planner.conflicts import Item, find_conflicts, is_drop_in_type, overlaps
from planner.errors import PlannerError
from planner.models import Location, Session, Speaker
from planner.planning import Planner
from planner.suggest import (
    Candidate,
    Preferences,
    Scorer,
    parse_weighted,
    parse_window,
    solve,
    stem,
)
from planner.venue import load_venue

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
EST = dt.timezone(dt.timedelta(hours=-5))
DAY = dt.datetime(2025, 11, 13, 9, 0, tzinfo=EST)
INTERESTS = ["--interest", "gitops:3, security:2, ebpf", "--track", "MAINTAINER TRACK:1"]


def session(title="A Talk", description=None, speakers=(), type_=None, start=0, minutes=30, room="B401-402"):
    return Session(
        id=title.lower().replace(" ", "")[:5],
        title=title,
        start=DAY + dt.timedelta(minutes=start),
        end=DAY + dt.timedelta(minutes=start + minutes),
        speakers=tuple(Speaker(name=n, affiliation=a) for n, a in speakers),
        location=Location(room=room),
        type=type_,
        description=description,
    )


def run_json(runner, cli, *args):
    result = runner.invoke(cli, ["suggest", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def items_of(picks, schedule, venue, drop_in_types=()) -> list[Item]:
    """The suggested picks as conflicts.py sees must picks of an agenda."""
    out = []
    for pick in picks:
        s = schedule.get(pick["id"])
        out.append(
            Item(
                s.id, s.start, s.end, venue.place_of(s.location), True, is_drop_in_type(s.type, drop_in_types)
            )
        )
    return out


# -- scoring -------------------------------------------------------------------------


def test_weights_parse_with_a_default_of_one():
    assert [(w.text, w.weight) for w in parse_weighted(["gitops:3, security:2", "ebpf", "ai:-1"])] == [
        ("gitops", 3),
        ("security", 2),
        ("ebpf", 1),
        ("ai", -1),
    ]
    assert [(w.text, w.weight) for w in parse_weighted("gitops:1, GitOps:4")] == [("GitOps", 4)]


@pytest.mark.parametrize("text", ["gitops:x", "gitops:2.5", ":3", "  , ?? "])
def test_bad_weights_are_input_errors(text):
    with pytest.raises(PlannerError):
        Preferences.parse(interests=text) if "??" not in text else parse_weighted("??")


def test_lunch_window_parses_and_must_be_forward():
    assert parse_window("noon-1pm") == (dt.time(12), dt.time(13))
    with pytest.raises(PlannerError):
        parse_window("13:00-12:15")
    with pytest.raises(PlannerError):
        parse_window("12:15")


@pytest.mark.parametrize(
    "a, b",
    [("scale", "scaling"), ("scales", "scaled"), ("policy", "policies"), ("pods", "pod"), ("run", "running")],
)
def test_light_stemming_joins_word_forms(a, b):
    assert stem(a) == stem(b)


def test_title_counts_three_speakers_two_description_one():
    talk = session(
        "GitOps at Scale",
        description="We do GitOps. gitops, GITOPS!",
        speakers=[("Ana GitOps", "GitOps Inc")],
    )
    score = Scorer(Preferences.parse(interests="gitops:2")).score(talk)
    assert [(str(r), r.points) for r in score.reasons] == [
        ("gitops (x2) in title (+6)", 6),
        ("gitops (x2) in speakers (+4)", 4),
        ("gitops (x2) in description (+2)", 2),
    ]
    assert score.points == 12  # each field once, however often the term occurs


@pytest.mark.parametrize(
    "interest, title, matches",
    [
        ("ebpf", "CICD Pipeline for eBPF Programs", True),
        ("EBPF", "cicd pipeline for ebpf programs", True),
        ("kaldstrom", "Talk by Lucas Käldström", True),
        ("käldström", "Talk by Lucas Kaldstrom", True),
        ("kube", "Kubernetes Everywhere", False),  # whole words, not prefixes
        ("ai", "Maintainer Track", False),
        ("pipelines", "A Pipeline Story", True),
        ("scaling", "Scale to Zero", True),
        ("in-place", "In-Place Pod Resize", True),
        ("pod resize", "In-Place Pod Resize", True),
        ("resize pod", "In-Place Pod Resize", False),  # words in order
    ],
)
def test_matching_is_whole_words_ignoring_case_accents_and_word_forms(interest, title, matches):
    score = Scorer(Preferences.parse(interests=interest)).score(session(title))
    assert (score.points == 3) is matches


def test_tracks_and_speakers_add_their_weight_once(schedule):
    scorer = Scorer(Preferences.parse(tracks="maintainer track:1", speakers="Stefan Prodan:5"))
    flux = schedule.find("ai-assisted gitops with flux mcp server")
    assert [str(r) for r in scorer.score(flux).reasons] == ["speaker Stefan Prodan (+5)"]
    etcd = schedule.find("etcd v3.6")
    assert [str(r) for r in scorer.score(etcd).reasons] == ["track MAINTAINER TRACK (+1)"]


def test_avoid_matches_types_by_whole_words():
    prefs = Preferences.parse(avoid=["solutions showcase", "AI"])
    assert prefs.avoids(session(type_="SOLUTIONS SHOWCASE"))
    assert prefs.avoids(session(type_="AI + ML"))
    assert not prefs.avoids(session(type_="MAINTAINER TRACK"))
    assert not prefs.avoids(session(type_=None))


# -- the solver against brute force -----------------------------------------------


def _rooms():
    from planner import load_schedule

    gwcc = load_venue()
    return sorted({gwcc.place_of(s.location) for s in load_schedule().sessions}, key=lambda loc: loc.long)


ROOMS = _rooms()

random_candidates = st.lists(
    st.tuples(
        st.integers(0, 30),  # start, in 5-minute steps
        st.integers(1, 9),  # duration, in 5-minute steps
        st.integers(0, len(ROOMS) - 1),
        st.integers(-3, 8),  # score: small, so ties are common
        st.integers(0, 7),  # a must one time in eight
    ),
    max_size=10,
)


def build(specs) -> list[Candidate]:
    return [
        Candidate(
            Item(
                f"s{i:02d}",
                DAY + dt.timedelta(minutes=5 * start),
                DAY + dt.timedelta(minutes=5 * (start + n)),
                ROOMS[room],
            ),
            score,
            must == 0,
        )
        for i, (start, n, room, score, must) in enumerate(specs)
    ]


def feasible(chosen: list[Candidate], venue, buffer: int) -> bool:
    """By conflicts.py itself: nothing at all, except musts the user chose being tight."""
    musts = {c.item.id for c in chosen if c.must}
    return all(
        c.kind == "tight" and set(c.ids) <= musts
        for c in find_conflicts([c.item for c in chosen], venue, buffer)
    )


def brute_force(candidates: list[Candidate], venue, buffer: int) -> list[Candidate]:
    """Every feasible subset; the best (musts, score, picks), then the smallest (start, ID) sequence."""
    ordered = sorted(candidates, key=lambda c: (c.item.start, c.item.id))
    best_key, best = None, []
    for size in range(len(ordered) + 1):
        for subset in combinations(ordered, size):
            if any(overlaps(a.item, b.item) for a, b in combinations(subset, 2)):
                continue
            if not feasible(list(subset), venue, buffer):
                continue
            value = (sum(c.must for c in subset), sum(c.score for c in subset), len(subset))
            sequence = [(c.item.start, c.item.id) for c in subset]
            if best_key is None or value > best_key[0] or (value == best_key[0] and sequence < best_key[1]):
                best_key, best = (value, sequence), list(subset)
    return best


@settings(max_examples=examples(400), deadline=None)
@given(random_candidates, st.integers(0, 5), st.sampled_from([1.0, 1.3]), st.randoms(use_true_random=False))
def test_solver_matches_brute_force(specs, buffer, pace, shuffle):
    venue = load_venue().at_pace(pace)
    candidates = build(specs)
    expected = brute_force(candidates, venue, buffer)
    shuffled = list(candidates)
    shuffle.shuffle(shuffled)
    got = list(solve(shuffled, venue, buffer))
    assert feasible(got, venue, buffer)
    # The same total, and the same agenda: ties break the documented way, whatever the input order.
    assert [c.item.id for c in got] == [c.item.id for c in expected]
    assert sum(c.score for c in got) == sum(c.score for c in expected)


@settings(max_examples=examples(200), deadline=None)
@given(random_candidates, st.integers(0, 5))
def test_musts_that_fit_together_are_always_kept(specs, buffer):
    venue = load_venue()
    candidates = build(specs)
    musts = [c for c in candidates if c.must]
    got = {c.item.id for c in solve(candidates, venue, buffer)}
    if feasible(musts, venue, buffer) and not any(
        overlaps(a.item, b.item) for a, b in combinations(musts, 2)
    ):
        assert {c.item.id for c in musts} <= got


def test_solver_walks_rather_than_runs(venue):
    # 11:00 in B4; at 11:35 a better talk in C3 (too far in 5 min) and a lesser one next door.
    b401 = Location(building="B", level="4", room="B401-402")
    b405 = Location(building="B", level="4", room="B405-406a")
    georgia = Location(building="C", level="3", room="Georgia Ballroom 2")
    at = lambda m: DAY + dt.timedelta(minutes=m)  # noqa: E731
    first = Candidate(Item("first", at(120), at(150), b401), 1)
    far = Candidate(Item("far", at(155), at(185), georgia), 10)
    near = Candidate(Item("near", at(155), at(185), b405), 2)
    assert [c.item.id for c in solve([first, far, near], venue, 2)] == ["far"]  # 10 > 1 + 2
    far = Candidate(Item("far", at(155), at(185), georgia), 2)
    assert [c.item.id for c in solve([first, far, near], venue, 2)] == ["first", "near"]


def test_a_must_never_loses_to_a_higher_score(venue):
    at = lambda m: DAY + dt.timedelta(minutes=m)  # noqa: E731
    must = Candidate(Item("must", at(0), at(30), ROOMS[0]), -5, must=True)
    rival = Candidate(Item("rival", at(0), at(30), ROOMS[1]), 100)
    assert [c.item.id for c in solve([rival, must], venue, 2)] == ["must"]


def test_solver_rejects_duplicate_ids_and_empty_items(venue):
    item = Item("x", DAY, DAY + dt.timedelta(minutes=30), ROOMS[0])
    with pytest.raises(ValueError):
        solve([Candidate(item), Candidate(item)], venue, 2)
    with pytest.raises(ValueError):
        solve([Candidate(Item("y", DAY, DAY, ROOMS[0]))], venue, 2)


# -- on the bundled schedule ---------------------------------------------------------


def greedy(planner: Planner, preferences: Preferences) -> int:
    """Repeatedly take the best-scoring session that adds no conflict; its total score."""
    scorer = Scorer(preferences)
    drop_in = planner.drop_in_types()
    pool = [
        s
        for s in planner.schedule.sessions
        if not is_drop_in_type(s.type, drop_in) and not preferences.avoids(s)
    ]
    pool.sort(key=lambda s: (-scorer.score(s).points, s.start, s.id))
    chosen: list[Item] = []
    total = 0
    for s in pool:
        item = Item(s.id, s.start, s.end, planner.venue.place_of(s.location))
        if not find_conflicts([*chosen, item], planner.venue, planner.buffer_minutes()):
            chosen.append(item)
            total += scorer.score(s).points
    return total


@pytest.mark.parametrize(
    "interests, tracks, speakers",
    [
        ("gitops:3, security:2, ebpf", "MAINTAINER TRACK:1", "Stefan Prodan:5"),
        ("ai:2, inference:3, llm", "", ""),
        ("storage, data:2, database:3, backup", "DATA PROCESSING + STORAGE:2", ""),
        ("platform:2, backstage:4, developer", "", ""),
        ("observability:3, prometheus:4, tracing:2, monitoring", "", "David Ashpole:3"),
        ("kubernetes, scheduling:3, dra:4, gpu:3", "", ""),
    ],
)
def test_greedy_never_beats_the_solver(tmp_path, interests, tracks, speakers):
    planner = Planner.open(tmp_path / "agenda.yaml")
    preferences = Preferences.parse(interests=interests, tracks=tracks, speakers=speakers)
    suggestion = planner.suggest(preferences)
    assert suggestion.total_score >= greedy(planner, preferences)


def test_a_handful_of_interests_gives_a_full_conflict_free_day(runner, cli, tmp_path, schedule):
    agenda = tmp_path / "agenda.yaml"
    data = run_json(runner, cli, *INTERESTS, "--like-speaker", "Stefan Prodan:5", "-a", str(agenda))
    assert set(data) == {"total_score", "picks"}
    assert all(set(p) == {"id", "day", "start", "end", "score", "reasons"} for p in data["picks"])
    assert {p["day"] for p in data["picks"]} == {"2025-11-13"}
    assert data["total_score"] == sum(p["score"] for p in data["picks"]) > 0
    venue = load_venue()
    items = items_of(data["picks"], schedule, venue)
    assert find_conflicts(items, venue, 2) == []
    # A full day: something at every talk slot of the day, and in the keynotes.
    for clock in ("09:10", "11:15", "12:00", "14:00", "14:45", "15:30"):
        moment = dt.datetime.combine(DAY.date(), dt.time.fromisoformat(clock), tzinfo=EST)
        assert any(i.start <= moment < i.end for i in items), clock
    # Each pick that scored says why, and the reasons add up.
    for pick in data["picks"]:
        if pick["score"] == 0:  # a talk that fills a free slot says so, as the text output does
            assert pick["reasons"] == ["nothing matched; fills a free slot"]
            continue
        points = sum(int(r.rsplit("(", 1)[1].rstrip(")")) for r in pick["reasons"])
        assert points == pick["score"]
    assert "gitops (x3) in title (+9)" in {r for p in data["picks"] for r in p["reasons"]}
    assert not agenda.exists()  # nothing saved without --save


def test_suggest_is_deterministic(runner, cli, tmp_path):
    args = [*INTERESTS, "-a", str(tmp_path / "a.yaml")]
    assert run_json(runner, cli, *args) == run_json(runner, cli, *args)


def test_drop_ins_only_when_asked_and_avoid_leaves_types_out(runner, cli, tmp_path, schedule):
    agenda = ["-a", str(tmp_path / "a.yaml")]
    drop_ins = Planner.drop_in_types()
    plain = run_json(runner, cli, *INTERESTS, *agenda)
    assert not any(is_drop_in_type(schedule.get(p["id"]).type, drop_ins) for p in plain["picks"])
    avoided = run_json(runner, cli, *INTERESTS, *agenda, "--avoid", "maintainer track, keynote sessions")
    types = {schedule.get(p["id"]).type for p in avoided["picks"]}
    assert types and not types & {"MAINTAINER TRACK", "KEYNOTE SESSIONS"}
    lounging = run_json(runner, cli, "--interest", "learning lounge:5", *agenda, "--include-drop-ins")
    assert any(is_drop_in_type(schedule.get(p["id"]).type, drop_ins) for p in lounging["picks"])


def test_no_fill_keeps_only_what_scores(runner, cli, tmp_path):
    data = run_json(runner, cli, "--interest", "gitops", "--no-fill", "-a", str(tmp_path / "a.yaml"))
    assert data["picks"] and all(p["score"] > 0 for p in data["picks"])


def test_lunch_window_is_kept_free(runner, cli, tmp_path, schedule):
    data = run_json(runner, cli, *INTERESTS, "--lunch", "11:40-12:30", "-a", str(tmp_path / "a.yaml"))
    lunch = (DAY.replace(hour=11, minute=40), DAY.replace(hour=12, minute=30))
    for pick in data["picks"]:
        s = schedule.get(pick["id"])
        assert not (s.start < lunch[1] and lunch[0] < s.end), pick["id"]


def test_conflicting_musts_are_an_error_that_names_them(runner, cli, tmp_path):
    result = runner.invoke(
        cli, ["suggest", "--must", "fvrvd", "--must", "qtqhf", "-a", str(tmp_path / "a.yaml")]
    )
    assert result.exit_code == 2
    assert "fvrvd" in result.stderr and "qtqhf" in result.stderr and "overlap by 30 min" in result.stderr
    example = runner.invoke(cli, ["suggest", *INTERESTS, "-a", str(EXAMPLE)])
    assert example.exit_code == 2
    assert "8q2qm" in example.stderr and "m54fx" in example.stderr  # unreachable at a pace of 1.2
    assert "17 min walk in a 15 min gap" in example.stderr


def test_agenda_and_command_line_musts_are_both_kept(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    assert runner.invoke(cli, ["pick", "n9db0", "-a", str(agenda)]).exit_code == 0  # etcd, 11:00
    data = run_json(runner, cli, *INTERESTS, "--must", "evicted", "-a", str(agenda))
    ids = [p["id"] for p in data["picks"]]
    assert "n9db0" in ids and "1s3st" in ids


def test_a_maybe_pick_is_an_ordinary_candidate(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    runner.invoke(cli, ["pick", "8q2qm", "--maybe", "-a", str(agenda)])  # KEDA, scores nothing here
    data = run_json(runner, cli, "--interest", "gitops:3", "-a", str(agenda))
    assert "8q2qm" not in [p["id"] for p in data["picks"]]
    data = run_json(runner, cli, "--interest", "keda:3", "-a", str(agenda))
    assert "8q2qm" in [p["id"] for p in data["picks"]]


def test_human_output_shows_reasons_walks_and_the_total(runner, cli, tmp_path):
    result = runner.invoke(
        cli, ["suggest", *INTERESTS, "--like-speaker", "Stefan Prodan:5", "-a", str(tmp_path / "a.yaml")]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "gitops (x3) in title (+9)" in out
    assert "track MAINTAINER TRACK (+1)" in out or "speaker Stefan Prodan (+5)" in out
    assert "min walk to Building" in out and "same room" in out
    assert "no conflicts" in out and "Add --save" in out


def test_save_writes_the_day_into_the_agenda_without_conflicts(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    runner.invoke(cli, ["pick", "a1w8r", "--maybe", "-a", str(agenda)])
    result = runner.invoke(cli, ["suggest", *INTERESTS, "--must", "keda", "--save", "-a", str(agenda)])
    assert result.exit_code == 0, result.output
    assert "Saved" in result.stdout
    suggested = run_json(runner, cli, *INTERESTS, "--must", "keda", "-a", str(agenda))
    picks = AgendaFile(agenda).load().picks
    assert sorted(p.id for p in picks) == sorted(p["id"] for p in suggested["picks"])
    assert all(p.must for p in picks)  # the maybe it chose became a must
    check = runner.invoke(cli, ["conflicts", "-a", str(agenda)])
    assert check.exit_code == 0 and "No conflicts." in check.stdout
    again = runner.invoke(cli, ["suggest", *INTERESTS, "--must", "keda", "--save", "-a", str(agenda)])
    assert "Saved 0 new picks" in again.stdout


def test_a_day_of_a_multi_day_schedule(runner, cli, write_schedule, tmp_path):
    path = write_schedule(
        block(title="GitOps One", time="11:00am EST - 11:30am EST"),
        block(
            title="Other One",
            time="11:00am EST - 11:30am EST",
            venue="Building C | Level 1 | C111-112, Atlanta, GA, USA",
        ),
        "Friday, November 14, 2025#\n",
        block(title="GitOps Two", time="11:00am EST - 11:30am EST"),
    )
    base = ["-s", str(path), "-a", str(tmp_path / "a.yaml"), "--interest", "gitops"]
    both = run_json(runner, cli, *base)
    assert [p["start"][:10] for p in both["picks"]] == ["2025-11-13", "2025-11-14"]
    friday = run_json(runner, cli, *base, "--day", "friday")
    assert [p["start"][:10] for p in friday["picks"]] == ["2025-11-14"]
    bad = runner.invoke(cli, ["suggest", *base, "--day", "someday"])
    assert bad.exit_code == 2


def test_library_suggestion_matches_the_command(tmp_path, schedule):
    planner = Planner.open(tmp_path / "agenda.yaml")
    suggestion = planner.suggest(Preferences.parse(interests="ebpf:2, gitops"))
    venue = planner.venue
    items = [Item(p.id, p.item.start, p.item.end, p.item.location) for p in suggestion.picks]
    assert find_conflicts(items, venue, 2) == []
    assert suggestion.to_json()["total_score"] == suggestion.total_score
    # Same answer whatever order the schedule lists its sessions in.
    shuffled = list(schedule.sessions)
    random.Random(7).shuffle(shuffled)
    planner.schedule = dataclasses.replace(schedule, sessions=tuple(shuffled))
    again = planner.suggest(Preferences.parse(interests="ebpf:2, gitops"))
    assert [p.id for p in again.picks] == [p.id for p in suggestion.picks]


def test_a_day_with_drop_ins_saved_has_no_conflict_of_any_kind(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    args = ["--interest", "learning lounge:5, gitops:3, coffee:2, lunch:2", "--include-drop-ins"]
    result = runner.invoke(cli, ["suggest", *args, "--save", "-a", str(agenda)])
    assert result.exit_code == 0, result.output
    day = Planner.open(agenda).plan()
    assert sum(e.item.drop_in for e in day.entries) >= 2  # coffee, lunch, a lounge talk...
    assert day.conflicts == ()  # not even soft: drop-ins are planned like talks here
