"""planner later --recordings: media.ccc.de's recording links by guid, from a local server
standing in for https://api.media.ccc.de/public/events/<guid> (never the internet)."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from conftest import run

C3VOC = Path(__file__).parent / "data" / "corpus" / "c3voc-hub-schedule2.json"
LOST_GUID = "b1740c2f-0c44-5f1b-89ed-456a9eecf0b8"  # y3snn, moved beside the opening (cv30b)
FRONTEND = "https://media.ccc.de/v/38c3-a-competitive-time-trial-ai-for-need-for-speed"
# The shape of a media.ccc.de answer (fields as its public API gives them; values made up).
ANSWER = {
    "guid": LOST_GUID,
    "title": "A Competitive Time-Trial AI for Need for Speed: Most Wanted Using Deep Reinforcement Learning",
    "slug": "38c3-a-competitive-time-trial-ai-for-need-for-speed",
    "link": "https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/TPGRNN/",
    "original_language": "eng",
    "persons": ["Sebastian"],
    "length": 2400,
    "date": "2024-12-28T00:15:00.000+01:00",
    "release_date": "2024-12-28",
    "frontend_link": FRONTEND,
    "url": f"https://api.media.ccc.de/public/events/{LOST_GUID}",
    "conference_title": "38C3: Illegal Instructions",
    "conference_url": "https://api.media.ccc.de/public/conferences/38c3",
    "recordings": [
        {
            "size": 512,
            "length": 2400,
            "mime_type": "video/mp4",
            "language": "eng",
            "filename": "38c3-nfs-eng-A_Competitive_Time-Trial_AI_hd.mp4",
            "state": "new",
            "folder": "h264-hd",
            "high_quality": True,
            "width": 1920,
            "height": 1080,
            "recording_url": "https://cdn.media.ccc.de/congress/2024/h264-hd/38c3-nfs-eng_hd.mp4",
            "url": "https://api.media.ccc.de/public/recordings/12345",
        }
    ],
}


class Api:
    def __init__(self, answers: dict[str, bytes]) -> None:
        self.answers, self.asked = answers, []
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                api.asked.append(self.path)
                body = api.answers.get(self.path.rsplit("/", 1)[-1])
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/public/events/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def api(monkeypatch, tmp_path):
    served = Api({LOST_GUID: json.dumps(ANSWER).encode()})
    monkeypatch.setenv("PLANNER_MEDIA_CCC_API", served.base)
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture
def agenda(runner, cli, tmp_path) -> Path:
    """The 38C3 excerpt with its late-night talk moved beside the opening, picked as a maybe."""
    data = json.loads(C3VOC.read_text())
    late = next(e for e in data["schedule"]["events"] if e["guid"] == LOST_GUID)
    late["start"], late["end"] = "2024-12-27T10:30:00+01:00", "2024-12-27T11:00:00+01:00"
    schedule = tmp_path / "38c3.json"
    schedule.write_text(json.dumps(data))
    path = tmp_path / "agenda.yaml"
    assert run(runner, cli, "pick", "cv30b", "--schedule", schedule, "--agenda", path).exit_code in (0, 1)
    maybe = run(runner, cli, "pick", "y3snn", "--maybe", "--schedule", schedule, "--agenda", path)
    assert maybe.exit_code in (0, 1)
    return path


def later(runner, cli, agenda: Path, *options: str) -> dict[str, dict]:
    result = run(runner, cli, "later", "--json", "--agenda", agenda, *options)
    assert result.exit_code == 0, result.output
    return {t["id"]: t for t in json.loads(result.stdout)}


def test_recordings_are_asked_for_only_when_asked(runner, cli, api, agenda) -> None:
    listed = later(runner, cli, agenda)
    assert listed["y3snn"]["recording_url"] is None and not api.asked


def test_the_recording_link_comes_from_media_ccc_by_guid_once_then_from_the_cache(
    runner, cli, api, agenda
) -> None:
    listed = later(runner, cli, agenda, "--recordings")
    assert listed["y3snn"]["recording_url"] == FRONTEND
    assert api.asked == [f"/public/events/{LOST_GUID}"]
    text = run(runner, cli, "later", "--recordings", "--agenda", agenda).output
    assert f"recording: {FRONTEND}" in text and "(recorded)" in text
    assert len(api.asked) == 1  # the second time, the cache answered


def test_a_talk_media_ccc_does_not_know_stays_unknown(runner, cli, api, agenda) -> None:
    api.answers.clear()
    listed = later(runner, cli, agenda, "--recordings")
    assert listed["y3snn"]["recording_url"] is None and listed["y3snn"]["recorded"] is None
    assert len(api.asked) == 1


def test_the_api_address_is_media_ccc_or_a_loopback_test_server(runner, cli, agenda, monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_MEDIA_CCC_API", "https://elsewhere.example/public/events/")
    result = run(runner, cli, "later", "--recordings", "--agenda", agenda)
    assert result.exit_code == 2
    assert "PLANNER_MEDIA_CCC_API must be a loopback" in result.output


def test_no_more_requests_than_the_limit(api, agenda) -> None:
    from planner.later import watch_later
    from planner.media_ccc import with_found_recordings
    from planner.planning import Planner

    planner = Planner.open(agenda=agenda)
    found = with_found_recordings(watch_later(planner), limit=0)
    assert found.requests == 0 and not api.asked and "about 0 talks" in (found.notice or "")
